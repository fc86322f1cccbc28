//! Reading grows linearly with the input, for every kind of file and every framing.
//!
//! Each case reads an input of N records and of 2N, the best of four runs each, interleaved, and
//! fails if doubling the input more than 2.5-folds the time. The ratio is generous on
//! purpose: a linear reader gives about 2, a quadratic one 4 (the positions of the
//! whole text recomputed for every record gave 3.5–4.5 here), so noise on a shared
//! machine does not decide it. Absolute times are measured by the criterion benches.

#[path = "../benches/support/generate.rs"]
mod generate;

use std::time::{Duration, Instant};

use generate::Shape;
use kip_index::{
    Framing, Instrument, read_roster, read_stage_scores, read_submissions, read_verifications,
};

const QUESTIONS: usize = 20;

fn instrument() -> Instrument {
    Instrument::from_json(&generate::instrument_json(QUESTIONS)).unwrap_or_else(|r| panic!("{r}"))
}

fn framing(shape: Shape) -> Framing {
    match shape {
        Shape::Lines => Framing::JsonLines,
        Shape::Compact | Shape::Pretty => Framing::Json,
        Shape::Csv => Framing::Csv,
    }
}

/// The cases run one at a time, so that they do not time each other.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// One run of `read` on `text`.
fn time(text: &str, read: &dyn Fn(&str) -> usize) -> Duration {
    let start = Instant::now();
    std::hint::black_box(read(text));
    start.elapsed()
}

/// Fails when reading `make(2n)` takes more than 2.5 times as long as `make(n)`.
fn assert_linear(
    what: &str,
    n: usize,
    make: &dyn Fn(usize) -> String,
    read: &dyn Fn(&str) -> usize,
) {
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (small, large) = (make(n), make(2 * n));
    assert!(read(&small) > 0, "{what}: nothing read");
    // Interleaved, so that a slow moment of the machine falls on both sizes; measured
    // again (up to three times) when the ratio is high, since a shared machine has
    // slow moments — a quadratic reader is high every time.
    let mut worst = String::new();
    for _ in 0..3 {
        let (mut t1, mut t2) = (Duration::MAX, Duration::MAX);
        for _ in 0..4 {
            t2 = t2.min(time(&large, read));
            t1 = t1.min(time(&small, read));
        }
        let ratio = t2.as_secs_f64() / t1.as_secs_f64().max(1e-9);
        if ratio < 2.5 {
            return;
        }
        worst = format!(
            "{what}: {n} records in {t1:?}, {} in {t2:?}: ×{ratio:.2} for twice the input",
            2 * n
        );
    }
    panic!("{worst}");
}

#[test]
fn submissions_read_in_linear_time_in_every_framing() {
    let instrument = instrument();
    for shape in [Shape::Lines, Shape::Compact, Shape::Pretty] {
        assert_linear(
            &format!("submissions, {shape:?}"),
            400,
            &|n| generate::submissions(&instrument.id, QUESTIONS, n, 7, shape),
            &|text| read_submissions(text, framing(shape), &instrument).len(),
        );
    }
}

/// As a batch adds them: JSON Lines and an array element by element (the fast path),
/// whole and in pieces of 4 KiB (`JsonArrayFile`, as `kip score` reads a `.json`).
#[test]
fn submissions_added_to_a_batch_in_linear_time_in_every_framing() {
    let instrument = instrument();
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    for shape in [Shape::Lines, Shape::Compact, Shape::Pretty] {
        let name = match shape {
            Shape::Lines => "batch.jsonl",
            _ => "batch.json",
        };
        assert_linear(
            &format!("a batch, {shape:?}"),
            400,
            &|n| generate::submissions(&instrument.id, QUESTIONS, n, 7, shape),
            &|text| {
                let mut batch = kip_index::Batch::new(&plan).without_stage_scores();
                batch.add_submissions_text(kip_index::NamedText::new(name, text));
                batch.submissions_read()
            },
        );
    }
    for shape in [Shape::Compact, Shape::Pretty] {
        assert_linear(
            &format!("an array in pieces, {shape:?}"),
            400,
            &|n| generate::submissions(&instrument.id, QUESTIONS, n, 7, shape),
            &|text| {
                let mut batch = kip_index::Batch::new(&plan).without_stage_scores();
                let mut file = kip_index::JsonArrayFile::new(&batch, "batch.json");
                let plain = text
                    .as_bytes()
                    .chunks(4096)
                    .all(|p| file.add(&mut batch, p));
                assert!(plain && file.finish(&mut batch), "{shape:?} not plain");
                batch.submissions_read()
            },
        );
    }
}

#[test]
fn side_files_read_in_linear_time_in_every_framing() {
    let instrument = instrument();
    for shape in [Shape::Lines, Shape::Compact, Shape::Pretty] {
        assert_linear(
            &format!("verification, {shape:?}"),
            3_000,
            &|n| generate::verifications(n, 7, shape),
            &|text| read_verifications(text, framing(shape), &instrument).len(),
        );
    }
    for shape in [Shape::Lines, Shape::Compact, Shape::Pretty, Shape::Csv] {
        assert_linear(
            &format!("stage scores, {shape:?}"),
            3_000,
            &|n| generate::stage_scores(n, 7, shape),
            &|text| read_stage_scores(text, framing(shape), &instrument).len(),
        );
        assert_linear(
            &format!("roster, {shape:?}"),
            3_000,
            &|n| generate::roster(n, 7, shape),
            &|text| read_roster(text, framing(shape), &instrument).len(),
        );
    }
}

/// Every record with a problem: each problem's line and column is found without
/// rescanning the text, in pretty files and on one long compact line alike.
#[test]
fn problems_are_located_in_linear_time() {
    let instrument = instrument();
    // A roster whose every entry names an unknown category.
    for shape in [Shape::Compact, Shape::Pretty] {
        assert_linear(
            &format!("bad roster, {shape:?}"),
            3_000,
            &|n| {
                generate::roster(n, 7, shape)
                    .replace("\"category\":\"", "\"category\":\"x-")
                    .replace("\"category\": \"", "\"category\": \"x-")
            },
            &|text| {
                let records = read_roster(text, framing(shape), &instrument);
                assert!(records.iter().all(|r| r.value.is_err()));
                records.len()
            },
        );
    }
    // One submission with thousands of answers to questions the instrument does not
    // have, compact and pretty.
    for pretty in [false, true] {
        assert_linear(
            &format!("unknown answers, pretty {pretty}"),
            10_000,
            &|n| {
                let answers: Vec<String> = (0..n)
                    .map(|i| format!(r#""X{i}":{{"value":true}}"#))
                    .collect();
                let record = format!(
                    r#"{{"instrument":"{}","agency":{{"id":"1","name":"A","category":"desa"}},"answers":{{{}}}}}"#,
                    instrument.id,
                    answers.join(",")
                );
                let shape = if pretty {
                    Shape::Pretty
                } else {
                    Shape::Compact
                };
                generate::frame([record.as_str()], shape)
            },
            &|text| {
                let records = read_submissions(text, Framing::Json, &instrument);
                let problems = records
                    .first()
                    .and_then(|r| r.value.as_ref().err())
                    .map_or(0, |r| r.len());
                assert!(problems >= 10_000, "{problems} problems");
                problems
            },
        );
    }
}

/// A generated instrument of `questions` questions and `bodies` bodies' JSON Lines, as
/// one text (the two parts joined by U+0001) for `assert_linear`.
fn with_questions(questions: usize, bodies: usize) -> String {
    let instrument = generate::instrument_json(questions);
    let id = Instrument::from_json(&instrument)
        .unwrap_or_else(|r| panic!("{r}"))
        .id;
    let lines = generate::submissions(&id, questions, bodies, 7, Shape::Lines);
    format!("{instrument}\u{1}{lines}")
}

/// The instrument and the valid submissions of a [`with_questions`] text.
fn read_with_questions(text: &str) -> (Instrument, Vec<kip_index::Submission>) {
    let (instrument, lines) = text.split_once('\u{1}').unwrap_or_default();
    let instrument = Instrument::from_json(instrument).unwrap_or_else(|r| panic!("{r}"));
    let submissions = read_submissions(lines, Framing::JsonLines, &instrument)
        .into_iter()
        .filter_map(|r| r.value.ok())
        .collect();
    (instrument, submissions)
}

/// Writing submissions as a sheet (`submissions_csv`) grows with bodies × columns: twice
/// the questions, about twice the time — each column's question is looked up once, not
/// once a cell (which was quadratic in the questions).
#[test]
fn submissions_as_a_sheet_grow_linearly_with_the_questions() {
    assert_linear(
        "submissions_csv, questions",
        800,
        &|q| with_questions(q, 30),
        &|text| {
            let (instrument, submissions) = read_with_questions(text);
            kip_index::submissions_csv(&instrument, &submissions, b',').len()
        },
    );
}

/// Checking a verification entry that decides every question grows with its decisions:
/// each decision's question is found in a set, not by a search of the instrument.
#[test]
fn verification_checks_grow_linearly_with_the_decisions() {
    assert_linear(
        "check_verification, decisions",
        2_000,
        &|q| {
            let instrument = generate::instrument_json(q);
            let decisions: Vec<String> = (0..q)
                .map(|k| format!(r#"{{"question":"Q{k:03}","accept":true}}"#))
                .collect();
            let entry = format!(r#"{{"agency":"1","decisions":[{}]}}"#, decisions.join(","));
            format!("{instrument}\u{1}{entry}")
        },
        &|text| {
            let (instrument, entry) = text.split_once('\u{1}').unwrap_or_default();
            let instrument = Instrument::from_json(instrument).unwrap_or_else(|r| panic!("{r}"));
            // Reading an entry checks it against the instrument.
            let records = read_verifications(entry, Framing::Json, &instrument);
            assert!(records.iter().all(|r| r.value.is_ok()));
            records.len()
        },
    );
}

/// Finishing a batch (scoring every body, duplicates, ranks, summaries) grows with the
/// bodies: twice the bodies, about twice the time.
#[test]
fn finishing_a_batch_grows_linearly_with_the_bodies() {
    let instrument = instrument();
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    assert_linear(
        "Batch::finish, bodies",
        2_000,
        &|n| generate::submissions(&instrument.id, QUESTIONS, n, 7, Shape::Lines),
        &|text| {
            let mut batch = kip_index::Batch::new(&plan).without_stage_scores();
            batch.add_json_lines("b.jsonl", text.as_bytes(), 1, 0);
            batch.finish().results.len()
        },
    );
}

/// Explaining one body (every question's share, then what to fix first) grows with the
/// questions: twice the questions, about twice the time.
#[test]
fn explaining_a_body_grows_linearly_with_the_questions() {
    assert_linear(
        "Plan::explain, questions",
        800,
        &|q| with_questions(q, 1),
        &|text| {
            let (instrument, submissions) = read_with_questions(text);
            let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
            let submission = submissions
                .first()
                .unwrap_or_else(|| panic!("a valid body"));
            let explained = plan
                .explain(&kip_index::Body::new(submission))
                .unwrap_or_else(|r| panic!("{r}"));
            explained.questions.len()
        },
    );
}

/// A rank gate settles in one sort of the bodies that took part, never by scoring again:
/// twice the bodies, about twice the time (the generated instrument's visit gated on a
/// top 10 of the SAQ within the category, then a region's top 5 or a least score).
#[test]
fn rank_gates_settle_linearly_with_the_bodies() {
    use kip_index::{Decimal, Gate, Within};
    let mut instrument = instrument();
    let gate = Gate::any([
        Gate::top("saq", 10, Within::Category),
        Gate::all([
            Gate::top("saq", 5, Within::Region),
            Gate::new("saq", Decimal::from(60)),
        ]),
    ]);
    if let Some(visit) = instrument.stages.iter_mut().find(|s| !s.questionnaire) {
        visit.requires = Some(gate);
    }
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    assert_linear(
        "Batch::finish with rank gates, bodies",
        2_000,
        &|n| generate::submissions(&instrument.id, QUESTIONS, n, 7, Shape::Lines),
        &|text| {
            let mut batch = kip_index::Batch::new(&plan).without_stage_scores();
            batch.add_json_lines("b.jsonl", text.as_bytes(), 1, 0);
            let results = batch.finish();
            assert!(
                results
                    .results
                    .iter()
                    .any(|c| c.stages.iter().any(|s| s.passed == Some(false)))
            );
            results.results.len()
        },
    );
}
