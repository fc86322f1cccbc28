//! Explaining one body's score (*rekomendasi*): every question with its answer, score,
//! share of the final and points lost; then what to fix first — the questions ordered by
//! the final-score points a full answer would gain, each fix applied in turn with the
//! final and qualification it reaches, the `when` questions it opens and the gates it
//! opens.
//!
//! Gains are measured, not estimated ([`fixes`](crate::insight::fixes)): each fix's
//! effect on the questions is worked out as a sheet decides them and the body
//! re-aggregated through the same plan, so `when`, N/A, the evidence rule, verification
//! and gates all count exactly as they do in a real score.

use serde::Serialize;

use crate::model::id::QualificationId;
use crate::model::instrument::{Question, QuestionKind};
use crate::model::submission::{AnswerValue, Submission};
use crate::score::card::{Body, Score, Scorecard};
use crate::score::plan::{Plan, PlannedParts};
use crate::score::ratio::Ratio;
use crate::text::decimal::parse_decimal;
use crate::text::language::Language;
use crate::text::problem::Report;

/// One body's explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Explanation {
    /// The body's scorecard as it stands.
    pub scorecard: Scorecard,
    /// Every question of the instrument that applies to the body, in order.
    pub questions: Vec<QuestionLine>,
    /// What to fix first, in order; each step applies one more fix.
    pub fixes: Vec<Fix>,
}

/// One question of the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct QuestionLine {
    /// The question's id.
    pub id: String,
    /// The question as asked.
    pub text: String,
    /// The answer as given (`N/A`, or empty when unanswered).
    pub answer: String,
    /// The verified score (0–100), `None` when left out.
    pub score: Option<Score>,
    /// The points of the final score (out of 100) this question carries: its weight's
    /// share of the final, exact.
    pub share: Option<Score>,
    /// The points of the final score it lost: share × (100 − score) / 100.
    pub lost: Option<Score>,
    /// When the question was not asked of the body because its `when` does not hold
    /// on an earlier answer: that earlier question's id (its own answer, if any, is
    /// then not scored). `None` when it was asked.
    pub not_asked_because: Option<String>,
}

/// One step of "what to fix first".
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Fix {
    /// The question to answer in full (with evidence where asked).
    pub question: String,
    /// Whether the answer needs its evidence (*data dukung*) to count.
    pub with_evidence: bool,
    /// The final-score points this fix gains, after the fixes before it.
    #[schemars(with = "crate::score::card::JsonScore")]
    pub gain: Score,
    /// The final score once this and every earlier fix are made.
    #[schemars(with = "crate::score::card::JsonScore")]
    pub final_score: Score,
    /// The qualification that final reaches.
    pub qualification: QualificationId,
    /// Questions this fix opens (their `when` now holds), answered in full with it: a
    /// `when` question's worth is what it unlocks.
    pub opens: Vec<String>,
    /// Stages whose gate this fix opens (the body can now take part: be visited).
    pub opens_gates: Vec<String>,
    /// The answer to give, as a sheet takes it and a person reads it: `ya`, a choice's
    /// option label, a checklist's item labels (`; ` between), a number.
    pub answer: String,
    /// The answer the body gave, the same way (`NA` for not applicable); `None` when
    /// unanswered. Equal to [`Fix::answer`] when only the evidence is missing or the
    /// verifier did not accept it.
    pub answer_now: Option<String>,
    /// Whether the question is yes/no (its answers are then `ya`/`tidak`, said
    /// `yes`/`no` in English).
    pub yes_no: bool,
}

impl Fix {
    /// The answer to give as a person of `language` writes it: `ya` is `yes` in
    /// English, a number has the decimal comma in Indonesian (`2,5`).
    pub fn answer_in(&self, language: Language) -> String {
        self.said(&self.answer, language)
    }

    /// The answer now, the same way; `None` when unanswered.
    pub fn answer_now_in(&self, language: Language) -> Option<String> {
        self.answer_now.as_deref().map(|a| self.said(a, language))
    }

    fn said(&self, answer: &str, language: Language) -> String {
        match (self.yes_no, answer, language) {
            (true, "ya", Language::English) => "yes".to_owned(),
            (true, "tidak", Language::English) => "no".to_owned(),
            (false, _, Language::Indonesian) if parse_decimal(answer).is_ok() => {
                answer.replace('.', ",")
            }
            _ => answer.to_owned(),
        }
    }

    /// The fix in English words, with the qualification called `qualification` (its
    /// name, where [`Display`](std::fmt::Display) gives its id):
    /// `JI04: answer "ya" with evidence (now unanswered): +1.60 → 81.10, Menuju Informatif`.
    pub fn describe(&self, qualification: &str) -> String {
        self.describe_in(Language::English, qualification)
    }

    /// The fix as advice in `language`: the answer to give and the answer now, then
    /// what it gains — `JI03: jawab "Setiap bulan" (sekarang "Setiap tahun"): +3,07 →
    /// 81,10, Menuju Informatif`.
    pub fn describe_in(&self, language: Language, qualification: &str) -> String {
        let l = language;
        let answer = self.answer_in(l);
        let now = self.answer_now_in(l);
        let mut text = format!("{}: ", self.question);
        match (&now, self.with_evidence) {
            // The right answer is there: what it lacks is its evidence, or the
            // verifier's acceptance.
            (Some(now), true) if *now == answer => text.push_str(&l.pick(
                format!("lampirkan data dukung untuk jawaban \"{answer}\""),
                format!("attach the evidence for the answer \"{answer}\""),
            )),
            (Some(now), false) if *now == answer => text.push_str(&l.pick(
                format!("pastikan jawaban \"{answer}\" diterima verifikator"),
                format!("have the answer \"{answer}\" accepted by the verifier"),
            )),
            _ => {
                let with = match self.with_evidence {
                    true => l.pick(" dengan data dukung", " with evidence"),
                    false => "",
                };
                let now = match &now {
                    Some(now) => l.pick(format!("sekarang \"{now}\""), format!("now \"{now}\"")),
                    None => l
                        .pick("sekarang belum dijawab", "now unanswered")
                        .to_owned(),
                };
                text.push_str(&l.pick(
                    format!("jawab \"{answer}\"{with} ({now})"),
                    format!("answer \"{answer}\"{with} ({now})"),
                ));
            }
        }
        if !self.opens.is_empty() {
            text.push_str(&l.pick(
                format!(
                    ", serta pertanyaan yang dibukanya ({})",
                    self.opens.join(", ")
                ),
                format!(", and the questions it opens ({})", self.opens.join(", ")),
            ));
        }
        let number = |d: rust_decimal::Decimal| match l {
            Language::Indonesian => d.to_string().replace('.', ","),
            _ => d.to_string(),
        };
        text.push_str(&format!(
            ": +{} → {}, {qualification}",
            number(self.gain.rounded()),
            number(self.final_score.rounded())
        ));
        for stage in &self.opens_gates {
            text.push_str(&l.pick(
                format!("; membuka gerbang tahap `{stage}`"),
                format!("; opens the `{stage}` gate"),
            ));
        }
        text
    }
}

impl std::fmt::Display for Fix {
    /// `answer JI04 with evidence: +1.60 → 81.10, menuju_informatif`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe(&self.qualification))
    }
}

impl Plan {
    /// Explains one body's score (*rekomendasi*): every question with its answer, score,
    /// share of the final and points lost, then what to fix first. Gains are measured
    /// through the same plan, so `when`, N/A, evidence, verification and gates count
    /// exactly as in a real score, in time linear in the instrument for most fixes.
    ///
    /// ```
    /// use kip_index::{Body, Instrument, Plan, Submission};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let submission = Submission::from_json(r#"{ "instrument": "monev-kip-2025",
    ///   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
    ///   "answers": { "JI01": { "value": true } } }"#)?;
    /// let explanation = plan.explain(&Body::new(&submission))?;
    /// // JI01 lacks its evidence: adding it is one of the fixes, and every fix gains.
    /// assert!(explanation.fixes.iter().any(|f| f.question == "JI01"));
    /// assert!(explanation.fixes.iter().all(|f| f.gain.exact() > kip_index::Ratio::ZERO));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(&self, body: &Body<'_>) -> Result<Explanation, Report> {
        let scorecard = self.score(body)?;
        let questions = self.question_lines(body, &scorecard)?;
        let fixes = self.fixes(body, &scorecard, &questions)?;
        Ok(Explanation {
            scorecard,
            questions,
            fixes,
        })
    }

    pub(crate) fn question_lines(
        &self,
        body: &Body<'_>,
        card: &Scorecard,
    ) -> Result<Vec<QuestionLine>, Report> {
        let mut sheets = Vec::with_capacity(body.submissions.len());
        for s in &body.submissions {
            sheets.push(self.sheet(s)?);
        }
        let refs: Vec<&crate::score::sheet::Sheet> = sheets.iter().collect();
        let mut scratch = crate::score::card::Diagnostics::default();
        let scores = self
            .question_scores(&refs, body.verification, &mut scratch)
            .map_err(Report::from)?;
        let verified: Vec<Option<Ratio>> = scores.iter().map(|q| q.verified).collect();
        let (indicators, _) = self.aggregate(&verified).map_err(Report::from)?;
        let shares = self.indicator_shares(&indicators).map_err(Report::from)?;
        let decimals = self.instrument.decimals;
        let final_factor = self.questionnaire_factor(card);
        let category = body
            .submissions
            .first()
            .and_then(|s| s.agency.category.as_deref());
        // Which questions the (first) rater was asked.
        let (open, _) = self.shown(body.submissions.first().copied());
        let mut lines = Vec::new();
        for (indicator, leaf_share) in self.indicators.iter().zip(&shares) {
            let PlannedParts::Questions(range) = &indicator.parts else {
                continue;
            };
            let included: Ratio = range
                .clone()
                .filter(|&q| verified.get(q).copied().flatten().is_some())
                .filter_map(|q| self.questions.get(q).map(|p| p.weight))
                .try_fold(Ratio::ZERO, |s, w| s.checked_add(w))
                // Weights that do not add up exactly are an arithmetic problem, not
                // shares of zero.
                .ok_or_else(|| Report::from(crate::score::ratio::overflow()))?;
            for q in range.clone() {
                let (Some(planned), Some(definition)) =
                    (self.questions.get(q), self.question_defs.get(q))
                else {
                    continue;
                };
                let applies = crate::score::when::applies(&planned.categories, category);
                if !applies {
                    continue;
                }
                let score = verified.get(q).copied().flatten();
                let share = match (score, leaf_share) {
                    (Some(_), Some(leaf)) if !included.is_zero() => leaf
                        .checked_mul(planned.weight)
                        .and_then(|x| x.checked_div(included))
                        .and_then(|x| x.checked_mul(final_factor)),
                    _ => None,
                };
                let lost = share.zip(score).and_then(|(share, score)| {
                    Ratio::HUNDRED
                        .checked_sub(score)?
                        .checked_mul(share)?
                        .checked_div(Ratio::HUNDRED)
                });
                let round = |r: Option<Ratio>| r.and_then(|r| Score::new(r, decimals).ok());
                lines.push(QuestionLine {
                    id: definition.id.clone(),
                    text: definition.text.clone(),
                    answer: answer_text(body, definition),
                    score: round(score),
                    share: round(share),
                    lost: round(lost),
                    not_asked_because: match (open.get(q), &definition.when) {
                        (Some(false), Some(when)) => Some(when.question.clone()),
                        _ => None,
                    },
                });
            }
        }
        Ok(lines)
    }

    /// The questionnaire stage's weight over what the final is divided by: the weight of
    /// the stages that count for the body (`Plan::counted_weight`: 100 when every absent
    /// stage counts 0).
    fn questionnaire_factor(&self, card: &Scorecard) -> Ratio {
        let present = |k: usize| card.stages.get(k).is_some_and(|r| r.score.is_some());
        let questionnaire = (self.stages.iter().enumerate())
            .find(|(k, planned)| planned.questionnaire && present(*k))
            .map_or(Ratio::ZERO, |(_, planned)| planned.weight);
        let whole = self.counted_weight(present);
        questionnaire.checked_div(whole).unwrap_or(Ratio::ZERO)
    }

    /// The ids of the questions asked of a submission, in order: those whose category
    /// applies to its agency and whose `when` holds on its answers (a form shows these).
    ///
    /// ```
    /// use kip_index::{Instrument, Plan, Submission};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let no = Submission::from_json(r#"{"instrument": "monev-kip-2025",
    ///   "agency": {"id": "3673", "name": "Kota Serang", "category": "pemkot"},
    ///   "answers": {"JI05": {"value": false}}}"#)?;
    /// let open = plan.open_questions(&no);
    /// // JI06 and JI07 are asked only when JI05 is answered yes.
    /// assert!(open.contains(&"JI05") && !open.contains(&"JI06") && !open.contains(&"JI07"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open_questions<'a>(&'a self, submission: &Submission) -> Vec<&'a str> {
        let (open, _) = self.shown(Some(submission));
        self.questions
            .iter()
            .zip(open)
            .filter(|(_, open)| *open)
            .map(|(q, _)| &*q.id)
            .collect()
    }
}

/// An answer as a sheet takes it and a person reads it: `ya`/`tidak`, an option's
/// label, checklist item labels, a number.
pub(crate) fn said(question: &Question, value: &AnswerValue) -> String {
    match (&question.kind, value) {
        (_, AnswerValue::Bool(true)) => "ya".to_owned(),
        (_, AnswerValue::Bool(false)) => "tidak".to_owned(),
        (QuestionKind::Choice { options }, AnswerValue::Text(id)) => options
            .iter()
            .find(|o| o.id == *id)
            .map_or(id.clone(), |o| o.label.clone()),
        // None chosen: a checklist's `-`.
        (QuestionKind::Checklist { .. }, AnswerValue::List(ids)) if ids.is_empty() => {
            "-".to_owned()
        }
        (QuestionKind::Checklist { items }, AnswerValue::List(ids)) => ids
            .iter()
            .map(|id| {
                items
                    .iter()
                    .find(|i| i.id == *id)
                    .map_or(id.clone(), |i| i.label.clone())
            })
            .collect::<Vec<_>>()
            .join("; "),
        (_, AnswerValue::Number(n)) => n.to_string(),
        (_, AnswerValue::Text(t)) => t.clone(),
        (_, AnswerValue::List(items)) => items.join("; "),
    }
}

/// The answer as given, for people: as [`said`] words it (`ya`, an option's label), `NA`,
/// or empty when unanswered; several raters' answers between ` | `.
fn answer_text(body: &Body<'_>, question: &Question) -> String {
    let answers: Vec<String> = body
        .submissions
        .iter()
        .map(|s| match s.answers.get(&question.id) {
            None => String::new(),
            Some(a) if a.na => "NA".to_owned(),
            Some(a) => a
                .value
                .as_ref()
                .map_or(String::new(), |v| said(question, v)),
        })
        .collect();
    match answers.as_slice() {
        [one] => one.clone(),
        several => several.join(" | "),
    }
}
