//! A stage scored in parts (`parts`): each judge gives every part, from 0 to its `max`,
//! and the parts' maxima sum to 100 — Banten 2025 gives the presentation up to 15 points
//! for the head of the body attending, so what earned the points stays apart from them.

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::text::decimal::{self, JsonDecimal};

/// One part of a stage's score (`kehadiran`: up to 15).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StagePart {
    /// The part's id, as stage-score entries name it (`kehadiran`).
    pub id: String,
    /// The part's name, for people (`Kehadiran pimpinan`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The most a judge gives the part; a stage's parts' `max` values sum to 100.
    #[serde(serialize_with = "decimal::serialize")]
    #[schemars(with = "JsonDecimal")]
    pub max: Decimal,
}

impl StagePart {
    /// A part `id` of at most `max` points, without a name.
    pub fn new(id: impl Into<String>, max: Decimal) -> StagePart {
        StagePart {
            id: id.into(),
            name: None,
            max,
        }
    }

    /// The part's name, else its id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

impl super::Stage {
    /// A stage score of `value` (0–100) for the body `agency`: one score, or — for a
    /// stage scored in parts — each part at the same share of its `max` (what a body
    /// would get scoring `value` throughout).
    pub fn score_of(&self, agency: &str, value: Decimal) -> crate::StageScore {
        if self.parts.is_empty() {
            return crate::StageScore::new(agency, &self.id, vec![value]);
        }
        let parts = (self.parts.iter())
            .map(|p| {
                let share = p
                    .max
                    .checked_mul(value)
                    .and_then(|x| x.checked_div(Decimal::ONE_HUNDRED));
                (p.id.clone(), share.unwrap_or(Decimal::ZERO))
            })
            .collect();
        crate::StageScore::in_parts(agency, &self.id, parts)
    }
}
