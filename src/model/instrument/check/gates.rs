//! The gates' checks: every condition where it stands, and no circle of gates.

use std::collections::BTreeSet;

use super::Checker;
use crate::model::instrument::{Gate, Instrument};

impl Instrument {
    /// One gate and every condition inside it, each problem where it stands.
    pub(super) fn check_gate(&self, gate: &Gate, own: &str, path: &str, c: &mut Checker) {
        match gate {
            Gate::Stage(condition) => {
                let at = format!("{path}/stage");
                if condition.stage == own {
                    c.invalid_in(
                        &at,
                        format!(
                            "expected a gate on another stage, found stage `{own}` gated on itself"
                        ),
                        format!(
                            "seharusnya syarat pada tahap lain, ternyata tahap `{own}` bersyarat pada dirinya sendiri"
                        ),
                    );
                } else if self.stage(&condition.stage).is_none() {
                    c.unknown(
                        &at,
                        "stage",
                        &condition.stage,
                        self.stages.iter().map(|s| s.id.as_str()),
                    );
                }
                if let Some(min) = condition.min {
                    c.score(&format!("{path}/min"), min, "a gate's `min`");
                }
                if condition.top == Some(0) {
                    c.invalid_in(
                        &format!("{path}/top"),
                        "expected a `top` rank of at least 1, found 0".into(),
                        "seharusnya `top` paling sedikit 1, ternyata 0".into(),
                    );
                }
                // `within` without `top` is refused where it is read (the JSON shows
                // whether it was written; the model cannot).
            }
            Gate::Categories { categories } => {
                if categories.is_empty() {
                    c.invalid_in(
                        &format!("{path}/categories"),
                        "expected at least one category, found none".into(),
                        "seharusnya paling sedikit satu kategori, ternyata tidak ada".into(),
                    );
                }
                for (k, category) in categories.iter().enumerate() {
                    if self.category(category).is_none() {
                        c.unknown(
                            &format!("{path}/categories/{k}"),
                            "category",
                            category,
                            self.categories.iter().map(|c| c.id.as_str()),
                        );
                    }
                }
            }
            Gate::All { all: inner } | Gate::Any { any: inner } => {
                let key = if matches!(gate, Gate::All { .. }) {
                    "all"
                } else {
                    "any"
                };
                if inner.is_empty() {
                    c.invalid_in(
                        &format!("{path}/{key}"),
                        format!("expected at least one condition in `{key}`, found none"),
                        format!("seharusnya paling sedikit satu syarat dalam `{key}`, ternyata tidak ada"),
                    );
                }
                for (k, g) in inner.iter().enumerate() {
                    self.check_gate(g, own, &format!("{path}/{key}/{k}"), c);
                }
            }
        }
    }

    /// A stage is settled after every stage its gate looks at: the gates must not wait
    /// on each other in a circle, however the stages are listed.
    pub(super) fn check_gate_cycles(&self, c: &mut Checker) {
        let waits_on = |id: &str| -> Vec<&str> {
            self.stage(id)
                .and_then(|s| s.requires.as_ref())
                .map(Gate::stages)
                .unwrap_or_default()
        };
        for (i, stage) in self.stages.iter().enumerate() {
            let mut seen = BTreeSet::new();
            let mut next: Vec<&str> = waits_on(&stage.id);
            let mut cycle = false;
            while let Some(id) = next.pop() {
                if id == stage.id {
                    cycle = true;
                    break;
                }
                if seen.insert(id) {
                    next.extend(waits_on(id));
                }
            }
            // A stage gated on itself directly is reported where it stands.
            let direct = waits_on(&stage.id).contains(&stage.id.as_str());
            if cycle && !direct {
                c.invalid_in(
                    &format!("/stages/{i}/requires"),
                    format!("expected gates without a cycle, found stage `{}` waiting on itself through other stages", stage.id),
                    format!("seharusnya syarat tanpa lingkaran, ternyata tahap `{}` menunggu dirinya sendiri lewat tahap lain", stage.id),
                );
            }
        }
    }
}
