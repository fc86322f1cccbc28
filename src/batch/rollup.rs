//! Roll-ups: one figure of weighted parts over a batch's scored bodies — the
//! mean of the final or of one stage's score (over all bodies, or one category or
//! region), one named body's final, or a given number — exact, rounded once. IKIP's
//! national index is one: 70 × the mean of the provinces' informant scores + 30 × the
//! National Assessment Council's score, over 100.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::instrument::{Measure, PartSource, Rollup};
use crate::score::card::{Score, Scorecard};
use crate::score::ratio::Ratio;

/// A computed roll-up.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RollupResult {
    /// The roll-up's id (`nasional`).
    pub id: String,
    /// The roll-up's name (`IKIP Nasional`).
    pub name: String,
    /// The figure, or `None` when a part has no value (see `parts`).
    pub score: Option<Score>,
    /// Each part's weight and value (`None`: no scored body to take it from).
    pub parts: Vec<(rust_decimal::Decimal, Option<Score>)>,
}

impl Serialize for RollupResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Part<'a>(&'a (rust_decimal::Decimal, Option<Score>));
        impl Serialize for Part<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("weight", &crate::text::decimal::Exact(self.0.0))?;
                map.serialize_entry("score", &self.0.1)?;
                map.end()
            }
        }
        let parts: Vec<Part> = self.parts.iter().map(Part).collect();
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("score", &self.score)?;
        map.serialize_entry("parts", &parts)?;
        map.end()
    }
}

/// Computes `rollup` over `cards`; the second value says why a part has no value.
pub(crate) fn compute(
    rollup: &Rollup,
    cards: &[Scorecard],
    decimals: u32,
) -> (RollupResult, Vec<crate::batch::warning::Warning>) {
    let mut warnings = Vec::new();
    let mut parts = Vec::with_capacity(rollup.parts.len());
    let mut total = Some(Ratio::ZERO);
    for (k, part) in rollup.parts.iter().enumerate() {
        let value = match &part.source {
            PartSource::Value { value } => Some(Ratio::from_decimal(*value)),
            PartSource::Body { body } => {
                let found = cards.iter().find(|c| c.agency.id == *body);
                if found.is_none() {
                    warnings.push(crate::batch::warning::Warning::RollupBodyNotScored {
                        rollup: rollup.id.clone(),
                        part: k,
                        agency: body.clone(),
                    });
                }
                found.map(|c| c.final_score.exact())
            }
            PartSource::Mean {
                mean_of,
                category,
                region,
            } => {
                let mean = mean_over(cards, mean_of, category.as_deref(), region.as_deref());
                if mean.is_none() {
                    warnings.push(crate::batch::warning::Warning::RollupNothingToAverage {
                        rollup: rollup.id.clone(),
                        part: k,
                        measure: mean_of.to_string(),
                    });
                }
                mean
            }
        };
        let weighted = value.and_then(|v| v.checked_mul(Ratio::from_decimal(part.weight)));
        total = total.zip(weighted).and_then(|(t, w)| t.checked_add(w));
        parts.push((
            part.weight,
            value.and_then(|v| Score::new(v, decimals).ok()),
        ));
    }
    let score = total
        .and_then(|t| t.checked_div(Ratio::HUNDRED))
        .and_then(|t| Score::new(t, decimals).ok());
    let result = RollupResult {
        id: rollup.id.clone(),
        name: rollup.name.clone(),
        score,
        parts,
    };
    (result, warnings)
}

/// The exact mean of one score over the bodies of a category and region that have it.
fn mean_over(
    cards: &[Scorecard],
    measure: &Measure,
    category: Option<&str>,
    region: Option<&str>,
) -> Option<Ratio> {
    let mut sum = Ratio::ZERO;
    let mut count: i128 = 0;
    for card in cards {
        let in_group = category.is_none_or(|c| card.agency.category.as_deref() == Some(c))
            && region.is_none_or(|r| card.agency.region.as_deref() == Some(r));
        if !in_group {
            continue;
        }
        let score = match measure {
            Measure::Final => Some(card.final_score),
            Measure::Stage(id) => card.stage(id),
        };
        if let Some(score) = score {
            sum = sum.checked_add(score.exact())?;
            count += 1;
        }
    }
    if count == 0 {
        return None;
    }
    sum.checked_div(Ratio::from_integer(count))
}
