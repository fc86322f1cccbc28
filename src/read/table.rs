//! A spreadsheet as a table of text cells: a CSV file (its separator told from the
//! header line) or the first sheet of an `.xlsx` workbook.

use crate::text::problem::{Problem, ProblemKind};

/// A sheet of text cells: its header, then its rows.
pub(crate) struct Table {
    /// The sheet's name, for cell references (`Sheet1!F7`); `None` for a CSV file.
    pub sheet: Option<String>,
    pub header: Vec<String>,
    /// Each row's 1-based number in the file or sheet, and its cells (one allocation a
    /// row).
    pub rows: Vec<(usize, csv::StringRecord)>,
    /// Numbers may carry a decimal comma (a CSV separated by `;` or tabs).
    pub decimal_comma: bool,
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
    for result in reader.records() {
        let record = result
            .map_err(|e| Problem::new(ProblemKind::Syntax, "", format!("invalid CSV: {e}")))?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        match header {
            None => header = Some(record.iter().map(str::to_owned).collect()),
            Some(_) => rows.push((line, record)),
        }
    }
    Ok(Table {
        sheet: None,
        header: header.unwrap_or_default(),
        rows,
        decimal_comma: separator != b',',
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
        // The shortest decimal that stands for the stored double: what Excel shows.
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::Error(e) => format!("#{e:?}"),
    };
    // Cells left of the range's start are empty: pad so columns keep their letters.
    let pad = usize::try_from(left).unwrap_or(0);
    let mut rows = range.rows().enumerate().map(|(k, cells)| {
        let line = usize::try_from(top).unwrap_or(0) + k + 1;
        let cells: Vec<String> = std::iter::repeat_n(String::new(), pad)
            .chain(cells.iter().map(text))
            .collect();
        (line, csv::StringRecord::from(cells))
    });
    let header = rows
        .next()
        .map(|(_, cells)| cells.iter().map(str::to_owned).collect())
        .unwrap_or_default();
    Ok(Table {
        sheet: Some(sheet),
        header,
        rows: rows.collect(),
        decimal_comma: false,
    })
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
