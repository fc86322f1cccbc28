//! Limits on the size of inputs, with clear errors instead of exhausted memory: generous
//! enough for a national batch by default, and configurable.
//!
//! Some limits are fixed by the readers themselves: JSON nesting deeper than 128 levels,
//! and decimals beyond 28 digits or about 7.9 × 10^28, are reported as problems with
//! their paths wherever they occur.

use crate::model::instrument::{Instrument, QuestionKind};
use crate::model::submission::{Agency, AnswerValue, Submission};
use crate::model::verification::{StageScore, Verification};
use crate::text::problem::{Problem, ProblemKind, Report};

/// How large inputs may be.
///
/// ```
/// use kip_index::{Instrument, Limits, Plan};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// // The defaults, changed field by field (the struct may gain limits without
/// // breaking a caller, so it is not built with a struct literal).
/// let mut tight = Limits::default();
/// tight.max_questions = 10;
/// let refused = Plan::with_limits(&instrument, &tight).unwrap_err();
/// assert!(refused.problems()[0].message.contains("at most 10 questions"));
/// assert!(Plan::with_limits(&instrument, &Limits::default()).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest input file, in bytes (default 16 GiB).
    pub max_file_bytes: u64,
    /// The longest JSON Lines record, in bytes (default 64 MiB).
    pub max_line_bytes: usize,
    /// The most questions an instrument may have (default 10,000).
    pub max_questions: usize,
    /// The most options, checklist items or bands one question may have (default 1,000).
    pub max_options: usize,
    /// The longest id, name or question text of an instrument, and the longest note,
    /// evidence link or text answer of an input, in bytes (default 64 KiB).
    pub max_string_bytes: usize,
    /// The longest id in a submission, roster or side file — agency, category, region,
    /// rater, rater group, question and stage ids, checklist items — in bytes (default
    /// 256).
    pub max_id_bytes: usize,
    /// The longest agency name, in bytes (default 1,024).
    pub max_name_bytes: usize,
    /// The most bodies one batch may score (default 10,000,000).
    pub max_bodies: usize,
    /// The largest part of a workbook (a sheet, the shared strings, the styles) once
    /// decompressed, in bytes (default 128 MiB), checked from the archive's directory
    /// before anything is decompressed.
    pub max_workbook_part_bytes: u64,
    /// The most shared strings a workbook may hold, as declared and as counted while
    /// they decompress (default 4,000,000).
    pub max_shared_strings: u64,
    /// The most cells a CSV file of submissions, or the read sheet of a workbook, may
    /// hold, each row counted as wide as its last cell (default 50,000,000). A CSV row
    /// is moreover at most 16,384 cells, a spreadsheet's widest.
    pub max_sheet_cells: usize,
    /// The most rejections a batch lists with all their problems (default 250,000, two
    /// and a half national batches of 100,000 bodies); beyond, a rejection that names
    /// its body keeps its first problem only, and one that names none is counted in a
    /// warning (`rejections_not_listed`), so that a file of millions of tiny broken
    /// records (`[{},{},…]`) cannot take memory hundreds of times its size.
    pub max_rejections: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

impl Limits {
    /// The defaults (also `Limits::default()`), as a constant.
    pub const DEFAULT: Limits = Limits {
        max_file_bytes: 16 << 30,
        max_line_bytes: 64 << 20,
        max_questions: 10_000,
        max_options: 1_000,
        max_string_bytes: 64 << 10,
        max_id_bytes: 256,
        max_name_bytes: 1_024,
        max_bodies: 10_000_000,
        max_workbook_part_bytes: 128 << 20,
        max_shared_strings: 4_000_000,
        max_sheet_cells: 50_000_000,
        max_rejections: 250_000,
    };

    /// Checks one record's size (a JSON Lines line) before it is read, with its own
    /// sentence: every reader of records holds to the same `max_line_bytes`.
    pub fn check_record_size(&self, bytes: usize) -> Result<(), Problem> {
        if bytes <= self.max_line_bytes {
            return Ok(());
        }
        Err(Problem::new(
            ProblemKind::InvalidValue,
            "",
            format!(
                "expected a record of at most {} bytes, found {bytes}",
                self.max_line_bytes
            ),
        )
        .with_indonesian(format!(
            "seharusnya satu catatan paling besar {} byte, ternyata {bytes}",
            self.max_line_bytes
        )))
    }

    /// Checks a file's size before it is read.
    pub fn check_file_size(&self, bytes: u64) -> Result<(), Problem> {
        if bytes > self.max_file_bytes {
            return Err(Problem::new(
                ProblemKind::InvalidValue,
                "",
                format!(
                    "expected a file of at most {} bytes, found {bytes}",
                    self.max_file_bytes
                ),
            )
            .with_indonesian(format!(
                "seharusnya berkas paling besar {} byte, ternyata {bytes}",
                self.max_file_bytes
            )));
        }
        Ok(())
    }

    /// Checks an instrument's counts and string lengths.
    pub fn check_instrument(&self, instrument: &Instrument) -> Report {
        let mut report = Report::new();
        let questions = instrument.questions();
        if questions.len() > self.max_questions {
            report.push(Problem::new(
                ProblemKind::InvalidValue,
                "/indicators",
                format!(
                    "expected at most {} questions, found {}",
                    self.max_questions,
                    questions.len()
                ),
            ));
        }
        let long = |text: &str| text.len() > self.max_string_bytes;
        let too_long = |path: String| {
            Problem::new(
                ProblemKind::InvalidValue,
                path,
                format!(
                    "expected a text of at most {} bytes, found a longer one",
                    self.max_string_bytes
                ),
            )
        };
        if long(&instrument.id) {
            report.push(too_long("/id".into()));
        }
        if long(&instrument.name) {
            report.push(too_long("/name".into()));
        }
        for (question, path) in &questions {
            let (count, what) = match &question.kind {
                QuestionKind::Choice { options } => (options.len(), "options"),
                QuestionKind::Checklist { items } => (items.len(), "items"),
                QuestionKind::Number { bands, .. } => (bands.len(), "bands"),
                _ => (0, ""),
            };
            if count > self.max_options {
                report.push(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("{path}/{what}"),
                    format!(
                        "expected at most {} {what}, found {count}",
                        self.max_options
                    ),
                ));
            }
            if long(&question.id) {
                report.push(too_long(format!("{path}/id")));
            }
            if long(&question.text) {
                report.push(too_long(format!("{path}/text")));
            }
        }
        report
    }

    /// Checks the lengths of an agency's id, name, category and region (`path` is where
    /// the agency stands: `/agency` in a submission, `""` in a roster entry). The
    /// problems say how long a text is, never quote it.
    ///
    /// ```
    /// use kip_index::{Agency, Limits};
    ///
    /// let mut agency = Agency::new("3601", "x".repeat(5_000));
    /// agency.category = Some("pemkab".into());
    /// let report = Limits::default().check_agency(&agency, "/agency");
    /// assert_eq!(report.problems()[0].path, "/agency/name");
    /// assert!(report.problems()[0].message.contains("at most 1024 bytes, found 5000"));
    /// ```
    pub fn check_agency(&self, agency: &Agency, path: &str) -> Report {
        let mut report = Report::new();
        let id = self.max_id_bytes;
        length(&mut report, &agency.id, id, || format!("{path}/id"));
        length(&mut report, &agency.name, self.max_name_bytes, || {
            format!("{path}/name")
        });
        if let Some(category) = &agency.category {
            length(&mut report, category, id, || format!("{path}/category"));
        }
        if let Some(region) = &agency.region {
            length(&mut report, region, id, || format!("{path}/region"));
        }
        report
    }

    /// Checks the lengths of what a roster entry carries besides its agency: its
    /// superior and contact, as names (`/superior`, `/contact`).
    pub fn check_roster_entry(&self, entry: &crate::RosterEntry, path: &str) -> Report {
        let mut report = Report::new();
        for (text, key) in [(entry.superior(), "superior"), (entry.contact(), "contact")] {
            if let Some(text) = text {
                length(&mut report, text, self.max_name_bytes, || {
                    format!("{path}/{key}")
                });
            }
        }
        report
    }

    /// Checks the lengths of a rater's id and group (`/rater`, `/rater_group`).
    pub fn check_raters(&self, rater: Option<&str>, group: Option<&str>) -> Report {
        let mut report = Report::new();
        for (text, path) in [(rater, "/rater"), (group, "/rater_group")] {
            if let Some(text) = text {
                length(&mut report, text, self.max_id_bytes, || path.to_owned());
            }
        }
        report
    }

    /// Checks the lengths of what a submission carries besides its agency: the rater
    /// and group ids, evidence links, text answers and checklist items.
    pub fn check_submission(&self, submission: &Submission) -> Report {
        let mut report = self.check_raters(
            submission.rater.as_deref(),
            submission.rater_group.as_deref(),
        );
        let (id, text) = (self.max_id_bytes, self.max_string_bytes);
        for (question, answer) in &submission.answers {
            // An over-long question id is an unknown question, reported as such.
            let at = |rest: String| {
                format!("{}{rest}", crate::text::decode::child("/answers", question))
            };
            for (k, link) in answer.evidence.iter().enumerate() {
                length(&mut report, link, text, || at(format!("/evidence/{k}")));
            }
            match &answer.value {
                Some(AnswerValue::Text(value)) => {
                    length(&mut report, value, text, || at("/value".into()));
                }
                Some(AnswerValue::List(items)) => {
                    for (k, item) in items.iter().enumerate() {
                        length(&mut report, item, id, || at(format!("/value/{k}")));
                    }
                }
                _ => {}
            }
        }
        report
    }

    /// Checks the lengths of a verification entry's agency id, question ids and notes.
    pub fn check_verification(&self, entry: &Verification) -> Report {
        let mut report = Report::new();
        let (id, text) = (self.max_id_bytes, self.max_string_bytes);
        length(&mut report, &entry.agency, id, || "/agency".into());
        for (k, decision) in entry.decisions.iter().enumerate() {
            length(&mut report, &decision.question, id, || {
                format!("/decisions/{k}/question")
            });
            if let Some(note) = &decision.note {
                length(&mut report, note, text, || format!("/decisions/{k}/note"));
            }
        }
        report
    }

    /// Checks the lengths of a stage score's agency and stage ids.
    pub fn check_stage_score(&self, entry: &StageScore) -> Report {
        let mut report = Report::new();
        let id = self.max_id_bytes;
        length(&mut report, &entry.agency, id, || "/agency".into());
        length(&mut report, &entry.stage, id, || "/stage".into());
        report
    }
}

/// A problem at `path` (made only then: these checks run on every record) when `text`
/// is longer than `max` bytes; the text itself is not quoted.
fn length(report: &mut Report, text: &str, max: usize, path: impl FnOnce() -> String) {
    if text.len() > max {
        report.push(
            Problem::new(
                ProblemKind::InvalidValue,
                path(),
                format!(
                    "expected a text of at most {max} bytes, found {} bytes",
                    text.len()
                ),
            )
            .with_indonesian(format!(
                "seharusnya teks paling panjang {max} byte, ternyata {} byte",
                text.len()
            )),
        );
    }
}
