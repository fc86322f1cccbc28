//! What scoring one body gives: its inputs ([`Body`]), the exact [`Score`] rounded
//! once, its [`Rank`], and the [`Scorecard`] with stage and indicator results and
//! diagnostics, serialised as one entry of the results.

use crate::model::id::QualificationId;
use crate::score::ratio::{exact, overflow};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::id::QuestionId;
use crate::model::submission::{Agency, Submission};
use crate::model::verification::{StageScore, Verification};
use crate::score::ratio::Ratio;
use crate::text::decimal;
use crate::text::problem::Problem;

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
/// // Or from the default, field by field (the struct may grow: no struct literal).
/// let mut raters = Body::default();
/// raters.submissions = vec![&submission, &submission];
/// assert_eq!(raters.submissions.len(), 2);
/// # Ok::<(), kip_index::Report>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
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

/// Whether `numer / denom` (`denom` > 0) rounded to `decimals` digits plainly fits what
/// [`Score::rounded`] gives (an `i64` of digits): `|numer| × 10^decimals ≤ denom × 2^62`,
/// so the digits are at most 2^62 + 1. `false` only means "round it to know".
fn rounds_within_i64(numer: i128, denom: i128, decimals: u8) -> bool {
    let Some(scaled) = 10i128
        .checked_pow(u32::from(decimals))
        .and_then(|p| numer.checked_mul(p))
    else {
        return false;
    };
    // A product past u128 is a denominator of 2^66 or more: the bound holds then.
    scaled.unsigned_abs() <= denom.unsigned_abs().saturating_mul(1 << 62)
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
        // `rounded` cannot fail later: either the rounded digits plainly fit (two
        // multiplications, the common case), or the score is rounded once here.
        if !rounds_within_i64(numer, denom, decimals.get() - 1) {
            score.round().ok_or_else(overflow)?;
        }
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
        let rounded = match crate::score::ratio::round_fraction(numer, denom, decimals) {
            Some(r) => r,
            None => Ratio::new(numer, denom)?.round(decimals)?,
        };
        i64::try_from(rounded.mantissa()).ok()?;
        Some(rounded)
    }

    /// The exact value.
    pub fn exact(&self) -> Ratio {
        // An invariant, not input: `from_fraction` refuses a denominator that is not
        // positive, so a score of 0 here would be a wrong score, never a fallback.
        Ratio::new(from_words(self.numer), self.denom())
            .expect("a score's denominator is positive: checked by Score::from_fraction")
    }

    /// The published value, with exactly the instrument's `decimals` digits (`88.40`).
    pub fn rounded(&self) -> Decimal {
        // Rounded once when the score was made (`from_fraction`), so this cannot fail.
        self.round()
            .expect("a score's rounding fits a decimal: checked by Score::from_fraction")
    }
}

impl PartialEq for Score {
    fn eq(&self, other: &Score) -> bool {
        self.rounded() == other.rounded() && self.exact() == other.exact()
    }
}

impl Eq for Score {}

/// A published figure in the JSON: a number with the instrument's decimals.
pub(crate) struct JsonScore;

impl schemars::JsonSchema for JsonScore {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Score".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A published figure: a number with exactly the instrument's decimals (`96.33`), written from the exact value with one rounding, half away from zero.",
            "type": "number"
        })
    }
}

impl Serialize for Score {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        decimal::serialize(&self.rounded(), s)
    }
}

/// A body's ranks: overall, within its category (`None` when the instrument declares no
/// categories), within its region (`None` for a body with no region).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Rank {
    /// Among every scored body.
    pub overall: usize,
    /// Among the bodies of its category.
    pub category: Option<usize>,
    /// Among the bodies of its region.
    pub region: Option<usize>,
    /// Among the bodies of its category with its qualification (KI Pusat 2025 announced
    /// NTB, 87,58, as fourth among the *Menuju Informatif* provinces).
    pub qualification: usize,
}

/// One body's results: final score, qualification, stage and indicator scores,
/// the self-assessed score and the diagnostics. Serialises to one entry of `results`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Scorecard {
    /// The body.
    pub agency: Agency,
    /// The number of submissions (raters) combined.
    pub raters: usize,
    /// The final score: Σ stage weight × stage score / 100.
    pub final_score: Score,
    /// The id of the qualification of the rounded final score.
    pub qualification: QualificationId,
    /// The body's ranks, once ranked among a batch ([`rank`](fn@crate::rank)).
    pub rank: Option<Rank>,
    /// Every stage in the instrument's order; `None` for a stage the body took no part
    /// in (which is not a score of 0).
    pub stages: Vec<StageResult>,
    /// The stages scored in parts that the body has parts for (empty for most
    /// instruments: kept beside the stages, not in each, to keep a national batch's
    /// scorecards small).
    pub stage_parts: Vec<StageParts>,
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
#[non_exhaustive]
pub struct StageResult {
    /// The stage's id (shared with the plan: every scorecard points at the same text).
    pub id: Arc<str>,
    /// The score, or `None` when the body took no part in the stage.
    pub score: Option<Score>,
    /// No score, and the instrument's `absent_stage: zero` counts the stage 0 in the
    /// final: people are shown a 0 with a mark, never a blank (SPEC, *Stages for
    /// people*). `false` for a scored stage and for one left out under `reweight`.
    pub counted_as_zero: bool,
    /// For a stage with a gate (`requires`), whether the body passed it (*lolos*);
    /// `None` for a stage without one.
    pub passed: Option<bool>,
}

/// A stage scored in parts, for one body: each part's mean over the judges.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StageParts {
    /// The stage's id.
    pub stage: Arc<str>,
    /// Each part's id and mean (`kehadiran`: 12.50), in the stage's order of parts.
    pub parts: Vec<(Arc<str>, Score)>,
}

/// An indicator's (verified) score for one body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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
#[non_exhaustive]
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
    /// With later verification rounds (the *masa sanggah*): the questions they changed
    /// and where the body stood before each, as `rounds` and `before_rounds` in the
    /// JSON. `None` for the bodies no later round touched (nearly all: boxed, so that a
    /// national batch's scorecards stay small).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub rounds: Option<Box<RoundTrail>>,
}

/// What later verification rounds did to one body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RoundTrail {
    /// The questions whose score a later round changed, in the instrument's order, each
    /// round's change in turn. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<RoundChange>,
    /// The body's final and qualification as they stood before each round, in round
    /// order. Left out of the JSON when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub before_rounds: Vec<RoundStanding>,
}

impl Diagnostics {
    /// The questions later verification rounds changed (none without rounds).
    pub fn round_changes(&self) -> &[RoundChange] {
        self.rounds.as_ref().map_or(&[], |t| &t.rounds)
    }

    /// Where the body stood before each later round (none without rounds).
    pub fn before_rounds(&self) -> &[RoundStanding] {
        self.rounds.as_ref().map_or(&[], |t| &t.before_rounds)
    }
}

/// A body's final and qualification before a verification round:
/// `{ "round", "final", "qualification" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RoundStanding {
    /// The round (`sanggah`).
    pub round: String,
    /// The final before it.
    #[serde(rename = "final")]
    pub final_score: Score,
    /// The qualification before it.
    pub qualification: QualificationId,
}

/// A question's score changed by a later verification round: `{ "round", "question",
/// "before", "after", "note" }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RoundChange {
    /// The round (`sanggah`).
    pub round: String,
    /// The question.
    pub question: QuestionId,
    /// Its score before the round (the earlier decision's, else the self-assessed one
    /// under the evidence rule).
    pub before: Score,
    /// Its score after the round.
    pub after: Score,
    /// The round's note on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
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

    /// Whether the stage with this id has no score and counts 0 in the final
    /// ([`StageResult::counted_as_zero`]).
    pub fn stage_counted_as_zero(&self, id: &str) -> bool {
        self.stages
            .iter()
            .any(|s| &*s.id == id && s.counted_as_zero)
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
        if self.stages.iter().any(|s| s.passed.is_some()) {
            let gates: Vec<(&str, bool)> = (self.stages.iter())
                .filter_map(|s| Some((&*s.id, s.passed?)))
                .collect();
            map.serialize_entry("gates", &Entries(gates))?;
        }
        if !self.stage_parts.is_empty() {
            // `{ "presentasi": { "kehadiran": 12.50, ... } }`
            let parts = (self.stage_parts.iter()).map(|p| {
                let each = p.parts.iter().map(|(id, score)| (&**id, Some(*score)));
                (&*p.stage, Entries(each.collect()))
            });
            map.serialize_entry("stage_parts", &Entries(parts.collect()))?;
        }
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

/// A JSON object of `id: value` in the order given: scores or `null`, gates passed,
/// a stage's parts.
struct Entries<'a, T = Option<Score>>(Vec<(&'a str, T)>);

impl<T: Serialize> Serialize for Entries<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, value) in &self.0 {
            map.serialize_entry(id, value)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut never admits a score whose rounding would not fit: whenever it
        /// says "fits", rounding the fraction gives digits that fit an `i64`.
        #[test]
        fn the_cheap_bound_admits_only_roundings_that_fit(
            numer in any::<i128>(),
            denom in 1i128..=MAX_DENOM,
            small in -1_000_000i128..1_000_000,
            decimals in 0u8..=28,
        ) {
            for numer in [numer, small, numer >> 64, numer >> 100] {
                if rounds_within_i64(numer, denom, decimals) {
                    let rounded = crate::score::ratio::round_fraction(numer, denom, u32::from(decimals));
                    prop_assert!(rounded.is_some_and(|r| i64::try_from(r.mantissa()).is_ok()));
                }
            }
        }
    }

    #[test]
    fn a_score_too_large_to_round_is_refused_when_made() {
        // 10^20 / 1 at 2 decimals: 10^22 digits, past an i64.
        assert!(Score::from_fraction(10i128.pow(20), 1, 2).is_err());
        assert!(rounds_within_i64(8_833, 100, 2));
        let score = Score::from_fraction(8_833, 100, 2).unwrap_or_else(|p| panic!("{p}"));
        assert_eq!(score.rounded().to_string(), "88.33");
    }
}
