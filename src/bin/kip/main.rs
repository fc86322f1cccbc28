//! `kip`: the command-line tool of kip-index.
//!
//! This is the edge of the product: it reads files, prints, and sets the exit status
//! (0 all good, 1 some input was rejected, 2 the command could not run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod diff;
mod explain;
mod lang;
mod output;
mod report;
mod score;
mod sensitivity;
mod table;
mod template;
mod terminal;
mod xlsx;
use kip_index::schema::Format;
use kip_index::{
    Framing, Instrument, NamedText, Problem, Record, Report, read_submissions, text_from_bytes,
};

#[derive(Parser)]
#[command(
    name = "kip",
    version,
    about = "Scores Indonesia's public-information-openness evaluations (Monev KIP, IKIP) exactly",
    after_help = "The scoring rules, each with a worked example: docs/scoring.md in the kip-index \
                  repository. The file formats: its README and schemas/ (or `kip schemas DIR`)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Checks an instrument and, against it, submissions and other inputs; prints every
    /// problem as `file:path: message`.
    ///
    /// Submissions may be one JSON object, a JSON array, JSON Lines (`.jsonl`,
    /// `.ndjson`), or a spreadsheet with one row per body (`.csv`, or the first sheet of
    /// an `.xlsx`; see `kip template`). Exit status: 0 all valid, 1 problems found, 2
    /// could not run.
    Validate {
        /// The instrument (questionnaire definition) JSON file.
        instrument: PathBuf,
        /// Submission files.
        submissions: Vec<PathBuf>,
        /// A verification file (JSON array or JSON Lines).
        #[arg(long)]
        verification: Vec<PathBuf>,
        /// A stage-score file (JSON array, JSON Lines or CSV).
        #[arg(long = "stage-scores")]
        stage_scores: Vec<PathBuf>,
        /// A roster of the bodies due to submit (JSON array, JSON Lines or CSV).
        #[arg(long)]
        roster: Vec<PathBuf>,
    },
    /// Scores and ranks a batch of bodies: prints the results — each body's
    /// final score, qualification, ranks (overall, category, region), stage and indicator
    /// scores, self-assessed score and diagnostics; the roster's bodies with no valid
    /// submission (not assessed, Tidak Dinilai); every rejected submission with its
    /// reasons; and summaries per category and per region.
    ///
    /// Submissions may be JSON objects, arrays, JSON Lines (read a line at a time), or
    /// spreadsheets with one row per body (`.csv`, `.xlsx`; see `kip template`);
    /// several submissions of one agency from different raters are combined. A
    /// submission that cannot be scored is listed under `rejected` with every reason, and
    /// the rest are still scored (exit status 1). Problems in a verification, stage-score
    /// or roster file stop the run (exit status 2): they would change scores unseen.
    ///
    /// The scoring rules, each with a worked example: docs/scoring.md in the kip-index
    /// repository.
    Score {
        #[command(flatten)]
        batch: BatchArgs,
        /// The output format; without it, the output file's extension decides (`.csv`,
        /// `.xlsx`, `.html`, `.txt` for the table; JSON otherwise).
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write the results to this file (atomically: a temporary file renamed into
        /// place) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Treat a missing answer as an error (the body is rejected) instead of a 0.
        #[arg(long)]
        strict: bool,
        /// With `--format csv`: write text cells exactly as given. By default a cell
        /// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
        /// `'`, so that a spreadsheet shows it instead of running it as a formula.
        #[arg(long)]
        csv_raw: bool,
        /// With `--format csv`: `id` writes for Excel set to Indonesian (`;` between
        /// cells, a decimal comma); `intl`, the default, a comma and a decimal point.
        #[arg(long, value_enum, default_value_t = CsvLocale::Intl)]
        csv_locale: CsvLocale,
    },
    /// Explains one body's score: every question with its answer, score, share of the
    /// final and points lost; then what to fix first — each fix with the points it gains
    /// and the final and qualification it reaches (and the questions or gates it opens).
    Explain {
        /// The instrument JSON file.
        instrument: PathBuf,
        /// Submission files: the body's own, or whole batches (then name the body with
        /// `--agency`). Every rater's submission of the body is combined.
        #[arg(required = true)]
        submissions: Vec<PathBuf>,
        /// The body to explain, by agency id; needed when the files hold several.
        #[arg(long)]
        agency: Option<String>,
        /// A verification file; the body's entry is used.
        #[arg(long)]
        verification: Option<PathBuf>,
        /// A stage-score file; the body's scores are used.
        #[arg(long = "stage-scores")]
        stage_scores: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Scores a batch like `score` and writes one self-contained HTML report: the ranking
    /// per category, each category's qualification distribution as a chart, every body's
    /// indicator profile, the not-assessed and rejected lists, and the roll-up.
    Report {
        #[command(flatten)]
        batch: BatchArgs,
        /// The HTML file to write (atomically).
        #[arg(long, short = 'o', visible_alias = "output", required = true)]
        html: PathBuf,
    },
    /// Compares two results files (year over year, or a correction decree): the bodies
    /// whose final, qualification or rank changed, the largest changes first, then those
    /// that entered and those that left.
    Diff {
        /// The old results JSON (from `kip score`).
        old: PathBuf,
        /// The new results JSON.
        new: PathBuf,
        /// The instrument, to show qualifications by name.
        #[arg(long)]
        instrument: Option<PathBuf>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// How sure each rank is: re-scores the batch with its top-level indicator weights
    /// (and stage weights) perturbed, many times, and reports each body's rank interval
    /// (5th–95th percentile), median and mean rank, overall and in its category, the
    /// share of samples in each qualification, the mean rank shift, and which weight
    /// moves ranks most. The same seed gives the same output on any number of cores.
    Sensitivity {
        #[command(flatten)]
        batch: BatchArgs,
        /// Samples to draw.
        #[arg(long, default_value_t = 1_000)]
        samples: usize,
        /// The seed of the samples.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Each top-level indicator weight is multiplied by a factor uniform in
        /// 1 ± this (0.25: ±25%), then the weights are scaled back to 100.
        #[arg(long, default_value = "0.25")]
        weight_spread: kip_index::Decimal,
        /// The same for the stage weights (usually fixed by regulation: 0).
        #[arg(long, default_value = "0")]
        stage_spread: kip_index::Decimal,
        /// Also resample each stage score given by several judges from its judges'
        /// scores (a bootstrap), in every sample.
        #[arg(long)]
        judge_noise: bool,
        /// The form; without it, the output's extension decides (JSON otherwise).
        #[arg(long, value_enum)]
        format: Option<sensitivity::Form>,
        /// Write to this file instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Writes a fill-in template from an instrument for answers in a spreadsheet: the
    /// header row (agency columns, one column per question, evidence columns) and, in a
    /// workbook, drop-down lists and ranges on the answer cells and a sheet explaining
    /// every question. Filled in and saved (as .xlsx or CSV), it is a submissions file
    /// for `kip score`.
    Template {
        /// The instrument JSON file.
        instrument: PathBuf,
        /// The file to write; `.csv` writes the header row alone.
        #[arg(long, short)]
        output: PathBuf,
        /// The template's form; without it, the output's extension decides.
        #[arg(long, value_enum)]
        format: Option<TemplateFormat>,
        /// With a `.csv` output: `id` separates cells with `;` (Excel set to Indonesian).
        #[arg(long, value_enum, default_value_t = CsvLocale::Intl)]
        csv_locale: CsvLocale,
        /// The language of the workbook's sheet names, lists and guide.
        #[arg(long, value_enum, default_value_t = lang::Lang::Id)]
        lang: lang::Lang,
    },
    /// Writes the JSON Schemas of every file format into a directory.
    Schemas {
        /// The directory to write into (created if absent).
        dir: PathBuf,
    },
}

/// The inputs of a batch, shared by `score` and `report`.
#[derive(clap::Args)]
struct BatchArgs {
    /// The instrument (questionnaire definition) JSON file.
    instrument: PathBuf,
    /// Submission files.
    #[arg(required = true)]
    submissions: Vec<PathBuf>,
    /// A verification file (JSON array or JSON Lines).
    #[arg(long)]
    verification: Vec<PathBuf>,
    /// A stage-score file (JSON array, JSON Lines, or CSV `agency,stage,score` with one
    /// row per judge).
    #[arg(long = "stage-scores")]
    stage_scores: Vec<PathBuf>,
    /// The roster of bodies due to submit (JSON array, JSON Lines, or CSV
    /// `id,name,category,region`).
    #[arg(long)]
    roster: Vec<PathBuf>,
    /// State that the run is meant without stage scores (the questionnaire alone):
    /// stages other than the questionnaire still count as the instrument says (0, or
    /// the others reweighted), but no warning says their scores are missing.
    #[arg(long, conflicts_with = "stage_scores")]
    without_stage_scores: bool,
    /// The language of the table, the workbook and the report: Indonesian (`id`, the
    /// default) or English (`en`).
    #[arg(long, value_enum, default_value_t = lang::Lang::Id)]
    lang: lang::Lang,
}

impl BatchArgs {
    fn inputs<'a>(
        &'a self,
        format: score::Format,
        output: Option<&'a Path>,
        strict: bool,
    ) -> score::Inputs<'a> {
        score::Inputs {
            instrument: &self.instrument,
            submissions: &self.submissions,
            verifications: &self.verification,
            stage_scores: &self.stage_scores,
            rosters: &self.roster,
            without_stage_scores: self.without_stage_scores,
            lang: self.lang,
            format,
            strict,
            output,
        }
    }
}

/// The form of a fill-in template.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum TemplateFormat {
    /// A workbook with drop-down lists, ranges and a guide sheet.
    Xlsx,
    /// The header row alone, as CSV.
    Csv,
}

/// The separator and decimal mark of a CSV output.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CsvLocale {
    /// A comma between cells, a decimal point.
    Intl,
    /// Indonesian Excel: a semicolon between cells, a decimal comma.
    Id,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    /// The results JSON.
    Json,
    /// One row per body (UTF-8, comma-separated).
    Csv,
    /// The ranking, the summaries and the roll-up as plain text, for people.
    Table,
    /// An Excel workbook: one sheet per category and a summary sheet (use `--output`).
    Xlsx,
    /// The HTML report of `kip report` (use `--output`).
    Html,
}

impl OutputFormat {
    /// The format a file name asks for by its extension, if any.
    fn from_extension(path: &Path) -> Option<OutputFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "json" => OutputFormat::Json,
            "csv" => OutputFormat::Csv,
            "xlsx" => OutputFormat::Xlsx,
            "html" | "htm" => OutputFormat::Html,
            "txt" => OutputFormat::Table,
            _ => return None,
        })
    }
}

fn main() -> ExitCode {
    fixed_mmap_threshold();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate {
            instrument,
            submissions,
            verification,
            stage_scores,
            roster,
        } => validate(
            &instrument,
            &submissions,
            &verification,
            &stage_scores,
            &roster,
        ),
        Command::Score {
            batch,
            format,
            output,
            strict,
            csv_raw,
            csv_locale,
        } => {
            let format = format
                .or_else(|| output.as_deref().and_then(OutputFormat::from_extension))
                .unwrap_or(OutputFormat::Json);
            let format = match format {
                OutputFormat::Json => score::Format::Json,
                OutputFormat::Html => score::Format::Html,
                OutputFormat::Csv => {
                    let style = match csv_locale {
                        CsvLocale::Intl => kip_index::CsvStyle::STANDARD,
                        CsvLocale::Id => kip_index::CsvStyle::INDONESIAN,
                    };
                    score::Format::Csv(if csv_raw { style.raw() } else { style })
                }
                OutputFormat::Table => score::Format::Table,
                OutputFormat::Xlsx => score::Format::Xlsx,
            };
            score::run(&batch.inputs(format, output.as_deref(), strict))
        }
        Command::Explain {
            instrument,
            submissions,
            agency,
            verification,
            stage_scores,
            json,
        } => explain::run(&explain::Inputs {
            instrument: &instrument,
            submissions: &submissions,
            agency: agency.as_deref(),
            verification: verification.as_ref(),
            stage_scores: stage_scores.as_ref(),
            json,
        }),
        Command::Report { batch, html } => {
            score::run(&batch.inputs(score::Format::Html, Some(&html), false))
        }
        Command::Diff {
            old,
            new,
            instrument,
            json,
        } => diff::run(&old, &new, instrument.as_deref(), json),
        Command::Sensitivity {
            batch,
            samples,
            seed,
            weight_spread,
            stage_spread,
            judge_noise,
            format,
            output,
        } => {
            let options = kip_index::SensitivityOptions {
                samples: samples.max(1),
                seed,
                weight_spread,
                stage_spread,
                judge_noise,
            };
            let inputs = batch.inputs(score::Format::Json, output.as_deref(), false);
            sensitivity::run(&inputs, &options, format)
        }
        Command::Template {
            instrument,
            output,
            format,
            csv_locale,
            lang,
        } => {
            let csv = match format {
                Some(format) => format == TemplateFormat::Csv,
                None => matches!(
                    OutputFormat::from_extension(&output),
                    Some(OutputFormat::Csv)
                ),
            };
            let form = match csv {
                true => template::Form::Csv {
                    separator: match csv_locale {
                        CsvLocale::Intl => b',',
                        CsvLocale::Id => b';',
                    },
                },
                false => template::Form::Xlsx,
            };
            template::run(&instrument, &output, form, lang)
        }
        Command::Schemas { dir } => write_schemas(&dir),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // Already escaped where it quotes an input, and may run over several lines.
            eprintln!("kip: {message}");
            ExitCode::from(2)
        }
    }
}

/// Writes to standard output. A reader that stopped reading (`kip validate … | head`)
/// ends the run quietly with status 0, as Unix tools do; any other failure to write is
/// status 2.
pub(crate) fn out(text: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text) {
        exit_on_write_error(&e);
    }
}

/// Ends the run after standard output failed: quietly (0) for a closed pipe, else 2.
pub(crate) fn exit_on_write_error(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    crate::terminal::say(format_args!("kip: cannot write to standard output: {e}"));
    std::process::exit(2);
}

/// Problems printed per file: the first [`Capped::PER_FILE`] of each, then one line per
/// file saying how many more there were, so that a file for another instrument does not
/// bury the summary under a hundred thousand lines. Counts stay exact.
#[derive(Default)]
pub(crate) struct Capped {
    shown: std::collections::BTreeMap<String, usize>,
    hidden: std::collections::BTreeMap<String, usize>,
    /// Files summarised in one line first, whose details stop at [`Capped::SUMMARISED`].
    summarised: std::collections::BTreeSet<String>,
}

impl Capped {
    pub(crate) const PER_FILE: usize = 1_000;
    /// Details printed for a file whose problems were summarised in one line.
    pub(crate) const SUMMARISED: usize = 10;

    /// Prints `line` first for `file`, and from then on only a few of its details.
    pub(crate) fn summarise(&mut self, file: &str, line: std::fmt::Arguments) {
        crate::terminal::say(line);
        self.summarised.insert(file.to_owned());
    }

    fn cap(&self, file: &str) -> usize {
        if self.summarised.contains(file) {
            Capped::SUMMARISED
        } else {
            Capped::PER_FILE
        }
    }

    /// Whether the next problem of `file` is to be printed.
    pub(crate) fn admit(&mut self, file: &str) -> bool {
        // A file's name is copied once, not once per problem.
        let bump = |tally: &mut std::collections::BTreeMap<String, usize>| match tally.get_mut(file)
        {
            Some(n) => *n += 1,
            None => {
                tally.insert(file.to_owned(), 1);
            }
        };
        if self.shown.get(file).is_some_and(|&n| n >= self.cap(file)) {
            bump(&mut self.hidden);
            return false;
        }
        bump(&mut self.shown);
        true
    }

    /// One line on standard error per file with problems not printed.
    pub(crate) fn tell(&self) {
        for (file, more) in &self.hidden {
            crate::terminal::say(format_args!(
                "kip: {file}: {more} more problem(s) not printed (the first {} were)",
                self.cap(file)
            ));
        }
    }
}

/// The groups a report or workbook is laid out by: the instrument's categories, or, when
/// it declares none (IKIP's provinces), one group of every body, named after the
/// instrument.
pub(crate) fn category_groups(instrument: &Instrument) -> Vec<kip_index::Category> {
    if instrument.categories.is_empty() {
        return vec![kip_index::Category {
            id: "all".to_owned(),
            name: instrument.name.clone(),
        }];
    }
    instrument.categories.clone()
}

/// Whether a body of `category` belongs to `group` (one of [`category_groups`]).
pub(crate) fn in_group(
    instrument: &Instrument,
    group: &kip_index::Category,
    category: Option<&str>,
) -> bool {
    match category {
        Some(c) => c == group.id,
        None => instrument.categories.is_empty(),
    }
}

/// Reads a file as text; a file that cannot be read is a failure to run, invalid UTF-8 a
/// problem in the file.
pub(crate) fn read_text(path: &Path) -> Result<Result<String, Problem>, String> {
    check_size(path)?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(match text_from_bytes(&bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(mut problem) => {
            problem.file = Some(path.display().to_string());
            Err(problem)
        }
    })
}

fn validate(
    instrument_path: &Path,
    submissions: &[PathBuf],
    verifications: &[PathBuf],
    stage_scores: &[PathBuf],
    rosters: &[PathBuf],
) -> Result<ExitCode, String> {
    let mut problems = 0usize;
    let mut shown = Capped::default();
    let mut print = |report: Report| {
        for problem in report.iter() {
            if shown.admit(problem.file.as_deref().unwrap_or("")) {
                out(format_args!(
                    "{}\n",
                    terminal::printable(&problem.to_string())
                ));
            }
        }
        problems += report.len();
    };
    let file_name = instrument_path.display().to_string();
    let instrument = match read_text(instrument_path)? {
        Err(problem) => Err(Report::from(problem)),
        // Planned as `score` plans it, so that what validates can be scored (limits,
        // exact arithmetic).
        Ok(text) => Instrument::from_json(&text)
            .and_then(|instrument| kip_index::Plan::new(&instrument).map(|_| instrument))
            .map_err(|r| r.in_file(&file_name)),
    };
    let instrument = match instrument {
        Ok(instrument) => instrument,
        Err(report) => {
            print(report);
            let others =
                submissions.len() + verifications.len() + stage_scores.len() + rosters.len();
            if others > 0 {
                crate::terminal::say(format_args!(
                    "kip: {others} other file(s) not checked: the instrument has problems"
                ));
            }
            crate::terminal::say(format_args!("kip: {problems} problem(s) found"));
            return Ok(ExitCode::from(1));
        }
    };
    let mut validator = kip_index::Validator::new(&instrument);
    for path in submissions {
        print(check_submissions(path, &mut validator)?);
    }
    print(validator.duplicate_submissions());
    let side_files = [(0, verifications), (1, stage_scores), (2, rosters)];
    for (kind, path) in side_files
        .iter()
        .flat_map(|(k, ps)| ps.iter().map(move |p| (*k, p)))
    {
        let name = path.display().to_string();
        print(match read_text(path)? {
            Err(problem) => Report::from(problem),
            Ok(text) => {
                let input = NamedText::new(&name, &text);
                match kind {
                    0 => validator.verifications(input),
                    1 => validator.stage_scores(input),
                    _ => validator.roster(input),
                }
            }
        });
    }
    let records = validator.records();
    shown.tell();
    crate::terminal::say(format_args!(
        "kip: checked the instrument and {records} record(s): {problems} problem(s) found"
    ));
    Ok(ExitCode::from(u8::from(problems > 0)))
}

pub(crate) struct Checked<T> {
    pub(crate) records: Vec<Record<T>>,
    pub(crate) report: Report,
}

/// Whether a path names an Excel workbook (`.xlsx`).
pub(crate) fn is_workbook(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A submission file checked: JSON, JSON Lines, CSV, or a workbook's first sheet.
pub(crate) fn check_submissions(
    path: &Path,
    validator: &mut kip_index::Validator,
) -> Result<Report, String> {
    let checked = submission_records(path, validator.instrument())?;
    if checked.records.is_empty() {
        // Not read as text at all.
        return Ok(checked.report);
    }
    let name = path.display().to_string();
    let framing = Framing::from_file_name(&name);
    Ok(validator.submission_records(&name, framing, checked.records))
}

/// A submission file read: JSON, JSON Lines, CSV, or a workbook's first sheet.
pub(crate) fn submission_records(
    path: &Path,
    instrument: &Instrument,
) -> Result<Checked<kip_index::Submission>, String> {
    if !is_workbook(path) {
        return check_file(path, |text, framing| {
            read_submissions(text, framing, instrument)
        });
    }
    check_size(path)?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let name = path.display().to_string();
    let records = kip_index::read_submission_workbook(&bytes, instrument);
    let mut report = Report::new();
    for record in &records {
        if let Err(problems) = &record.value {
            report.extend(problems.clone().in_file(&name));
        }
    }
    Ok(Checked { records, report })
}

pub(crate) fn check_file<T>(
    path: &Path,
    read: impl Fn(&str, Framing) -> Vec<Record<T>>,
) -> Result<Checked<T>, String> {
    let name = path.display().to_string();
    let text = match read_text(path)? {
        Ok(text) => text,
        Err(problem) => {
            return Ok(Checked {
                records: Vec::new(),
                report: Report::from(problem),
            });
        }
    };
    let records = read(&text, Framing::detect(&name, &text));
    let mut report = Report::new();
    for record in &records {
        if let Err(problems) = &record.value {
            report.extend(problems.clone().in_file(&name));
        }
    }
    Ok(Checked { records, report })
}

fn write_schemas(dir: &Path) -> Result<ExitCode, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for format in Format::ALL {
        let path = dir.join(format.file_name());
        output::write_file(&path, |out| out.write_all(format.schema_text().as_bytes()))?;
        crate::terminal::say(format_args!("kip: wrote {}", path.display()));
    }
    Ok(ExitCode::SUCCESS)
}

/// Refuses a file larger than the default limit before reading it.
pub(crate) fn check_size(path: &Path) -> Result<(), String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .len();
    kip_index::Limits::default()
        .check_file_size(size)
        .map_err(|p| format!("cannot read {}: {}", path.display(), p.message))
}

/// Keeps glibc's allocator from raising its mmap threshold as large buffers are freed.
///
/// By default glibc raises the threshold to the size of every large block it frees (a
/// file's text, a piece of a JSON Lines file), up to 32 MB; from then on such buffers
/// are carved from the heap of the thread that asked, and when freed leave holes there
/// that the other threads' small allocations (sheets, scorecards) cannot reuse. On the
/// national run that was 40 MB of peak memory (324 MB against 281 MB). Setting the
/// threshold once, to its default, turns the adjustment off (`mallopt(3)`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn fixed_mmap_threshold() {
    const M_MMAP_THRESHOLD: i32 = -3;
    unsafe extern "C" {
        fn mallopt(param: i32, value: i32) -> i32;
    }
    // SAFETY: mallopt only sets an allocator parameter; it is called once, before any
    // other thread exists. Its result (0 when refused) changes nothing but memory use.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn fixed_mmap_threshold() {}
