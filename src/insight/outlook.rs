//! What a body can know from its own answers (*prakiraan*): its questionnaire (SAQ)
//! score and the qualification that score alone falls in, and the final it would reach
//! with the later stages (the *visitasi*) anywhere between 0 and 100 — never a
//! qualification it has not earned, which a final with an unscored stage counted 0
//! would claim.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::id::QualificationId;
use crate::model::verification::StageScore;
use crate::score::card::{Body, Score, Scorecard};
use crate::score::plan::Plan;
use crate::text::problem::Report;

/// A body's outlook (*prakiraan*): its questionnaire score with the band that score
/// alone falls in, and the final between the later stages at 0 and at 100.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Outlook {
    /// The questionnaire stage's score, `None` without a questionnaire stage.
    pub questionnaire: Option<Score>,
    /// The qualification band the questionnaire score alone falls in.
    pub questionnaire_qualification: Option<QualificationId>,
    /// The stages other than the questionnaire that the body takes part in (no gate, or
    /// its gate passed), whose scores are still to come.
    pub later_stages: Vec<String>,
    /// The final and its qualification with every later stage scored 0.
    pub lowest: Reach,
    /// The final and its qualification with every later stage scored 100.
    pub highest: Reach,
}

/// A final and the qualification it reaches.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Reach {
    /// The final score.
    #[serde(rename = "final")]
    pub final_score: Score,
    /// The qualification's id.
    pub qualification: QualificationId,
}

impl Plan {
    /// The body's outlook from its answers (and verification): the questionnaire score
    /// with its own qualification, and the final between the later stages at 0 and at
    /// 100. Stage scores the body already has are ignored: the outlook is what its
    /// answers alone say.
    ///
    /// ```
    /// use kip_index::{Body, Instrument, Plan, Submission};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let batch = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let tangerang = batch.lines().find(|l| l.contains("\"3671\"")).unwrap_or_default();
    /// let outlook = plan.outlook(&Body::new(&Submission::from_json(tangerang)?))?;
    /// // SAQ 97.91 is Informatif on its own; with the visitasi at 0 the final is
    /// // 0.8 × 97.91 = 78.33 (Cukup), at 100 it is 78.33 + 20 = 98.33 (Informatif).
    /// assert_eq!(outlook.questionnaire.map(|s| s.rounded().to_string()), Some("97.91".into()));
    /// assert_eq!(outlook.questionnaire_qualification.as_deref(), Some("informatif"));
    /// assert_eq!(outlook.later_stages, ["visitasi"]);
    /// assert_eq!(outlook.lowest.final_score.rounded().to_string(), "78.33");
    /// assert_eq!(outlook.highest.final_score.rounded().to_string(), "98.33");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outlook(&self, body: &Body<'_>) -> Result<Outlook, Report> {
        self.outlook_keeping(body, false)
    }

    /// [`Plan::outlook`] keeping the stage scores the body has: only the stages it takes
    /// part in without a score yet are taken at 0 and at 100 (`kip explain` with a
    /// visitasi scored and the presentation still to come).
    ///
    /// ```
    /// use kip_index::{Body, Instrument, Plan, StageScore, Submission};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let batch = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let tangerang = Submission::from_json(batch.lines().find(|l| l.contains("\"3671\"")).unwrap_or_default())?;
    /// let visitasi = StageScore::new("3671", "visitasi", vec![90.into()]);
    /// let mut body = Body::new(&tangerang);
    /// body.stage_scores = vec![&visitasi];
    /// // The visitasi is scored: nothing is still to come, both ends are the final.
    /// let outlook = plan.outlook_keeping_scores(&body)?;
    /// assert!(outlook.later_stages.is_empty());
    /// assert_eq!(outlook.lowest.final_score, outlook.highest.final_score);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outlook_keeping_scores(&self, body: &Body<'_>) -> Result<Outlook, Report> {
        self.outlook_keeping(body, true)
    }

    fn outlook_keeping(&self, body: &Body<'_>, keep: bool) -> Result<Outlook, Report> {
        let instrument = self.instrument();
        let bare = Body {
            submissions: body.submissions.clone(),
            verification: body.verification,
            stage_scores: match keep {
                true => body.stage_scores.clone(),
                false => Vec::new(),
            },
        };
        let card = self.score(&bare)?;
        let questionnaire = instrument
            .questionnaire_stage()
            .and_then(|s| card.stage(&s.id));
        let questionnaire_qualification =
            questionnaire.and_then(|score| self.qualification(score.rounded()).ok());
        let agency = card.agency.id.clone();
        let (lowest, later) = self.reach(&bare, &card, &agency, Decimal::ZERO, keep)?;
        let (highest, _) = self.reach(&bare, &card, &agency, Decimal::ONE_HUNDRED, keep)?;
        Ok(Outlook {
            questionnaire,
            questionnaire_qualification,
            later_stages: later,
            lowest,
            highest,
        })
    }

    /// The final with every later stage the body takes part in scored `value`: the
    /// stages whose gates open, found again after each scoring (a gate may stand on a
    /// later stage), and the reach.
    fn reach(
        &self,
        bare: &Body<'_>,
        card: &Scorecard,
        agency: &str,
        value: Decimal,
        keep: bool,
    ) -> Result<(Reach, Vec<String>), Report> {
        let instrument = self.instrument();
        let mut current = card.clone();
        let mut open: Vec<String> = Vec::new();
        // Keeping the scores given, a stage whose gate the body did not pass (as scored
        // with them) stays closed: its final does not span that stage.
        let closed: Vec<&str> = match keep {
            false => Vec::new(),
            true => (card.stages.iter())
                .filter(|s| s.passed == Some(false))
                .map(|s| &*s.id)
                .collect(),
        };
        // Each round can only open more stages; there are at most as many rounds as stages.
        for _ in 0..=instrument.stages.len() {
            let now: Vec<String> = instrument
                .stages
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.questionnaire)
                // A stage already scored is known, not to come.
                .filter(|(_, s)| !bare.stage_scores.iter().any(|g| g.stage == s.id))
                .filter(|(_, s)| !closed.contains(&s.id.as_str()))
                .filter(|(k, _)| {
                    // A rank condition, which one body cannot know, may hold: the stage
                    // counts as open, so the reach spans both outcomes.
                    let rounded = |j: usize| {
                        (current.stages.get(j))
                            .and_then(|r| r.score)
                            .map(|score| score.rounded())
                    };
                    self.verdict_alone(*k, &card.agency, &rounded, &|_| false)
                        .is_none_or(|v| !matches!(v, crate::score::gates::Verdict::Fail { .. }))
                })
                .map(|(_, s)| s.id.clone())
                .collect();
            if now == open {
                break;
            }
            open = now;
            let scores: Vec<StageScore> = open
                .iter()
                .filter_map(|stage| Some(instrument.stage(stage)?.score_of(agency, value)))
                .collect();
            let body = Body {
                submissions: bare.submissions.clone(),
                verification: bare.verification,
                stage_scores: (bare.stage_scores.iter().copied())
                    .chain(scores.iter())
                    .collect(),
            };
            current = self.score(&body)?;
        }
        let reach = Reach {
            final_score: current.final_score,
            qualification: current.qualification.clone(),
        };
        Ok((reach, open))
    }
}
