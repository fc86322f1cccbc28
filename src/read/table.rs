//! A spreadsheet as a table of text cells: a CSV file (its separator told from the
//! header line) or the first sheet of an `.xlsx` workbook.

use std::collections::{BTreeMap, HashSet};

use crate::text::lines::LineCounter;
use crate::text::number::DecimalMark;
use crate::text::problem::{Problem, ProblemKind};

/// A sheet of text cells: its header, then its rows.
pub(crate) struct Table {
    /// The sheet's name, for cell references (`Sheet1!F7`); `None` for a CSV file.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    /// The header's 1-based row number in the file or sheet (after blank lines and a
    /// `sep=` line, or empty rows at the top of a sheet).
    pub header_line: usize,
    /// Each row's 1-based number in the file or sheet, and its cells (one allocation a
    /// row).
    pub rows: Vec<(usize, csv::StringRecord)>,
    /// How numbers written as text are read: by the CSV's separator (`,` a point,
    /// `;` a comma, tab either), told from each number in a workbook's text cells.
    pub mark: DecimalMark,
    /// A workbook's numeric cells, by row number and column: numbers already, read
    /// with a point whatever `mark` says.
    pub numeric: HashSet<(usize, usize)>,
    /// What is wrong with a row as a row (too few or too many cells, a quote that
    /// swallowed the rows after it), by row number: each an English and an Indonesian
    /// sentence. Such a row is rejected with these, whatever its cells hold.
    pub damage: BTreeMap<usize, Vec<(String, String)>>,
    /// Rows swallowed into another row's cell by a quote that does not close: never
    /// read, each named with what of it can be read, so that no body vanishes.
    pub swallowed: Vec<Swallowed>,
    /// A workbook's hidden worksheets before the one read (which was the first visible).
    #[cfg(feature = "xlsx")]
    pub hidden: Vec<String>,
}

/// A physical line that an unclosed quote made part of an earlier row's cell.
pub(crate) struct Swallowed {
    /// Its line in the file.
    pub line: usize,
    /// The row whose cell swallowed it.
    pub by: usize,
    /// Its agency id, category and region, read from the line split at the separator
    /// (where the header has those columns and the line has a value there).
    pub agency: Option<String>,
    pub category: Option<String>,
    pub region: Option<String>,
}

impl Table {
    /// How the number in the cell at row `line`, column `column` is written.
    pub(crate) fn mark_at(&self, line: usize, column: usize) -> DecimalMark {
        if self.numeric.contains(&(line, column)) {
            DecimalMark::Point
        } else {
            self.mark
        }
    }

    /// Notes what is wrong with row `line` as a row.
    fn damaged(&mut self, line: usize, en: String, id: String) {
        self.damage.entry(line).or_default().push((en, id));
    }
}

/// A CSV text as a table: the separator (`,`, `;` or tab) told from its header line,
/// a byte-order mark skipped (at the start, or at the start of a cell: files joined
/// together), blank lines and Excel's `sep=;` line before the header read as such, CRLF
/// and CR line ends counted. Every row is accounted for: a row with another number of
/// cells than the header, and a quote that swallows the rows after it, are noted in
/// [`Table::damage`] and [`Table::swallowed`].
pub(crate) fn csv_table(text: &str) -> Result<Table, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Line numbers count from the file's start, whatever is skipped before the header.
    let mut lines = LineCounter::new(text);
    let (start, told) = crate::read::csv_input::header_start(text);
    let body = text.get(start..).unwrap_or_default();
    let separator = told.unwrap_or_else(|| crate::read::csv_input::separator(body));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(body.as_bytes());
    // Each record with its line and where it starts in `body`.
    let mut records: Vec<(usize, usize, csv::StringRecord)> = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| {
            Problem::new(ProblemKind::Syntax, "", format!("invalid CSV: {e}"))
                .with_indonesian(format!("CSV tidak sah: {e}"))
        })?;
        let at = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let line = lines.line_at(start.saturating_add(at));
        records.push((line, at, without_boms(record)));
    }
    let mut records = records.into_iter().peekable();
    let header_line = records.peek().map_or(1, |(line, ..)| *line);
    let header: Vec<String> = match records.next() {
        Some((_, _, cells)) => {
            let mut header: Vec<String> = cells.iter().map(str::to_owned).collect();
            // Trailing empty header cells (`a,b,`): no columns.
            while header.last().is_some_and(|h| h.trim().is_empty()) {
                header.pop();
            }
            header
        }
        None => Vec::new(),
    };
    let mut table = Table {
        sheet: None,
        header,
        header_line,
        rows: Vec::new(),
        mark: DecimalMark::of_separator(separator),
        numeric: HashSet::new(),
        damage: BTreeMap::new(),
        swallowed: Vec::new(),
        #[cfg(feature = "xlsx")]
        hidden: Vec::new(),
    };
    let ends_with_line_end = body.ends_with(['\n', '\r']);
    while let Some((line, at, cells)) = records.next() {
        let end = records.peek().map_or(body.len(), |(_, next, _)| *next);
        let raw = body.get(at..end).unwrap_or_default();
        let last = records.peek().is_none();
        account(
            &mut table,
            line,
            raw,
            &cells,
            separator,
            last && !ends_with_line_end,
        );
        table.rows.push((line, cells));
    }
    Ok(table)
}

/// A record whose cells begin with a byte-order mark (files joined together) without it.
fn without_boms(record: csv::StringRecord) -> csv::StringRecord {
    if !record.iter().any(|c| c.starts_with('\u{feff}')) {
        return record;
    }
    let mut clean = csv::StringRecord::from(
        record
            .iter()
            .map(|c| c.trim_start_matches('\u{feff}'))
            .collect::<Vec<_>>(),
    );
    clean.set_position(record.position().cloned());
    clean
}

/// Checks one row as a row: its number of cells against the header's, and whether a
/// quoted cell swallowed the physical lines after it (rows of their own, by their
/// separators).
fn account(
    table: &mut Table,
    line: usize,
    raw: &str,
    cells: &csv::StringRecord,
    separator: u8,
    cut: bool,
) {
    let width = table.header.len();
    let blank = cells.iter().all(|c| c.trim().is_empty());
    // The physical lines inside the record, after its first.
    let physical = raw.split_inclusive(['\n', '\r']);
    let mut inner: Vec<&str> = Vec::new();
    let mut first = true;
    for piece in physical {
        // CRLF is one line end: `\r` then `\n` come as two pieces.
        if piece == "\n" {
            continue;
        }
        if !first {
            inner.push(piece.trim_end_matches(['\n', '\r']));
        }
        first = false;
    }
    while inner.last().is_some_and(|l| l.trim().is_empty()) {
        inner.pop();
    }
    let looks_like_row = |l: &str| {
        let separators = l.bytes().filter(|b| *b == separator).count();
        separators >= 1 && separators + 1 >= width.div_ceil(2).max(2)
    };
    let rows_inside: Vec<(usize, &str)> = inner
        .iter()
        .enumerate()
        .filter(|(_, l)| looks_like_row(l))
        .map(|(k, l)| (line + k + 1, *l))
        .collect();
    if !rows_inside.is_empty() {
        let column = |name: &str| {
            table
                .header
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let (id_at, category_at, region_at) =
            (column("agency_id"), column("category"), column("region"));
        let sep = char::from(separator);
        let mut ids = Vec::new();
        for (at, l) in &rows_inside {
            let parts: Vec<&str> = l.split(sep).map(|p| p.trim().trim_matches('"')).collect();
            let pick = |k: Option<usize>| {
                k.and_then(|k| parts.get(k))
                    .filter(|v| !v.is_empty())
                    .map(|v| (*v).to_owned())
            };
            let agency = pick(id_at);
            if let Some(id) = &agency {
                ids.push(format!("`{id}`"));
            }
            table.swallowed.push(Swallowed {
                line: *at,
                by: line,
                agency,
                category: pick(category_at),
                region: pick(region_at),
            });
        }
        let (from, to) = (
            rows_inside.first().map_or(line, |r| r.0),
            rows_inside.last().map_or(line, |r| r.0),
        );
        let named = match ids.is_empty() {
            true => String::new(),
            false => format!(" ({})", ids.join(", ")),
        };
        table.damaged(
            line,
            format!(
                "expected each row on its own line, found a quote (\") in this row that does \
                 not close before line {from}: lines {from}–{to}, rows of their own{named}, \
                 were read into one of its cells; close or remove the quote"
            ),
            format!(
                "seharusnya setiap baris di barisnya sendiri, ternyata ada tanda kutip (\") \
                 di baris ini yang tidak ditutup sebelum baris {from}: baris {from}–{to}, \
                 yang merupakan baris tersendiri{named}, terbaca masuk ke salah satu selnya; \
                 tutup atau hapus tanda kutip itu"
            ),
        );
    }
    if blank || width == 0 {
        return;
    }
    let count = cells.len();
    if count < width {
        let (why_en, why_id) = match cut {
            true => (
                "; it is the last line and has no line end: the file may be cut short",
                "; ini baris terakhir tanpa akhir baris: berkas mungkin terpotong",
            ),
            false => ("", ""),
        };
        table.damaged(
            line,
            format!(
                "expected {width} cells in each row (the header's columns), found {count}: \
                 the cells from column {} on are missing{why_en}",
                letters(count)
            ),
            format!(
                "seharusnya {width} sel di setiap baris (sebanyak kolom judul), ternyata \
                 {count}: sel mulai kolom {} tidak ada{why_id}",
                letters(count)
            ),
        );
    } else if count > width {
        let stray: Vec<String> = (width..count)
            .filter(|k| cells.get(*k).is_some_and(|c| !c.trim().is_empty()))
            .map(letters)
            .collect();
        if let (Some(first), Some(last)) = (stray.first(), stray.last()) {
            let at = match stray.len() {
                1 => first.clone(),
                n => format!("{first}…{last} ({n})"),
            };
            table.damaged(
                line,
                format!(
                    "expected cells only under the header's {width} columns, found cells \
                     beyond them, in column {at}"
                ),
                format!(
                    "seharusnya sel hanya di bawah {width} kolom judul, ternyata ada sel di \
                     luarnya, di kolom {at}"
                ),
            );
        }
    }
}

/// The sheet of a workbook that holds the answers, as a table of text cells: the first
/// visible worksheet (a hidden one before it is named in [`Table::hidden`]). Read in
/// bounded memory whatever the file claims: the archive's declared part sizes and the
/// shared-string count are checked against `limits` before the workbook is opened, and
/// the sheet is streamed cell by cell into rows as wide as its header — a cell far to
/// the right (`XFD1048576`) is a stray cell of its row, not a column of millions.
#[cfg(feature = "xlsx")]
pub(crate) fn workbook_table(bytes: &[u8], limits: &crate::Limits) -> Result<Table, Problem> {
    use calamine::{DataRef, Reader, SheetType, SheetVisible};
    let unreadable = |e: &dyn std::fmt::Display| {
        Problem::new(
            ProblemKind::Syntax,
            "",
            format!("expected an Excel workbook (.xlsx), found one that cannot be read: {e}"),
        )
        .with_indonesian(format!(
            "seharusnya buku kerja Excel (.xlsx), ternyata tidak dapat dibaca: {e}"
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
    };
    // What the rows hold once laid out as wide as their last cell: within the same
    // budget as the cells, so that a header cell far to the right cannot make every row
    // that wide.
    let mut stored = 0usize;
    for (row, cells) in rows {
        let line = row as usize + 1;
        let mut texts = vec![String::new(); width];
        let mut stray = Vec::new();
        for (column, text, numeric, unsaved) in cells {
            let column = column as usize;
            let at = format!("{chosen}!{}{line}", letters(column));
            if unsaved {
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
                None => stray.push(at),
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
        while texts.last().is_some_and(String::is_empty) {
            texts.pop();
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
#[cfg(feature = "xlsx")]
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
#[cfg(feature = "xlsx")]
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
#[cfg(feature = "xlsx")]
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

/// A column's letters as a spreadsheet shows them: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub(crate) fn letters(column: usize) -> String {
    let mut n = column + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
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
