//! Inputs left out that change scores: a stage with no scores is never a silent zero.
//!
//! Leaving out the stage-score file makes every *visitasi* count 0 (or, under
//! `absent_stage: reweight`, drops it from the final): Kota Tangerang falls from 96.33
//! *Informatif* to 78.33. The run goes on — a commission may score the questionnaire
//! alone on purpose ([`Batch::without_stage_scores`](crate::Batch::without_stage_scores)) —
//! but the results say so.

use crate::batch::warning::Warning;
use crate::model::instrument::Instrument;
use crate::score::card::Scorecard;

/// One warning per stage (other than the questionnaire) that scored bodies take part in
/// — no gate, or its gate passed — but have no score for; `files` are the stage-score
/// files that were given.
pub(crate) fn stage_warnings(
    instrument: &Instrument,
    cards: &[Scorecard],
    files: &[String],
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for stage in instrument.stages.iter().filter(|s| !s.questionnaire) {
        let score_of = |card: &Scorecard, id: &str| {
            card.stages
                .iter()
                .find(|s| &*s.id == id)
                .and_then(|s| s.score)
        };
        // A body takes part unless it did not pass the stage's gate (settled with its
        // batch: a rank gate cannot be told from one card).
        let takes_part = |card: &Scorecard| {
            (card.stages.iter())
                .find(|s| *s.id == *stage.id)
                .is_none_or(|s| s.passed != Some(false))
        };
        let due: Vec<&Scorecard> = cards.iter().filter(|c| takes_part(c)).collect();
        let mut missing: Vec<String> = due
            .iter()
            .filter(|c| score_of(c, &stage.id).is_none())
            .map(|c| c.agency.id.clone())
            .collect();
        if missing.is_empty() {
            continue;
        }
        missing.sort();
        warnings.push(Warning::StageScoresMissing {
            stage: stage.id.clone(),
            stage_name: stage.name.clone(),
            due: due.len(),
            missing,
            files: files.to_vec(),
            absent_stage: instrument.absent_policy(stage),
        });
    }
    warnings
}

impl crate::batch::results::Results {
    /// The warnings a batch gives for stages left without scores, for scorecards made
    /// one at a time (`kip explain`, a portal scoring one body): one per stage (other
    /// than the questionnaire) that a card takes part in — no gate, or its gate passed —
    /// but has no score for. `files` are the stage-score files given (none: empty).
    pub fn stage_warnings(
        instrument: &Instrument,
        cards: &[Scorecard],
        files: &[String],
    ) -> Vec<Warning> {
        stage_warnings(instrument, cards, files)
    }
}
