//! # kip-index
//!
//! An exact scorer for Indonesia's public-information-openness evaluations: the
//! *Monitoring dan Evaluasi* (Monev) of the Public Information Disclosure Act (UU 14/2008,
//! *Keterbukaan Informasi Publik*) and the national index IKIP.
//!
//! Each year an Information Commission asks every public body (*badan publik*) to fill a
//! Self Assessment Questionnaire (SAQ) with supporting evidence (*data dukung*); verifiers
//! check the answers, the best bodies are visited (*visitasi*), and the commission
//! publishes each body's final score (0–100), its qualification (*Informatif* ...
//! *Tidak Informatif*) and its rank. This crate reads the questionnaire definition (an
//! [`Instrument`]) and the bodies' answers ([`Submission`]s) as JSON, reporting every
//! problem with its JSON pointer, and scores them exactly: every quotient stays a
//! fraction ([`Ratio`]) until the one rounding, half away from zero, at the end.
//!
//! ## A tour
//!
//! - [`Instrument`]: the questionnaire — [`Category`], [`Stage`], [`Qualification`],
//!   [`Indicator`]s nesting to any depth, [`Question`]s of every [`QuestionKind`].
//! - [`Submission`]: one body's [`Answer`]s; [`read_submissions`] reads a batch (one
//!   object, an array, JSON Lines, or a spreadsheet saved as CSV — see [`Framing`]);
//!   `read_submission_workbook` reads the first sheet of an `.xlsx` (feature `xlsx`);
//!   [`submissions_csv`] writes submissions as such a sheet ([`submission_columns`]).
//!   [`text_from_bytes`] names UTF-16, UTF-32 and binary files;
//!   [`Batch::add_submissions_bytes`] takes a file as it is, and one that does not read
//!   as a whole still shows its records, each rejected under its own place.
//! - [`Verification`] and [`StageScore`]: the verifiers' decisions and the other stages'
//!   scores.
//! - [`Plan`]: an instrument compiled once for scoring; [`Plan::score`] scores one
//!   [`Body`] (its raters' submissions, verification and stage scores) into a
//!   [`Scorecard`] — final [`Score`], qualification, [`StageResult`]s,
//!   [`IndicatorResult`]s, self-assessed score and [`Diagnostics`]. Ids are types:
//!   [`QuestionId`], [`CategoryId`], [`QualificationId`] (each reads like a `&str`).
//! - [`Batch`]: many bodies at once — submissions (or [`SubmissionLines`] streamed from
//!   JSON Lines), verification, stage scores and a roster in; [`Batch::finish`] gives
//!   [`Results`]: every [`Scorecard`] ranked ([`Rank`], see [`rank`]), the roster's
//!   not-assessed bodies, every [`Rejected`] submission with its reasons, the
//!   [`Summary`] per category and region (due = scored + rejected + not assessed), and
//!   [`Warning`]s (a stage left without scores, rendered in a [`Language`]) —
//!   as JSON and CSV ([`CsvStyle`]: comma, or Indonesian Excel's semicolon and decimal
//!   comma). [`Batch::add_json_lines`] and [`Batch::add_csv`] read on every core;
//!   [`JsonLinesFile`] adds a file larger than memory a piece at a time, [`JsonArrayFile`]
//!   a JSON array the same way.
//! - [`BatchFiles`]: a whole batch as files' bytes in their roles ([`NamedBytes`]),
//!   checked as `kip validate` checks files ([`Validator`]) and scored as `kip score`
//!   scores them — the side files first, which stop the run on any problem
//!   ([`Batch::add_side_files`], or [`SideFiles`] read on one core while the
//!   submissions are read on the others); the path of the Python package and the web page.
//!   [`BatchTexts`] is the same for texts ([`NamedText`]s); [`Framing::detect`] tells a text's
//!   framing when its name does not, [`InputRole::detect`] its role in the batch.
//! - [`RollupResult`]: an index of indexes over a batch (IKIP's national figure), in
//!   [`Results::rollup`].
//! - [`Plan::explain`]: one body's questions, shares and losses, and what to fix first
//!   ([`Explanation`], [`Fix`], as advice in a [`Language`]); [`Plan::outlook`]: what a
//!   body can know from its answers ([`Outlook`]: its SAQ and the final between the
//!   later stages at 0 and 100); [`diff_results`]: what changed between two results files.
//! - [`ReportCards`]: a body's report card (*rapor*, a [`ReportCard`]) from a finished
//!   batch — ranks of N, stages, indicators beside the category's median and best, the
//!   fixes worth most ([`CardFix`]), its warnings; [`BatchTexts::report_cards`] from
//!   texts. [`Annex`]: the ranked lists per category as a decree publishes them
//!   ([`AnnexRanks`]: every body ranked, or only the top qualification).
//! - Publications for people (feature `publish`, off by default): `ReportPage` (the HTML
//!   report with its annex), `results_workbook` (the results as `.xlsx`), `CardPages`
//!   (report cards as pages or one printable document), `template_workbook` and
//!   `template_csv` (the fill-in template), in the words of a `Words`, under the
//!   commission's `Letterhead` — the command line's and the browser's, the same code.
//! - [`Ratio`]: the exact fractions scores are computed in.
//! - [`Limits`]: how large inputs may be, kept in the [`Plan`] ([`Plan::with_limits`]) and
//!   held by every check of every framing of a batch made from it, looser or tighter than
//!   the defaults ([`Batch::with_limits`] for one batch).
//! - [`Report`] and [`Problem`]: every problem found, each with a path, a position, a
//!   [`ProblemKind`] to match on and a sentence saying what was expected and found.
//! - [`parse_decimal`] and [`round_half_away_from_zero`]: exact decimals in, one rounding
//!   rule out; [`read_written_number`]: numbers as people write them in sheets
//!   ([`DecimalMark`]: `1.250` is 1250 in an Indonesian file, never a guess).
//! - [`Moment`]: a deadline or a submission's time, RFC 3339 with its offset, compared
//!   as an instant (`Instrument::deadline`, [`Plan::with_deadline`]).
//! - [`Language`]: Indonesian (the default) or English, for every sentence a person reads
//!   ([`Problem::message_in`], [`Warning::message`]).
//! - [`file_names`]: safe, distinct, stable file names from agency ids, for the files
//!   written one per body.
//! - [`schema`]: the JSON Schemas of every file format.
//!
//! ## Layout
//!
//! The modules follow the data: `text` (JSON with positions, exact decimals, problems)
//! → `model` (the domain's values and their checks) → `read` (records in every
//! framing) and `score` (one body) → `batch` (many bodies, results and writers) →
//! `insight` (report cards, the annex, explain, diff, sensitivity) → `publish` (the
//! report, workbooks, card pages); each imports only those before it, which a
//! test of the repository checks. `ARCHITECTURE.md` in the repository has the map. The
//! public API is the flat list of re-exports below.
//!
//! ## Example: scoring a body
//!
//! ```
//! use kip_index::{Body, Instrument, Plan, Submission};
//!
//! let instrument: Instrument =
//!     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
//! let plan = Plan::new(&instrument)?;
//! let submission = Submission::from_json(r#"{
//!   "instrument": "monev-kip-2025",
//!   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot" },
//!   "answers": { "JI01": { "value": true, "evidence": ["https://ppid.serangkota.go.id/profil"] },
//!                "JI04": { "value": true } }
//! }"#)?;
//! let card = plan.score(&Body::new(&submission))?;
//! // JI04 needs evidence (data dukung) and has none: it scores 0 once verified.
//! assert_eq!(card.diagnostics.evidence_missing, ["JI04"]);
//! assert!(card.self_assessed.rounded() > card.stage("saq").map(|s| s.rounded()).unwrap_or_default());
//! // No visitasi: the body took no part in that stage, shown as null, not 0.
//! assert!(card.stage("visitasi").is_none());
//! println!("{}", serde_json::to_string_pretty(&card)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Example: reading and checking
//!
//! ```
//! use kip_index::{Framing, Instrument, ProblemKind, read_submissions};
//!
//! let instrument: Instrument =
//!     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
//! assert_eq!(instrument.stages.len(), 2);
//!
//! // A submission with an option that does not exist is reported, with its path.
//! let text = r#"{
//!   "instrument": "monev-kip-2025",
//!   "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot", "region": "36" },
//!   "answers": { "JI01": { "value": true }, "PI01": { "value": "z" } }
//! }"#;
//! let records = read_submissions(text, Framing::Json, &instrument);
//! let report = records[0].value.as_ref().unwrap_err();
//! let problem = &report.problems()[0];
//! assert_eq!(problem.path, "/answers/PI01/value");
//! assert_eq!(problem.kind(), ProblemKind::InvalidValue);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Exactness
//!
//! Every decimal is read from the JSON text itself, never through `f64`: `89.995`,
//! `"89.995"` and `1e2` are exact. Rust's `rust_decimal` holds them; rounding, half away
//! from zero, happens once at the end.
//!
//! ## Guarantees, and the tests that hold them
//!
//! The repository's tests are named for what they prove; each promise here has one.
//!
//! - **Never a panic on input; every problem reported, never a silent score.** Hostile
//!   files (`tests/hostile.rs`), mutated files (`tests/mutations.rs`), arbitrary text
//!   (`tests/properties.rs`, `reading_arbitrary_text_never_panics`), damaged sheets
//!   (`tests/damaged_sheets.rs`), results files at a decimal's limits
//!   (`finals_at_the_limits_of_a_decimal_are_an_arithmetic_problem_not_a_panic`), and
//!   the fuzz targets, among them a differential one holding the fast and careful
//!   readers and both scoring paths to the same verdicts. Arithmetic beyond 128-bit
//!   fractions is a [`Problem`] of kind [`ProblemKind::Arithmetic`]; a broken internal
//!   invariant fails loudly (`expect` with its reason), never as a plausible number.
//! - **Exact.** Decimals and fractions only in scoring, one rounding half away from zero
//!   (`every_rounding_agrees` in `tests/scoring_properties.rs`, over every caller);
//!   decimals keep their digits through any serializer, `serde_json::Value` included
//!   (`a_decimal_keeps_its_digits_through_any_serializer`: `3.20` stays `"3.20"`).
//!   Floats appear in one place, named: [`sensitivity`] samples in floating point and
//!   recomputes exactly near a rounding boundary; with no spread every sample is the
//!   published ranking
//!   (`with_no_spread_a_tie_break_stage_at_a_rounding_boundary_keeps_the_published_ranks`).
//! - **Limits** are the plan's, looser or tighter, in every framing
//!   (`the_plans_limits_hold_in_every_framing_loosened_or_tightened`); a file of
//!   millions of tiny broken records is listed only up to `max_rejections`, the rest
//!   counted (`rejections_past_the_limit_are_counted_unless_they_name_a_body`).
//! - **Every body named.** A damaged file's records are each scored or rejected under
//!   their place and the agency their text shows — cut short, run together, in UTF-16,
//!   under the wrong name — so that with a roster no body that sent something is taken
//!   for one that sent nothing
//!   (`damaged_files_never_turn_a_body_that_sent_into_one_that_did_not`,
//!   `cut_records_run_together_lines_and_odd_ids_still_name_their_bodies`).
//! - **Linear.** Every reader, [`submissions_csv`], the verification checks,
//!   [`Batch::finish`] and [`Plan::explain`] grow linearly (`tests/growth.rs`: N against
//!   2N).
//! - **Deterministic.** The same bytes on one thread or many, in any order of files
//!   (`the_same_inputs_give_the_same_bytes_on_any_threads_in_any_file_order`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod batch;
mod insight;
mod model;
#[cfg(feature = "publish")]
mod publish;
mod read;
pub mod schema;
mod score;
mod text;
pub use insight::sensitivity::{
    BodySensitivity, RankInterval, Sensitivity, SensitivityOptions, sensitivity,
    sensitivity_with_judges,
};
pub use read::sheet_output::{submission_columns, submissions_csv};
/// The benches' batch generator, for the unit tests that compare scoring paths.
#[cfg(test)]
#[path = "../benches/support/generate.rs"]
mod test_generate;
pub use batch::files::{BatchFiles, NamedBytes};
pub use batch::side::SideFiles;
pub use batch::texts::{BatchTexts, NamedText, Validator, plan_of};

pub use batch::array::JsonArrayFile;
pub use batch::collect::Batch;
pub use batch::csv_output::{CsvStyle, spreadsheet_safe};
pub use batch::decree::{AmendedBody, Amendment, Decree};
pub use batch::not_assessed::{NotAssessed, NotAssessedReason};
pub use batch::pieces::JsonLinesFile;
pub use batch::progress::{BodyProgress, Progress, Reason, State, StateCounts};
pub use batch::rank::rank;
pub use batch::results::{Rejected, Results, Source};
pub use batch::rollup::RollupResult;
pub use batch::summary::{GroupSummary, QualificationCount, Statistics, Summary};
pub use batch::warning::{Outcome, Warning};
pub use insight::annex::{Annex, AnnexCategory, AnnexEntry, AnnexRanks, Unscored};
pub use insight::card::{
    CARD_FIXES, CardFix, CardIndicator, CardPart, CardQuestion, CardRank, CardStage, CardWarning,
    ReportCard, ReportCards, StageCounted,
};
pub use insight::diff::{Change, ChangeKind, Standing, amendment, diff_results};
pub use insight::explain::{Explanation, Fix, QuestionLine};
pub use insight::outlook::{Outlook, Reach};
pub use insight::questionnaire::{Evaluation, FixLine};
pub use model::id::{CategoryId, QualificationId, QuestionId};
pub use model::instrument::{
    AbsentStage, Band, Category, ChecklistItem, ChoiceOption, Condition, Evidence, Expected, Gate,
    Indicator, Instrument, Measure, Otherwise, PartSource, Parts, Qualification, Question,
    QuestionKind, Rollup, RollupPart, Stage, StageCondition, TieBreak, Within,
};
pub use model::limits::Limits;
pub use model::roster::{RosterEntry, RosterReach};
pub use model::submission::{Agency, Answer, AnswerValue, Submission};
pub use model::verification::{
    Decision, Revision, Ruling, StageScore, Verification, find_duplicate_verifications,
};
#[cfg(feature = "publish")]
pub use publish::PublishError;
#[cfg(feature = "publish")]
pub use publish::card_page::CardPages;
#[cfg(feature = "publish")]
pub use publish::html::{PAGE_CSP, escape_html};
#[cfg(feature = "publish")]
pub use publish::letterhead::{Letterhead, logo_data_url};
#[cfg(feature = "publish")]
pub use publish::progress::{ProgressPages, progress_workbook};
#[cfg(feature = "publish")]
pub use publish::report::ReportPage;
#[cfg(feature = "publish")]
pub use publish::template::{template_csv, template_workbook};
#[cfg(feature = "publish")]
pub use publish::words::Words;
#[cfg(feature = "publish")]
pub use publish::workbook::results_workbook;
pub use read::framing::text_from_bytes;
pub use read::record::{AgencyRef, Record};
pub use read::role::InputRole;
pub use read::source::{
    Framing, find_duplicate_submissions, read_roster, read_stage_scores, read_submissions,
    read_verifications,
};
#[cfg(feature = "xlsx")]
pub use read::source::{read_roster_workbook, read_submission_workbook};
pub use read::stream::SubmissionLines;
pub use rust_decimal::Decimal;
pub use score::card::{
    Body, Diagnostics, IndicatorResult, Rank, RoundChange, RoundStanding, RoundTrail, Score,
    Scorecard, StageParts, StageResult,
};
pub use score::plan::Plan;
pub use score::ratio::Ratio;
pub use text::decimal::{
    DECIMAL_PATTERN, DecimalError, MAX_SCALE, parse_decimal, round_half_away_from_zero,
};
pub use text::file_name::file_names;
pub use text::language::Language;
pub use text::moment::{Moment, MomentError};
pub use text::number::{DecimalMark, NumberError, read_written_number};
pub use text::problem::{Position, Problem, ProblemKind, ProblemRow, Report};

/// The README's library example runs as a doctest.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
