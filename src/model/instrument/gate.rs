//! A stage's gate (`requires`): one condition on another stage (took part, a least
//! score, a rank within a group), a list of categories, or conditions combined with
//! `all` / `any` (SPEC 2.3, *Gates as commissions run them*).

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

use crate::model::id::CategoryId;
use crate::text::decimal::{self, JsonDecimal};

/// The gate of a stage (`requires`): which bodies take part in it. One condition, or
/// conditions combined with `all` / `any` (SPEC 2.3, *Gates as commissions run them*).
/// A body that does not pass takes no part in the stage, and a score given for it there
/// is an error.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Gate {
    /// `{ "stage": S }`, with `"min": M` and/or `"top": N, "within": W`: the body took
    /// part in S, and its rounded score there is at least M and ranks at most N.
    Stage(StageCondition),
    /// `{ "categories": [C, ...] }`: the body belongs to one of these categories.
    Categories {
        /// The categories that pass.
        categories: Vec<CategoryId>,
    },
    /// `{ "all": [...] }`: every condition holds.
    All {
        /// The conditions, each of which must hold.
        all: Vec<Gate>,
    },
    /// `{ "any": [...] }`: at least one condition holds.
    Any {
        /// The conditions, one of which must hold.
        any: Vec<Gate>,
    },
}

/// A condition on another stage: the body took part in it, and (when given) its rounded
/// score there reaches `min` and ranks within the `top` N of its group.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StageCondition {
    /// The stage looked at.
    pub stage: String,
    /// The least rounded score (0–100) that passes.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "decimal::serialize_opt"
    )]
    #[schemars(with = "Option<JsonDecimal>")]
    pub min: Option<Decimal>,
    /// The largest rank that passes, among the bodies of the body's group (`within`)
    /// that took part in the stage; equal rounded scores share a rank (1, 2, 2, 4), so
    /// every body tied at the cut passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1))]
    pub top: Option<u32>,
    /// The group a `top` rank is taken in (default `category`).
    #[serde(default, skip_serializing_if = "Within::is_category")]
    pub within: Within,
}

/// The group a gate's rank is taken in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Within {
    /// Among the bodies of the same category.
    #[default]
    Category,
    /// Among the bodies of the same region.
    Region,
    /// Among every body of the batch.
    All,
}

impl Within {
    fn is_category(&self) -> bool {
        *self == Within::Category
    }
}

impl Gate {
    /// Every stage the gate looks at, in the order written (repeats kept).
    pub fn stages(&self) -> Vec<&str> {
        let mut found = Vec::new();
        self.visit(&mut |gate| {
            if let Gate::Stage(c) = gate {
                found.push(c.stage.as_str());
            }
        });
        found
    }

    /// Whether any condition ranks bodies (`top`): such a gate is settled over the
    /// whole batch, once the stage it ranks on is scored for every body.
    pub fn ranks(&self) -> bool {
        let mut ranks = false;
        self.visit(&mut |gate| {
            ranks |= matches!(gate, Gate::Stage(c) if c.top.is_some());
        });
        ranks
    }

    /// Calls `f` on this gate and every condition inside it, depth first.
    pub(crate) fn visit<'g>(&'g self, f: &mut impl FnMut(&'g Gate)) {
        f(self);
        match self {
            Gate::All { all: inner } | Gate::Any { any: inner } => {
                for gate in inner {
                    gate.visit(f);
                }
            }
            Gate::Stage(_) | Gate::Categories { .. } => {}
        }
    }
}
