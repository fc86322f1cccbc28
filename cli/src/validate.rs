//! `kip validate`: every problem in an instrument and, against it, in submissions and
//! the other inputs, one line each.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kip_index::{InputRole, NamedBytes, NamedText, Report};

use crate::files::read_text;
use crate::lang::PickWords as _;
use crate::terminal::{self, Capped, out};

/// The arguments of `kip validate`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The instrument (questionnaire definition) JSON file.
    pub(crate) instrument: PathBuf,
    /// Submission files.
    pub(crate) submissions: Vec<PathBuf>,
    /// A verification file (JSON array or JSON Lines).
    #[arg(long)]
    pub(crate) verification: Vec<PathBuf>,
    /// A stage-score file (JSON array, JSON Lines or CSV).
    #[arg(long = "stage-scores")]
    pub(crate) stage_scores: Vec<PathBuf>,
    /// A roster of the bodies due to submit (JSON array, JSON Lines or CSV).
    #[arg(long)]
    pub(crate) roster: Vec<PathBuf>,
    /// The deadline, replacing the instrument's: each submission sent after it is
    /// named (it will not be scored), and those without a time counted.
    #[arg(long, value_name = "TIME", value_parser = crate::args::parse_deadline)]
    pub(crate) deadline: Option<kip_index::Moment>,
    /// The language of the messages: Indonesian (`id`, the default) or English (`en`).
    #[arg(long, value_enum, default_value_t = crate::lang::Lang::Id)]
    pub(crate) lang: crate::lang::Lang,
}

pub(crate) fn run(args: &Args) -> Result<ExitCode, String> {
    let (instrument_path, submissions) = (args.instrument.as_path(), args.submissions.as_slice());
    let (verifications, stage_scores, rosters) =
        (&args.verification, &args.stage_scores, &args.roster);
    let language = args.lang.language();
    let mut problems = 0usize;
    let mut shown = Capped::default();
    let mut print = |report: Report| {
        for problem in report.iter() {
            if shown.admit(problem.file.as_deref().unwrap_or("")) {
                out(format_args!(
                    "{}\n",
                    terminal::printable(&problem.display_in(language).to_string())
                ));
            }
        }
        problems += report.len();
    };
    let file_name = instrument_path.display().to_string();
    let plan = match read_text(instrument_path)? {
        Err(problem) => Err(Report::from(problem)),
        // Planned as `score` plans it, so that what validates can be scored.
        Ok(text) => kip_index::plan_of(NamedText::new(&file_name, &text)),
    };
    let plan = match plan {
        Ok(plan) => match &args.deadline {
            Some(deadline) => plan.with_deadline(deadline.clone()),
            None => plan,
        },
        Err(report) => {
            print(report);
            let others =
                submissions.len() + verifications.len() + stage_scores.len() + rosters.len();
            if others > 0 {
                crate::terminal::say(format_args!(
                    "kip: {}",
                    language.pick_words(
                        "berkas lain tidak diperiksa karena instrumen bermasalah",
                        "other file(s) not checked: the instrument has problems"
                    )
                ));
            }
            crate::terminal::say(format_args!(
                "kip: {problems} {}",
                language.pick_words("masalah ditemukan", "problem(s) found")
            ));
            return Ok(ExitCode::from(1));
        }
    };
    let mut validator = kip_index::Validator::new(plan.instrument());
    for path in submissions {
        print(check_file(&mut validator, InputRole::Submissions, path)?);
    }
    print(validator.duplicate_submissions());
    let side_files = [
        (InputRole::Verification, verifications),
        (InputRole::StageScores, stage_scores),
        (InputRole::Roster, rosters),
    ];
    for (role, paths) in side_files {
        for path in paths {
            print(check_file(&mut validator, role, path)?);
        }
    }
    // A stage score past a gate is a problem only the batch can see (a rank needs every
    // body): with gates and stage scores, the batch is scored and its gate refusals told.
    let gated = plan
        .instrument()
        .stages
        .iter()
        .any(|s| s.requires.is_some());
    if gated && !stage_scores.is_empty() && !submissions.is_empty() {
        let batch = crate::score::Inputs::of_files(
            instrument_path,
            submissions,
            (verifications, stage_scores, rosters),
            args.lang,
            args.deadline.clone(),
        );
        // Side files with problems were told above; the batch is not scored over them.
        if let Ok((_, results, _)) = crate::score::scored(&batch) {
            let mut report = Report::new();
            for rejected in &results.rejected {
                for problem in rejected
                    .errors
                    .iter()
                    .filter(|p| p.kind() == kip_index::ProblemKind::Gate)
                {
                    let mut problem = problem.clone();
                    problem.file = Some(rejected.source.file.as_str().into());
                    problem.record = problem.record.or(rejected.source.record);
                    if let Some(pointer) = &rejected.source.pointer {
                        problem.path = format!("{pointer}{}", problem.path);
                    }
                    report.push(problem);
                }
            }
            print(report);
        }
    }
    let records = validator.records();
    shown.tell();
    // Late questionnaires are well formed: told, not counted as problems.
    for warning in validator.against_deadline() {
        crate::terminal::say(format_args!(
            "kip: {}",
            terminal::printable(&warning.message(language))
        ));
    }
    match language {
        kip_index::Language::English => crate::terminal::say(format_args!(
            "kip: checked the instrument and {records} record(s): {problems} problem(s) found"
        )),
        _ => crate::terminal::say(format_args!(
            "kip: instrumen dan {records} rekaman diperiksa: {problems} masalah ditemukan"
        )),
    }
    Ok(ExitCode::from(u8::from(problems > 0)))
}

/// A file checked in its role ([`kip_index::Validator::file`]); one that cannot be read
/// is a failure to run.
fn check_file(
    validator: &mut kip_index::Validator,
    role: InputRole,
    path: &Path,
) -> Result<Report, String> {
    let bytes = crate::files::read_bytes(path)?;
    let name = path.display().to_string();
    Ok(validator.file(role, NamedBytes::new(&name, &bytes)))
}
