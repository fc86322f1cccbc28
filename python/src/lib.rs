//! `kip_index._native`: the library under the Python package, and nothing of its own.
//!
//! Every function takes files as `(name, bytes)` pairs in their roles and hands them to
//! the library ([`kip_index::BatchFiles`]); what comes back is the library's own: the
//! results JSON, the Arrow table through the Arrow C stream interface (a `PyCapsule`
//! named `arrow_array_stream`, read by pyarrow, polars and DuckDB without a copy), and
//! problems as flat rows ([`kip_index::ProblemRow`]) in a JSON text. The Python API, its
//! docstrings and its input handling (paths, texts, file objects) are in
//! `kip_index/__init__.py`. Scoring runs with the GIL released.

use std::ffi::CStr;
use std::sync::OnceLock;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use kip_index::{
    BatchFiles, Instrument, Language, NamedBytes, Plan, Report, Results, Sensitivity,
    SensitivityOptions,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyMemoryError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule};

create_exception!(
    _native,
    Problems,
    PyValueError,
    "Problems that stop a run; its one argument is their rows as a JSON array."
);

/// The name the Arrow C stream interface gives its capsule.
const STREAM: &CStr = c"arrow_array_stream";

/// One file as Python hands it over: its name and its bytes.
type File<'py> = (String, Bound<'py, PyBytes>);

/// A language code (`id`, `en`) as the library's [`Language`]; Indonesian otherwise.
fn language(code: &str) -> Language {
    match code {
        "en" => Language::English,
        _ => Language::Indonesian,
    }
}

/// The problems as the exception Python turns into `KipError`.
fn problems(report: &Report, language: Language) -> PyErr {
    let rows: Vec<kip_index::ProblemRow> = report.iter().map(|p| p.row(language)).collect();
    // Rows of strings, numbers and enums serialize; an empty array would hide them.
    let json = serde_json::to_string(&rows)
        .unwrap_or_else(|e| format!(r#"[{{"kind": "syntax", "path": "", "message": "{e}"}}]"#));
    Problems::new_err(json)
}

/// The files of one call as Python hands them over: the instrument, then the
/// submissions, verification, stage-score and roster files.
type Files<'py> = (
    File<'py>,
    Vec<File<'py>>,
    Vec<File<'py>>,
    Vec<File<'py>>,
    Vec<File<'py>>,
);

/// The files of one call, borrowed from Python's bytes, in their roles.
struct Given<'py> {
    instrument: File<'py>,
    submissions: Vec<File<'py>>,
    verification: Vec<File<'py>>,
    stage_scores: Vec<File<'py>>,
    roster: Vec<File<'py>>,
}

impl<'py> From<Files<'py>> for Given<'py> {
    fn from((instrument, submissions, verification, stage_scores, roster): Files<'py>) -> Self {
        Given {
            instrument,
            submissions,
            verification,
            stage_scores,
            roster,
        }
    }
}

impl<'py> Given<'py> {
    fn files(&self, without_stage_scores: bool, strict: bool) -> BatchFiles<'_> {
        fn named<'a>(files: &'a [File<'_>]) -> Vec<NamedBytes<'a>> {
            files
                .iter()
                .map(|(name, bytes)| NamedBytes::new(name, bytes.as_bytes()))
                .collect()
        }
        let (name, bytes) = &self.instrument;
        let mut files = BatchFiles::new(NamedBytes::new(name, bytes.as_bytes()));
        files.submissions = named(&self.submissions);
        files.verification = named(&self.verification);
        files.stage_scores = named(&self.stage_scores);
        files.roster = named(&self.roster);
        files.without_stage_scores = without_stage_scores;
        files.strict = strict;
        files
    }
}

/// Every problem in the files, as `kip validate` finds them: their rows as a JSON array
/// (`[]` when all is well).
#[pyfunction]
#[pyo3(signature = (files, lang))]
fn validate<'py>(py: Python<'py>, files: Files<'py>, lang: &str) -> String {
    let given = Given::from(files);
    let files = given.files(false, false);
    let language = language(lang);
    py.detach(|| {
        let rows: Vec<kip_index::ProblemRow> =
            files.validate().iter().map(|p| p.row(language)).collect();
        serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned())
    })
}

/// A batch scored: its results, or `Problems` (the instrument's, or the side files').
#[pyfunction]
#[pyo3(signature = (files, without_stage_scores, strict, lang, deadline=None))]
fn score<'py>(
    py: Python<'py>,
    files: Files<'py>,
    without_stage_scores: bool,
    strict: bool,
    lang: &str,
    deadline: Option<&str>,
) -> PyResult<NativeResults> {
    let given = Given::from(files);
    let mut files = given.files(without_stage_scores, strict);
    let language = language(lang);
    files.deadline = moment(deadline, language)?;
    let scored = py.detach(|| files.score());
    let mut results = scored.map_err(|r| problems(&r, language))?;
    results.language = language;
    Ok(NativeResults::new(results))
}

/// `deadline=` read as a moment, or `Problems` placed in the file `deadline`.
fn moment(deadline: Option<&str>, language: Language) -> PyResult<Option<kip_index::Moment>> {
    let Some(text) = deadline else {
        return Ok(None);
    };
    let moment = text.parse::<kip_index::Moment>().map_err(|e| {
        let problem = kip_index::Problem::new(
            kip_index::ProblemKind::InvalidValue,
            "",
            e.message_in(Language::English),
        )
        .with_indonesian(e.message_in(Language::Indonesian));
        problems(&Report::from(problem).in_file("deadline"), language)
    })?;
    Ok(Some(moment))
}

/// Where the Monev stands ([`BatchFiles::progress`]): the instrument, the submissions
/// so far and the roster; or `Problems` (the instrument's, the roster's).
#[pyfunction]
#[pyo3(signature = (files, lang, deadline=None))]
fn progress<'py>(
    py: Python<'py>,
    files: Files<'py>,
    lang: &str,
    deadline: Option<&str>,
) -> PyResult<NativeProgress> {
    let given = Given::from(files);
    let mut files = given.files(true, false);
    let language = language(lang);
    files.deadline = moment(deadline, language)?;
    let read = py.detach(|| files.progress(language));
    read.map(NativeProgress).map_err(|r| problems(&r, language))
}

/// Participation, kept for its JSON and CSV.
#[pyclass(frozen, module = "kip_index._native")]
struct NativeProgress(kip_index::Progress);

#[pymethods]
impl NativeProgress {
    /// The JSON `kip progress --format json` prints.
    fn json(&self) -> String {
        self.0.to_json()
    }

    /// One row per body due: `id` for Excel set to Indonesian (`;`), else `,`.
    fn csv(&self, locale: &str) -> String {
        self.0.to_csv(kip_index::CsvStyle::for_locale(locale))
    }
}

/// A batch scored, then its ranks' sensitivity to the weights: `(results, sensitivity)`.
#[pyfunction]
#[pyo3(signature = (files, without_stage_scores, strict, lang, samples, seed, weight_spread, stage_spread, judge_noise, max_memory))]
#[allow(clippy::too_many_arguments)] // One per option of `kip sensitivity`, named in Python.
fn sensitivity<'py>(
    py: Python<'py>,
    files: Files<'py>,
    without_stage_scores: bool,
    strict: bool,
    lang: &str,
    samples: usize,
    seed: u64,
    weight_spread: &str,
    stage_spread: &str,
    judge_noise: bool,
    max_memory: u64,
) -> PyResult<(NativeResults, NativeSensitivity)> {
    let language = language(lang);
    let spread = |name: &str, text: &str| {
        kip_index::read_written_number(text, kip_index::DecimalMark::Either)
            .map_err(|e| PyValueError::new_err(format!("{name}: {}", e.message_in(language))))
    };
    let options = SensitivityOptions::default()
        .samples(samples)
        .seed(seed)
        .weight_spread(spread("weight_spread", weight_spread)?)
        .stage_spread(spread("stage_spread", stage_spread)?)
        .judge_noise(judge_noise);
    let checked = options.check();
    if !checked.is_empty() {
        return Err(problems(&checked, language));
    }
    let given = Given::from(files);
    let files = given.files(without_stage_scores, strict);
    let plan = files.plan().map_err(|r| problems(&r, language))?;
    let instrument = plan.instrument().clone();
    let scored = py.detach(|| files.score_with(&plan));
    let mut results = scored.map_err(|r| problems(&r, language))?;
    results.language = language;
    // The samples' memory, from their number and the batch's size, before any is drawn.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let needed = options.memory_needed(results.results.len(), threads);
    if needed.is_none_or(|n| n > max_memory) {
        let needed = needed.map_or("more than 16 EiB".to_owned(), size);
        let (samples, bodies, allowed) = (options.samples, results.results.len(), size(max_memory));
        return Err(PyMemoryError::new_err(match language {
            Language::English => format!(
                "{samples} samples of {bodies} bodies need {needed}, more than max_memory \
                 ({allowed}): draw fewer samples or allow more"
            ),
            _ => format!(
                "{samples} sampel dari {bodies} badan publik memerlukan {needed}, lebih dari \
                 max_memory ({allowed}): kurangi sampel atau izinkan lebih"
            ),
        }));
    }
    let judges = files.judged_stage_scores(&instrument);
    let analysis =
        py.detach(|| kip_index::sensitivity_with_judges(&instrument, &results, &judges, &options));
    Ok((
        NativeResults::new(results),
        NativeSensitivity {
            analysis,
            instrument,
        },
    ))
}

/// A memory size as people read it: bytes, KiB, MiB or GiB.
fn size(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..0x10_0000 => format!("{} KiB", bytes >> 10),
        0x10_0000..0x4000_0000 => format!("{} MiB", bytes >> 20),
        _ => format!("{} GiB", bytes >> 30),
    }
}

/// An Arrow table handed to Python as a C stream in a capsule: the consumer moves the
/// stream out; a capsule never consumed releases it when dropped.
fn stream<'py>(py: Python<'py>, table: RecordBatch) -> PyResult<Bound<'py, PyCapsule>> {
    let schema = table.schema();
    let batches = RecordBatchIterator::new([Ok(table)], schema);
    let stream = FFI_ArrowArrayStream::new(Box::new(batches));
    PyCapsule::new_with_value(py, stream, STREAM)
}

/// A scored batch, as `kip score` gives it.
#[pyclass(frozen, module = "kip_index._native")]
struct NativeResults {
    results: Results,
    /// Its Arrow table, built once (a table's columns are shared, not copied, by each
    /// stream handed out).
    table: OnceLock<RecordBatch>,
}

impl NativeResults {
    fn new(results: Results) -> NativeResults {
        NativeResults {
            results,
            table: OnceLock::new(),
        }
    }
}

#[pymethods]
impl NativeResults {
    /// The results JSON, as `kip score --format json` prints it.
    fn json(&self, py: Python<'_>) -> String {
        py.detach(|| self.results.to_json())
    }

    /// The Arrow table of the scored bodies ([`Results::to_arrow`]) as a C stream.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        // The one schema is the table's: a consumer may ask for another, and casts.
        let _ = requested_schema;
        let table = py.detach(|| self.table.get_or_init(|| self.results.to_arrow()).clone());
        stream(py, table)
    }

    /// How many bodies were scored.
    fn __len__(&self) -> usize {
        self.results.results.len()
    }

    /// How many submissions were rejected, and how many roster bodies not assessed.
    fn counts(&self) -> (usize, usize, usize) {
        let results = &self.results;
        (
            results.results.len(),
            results.rejected.len(),
            results.not_assessed.len(),
        )
    }
}

/// A batch's sensitivity, as `kip sensitivity` gives it.
#[pyclass(frozen, module = "kip_index._native")]
struct NativeSensitivity {
    analysis: Sensitivity,
    instrument: Instrument,
}

#[pymethods]
impl NativeSensitivity {
    /// The analysis as JSON, as `kip sensitivity --format json` prints it.
    fn json(&self) -> PyResult<String> {
        let mut text = serde_json::to_string_pretty(&self.analysis)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        text.push('\n');
        Ok(text)
    }

    /// Its Arrow table ([`Sensitivity::to_arrow`]) as a C stream.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        stream(py, self.analysis.to_arrow(&self.instrument))
    }

    /// How many bodies it has.
    fn __len__(&self) -> usize {
        self.analysis.bodies.len()
    }
}

/// An instrument planned once, for one body's answers as they change.
#[pyclass(frozen, module = "kip_index._native")]
struct NativeQuestionnaire {
    plan: Plan,
}

#[pymethods]
impl NativeQuestionnaire {
    /// Plans the instrument (its file's name and bytes); `Problems` when it cannot be
    /// scored.
    #[new]
    #[pyo3(signature = (instrument, lang))]
    fn new(instrument: File<'_>, lang: &str) -> PyResult<NativeQuestionnaire> {
        let (name, bytes) = &instrument;
        let files = BatchFiles::new(NamedBytes::new(name, bytes.as_bytes()));
        let plan = files.plan().map_err(|r| problems(&r, language(lang)))?;
        Ok(NativeQuestionnaire { plan })
    }

    /// The instrument as read, every default written out (JSON).
    fn instrument_json(&self) -> String {
        serde_json::to_string(self.plan.instrument()).unwrap_or_default()
    }

    /// One submission's evaluation (its JSON text's bytes) as JSON ([`Plan::evaluate`]);
    /// bytes that are not UTF-8 text are its one problem.
    fn evaluate(&self, submission: &[u8], lang: &str) -> PyResult<String> {
        let language = language(lang);
        let json = match NamedBytes::new("", submission).text() {
            Ok(text) => serde_json::to_string(&self.plan.evaluate(text.text, language)),
            Err(problem) => serde_json::to_string(&serde_json::json!({
                "open": null,
                "problems": [problem.row(language)],
                "scorecard": null,
                "outlook": null,
            })),
        };
        json.map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// What to fix first (JSON, [`Plan::fix_lines`]), or `Problems`.
    fn fixes(&self, submission: &[u8], lang: &str) -> PyResult<String> {
        let language = language(lang);
        let text = NamedBytes::new("", submission)
            .text()
            .map_err(|p| problems(&Report::from(p), language))?;
        let fixes = (self.plan)
            .fix_lines(text.text, language)
            .map_err(|r| problems(&r, language))?;
        serde_json::to_string(&fixes).map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

/// The native module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(score, m)?)?;
    m.add_function(wrap_pyfunction!(sensitivity, m)?)?;
    m.add_function(wrap_pyfunction!(progress, m)?)?;
    m.add_class::<NativeProgress>()?;
    m.add_class::<NativeResults>()?;
    m.add_class::<NativeSensitivity>()?;
    m.add_class::<NativeQuestionnaire>()?;
    m.add("Problems", m.py().get_type::<Problems>())?;
    m.add("MAX_FILE_BYTES", kip_index::Limits::DEFAULT.max_file_bytes)?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
