//! `kip`: the command-line tool of kip-index.
//!
//! This is the edge of the product: it reads files, prints, and sets the exit status
//! (0 all good, 1 some input was rejected, 2 the command could not run). One file per
//! command (its arguments and its run), over the batch arguments they share
//! ([`args::BatchArgs`]), the file reading ([`files`]) and the terminal ([`terminal`]).

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod args;
mod cards;
mod diff;
mod explain;
mod files;
mod html;
mod lang;
mod letterhead;
mod output;
mod parquet_file;
mod progress;
mod report;
mod schemas;
mod score;
mod sensitivity;
mod table;
mod template;
mod terminal;
mod validate;

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
    Validate(validate::Args),
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
    Score(score::Args),
    /// Who has sent what while the Monev is open: every roster body's state (not
    /// received, draft, complete, rejected, late) with its answered and applicable
    /// questions, what it lacks and why it was rejected; the counts per category,
    /// region and superior. An unanswered question only makes a draft.
    ///
    /// A table on a terminal, else JSON; `--format csv|xlsx|html` (or `-o` with that
    /// extension): the HTML has one printable page per superior (the roster's
    /// `superior`), under the commission's heading, naming the bodies not complete.
    Progress(progress::Args),
    /// Explains one body's score: every question with its answer, score, share of the
    /// final and points lost; then what to fix first — each fix with the points it gains
    /// and the final and qualification it reaches (and the questions or gates it opens).
    Explain(explain::Args),
    /// Scores a batch like `score` and writes one self-contained HTML report: the ranking
    /// per category, each category's qualification distribution as a chart, every body's
    /// indicator profile, the not-assessed and rejected lists, and the roll-up.
    Report(report::Args),
    /// Writes a report card (rapor) for every scored body, as a commission sends each
    /// body: final, qualification and rank in its category and overall ("of N"), each
    /// stage (and how a missing one counted), every indicator beside the category's
    /// median and best, the verifiers' changes, answers without evidence, the ten fixes
    /// worth most (the answer to give, the answer now, the final they reach) and its
    /// warnings, under the commission's heading.
    ///
    /// `-o DIR` writes `DIR/index.html` and one page per body; `-o cards.html` one
    /// document to print, one card per A4 page; `-o cards.json` the cards' JSON.
    Cards(cards::Args),
    /// Compares two results files (year over year, or a correction decree): the bodies
    /// whose final, qualification or rank changed, the largest changes first, then those
    /// that entered and those that left.
    Diff(diff::Args),
    /// How sure each rank is: re-scores the batch with its top-level indicator weights
    /// (and stage weights) perturbed, many times, and reports each body's rank interval
    /// (5th–95th percentile), median and mean rank, overall and in its category, the
    /// share of samples in each qualification, the mean rank shift, and which weight
    /// moves ranks most. The same seed gives the same output on any number of cores.
    Sensitivity(sensitivity::Args),
    /// Writes a fill-in template from an instrument for answers in a spreadsheet: the
    /// header row (agency columns, one column per question, evidence columns) and, in a
    /// workbook, drop-down lists and ranges on the answer cells and a sheet explaining
    /// every question. Filled in and saved (as .xlsx or CSV), it is a submissions file
    /// for `kip score`.
    Template(template::Args),
    /// Writes the JSON Schemas of every file format into a directory.
    Schemas(schemas::Args),
}

fn main() -> ExitCode {
    fixed_mmap_threshold();
    let command = Cli::parse().command;
    // The language of what kip says on standard error, set once from the command's
    // `--lang` (a property of this process's terminal output, like its stream).
    let lang = match &command {
        Command::Validate(args) => args.lang,
        Command::Score(args) => args.batch.lang,
        Command::Progress(args) => args.lang,
        Command::Explain(args) => args.lang,
        Command::Report(args) => args.batch.lang,
        Command::Cards(args) => args.batch.lang,
        Command::Diff(args) => args.lang,
        Command::Sensitivity(args) => args.batch.lang,
        Command::Template(args) => args.lang,
        Command::Schemas(_) => lang::Lang::Id,
    };
    terminal::set_language(lang.language());
    let result = match command {
        Command::Validate(args) => validate::run(&args),
        Command::Score(args) => score::command(&args),
        Command::Progress(args) => progress::command(&args),
        Command::Explain(args) => explain::command(&args),
        Command::Report(args) => report::command(&args),
        Command::Cards(args) => cards::command(&args),
        Command::Diff(args) => diff::command(&args),
        Command::Sensitivity(args) => sensitivity::command(&args),
        Command::Template(args) => template::command(&args),
        Command::Schemas(args) => schemas::run(&args),
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
