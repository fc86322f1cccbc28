//! `kip template`: a fill-in sheet made from an instrument — the header row a
//! spreadsheet of submissions needs, and in a workbook, a guide sheet with every question
//! and drop-down lists and ranges on the answer cells.

use std::path::PathBuf;

use crate::args::{CsvLocale, OutputFormat};
use crate::lang;
use std::path::Path;
use std::process::ExitCode;

use kip_index::Instrument;

use crate::lang::Lang;

/// The arguments of `kip template`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The instrument JSON file.
    pub(crate) instrument: PathBuf,
    /// The file to write; `.csv` writes the header row alone.
    #[arg(long, short)]
    pub(crate) output: PathBuf,
    /// The template's form; without it, the output's extension decides.
    #[arg(long, value_enum)]
    pub(crate) format: Option<TemplateFormat>,
    /// With a `.csv` output: `id` separates cells with `;` (Excel set to Indonesian).
    #[arg(long, value_enum, default_value_t = CsvLocale::Intl)]
    pub(crate) csv_locale: CsvLocale,
    /// The language of the workbook's sheet names, lists and guide.
    #[arg(long, value_enum, default_value_t = lang::Lang::Id)]
    pub(crate) lang: lang::Lang,
}

/// The form of a fill-in template.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TemplateFormat {
    /// A workbook with drop-down lists, ranges and a guide sheet.
    Xlsx,
    /// The header row alone, as CSV.
    Csv,
}

/// `kip template`: the form from `--format` or the output's extension.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    let csv = match args.format {
        Some(format) => format == TemplateFormat::Csv,
        None => matches!(
            OutputFormat::from_extension(&args.output),
            Some(OutputFormat::Csv)
        ),
    };
    let form = match csv {
        true => Form::Csv {
            separator: args.csv_locale.style().separator,
        },
        false => Form::Xlsx,
    };
    run(&args.instrument, &args.output, form, args.lang)
}

/// The template's form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Xlsx,
    Csv { separator: u8 },
}

pub(crate) fn run(
    instrument_path: &Path,
    output: &Path,
    form: Form,
    lang: Lang,
) -> Result<ExitCode, String> {
    let text = crate::files::read_text(instrument_path)?.map_err(|p| {
        crate::terminal::problems(
            ("tidak dapat membuat templat", "cannot make a template"),
            &kip_index::Report::from(p),
        )
    })?;
    let name = instrument_path.display().to_string();
    let instrument = Instrument::from_json(&text).map_err(|r| {
        crate::terminal::problems(
            ("tidak dapat membuat templat", "cannot make a template"),
            &r.in_file(&name),
        )
    })?;
    crate::output::check_not_an_input(output, &[instrument_path])?;
    let cannot = |e: kip_index::PublishError| {
        format!(
            "{}: {}",
            crate::terminal::pick("tidak dapat membuat templat", "cannot make a template"),
            e.message_in(crate::terminal::language())
        )
    };
    let bytes = match form {
        Form::Xlsx => kip_index::template_workbook(&instrument, lang.language()).map_err(cannot)?,
        Form::Csv { separator } => kip_index::template_csv(&instrument, separator)
            .map_err(cannot)?
            .into_bytes(),
    };
    crate::output::write_file(output, |out| out.write_all(&bytes))?;
    let count = instrument.iter_questions().count();
    match crate::terminal::language() {
        kip_index::Language::English => crate::terminal::say(format_args!(
            "kip: wrote {} ({count} questions)",
            output.display()
        )),
        _ => crate::terminal::say(format_args!(
            "kip: {} ditulis ({count} pertanyaan)",
            output.display()
        )),
    }
    Ok(ExitCode::SUCCESS)
}
