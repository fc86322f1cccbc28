//! Limits on the size of inputs, with clear errors instead of exhausted memory: generous
//! enough for a national batch by default, and configurable.
//!
//! Some limits are fixed by the readers themselves: JSON nesting deeper than 128 levels,
//! and decimals beyond 28 digits or about 7.9 × 10^28, are reported as problems with
//! their paths wherever they occur.

use crate::instrument::{Instrument, QuestionKind};
use crate::problem::{Problem, ProblemKind, Report};

/// How large inputs may be.
///
/// ```
/// use kip_index::{Instrument, Limits, Plan};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let tight = Limits { max_questions: 10, ..Limits::default() };
/// let refused = Plan::with_limits(&instrument, &tight).unwrap_err();
/// assert!(refused.problems()[0].message.contains("at most 10 questions"));
/// assert!(Plan::with_limits(&instrument, &Limits::default()).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    /// The longest id, name or question text, in bytes (default 64 KiB).
    pub max_string_bytes: usize,
    /// The most bodies one batch may score (default 10,000,000).
    pub max_bodies: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 16 << 30,
            max_line_bytes: 64 << 20,
            max_questions: 10_000,
            max_options: 1_000,
            max_string_bytes: 64 << 10,
            max_bodies: 10_000_000,
        }
    }
}

impl Limits {
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
            ));
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
}
