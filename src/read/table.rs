//! A spreadsheet as a table of text cells: a CSV file (its separator told from the
//! header line) or the first sheet of an `.xlsx` workbook.

use std::collections::HashSet;

use crate::text::lines::LineCounter;
use crate::text::number::DecimalMark;
use crate::text::problem::{Problem, ProblemKind};

/// A sheet of text cells: its header, then its rows.
pub(crate) struct Table {
    /// The sheet's name, for cell references (`Sheet1!F7`); `None` for a CSV file.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    /// Each row's 1-based number in the file or sheet, and its cells (one allocation a
    /// row).
    pub rows: Vec<(usize, csv::StringRecord)>,
    /// How numbers written as text are read: by the CSV's separator (`,` a point,
    /// `;` a comma, tab either), told from each number in a workbook's text cells.
    pub mark: DecimalMark,
    /// A workbook's numeric cells, by row number and column: numbers already, read
    /// with a point whatever `mark` says.
    pub numeric: HashSet<(usize, usize)>,
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
}

/// A CSV text as a table: the separator (`,`, `;` or tab) told from its header line,
/// a byte-order mark skipped, CRLF line ends read.
pub(crate) fn csv_table(text: &str) -> Result<Table, Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let separator = crate::read::csv_input::separator(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut header = None;
    // The csv crate counts LF only; people's editors count CRLF and CR too.
    let mut lines = LineCounter::new(text);
    for result in reader.records() {
        let record = result
            .map_err(|e| Problem::new(ProblemKind::Syntax, "", format!("invalid CSV: {e}")))?;
        let line = record.position().map_or(0, |p| {
            lines.line_at(usize::try_from(p.byte()).unwrap_or(usize::MAX))
        });
        match header {
            None => header = Some(record.iter().map(str::to_owned).collect()),
            Some(_) => rows.push((line, record)),
        }
    }
    Ok(Table {
        sheet: None,
        header: header.unwrap_or_default(),
        rows,
        mark: DecimalMark::of_separator(separator),
        numeric: HashSet::new(),
    })
}

/// The first sheet of a workbook as a table of text cells.
#[cfg(feature = "xlsx")]
pub(crate) fn workbook_table(bytes: &[u8]) -> Result<Table, Problem> {
    use calamine::{Data, Reader};
    let unreadable = |e: &dyn std::fmt::Display| {
        Problem::new(
            ProblemKind::Syntax,
            "",
            format!("expected an Excel workbook (.xlsx), found one that cannot be read: {e}"),
        )
    };
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let sheet = book.sheet_names().first().cloned().unwrap_or_default();
    let range = match book.worksheet_range_at(0) {
        Some(range) => range.map_err(|e| unreadable(&e))?,
        None => return Err(unreadable(&"it has no sheet")),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let text = |cell: &Data| match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Float(f) => shown(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    };
    // Cells left of the range's start are empty: pad so columns keep their letters.
    let pad = usize::try_from(left).unwrap_or(0);
    let mut numeric = HashSet::new();
    let mut rows = range.rows().enumerate().map(|(k, cells)| {
        let line = usize::try_from(top).unwrap_or(0) + k + 1;
        for (c, cell) in cells.iter().enumerate() {
            if matches!(cell, Data::Float(_) | Data::Int(_)) {
                numeric.insert((line, pad + c));
            }
        }
        let cells: Vec<String> = std::iter::repeat_n(String::new(), pad)
            .chain(cells.iter().map(text))
            .collect();
        (line, csv::StringRecord::from(cells))
    });
    let header = rows
        .next()
        .map(|(_, cells)| cells.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    let rows = rows.collect();
    Ok(Table {
        sheet: Some(sheet),
        header,
        rows,
        // A number typed as text in a workbook: its own marks tell, or it is a problem.
        mark: DecimalMark::Either,
        numeric,
    })
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
