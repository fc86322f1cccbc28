//! From question scores up: indicators at every level, points lost and shares, the
//! stages with their gates, the final score and its qualification — each an exact
//! weighted mean ([`Ratio`]) where a left-out part's siblings fill its place.

use crate::model::id::QualificationId;
use crate::score::ratio::exact;

use rust_decimal::Decimal;

use crate::model::instrument::AbsentStage;
use crate::model::verification::StageScore;
use crate::score::plan::{Plan, PlannedParts};
use crate::score::ratio::Ratio;
use crate::text::problem::{Problem, ProblemKind};

impl Plan {
    /// Every indicator's score (`None`: left out) and the questionnaire score, from the
    /// questions' scores: at each level, `Σ weight × score / Σ weight` over the parts
    /// not left out, so that a left-out part's siblings scale up to fill its place.
    pub(crate) fn aggregate(
        &self,
        questions: &[Option<Ratio>],
    ) -> Result<(Vec<Option<Ratio>>, Ratio), Problem> {
        let mut scores: Vec<Option<Ratio>> = vec![None; self.indicators.len()];
        for (indicator, slot) in self.indicators.iter().zip(scores.iter_mut()) {
            if let PlannedParts::Questions(range) = &indicator.parts {
                *slot = self.leaf_score(range.clone(), questions)?;
            }
        }
        let questionnaire = self.roll_up(&mut scores)?;
        Ok((scores, questionnaire))
    }

    /// A leaf indicator's score from its questions' (`None`: every one left out).
    fn leaf_score(
        &self,
        range: std::ops::Range<usize>,
        questions: &[Option<Ratio>],
    ) -> Result<Option<Ratio>, Problem> {
        if let Some(score) = self.integer_mean(range.clone(), questions) {
            return Ok(score);
        }
        let parts: Vec<(Ratio, Option<Ratio>)> = range
            .map(|q| {
                let weight = self.questions.get(q).map_or(Ratio::ZERO, |p| p.weight);
                (weight, questions.get(q).copied().flatten())
            })
            .collect();
        weighted_mean(&parts)
    }

    /// The indicators above the leaves and the questionnaire score, from the leaf
    /// indicators' scores already in `scores` (one per indicator; the others are
    /// overwritten). The one rule above the questions, for a full score and for a
    /// body re-aggregated after a change ([`WhatIf`](crate::score::what_if::WhatIf)).
    pub(crate) fn roll_up(&self, scores: &mut [Option<Ratio>]) -> Result<Ratio, Problem> {
        // Depth first with parents first: in reverse, every child comes before its parent.
        for (k, indicator) in self.indicators.iter().enumerate().rev() {
            let PlannedParts::Indicators(children) = &indicator.parts else {
                continue;
            };
            let parts: Vec<(Ratio, Option<Ratio>)> = children
                .iter()
                .map(|&c| {
                    let weight = self.indicators.get(c).map_or(Ratio::ZERO, |p| p.weight);
                    (weight, scores.get(c).copied().flatten())
                })
                .collect();
            let score = weighted_mean(&parts)?;
            if let Some(slot) = scores.get_mut(k) {
                *slot = score;
            }
        }
        let top: Vec<(Ratio, Option<Ratio>)> = self
            .top
            .iter()
            .map(|&k| {
                // The plan's top-level indices are its own indicators' (`Plan::new`).
                let weight = self.indicators.get(k).map(|p| p.weight);
                let weight = weight.expect("a top-level indicator of the plan");
                (weight, scores.get(k).copied().flatten())
            })
            .collect();
        Ok(weighted_mean(&top)?.unwrap_or(Ratio::ZERO))
    }

    /// The weighted mean of a range of questions' scores with integer weights, in one
    /// running fraction whose denominator only widens when a new one appears; `None`
    /// when a weight is not an integer or the sums would overflow (the caller then
    /// takes the general path). `Some(None)`: every question left out.
    fn integer_mean(
        &self,
        range: std::ops::Range<usize>,
        scores: &[Option<Ratio>],
    ) -> Option<Option<Ratio>> {
        let (mut numer, mut denom, mut weights) = (0i128, 1i128, 0i128);
        for (question, score) in self
            .questions
            .get(range.clone())?
            .iter()
            .zip(scores.get(range)?)
        {
            let Some(score) = score else { continue };
            let weight = question.int_weight?;
            let d = score.denom();
            if d != 1 && d != denom && denom % d != 0 {
                let g = i128::try_from(crate::score::ratio::gcd(
                    denom.unsigned_abs(),
                    d.unsigned_abs(),
                ))
                .ok()?;
                let widen = d / g;
                numer = numer.checked_mul(widen)?;
                denom = denom.checked_mul(widen)?;
            }
            let scale = if d == denom {
                1
            } else if d == 1 {
                denom
            } else {
                denom / d
            };
            numer = numer.checked_add(weight.checked_mul(score.numer())?.checked_mul(scale)?)?;
            weights = weights.checked_add(weight)?;
        }
        if weights == 0 {
            return Some(None);
        }
        Some(Some(Ratio::new(numer, weights.checked_mul(denom)?)?))
    }

    /// Each indicator's lost questionnaire points: its share of the questionnaire (its
    /// weight's fraction of its included siblings', down from 100 at the top) times
    /// (100 − score) / 100.
    pub(crate) fn points_lost(
        &self,
        scores: &[Option<Ratio>],
    ) -> Result<Vec<Option<Ratio>>, Problem> {
        let shares = self.indicator_shares(scores)?;
        shares
            .iter()
            .zip(scores)
            .map(|(share, score)| match (share, score) {
                (Some(share), Some(score)) => {
                    let lost = Ratio::HUNDRED
                        .checked_sub(*score)
                        .and_then(|gap| share.checked_mul(gap))
                        .and_then(|x| x.checked_div(Ratio::HUNDRED));
                    exact(lost).map(Some)
                }
                _ => Ok(None),
            })
            .collect()
    }

    /// Each indicator's share of the questionnaire, out of 100 (`None`: left out).
    pub(crate) fn indicator_shares(
        &self,
        scores: &[Option<Ratio>],
    ) -> Result<Vec<Option<Ratio>>, Problem> {
        let mut shares: Vec<Option<Ratio>> = vec![None; self.indicators.len()];
        self.share_out(&self.top, Ratio::HUNDRED, scores, &mut shares)?;
        // Parents come before children, so a parent's share is known when its children's
        // are shared out.
        for (k, indicator) in self.indicators.iter().enumerate() {
            let whole = shares.get(k).copied().flatten();
            if let (PlannedParts::Indicators(children), Some(whole)) = (&indicator.parts, whole) {
                self.share_out(children, whole, scores, &mut shares)?;
            }
        }
        Ok(shares)
    }

    /// Divides `whole` among the siblings not left out, by weight.
    fn share_out(
        &self,
        siblings: &[usize],
        whole: Ratio,
        scores: &[Option<Ratio>],
        shares: &mut [Option<Ratio>],
    ) -> Result<(), Problem> {
        let included = |c: usize| scores.get(c).copied().flatten().is_some();
        let weight = |c: usize| self.indicators.get(c).map_or(Ratio::ZERO, |p| p.weight);
        let total = siblings
            .iter()
            .filter(|&&c| included(c))
            .try_fold(Ratio::ZERO, |sum, &c| sum.checked_add(weight(c)));
        let total = exact(total)?;
        if total.is_zero() {
            return Ok(());
        }
        for &c in siblings.iter().filter(|&&c| included(c)) {
            let share = exact(
                whole
                    .checked_mul(weight(c))
                    .and_then(|x| x.checked_div(total)),
            )?;
            if let Some(slot) = shares.get_mut(c) {
                *slot = Some(share);
            }
        }
        Ok(())
    }

    /// Every stage's exact score in the instrument's order as given — the questionnaire
    /// stage's from the questionnaire, another's the mean of its judges (`None`: no
    /// score) — before any gate: gates are settled over the whole batch
    /// ([`Plan::settle_gates`]).
    pub(crate) fn stage_scores(
        &self,
        entries: &[&StageScore],
        questionnaire: Ratio,
    ) -> Result<Vec<Option<Ratio>>, Problem> {
        let mut scores: Vec<Option<Ratio>> = vec![None; self.stages.len()];
        for (stage, slot) in self.stages.iter().zip(scores.iter_mut()) {
            *slot = if stage.questionnaire {
                Some(questionnaire)
            } else {
                let judges: Vec<Decimal> = entries
                    .iter()
                    .filter(|e| *e.stage == *stage.id)
                    .flat_map(|e| e.scores.iter().copied())
                    .collect();
                match judges.is_empty() {
                    true => None,
                    false => Some(mean(&judges)?),
                }
            };
        }
        Ok(scores)
    }

    /// Each part's mean over the judges' entries for a stage scored in parts, in the
    /// stage's order of parts (a part no judge gave is left out); empty for a stage
    /// scored as one number, or one the body has no entry for.
    pub(crate) fn stage_part_means(
        &self,
        stage: &crate::score::plan::PlannedStage,
        entries: &[&StageScore],
    ) -> Result<Vec<(std::sync::Arc<str>, Ratio)>, Problem> {
        let mut means = Vec::with_capacity(stage.parts.len());
        for part in &stage.parts {
            let given: Vec<Decimal> = (entries.iter())
                .filter(|e| *e.stage == *stage.id)
                .flat_map(|e| e.parts.iter())
                .filter(|(id, _)| **id == **part)
                .map(|(_, value)| *value)
                .collect();
            if !given.is_empty() {
                means.push((part.clone(), mean(&given)?));
            }
        }
        Ok(means)
    }

    /// Σ weight × score over the stages that count, over the sum of their weights (the
    /// weights are out of 100, so the final is out of 100 too): a stage the body took no
    /// part in counts 0 under `zero` and is left out under `reweight` (each stage's own
    /// policy, else the instrument's). With one policy for every stage this is
    /// Σ weight × score / 100, or the stages taken part in filling the whole 100.
    pub(crate) fn final_score(&self, stages: &[Option<Ratio>]) -> Result<Ratio, Problem> {
        let mut sum = Ratio::ZERO;
        for (stage, score) in self.stages.iter().zip(stages) {
            if let Some(score) = score {
                sum = exact(
                    stage
                        .weight
                        .checked_mul(*score)
                        .and_then(|x| sum.checked_add(x)),
                )?;
            }
        }
        let whole = self.counted_weight(|k| stages.get(k).is_some_and(Option::is_some));
        if whole.is_zero() {
            return Ok(Ratio::ZERO);
        }
        exact(sum.checked_div(whole))
    }

    /// The weight the final is divided by (out of 100): the stages the body took part in
    /// (`present(k)`), and those it did not whose policy counts them 0.
    pub(crate) fn counted_weight(&self, present: impl Fn(usize) -> bool) -> Ratio {
        self.stages
            .iter()
            .enumerate()
            .filter(|(k, stage)| present(*k) || stage.absent == AbsentStage::Zero)
            .fold(Ratio::ZERO, |whole, (_, stage)| {
                // Stage weights are checked to sum to 100: no sum of them overflows.
                whole.checked_add(stage.weight).unwrap_or(whole)
            })
    }

    /// The qualification band with the greatest `min` not above the rounded final.
    pub(crate) fn qualification(&self, rounded: Decimal) -> Result<QualificationId, Problem> {
        self.instrument
            .qualifications
            .iter()
            .filter(|q| q.min <= rounded)
            .max_by_key(|q| q.min)
            .map(|q| q.id.clone())
            .ok_or_else(|| {
                Problem::new(
                    ProblemKind::InvalidValue,
                    "",
                    format!(
                        "expected a qualification band for the final score {rounded}, found none"
                    ),
                )
            })
    }
}

/// `Σ weight × score / Σ weight` over the parts not left out; `None` when every part is
/// left out (or the weights left sum to 0).
fn weighted_mean(parts: &[(Ratio, Option<Ratio>)]) -> Result<Option<Ratio>, Problem> {
    let mut sum = Ratio::ZERO;
    let mut weights = Ratio::ZERO;
    for (weight, score) in parts {
        if let Some(score) = score {
            sum = exact(weight.checked_mul(*score).and_then(|x| sum.checked_add(x)))?;
            weights = exact(weights.checked_add(*weight))?;
        }
    }
    if weights.is_zero() {
        return Ok(None);
    }
    Ok(Some(exact(sum.checked_div(weights))?))
}

/// The exact mean of judges' scores.
fn mean(values: &[Decimal]) -> Result<Ratio, Problem> {
    let sum = values.iter().try_fold(Ratio::ZERO, |sum, v| {
        sum.checked_add(Ratio::from_decimal(*v))
    });
    let count = i128::try_from(values.len()).ok().map(Ratio::from_integer);
    exact(sum.zip(count).and_then(|(s, c)| s.checked_div(c)))
}
