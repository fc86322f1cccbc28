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
//! - [`score_files`]: the same from the files' bytes, each file's role told from its
//!   content, workbooks (`.xlsx`) included;
//! - [`cards_inputs`]: every scored body's report card (*rapor*), as `kip cards -o
//!   cards.json` writes them;
//! - [`Questionnaire`]: one instrument planned once, then one body's answers scored on
//!   every change (the score, the qualification, each indicator, which questions are
//!   asked) and explained ("what to fix first").
//!
//! The functions below are plain Rust, tested natively; the `#[wasm_bindgen]` wrappers
//! only turn an `Err` into a thrown JavaScript string.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod progress;
mod workbench;

use kip_index::{
    BatchTexts, Body, DecimalMark, InputRole, Instrument, Language, NamedText, Plan, Problem,
    Report, StageScore, Submission,
};
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
    /// A missing answer rejects its body instead of counting 0 (`--strict`).
    #[serde(default)]
    pub strict: bool,
    /// The language of the messages: `id` (the default) or `en` (`--lang`).
    #[serde(default)]
    pub lang: Option<String>,
    /// For [`cards_inputs`]: only these bodies' cards (`--agency`); every scored body's
    /// when empty.
    #[serde(default)]
    pub agencies: Vec<String>,
}

/// The language a code names; Indonesian for none or an unknown one.
pub(crate) fn language(code: Option<&str>) -> Language {
    code.and_then(Language::from_code).unwrap_or_default()
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
        let mut texts =
            BatchTexts::new(NamedText::new(&self.instrument.name, &self.instrument.text));
        texts.submissions = named(&self.submissions);
        texts.verification = named(&self.verification);
        texts.stage_scores = named(&self.stage_scores);
        texts.roster = named(&self.roster);
        texts.without_stage_scores = self.without_stage_scores;
        texts.strict = self.strict;
        texts
    }
}

/// The problems as a JSON array `[{file, record, path, line, column, kind, message}]`,
/// messages in `language`.
pub fn problems_json(report: &Report, language: Language) -> String {
    let problems: Vec<kip_index::ProblemRow> = report.iter().map(|p| p.row(language)).collect();
    serde_json::to_string(&problems).unwrap_or_else(|_| "[]".to_owned())
}

/// Inputs that are not the JSON the JavaScript side should send: one problem.
pub(crate) fn bad_inputs(error: &serde_json::Error) -> Report {
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
        Ok(inputs) => problems_json(&inputs.texts().validate(), language(inputs.lang.as_deref())),
        Err(e) => problems_json(&bad_inputs(&e), Language::default()),
    }
}

/// The batch scored: the results JSON of `kip score --format json`, or the problems (a
/// JSON array) that stop the run.
pub fn score_inputs(inputs: &str) -> Result<String, String> {
    let inputs = serde_json::from_str::<Inputs>(inputs)
        .map_err(|e| problems_json(&bad_inputs(&e), Language::default()))?;
    let language = language(inputs.lang.as_deref());
    let mut results = inputs
        .texts()
        .score()
        .map_err(|r| problems_json(&r, language))?;
    results.language = language;
    Ok(results.to_json())
}

/// The report card (*rapor*) of every scored body, as `kip cards -o cards.json` writes
/// them: `{"cards": [card, ...], "failed": [{"agency", "problems"}]}` (the cards in rank
/// order, each following `report-card.schema.json`), or the problems (a JSON array)
/// that stop the run.
pub fn cards_inputs(inputs: &str) -> Result<String, String> {
    let inputs = serde_json::from_str::<Inputs>(inputs)
        .map_err(|e| problems_json(&bad_inputs(&e), Language::default()))?;
    let language = language(inputs.lang.as_deref());
    let wanted: Option<std::collections::BTreeSet<String>> =
        (!inputs.agencies.is_empty()).then(|| inputs.agencies.iter().cloned().collect());
    let (_, made) = inputs
        .texts()
        .report_cards(wanted.as_ref(), language)
        .map_err(|r| problems_json(&r, language))?;
    // Serialized straight to text, not through `serde_json::Value`: the cards'
    // decimals stay numbers with their digits (`96.30`), as `kip cards` writes them.
    #[derive(Serialize)]
    struct Failed {
        agency: String,
        problems: Box<serde_json::value::RawValue>,
    }
    #[derive(Serialize)]
    struct Made {
        cards: Vec<kip_index::ReportCard>,
        failed: Vec<Failed>,
    }
    let mut out = Made {
        cards: Vec::new(),
        failed: Vec::new(),
    };
    for (agency, card) in made {
        match card {
            Ok(card) => out.cards.push(card),
            Err(report) => out.failed.push(Failed {
                agency,
                problems: serde_json::value::RawValue::from_string(problems_json(
                    &report, language,
                ))
                .map_err(|e| e.to_string())?,
            }),
        }
    }
    serde_json::to_string(&out).map_err(|e| e.to_string())
}

pub use progress::ProgressBench;
pub use workbench::{FileEntry, Files, Progress, PublishOptions, Workbench, check_files};

/// The batch scored from its files' bytes, as `kip score --format json` scores the same
/// files: the results JSON text, or the problems (a JSON array) that stop the run. The
/// files follow one another in `bytes`, as `manifest` ([`Files`]) says; a workbook
/// (`.xlsx`) is read as `kip score` reads it, its problems naming their cells.
pub fn score_files(manifest: &str, bytes: &[u8]) -> Result<String, String> {
    Workbench::open(manifest, bytes.to_vec(), &mut |_| {}).map(|w| w.results_json())
}

/// A file's role in a batch told from its bytes ([`InputRole::detect`]): `instrument`,
/// `submissions`, `verification`, `stage-scores`, `roster`, or `""` when nothing tells.
#[wasm_bindgen(js_name = detectRole)]
pub fn detect_role(bytes: &[u8]) -> String {
    InputRole::detect(bytes).map_or(String::new(), |r| r.name().to_owned())
}

/// `score_files` for JavaScript: throws the problems' JSON text.
#[wasm_bindgen(js_name = scoreFiles)]
pub fn score_files_js(manifest: &str, bytes: &[u8]) -> Result<String, JsValue> {
    score_files(manifest, bytes).map_err(|e| JsValue::from_str(&e))
}

/// Each file's problems before scoring ([`check_files`]), as JSON text.
#[wasm_bindgen(js_name = checkFiles)]
pub fn check_files_js(manifest: &str, bytes: &[u8]) -> Result<String, JsValue> {
    check_files(manifest, bytes).map_err(|e| JsValue::from_str(&e))
}

/// Participation read once from the files, for the *Kemajuan* tab: its JSON and every
/// download of `kip progress`.
#[wasm_bindgen(js_name = ProgressBench)]
pub struct JsProgressBench(ProgressBench);

#[wasm_bindgen(js_class = ProgressBench)]
impl JsProgressBench {
    /// [`ProgressBench::open`]; throws the problems' JSON text.
    pub fn open(manifest: &str, bytes: &[u8]) -> Result<JsProgressBench, JsValue> {
        ProgressBench::open(manifest, bytes)
            .map(JsProgressBench)
            .map_err(|e| JsValue::from_str(&e))
    }

    /// [`ProgressBench::json`].
    pub fn json(&self) -> String {
        self.0.json()
    }

    /// [`ProgressBench::csv`].
    pub fn csv(&self, style: &str) -> String {
        self.0.csv(style)
    }

    /// [`ProgressBench::workbook`].
    pub fn workbook(&self) -> Result<Vec<u8>, JsValue> {
        self.0.workbook().map_err(|e| JsValue::from_str(&e))
    }

    /// [`ProgressBench::pages`], the options as JSON text.
    pub fn pages(&self, options: &str, logo: &[u8]) -> Result<String, JsValue> {
        let options = PublishOptions::from_json(options).map_err(|e| JsValue::from_str(&e))?;
        self.0
            .pages(&options, logo)
            .map_err(|e| JsValue::from_str(&e))
    }
}

/// A Monev scored once, for the page's worker: the results and every download.
#[wasm_bindgen(js_name = Workbench)]
pub struct JsWorkbench(Workbench);

#[wasm_bindgen(js_class = Workbench)]
impl JsWorkbench {
    /// [`Workbench::open`]; `progress` (a function, or `undefined`) is called with
    /// `{phase, done, total}` as the submissions are read and once scored.
    pub fn open(
        manifest: &str,
        bytes: Vec<u8>,
        progress: Option<js_sys::Function>,
    ) -> Result<JsWorkbench, JsValue> {
        let mut report = |p: Progress| {
            if let Some(f) = &progress {
                let value = serde_json::to_string(&p).unwrap_or_default();
                let _ = f.call1(&JsValue::NULL, &JsValue::from_str(&value));
            }
        };
        Workbench::open(manifest, bytes, &mut report)
            .map(JsWorkbench)
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The results JSON of `kip score --format json`.
    #[wasm_bindgen(js_name = resultsJson)]
    pub fn results_json(&self) -> String {
        self.0.results_json()
    }

    /// The results as CSV (`id`: Excel set to Indonesian; otherwise `,` and a point).
    pub fn csv(&self, style: &str) -> String {
        self.0.csv(style)
    }

    /// The results workbook (`.xlsx` bytes); `options` JSON ([`PublishOptions`]).
    pub fn workbook(&self, options: &str, logo: &[u8]) -> Result<Vec<u8>, JsValue> {
        PublishOptions::from_json(options)
            .and_then(|o| self.0.workbook(&o, logo))
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The HTML report.
    pub fn report(&self, options: &str, logo: &[u8]) -> Result<String, JsValue> {
        PublishOptions::from_json(options)
            .and_then(|o| self.0.report(&o, logo))
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The report cards, one printable document.
    pub fn cards(&self, options: &str, logo: &[u8]) -> Result<String, JsValue> {
        PublishOptions::from_json(options)
            .and_then(|o| self.0.cards(&o, logo))
            .map_err(|e| JsValue::from_str(&e))
    }

    /// The fill-in template workbook for the instrument (`kip template`).
    pub fn template(&self, options: &str) -> Result<Vec<u8>, JsValue> {
        PublishOptions::from_json(options)
            .and_then(|o| self.0.template(&o))
            .map_err(|e| JsValue::from_str(&e))
    }
}

/// `cards_inputs` for JavaScript: throws the problems' JSON text.
#[wasm_bindgen(js_name = cardsInputs)]
pub fn cards_inputs_js(inputs: &str) -> Result<String, JsValue> {
    cards_inputs(inputs).map_err(|e| JsValue::from_str(&e))
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
    language: Language,
}

impl Questionnaire {
    /// Plans an instrument; its problems (JSON array) when it cannot be scored.
    pub fn open(instrument: &str) -> Result<Questionnaire, String> {
        let input = NamedText::new("instrument", instrument);
        let plan = kip_index::plan_of(input).map_err(|r| problems_json(&r, Language::default()))?;
        Ok(Questionnaire {
            plan,
            language: Language::default(),
        })
    }

    /// Sets the language of the messages and advice (`id`, the default, or `en`).
    pub fn set_language(&mut self, code: &str) {
        self.language = language(Some(code));
    }

    fn instrument(&self) -> &Instrument {
        self.plan.instrument()
    }

    /// One submission's evaluation as JSON ([`Plan::evaluate`]): `{open, problems,
    /// scorecard, outlook}`.
    pub fn evaluate(&self, submission: &str) -> String {
        let evaluation = self.plan.evaluate(submission, self.language);
        serde_json::to_string(&evaluation).unwrap_or_else(|_| "{}".to_owned())
    }

    /// The final the answers reach with later-stage scores tried (`{"visitasi":
    /// "85"}`), as JSON `{final, qualification}`; or the problems that stop it.
    pub fn try_stages(&self, submission: &str, stages: &str) -> Result<String, String> {
        let language = self.language;
        let s = Submission::from_json(submission).map_err(|r| problems_json(&r, language))?;
        let tried: std::collections::BTreeMap<String, String> =
            serde_json::from_str(stages).map_err(|e| problems_json(&bad_inputs(&e), language))?;
        let mut scores = Vec::new();
        for (stage, typed) in &tried {
            let value =
                kip_index::read_written_number(typed, DecimalMark::Either).map_err(|e| {
                    let problem =
                        Problem::new(kip_index::ProblemKind::InvalidValue, "", e.to_string())
                            .with_indonesian(e.message_in(Language::Indonesian));
                    problems_json(&Report::from(problem), language)
                })?;
            scores.push(StageScore::new(
                s.agency.id.as_str(),
                stage.as_str(),
                vec![value],
            ));
        }
        let mut body = Body::new(&s);
        body.stage_scores = scores.iter().collect();
        let card = self
            .plan
            .score(&body)
            .map_err(|r| problems_json(&r, language))?;
        Ok(serde_json::json!({
            "final": card.final_score,
            "qualification": card.qualification,
        })
        .to_string())
    }

    /// What to fix first for one submission, as JSON ([`Plan::fix_lines`]):
    /// `[{question, text, with_evidence, gain, final, qualification, qualification_name,
    /// opens, opens_gates, advice}]`, or the problems (JSON array) that stop it.
    pub fn fixes(&self, submission: &str) -> Result<String, String> {
        let language = self.language;
        let fixes = (self.plan)
            .fix_lines(submission, language)
            .map_err(|r| problems_json(&r, language))?;
        serde_json::to_string(&fixes).map_err(|e| e.to_string())
    }
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

    /// `set_language` for JavaScript.
    #[wasm_bindgen(js_name = setLanguage)]
    pub fn set_language_js(&mut self, code: &str) {
        self.set_language(code);
    }

    /// `try_stages` for JavaScript: throws the problems' JSON text.
    #[wasm_bindgen(js_name = tryStages)]
    pub fn try_stages_js(&self, submission: &str, stages: &str) -> Result<String, JsValue> {
        self.try_stages(submission, stages)
            .map_err(|e| JsValue::from_str(&e))
    }
}

/// A number as a person typed it, read by the rule every reader uses
/// ([`DecimalMark::Either`]: `87,5` and `87.5` are 87.5, `1.250.000` is 1250000, and
/// `1.250` — 1250 or 1.25? — is refused): `{"value": "87.5"}`, or `{"message": ...}` in
/// the language `lang` (`id` or `en`).
pub fn read_number(typed: &str, lang: &str) -> String {
    match kip_index::read_written_number(typed, DecimalMark::Either) {
        Ok(value) => serde_json::json!({ "value": value.to_string() }),
        Err(e) => serde_json::json!({ "message": e.message_in(language(Some(lang))) }),
    }
    .to_string()
}

/// `read_number` for JavaScript.
#[wasm_bindgen(js_name = readNumber)]
pub fn read_number_js(typed: &str, lang: &str) -> String {
    read_number(typed, lang)
}
