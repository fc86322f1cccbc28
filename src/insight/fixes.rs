//! What to fix first (*rekomendasi*): every question a full answer would improve,
//! ordered by the final-score points it gains, then applied one after another.
//!
//! A fix is measured, not estimated. Its effect on the questions is worked out the way
//! a sheet decides them — the question answered in full (its evidence attached, the
//! verifier's decision on it dropped), the `when` questions it opens answered in full
//! too, those it closes scored as their `otherwise` says — and the body's final is then
//! re-aggregated from its question scores through the plan's own rules
//! ([`WhatIf`]), in time proportional to the indicators. A fix this cannot follow
//! exactly (raters who answered a `when` question differently, a verifier's decision
//! on a question the fix closes) is scored again from changed submissions instead, as
//! every fix once was. Either way the numbers are those of a real score: a test holds
//! every fix to a full score of the changed body.

use std::collections::HashSet;

use crate::insight::explain::{Fix, QuestionLine, said};
use crate::model::instrument::{Evidence, Otherwise, Question, QuestionKind};
use crate::model::submission::{Answer, AnswerValue, Submission};
use crate::model::verification::Verification;
use crate::score::card::{Body, Score, Scorecard};
use crate::score::plan::{Plan, Rule};
use crate::score::ratio::Ratio;
use crate::score::what_if::{Outcome, WhatIf};
use crate::score::when::{self, Asked};
use crate::text::problem::Report;

/// What one fix does to the questions: each changed question with its new verified
/// score, and the questions it opens.
#[derive(Debug)]
struct Effect<'p> {
    /// The question answered in full.
    question: usize,
    changes: Vec<(usize, Option<Ratio>)>,
    /// What each changed question now shows a `when`, and whether it is asked.
    shown: Vec<(usize, bool, Asked<'p>)>,
    /// The questions opened and answered in full with it (not text ones).
    opened: Vec<usize>,
}

/// The body as the fixes so far leave it: its submissions and verification (for the
/// fixes scored again in full), its question scores held open to change, and what each
/// question is asked with (for the `when`s).
struct Standing<'p> {
    submissions: Vec<Submission>,
    verification: Option<Verification>,
    what_if: WhatIf<'p>,
    /// Whether each question is asked of the (first) rater, and what it shows a `when`.
    open: Vec<bool>,
    asked: Vec<Asked<'p>>,
    /// The questions a verifier decided on (their decisions are dropped when fixed).
    decided: HashSet<usize>,
    outcome: Outcome,
    /// Whether fixes' effects are followed (else every fix is scored again in full).
    follow: bool,
}

impl Plan {
    /// What to fix first: every question a full answer would improve, ordered by its
    /// gain (ties by question order), then applied one after another.
    pub(crate) fn fixes(
        &self,
        body: &Body<'_>,
        base: &Scorecard,
        lines: &[QuestionLine],
    ) -> Result<Vec<Fix>, Report> {
        self.fixes_with(body, base, lines, true)
    }

    /// [`Plan::fixes`], following fixes' effects where it can (`follow`) or scoring
    /// every one again in full (what the tests hold the first to).
    fn fixes_with(
        &self,
        body: &Body<'_>,
        base: &Scorecard,
        lines: &[QuestionLine],
        follow: bool,
    ) -> Result<Vec<Fix>, Report> {
        let decimals = self.instrument.decimals;
        let Some(agency) = body.submissions.first().map(|s| &s.agency) else {
            return Ok(Vec::new());
        };
        let submissions: Vec<Submission> = body.submissions.iter().map(|s| (*s).clone()).collect();
        let mut standing = self.standing(
            submissions,
            body.verification.cloned(),
            agency,
            &body.stage_scores,
            outcome_of(base),
        )?;
        standing.follow = follow;
        let children = self.children();
        // A question that already scores in full, or carries no share of the final, and
        // opens nothing, cannot gain: it is not measured (most of a good body's are).
        let by_id: std::collections::HashMap<&str, &QuestionLine> =
            lines.iter().map(|l| (l.id.as_str(), l)).collect();
        let cannot_gain = |k: usize, question: &Question| {
            children.get(k).is_none_or(Vec::is_empty)
                && by_id.get(question.id.as_str()).is_some_and(|l| {
                    l.score.is_some_and(|s| s.exact() == Ratio::HUNDRED)
                        || l.share.is_some_and(|s| s.exact() == Ratio::ZERO)
                })
        };
        // Each candidate's gain against the body as it stands.
        let mut queue: Vec<(usize, Ratio)> = Vec::new();
        for (k, question) in self.question_defs.iter().enumerate() {
            if cannot_gain(k, question) || !standing.may_fix(k, question) {
                continue;
            }
            let outcome = match standing.effect(self, &children, k) {
                Some(effect) => standing.what_if.outcome(&effect.changes)?,
                None => {
                    let mut fixed = standing.submissions.clone();
                    let mut decided = standing.verification.clone();
                    self.apply_fix(k, &mut fixed, &mut decided);
                    outcome_of(&self.score_changed(body, &fixed, &decided)?)
                }
            };
            if let Some(gain) = (outcome.final_score)
                .checked_sub(standing.outcome.final_score)
                .filter(|g| *g > Ratio::ZERO)
            {
                queue.push((k, gain));
            }
        }
        queue.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut fixes = Vec::new();
        for (k, _) in queue {
            let Some(question) = self.question_defs.get(k) else {
                continue;
            };
            let before = standing.outcome.clone();
            let opened = match standing.effect(self, &children, k) {
                Some(effect) => standing.commit(self, effect)?,
                None => {
                    let opened =
                        self.apply_fix(k, &mut standing.submissions, &mut standing.verification);
                    let card =
                        self.score_changed(body, &standing.submissions, &standing.verification)?;
                    standing = self.standing(
                        std::mem::take(&mut standing.submissions),
                        standing.verification.take(),
                        agency,
                        &body.stage_scores,
                        outcome_of(&card),
                    )?;
                    standing.follow = follow;
                    opened
                }
            };
            let after = &standing.outcome;
            let gain = (after.final_score)
                .checked_sub(before.final_score)
                .unwrap_or(Ratio::ZERO);
            if gain <= Ratio::ZERO {
                // Earlier fixes already gave what this one would have.
                continue;
            }
            let opens_gates = (self.stages.iter().enumerate())
                .filter(|(k, _)| {
                    !self.gate_open(&before, *k, agency) && self.gate_open(after, *k, agency)
                })
                .map(|(_, p)| p.id.to_string())
                .collect();
            let answer_now = body
                .submissions
                .first()
                .and_then(|s| s.answers.get(&question.id))
                .and_then(|a| match (&a.value, a.na) {
                    (_, true) => Some("NA".to_owned()),
                    (Some(value), false) => Some(said(question, value)),
                    (None, false) => None,
                });
            let final_score = Score::new(after.final_score, decimals).map_err(Report::from)?;
            fixes.push(Fix {
                question: question.id.clone(),
                with_evidence: question.evidence == Evidence::Required,
                gain: Score::new(gain, decimals).map_err(Report::from)?,
                final_score,
                qualification: self
                    .qualification(final_score.rounded())
                    .map_err(Report::from)?,
                opens: opened,
                opens_gates,
                answer: best_value(question).map_or(String::new(), |v| said(question, &v)),
                answer_now,
                yes_no: matches!(question.kind, QuestionKind::YesNo),
            });
        }
        Ok(fixes)
    }

    /// The body standing with `submissions` and `verification`, whose outcome is
    /// `outcome`.
    fn standing<'p>(
        &'p self,
        submissions: Vec<Submission>,
        verification: Option<Verification>,
        agency: &'p crate::model::submission::Agency,
        stage_scores: &'p [&'p crate::model::verification::StageScore],
        outcome: Outcome,
    ) -> Result<Standing<'p>, Report> {
        let mut sheets = Vec::with_capacity(submissions.len());
        for s in &submissions {
            sheets.push(self.sheet(s)?);
        }
        let refs: Vec<&crate::score::sheet::Sheet> = sheets.iter().collect();
        let mut scratch = crate::score::card::Diagnostics::default();
        let verified = self
            .question_scores(&refs, verification.as_ref(), &mut scratch)
            .map_err(Report::from)?
            .iter()
            .map(|q| q.verified)
            .collect();
        let what_if = WhatIf::new(self, verified, agency, stage_scores).map_err(Report::from)?;
        let (open, asked) = self.shown(submissions.first());
        let decided = verification
            .iter()
            .flat_map(|v| &v.decisions)
            .filter_map(|d| self.question_index.get(&d.question).copied())
            .collect();
        Ok(Standing {
            submissions,
            verification,
            what_if,
            open,
            asked,
            decided,
            outcome,
            follow: true,
        })
    }

    /// Whether each question is asked of a rater, and what it shows a `when` (in the
    /// plan's words, so that it outlives the submission).
    pub(crate) fn shown<'p>(
        &'p self,
        submission: Option<&Submission>,
    ) -> (Vec<bool>, Vec<Asked<'p>>) {
        let n = self.questions.len();
        let (mut open, mut asked) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let Some(submission) = submission else {
            return (open, asked);
        };
        let category = submission.agency.category.as_deref();
        for (q, definition) in self.questions.iter().zip(&self.question_defs) {
            let is_open =
                when::applies(&q.categories, category) && when::holds(q.when.as_ref(), &asked);
            let value = (submission.answers.get(&q.id))
                .filter(|a| is_open && !a.na)
                .and_then(|a| a.value.as_ref());
            asked.push(in_plan_words(definition, Asked::of(value)));
            open.push(is_open);
        }
        (open, asked)
    }

    /// Each question's children: the later questions whose `when` waits on it.
    fn children(&self) -> Vec<Vec<usize>> {
        let mut children = vec![Vec::new(); self.questions.len()];
        for (k, q) in self.questions.iter().enumerate() {
            if let Some((parent, _)) = &q.when
                && *parent < k
                && let Some(list) = children.get_mut(*parent)
            {
                list.push(k);
            }
        }
        children
    }

    /// The body's scorecard with changed submissions and verification.
    fn score_changed(
        &self,
        body: &Body<'_>,
        submissions: &[Submission],
        verification: &Option<Verification>,
    ) -> Result<Scorecard, Report> {
        self.score(&Body {
            submissions: submissions.iter().collect(),
            verification: verification.as_ref(),
            stage_scores: body.stage_scores.clone(),
        })
    }

    /// Answers question `k` in full in every rater's submission (with evidence where
    /// asked), drops the verifier's decision on it, and answers in full the questions it
    /// opens, and theirs; returns the ids of those it opened.
    fn apply_fix(
        &self,
        k: usize,
        submissions: &mut [Submission],
        verification: &mut Option<Verification>,
    ) -> Vec<String> {
        let mut opened = Vec::new();
        let mut pending = vec![k];
        while let Some(q) = pending.pop() {
            let Some(question) = self.question_defs.get(q) else {
                continue;
            };
            let (before, _) = self.shown(submissions.first());
            answer_in_full(question, submissions, verification);
            let (after, _) = self.shown(submissions.first());
            for (child, (was, now)) in before.iter().zip(&after).enumerate() {
                let scored = self
                    .question_defs
                    .get(child)
                    .filter(|d| !matches!(d.kind, QuestionKind::Text));
                if let (true, false, Some(d)) = (*now, *was, scored) {
                    opened.push(d.id.clone());
                    pending.push(child);
                }
            }
        }
        opened.sort();
        opened
    }

    /// Whether stage `k`'s gate is surely open for an outcome, the body seen alone: a
    /// stage without a gate is; a rank condition, which one body cannot know, is not
    /// counted as opened (a fix "opens" a gate only when the scores alone say so).
    fn gate_open(&self, outcome: &Outcome, k: usize, agency: &crate::Agency) -> bool {
        let decimals = self.instrument.decimals;
        let rounded = |s: usize| outcome.stages.get(s).copied().flatten()?.round(decimals);
        match self.verdict_alone(k, agency, &rounded, &|_| false) {
            None => true,
            Some(verdict) => verdict == crate::score::gates::Verdict::Pass,
        }
    }

    /// The verified score of question `k` answered in full: its best answer's, with
    /// its evidence, the verifier's decision dropped.
    fn full_score(&self, k: usize) -> Option<Ratio> {
        let definition = self.question_defs.get(k)?;
        let question = self.questions.get(k)?;
        question.rule.score(&best_value(definition)?).ok()
    }
}

impl<'p> Standing<'p> {
    /// Whether question `k` is a candidate fix: scored, asked, and not left N/A by every
    /// rater.
    fn may_fix(&self, k: usize, question: &Question) -> bool {
        let all_na = self
            .submissions
            .iter()
            .all(|s| s.answers.get(&question.id).is_some_and(|a| a.na));
        !matches!(question.kind, QuestionKind::Text) && self.open.get(k) == Some(&true) && !all_na
    }

    /// What answering question `k` in full does to the questions; `None` when that is
    /// for a full score to say.
    fn effect(&self, plan: &'p Plan, children: &[Vec<usize>], k: usize) -> Option<Effect<'p>> {
        let question = plan.questions.get(k)?;
        let definition = plan.question_defs.get(k)?;
        let has_children = children.get(k).is_some_and(|c| !c.is_empty());
        if !self.follow || matches!(question.rule, Rule::Text) {
            return None;
        }
        // Raters each decide their own `when`s; only questions every rater is asked
        // alike are followed here.
        if self.submissions.len() > 1 && (question.when.is_some() || has_children) {
            return None;
        }
        let mut effect = Effect {
            question: k,
            changes: Vec::new(),
            shown: Vec::new(),
            opened: Vec::new(),
        };
        if self.open.get(k) != Some(&true) {
            // Answering a question not asked changes nothing but the decision on it.
            return (!self.decided.contains(&k)).then_some(effect);
        }
        effect.changes.push((k, Some(plan.full_score(k)?)));
        let shows = best_shown(definition);
        effect.shown.push((k, true, shows));
        let mut pending = vec![(k, shows)];
        while let Some((parent, shows)) = pending.pop() {
            for &c in children.get(parent).map_or(&[][..], Vec::as_slice) {
                let (Some(child), Some(child_definition)) =
                    (plan.questions.get(c), plan.question_defs.get(c))
                else {
                    return None;
                };
                let was = self.open.get(c) == Some(&true);
                let category = self.submissions.first()?.agency.category.as_deref();
                let now = when::applies(&child.categories, category)
                    && child
                        .when
                        .as_ref()
                        .is_some_and(|(_, e)| when::holds_on(e, shows));
                if was == now {
                    continue;
                }
                let text = matches!(child.rule, Rule::Text);
                if text && children.get(c).is_some_and(|c| !c.is_empty()) {
                    return None;
                }
                if now {
                    if text {
                        continue;
                    }
                    let shows = best_shown(child_definition);
                    effect.changes.push((c, Some(plan.full_score(c)?)));
                    effect.shown.push((c, true, shows));
                    effect.opened.push(c);
                    pending.push((c, shows));
                } else {
                    // Closed: scored as its `otherwise` says, unless a verifier decided
                    // on it (their decision would stand).
                    if self.decided.contains(&c) {
                        return None;
                    }
                    let closed = match child.otherwise {
                        _ if text => None,
                        Otherwise::Zero => Some(Ratio::ZERO),
                        Otherwise::NotApplicable => None,
                    };
                    effect.changes.push((c, closed));
                    effect.shown.push((c, false, Asked::None));
                    if self.asked.get(c).is_some_and(|a| *a != Asked::None) {
                        pending.push((c, Asked::None));
                    }
                }
            }
        }
        Some(effect)
    }

    /// Makes a fix whose effect is known: the body now stands with it. Returns the ids
    /// of the questions it opened.
    fn commit(&mut self, plan: &'p Plan, effect: Effect<'p>) -> Result<Vec<String>, Report> {
        self.outcome = self
            .what_if
            .outcome(&effect.changes)
            .map_err(Report::from)?;
        self.what_if.apply(&effect.changes).map_err(Report::from)?;
        for &(q, open, shows) in &effect.shown {
            if let (Some(o), Some(a)) = (self.open.get_mut(q), self.asked.get_mut(q)) {
                *o = open;
                *a = shows;
            }
        }
        let mut opened = Vec::with_capacity(effect.opened.len());
        for q in std::iter::once(effect.question).chain(effect.opened.iter().copied()) {
            if let Some(question) = plan.question_defs.get(q) {
                // Only a decided question has a decision to drop: the rest skip the
                // search through the verification.
                if self.decided.remove(&q) {
                    answer_in_full(question, &mut self.submissions, &mut self.verification);
                } else {
                    answer_in_full(question, &mut self.submissions, &mut None);
                }
                if q != effect.question {
                    opened.push(question.id.clone());
                }
            }
        }
        opened.sort();
        Ok(opened)
    }
}

/// The stages and final of a scorecard, exact.
fn outcome_of(card: &Scorecard) -> Outcome {
    Outcome {
        stages: card
            .stages
            .iter()
            .map(|s| s.score.map(|s| s.exact()))
            .collect(),
        final_score: card.final_score.exact(),
    }
}

/// What an answer shows a `when`, borrowing an option's id from the instrument.
fn in_plan_words<'p>(definition: &'p Question, shown: Asked<'_>) -> Asked<'p> {
    match (shown, &definition.kind) {
        (Asked::Bool(b), _) => Asked::Bool(b),
        (Asked::Option(id), QuestionKind::Choice { options }) => options
            .iter()
            .find(|o| o.id == id)
            .map_or(Asked::None, |o| Asked::Option(&o.id)),
        _ => Asked::None,
    }
}

/// What a question's best answer shows a `when`.
fn best_shown(definition: &Question) -> Asked<'_> {
    match &definition.kind {
        QuestionKind::YesNo => Asked::Bool(true),
        QuestionKind::Choice { options } => {
            best_option(options).map_or(Asked::None, |o| Asked::Option(&o.id))
        }
        _ => Asked::None,
    }
}

/// A choice's best-scoring option.
fn best_option(
    options: &[crate::model::instrument::ChoiceOption],
) -> Option<&crate::model::instrument::ChoiceOption> {
    options.iter().max_by_key(|o| o.score)
}

/// Answers `question` in full in every rater's submission (with evidence where asked)
/// and drops the verifier's decision on it, as a body would before re-verification.
fn answer_in_full(
    question: &Question,
    submissions: &mut [Submission],
    verification: &mut Option<Verification>,
) {
    let Some(value) = best_value(question) else {
        return;
    };
    let evidence = match question.evidence {
        Evidence::None => Vec::new(),
        _ => vec!["(bukti)".to_owned()],
    };
    for s in submissions.iter_mut() {
        s.answers.insert(
            question.id.clone(),
            Answer {
                value: Some(value.clone()),
                na: false,
                evidence: evidence.clone(),
            },
        );
    }
    if let Some(v) = verification {
        v.decisions.retain(|d| d.question != question.id);
    }
}

/// The answer that scores best.
fn best_value(question: &Question) -> Option<AnswerValue> {
    Some(match &question.kind {
        QuestionKind::YesNo => AnswerValue::Bool(true),
        QuestionKind::Choice { options } => AnswerValue::Text(best_option(options)?.id.clone()),
        QuestionKind::Checklist { items } => {
            AnswerValue::List(items.iter().map(|i| i.id.clone()).collect())
        }
        QuestionKind::Number { min, max, bands } => {
            let best = bands.iter().max_by_key(|b| b.score)?;
            let candidates = [
                best.max,
                best.min,
                *min,
                *max,
                Some(rust_decimal::Decimal::ZERO),
            ];
            let value = candidates.into_iter().flatten().find(|v| {
                min.is_none_or(|m| *v >= m)
                    && max.is_none_or(|m| *v <= m)
                    && crate::model::instrument::Band::find(bands, *v).map(|(_, b)| b) == Some(best)
            })?;
            AnswerValue::Number(value)
        }
        QuestionKind::Scale { max, .. } => AnswerValue::Number((*max).into()),
        QuestionKind::Rating => AnswerValue::Number(rust_decimal::Decimal::ONE_HUNDRED),
        QuestionKind::Text => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::instrument::Instrument;
    use crate::model::verification::{Decision, Ruling, StageScore};
    use proptest::prelude::*;

    /// `when` chains two deep with both `otherwise`s, a `when` on `false` (closed by a
    /// full answer), a choice parent, N/A, categories, text, nested indicators and a
    /// gated stage: everything a fix's effect must follow.
    fn instrument(absent: &str) -> Instrument {
        let text = r#"{"id":"t","name":"T","decimals":2,
          "categories":[{"id":"a","name":"A"},{"id":"b","name":"B"}],
          "stages":[{"id":"saq","name":"SAQ","weight":70,"questionnaire":true},
                    {"id":"visitasi","name":"V","weight":30,"requires":{"stage":"saq","min":60}}],
          "absent_stage":"ABSENT",
          "qualifications":[{"id":"i","name":"I","min":90},{"id":"m","name":"M","min":60},{"id":"k","name":"K","min":0}],
          "indicators":[
            {"id":"top","name":"Top","weight":60,"indicators":[
              {"id":"l1","name":"L1","weight":2,"questions":[
                {"id":"P1","text":"?","kind":"yes_no","evidence":"required"},
                {"id":"C1","text":"?","kind":"yes_no","when":{"question":"P1","equals":true},"otherwise":"zero"},
                {"id":"C2","text":"?","kind":"choice","options":[{"id":"a","label":"A","score":100},{"id":"b","label":"B","score":40}],"when":{"question":"P1","equals":true},"otherwise":"not_applicable"},
                {"id":"G1","text":"?","kind":"scale","min":1,"max":4,"when":{"question":"C2","equals":"a"},"otherwise":"zero"},
                {"id":"N1","text":"?","kind":"yes_no","when":{"question":"P1","equals":false},"otherwise":"not_applicable"},
                {"id":"M1","text":"?","kind":"choice","options":[{"id":"a","label":"A","score":100},{"id":"b","label":"B","score":40}],"when":{"question":"N1","equals":true},"otherwise":"zero"},
                {"id":"N2","text":"?","kind":"rating","when":{"question":"P1","equals":false},"otherwise":"zero"}]},
              {"id":"l2","name":"L2","weight":1,"questions":[
                {"id":"R1","text":"?","kind":"rating","weight":3},
                {"id":"K1","text":"?","kind":"checklist","items":[{"id":"x","label":"X","points":2},{"id":"y","label":"Y","points":1}]},
                {"id":"S1","text":"?","kind":"scale","min":0,"max":3,"allow_na":true,"categories":["a"]},
                {"id":"T1","text":"?","kind":"text","weight":0,"evidence":"none"}]}]},
            {"id":"l3","name":"L3","weight":40,"questions":[
              {"id":"B1","text":"?","kind":"number","min":0,"max":30,"bands":[{"max":5,"score":100},{"max":10,"score":50},{"score":0}]},
              {"id":"Y1","text":"?","kind":"yes_no"},
              {"id":"Y2","text":"?","kind":"yes_no","evidence":"required"}]}]}"#;
        match Instrument::from_json(&text.replace("ABSENT", absent)) {
            Ok(instrument) => instrument,
            Err(r) => panic!("the test instrument must load: {r}"),
        }
    }

    /// One answer (`None`: unanswered) from a number: its kind's values, N/A, evidence.
    fn answer(id: &str, pick: u32) -> Option<String> {
        let value = match (id, pick % 7) {
            (_, 0) => return None,
            ("S1", 1) => "\"na\":true".to_owned(),
            ("P1" | "C1" | "N1" | "Y1" | "Y2", v) => format!("\"value\":{}", v % 2 == 0),
            ("C2" | "M1", v) => format!("\"value\":\"{}\"", if v % 2 == 0 { "a" } else { "b" }),
            ("G1", v) => format!("\"value\":{}", 1 + v % 4),
            ("S1", v) => format!("\"value\":{}", v % 4),
            ("R1" | "N2", v) => format!("\"value\":{}.{}", (pick / 7) % 100, v % 2 * 5),
            ("K1", v) => format!(
                "\"value\":{}",
                ["[]", "[\"x\"]", "[\"y\"]", "[\"x\",\"y\"]"][(v % 4) as usize]
            ),
            ("B1", _) => format!("\"value\":{}", (pick / 7) % 31),
            ("T1", _) => "\"value\":\"catatan\"".to_owned(),
            _ => return None,
        };
        let evidence = if (pick / 3).is_multiple_of(3) {
            ""
        } else {
            ",\"evidence\":[\"e\"]"
        };
        Some(format!("\"{id}\":{{{value}{evidence}}}"))
    }

    const IDS: [&str; 15] = [
        "P1", "C1", "C2", "G1", "N1", "M1", "N2", "R1", "K1", "S1", "T1", "B1", "Y1", "Y2", "Y1",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Following each fix's effect gives exactly the fixes that scoring every fix
        /// again in full gives: the same questions in the same order, the same gains,
        /// finals, qualifications, opened questions and gates.
        #[test]
        fn following_effects_agrees_with_scoring_every_fix_again(
            picks in proptest::collection::vec(any::<u32>(), 2 * IDS.len()),
            raters in 1usize..=2,
            category_a in any::<bool>(),
            reweight in any::<bool>(),
            decisions in proptest::collection::vec((0usize..IDS.len(), 0u8..4), 0..4),
            visit in proptest::option::of(0u8..=100),
        ) {
            let instrument = instrument(if reweight { "reweight" } else { "zero" });
            let Ok(plan) = Plan::new(&instrument) else {
                panic!("the test instrument must compile")
            };
            let category = if category_a { "a" } else { "b" };
            let mut submissions = Vec::new();
            for r in 0..raters {
                let answers: Vec<String> = IDS[..14]
                    .iter()
                    .enumerate()
                    .filter_map(|(i, id)| answer(id, picks.get(r * IDS.len() + i).copied().unwrap_or(0)))
                    .filter(|a| category_a || !a.starts_with("\"S1\""))
                    .collect();
                let rater = if raters > 1 { format!(",\"rater\":\"r{r}\"") } else { String::new() };
                let json = format!(
                    r#"{{"instrument":"t","agency":{{"id":"x","name":"X","category":"{category}"}}{rater},"answers":{{{}}}}}"#,
                    answers.join(",")
                );
                match Submission::from_json(&json) {
                    Ok(s) => submissions.push(s),
                    Err(r) => panic!("the test submission must load: {r}\n{json}"),
                }
            }
            let verification = Verification {
                agency: "x".to_owned(),
                round: None,
                revisions: Vec::new(),
                decisions: decisions
                    .iter()
                    .filter(|(q, _)| !matches!(IDS[*q], "T1" | "S1"))
                    .map(|(q, d)| Decision {
                        question: IDS[*q].to_owned(),
                        ruling: match d {
                            0 => Ruling::Accept,
                            d => Ruling::Score(rust_decimal::Decimal::from(u32::from(*d - 1) * 50)),
                        },
                        note: None,
                    })
                    .fold(Vec::<Decision>::new(), |mut all, d| {
                        if all.iter().all(|e| e.question != d.question) {
                            all.push(d);
                        }
                        all
                    }),
            };
            let stage =
                visit.map(|v| StageScore::new("x", "visitasi", vec![rust_decimal::Decimal::from(v)]));
            let mut body = Body {
                submissions: submissions.iter().collect(),
                verification: Some(&verification),
                stage_scores: stage.iter().collect(),
            };
            if verification.decisions.is_empty() {
                body.verification = None;
            }
            let mut base = plan.score(&body);
            if base.is_err() {
                // A visit for a body the gate keeps out: the body without it.
                body.stage_scores.clear();
                base = plan.score(&body);
            }
            let base = match base {
                Ok(base) => base,
                Err(r) => panic!("the test body must score: {r}"),
            };
            let lines = match plan.question_lines(&body, &base) {
                Ok(lines) => lines,
                Err(r) => panic!("lines: {r}"),
            };
            let followed = plan.fixes_with(&body, &base, &lines, true);
            let scored = plan.fixes_with(&body, &base, &lines, false);
            prop_assert_eq!(format!("{followed:?}"), format!("{scored:?}"));
        }
    }
}
