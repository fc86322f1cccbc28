//! `kip explain`: one body's questions, shares and losses, and what to fix first.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::{
    Body, Explanation, Instrument, Plan, Report, read_stage_scores, read_submissions,
    read_verifications,
};

use crate::terminal::printable;
use crate::{check_file, read_text};

pub(crate) struct Inputs<'a> {
    pub instrument: &'a Path,
    pub submission: &'a Path,
    pub verification: Option<&'a PathBuf>,
    pub stage_scores: Option<&'a PathBuf>,
    pub json: bool,
}

pub(crate) fn run(inputs: &Inputs) -> Result<ExitCode, String> {
    let fail = |r: Report| crate::terminal::problems("cannot explain", &r);
    let name = inputs.instrument.display().to_string();
    let text = read_text(inputs.instrument)?.map_err(|p| fail(Report::from(p)))?;
    let instrument = Instrument::from_json(&text).map_err(|r| fail(r.in_file(&name)))?;
    let plan = Plan::new(&instrument).map_err(fail)?;
    let checked = check_file(inputs.submission, |t, f| {
        read_submissions(t, f, &instrument)
    })?;
    if !checked.report.is_empty() {
        return Err(fail(checked.report));
    }
    let submissions: Vec<_> = checked
        .records
        .into_iter()
        .filter_map(|r| r.value.ok())
        .collect();
    let Some(agency) = submissions.first().map(|s| s.agency.id.clone()) else {
        return Err("cannot explain: the file holds no submission".to_owned());
    };
    let mut verification = None;
    if let Some(path) = inputs.verification {
        let checked = check_file(path, |t, f| read_verifications(t, f, &instrument))?;
        if !checked.report.is_empty() {
            return Err(fail(checked.report));
        }
        verification = checked
            .records
            .into_iter()
            .filter_map(|r| r.value.ok())
            .find(|v| v.agency == agency);
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
    let body = Body {
        submissions: submissions.iter().collect(),
        verification: verification.as_ref(),
        stage_scores: stage_scores.iter().collect(),
    };
    let explanation = plan.explain(&body).map_err(fail)?;
    if inputs.json {
        let text = serde_json::to_string_pretty(&explanation).map_err(|e| e.to_string())?;
        crate::out(format_args!("{text}\n"));
    } else {
        crate::out(format_args!("{}", render(&explanation)));
    }
    Ok(ExitCode::SUCCESS)
}

fn render(e: &Explanation) -> String {
    let card = &e.scorecard;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}): final {}, {}",
        printable(&card.agency.name),
        printable(&card.agency.id),
        card.final_score.rounded(),
        printable(&card.qualification)
    );
    let _ = writeln!(
        out,
        "{:<8} {:<24} {:>8} {:>8} {:>8}",
        "question", "answer", "score", "share", "lost"
    );
    let shown = |s: Option<kip_index::Score>| s.map_or("-".to_owned(), |s| s.rounded().to_string());
    for q in &e.questions {
        let answer: String = printable(&q.answer).chars().take(24).collect();
        let _ = writeln!(
            out,
            "{:<8} {:<24} {:>8} {:>8} {:>8}",
            printable(&q.id),
            answer,
            shown(q.score),
            shown(q.share),
            shown(q.lost)
        );
    }
    let _ = writeln!(out, "what to fix first:");
    if e.fixes.is_empty() {
        let _ = writeln!(
            out,
            "  nothing: every question that counts has its full score"
        );
    }
    for (k, fix) in e.fixes.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", k + 1, printable(&fix.to_string()));
    }
    out
}
