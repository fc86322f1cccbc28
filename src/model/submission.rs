//! Submissions: one body's answers to the questionnaire (its SAQ).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::id::CategoryId;
use crate::text::decimal::{self, JsonDecimal};
use crate::text::decode::{Decoder, child};
use crate::text::json::{Node, Value};
use crate::text::problem::{ProblemKind, Report};

/// One body's answers to an instrument, from one rater.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Submission",
    description = "One public body's answers to a kip-index instrument (its Self Assessment Questionnaire, or one IKIP informant's ratings). See docs/scoring.md in the kip-index repository."
)]
#[non_exhaustive]
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
    /// When the questionnaire was sent, RFC 3339 with its offset
    /// (`2025-09-02T08:15:00+07:00`): against the instrument's `deadline`, a later one
    /// is not scored but listed as not assessed, `late`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<crate::text::moment::Moment>,
    /// The answers, by question id.
    pub answers: BTreeMap<String, Answer>,
}

/// A public body (*badan publik*): a ministry, a province, a regency, a city, an office...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Agency {
    /// The body's id (a region code such as `3275`, or the commission's own).
    pub id: String,
    /// The body's name (`Pemerintah Kota Bekasi`).
    pub name: String,
    /// The body's category, one of the instrument's (`pemkot`); `None` when the
    /// instrument declares no categories (IKIP's provinces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<CategoryId>,
    /// The body's region (a province code such as `32`), for per-region ranks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// The answer to one question: a value, or "not applicable".
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
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
#[non_exhaustive]
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

impl Agency {
    /// A body by its id and name, of no category or region yet.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Agency {
        Agency {
            id: id.into(),
            name: name.into(),
            category: None,
            region: None,
        }
    }
}

impl Answer {
    /// An answer with its value and no evidence.
    pub fn new(value: AnswerValue) -> Answer {
        Answer {
            value: Some(value),
            na: false,
            evidence: Vec::new(),
        }
    }

    /// "Not applicable" (`"na": true`), for a question that allows it.
    pub fn not_applicable() -> Answer {
        Answer {
            value: None,
            na: true,
            evidence: Vec::new(),
        }
    }
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

    pub(crate) fn describe(&self) -> String {
        match self {
            AnswerValue::Bool(b) => format!("{b}"),
            AnswerValue::Number(d) => format!("the number {d}"),
            AnswerValue::Text(s) => format!("the string \"{s}\""),
            AnswerValue::List(_) => "a list".to_owned(),
        }
    }

    /// [`AnswerValue::describe`] in Indonesian.
    pub(crate) fn describe_id(&self) -> String {
        match self {
            AnswerValue::Bool(b) => format!("{b}"),
            AnswerValue::Number(d) => format!("angka {}", d.to_string().replace('.', ",")),
            AnswerValue::Text(s) => format!("teks \"{s}\""),
            AnswerValue::List(_) => "daftar".to_owned(),
        }
    }
}

impl Submission {
    /// A submission of `agency` for the instrument `instrument`, no answer yet (no
    /// rater); answers are added to [`Submission::answers`] by question id.
    ///
    /// ```
    /// use kip_index::{Agency, Answer, AnswerValue, Submission};
    ///
    /// let mut agency = Agency::new("3673", "Pemerintah Kota Serang");
    /// agency.category = Some("pemkot".into());
    /// let mut submission = Submission::new("monev-kip-2025", agency);
    /// submission.answers.insert("JI01".into(), Answer::new(AnswerValue::Bool(true)));
    /// submission.answers.insert("PI02".into(), Answer::not_applicable());
    /// assert_eq!(submission.answers.len(), 2);
    /// ```
    pub fn new(instrument: impl Into<String>, agency: Agency) -> Submission {
        Submission {
            instrument: instrument.into(),
            agency,
            rater: None,
            rater_group: None,
            submitted_at: None,
            answers: BTreeMap::new(),
        }
    }

    /// Reads one submission from JSON text (its shape only; check it against its
    /// instrument with [`Instrument::check_submission`](crate::Instrument::check_submission)).
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
        let root = crate::text::decode::parse_document(text)?;
        let mut d = Decoder::new();
        let submission = read_submission(&mut d, &root, "");
        let report = d.finish(
            Report::new(),
            &root,
            "",
            &crate::text::decode::Lines::new(text),
        );
        match submission {
            Some(s) if report.is_empty() => Ok(s),
            _ => Err(report),
        }
    }

    /// Whether it was sent after `deadline`: it carries a time, later than the deadline.
    /// No time, or no deadline: not late. A batch sets a late submission apart unscored;
    /// whatever reads submissions beside a batch (its cards, a check of the files) leaves
    /// the late ones out by this one rule.
    ///
    /// ```
    /// use kip_index::{Agency, Moment, Submission};
    ///
    /// let deadline: Moment = "2025-09-30T23:59:59+07:00".parse()?;
    /// let mut s = Submission::new("monev-kip-2025", Agency::new("3673", "Kota Serang"));
    /// assert!(!s.is_late(Some(&deadline)));
    /// s.submitted_at = Some("2025-10-01T00:00:00+07:00".parse()?);
    /// assert!(s.is_late(Some(&deadline)));
    /// assert!(!s.is_late(None));
    /// # Ok::<(), kip_index::MomentError>(())
    /// ```
    pub fn is_late(&self, deadline: Option<&crate::text::moment::Moment>) -> bool {
        matches!((&self.submitted_at, deadline), (Some(at), Some(d)) if at > d)
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
        &[
            "instrument",
            "agency",
            "rater",
            "rater_group",
            "submitted_at",
            "answers",
        ],
    )?;
    let at = node.offset;
    let instrument = f.required(d, "instrument", at, Decoder::id);
    let agency = f.required(d, "agency", at, read_agency);
    let rater = f.optional(d, "rater", Decoder::id);
    let rater_group = f.optional(d, "rater_group", Decoder::id);
    let submitted_at = f.optional(d, "submitted_at", Decoder::moment);
    let answers = f.required(d, "answers", at, read_answers);
    Some(Submission {
        instrument: instrument?,
        agency: agency?,
        rater: rater.ok()?,
        rater_group: rater_group.ok()?,
        submitted_at: submitted_at.ok()?,
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
    read_agency_fields(d, &f, node)
}

/// An agency's fields of an object read by `d.object` (a roster entry has more).
pub(crate) fn read_agency_fields(
    d: &mut Decoder,
    f: &crate::text::decode::Fields<'_, '_>,
    node: &Node,
) -> Option<Agency> {
    let at = node.offset;
    let id = f.required(d, "id", at, Decoder::id);
    let name = f.required(d, "name", at, Decoder::string);
    // Required or refused by the instrument's categories: `check_agency` says which.
    let category = f.optional(d, "category", Decoder::id);
    let region = f.optional(d, "region", Decoder::id);
    Some(Agency {
        id: id?,
        name: name?,
        category: category.ok()?.map(CategoryId::from),
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
            d.problem_in(
                ProblemKind::MissingField,
                child(path, "value"),
                node.offset,
                (
                    "expected a `value` (or `\"na\": true`); leave an unanswered question out \
                     of `answers`"
                        .to_owned(),
                    "seharusnya ada `value` (atau `\"na\": true`); pertanyaan yang belum \
                     dijawab tidak perlu dicantumkan di `answers`"
                        .to_owned(),
                ),
            );
            // Kept as unanswered, so that the record's other answers are still checked
            // (the record is rejected for this problem anyway).
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
