//! A workbook's answer sheet as a [`Table`], read in bounded memory: the archive's
//! parts and shared strings checked against the budgets before anything is held, the
//! first visible worksheet streamed cell by cell, numbers as the cell shows them.

use std::collections::{BTreeMap, HashSet};

use crate::read::table::{Table, letters};
use crate::text::number::DecimalMark;
use crate::text::problem::{Problem, ProblemKind};

/// The sheet of a workbook that holds the answers, as a table of text cells: the first
/// visible worksheet (a hidden one before it is named in [`Table::hidden`]). Read in
/// bounded memory whatever the file claims: the archive's declared part sizes and the
/// shared-string count are checked against `limits` before the workbook is opened, and
/// the sheet is streamed cell by cell into rows as wide as its header — a cell far to
/// the right (`XFD1048576`) is a stray cell of its row, not a column of millions.
pub(crate) fn workbook_table(bytes: &[u8], limits: &crate::Limits) -> Result<Table, Problem> {
    keyed_workbook_table(bytes, limits, "agency_id")
}

/// [`workbook_table`] whose header is the first of the first eleven rows with a cell
/// `key` (`agency_id` for submissions, `id` for a roster), when the first row has none:
/// the rows above are titles.
pub(crate) fn keyed_workbook_table(
    bytes: &[u8],
    limits: &crate::Limits,
    key: &str,
) -> Result<Table, Problem> {
    use calamine::{DataRef, Reader, SheetType, SheetVisible};
    let unreadable = |e: &dyn std::fmt::Display| {
        Problem::new(
            ProblemKind::Syntax,
            "",
            format!(
                "expected an Excel workbook (.xlsx), found one that cannot be read — damaged, \
                 cut short, or another format (an .ods or .xls: save it again as .xlsx from \
                 Excel or LibreOffice); the reader said: {e}"
            ),
        )
        .with_indonesian(format!(
            "seharusnya buku kerja Excel (.xlsx), ternyata tidak dapat dibaca — rusak, \
             terpotong, atau format lain (.ods atau .xls: simpan ulang sebagai .xlsx dari \
             Excel atau LibreOffice); keterangan pembaca berkas: {e}"
        ))
    };
    within_budget(bytes, limits)?;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let sheets = book.sheets_metadata().to_vec();
    let worksheets = || sheets.iter().filter(|s| s.typ == SheetType::WorkSheet);
    let chosen = worksheets()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets().next())
        .map(|s| s.name.clone())
        .ok_or_else(|| unreadable(&"it has no worksheet"))?;
    let hidden: Vec<String> = worksheets()
        .take_while(|s| s.name != chosen)
        .filter(|s| s.visible != SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut reader = book
        .worksheet_cells_reader(&chosen)
        .map_err(|e| unreadable(&e))?;
    // The sheet's cells, row by row in stream order: (row, [(column, text, numeric,
    // formula without a saved value)]).
    type Cells = Vec<(u32, String, bool, bool)>;
    let mut rows: Vec<(u32, Cells)> = Vec::new();
    let mut count = 0usize;
    while let Some(cell) = reader
        .next_cell_with_formula_metadata()
        .map_err(|e| unreadable(&e))?
    {
        let (row, column) = cell.pos;
        let unsaved = cell.formula.is_some() && matches!(cell.value, DataRef::Empty);
        let (text, numeric) = match &cell.value {
            DataRef::Empty => (String::new(), false),
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                (s.clone(), false)
            }
            DataRef::SharedString(s) => ((*s).to_owned(), false),
            DataRef::Float(f) => (shown(*f), true),
            DataRef::Int(i) => (i.to_string(), true),
            DataRef::Bool(b) => (b.to_string(), false),
            // A date as the cell shows it (`2025-09-02T08:15:00`), not Excel's serial
            // number: a time with no offset is then named so, and a date typed where a
            // number was meant is shown as the date it became.
            DataRef::DateTime(d) if d.is_datetime() => (civil_time(d), false),
            DataRef::DateTime(d) => (shown(d.as_f64()), true),
            DataRef::Error(e) => (e.to_string(), false),
        };
        if text.is_empty() && !unsaved {
            continue;
        }
        count += 1;
        if count > limits.max_sheet_cells {
            return Err(Problem::new(
                ProblemKind::InvalidValue,
                "",
                format!(
                    "expected at most {} cells in sheet {chosen}, found more (cell {chosen}!{}{})",
                    limits.max_sheet_cells,
                    letters(column as usize),
                    row + 1
                ),
            )
            .with_indonesian(format!(
                "seharusnya paling banyak {} sel di lembar {chosen}, ternyata lebih (sel {chosen}!{}{})",
                limits.max_sheet_cells,
                letters(column as usize),
                row + 1
            )));
        }
        match rows.last_mut() {
            Some((r, cells)) if *r == row => cells.push((column, text, numeric, unsaved)),
            _ => rows.push((row, vec![(column, text, numeric, unsaved)])),
        }
    }
    drop(reader);
    // A title above the header (`Rekap Jawaban SAQ 2025`): the header is the first row of
    // the first eleven with a `key` cell, when the first has none.
    let is_id = |cells: &Vec<(u32, String, bool, bool)>| {
        cells.iter().any(|c| c.1.trim().eq_ignore_ascii_case(key))
    };
    let above = match rows.first().is_none_or(|(_, cells)| is_id(cells)) {
        true => 0,
        false => rows
            .iter()
            .take(11)
            .position(|(_, cells)| is_id(cells))
            .unwrap_or(0),
    };
    let titles: Vec<(usize, String)> = rows
        .drain(..above)
        .map(|(row, cells)| {
            let words: Vec<&str> = (cells.iter())
                .map(|c| c.1.trim())
                .filter(|t| !t.is_empty())
                .collect();
            (row as usize + 1, words.join(" "))
        })
        .filter(|(_, text)| !text.is_empty())
        .collect();
    let mut rows = rows.into_iter();
    let (header_row, header_cells) = rows.next().unwrap_or_default();
    let width = header_cells
        .iter()
        .filter(|c| !c.1.trim().is_empty())
        .map(|c| c.0 as usize + 1)
        .max()
        .unwrap_or(0);
    let mut header = vec![String::new(); width];
    for (column, text, ..) in header_cells {
        if let Some(slot) = header.get_mut(column as usize) {
            *slot = text;
        }
    }
    let mut table = Table {
        sheet: Some(chosen.clone()),
        header,
        header_line: header_row as usize + 1,
        rows: Vec::new(),
        // A number typed as text in a workbook: its own marks tell, or it is a problem.
        mark: DecimalMark::Either,
        numeric: HashSet::new(),
        damage: BTreeMap::new(),
        swallowed: Vec::new(),
        hidden: Vec::new(),
        titles,
    };
    // What the rows hold once laid out as wide as their last cell: within the same
    // budget as the cells, so that a header cell far to the right cannot make every row
    // that wide.
    let mut stored = 0usize;
    for (row, cells) in rows {
        let line = row as usize + 1;
        // As wide as the row's last cell under the header, not the header: the work a
        // row costs is its own cells', however far to the right the header reaches.
        let last = (cells.iter())
            .filter(|c| (c.0 as usize) < width && !c.1.is_empty())
            .map(|c| c.0 as usize + 1)
            .max()
            .unwrap_or(0);
        let mut texts = vec![String::new(); last];
        let mut stray = Vec::new();
        for (column, text, numeric, unsaved) in cells {
            let column = column as usize;
            let at = || format!("{chosen}!{}{line}", letters(column));
            if unsaved {
                let at = at();
                table.damaged(
                    line,
                    format!(
                        "expected a value in cell {at}, found a formula with no saved value \
                         (open the file in a spreadsheet and save it again)"
                    ),
                    format!(
                        "seharusnya sel {at} bernilai, ternyata berisi rumus tanpa nilai \
                         tersimpan (buka berkas di aplikasi lembar kerja lalu simpan lagi)"
                    ),
                );
            }
            match texts.get_mut(column) {
                Some(slot) => {
                    *slot = text;
                    if numeric {
                        table.numeric.insert((line, column));
                    }
                }
                // An empty cell past the row's last (a formula with no saved value).
                None if column < width => {}
                None => stray.push(at()),
            }
        }
        if let (Some(first), n) = (stray.first(), stray.len()) {
            let more = match n {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            let lagi = match n {
                1 => String::new(),
                n => format!(" dan {} lagi", n - 1),
            };
            table.damaged(
                line,
                format!("expected cells only under the header's {width} columns, found cell {first}{more}"),
                format!("seharusnya sel hanya di bawah {width} kolom judul, ternyata ada sel {first}{lagi}"),
            );
        }
        stored = stored.saturating_add(texts.len());
        if stored > limits.max_sheet_cells {
            return Err(Problem::new(
                ProblemKind::InvalidValue,
                "",
                format!(
                    "expected at most {} cells in sheet {chosen}, counting each row as wide as \
                     its last cell, found more by row {line} (the header is {width} columns wide)",
                    limits.max_sheet_cells
                ),
            )
            .with_indonesian(format!(
                "seharusnya paling banyak {} sel di lembar {chosen}, menghitung setiap baris \
                 selebar sel terakhirnya, ternyata lebih pada baris {line} (baris judul selebar \
                 {width} kolom)",
                limits.max_sheet_cells
            )));
        }
        table.rows.push((line, csv::StringRecord::from(texts)));
    }
    table.hidden = hidden;
    Ok(table)
}

/// Refuses a workbook whose parts would decompress beyond `limits`, or that declares
/// more shared strings than allowed, before anything is decompressed or allocated: the
/// archive's directory gives each part's size (which the archive reader then holds the
/// part to), and the shared strings' count stands in their first bytes.
fn within_budget(bytes: &[u8], limits: &crate::Limits) -> Result<(), Problem> {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // Not an archive: calamine says what it is.
        return Ok(());
    };
    for k in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(k) else {
            continue;
        };
        let size = part.size();
        if size > limits.max_workbook_part_bytes {
            let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
            return Err(Problem::new(
                ProblemKind::InvalidValue,
                "",
                format!(
                    "expected workbook parts of at most {} bytes, found `{name}` of {size} bytes \
                     once decompressed",
                    limits.max_workbook_part_bytes
                ),
            )
            .with_indonesian(format!(
                "seharusnya bagian buku kerja paling besar {} byte, ternyata `{name}` {size} \
                 byte setelah didekompresi",
                limits.max_workbook_part_bytes
            )));
        }
    }
    if let Ok(part) = archive.by_name("xl/sharedStrings.xml") {
        let mut head = Vec::with_capacity(4096);
        let _ = part.take(4096).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        let declared = ["uniqueCount=\"", " count=\""]
            .iter()
            .filter_map(|key| {
                let rest = head.get(head.find(key)? + key.len()..)?;
                rest.get(..rest.find('"')?)?.parse::<u64>().ok()
            })
            .max();
        if let Some(n) = declared.filter(|n| *n > limits.max_shared_strings) {
            return Err(Problem::new(
                ProblemKind::InvalidValue,
                "",
                format!(
                    "expected at most {} shared strings in the workbook, found {n} declared",
                    limits.max_shared_strings
                ),
            )
            .with_indonesian(format!(
                "seharusnya paling banyak {} teks bersama (shared strings) di buku kerja, \
                 ternyata dinyatakan {n}",
                limits.max_shared_strings
            )));
        }
    }
    // The count declared can lie (or be left out): the strings themselves are counted,
    // streaming, before calamine holds them all.
    if let Ok(part) = archive.by_name("xl/sharedStrings.xml") {
        let n = count_shared_strings(part, limits.max_shared_strings);
        if n > limits.max_shared_strings {
            return Err(Problem::new(
                ProblemKind::InvalidValue,
                "",
                format!(
                    "expected at most {} shared strings in the workbook, found more",
                    limits.max_shared_strings
                ),
            )
            .with_indonesian(format!(
                "seharusnya paling banyak {} teks bersama (shared strings) di buku kerja, \
                 ternyata lebih",
                limits.max_shared_strings
            )));
        }
    }
    Ok(())
}

/// The shared strings (`<si>` elements, with or without a namespace prefix) in the
/// part, counted as it decompresses in small pieces; stops once past `limit`.
fn count_shared_strings(mut part: impl std::io::Read, limit: u64) -> u64 {
    let mut buffer = vec![0u8; 64 * 1024];
    // The last bytes of the previous piece (a tag and a prefix split between two are
    // found), then the new piece; windows within the old bytes alone were counted.
    let mut carry: Vec<u8> = Vec::with_capacity(buffer.len() + KEEP);
    const KEEP: usize = 40;
    let mut count = 0u64;
    loop {
        let n = match part.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let old = carry.len();
        carry.extend_from_slice(buffer.get(..n).unwrap_or_default());
        // `si` after `<` (or after `<prefix:`, not `</prefix:`), then `>`, `/` or a
        // space: an element named `si` opens.
        for (i, w) in carry.windows(4).enumerate() {
            if i + 4 <= old {
                continue;
            }
            let [a, b's', b'i', d] = w else { continue };
            if !matches!(d, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n') {
                continue;
            }
            let opens = match a {
                b'<' => true,
                b':' => {
                    let before = carry.get(..i).unwrap_or_default();
                    let prefix = before
                        .iter()
                        .rev()
                        .take_while(|c| c.is_ascii_alphanumeric());
                    let start = i - prefix.count();
                    start > 0 && carry.get(start - 1) == Some(&b'<')
                }
                _ => false,
            };
            count += u64::from(opens);
        }
        if count > limit {
            break;
        }
        let keep = carry.len().saturating_sub(KEEP);
        carry.drain(..keep);
    }
    count
}

/// A workbook's number as the spreadsheet shows it: 15 significant digits, the
/// precision Excel computes and displays, so that `=0.1+2.7+0.2` (stored as
/// 3.0000000000000004) is the 3 the cell shows.
/// A date cell's civil date and time, as ISO 8601 without an offset (Excel keeps none):
/// `2025-09-02` at midnight, `2025-09-02T08:15:00` otherwise.
fn civil_time(d: &calamine::ExcelDateTime) -> String {
    let (year, month, day, hour, minute, second, milli) = d.to_ymd_hms_milli();
    match (hour, minute, second, milli) {
        (0, 0, 0, 0) => format!("{year:04}-{month:02}-{day:02}"),
        (_, _, _, 0) => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"),
        _ => format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}"),
    }
}

fn shown(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // `{:.14e}` is 15 significant digits in scientific form; the exact decimal of that
    // text, without trailing zeros, is what the cell shows.
    let scientific = format!("{value:.14e}");
    match crate::text::decimal::parse_decimal(&scientific.replace("e", "E")) {
        Ok(decimal) => decimal.normalize().to_string(),
        Err(_) => value.to_string(),
    }
}

#[cfg(all(test, feature = "xlsx"))]
mod tests {
    use super::count_shared_strings;

    /// A reader that gives `step` bytes at a time, so that tags fall across pieces.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.bytes.len());
            let (now, rest) = self.bytes.split_at(n);
            out[..n].copy_from_slice(now);
            self.bytes = rest;
            Ok(n)
        }
    }

    #[test]
    fn shared_strings_are_counted_as_written_not_as_declared() {
        let xml = r#"<sst count="1"><si><t>a</t></si><si/><si ><t>b</t></si><x:si><x:t>c</x:t></x:si><sheet/><sst/></sst>"#;
        for step in [1, 2, 3, 5, 64 * 1024] {
            let reader = Trickle {
                bytes: xml.as_bytes(),
                step,
            };
            // `<si>`, `<si/>`, `<si >` and `<x:si>`; not `</si>`, `</x:si>` or `<sst`.
            assert_eq!(count_shared_strings(reader, 100), 4, "step {step}");
        }
        // Past the limit, counting stops.
        let many = "<si/>".repeat(10);
        assert!(count_shared_strings(many.as_bytes(), 3) > 3);
    }
}
