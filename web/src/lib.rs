//! # kip-web
//!
//! kip-index in the browser: the library's exact scorer compiled to WebAssembly, with no
//! threads and no files (the library without its default features). `web/build.sh`
//! turns it into `web/dist/`, where `kip.js` is the ES module a portal imports and
//! `index.html` the SAQ page.
//!
//! Every export takes and returns JSON text, so that what crosses into JavaScript is
//! what the command line reads and writes:
//!
//! - [`validate_inputs`]: every problem in a batch's texts, as `kip validate` finds them;
//! - [`score_inputs`]: the results JSON of `kip score --format json`, byte for byte;
//! - [`Questionnaire`]: one instrument planned once, then one body's answers scored on
//!   every change (the score, the qualification, each indicator, which questions are
//!   asked) and explained ("what to fix first").
//!
//! The functions below are plain Rust, tested natively; the `#[wasm_bindgen]` wrappers
//! only turn an `Err` into a thrown JavaScript string.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

use kip_index::{BatchTexts, Body, Instrument, NamedText, Plan, Problem, Report, Submission};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A batch's inputs as the JavaScript side hands them over: each file's name and text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    /// The instrument.
    pub instrument: Input,
    /// Submission files.
    #[serde(default)]
    pub submissions: Vec<Input>,
    /// Verification files.
    #[serde(default)]
    pub verification: Vec<Input>,
    /// Stage-score files.
    #[serde(default, rename = "stage-scores")]
    pub stage_scores: Vec<Input>,
    /// Rosters.
    #[serde(default)]
    pub roster: Vec<Input>,
    /// No stage scores are meant to be given (`--without-stage-scores`).
    #[serde(default, rename = "without-stage-scores")]
    pub without_stage_scores: bool,
}

/// One input file: the name its problems carry, and its text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// The name (`submissions`, or a file name whose extension gives the framing).
    pub name: String,
    /// The text.
    pub text: String,
}

fn named(inputs: &[Input]) -> Vec<NamedText<'_>> {
    inputs
        .iter()
        .map(|i| NamedText::new(&i.name, &i.text))
        .collect()
}

impl Inputs {
    fn texts(&self) -> BatchTexts<'_> {
        BatchTexts {
            submissions: named(&self.submissions),
            verifications: named(&self.verification),
            stage_scores: named(&self.stage_scores),
            rosters: named(&self.roster),
            without_stage_scores: self.without_stage_scores,
            ..BatchTexts::new(NamedText::new(&self.instrument.name, &self.instrument.text))
        }
    }
}

/// A problem as JavaScript receives it: every field present (`null` when unknown).
#[derive(Debug, Serialize)]
struct JsProblem<'a> {
    file: Option<&'a str>,
    /// The record's line in a JSON Lines or CSV file.
    record: Option<usize>,
    path: &'a str,
    /// The line in the whole text (a JSON Lines record's line plus the line within it).
    line: Option<usize>,
    column: Option<usize>,
    kind: kip_index::ProblemKind,
    message: &'a str,
}

impl<'a> From<&'a Problem> for JsProblem<'a> {
    fn from(p: &'a Problem) -> Self {
        JsProblem {
            file: p.file.as_deref(),
            record: p.record,
            path: &p.path,
            line: match (p.record, p.position) {
                (Some(record), Some(at)) => Some(record + at.line.saturating_sub(1)),
                (None, Some(at)) => Some(at.line),
                (record, None) => record,
            },
            column: p.position.map(|p| p.column),
            kind: p.kind(),
            message: &p.message,
        }
    }
}

/// The problems as a JSON array `[{file, record, path, line, column, kind, message}]`.
pub fn problems_json(report: &Report) -> String {
    let problems: Vec<JsProblem> = report.iter().map(JsProblem::from).collect();
    serde_json::to_string(&problems).unwrap_or_else(|_| "[]".to_owned())
}

/// Inputs that are not the JSON the JavaScript side should send: one problem.
fn bad_inputs(error: &serde_json::Error) -> Report {
    Report::from(Problem::new(
        kip_index::ProblemKind::Syntax,
        "",
        format!(
            "expected the inputs as {{instrument: {{name, text}}, submissions: [...], ...}}, found {error}"
        ),
    ))
}

/// Every problem in the inputs (JSON: [`Inputs`]), as a JSON array of problems; `[]`
/// when all is well.
pub fn validate_inputs(inputs: &str) -> String {
    match serde_json::from_str::<Inputs>(inputs) {
        Ok(inputs) => problems_json(&inputs.texts().validate()),
        Err(e) => problems_json(&bad_inputs(&e)),
    }
}

/// The batch scored: the results JSON of `kip score --format json`, or the problems (a
/// JSON array) that stop the run.
pub fn score_inputs(inputs: &str) -> Result<String, String> {
    let inputs =
        serde_json::from_str::<Inputs>(inputs).map_err(|e| problems_json(&bad_inputs(&e)))?;
    let results = inputs.texts().score().map_err(|r| problems_json(&r))?;
    Ok(results.to_json())
}

/// `validate_inputs` for JavaScript.
#[wasm_bindgen(js_name = validateInputs)]
pub fn validate_inputs_js(inputs: &str) -> String {
    validate_inputs(inputs)
}

/// `score_inputs` for JavaScript: throws the problems' JSON text.
#[wasm_bindgen(js_name = scoreInputs)]
pub fn score_inputs_js(inputs: &str) -> Result<String, JsValue> {
    score_inputs(inputs).map_err(|e| JsValue::from_str(&e))
}

/// An instrument planned once, for scoring one body's answers as they change (the SAQ
/// page).
#[wasm_bindgen]
pub struct Questionnaire {
    plan: Plan,
}

/// One body's answers as they stand: what the page shows.
#[derive(Debug, Serialize)]
struct Evaluation<'a> {
    /// The questions asked (their category applies and their `when` holds), in order.
    open: Vec<&'a str>,
    /// Every problem in the answers; no score while there is one.
    problems: Vec<JsProblem<'a>>,
    /// The body's scorecard, as in the results JSON.
    scorecard: Option<kip_index::Scorecard>,
}

impl Questionnaire {
    /// Plans an instrument; its problems (JSON array) when it cannot be scored.
    pub fn open(instrument: &str) -> Result<Questionnaire, String> {
        let input = NamedText::new("instrument", instrument);
        let plan = kip_index::plan_of(input).map_err(|r| problems_json(&r))?;
        Ok(Questionnaire { plan })
    }

    fn instrument(&self) -> &Instrument {
        self.plan.instrument()
    }

    /// One submission's evaluation as JSON: `{open, problems, scorecard}`.
    pub fn evaluate(&self, submission: &str) -> String {
        let read = Submission::from_json(submission);
        let Ok(s) = &read else {
            return evaluation(
                Vec::new(),
                read.as_ref().err().unwrap_or(&Report::new()),
                None,
            );
        };
        let open = self.plan.open_questions(s);
        let report = self.instrument().check_submission(s);
        if !report.is_empty() {
            return evaluation(open, &report, None);
        }
        match self.plan.score(&Body::new(s)) {
            Ok(card) => evaluation(open, &report, Some(card)),
            Err(report) => evaluation(open, &report, None),
        }
    }

    /// What to fix first for one submission, as JSON: `[{question, text, with_evidence,
    /// gain, final, qualification, qualification_name, opens, opens_gates}]`, or the
    /// problems (JSON array) that stop it.
    pub fn fixes(&self, submission: &str) -> Result<String, String> {
        let s = Submission::from_json(submission).map_err(|r| problems_json(&r))?;
        let explanation = self
            .plan
            .explain(&Body::new(&s))
            .map_err(|r| problems_json(&r))?;
        let text_of = |id: &str| {
            explanation
                .questions
                .iter()
                .find(|q| q.id == id)
                .map(|q| q.text.as_str())
        };
        let name_of = |id: &str| {
            self.instrument()
                .qualifications
                .iter()
                .find(|q| q.id == id)
                .map(|q| q.name.as_str())
        };
        let fixes: Vec<FixLine> = explanation
            .fixes
            .iter()
            .map(|f| FixLine {
                question: &f.question,
                text: text_of(&f.question),
                with_evidence: f.with_evidence,
                gain: f.gain,
                final_score: f.final_score,
                qualification: &f.qualification,
                qualification_name: name_of(&f.qualification),
                opens: &f.opens,
                opens_gates: &f.opens_gates,
            })
            .collect();
        serde_json::to_string(&fixes).map_err(|e| e.to_string())
    }
}

/// One step of "what to fix first", with the question's text and the qualification's
/// name beside their ids.
#[derive(Serialize)]
struct FixLine<'a> {
    question: &'a str,
    text: Option<&'a str>,
    with_evidence: bool,
    gain: kip_index::Score,
    #[serde(rename = "final")]
    final_score: kip_index::Score,
    qualification: &'a str,
    qualification_name: Option<&'a str>,
    opens: &'a [String],
    opens_gates: &'a [String],
}

fn evaluation(open: Vec<&str>, report: &Report, scorecard: Option<kip_index::Scorecard>) -> String {
    let evaluation = Evaluation {
        open,
        problems: report.iter().map(JsProblem::from).collect(),
        scorecard,
    };
    serde_json::to_string(&evaluation).unwrap_or_else(|_| "{}".to_owned())
}

#[wasm_bindgen]
impl Questionnaire {
    /// Plans an instrument (JSON text); throws its problems' JSON text when it cannot be
    /// scored.
    #[wasm_bindgen(constructor)]
    pub fn new(instrument: &str) -> Result<Questionnaire, JsValue> {
        Questionnaire::open(instrument).map_err(|e| JsValue::from_str(&e))
    }

    /// The instrument as read, every default written out (JSON), for drawing the form.
    #[wasm_bindgen(js_name = instrumentJson)]
    pub fn instrument_json(&self) -> String {
        serde_json::to_string(self.instrument()).unwrap_or_default()
    }

    /// `evaluate` for JavaScript.
    #[wasm_bindgen(js_name = evaluate)]
    pub fn evaluate_js(&self, submission: &str) -> String {
        self.evaluate(submission)
    }

    /// `fixes` for JavaScript: throws the problems' JSON text.
    #[wasm_bindgen(js_name = fixes)]
    pub fn fixes_js(&self, submission: &str) -> Result<String, JsValue> {
        self.fixes(submission).map_err(|e| JsValue::from_str(&e))
    }
}
