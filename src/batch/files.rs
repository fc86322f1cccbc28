//! Whole batches from files' bytes, each in its role: the one way every edge (the command
//! line, the web page, Python) checks and scores what it was given. The side files
//! (verification, stage scores, roster) go in first and stop the run on any problem,
//! since they shape every body's score; then the submissions, whose problems only reject
//! their records.

use crate::batch::collect::Batch;
use crate::batch::results::Results;
use crate::batch::texts::{BatchTexts, NamedText, Validator, plan_of};
use crate::batch::warning::Warning;
use crate::model::instrument::Instrument;
use crate::model::verification::StageScore;
use crate::read::framing::text_from_bytes;
use crate::read::role::InputRole;
use crate::read::source::Framing;
use crate::score::plan::Plan;
use crate::text::problem::{Problem, Report};

/// One input file as it is: its bytes and the name its problems and rejections carry
/// (`banten.jsonl`, `pengajuan.xlsx`). Its name's extension gives its framing; a name
/// without one lets the text tell ([`Framing::detect`]).
#[derive(Debug, Clone, Copy)]
pub struct NamedBytes<'a> {
    /// The name problems and sources carry.
    pub name: &'a str,
    /// The whole file.
    pub bytes: &'a [u8],
}

impl<'a> NamedBytes<'a> {
    /// A file's bytes and its name.
    pub fn new(name: &'a str, bytes: &'a [u8]) -> NamedBytes<'a> {
        NamedBytes { name, bytes }
    }

    /// Its text: UTF-8 (a byte-order mark allowed), or the problem that says what it is
    /// instead (UTF-16, binary, an invalid byte and where), naming the file.
    pub fn text(&self) -> Result<NamedText<'a>, Problem> {
        match text_from_bytes(self.bytes) {
            Ok(text) => Ok(NamedText::new(self.name, text)),
            Err(mut problem) => {
                // A nameless input (one body's answers) is no file.
                if !self.name.is_empty() {
                    problem.file = Some(self.name.into());
                }
                Err(problem)
            }
        }
    }

    /// Whether it is an Excel workbook: named `.xlsx`, or starting as a zip archive does.
    pub fn is_workbook(&self) -> bool {
        named_workbook(self.name) || self.bytes.starts_with(b"PK\x03\x04")
    }
}

impl<'a> From<NamedText<'a>> for NamedBytes<'a> {
    fn from(text: NamedText<'a>) -> NamedBytes<'a> {
        NamedBytes::new(text.name, text.text.as_bytes())
    }
}

/// A batch's inputs as files' bytes, by role: what `kip score` and `kip validate` read
/// from paths. [`BatchTexts`](crate::BatchTexts) is the same for texts.
///
/// ```
/// use kip_index::{BatchFiles, NamedBytes};
///
/// let instrument = std::fs::read("examples/monev-2025/instrument.json")?;
/// let kabkota = std::fs::read("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
/// files.submissions.push(NamedBytes::new("banten-kabkota.jsonl", &kabkota));
/// files.without_stage_scores = true;
/// assert!(files.validate().is_empty());
/// let results = files.score()?;
/// assert_eq!(results.results.len(), 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BatchFiles<'a> {
    /// The instrument (JSON).
    pub instrument: NamedBytes<'a>,
    /// Submission files: JSON, JSON Lines, CSV or an Excel workbook.
    pub submissions: Vec<NamedBytes<'a>>,
    /// The verifiers' decisions (JSON or JSON Lines): `--verification`.
    pub verification: Vec<NamedBytes<'a>>,
    /// The other stages' scores (JSON, JSON Lines or CSV): `--stage-scores`.
    pub stage_scores: Vec<NamedBytes<'a>>,
    /// The bodies due to submit (JSON, JSON Lines or CSV): `--roster`.
    pub roster: Vec<NamedBytes<'a>>,
    /// No stage scores are meant to be given: a stage left without scores is then not
    /// warned about ([`Batch::without_stage_scores`]).
    pub without_stage_scores: bool,
    /// A missing answer rejects its body instead of counting 0 (`--strict`,
    /// [`Plan::strict`]).
    pub strict: bool,
    /// The deadline, replacing the instrument's (`--deadline`, [`Plan::with_deadline`]).
    pub deadline: Option<crate::text::moment::Moment>,
}

impl<'a> BatchFiles<'a> {
    /// An instrument and no other input yet.
    pub fn new(instrument: NamedBytes<'a>) -> BatchFiles<'a> {
        BatchFiles {
            instrument,
            submissions: Vec::new(),
            verification: Vec::new(),
            stage_scores: Vec::new(),
            roster: Vec::new(),
            without_stage_scores: false,
            strict: false,
            deadline: None,
        }
    }

    /// The instrument read and planned ([`plan_of`]); its problems name its file.
    pub fn plan(&self) -> Result<Plan, Report> {
        let text = self.instrument.text().map_err(Report::from)?;
        let plan = plan_of(text)?.strict(self.strict);
        Ok(match &self.deadline {
            Some(deadline) => plan.with_deadline(deadline.clone()),
            None => plan,
        })
    }

    /// The verification, stage-score and roster files, each with its role, in that
    /// order.
    pub fn side_files<'b>(&'b self) -> impl Iterator<Item = (InputRole, NamedBytes<'a>)> + 'b {
        let of =
            |role: InputRole, files: &'b [NamedBytes<'a>]| files.iter().map(move |f| (role, *f));
        of(InputRole::Verification, &self.verification)
            .chain(of(InputRole::StageScores, &self.stage_scores))
            .chain(of(InputRole::Roster, &self.roster))
    }

    /// Every problem in every file, as `kip validate` reports them: the instrument's
    /// (then nothing else is checked), each submission file's, the same body and rater
    /// twice across them, then each side file's.
    pub fn validate(&self) -> Report {
        let plan = match self.plan() {
            Ok(plan) => plan,
            Err(report) => return report,
        };
        let mut validator = Validator::new(plan.instrument());
        let mut report = Report::new();
        for input in &self.submissions {
            report.extend(validator.file(InputRole::Submissions, *input));
        }
        report.extend(validator.duplicate_submissions());
        for (role, input) in self.side_files() {
            report.extend(validator.file(role, input));
        }
        report
    }

    /// The batch scored and ranked, as `kip score` scores it. An instrument that cannot
    /// be scored, or a problem in the verification, stage scores or roster, is the
    /// error; a bad submission is only rejected, in the results.
    pub fn score(&self) -> Result<Results, Report> {
        self.score_with(&self.plan()?)
    }

    /// [`score`](Self::score) with the instrument already planned.
    pub fn score_with(&self, plan: &Plan) -> Result<Results, Report> {
        let (batch, twice) = self.batch(plan)?;
        let mut results = batch.finish();
        results.warnings.splice(0..0, twice);
        Ok(results)
    }

    /// Where the Monev stands ([`Batch::progress`]), as `kip progress` reads it: every
    /// roster body's state and the counts, messages in `language`. A problem in the
    /// roster is the error; a bad submission rejects its body.
    ///
    /// ```
    /// use kip_index::{BatchFiles, Language, NamedBytes, State};
    ///
    /// let instrument = std::fs::read("examples/monev-2025/instrument.json")?;
    /// let kabkota = std::fs::read("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
    /// files.submissions.push(NamedBytes::new("banten-kabkota.jsonl", &kabkota));
    /// let progress = files.progress(Language::Indonesian)?;
    /// assert_eq!(progress.total.due, 8);
    /// assert!(progress.bodies.iter().all(|b| b.state != State::NotReceived));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress(&self, language: crate::Language) -> Result<crate::Progress, Report> {
        self.progress_with(&self.plan()?, language)
    }

    /// [`progress`](Self::progress) with the instrument already planned.
    pub fn progress_with(
        &self,
        plan: &Plan,
        language: crate::Language,
    ) -> Result<crate::Progress, Report> {
        let (batch, twice) = self.batch(plan)?;
        let mut progress = batch.progress(language);
        let twice = twice.iter().map(|w| w.message(language));
        progress.warnings.splice(0..0, twice);
        Ok(progress)
    }

    /// The batch of these files, every file read, and the warnings of files given twice.
    fn batch<'p>(&self, plan: &'p Plan) -> Result<(Batch<'p>, Vec<Warning>), Report> {
        let mut batch = Batch::new(plan);
        if self.without_stage_scores {
            batch = batch.without_stage_scores();
        }
        batch.add_side_files(self.side_files())?;
        // The same file given twice (its name and bytes) is read once, and said.
        let mut twice = Vec::new();
        for (k, input) in self.submissions.iter().enumerate() {
            let earlier = self.submissions.get(..k).unwrap_or_default();
            if (earlier.iter()).any(|e| e.name == input.name && e.bytes == input.bytes) {
                twice.push(Warning::same_file_twice(input.name, input.name));
                continue;
            }
            batch.add_submissions_bytes(input.name, input.bytes);
        }
        Ok((batch, twice))
    }

    /// Every stage score the stage-score files give, each judge's scores kept (the
    /// batch keeps only their mean): what [`sensitivity_with_judges`] resamples. A file
    /// or entry with a problem gives none ([`score`](Self::score) reports it).
    ///
    /// [`sensitivity_with_judges`]: crate::sensitivity_with_judges
    pub fn judged_stage_scores(&self, instrument: &Instrument) -> Vec<StageScore> {
        let mut scores = Vec::new();
        for input in &self.stage_scores {
            let Ok(text) = input.text() else { continue };
            let records =
                crate::read::source::read_stage_scores(text.text, text.framing(), instrument);
            scores.extend(records.into_iter().filter_map(|r| r.value.ok()));
        }
        scores
    }
}

impl Batch<'_> {
    /// Adds a submission file as its bytes: an Excel workbook (named `.xlsx` or starting
    /// as a zip archive does; feature `xlsx`) through [`Batch::add_workbook`], text
    /// through [`Batch::add_submissions_text`] (framing told by the name; JSON Lines line
    /// by line, so an invalid byte costs only its line). A file that
    /// is not text is never silent: UTF-16, UTF-32 or a binary file is one rejection
    /// naming what it is; a file with a stray invalid byte is read as far as it can be,
    /// and every submission it seems to hold is rejected under its own record (`#/3`,
    /// with its agency where that part can be read) rather than lost in one rejection.
    ///
    /// ```
    /// use kip_index::{Batch, Instrument, Plan};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let mut batch = Batch::new(&plan);
    /// // Two submissions in an array, the second with a Latin-1 byte in its name.
    /// let bytes = b"[{\"agency\": {\"id\": \"3601\"}}, {\"agency\": {\"id\": \"3602\", \"name\": \"Dinas \xC9\"}}]";
    /// batch.add_submissions_bytes("pengajuan.json", bytes);
    /// let results = batch.finish();
    /// assert_eq!(results.rejected.len(), 2);
    /// assert_eq!(results.rejected[1].source.to_string(), "pengajuan.json#/1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_submissions_bytes(&mut self, file: &str, bytes: &[u8]) {
        let named_workbook = named_workbook(file);
        #[cfg(feature = "xlsx")]
        if NamedBytes::new(file, bytes).is_workbook() {
            return self.add_workbook(file, bytes);
        }
        if Framing::from_file_name(file) == Framing::JsonLines {
            // Line by line: an invalid byte costs its own line only.
            let mut lines = crate::batch::pieces::JsonLinesFile::new(self, file);
            lines.add(self, bytes);
            return lines.finish(self);
        }
        match crate::read::framing::text_from_bytes(bytes) {
            Ok(text) => self.add_submissions_text(NamedText::new(file, text)),
            Err(mut problem) => {
                problem.file = Some(file.into());
                // UTF-16 or UTF-32: refused, each record named from the decoded text.
                if let Some(text) = crate::read::framing::decode_wide(bytes) {
                    let framing = NamedText::new(file, &text).framing();
                    return self.refuse_file(file, framing, &text, problem);
                }
                // Text after stray zero bytes is still read for the records it shows.
                let zeros = bytes.starts_with(&[0; 4]);
                if named_workbook
                    || (crate::read::framing::encoding_problem(bytes).is_some() && !zeros)
                {
                    return self.reject(file, Report::from(problem));
                }
                let text = String::from_utf8_lossy(bytes);
                // By its name, or what its text shows when the name says nothing.
                let framing = NamedText::new(file, &text).framing();
                if framing == Framing::JsonLines {
                    // Line by line: an invalid byte costs its own line only.
                    let mut lines = crate::batch::pieces::JsonLinesFile::new(self, file);
                    lines.add(self, bytes);
                    return lines.finish(self);
                }
                // A sheet: each row with an invalid byte rejected, the others read.
                if framing == Framing::Csv && !zeros {
                    return match crate::read::table::lossy_csv_table(bytes, &text, &self.limits) {
                        Ok(table) => self.add_table(file, &table),
                        Err(problem) => self.reject(file, Report::from(problem)),
                    };
                }
                // The first invalid byte: everything before it is the same in the
                // lossy text, so the record holding it is found there.
                let at = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
                crate::read::framing::located_failures_each(&text, problem, at, &mut |record| {
                    self.add_record(file, framing, record)
                });
            }
        }
    }
}

impl<'a> BatchTexts<'a> {
    /// The same inputs as files' bytes, for [`BatchFiles`]: what checks and scores them.
    pub fn files(&self) -> BatchFiles<'a> {
        let bytes = |texts: &[NamedText<'a>]| texts.iter().map(|t| NamedBytes::from(*t)).collect();
        BatchFiles {
            submissions: bytes(&self.submissions),
            verification: bytes(&self.verification),
            stage_scores: bytes(&self.stage_scores),
            roster: bytes(&self.roster),
            without_stage_scores: self.without_stage_scores,
            strict: self.strict,
            deadline: self.deadline.clone(),
            ..BatchFiles::new(NamedBytes::from(self.instrument))
        }
    }

    /// Every problem in every input, as `kip validate` reports them: the instrument's
    /// (then nothing else is checked), each file's, and the same body and rater twice
    /// across the submission files ([`BatchFiles::validate`]).
    pub fn validate(&self) -> Report {
        self.files().validate()
    }

    /// The batch scored and ranked, as `kip score` scores it. An instrument that cannot
    /// be scored, or a problem in the verification, stage scores or roster (which shape
    /// every body's score), is the error; a bad submission is only rejected, in the
    /// results ([`BatchFiles::score`]).
    pub fn score(&self) -> Result<Results, Report> {
        self.files().score()
    }

    /// [`score`](Self::score) with the instrument already planned.
    pub(crate) fn score_with(&self, plan: &Plan) -> Result<Results, Report> {
        self.files().score_with(plan)
    }
}

impl Validator<'_> {
    /// The problems of one file in its role, as `kip validate` finds them: a submission
    /// file's (a workbook's problems naming their cells), a side file's, or an
    /// instrument's own; a file that is not UTF-8 text (nor a workbook) its encoding.
    pub fn file(&mut self, role: InputRole, input: NamedBytes<'_>) -> Report {
        #[cfg(feature = "xlsx")]
        if role == InputRole::Submissions && input.is_workbook() {
            let records =
                crate::read::source::read_submission_workbook(input.bytes, self.instrument());
            // A workbook's records are rows, placed as a sheet's are (`file:ROW`).
            return self.submission_records(input.name, Framing::Csv, records);
        }
        #[cfg(feature = "xlsx")]
        if role == InputRole::Roster && input.is_workbook() {
            let records = crate::read::source::read_roster_workbook(input.bytes, self.instrument());
            return self.roster_records(input.name, &records);
        }
        let text = match input.text() {
            Ok(text) => text,
            Err(problem) => {
                // A sheet with bytes that are not UTF-8 (Excel's Windows code page): each
                // row holding one is a problem under its line, the others checked, as
                // `kip score` reads it.
                let lossy = String::from_utf8_lossy(input.bytes);
                let sheet = NamedText::new(input.name, &lossy).framing() == Framing::Csv;
                let wide = crate::read::framing::encoding_problem(input.bytes).is_some();
                if role == InputRole::Submissions && sheet && !wide {
                    let limits = crate::Limits::default();
                    if let Ok(table) =
                        crate::read::table::lossy_csv_table(input.bytes, &lossy, &limits)
                    {
                        let check = crate::read::source::checker(self.instrument(), &limits);
                        let records = crate::read::sheet_input::submissions(
                            &table,
                            self.instrument(),
                            &check,
                        );
                        return self.submission_records(input.name, Framing::Csv, records);
                    }
                }
                return Report::from(problem);
            }
        };
        match role {
            InputRole::Submissions => self.submissions(text),
            InputRole::Verification => self.verifications(text),
            InputRole::StageScores => self.stage_scores(text),
            InputRole::Roster => self.roster(text),
            InputRole::Instrument => plan_of(text).err().unwrap_or_default(),
        }
    }
}

/// Whether a file's name says it is an Excel workbook (`.xlsx`).
fn named_workbook(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("xlsx"))
}
