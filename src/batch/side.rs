//! A batch's side files — verification, stage scores, rosters — read apart from the
//! batch, then added to it: reading them (the text, its records, every problem) is pure
//! and may run on one core while the submissions are read on the others, as `kip
//! score` does; adding them is quick.

use crate::batch::collect::Batch;
use crate::batch::files::NamedBytes;
use crate::model::verification::{StageScore, Verification};
use crate::read::record::Record;
use crate::read::role::InputRole;
use crate::score::plan::Plan;
use crate::text::problem::{Problem, ProblemKind, Report};

/// A batch's side files read but not yet added ([`Batch::add_read_side_files`]): each
/// file's records (or why the file could not be read), in the order given.
///
/// ```
/// use kip_index::{Batch, InputRole, Instrument, NamedBytes, Plan, SideFiles};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let stages = std::fs::read("examples/monev-2025/stage-scores.json")?;
/// // Read on their own (another thread may read the submissions meanwhile) …
/// let side = SideFiles::read(
///     &plan,
///     [(InputRole::StageScores, NamedBytes::new("stage-scores.json", &stages))],
/// );
/// // … then added: a problem in any of them is the error.
/// let mut batch = Batch::new(&plan);
/// batch.add_read_side_files(side).map_err(|report| report.to_string())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SideFiles {
    files: Vec<SideFile>,
    /// The limits the files were read within, which adding them checks too.
    limits: crate::Limits,
}

/// One side file read: its name and its records, or the problem that kept it unread.
#[derive(Debug)]
struct SideFile {
    name: String,
    entries: Result<Entries, Report>,
}

/// A side file's records, by its role.
#[derive(Debug)]
enum Entries {
    Verification(Vec<Record<Verification>>),
    StageScores(Vec<Record<StageScore>>),
    Roster(Vec<Record<crate::RosterEntry>>),
}

impl SideFiles {
    /// Reads each file by its role, within the plan's limits (what
    /// [`Batch::add_side_files`] reads, without a batch). A file of another role is a
    /// problem when it is added: submissions go through
    /// [`Batch::add_submissions_bytes`].
    pub fn read<'x>(
        plan: &Plan,
        files: impl IntoIterator<Item = (InputRole, NamedBytes<'x>)>,
    ) -> SideFiles {
        SideFiles::read_within(plan, plan.limits(), files)
    }

    /// [`SideFiles::read`] within `limits` (a batch's own).
    pub(crate) fn read_within<'x>(
        plan: &Plan,
        limits: &crate::Limits,
        files: impl IntoIterator<Item = (InputRole, NamedBytes<'x>)>,
    ) -> SideFiles {
        use crate::read::source::{
            read_roster_within, read_stage_scores_within, read_verifications_within,
        };
        let instrument = plan.instrument();
        let files = files
            .into_iter()
            .map(|(role, input)| {
                let name = input.name.to_owned();
                #[cfg(feature = "xlsx")]
                if role == InputRole::Roster && input.is_workbook() {
                    let records = crate::read::source::read_roster_workbook_within(
                        input.bytes,
                        instrument,
                        limits,
                    );
                    let entries = Ok(Entries::Roster(records));
                    return SideFile { name, entries };
                }
                let entries = match input.text() {
                    Err(problem) => Err(Report::from(problem)),
                    Ok(text) => {
                        let (text, framing) = (text.text, text.framing());
                        match role {
                            InputRole::Verification => Ok(Entries::Verification(
                                read_verifications_within(text, framing, instrument, limits),
                            )),
                            InputRole::StageScores => Ok(Entries::StageScores(
                                read_stage_scores_within(text, framing, instrument, limits),
                            )),
                            InputRole::Roster => Ok(Entries::Roster(read_roster_within(
                                text, framing, instrument, limits,
                            ))),
                            InputRole::Submissions | InputRole::Instrument => {
                                Err(not_a_side_file(role, &name))
                            }
                        }
                    }
                };
                SideFile { name, entries }
            })
            .collect();
        SideFiles {
            files,
            limits: *limits,
        }
    }

    /// Whether adding these files to an empty batch would fail: a file that could not
    /// be read, an entry with a problem, an entry past the limits, a body twice in the
    /// rosters or in the verification. A program reading the submissions meanwhile may
    /// stop early on it (`kip score` does).
    pub fn has_problems(&self) -> bool {
        // A body twice in one verification file is a problem; in two files it is two
        // rounds (verification, then the masa sanggah), which is not.
        let mut verified = std::collections::HashSet::new();
        let mut listed = std::collections::HashSet::new();
        let limits = &self.limits;
        self.files
            .iter()
            .enumerate()
            .any(|(k, file)| match &file.entries {
                Err(_) => true,
                Ok(Entries::Verification(records)) => records.iter().any(|r| match &r.value {
                    Ok(v) => {
                        !limits.check_verification(v).is_empty()
                            || !verified.insert((k, v.agency.as_str()))
                    }
                    Err(_) => true,
                }),
                Ok(Entries::StageScores(records)) => records.iter().any(|r| match &r.value {
                    Ok(score) => !limits.check_stage_score(score).is_empty(),
                    Err(_) => true,
                }),
                Ok(Entries::Roster(records)) => records.iter().any(|r| match &r.value {
                    Ok(entry) => {
                        !limits.check_agency(&entry.agency, "").is_empty()
                            || !limits.check_roster_entry(entry, "").is_empty()
                            || !listed.insert(entry.agency.id.as_str())
                    }
                    Err(_) => true,
                }),
            })
    }
}

impl Batch<'_> {
    /// Adds the side files — verification, stage scores, rosters — each by its role,
    /// every one of them; any problem in any of them is the error, for the caller to stop
    /// on: they shape every body's score, so a batch with a problem there must not be
    /// scored unseen. Call it before adding submissions.
    ///
    /// A file of another role is a problem too: submissions go through
    /// [`Batch::add_submissions_bytes`], and a batch has its instrument already.
    pub fn add_side_files<'x>(
        &mut self,
        files: impl IntoIterator<Item = (InputRole, NamedBytes<'x>)>,
    ) -> Result<(), Report> {
        let side = SideFiles::read_within(self.plan(), &self.limits, files);
        self.add_read_side_files(side)
    }

    /// Adds side files read with [`SideFiles::read`]: every entry of every file, and
    /// every problem in them — the files' own, and an entry the batch refuses (a body
    /// twice in the roster, a second verification entry for a body) — as the error, for
    /// the caller to stop on, as [`Batch::add_side_files`] does.
    pub fn add_read_side_files(&mut self, side: SideFiles) -> Result<(), Report> {
        let mut report = Report::new();
        for file in side.files {
            let name = file.name.as_str();
            report.extend(match file.entries {
                Err(problems) => problems,
                Ok(Entries::Verification(records)) => {
                    // Each file a round, named by its entries' `round` or the file's name.
                    let round = crate::text::file_name::stem(name);
                    self.add_side(name, records, |batch, entry| {
                        batch.add_verification_round(&round, name, entry)
                    })
                }
                Ok(Entries::StageScores(records)) => {
                    self.stage_score_files.push(name.to_owned());
                    self.add_side(name, records, Batch::add_stage_score)
                }
                Ok(Entries::Roster(records)) => {
                    // A roster given is a roster, even of no body: every body that sent
                    // is then off it, never counted as due by default.
                    self.roster.get_or_insert_default();
                    self.add_side(name, records, Batch::add_to_roster)
                }
            });
        }
        match report.is_empty() {
            true => Ok(()),
            false => Err(report),
        }
    }
}

/// A submission or instrument given where a side file belongs.
fn not_a_side_file(role: InputRole, name: &str) -> Report {
    let problem = Problem::new(
        ProblemKind::InvalidValue,
        "",
        format!(
            "expected a verification, stage-score or roster file, found a file given as {}",
            role.name()
        ),
    )
    .with_indonesian(format!(
        "seharusnya berkas verifikasi, nilai tahap atau daftar badan publik, ternyata berkas \
         yang diberikan sebagai {}",
        role.name()
    ));
    Report::from(problem).in_file(name)
}
