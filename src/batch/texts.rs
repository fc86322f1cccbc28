//! Whole batches from texts in memory: checked as `kip validate` checks files, scored as
//! `kip score` scores them — for callers with no files, such as a web page or a portal
//! (the WebAssembly build in `web/` is one).
//!
//! Every input is a [`NamedText`]: its text and the name its problems and rejections
//! carry. The framing comes from the name's extension, or from the text when the name
//! has none ([`Framing::detect`]).

use crate::batch::collect::Batch;
use crate::model::instrument::Instrument;
use crate::model::submission::Submission;
use crate::read::record::Record;
use crate::read::source::{
    Framing, find_duplicate_submissions, read_roster, read_stage_scores, read_submissions,
    read_verifications,
};
use crate::score::plan::Plan;
use crate::text::problem::{Problem, Report};

/// One input's text and the name its problems carry (`banten.jsonl`, or `submissions`).
#[derive(Debug, Clone, Copy)]
pub struct NamedText<'a> {
    /// The name problems and sources carry; its extension, if any, gives the framing.
    pub name: &'a str,
    /// The whole text.
    pub text: &'a str,
}

impl<'a> NamedText<'a> {
    /// A text and its name.
    pub fn new(name: &'a str, text: &'a str) -> NamedText<'a> {
        NamedText { name, text }
    }

    /// The framing its name's extension gives, or else its text.
    pub fn framing(&self) -> Framing {
        Framing::detect(self.name, self.text)
    }
}

/// A batch's inputs as texts: what `kip score` and `kip validate` read from files.
///
/// ```
/// use kip_index::{BatchTexts, NamedText};
///
/// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
/// let kabkota =
///     std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let mut texts = BatchTexts::new(NamedText::new("instrument", &instrument));
/// texts.submissions.push(NamedText::new("submissions", &kabkota));
/// texts.without_stage_scores = true;
/// assert!(texts.validate().is_empty());
/// let results = texts.score()?;
/// assert_eq!(results.results.len(), 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BatchTexts<'a> {
    /// The instrument (JSON).
    pub instrument: NamedText<'a>,
    /// Submission files: JSON, JSON Lines or CSV.
    pub submissions: Vec<NamedText<'a>>,
    /// The verifiers' decisions (JSON or JSON Lines): `--verification`.
    pub verification: Vec<NamedText<'a>>,
    /// The other stages' scores (JSON, JSON Lines or CSV).
    pub stage_scores: Vec<NamedText<'a>>,
    /// The bodies due to submit (JSON, JSON Lines or CSV): `--roster`.
    pub roster: Vec<NamedText<'a>>,
    /// No stage scores are meant to be given: a stage left without scores is then not
    /// warned about (see [`Batch::without_stage_scores`]).
    pub without_stage_scores: bool,
    /// A missing answer rejects its body instead of counting 0 (`--strict`,
    /// [`Plan::strict`]).
    pub strict: bool,
    /// The deadline, replacing the instrument's (`--deadline`, [`Plan::with_deadline`]).
    pub deadline: Option<crate::text::moment::Moment>,
}

impl<'a> BatchTexts<'a> {
    /// An instrument and no other input yet.
    pub fn new(instrument: NamedText<'a>) -> BatchTexts<'a> {
        BatchTexts {
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
}

/// The instrument read and planned, once, as scoring plans it — so that what validates
/// can be scored (limits, exact arithmetic); its problems name its file. The plan holds
/// the instrument ([`Plan::instrument`]).
pub fn plan_of(input: NamedText<'_>) -> Result<Plan, Report> {
    Instrument::from_json(input.text)
        .and_then(|instrument| Plan::new(&instrument))
        .map_err(|r| r.in_file(input.name))
}

/// Checks a batch's files one at a time against an instrument, as `kip validate` does:
/// each call returns the problems of one file (named), and
/// [`Validator::duplicate_submissions`] those across files.
pub struct Validator<'i> {
    instrument: &'i Instrument,
    records: usize,
    submissions: Vec<(String, Framing, Vec<Record<Submission>>)>,
    /// The roster's ids so far, across its files: a body listed twice is a problem, as
    /// a batch refuses it.
    listed: std::collections::BTreeSet<String>,
}

impl<'i> Validator<'i> {
    /// A validator for files of `instrument`.
    pub fn new(instrument: &'i Instrument) -> Validator<'i> {
        Validator {
            instrument,
            records: 0,
            submissions: Vec::new(),
            listed: std::collections::BTreeSet::new(),
        }
    }

    /// The problems of a submission file (JSON, JSON Lines or CSV).
    pub fn submissions(&mut self, input: NamedText<'_>) -> Report {
        let framing = input.framing();
        let records = read_submissions(input.text, framing, self.instrument);
        self.submission_records(input.name, framing, records)
    }

    /// The problems of submissions read elsewhere (a workbook's rows), from the file
    /// named `name`.
    pub fn submission_records(
        &mut self,
        name: &str,
        framing: Framing,
        records: Vec<Record<Submission>>,
    ) -> Report {
        let report = problems_of(name, &records);
        self.records += records.len();
        self.submissions.push((name.to_owned(), framing, records));
        report
    }

    /// The problems of a verification file, an agency's second entry among them.
    pub fn verifications(&mut self, input: NamedText<'_>) -> Report {
        let records = read_verifications(input.text, input.framing(), self.instrument);
        self.records += records.len();
        let mut report = problems_of(input.name, &records);
        let entries = records.iter().filter_map(|r| {
            let v = r.value.as_ref().ok()?;
            Some((v.agency.as_str(), r.path.as_str()))
        });
        report.extend(crate::find_duplicate_verifications(entries).in_file(input.name));
        report
    }

    /// The problems of a stage-score file.
    pub fn stage_scores(&mut self, input: NamedText<'_>) -> Report {
        let records = read_stage_scores(input.text, input.framing(), self.instrument);
        self.records += records.len();
        problems_of(input.name, &records)
    }

    /// The problems of a roster.
    pub fn roster(&mut self, input: NamedText<'_>) -> Report {
        let records = read_roster(input.text, input.framing(), self.instrument);
        self.roster_records(input.name, &records)
    }

    /// The problems of a roster's records, read from the file `name` (a text's or a
    /// workbook's).
    pub(crate) fn roster_records(
        &mut self,
        name: &str,
        records: &[Record<crate::RosterEntry>],
    ) -> Report {
        self.records += records.len();
        let mut report = problems_of(name, records);
        for record in records {
            let Ok(entry) = &record.value else { continue };
            let id = &entry.agency.id;
            if !self.listed.insert(id.clone()) {
                let problem = crate::batch::roster::listed_twice(id);
                report.push(located(problem, name, record.line, &record.path));
            }
        }
        report
    }

    /// The instrument the files are checked against.
    pub fn instrument(&self) -> &'i Instrument {
        self.instrument
    }

    /// What the submissions checked so far say against the instrument's deadline, if
    /// it has one: each submission sent after it (`late_submission`: it will not be
    /// scored), and how many carry no time (`submissions_without_time`). No deadline:
    /// nothing. Neither is a problem of the file: a late questionnaire is well formed.
    ///
    /// ```
    /// use kip_index::{Instrument, NamedText, Validator};
    ///
    /// let mut instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// instrument.deadline = Some("2025-09-30T23:59:59+07:00".parse()?);
    /// let mut validator = Validator::new(&instrument);
    /// let lines = concat!(
    ///     r#"{"instrument":"monev-kip-2025","submitted_at":"2025-10-01T01:30:00+08:00","agency":{"id":"3673","name":"Pemerintah Kota Serang","category":"pemkot"},"answers":{}}"#, "\n",
    ///     r#"{"instrument":"monev-kip-2025","agency":{"id":"3672","name":"Pemerintah Kota Cilegon","category":"pemkot"},"answers":{}}"#, "\n");
    /// assert!(validator.submissions(NamedText::new("saq.jsonl", lines)).is_empty());
    /// let kinds: Vec<&str> = validator.against_deadline().iter().map(|w| w.kind()).collect();
    /// assert_eq!(kinds, ["late_submission", "submissions_without_time"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn against_deadline(&self) -> Vec<crate::batch::warning::Warning> {
        use crate::batch::warning::Warning;
        let Some(deadline) = &self.instrument.deadline else {
            return Vec::new();
        };
        let mut warnings = Vec::new();
        let mut untimed = 0;
        for (name, framing, records) in &self.submissions {
            for record in records {
                let Ok(submission) = &record.value else {
                    continue;
                };
                match &submission.submitted_at {
                    Some(at) if at > deadline => warnings.push(Warning::LateSubmission {
                        agency: submission.agency.id.clone(),
                        name: submission.agency.name.clone(),
                        submitted_at: at.to_string(),
                        deadline: deadline.to_string(),
                        source: crate::batch::collect::source_of(name, *framing, record)
                            .to_string(),
                    }),
                    Some(_) => {}
                    None => untimed += 1,
                }
            }
        }
        if untimed > 0 {
            warnings.push(Warning::SubmissionsWithoutTime {
                count: untimed,
                deadline: deadline.to_string(),
            });
        }
        warnings
    }

    /// How many records the files held.
    pub fn records(&self) -> usize {
        self.records
    }

    /// The same agency and rater twice across the submission files checked so far: each
    /// copy after the first, naming where the first is.
    pub fn duplicate_submissions(&self) -> Report {
        let all: Vec<(&str, Framing, &Record<Submission>)> = self
            .submissions
            .iter()
            .flat_map(|(name, framing, records)| {
                records.iter().map(move |r| (name.as_str(), *framing, r))
            })
            .collect();
        // A late copy is set apart unscored, as a batch does: never a duplicate.
        let deadline = self.instrument.deadline.as_ref();
        let valid = all
            .iter()
            .enumerate()
            .filter_map(|(i, (_, _, r))| r.value.as_ref().ok().map(|s| (i, s)))
            .filter(|(_, s)| !s.is_late(deadline));
        let place = |i: usize| -> String {
            all.get(i).map_or(String::new(), |(file, framing, record)| {
                crate::batch::collect::source_of(file, *framing, record).to_string()
            })
        };
        let mut firsts: std::collections::BTreeMap<(&str, Option<&str>), usize> =
            Default::default();
        find_duplicate_submissions(valid)
            .into_iter()
            .filter_map(|(i, mut problem)| {
                let (file, _, record) = all.get(i)?;
                if let Ok(s) = &record.value {
                    let first = *firsts.entry(s.key()).or_insert(i);
                    if first != i {
                        let at = place(first);
                        problem.message = format!("{} (the first at {at})", problem.message);
                        if let Some(pesan) = problem.indonesian.as_deref() {
                            let pesan = format!("{pesan} (yang pertama di {at})");
                            problem = problem.with_indonesian(pesan);
                        }
                    }
                }
                Some(located(problem, file, record.line, &record.path))
            })
            .collect()
    }
}

/// Every record's problems, the file named on each.
fn problems_of<T>(name: &str, records: &[Record<T>]) -> Report {
    let mut report = Report::new();
    for record in records {
        if let Err(problems) = &record.value {
            report.extend(problems.clone().in_file(name));
        }
    }
    report
}

/// A problem found with a record's value, placed in its file and record.
fn located(mut problem: Problem, file: &str, line: Option<usize>, path: &str) -> Problem {
    problem.file = Some(file.into());
    problem.record = line;
    problem.path = format!("{path}{}", problem.path);
    problem
}

impl Batch<'_> {
    /// Refuses a whole file for `problem` (its encoding, its name): every record of its
    /// `text` rejected under its place and body ([`Batch::refuse_records`]), or, when
    /// it shows none, the file as one rejection.
    pub(crate) fn refuse_file(
        &mut self,
        file: &str,
        framing: Framing,
        text: &str,
        mut problem: Problem,
    ) {
        problem.file = Some(file.into());
        if self.refuse_records(file, framing, text, 1, &problem) == 0 {
            self.reject(file, Report::from(problem));
        }
    }

    /// Rejects every record of `text` (read in `framing`; a JSON Lines text starting at
    /// line `first_line` of its file) with `problem` — what is wrong with the whole file
    /// (its encoding) — each under its own place and named by its agency, so that a
    /// roster's body whose submission is in it is *rejected*, not taken for one that
    /// sent nothing. Returns how many records it rejected.
    pub(crate) fn refuse_records(
        &mut self,
        file: &str,
        framing: Framing,
        text: &str,
        first_line: usize,
        problem: &Problem,
    ) -> usize {
        let (instrument, limits) = (self.plan().instrument(), self.limits);
        let records =
            crate::read::source::read_submissions_within(text, framing, instrument, &limits);
        let count = records.len();
        for record in records {
            let agency = match &record.value {
                Ok(submission) => Some(crate::read::record::AgencyRef {
                    id: submission.agency.id.clone(),
                    category: submission.agency.category.clone(),
                    region: submission.agency.region.clone(),
                }),
                Err(_) => record.agency,
            };
            let line = record.line.map(|line| line + first_line - 1);
            let mut report = Report::from(problem.clone());
            if let Some(line) = line {
                report = report.in_record(line);
            }
            let refused = Record {
                line,
                path: record.path,
                value: Err(report),
                agency,
            };
            self.add_record(file, framing, refused);
        }
        count
    }

    /// Adds a submission file's text: JSON Lines and CSV read on every core, JSON whole.
    /// A record that cannot be scored is rejected, in the results.
    pub fn add_submissions_text(&mut self, input: NamedText<'_>) {
        match input.framing() {
            Framing::JsonLines => {
                let mut lines = crate::batch::pieces::JsonLinesFile::new(self, input.name);
                lines.add(self, input.text.as_bytes());
                lines.finish(self);
            }
            Framing::Csv => {
                // JSON under a CSV name: refused record by record, each under its body,
                // with the name to give it (a sheet's rows would name none).
                let json = input.text.trim_start_matches('\u{feff}').trim_start();
                if json.starts_with(['{', '[']) {
                    let framing = Framing::detect("", input.text);
                    let extension = match framing {
                        Framing::JsonLines => ".jsonl",
                        _ => ".json",
                    };
                    let problem = Problem::new(
                        crate::text::problem::ProblemKind::Syntax,
                        "",
                        format!("expected a CSV sheet, found JSON: name the file {extension}"),
                    )
                    .with_indonesian(format!(
                        "seharusnya lembar CSV, ternyata JSON: beri nama berkas {extension}"
                    ));
                    return self.refuse_file(input.name, framing, input.text, problem);
                }
                self.add_csv(input.name, input.text)
            }
            Framing::Json => {
                // An array of objects element by element, as JSON Lines: no tree.
                if let Some(elements) = crate::read::array::object_elements(input.text)
                    && self.add_json_array(input.name, input.text, &elements)
                {
                    return;
                }
                // Each record added as it is read: a batch keeps what its limits allow
                // (`max_rejections`), never a broken file's records all at once.
                let (plan, limits) = (self.plan(), self.limits);
                crate::read::source::read_submissions_json_each(
                    input.text,
                    plan.instrument(),
                    &limits,
                    &mut |record| self.add_record(input.name, Framing::Json, record),
                );
            }
        }
    }

    /// Adds a verification file's entries, the file one round of verification (named by
    /// its entries' `round`, else by the file); returns every problem in it (and each
    /// later entry for the same agency in it), none of which is used.
    pub fn add_verifications_text(&mut self, input: NamedText<'_>) -> Report {
        let records = crate::read::source::read_verifications_within(
            input.text,
            input.framing(),
            self.plan().instrument(),
            &self.limits,
        );
        let round = crate::text::file_name::stem(input.name);
        self.add_side(input.name, records, |batch, entry| {
            batch.add_verification_round(&round, input.name, entry)
        })
    }

    /// Adds a stage-score file's entries; returns every problem in it.
    pub fn add_stage_scores_text(&mut self, input: NamedText<'_>) -> Report {
        let records = crate::read::source::read_stage_scores_within(
            input.text,
            input.framing(),
            self.plan().instrument(),
            &self.limits,
        );
        self.stage_score_files.push(input.name.to_owned());
        self.add_side(input.name, records, Batch::add_stage_score)
    }

    /// Adds a roster's bodies; returns every problem in it (and each body listed twice).
    pub fn add_roster_text(&mut self, input: NamedText<'_>) -> Report {
        let records = crate::read::source::read_roster_within(
            input.text,
            input.framing(),
            self.plan().instrument(),
            &self.limits,
        );
        self.roster.get_or_insert_default();
        self.add_side(input.name, records, Batch::add_to_roster)
    }

    pub(crate) fn add_side<T>(
        &mut self,
        name: &str,
        records: Vec<Record<T>>,
        add: impl Fn(&mut Self, T) -> Result<(), Problem>,
    ) -> Report {
        let mut report = problems_of(name, &records);
        for record in records {
            let Ok(entry) = record.value else { continue };
            if let Err(problem) = add(self, entry) {
                report.push(located(problem, name, record.line, &record.path));
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_json_lines_file_is_one_rejection_not_silence() {
        let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")
            .unwrap_or_else(|e| panic!("{e}"));
        let texts = BatchTexts {
            submissions: vec![NamedText::new("kosong.jsonl", "\n\n")],
            without_stage_scores: true,
            ..BatchTexts::new(NamedText::new("instrument.json", &instrument))
        };
        let results = texts.score().unwrap_or_else(|r| panic!("{r}"));
        assert!(results.results.is_empty());
        assert_eq!(results.rejected.len(), 1);
        assert_eq!(results.rejected[0].source.to_string(), "kosong.jsonl");
        assert!(results.rejected[0].errors[0].message.contains("empty file"));
    }

    #[test]
    fn framing_follows_the_extension_then_the_text() {
        let lines = "{\"a\":1}\n{\"a\":2}\n";
        assert_eq!(Framing::detect("x.json", lines), Framing::Json);
        assert_eq!(Framing::detect("submissions", lines), Framing::JsonLines);
        assert_eq!(
            Framing::detect("submissions", "\u{feff}  [\n {\"a\":1},\n {\"a\":2}\n]"),
            Framing::Json
        );
        assert_eq!(
            Framing::detect("submissions", "{\n  \"a\": {\n    \"b\": 1\n  }\n}\n"),
            Framing::Json
        );
        assert_eq!(
            Framing::detect("roster", "id;name;category\r\n1;A;pemkot\r\n"),
            Framing::Csv
        );
        assert_eq!(Framing::detect("empty", ""), Framing::Json);
    }
}
