//! Gates (`requires`): which bodies take part in a stage. A gate is compiled once into
//! a [`PlannedGate`] (stages by index) and settled for a whole batch at once
//! ([`Plan::settle_gates`]): stage after stage in gate order, each gate over the scores
//! already settled, a rank condition from one sort of the bodies that took part in the
//! stage it ranks on (per category, region or the whole batch) — never by scoring a
//! body again. One body alone is a batch of one (it ranks first).

use rust_decimal::Decimal;

use crate::model::instrument::{Gate, Within};
use crate::score::card::Scorecard;

/// A gate with its stages found: what a body is checked against.
#[derive(Debug, Clone)]
pub(crate) enum PlannedGate {
    /// Took part in the stage (by index), and reaches `min` and `top` when given.
    Stage {
        stage: usize,
        min: Option<Decimal>,
        top: Option<u32>,
        within: Within,
    },
    /// Belongs to one of the categories.
    Categories(Vec<String>),
    /// Every condition holds.
    All(Vec<PlannedGate>),
    /// At least one condition holds.
    Any(Vec<PlannedGate>),
}

/// Whether a body passes a gate; why not, in English and Indonesian; or, for a rank
/// condition where the batch is not known (one body's outlook), that it cannot be said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    Pass,
    Fail { why: String, mengapa: String },
    Unknown,
}

/// What a gate sees of one body: its category, each stage's settled score
/// (`None`: took no part) and, when the batch is known, its rank on a stage.
pub(crate) struct Seen<'a> {
    pub category: Option<&'a str>,
    pub stage: &'a dyn Fn(usize) -> Option<Decimal>,
    pub rank: &'a dyn Fn(usize, Within) -> Option<u32>,
    /// Whether a stage's score is still to come (the SAQ page: the later stages), so
    /// that a condition on it cannot be told yet.
    pub pending: &'a dyn Fn(usize) -> bool,
}

impl PlannedGate {
    /// `gate` with every stage found by `index`; `None` if a stage is unknown (which
    /// validation reports first).
    pub(crate) fn new(gate: &Gate, index: &impl Fn(&str) -> Option<usize>) -> Option<PlannedGate> {
        Some(match gate {
            Gate::Stage(c) => PlannedGate::Stage {
                stage: index(&c.stage)?,
                min: c.min,
                top: c.top,
                within: c.within,
            },
            Gate::Categories { categories } => {
                PlannedGate::Categories(categories.iter().map(|c| c.to_string()).collect())
            }
            Gate::All { all } => PlannedGate::All(
                all.iter()
                    .map(|g| PlannedGate::new(g, index))
                    .collect::<Option<_>>()?,
            ),
            Gate::Any { any } => PlannedGate::Any(
                any.iter()
                    .map(|g| PlannedGate::new(g, index))
                    .collect::<Option<_>>()?,
            ),
        })
    }

    /// Every stage the gate looks at (its index), repeats kept.
    pub(crate) fn stages(&self) -> Vec<usize> {
        let mut found = Vec::new();
        self.each_rank_or_stage(&mut |stage, _| found.push(stage));
        found
    }

    /// Calls `f(stage, Some(within))` for each rank condition, `f(stage, None)` for
    /// each other stage condition.
    pub(crate) fn each_rank_or_stage(&self, f: &mut impl FnMut(usize, Option<Within>)) {
        match self {
            PlannedGate::Stage {
                stage, top, within, ..
            } => {
                f(*stage, top.map(|_| *within));
            }
            PlannedGate::Categories(_) => {}
            PlannedGate::All(inner) | PlannedGate::Any(inner) => {
                for g in inner {
                    g.each_rank_or_stage(f);
                }
            }
        }
    }

    /// The verdict for one body; `names` gives a stage's id for the reasons.
    pub(crate) fn verdict(&self, seen: &Seen, names: &dyn Fn(usize) -> String) -> Verdict {
        match self {
            PlannedGate::Stage {
                stage,
                min,
                top,
                within,
            } => {
                let name = names(*stage);
                if (seen.pending)(*stage) {
                    return Verdict::Unknown;
                }
                let Some(score) = (seen.stage)(*stage) else {
                    return Verdict::Fail {
                        why: format!("it took no part in `{name}`"),
                        mengapa: format!("ia tidak mengikuti `{name}`"),
                    };
                };
                if let Some(min) = min
                    && score < *min
                {
                    return Verdict::Fail {
                        why: format!("its `{name}` score {score} is below the gate's {min}"),
                        mengapa: format!(
                            "nilai `{name}`-nya {} di bawah batas gerbang {}",
                            comma(score),
                            comma(*min)
                        ),
                    };
                }
                match top {
                    None => Verdict::Pass,
                    Some(top) => match (seen.rank)(*stage, *within) {
                        None => Verdict::Unknown,
                        Some(rank) if rank <= *top => Verdict::Pass,
                        Some(rank) => {
                            let (group, kelompok) = match within {
                                Within::Category => ("in its category", "dalam kategorinya"),
                                Within::Region => ("in its region", "dalam wilayahnya"),
                                Within::All => ("among all bodies", "di antara semua badan publik"),
                            };
                            Verdict::Fail {
                                why: format!(
                                    "its `{name}` score {score} ranks {rank} {group}, past the gate's top {top}"
                                ),
                                mengapa: format!(
                                    "nilai `{name}`-nya {} di peringkat {rank} {kelompok}, di luar {top} teratas gerbang",
                                    comma(score)
                                ),
                            }
                        }
                    },
                }
            }
            PlannedGate::Categories(categories) => {
                if seen
                    .category
                    .is_some_and(|c| categories.iter().any(|k| k == c))
                {
                    return Verdict::Pass;
                }
                let listed = categories
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let own = seen
                    .category
                    .map_or("none".to_owned(), |c| format!("`{c}`"));
                Verdict::Fail {
                    why: format!("its category {own} is not among the gate's ({listed})"),
                    mengapa: format!(
                        "kategorinya {} tidak termasuk kategori gerbang ({listed})",
                        own.replace("none", "tidak ada")
                    ),
                }
            }
            PlannedGate::All(inner) => {
                let mut unknown = false;
                for g in inner {
                    match g.verdict(seen, names) {
                        Verdict::Pass => {}
                        Verdict::Unknown => unknown = true,
                        fail @ Verdict::Fail { .. } => return fail,
                    }
                }
                if unknown {
                    Verdict::Unknown
                } else {
                    Verdict::Pass
                }
            }
            PlannedGate::Any(inner) => {
                let (mut unknown, mut whys, mut mengapas) = (false, Vec::new(), Vec::new());
                for g in inner {
                    match g.verdict(seen, names) {
                        Verdict::Pass => return Verdict::Pass,
                        Verdict::Unknown => unknown = true,
                        Verdict::Fail { why, mengapa } => {
                            whys.push(why);
                            mengapas.push(mengapa);
                        }
                    }
                }
                if unknown {
                    return Verdict::Unknown;
                }
                Verdict::Fail {
                    why: format!("none of the gate's conditions holds: {}", whys.join("; ")),
                    mengapa: format!(
                        "tidak satu pun syarat gerbang terpenuhi: {}",
                        mengapas.join("; ")
                    ),
                }
            }
        }
    }
}

/// A decimal as Indonesians write it (`59,99`).
fn comma(value: Decimal) -> String {
    value.to_string().replace('.', ",")
}

/// Ranks on one stage within one kind of group, for every card (`None`: took no part,
/// or already refused): equal rounded scores share a rank (1, 2, 2, 4).
pub(crate) fn ranks<'c>(
    cards: &'c [Scorecard],
    refused: &[bool],
    stage: usize,
    within: Within,
) -> Vec<Option<u32>> {
    let group = |card: &'c Scorecard| -> Option<&'c str> {
        match within {
            Within::Category => card.agency.category.as_deref(),
            Within::Region => card.agency.region.as_deref(),
            Within::All => None,
        }
    };
    let mut taking: Vec<(Option<&str>, Decimal, usize)> = cards
        .iter()
        .enumerate()
        .filter(|(i, _)| !refused.get(*i).copied().unwrap_or(false))
        .filter_map(|(i, card)| {
            let score = card.stages.get(stage)?.score?.rounded();
            Some((group(card), score, i))
        })
        .collect();
    // By group, then highest score first: one sort for every group at once.
    taking.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut ranks = vec![None; cards.len()];
    for group in taking.chunk_by(|a, b| a.0 == b.0) {
        let mut rank = 0u32;
        let mut previous: Option<Decimal> = None;
        for (k, (_, score, i)) in group.iter().enumerate() {
            if previous != Some(*score) {
                rank = u32::try_from(k + 1).unwrap_or(u32::MAX);
                previous = Some(*score);
            }
            if let Some(slot) = ranks.get_mut(*i) {
                *slot = Some(rank);
            }
        }
    }
    ranks
}
