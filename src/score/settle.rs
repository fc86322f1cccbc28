//! A batch's gates settled ([`Plan::settle_gates`]): stage after stage in gate order,
//! over the scores already settled, then each body's final made from its settled
//! stages; and one body's gates seen alone, for what it would get with other answers.

use rust_decimal::Decimal;

use crate::model::instrument::Within;
use crate::score::card::Scorecard;
use crate::score::gates::{Seen, Verdict, ranks};
use crate::score::plan::Plan;
use crate::score::ratio::Ratio;
use crate::text::problem::{Problem, ProblemKind};

/// Every body's rank on one stage within one kind of group (`None`: not ranked).
type RankTable = ((usize, Within), Vec<Option<u32>>);

impl Plan {
    /// The id of the stage at `k` (empty past the stages), for the gates' reasons.
    fn stage_id(&self, k: usize) -> String {
        self.stages
            .get(k)
            .map_or(String::new(), |s| s.id.to_string())
    }

    /// Whether any stage has a gate (a batch without one has nothing to settle).
    pub(crate) fn has_gates(&self) -> bool {
        self.stages.iter().any(|s| s.gate.is_some())
    }

    /// Settles every gated stage of `cards` (scored with every stage score they were
    /// given, gates not yet applied), in gate order: a body that does not pass a gate
    /// takes no part in the stage (`passed: Some(false)`), and one given a score there is
    /// refused — its index and the problem, naming the body, the stage and the rule,
    /// are returned, and it counts in no rank after.
    pub(crate) fn settle_gates(&self, cards: &mut [Scorecard]) -> Vec<(usize, Problem)> {
        self.settle(cards, false)
    }

    /// One body's gates settled without its batch ([`Plan::score`]): its rank is not
    /// known, so a rank condition is taken as the batch published it — passed when the
    /// body was given the gated stage's score, not passed without one (which counts the
    /// same in the final: a stage not passed is a stage not taken).
    pub(crate) fn settle_alone(&self, card: &mut Scorecard) -> Option<Problem> {
        let problems = self.settle(std::slice::from_mut(card), true);
        problems.into_iter().next().map(|(_, p)| p)
    }

    fn settle(&self, cards: &mut [Scorecard], alone: bool) -> Vec<(usize, Problem)> {
        if !self.has_gates() {
            return Vec::new();
        }
        let mut refused = vec![false; cards.len()];
        let mut problems = Vec::new();
        let names = |k: usize| self.stage_id(k);
        for &k in &self.stage_order {
            let Some(gate) = self.stages.get(k).and_then(|s| s.gate.as_ref()) else {
                continue;
            };
            // Every rank this gate asks for, over the bodies settled so far.
            let mut tables: Vec<RankTable> = Vec::new();
            gate.each_rank_or_stage(&mut |stage, within| {
                if let Some(within) = within
                    && !tables.iter().any(|(key, _)| *key == (stage, within))
                {
                    tables.push(((stage, within), ranks(cards, &refused, stage, within)));
                }
            });
            for (i, card) in cards.iter_mut().enumerate() {
                if refused.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let verdict = {
                    let card: &Scorecard = card;
                    let stage = |s: usize| {
                        card.stages
                            .get(s)
                            .and_then(|r| r.score)
                            .map(|score| score.rounded())
                    };
                    let rank = |s: usize, within: Within| {
                        tables
                            .iter()
                            .find(|(key, _)| *key == (s, within))
                            .and_then(|(_, ranks)| ranks.get(i).copied().flatten())
                            .filter(|_| !alone)
                    };
                    let seen = Seen {
                        category: card.agency.category.as_deref(),
                        stage: &stage,
                        rank: &rank,
                        pending: &|_| false,
                    };
                    gate.verdict(&seen, &names)
                };
                let Some(result) = card.stages.get_mut(k) else {
                    continue;
                };
                // Alone, an unknown rank is read off the stage's score, as published.
                let verdict = match verdict {
                    Verdict::Unknown if alone && result.score.is_none() => {
                        let stage = names(k);
                        Verdict::Fail {
                            why: format!(
                                "no `{stage}` score was given (one body alone cannot know its rank: a rank gate counts as passed only with the stage's score)"
                            ),
                            mengapa: format!(
                                "tidak ada nilai `{stage}` (satu badan publik saja tidak dapat mengetahui peringkatnya: syarat peringkat dianggap lolos hanya bila nilai tahapnya ada)"
                            ),
                        }
                    }
                    verdict => verdict,
                };
                match verdict {
                    // A batch knows every rank: `Unknown` is a stage not ranked at all.
                    Verdict::Pass | Verdict::Unknown => result.passed = Some(true),
                    Verdict::Fail { why, mengapa } => {
                        result.passed = Some(false);
                        if result.score.take().is_some() {
                            let (stage, agency) = (names(k), card.agency.id.clone());
                            problems.push((
                                i,
                                Problem::new(
                                    ProblemKind::Gate,
                                    "/stage",
                                    format!(
                                        "expected no `{stage}` score for agency `{agency}`, which takes no part in that stage because {why}, found one"
                                    ),
                                )
                                .with_indonesian(format!(
                                    "seharusnya tidak ada nilai `{stage}` untuk badan publik `{agency}`, yang tidak \
                                     mengikuti tahap itu karena {mengapa}, ternyata ada (periksa berkas \
                                     nilai tahap)"
                                )),
                            ));
                            if let Some(r) = refused.get_mut(i) {
                                *r = true;
                            }
                        }
                    }
                }
            }
        }
        // No final is made again: a body that passes keeps every score it was scored
        // with, and one that fails with no score there was scored without it — a failure
        // with a score is a refusal. The finals made per body are the settled ones.
        problems.sort_by_key(|(i, _)| *i);
        problems
    }

    /// One body's gates applied to its stage scores (`None`: took no part) without its
    /// batch: a stage whose gate it fails is taken out; a rank condition, which one body
    /// cannot know, is taken as published (the body has the stage's score only if it
    /// passed). For what a body would get with other answers (`explain`, `fixes`).
    pub(crate) fn gates_alone(&self, scores: &mut [Option<Ratio>], agency: &crate::Agency) {
        let decimals = self.instrument.decimals;
        for &k in &self.stage_order {
            let verdict = {
                let scores: &[Option<Ratio>] = scores;
                let rounded = |s: usize| scores.get(s).copied().flatten()?.round(decimals);
                self.verdict_alone(k, agency, &rounded, &|_| false)
            };
            if let (Some(Verdict::Fail { .. }), Some(slot)) = (verdict, scores.get_mut(k)) {
                *slot = None;
            }
        }
    }

    /// The verdict of stage `k`'s gate for one body seen alone (no rank known), on the
    /// rounded stage scores `rounded`, the stages `pending` still to come; `None` for a
    /// stage without a gate.
    pub(crate) fn verdict_alone(
        &self,
        k: usize,
        agency: &crate::Agency,
        rounded: &dyn Fn(usize) -> Option<Decimal>,
        pending: &dyn Fn(usize) -> bool,
    ) -> Option<Verdict> {
        let gate = self.stages.get(k)?.gate.as_ref()?;
        let names = |s: usize| self.stage_id(s);
        let seen = Seen {
            category: agency.category.as_deref(),
            stage: rounded,
            rank: &|_, _| None,
            pending,
        };
        Some(gate.verdict(&seen, &names))
    }
}
