//! A body's final as it would be if some of its questions scored differently, without
//! scoring the body again: what "what to fix first" asks once per question.
//!
//! Scoring a body again is linear in the instrument, and asking it of every question is
//! quadratic (a 10,000-question instrument took a minute). Here each leaf indicator keeps
//! `Σ weight × score` and `Σ weight` over its questions not left out, so a changed
//! question moves its leaf in constant time; the indicators above, the stages with their
//! gates and the final then come from the plan's own rules ([`Plan::roll_up`],
//! [`Plan::stage_scores`], [`Plan::final_score`]). The sums are exact fractions, so the
//! leaf's mean is the same number however it was reached; a test holds every outcome to
//! a full score of the changed body.

use crate::model::submission::Agency;
use crate::model::verification::StageScore;
use crate::score::plan::Plan;
use crate::score::ratio::{Ratio, exact};
use crate::text::problem::Problem;

/// `Σ weight × score` and `Σ weight` over a leaf indicator's questions not left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LeafSum {
    weighted: Ratio,
    weights: Ratio,
}

impl LeafSum {
    const EMPTY: LeafSum = LeafSum {
        weighted: Ratio::ZERO,
        weights: Ratio::ZERO,
    };

    /// The sum with one question of `weight` scoring `new` instead of `old` (`None`:
    /// left out).
    fn change(
        self,
        weight: Ratio,
        old: Option<Ratio>,
        new: Option<Ratio>,
    ) -> Result<LeafSum, Problem> {
        let mut sum = self;
        if let Some(old) = old {
            sum.weighted = exact(
                weight
                    .checked_mul(old)
                    .and_then(|x| sum.weighted.checked_sub(x)),
            )?;
            sum.weights = exact(sum.weights.checked_sub(weight))?;
        }
        if let Some(new) = new {
            sum.weighted = exact(
                weight
                    .checked_mul(new)
                    .and_then(|x| sum.weighted.checked_add(x)),
            )?;
            sum.weights = exact(sum.weights.checked_add(weight))?;
        }
        Ok(sum)
    }

    /// The leaf's score: the weighted mean, `None` when every question is left out (or
    /// the weights left sum to 0), as [`Plan::aggregate`] has it.
    fn mean(self) -> Result<Option<Ratio>, Problem> {
        if self.weights.is_zero() {
            return Ok(None);
        }
        exact(self.weighted.checked_div(self.weights)).map(Some)
    }
}

/// A body's stage scores and final, exact (`None`: a stage it took no part in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// Every stage's score, in the instrument's order.
    pub stages: Vec<Option<Ratio>>,
    /// The final score.
    pub final_score: Ratio,
}

/// One body's verified question scores, held so that a change to a few of them gives
/// the body's new final in time proportional to the indicators, not the questions.
#[derive(Debug, Clone)]
pub(crate) struct WhatIf<'a> {
    plan: &'a Plan,
    agency: &'a Agency,
    stage_scores: &'a [&'a StageScore],
    /// Each question's verified score (`None`: left out).
    verified: Vec<Option<Ratio>>,
    /// Each leaf's sums, by index into [`Plan::leaves`].
    sums: Vec<LeafSum>,
    /// Each indicator's score; those above the leaves are rolled up again per outcome.
    indicators: Vec<Option<Ratio>>,
}

impl<'a> WhatIf<'a> {
    /// The body whose questions score `verified` (one per question of the plan), with
    /// its agency and stage scores.
    pub(crate) fn new(
        plan: &'a Plan,
        verified: Vec<Option<Ratio>>,
        agency: &'a Agency,
        stage_scores: &'a [&'a StageScore],
    ) -> Result<WhatIf<'a>, Problem> {
        let mut sums = vec![LeafSum::EMPTY; plan.leaves.len()];
        let mut indicators = vec![None; plan.indicators.len()];
        for (leaf, sum) in plan.leaves.iter().zip(sums.iter_mut()) {
            for q in leaf.questions.clone() {
                let weight = plan.questions.get(q).map_or(Ratio::ZERO, |p| p.weight);
                *sum = sum.change(weight, None, verified.get(q).copied().flatten())?;
            }
            if let Some(slot) = indicators.get_mut(leaf.indicator) {
                *slot = sum.mean()?;
            }
        }
        Ok(WhatIf {
            plan,
            agency,
            stage_scores,
            verified,
            sums,
            indicators,
        })
    }

    /// A question's verified score as the body stands.
    pub(crate) fn verified(&self, question: usize) -> Option<Ratio> {
        self.verified.get(question).copied().flatten()
    }

    /// The leaves `changes` (question, new score) touch, with their changed sums.
    fn changed_sums(
        &self,
        changes: &[(usize, Option<Ratio>)],
    ) -> Result<Vec<(usize, LeafSum)>, Problem> {
        let mut touched: Vec<(usize, LeafSum)> = Vec::new();
        for &(q, new) in changes {
            let Some(question) = self.plan.questions.get(q) else {
                continue;
            };
            let at = match touched.iter().position(|(leaf, _)| *leaf == question.leaf) {
                Some(at) => at,
                None => {
                    // Every question's leaf has its sum: they are made together, one a
                    // leaf of the plan — an empty sum here would be a wrong final.
                    let sum = self
                        .sums
                        .get(question.leaf)
                        .copied()
                        .expect("a what-if keeps one sum for every leaf of its plan");
                    touched.push((question.leaf, sum));
                    touched.len() - 1
                }
            };
            if let Some((_, sum)) = touched.get_mut(at) {
                *sum = sum.change(question.weight, self.verified(q), new)?;
            }
        }
        Ok(touched)
    }

    /// The stages and final the body would have with `changes` made (each question at
    /// most once).
    pub(crate) fn outcome(&self, changes: &[(usize, Option<Ratio>)]) -> Result<Outcome, Problem> {
        debug_assert!(
            changes
                .iter()
                .enumerate()
                .all(|(i, (q, _))| changes.iter().skip(i + 1).all(|(r, _)| r != q)),
            "a question changed twice in one outcome"
        );
        let mut indicators = self.indicators.clone();
        for (leaf, sum) in self.changed_sums(changes)? {
            let indicator = self.plan.leaves.get(leaf).map(|l| l.indicator);
            if let Some(slot) = indicator.and_then(|i| indicators.get_mut(i)) {
                *slot = sum.mean()?;
            }
        }
        let questionnaire = self.plan.roll_up(&mut indicators)?;
        let mut stages = self.plan.stage_scores(self.stage_scores, questionnaire)?;
        self.plan.gates_alone(&mut stages, self.agency);
        let final_score = self.plan.final_score(&stages)?;
        Ok(Outcome {
            stages,
            final_score,
        })
    }

    /// Makes `changes`: the body now stands with them.
    pub(crate) fn apply(&mut self, changes: &[(usize, Option<Ratio>)]) -> Result<(), Problem> {
        for (leaf, sum) in self.changed_sums(changes)? {
            if let Some(slot) = self.sums.get_mut(leaf) {
                *slot = sum;
            }
            let indicator = self.plan.leaves.get(leaf).map(|l| l.indicator);
            if let Some(slot) = indicator.and_then(|i| self.indicators.get_mut(i)) {
                *slot = sum.mean()?;
            }
        }
        for &(q, new) in changes {
            if let Some(slot) = self.verified.get_mut(q) {
                *slot = new;
            }
        }
        Ok(())
    }
}
