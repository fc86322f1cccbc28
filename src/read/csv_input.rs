//! Reading CSV inputs (stage scores, rosters) into records with the same problems, paths
//! and lines as JSON: `/ROW/COLUMN`, ROW counted from 0 after the header.
//!
//! Files are taken as spreadsheets save them: a comma, a semicolon (Excel in Indonesian
//! and other settings whose decimal mark is a comma) or a tab between cells, told from
//! the header line; with a semicolon or a tab, a decimal comma (`85,5`); a byte-order
//! mark; headers in any case.

use rust_decimal::Decimal;

use crate::model::id::CategoryId;
use crate::read::record::{AgencyRef, Record};
use crate::text::lines::LineCounter;
use crate::text::number::{DecimalMark, read_written_number};
use crate::text::problem::{Problem, ProblemKind, Report};

/// One data row being read: its fields by column name, and the problems found so far.
pub(crate) struct Row<'r> {
    header: &'r [String],
    /// How numbers are written (told from the separator).
    mark: DecimalMark,
    record: &'r csv::StringRecord,
    path: String,
    problems: Vec<Problem>,
}

impl Row<'_> {
    fn field(&self, column: &str) -> Option<&str> {
        let k = self
            .header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(column))?;
        self.record.get(k).map(str::trim)
    }

    fn problem(&mut self, kind: ProblemKind, column: &str, message: String) {
        let path = format!("{}/{column}", self.path);
        self.problems.push(Problem::new(kind, path, message));
    }

    /// A non-empty identifier.
    pub(crate) fn id(&mut self, column: &str) -> Result<String, ()> {
        self.text(column)
    }

    /// A non-empty text.
    pub(crate) fn text(&mut self, column: &str) -> Result<String, ()> {
        match self.field(column) {
            Some(v) if !v.is_empty() => Ok(v.to_owned()),
            _ => {
                self.problem(
                    ProblemKind::MissingField,
                    column,
                    format!("expected a value in column `{column}`, found an empty cell"),
                );
                if let Some(last) = self.problems.pop() {
                    self.problems.push(last.with_indonesian(format!(
                        "seharusnya kolom `{column}` terisi, ternyata sel kosong"
                    )));
                }
                Err(())
            }
        }
    }

    /// An optional text: `None` for an empty cell or an absent column.
    pub(crate) fn optional(&self, column: &str) -> Option<String> {
        self.field(column)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// An exact decimal.
    pub(crate) fn decimal(&mut self, column: &str) -> Result<Decimal, ()> {
        let text = self.text(column)?;
        read_written_number(&text, self.mark).map_err(|e| {
            self.problem(
                ProblemKind::InvalidValue,
                column,
                format!("expected a number in column `{column}`, found {e}"),
            );
            if let Some(last) = self.problems.pop() {
                self.problems.push(last.with_indonesian(format!(
                    "seharusnya angka di kolom `{column}`, ternyata {}",
                    e.message_in(crate::text::language::Language::Indonesian)
                )));
            }
        })
    }
}

/// Reads a CSV text whose header holds every `required` column (and maybe `optional`
/// ones); `build` makes a value of each row, `check` checks its meaning.
pub(crate) fn read<T>(
    text: &str,
    required: &[&str],
    optional: &[&str],
    build: impl Fn(&mut Row) -> Result<T, ()>,
    check: &dyn Fn(&T) -> Report,
    limits: &crate::Limits,
) -> Vec<Record<T>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Blank lines and Excel's `sep=;` line before the header, as a sheet of submissions.
    let (start, told) = header_start(text);
    let start = below_title(text, start, required);
    let body = text.get(start..).unwrap_or_default();
    let separator = told.unwrap_or_else(|| separator(body));
    let cells = limits.max_sheet_cells;
    if let Err(problem) = within_cells(text, start, separator, cells) {
        return vec![failed(None, String::new(), Report::from(problem))];
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(separator)
        .from_reader(body.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => return vec![failed(Some(1), String::new(), csv_problem(&e))],
    };
    let mut problems = Report::new();
    for column in required {
        if !header.iter().any(|h| h == column) {
            let columns = header
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let (name, nama) = match separator {
                b';' => ("semicolon", "titik koma"),
                b'\t' => ("tab", "tab"),
                _ => ("comma", "koma"),
            };
            problems.push(
                Problem::new(
                    ProblemKind::MissingField,
                    "",
                    format!(
                        "expected a column `{column}` in the header, found the columns {columns} \
                         (read as {name}-separated, the separator most frequent in the header line)"
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya ada kolom `{column}` di baris judul, ternyata kolomnya {columns} \
                     (dibaca dengan pemisah {nama}, pemisah yang paling sering di baris judul)"
                )),
            );
        }
    }
    for column in &header {
        if !required.contains(&column.as_str()) && !optional.contains(&column.as_str()) {
            let known = required
                .iter()
                .chain(optional)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            problems.push(
                Problem::new(
                    ProblemKind::UnknownField,
                    "",
                    format!("expected only the columns {known}, found `{column}`"),
                )
                .with_indonesian(format!(
                    "seharusnya hanya kolom {known}, ternyata ada `{column}`"
                )),
            );
        }
    }
    if !problems.is_empty() {
        return vec![failed(Some(1), String::new(), problems.in_record(1))];
    }
    let mut records = Vec::new();
    // The csv crate counts LF only; people's editors count CRLF and CR too.
    let mut lines = LineCounter::new(text);
    // A record's position is where the reader stood after the record before it: blank
    // lines between them come first, so the record's line is that of its first byte
    // that is not a line break.
    let bytes = body.as_bytes();
    let mut line_of = |p: &csv::Position| {
        let mut at = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        lines.line_at(start.saturating_add(at))
    };
    for (row, result) in reader.records().enumerate() {
        let path = format!("/{row}");
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(&mut line_of);
                let mut report = csv_problem(&e);
                if let Some(line) = line {
                    report = report.in_record(line);
                }
                records.push(failed(line, path, report));
                continue;
            }
        };
        // A row of empty cells (`;;;;;`, as a spreadsheet saves an empty row) is no
        // record, as a blank line is not.
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(&mut line_of);
        let mut cells = Row {
            header: &header,
            mark: DecimalMark::of_separator(separator),
            record: &record,
            path: path.clone(),
            problems: Vec::new(),
        };
        let value = build(&mut cells);
        let mut report: Report = cells.problems.drain(..).collect();
        if let Ok(v) = &value {
            for mut p in check(v) {
                p.path = format!("{path}{}", p.path);
                report.push(p);
            }
        }
        if let Some(line) = line {
            report = report.in_record(line);
        }
        let agency = ["agency", "id"]
            .iter()
            .find_map(|c| cells.optional(c))
            .map(|id| AgencyRef {
                id,
                category: cells.optional("category").map(CategoryId::from),
                region: cells.optional("region"),
            });
        records.push(Record {
            line,
            path,
            value: match value {
                Ok(v) if report.is_empty() => Ok(v),
                _ => Err(report),
            },
            agency,
        });
    }
    records
}

/// Where the header starts when a title stands above it (`Daftar Badan Publik
/// 2025;;;;`, as office sheets have): the first of the ten lines from `start` that
/// names every `required` column, or `start` when none does (its problems then name the
/// columns missing).
fn below_title(text: &str, start: usize, required: &[&str]) -> usize {
    let names_all = |line: &str| {
        let cells: Vec<String> = (line.split([',', ';', '\t']))
            .map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase())
            .collect();
        required.iter().all(|r| cells.iter().any(|c| c == r))
    };
    let mut at = start;
    for _ in 0..10 {
        let rest = text.get(at..).unwrap_or_default();
        let line = rest.split(['\n', '\r']).next().unwrap_or_default();
        if names_all(line) {
            return at;
        }
        match rest.find('\n') {
            Some(end) => at += end + 1,
            None => break,
        }
    }
    start
}

/// Where the header starts (after blank lines and lines of separators only — Excel's
/// empty top rows — and after Excel's `sep=;` line, whose separator it returns).
pub(crate) fn header_start(text: &str) -> (usize, Option<u8>) {
    let mut at = 0;
    let mut told = None;
    loop {
        let rest = text.get(at..).unwrap_or_default();
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line = rest.get(..end).unwrap_or_default();
        let next = at + end + line_end_len(rest.get(end..).unwrap_or_default());
        let lower = line.trim().to_ascii_lowercase();
        // Blank, or only separators (`;;;;`: Excel's empty top row).
        let empty = line
            .trim()
            .chars()
            .all(|c| matches!(c, ';' | ',' | '\t' | ' '));
        if empty && next > at && next < text.len() {
            at = next;
        } else if told.is_none()
            && let Some(sep) = lower.strip_prefix("sep=")
            && let [b] = sep.as_bytes()
        {
            told = Some(*b);
            at = next;
        } else {
            return (at, told);
        }
    }
}

fn line_end_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        0
    }
}

/// The separator of a CSV text: whichever of `,`, `;` and tab its header line holds most
/// of outside quotes (a comma when none).
pub(crate) fn separator(text: &str) -> u8 {
    // The header line, or — when it holds no separator at all (a title above the
    // header: "Rekap Jawaban SAQ 2025") — the first of the next lines that does.
    let mut lines = text
        .split(['\n', '\r'])
        .filter(|l| !l.trim().is_empty())
        .take(10);
    let first = lines.next().unwrap_or_default();
    let any = |l: &&str| l.bytes().any(|b| matches!(b, b',' | b';' | b'\t'));
    let header = match any(&first) {
        true => first,
        false => lines.find(any).unwrap_or(first),
    };
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for byte in header.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(count) = counts.iter_mut().find(|(c, _)| *c == byte) {
            count.1 += 1;
        }
    }
    // The first of the most frequent: a comma wins a tie.
    counts
        .iter()
        .fold(
            (b',', 0),
            |best, &(c, n)| if n > best.1 { (c, n) } else { best },
        )
        .0
}

/// The CSV reader's error in the sheet's words, in both languages: a row with another
/// number of cells than the header says so (the reader's own sentence counts lines its
/// way, not the file's).
fn csv_problem(e: &csv::Error) -> Report {
    let (en, id) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("expected {expected_len} cells, as in the header, found {len}"),
            format!("seharusnya {expected_len} sel, seperti baris judul, ternyata {len}"),
        ),
        _ => (format!("invalid CSV: {e}"), format!("CSV tidak sah: {e}")),
    };
    Report::from(Problem::new(ProblemKind::Syntax, "", en).with_indonesian(id))
}

fn failed<T>(line: Option<usize>, path: String, report: Report) -> Record<T> {
    Record {
        line,
        path,
        value: Err(report),
        agency: None,
    }
}

/// The most cells one row of a CSV file may have: a spreadsheet's widest (16,384
/// columns, `XFD`). Wider rows come from damaged or hostile files only.
pub(crate) const MAX_ROW_CELLS: usize = 16_384;

/// Checks, before a CSV reader holds any record, that no record has more than
/// [`MAX_ROW_CELLS`] cells and the file no more than `max_cells` in all: a reader keeps
/// a bound for every cell, so a 100 MB line of separators would take gigabytes. Quotes
/// are followed as a CSV reader follows them (a separator inside quotes is no cell).
/// The problem says where, and what was found, in both languages.
pub(crate) fn within_cells(
    text: &str,
    body_start: usize,
    separator: u8,
    max_cells: usize,
) -> Result<(), Problem> {
    #[derive(Clone, Copy, PartialEq)]
    enum At {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let body = text.as_bytes().get(body_start..).unwrap_or_default();
    let (mut at, mut cells, mut total, mut record_start) = (At::FieldStart, 1usize, 0usize, 0);
    let fail = |offset: usize, en: String, id: String| {
        let line = LineCounter::new(text).line_at(body_start.saturating_add(offset));
        Err(
            Problem::new(ProblemKind::InvalidValue, "", format!("{en} (line {line})"))
                .with_indonesian(format!("{id} (baris {line})")),
        )
    };
    for (i, &b) in body.iter().enumerate() {
        let end_of_record = match (at, b) {
            (At::Quoted, b'"') => {
                at = At::QuoteInQuoted;
                false
            }
            (At::Quoted, _) => false,
            (At::QuoteInQuoted, b'"') => {
                at = At::Quoted;
                false
            }
            (At::FieldStart, b'"') => {
                at = At::Quoted;
                false
            }
            (_, b'\n' | b'\r') => true,
            (_, c) if c == separator => {
                at = At::FieldStart;
                cells += 1;
                if cells > MAX_ROW_CELLS {
                    return fail(
                        record_start,
                        format!("expected at most {MAX_ROW_CELLS} cells in a row, found more"),
                        format!(
                            "seharusnya paling banyak {MAX_ROW_CELLS} sel dalam satu baris, ternyata lebih"
                        ),
                    );
                }
                false
            }
            _ => {
                at = At::Unquoted;
                false
            }
        };
        if end_of_record {
            total = total.saturating_add(cells);
            if total > max_cells {
                return fail(
                    record_start,
                    format!(
                        "expected at most {max_cells} cells in the file, found more by this row"
                    ),
                    format!(
                        "seharusnya paling banyak {max_cells} sel dalam berkas, ternyata lebih pada baris ini"
                    ),
                );
            }
            (at, cells, record_start) = (At::FieldStart, 1, i + 1);
        }
    }
    Ok(())
}
