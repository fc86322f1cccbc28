//! Problems found in input, and the report that gathers every one of them.
//!
//! Loading and validation never stop at the first problem: they return a [`Report`] of
//! every [`Problem`] found, each saying where (file, JSON Lines record, RFC 6901 JSON
//! pointer, line and column when known) and what (a sentence of what was expected and
//! what was found), with a [`ProblemKind`] that a program can match on.

use std::borrow::Cow;
use std::fmt;

use crate::text::language::Language;

/// What sort of problem a [`Problem`] is, for programs that react to some and not others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemKind {
    /// The text is not JSON (or not UTF-8): nothing in it could be read.
    Syntax,
    /// The same key twice in one JSON object.
    DuplicateKey,
    /// A key that the format does not have (often a misspelling).
    UnknownField,
    /// A key that the format requires is absent.
    MissingField,
    /// A value of the wrong JSON type (a string where a number belongs).
    WrongType,
    /// A value of the right type that is not allowed (out of range, empty, unknown option).
    InvalidValue,
    /// A number that cannot be held exactly (too large, or too many digits).
    Precision,
    /// Two things that must have distinct ids share one.
    DuplicateId,
    /// Weights that do not sum to what they must.
    Weights,
    /// A reference to something that does not exist (a question, stage, category).
    UnknownReference,
    /// A submission for another instrument.
    WrongInstrument,
    /// Two submissions of the same agency from the same rater.
    DuplicateSubmission,
    /// A question left unanswered, when scoring in strict mode.
    MissingAnswer,
    /// Inputs of one body that do not agree: raters naming the body differently, or a
    /// verification or stage score of another agency.
    Inconsistent,
    /// A stage score for a body that a stage's gate kept out of that stage.
    Gate,
    /// Exact arithmetic that would exceed 128-bit integers (weights or scores with an
    /// extreme number of digits); reported instead of a wrong score.
    Arithmetic,
}

/// One problem in one input, with where it is and what is wrong.
///
/// Its `Display` form is the line `kip validate` prints:
/// `file[:record]:pointer: message`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// The file the problem is in, when the input came from a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    // A boxed `str`: a problem is the error of many `Result`s, and stays small.
    pub file: Option<Box<str>>,
    /// The 1-based line of the record in a JSON Lines file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    /// The RFC 6901 JSON pointer of the offending value (`""` is the whole document).
    pub path: String,
    /// The 1-based line and column of the offending value in its text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// What sort of problem this is.
    pub kind: ProblemKind,
    /// A sentence saying what was expected and what was found, in English.
    pub message: String,
    /// The same sentence in Indonesian, where the problem has one: every problem met in
    /// submissions, sheets and side files has; some of an instrument author's are in
    /// English only. [`Problem::message_in`] picks; [`Problem::indonesian`] reads it.
    // Boxed: a problem is the error of many `Result`s, and stays small. Private: how it
    // is kept is no one else's business.
    #[serde(skip)]
    #[allow(clippy::box_collection)] // One pointer (8 bytes), not a String's 24.
    pub(crate) indonesian: Option<Box<String>>,
}

/// A 1-based line and column (in characters) in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[non_exhaustive]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// A position: `line` and `column` from 1 (a column counts characters).
    pub fn new(line: usize, column: usize) -> Position {
        Position { line, column }
    }
}

impl Problem {
    /// A problem at `path` (an RFC 6901 pointer) with no file or position yet.
    ///
    /// A path or message longer than 4 KiB (one that quotes a huge input) is cut there,
    /// with a note of its whole length, so that one bad value cannot flood a report.
    pub fn new(kind: ProblemKind, path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            file: None,
            record: None,
            path: bounded(path.into()),
            position: None,
            kind,
            message: bounded(message.into()),
            indonesian: None,
        }
    }

    /// The sentence in Indonesian, if the problem has one.
    pub fn indonesian(&self) -> Option<&str> {
        self.indonesian.as_deref().map(String::as_str)
    }

    /// The problem with its sentence in Indonesian.
    pub fn with_indonesian(mut self, message: impl Into<String>) -> Self {
        self.indonesian = Some(Box::new(bounded(message.into())));
        self
    }

    /// The sentence in `language`: Indonesian where the problem has it, else English.
    pub fn message_in(&self, language: Language) -> &str {
        match (language, &self.indonesian) {
            (Language::Indonesian, Some(id)) => id,
            _ => &self.message,
        }
    }

    /// The problem's `Display` line (`file[:record]:pointer: message`) in `language`.
    pub fn display_in(&self, language: Language) -> impl fmt::Display + '_ {
        InLanguage(self, language)
    }

    /// What sort of problem this is.
    pub fn kind(&self) -> ProblemKind {
        self.kind
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        InLanguage(self, Language::English).fmt(f)
    }
}

/// A problem's line in a language.
struct InLanguage<'p>(&'p Problem, Language);

impl fmt::Display for InLanguage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let InLanguage(problem, language) = *self;
        let mut located = false;
        if let Some(file) = &problem.file {
            f.write_str(file)?;
            located = true;
        }
        if let Some(record) = problem.record {
            // `file:12`; without its file, `line 12` (a bare number reads as nothing).
            match (located, language) {
                (true, _) => write!(f, ":{record}")?,
                (false, Language::Indonesian) => write!(f, "baris {record}")?,
                (false, _) => write!(f, "line {record}")?,
            }
            located = true;
        }
        if !problem.path.is_empty() {
            if located {
                f.write_str(":")?;
            }
            f.write_str(&problem.path)?;
            located = true;
        }
        if located {
            f.write_str(": ")?;
        }
        f.write_str(problem.message_in(language))?;
        if let (None, Some(p)) = (problem.record, problem.position) {
            match language {
                Language::Indonesian => write!(f, " (baris {}, kolom {})", p.line, p.column)?,
                _ => write!(f, " (line {}, column {})", p.line, p.column)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// A problem as one flat row, every field present (`None` when unknown), its message in
/// one language: what JavaScript, Python and a table of problems take
/// ([`Problem::row`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct ProblemRow {
    /// The file it is in.
    pub file: Option<String>,
    /// The record's line in a JSON Lines or CSV file.
    pub record: Option<usize>,
    /// Where in the record (a JSON Pointer, or a sheet's cell).
    pub path: String,
    /// The line in the whole file (a JSON Lines record's line plus the line within it).
    pub line: Option<usize>,
    /// The column on that line.
    pub column: Option<usize>,
    /// What kind of problem it is.
    pub kind: ProblemKind,
    /// What was expected and what was found, in the language asked for.
    pub message: String,
}

impl Problem {
    /// The problem as a flat row, its message in `language`.
    ///
    /// ```
    /// use kip_index::{Instrument, Language};
    ///
    /// let report = Instrument::from_json("{\n  \"id\": 7").unwrap_err();
    /// let row = report.iter().next().unwrap().row(Language::Indonesian);
    /// assert_eq!(row.line, Some(2));
    /// assert!(row.message.contains("seharusnya"), "{row:?}");
    /// ```
    pub fn row(&self, language: Language) -> ProblemRow {
        ProblemRow {
            file: self.file.as_deref().map(str::to_owned),
            record: self.record,
            path: self.path.clone(),
            line: match (self.record, self.position) {
                (Some(record), Some(at)) => Some(record + at.line.saturating_sub(1)),
                (None, Some(at)) => Some(at.line),
                (record, None) => record,
            },
            column: self.position.map(|p| p.column),
            kind: self.kind(),
            message: self.message_in(language).to_owned(),
        }
    }
}

/// Every problem found in some input: empty when the input is valid.
///
/// ```
/// use kip_index::{Instrument, ProblemKind};
///
/// let report = Instrument::from_json(r#"{"id": "x", "id": "y"}"#).unwrap_err();
/// assert!(report.iter().any(|p| p.kind() == ProblemKind::DuplicateKey && p.path == "/id"));
/// // Every problem is reported, not just the first: `name`, `stages`... are missing too.
/// assert!(report.len() > 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Report {
    problems: Vec<Problem>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report::default()
    }

    /// Adds a problem.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Adds every problem of another report.
    pub fn extend(&mut self, other: Report) {
        self.problems.extend(other.problems);
    }

    /// True when no problem was found.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.problems.len()
    }

    /// The problems, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.problems.iter()
    }

    /// The problems as a slice.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Names the file on every problem that has none yet.
    #[must_use]
    pub fn in_file(mut self, file: &str) -> Self {
        for problem in &mut self.problems {
            problem.file.get_or_insert_with(|| file.into());
        }
        self
    }

    /// Sets the JSON Lines record on every problem that has none yet.
    #[must_use]
    pub fn in_record(mut self, line: usize) -> Self {
        for problem in &mut self.problems {
            problem.record.get_or_insert(line);
        }
        self
    }

    /// `Ok(value)` when no problem was found, else this report as the error.
    pub fn into_result<T>(self, value: T) -> Result<T, Report> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl IntoIterator for Report {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.problems.into_iter()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Problem;
    type IntoIter = std::slice::Iter<'a, Problem>;
    fn into_iter(self) -> Self::IntoIter {
        self.problems.iter()
    }
}

impl From<Problem> for Report {
    fn from(problem: Problem) -> Self {
        Report {
            problems: vec![problem],
        }
    }
}

impl FromIterator<Problem> for Report {
    fn from_iter<I: IntoIterator<Item = Problem>>(iter: I) -> Self {
        Report {
            problems: iter.into_iter().collect(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

/// Escapes one reference token of an RFC 6901 JSON pointer (`~` → `~0`, `/` → `~1`).
/// The longest path or message a problem keeps, in bytes.
const MAX_TEXT: usize = 4 << 10;

/// `text`, or its first 4 KiB and a note of how long it was.
fn bounded(mut text: String) -> String {
    if text.len() <= MAX_TEXT {
        return text;
    }
    let whole = text.len();
    let mut cut = MAX_TEXT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text.push_str(&format!("… (cut: {whole} bytes in all)"));
    text
}

pub(crate) fn escape_token(token: &str) -> Cow<'_, str> {
    if token.contains(['~', '/']) {
        Cow::Owned(token.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_file_record_path_message() {
        let mut p = Problem::new(
            ProblemKind::WrongType,
            "/answers/JI02/value",
            "expected a string, found a number",
        );
        assert_eq!(
            p.to_string(),
            "/answers/JI02/value: expected a string, found a number"
        );
        p.file = Some("batch.jsonl".into());
        p.record = Some(14);
        assert_eq!(
            p.to_string(),
            "batch.jsonl:14:/answers/JI02/value: expected a string, found a number"
        );
        p.record = None;
        p.position = Some(Position { line: 3, column: 9 });
        assert_eq!(
            p.to_string(),
            "batch.jsonl:/answers/JI02/value: expected a string, found a number (line 3, column 9)"
        );
        // A record without its file says what the number is.
        let mut q =
            Problem::new(ProblemKind::Syntax, "", "invalid JSON").with_indonesian("JSON tidak sah");
        q.record = Some(3);
        assert_eq!(q.to_string(), "line 3: invalid JSON");
        assert_eq!(
            q.display_in(Language::Indonesian).to_string(),
            "baris 3: JSON tidak sah"
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(escape_token("a/b~c"), "a~1b~0c");
        assert_eq!(escape_token("JI01"), "JI01");
    }
}
