//! The arguments several commands share: a batch's input files, and the output formats.

use std::path::{Path, PathBuf};

use crate::{lang, score};

/// The inputs of a batch, shared by `score` and `report`.
#[derive(clap::Args)]
pub(crate) struct BatchArgs {
    /// The instrument (questionnaire definition) JSON file.
    pub(crate) instrument: PathBuf,
    /// Submission files.
    #[arg(required = true)]
    pub(crate) submissions: Vec<PathBuf>,
    /// A verification file (JSON array or JSON Lines).
    #[arg(long)]
    pub(crate) verification: Vec<PathBuf>,
    /// A stage-score file (JSON array, JSON Lines, or CSV `agency,stage,score` with one
    /// row per judge).
    #[arg(long = "stage-scores")]
    pub(crate) stage_scores: Vec<PathBuf>,
    /// The roster of bodies due to submit (JSON array, JSON Lines, or CSV or .xlsx
    /// `id,name,category,region`, optionally `superior,contact`).
    #[arg(long)]
    pub(crate) roster: Vec<PathBuf>,
    /// State that the run is meant without stage scores (the questionnaire alone):
    /// stages other than the questionnaire still count as the instrument says (0, or
    /// the others reweighted), but no warning says their scores are missing.
    #[arg(long, conflicts_with = "stage_scores")]
    pub(crate) without_stage_scores: bool,
    /// Treat a missing answer as an error (the body is rejected) instead of a 0.
    #[arg(long)]
    pub(crate) strict: bool,
    /// The deadline, replacing the instrument's (an extension the commission
    /// announced): RFC 3339 with its offset, such as `2025-10-07T23:59:59+07:00` (WIB).
    /// A submission whose `submitted_at` is later is not scored but listed as not
    /// assessed, late.
    #[arg(long, value_name = "TIME", value_parser = parse_deadline)]
    pub(crate) deadline: Option<kip_index::Moment>,
    /// Results published earlier (the JSON `kip score` wrote) that this run amends:
    /// every body whose final, qualification or a rank changed, was added or is gone is
    /// listed (`amendment`, the report's Lampiran Perubahan), with the SHA-256 of the
    /// file's bytes. They must be results of the same instrument.
    #[arg(long, value_name = "OLD.json", requires = "reason")]
    pub(crate) amends: Option<PathBuf>,
    /// Why the results are amended (`kesalahan teknis perhitungan`).
    #[arg(long, value_name = "TEXT", requires = "amends", value_parser = parse_reason)]
    pub(crate) reason: Option<String>,
    /// The language of the table, the workbook and the report: Indonesian (`id`, the
    /// default) or English (`en`).
    #[arg(long, value_enum, default_value_t = lang::Lang::Id)]
    pub(crate) lang: lang::Lang,
    /// Exit 0 when some submissions were rejected (they are still listed in the output
    /// and on standard error): for scripts where rejections are expected and reported.
    /// Without it a run with rejections exits 1.
    #[arg(long)]
    pub(crate) allow_rejected: bool,
}

/// `--deadline`'s value: a moment with its offset, or the sentence saying why not — in
/// the language the command line asks for (read from the arguments themselves: clap
/// checks a value before the command, and its `--lang`, is known).
pub(crate) fn parse_deadline(text: &str) -> Result<kip_index::Moment, String> {
    text.parse::<kip_index::Moment>()
        .map_err(|e| e.message_in(asked_language()))
}

/// The language the command line asks for, read from the arguments themselves (clap
/// checks a value before the command, and its `--lang`, is known).
fn asked_language() -> kip_index::Language {
    let args: Vec<String> = std::env::args().collect();
    let english = args.iter().any(|a| a == "--lang=en")
        || args.windows(2).any(|w| {
            w.first().is_some_and(|a| a == "--lang") && w.get(1).is_some_and(|v| v == "en")
        });
    match english {
        true => kip_index::Language::English,
        false => kip_index::Language::Indonesian,
    }
}

/// The Indonesian or the English sentence, as the command line asks.
pub(crate) fn in_asked_language(indonesian: &str, english: &str) -> String {
    match asked_language() {
        kip_index::Language::English => english.to_owned(),
        _ => indonesian.to_owned(),
    }
}

/// `--reason`'s value: a sentence, never empty.
pub(crate) fn parse_reason(text: &str) -> Result<String, String> {
    match text.trim().is_empty() {
        false => Ok(text.trim().to_owned()),
        true => Err(in_asked_language(
            "seharusnya alasan perubahan (`kesalahan teknis perhitungan`), ternyata kosong",
            "expected the amendment's reason (`kesalahan teknis perhitungan`), found nothing",
        )),
    }
}

impl BatchArgs {
    /// Every input file named: the instrument, submissions and side files.
    pub(crate) fn input_paths(&self) -> Vec<&Path> {
        std::iter::once(self.instrument.as_path())
            .chain(self.submissions.iter().map(PathBuf::as_path))
            .chain(self.verification.iter().map(PathBuf::as_path))
            .chain(self.stage_scores.iter().map(PathBuf::as_path))
            .chain(self.roster.iter().map(PathBuf::as_path))
            .collect()
    }

    pub(crate) fn inputs<'a>(
        &'a self,
        format: score::Format,
        output: Option<&'a Path>,
    ) -> score::Inputs<'a> {
        score::Inputs {
            without_stage_scores: self.without_stage_scores,
            allow_rejected: self.allow_rejected,
            format,
            strict: self.strict,
            amends: self.amends.as_deref().zip(self.reason.as_deref()),
            output,
            ..score::Inputs::of_files(
                &self.instrument,
                &self.submissions,
                (&self.verification, &self.stage_scores, &self.roster),
                self.lang,
                self.deadline.clone(),
            )
        }
    }
}

impl<'a> score::Inputs<'a> {
    /// A batch of these files, scored as `kip score` scores them, for a command that
    /// needs the batch's verdict beside its own work (`kip explain`, `kip validate`):
    /// JSON, no output file, rejections expected, nothing published.
    pub(crate) fn of_files(
        instrument: &'a Path,
        submissions: &'a [PathBuf],
        (verifications, stage_scores, rosters): (&'a [PathBuf], &'a [PathBuf], &'a [PathBuf]),
        lang: crate::lang::Lang,
        deadline: Option<kip_index::Moment>,
    ) -> score::Inputs<'a> {
        score::Inputs {
            instrument,
            submissions,
            verifications,
            stage_scores,
            rosters,
            without_stage_scores: false,
            allow_rejected: true,
            lang,
            format: score::Format::Json,
            strict: false,
            deadline,
            decree: None,
            amends: None,
            output: None,
            annex: kip_index::AnnexRanks::All,
            letterhead: kip_index::Letterhead::default(),
            table_for_terminal: false,
        }
    }
}

/// What a published report and workbook add: the annex's layout and the commission's
/// heading (`kip report`, `kip score -o results.xlsx`).
#[derive(clap::Args)]
pub(crate) struct PublishArgs {
    /// Which bodies of the annex (*Lampiran*: the ranked list per category, as a
    /// decree publishes it) carry a rank: `all` scored bodies, or only those of the
    /// `top` qualification (Informatif), the others listed by qualification in score
    /// order (Komisi Informasi Pusat's layout), or every body listed by `qualification`
    /// and ranked within it (KI Pusat 2025: "fourth among the Menuju Informatif").
    #[arg(long, value_enum, default_value_t = AnnexRanks::All)]
    pub(crate) annex_ranks: AnnexRanks,
    #[command(flatten)]
    pub(crate) letterhead: crate::letterhead::LetterheadArgs,
}

/// `--annex-ranks`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum AnnexRanks {
    /// Every scored body ranked.
    All,
    /// Only the top qualification ranked.
    Top,
    /// Listed by qualification, each body ranked within its category's qualification.
    Qualification,
}

impl PublishArgs {
    /// The inputs with the annex's layout and the heading set.
    pub(crate) fn apply<'a>(
        &self,
        mut inputs: score::Inputs<'a>,
    ) -> Result<score::Inputs<'a>, String> {
        inputs.annex = match self.annex_ranks {
            AnnexRanks::All => kip_index::AnnexRanks::All,
            AnnexRanks::Top => kip_index::AnnexRanks::TopQualification,
            AnnexRanks::Qualification => kip_index::AnnexRanks::ByQualification,
        };
        inputs.letterhead = self.letterhead.resolve()?;
        // The letterhead's decree is the decree the results are published under: the
        // results JSON says it too (`decree`), with its date when given.
        let dated = (self.letterhead.decree_date.as_deref()).is_some_and(|d| !d.trim().is_empty());
        if dated && inputs.letterhead.decree.is_none() {
            return Err(crate::terminal::pick(
                "--decree-date memerlukan nomor keputusan (--decree), ternyata kosong",
                "--decree-date needs the decree's number (--decree), found it empty",
            )
            .to_owned());
        }
        inputs.decree = inputs.letterhead.decree.as_ref().map(|number| {
            let decree = kip_index::Decree::new(number.clone());
            match &self.letterhead.decree_date {
                Some(date) if !date.trim().is_empty() => decree.dated(date.clone()),
                _ => decree,
            }
        });
        Ok(inputs)
    }
}

/// The separator and decimal mark of a CSV output.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum CsvLocale {
    /// A comma between cells, a decimal point.
    Intl,
    /// Indonesian Excel: a semicolon between cells, a decimal comma.
    Id,
}

impl CsvLocale {
    /// The CSV style it names.
    pub(crate) fn style(self) -> kip_index::CsvStyle {
        match self {
            CsvLocale::Intl => kip_index::CsvStyle::STANDARD,
            CsvLocale::Id => kip_index::CsvStyle::INDONESIAN,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum OutputFormat {
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
    /// The results as one table in Parquet (Snappy), for DuckDB, pandas, polars (use
    /// `--output`).
    Parquet,
}

/// An output file whose extension names no format, refused rather than filled with
/// JSON under a name that promises something else (`hasil.pdf`).
pub(crate) fn unknown_extension(path: &Path, known: &str) -> String {
    let extension = (path.extension()).map_or(String::new(), |e| e.to_string_lossy().into_owned());
    let shown = path.display();
    match crate::terminal::language() {
        kip_index::Language::English => format!(
            "no format is known for `.{extension}` ({shown}): give --format, or a name ending \
             in {known}"
        ),
        _ => format!(
            "tidak tahu format untuk `.{extension}` ({shown}): berikan --format, atau nama \
             berakhiran {known}"
        ),
    }
}

/// An output `path` whose extension names no format (`knows` false) refused, after an
/// input named as the output (the graver mistake); a name without an extension passes.
pub(crate) fn known_output(
    path: &Path,
    inputs: &[&Path],
    knows: bool,
    known: &str,
) -> Result<(), String> {
    if path.extension().is_none() || knows {
        return Ok(());
    }
    crate::output::check_not_an_input(path, inputs)?;
    Err(unknown_extension(path, known))
}

impl OutputFormat {
    /// The format a file name asks for by its extension, if any.
    pub(crate) fn from_extension(path: &Path) -> Option<OutputFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "json" => OutputFormat::Json,
            "csv" => OutputFormat::Csv,
            "xlsx" => OutputFormat::Xlsx,
            "html" | "htm" => OutputFormat::Html,
            "txt" => OutputFormat::Table,
            "parquet" => OutputFormat::Parquet,
            _ => return None,
        })
    }
}
