//! The integer fast path of scoring: for a body with one rater, no verifier decision and
//! nothing left out beyond what its category rules out — nearly every body of a Monev —
//! every indicator score is a fixed integer combination of its leaves' integer sums.
//!
//! At compile time, for each category, each indicator's score becomes
//! `Σ K_leaf × N_leaf / G` (exact integers `K`, `G`), where `N_leaf` is the sum of the
//! leaf's answers' integer numerators times their coefficients. Scoring a body is then
//! a multiply-add per answer and one division per published figure. Whatever falls
//! outside (several raters, decisions, an N/A, a failed `when` that leaves a question
//! out, a rating with more than four decimals) takes the general path; both give the same
//! exact scores, which a property test checks.

use crate::score::card::{Diagnostics, Score};

use crate::score::plan::{CategoryFormulas, Formula, Plan, PlannedParts, Rule};
use crate::score::ratio::Ratio;
use crate::score::sheet::{Sheet, Take};
use crate::text::problem::Problem;

impl Formula {
    /// The numerator over `denom × lcm`, where `lcm` is a multiple of every leaf's
    /// weight sum: `Σ K × N_leaf × (lcm / S_leaf)`.
    fn numer(&self, sums: &[i128], weights: &[i128], lcm: i128) -> Option<i128> {
        self.terms.iter().try_fold(0i128, |acc, (leaf, k)| {
            let scale = lcm.checked_div(*weights.get(*leaf)?)?;
            acc.checked_add(k.checked_mul(*sums.get(*leaf)?)?.checked_mul(scale)?)
        })
    }
}

/// What the fast path gives the scorecard.
pub(crate) struct FastParts {
    pub indicators: Vec<Option<Score>>,
    pub lost: Vec<Option<Score>>,
    pub questionnaire: Ratio,
    pub self_assessed: Ratio,
}

impl Plan {
    /// The formulas of every category, or `None` when some leaf has no integer path.
    pub(crate) fn compile_formulas(&self) -> Option<Vec<CategoryFormulas>> {
        if self.leaves.iter().any(|l| l.common.is_none()) {
            return None;
        }
        let categories = &self.instrument.categories;
        if categories.is_empty() {
            // No categories declared: one set of formulas, for every body.
            return Some(vec![self.category_formulas(None)?]);
        }
        categories
            .iter()
            .map(|c| self.category_formulas(Some(&c.id)))
            .collect()
    }

    fn category_formulas(&self, category: Option<&str>) -> Option<CategoryFormulas> {
        let full_weight: Vec<i128> = self
            .leaves
            .iter()
            .map(|leaf| {
                let questions = self.questions.get(leaf.questions.clone())?;
                questions
                    .iter()
                    .filter(|q| {
                        !matches!(q.rule, Rule::Text)
                            && crate::score::when::applies(&q.categories, category)
                    })
                    .try_fold(0i128, |s, q| s.checked_add(q.int_weight?))
            })
            .collect::<Option<_>>()?;
        // Each indicator's score as Σ coefficient × N_leaf, built bottom-up.
        let mut linear: Vec<Option<Vec<(usize, Ratio)>>> = vec![None; self.indicators.len()];
        for (k, indicator) in self.indicators.iter().enumerate().rev() {
            let combination = match &indicator.parts {
                PlannedParts::Questions(_) => {
                    let leaf = self.leaves.iter().position(|l| l.indicator == k)?;
                    let weight = *full_weight.get(leaf)?;
                    let common = self.leaves.get(leaf)?.common?;
                    (weight > 0).then_some(vec![(leaf, Ratio::new(1, common)?)])
                }
                PlannedParts::Indicators(children) => {
                    let included: Vec<(Ratio, &Vec<(usize, Ratio)>)> = children
                        .iter()
                        .filter_map(|&c| {
                            let child = linear.get(c)?.as_ref()?;
                            Some((self.indicators.get(c)?.weight, child))
                        })
                        .collect();
                    combine(&included)?
                }
            };
            if let Some(slot) = linear.get_mut(k) {
                *slot = combination;
            }
        }
        let top: Vec<(Ratio, &Vec<(usize, Ratio)>)> = self
            .top
            .iter()
            .filter_map(|&k| Some((self.indicators.get(k)?.weight, linear.get(k)?.as_ref()?)))
            .collect();
        let questionnaire = match combine(&top)? {
            Some(terms) => integer_formula(&terms)?,
            None => Formula {
                terms: Vec::new(),
                denom: 1,
            },
        };
        let shares = self.shares(&linear)?;
        let indicators = linear
            .iter()
            .zip(shares)
            .map(|(terms, share)| match (terms, share) {
                (Some(terms), Some(share)) => Some(Some((integer_formula(terms)?, share))),
                _ => Some(None),
            })
            .collect::<Option<Vec<_>>>()?;
        Some(CategoryFormulas {
            full_weight,
            indicators,
            questionnaire,
        })
    }

    /// Each included indicator's share of the questionnaire (out of 100).
    fn shares(&self, linear: &[Option<Vec<(usize, Ratio)>>]) -> Option<Vec<Option<Ratio>>> {
        let mut shares: Vec<Option<Ratio>> = vec![None; self.indicators.len()];
        let split = |siblings: &[usize], whole: Ratio, shares: &mut Vec<Option<Ratio>>| {
            let included: Vec<usize> = siblings
                .iter()
                .copied()
                .filter(|&c| linear.get(c).is_some_and(Option::is_some))
                .collect();
            let total = included.iter().try_fold(Ratio::ZERO, |s, &c| {
                s.checked_add(self.indicators.get(c)?.weight)
            })?;
            if total.is_zero() {
                return Some(());
            }
            for c in included {
                let w = self.indicators.get(c)?.weight;
                *shares.get_mut(c)? = Some(whole.checked_mul(w)?.checked_div(total)?);
            }
            Some(())
        };
        split(&self.top, Ratio::HUNDRED, &mut shares)?;
        for (k, indicator) in self.indicators.iter().enumerate() {
            if let (PlannedParts::Indicators(children), Some(Some(whole))) =
                (&indicator.parts, shares.get(k).copied())
            {
                split(children, whole, &mut shares)?;
            }
        }
        Some(shares)
    }

    /// The fast path's indicator scores, points lost, questionnaire and self-assessed
    /// scores; `None` when the body does not qualify for it.
    pub(crate) fn fast_parts(
        &self,
        sheets: &[&Sheet],
        has_decisions: bool,
        category: Option<&str>,
        diagnostics: &mut Diagnostics,
    ) -> Option<Result<FastParts, Problem>> {
        let [sheet] = sheets else { return None };
        if has_decisions {
            return None;
        }
        let formulas = self.formulas.as_ref()?;
        let k = match category {
            None if self.instrument.categories.is_empty() => 0,
            None => return None,
            Some(category) => self
                .instrument
                .categories
                .iter()
                .position(|c| c.id == category)?,
        };
        let formulas = formulas.get(k)?;
        let leaves = self.leaves.len();
        let (mut self_sums, mut verified_sums, mut weights) = (
            vec![0i128; leaves],
            vec![0i128; leaves],
            vec![0i128; leaves],
        );
        let mut missing = Vec::new();
        let mut evidence_missing = Vec::new();
        for (q, (question, cell)) in self.questions.iter().zip(&sheet.takes).enumerate() {
            let leaf = question.leaf;
            let (numer, no_evidence) = match cell.take() {
                Take::LeftOut => continue,
                Take::Closed => (0, false),
                Take::Missing => {
                    missing.push(q);
                    (0, false)
                }
                Take::Answered {
                    numer,
                    evidence_missing,
                } => (numer, evidence_missing),
                Take::Exact { .. } => return None,
            };
            *weights.get_mut(leaf)? += question.int_weight?;
            let contribution = question.coef.checked_mul(i128::from(numer))?;
            *self_sums.get_mut(leaf)? += contribution;
            if no_evidence {
                if numer != 0 {
                    evidence_missing.push(q);
                }
            } else {
                *verified_sums.get_mut(leaf)? += contribution;
            }
        }
        // A leaf left out entirely (or one the category keeps turned up) changes the
        // tree's weights: the general path rescales them.
        let same_leaves = weights
            .iter()
            .zip(&formulas.full_weight)
            .all(|(w, full)| (*w > 0) == (*full > 0));
        if !same_leaves {
            return None;
        }
        let lcm = weights.iter().filter(|w| **w > 0).try_fold(1i128, |l, w| {
            let g = i128::try_from(crate::score::ratio::gcd(l.unsigned_abs(), w.unsigned_abs()))
                .ok()?;
            (l / g).checked_mul(*w)
        })?;
        let sums = Sums {
            self_assessed: &self_sums,
            verified: &verified_sums,
            weights: &weights,
            lcm,
        };
        // Sums too large for the integer path go the general way.
        let parts = self.fast_finish(formulas, &sums)?;
        let id = |q: &usize| self.questions.get(*q).map(|p| p.shared_id.clone());
        diagnostics.missing = missing.iter().filter_map(id).collect();
        diagnostics.evidence_missing = evidence_missing.iter().filter_map(id).collect();
        Some(Ok(parts))
    }

    fn fast_finish(&self, formulas: &CategoryFormulas, sums: &Sums) -> Option<FastParts> {
        let decimals = self.instrument.decimals;
        let mut indicators = Vec::with_capacity(formulas.indicators.len());
        let mut lost = Vec::with_capacity(formulas.indicators.len());
        for formula in &formulas.indicators {
            let Some((formula, share)) = formula else {
                indicators.push(None);
                lost.push(None);
                continue;
            };
            let numer = formula.numer(sums.verified, sums.weights, sums.lcm)?;
            let denom = formula.denom.checked_mul(sums.lcm)?;
            indicators.push(Some(Score::from_fraction(numer, denom, decimals).ok()?));
            // share × (100 − numer/denom) / 100 = share.n × (100·denom − numer) / (share.d · 100 · denom)
            let gap = denom
                .checked_mul(100)?
                .checked_sub(numer)?
                .checked_mul(share.numer())?;
            let under = share.denom().checked_mul(100)?.checked_mul(denom)?;
            lost.push(Some(Score::from_fraction(gap, under, decimals).ok()?));
        }
        let q = &formulas.questionnaire;
        let denom = q.denom.checked_mul(sums.lcm)?;
        let questionnaire = Ratio::new(q.numer(sums.verified, sums.weights, sums.lcm)?, denom)?;
        let self_assessed =
            Ratio::new(q.numer(sums.self_assessed, sums.weights, sums.lcm)?, denom)?;
        Some(FastParts {
            indicators,
            lost,
            questionnaire,
            self_assessed,
        })
    }
}

/// One body's integer sums per leaf.
struct Sums<'a> {
    self_assessed: &'a [i128],
    verified: &'a [i128],
    weights: &'a [i128],
    /// A common multiple of the leaves' weight sums.
    lcm: i128,
}

/// `Σ w × child / Σ w` over the included children, as one combination of leaves;
/// `Some(None)` when none is included.
fn combine(included: &[(Ratio, &Vec<(usize, Ratio)>)]) -> Option<Option<Vec<(usize, Ratio)>>> {
    let total = included
        .iter()
        .try_fold(Ratio::ZERO, |s, (w, _)| s.checked_add(*w))?;
    if total.is_zero() {
        return Some(None);
    }
    let mut terms: Vec<(usize, Ratio)> = Vec::new();
    for (w, child) in included {
        let factor = w.checked_div(total)?;
        for (leaf, coefficient) in child.iter() {
            terms.push((*leaf, coefficient.checked_mul(factor)?));
        }
    }
    Some(Some(terms))
}

/// Coefficients over one common denominator.
fn integer_formula(terms: &[(usize, Ratio)]) -> Option<Formula> {
    let denom = terms.iter().try_fold(1i128, |l, (_, c)| {
        let g = i128::try_from(crate::score::ratio::gcd(
            l.unsigned_abs(),
            c.denom().unsigned_abs(),
        ))
        .ok()?;
        (l / g).checked_mul(c.denom())
    })?;
    let terms = terms
        .iter()
        .map(|(leaf, c)| Some((*leaf, c.numer().checked_mul(denom / c.denom())?)))
        .collect::<Option<Vec<_>>>()?;
    Some(Formula { terms, denom })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_generate as generate;
    use crate::{Instrument, Submission};

    /// Both paths on the same sheet: the fast one must give exactly the general one's
    /// scores, and must be taken for most generated bodies.
    #[test]
    fn the_fast_path_gives_exactly_the_general_paths_scores() {
        for questions in [20, 150] {
            let text = generate::instrument_json(questions);
            let instrument = Instrument::from_json(&text).unwrap_or_else(|r| panic!("{r}"));
            let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
            assert!(
                plan.formulas.is_some(),
                "the generated instrument has a fast path"
            );
            let mut fast_taken = 0;
            for i in 0..300 {
                let body = generate::body(i, 11);
                let mut line = String::new();
                generate::submission_line(&instrument.id, questions, &body, 11, &mut line);
                let submission = Submission::from_json(&line).unwrap_or_else(|r| panic!("{r}"));
                let sheet = plan.sheet(&submission).unwrap_or_else(|r| panic!("{r}"));
                let sheets = [&sheet];
                let mut fast_diagnostics = Diagnostics::default();
                let Some(fast) =
                    plan.fast_parts(&sheets, false, Some(body.category), &mut fast_diagnostics)
                else {
                    continue;
                };
                let fast = fast.unwrap_or_else(|p| panic!("{p}"));
                fast_taken += 1;
                let mut diagnostics = Diagnostics::default();
                let (indicators, lost, questionnaire, self_assessed) = plan
                    .general_parts(&sheets, None, &mut diagnostics)
                    .unwrap_or_else(|p| panic!("{p}"));
                assert_eq!(fast.questionnaire, questionnaire, "body {i}");
                assert_eq!(fast.self_assessed, self_assessed, "body {i}");
                assert_eq!(fast.indicators, indicators, "body {i}");
                assert_eq!(fast.lost, lost, "body {i}");
                assert_eq!(fast_diagnostics, diagnostics, "body {i}");
            }
            assert!(
                fast_taken > 250,
                "only {fast_taken} of 300 bodies took the fast path"
            );
        }
    }
}
