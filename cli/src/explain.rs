//! `kip explain`: one body's questions, shares and losses, and what to fix first.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::{
    Body, Explanation, Instrument, Plan, Report, read_stage_scores, read_verifications,
};

use crate::files::{check_file, read_text};
use crate::terminal::printable;

/// The arguments of `kip explain`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The instrument JSON file.
    pub(crate) instrument: PathBuf,
    /// Submission files: the body's own, or whole batches (then name the body with
    /// `--agency`). Every rater's submission of the body is combined.
    #[arg(required = true)]
    pub(crate) submissions: Vec<PathBuf>,
    /// The body to explain, by agency id; needed when the files hold several.
    #[arg(long)]
    pub(crate) agency: Option<String>,
    /// A verification file; the body's entry is used. Given several times, the files
    /// are rounds (verification, then the masa sanggah), as in `kip score`.
    #[arg(long)]
    pub(crate) verification: Vec<PathBuf>,
    /// A stage-score file; the body's scores are used.
    #[arg(long = "stage-scores")]
    pub(crate) stage_scores: Option<PathBuf>,
    /// State that the explanation is meant without stage scores (the questionnaire
    /// alone): no warning that the other stages count as the instrument says.
    #[arg(long, conflicts_with = "stage_scores")]
    pub(crate) without_stage_scores: bool,
    /// How many fixes to list, the most worth first (`0`: every one). The JSON
    /// (`--json`) always holds them all.
    #[arg(long, default_value_t = 10)]
    pub(crate) fixes: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub(crate) json: bool,
    /// The deadline, replacing the instrument's: the body's submissions sent after it
    /// are left out, as `kip score` leaves them out.
    #[arg(long, value_name = "TIME", value_parser = crate::args::parse_deadline)]
    pub(crate) deadline: Option<kip_index::Moment>,
    /// The language of the explanation: Indonesian (`id`, the default) or English (`en`).
    #[arg(long, value_enum, default_value_t = crate::lang::Lang::Id)]
    pub(crate) lang: crate::lang::Lang,
}

/// `kip explain`.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    run(&Inputs {
        instrument: &args.instrument,
        submissions: &args.submissions,
        agency: args.agency.as_deref(),
        verification: &args.verification,
        stage_scores: args.stage_scores.as_ref(),
        without_stage_scores: args.without_stage_scores,
        json: args.json,
        fixes: args.fixes,
        lang: args.lang,
        deadline: args.deadline.clone(),
    })
}

pub(crate) struct Inputs<'a> {
    pub instrument: &'a Path,
    pub submissions: &'a [PathBuf],
    pub agency: Option<&'a str>,
    pub verification: &'a [PathBuf],
    pub stage_scores: Option<&'a PathBuf>,
    pub without_stage_scores: bool,
    pub json: bool,
    pub fixes: usize,
    pub lang: crate::lang::Lang,
    pub deadline: Option<kip_index::Moment>,
}

pub(crate) fn run(inputs: &Inputs) -> Result<ExitCode, String> {
    let fail =
        |r: Report| crate::terminal::problems(("tidak dapat menjelaskan", "cannot explain"), &r);

    let name = inputs.instrument.display().to_string();
    let text = read_text(inputs.instrument)?.map_err(|p| fail(Report::from(p)))?;
    let mut instrument = Instrument::from_json(&text).map_err(|r| fail(r.in_file(&name)))?;
    if let Some(deadline) = &inputs.deadline {
        instrument.deadline = Some(deadline.clone());
    }
    let plan = Plan::new(&instrument).map_err(fail)?;
    let (agency, submissions) = pick_body(inputs, &instrument)?;
    // The body as its batch scores it (every file given, as `kip score` reads them): a
    // rank gate needs the others, and the batch rejects what explaining one body alone
    // could not see (a copy from the same rater twice, a stage score past a gate).
    batch_verdict(inputs, &agency)?;
    // The body's entry of each file, the later files rounds that replace the earlier
    // decisions question by question (as a batch takes them).
    let mut verification: Option<kip_index::Verification> = None;
    for path in inputs.verification {
        let checked = check_file(path, |t, f| read_verifications(t, f, &instrument))?;
        if !checked.report.is_empty() {
            return Err(fail(checked.report));
        }
        let entry = (checked.records.into_iter())
            .filter_map(|r| r.value.ok())
            .find(|v| v.agency == agency);
        let round = path
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        let later = !std::ptr::eq(path, inputs.verification.first().unwrap_or(path));
        if let Some(entry) = entry {
            let earlier = verification.take();
            verification = Some(kip_index::Verification::after_file(
                earlier, entry, &round, later,
            ));
        }
    }
    let mut stage_scores = Vec::new();
    if let Some(path) = inputs.stage_scores {
        let checked = check_file(path, |t, f| read_stage_scores(t, f, &instrument))?;
        if !checked.report.is_empty() {
            return Err(fail(checked.report));
        }
        stage_scores = checked
            .records
            .into_iter()
            .filter_map(|r| r.value.ok())
            .filter(|s| s.agency == agency)
            .collect();
    }
    let mut body = Body::default();
    body.submissions = submissions.iter().collect();
    body.verification = verification.as_ref();
    body.stage_scores = stage_scores.iter().collect();
    let explanation = plan.explain(&body).map_err(fail)?;
    // A stage the body takes part in but has no score for counts as the instrument
    // says (0, or the others reweighted): never silently, and the headline claims no
    // qualification the body has not earned — it gives the SAQ and the final's range.
    let mut outlook = None;
    if !inputs.without_stage_scores {
        let files: Vec<String> = inputs
            .stage_scores
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        let warnings = kip_index::Results::stage_warnings(
            &instrument,
            std::slice::from_ref(&explanation.scorecard),
            &files,
        );
        if !warnings.is_empty() {
            outlook = plan.outlook_keeping_scores(&body).ok();
        }
        for warning in warnings {
            crate::score::say_warning(&warning, inputs.lang.language());
        }
    }
    if inputs.json {
        let text = serde_json::to_string_pretty(&explanation).map_err(|e| e.to_string())?;
        crate::terminal::out(format_args!("{text}\n"));
    } else {
        crate::terminal::out(format_args!(
            "{}",
            render(
                &explanation,
                outlook.as_ref(),
                &instrument,
                inputs.lang,
                inputs.fixes
            )
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// What the batch of every file given says of the body: an error (in the terminal's
/// language, with places) when it rejects the body; its warnings about the body (a
/// rejected rater, a late copy) said on standard error.
fn batch_verdict(inputs: &Inputs, agency: &str) -> Result<(), String> {
    let verifications: Vec<PathBuf> = inputs.verification.to_vec();
    let stage_scores: Vec<PathBuf> = inputs.stage_scores.into_iter().cloned().collect();
    let mut batch = crate::score::Inputs::of_files(
        inputs.instrument,
        inputs.submissions,
        (&verifications, &stage_scores, &[]),
        inputs.lang,
        inputs.deadline.clone(),
    );
    batch.without_stage_scores = true;
    let (_, results, _) = crate::score::scored(&batch)?;
    let language = inputs.lang.language();
    let scored = results.results.iter().any(|c| c.agency.id == agency);
    let rejected: Vec<&kip_index::Rejected> = (results.rejected.iter())
        .filter(|r| r.agency.as_deref() == Some(agency))
        .collect();
    let lines = |rejected: &[&kip_index::Rejected]| -> Vec<String> {
        rejected
            .iter()
            .flat_map(|r| {
                r.errors.iter().map(move |p| {
                    let path = if p.path.is_empty() {
                        String::new()
                    } else {
                        format!(":{}", p.path)
                    };
                    printable(&format!("{}{path}: {}", r.source, p.message_in(language)))
                        .into_owned()
                })
            })
            .collect()
    };
    if !scored && !rejected.is_empty() {
        let heading = match language {
            kip_index::Language::English => format!(
                "cannot explain: agency `{}` is rejected when its batch is scored:",
                printable(agency)
            ),
            _ => format!(
                "tidak dapat menjelaskan: badan publik `{}` ditolak saat batch-nya dinilai:",
                printable(agency)
            ),
        };
        return Err(std::iter::once(heading)
            .chain(lines(&rejected))
            .collect::<Vec<_>>()
            .join("\n"));
    }
    for line in lines(&rejected) {
        let said = match language {
            kip_index::Language::English => "a submission of this body was rejected",
            _ => "satu pengajuan badan publik ini ditolak",
        };
        crate::terminal::say(format_args!(
            "kip: {}: {said}: {line}",
            crate::terminal::pick("peringatan", "warning")
        ));
    }
    for warning in (results.warnings.iter())
        .filter(|w| w.kind() == "late_submission_ignored" && w.agencies().contains(&agency))
    {
        crate::score::say_warning(warning, language);
    }
    Ok(())
}

/// The body to explain and its submissions: the one body the files hold, or the one
/// `--agency` names; every other body's records, valid or not, are passed over.
fn pick_body(
    inputs: &Inputs,
    instrument: &Instrument,
) -> Result<(String, Vec<kip_index::Submission>), String> {
    let fail =
        |r: Report| crate::terminal::problems(("tidak dapat menjelaskan", "cannot explain"), &r);
    let mut records = Vec::new();
    for path in inputs.submissions {
        let name = path.display().to_string();
        let checked = crate::files::submission_records(path, instrument)?;
        if checked.records.is_empty() {
            return Err(fail(checked.report));
        }
        records.extend(checked.records.into_iter().map(|r| (name.clone(), r)));
    }
    let id_of = |record: &kip_index::Record<kip_index::Submission>| match &record.value {
        Ok(s) => Some(s.agency.id.clone()),
        Err(_) => record.agency.as_ref().map(|a| a.id.clone()),
    };
    let agency = match inputs.agency {
        Some(agency) => agency.to_owned(),
        None => {
            let ids: std::collections::BTreeSet<String> =
                records.iter().filter_map(|(_, r)| id_of(r)).collect();
            match ids.len() {
                0 => {
                    let mut report = Report::new();
                    for (name, record) in records {
                        if let Err(problems) = record.value {
                            report.extend(problems.in_file(&name));
                        }
                    }
                    return Err(fail(report));
                }
                1 => ids.into_iter().next().unwrap_or_default(),
                n => {
                    let some: Vec<String> =
                        ids.iter().take(5).map(|id| format!("`{id}`")).collect();
                    let (some, more) = (some.join(", "), if n > 5 { ", …" } else { "" });
                    return Err(match crate::terminal::language() {
                        kip_index::Language::English => format!(
                            "cannot explain: the files hold {n} bodies ({some}{more}); name one \
                             with --agency ID"
                        ),
                        _ => format!(
                            "tidak dapat menjelaskan: berkas memuat {n} badan publik ({some}{more}); \
                             pilih satu dengan --agency KODE"
                        ),
                    });
                }
            }
        }
    };
    let mut report = Report::new();
    let mut submissions = Vec::new();
    for (name, record) in records {
        if id_of(&record).as_deref() != Some(agency.as_str()) {
            continue;
        }
        match record.value {
            Ok(submission) => submissions.push(submission),
            Err(problems) => report.extend(problems.in_file(&name)),
        }
    }
    // A rater's rejected submission leaves the body to its others, as the batch does
    // (the batch, run beside, says why); with none valid, there is nothing to explain.
    if submissions.is_empty() && !report.is_empty() {
        return Err(fail(report));
    }
    // Sent after the deadline: left out, as a batch leaves it out; nothing on time is
    // a body not assessed, said so rather than explained.
    let deadline = instrument.deadline.as_ref();
    let (late, on_time): (Vec<_>, Vec<_>) =
        submissions.into_iter().partition(|s| s.is_late(deadline));
    let submissions = on_time;
    if submissions.is_empty()
        && let (Some(first), Some(deadline)) = (late.first(), deadline)
    {
        let sent = first.submitted_at.as_ref().map_or("", |t| t.as_str());
        return Err(match crate::terminal::language() {
            kip_index::Language::English => format!(
                "cannot explain: agency `{}` is not assessed: it sent only after the deadline \
                 {deadline} (sent {sent})",
                printable(&agency)
            ),
            _ => format!(
                "tidak dapat menjelaskan: badan publik `{}` tidak dinilai: ia mengirim setelah \
                 batas waktu {deadline} (dikirim {sent})",
                printable(&agency)
            ),
        });
    }
    if submissions.is_empty() {
        return Err(match crate::terminal::language() {
            kip_index::Language::English => format!(
                "cannot explain: no submission of agency `{}` in the files given",
                printable(&agency)
            ),
            _ => format!(
                "tidak dapat menjelaskan: tidak ada pengajuan badan publik `{}` dalam berkas \
                 yang diberikan",
                printable(&agency)
            ),
        });
    }
    Ok((agency, submissions))
}

/// How wide the question texts are wrapped.
const WIDTH: usize = 72;

fn render(
    e: &Explanation,
    outlook: Option<&kip_index::Outlook>,
    instrument: &Instrument,
    lang: crate::lang::Lang,
    listed: usize,
) -> String {
    let words = lang.words();
    let language = lang.language();
    let qualification = |id: &str| -> String {
        (instrument.qualifications.iter())
            .find(|q| q.id == id)
            .map_or(id, |q| q.name.as_str())
            .to_owned()
    };
    let card = &e.scorecard;
    let mut out = String::new();
    match outlook.and_then(|o| Some((o, o.questionnaire?))) {
        // A later stage the body takes part in has no score yet: what it can know.
        Some((o, saq)) => {
            let band = o
                .questionnaire_qualification
                .as_deref()
                .map_or(String::new(), qualification);
            let (intro, as_saq, from, to) = match language {
                kip_index::Language::English => ("SAQ", "as an SAQ", "final", "to"),
                _ => ("SAQ", "sebagai SAQ", "nilai akhir", "sampai"),
            };
            let stages: Vec<&str> = (o.later_stages.iter())
                .map(|id| {
                    instrument
                        .stage(id)
                        .map_or(id.as_str(), |s| s.name.as_str())
                })
                .collect();
            let _ = writeln!(
                out,
                "{} ({}): {intro} {} ({band} {as_saq}); {from} {} ({}) {to} {} ({}), {} 0–100",
                printable(&card.agency.name),
                printable(&card.agency.id),
                words.number(saq.rounded()),
                words.number(o.lowest.final_score.rounded()),
                printable(&qualification(&o.lowest.qualification)),
                words.number(o.highest.final_score.rounded()),
                printable(&qualification(&o.highest.qualification)),
                printable(&stages.join(", "))
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{} ({}): {} {}, {}",
                printable(&card.agency.name),
                printable(&card.agency.id),
                words.final_score.to_lowercase(),
                words.number(card.final_score.rounded()),
                printable(&qualification(&card.qualification))
            );
        }
    }
    // Every stage, a stage counted 0 shown as 0 with its mark and legend.
    let stages: Vec<String> = instrument
        .stages
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                printable(&s.name),
                words.stage_cell(card, &s.id, instrument.decimals)
            )
        })
        .collect();
    let _ = writeln!(out, "{}", stages.join(" · "));
    if card.stages.iter().any(|s| s.counted_as_zero) {
        let _ = writeln!(out, "{}", words.zero_legend);
    }
    // A stage whose gate the body did not pass is marked †: its rule, as the report says.
    let failed: Vec<&str> = (card.stages.iter())
        .filter(|s| s.passed == Some(false))
        .map(|s| &*s.id)
        .collect();
    if !failed.is_empty() {
        let legends = words.gate_legends(instrument, language);
        let gated = instrument.stages.iter().filter(|s| s.requires.is_some());
        for (stage, legend) in gated.zip(legends) {
            if failed.contains(&stage.id.as_str()) {
                let _ = writeln!(out, "{}", printable(&legend));
            }
        }
    }
    let shown =
        |s: Option<kip_index::Score>| s.map_or("-".to_owned(), |s| words.number(s.rounded()));
    let (answer_word, score_word, share_word, lost_word) = match language {
        kip_index::Language::English => ("answer", "score", "share", "lost"),
        _ => ("jawaban", "nilai", "bobot", "hilang"),
    };
    // The numeric questions, found once (a lookup per line would make a large
    // instrument's explanation quadratic).
    let numeric: std::collections::HashSet<&str> = instrument
        .iter_questions()
        .filter(|d| {
            matches!(
                d.kind,
                kip_index::QuestionKind::Number { .. }
                    | kip_index::QuestionKind::Scale { .. }
                    | kip_index::QuestionKind::Rating
            )
        })
        .map(|d| d.id.as_str())
        .collect();
    for q in &e.questions {
        let _ = writeln!(out);
        let mut lines = wrap(&printable(&q.text), WIDTH).into_iter();
        let first = lines.next().unwrap_or_default();
        let _ = writeln!(out, "{:<8} {first}", printable(&q.id));
        for line in lines {
            let _ = writeln!(out, "{:<8} {line}", "");
        }
        // A number as people of the language write it (`2,5` in Indonesian).
        let answer = match numeric.contains(q.id.as_str()) {
            true => q
                .answer
                .split(" | ")
                .map(|a| words.number(a))
                .collect::<Vec<_>>()
                .join(" | "),
            false => q.answer.clone(),
        };
        let mut answer = match answer.is_empty() {
            // Unanswered, said as such (an empty answer read as a stray `;`).
            true => crate::terminal::pick("(belum dijawab)", "(unanswered)").to_owned(),
            false => cut(&printable(&answer), WIDTH - 8),
        };
        // Not asked (its `when` does not hold): why its answer scores nothing.
        if let Some(parent) = &q.not_asked_because {
            let why = match language {
                kip_index::Language::English => {
                    format!("(not asked, because of the answer to {parent})")
                }
                _ => format!("(tidak ditanyakan karena jawaban {parent})"),
            };
            answer = match q.answer.is_empty() {
                true => why,
                false => format!("{answer} {why}"),
            };
        }
        let _ = writeln!(
            out,
            "{:<8} {answer_word}: {answer}; {score_word} {}, {share_word} {}, {lost_word} {}",
            "",
            shown(q.score),
            shown(q.share),
            shown(q.lost)
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        match language {
            kip_index::Language::English => "what to fix first:",
            _ => "yang perlu diperbaiki lebih dulu:",
        }
    );
    if e.fixes.is_empty() {
        let _ = writeln!(
            out,
            "  {}",
            match language {
                kip_index::Language::English =>
                    "nothing: every question that counts has its full score",
                _ => "tidak ada: setiap pertanyaan yang dihitung sudah bernilai penuh",
            }
        );
    }
    let listed = if listed == 0 { e.fixes.len() } else { listed };
    for (k, fix) in e.fixes.iter().take(listed).enumerate() {
        let line = fix.describe_in(language, &qualification(&fix.qualification));
        let _ = writeln!(out, "{:>3}. {}", k + 1, printable(&line));
    }
    // The rest counted, with what all of them together would reach.
    if let (Some(last), true) = (e.fixes.last(), e.fixes.len() > listed) {
        let more = e.fixes.len() - listed;
        let reach = words.number(last.final_score.rounded());
        let most = (e.fixes.iter().skip(listed))
            .map(|f| f.gain.rounded())
            .max()
            .unwrap_or_default();
        let most = words.number(most);
        let _ = writeln!(
            out,
            "  {}",
            match language {
                kip_index::Language::English => format!(
                    "… and {more} more fixes (each at most +{most}); all of them together \
                     reach {reach} (--fixes 0 lists every one)"
                ),
                _ => format!(
                    "… dan {more} perbaikan lain (masing-masing paling banyak +{most}); \
                     semuanya bersama mencapai {reach} (--fixes 0 menampilkan semuanya)"
                ),
            }
        );
    }
    out
}

/// `text` in lines of at most `width` characters, broken at spaces (a longer word is a
/// line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` whole, or its first `width − 1` characters and `…`.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{kept}…")
}

#[cfg(test)]
mod tests {
    use super::{cut, wrap};

    #[test]
    fn texts_wrap_at_spaces_and_answers_cut_with_an_ellipsis() {
        assert_eq!(
            wrap(
                "Apakah badan publik telah menetapkan daftar informasi publik",
                24
            ),
            [
                "Apakah badan publik",
                "telah menetapkan daftar",
                "informasi publik"
            ]
        );
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(cut("ya", 5), "ya");
        assert_eq!(cut("https://ppid.example.go.id", 10), "https://p…");
    }
}
