//! A body's report card (*rapor*): what a commission writes to each body after the
//! Monev — its final, qualification and ranks ("of N"), its stages (and how a missing
//! one was counted), every indicator beside its category's median and best, the points
//! each lost, the verifiers' changes, the answers without their evidence (*data
//! dukung*), the fixes worth most with the answer to give, and its warnings.
//!
//! A card is built from a finished batch ([`Results`]: ranks, the category's figures)
//! and the body's own inputs ([`Body`]: the answers the fixes start from). The body is
//! explained again ([`Plan::explain`]) and its final must be the batch's, so that a
//! card never shows advice for answers other than those scored.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;

use crate::batch::results::Results;
use crate::model::id::QualificationId;
use crate::model::instrument::{AbsentStage, Indicator, Instrument, Parts};
use crate::model::submission::{Agency, Submission};
use crate::model::verification::{StageScore, Verification};
use crate::score::card::{Body, JsonScore, Score, Scorecard};
use crate::score::plan::Plan;
use crate::score::ratio::Ratio;
use crate::text::language::Language;
use crate::text::problem::{Problem, ProblemKind, Report};

pub use crate::insight::card_items::{
    CardAmended, CardAppeal, CardFix, CardIndicator, CardPart, CardQuestion, CardRank, CardStage,
    CardWarning, StageCounted,
};

/// How many fixes a card lists: the ten worth most.
pub const CARD_FIXES: usize = 10;

/// One body's report card (*rapor*), built by [`ReportCards`].
///
/// Its JSON has a schema: [`schema::Format::ReportCard`](crate::schema::Format).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct ReportCard {
    /// The body: id, name, category and region, as scored.
    pub agency: Agency,
    /// The category's name in the instrument (`Pemerintah Kota`); `None` without
    /// categories.
    pub category_name: Option<String>,
    /// The final score (0–100), with the instrument's decimals.
    #[serde(rename = "final")]
    #[schemars(with = "JsonScore")]
    pub final_score: Score,
    /// The qualification's id (`menuju_informatif`).
    pub qualification: QualificationId,
    /// The qualification's name (`Menuju Informatif`).
    pub qualification_name: String,
    /// The body's ranks, each with how many bodies it is ranked among.
    pub rank: CardRank,
    /// Every stage in the instrument's order.
    pub stages: Vec<CardStage>,
    /// Every indicator at every level, depth first, beside its category's figures.
    pub indicators: Vec<CardIndicator>,
    /// The questions whose score a verifier changed.
    pub changed_by_verifier: Vec<CardQuestion>,
    /// The questions whose score a later verification round changed (the *masa
    /// sanggah*, when the body contested with new evidence): before and after.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed_on_appeal: Vec<CardAppeal>,
    /// The questions answered without the evidence (*data dukung*) they need, scored 0.
    pub evidence_missing: Vec<CardQuestion>,
    /// The questions asked and left unanswered, scored 0.
    pub unanswered: Vec<CardQuestion>,
    /// The fixes worth most (at most [`CARD_FIXES`]), each after the ones before it.
    pub fixes: Vec<CardFix>,
    /// How many fixes there are in all (`kip explain` lists every one).
    pub fixes_in_all: usize,
    /// The batch's warnings about this body, in the results' language.
    pub warnings: Vec<CardWarning>,
    /// When the results amend a decree and this body's standing changed: the decree
    /// amended, why, and its standing before and after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended: Option<CardAmended>,
}

/// Report cards for the bodies of a finished batch: the category figures worked out
/// once, then one card per body.
///
/// ```
/// use kip_index::{Batch, Body, Plan, ReportCards, Instrument, Submission};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let serang = Submission::from_json(r#"{"instrument": "monev-kip-2025",
///   "agency": {"id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot"},
///   "answers": {"JI01": {"value": true, "evidence": ["https://ppid.serangkota.go.id"]},
///               "JI04": {"value": true}}}"#)?;
/// let mut batch = Batch::new(&plan).without_stage_scores();
/// batch.add_submission("serang.json", &serang);
/// let results = batch.finish();
///
/// let cards = ReportCards::new(&plan, &results);
/// let card = cards.card(&Body::new(&serang))?;
/// assert_eq!((card.rank.category, card.rank.category_of), (Some(1), Some(1)));
/// // JI04 has no evidence: the card names it, and a fix says what to answer.
/// assert!(card.evidence_missing.iter().any(|q| q.id == "JI04"));
/// assert!(card.fixes.iter().any(|f| f.fix.question == "JI04"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ReportCards<'a> {
    plan: &'a Plan,
    results: &'a Results,
    /// Each scored body's place in `results.results`, by agency id.
    index: BTreeMap<&'a str, usize>,
    /// Per category: how many bodies were scored, and each indicator's median and best.
    categories: BTreeMap<Option<&'a str>, Peers>,
    /// Every indicator's name and depth, in the scorecards' order.
    indicators: Vec<(String, String, usize)>,
}

#[derive(Debug, Default)]
struct Peers {
    scored: usize,
    median: Vec<Option<Score>>,
    best: Vec<Option<Score>>,
}

impl<'a> ReportCards<'a> {
    /// The batch's category figures, worked out once (time N × indicators × log N).
    pub fn new(plan: &'a Plan, results: &'a Results) -> ReportCards<'a> {
        let mut index = BTreeMap::new();
        let mut groups: BTreeMap<Option<&str>, Vec<&Scorecard>> = BTreeMap::new();
        for (k, card) in results.results.iter().enumerate() {
            index.insert(card.agency.id.as_str(), k);
            groups
                .entry(card.agency.category.as_deref())
                .or_default()
                .push(card);
        }
        let mut indicators = Vec::new();
        walk(&plan.instrument().indicators, 0, &mut indicators);
        let decimals = plan.instrument().decimals;
        let categories = groups
            .into_iter()
            .map(|(category, cards)| (category, peers(&cards, indicators.len(), decimals)))
            .collect();
        ReportCards {
            plan,
            results,
            index,
            categories,
            indicators,
        }
    }

    /// The card of one scored body, from its own inputs: the submissions, verification
    /// and stage scores the batch scored it from. An error when the body is not among
    /// the batch's scored bodies, cannot be explained, or its inputs give another final
    /// than the batch's (they are not the inputs that were scored).
    pub fn card(&self, body: &Body<'_>) -> Result<ReportCard, Report> {
        let id = body
            .submissions
            .first()
            .map(|s| s.agency.id.as_str())
            .unwrap_or_default();
        let Some(scored) = self
            .index
            .get(id)
            .and_then(|&k| self.results.results.get(k))
        else {
            return Err(Report::from(
                Problem::new(
                    ProblemKind::UnknownReference,
                    "/agency/id",
                    format!("expected a body the batch scored, found `{id}`, which it did not"),
                )
                .with_indonesian(format!(
                    "seharusnya badan publik yang dinilai dalam penilaian ini, ternyata `{id}` \
                     tidak dinilai"
                )),
            ));
        };
        let explanation = self.plan.explain(body)?;
        let (theirs, ours) = (
            explanation.scorecard.final_score,
            scored.final_score.exact(),
        );
        if theirs.exact() != ours {
            return Err(Report::from(
                Problem::new(
                    ProblemKind::Inconsistent,
                    "/agency/id",
                    format!(
                        "expected the inputs the batch scored `{id}` from, found inputs that give \
                         a final of {} against the batch's {}",
                        theirs.rounded(),
                        scored.final_score.rounded()
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya masukan yang dinilai untuk `{id}`, ternyata masukan ini memberi \
                     nilai akhir {} sedangkan hasil penilaian {}",
                    theirs.rounded(),
                    scored.final_score.rounded()
                )),
            ));
        }
        Ok(self.assemble(scored, explanation))
    }

    /// Cards for many bodies from the records of a batch read again: each body's valid
    /// submissions (a rater's that appears twice is left out, as the batch rejected
    /// it), its verification and its stage scores. Only the bodies the batch scored
    /// get a card, in the results' order (ranked), and only those in `agencies` when
    /// given. Each is a card, or why it could not be made.
    pub fn cards_for(
        &self,
        submissions: &[Submission],
        verifications: &[Verification],
        stage_scores: &[StageScore],
        agencies: Option<&BTreeSet<String>>,
    ) -> Vec<(String, Result<ReportCard, Report>)> {
        let wanted =
            |id: &str| self.index.contains_key(id) && agencies.is_none_or(|a| a.contains(id));
        let mut by_agency: BTreeMap<&str, Vec<&Submission>> = BTreeMap::new();
        for submission in submissions {
            if wanted(&submission.agency.id) {
                by_agency
                    .entry(submission.agency.id.as_str())
                    .or_default()
                    .push(submission);
            }
        }
        for copies in by_agency.values_mut() {
            let mut raters: BTreeMap<Option<&str>, usize> = BTreeMap::new();
            for s in copies.iter() {
                *raters.entry(s.rater.as_deref()).or_default() += 1;
            }
            copies.retain(|s| raters.get(&s.rater.as_deref()) == Some(&1));
        }
        let verification: BTreeMap<&str, &Verification> = verifications
            .iter()
            .map(|v| (v.agency.as_str(), v))
            .collect();
        let mut stages: BTreeMap<&str, Vec<&StageScore>> = BTreeMap::new();
        for score in stage_scores {
            stages.entry(score.agency.as_str()).or_default().push(score);
        }
        let bodies: Vec<(&str, Body<'_>)> = self
            .results
            .results
            .iter()
            .map(|c| c.agency.id.as_str())
            .filter(|id| wanted(id))
            .map(|id| {
                let body = Body {
                    submissions: by_agency.get(id).cloned().unwrap_or_default(),
                    verification: verification.get(id).copied(),
                    stage_scores: stages.get(id).cloned().unwrap_or_default(),
                };
                (id, body)
            })
            .collect();
        let mut cards = Vec::new();
        {
            use crate::text::par::prelude::*;
            bodies
                .into_par_iter()
                .map(|(id, body)| {
                    let card = if body.submissions.is_empty() {
                        Err(Report::from(
                            Problem::new(
                                ProblemKind::MissingField,
                                "/agency/id",
                                format!(
                                    "expected the submissions the batch scored `{id}` from, \
                                     found none"
                                ),
                            )
                            .with_indonesian(format!(
                                "seharusnya ada pengajuan yang dinilai untuk `{id}`, ternyata \
                                 tidak ada"
                            )),
                        ))
                    } else {
                        self.card(&body)
                    };
                    (id.to_owned(), card)
                })
                .collect_into_vec(&mut cards);
        }
        cards
    }

    fn assemble(&self, scored: &Scorecard, explanation: crate::Explanation) -> ReportCard {
        let instrument = self.plan.instrument();
        let language = self.results.language;
        let category = scored.agency.category.as_deref();
        let peers = self.categories.get(&category);
        let texts: BTreeMap<&str, &str> = explanation
            .questions
            .iter()
            .map(|q| (q.id.as_str(), q.text.as_str()))
            .collect();
        let questions = |ids: &[crate::QuestionId]| -> Vec<CardQuestion> {
            ids.iter()
                .map(|id| {
                    let id = id.to_string();
                    let text = texts.get(id.as_str()).copied().unwrap_or_default();
                    CardQuestion {
                        text: text.to_owned(),
                        id,
                    }
                })
                .collect()
        };
        let fixes_in_all = explanation.fixes.len();
        let fixes = explanation
            .fixes
            .into_iter()
            .take(CARD_FIXES)
            .map(|fix| CardFix {
                text: texts
                    .get(fix.question.as_str())
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                qualification_name: qualification_name(instrument, &fix.qualification),
                fix,
            })
            .collect();
        let indicators = (self.indicators.iter().enumerate())
            .map(|(k, (id, name, depth))| {
                let result = scored.indicators.get(k).filter(|r| &*r.id == id);
                CardIndicator {
                    id: id.clone(),
                    name: name.clone(),
                    depth: *depth,
                    score: result.and_then(|r| r.score),
                    category_median: peers.and_then(|p| p.median.get(k).copied().flatten()),
                    category_best: peers.and_then(|p| p.best.get(k).copied().flatten()),
                    points_lost: result.and_then(|r| r.points_lost),
                }
            })
            .collect();
        let id = scored.agency.id.as_str();
        let warnings = (self.results.warnings.iter())
            .filter(|w| w.agencies().contains(&id))
            .map(|w| CardWarning {
                kind: w.kind().to_owned(),
                message: about_one(w, id).message(language),
            })
            .collect();
        let rank = scored.rank.unwrap_or(crate::Rank {
            overall: 0,
            category: None,
            region: None,
            qualification: 0,
        });
        ReportCard {
            category_name: category.map(|c| {
                (instrument.categories.iter())
                    .find(|x| x.id == c)
                    .map_or_else(|| c.to_owned(), |x| x.name.clone())
            }),
            final_score: scored.final_score,
            qualification: scored.qualification.clone(),
            qualification_name: qualification_name(instrument, &scored.qualification),
            rank: CardRank {
                overall: rank.overall,
                overall_of: self.results.results.len(),
                category: rank.category,
                category_of: rank.category.and(peers.map(|p| p.scored)),
            },
            stages: stages(instrument, scored, language),
            indicators,
            changed_by_verifier: questions(&scored.diagnostics.changed_by_verifier),
            changed_on_appeal: (scored.diagnostics.round_changes().iter())
                .map(|r| CardAppeal {
                    round: r.round.clone(),
                    question: questions(std::slice::from_ref(&r.question))
                        .pop()
                        .unwrap_or(CardQuestion {
                            id: r.question.to_string(),
                            text: String::new(),
                        }),
                    before: r.before,
                    after: r.after,
                    note: r.note.clone(),
                })
                .collect(),
            evidence_missing: questions(&scored.diagnostics.evidence_missing),
            unanswered: questions(&scored.diagnostics.missing),
            fixes,
            fixes_in_all,
            warnings,
            amended: (self.results.amendment.as_ref()).and_then(|a| {
                let change = a.changes.iter().find(|c| c.agency == scored.agency.id)?;
                Some(CardAmended {
                    amends: a.amends.clone(),
                    reason: a.reason.clone(),
                    before: change.before.clone(),
                    after: change.after.clone(),
                })
            }),
            agency: scored.agency.clone(),
        }
    }
}

/// The warning as it concerns one body: a missing stage names this body alone.
fn about_one(warning: &crate::Warning, id: &str) -> crate::Warning {
    match warning {
        crate::Warning::StageScoresMissing {
            stage,
            stage_name,
            due,
            files,
            absent_stage,
            ..
        } => crate::Warning::StageScoresMissing {
            stage: stage.clone(),
            stage_name: stage_name.clone(),
            due: *due,
            missing: vec![id.to_owned()],
            files: files.clone(),
            absent_stage: *absent_stage,
        },
        other => other.clone(),
    }
}

fn qualification_name(instrument: &Instrument, id: &str) -> String {
    (instrument.qualifications.iter())
        .find(|q| q.id == id)
        .map_or_else(|| id.to_owned(), |q| q.name.clone())
}

fn stages(instrument: &Instrument, scored: &Scorecard, language: Language) -> Vec<CardStage> {
    (instrument.stages.iter())
        .zip(&scored.stages)
        .map(|(stage, result)| {
            let gated_out = result.score.is_none() && result.passed == Some(false);
            let counted = match (result.score, gated_out, instrument.absent_policy(stage)) {
                (Some(_), _, _) => StageCounted::Scored,
                (None, true, _) => StageCounted::NotTaken,
                (None, false, AbsentStage::Zero) => StageCounted::CountedAsZero,
                (None, false, AbsentStage::Reweight) => StageCounted::Reweighted,
            };
            CardStage {
                id: stage.id.clone(),
                name: stage.name.clone(),
                weight: stage.weight,
                score: result.score,
                counted,
                counted_as_zero: result.counted_as_zero,
                rule: stage
                    .requires
                    .as_ref()
                    .map(|g| g.rule(instrument, language)),
                passed: result.passed,
                parts: (scored.stage_parts.iter())
                    .filter(|p| *p.stage == *stage.id)
                    .flat_map(|p| p.parts.iter())
                    .filter_map(|(id, score)| {
                        let part = stage.parts.iter().find(|p| *p.id == **id)?;
                        Some(CardPart {
                            id: part.id.clone(),
                            name: part.label().to_owned(),
                            max: part.max,
                            score: *score,
                        })
                    })
                    .collect(),
                gate: stage.requires.clone(),
            }
        })
        .collect()
}

/// Every indicator's id, name and depth, depth first (the scorecards' order).
fn walk(indicators: &[Indicator], depth: usize, out: &mut Vec<(String, String, usize)>) {
    for indicator in indicators {
        out.push((indicator.id.clone(), indicator.name.clone(), depth));
        if let Parts::Indicators(children) = &indicator.parts {
            walk(children, depth + 1, out);
        }
    }
}

/// A category's figures: how many scored, each indicator's median and best.
fn peers(cards: &[&Scorecard], indicators: usize, decimals: u32) -> Peers {
    let mut median = Vec::with_capacity(indicators);
    let mut best = Vec::with_capacity(indicators);
    let mut scores: Vec<Ratio> = Vec::with_capacity(cards.len());
    for k in 0..indicators {
        scores.clear();
        scores.extend(
            cards
                .iter()
                .filter_map(|c| c.indicators.get(k).and_then(|r| r.score))
                .map(|s| s.exact()),
        );
        scores.sort_unstable();
        let n = scores.len();
        let middle = match (scores.get(n / 2), n % 2) {
            (Some(m), 1) => Some(*m),
            (Some(high), _) => scores
                .get(n / 2 - 1)
                .and_then(|low| low.checked_add(*high))
                .and_then(|sum| sum.checked_div(Ratio::from_integer(2))),
            (None, _) => None,
        };
        median.push(middle.and_then(|m| Score::new(m, decimals).ok()));
        best.push(scores.last().and_then(|b| Score::new(*b, decimals).ok()));
    }
    Peers {
        scored: cards.len(),
        median,
        best,
    }
}

impl ReportCards<'_> {
    /// The language of the cards' sentences (the results').
    pub fn language(&self) -> Language {
        self.results.language
    }
}

impl crate::batch::texts::BatchTexts<'_> {
    /// The batch scored as [`score`](Self::score) scores it, and the report card of
    /// every scored body (or of those in `agencies`), in rank order, its sentences in
    /// `language`: the path of the browser build, where the texts are at hand. Each
    /// card is the agency id with its card or why it could not be made.
    ///
    /// ```
    /// use kip_index::{BatchTexts, Language, NamedText};
    ///
    /// let read = |p: &str| std::fs::read_to_string(format!("examples/monev-2025/{p}")).unwrap();
    /// let (instrument, batch) = (read("instrument.json"), read("submissions/banten-opd.json"));
    /// let mut texts = BatchTexts::new(NamedText::new("instrument.json", &instrument));
    /// texts.submissions.push(NamedText::new("banten-opd.json", &batch));
    /// texts.without_stage_scores = true;
    /// let (results, cards) = texts.report_cards(None, Language::Indonesian)?;
    /// assert_eq!(cards.len(), results.results.len());
    /// assert!(cards.iter().all(|(_, card)| card.is_ok()));
    /// # Ok::<(), kip_index::Report>(())
    /// ```
    #[allow(clippy::type_complexity)]
    pub fn report_cards(
        &self,
        agencies: Option<&BTreeSet<String>>,
        language: Language,
    ) -> Result<(Results, Vec<(String, Result<ReportCard, Report>)>), Report> {
        let plan = crate::batch::texts::plan_of(self.instrument)?.strict(self.strict);
        let mut results = self.score_with(&plan)?;
        results.language = language;
        let instrument = plan.instrument();
        let mut submissions = Vec::new();
        for input in &self.submissions {
            let records =
                crate::read::source::read_submissions(input.text, input.framing(), instrument);
            submissions.extend(records.into_iter().filter_map(|r| r.value.ok()));
        }
        let mut verifications = Vec::new();
        for input in &self.verification {
            let records =
                crate::read::source::read_verifications(input.text, input.framing(), instrument);
            verifications.extend(records.into_iter().filter_map(|r| r.value.ok()));
        }
        let mut stage_scores = Vec::new();
        for input in &self.stage_scores {
            let records =
                crate::read::source::read_stage_scores(input.text, input.framing(), instrument);
            stage_scores.extend(records.into_iter().filter_map(|r| r.value.ok()));
        }
        let cards = ReportCards::new(&plan, &results).cards_for(
            &submissions,
            &verifications,
            &stage_scores,
            agencies,
        );
        Ok((results, cards))
    }
}
