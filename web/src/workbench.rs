//! The commission's workbench: a whole Monev's files scored once, then every publication
//! made from that one scoring — the results JSON, the workbook, CSV, the HTML report,
//! the report cards and the fill-in template — by the library's own code, so that the
//! browser's files are the command line's.
//!
//! The page runs it in a Web Worker: [`Workbench::open`] calls back with its progress
//! (bytes read, then scoring), and the worker keeps the workbench for the downloads.

use kip_index::{
    Annex, AnnexRanks, Batch, CardPages, CsvStyle, InputRole, Language, Letterhead, NamedText,
    Plan, Problem, Report, ReportCards, ReportPage, Results, StageScore, Submission, Verification,
};
use serde::{Deserialize, Serialize};

use crate::{language, problems_json};

/// One file of [`Workbench::open`]: its name, its length in the bytes, and its role when
/// the user chose one (otherwise told from its content, [`InputRole::detect`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// The file's name, as problems and rejections carry it.
    pub name: String,
    /// How many of the bytes are this file's (the files follow one another).
    pub length: usize,
    /// `instrument`, `submissions`, `verification`, `stage-scores` or `roster`.
    #[serde(default)]
    pub role: Option<String>,
}

/// The files as the page hands them over: `{files: [FileEntry], lang, without-stage-scores}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Files {
    /// The files, in the order their bytes follow one another.
    pub files: Vec<FileEntry>,
    /// The language of the messages: `id` (the default) or `en`.
    #[serde(default)]
    pub lang: Option<String>,
    /// No stage scores are meant to be given (`--without-stage-scores`).
    #[serde(default, rename = "without-stage-scores")]
    pub without_stage_scores: bool,
    /// A missing answer rejects its body instead of counting 0 (`--strict`).
    #[serde(default)]
    pub strict: bool,
}

/// How far [`Workbench::open`] has got: `phase` is `read` (`done` of `total` bytes of
/// submissions read) or `score` (scoring and ranking; `done` = `total` when finished).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// `read` or `score`.
    pub phase: &'static str,
    /// Bytes read so far (or, when scoring, 0 then `total`).
    pub done: usize,
    /// All the submissions' bytes.
    pub total: usize,
}

/// A problem with no place in a file: `message` in both languages.
pub(crate) fn problem(english: String, indonesian: String) -> Report {
    Report::from(
        Problem::new(kip_index::ProblemKind::InvalidValue, "", english).with_indonesian(indonesian),
    )
}

/// A file kept for the publications: its role, its name, and where its bytes are in the
/// workbench's one buffer (the files are never copied apart).
pub(crate) struct Kept {
    pub(crate) role: InputRole,
    pub(crate) name: String,
    range: std::ops::Range<usize>,
}

impl Kept {
    /// This file's bytes in `all`, the buffer the manifest placed it in.
    pub(crate) fn of<'b>(&self, all: &'b [u8]) -> &'b [u8] {
        all.get(self.range.clone()).unwrap_or_default()
    }
}

/// A file placed in the bytes: its name, its role (the user's choice, or the role its
/// content tells; `None` when nothing tells) and where its bytes are.
type Placed<'b> = (&'b str, Option<InputRole>, std::ops::Range<usize>);

/// Every file of the manifest placed in `bytes`, in order; a manifest that claims more
/// bytes than there are is the error.
fn placed<'b>(files: &'b Files, bytes: &[u8]) -> Result<Vec<Placed<'b>>, Report> {
    let mut at = 0usize;
    let mut out = Vec::with_capacity(files.files.len());
    for file in &files.files {
        let end = at.checked_add(file.length).filter(|e| *e <= bytes.len());
        let Some((range, content)) = end.and_then(|end| Some((at..end, bytes.get(at..end)?)))
        else {
            return Err(problem(
                format!(
                    "expected {} bytes for `{}`, found fewer",
                    file.length, file.name
                ),
                format!(
                    "seharusnya {} byte untuk `{}`, ternyata kurang",
                    file.length, file.name
                ),
            ));
        };
        at += file.length;
        let role = match &file.role {
            Some(name) => InputRole::from_name(name),
            None => InputRole::detect(content),
        };
        out.push((file.name.as_str(), role, range));
    }
    Ok(out)
}

/// Every file kept with its role; a file whose role nothing tells is the error.
pub(crate) fn roles(files: &Files, bytes: &[u8]) -> Result<Vec<Kept>, Report> {
    placed(files, bytes)?
        .into_iter()
        .map(|(name, role, range)| {
            let Some(role) = role else {
                return Err(problem(
                    format!(
                        "expected an instrument, submissions, verification, stage scores or a \
                         roster, found `{name}`, which is none of them: choose its role"
                    ),
                    format!(
                        "seharusnya instrumen, pengajuan, verifikasi, nilai tahap atau daftar \
                         badan publik, ternyata `{name}` bukan salah satunya: pilih perannya"
                    ),
                ));
            };
            Ok(Kept {
                role,
                name: name.to_owned(),
                range,
            })
        })
        .collect()
}

/// A file's bytes as text, or the problem (UTF-16, binary…) naming the file.
fn text<'b>(name: &str, content: &'b [u8]) -> Result<&'b str, Report> {
    kip_index::text_from_bytes(content).map_err(|mut p| {
        p.file = Some(name.into());
        Report::from(p)
    })
}

/// The one instrument among the files, planned; its problems name its file.
pub(crate) fn instrument_of(all: &[Kept], bytes: &[u8]) -> Result<Plan, Report> {
    let instruments: Vec<&Kept> = all
        .iter()
        .filter(|k| k.role == InputRole::Instrument)
        .collect();
    let [kept] = instruments.as_slice() else {
        return Err(problem(
            format!(
                "expected one instrument among the files, found {}",
                instruments.len()
            ),
            format!(
                "seharusnya satu instrumen di antara berkas, ternyata {}",
                instruments.len()
            ),
        ));
    };
    let text = text(&kept.name, kept.of(bytes))?;
    kip_index::plan_of(NamedText::new(&kept.name, text))
}

/// One file's problems before scoring, as [`check_files`] gives them.
#[derive(Debug, Serialize)]
struct FileCheck {
    name: String,
    /// The role used (given or told), `""` when none.
    role: &'static str,
    /// How many records were read (submissions, entries or bodies).
    records: Option<usize>,
    /// The problems, each with its place (a JSON array of problems).
    problems: serde_json::Value,
}

/// Each file's problems before scoring, as `kip validate` finds them: a JSON array
/// `[{name, role, records, problems}]` in the files' order. The instrument is checked
/// first; without one that can be planned, the other files are not checked (their
/// `records` is `null` and their problems empty). A manifest that cannot be read is
/// the error (a JSON array of problems).
pub fn check_files(manifest: &str, bytes: &[u8]) -> Result<String, String> {
    let files = serde_json::from_str::<Files>(manifest)
        .map_err(|e| problems_json(&crate::bad_inputs(&e), Language::default()))?;
    let language = language(files.lang.as_deref());
    let json = |r: &Report| serde_json::from_str(&problems_json(r, language)).unwrap_or_default();
    let placed: Vec<(&str, Option<InputRole>, &[u8])> = placed(&files, bytes)
        .map_err(|r| problems_json(&r, language))?
        .into_iter()
        .map(|(name, role, range)| (name, role, bytes.get(range).unwrap_or_default()))
        .collect();
    let instruments: Vec<_> = placed
        .iter()
        .filter(|(_, r, _)| *r == Some(InputRole::Instrument))
        .collect();
    let plan = match instruments.as_slice() {
        [(name, _, content)] => {
            Some(text(name, content).and_then(|t| kip_index::plan_of(NamedText::new(name, t))))
        }
        _ => None,
    };
    let mut checks = Vec::new();
    let mut validator = match &plan {
        Some(Ok(plan)) => Some(kip_index::Validator::new(plan.instrument())),
        _ => None,
    };
    for (name, role, content) in &placed {
        let mut check = FileCheck {
            name: (*name).to_owned(),
            role: role.map_or("", InputRole::name),
            records: None,
            problems: serde_json::Value::Array(Vec::new()),
        };
        if *role == Some(InputRole::Instrument) {
            if let Some(Err(report)) = &plan {
                check.problems = json(report);
            }
            checks.push(check);
            continue;
        }
        let Some(validator) = validator.as_mut() else {
            checks.push(check);
            continue;
        };
        let before = validator.records();
        let report = match role {
            Some(role) => validator.file(*role, kip_index::NamedBytes::new(name, content)),
            None => Report::new(),
        };
        check.records = Some(validator.records() - before);
        check.problems = json(&report);
        checks.push(check);
    }
    // The same body and rater in two files: said under the file of each copy.
    if let Some(validator) = &validator {
        for p in validator.duplicate_submissions().iter() {
            let file = p.file.as_deref();
            if let Some(check) = checks.iter_mut().find(|c| Some(c.name.as_str()) == file)
                && let serde_json::Value::Array(list) = &mut check.problems
                && let serde_json::Value::Array(one) = json(&Report::from(p.clone()))
            {
                list.extend(one);
            }
        }
    }
    serde_json::to_string(&checks).map_err(|e| e.to_string())
}

/// The size of a piece of a JSON Lines file read at once: the progress advances a
/// piece at a time.
const PIECE: usize = 1 << 20;

/// A Monev scored from its files: the plan, the results, and the files themselves for
/// the report cards and the report's list of inputs.
pub struct Workbench {
    plan: Plan,
    results: Results,
    files: Vec<Kept>,
    /// Every file's bytes, one after another, as the page handed them over.
    bytes: Vec<u8>,
}

impl Workbench {
    /// The batch scored from its files' bytes, as `kip score` scores the same files: the
    /// files follow one another in `bytes`, as `manifest` ([`Files`]) says; a workbook
    /// (`.xlsx`) is read as `kip score` reads it. `progress` is called as the
    /// submissions are read (a JSON Lines file a megabyte at a time) and once scored.
    /// The error is the problems (a JSON array) that stop the run.
    pub fn open(
        manifest: &str,
        bytes: Vec<u8>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<Workbench, String> {
        let files = serde_json::from_str::<Files>(manifest)
            .map_err(|e| problems_json(&crate::bad_inputs(&e), Language::default()))?;
        let language = language(files.lang.as_deref());
        let fail = |r: Report| problems_json(&r, language);
        let all = roles(&files, &bytes).map_err(fail)?;
        let plan = instrument_of(&all, &bytes).map_err(fail)?;
        let plan = plan.strict(files.strict);
        let results =
            score(&plan, &all, &bytes, files.without_stage_scores, progress).map_err(fail)?;
        let mut workbench = Workbench {
            plan,
            results,
            files: all,
            bytes,
        };
        workbench.results.language = language;
        Ok(workbench)
    }

    /// The results JSON, byte for byte what `kip score --format json` writes.
    pub fn results_json(&self) -> String {
        self.results.to_json()
    }

    /// The results, as scored.
    pub fn results(&self) -> &Results {
        &self.results
    }

    /// The results as CSV: `id` for Excel set to Indonesian (`;`, decimal comma), any
    /// other style the standard one (`,`, decimal point), as `kip score --csv-locale`.
    pub fn csv(&self, style: &str) -> String {
        self.results.to_csv_with(CsvStyle::for_locale(style))
    }

    /// The results workbook, the same sheets and cells as `kip score -o hasil.xlsx`
    /// with the same options.
    pub fn workbook(&self, options: &PublishOptions, logo: &[u8]) -> Result<Vec<u8>, String> {
        let (language, letterhead) = options.resolve(logo)?;
        let annex = Annex::of(self.plan.instrument(), &self.results, options.annex_ranks());
        kip_index::results_workbook(
            &self.results,
            self.plan.instrument(),
            language,
            &annex,
            &letterhead,
        )
        .map_err(|e| e.message_in(language))
    }

    /// The HTML report (`kip report`): its inputs listed with their SHA-256, the date
    /// `options.made` (the page's today).
    pub fn report(&self, options: &PublishOptions, logo: &[u8]) -> Result<String, String> {
        let (language, letterhead) = options.resolve(logo)?;
        let ranks = options.annex_ranks();
        let inputs = self.provenance();
        let mut page = ReportPage::new(self.plan.instrument(), &self.results);
        page.language = language;
        page.inputs = &inputs;
        page.annex_ranks = ranks;
        page.letterhead = &letterhead;
        page.made = options.made.as_deref().unwrap_or_default();
        Ok(page.html())
    }

    /// Every scored body's report card (or those of `options.agencies`) in one document
    /// to print, one card per A4 page, as `kip cards -o rapor.html` writes it.
    pub fn cards(&self, options: &PublishOptions, logo: &[u8]) -> Result<String, String> {
        let (language, letterhead) = options.resolve(logo)?;
        let instrument = self.plan.instrument();
        let (mut submissions, mut verifications, mut stage_scores) = (
            Vec::<Submission>::new(),
            Vec::<Verification>::new(),
            Vec::<StageScore>::new(),
        );
        for kept in &self.files {
            let content = kept.of(&self.bytes);
            let framing = |text: &str| NamedText::new(&kept.name, text).framing();
            match kept.role {
                InputRole::Submissions
                    if kip_index::NamedBytes::new(&kept.name, content).is_workbook() =>
                {
                    submissions.extend(
                        kip_index::read_submission_workbook(content, instrument)
                            .into_iter()
                            .filter_map(|r| r.value.ok()),
                    )
                }
                InputRole::Submissions => {
                    if let Ok(t) = text(&kept.name, content) {
                        let records = kip_index::read_submissions(t, framing(t), instrument);
                        submissions.extend(records.into_iter().filter_map(|r| r.value.ok()));
                    }
                }
                InputRole::Verification => {
                    if let Ok(t) = text(&kept.name, content) {
                        let records = kip_index::read_verifications(t, framing(t), instrument);
                        verifications.extend(records.into_iter().filter_map(|r| r.value.ok()));
                    }
                }
                InputRole::StageScores => {
                    if let Ok(t) = text(&kept.name, content) {
                        let records = kip_index::read_stage_scores(t, framing(t), instrument);
                        stage_scores.extend(records.into_iter().filter_map(|r| r.value.ok()));
                    }
                }
                _ => {}
            }
        }
        let wanted: Option<std::collections::BTreeSet<String>> =
            (!options.agencies.is_empty()).then(|| options.agencies.iter().cloned().collect());
        let made = ReportCards::new(&self.plan, &self.results).cards_for(
            &submissions,
            &verifications,
            &stage_scores,
            wanted.as_ref(),
        );
        let cards: Vec<_> = made.into_iter().filter_map(|(_, c)| c.ok()).collect();
        let pages = CardPages {
            language,
            letterhead: &letterhead,
            instrument: &instrument.name,
            decimals: instrument.decimals,
        };
        Ok(pages.document(&cards))
    }

    /// The fill-in template for the loaded instrument, the same as `kip template`.
    pub fn template(&self, options: &PublishOptions) -> Result<Vec<u8>, String> {
        let (language, _) = options.resolve(&[])?;
        kip_index::template_workbook(self.plan.instrument(), language)
            .map_err(|e| e.message_in(language))
    }

    /// Every input's name and SHA-256, instrument first, then in the order given.
    fn provenance(&self) -> Vec<(String, String)> {
        use sha2::{Digest, Sha256};
        let order = |role: InputRole| match role {
            InputRole::Instrument => 0,
            InputRole::Submissions => 1,
            InputRole::Verification => 2,
            InputRole::StageScores => 3,
            _ => 4,
        };
        let mut files: Vec<&Kept> = self.files.iter().collect();
        files.sort_by_key(|k| order(k.role));
        files
            .into_iter()
            .map(|k| {
                let digest = Sha256::digest(k.of(&self.bytes));
                let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
                (k.name.clone(), hex)
            })
            .collect()
    }
}

/// The batch scored: the side files first (their problems stop the run, as in `kip
/// score`), then the submissions, JSON Lines a piece at a time.
fn score(
    plan: &Plan,
    all: &[Kept],
    bytes: &[u8],
    without_stage_scores: bool,
    progress: &mut dyn FnMut(Progress),
) -> Result<Results, Report> {
    let mut batch = Batch::new(plan);
    if without_stage_scores {
        batch = batch.without_stage_scores();
    }
    let side_files = all.iter().filter(|k| {
        matches!(
            k.role,
            InputRole::Verification | InputRole::StageScores | InputRole::Roster
        )
    });
    batch.add_side_files(
        side_files.map(|k| (k.role, kip_index::NamedBytes::new(&k.name, k.of(bytes)))),
    )?;
    let submissions: Vec<&Kept> = all
        .iter()
        .filter(|k| k.role == InputRole::Submissions)
        .collect();
    let total = submissions.iter().map(|k| k.range.len()).sum();
    let mut done = 0;
    progress(Progress {
        phase: "read",
        done,
        total,
    });
    for kept in submissions {
        let name = kept.name.as_str();
        let content = kept.of(bytes);
        // JSON Lines a piece at a time, with progress (by its name, or told from its text
        // when the name says nothing); every other file whole.
        let framing = match std::str::from_utf8(content) {
            Ok(text) if !kip_index::NamedBytes::new(name, content).is_workbook() => {
                NamedText::new(name, text).framing()
            }
            _ => kip_index::Framing::from_file_name(name),
        };
        if framing == kip_index::Framing::JsonLines {
            add_json_lines(&mut batch, name, content, done, total, progress);
        } else {
            batch.add_submissions_bytes(name, content);
        }
        done += content.len();
        progress(Progress {
            phase: "read",
            done,
            total,
        });
    }
    progress(Progress {
        phase: "score",
        done: 0,
        total,
    });
    let results = batch.finish();
    progress(Progress {
        phase: "score",
        done: total,
        total,
    });
    Ok(results)
}

/// A JSON Lines file added a piece of whole lines at a time, as `kip score` reads a
/// `.jsonl` file (the same results, byte for byte), saying its progress after each.
fn add_json_lines(
    batch: &mut Batch,
    name: &str,
    bytes: &[u8],
    before: usize,
    total: usize,
    progress: &mut dyn FnMut(Progress),
) {
    let mut file = kip_index::JsonLinesFile::new(batch, name);
    while file.bytes_added() < bytes.len() {
        let rest = bytes.get(file.bytes_added()..).unwrap_or_default();
        // Whole lines: up to the first newline after PIECE bytes, or the end.
        let end = match rest.get(PIECE..) {
            Some(after) => memchr_newline(after).map_or(rest.len(), |k| PIECE + k + 1),
            None => rest.len(),
        };
        file.add(batch, rest.get(..end).unwrap_or(rest));
        progress(Progress {
            phase: "read",
            done: before + file.bytes_added(),
            total,
        });
    }
    file.finish(batch);
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// The largest logo embedded, as `kip --logo`.
const MAX_LOGO: usize = 1 << 20;

/// What a publication is made with: `{lang, annex-ranks, commission, year, decree,
/// place-date, signatory, made, agencies}`, every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PublishOptions {
    /// The words' language: `id` (the default) or `en`.
    pub lang: Option<String>,
    /// `all` (every body ranked, the default) or `top` (only the top qualification).
    #[serde(rename = "annex-ranks")]
    pub annex_ranks: Option<String>,
    /// The commission, at the top of the report, the cards and the annex.
    pub commission: Option<String>,
    /// The Monev's year.
    pub year: Option<String>,
    /// The decree the results are published by.
    pub decree: Option<String>,
    /// The place and date of signing.
    #[serde(rename = "place-date")]
    pub place_date: Option<String>,
    /// Who signs, as "Name, Title".
    pub signatory: Option<String>,
    /// When the report was made, as shown (`2025-12-10`).
    pub made: Option<String>,
    /// Only these bodies' cards; every scored body's when empty.
    pub agencies: Vec<String>,
}

impl PublishOptions {
    /// The options from their JSON text (`""` for none).
    pub fn from_json(text: &str) -> Result<PublishOptions, String> {
        if text.trim().is_empty() {
            return Ok(PublishOptions::default());
        }
        serde_json::from_str(text).map_err(|e| {
            problems_json(
                &problem(
                    format!("expected the options as a JSON object, found {e}"),
                    format!("seharusnya pilihan berupa objek JSON, ternyata {e}"),
                ),
                Language::default(),
            )
        })
    }

    fn annex_ranks(&self) -> AnnexRanks {
        match self.annex_ranks.as_deref() {
            Some("top") => AnnexRanks::TopQualification,
            Some("qualification") => AnnexRanks::ByQualification,
            _ => AnnexRanks::All,
        }
    }

    /// The language and the heading; `logo` the image's bytes (empty for none).
    pub(crate) fn resolve(&self, logo: &[u8]) -> Result<(Language, Letterhead), String> {
        let language = language(self.lang.as_deref());
        let given = |v: &Option<String>| v.clone().filter(|t| !t.trim().is_empty());
        let logo = match logo {
            [] => None,
            bytes if bytes.len() > MAX_LOGO => {
                return Err(problems_json(
                    &problem(
                        "cannot use the logo: expected at most 1 MiB".to_owned(),
                        "tidak dapat memakai logo: seharusnya paling besar 1 MiB".to_owned(),
                    ),
                    language,
                ));
            }
            bytes => Some(kip_index::logo_data_url(bytes).ok_or_else(|| {
                problems_json(
                    &problem(
                        "cannot use the logo: expected a PNG, JPEG, GIF, WebP or SVG image"
                            .to_owned(),
                        "tidak dapat memakai logo: seharusnya gambar PNG, JPEG, GIF, WebP atau SVG"
                            .to_owned(),
                    ),
                    language,
                )
            })?),
        };
        let mut letterhead = Letterhead::default();
        letterhead.commission = given(&self.commission);
        letterhead.year = given(&self.year);
        letterhead.decree = given(&self.decree);
        letterhead.place_date = given(&self.place_date);
        letterhead.signatory = given(&self.signatory);
        letterhead.logo = logo;
        Ok((language, letterhead))
    }
}
