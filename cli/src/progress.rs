//! `kip progress`: who has sent what while the Monev is open — every roster body's state
//! and what it lacks, the counts per category, region and superior — as a table, JSON,
//! CSV, a workbook, or HTML with one printable page per superior.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::{Language, Progress, State, Words};

use crate::args::CsvLocale;

/// The arguments of `kip progress`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The instrument (questionnaire definition) JSON file.
    pub(crate) instrument: PathBuf,
    /// The submission files received so far (JSON, JSON Lines, CSV or .xlsx); none
    /// at all lists every body as not received.
    pub(crate) submissions: Vec<PathBuf>,
    /// The roster of bodies due (JSON array, JSON Lines, or CSV
    /// `id,name,category,region,superior,contact`).
    #[arg(long, required = true)]
    pub(crate) roster: Vec<PathBuf>,
    /// The deadline, replacing the instrument's: RFC 3339 with its offset
    /// (`2025-10-07T23:59:59+07:00`). A body whose every submission is later is late.
    #[arg(long, value_name = "TIME", value_parser = crate::args::parse_deadline)]
    pub(crate) deadline: Option<kip_index::Moment>,
    /// The output: `table` (the default on a terminal), `json` (the default when piped
    /// or redirected), `csv`, `xlsx` or `html` (one printable page per superior).
    /// Without it, the output file's extension decides.
    #[arg(long, value_enum)]
    pub(crate) format: Option<ProgressFormat>,
    /// CSV for `intl` (comma; the default) or Indonesian Excel (`id`: semicolon).
    #[arg(long, value_enum, default_value_t = CsvLocale::Intl)]
    pub(crate) csv_locale: CsvLocale,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub(crate) output: Option<PathBuf>,
    /// The language of the table, the pages and the workbook: Indonesian (`id`, the
    /// default) or English (`en`).
    #[arg(long, value_enum, default_value_t = crate::lang::Lang::Id)]
    pub(crate) lang: crate::lang::Lang,
    #[command(flatten)]
    pub(crate) letterhead: crate::letterhead::LetterheadArgs,
}

/// What `kip progress` writes.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ProgressFormat {
    /// Plain text for people.
    Table,
    /// `{ "bodies", "by_category", "by_region", "by_superior", ... }`.
    Json,
    /// One row per body due.
    Csv,
    /// A workbook: every body, the counts per superior and per category.
    Xlsx,
    /// One printable page per superior, under the commission's heading.
    Html,
}

/// `kip progress`.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    use std::io::IsTerminal;
    // Read as `kip score` reads the same files: the roster first, the submissions
    // streamed (a national JSON Lines file a piece at a time, never whole in memory).
    let no_files: &[PathBuf] = &[];
    let inputs = crate::score::Inputs {
        without_stage_scores: true,
        ..crate::score::Inputs::of_files(
            &args.instrument,
            &args.submissions,
            (no_files, no_files, &args.roster),
            args.lang,
            args.deadline.clone(),
        )
    };
    if let Some(output) = &args.output {
        crate::output::check_not_an_input(output, &crate::score::input_paths(&inputs))?;
    }
    let on_terminal = std::io::stdout().is_terminal();
    let format = match (args.format, &args.output) {
        (Some(format), _) => format,
        (None, Some(path)) if path.extension().is_some() => {
            from_extension(path).ok_or_else(|| {
                crate::args::unknown_extension(path, ".json, .csv, .xlsx, .html, .txt")
            })?
        }
        (None, Some(_)) => ProgressFormat::Json,
        (None, None) if on_terminal => ProgressFormat::Table,
        (None, None) => ProgressFormat::Json,
    };
    if format == ProgressFormat::Xlsx && args.output.is_none() && on_terminal {
        return Err(crate::terminal::binary_refused(
            ("buku kerja", "a workbook"),
            "xlsx",
        ));
    }
    let letterhead = args.letterhead.resolve()?;
    let language = args.lang.language();
    let plan = crate::score::planned(&inputs)?;
    let (batch, twice) = crate::score::loaded(&inputs, &plan)?;
    let mut progress = batch.progress(language);
    let twice = twice.iter().map(|w| w.message(language));
    progress.warnings.splice(0..0, twice);
    let instrument_name = plan.instrument().name.clone();
    let write = |out: &mut dyn std::io::Write| -> std::io::Result<()> {
        match format {
            ProgressFormat::Table => out.write_all(render(&progress, language).as_bytes()),
            ProgressFormat::Json => out.write_all(progress.to_json().as_bytes()),
            ProgressFormat::Csv => {
                out.write_all(progress.to_csv(args.csv_locale.style()).as_bytes())
            }
            ProgressFormat::Xlsx => {
                let bytes = kip_index::progress_workbook(&progress, language)
                    .map_err(|e| std::io::Error::other(e.message_in(language)))?;
                out.write_all(&bytes)
            }
            ProgressFormat::Html => {
                let made = crate::html::today();
                let pages = kip_index::ProgressPages {
                    language,
                    letterhead: &letterhead,
                    instrument: &instrument_name,
                    made: &made,
                };
                out.write_all(pages.html(&progress).as_bytes())
            }
        }
    };
    crate::output::write_out(args.output.as_deref(), write)?;
    tell(&progress, language);
    if args.format.is_none() && args.output.is_none() && format == ProgressFormat::Table {
        crate::terminal::say(format_args!(
            "kip: {}",
            crate::terminal::pick(
                "tabel ini untuk dibaca; untuk surat per atasan tambahkan -o kemajuan.html \
                 (atau --format json|csv|xlsx)",
                "this table is for reading; for a letter per superior add -o progress.html \
                 (or --format json|csv|xlsx)"
            )
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The format a file name asks for by its extension, as `kip score` reads it (Parquet
/// is none of progress's).
fn from_extension(path: &Path) -> Option<ProgressFormat> {
    use crate::args::OutputFormat;
    Some(match OutputFormat::from_extension(path)? {
        OutputFormat::Json => ProgressFormat::Json,
        OutputFormat::Csv => ProgressFormat::Csv,
        OutputFormat::Xlsx => ProgressFormat::Xlsx,
        OutputFormat::Html => ProgressFormat::Html,
        OutputFormat::Table => ProgressFormat::Table,
        OutputFormat::Parquet => return None,
    })
}

/// The counts on standard error, whatever the output: one line, and the warnings.
fn tell(progress: &Progress, language: Language) {
    let t = &progress.total;
    let mut line = match language {
        Language::English => format!("kip: {} bodies due:", t.due),
        _ => format!("kip: {} badan publik wajib:", t.due),
    };
    for state in State::ALL {
        let _ = write!(
            line,
            " {} {}",
            state.label(language).to_lowercase(),
            t.of(state)
        );
        if state != State::Late {
            line.push(',');
        }
    }
    if !progress.not_on_roster.is_empty() {
        let _ = write!(
            line,
            "; {} {}",
            progress.not_on_roster.len(),
            Words::of(language).not_on_roster
        );
    }
    crate::terminal::say(format_args!("{line}"));
    for reason in &progress.unplaced {
        let said = reason.place_and_message();
        crate::terminal::say(format_args!("kip: {}", crate::terminal::printable(&said)));
    }
    for warning in &progress.warnings {
        crate::terminal::say(format_args!("kip: {}", crate::terminal::printable(warning)));
    }
}

/// The table: each superior's bodies with their state and what they lack, then the
/// counts per superior (the bodies with none a row of their own, so that the rows add
/// up) and per category, then the bodies off the roster and the records that name none.
fn render(progress: &Progress, language: Language) -> String {
    let words = Words::of(language);
    let mut out = String::new();
    for (superior, bodies) in progress.by_superior_bodies() {
        let heading = crate::terminal::printable(superior.unwrap_or(words.without_superior));
        let _ = writeln!(out, "{heading} ({})", bodies.len());
        for body in bodies {
            let filled = match (body.answered, body.applicable) {
                (Some(a), Some(n)) => format!("{a}/{n}"),
                _ => "-".to_owned(),
            };
            let name = body.name.as_deref().unwrap_or(&body.id);
            let _ = writeln!(
                out,
                "  {} {} {:<15} {:>7}  {}",
                clip(&body.id, 14),
                clip(name, 40),
                body.state.label(language),
                filled,
                crate::terminal::printable(&body.lacks)
            );
        }
        out.push('\n');
    }
    let none = (progress.without_superior.due > 0)
        .then_some((words.without_superior, &progress.without_superior));
    let superiors: Vec<(&str, &kip_index::StateCounts)> = (progress.by_superior.iter())
        .map(|(k, c)| (k.as_str(), c))
        .chain(none)
        .collect();
    let categories = progress.by_category_named();
    for (title, groups) in [(words.superior, superiors), (words.category, categories)] {
        let rows: Vec<(&str, &kip_index::StateCounts)> = groups
            .into_iter()
            .chain([(words.total, &progress.total)])
            .collect();
        // As wide as the longest name, up to 48 characters.
        let wide = (rows.iter().map(|(name, _)| name.chars().count()))
            .chain([title.chars().count()])
            .max()
            .unwrap_or(0)
            .min(48);
        let _ = write!(out, "{} {:>6}", clip(title, wide), words.due);
        for state in State::ALL {
            let _ = write!(out, " {:>14}", state.label(language));
        }
        out.push('\n');
        for (name, counts) in rows {
            let _ = write!(out, "{} {:>6}", clip(name, wide), counts.due);
            for state in State::ALL {
                let _ = write!(out, " {:>14}", counts.of(state));
            }
            out.push('\n');
        }
        out.push('\n');
    }
    if !progress.not_on_roster.is_empty() {
        let _ = writeln!(out, "{}:", words.not_on_roster_sheet);
        for body in &progress.not_on_roster {
            let _ = writeln!(
                out,
                "  {} {} {:<15} {}",
                clip(&body.id, 14),
                clip(body.name.as_deref().unwrap_or_default(), 40),
                body.state.label(language),
                crate::terminal::printable(&body.lacks)
            );
        }
        out.push('\n');
    }
    if !progress.unplaced.is_empty() {
        let _ = writeln!(out, "{}:", words.unplaced);
        for reason in &progress.unplaced {
            let said = reason.place_and_message();
            let _ = writeln!(out, "  {}", crate::terminal::printable(&said));
        }
    }
    out
}

/// `text` cut to `n` characters, showing it was cut (`…`), and padded to `n`.
fn clip(text: &str, n: usize) -> String {
    let text = crate::terminal::printable(text);
    let mut shown: String = match text.chars().count() > n {
        true => (text.chars().take(n.saturating_sub(1)))
            .chain(['…'])
            .collect(),
        false => text.into_owned(),
    };
    let width = shown.chars().count();
    shown.extend(std::iter::repeat_n(' ', n.saturating_sub(width)));
    shown
}
