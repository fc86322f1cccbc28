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
    /// Lines above the header read as a title, not answers (`Rekap Jawaban SAQ 2025`):
    /// each line's number and its text.
    pub titles: Vec<(usize, String)>,
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
    /// The table as CSV text whose line numbers are the sheet's row numbers (blank
    /// lines stand for the rows above the header and between rows, which a CSV reader
    /// skips), every cell quoted and a line break in a cell made a space: a workbook's
    /// roster read by the CSV roster's own reader, each problem at its row.
    pub(crate) fn to_csv_text(&self) -> String {
        let quoted = |cells: &mut dyn Iterator<Item = &str>| -> String {
            let cells: Vec<String> = cells
                .map(|c| format!("\"{}\"", c.replace(['\r', '\n'], " ").replace('"', "\"\"")))
                .collect();
            cells.join(",")
        };
        // Each row on its own line number: blank lines fill the rows between.
        let mut text = String::new();
        let mut line = 1;
        for (k, (row, cells)) in std::iter::once((self.header_line, None))
            .chain(self.rows.iter().map(|(row, cells)| (*row, Some(cells))))
            .enumerate()
        {
            if k > 0 {
                text.push('\n');
                line += 1;
            }
            while line < row {
                text.push('\n');
                line += 1;
            }
            match cells {
                None => text.push_str(&quoted(&mut self.header.iter().map(String::as_str))),
                // A sheet's row ends at its last filled cell: the empty ones after it
                // are cells all the same.
                Some(cells) => {
                    let width = self.header.len().max(cells.len());
                    let mut padded = cells.iter().chain(std::iter::repeat(""));
                    text.push_str(&quoted(&mut padded.by_ref().take(width)));
                }
            }
        }
        text.push('\n');
        text
    }

    /// The rows that may be bodies: a blank row is skipped, unless something is wrong
    /// with it as a row (a stray cell beyond the header's columns); so is the header
    /// again (two files joined).
    pub(crate) fn body_rows(&self) -> impl Iterator<Item = &(usize, csv::StringRecord)> {
        self.rows.iter().filter(|(line, cells)| {
            (self.damage.contains_key(line) || cells.iter().any(|c| !c.trim().is_empty()))
                && !self.is_header_again(cells)
        })
    }

    /// The columns that name a row's agency — its id, category and region — by their
    /// names, or names that differ only in case, spaces or punctuation (`agency id`).
    pub(crate) fn agency_columns(&self) -> [Option<usize>; 3] {
        ["agency_id", "category", "region"]
            .map(|name| (self.header.iter()).position(|h| bare(h) == bare(name)))
    }

    /// Whether a row repeats the header (a second file joined under the first, with
    /// its header): it is no body.
    fn is_header_again(&self, cells: &csv::StringRecord) -> bool {
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        let filled = (0..cells.len())
            .rev()
            .find(|&k| cells.get(k).is_some_and(|c| !c.trim().is_empty()))
            .map_or(0, |k| k + 1);
        filled == self.header.len()
            && self.header.len() > 1
            && cells.iter().zip(&self.header).all(|(c, h)| same(c, h))
    }

    /// How the number in the cell at row `line`, column `column` is written.
    pub(crate) fn mark_at(&self, line: usize, column: usize) -> DecimalMark {
        if self.numeric.contains(&(line, column)) {
            DecimalMark::Point
        } else {
            self.mark
        }
    }

    /// Notes what is wrong with row `line` as a row.
    pub(crate) fn damaged(&mut self, line: usize, en: String, id: String) {
        self.damage.entry(line).or_default().push((en, id));
    }
}

/// A CSV file's table from bytes that are not all UTF-8 — Excel's "CSV" saves in the
/// Windows code page, so one `é` or curly quote is enough: every row holding an invalid
/// byte is damaged with the byte's place (and how to save the sheet instead), the other
/// rows read as they are. One stray byte costs its row, never the file's other bodies;
/// a byte in the header (or before it) damages every row. `text` is `bytes` decoded
/// lossily (each invalid sequence one U+FFFD), as the caller has it already.
pub(crate) fn lossy_csv_table(
    bytes: &[u8],
    text: &str,
    limits: &crate::Limits,
) -> Result<Table, Problem> {
    let mut table = csv_table(text, limits)?;
    // Each invalid byte sequence's line (counted in the lossy text, where each became one
    // U+FFFD and no line end moved) and its offset in the file.
    let mut lines = LineCounter::new(text);
    let (mut lossy, mut offset) = (0usize, 0usize);
    let mut bad: Vec<(usize, usize)> = Vec::new();
    for chunk in bytes.utf8_chunks() {
        lossy += chunk.valid().len();
        offset += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad.push((lines.line_at(lossy), offset));
            lossy += char::REPLACEMENT_CHARACTER.len_utf8();
            offset += chunk.invalid().len();
        }
    }
    let rows: Vec<usize> = table.rows.iter().map(|(line, _)| *line).collect();
    let mut damaged: BTreeMap<usize, usize> = BTreeMap::new();
    for (line, offset) in bad {
        if line <= table.header_line {
            for row in &rows {
                damaged.entry(*row).or_insert(offset);
            }
            continue;
        }
        // The row it falls in: the last starting at or before its line.
        let k = rows.partition_point(|row| *row <= line);
        if let Some(row) = k.checked_sub(1).and_then(|k| rows.get(k)) {
            damaged.entry(*row).or_insert(offset);
        }
    }
    for (row, offset) in damaged {
        // The row is rejected: named by its cells without the bytes that were not text
        // (`3673` of `3673\x92`), so that a roster's body is rejected, not taken for one
        // that sent nothing.
        if let Ok(k) = table.rows.binary_search_by_key(&row, |(line, _)| *line)
            && let Some((_, cells)) = table.rows.get_mut(k)
        {
            let mut clean: csv::StringRecord = cells
                .iter()
                .map(|c| c.replace(char::REPLACEMENT_CHARACTER, ""))
                .collect();
            clean.set_position(cells.position().cloned());
            *cells = clean;
        }
        table.damaged(
            row,
            format!(
                "expected UTF-8 text, found an invalid byte at byte {offset} (counting from 0): \
                 save the sheet as \"CSV UTF-8\""
            ),
            format!(
                "seharusnya teks UTF-8, ternyata ada byte tidak sah pada byte ke-{offset} \
                 (dihitung dari 0): simpan lembar sebagai \"CSV UTF-8\""
            ),
        );
    }
    Ok(table)
}

/// A CSV text as a table: the separator (`,`, `;` or tab) told from its header line,
/// a byte-order mark skipped (at the start, or at the start of a cell: files joined
/// together), blank lines and Excel's `sep=;` line before the header read as such, CRLF
/// and CR line ends counted. Every row is accounted for: a row with another number of
/// cells than the header, and a quote that swallows the rows after it, are noted in
/// [`Table::damage`] and [`Table::swallowed`].
pub(crate) fn csv_table(text: &str, limits: &crate::Limits) -> Result<Table, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Line numbers count from the file's start, whatever is skipped before the header.
    let mut lines = LineCounter::new(text);
    let (start, told) = crate::read::csv_input::header_start(text);
    let body = text.get(start..).unwrap_or_default();
    let separator = told.unwrap_or_else(|| crate::read::csv_input::separator(body));
    // Bounded before the reader holds a record: no row wider than a spreadsheet's, no
    // more cells than a workbook's sheet may hold.
    crate::read::csv_input::within_cells(text, start, separator, limits.max_sheet_cells)?;
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
        let mut at = record
            .position()
            .map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        // The reader's position may be that of blank lines it skipped before the record
        // (CR and CRLF ends): the record starts at its first cell.
        let blank = body.get(at..).unwrap_or_default();
        at += blank.len() - blank.trim_start_matches(['\r', '\n']).len();
        let line = lines.line_at(start.saturating_add(at));
        records.push((line, at, without_boms(record)));
    }
    let titles = titles_above_header(&mut records);
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
        titles: Vec::new(),
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
    table.titles = titles;
    Ok(table)
}

/// A sheet with a title above its header (`Rekap Jawaban SAQ 2025 – Banten`, as office
/// sheets often have): when the first record has no `agency_id` column and one of the
/// next ten does, that one is the header and the records above it are titles, each
/// line's number and text kept to be said (a warning names them) — not rows whose every
/// body would be rejected unnamed.
fn titles_above_header(
    records: &mut Vec<(usize, usize, csv::StringRecord)>,
) -> Vec<(usize, String)> {
    let is_id = |cell: &str| cell.trim().eq_ignore_ascii_case("agency_id");
    let has_id = |(_, _, cells): &(usize, usize, csv::StringRecord)| cells.iter().any(is_id);
    if records.first().is_none_or(has_id) {
        return Vec::new();
    }
    let Some(k) = records.iter().take(11).position(has_id) else {
        return Vec::new();
    };
    records
        .drain(..k)
        .map(|(line, _, cells)| {
            let words: Vec<&str> = cells
                .iter()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            (line, words.join(" "))
        })
        .filter(|(_, text)| !text.is_empty())
        .collect()
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
    // The physical lines inside the record, after its first, each with how many
    // separators it holds inside quotes: a row swallowed by a quote that never closes
    // has its separators there, while a cell that rightly spans lines (Excel's
    // Alt+Enter: a name, evidence links one per line) has its row's separators after
    // its closing quote.
    let physical = raw.split_inclusive(['\n', '\r']);
    let mut inner: Vec<(&str, usize)> = Vec::new();
    let (mut first, mut quoted) = (true, false);
    for piece in physical {
        let mut inside = 0;
        for byte in piece.bytes() {
            match byte {
                b'"' => quoted = !quoted,
                b if b == separator && quoted => inside += 1,
                _ => {}
            }
        }
        // CRLF is one line end: `\r` then `\n` come as two pieces.
        if piece == "\n" {
            continue;
        }
        if !first {
            inner.push((piece.trim_end_matches(['\n', '\r']), inside));
        }
        first = false;
    }
    while inner.last().is_some_and(|(l, _)| l.trim().is_empty()) {
        inner.pop();
    }
    let looks_like_row = |inside: usize| inside >= 1 && inside + 1 >= width.div_ceil(2).max(2);
    let rows_inside: Vec<(usize, &str)> = inner
        .iter()
        .enumerate()
        .filter(|(_, (_, inside))| looks_like_row(*inside))
        .map(|(k, (l, _))| (line + k + 1, *l))
        .collect();
    if !rows_inside.is_empty() {
        let [id_at, category_at, region_at] = table.agency_columns();
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
        let (span, rentang) = match from == to {
            true => (
                format!("line {from}, a row of its own{named}, was"),
                format!("baris {from}, yang merupakan baris tersendiri{named},"),
            ),
            false => (
                format!("lines {from}–{to}, rows of their own{named}, were"),
                format!("baris {from}–{to}, yang merupakan baris tersendiri{named},"),
            ),
        };
        table.damaged(
            line,
            format!(
                "expected each row on its own line, found a quote (\") in this row that does \
                 not close before line {from}: {span} read into one of its cells; close or \
                 remove the quote"
            ),
            format!(
                "seharusnya setiap baris di barisnya sendiri, ternyata ada tanda kutip (\") \
                 di baris ini yang tidak ditutup sebelum baris {from}: {rentang} terbaca \
                 masuk ke salah satu selnya; tutup atau hapus tanda kutip itu"
            ),
        );
    }
    if blank || width == 0 {
        return;
    }
    let count = cells.len();
    // A quote that closes further along the row than meant joins the cells between
    // (`"Dinas A;…;x"`): the cell that holds as many separators as the row lacks cells
    // (a checklist's `"a; b"` is quoted on purpose and is not it); or, in a row whose
    // quotes do not pair, its last cell, which a quote opened and never closed.
    let sep = char::from(separator);
    let joined = match count < width {
        true => cells
            .iter()
            .position(|c| c.matches(sep).count() == width - count)
            .or_else(|| (raw.matches('"').count() % 2 == 1).then(|| count.saturating_sub(1))),
        false => None,
    };
    let (quote_en, quote_id) = match joined {
        Some(k) => (
            format!(
                "; column {} holds a `{sep}` inside quotes: a quote (\") there may have \
                 joined cells",
                letters(k)
            ),
            format!(
                "; kolom {} berisi `{sep}` di dalam tanda kutip: tanda kutip (\") di sana \
                 mungkin menggabungkan beberapa sel",
                letters(k)
            ),
        ),
        _ => (String::new(), String::new()),
    };
    if count < width {
        let (why_en, why_id) = match cut {
            true => (
                "; it is the last line and has no line end: the file may be cut short",
                "; ini baris terakhir tanpa akhir baris: berkas mungkin terpotong",
            ),
            false => ("", ""),
        };
        let (why_en, why_id) = (format!("{quote_en}{why_en}"), format!("{quote_id}{why_id}"));
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

/// A header's name without case, spaces or punctuation: `KI-02` and `ki02` alike.
pub(crate) fn bare(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
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
