//! Submissions from a spreadsheet: one row per body and rater, from a CSV file or the
//! first sheet of an `.xlsx` workbook.
//!
//! The header names the columns: `agency_id`, `agency_name`, `category` (when the
//! instrument declares categories), `region`, `rater` and `rater_group` (optional), then
//! one column per question headed by its id (`JI01`) and, optionally, its evidence
//! (`JI01.evidence`). Each row becomes a [`Submission`] checked like any other, so the
//! same answers score the same from JSON, CSV or a workbook. A problem in a cell rejects
//! its row only, located at the row (the record's `line`) and the column — the JSON
//! path (`/answers/JI02/value`) and, in the message, the column or the cell
//! (`Sheet1!F7`).

use std::collections::BTreeMap;

use crate::model::id::CategoryId;
use crate::model::instrument::{ChecklistItem, ChoiceOption, Instrument, QuestionKind};
use crate::model::submission::{Agency, Answer, AnswerValue, Submission};
use crate::model::view::View;
use crate::read::record::{AgencyRef, Record};
use crate::read::sheet_header::{AGENCY_COLUMNS, Column, columns, unread_rows};
use crate::read::table::{Table, letters};
use crate::text::language::Language;
use crate::text::number::{DecimalMark, read_written_number};
use crate::text::problem::{Problem, ProblemKind, Report};

/// Reads a sheet's rows as submissions to `instrument`, each checked with `check`. A
/// header that names no question, names one twice, or lacks the agency's columns is a
/// problem of the whole file: one failed record, nothing read.
pub(crate) fn submissions(
    table: &Table,
    instrument: &Instrument,
    check: &Check,
) -> Vec<Record<Submission>> {
    let mut records = Vec::new();
    each_chunk::<()>(table, instrument, None, check, usize::MAX, |chunk| {
        records.extend(chunk.into_iter().filter_map(|row| match row {
            Row::Record(record) => Some(record),
            Row::Sheet(..) => None,
        }));
    });
    records
}

/// A row read: straight to a sheet (plainly valid, read by the fast path), or a
/// record from the careful reader, which reports every problem.
// Rows go by the thousand to their consumer, which takes each at once; the careful
// reader's own `Row<()>` only ever holds records.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Row<S> {
    Sheet(usize, S),
    Record(Record<Submission>),
}

/// The fast path a row is offered to first: its answers as a [`View`] in, a sheet out
/// (`None`: the careful reader takes the row). The batch gives the plan's.
pub(crate) type Quick<'q, S> = dyn Fn(View<'_>) -> Option<S> + Sync + 'q;

/// A checker of submissions, shared by the threads that read rows.
pub(crate) type Check<'c> = dyn Fn(&Submission) -> Report + Sync + 'c;

/// Reads a sheet's rows as submissions, `chunk` rows at a time on every core, handing
/// each chunk's records, in row order, to `take`: so that a large sheet is never held
/// as submissions whole. A header problem is one failed record; no row, another.
pub(crate) fn each_chunk<S: Send>(
    table: &Table,
    instrument: &Instrument,
    quick_path: Option<&Quick<S>>,
    check: &Check,
    chunk: usize,
    mut take: impl FnMut(Vec<Row<S>>),
) {
    use crate::text::par::prelude::*;
    let columns = match columns(table, instrument) {
        Ok(columns) => columns,
        Err(report) => {
            let mut rows = unread_rows(table, report);
            rows.extend(swallowed(table));
            take(rows.into_iter().map(Row::Record).collect());
            return;
        }
    };
    let rows: Vec<&(usize, csv::StringRecord)> = table.body_rows().collect();
    // Each evidence column's question column, found once a file.
    let targets: Vec<Option<usize>> = columns
        .iter()
        .map(|c| match c {
            Column::Evidence(q) => columns
                .iter()
                .position(|v| matches!(v, Column::Value(x) if std::ptr::eq(*x, *q))),
            _ => None,
        })
        .collect();
    for part in rows.chunks(chunk.max(1)) {
        let rows: Vec<Row<S>> = part
            .par_iter()
            .map(|(line, cells)| {
                // A damaged row goes to the careful reader, which names the damage.
                let damaged = table.damage.contains_key(line);
                let sheet = quick_path.filter(|_| !damaged).and_then(|to_sheet| {
                    quick(
                        &instrument.id,
                        table,
                        &columns,
                        &targets,
                        *line,
                        cells,
                        to_sheet,
                    )
                });
                match sheet {
                    Some(sheet) => Row::Sheet(*line, sheet),
                    None => Row::Record(row(table, &columns, instrument, *line, cells, check)),
                }
            })
            .collect();
        take(rows);
    }
    let swallowed: Vec<Row<S>> = swallowed(table).into_iter().map(Row::Record).collect();
    if !swallowed.is_empty() {
        take(swallowed);
    }
    if rows.is_empty() && table.swallowed.is_empty() {
        take(vec![Row::Record(Record {
            line: None,
            path: String::new(),
            value: Err(Report::from(
                Problem::new(
                    ProblemKind::Syntax,
                    "",
                    "expected at least one row of answers below the header, found none",
                )
                .with_indonesian(
                    "seharusnya ada setidaknya satu baris jawaban di bawah baris judul, ternyata tidak ada",
                ),
            )),
            agency: None,
        })]);
    }
}

/// Rows an unclosed quote swallowed: each named under its agency, so that no body
/// vanishes.
fn swallowed(table: &Table) -> Vec<Record<Submission>> {
    table
        .swallowed
        .iter()
        .map(|s| {
            let problem = Problem::new(
                ProblemKind::Syntax,
                "",
                format!(
                    "expected this line to be a row of its own, found it inside a cell of row {} \
                     (a quote there does not close): not read; close or remove that quote",
                    s.by
                ),
            )
            .with_indonesian(format!(
                "seharusnya baris ini baris tersendiri, ternyata terbaca di dalam sel baris {} \
                 (tanda kutip di sana tidak ditutup): tidak dibaca; tutup atau hapus tanda \
                 kutip itu",
                s.by
            ));
            Record {
                line: Some(s.line),
                path: String::new(),
                value: Err(Report::from(problem).in_record(s.line)),
                agency: s.agency.as_ref().map(|id| AgencyRef {
                    id: id.clone(),
                    category: s.category.as_deref().map(CategoryId::from),
                    region: s.region.clone(),
                }),
            }
        })
        .collect()
}

/// A plainly valid row straight to a sheet, each cell turned into the JSON text it
/// stands for; `None` for anything unusual (an unknown word, an empty name), which the
/// careful reader then reports.
fn quick<S>(
    instrument: &str,
    table: &Table,
    columns: &[Column],
    targets: &[Option<usize>],
    line: usize,
    cells: &csv::StringRecord,
    to_sheet: &Quick<S>,
) -> Option<S> {
    let mut agency: [Option<&str>; AGENCY_COLUMNS.len()] = [None; AGENCY_COLUMNS.len()];
    let mut texts: Vec<String> = Vec::with_capacity(columns.len());
    let mut answers: Vec<(&str, Option<usize>, bool, usize)> = Vec::with_capacity(columns.len());
    // The answer each column gave (by index), and each evidence column's link count.
    let mut answer_of: Vec<Option<usize>> = vec![None; columns.len()];
    let mut evidence: Vec<(usize, usize)> = Vec::new();
    for (k, (column, cell)) in columns.iter().zip(cells.iter()).enumerate() {
        let cell = cell.trim();
        match column {
            Column::Unnamed if cell.is_empty() => {}
            // A cell under no header: the careful reader names it.
            Column::Unnamed => return None,
            Column::Agency(name) => {
                let k = AGENCY_COLUMNS.iter().position(|c| c == name)?;
                if !cell.is_empty() {
                    *agency.get_mut(k)? = Some(cell);
                }
            }
            Column::Evidence(_) => {
                if let Some(Some(target)) = targets.get(k) {
                    evidence.push((*target, cell.split_whitespace().count()));
                }
            }
            Column::Value(_) if cell.is_empty() => {}
            Column::Value(q) if cell.eq_ignore_ascii_case("na") => {
                *answer_of.get_mut(k)? = Some(answers.len());
                answers.push((q.id.as_str(), None, true, 0));
            }
            Column::Value(q) => {
                texts.push(json_text(q, cell, table.mark_at(line, k))?);
                *answer_of.get_mut(k)? = Some(answers.len());
                answers.push((q.id.as_str(), Some(texts.len() - 1), false, 0));
            }
        }
    }
    for (column, count) in evidence {
        if let Some(answer) = answer_of
            .get(column)
            .copied()
            .flatten()
            .and_then(|a| answers.get_mut(a))
        {
            answer.3 = count;
        }
    }
    let [id, name, category, region, rater, rater_group, submitted_at] = agency;
    let view = crate::read::fastread::RowView {
        id: id?,
        name: name?,
        category,
        region,
        rater,
        rater_group,
        submitted_at,
        answers: answers
            .into_iter()
            .map(|(id, text, na, evidence)| {
                let value = text.and_then(|k| texts.get(k)).map(String::as_str);
                (id, value, na, evidence)
            })
            .collect(),
    };
    to_sheet(crate::read::fastread::view_of_row(instrument, view))
}

/// The JSON text a cell stands for, as the careful reader reads it; `None` when it is
/// not plainly one (left to the careful reader to report).
fn json_text(
    question: &crate::model::instrument::Question,
    cell: &str,
    mark: DecimalMark,
) -> Option<String> {
    match &question.kind {
        QuestionKind::YesNo => Some(yes_no(cell)?.to_string()),
        QuestionKind::Choice { options } => {
            let option = ChoiceOption::by_word(options, cell)?;
            serde_json::to_string(&option.id).ok()
        }
        QuestionKind::Checklist { items } => {
            let ids: Option<Vec<&str>> = checklist(cell)
                .into_iter()
                .map(|word| ChecklistItem::by_word(items, word).map(|i| i.id.as_str()))
                .collect();
            serde_json::to_string(&ids?).ok()
        }
        QuestionKind::Number { .. } | QuestionKind::Scale { .. } | QuestionKind::Rating => {
            let number = read_written_number(cell, mark).ok()?;
            // As a JSON string: the careful reader reads the same decimal from either.
            serde_json::to_string(&number.to_string()).ok()
        }
        QuestionKind::Text => serde_json::to_string(cell).ok(),
    }
}

/// One row as a submission, checked.
fn row(
    table: &Table,
    columns: &[Column],
    instrument: &Instrument,
    line: usize,
    cells: &csv::StringRecord,
    check: &Check,
) -> Record<Submission> {
    let mut fixed: BTreeMap<&str, String> = BTreeMap::new();
    let mut answers: BTreeMap<String, Answer> = BTreeMap::new();
    let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut report = Report::new();
    for (en, id) in table.damage.get(&line).into_iter().flatten() {
        report.push(Problem::new(ProblemKind::Syntax, "", en.clone()).with_indonesian(id.clone()));
    }
    for (k, (column, cell)) in columns.iter().zip(cells.iter()).enumerate() {
        let cell = cell.trim();
        match column {
            Column::Unnamed if cell.is_empty() => {}
            Column::Unnamed => {
                let shown: String = cell.chars().take(40).collect();
                let (at, di) = (place(table, k, line), tempat(table, k, line));
                report.push(
                    Problem::new(
                        ProblemKind::UnknownField,
                        "",
                        format!(
                            "expected no cell under a column without a header, found \
                             `{shown}` ({at}): give the column a header or clear the cell"
                        ),
                    )
                    .with_indonesian(format!(
                        "seharusnya tidak ada isi di kolom tanpa judul, ternyata `{shown}` \
                         ({di}): beri kolom itu judul atau kosongkan selnya"
                    )),
                );
            }
            Column::Agency(name) => {
                if !cell.is_empty() {
                    fixed.insert(name, cell.to_owned());
                }
            }
            Column::Evidence(question) => {
                let links: Vec<String> = cell.split_whitespace().map(str::to_owned).collect();
                if !links.is_empty() {
                    evidence.insert(question.id.clone(), links);
                }
            }
            Column::Value(question) => match value(question, cell, table.mark_at(line, k)) {
                Ok(Some(answer)) => {
                    answers.insert(question.id.clone(), answer);
                }
                Ok(None) => {}
                Err((en, id)) => {
                    let path = format!("/answers/{}/value", question.id);
                    let (at, di) = (place(table, k, line), tempat(table, k, line));
                    report.push(
                        Problem::new(ProblemKind::InvalidValue, path, format!("{en} ({at})"))
                            .with_indonesian(format!("{id} ({di})")),
                    );
                }
            },
        }
    }
    // Nothing under the header's columns, only damage (a stray cell far away): the
    // damage alone, not every column it leaves empty.
    let damage = table.damage.get(&line).map_or(0, Vec::len);
    if damage > 0
        && fixed.is_empty()
        && answers.is_empty()
        && evidence.is_empty()
        && report.len() == damage
    {
        return Record {
            line: Some(line),
            path: String::new(),
            value: Err(report.in_record(line)),
            agency: None,
        };
    }
    for (question, links) in evidence {
        if let Some(answer) = answers.get_mut(&question) {
            answer.evidence = links;
        }
    }
    for (needed, path) in [("agency_id", "/agency/id"), ("agency_name", "/agency/name")] {
        if !fixed.contains_key(needed) {
            let column = columns.iter().position(|c| *c == Column::Agency(needed));
            let at = column.map_or(String::new(), |k| format!(" ({})", place(table, k, line)));
            let di = column.map_or(String::new(), |k| format!(" ({})", tempat(table, k, line)));
            report.push(
                Problem::new(
                    ProblemKind::MissingField,
                    path,
                    format!("expected a value in `{needed}`, found an empty cell{at}"),
                )
                .with_indonesian(format!(
                    "seharusnya `{needed}` terisi, ternyata sel kosong{di}"
                )),
            );
        }
    }
    let agency = Agency {
        id: fixed.remove("agency_id").unwrap_or_default(),
        name: fixed.remove("agency_name").unwrap_or_default(),
        category: fixed.remove("category").map(CategoryId::from),
        region: fixed.remove("region"),
    };
    let agency_ref = (!agency.id.is_empty()).then(|| AgencyRef {
        id: agency.id.clone(),
        category: agency.category.clone(),
        region: agency.region.clone(),
    });
    let submission = Submission {
        instrument: instrument.id.clone(),
        agency,
        rater: fixed.remove("rater"),
        rater_group: fixed.remove("rater_group"),
        submitted_at: None,
        answers,
    };
    // The time is read here, not by the submission's checks: its problem names its cell.
    let mut submission = submission;
    if let Some(text) = fixed.remove("submitted_at") {
        match crate::text::moment::Moment::parse(&text) {
            Ok(moment) => submission.submitted_at = Some(moment),
            Err(e) => {
                let (en, id) = e.sentences();
                let k = columns
                    .iter()
                    .position(|c| *c == Column::Agency("submitted_at"));
                let at = k.map_or(String::new(), |k| format!(" ({})", place(table, k, line)));
                let di = k.map_or(String::new(), |k| format!(" ({})", tempat(table, k, line)));
                report.push(
                    Problem::new(
                        ProblemKind::InvalidValue,
                        "/submitted_at",
                        format!("{en}{at}"),
                    )
                    .with_indonesian(format!("{id}{di}")),
                );
            }
        }
    }
    for mut problem in check(&submission) {
        if let Some(k) = column_of(&problem.path, columns) {
            problem.message = format!("{} ({})", problem.message, place(table, k, line));
            if let Some(id) = problem.indonesian.take() {
                let with = format!("{id} ({})", tempat(table, k, line));
                problem = problem.with_indonesian(with);
            }
        }
        report.push(problem);
    }
    Record {
        line: Some(line),
        path: String::new(),
        value: if report.is_empty() {
            Ok(submission)
        } else {
            Err(report.in_record(line))
        },
        agency: agency_ref,
    }
}

/// A cell's answer to `question`: `None` for an empty cell (unanswered).
fn value(
    question: &crate::model::instrument::Question,
    cell: &str,
    mark: DecimalMark,
) -> Result<Option<Answer>, (String, String)> {
    if cell.is_empty() {
        return Ok(None);
    }
    let answer = |value| {
        Ok(Some(Answer {
            value: Some(value),
            na: false,
            evidence: Vec::new(),
        }))
    };
    if cell.eq_ignore_ascii_case("na") {
        return Ok(Some(Answer {
            value: None,
            na: true,
            evidence: Vec::new(),
        }));
    }
    match &question.kind {
        QuestionKind::YesNo => match yes_no(cell) {
            Some(yes) => answer(AnswerValue::Bool(yes)),
            None => Err((
                format!("expected `ya` or `tidak` (`yes`/`no`, `true`/`false`), found `{cell}`"),
                format!("seharusnya `ya` atau `tidak`, ternyata `{cell}`"),
            )),
        },
        // A word that names no option or item is kept as written, for the check to
        // report with the ids it expected.
        QuestionKind::Choice { options } => {
            let id = ChoiceOption::by_word(options, cell).map_or(cell, |o| o.id.as_str());
            answer(AnswerValue::Text(id.to_owned()))
        }
        QuestionKind::Checklist { items } => answer(AnswerValue::List(
            checklist(cell)
                .into_iter()
                .map(|word| ChecklistItem::by_word(items, word).map_or(word, |i| i.id.as_str()))
                .map(str::to_owned)
                .collect(),
        )),
        QuestionKind::Number { .. } | QuestionKind::Scale { .. } | QuestionKind::Rating => {
            match read_written_number(cell, mark) {
                Ok(number) => answer(AnswerValue::Number(number)),
                Err(e @ crate::text::number::NumberError::Decimal(_)) => Err((
                    format!("expected a number, found {e}"),
                    format!(
                        "seharusnya angka, ternyata {}",
                        e.message_in(Language::Indonesian)
                    ),
                )),
                Err(e) => Err((
                    format!("expected a number in this file's way of writing them: {e}"),
                    format!(
                        "seharusnya angka yang ditulis menurut cara berkas ini: {}",
                        e.message_in(Language::Indonesian)
                    ),
                )),
            }
        }
        QuestionKind::Text => answer(AnswerValue::Text(cell.to_owned())),
    }
}

/// A yes/no cell: `ya`, `yes`, `true` or `tidak`, `no`, `false`, in any case.
fn yes_no(cell: &str) -> Option<bool> {
    match cell.to_lowercase().as_str() {
        "ya" | "yes" | "true" => Some(true),
        "tidak" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// A checklist cell's item ids: separated by `;`, a lone `-` for none chosen.
fn checklist(cell: &str) -> Vec<&str> {
    if cell == "-" {
        return Vec::new();
    }
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

/// The column a problem's path points into, if the sheet has one for it.
fn column_of(path: &str, columns: &[Column]) -> Option<usize> {
    let mut parts = path.split('/').skip(1);
    let first = parts.next()?;
    match first {
        "agency" => {
            let field = match parts.next()? {
                "id" => "agency_id",
                "name" => "agency_name",
                other => other,
            };
            columns
                .iter()
                .position(|c| matches!(c, Column::Agency(name) if *name == field))
        }
        "rater" | "rater_group" | "submitted_at" => columns
            .iter()
            .position(|c| matches!(c, Column::Agency(name) if *name == first)),
        "answers" => {
            let id = parts.next()?;
            let evidence = parts.next() == Some("evidence");
            columns.iter().position(|c| match c {
                Column::Value(q) => !evidence && q.id == id,
                Column::Evidence(q) => evidence && q.id == id,
                Column::Agency(_) | Column::Unnamed => false,
            })
        }
        _ => None,
    }
}

/// Where a cell is, for people, in `language`: `column F` / `kolom F` in a CSV,
/// `cell Sheet1!F7` / `sel Sheet1!F7` in a workbook.
fn place_in(table: &Table, column: usize, line: usize, language: Language) -> String {
    let (cell, col) = match language {
        Language::English => ("cell", "column"),
        _ => ("sel", "kolom"),
    };
    match &table.sheet {
        Some(sheet) => format!("{cell} {sheet}!{}{line}", letters(column)),
        None => match table.header.get(column).map_or("", |h| h.trim()) {
            "" => format!("{col} {}", letters(column)),
            name => format!("{col} {} `{name}`", letters(column)),
        },
    }
}

/// [`place_in`] in English.
fn place(table: &Table, column: usize, line: usize) -> String {
    place_in(table, column, line, Language::English)
}

/// [`place_in`] in Indonesian.
fn tempat(table: &Table, column: usize, line: usize) -> String {
    place_in(table, column, line, Language::Indonesian)
}

#[cfg(test)]
mod tests {
    use super::letters;

    #[test]
    fn columns_are_lettered_as_spreadsheets_letter_them() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(5), "F");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(701), "ZZ");
        assert_eq!(letters(702), "AAA");
    }
}
