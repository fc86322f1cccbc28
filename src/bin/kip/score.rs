//! `kip score`: reads the files, groups submissions by agency, scores each body through
//! the library and prints the results.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::{
    Body, Framing, Instrument, Plan, Problem, Record, Rejected, Report, Results, StageScore,
    Submission, Verification, find_duplicate_submissions, find_duplicate_verifications,
    read_stage_scores, read_submissions, read_verifications,
};

use crate::{check_file, read_text};

pub(crate) struct Inputs<'a> {
    pub instrument: &'a Path,
    pub submissions: &'a [PathBuf],
    pub verifications: &'a [PathBuf],
    pub stage_scores: &'a [PathBuf],
    pub csv: bool,
    pub strict: bool,
}

/// A valid submission and where it was read from.
struct Read {
    source: String,
    submission: Submission,
}

pub(crate) fn run(inputs: &Inputs) -> Result<ExitCode, String> {
    let instrument = load_instrument(inputs.instrument)?;
    let plan = Plan::new(&instrument)
        .map_err(|r| cannot_score(&r.in_file(&inputs.instrument.display().to_string())))?
        .strict(inputs.strict);
    let verifications = load_verifications(inputs.verifications, &instrument)?;
    let stage_score_entries = load_stage_scores(inputs.stage_scores, &instrument)?;
    let mut stage_scores: BTreeMap<&String, Vec<&StageScore>> = BTreeMap::new();
    for entry in &stage_score_entries {
        stage_scores.entry(&entry.agency).or_default().push(entry);
    }
    let mut results = Results::new(&plan);
    let submissions = load_submissions(inputs.submissions, &instrument, &mut results.rejected)?;

    let mut bodies: BTreeMap<&str, Vec<&Read>> = BTreeMap::new();
    for read in &submissions {
        bodies
            .entry(read.submission.agency.id.as_str())
            .or_default()
            .push(read);
    }
    for (agency, reads) in &bodies {
        let body = Body {
            submissions: reads.iter().map(|r| &r.submission).collect(),
            verification: verifications.get(*agency),
            stage_scores: stage_scores
                .get(&(*agency).to_owned())
                .cloned()
                .unwrap_or_default(),
        };
        match plan.score(&body) {
            Ok(card) => results.results.push(card),
            Err(report) => {
                for read in reads {
                    results.rejected.push(Rejected {
                        source: read.source.clone(),
                        agency: Some((*agency).to_owned()),
                        errors: report.problems().to_vec(),
                    });
                }
            }
        }
    }
    warn_unmatched("verification", verifications.keys(), &bodies);
    warn_unmatched("stage-score", stage_scores.keys().copied(), &bodies);

    let output = if inputs.csv {
        results.to_csv()
    } else {
        results.to_json()
    };
    print!("{output}");
    for rejected in &results.rejected {
        for problem in &rejected.errors {
            eprintln!("kip: rejected {}: {}", rejected.source, located(problem));
        }
    }
    eprintln!(
        "kip: scored {} bodies, rejected {} submission(s)",
        results.results.len(),
        results.rejected.len()
    );
    Ok(ExitCode::from(u8::from(!results.rejected.is_empty())))
}

fn located(problem: &Problem) -> String {
    if problem.path.is_empty() {
        problem.message.clone()
    } else {
        format!("{}: {}", problem.path, problem.message)
    }
}

/// The instrument, or the reason the run cannot go on (exit status 2).
fn load_instrument(path: &Path) -> Result<Instrument, String> {
    let name = path.display().to_string();
    let text = read_text(path)?.map_err(|p| cannot_score(&Report::from(p)))?;
    Instrument::from_json(&text).map_err(|r| cannot_score(&r.in_file(&name)))
}

fn cannot_score(report: &Report) -> String {
    let lines: Vec<String> = report.iter().map(ToString::to_string).collect();
    format!("cannot score:\n{}", lines.join("\n"))
}

fn load_verifications(
    paths: &[PathBuf],
    instrument: &Instrument,
) -> Result<BTreeMap<String, Verification>, String> {
    let mut all = BTreeMap::new();
    let mut report = Report::new();
    for path in paths {
        let name = path.display().to_string();
        let checked = check_file(path, |text, framing| {
            read_verifications(text, framing, instrument)
        })?;
        report.extend(checked.report);
        let entries = checked.records.iter().filter_map(|r| {
            r.value
                .as_ref()
                .ok()
                .map(|v| (v.agency.as_str(), r.path.as_str()))
        });
        report.extend(find_duplicate_verifications(entries).in_file(&name));
        for record in checked.records {
            if let Ok(v) = record.value {
                if all.contains_key(&v.agency) {
                    report.push(Problem::new(
                        kip_index::ProblemKind::DuplicateId,
                        format!("{}/agency", record.path),
                        format!(
                            "expected one verification entry per agency across the files, found `{}` again",
                            v.agency
                        ),
                    ));
                    continue;
                }
                all.insert(v.agency.clone(), v);
            }
        }
    }
    if report.is_empty() {
        Ok(all)
    } else {
        Err(cannot_score(&report))
    }
}

fn load_stage_scores(
    paths: &[PathBuf],
    instrument: &Instrument,
) -> Result<Vec<StageScore>, String> {
    let mut report = Report::new();
    let mut entries = Vec::new();
    for path in paths {
        let checked = check_file(path, |text, framing| {
            read_stage_scores(text, framing, instrument)
        })?;
        report.extend(checked.report);
        entries.extend(checked.records.into_iter().filter_map(|r| r.value.ok()));
    }
    if report.is_empty() {
        Ok(entries)
    } else {
        Err(cannot_score(&report))
    }
}

/// Reads every submission file; invalid records and duplicates go to `rejected`.
fn load_submissions(
    paths: &[PathBuf],
    instrument: &Instrument,
    rejected: &mut Vec<Rejected>,
) -> Result<Vec<Read>, String> {
    let mut records: Vec<(String, Record<Submission>)> = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let checked = check_file(path, |text, framing| {
            read_submissions(text, framing, instrument)
        })?;
        if checked.records.is_empty() && !checked.report.is_empty() {
            // The file as a whole could not be read (not UTF-8, not JSON).
            rejected.push(Rejected {
                source: name.clone(),
                agency: None,
                errors: checked.report.problems().to_vec(),
            });
        }
        records.extend(checked.records.into_iter().map(|r| (name.clone(), r)));
    }
    let valid = records
        .iter()
        .enumerate()
        .filter_map(|(i, (_, r))| r.value.as_ref().ok().map(|s| (i, s)));
    let mut duplicate: BTreeMap<usize, Vec<Problem>> = BTreeMap::new();
    for (i, problem) in find_duplicate_submissions(valid) {
        duplicate.entry(i).or_default().push(problem);
    }
    let mut out = Vec::new();
    for (i, (name, record)) in records.into_iter().enumerate() {
        let source = source_of(&name, &record, Framing::from_file_name(&name));
        match (record.value, duplicate.remove(&i)) {
            (Ok(submission), None) => out.push(Read { source, submission }),
            (Ok(submission), Some(errors)) => rejected.push(Rejected {
                source,
                agency: Some(submission.agency.id),
                errors,
            }),
            (Err(report), _) => rejected.push(Rejected {
                source,
                agency: None,
                errors: report.problems().to_vec(),
            }),
        }
    }
    Ok(out)
}

/// `file:line` for JSON Lines, `file#/3` for an element of an array, `file` for a lone
/// object.
fn source_of<T>(name: &str, record: &Record<T>, framing: Framing) -> String {
    match (framing, record.line) {
        (Framing::JsonLines, Some(line)) => format!("{name}:{line}"),
        _ if record.path.is_empty() => name.to_owned(),
        _ => format!("{name}#{}", record.path),
    }
}

fn warn_unmatched<'a>(
    what: &str,
    agencies: impl Iterator<Item = &'a String>,
    bodies: &BTreeMap<&str, Vec<&Read>>,
) {
    for agency in agencies {
        if !bodies.contains_key(agency.as_str()) {
            eprintln!(
                "kip: warning: a {what} entry for agency `{agency}`, which has no valid submission, was not used"
            );
        }
    }
}
