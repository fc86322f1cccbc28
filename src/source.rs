//! Reading files that hold many records — submissions, verification entries, stage
//! scores, roster entries — as one JSON object, a JSON array, or JSON Lines.
//!
//! A bad record never hides the good ones: each record is read on its own and comes back
//! as a [`Record`] holding the value or every problem found in it.

use crate::decode::{self, Decoder, LineIndex};
use crate::instrument::Instrument;
use crate::json::{self, Node, Value};
use crate::problem::{Problem, ProblemKind, Report};
use crate::submission::{Agency, Submission, read_agency, read_submission};
use crate::verification::{StageScore, Verification, read_stage_score, read_verification};

/// How the records of a file are framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// One JSON document: a single record (an object) or an array of records.
    Json,
    /// JSON Lines: one record per line; blank lines are skipped.
    JsonLines,
}

impl Framing {
    /// The framing a file name suggests: JSON Lines for `.jsonl` and `.ndjson`, else JSON.
    ///
    /// ```
    /// use kip_index::Framing;
    /// assert_eq!(Framing::from_file_name("batch.jsonl"), Framing::JsonLines);
    /// assert_eq!(Framing::from_file_name("kota-serang.json"), Framing::Json);
    /// ```
    pub fn from_file_name(name: &str) -> Framing {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
            Framing::JsonLines
        } else {
            Framing::Json
        }
    }
}

/// Turns a file's bytes into text, or says at which byte it stops being UTF-8.
///
/// ```
/// use kip_index::text_from_bytes;
/// assert_eq!(text_from_bytes(b"{}").ok(), Some("{}"));
/// let problem = text_from_bytes(b"{\"a\": \"\xff\"}").unwrap_err();
/// assert!(problem.message.contains("byte 7"));
/// ```
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| {
        Problem::new(
            ProblemKind::Syntax,
            "",
            format!(
                "expected UTF-8 text, found an invalid byte at byte {} (counting from 0)",
                e.valid_up_to()
            ),
        )
    })
}

/// One record read from a file: where it stood, and its value or its problems.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<T> {
    /// The 1-based line of the record in a JSON Lines file.
    pub line: Option<usize>,
    /// The JSON pointer of the record in its document (`/3` for the fourth element of an
    /// array, `""` for a lone object or a JSON Lines record).
    pub path: String,
    /// The value, or every problem found in the record (paths are from the document's
    /// root, and `record` is set for JSON Lines).
    pub value: Result<T, Report>,
}

/// Reads every submission of a file and checks each against `instrument` (SPEC 4).
///
/// ```
/// use kip_index::{Framing, Instrument, read_submissions};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let text = concat!(
///     r#"{"instrument":"monev-kip-2025","agency":{"id":"1","name":"A","category":"pemkot"},"answers":{}}"#, "\n",
///     r#"{"instrument":"monev-kip-2025","agency":{"id":"2","name":"B"},"answers":{}}"#, "\n",
/// );
/// let records = read_submissions(text, Framing::JsonLines, &instrument);
/// assert!(records[0].value.is_ok());
/// let problems = records[1].value.as_ref().unwrap_err();
/// assert_eq!(problems.problems()[0].path, "/agency/category");
/// assert_eq!(problems.problems()[0].record, Some(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_submissions(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
) -> Vec<Record<Submission>> {
    read_records(text, framing, read_submission, &|s| {
        instrument.check_submission(s)
    })
}

/// Reads every verification entry of a file and checks each against `instrument`
/// (one entry per agency is checked across a batch by
/// [`find_duplicate_verifications`](crate::find_duplicate_verifications)).
pub fn read_verifications(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
) -> Vec<Record<Verification>> {
    read_records(text, framing, read_verification, &|v| {
        instrument.check_verification(v)
    })
}

/// Reads every stage score of a JSON or JSON Lines file and checks each against
/// `instrument`.
pub fn read_stage_scores(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
) -> Vec<Record<StageScore>> {
    read_records(text, framing, read_stage_score, &|s| {
        instrument.check_stage_score(s)
    })
}

/// Reads every agency of a JSON or JSON Lines roster and checks its category against
/// `instrument`.
pub fn read_roster(text: &str, framing: Framing, instrument: &Instrument) -> Vec<Record<Agency>> {
    read_records(text, framing, read_agency, &|a| {
        instrument.check_agency(a, "")
    })
}

/// Finds submissions of the same agency from the same rater (SPEC 4): every copy is
/// named, so that all of them can be rejected. Returns, for each record index that is a
/// duplicate, the problem to report.
pub fn find_duplicate_submissions<'a>(
    submissions: impl IntoIterator<Item = (usize, &'a Submission)>,
) -> Vec<(usize, Problem)> {
    let mut by_key: std::collections::BTreeMap<(&str, Option<&str>), Vec<usize>> =
        Default::default();
    for (i, s) in submissions {
        by_key.entry(s.key()).or_default().push(i);
    }
    let mut out = Vec::new();
    for ((agency, rater), copies) in by_key {
        if copies.len() < 2 {
            continue;
        }
        let who = match rater {
            Some(r) => format!("agency `{agency}` from rater `{r}`"),
            None => format!("agency `{agency}`"),
        };
        for &i in &copies {
            out.push((
                i,
                Problem::new(
                    ProblemKind::DuplicateSubmission,
                    "/agency/id",
                    format!("expected one submission of {who} in the batch, found {}; every copy is rejected", copies.len()),
                ),
            ));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

type ReadFn<T> = fn(&mut Decoder, &Node, &str) -> Option<T>;
type CheckFn<'c, T> = &'c dyn Fn(&T) -> Report;

fn read_records<T>(
    text: &str,
    framing: Framing,
    read: ReadFn<T>,
    check: CheckFn<T>,
) -> Vec<Record<T>> {
    match framing {
        Framing::Json => read_json(text, read, check),
        Framing::JsonLines => read_json_lines(text, read, check),
    }
}

fn read_json<T>(text: &str, read: ReadFn<T>, check: CheckFn<T>) -> Vec<Record<T>> {
    let root = match decode::parse_document(text) {
        Ok(root) => root,
        Err(report) => return vec![failed(None, String::new(), report)],
    };
    match &root.value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| decode_one(text, &root, item, format!("/{i}"), None, read, check))
            .collect(),
        _ => vec![decode_one(
            text,
            &root,
            &root,
            String::new(),
            None,
            read,
            check,
        )],
    }
}

fn read_json_lines<T>(text: &str, read: ReadFn<T>, check: CheckFn<T>) -> Vec<Record<T>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let record = match json::parse(line) {
            Ok(node) => decode_one(
                line,
                &node,
                &node,
                String::new(),
                Some(line_no),
                read,
                check,
            ),
            Err(e) => {
                let mut p = Problem::new(
                    ProblemKind::Syntax,
                    "",
                    format!("invalid JSON: {}", e.message),
                );
                p.position = Some(LineIndex::new(line).position(e.offset));
                failed(
                    Some(line_no),
                    String::new(),
                    Report::from(p).in_record(line_no),
                )
            }
        };
        records.push(record);
    }
    records
}

fn decode_one<T>(
    text: &str,
    root: &Node,
    node: &Node,
    path: String,
    line: Option<usize>,
    read: ReadFn<T>,
    check: CheckFn<T>,
) -> Record<T> {
    let mut d = Decoder::new(text);
    let value = read(&mut d, node, &path);
    let mut report = d.report;
    // A value read despite shape problems (an unknown key, a duplicate answer) is still
    // checked for meaning, so that one run reports every problem.
    if let Some(v) = &value {
        // Meaning checks speak of paths inside the record; put them under its path.
        report.extend(
            check(v)
                .into_iter()
                .map(|mut p| {
                    p.path = format!("{path}{}", p.path);
                    p
                })
                .collect(),
        );
    }
    let mut report = decode::place(report, root, text);
    if let Some(line) = line {
        report = report.in_record(line);
    }
    let value = match value {
        Some(v) if report.is_empty() => Ok(v),
        _ => Err(report),
    };
    Record { line, path, value }
}

fn failed<T>(line: Option<usize>, path: String, report: Report) -> Record<T> {
    Record {
        line,
        path,
        value: Err(report),
    }
}
