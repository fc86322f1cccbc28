//! Submissions written as a spreadsheet: the layout [`read_submissions`] reads as
//! [`Framing::Csv`] — the header of agency and question columns, one row per body and
//! rater.
//!
//! [`read_submissions`]: crate::read_submissions
//! [`Framing::Csv`]: crate::Framing::Csv

use crate::model::instrument::{Instrument, QuestionKind};
use crate::model::submission::{AnswerValue, Submission};

/// The header of a spreadsheet of submissions to `instrument`: the agency's columns,
/// `rater` and `rater_group` when `raters`, `submitted_at` when the instrument has a
/// deadline, then each question and, where it takes evidence, its evidence column
/// (`JI01.evidence`).
pub fn submission_columns(instrument: &Instrument, raters: bool) -> Vec<String> {
    let mut header: Vec<String> = vec!["agency_id".into(), "agency_name".into()];
    if !instrument.categories.is_empty() {
        header.push("category".into());
    }
    header.push("region".into());
    if raters {
        header.push("rater".into());
        header.push("rater_group".into());
    }
    if instrument.deadline.is_some() {
        header.push("submitted_at".into());
    }
    for question in instrument.iter_questions() {
        header.push(question.id.clone());
        if question.evidence != crate::model::instrument::Evidence::None {
            header.push(format!("{}.evidence", question.id));
        }
    }
    header
}

/// Submissions as the CSV [`read_submissions`](crate::read_submissions) reads back to
/// the same answers: one row per submission under [`submission_columns`], cells
/// separated by `separator` (`b','` or `b';'`; with `;`, numbers get a decimal comma),
/// a byte-order mark first. Answers to questions the instrument lacks are left out.
///
/// ```
/// use kip_index::{Framing, Instrument, read_submissions, submissions_csv};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let text = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let submissions: Vec<_> = read_submissions(&text, Framing::JsonLines, &instrument)
///     .into_iter()
///     .filter_map(|r| r.value.ok())
///     .collect();
/// let csv = submissions_csv(&instrument, &submissions, b';');
/// let back = read_submissions(&csv, Framing::Csv, &instrument);
/// assert_eq!(back.len(), 8);
/// // Read back, every row scores as its JSON did.
/// let plan = kip_index::Plan::new(&instrument)?;
/// for (row, json) in back.iter().zip(&submissions) {
///     let row = row.value.as_ref().map_err(|r| r.to_string())?;
///     let score = |s| plan.score(&kip_index::Body::new(s)).map(|c| c.final_score);
///     assert_eq!(score(row)?, score(json)?);
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn submissions_csv(
    instrument: &Instrument,
    submissions: &[Submission],
    separator: u8,
) -> String {
    let raters = submissions
        .iter()
        .any(|s| s.rater.is_some() || s.rater_group.is_some());
    let header = submission_columns(instrument, raters);
    let decimal_comma = separator != b',';
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .from_writer(Vec::new());
    // Into memory, every row as long as the header (made from it): a failure is a
    // broken invariant, never a submission silently left out of the sheet.
    writer
        .write_record(&header)
        .expect("the header row, into memory");
    // Each column's question looked up once, not once a cell: the cost grows with
    // bodies × columns, never with the square of the questions.
    let questions: std::collections::HashMap<&str, &QuestionKind> = instrument
        .iter_questions()
        .map(|q| (q.id.as_str(), &q.kind))
        .collect();
    let kinds: Vec<Option<&QuestionKind>> = header
        .iter()
        .map(|column| questions.get(column.as_str()).copied())
        .collect();
    for submission in submissions {
        let row: Vec<String> = header
            .iter()
            .zip(&kinds)
            .map(|(column, kind)| cell(*kind, submission, column, decimal_comma))
            .collect();
        writer
            .write_record(&row)
            .expect("a row as long as the header, into memory");
    }
    let bytes = writer.into_inner().expect("a CSV written into memory");
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// One cell of a submission's row.
fn cell(
    kind: Option<&QuestionKind>,
    submission: &Submission,
    column: &str,
    decimal_comma: bool,
) -> String {
    let agency = &submission.agency;
    match column {
        "agency_id" => return agency.id.clone(),
        "agency_name" => return agency.name.clone(),
        "category" => return agency.category.as_deref().unwrap_or_default().to_owned(),
        "region" => return agency.region.clone().unwrap_or_default(),
        "rater" => return submission.rater.clone().unwrap_or_default(),
        "rater_group" => return submission.rater_group.clone().unwrap_or_default(),
        "submitted_at" => {
            return (submission.submitted_at.as_ref())
                .map_or(String::new(), |t| t.as_str().to_owned());
        }
        _ => {}
    }
    if let Some(id) = column.strip_suffix(".evidence") {
        return submission
            .answers
            .get(id)
            .map_or(String::new(), |a| a.evidence.join(" "));
    }
    let Some(answer) = submission.answers.get(column) else {
        return String::new();
    };
    if answer.na {
        return "NA".to_owned();
    }
    let yes_no = matches!(kind, Some(QuestionKind::YesNo));
    let numeric = matches!(
        kind,
        Some(QuestionKind::Number { .. } | QuestionKind::Scale { .. } | QuestionKind::Rating)
    );
    match &answer.value {
        None => String::new(),
        Some(AnswerValue::Bool(true)) if yes_no => "ya".to_owned(),
        Some(AnswerValue::Bool(false)) if yes_no => "tidak".to_owned(),
        Some(AnswerValue::Bool(b)) => b.to_string(),
        Some(AnswerValue::Number(n)) if decimal_comma => n.to_string().replace('.', ","),
        Some(AnswerValue::Number(n)) => n.to_string(),
        // A decimal written as a JSON string (`"84.25"`) is a number all the same.
        Some(AnswerValue::Text(t)) if numeric && decimal_comma => t.replace('.', ","),
        Some(AnswerValue::Text(t)) => t.clone(),
        Some(AnswerValue::List(items)) if items.is_empty() => "-".to_owned(),
        Some(AnswerValue::List(items)) => items.join(";"),
    }
}
