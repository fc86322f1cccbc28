//! `kip cards`: a report card (*rapor*) for every scored body — a folder with
//! `index.html` and one page per body, one printable document (`OUT.html`, one card per
//! A4 page), or the cards' JSON (`OUT.json`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::{
    Plan, ReportCard, ReportCards, StageScore, Submission, Verification, read_stage_scores,
    read_verifications,
};

use crate::args::BatchArgs;
use crate::letterhead::LetterheadArgs;
use kip_index::CardPages;

/// The arguments of `kip cards`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) batch: BatchArgs,
    /// Where to write: a folder (`index.html` and one `BODY.html` per body, named
    /// safely from its id), a file ending in `.html` (one printable document, one card
    /// per A4 page), or in `.json` (every card's JSON, `report-card.schema.json`).
    #[arg(long, short = 'o', visible_alias = "output", required = true)]
    pub(crate) out: PathBuf,
    /// Only this body's card, by agency id (repeat for several).
    #[arg(long)]
    pub(crate) agency: Vec<String>,
    #[command(flatten)]
    pub(crate) letterhead: LetterheadArgs,
}

/// What `-o` asks for.
enum Target {
    Folder,
    Document,
    Json,
}

/// `kip cards`.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    let letterhead = args.letterhead.resolve()?;
    let extension = (args.out.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let target = match extension.as_deref() {
        Some("html" | "htm") => Target::Document,
        Some("json") => Target::Json,
        _ => Target::Folder,
    };
    let inputs = args.batch.inputs(crate::score::Format::Json, None);
    let paths = crate::score::input_paths(&inputs);
    if !matches!(target, Target::Folder) {
        crate::output::check_not_an_input(&args.out, &paths)?;
    } else if args.out.exists() && !args.out.is_dir() {
        return Err(format!(
            "{} {}: {}",
            crate::terminal::pick("tidak dapat menulis rapor ke", "cannot write the cards to"),
            args.out.display(),
            crate::terminal::pick(
                "seharusnya folder (atau nama berkas berakhiran .html atau .json), ternyata \
                 berkas yang sudah ada",
                "expected a folder (or a file name ending in .html or .json), found an \
                 existing file"
            )
        ));
    }
    let (instrument, results, read) = crate::score::scored(&inputs)?;
    crate::score::report(&results, read);
    let wanted: Option<BTreeSet<String>> =
        (!args.agency.is_empty()).then(|| args.agency.iter().cloned().collect());
    if let Some(wanted) = &wanted {
        check_wanted(wanted, &results)?;
    }
    let plan = Plan::new(&instrument)
        .map(|p| p.strict(inputs.strict))
        .map_err(|r| {
            crate::terminal::problems(("tidak dapat membuat rapor", "cannot make the cards"), &r)
        })?;
    let (submissions, verifications, stage_scores) = bodies(args, &instrument)?;
    let book = ReportCards::new(&plan, &results);
    let mut cards = Vec::new();
    let mut failed = false;
    for (id, card) in book.cards_for(&submissions, &verifications, &stage_scores, wanted.as_ref()) {
        match card {
            Ok(card) => cards.push(card),
            Err(report) => {
                failed = true;
                let said = crate::terminal::problems(
                    (
                        &format!("tidak dapat membuat rapor `{id}`"),
                        &format!("cannot make the card of `{id}`"),
                    ),
                    &report,
                );
                // A line each (the heading first, as every line of kip's begins).
                for (k, line) in said.lines().enumerate() {
                    let kip = if k == 0 { "kip: " } else { "  " };
                    crate::terminal::say(format_args!("{kip}{line}"));
                }
            }
        }
    }
    let style = CardPages {
        language: inputs.lang.language(),
        letterhead: &letterhead,
        instrument: &instrument.name,
        decimals: instrument.decimals,
    };
    match target {
        Target::Json => {
            let text = serde_json::to_string_pretty(&cards).map_err(|e| e.to_string())?;
            crate::output::write_file(&args.out, |out| {
                out.write_all(text.as_bytes())?;
                out.write_all(b"\n")
            })?;
        }
        Target::Document => {
            let page = style.document(&cards);
            crate::output::write_file(&args.out, |out| out.write_all(page.as_bytes()))?;
        }
        Target::Folder => write_folder(&args.out, &cards, &style, &paths)?,
    }
    crate::terminal::say(format_args!(
        "kip: {} {} → {}",
        cards.len(),
        crate::terminal::pick("rapor ditulis", "cards written"),
        args.out.display()
    ));
    let rejected = !results.rejected.is_empty() && !inputs.allow_rejected;
    Ok(ExitCode::from(u8::from(rejected || failed)))
}

/// Every `--agency` must name a scored body: a typo, a rejected or an absent body is
/// said before anything is written.
fn check_wanted(wanted: &BTreeSet<String>, results: &kip_index::Results) -> Result<(), String> {
    let scored: BTreeSet<&str> = (results.results.iter())
        .map(|c| c.agency.id.as_str())
        .collect();
    let mut problems = Vec::new();
    for id in wanted.iter().filter(|id| !scored.contains(id.as_str())) {
        let shown = crate::terminal::printable(id);
        let rejected = (results.rejected.iter()).find(|r| r.agency.as_deref() == Some(id));
        let absent = (results.not_assessed.iter()).find(|a| &a.agency.id == id);
        let late = absent.and_then(|a| a.submitted_at.as_ref());
        problems.push(match rejected {
            None if let Some(time) = late => format!(
                "`{shown}`: {} {}, {} {}){}",
                crate::terminal::pick(
                    "Tidak Dinilai (terlambat: dikirim",
                    "not assessed (late: sent"
                ),
                crate::terminal::printable(time.as_str()),
                crate::terminal::pick("setelah batas waktu", "after the deadline"),
                (results.deadline.as_ref()).map_or("", |d| d.as_str()),
                crate::terminal::pick(", tidak ada rapor", ": no card")
            ),
            None if absent.is_some() => format!(
                "`{shown}`: {}",
                crate::terminal::pick(
                    "Tidak Dinilai (tidak mengirim SAQ), tidak ada rapor",
                    "not assessed (submitted nothing): no card"
                )
            ),
            Some(r) => format!(
                "`{shown}`: {} ({})",
                crate::terminal::pick(
                    "pengajuannya ditolak, tidak ada rapor",
                    "its submission was rejected: no card"
                ),
                crate::terminal::printable(&r.source.to_string())
            ),
            None => format!(
                "`{shown}`: {}",
                crate::terminal::pick(
                    "tidak ada dalam penilaian ini",
                    "is not among the bodies scored"
                )
            ),
        });
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!(
        "{}: {}",
        crate::terminal::pick("tidak dapat membuat rapor", "cannot make the cards"),
        problems.join("; ")
    ))
}

type Inputs = (Vec<Submission>, Vec<Verification>, Vec<StageScore>);

/// The batch's records read again, for the bodies' answers: every valid submission
/// (a file given twice is read once, as the batch did), verification and stage score.
fn bodies(args: &Args, instrument: &kip_index::Instrument) -> Result<Inputs, String> {
    let mut submissions = Vec::new();
    for (k, path) in args.batch.submissions.iter().enumerate() {
        let earlier = args.batch.submissions.get(..k).unwrap_or_default();
        if earlier.iter().any(|e| crate::output::same_file(e, path)) {
            continue;
        }
        let checked = crate::files::submission_records(path, instrument)?;
        // A late questionnaire is not scored (the batch lists it): nor carded.
        let deadline = instrument.deadline.as_ref();
        submissions.extend(
            (checked.records.into_iter())
                .filter_map(|r| r.value.ok())
                .filter(|s| !s.is_late(deadline)),
        );
    }
    let mut verifications = Vec::new();
    for path in &args.batch.verification {
        let checked = crate::files::check_file(path, |t, f| read_verifications(t, f, instrument))?;
        verifications.extend(checked.records.into_iter().filter_map(|r| r.value.ok()));
    }
    let mut stage_scores = Vec::new();
    for path in &args.batch.stage_scores {
        let checked = crate::files::check_file(path, |t, f| read_stage_scores(t, f, instrument))?;
        stage_scores.extend(checked.records.into_iter().filter_map(|r| r.value.ok()));
    }
    Ok((submissions, verifications, stage_scores))
}

/// `index.html` and one page per card, each under a safe name of its id.
fn write_folder(
    folder: &Path,
    cards: &[ReportCard],
    style: &CardPages,
    inputs: &[&Path],
) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|e| {
        format!(
            "{} {}: {e}",
            crate::terminal::pick("tidak dapat membuat folder", "cannot create the folder"),
            folder.display()
        )
    })?;
    let ids: Vec<&str> = cards.iter().map(|c| c.agency.id.as_str()).collect();
    let names = kip_index::file_names(&ids);
    stale_pages(folder, &names);
    let index = folder.join("index.html");
    for (card, name) in cards.iter().zip(&names) {
        let path = folder.join(format!("{name}.html"));
        crate::output::check_not_an_input(&path, inputs)?;
        let page = style.card_page(card, Some("index.html"));
        crate::output::write_file(&path, |out| out.write_all(page.as_bytes()))?;
    }
    crate::output::check_not_an_input(&index, inputs)?;
    let page = style.index_page(cards, &names);
    crate::output::write_file(&index, |out| out.write_all(page.as_bytes()))
}

/// Pages already in the folder that this run does not write (a body since rejected, a
/// run with `--agency`, another file): left alone, and said, so that an old card is not
/// taken for a current one.
fn stale_pages(folder: &Path, names: &[String]) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let mut others: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f.to_ascii_lowercase().ends_with(".html") && f != "index.html")
        .filter(|f| {
            !names
                .iter()
                .any(|n| f.strip_suffix(".html") == Some(n.as_str()))
        })
        .collect();
    if others.is_empty() {
        return;
    }
    others.sort();
    let some: Vec<String> = (others.iter().take(5))
        .map(|f| format!("`{}`", crate::terminal::printable(f)))
        .collect();
    let more = if others.len() > 5 { ", …" } else { "" };
    crate::terminal::say(format_args!(
        "kip: {}: {} {} ({}{more})",
        crate::terminal::pick("peringatan", "warning"),
        others.len(),
        crate::terminal::pick(
            "halaman lain di folder ini bukan dari penilaian ini dan tidak ada di daftar; \
             hapus bila sudah tidak berlaku",
            "other page(s) in this folder are not from this run and not in its index; \
             delete them if they no longer hold"
        ),
        some.join(", ")
    ));
}
