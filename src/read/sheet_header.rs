//! A sheet's header (*baris judul*): what each column holds — the agency's columns, a
//! question's answer or its evidence, or nothing (an empty header cell) — and, when the
//! header cannot be read, every row of the sheet rejected under its agency with the
//! header's problems, so that no body vanishes.

use std::collections::BTreeMap;

use crate::model::id::CategoryId;
use crate::model::instrument::Instrument;
use crate::model::submission::Submission;
use crate::read::record::{AgencyRef, Record};
use crate::read::table::{Table, bare, letters};
use crate::text::problem::{Problem, ProblemKind, Report};

/// The columns every sheet may have besides the questions.
pub(crate) const AGENCY_COLUMNS: [&str; 7] = [
    "agency_id",
    "agency_name",
    "category",
    "region",
    "rater",
    "rater_group",
    "submitted_at",
];

/// How many unknown header columns are named one by one before the rest are counted.
const NAMED_UNKNOWN: usize = 20;

/// What a column of the sheet holds.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Column<'i> {
    /// A column whose header cell is empty (`a;;b`): nothing is read from it, and a
    /// cell written under it is a problem of that cell's row.
    Unnamed,
    Agency(&'static str),
    Value(&'i crate::model::instrument::Question),
    Evidence(&'i crate::model::instrument::Question),
}

/// A header with problems: no row can be read, and each is rejected under its agency
/// (as far as its cells tell), so that no body vanishes — the first with every problem
/// of the header, the others naming the first. No row: the header's problems alone.
pub(crate) fn unread_rows(table: &Table, header: Report) -> Vec<Record<Submission>> {
    let at = table.header_line;
    let [id, category, region] = table.agency_columns();
    let (first_en, first_id) = header
        .iter()
        .next()
        .map(|p| {
            (
                p.message.clone(),
                p.message_in(crate::text::language::Language::Indonesian)
                    .to_owned(),
            )
        })
        .unwrap_or_default();
    let count = header.len();
    let mut first_row: Option<usize> = None;
    let mut rows = Vec::new();
    for (line, cells) in table.body_rows() {
        let cell = |k: Option<usize>| {
            k.and_then(|k| cells.get(k))
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
        };
        let mut report = Report::new();
        let more = match (count, first_row) {
            (1, _) => String::new(),
            (n, None) => format!(" (and {} more, below)", n - 1),
            (n, Some(row)) => format!(" (and {} more, named with row {row})", n - 1),
        };
        let lagi = match (count, first_row) {
            (1, _) => String::new(),
            (n, None) => format!(" (dan {} masalah lagi, di bawah)", n - 1),
            (n, Some(row)) => format!(" (dan {} masalah lagi, disebut pada baris {row})", n - 1),
        };
        report.push(
            Problem::new(
                ProblemKind::Syntax,
                "",
                format!("not read: the header (row {at}) has a problem: {first_en}{more}"),
            )
            .with_indonesian(format!(
                "tidak dibaca: baris judul (baris {at}) bermasalah: {first_id}{lagi}"
            )),
        );
        if first_row.is_none() {
            for problem in header.iter().skip(1) {
                report.push(problem.clone());
            }
            first_row = Some(*line);
        }
        rows.push(Record {
            line: Some(*line),
            path: String::new(),
            value: Err(report.in_record(*line)),
            agency: cell(id).map(|id| AgencyRef {
                id,
                category: cell(category).map(CategoryId::from),
                region: cell(region),
            }),
        });
    }
    if rows.is_empty() {
        rows.push(Record {
            line: Some(at),
            path: String::new(),
            value: Err(header.in_record(at)),
            agency: None,
        });
    }
    rows
}

/// Each header cell's meaning, or every problem with the header.
pub(crate) fn columns<'i>(
    table: &Table,
    instrument: &'i Instrument,
) -> Result<Vec<Column<'i>>, Report> {
    let mut unknown = 0usize;
    let mut report = Report::new();
    let mut columns = Vec::with_capacity(table.header.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let question = |id: &str| {
        instrument
            .iter_questions()
            .find(|q| q.id.eq_ignore_ascii_case(id))
    };
    for (k, name) in table.header.iter().enumerate() {
        let name = name.trim();
        if name.is_empty() {
            columns.push(Column::Unnamed);
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let column = if let Some(fixed) = AGENCY_COLUMNS.iter().find(|c| **c == lower) {
            Some(Column::Agency(fixed))
        } else if let Some(id) = lower.strip_suffix(".evidence") {
            question(id).map(Column::Evidence)
        } else {
            question(name).map(Column::Value)
        };
        let Some(column) = column else {
            // A header of thousands of stray names: the first few named, then a count, so
            // that the problems stay as small as the mistake.
            unknown += 1;
            if unknown > NAMED_UNKNOWN {
                continue;
            }
            // `KI-02`, `ki 02`, `agency id`: the column meant, when only punctuation
            // differs.
            let (stem, evidence) = match lower.strip_suffix(".evidence") {
                Some(stem) => (stem, ".evidence"),
                None => (lower.as_str(), ""),
            };
            let agency = (AGENCY_COLUMNS.iter()).find(|c| bare(c) == bare(&lower));
            let question = (instrument.iter_questions())
                .find(|q| !bare(stem).is_empty() && bare(&q.id) == bare(stem))
                .map(|q| format!("{}{evidence}", q.id));
            let meant = agency
                .map(|c| (*c).to_owned())
                .or(question)
                .map(|m| {
                    (
                        format!(" (did you mean `{m}`?)"),
                        format!(" (maksudnya `{m}`?)"),
                    )
                })
                .unwrap_or_default();
            report.push(
                Problem::new(
                    ProblemKind::UnknownField,
                    "",
                    format!(
                        "expected a column of the agency ({}) or a question of `{}` (`JI01`, \
                         `JI01.evidence`), found `{name}` in column {}{}",
                        AGENCY_COLUMNS.join(", "),
                        instrument.id,
                        letters(k),
                        meant.0
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya kolom badan publik ({}) atau pertanyaan instrumen `{}` (`JI01`, \
                     `JI01.evidence`), ternyata `{name}` di kolom {}{}",
                    AGENCY_COLUMNS.join(", "),
                    instrument.id,
                    letters(k),
                    meant.1
                )),
            );
            continue;
        };
        if let Some(first) = seen.insert(lower.clone(), k) {
            report.push(
                Problem::new(
                    ProblemKind::DuplicateId,
                    "",
                    format!(
                        "expected each column once, found `{name}` in columns {} and {}",
                        letters(first),
                        letters(k)
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya setiap kolom sekali, ternyata `{name}` ada di kolom {} dan {}",
                    letters(first),
                    letters(k)
                )),
            );
        }
        columns.push(column);
    }
    if unknown > NAMED_UNKNOWN {
        let more = unknown - NAMED_UNKNOWN;
        report.push(
            Problem::new(
                ProblemKind::UnknownField,
                "",
                format!("and {more} more columns that name neither the agency nor a question"),
            )
            .with_indonesian(format!(
                "dan {more} kolom lagi yang bukan kolom badan publik maupun pertanyaan"
            )),
        );
    }
    let mut required = vec!["agency_id", "agency_name"];
    if !instrument.categories.is_empty() {
        required.push("category");
    }
    for needed in required {
        if !seen.contains_key(needed) {
            report.push(
                Problem::new(
                    ProblemKind::MissingField,
                    "",
                    format!("expected a column `{needed}` in the header, found none"),
                )
                .with_indonesian(format!(
                    "seharusnya ada kolom `{needed}` di baris judul, ternyata tidak ada"
                )),
            );
        }
    }
    if report.is_empty() {
        Ok(columns)
    } else {
        Err(report)
    }
}
