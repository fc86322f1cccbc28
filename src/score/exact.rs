//! Scoring one body: question scores, raters, verification and the
//! evidence rule, indicators, stages and gates, the final score and its qualification.
//!
//! Everything is computed with exact fractions ([`Ratio`]) and rounded once, at the end,
//! half away from zero.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::instrument::{AbsentStage, Expected, Otherwise};
use crate::model::question_id::QuestionId;
use crate::model::submission::{Agency, Answer, AnswerValue, Submission};
use crate::model::verification::{Ruling, StageScore, Verification};
use crate::score::plan::{Plan, PlannedParts, Rule};
use crate::score::ratio::Ratio;
use crate::text::decimal;
use crate::text::problem::{Problem, ProblemKind, Report};

/// One body's inputs: its submissions (one per rater; IKIP's informants are several),
/// the verifier's decisions (*verifikasi*) and its scores in the other stages
/// (*visitasi*, *presentasi*).
///
/// ```
/// use kip_index::{Body, Submission};
///
/// let text = r#"{ "instrument": "monev-kip-2025",
///   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
///   "answers": {} }"#;
/// let submission = Submission::from_json(text)?;
/// let body = Body::new(&submission);
/// assert_eq!(body.submissions.len(), 1);
/// # Ok::<(), kip_index::Report>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Body<'a> {
    /// The body's submissions, one per rater; all name the same agency.
    pub submissions: Vec<&'a Submission>,
    /// The verifier's decisions on the body's answers.
    pub verification: Option<&'a Verification>,
    /// The body's scores in the stages other than the questionnaire; several entries for
    /// one stage are several judges, whose scores are averaged together.
    pub stage_scores: Vec<&'a StageScore>,
}

impl<'a> Body<'a> {
    /// A body with one submission.
    pub fn new(submission: &'a Submission) -> Body<'a> {
        Body {
            submissions: vec![submission],
            verification: None,
            stage_scores: Vec::new(),
        }
    }

    /// Adds another rater's submission.
    pub fn with_rater(mut self, submission: &'a Submission) -> Body<'a> {
        self.submissions.push(submission);
        self
    }

    /// Sets the verifier's decisions.
    pub fn with_verification(mut self, verification: &'a Verification) -> Body<'a> {
        self.verification = Some(verification);
        self
    }

    /// Adds a score in a stage other than the questionnaire.
    pub fn with_stage_score(mut self, score: &'a StageScore) -> Body<'a> {
        self.stage_scores.push(score);
        self
    }
}

/// A score: its exact value, and the published figure rounded once to the instrument's
/// `decimals`, half away from zero.
///
/// The exact value is kept as the fraction it was computed as and reduced when asked
/// for, so that scoring a body never pays for a gcd it does not need. A national batch
/// holds millions of scores, so a score takes 32 bytes, and as much with `Option`: the
/// numerator as two 64-bit words (no 16-byte alignment), the denominator in 120 bits
/// (a larger one, even in lowest terms, is an arithmetic problem), and the number of
/// decimals; the rounded figure is worked out when asked for, with one division.
#[derive(Debug, Clone, Copy)]
pub struct Score {
    numer: [u64; 2],
    denom_low: u64,
    /// The denominator's bits 64 to 119, low byte first.
    denom_high: [u8; 7],
    /// decimals + 1 (never 0: `Option<Score>` takes no more room).
    decimals: std::num::NonZeroU8,
}

/// An `i128` as two words, low first.
fn words(value: i128) -> [u64; 2] {
    let bits = value as u128;
    [bits as u64, (bits >> 64) as u64]
}

fn from_words(words: [u64; 2]) -> i128 {
    ((u128::from(words[1]) << 64) | u128::from(words[0])) as i128
}

/// The largest denominator a [`Score`] holds: 2^120 − 1.
const MAX_DENOM: i128 = (1 << 120) - 1;

impl Score {
    pub(crate) fn new(exact: Ratio, decimals: u32) -> Result<Score, Problem> {
        Score::from_fraction(exact.numer(), exact.denom(), decimals)
    }

    /// `numer / denom` (`denom` > 0), not necessarily in lowest terms.
    pub(crate) fn from_fraction(numer: i128, denom: i128, decimals: u32) -> Result<Score, Problem> {
        let (numer, denom) = if denom > MAX_DENOM {
            let reduced = exact(Ratio::new(numer, denom))?;
            (reduced.numer(), reduced.denom())
        } else {
            (numer, denom)
        };
        if denom <= 0 || denom > MAX_DENOM {
            return Err(overflow());
        }
        let decimals = u8::try_from(decimals)
            .ok()
            .filter(|d| *d <= 28)
            .and_then(|d| d.checked_add(1))
            .and_then(std::num::NonZeroU8::new)
            .ok_or_else(overflow)?;
        let high = ((denom as u128) >> 64) as u64;
        let mut denom_high = [0u8; 7];
        denom_high.copy_from_slice(high.to_le_bytes().get(..7).unwrap_or(&[0; 7]));
        let score = Score {
            numer: words(numer),
            denom_low: denom as u64,
            denom_high,
            decimals,
        };
        // Rounded once here, so that `rounded` cannot fail later.
        score.round().ok_or_else(overflow)?;
        Ok(score)
    }

    fn denom(&self) -> i128 {
        let mut high = [0u8; 8];
        if let Some(bytes) = high.get_mut(..7) {
            bytes.copy_from_slice(&self.denom_high);
        }
        ((u128::from(u64::from_le_bytes(high)) << 64) | u128::from(self.denom_low)) as i128
    }

    /// The rounded figure, if it fits a `Decimal` (checked when the score is made).
    fn round(&self) -> Option<Decimal> {
        let (numer, denom) = (from_words(self.numer), self.denom());
        let decimals = u32::from(self.decimals.get() - 1);
        let rounded = match round_fraction(numer, denom, decimals) {
            Some(r) => r,
            None => Ratio::new(numer, denom)?.round(decimals)?,
        };
        i64::try_from(rounded.mantissa()).ok()?;
        Some(rounded)
    }

    /// The exact value.
    pub fn exact(&self) -> Ratio {
        Ratio::new(from_words(self.numer), self.denom()).unwrap_or(Ratio::ZERO)
    }

    /// The published value, with exactly the instrument's `decimals` digits (`88.40`).
    pub fn rounded(&self) -> Decimal {
        self.round().unwrap_or_default()
    }
}

impl PartialEq for Score {
    fn eq(&self, other: &Score) -> bool {
        self.rounded() == other.rounded() && self.exact() == other.exact()
    }
}

impl Eq for Score {}

/// Rounds `numer / denom` half away from zero with one integer division; `None` when
/// `numer × 10^decimals` would overflow (the caller then divides digit by digit).
fn round_fraction(numer: i128, denom: i128, decimals: u32) -> Option<Decimal> {
    if denom <= 0 {
        return None;
    }
    let scaled = numer.checked_mul(10i128.checked_pow(decimals)?)?;
    let (quotient, remainder) = (scaled / denom, scaled % denom);
    let magnitude = remainder.unsigned_abs();
    let away = magnitude >= denom.unsigned_abs() - magnitude;
    let digits = match (away, scaled < 0) {
        (false, _) => quotient,
        (true, false) => quotient.checked_add(1)?,
        (true, true) => quotient.checked_sub(1)?,
    };
    Decimal::try_from_i128_with_scale(digits, decimals).ok()
}

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        decimal::serialize(&self.rounded(), s)
    }
}

/// A body's ranks: overall, within its category (`None` when the instrument declares no
/// categories), within its region (`None` for a body with no region).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Rank {
    /// Among every scored body.
    pub overall: usize,
    /// Among the bodies of its category.
    pub category: Option<usize>,
    /// Among the bodies of its region.
    pub region: Option<usize>,
}

/// One body's results: final score, qualification, stage and indicator scores,
/// the self-assessed score and the diagnostics. Serialises to one entry of `results`.
#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// The body.
    pub agency: Agency,
    /// The number of submissions (raters) combined.
    pub raters: usize,
    /// The final score: Σ stage weight × stage score / 100.
    pub final_score: Score,
    /// The id of the qualification of the rounded final score.
    pub qualification: String,
    /// The body's ranks, once ranked among a batch ([`rank`](crate::batch::rank)).
    pub rank: Option<Rank>,
    /// Every stage in the instrument's order; `None` for a stage the body took no part
    /// in (which is not a score of 0).
    pub stages: Vec<StageResult>,
    /// Every indicator at every level, depth first.
    pub indicators: Vec<IndicatorResult>,
    /// The questionnaire score as the body answered it, before verification and the
    /// evidence rule.
    pub self_assessed: Score,
    /// What cost the body points.
    pub diagnostics: Diagnostics,
}

/// A stage's score for one body.
#[derive(Debug, Clone, PartialEq)]
pub struct StageResult {
    /// The stage's id (shared with the plan: every scorecard points at the same text).
    pub id: Arc<str>,
    /// The score, or `None` when the body took no part in the stage.
    pub score: Option<Score>,
}

/// An indicator's (verified) score for one body.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorResult {
    /// The indicator's id (shared with the plan: every scorecard points at the same text).
    pub id: Arc<str>,
    /// Whether it is a top-level indicator (one of the CSV's columns).
    pub top_level: bool,
    /// The score, or `None` when everything in it was left out.
    pub score: Option<Score>,
    /// The questionnaire points (out of 100) the indicator lost against a perfect score:
    /// its share of the questionnaire × (100 − its score) / 100. The top-level
    /// indicators' losses add up to 100 − the questionnaire score. `None` when left out.
    pub points_lost: Option<Score>,
}

/// What cost a body points: every list holds question ids in the instrument's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics {
    /// Questions asked but left unanswered (by at least one rater); each scored 0.
    pub missing: Vec<QuestionId>,
    /// Questions whose answer needed evidence (*data dukung*) and had none, so scored 0
    /// instead of what the answer would have earned (no verifier decision covered it).
    pub evidence_missing: Vec<QuestionId>,
    /// Questions whose score the verifier replaced with a different one.
    pub changed_by_verifier: Vec<QuestionId>,
    /// For raters in groups (IKIP's government, business, community, academia and media
    /// informants): each group's questionnaire score, from its raters alone, by group.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "serialize_groups"
    )]
    pub rater_groups: Vec<(String, Score)>,
    /// Questions that take no evidence (`evidence: "none"`) but were given some: the
    /// evidence was ignored in scoring; the batch's warnings name the body.
    /// Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence_ignored: Vec<QuestionId>,
}

fn serialize_groups<S: serde::Serializer>(
    groups: &[(String, Score)],
    s: S,
) -> Result<S::Ok, S::Error> {
    let mut map = s.serialize_map(Some(groups.len()))?;
    for (group, score) in groups {
        map.serialize_entry(group, score)?;
    }
    map.end()
}

impl Scorecard {
    /// The score of the stage with this id (`None` if absent or unknown).
    pub fn stage(&self, id: &str) -> Option<Score> {
        self.stages
            .iter()
            .find(|s| &*s.id == id)
            .and_then(|s| s.score)
    }

    /// The score of the indicator with this id (`None` if left out or unknown).
    pub fn indicator(&self, id: &str) -> Option<Score> {
        self.indicators
            .iter()
            .find(|i| &*i.id == id)
            .and_then(|i| i.score)
    }
}

impl Serialize for Scorecard {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let stages = self.stages.iter().map(|x| (&*x.id, x.score));
        let indicators = self.indicators.iter().map(|x| (&*x.id, x.score));
        let lost = self.indicators.iter().map(|x| (&*x.id, x.points_lost));
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("agency", &self.agency)?;
        map.serialize_entry("final", &self.final_score)?;
        map.serialize_entry("qualification", &self.qualification)?;
        if let Some(rank) = &self.rank {
            map.serialize_entry("rank", rank)?;
        }
        map.serialize_entry("stages", &Entries(stages.collect()))?;
        map.serialize_entry("indicators", &Entries(indicators.collect()))?;
        map.serialize_entry("self_assessed", &self.self_assessed)?;
        if self.raters > 1 {
            map.serialize_entry("raters", &self.raters)?;
        }
        let diagnostics = DiagnosticsOut {
            diagnostics: &self.diagnostics,
            points_lost: Entries(lost.collect()),
        };
        map.serialize_entry("diagnostics", &diagnostics)?;
        map.end()
    }
}

/// A JSON object of `id: score or null`, in the order given.
struct Entries<'a>(Vec<(&'a str, Option<Score>)>);

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, score) in &self.0 {
            map.serialize_entry(id, score)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct DiagnosticsOut<'a> {
    #[serde(flatten)]
    diagnostics: &'a Diagnostics,
    points_lost: Entries<'a>,
}

fn overflow() -> Problem {
    Problem::new(
        ProblemKind::Arithmetic,
        "",
        "expected scores that can be computed exactly, found weights or answers whose exact \
         arithmetic exceeds 128-bit integers",
    )
}

/// `Option` to `Result` for checked arithmetic.
fn exact<T>(value: Option<T>) -> Result<T, Problem> {
    value.ok_or_else(overflow)
}

/// One question's scores for one body, raters combined. `None` is left out.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct QuestionScores {
    pub self_assessed: Option<Ratio>,
    pub verified: Option<Ratio>,
}

/// One rater's submission reduced to what scoring needs: how each question counts. A
/// batch keeps sheets, not submissions, so that memory grows with bodies and questions,
/// not with the text of the answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    pub agency: Agency,
    pub rater: Option<String>,
    pub rater_group: Option<String>,
    /// One entry per question of the plan, in its order (4 bytes each).
    pub takes: Vec<Cell>,
    /// The scores of [`Take::Exact`] answers, which are rare.
    pub exact: Vec<Ratio>,
    /// The questions (plan indices) that take no evidence but were given some: ignored
    /// in scoring, reported.
    pub evidence_ignored: Vec<u32>,
}

/// How one question counts for one rater.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Take {
    /// Not part of this rater's questionnaire: a text question, another category's, a
    /// failed `when` with `otherwise: not_applicable`, or answered N/A.
    LeftOut,
    /// A failed `when` with `otherwise: zero`: counts 0, and is not missing.
    Closed,
    /// Asked and unanswered: counts 0, and is reported missing.
    Missing,
    /// Answered: its score as an integer over the question's `denom`, and whether
    /// required evidence is missing.
    Answered { numer: i32, evidence_missing: bool },
    /// Answered, with a score that has no integer form over the question's `denom` (a
    /// rating with more than four decimals): kept exactly in the sheet's `exact`.
    Exact { index: u32, evidence_missing: bool },
}

/// A [`Take`] in four bytes, as sheets store it: a national batch holds one per body
/// and question. The low three bits say which take it is, the other 29 hold the
/// numerator or the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell(u32);

impl Cell {
    const PAYLOAD: i32 = 1 << 28;

    /// The cell of `take`; `None` when its numerator or index needs more than 29 bits.
    fn pack(take: Take) -> Option<Cell> {
        let (tag, payload): (u32, u32) = match take {
            Take::LeftOut => (0, 0),
            Take::Closed => (1, 0),
            Take::Missing => (2, 0),
            Take::Answered {
                numer,
                evidence_missing,
            } => {
                if !(-Cell::PAYLOAD..Cell::PAYLOAD).contains(&numer) {
                    return None;
                }
                (3 + u32::from(evidence_missing), numer as u32)
            }
            Take::Exact {
                index,
                evidence_missing,
            } => {
                if index >= Cell::PAYLOAD as u32 {
                    return None;
                }
                (5 + u32::from(evidence_missing), index)
            }
        };
        Some(Cell((payload << 3) | tag))
    }

    /// The take this cell holds.
    pub(crate) fn take(self) -> Take {
        // An arithmetic shift brings a negative numerator back with its sign.
        let payload = (self.0 as i32) >> 3;
        match self.0 & 7 {
            1 => Take::Closed,
            2 => Take::Missing,
            tag @ (3 | 4) => Take::Answered {
                numer: payload,
                evidence_missing: tag == 4,
            },
            tag @ (5 | 6) => Take::Exact {
                index: payload as u32,
                evidence_missing: tag == 6,
            },
            _ => Take::LeftOut,
        }
    }
}

/// Adds `take` to a sheet's cells: an answer whose numerator needs more than 29 bits is
/// kept exactly in `exact` instead (`denom` is its question's denominator).
pub(crate) fn push_take(
    takes: &mut Vec<Cell>,
    exact: &mut Vec<Ratio>,
    take: Take,
    denom: i64,
) -> Option<()> {
    let cell = match Cell::pack(take) {
        Some(cell) => cell,
        None => {
            let evidence_missing = match take {
                Take::Answered {
                    evidence_missing, ..
                }
                | Take::Exact {
                    evidence_missing, ..
                } => evidence_missing,
                _ => false,
            };
            let score = match take {
                Take::Answered { numer, .. } => Ratio::new(i128::from(numer), i128::from(denom))?,
                _ => return None,
            };
            let index = u32::try_from(exact.len()).ok()?;
            exact.push(score);
            Cell::pack(Take::Exact {
                index,
                evidence_missing,
            })?
        }
    };
    takes.push(cell);
    Some(())
}

impl Plan {
    /// Scores made-up bodies — one per category, every question answered in full, every
    /// other stage at 100 — on both paths (integer and exact fractions), so that an
    /// instrument whose weights exceed exact arithmetic is refused when it is planned
    /// (and by `kip validate`), not found out body by body when every one is rejected.
    pub(crate) fn check_arithmetic(&self) -> Result<(), Problem> {
        let categories: Vec<Option<String>> = if self.instrument.categories.is_empty() {
            vec![None]
        } else {
            self.instrument
                .categories
                .iter()
                .map(|c| Some(c.id.clone()))
                .collect()
        };
        for category in categories {
            let agency = Agency {
                id: "check".to_owned(),
                name: "check".to_owned(),
                category,
                region: None,
            };
            let sheet = self.full_sheet(agency)?;
            let stage_scores: Vec<StageScore> = self
                .stages
                .iter()
                .filter(|stage| !stage.questionnaire)
                .map(|stage| StageScore {
                    agency: sheet.agency.id.clone(),
                    stage: stage.id.to_string(),
                    scores: vec![Decimal::ONE_HUNDRED],
                })
                .collect();
            let stages: Vec<&StageScore> = stage_scores.iter().collect();
            let fast = self.compute(&[&sheet], None, &stages, &sheet.agency).err();
            let exact_path = self
                .general_parts(&[&sheet], None, &mut Diagnostics::default())
                .err();
            // Only arithmetic counts: a made-up body may well fail a gate.
            if let Some(problem) = fast
                .into_iter()
                .chain(exact_path)
                .find(|p| p.kind == ProblemKind::Arithmetic)
            {
                return Err(problem);
            }
        }
        Ok(())
    }

    /// A sheet answering every question that applies to `agency` with its full score.
    fn full_sheet(&self, agency: Agency) -> Result<Sheet, Problem> {
        let mut takes = Vec::with_capacity(self.questions.len());
        let mut exact_scores = Vec::new();
        for question in &self.questions {
            let take = if matches!(question.rule, Rule::Text)
                || !applies(&question.categories, agency.category.as_deref())
            {
                Take::LeftOut
            } else {
                Take::Answered {
                    numer: i32::try_from(question.denom).map_err(|_| overflow())?,
                    evidence_missing: false,
                }
            };
            push_take(&mut takes, &mut exact_scores, take, question.denom).ok_or_else(overflow)?;
        }
        Ok(Sheet {
            agency,
            rater: None,
            rater_group: None,
            takes,
            exact: exact_scores,
            evidence_ignored: Vec::new(),
        })
    }
    /// Scores one body: checks its inputs against the instrument, combines its
    /// raters, applies the verifier's decisions and the evidence rule, aggregates the
    /// indicators, scores the stages through their gates, and rounds once.
    ///
    /// Any problem in the inputs — an invalid answer, raters that disagree on the body,
    /// a stage score for a stage the body was gated out of, a missing answer in strict
    /// mode — is returned, every one of them, and no score is produced.
    pub fn score(&self, body: &Body<'_>) -> Result<Scorecard, Report> {
        if body.submissions.is_empty() {
            return Err(Report::from(Problem::new(
                ProblemKind::MissingField,
                "",
                "expected at least one submission for the body, found none",
            )));
        }
        let several = body.submissions.len() > 1;
        let mut report = Report::new();
        let mut sheets = Vec::with_capacity(body.submissions.len());
        for submission in &body.submissions {
            match self.sheet(submission) {
                Ok(sheet) => sheets.push(sheet),
                Err(problems) => {
                    let who = rater_label(submission.rater.as_deref(), several);
                    for mut p in problems {
                        p.message = format!("{who}{}", p.message);
                        report.push(p);
                    }
                }
            }
        }
        if !report.is_empty() {
            return Err(report);
        }
        let sheets: Vec<&Sheet> = sheets.iter().collect();
        self.score_sheets(&sheets, body.verification, &body.stage_scores)
    }

    /// Checks one submission against the instrument and reduces it to a [`Sheet`].
    pub(crate) fn sheet(&self, submission: &Submission) -> Result<Sheet, Report> {
        let (answers, matched) = self.answers_in_order(submission);
        let mut matched = matched.into_iter();
        let report = self.instrument.check_submission_with(submission, |_| {
            matched
                .next()
                .flatten()
                .and_then(|k| self.question_defs.get(k))
        });
        if !report.is_empty() {
            return Err(report);
        }
        let category = submission.agency.category.as_deref();
        let n = self.questions.len();
        // The answer each question was asked with, for the `when`s that look at it.
        let mut asked: Vec<Option<&AnswerValue>> = Vec::with_capacity(n);
        let mut takes = Vec::with_capacity(n);
        let mut exact_scores = Vec::new();
        let mut evidence_ignored = Vec::new();
        for (k, (question, answer)) in self.questions.iter().zip(answers).enumerate() {
            if question.evidence_none && answer.is_some_and(|a| !a.evidence.is_empty()) {
                evidence_ignored.push(u32::try_from(k).unwrap_or(u32::MAX));
            }
            let applies = applies(&question.categories, category);
            let open = applies
                && question
                    .when
                    .as_ref()
                    .is_none_or(|(parent, expected)| condition_holds(asked.get(*parent), expected));
            let value = answer
                .filter(|a| open && !a.na)
                .and_then(|a| a.value.as_ref());
            asked.push(value);
            let take = match (answer, value) {
                _ if !applies || matches!(question.rule, Rule::Text) => Take::LeftOut,
                _ if !open => match question.otherwise {
                    Otherwise::Zero => Take::Closed,
                    Otherwise::NotApplicable => Take::LeftOut,
                },
                (Some(a), _) if a.na => Take::LeftOut,
                (Some(a), Some(value)) => {
                    let evidence_missing = question.evidence_required && a.evidence.is_empty();
                    let numer = question.rule.numer(&question.table, value);
                    match numer.and_then(|n| i32::try_from(n).ok()) {
                        Some(numer) => Take::Answered {
                            numer,
                            evidence_missing,
                        },
                        None => {
                            let score = question.rule.score(value).map_err(|message| {
                                Report::from(Problem::new(
                                    ProblemKind::InvalidValue,
                                    format!("/answers/{}/value", question.id),
                                    message,
                                ))
                            })?;
                            let index = u32::try_from(exact_scores.len()).unwrap_or(u32::MAX);
                            exact_scores.push(score);
                            Take::Exact {
                                index,
                                evidence_missing,
                            }
                        }
                    }
                }
                _ => Take::Missing,
            };
            push_take(&mut takes, &mut exact_scores, take, question.denom).ok_or_else(|| {
                Report::from(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/answers/{}", question.id),
                    "expected at most 268 million exact scores in one submission, found more",
                ))
            })?;
        }
        Ok(Sheet {
            agency: submission.agency.clone(),
            rater: submission.rater.clone(),
            rater_group: submission.rater_group.clone(),
            takes,
            exact: exact_scores,
            evidence_ignored,
        })
    }

    /// Each question's answer, in the plan's order, and each answer's question (in the
    /// answers' order): one merge of the answers (sorted by id) with the questions
    /// sorted by id, instead of a lookup per question.
    #[allow(clippy::type_complexity)]
    fn answers_in_order<'s>(
        &self,
        submission: &'s Submission,
    ) -> (Vec<Option<&'s Answer>>, Vec<Option<usize>>) {
        let mut slots: Vec<Option<&Answer>> = vec![None; self.questions.len()];
        let mut matched = Vec::with_capacity(submission.answers.len());
        let mut questions = self.question_index.iter().peekable();
        for (id, answer) in &submission.answers {
            while questions
                .next_if(|(q, _)| q.as_str() < id.as_str())
                .is_some()
            {}
            match questions.next_if(|(q, _)| *q == id) {
                Some((_, &k)) => {
                    if let Some(slot) = slots.get_mut(k) {
                        *slot = Some(answer);
                    }
                    matched.push(Some(k));
                }
                None => matched.push(None),
            }
        }
        (slots, matched)
    }

    /// Scores one body from its raters' sheets, its verification and stage scores.
    pub(crate) fn score_sheets(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
    ) -> Result<Scorecard, Report> {
        let agency = self.check_body(sheets, verification, stage_scores)?;
        let mut card = self
            .compute(sheets, verification, stage_scores, agency)
            .map_err(Report::from)?;
        card.diagnostics.evidence_ignored = self.evidence_ignored(sheets);
        Ok(card)
    }

    /// The questions that take no evidence but were given some by any rater, in the
    /// plan's order.
    fn evidence_ignored(&self, sheets: &[&Sheet]) -> Vec<QuestionId> {
        let mut ignored: Vec<u32> = sheets
            .iter()
            .flat_map(|s| s.evidence_ignored.iter().copied())
            .collect();
        if ignored.is_empty() {
            return Vec::new();
        }
        ignored.sort_unstable();
        ignored.dedup();
        ignored
            .into_iter()
            .filter_map(|k| self.questions.get(k as usize).map(|q| q.shared_id.clone()))
            .collect()
    }

    fn check_body<'s>(
        &self,
        sheets: &'s [&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
    ) -> Result<&'s Agency, Report> {
        let Some(first) = sheets.first() else {
            return Err(Report::from(Problem::new(
                ProblemKind::MissingField,
                "",
                "expected at least one submission for the body, found none",
            )));
        };
        let agency = &first.agency;
        let several = sheets.len() > 1;
        let mut report = Report::new();
        let mut raters = std::collections::BTreeSet::new();
        for sheet in sheets {
            let who = rater_label(sheet.rater.as_deref(), several);
            if sheet.agency != *agency {
                report.push(Problem::new(
                    ProblemKind::Inconsistent,
                    "/agency",
                    format!(
                        "{who}expected the agency as the other raters give it ({}), found {}",
                        describe_agency(agency),
                        describe_agency(&sheet.agency)
                    ),
                ));
            }
            if !raters.insert(sheet.rater.as_deref()) {
                report.push(Problem::new(
                    ProblemKind::DuplicateSubmission,
                    "/rater",
                    format!("{who}expected one submission per rater, found another one"),
                ));
            }
        }
        if let Some(v) = verification {
            if v.agency != agency.id {
                report.push(other_agency("verification", &v.agency, &agency.id));
            }
            report.extend(self.instrument.check_verification(v));
            report.extend(self.check_decisions(v, agency));
        }
        for entry in stage_scores {
            if entry.agency != agency.id {
                report.push(other_agency("stage score", &entry.agency, &agency.id));
            }
            report.extend(self.instrument.check_stage_score(entry));
        }
        report.into_result(agency)
    }

    fn compute(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        stage_scores: &[&StageScore],
        agency: &Agency,
    ) -> Result<Scorecard, Problem> {
        let decimals = self.instrument.decimals;
        let mut diagnostics = Diagnostics::default();
        let has_decisions = verification.is_some_and(|v| !v.decisions.is_empty());
        let fast = self.fast_parts(
            sheets,
            has_decisions,
            agency.category.as_deref(),
            &mut diagnostics,
        );
        let (indicator_scores, lost, questionnaire, self_assessed) = match fast {
            Some(parts) => {
                let p = parts?;
                (p.indicators, p.lost, p.questionnaire, p.self_assessed)
            }
            None => self.general_parts(sheets, verification, &mut diagnostics)?,
        };
        self.check_strict(&diagnostics)?;
        diagnostics.rater_groups = self.group_means(sheets, verification)?;
        let stage_scores = self.stage_scores(stage_scores, agency, questionnaire)?;
        let final_exact = self.final_score(&stage_scores)?;
        let final_score = Score::new(final_exact, decimals)?;
        let qualification = self.qualification(final_score.rounded())?;
        let round = |x: Option<Ratio>| x.map(|r| Score::new(r, decimals)).transpose();
        let mut indicators = Vec::with_capacity(self.indicators.len());
        for ((planned, score), lost) in self.indicators.iter().zip(indicator_scores).zip(lost) {
            indicators.push(IndicatorResult {
                id: planned.id.clone(),
                top_level: planned.top_level,
                score,
                points_lost: lost,
            });
        }
        let mut stages = Vec::with_capacity(self.stages.len());
        for (planned, score) in self.stages.iter().zip(&stage_scores) {
            stages.push(StageResult {
                id: planned.id.clone(),
                score: round(*score)?,
            });
        }
        Ok(Scorecard {
            agency: agency.clone(),
            raters: sheets.len(),
            final_score,
            qualification,
            rank: None,
            stages,
            indicators,
            self_assessed: Score::new(self_assessed, decimals)?,
            diagnostics,
        })
    }

    /// The general path: every question's scores as exact fractions, raters combined,
    /// decisions applied, aggregated with left-out parts rescaled at every level.
    #[allow(clippy::type_complexity)]
    pub(crate) fn general_parts(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        diagnostics: &mut Diagnostics,
    ) -> Result<(Vec<Option<Score>>, Vec<Option<Score>>, Ratio, Ratio), Problem> {
        let decimals = self.instrument.decimals;
        let questions = self.question_scores(sheets, verification, diagnostics)?;
        let self_scores: Vec<Option<Ratio>> = questions.iter().map(|q| q.self_assessed).collect();
        let verified_scores: Vec<Option<Ratio>> = questions.iter().map(|q| q.verified).collect();
        let (_, self_assessed) = self.aggregate(&self_scores)?;
        let (indicator_scores, questionnaire) = self.aggregate(&verified_scores)?;
        let lost = self.points_lost(&indicator_scores)?;
        let round = |x: &Option<Ratio>| x.map(|r| Score::new(r, decimals)).transpose();
        let indicators = indicator_scores
            .iter()
            .map(round)
            .collect::<Result<_, _>>()?;
        let lost = lost.iter().map(round).collect::<Result<_, _>>()?;
        Ok((indicators, lost, questionnaire, self_assessed))
    }

    /// Each rater group's questionnaire score, from its raters alone.
    fn group_means(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
    ) -> Result<Vec<(String, Score)>, Problem> {
        let mut groups: std::collections::BTreeMap<&str, Vec<&Sheet>> = Default::default();
        for sheet in sheets {
            if let Some(group) = &sheet.rater_group {
                groups.entry(group).or_default().push(sheet);
            }
        }
        let decimals = self.instrument.decimals;
        let mut means = Vec::with_capacity(groups.len());
        for (group, members) in groups {
            let mut scratch = Diagnostics::default();
            let (_, _, questionnaire, _) =
                self.general_parts(&members, verification, &mut scratch)?;
            means.push((group.to_owned(), Score::new(questionnaire, decimals)?));
        }
        Ok(means)
    }

    /// In strict mode a missing answer is an error.
    fn check_strict(&self, diagnostics: &Diagnostics) -> Result<(), Problem> {
        match diagnostics.missing.first() {
            Some(first) if self.strict => Err(Problem::new(
                ProblemKind::MissingAnswer,
                format!("/answers/{first}"),
                format!(
                    "expected an answer to every question asked (strict mode), found {} unanswered: {}",
                    diagnostics.missing.len(),
                    diagnostics
                        .missing
                        .iter()
                        .map(QuestionId::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Every question's self-assessed and verified score, raters combined, filling the
    /// question lists of the diagnostics.
    pub(crate) fn question_scores(
        &self,
        sheets: &[&Sheet],
        verification: Option<&Verification>,
        diagnostics: &mut Diagnostics,
    ) -> Result<Vec<QuestionScores>, Problem> {
        let decisions: std::collections::BTreeMap<&str, Ruling> = verification
            .map(|v| {
                v.decisions
                    .iter()
                    .map(|d| (d.question.as_str(), d.ruling))
                    .collect()
            })
            .unwrap_or_default();
        let mut out = vec![QuestionScores::default(); self.questions.len()];
        for ((k, question), slot) in self.questions.iter().enumerate().zip(out.iter_mut()) {
            let mut self_sum = Ratio::ZERO;
            let mut verified_sum = Ratio::ZERO;
            let mut counted = 0i128;
            let (mut missing, mut evidence_missing) = (false, false);
            for sheet in sheets {
                let take = sheet.takes.get(k).map_or(Take::LeftOut, |c| c.take());
                let answered = match take {
                    Take::Answered {
                        numer,
                        evidence_missing,
                    } => Some((
                        exact(Ratio::new(i128::from(numer), i128::from(question.denom)))?,
                        evidence_missing,
                    )),
                    Take::Exact {
                        index,
                        evidence_missing,
                    } => Some((
                        exact(sheet.exact.get(index as usize).copied())?,
                        evidence_missing,
                    )),
                    _ => None,
                };
                match take {
                    Take::LeftOut => continue,
                    Take::Closed => {}
                    Take::Missing => missing = true,
                    Take::Answered { .. } | Take::Exact { .. } => {
                        let (score, no_evidence) = answered.unwrap_or((Ratio::ZERO, false));
                        self_sum = exact(self_sum.checked_add(score))?;
                        if no_evidence {
                            evidence_missing |= !score.is_zero();
                        } else {
                            verified_sum = exact(verified_sum.checked_add(score))?;
                        }
                    }
                }
                counted += 1;
            }
            if counted > 0 {
                let raters = Ratio::from_integer(counted);
                slot.self_assessed = Some(exact(self_sum.checked_div(raters))?);
                slot.verified = Some(exact(verified_sum.checked_div(raters))?);
            }
            match decisions.get(question.id.as_str()) {
                Some(Ruling::Score(s)) => {
                    let s = Ratio::from_decimal(*s);
                    if slot.self_assessed != Some(s) {
                        diagnostics
                            .changed_by_verifier
                            .push(question.shared_id.clone());
                    }
                    slot.verified = Some(s);
                }
                Some(Ruling::Accept) => slot.verified = slot.self_assessed,
                None if evidence_missing => diagnostics
                    .evidence_missing
                    .push(question.shared_id.clone()),
                None => {}
            }
            if missing {
                diagnostics.missing.push(question.shared_id.clone());
            }
        }
        Ok(out)
    }

    /// A decision on a text question, or on one that does not apply to the body's
    /// category, has nothing to replace: an error, not something to drop silently.
    fn check_decisions(&self, verification: &Verification, agency: &Agency) -> Report {
        let mut report = Report::new();
        for (k, decision) in verification.decisions.iter().enumerate() {
            let question = self
                .question_index
                .get(&decision.question)
                .and_then(|&i| self.questions.get(i));
            if let Some(q) = question
                && matches!(q.rule, Rule::Text)
            {
                report.push(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/decisions/{k}/question"),
                    format!(
                        "expected decisions on scored questions, found one on `{}`, a text question, which is never scored",
                        q.id
                    ),
                ));
            } else if let Some(q) = question
                && !applies(&q.categories, agency.category.as_deref())
            {
                report.push(Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/decisions/{k}/question"),
                    format!(
                        "expected decisions on questions that apply to category `{}`, found one on `{}`, which does not",
                        agency.category.as_deref().unwrap_or("(none)"), q.id
                    ),
                ));
            }
        }
        report
    }

    /// Every indicator's score (`None`: left out) and the questionnaire score, from the
    /// questions' scores: at each level, `Σ weight × score / Σ weight` over the parts
    /// not left out, so that a left-out part's siblings scale up to fill its place.
    pub(crate) fn aggregate(
        &self,
        questions: &[Option<Ratio>],
    ) -> Result<(Vec<Option<Ratio>>, Ratio), Problem> {
        let mut scores: Vec<Option<Ratio>> = vec![None; self.indicators.len()];
        // Depth first with parents first: in reverse, every child comes before its parent.
        for (k, indicator) in self.indicators.iter().enumerate().rev() {
            if let PlannedParts::Questions(range) = &indicator.parts
                && let Some(score) = self.integer_mean(range.clone(), questions)
            {
                if let Some(slot) = scores.get_mut(k) {
                    *slot = score;
                }
                continue;
            }
            let parts: Vec<(Ratio, Option<Ratio>)> = match &indicator.parts {
                PlannedParts::Questions(range) => range
                    .clone()
                    .map(|q| {
                        let weight = self.questions.get(q).map_or(Ratio::ZERO, |p| p.weight);
                        (weight, questions.get(q).copied().flatten())
                    })
                    .collect(),
                PlannedParts::Indicators(children) => children
                    .iter()
                    .map(|&c| {
                        let weight = self.indicators.get(c).map_or(Ratio::ZERO, |p| p.weight);
                        (weight, scores.get(c).copied().flatten())
                    })
                    .collect(),
            };
            let score = weighted_mean(&parts)?;
            if let Some(slot) = scores.get_mut(k) {
                *slot = score;
            }
        }
        let top: Vec<(Ratio, Option<Ratio>)> = self
            .top
            .iter()
            .map(|&k| {
                let weight = self.indicators.get(k).map_or(Ratio::ZERO, |p| p.weight);
                (weight, scores.get(k).copied().flatten())
            })
            .collect();
        let questionnaire = weighted_mean(&top)?.unwrap_or(Ratio::ZERO);
        Ok((scores, questionnaire))
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
    fn points_lost(&self, scores: &[Option<Ratio>]) -> Result<Vec<Option<Ratio>>, Problem> {
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

    /// Every stage's exact score in the instrument's order (`None`: took no part),
    /// walking the stages in gate order.
    fn stage_scores(
        &self,
        entries: &[&StageScore],
        agency: &Agency,
        questionnaire: Ratio,
    ) -> Result<Vec<Option<Ratio>>, Problem> {
        let decimals = self.instrument.decimals;
        let mut scores: Vec<Option<Ratio>> = vec![None; self.stages.len()];
        for &k in &self.stage_order {
            let Some(stage) = self.stages.get(k) else {
                continue;
            };
            let gate = match stage.gate {
                None => Ok(()),
                Some((g, min)) => {
                    let gate_stage = self.stages.get(g).map_or("", |s| &*s.id);
                    match scores.get(g).copied().flatten() {
                        None => Err(format!("it took no part in `{gate_stage}`")),
                        Some(s) => {
                            let rounded = exact(s.round(decimals))?;
                            if rounded >= min {
                                Ok(())
                            } else {
                                Err(format!(
                                    "its `{gate_stage}` score {rounded} is below the gate's {min}"
                                ))
                            }
                        }
                    }
                }
            };
            let score = if stage.questionnaire {
                gate.is_ok().then_some(questionnaire)
            } else {
                let judges: Vec<Decimal> = entries
                    .iter()
                    .filter(|e| *e.stage == *stage.id)
                    .flat_map(|e| e.scores.iter().copied())
                    .collect();
                match (&gate, judges.is_empty()) {
                    (_, true) => None,
                    (Err(why), false) => {
                        return Err(Problem::new(
                            ProblemKind::Gate,
                            "/stage",
                            format!(
                                "expected no `{}` score for agency `{}`, which takes no part in that stage because {why}, found one",
                                stage.id, agency.id
                            ),
                        ));
                    }
                    (Ok(()), false) => Some(mean(&judges)?),
                }
            };
            if let Some(slot) = scores.get_mut(k) {
                *slot = score;
            }
        }
        Ok(scores)
    }

    /// Σ stage weight × stage score / 100; under `reweight`, the stages taken part in
    /// fill the whole 100.
    fn final_score(&self, stages: &[Option<Ratio>]) -> Result<Ratio, Problem> {
        let mut sum = Ratio::ZERO;
        let mut present_weight = Ratio::ZERO;
        for (stage, score) in self.stages.iter().zip(stages) {
            if let Some(score) = score {
                sum = exact(
                    stage
                        .weight
                        .checked_mul(*score)
                        .and_then(|x| sum.checked_add(x)),
                )?;
                present_weight = exact(present_weight.checked_add(stage.weight))?;
            }
        }
        let whole = match self.instrument.absent_stage {
            AbsentStage::Zero => Ratio::HUNDRED,
            AbsentStage::Reweight if present_weight.is_zero() => return Ok(Ratio::ZERO),
            AbsentStage::Reweight => present_weight,
        };
        exact(sum.checked_div(whole))
    }

    /// The qualification band with the greatest `min` not above the rounded final.
    fn qualification(&self, rounded: Decimal) -> Result<String, Problem> {
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

/// Whether a question for `categories` (`None`: every category) applies to a body of
/// `category` (`None`: the instrument declares no categories).
pub(crate) fn applies(categories: &Option<Vec<String>>, category: Option<&str>) -> bool {
    categories
        .as_ref()
        .is_none_or(|cats| category.is_some_and(|category| cats.iter().any(|c| c == category)))
}

pub(crate) fn condition_holds(parent: Option<&Option<&AnswerValue>>, expected: &Expected) -> bool {
    match (parent.copied().flatten(), expected) {
        (Some(AnswerValue::Bool(b)), Expected::Bool(e)) => b == e,
        (Some(AnswerValue::Text(s)), Expected::Option(e)) => s == e,
        _ => false,
    }
}

fn rater_label(rater: Option<&str>, several: bool) -> String {
    match (rater, several) {
        (Some(r), true) => format!("rater `{r}`: "),
        (None, true) => "the submission without a rater: ".to_owned(),
        (_, false) => String::new(),
    }
}

fn describe_agency(agency: &Agency) -> String {
    format!(
        "`{}` named \"{}\" in category {} and region {}",
        agency.id,
        agency.name,
        agency
            .category
            .as_deref()
            .map_or("none".to_owned(), |c| format!("`{c}`")),
        agency
            .region
            .as_deref()
            .map_or("none".to_owned(), |r| format!("`{r}`"))
    )
}

fn other_agency(what: &str, found: &str, expected: &str) -> Problem {
    Problem::new(
        ProblemKind::Inconsistent,
        "/agency",
        format!("expected a {what} of agency `{expected}`, found one of `{found}`"),
    )
}

#[cfg(test)]
mod tests {
    use super::{Cell, Score, Take, push_take};
    use crate::Ratio;

    #[test]
    fn a_sheet_cell_takes_four_bytes() {
        // 100,000 bodies × 150 questions must fit the national memory budget.
        assert_eq!(std::mem::size_of::<Cell>(), 4);
    }

    #[test]
    fn a_score_takes_32_bytes_with_or_without_option() {
        // A national batch holds 2.4 million of them.
        assert_eq!(std::mem::size_of::<Score>(), 32);
        assert_eq!(std::mem::size_of::<Option<Score>>(), 32);
    }

    #[test]
    fn a_score_keeps_any_denominator_below_2_pow_120() {
        let denom = (1i128 << 119) + 1;
        let score = Score::from_fraction(denom - 2, denom, 2).expect("fits");
        assert_eq!(score.exact(), Ratio::new(denom - 2, denom).expect("ratio"));
        assert_eq!(score.rounded().to_string(), "1.00");
        // Above the bound: reduced when it can be (2^121 / 2^121 is 1), refused, not
        // wrapped, when it cannot.
        assert!(Score::from_fraction(1 << 121, 1 << 121, 2).is_ok());
        assert!(Score::from_fraction(1, (1i128 << 121) + 1, 2).is_err());
    }

    #[test]
    fn cells_give_back_every_take() {
        let takes = [
            Take::LeftOut,
            Take::Closed,
            Take::Missing,
            Take::Answered {
                numer: 0,
                evidence_missing: false,
            },
            Take::Answered {
                numer: 1_000_000,
                evidence_missing: true,
            },
            Take::Answered {
                numer: -7,
                evidence_missing: false,
            },
            Take::Answered {
                numer: (1 << 28) - 1,
                evidence_missing: true,
            },
            Take::Exact {
                index: 3,
                evidence_missing: true,
            },
        ];
        for take in takes {
            assert_eq!(Cell::pack(take).map(Cell::take), Some(take));
        }
        // Too large for 29 bits: kept exactly beside the cells.
        let (mut cells, mut exact) = (Vec::new(), Vec::new());
        let big = Take::Answered {
            numer: 1 << 29,
            evidence_missing: true,
        };
        assert_eq!(push_take(&mut cells, &mut exact, big, 3), Some(()));
        assert_eq!(
            cells[0].take(),
            Take::Exact {
                index: 0,
                evidence_missing: true
            }
        );
        assert_eq!(exact, [Ratio::new(1 << 29, 3).unwrap_or(Ratio::ZERO)]);
    }
}
