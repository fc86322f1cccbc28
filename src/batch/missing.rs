//! Inputs left out that change scores: a stage with no scores is never a silent zero.
//!
//! Leaving out the stage-score file makes every *visitasi* count 0 (or, under
//! `absent_stage: reweight`, drops it from the final): Kota Tangerang falls from 96.33
//! *Informatif* to 78.33. The run goes on — a commission may score the questionnaire
//! alone on purpose ([`Batch::without_stage_scores`](crate::Batch::without_stage_scores)) —
//! but the results say so.

use crate::model::instrument::{AbsentStage, Instrument};
use crate::score::card::Scorecard;

/// How many ids a warning names before it says how many more.
const NAMED: usize = 5;

/// One warning per stage (other than the questionnaire) that scored bodies take part in
/// — no gate, or its gate passed — but have no score for.
pub(crate) fn stage_warnings(instrument: &Instrument, cards: &[Scorecard]) -> Vec<String> {
    let mut warnings = Vec::new();
    for stage in instrument.stages.iter().filter(|s| !s.questionnaire) {
        let score_of = |card: &Scorecard, id: &str| {
            card.stages
                .iter()
                .find(|s| &*s.id == id)
                .and_then(|s| s.score)
        };
        let takes_part = |card: &Scorecard| match &stage.requires {
            None => true,
            Some(gate) => score_of(card, &gate.stage).is_some_and(|s| s.rounded() >= gate.min),
        };
        let due: Vec<&Scorecard> = cards.iter().filter(|c| takes_part(c)).collect();
        let missing: Vec<&str> = due
            .iter()
            .filter(|c| score_of(c, &stage.id).is_none())
            .map(|c| c.agency.id.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        let mut named: Vec<String> = missing
            .iter()
            .take(NAMED)
            .map(|id| format!("`{id}`"))
            .collect();
        if missing.len() > NAMED {
            named.push(format!("{} more", missing.len() - NAMED));
        }
        let effect = match instrument.absent_stage {
            AbsentStage::Zero => "it counts 0 in their finals",
            AbsentStage::Reweight => "their finals are made of the other stages, reweighted",
        };
        warnings.push(format!(
            "stage `{}` ({}): no score for {} of the {} scored bodies that take part in it ({}); \
             {effect}. Give its scores (kip: --stage-scores FILE), or state that the run is \
             meant without them (kip: --without-stage-scores)",
            stage.id,
            stage.name,
            missing.len(),
            due.len(),
            named.join(", ")
        ));
    }
    warnings
}
