//! Warnings (*peringatan*): what a person should know about a run that rejected nothing
//! — a stage counted 0 for want of scores, a side file naming a body that did not
//! submit. Each is a kind with its data, for programs to match on, and a sentence in
//! Indonesian or English that the caller asks for; none gives a tool's advice (no
//! command-line flags): the tool that shows it adds its own.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::instrument::AbsentStage;
use crate::text::language::Language;

/// One warning of a batch.
///
/// ```
/// use kip_index::{Language, Warning};
///
/// let warning = Warning::same_file_twice("salinan.jsonl", "pengajuan.jsonl");
/// assert_eq!(warning.kind(), "same_file_twice");
/// assert_eq!(
///     warning.message(Language::Indonesian),
///     "salinan.jsonl adalah berkas yang sama dengan pengajuan.jsonl: dibaca sekali"
/// );
/// // Matched by kind and data; each kind's fields may grow, so patterns end in `..`.
/// if let Warning::SameFileTwice { first, .. } = &warning {
///     assert_eq!(first, "pengajuan.jsonl");
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A stage other than the questionnaire (the *visitasi*) that scored bodies take
    /// part in — no gate, or its gate passed — has no score for some of them: the
    /// instrument counts it 0 in their finals (or, under `reweight`, leaves it out).
    #[non_exhaustive]
    StageScoresMissing {
        /// The stage's id.
        stage: String,
        /// The stage's name.
        stage_name: String,
        /// How many scored bodies take part in the stage.
        due: usize,
        /// Every body without a score, by id, in agency order.
        missing: Vec<String>,
        /// The stage-score files given to the batch (empty: none was given).
        files: Vec<String>,
        /// What a missing score of this stage does (the stage's `absent`, else the
        /// instrument's `absent_stage`).
        absent_stage: AbsentStage,
    },
    /// A verification entry for a body with no valid submission: not used.
    #[non_exhaustive]
    VerificationUnused {
        /// The agency id.
        agency: String,
    },
    /// Stage scores for a body with no valid submission: not used.
    #[non_exhaustive]
    StageScoresUnused {
        /// The agency id.
        agency: String,
    },
    /// Evidence attached to questions that take none: ignored in scoring.
    #[non_exhaustive]
    EvidenceIgnored {
        /// The agency id.
        agency: String,
        /// The agency's name.
        name: String,
        /// The questions, in the instrument's order.
        questions: Vec<String>,
    },
    /// A body that is not in the roster, scored, rejected or late (each is counted
    /// `not_on_roster` in its group).
    #[non_exhaustive]
    NotOnRoster {
        /// The agency id.
        agency: String,
        /// The agency's name.
        name: String,
        /// What became of it.
        outcome: Outcome,
    },
    /// A roll-up part naming a body that was not scored: the roll-up has no value.
    #[non_exhaustive]
    RollupBodyNotScored {
        /// The roll-up's id.
        rollup: String,
        /// The part's index (from 0).
        part: usize,
        /// The body the part names.
        agency: String,
    },
    /// A roll-up part whose mean has no scored body to average: no value.
    #[non_exhaustive]
    RollupNothingToAverage {
        /// The roll-up's id.
        rollup: String,
        /// The part's index (from 0).
        part: usize,
        /// What the part averages (`final`, `stage:visitasi`, ...).
        measure: String,
    },
    /// A workbook whose hidden worksheets come before the one read (the first visible):
    /// the hidden ones were not read.
    #[non_exhaustive]
    HiddenSheets {
        /// The workbook.
        file: String,
        /// The sheet read.
        read: String,
        /// The hidden sheets before it.
        hidden: Vec<String>,
    },
    /// More submissions were rejected than a batch lists (`Limits::max_rejections`):
    /// the rest that name no body are counted, not listed — a memory bound for files of
    /// millions of broken records, far beyond any Monev.
    #[non_exhaustive]
    RejectionsNotListed {
        /// How many rejections are listed.
        listed: usize,
        /// How many more were rejected.
        more: usize,
    },
    /// Lines above a sheet's header read as a title, not answers (`Rekap Jawaban SAQ
    /// 2025`): the header is the first line with an `agency_id` column.
    #[non_exhaustive]
    TitleLines {
        /// The sheet's file.
        file: String,
        /// The header's line.
        header: usize,
        /// Each title line's number and its text.
        lines: Vec<(usize, String)>,
    },
    /// A deadline is set and some submissions carry no time (`submitted_at`): they were
    /// scored, unchecked against it.
    #[non_exhaustive]
    SubmissionsWithoutTime {
        /// How many submissions carry no time.
        count: usize,
        /// The deadline, as written.
        deadline: String,
    },
    /// A submission sent after the deadline, found by a check of the files before a run
    /// ([`Validator::against_deadline`](crate::Validator::against_deadline)): it will not
    /// be scored.
    #[non_exhaustive]
    LateSubmission {
        /// The agency id.
        agency: String,
        /// The agency's name.
        name: String,
        /// When it was sent, as written.
        submitted_at: String,
        /// The deadline, as written.
        deadline: String,
        /// Where it stands (`file:line`).
        source: String,
    },
    /// A submission sent after the deadline, of a body scored (or rejected) on its other
    /// submissions: not scored.
    #[non_exhaustive]
    LateSubmissionIgnored {
        /// The agency id.
        agency: String,
        /// The agency's name.
        name: String,
        /// When it was sent, as written.
        submitted_at: String,
        /// The deadline, as written.
        deadline: String,
        /// Where it stands (`file:line`).
        source: String,
        /// Whether the body's other submissions were all rejected (listed under
        /// `rejected`), rather than scored.
        rejected: bool,
    },
    /// The same file given twice among the submissions: read once.
    #[non_exhaustive]
    SameFileTwice {
        /// The name it was given under the second time.
        file: String,
        /// The name it was first given under.
        first: String,
    },
}

/// What became of a body a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Scored.
    Scored,
    /// Every submission of it rejected (each listed with its reasons).
    Rejected,
    /// Sent only after the deadline: not assessed.
    Late,
}

impl Warning {
    /// The warning a reader of files gives when one file is named twice among the
    /// submissions (by two paths to the same file): it is read once. The batch cannot
    /// know it (it sees texts, not files); [`Results::warnings`](crate::Results) takes it.
    pub fn same_file_twice(file: impl Into<String>, first: impl Into<String>) -> Warning {
        Warning::SameFileTwice {
            file: file.into(),
            first: first.into(),
        }
    }

    /// The warning's kind, stable for programs: `stage_scores_missing`,
    /// `verification_unused`, `stage_scores_unused`, `evidence_ignored`,
    /// `not_on_roster`, `rollup_body_not_scored`, `rollup_nothing_to_average`,
    /// `same_file_twice`, `hidden_sheets`, `title_lines`, `rejections_not_listed`,
    /// `submissions_without_time`, `late_submission`, `late_submission_ignored`.
    pub fn kind(&self) -> &'static str {
        match self {
            Warning::StageScoresMissing { .. } => "stage_scores_missing",
            Warning::VerificationUnused { .. } => "verification_unused",
            Warning::StageScoresUnused { .. } => "stage_scores_unused",
            Warning::EvidenceIgnored { .. } => "evidence_ignored",
            Warning::NotOnRoster { .. } => "not_on_roster",
            Warning::RollupBodyNotScored { .. } => "rollup_body_not_scored",
            Warning::RollupNothingToAverage { .. } => "rollup_nothing_to_average",
            Warning::SameFileTwice { .. } => "same_file_twice",
            Warning::HiddenSheets { .. } => "hidden_sheets",
            Warning::TitleLines { .. } => "title_lines",
            Warning::RejectionsNotListed { .. } => "rejections_not_listed",
            Warning::SubmissionsWithoutTime { .. } => "submissions_without_time",
            Warning::LateSubmission { .. } => "late_submission",
            Warning::LateSubmissionIgnored { .. } => "late_submission_ignored",
        }
    }

    /// The agencies the warning is about, by id.
    pub fn agencies(&self) -> Vec<&str> {
        match self {
            Warning::StageScoresMissing { missing, .. } => {
                missing.iter().map(String::as_str).collect()
            }
            Warning::VerificationUnused { agency }
            | Warning::StageScoresUnused { agency }
            | Warning::EvidenceIgnored { agency, .. }
            | Warning::NotOnRoster { agency, .. }
            | Warning::RollupBodyNotScored { agency, .. }
            | Warning::LateSubmission { agency, .. }
            | Warning::LateSubmissionIgnored { agency, .. } => vec![agency.as_str()],
            Warning::RollupNothingToAverage { .. }
            | Warning::SameFileTwice { .. }
            | Warning::HiddenSheets { .. }
            | Warning::TitleLines { .. }
            | Warning::RejectionsNotListed { .. }
            | Warning::SubmissionsWithoutTime { .. } => Vec::new(),
        }
    }

    /// The sentence for people, every agency named.
    pub fn message(&self, language: Language) -> String {
        self.message_naming(language, usize::MAX)
    }

    /// The sentence for people, naming at most `named` agencies and then how many more
    /// (a terminal shows ten; the results name all).
    pub fn message_naming(&self, language: Language, named: usize) -> String {
        let l = language;
        match self {
            Warning::StageScoresMissing {
                stage,
                stage_name,
                due,
                missing,
                files,
                absent_stage,
            } => {
                let ids = list(missing, named, l);
                let effect = match absent_stage {
                    AbsentStage::Zero => l.pick(
                        "menurut instrumen, tahap ini dihitung 0 dalam nilai akhir mereka",
                        "the instrument counts it 0 in their finals",
                    ),
                    AbsentStage::Reweight => l.pick(
                        "menurut instrumen, nilai akhir mereka dihitung dari tahap lain dengan \
                         bobot disesuaikan",
                        "the instrument makes their finals of the other stages, reweighted",
                    ),
                };
                let given = if files.is_empty() {
                    l.pick(
                        "Tidak ada berkas nilai tahap yang diberikan.".to_owned(),
                        "No stage-score file was given.".to_owned(),
                    )
                } else {
                    let files = files
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    l.pick(
                        format!(
                            "Berkas nilai tahap yang diberikan ({files}) tidak memuat nilai mereka."
                        ),
                        format!("The stage-score file(s) given ({files}) hold no score of theirs."),
                    )
                };
                l.pick(
                    format!(
                        "tahap `{stage}` ({stage_name}): tidak ada nilai untuk {} dari {due} badan \
                         publik dinilai yang mengikuti tahap ini ({ids}); {effect}. {given}",
                        missing.len()
                    ),
                    format!(
                        "stage `{stage}` ({stage_name}): no score for {} of the {due} scored bodies \
                         that take part in it ({ids}); {effect}. {given}",
                        missing.len()
                    ),
                )
            }
            Warning::VerificationUnused { agency } => l.pick(
                format!(
                    "entri verifikasi untuk badan publik `{agency}` tidak dipakai: tidak ada \
                     pengajuan sah darinya"
                ),
                format!(
                    "the verification entry for agency `{agency}` was not used: no valid \
                     submission of it"
                ),
            ),
            Warning::StageScoresUnused { agency } => l.pick(
                format!(
                    "nilai tahap untuk badan publik `{agency}` tidak dipakai: tidak ada pengajuan \
                     sah darinya"
                ),
                format!(
                    "the stage scores for agency `{agency}` were not used: no valid submission \
                     of it"
                ),
            ),
            Warning::EvidenceIgnored {
                agency,
                name,
                questions,
            } => {
                let first = questions.first().map_or("", String::as_str);
                let more = questions.len().saturating_sub(1);
                let more = match more {
                    0 => String::new(),
                    n => l.pick(
                        format!(" dan {n} pertanyaan lain"),
                        format!(" and {n} other question(s)"),
                    ),
                };
                l.pick(
                    format!(
                        "badan publik `{agency}` ({name}) melampirkan data dukung pada `{first}`\
                         {more}, yang tidak memerlukannya: data dukung itu diabaikan"
                    ),
                    format!(
                        "agency `{agency}` ({name}) attached evidence to `{first}`{more}, which \
                         take(s) none: the evidence was ignored"
                    ),
                )
            }
            Warning::NotOnRoster {
                agency,
                name,
                outcome,
            } => {
                let (id, en) = match outcome {
                    Outcome::Scored => ("dinilai", "was scored"),
                    Outcome::Rejected => ("ditolak", "was rejected"),
                    Outcome::Late => ("mengirim terlambat", "sent late"),
                };
                let (nama, named) = match name.is_empty() {
                    true => (String::new(), String::new()),
                    false => (format!(" ({name})"), format!(" ({name})")),
                };
                l.pick(
                    format!(
                        "badan publik `{agency}`{nama} {id} tetapi tidak ada dalam daftar \
                         badan publik wajib"
                    ),
                    format!("agency `{agency}`{named} {en} but is not in the roster"),
                )
            }
            Warning::RollupBodyNotScored {
                rollup,
                part,
                agency,
            } => l.pick(
                format!(
                    "agregat `{rollup}` bagian {part}: badan publik `{agency}` tidak dinilai, \
                     jadi agregat tidak bernilai"
                ),
                format!(
                    "roll-up `{rollup}` part {part}: agency `{agency}` was not scored, so the \
                     roll-up has no value"
                ),
            ),
            Warning::RollupNothingToAverage {
                rollup,
                part,
                measure,
            } => l.pick(
                format!(
                    "agregat `{rollup}` bagian {part}: tidak ada badan publik dinilai dengan \
                     nilai `{measure}` untuk dirata-rata, jadi agregat tidak bernilai"
                ),
                format!(
                    "roll-up `{rollup}` part {part}: no scored body has a `{measure}` score to \
                     average, so the roll-up has no value"
                ),
            ),
            Warning::HiddenSheets { file, read, hidden } => {
                let hidden = hidden
                    .iter()
                    .map(|h| format!("`{h}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                l.pick(
                    format!(
                        "{file}: lembar `{read}` (lembar terlihat pertama) yang dibaca; lembar \
                         tersembunyi {hidden} sebelumnya tidak dibaca"
                    ),
                    format!(
                        "{file}: sheet `{read}` (the first visible one) was read; the hidden \
                         sheet(s) {hidden} before it were not"
                    ),
                )
            }
            Warning::TitleLines {
                file,
                header,
                lines,
            } => {
                let said = lines
                    .iter()
                    .map(|(line, text)| {
                        let text: String = text.chars().take(80).collect();
                        format!("{line} (\u{201c}{text}\u{201d})")
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                l.pick(
                    format!(
                        "{file}: baris {said} di atas baris judul kolom (baris {header}) dibaca \
                         sebagai judul, bukan jawaban"
                    ),
                    format!(
                        "{file}: line(s) {said} above the column header (line {header}) read \
                         as a title, not answers"
                    ),
                )
            }
            Warning::SubmissionsWithoutTime { count, deadline } => l.pick(
                format!(
                    "{count} pengajuan tidak mencantumkan waktu kirim (`submitted_at`): \
                     dinilai tanpa diperiksa terhadap batas waktu {deadline}"
                ),
                format!(
                    "{count} submission(s) carry no time (`submitted_at`): scored without \
                     being checked against the deadline {deadline}"
                ),
            ),
            Warning::LateSubmission {
                agency,
                name,
                submitted_at,
                deadline,
                source,
            } => l.pick(
                format!(
                    "{source}: pengajuan badan publik `{agency}` ({name}) dikirim \
                     {submitted_at}, setelah batas waktu {deadline}: tidak akan dinilai"
                ),
                format!(
                    "{source}: the submission of agency `{agency}` ({name}) was sent \
                     {submitted_at}, after the deadline {deadline}: it will not be scored"
                ),
            ),
            Warning::LateSubmissionIgnored {
                agency,
                name,
                submitted_at,
                deadline,
                source,
                rejected,
            } => {
                let (lain, other) = match rejected {
                    false => (
                        "badan publik ini dinilai dari pengajuannya yang lain",
                        "the body is scored on its other submissions",
                    ),
                    true => (
                        "pengajuannya yang lain ditolak (lihat daftar pengajuan ditolak)",
                        "its other submissions were rejected (see the rejected submissions)",
                    ),
                };
                l.pick(
                    format!(
                        "{source}: pengajuan badan publik `{agency}` ({name}) dikirim \
                         {submitted_at}, setelah batas waktu {deadline}: tidak dinilai; {lain}"
                    ),
                    format!(
                        "{source}: the submission of agency `{agency}` ({name}) was sent \
                         {submitted_at}, after the deadline {deadline}: not scored; {other}"
                    ),
                )
            }
            Warning::SameFileTwice { file, first } => l.pick(
                format!("{file} adalah berkas yang sama dengan {first}: dibaca sekali"),
                format!("{file} is the same file as {first}: read once"),
            ),
            Warning::RejectionsNotListed { listed, more } => l.pick(
                format!(
                    "{more} pengajuan lagi ditolak dan tidak dicantumkan: satu batch \
                     mencantumkan paling banyak {listed} penolakan. Berkasnya tampaknya \
                     bukan berkas pengajuan; periksa lalu nilai ulang"
                ),
                format!(
                    "{more} more submissions were rejected and are not listed: a batch lists \
                     at most {listed} rejections. The files do not look like submissions; \
                     check them and score again"
                ),
            ),
        }
    }
}

/// `` `a`, `b`, `c` `` and, past `named`, how many more.
fn list(ids: &[String], named: usize, language: Language) -> String {
    let mut shown: Vec<String> = ids.iter().take(named).map(|id| format!("`{id}`")).collect();
    if ids.len() > named {
        let more = ids.len() - named;
        shown.push(language.pick(format!("{more} lagi"), format!("{more} more")));
    }
    shown.join(", ")
}

/// Warnings as the results JSON holds them: each `{ "kind", "message", "agencies" }`,
/// the message in `language`.
pub(crate) struct WarningsOut<'a>(pub &'a [Warning], pub Language);

impl Serialize for WarningsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for warning in self.0 {
            seq.serialize_element(&WarningOut(warning, self.1))?;
        }
        seq.end()
    }
}

struct WarningOut<'a>(&'a Warning, Language);

impl Serialize for WarningOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("kind", self.0.kind())?;
        map.serialize_entry("message", &self.0.message(self.1))?;
        let agencies = self.0.agencies();
        if !agencies.is_empty() {
            map.serialize_entry("agencies", &agencies)?;
        }
        map.end()
    }
}
