//! Submissions: one body's answers to the questionnaire (its SAQ).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::decimal::{self, JsonDecimal};
use crate::decode::{Decoder, child};
use crate::instrument::{Instrument, Question, QuestionKind};
use crate::json::{Node, Value};
use crate::problem::{Problem, ProblemKind, Report};

/// One body's answers to an instrument, from one rater.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Submission",
    description = "One public body's answers to a kip-index instrument (its Self Assessment Questionnaire, or one IKIP informant's ratings). See docs/scoring.md in the kip-index repository."
)]
pub struct Submission {
    /// The id of the instrument answered.
    pub instrument: String,
    /// The public body (*badan publik*) that answers.
    pub agency: Agency,
    /// Who answered, when several raters answer for one body (IKIP's informants).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater: Option<String>,
    /// The rater's group (IKIP: government, business, community, academia, media).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rater_group: Option<String>,
    /// The answers, by question id.
    pub answers: BTreeMap<String, Answer>,
}

/// A public body (*badan publik*): a ministry, a province, a regency, a city, an office...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    /// The body's id (a region code such as `3275`, or the commission's own).
    pub id: String,
    /// The body's name (`Pemerintah Kota Bekasi`).
    pub name: String,
    /// The body's category, one of the instrument's (`pemkot`); `None` when the
    /// instrument declares no categories (IKIP's provinces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The body's region (a province code such as `32`), for per-region ranks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The answer to one question: a value, or "not applicable".
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The answer; absent when `na` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<AnswerValue>,
    /// True: the body says the question does not apply to it (only where the question
    /// has `allow_na`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub na: bool,
    /// Supporting evidence (*data dukung*): links or document names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

/// The value of an [`Answer`], as written; its meaning depends on the question's kind.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    /// `true` or `false` (a `yes_no` answer).
    Bool(bool),
    /// A JSON number, read exactly (a `number`, `scale` or `rating` answer).
    Number(
        #[serde(serialize_with = "decimal::serialize")]
        #[schemars(with = "JsonDecimal")]
        Decimal,
    ),
    /// A string: an option id, free text, or a number written as a string.
    Text(String),
    /// A list of checklist item ids.
    List(Vec<String>),
}

impl AnswerValue {
    /// The value as an exact decimal, if it is a number or a string holding one.
    pub fn as_decimal(&self) -> Option<Decimal> {
        match self {
            AnswerValue::Number(d) => Some(*d),
            AnswerValue::Text(s) => decimal::parse_decimal(s).ok(),
            _ => None,
        }
    }

    fn describe(&self) -> String {
        match self {
            AnswerValue::Bool(b) => format!("{b}"),
            AnswerValue::Number(d) => format!("the number {d}"),
            AnswerValue::Text(s) => format!("the string \"{s}\""),
            AnswerValue::List(_) => "a list".to_owned(),
        }
    }
}

impl Submission {
    /// Reads one submission from JSON text (its shape only; check it against its
    /// instrument with [`Instrument::check_submission`]).
    ///
    /// ```
    /// use kip_index::Submission;
    ///
    /// let s = Submission::from_json(r#"{
    ///   "instrument": "monev-kip-2025",
    ///   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
    ///   "answers": { "JI04": { "value": "7.50" } }
    /// }"#)?;
    /// assert_eq!(s.answers["JI04"].value.as_ref().and_then(|v| v.as_decimal()),
    ///            Some(rust_decimal::Decimal::new(750, 2)));
    /// # Ok::<(), kip_index::Report>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Submission, Report> {
        let root = crate::decode::parse_document(text)?;
        let mut d = Decoder::new();
        let submission = read_submission(&mut d, &root, "");
        let report = d.finish(Report::new(), &root, "", &crate::decode::Lines::new(text));
        match submission {
            Some(s) if report.is_empty() => Ok(s),
            _ => Err(report),
        }
    }

    /// The key that must be unique in a batch: agency id and rater.
    pub fn key(&self) -> (&str, Option<&str>) {
        (&self.agency.id, self.rater.as_deref())
    }
}

pub(crate) fn read_submission(d: &mut Decoder, node: &Node, path: &str) -> Option<Submission> {
    let f = d.object(
        node,
        path,
        "a submission",
        &["instrument", "agency", "rater", "rater_group", "answers"],
    )?;
    let at = node.offset;
    let instrument = f.required(d, "instrument", at, Decoder::id);
    let agency = f.required(d, "agency", at, read_agency);
    let rater = f.optional(d, "rater", Decoder::id);
    let rater_group = f.optional(d, "rater_group", Decoder::id);
    let answers = f.required(d, "answers", at, read_answers);
    Some(Submission {
        instrument: instrument?,
        agency: agency?,
        rater: rater.ok()?,
        rater_group: rater_group.ok()?,
        answers: answers?,
    })
}

pub(crate) fn read_agency(d: &mut Decoder, node: &Node, path: &str) -> Option<Agency> {
    let f = d.object(
        node,
        path,
        "an agency",
        &["id", "name", "category", "region"],
    )?;
    let at = node.offset;
    let id = f.required(d, "id", at, Decoder::id);
    let name = f.required(d, "name", at, Decoder::string);
    // Required or refused by the instrument's categories: `check_agency` says which.
    let category = f.optional(d, "category", Decoder::id);
    let region = f.optional(d, "region", Decoder::id);
    Some(Agency {
        id: id?,
        name: name?,
        category: category.ok()?,
        region: region.ok()?,
    })
}

fn read_answers(d: &mut Decoder, node: &Node, path: &str) -> Option<BTreeMap<String, Answer>> {
    let entries = d.map(node, path, "the answers")?;
    let mut answers = BTreeMap::new();
    let mut ok = true;
    for (key, value, key_path) in entries {
        match read_answer(d, value, &key_path) {
            Some(a) => {
                answers.insert(key.to_owned(), a);
            }
            None => ok = false,
        }
    }
    ok.then_some(answers)
}

fn read_answer(d: &mut Decoder, node: &Node, path: &str) -> Option<Answer> {
    let f = d.object(node, path, "an answer", &["value", "na", "evidence"])?;
    let value = f.optional(d, "value", read_value);
    let na = f.optional(d, "na", Decoder::bool);
    let evidence = f.optional(d, "evidence", |d, n, p| d.list(n, p, Decoder::string));
    let (value, na, evidence) = (value.ok()?, na.ok()?.unwrap_or(false), evidence.ok()?);
    match (&value, na) {
        (Some(_), true) => {
            d.invalid(
                node,
                path,
                "expected either a `value` or `\"na\": true`, found both".to_owned(),
            );
            // Kept, so that the value is still checked against its question.
        }
        (None, false) => {
            d.problem(
                ProblemKind::MissingField,
                child(path, "value"),
                node.offset,
                "expected a `value` (or `\"na\": true`); leave an unanswered question out of `answers`".to_owned(),
            );
            return None;
        }
        _ => {}
    }
    Some(Answer {
        value,
        na,
        evidence: evidence.unwrap_or_default(),
    })
}

fn read_value(d: &mut Decoder, node: &Node, path: &str) -> Option<AnswerValue> {
    match &node.value {
        Value::Bool(b) => Some(AnswerValue::Bool(*b)),
        Value::Number(_) => d.decimal(node, path).map(AnswerValue::Number),
        Value::String(s) => Some(AnswerValue::Text(s.to_string())),
        Value::Array(_) => d.list(node, path, Decoder::string).map(AnswerValue::List),
        Value::Null | Value::Object(_) => {
            d.problem(
                ProblemKind::WrongType,
                path.to_owned(),
                node.offset,
                format!(
                    "expected an answer (true/false, a number, a string or a list of item ids), found {}",
                    node.value.type_name()
                ),
            );
            None
        }
    }
}

impl Instrument {
    /// Checks a submission against this instrument: the instrument id, the
    /// agency's category, and every answer's question, type, option, range and N/A.
    /// Returns every problem found.
    pub fn check_submission(&self, submission: &Submission) -> Report {
        let questions: BTreeMap<&str, &Question> =
            self.iter_questions().map(|q| (q.id.as_str(), q)).collect();
        self.check_submission_with(submission, |id| questions.get(id).copied())
    }

    /// [`Instrument::check_submission`] with the questions looked up by `question`
    /// (called once per answer, in the answers' order), so that a compiled plan need not
    /// index them again for every submission.
    pub(crate) fn check_submission_with<'q>(
        &self,
        submission: &Submission,
        mut question: impl FnMut(&str) -> Option<&'q Question>,
    ) -> Report {
        let mut report = crate::Limits::default().check_submission(submission);
        let mut push =
            |kind, path: String, message: String| report.push(Problem::new(kind, path, message));
        if submission.instrument != self.id {
            push(
                ProblemKind::WrongInstrument,
                "/instrument".into(),
                format!(
                    "expected the instrument `{}`, found `{}`",
                    self.id, submission.instrument
                ),
            );
        }
        let agency_problems = self.check_agency(&submission.agency, "/agency");
        let known_category = agency_problems.is_empty();
        let category = submission.agency.category.as_deref();
        for p in agency_problems {
            push(p.kind, p.path, p.message);
        }
        for (id, answer) in &submission.answers {
            // Built only for a problem: most answers have none.
            let path = || child("/answers", id);
            let Some(question) = question(id.as_str()) else {
                push(
                    ProblemKind::UnknownReference,
                    path(),
                    format!(
                        "expected an answer to a question of `{}`, found one to `{id}`, which it does not have",
                        self.id
                    ),
                );
                continue;
            };
            if known_category && !applies_to(question, category) {
                push(
                    ProblemKind::InvalidValue,
                    path(),
                    format!(
                        "expected no answer to `{id}`, which does not apply to {}, found one",
                        category.map_or("bodies of no category".to_owned(), |c| format!(
                            "category `{c}`"
                        ))
                    ),
                );
                continue;
            }
            if answer.na && !question.allow_na {
                push(
                    ProblemKind::InvalidValue,
                    child(&path(), "na"),
                    format!(
                        "expected an answer to `{id}`, which does not allow \"not applicable\", found `\"na\": true`"
                    ),
                );
            }
            if let Some(value) = &answer.value
                && let Err((kind, message)) = check_value(question, value)
            {
                push(kind, child(&path(), "value"), message);
            }
            // Evidence on a question that takes none is not an error: the
            // scorer ignores it and says so in the results' warnings.
        }
        report
    }
}

impl Instrument {
    /// Checks an agency against this instrument: its category must be one of the
    /// instrument's. `path` is the agency's JSON pointer.
    pub fn check_agency(&self, agency: &Agency, path: &str) -> Report {
        let mut report = crate::Limits::default().check_agency(agency, path);
        let known = || -> String {
            let known: Vec<String> = self
                .categories
                .iter()
                .map(|c| format!("`{}`", c.id))
                .collect();
            known.join(", ")
        };
        let path = child(path, "category");
        match &agency.category {
            Some(category) if self.categories.is_empty() => report.push(Problem::new(
                ProblemKind::UnknownReference,
                path,
                format!(
                    "expected no category (the instrument `{}` declares none), found `{category}`",
                    self.id
                ),
            )),
            Some(category) if self.category(category).is_none() => {
                report.push(Problem::new(
                    ProblemKind::UnknownReference,
                    path,
                    format!(
                        "expected a category of the instrument ({}), found `{category}`",
                        known()
                    ),
                ));
            }
            None if !self.categories.is_empty() => report.push(Problem::new(
                ProblemKind::MissingField,
                path,
                format!(
                    "expected the key `category` (one of {}), found none",
                    known()
                ),
            )),
            _ => {}
        }
        report
    }
}

/// Whether a question applies to bodies of this category (a body of no category: only
/// to questions for every category).
pub(crate) fn applies_to(question: &Question, category: Option<&str>) -> bool {
    question
        .categories
        .as_ref()
        .is_none_or(|cats| category.is_some_and(|category| cats.iter().any(|c| c == category)))
}

/// Checks one answer value against its question; the message says what was expected.
fn check_value(question: &Question, value: &AnswerValue) -> Result<(), (ProblemKind, String)> {
    let wrong = |expected: &str| {
        Err((
            ProblemKind::WrongType,
            format!(
                "expected {expected} for a {} question, found {}",
                question.kind.name(),
                value.describe()
            ),
        ))
    };
    let invalid = |message: String| Err((ProblemKind::InvalidValue, message));
    match &question.kind {
        QuestionKind::YesNo => match value {
            AnswerValue::Bool(_) => Ok(()),
            _ => wrong("true or false"),
        },
        QuestionKind::Choice { options } => match value {
            AnswerValue::Text(s) if options.iter().any(|o| &o.id == s) => Ok(()),
            AnswerValue::Text(s) => invalid(format!(
                "expected one of the options {}, found `{s}`",
                ids(options.iter().map(|o| o.id.as_str()))
            )),
            _ => wrong("an option id"),
        },
        QuestionKind::Checklist { items } => match value {
            AnswerValue::List(chosen) => {
                for (k, c) in chosen.iter().enumerate() {
                    if !items.iter().any(|i| &i.id == c) {
                        return invalid(format!(
                            "expected item ids among {}, found `{c}`",
                            ids(items.iter().map(|i| i.id.as_str()))
                        ));
                    }
                    // A checklist is short: a scan beats a set.
                    if chosen.get(..k).is_some_and(|before| before.contains(c)) {
                        return invalid(format!("expected each item once, found `{c}` again"));
                    }
                }
                Ok(())
            }
            _ => wrong("a list of item ids"),
        },
        QuestionKind::Number { min, max, bands } => {
            let Some(n) = value.as_decimal() else {
                return wrong("a number");
            };
            in_range(n, *min, *max).or_else(invalid)?;
            if crate::instrument::band_for(bands, n).is_none() {
                return invalid(format!(
                    "expected a number that falls in one of the question's bands, found {n}"
                ));
            }
            Ok(())
        }
        QuestionKind::Scale { min, max } => {
            let Some(n) = value.as_decimal() else {
                return wrong("a whole number");
            };
            if !n.fract().is_zero() {
                return invalid(format!(
                    "expected a whole number from {min} to {max}, found {n}"
                ));
            }
            in_range(n, Some(Decimal::from(*min)), Some(Decimal::from(*max))).or_else(invalid)
        }
        QuestionKind::Rating => {
            let Some(n) = value.as_decimal() else {
                return wrong("a number from 0 to 100");
            };
            in_range(n, Some(Decimal::ZERO), Some(Decimal::ONE_HUNDRED)).or_else(invalid)
        }
        QuestionKind::Text => match value {
            AnswerValue::Text(_) => Ok(()),
            _ => wrong("a string"),
        },
    }
}

fn in_range(n: Decimal, min: Option<Decimal>, max: Option<Decimal>) -> Result<(), String> {
    let low = min.is_some_and(|m| n < m);
    let high = max.is_some_and(|m| n > m);
    if low || high {
        let range = match (min, max) {
            (Some(a), Some(b)) => format!("from {a} to {b}"),
            (Some(a), None) => format!("of at least {a}"),
            (None, Some(b)) => format!("of at most {b}"),
            (None, None) => String::new(),
        };
        return Err(format!("expected a number {range}, found {n}"));
    }
    Ok(())
}

fn ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}
