//! Reading files that hold many records — submissions, verification entries, stage
//! scores, roster entries — as one JSON object, a JSON array, or JSON Lines.
//!
//! A bad record never hides the good ones: each record is read on its own and comes back
//! as a [`Record`] holding the value or every problem found in it.

use crate::model::id::CategoryId;
use crate::model::instrument::Instrument;
use crate::model::roster::{RosterEntry, read_roster_entry};
use crate::model::submission::{Agency, Submission, read_submission};
use crate::model::verification::{StageScore, Verification, read_stage_score, read_verification};
use crate::read::record::{AgencyRef, Record, empty_file, empty_json, failed};
use crate::text::decode::{self, Decoder, LineIndex, Lines};
use crate::text::json::{self, Node, Value};
use crate::text::problem::{Problem, ProblemKind, Report};

/// How the records of a file are framed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Framing {
    /// One JSON document: a single record (an object) or an array of records.
    Json,
    /// JSON Lines: one record per line; blank lines are skipped.
    JsonLines,
    /// CSV with a header row (submissions: one row per body and rater, see
    /// [`read_submissions`]; stage scores: `agency,stage,score`, one row per judge;
    /// rosters: `id,name,category,region`). Verification is JSON only.
    Csv,
}

impl Framing {
    /// The framing a file name suggests: JSON Lines for `.jsonl` and `.ndjson`, CSV for
    /// `.csv`, else JSON.
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
        } else if lower.ends_with(".csv") {
            Framing::Csv
        } else {
            Framing::Json
        }
    }
}

impl Framing {
    /// The framing of a text named `name`: its extension's when it has one that
    /// [`Framing::from_file_name`] knows (`.json`, `.jsonl`, `.ndjson`, `.csv`), else the
    /// text's own — an array is JSON, objects starting two or more lines are JSON Lines,
    /// one object is JSON, anything else is CSV.
    ///
    /// ```
    /// use kip_index::Framing;
    /// assert_eq!(Framing::detect("banten.jsonl", "[]"), Framing::JsonLines);
    /// assert_eq!(Framing::detect("submissions", "{\"a\":1}\n{\"a\":2}"), Framing::JsonLines);
    /// assert_eq!(Framing::detect("submissions", "agency_id;JI01\n3673;ya"), Framing::Csv);
    /// ```
    pub fn detect(name: &str, text: &str) -> Framing {
        let lower = name.to_ascii_lowercase();
        let known = [".json", ".jsonl", ".ndjson", ".csv"];
        if known.iter().any(|e| lower.ends_with(e)) {
            return Framing::from_file_name(name);
        }
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        match body.trim_start().as_bytes().first() {
            None | Some(b'[') => Framing::Json,
            Some(b'{') => {
                let objects = body.lines().filter(|l| l.starts_with('{')).take(2).count();
                if objects > 1 {
                    Framing::JsonLines
                } else {
                    Framing::Json
                }
            }
            Some(_) => Framing::Csv,
        }
    }
}

/// Reads every submission of a file and checks each against `instrument`.
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
    read_submissions_within(text, framing, instrument, &crate::Limits::default())
}

/// [`read_submissions`] within `limits` (a plan's or a batch's, looser or tighter than
/// the defaults): every check of every framing uses them.
pub(crate) fn read_submissions_within(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
    limits: &crate::Limits,
) -> Vec<Record<Submission>> {
    if framing == Framing::Csv {
        let check = checker(instrument, limits);
        return match crate::read::table::csv_table(text, limits) {
            Ok(table) => crate::read::sheet_input::submissions(&table, instrument, &check),
            Err(problem) => vec![failed(Some(1), String::new(), Report::from(problem))],
        };
    }
    if framing == Framing::JsonLines {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut offset = 0;
        let mut records = Vec::new();
        let check = checker(instrument, limits);
        for (i, line) in text.split('\n').enumerate() {
            records.extend(submission_line(
                line.as_bytes(),
                i + 1,
                offset,
                true,
                &check,
            ));
            offset += line.len() + 1;
        }
        if records.is_empty() {
            records.push(empty_file());
        }
        return records;
    }
    let check = checker(instrument, limits);
    read_records(text, framing, read_submission, &check)
}

/// Reads every verification entry of a file and checks each against `instrument`
/// (one entry per agency is checked across a batch by
/// [`find_duplicate_verifications`](crate::find_duplicate_verifications)).
pub fn read_verifications(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
) -> Vec<Record<Verification>> {
    read_verifications_within(text, framing, instrument, &crate::Limits::default())
}

/// [`read_verifications`] within `limits`.
pub(crate) fn read_verifications_within(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
    limits: &crate::Limits,
) -> Vec<Record<Verification>> {
    read_records(text, framing, read_verification, &|v| {
        instrument.check_verification_within(v, limits)
    })
}

/// Reads every stage score of a JSON, JSON Lines or CSV file (`agency,stage,score`, one
/// row per judge) and checks each against `instrument`.
///
/// ```
/// use kip_index::{Framing, Instrument, read_stage_scores};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let csv = "agency,stage,score\n3673,visitasi,88\n3673,visitasi,91.5\n3674,visitasi,abc\n";
/// let records = read_stage_scores(csv, Framing::Csv, &instrument);
/// assert_eq!(records[1].value.as_ref().map(|s| s.scores[0].to_string()).ok(), Some("91.5".into()));
/// let problem = &records[2].value.as_ref().unwrap_err().problems()[0];
/// assert_eq!((problem.record, problem.path.as_str()), (Some(4), "/2/score"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_stage_scores(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
) -> Vec<Record<StageScore>> {
    read_stage_scores_within(text, framing, instrument, &crate::Limits::default())
}

/// [`read_stage_scores`] within `limits`.
pub(crate) fn read_stage_scores_within(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
    limits: &crate::Limits,
) -> Vec<Record<StageScore>> {
    if framing == Framing::Csv {
        // One row a judge (`agency,stage,score`), or — for a stage scored in parts — one
        // row a judge and part (`agency,stage,judge,part,score`), gathered below.
        let build = |row: &mut crate::read::csv_input::Row| {
            let (agency, stage, score) = (row.id("agency"), row.id("stage"), row.decimal("score"));
            let (judge, part) = (row.optional("judge"), row.optional("part"));
            let (agency, stage, score) = (agency?, stage?, score?);
            Ok(match part.filter(|p| !p.is_empty()) {
                Some(part) => {
                    let mut entry = StageScore::in_parts(agency, stage, vec![(part, score)]);
                    // The judge travels in the agency's place until the rows are gathered.
                    entry.agency = format!("{}\u{0}{}", entry.agency, judge.unwrap_or_default());
                    entry
                }
                None => StageScore::new(agency, stage, vec![score]),
            })
        };
        let check = |s: &StageScore| instrument.check_stage_score_within(s, limits);
        // A row of a part is checked once its judge's parts are gathered.
        let row_check = |s: &StageScore| match s.parts.is_empty() {
            true => check(s),
            false => Report::new(),
        };
        let rows = crate::read::csv_input::read(
            text,
            &["agency", "stage", "score"],
            &["judge", "part"],
            build,
            &row_check,
            limits,
        );
        return crate::read::stage_parts::gather_parts(rows, &check);
    }
    read_records(text, framing, read_stage_score, &|s| {
        instrument.check_stage_score_within(s, limits)
    })
}

/// Reads every body of a JSON, JSON Lines or CSV (`id,name,category,region`, and
/// optionally `superior,contact`) roster and checks its category against `instrument`.
pub fn read_roster(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
) -> Vec<Record<RosterEntry>> {
    read_roster_within(text, framing, instrument, &crate::Limits::default())
}

/// [`read_roster`] within `limits`.
pub(crate) fn read_roster_within(
    text: &str,
    framing: Framing,
    instrument: &Instrument,
    limits: &crate::Limits,
) -> Vec<Record<RosterEntry>> {
    let check = |e: &RosterEntry| {
        let mut report = instrument.check_agency_within(&e.agency, "", limits);
        report.extend(limits.check_roster_entry(e, ""));
        report
    };
    if framing == Framing::Csv {
        // `category` is required when the instrument declares categories; without them
        // the column may stay (empty) or go.
        let declared = !instrument.categories.is_empty();
        let build = |row: &mut crate::read::csv_input::Row| {
            let (id, name) = (row.id("id"), row.text("name"));
            let category = match declared {
                true => Some(row.id("category")?),
                false => row.optional("category"),
            }
            .map(CategoryId::from);
            let agency = Agency {
                id: id?,
                name: name?,
                category,
                region: row.optional("region"),
            };
            let (superior, contact) = (row.optional("superior"), row.optional("contact"));
            Ok(RosterEntry::of(agency, superior, contact))
        };
        let (required, optional): (&[&str], &[&str]) = match declared {
            true => (
                &["id", "name", "category"],
                &["region", "superior", "contact"],
            ),
            false => (
                &["id", "name"],
                &["category", "region", "superior", "contact"],
            ),
        };
        return crate::read::csv_input::read(text, required, optional, build, &check, limits);
    }
    read_records(text, framing, read_roster_entry, &check)
}

/// Reads the roster of a workbook (`.xlsx`): its first visible sheet, laid out as the
/// CSV roster (`id,name,category,region,superior,contact`), a title above the header
/// left out; each problem names its row.
#[cfg(feature = "xlsx")]
pub fn read_roster_workbook(bytes: &[u8], instrument: &Instrument) -> Vec<Record<RosterEntry>> {
    read_roster_workbook_within(bytes, instrument, &crate::Limits::default())
}

/// [`read_roster_workbook`] within `limits`.
#[cfg(feature = "xlsx")]
pub(crate) fn read_roster_workbook_within(
    bytes: &[u8],
    instrument: &Instrument,
    limits: &crate::Limits,
) -> Vec<Record<RosterEntry>> {
    let table = match crate::read::workbook::keyed_workbook_table(bytes, limits, "id") {
        Ok(table) => table,
        Err(problem) => return vec![failed(None, String::new(), Report::from(problem))],
    };
    let mut records = read_roster_within(&table.to_csv_text(), Framing::Csv, instrument, limits);
    // What is wrong with a row as a row (a stray cell far to the right): its own problem.
    for (line, said) in &table.damage {
        let report: Report = (said.iter())
            .map(|(en, id)| {
                Problem::new(ProblemKind::InvalidValue, "", en.clone()).with_indonesian(id.clone())
            })
            .collect();
        records.push(failed(Some(*line), String::new(), report.in_record(*line)));
    }
    records
}

/// Reads the submissions of a workbook (`.xlsx`): its first sheet, one row per body and
/// rater, laid out as a CSV of submissions (see [`read_submissions`] with
/// [`Framing::Csv`]); each problem names its cell (`Sheet1!F7`). A numeric cell is read
/// at 15 significant digits, as the spreadsheet shows it (`=0.1+2.7+0.2` is 3); a
/// number typed as text follows [`DecimalMark::Either`](crate::DecimalMark::Either).
#[cfg(feature = "xlsx")]
pub fn read_submission_workbook(bytes: &[u8], instrument: &Instrument) -> Vec<Record<Submission>> {
    let limits = crate::Limits::default();
    let check = checker(instrument, &limits);
    match crate::read::workbook::workbook_table(bytes, &crate::Limits::default()) {
        Ok(table) => crate::read::sheet_input::submissions(&table, instrument, &check),
        Err(problem) => vec![failed(None, String::new(), Report::from(problem))],
    }
}

/// Finds submissions of the same agency from the same rater: every copy is
/// named, so that all of them can be rejected. Returns, for each record index that is a
/// duplicate, the problem to report, in index order. The messages say how many copies
/// there are, not where the others are (a caller that knows the sources adds the
/// first's, as `kip validate` does), so their size grows linearly with the copies.
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
        let siapa = match rater {
            Some(r) => format!("badan publik `{agency}` dari penilai `{r}`"),
            None => format!("badan publik `{agency}`"),
        };
        // The message does not list the copies, so that it grows with their number, not
        // with its square; `first_copy` names where the first one is.
        for &i in &copies {
            out.push((
                i,
                Problem::new(
                    ProblemKind::DuplicateSubmission,
                    "/agency/id",
                    format!("expected one submission of {who} in the batch, found {}; every copy is rejected", copies.len()),
                )
                .with_indonesian(format!(
                    "seharusnya satu pengajuan dari {siapa} dalam satu penilaian, ternyata {}; \
                     semua salinan ditolak",
                    copies.len()
                )),
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
        Framing::Csv => vec![failed(
            None,
            String::new(),
            Report::from(Problem::new(
                ProblemKind::Syntax,
                "",
                "expected JSON or JSON Lines (CSV is read for submissions, stage scores and rosters only), found a .csv file",
            )),
        )],
    }
}

fn read_json<T>(text: &str, read: ReadFn<T>, check: CheckFn<T>) -> Vec<Record<T>> {
    let mut records = Vec::new();
    read_json_each(text, read, check, &mut |r| records.push(r));
    records
}

/// [`read_json`], each record handed to `sink` as it is read.
fn read_json_each<T>(
    text: &str,
    read: ReadFn<T>,
    check: CheckFn<T>,
    sink: &mut dyn FnMut(Record<T>),
) {
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return sink(empty_json());
    }
    let root = match decode::parse_document(text) {
        Ok(root) => root,
        Err(report) => {
            return match report.problems().first().cloned() {
                Some(problem) => {
                    crate::read::framing::located_failures_each(text, problem, None, sink)
                }
                None => sink(failed(None, String::new(), report)),
            };
        }
    };
    // One line index for the whole file, built only if some record has a problem.
    let lines = Lines::new(text);
    match &root.value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                sink(decode_one(&lines, item, format!("/{i}"), None, read, check));
            }
        }
        _ => sink(decode_one(&lines, &root, String::new(), None, read, check)),
    }
}

/// The submissions of a JSON file (an object or an array), each checked and handed to
/// `sink` as it is read: how a batch takes a JSON file, keeping only what its limits
/// allow.
pub(crate) fn read_submissions_json_each(
    text: &str,
    instrument: &Instrument,
    limits: &crate::Limits,
    sink: &mut dyn FnMut(Record<Submission>),
) {
    let check = checker(instrument, limits);
    read_json_each(text, read_submission, &check, sink);
}

/// One element of a JSON array of submissions (`range` of `text`, the `index`-th), read
/// by the careful reader as the whole document's reader reads it: the same record, path
/// (`/3`), problems and positions. `None` when the element is not JSON — then the file
/// is not, and the whole-document reader says so.
pub(crate) fn submission_element(
    text: &str,
    lines: &Lines,
    range: std::ops::Range<usize>,
    index: usize,
    check: CheckFn<Submission>,
) -> Option<Record<Submission>> {
    let node = json::parse_at(text, range).ok()?;
    Some(decode_one(
        lines,
        &node,
        format!("/{index}"),
        None,
        read_submission,
        check,
    ))
}

fn read_json_lines<T>(text: &str, read: ReadFn<T>, check: CheckFn<T>) -> Vec<Record<T>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let records: Vec<Record<T>> = text
        .split('\n')
        .enumerate()
        .filter_map(|(i, line)| read_line(line, i + 1, read, check))
        .collect();
    if records.is_empty() {
        return vec![empty_file()];
    }
    records
}

/// One JSON Lines record; `None` for a blank line.
fn read_line<T>(
    line: &str,
    line_no: usize,
    read: ReadFn<T>,
    check: CheckFn<T>,
) -> Option<Record<T>> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    if line.trim().is_empty() {
        return None;
    }
    Some(match json::parse(line) {
        Ok(node) => decode_one(
            &Lines::new(line),
            &node,
            String::new(),
            Some(line_no),
            read,
            check,
        ),
        Err(e) => {
            let objects = crate::read::framing::locate_objects(line);
            let agencies: Vec<AgencyRef> = objects
                .iter()
                .filter_map(|r| line.get(r.clone()))
                .filter_map(|t| decode::parse_document(t).ok())
                .filter_map(|root| AgencyRef::of(&root))
                .collect();
            let (message, pesan) = match objects.len() {
                0 | 1 => (
                    format!("invalid JSON: {}", e.message),
                    format!("JSON tidak sah: {}", json::indonesian(&e.message)),
                ),
                n => crate::read::framing::run_together(line, n, &agencies),
            };
            let mut p = Problem::new(ProblemKind::Syntax, "", message).with_indonesian(pesan);
            p.position = Some(LineIndex::new(line).position(e.offset));
            Record {
                agency: (agencies.into_iter().next()).or_else(|| AgencyRef::sniff(line)),
                ..failed(
                    Some(line_no),
                    String::new(),
                    Report::from(p).in_record(line_no),
                )
            }
        }
    })
}

/// One JSON Lines line's submission (without its `\n`), the `line_no`-th line of its
/// file, starting at byte `offset`; `None` for a blank line.
pub(crate) fn submission_line(
    bytes: &[u8],
    line_no: usize,
    offset: usize,
    checked: bool,
    check: &dyn Fn(&Submission) -> Report,
) -> Option<Record<Submission>> {
    let bytes = match line_no {
        1 => bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes),
        _ => bytes,
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = offset + e.valid_up_to();
            let problem = Problem::new(
                ProblemKind::Syntax,
                "",
                format!(
                    "expected UTF-8 text, found an invalid byte at byte {at} of the file (counting from 0)"
                ),
            )
            .with_indonesian(format!(
                "seharusnya teks UTF-8, ternyata ada byte tidak sah pada byte ke-{at} berkas (dihitung dari 0)"
            ));
            return Some(Record {
                agency: AgencyRef::sniff(&String::from_utf8_lossy(bytes)),
                ..failed(
                    Some(line_no),
                    String::new(),
                    Report::from(problem).in_record(line_no),
                )
            });
        }
    };
    let line = text.strip_suffix('\r').unwrap_or(text);
    if line.trim().is_empty() {
        return None;
    }
    let fast_check = checked.then_some(check);
    if let Some(record) = crate::read::fastread::submission(line, line_no, fast_check) {
        return Some(record);
    }
    read_line(text, line_no, read_submission, check)
}

/// A checker of submissions against `instrument` that indexes its questions once.
pub(crate) fn checker<'i>(
    instrument: &'i Instrument,
    limits: &'i crate::Limits,
) -> impl Fn(&Submission) -> Report + 'i {
    let questions: std::collections::BTreeMap<&str, &crate::model::instrument::Question> =
        instrument
            .iter_questions()
            .map(|q| (q.id.as_str(), q))
            .collect();
    move |s: &Submission| {
        instrument.check_submission_with(s, limits, |id| questions.get(id).copied())
    }
}

fn decode_one<T>(
    lines: &Lines,
    node: &Node,
    path: String,
    line: Option<usize>,
    read: ReadFn<T>,
    check: CheckFn<T>,
) -> Record<T> {
    let mut d = Decoder::new();
    let value = read(&mut d, node, &path);
    // A value read despite shape problems (an unknown key, a duplicate answer) is still
    // checked for meaning, so that one run reports every problem. Meaning checks speak of
    // paths inside the record; `finish` puts them under its path.
    let checks = value.as_ref().map(check).unwrap_or_default();
    let mut report = d.finish(checks, node, &path, lines);
    if let Some(line) = line {
        report = report.in_record(line);
    }
    let value = match value {
        Some(v) if report.is_empty() => Ok(v),
        _ => Err(report),
    };
    Record {
        line,
        path,
        value,
        agency: AgencyRef::of(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::framing::located_failures;

    #[test]
    fn a_broken_array_shows_each_record_it_seems_to_hold() {
        let text = r#"[{"agency": {"id": "3601"}}, {"agency": {"id": "3602"}},]"#;
        let problem = Problem::new(ProblemKind::Syntax, "", "invalid JSON: trailing comma");
        let records = located_failures::<Submission>(text, problem, None);
        assert_eq!(records.len(), 2);
        let second = records.get(1).and_then(|r| r.agency.as_ref());
        assert_eq!(second.map(|a| a.id.as_str()), Some("3602"));
    }

    /// The fault is shown on the record that holds it (or the one it follows), not on
    /// the first: a trailing comma after the second record, by its position; an
    /// invalid byte inside the second, by its byte.
    #[test]
    fn the_fault_is_on_the_record_that_holds_it() {
        let messages = |records: &[Record<Submission>]| -> Vec<Vec<String>> {
            let problems = |r: &Record<Submission>| match &r.value {
                Err(report) => report
                    .problems()
                    .iter()
                    .map(|p| p.message.clone())
                    .collect(),
                Ok(_) => Vec::new(),
            };
            records.iter().map(problems).collect()
        };
        let text = "[\n{\"agency\": {\"id\": \"3601\"}},\n{\"agency\": {\"id\": \"3602\"}},\n]";
        let records = read_submissions(text, Framing::Json, &crate::Instrument::new("i", "I"));
        let found = messages(&records);
        assert_eq!(found.len(), 2);
        assert!(
            found[0].iter().all(|m| m.starts_with("not read")),
            "{found:?}"
        );
        assert!(found[1][0].contains("found `]`"), "{found:?}");
        let bytes =
            "[{\"agency\": {\"id\": \"3601\"}}, {\"agency\": {\"id\": \"3602\", \"name\": \"X\"}}]";
        let at = bytes.find('X');
        let problem = Problem::new(ProblemKind::Syntax, "", "expected UTF-8 text");
        let found = messages(&located_failures(bytes, problem, at));
        assert_eq!(found[0].len(), 1, "{found:?}");
        assert_eq!(found[1][0], "expected UTF-8 text", "{found:?}");
    }
}
