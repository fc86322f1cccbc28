//! One body's questionnaire (SAQ) as it is being filled: what the page and the Python
//! package show beside each answer — the questions asked, every problem, the scorecard
//! and outlook, and what to fix first with each question's text and each
//! qualification's name. In flat shapes other languages read as they are (JSON through
//! serde): the edges serialize them, none assembles them.

use serde::Serialize;

use crate::insight::outlook::Outlook;
use crate::model::id::QualificationId;
use crate::model::submission::Submission;
use crate::score::card::{Body, Score, Scorecard};
use crate::score::plan::Plan;
use crate::text::language::Language;
use crate::text::problem::{ProblemRow, Report};

/// One body's answers as they stand ([`Plan::evaluate`]).
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Evaluation {
    /// The questions asked (their category applies and their `when` holds), in order;
    /// `None` while the answers cannot be read (then every question is shown).
    pub open: Option<Vec<String>>,
    /// Every problem in the answers, messages in the language asked for; no score while
    /// there is one.
    pub problems: Vec<ProblemRow>,
    /// The body's scorecard, as in the results JSON.
    pub scorecard: Option<Scorecard>,
    /// What the body can know from its answers: its SAQ score and the qualification it
    /// alone falls in, and the final with the later stages between 0 and 100.
    pub outlook: Option<Outlook>,
    /// Each gated stage: its rule in the language asked for, and whether the body's
    /// scores reach it — `None` while that depends on the other bodies (a rank gate:
    /// one body cannot know its rank).
    pub gates: Vec<GateLine>,
}

/// One gated stage as the SAQ page states it.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct GateLine {
    /// The stage's id.
    pub stage: String,
    /// The stage's name.
    pub name: String,
    /// The gate's rule in words (`10 besar SAQ dalam kategori`).
    pub rule: String,
    /// Whether the body's scores reach it: `Some(true)` / `Some(false)`, or `None` when
    /// it depends on the other bodies.
    pub reached: Option<bool>,
}

/// One step of "what to fix first" ([`Plan::fix_lines`]), with the question's text and
/// the qualification's name beside their ids, and the advice as a sentence.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct FixLine {
    /// The question to answer in full.
    pub question: String,
    /// Its text, as the instrument words it.
    pub text: Option<String>,
    /// Whether the answer needs its evidence (*data dukung*) to count.
    pub with_evidence: bool,
    /// The final-score points this fix gains, after the fixes before it.
    pub gain: Score,
    /// The final once this and every earlier fix are made.
    #[serde(rename = "final")]
    pub final_score: Score,
    /// The qualification that final reaches.
    pub qualification: QualificationId,
    /// Its name (*Informatif*).
    pub qualification_name: Option<String>,
    /// Questions this fix opens (their `when` now holds).
    pub opens: Vec<String>,
    /// Stages whose gate this fix opens.
    pub opens_gates: Vec<String>,
    /// The fix as advice in the language asked for: the answer to give and the answer
    /// now, and what it gains.
    pub advice: String,
}

impl Plan {
    /// One submission's answers (its JSON text) as they stand, with messages in
    /// `language`: the questions asked, every problem (the answers that cannot be read,
    /// or that break the instrument's rules), and — when there is none — the scorecard
    /// and the outlook.
    ///
    /// ```
    /// use kip_index::{Language, Plan};
    ///
    /// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
    /// let plan = Plan::new(&instrument.parse()?)?;
    /// let kabkota =
    ///     std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let first = kabkota.lines().next().unwrap_or_default();
    /// let evaluation = plan.evaluate(first, Language::Indonesian);
    /// assert!(evaluation.problems.is_empty(), "{:?}", evaluation.problems);
    /// assert!(evaluation.scorecard.is_some());
    /// let broken = plan.evaluate("{", Language::English);
    /// assert_eq!(broken.open, None);
    /// assert!(broken.problems[0].message.contains("expected"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate(&self, submission: &str, language: Language) -> Evaluation {
        let rows = |report: &Report| report.iter().map(|p| p.row(language)).collect();
        let submission = match Submission::from_json(submission) {
            Ok(submission) => submission,
            Err(report) => {
                return Evaluation {
                    open: None,
                    problems: rows(&report),
                    scorecard: None,
                    outlook: None,
                    gates: Vec::new(),
                };
            }
        };
        let open = self.open_questions(&submission);
        let mut evaluation = Evaluation {
            open: Some(open.into_iter().map(str::to_owned).collect()),
            problems: Vec::new(),
            scorecard: None,
            outlook: None,
            gates: Vec::new(),
        };
        let report = self.instrument().check_submission(&submission);
        if !report.is_empty() {
            evaluation.problems = rows(&report);
            return evaluation;
        }
        let body = Body::new(&submission);
        match self.score(&body) {
            Ok(card) => {
                evaluation.outlook = self.outlook(&body).ok();
                evaluation.gates = self.gate_lines(&card, language);
                evaluation.scorecard = Some(card);
            }
            Err(report) => evaluation.problems = rows(&report),
        }
        evaluation
    }

    /// Each gated stage's rule and whether `card`'s scores reach it, the body alone.
    fn gate_lines(&self, card: &Scorecard, language: Language) -> Vec<GateLine> {
        let instrument = self.instrument();
        let rounded = |k: usize| {
            (card.stages.get(k))
                .and_then(|s| s.score)
                .map(|s| s.rounded())
        };
        (instrument.stages.iter().enumerate())
            .filter_map(|(k, stage)| {
                let gate = stage.requires.as_ref()?;
                // The later stages are still to come: a condition on one cannot be told yet.
                let pending = |j: usize| instrument.stages.get(j).is_some_and(|s| !s.questionnaire);
                let reached = match self.verdict_alone(k, &card.agency, &rounded, &pending)? {
                    crate::score::gates::Verdict::Pass => Some(true),
                    crate::score::gates::Verdict::Fail { .. } => Some(false),
                    crate::score::gates::Verdict::Unknown => None,
                };
                Some(GateLine {
                    stage: stage.id.clone(),
                    name: stage.name.clone(),
                    rule: gate.rule(instrument, language),
                    reached,
                })
            })
            .collect()
    }

    /// What to fix first for one submission (its JSON text), each step with its
    /// question's text, its qualification's name and its advice in `language`; or the
    /// problems that stop it.
    pub fn fix_lines(&self, submission: &str, language: Language) -> Result<Vec<FixLine>, Report> {
        let submission = Submission::from_json(submission)?;
        let explanation = self.explain(&Body::new(&submission))?;
        // Each question's text, found once (a search per fix would be quadratic on a
        // large instrument).
        let texts: std::collections::HashMap<&str, &str> = (explanation.questions.iter())
            .map(|q| (q.id.as_str(), q.text.as_str()))
            .collect();
        let name_of = |id: &str| {
            self.instrument()
                .qualifications
                .iter()
                .find(|q| q.id == id)
                .map(|q| q.name.as_str())
        };
        Ok(explanation
            .fixes
            .iter()
            .map(|f| FixLine {
                question: f.question.clone(),
                text: texts.get(f.question.as_str()).map(|t| (*t).to_owned()),
                with_evidence: f.with_evidence,
                gain: f.gain,
                final_score: f.final_score,
                qualification: f.qualification.clone(),
                qualification_name: name_of(&f.qualification).map(str::to_owned),
                opens: f.opens.clone(),
                opens_gates: f.opens_gates.clone(),
                advice: f.describe_in(
                    language,
                    name_of(&f.qualification).unwrap_or(&f.qualification),
                ),
            })
            .collect())
    }
}
