//! What a report card (*rapor*) holds, item by item: its ranks "of N", its stages (and
//! their parts), its indicators beside the category's figures, the questions it names,
//! the answers changed on appeal, its fixes and warnings. `card.rs` builds them.

use schemars::JsonSchema;
use serde::Serialize;

use crate::insight::explain::Fix;
use crate::score::card::{JsonScore, Score};

/// A body's ranks on its card, each "of N".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardRank {
    /// Among every scored body of the batch.
    pub overall: usize,
    /// How many bodies were scored in all.
    pub overall_of: usize,
    /// Among the bodies of its category (`None` without categories).
    pub category: Option<usize>,
    /// How many bodies of its category were scored.
    pub category_of: Option<usize>,
}

/// One stage on a card.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardStage {
    /// The stage's id.
    pub id: String,
    /// The stage's name (`Visitasi`).
    pub name: String,
    /// Its weight in the final, as the instrument gives it.
    #[serde(serialize_with = "crate::text::decimal::serialize")]
    #[schemars(with = "JsonScore")]
    pub weight: rust_decimal::Decimal,
    /// The stage's score; `None` when the body has none.
    #[schemars(with = "Option<JsonScore>")]
    pub score: Option<Score>,
    /// How the stage counts: `scored`, `counted_as_zero` (no score, and the instrument
    /// counts it 0), `reweighted` (no score: the others are reweighted), or
    /// `not_taken` (the body did not pass the stage's gate).
    pub counted: StageCounted,
    /// Whether the final counts the stage 0 (a missing score, or — under
    /// `absent_stage: zero` — a gate not passed): shown `0*`, never a blank.
    pub counted_as_zero: bool,
    /// The stage's gate (`requires`): who takes part in the stage.
    pub gate: Option<crate::model::instrument::Gate>,
    /// The gate's rule in the card's language (`SAQ ≥ 60`, `10 besar SAQ dalam
    /// kategori`); `None` without a gate.
    pub rule: Option<String>,
    /// Whether the body passed the stage's gate (*lolos*), as its batch settled it;
    /// `None` without a gate.
    pub passed: Option<bool>,
    /// For a stage scored in parts, each part the body was given: its name, its `max`
    /// and its mean over the judges (*kehadiran pimpinan* 12,50 of 15).
    pub parts: Vec<CardPart>,
}

/// One part of a stage on a card.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardPart {
    /// The part's id.
    pub id: String,
    /// The part's name (its id when it has none).
    pub name: String,
    /// The most a judge gives it.
    #[serde(serialize_with = "crate::text::decimal::serialize")]
    #[schemars(with = "JsonScore")]
    pub max: rust_decimal::Decimal,
    /// Its mean over the judges.
    #[schemars(with = "JsonScore")]
    pub score: Score,
}

/// How a stage counts in a body's final.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StageCounted {
    /// The body has the stage's score.
    Scored,
    /// No score; the stage's policy (its `absent`, else the instrument's `absent_stage`:
    /// `zero`) counts it 0 in the final.
    CountedAsZero,
    /// No score; the stage's policy (`reweight`) leaves it out and makes the final of
    /// the other stages, reweighted.
    Reweighted,
    /// The body did not pass the stage's gate (`requires`): it takes no part.
    NotTaken,
}

/// One indicator on a card, beside its category.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardIndicator {
    /// The indicator's id.
    pub id: String,
    /// The indicator's name.
    pub name: String,
    /// Its depth: 0 for a top-level indicator.
    pub depth: usize,
    /// The body's score (0–100); `None` when everything in it was left out.
    #[schemars(with = "Option<JsonScore>")]
    pub score: Option<Score>,
    /// The median of the scores of the category's scored bodies (of an even count,
    /// the mean of the middle two), exact until rounded like a score.
    #[schemars(with = "Option<JsonScore>")]
    pub category_median: Option<Score>,
    /// The best score in the category.
    #[schemars(with = "Option<JsonScore>")]
    pub category_best: Option<Score>,
    /// The questionnaire points (out of 100) the indicator lost.
    #[schemars(with = "Option<JsonScore>")]
    pub points_lost: Option<Score>,
}

/// A question named on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardQuestion {
    /// The question's id.
    pub id: String,
    /// The question as asked.
    pub text: String,
}

/// How an amendment changed a body, on its card (SK 53 amending SK 52: 92,31 → 98,31).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardAmended {
    /// The decree amended, if the old results named one.
    pub amends: Option<String>,
    /// Why.
    pub reason: String,
    /// Its standing before (`None`: it was not in the old results).
    #[schemars(with = "Option<serde_json::Value>")]
    pub before: Option<crate::batch::decree::Standing>,
    /// Its standing after (these results).
    #[schemars(with = "Option<serde_json::Value>")]
    pub after: Option<crate::batch::decree::Standing>,
}

/// A question a later verification round changed, on a card.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardAppeal {
    /// The round (`sanggah`).
    pub round: String,
    /// The question.
    #[serde(flatten)]
    pub question: CardQuestion,
    /// Its score before the round.
    #[schemars(with = "crate::text::decimal::JsonDecimal")]
    pub before: crate::Score,
    /// Its score after.
    #[schemars(with = "crate::text::decimal::JsonDecimal")]
    pub after: crate::Score,
    /// The round's note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One fix on a card: the explanation's [`Fix`] and the question's text.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardFix {
    /// The fix.
    #[serde(flatten)]
    pub fix: Fix,
    /// The question as asked.
    pub text: String,
    /// The name of the qualification the fix reaches.
    pub qualification_name: String,
}

/// A warning about the body, as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct CardWarning {
    /// The warning's kind ([`Warning::kind`](crate::Warning::kind)).
    pub kind: String,
    /// The sentence.
    pub message: String,
}
