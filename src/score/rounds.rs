//! A body's standing before each later verification round (the *masa sanggah*): scored
//! again with the decisions as they stood, for the report's section per round.

use crate::model::verification::{StageScore, Verification};
use crate::score::card::RoundStanding;
use crate::score::plan::Plan;
use crate::score::sheet::Sheet;

impl Plan {
    /// The body's final and qualification before each round of `verification`'s
    /// revisions, in round order; a round it cannot be scored before is left out.
    pub(crate) fn before_rounds(
        &self,
        sheets: &[&Sheet],
        verification: &Verification,
        stage_scores: &[&StageScore],
    ) -> Vec<RoundStanding> {
        let mut rounds: Vec<&str> = Vec::new();
        for revision in &verification.revisions {
            if !rounds.contains(&revision.round.as_str()) {
                rounds.push(&revision.round);
            }
        }
        rounds
            .into_iter()
            .filter_map(|round| {
                let earlier = verification.before_round(round);
                let card = self
                    .score_sheets(sheets, Some(&earlier), stage_scores)
                    .ok()?;
                Some(RoundStanding {
                    round: round.to_owned(),
                    final_score: card.final_score,
                    qualification: card.qualification,
                })
            })
            .collect()
    }
}
