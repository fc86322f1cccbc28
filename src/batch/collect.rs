//! Batch scoring: many bodies in, ranked results, summaries, the roster's
//! not-assessed bodies and every rejected submission out — nothing lost.

use std::collections::BTreeMap;

use crate::batch::results::{Rejected, Source};
use crate::model::roster::RosterEntry;
use crate::model::submission::Submission;
use crate::model::verification::{StageScore, Verification};
use crate::read::record::{AgencyRef, Record};
use crate::read::source::Framing;
use crate::score::plan::Plan;
use crate::score::sheet::Sheet;
use crate::text::problem::{Problem, ProblemKind, Report};

/// A batch being gathered: submissions (reduced to compact sheets as they arrive),
/// verification entries, stage scores and the roster of bodies that were due. Call
/// [`Batch::finish`] for the ranked [`Results`](crate::Results).
///
/// ```
/// use kip_index::{Batch, Framing, Instrument, Plan, read_submissions};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let mut batch = Batch::new(&plan);
/// let file = "examples/monev-2025/submissions/banten-kabkota.jsonl";
/// for record in read_submissions(&std::fs::read_to_string(file)?, Framing::JsonLines, &instrument) {
///     batch.add_record(file, Framing::JsonLines, record);
/// }
/// let results = batch.finish();
/// assert_eq!(results.results.len(), 8);
/// assert_eq!(results.results[0].rank.map(|r| r.overall), Some(1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Batch<'p> {
    pub(super) plan: &'p Plan,
    /// The kept sheets, each with where it came from.
    pub(super) sheets: Vec<(Place, Sheet)>,
    /// The names of the files the sheets came from ([`Place::file`] indexes it).
    pub(super) files: Vec<String>,
    pub(super) verifications: BTreeMap<String, Verification>,
    pub(super) stage_scores: BTreeMap<String, Vec<StageScore>>,
    pub(super) roster: Option<crate::batch::roster::Roster>,
    pub(super) rejected: Vec<Rejected>,
    pub(super) warnings: Vec<crate::batch::warning::Warning>,
    /// The names of the stage-score files given, for the warning about bodies they lack.
    pub(super) stage_score_files: Vec<String>,
    pub(super) read: usize,
    pub(super) limits: crate::Limits,
    /// Set by [`Batch::without_stage_scores`]: no warning for stages left unscored.
    pub(super) without_stage_scores: bool,
    /// Rejections past `Limits::max_rejections`: counted, not kept.
    pub(super) rejections_not_listed: usize,
    /// The submissions sent after the deadline, set apart unscored.
    pub(super) late: Vec<crate::batch::not_assessed::LateSubmission>,
    /// With a deadline, the submissions kept that carry no time.
    pub(super) untimed: usize,
    /// Each verification file's agencies so far (a file holds one entry per agency).
    pub(super) verification_files: std::collections::BTreeSet<(String, String)>,
    /// Each verification round's name and the file that named it first (a map: a file
    /// may name a round an entry, and every lookup stays logarithmic).
    pub(super) verification_rounds: BTreeMap<String, String>,
    /// The first verification file: the verification; every later file is a round.
    pub(super) first_verification_file: Option<String>,
}

impl<'p> Batch<'p> {
    /// An empty batch scored with `plan`.
    pub fn new(plan: &'p Plan) -> Batch<'p> {
        Batch {
            plan,
            sheets: Vec::new(),
            files: Vec::new(),
            verifications: BTreeMap::new(),
            stage_scores: BTreeMap::new(),
            roster: None,
            rejected: Vec::new(),
            warnings: Vec::new(),
            stage_score_files: Vec::new(),
            read: 0,
            limits: *plan.limits(),
            without_stage_scores: false,
            rejections_not_listed: 0,
            late: Vec::new(),
            untimed: 0,
            verification_files: std::collections::BTreeSet::new(),
            verification_rounds: BTreeMap::new(),
            first_verification_file: None,
        }
    }

    /// Sets the limits of this batch's reading (the plan's by default): JSON Lines
    /// records longer than `max_line_bytes` are rejected unread, submissions past
    /// `max_bodies` sheets are rejected, and every record of every framing is checked
    /// against them — looser or tighter than the defaults alike.
    pub fn with_limits(mut self, limits: crate::Limits) -> Batch<'p> {
        self.limits = limits;
        self
    }

    /// States that the batch is meant without scores for the stages other than the
    /// questionnaire (a commission that scores the SAQ alone). Those stages still count
    /// as the instrument says (`absent_stage`: 0, or the others reweighted); only the
    /// warning that each is missing, which a batch otherwise gives, is left out.
    ///
    /// ```
    /// use kip_index::{Batch, Instrument, Plan, read_submissions, Framing, Warning};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let text = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let mut warned = Batch::new(&plan);
    /// let mut meant = Batch::new(&plan).without_stage_scores();
    /// for record in read_submissions(&text, Framing::JsonLines, &instrument) {
    ///     warned.add_record("kabkota.jsonl", Framing::JsonLines, record.clone());
    ///     meant.add_record("kabkota.jsonl", Framing::JsonLines, record);
    /// }
    /// let warned = warned.finish();
    /// // Five of the eight are past the visitasi's gate, and none has its score.
    /// assert!(warned.warnings.iter().any(|w| matches!(w,
    ///     Warning::StageScoresMissing { stage, missing, .. } if stage == "visitasi" && missing.len() == 5)));
    /// assert!(meant.finish().warnings.iter().all(|w| w.kind() != "stage_scores_missing"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn without_stage_scores(mut self) -> Batch<'p> {
        self.without_stage_scores = true;
        self
    }

    /// Adds one submission; `source` says where it came from (`batch.jsonl:14`). A
    /// submission that does not fit the instrument is rejected with every problem.
    pub fn add_submission(&mut self, source: impl Into<Source>, submission: &Submission) {
        let prepared = prepare_submission(self.plan, source.into(), submission);
        self.accept(prepared);
    }

    /// Adds a record as [`read_submissions`](crate::read_submissions) returns it, from
    /// the file named `file`: a valid one is added, an invalid one rejected with its
    /// problems and, when readable, its agency.
    pub fn add_record(&mut self, file: &str, framing: Framing, record: Record<Submission>) {
        let prepared = prepare_record(self.plan, file, framing, record);
        self.accept(prepared);
    }

    /// Adds the submissions of a piece of a JSON Lines file: whole lines, the first of
    /// which is line `first_line` of the file and starts at byte `first_byte`. The lines
    /// are read, checked and reduced on every core (rayon), then added in their order,
    /// so the results are byte for byte those of reading them one at a time. Returns the
    /// number of lines the piece held (its newlines, plus one), so that the next piece's
    /// `first_line` is `first_line` plus that.
    ///
    /// ```
    /// use kip_index::{Batch, Instrument, Plan};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let bytes = std::fs::read("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let mut batch = Batch::new(&plan);
    /// batch.add_json_lines("banten-kabkota.jsonl", &bytes, 1, 0);
    /// assert_eq!(batch.submissions_read(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_json_lines(
        &mut self,
        file: &str,
        bytes: &[u8],
        first_line: usize,
        first_byte: usize,
    ) -> usize {
        use crate::text::par::prelude::*;
        if first_byte == 0
            && let Some(problem) = crate::read::framing::encoding_problem(bytes)
        {
            self.reject(file, Report::from(problem));
            return bytes.split(|b| *b == b'\n').count();
        }
        let mut lines = Vec::with_capacity(bytes.len() / 1024 + 1);
        let (mut line, mut offset, mut start) = (first_line, first_byte, 0);
        for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
            let piece = bytes.get(start..end).unwrap_or_default();
            lines.push((line, offset, piece));
            line += 1;
            offset += piece.len() + 1;
            start = end + 1;
        }
        let count = lines.len();
        let plan = self.plan;
        let instrument = plan.instrument();
        let limits = self.limits;
        let check = crate::read::source::checker(instrument, &limits);
        // Each line's submission, and the rare others run together on it; a chunk of
        // lines at a time, so that a piece of millions of tiny broken lines is never
        // held as rejections all at once (the batch keeps what its limits allow).
        let prepare = |(line, offset, piece): &(usize, usize, &[u8])| {
            if let Err(problem) = limits.check_record_size(piece.len()) {
                // Named by what its start shows: the agency comes first in a record.
                let start = piece.get(..piece.len().min(64 << 10)).unwrap_or_default();
                let agency = AgencyRef::sniff(&String::from_utf8_lossy(start));
                let (id, category, region) = agency
                    .map(|a| (Some(a.id), a.category, a.region))
                    .unwrap_or_default();
                let rejected = Rejected::new(
                    Source::line(file, *line),
                    id,
                    vec![problem],
                    category,
                    region,
                );
                return (Some(Prepared::Rejected(rejected)), Vec::new());
            }
            // Most lines are valid: straight to a sheet. The rest are read the
            // ordinary way, which reports every problem.
            if let Some(sheet) = quick_sheet(plan, &limits, piece, *line) {
                return (
                    Some(Prepared::Sheet(Source::line(file, *line), sheet)),
                    Vec::new(),
                );
            }
            // Valid lines are checked once, when reduced to a sheet; the careful
            // reader still checks the lines it reads.
            let Some(record) =
                crate::read::source::submission_line(piece, *line, *offset, false, &check)
            else {
                return (None, Vec::new());
            };
            let first = prepare_record(plan, file, Framing::JsonLines, record);
            let others = match &first {
                Prepared::Rejected(rejected) => run_together(rejected, piece),
                Prepared::Sheet(..) => Vec::new(),
            };
            (Some(first), others)
        };
        for chunk in lines.chunks(16_384) {
            let prepared: Vec<(Option<Prepared>, Vec<Prepared>)> =
                chunk.par_iter().map(prepare).collect();
            for (first, others) in prepared {
                first.into_iter().chain(others).for_each(|p| self.accept(p));
            }
        }
        count
    }

    /// Adds the submissions of a spreadsheet saved as CSV — one row per body and rater,
    /// laid out as [`read_submissions`](crate::read_submissions) reads
    /// [`Framing::Csv`] — reading its rows on every core, a thousand at a time, so that
    /// the sheet is never held as submissions whole. A problem in a row rejects that row
    /// (`file:ROW`); a header that does not fit the instrument, the file.
    ///
    /// ```
    /// use kip_index::{Batch, Instrument, Plan};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let mut batch = Batch::new(&plan).without_stage_scores();
    /// batch.add_csv("jawaban.csv", "agency_id;agency_name;category;JI01;JI01.evidence\n\
    ///     3673;Pemerintah Kota Serang;pemkot;ya;https://ppid.serangkota.go.id\n\
    ///     3672;Pemerintah Kota Cilegon;pemkot;mungkin;\n");
    /// let results = batch.finish();
    /// assert_eq!(results.results.len(), 1);
    /// let source = &results.rejected[0].source;
    /// assert_eq!((source.file.as_str(), source.record), ("jawaban.csv", Some(3)));
    /// assert_eq!(source.to_string(), "jawaban.csv:3");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_csv(&mut self, file: &str, text: &str) {
        match crate::read::table::csv_table(text, &self.limits) {
            Ok(table) => self.add_table(file, &table),
            Err(problem) => self.reject(file, Report::from(problem)),
        }
    }

    /// [`Batch::add_csv`] for the first sheet of an Excel workbook (`.xlsx`); problems
    /// name their cell (`Sheet1!F7`).
    #[cfg(feature = "xlsx")]
    pub fn add_workbook(&mut self, file: &str, bytes: &[u8]) {
        match crate::read::workbook::workbook_table(bytes, &self.limits) {
            Ok(table) => {
                if !table.hidden.is_empty() {
                    self.warnings
                        .push(crate::batch::warning::Warning::HiddenSheets {
                            file: file.to_owned(),
                            read: table.sheet.clone().unwrap_or_default(),
                            hidden: table.hidden.clone(),
                        });
                }
                self.add_table(file, &table)
            }
            Err(problem) => self.reject(file, Report::from(problem)),
        }
    }

    pub(crate) fn add_table(&mut self, file: &str, table: &crate::read::table::Table) {
        if !table.titles.is_empty() {
            self.warnings
                .push(crate::batch::warning::Warning::TitleLines {
                    file: file.to_owned(),
                    header: table.header_line,
                    lines: table.titles.clone(),
                });
        }
        use crate::text::par::prelude::*;
        let plan = self.plan;
        let limits = self.limits;
        let check = crate::read::source::checker(plan.instrument(), &limits);
        let instrument = plan.instrument();
        let to_sheet = |view: crate::model::view::View<'_>| plan.sheet_from_view(view, &limits);
        crate::read::sheet_input::each_chunk(
            table,
            instrument,
            Some(&to_sheet),
            &check,
            1_024,
            |rows| {
                use crate::read::sheet_input::Row;
                let prepared: Vec<Prepared> = rows
                    .into_par_iter()
                    .map(|row| match row {
                        Row::Sheet(line, sheet) => Prepared::Sheet(Source::line(file, line), sheet),
                        Row::Record(record) => prepare_record(plan, file, Framing::Csv, record),
                    })
                    .collect();
                for p in prepared {
                    self.accept(p);
                }
            },
        );
    }

    /// Keeps a rejection with its problems; past `Limits::max_rejections`, one that
    /// names its body is kept with its first problem only (the body is still named:
    /// never taken for one that sent nothing), one that names none is counted.
    fn keep_rejected(&mut self, mut rejected: Rejected) {
        if self.rejected.len() < self.limits.max_rejections {
            self.rejected.push(rejected);
        } else if rejected.agency.is_some() {
            rejected.errors.truncate(1);
            self.rejected.push(rejected);
        } else {
            self.rejections_not_listed += 1;
        }
    }

    /// Where a kept sheet came from, its file's name kept once in `files`: the last
    /// name is reused (records come a file at a time), so each costs no search.
    fn place(&mut self, source: Source) -> Place {
        let last = self.files.len().checked_sub(1);
        let file = match last.filter(|&k| self.files.get(k) == Some(&source.file)) {
            Some(k) => k,
            None => {
                self.files.push(source.file);
                self.files.len() - 1
            }
        };
        Place {
            file,
            record: source.record,
            pointer: source.pointer.map(String::into_boxed_str),
        }
    }

    pub(crate) fn accept(&mut self, prepared: Prepared) {
        self.read += 1;
        match prepared {
            // A late submission counts as a body against the limit too: whatever a file
            // holds, the batch keeps at most `max_bodies` of them.
            Prepared::Sheet(source, _)
                if self.sheets.len() + self.late.len() >= self.limits.max_bodies =>
            {
                let problem = Problem::new(
                    ProblemKind::InvalidValue,
                    "",
                    format!(
                        "expected at most {} submissions in one batch, found more",
                        self.limits.max_bodies
                    ),
                );
                self.keep_rejected(Rejected::new(source, None, vec![problem], None, None));
            }
            Prepared::Sheet(source, mut sheet) => {
                let problems = self.sheet_limits(&sheet);
                // The time is needed once, here: the kept sheet carries none.
                let submitted_at = sheet.take_submitted_at();
                let deadline = self.plan.instrument().deadline.as_ref();
                let untimed = deadline.is_some() && submitted_at.is_none();
                let late = match (deadline, submitted_at) {
                    (Some(d), Some(at)) if at > *d => Some(at),
                    _ => None,
                };
                if problems.is_empty()
                    && let Some(at) = late
                {
                    self.late.push(crate::batch::not_assessed::LateSubmission {
                        submitted_at: at,
                        agency: sheet.agency,
                        source,
                    });
                } else if problems.is_empty() {
                    if untimed {
                        self.untimed += 1;
                    }
                    let place = self.place(source);
                    self.sheets.push((place, sheet));
                } else {
                    // Only what is within the limits is kept to name the rejection.
                    let agency = &sheet.agency;
                    let max = self.limits.max_id_bytes;
                    let short = |text: &str| (text.len() <= max).then(|| text.to_owned());
                    self.keep_rejected(Rejected::new(
                        source,
                        short(&agency.id),
                        problems.problems().to_vec(),
                        (agency.category.as_ref())
                            .filter(|c| c.len() <= max)
                            .cloned(),
                        agency.region.as_deref().and_then(short),
                    ));
                }
            }
            Prepared::Rejected(rejected) => self.keep_rejected(rejected),
        }
    }

    /// The lengths of what a sheet keeps, against the batch's limits.
    fn sheet_limits(&self, sheet: &Sheet) -> Report {
        sheet_limits(&self.limits, sheet)
    }

    /// Rejects input that could not be read as submissions at all (a file that is not
    /// UTF-8 or not JSON); it counts as one submission read.
    pub fn reject(&mut self, source: impl Into<Source>, problems: Report) {
        self.read += 1;
        self.keep_rejected(Rejected::new(
            source.into(),
            None,
            problems.problems().to_vec(),
            None,
            None,
        ));
    }

    /// Rejects a JSON Lines file that gave no submission — it was empty or held only
    /// blank lines — where `before` is [`Batch::submissions_read`] from before it was
    /// added: a problem, not silence.
    pub(crate) fn reject_if_empty(&mut self, file: &str, before: usize) {
        if self.read != before {
            return;
        }
        let instrument = self.plan.instrument();
        for record in crate::read::source::read_submissions("", Framing::JsonLines, instrument) {
            if let Err(report) = record.value {
                self.reject(file, report);
            }
        }
    }

    /// Adds a stage score; several for one body and stage are several judges. An id
    /// beyond the batch's [`Limits`](crate::Limits) is a problem.
    pub fn add_stage_score(&mut self, score: StageScore) -> Result<(), Problem> {
        first_problem(self.limits.check_stage_score(&score))?;
        self.stage_scores
            .entry(score.agency.clone())
            .or_default()
            .push(score);
        Ok(())
    }

    /// Adds a body to the roster of bodies due to submit; with a roster, due bodies with
    /// no score are *Tidak Dinilai* and scored bodies missing from it are warned about.
    /// The same id twice is a problem (the first entry stands).
    pub fn add_to_roster(&mut self, entry: impl Into<RosterEntry>) -> Result<(), Problem> {
        let entry = entry.into();
        first_problem(self.limits.check_agency(&entry.agency, ""))?;
        first_problem(self.limits.check_roster_entry(&entry, ""))?;
        let agency = &entry.agency;
        let roster = self
            .roster
            .get_or_insert_with(crate::batch::roster::Roster::new);
        if roster.contains(agency.id.as_str()) {
            return Err(crate::batch::roster::listed_twice(&agency.id));
        }
        roster.insert(crate::batch::roster::Listed::from(entry));
        Ok(())
    }

    /// The plan the batch is scored with.
    pub fn plan(&self) -> &'p Plan {
        self.plan
    }

    /// The number of submissions read so far (scored or not).
    pub fn submissions_read(&self) -> usize {
        self.read
    }
}

/// A JSON Lines line straight to a sheet, when it is plainly valid.
fn quick_sheet(plan: &Plan, limits: &crate::Limits, bytes: &[u8], line: usize) -> Option<Sheet> {
    let bytes = match line {
        1 => bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes),
        _ => bytes,
    };
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_suffix('\r').unwrap_or(text);
    crate::read::fastread::view_of_line(text).and_then(|view| plan.sheet_from_view(view, limits))
}

/// The lengths of what a sheet keeps (its agency's id, name and region, its raters),
/// against `limits`.
pub(crate) fn sheet_limits(limits: &crate::Limits, sheet: &Sheet) -> Report {
    let mut report = limits.check_agency(&sheet.agency, "/agency");
    report.extend(limits.check_raters(sheet.rater(), sheet.rater_group()));
    report
}

/// The bodies after the first of records run together on one line (a missing line
/// break, CR-only line ends), each rejected with the line's problems under its own
/// agency: every body on the line is counted, not the first alone.
fn run_together(first: &Rejected, line: &[u8]) -> Vec<Prepared> {
    let agencies = crate::read::framing::run_together_agencies(line);
    (agencies.into_iter().skip(1))
        .map(|agency| {
            Prepared::Rejected(Rejected::new(
                first.source.clone(),
                Some(agency.id),
                first.errors.clone(),
                agency.category,
                agency.region,
            ))
        })
        .collect()
}

/// Where a kept sheet came from, compactly: its file as an index into the batch's
/// names (one copy of each name, not one a record), its record and its pointer. A
/// rejection's [`Source`] is made from it only when one is needed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place {
    file: usize,
    record: Option<usize>,
    pointer: Option<Box<str>>,
}

impl Place {
    /// The [`Source`] it stands for, in a batch whose file names are `files`.
    pub(crate) fn source(&self, files: &[String]) -> Source {
        Source {
            file: files.get(self.file).cloned().unwrap_or_default(),
            record: self.record,
            pointer: self.pointer.as_deref().map(str::to_owned),
        }
    }
}

/// A submission made ready on any thread: reduced to a sheet, or rejected.
pub(crate) enum Prepared {
    Sheet(Source, Sheet),
    Rejected(Rejected),
}

fn prepare_submission(plan: &Plan, source: Source, submission: &Submission) -> Prepared {
    match plan.sheet(submission) {
        Ok(sheet) => Prepared::Sheet(source, sheet),
        Err(report) => {
            let agency = &submission.agency;
            Prepared::Rejected(Rejected::new(
                source,
                Some(agency.id.clone()),
                report.problems().to_vec(),
                agency.category.clone(),
                agency.region.clone(),
            ))
        }
    }
}

pub(crate) fn prepare_record(
    plan: &Plan,
    file: &str,
    framing: Framing,
    record: Record<Submission>,
) -> Prepared {
    let source = source_of(file, framing, &record);
    match record.value {
        Ok(submission) => prepare_submission(plan, source, &submission),
        Err(report) => {
            let agency = record.agency.unwrap_or_default();
            let id = (!agency.id.is_empty()).then_some(agency.id);
            Prepared::Rejected(Rejected::new(
                source,
                id,
                report.problems().to_vec(),
                agency.category,
                agency.region,
            ))
        }
    }
}

/// Where a record of `file` came from: its line for JSON Lines and CSV (`file:12`), its
/// pointer for an element of an array (`file#/3`), the file for a lone object.
pub(crate) fn source_of<T>(file: &str, framing: Framing, record: &Record<T>) -> Source {
    match (framing, record.line) {
        (Framing::JsonLines | Framing::Csv, Some(line)) => Source::line(file, line),
        _ if record.path.is_empty() => Source::file(file),
        _ => Source::at(file, record.path.clone()),
    }
}

/// Where a scored body's submission came from, kept in case the body is rejected.
/// The first problem of `report`, as the `add_*` methods return it.
pub(crate) fn first_problem(report: Report) -> Result<(), Problem> {
    match report.problems().first() {
        Some(problem) => Err(problem.clone()),
        None => Ok(()),
    }
}
