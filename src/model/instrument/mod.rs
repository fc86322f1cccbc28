//! The instrument: the questionnaire definition a commission scores with.
//!
//! An [`Instrument`] holds the categories of bodies, the stages (the SAQ, *visitasi* or
//! *presentasi*), the qualification bands, and a tree of weighted [`Indicator`]s whose
//! leaves are [`Question`]s. Every number in it is an exact [`Decimal`].

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::id::{CategoryId, QualificationId};
use crate::text::decimal::{self, JsonDecimal};

pub use gate::{Gate, StageCondition, Within};
pub use stage_part::StagePart;

/// `Serialize` as the type's `Display` text, and a JSON Schema of a string of `pattern`.
macro_rules! text_form {
    ($kind:ident, $description:literal, $pattern:literal) => {
        impl Serialize for $kind {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl JsonSchema for $kind {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($kind).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "description": $description,
                    "type": "string",
                    "pattern": $pattern
                })
            }
        }
    };
}

/// A questionnaire definition: what is asked, how answers score and how scores combine.
///
/// Load one with [`Instrument::from_json`], which reports every problem in the file; an
/// instrument built in code can be checked with [`Instrument::validate`].
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Instrument",
    description = "A kip-index instrument: the questionnaire definition of a Monev KIP or IKIP evaluation (categories, stages, qualification bands, weighted indicators and questions). See docs/scoring.md in the kip-index repository."
)]
#[non_exhaustive]
pub struct Instrument {
    /// The instrument's id; submissions name it in their `instrument` field.
    pub id: String,
    /// The instrument's name, for people.
    pub name: String,
    /// Digits after the decimal point of every published score (default 2).
    #[serde(default = "default_decimals")]
    #[schemars(range(max = 10))]
    pub decimals: u32,
    /// The categories of public body (*badan publik*) ranked separately: ministries,
    /// provinces (*pemprov*), regencies (*pemkab*), cities (*pemkot*), offices (*OPD*)...
    /// Optional: an instrument that declares none (IKIP's provinces, a commission ranking
    /// one kind of body) has agencies that name none, and no per-category ranks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    /// The stages whose weighted scores make the final score; their weights sum to 100
    /// and exactly one is the questionnaire stage (the SAQ).
    pub stages: Vec<Stage>,
    /// What a body that took no part in a stage gets (default `zero`).
    #[serde(default)]
    pub absent_stage: AbsentStage,
    /// The qualification bands (*kualifikasi*), one of which starts at 0.
    pub qualifications: Vec<Qualification>,
    /// Keys compared, in order, between bodies whose rounded final scores are equal:
    /// `stage:ID` or `indicator:ID`.
    #[serde(default)]
    pub tie_break: Vec<TieBreak>,
    /// The top-level indicators; their weights sum to exactly 100.
    pub indicators: Vec<Indicator>,
    /// An optional index of indexes computed over the scored bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollup: Option<Rollup>,
    /// The deadline (*batas waktu*) for questionnaires, RFC 3339 with its offset
    /// (`2025-09-30T23:59:59+07:00`): a submission whose `submitted_at` is after it is
    /// not scored but listed as not assessed, `late`. A batch may extend it
    /// ([`Plan::with_deadline`](crate::Plan::with_deadline), `kip --deadline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<crate::text::moment::Moment>,
}

fn default_decimals() -> u32 {
    2
}

/// A category of public body, ranked on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Category {
    /// The category's id, as submissions and rosters name it (`pemkot`).
    pub id: CategoryId,
    /// The category's name (`Pemerintah Kota`).
    pub name: String,
}

/// A stage of the evaluation: the SAQ, *visitasi*, *presentasi*, *uji publik*...
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Stage {
    /// The stage's id (`saq`, `visitasi`).
    pub id: String,
    /// The stage's name.
    pub name: String,
    /// The stage's weight in the final score; stage weights sum to exactly 100.
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub weight: Decimal,
    /// True for the one stage scored from the questionnaire (the SAQ; in IKIP, the
    /// informants' stage). Other stages' scores come from a stage-score file.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub questionnaire: bool,
    /// A gate: only bodies that scored at least `min` in another stage take part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requires: Option<Gate>,
    /// What a body that took no part in this stage gets, overriding the instrument's
    /// [`absent_stage`](Instrument::absent_stage) for it (NTT counts a skipped
    /// *presentasi* 0, and leaves out a visit it could not make).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absent: Option<AbsentStage>,
    /// The parts judges score the stage in (their `max` values sum to 100); empty for a
    /// stage scored as one number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<StagePart>,
}

impl Instrument {
    /// What a body that took no part in `stage` gets: the stage's own `absent`, else
    /// the instrument's `absent_stage`.
    pub fn absent_policy(&self, stage: &Stage) -> AbsentStage {
        stage.absent.unwrap_or(self.absent_stage)
    }
}

/// What a body that took no part in a stage gets in its final score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum AbsentStage {
    /// The stage counts 0 in the final score.
    #[default]
    Zero,
    /// The final score is made of the stages the body took part in, their weights scaled
    /// up to 100.
    Reweight,
}

/// A qualification band (*kualifikasi*): bodies whose rounded final is at least `min`
/// (and below the next band) get it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Qualification {
    /// The qualification's id (`informatif`).
    pub id: QualificationId,
    /// The qualification's name (`Informatif`).
    pub name: String,
    /// The least rounded final score of the band (0–100).
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub min: Decimal,
}

/// A tie-break key: a stage's or an indicator's rounded score.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TieBreak {
    /// `stage:ID`: the score of that stage.
    Stage(String),
    /// `indicator:ID`: the score of that indicator.
    Indicator(String),
}

impl TieBreak {
    /// Reads `stage:ID` or `indicator:ID`.
    pub fn parse(text: &str) -> Option<TieBreak> {
        match text.split_once(':') {
            Some(("stage", id)) if !id.is_empty() => Some(TieBreak::Stage(id.to_owned())),
            Some(("indicator", id)) if !id.is_empty() => Some(TieBreak::Indicator(id.to_owned())),
            _ => None,
        }
    }
}

impl std::fmt::Display for TieBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TieBreak::Stage(id) => write!(f, "stage:{id}"),
            TieBreak::Indicator(id) => write!(f, "indicator:{id}"),
        }
    }
}

text_form!(
    TieBreak,
    "A tie-break key: `stage:ID` (a stage's rounded score) or `indicator:ID` (an indicator's rounded score).",
    "^(stage|indicator):.+$"
);

/// An indicator: a weighted group of questions or of sub-indicators (to any depth).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Indicator {
    /// The indicator's id, unique among all indicators at every level.
    pub id: String,
    /// The indicator's name (`Jenis Informasi`).
    pub name: String,
    /// The weight: at the top level, a share of 100; inside an indicator, relative to its
    /// siblings (each counts `weight / sum of weights`). Default 1.
    #[serde(serialize_with = "decimal::serialize", default = "one")]
    #[schemars(with = "JsonDecimal")]
    pub weight: Decimal,
    /// What the indicator holds: questions, or sub-indicators.
    #[serde(flatten)]
    pub parts: Parts,
}

/// What an [`Indicator`] holds.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Parts {
    /// Questions, scored from the answers.
    Questions(Vec<Question>),
    /// Sub-indicators.
    Indicators(Vec<Indicator>),
}

fn one() -> Decimal {
    Decimal::ONE
}

/// A question of the questionnaire (SAQ item).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Question {
    /// The question's id, unique in the instrument; submissions answer by it.
    pub id: String,
    /// The question as asked.
    pub text: String,
    /// The kind of answer and how it scores.
    #[serde(flatten)]
    pub kind: QuestionKind,
    /// The weight, relative to the other questions of its indicator (default 1; a `text`
    /// question's is 0 and must stay 0).
    #[serde(serialize_with = "decimal::serialize", default = "one")]
    #[schemars(with = "JsonDecimal")]
    pub weight: Decimal,
    /// Whether the answer needs supporting evidence (*data dukung*).
    #[serde(default)]
    pub evidence: Evidence,
    /// The categories of body the question applies to; absent: all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<CategoryId>>,
    /// The question is asked only when an earlier question has the given answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
    /// What the question counts when its `when` condition fails (default `zero`).
    #[serde(default)]
    pub otherwise: Otherwise,
    /// Whether the body may answer "not applicable" (the question is then left out).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub allow_na: bool,
}

/// The kind of a [`Question`], with what its answers score.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum QuestionKind {
    /// `true` scores 100, `false` 0.
    YesNo,
    /// One option; it scores the option's `score`.
    #[non_exhaustive]
    Choice {
        /// The options.
        options: Vec<ChoiceOption>,
    },
    /// A list of items, no repeats; scores 100 × chosen points / all points.
    #[non_exhaustive]
    Checklist {
        /// The items.
        items: Vec<ChecklistItem>,
    },
    /// A decimal; scores the `score` of its band.
    #[non_exhaustive]
    Number {
        /// The least allowed answer.
        #[serde(
            default,
            serialize_with = "decimal::serialize_opt",
            skip_serializing_if = "Option::is_none"
        )]
        #[schemars(with = "JsonDecimal")]
        min: Option<Decimal>,
        /// The greatest allowed answer.
        #[serde(
            default,
            serialize_with = "decimal::serialize_opt",
            skip_serializing_if = "Option::is_none"
        )]
        #[schemars(with = "JsonDecimal")]
        max: Option<Decimal>,
        /// The bands, all by `max` (lower is better) or all by `min` (higher is better).
        bands: Vec<Band>,
    },
    /// A whole number from `min` to `max`; scores 100 × (answer − min) / (max − min).
    #[non_exhaustive]
    Scale {
        /// The lowest point of the scale.
        min: i64,
        /// The highest point of the scale.
        max: i64,
    },
    /// A decimal 0–100 given directly (an expert's rating, a verifier's score).
    Rating,
    /// Free text or a link; never scored.
    Text,
}

impl QuestionKind {
    /// The kind's name as written in the file (`yes_no`).
    pub fn name(&self) -> &'static str {
        match self {
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Choice { .. } => "choice",
            QuestionKind::Checklist { .. } => "checklist",
            QuestionKind::Number { .. } => "number",
            QuestionKind::Scale { .. } => "scale",
            QuestionKind::Rating => "rating",
            QuestionKind::Text => "text",
        }
    }
}

/// An option of a `choice` question.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ChoiceOption {
    /// The option's id, as answers name it.
    pub id: String,
    /// The option as shown.
    pub label: String,
    /// What choosing it scores (0–100).
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub score: Decimal,
}

/// The option or item a person's word names, as sheets and the page take them: its id as
/// written, else its id or its label in any case with spaces trimmed (and runs of spaces
/// as one). A word that matches no id and more than one label names none.
pub(crate) fn by_word<'a, T>(
    choices: &'a [T],
    word: &str,
    id: impl Fn(&T) -> &str,
    label: impl Fn(&T) -> &str,
) -> Option<&'a T> {
    if let Some(found) = choices.iter().find(|c| id(c) == word) {
        return Some(found);
    }
    let folded = fold(word);
    if let Some(found) = choices.iter().find(|c| fold(id(c)) == folded) {
        return Some(found);
    }
    let mut labelled = choices.iter().filter(|c| fold(label(c)) == folded);
    match (labelled.next(), labelled.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

/// A word as matched: trimmed, runs of white space as one space, lower case.
fn fold(word: &str) -> String {
    word.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl ChoiceOption {
    /// The option of `options` that a person's word names: its id, or its id or label in
    /// any case (`Setiap bulan` for `bulanan`).
    pub fn by_word<'a>(options: &'a [ChoiceOption], word: &str) -> Option<&'a ChoiceOption> {
        by_word(options, word, |o| &o.id, |o| &o.label)
    }
}

impl ChecklistItem {
    /// The item of `items` that a person's word names: its id, or its id or label in any
    /// case (`Program` for `program`).
    pub fn by_word<'a>(items: &'a [ChecklistItem], word: &str) -> Option<&'a ChecklistItem> {
        by_word(items, word, |i| &i.id, |i| &i.label)
    }
}

/// An item of a `checklist` question.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ChecklistItem {
    /// The item's id, as answers name it.
    pub id: String,
    /// The item as shown.
    pub label: String,
    /// Its points (not negative).
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub points: Decimal,
}

/// A band of a `number` question: answers up to `max` (or from `min`) score `score`.
/// A band with neither bound catches the rest and must come last.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Band {
    /// The band holds answers at least this (higher-is-better bands).
    #[serde(
        default,
        serialize_with = "decimal::serialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "JsonDecimal")]
    pub min: Option<Decimal>,
    /// The band holds answers at most this (lower-is-better bands).
    #[serde(
        default,
        serialize_with = "decimal::serialize_opt",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "JsonDecimal")]
    pub max: Option<Decimal>,
    /// What an answer in the band scores (0–100).
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub score: Decimal,
}

/// Whether an answer needs supporting evidence (*data dukung*).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// Without evidence (and without a verifier's decision) the answer scores 0.
    Required,
    /// Evidence may be attached.
    #[default]
    Optional,
    /// No evidence is asked for.
    None,
}

/// `when`: the question is asked only when an earlier `yes_no` or `choice` question has
/// the given answer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Condition {
    /// The earlier question.
    pub question: String,
    /// The answer that opens this question: `true`/`false` for `yes_no`, an option id
    /// for `choice`.
    pub equals: Expected,
}

/// The answer a [`Condition`] waits for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Expected {
    /// A `yes_no` answer.
    Bool(bool),
    /// A `choice` option id.
    Option(String),
}

/// What a question counts when its `when` condition fails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Otherwise {
    /// It counts, with score 0.
    #[default]
    Zero,
    /// It is left out, and its siblings' weights scale up.
    NotApplicable,
}

/// An index of indexes: one figure of weighted parts, such as IKIP's
/// national index.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Rollup {
    /// The roll-up's id (`nasional`).
    pub id: String,
    /// The roll-up's name (`IKIP Nasional`).
    pub name: String,
    /// The parts; their weights sum to exactly 100.
    pub parts: Vec<RollupPart>,
}

/// One weighted part of a [`Rollup`].
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RollupPart {
    /// The part's weight, a share of 100.
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub weight: Decimal,
    /// Where the part's figure comes from.
    #[serde(flatten)]
    pub source: PartSource,
}

/// Where a [`RollupPart`]'s figure comes from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum PartSource {
    /// The mean of one score over the scored bodies, optionally of one category or region.
    #[non_exhaustive]
    Mean {
        /// `final`, or `stage:ID`.
        mean_of: Measure,
        /// Only bodies of this category.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        category: Option<CategoryId>,
        /// Only bodies of this region.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        region: Option<String>,
    },
    /// The exact final score of one body scored in the same run.
    #[non_exhaustive]
    Body {
        /// The body's agency id.
        body: String,
    },
    /// A given number.
    #[non_exhaustive]
    Value {
        /// The number (0–100).
        #[serde(serialize_with = "decimal::serialize")]
        #[schemars(with = "JsonDecimal")]
        value: Decimal,
    },
}

/// A score taken over bodies: the final, or one stage's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Measure {
    /// `final`: the final score.
    Final,
    /// `stage:ID`: one stage's score.
    Stage(String),
}

impl Measure {
    /// Reads `final` or `stage:ID`.
    pub fn parse(text: &str) -> Option<Measure> {
        match text {
            "final" => Some(Measure::Final),
            _ => match text.split_once(':') {
                Some(("stage", id)) if !id.is_empty() => Some(Measure::Stage(id.to_owned())),
                _ => None,
            },
        }
    }
}

impl std::fmt::Display for Measure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Measure::Final => f.write_str("final"),
            Measure::Stage(id) => write!(f, "stage:{id}"),
        }
    }
}

text_form!(
    Measure,
    "`final` (the final score) or `stage:ID` (one stage's score).",
    "^(final|stage:.+)$"
);

mod build;
mod check;
mod gate;
mod gate_text;
mod ids;
mod lookup;
mod read;
mod rules;
mod stage_part;

pub(crate) use rules::applies_to_category;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iter_questions_walks_nested_indicators_in_written_order() {
        let text =
            std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default();
        let instrument = Instrument::from_json(&text).unwrap_or_else(|r| panic!("{r}"));
        let walked: Vec<&str> = instrument.iter_questions().map(|q| q.id.as_str()).collect();
        let with_paths: Vec<&str> = instrument
            .questions()
            .into_iter()
            .map(|(q, _)| q.id.as_str())
            .collect();
        assert_eq!(walked, with_paths);
        // JI01..JI13 (nested in four sub-indicators) come first, SP05 last: 42 in all.
        assert_eq!(walked.first(), Some(&"JI01"));
        assert_eq!(walked.get(12), Some(&"JI13"));
        assert_eq!(walked.last(), Some(&"SP05"));
        assert_eq!(walked.len(), 42);
    }
}
