//! `kip score`: reads the files into a library `Batch` (JSON Lines streamed a line at a
//! time), and writes the ranked results.

use crate::args::{BatchArgs, CsvLocale, OutputFormat};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use kip_index::{Batch, Framing, Instrument, NamedBytes, NamedText, Plan, Report, Results};

use crate::files::read_text;
use crate::lang::PickWords as _;

/// The arguments of `kip score`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// The output format; without it, the output file's extension decides (`.csv`,
    /// `.xlsx`, `.html`, `.txt` for the table; JSON otherwise), and without a file the
    /// table is printed on a terminal, JSON when standard output is piped or redirected.
    #[arg(long, value_enum)]
    pub(crate) format: Option<OutputFormat>,
    /// Write the results to this file (atomically: a temporary file renamed into
    /// place) instead of standard output.
    #[arg(long, short)]
    pub(crate) output: Option<PathBuf>,
    /// With `--format csv`: write text cells exactly as given. By default a cell
    /// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
    /// `'`, so that a spreadsheet shows it instead of running it as a formula.
    #[arg(long)]
    pub(crate) csv_raw: bool,
    /// With `--format csv`: `id` writes for Excel set to Indonesian (`;` between
    /// cells, a decimal comma); `intl`, the default, a comma and a decimal point.
    #[arg(long, value_enum, default_value_t = CsvLocale::Intl)]
    pub(crate) csv_locale: CsvLocale,
    #[command(flatten)]
    pub(crate) publish: crate::args::PublishArgs,
}

/// `kip score`: the format from `--format` or the output's extension, then [`run`].
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    // Neither a format nor a file, on a terminal: the table a person reads (and one line
    // on how to get JSON); piped or redirected, JSON as a program reads it.
    let for_terminal = args.format.is_none()
        && args.output.is_none()
        && std::io::IsTerminal::is_terminal(&std::io::stdout());
    // A file named with an extension no format has (`hasil.pdf`) is refused, not
    // filled with JSON; a name without one gets JSON.
    if let (None, Some(path)) = (args.format, args.output.as_deref()) {
        let knows = OutputFormat::from_extension(path).is_some();
        let known = ".json, .csv, .xlsx, .html, .txt, .parquet";
        crate::args::known_output(path, &args.batch.input_paths(), knows, known)?;
    }
    let format = args
        .format
        .or_else(|| {
            args.output
                .as_deref()
                .and_then(OutputFormat::from_extension)
        })
        .unwrap_or(match for_terminal {
            true => OutputFormat::Table,
            false => OutputFormat::Json,
        });
    let format = match format {
        OutputFormat::Json => Format::Json,
        OutputFormat::Html => Format::Html,
        OutputFormat::Csv => {
            let style = args.csv_locale.style();
            Format::Csv(if args.csv_raw { style.raw() } else { style })
        }
        OutputFormat::Table => Format::Table,
        OutputFormat::Xlsx => Format::Xlsx,
        OutputFormat::Parquet => Format::Parquet,
    };
    let mut inputs = args.batch.inputs(format, args.output.as_deref());
    inputs.table_for_terminal = for_terminal;
    run(&args.publish.apply(inputs)?)
}

#[derive(Clone, Copy)]
pub(crate) enum Format {
    Json,
    Csv(kip_index::CsvStyle),
    Table,
    Html,
    Xlsx,
    Parquet,
}

pub(crate) struct Inputs<'a> {
    pub instrument: &'a Path,
    pub submissions: &'a [PathBuf],
    pub verifications: &'a [PathBuf],
    pub stage_scores: &'a [PathBuf],
    pub rosters: &'a [PathBuf],
    pub without_stage_scores: bool,
    pub allow_rejected: bool,
    pub lang: crate::lang::Lang,
    pub format: Format,
    pub strict: bool,
    /// `--deadline`: replaces the instrument's.
    pub deadline: Option<kip_index::Moment>,
    /// `--decree` (and `--decree-date`).
    pub decree: Option<kip_index::Decree>,
    /// `--amends OLD.json --reason TEXT`.
    pub amends: Option<(&'a Path, &'a str)>,
    pub output: Option<&'a Path>,
    /// Which bodies of the annex carry a rank (report and workbook).
    pub annex: kip_index::AnnexRanks,
    /// The commission's heading (report).
    pub letterhead: kip_index::Letterhead,
    /// The table was chosen for a terminal (no `--format`, no `-o`): say how to get JSON.
    pub table_for_terminal: bool,
}

pub(crate) fn run(inputs: &Inputs) -> Result<ExitCode, String> {
    {
        use std::io::IsTerminal;
        let binary = match inputs.format {
            Format::Xlsx => Some(("buku kerja", "a workbook", "xlsx")),
            Format::Parquet => Some(("tabel Parquet", "a Parquet table", "parquet")),
            _ => None,
        };
        if let Some((apa, what, extension)) = binary
            && inputs.output.is_none()
            && std::io::stdout().is_terminal()
        {
            return Err(crate::terminal::binary_refused((apa, what), extension));
        }
    }
    if let Some(output) = inputs.output {
        crate::output::check_not_an_input(output, &input_paths(inputs))?;
    }
    let (instrument, results, read) = scored(inputs)?;

    let write = |out: &mut dyn std::io::Write| match inputs.format {
        Format::Json => results.write_json(out),
        Format::Csv(style) => out.write_all(results.to_csv_with(style).as_bytes()),
        Format::Table => {
            let table = crate::table::render(&results, &instrument, inputs.lang);
            out.write_all(table.as_bytes())
        }
        Format::Html => {
            let (provenance, today) = (provenance(inputs), crate::html::today());
            let mut page = kip_index::ReportPage::new(&instrument, &results);
            page.language = inputs.lang.language();
            page.inputs = &provenance;
            page.annex_ranks = inputs.annex;
            page.letterhead = &inputs.letterhead;
            page.made = &today;
            out.write_all(page.html().as_bytes())
        }
        Format::Xlsx => {
            let annex = kip_index::Annex::of(&instrument, &results, inputs.annex);
            let bytes = kip_index::results_workbook(
                &results,
                &instrument,
                inputs.lang.language(),
                &annex,
                &inputs.letterhead,
            )
            .map_err(|e| std::io::Error::other(e.message_in(inputs.lang.language())))?;
            out.write_all(&bytes)
        }
        Format::Parquet => crate::parquet_file::write(&results, out),
    };
    crate::output::write_out(inputs.output, write)?;
    report(&results, read);
    if inputs.table_for_terminal {
        crate::terminal::say(format_args!(
            "kip: {}",
            crate::terminal::pick(
                "tabel ini untuk dibaca; untuk JSON tambahkan --format json (atau -o hasil.json)",
                "this table is for reading; for JSON add --format json (or -o results.json)"
            )
        ));
    }
    // 1 when something was rejected, unless the caller said rejections are expected.
    let code = ExitCode::from(u8::from(
        !results.rejected.is_empty() && !inputs.allow_rejected,
    ));
    // The process ends here: freeing a national batch's scorecards one by one would
    // only delay the exit.
    std::mem::forget(results);
    Ok(code)
}

/// Every input file of a batch, instrument first.
pub(crate) fn input_paths<'a>(inputs: &'a Inputs) -> Vec<&'a Path> {
    std::iter::once(inputs.instrument)
        .chain(inputs.submissions.iter().map(PathBuf::as_path))
        .chain(inputs.verifications.iter().map(PathBuf::as_path))
        .chain(inputs.stage_scores.iter().map(PathBuf::as_path))
        .chain(inputs.rosters.iter().map(PathBuf::as_path))
        .chain(inputs.amends.map(|(path, _)| path))
        .collect()
}

/// The batch read and scored: the instrument, the results (warnings included) and how
/// many submissions were read.
pub(crate) fn scored(inputs: &Inputs) -> Result<(Instrument, Results, usize), String> {
    // The results amended are read first, as any input (within the limits): a run that
    // cannot say what it amends stops before scoring.
    let amended = match inputs.amends {
        Some((path, reason)) => Some((path, reason, crate::files::read_amended(path)?)),
        None => None,
    };
    let plan = planned(inputs)?;
    let instrument = plan.instrument().clone();
    let (batch, twice) = loaded(inputs, &plan)?;
    let read = batch.submissions_read();
    let mut results = batch.finish();
    results.warnings.splice(0..0, twice);
    results.language = inputs.lang.language();
    results.decree = inputs.decree.clone();
    if let Some((path, reason, (text, sha256))) = amended {
        let amendment = kip_index::amendment(&text, &sha256, reason, &results).map_err(|r| {
            crate::terminal::problems(
                (
                    "tidak dapat membuat perubahan keputusan",
                    "cannot make the amendment",
                ),
                &r.in_file(&path.display().to_string()),
            )
        })?;
        results.amendment = Some(amendment);
    }
    drop(plan);
    Ok((instrument, results, read))
}

/// The instrument of `inputs` planned, strict and with the deadline as they say.
pub(crate) fn planned(inputs: &Inputs) -> Result<Plan, String> {
    let plan = load_plan(inputs.instrument)?.strict(inputs.strict);
    Ok(match &inputs.deadline {
        Some(deadline) => plan.with_deadline(deadline.clone()),
        None => plan,
    })
}

/// Every file of `inputs` added to a batch of `plan`, as `kip score` reads them (the
/// side files first, the submissions streamed): the batch and the warnings of files
/// named twice. What `kip score` finishes and `kip progress` reads.
pub(crate) fn loaded<'p>(
    inputs: &Inputs,
    plan: &'p Plan,
) -> Result<(Batch<'p>, Vec<kip_index::Warning>), String> {
    let mut batch = Batch::new(plan);
    if inputs.without_stage_scores {
        batch = batch.without_stage_scores();
    }
    // Verification, stage scores and rosters shape every body's score: a problem in them
    // stops the run rather than change scores unseen, and is told before anything the
    // submissions hold. Their bytes are read first (a file that cannot be read stops the
    // run at once). When every submission is a regular file, their records are read on
    // one core while the submissions are read on the others, which stop at their next
    // piece once the side files are known bad; a pipe or a FIFO is not opened until the
    // side files are known good (it may wait for a writer, and cannot be read again).
    let (side_files, side_twice) = crate::files::side_files(inputs)?;
    let named = || {
        side_files
            .iter()
            .map(|(role, name, bytes)| (*role, NamedBytes::new(name, bytes)))
    };
    let regular =
        (inputs.submissions.iter()).all(|p| std::fs::metadata(p).is_ok_and(|m| m.is_file()));
    let stop = AtomicBool::new(false);
    let twice = if regular {
        let (side, loaded) = rayon::join(
            || {
                let side = kip_index::SideFiles::read(plan, named());
                if side.has_problems() {
                    stop.store(true, Ordering::Relaxed);
                }
                side
            },
            || load_all_submissions(inputs, &mut batch, &stop),
        );
        batch
            .add_read_side_files(side)
            .map_err(|report| cannot_score(&report))?;
        // The reading stopped early only for side files that then fail: if they did not,
        // some submissions were never read, and no result may be given without them.
        if stop.load(Ordering::Relaxed) {
            return Err(crate::terminal::pick(
                "tidak dapat menilai: pembacaan pengajuan terhenti karena berkas pendamping \
                 tampak bermasalah, padahal tidak; nilai ulang (ini kesalahan kip, mohon laporkan)",
                "cannot score: the submissions' reading stopped for side files that looked \
                 wrong but are not; score again (this is a fault of kip's: please report it)",
            )
            .to_owned());
        }
        loaded?
    } else {
        batch
            .add_side_files(named())
            .map_err(|report| cannot_score(&report))?;
        load_all_submissions(inputs, &mut batch, &stop)?
    };
    // Read: their bytes are not kept through the national run's peak.
    drop(side_files);
    Ok((batch, side_twice.into_iter().chain(twice).collect()))
}

/// Adds every submission file to the batch, each file once: the same file named again
/// is a warning (returned), not a second copy of its bodies.
fn load_all_submissions(
    inputs: &Inputs,
    batch: &mut Batch,
    stop: &AtomicBool,
) -> Result<Vec<kip_index::Warning>, String> {
    let mut twice = Vec::new();
    for (k, path) in inputs.submissions.iter().enumerate() {
        let earlier = inputs.submissions.get(..k).unwrap_or_default();
        if let Some(first) = earlier.iter().find(|e| crate::output::same_file(e, path)) {
            twice.push(kip_index::Warning::same_file_twice(
                path.display().to_string(),
                first.display().to_string(),
            ));
            continue;
        }
        load_submissions(path, batch, stop)?;
    }
    Ok(twice)
}

/// What went wrong, on standard error, for people.
pub(crate) fn report(results: &Results, read: usize) {
    let mut shown = crate::terminal::Capped::default();
    let language = results.language;
    for (file, same, total, example) in same_reasons(results) {
        let message = example.message_in(language);
        let at = match example.path.is_empty() {
            true => String::new(),
            false => format!(" {} {}", language.pick_words("di", "at"), example.path),
        };
        let line = match language {
            kip_index::Language::English => format!(
                "kip: {file}: {same} of its {total} rejected submission(s) fail the same \
                 way{at}, for example: {message}"
            ),
            _ => format!(
                "kip: {file}: {same} dari {total} pengajuan yang ditolak gagal dengan cara \
                 yang sama{at}, misalnya: {message}"
            ),
        };
        shown.summarise(file, format_args!("{line}"));
    }
    let rejected_word = language.pick_words("ditolak", "rejected");
    for rejected in &results.rejected {
        let file = rejected.source.file.as_str();
        for problem in &rejected.errors {
            if !shown.admit(file) {
                continue;
            }
            let at = if problem.path.is_empty() {
                String::new()
            } else {
                format!("{}: ", problem.path)
            };
            crate::terminal::say(format_args!(
                "kip: {rejected_word} {}: {at}{}",
                rejected.source,
                problem.message_in(language)
            ));
        }
    }
    shown.tell();
    for warning in &results.warnings {
        say_warning(warning, language);
    }
    if let Some(rollup) = &results.rollup {
        let score = rollup.score.map_or(
            language.pick_words("tanpa nilai", "no value").to_owned(),
            |s| crate::lang::Lang::of(language).words().number(s.rounded()),
        );
        crate::terminal::say(format_args!(
            "kip: {} ({}): {score}",
            rollup.name, rollup.id
        ));
    }
    let (scored, rejected) = (results.results.len(), results.rejected.len());
    let late = (results.not_assessed.iter())
        .filter(|b| b.reason == kip_index::NotAssessedReason::Late)
        .count();
    let silent = results.not_assessed.len() - late;
    let late = match (late, language) {
        (0, _) => String::new(),
        (n, kip_index::Language::English) => format!(", {n} not assessed (late)"),
        (n, _) => format!(", {n} tidak dinilai (terlambat)"),
    };
    match language {
        kip_index::Language::English => crate::terminal::say(format_args!(
            "kip: read {read} submission(s): scored {scored} bodies, rejected {rejected} \
             submission(s), {silent} not assessed (submitted nothing){late}"
        )),
        _ => crate::terminal::say(format_args!(
            "kip: {read} pengajuan dibaca: {scored} badan publik dinilai, {rejected} pengajuan \
             ditolak, {silent} tidak dinilai (tidak mengirim){late}"
        )),
    }
}

/// One warning on standard error: ten bodies named (the results name every one), and
/// the command line's advice where the library's sentence gives none.
pub(crate) fn say_warning(warning: &kip_index::Warning, language: kip_index::Language) {
    let mut message = warning.message_naming(language, 10);
    if let kip_index::Warning::StageScoresMissing { files, .. } = warning
        && files.is_empty()
    {
        message.push_str(language.pick_words(
            " (kip: berikan dengan --stage-scores BERKAS, atau nyatakan bahwa penilaian \
             memang tanpa nilai tahap dengan --without-stage-scores)",
            " (kip: give them with --stage-scores FILE, or say the run is meant without \
             them with --without-stage-scores)",
        ));
    }
    let label = language.pick_words("peringatan", "warning");
    crate::terminal::say(format_args!("kip: {label}: {message}"));
}

/// Every input's name and SHA-256, for the report to say what it was made from.
fn provenance(inputs: &Inputs) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    let all = std::iter::once(inputs.instrument)
        .chain(inputs.submissions.iter().map(PathBuf::as_path))
        .chain(inputs.verifications.iter().map(PathBuf::as_path))
        .chain(inputs.stage_scores.iter().map(PathBuf::as_path))
        .chain(inputs.rosters.iter().map(PathBuf::as_path));
    all.map(|path| {
        let digest = std::fs::File::open(path).and_then(|mut file| {
            use std::io::Read;
            let (mut hasher, mut buffer) = (Sha256::new(), vec![0u8; 1 << 20]);
            loop {
                let n = file.read(&mut buffer)?;
                match buffer.get(..n) {
                    Some(read) if n > 0 => hasher.update(read),
                    _ => break,
                }
            }
            Ok(hasher.finalize())
        });
        let hex = digest.map_or_else(
            |e| format!("({e})"),
            |d| d.iter().map(|b| format!("{b:02x}")).collect(),
        );
        (path.display().to_string(), hex)
    })
    .collect()
}

/// Files most of whose rejections (at least ten) share their first problem's kind and
/// path — a file for another instrument, in another framing: (file, how many share it,
/// how many in all, the first such problem), so that one line can say so first.
fn same_reasons(results: &Results) -> Vec<(&str, usize, usize, &kip_index::Problem)> {
    use std::collections::BTreeMap;
    type Reasons<'a> = BTreeMap<(kip_index::ProblemKind, &'a str), (usize, &'a kip_index::Problem)>;
    let mut files: BTreeMap<&str, (usize, Reasons)> = BTreeMap::new();
    for rejected in &results.rejected {
        let Some(first) = rejected.errors.first() else {
            continue;
        };
        let (total, reasons) = files.entry(rejected.source.file.as_str()).or_default();
        *total += 1;
        reasons
            .entry((first.kind(), first.path.as_str()))
            .or_insert((0, first))
            .0 += 1;
    }
    files
        .into_iter()
        .filter_map(|(file, (total, reasons))| {
            let (same, example) = reasons.into_values().max_by_key(|(n, _)| *n)?;
            (same >= 10 && 2 * same >= total).then_some((file, same, total, example))
        })
        .collect()
}

/// The instrument planned, or the reason the run cannot go on (exit status 2).
fn load_plan(path: &Path) -> Result<Plan, String> {
    let name = path.display().to_string();
    let text = read_text(path)?.map_err(|p| cannot_score(&Report::from(p)))?;
    kip_index::plan_of(NamedText::new(&name, &text)).map_err(|r| cannot_score(&r))
}

fn cannot_score(report: &Report) -> String {
    crate::terminal::problems(("tidak dapat menilai", "cannot score"), report)
}

/// Adds a submission file to the batch: JSON Lines a line at a time, JSON whole. A file
/// that cannot be read as text or JSON is one rejected input.
///
/// `stop` set (the side files are bad: nothing will be scored) ends the reading at the
/// next piece.
fn load_submissions(path: &Path, batch: &mut Batch, stop: &AtomicBool) -> Result<(), String> {
    if stop.load(Ordering::Relaxed) {
        return Ok(());
    }
    let name = path.display().to_string();
    let framing = Framing::from_file_name(&name);
    if framing == Framing::JsonLines {
        return load_json_lines(path, &name, batch, stop);
    }
    // In pieces only from a regular file that is no workbook by name: a pipe cannot be
    // read again whole when the array is not plain.
    let regular = std::fs::metadata(path).is_ok_and(|m| m.is_file());
    if framing == Framing::Json
        && regular
        && !crate::files::is_workbook(path)
        && load_json_array(path, &name, batch, stop)?
    {
        return Ok(());
    }
    let bytes = crate::files::read_bytes(path)?;
    batch.add_submissions_bytes(&name, &bytes);
    Ok(())
}

/// Reads a JSON Lines file in pieces of whole lines (about 8 MB each), each read and
/// reduced on every core by the library while the next piece is read from the file, so
/// memory stays bounded by two pieces — whatever the file is: a line past the record
/// limit is kept only up to it (and rejected), the rest of it skipped; a stream (a
/// FIFO, a device) is read no further than the file-size limit.
fn load_json_lines(
    path: &Path,
    name: &str,
    batch: &mut Batch,
    stop: &AtomicBool,
) -> Result<(), String> {
    let cannot = |e: std::io::Error| crate::terminal::cannot_read(path, &e);
    crate::files::check_size(path)?;
    let limits = kip_index::Limits::DEFAULT;
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    // Two buffers, swapped: a fresh 8 MB buffer a piece would leave holes in the heap
    // that the batch's small allocations then pin.
    let mut piece = Vec::with_capacity(PIECE + (64 << 10));
    let mut next = Vec::with_capacity(PIECE + (64 << 10));
    let mut skipped = next_piece(&mut reader, &mut piece, limits.max_line_bytes).map_err(cannot)?;
    let mut total = (piece.len() + skipped) as u64;
    let mut file = kip_index::JsonLinesFile::new(batch, name);
    while !piece.is_empty() && !stop.load(Ordering::Relaxed) {
        if total > limits.max_file_bytes {
            return Err(crate::terminal::too_large(path, limits.max_file_bytes));
        }
        let ((), read) = rayon::join(
            || {
                file.add(batch, &piece);
                file.skip(skipped);
            },
            || next_piece(&mut reader, &mut next, limits.max_line_bytes),
        );
        skipped = read.map_err(cannot)?;
        total += (next.len() + skipped) as u64;
        std::mem::swap(&mut piece, &mut next);
    }
    file.finish(batch);
    Ok(())
}

/// Reads a JSON array in pieces (8 MB each), each piece's whole elements reduced on
/// every core by the library while the next is read, so that memory stays bounded by
/// two pieces as for JSON Lines. `false` when the file is not a plain array (an element
/// with a problem, a broken file): the library took back what it added, and the caller
/// reads the file whole, every element where it stands.
fn load_json_array(
    path: &Path,
    name: &str,
    batch: &mut Batch,
    stop: &AtomicBool,
) -> Result<bool, String> {
    use std::io::Read;
    let cannot = |e: std::io::Error| crate::terminal::cannot_read(path, &e);
    crate::files::check_size(path)?;
    let max = kip_index::Limits::DEFAULT.max_file_bytes;
    let mut reader = std::fs::File::open(path).map_err(cannot)?;
    let mut read = |buffer: &mut Vec<u8>| -> std::io::Result<()> {
        buffer.clear();
        (&mut reader)
            .take(PIECE as u64)
            .read_to_end(buffer)
            .map(|_| ())
    };
    let mut piece = Vec::with_capacity(PIECE);
    let mut next = Vec::with_capacity(PIECE);
    read(&mut piece).map_err(cannot)?;
    let mut total = piece.len() as u64;
    let mut file = kip_index::JsonArrayFile::new(batch, name);
    let mut plain = true;
    while plain && !piece.is_empty() {
        if stop.load(Ordering::Relaxed) {
            return Ok(true); // nothing will be scored: no whole read either
        }
        if total > max {
            return Err(crate::terminal::too_large(path, max));
        }
        let (added, more) = rayon::join(|| file.add(batch, &piece), || read(&mut next));
        more.map_err(cannot)?;
        plain = added;
        total += next.len() as u64;
        std::mem::swap(&mut piece, &mut next);
    }
    Ok(plain && file.finish(batch))
}

/// The size of a piece of a JSON Lines file read at once.
const PIECE: usize = 8 << 20;

/// Reads the next piece of whole lines into `piece`: about 8 MB, then on to the end of
/// the line it stopped in. Empty at the end of the file.
///
/// A last line longer than `max_line` bytes (a file with no line breaks, `/dev/zero`)
/// is kept only that far — enough for the library to reject it as too long — and the
/// rest of it, its line break included, is read and dropped: returns how many bytes
/// were, so that the file's byte offsets stay right.
fn next_piece(
    reader: &mut impl std::io::BufRead,
    piece: &mut Vec<u8>,
    max_line: usize,
) -> std::io::Result<usize> {
    use std::io::{BufRead, Read};
    piece.clear();
    reader.take(PIECE as u64).read_to_end(piece)?;
    if piece.is_empty() || piece.ends_with(b"\n") {
        return Ok(0);
    }
    let before = piece.len();
    reader
        .by_ref()
        .take(max_line as u64 + 1)
        .read_until(b'\n', piece)?;
    if piece.ends_with(b"\n") || piece.len() - before <= max_line {
        return Ok(0);
    }
    let mut skipped = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(skipped);
        }
        match buffer.iter().position(|b| *b == b'\n') {
            Some(end) => {
                reader.consume(end + 1);
                return Ok(skipped + end + 1);
            }
            None => {
                let n = buffer.len();
                reader.consume(n);
                skipped += n;
                // A stream without line breaks is read no further than a file may be.
                if skipped as u64 > kip_index::Limits::DEFAULT.max_file_bytes {
                    return Ok(skipped);
                }
            }
        }
    }
}
