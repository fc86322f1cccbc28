//! `Plan::explain` — one body's question lines and what to fix first — on generated
//! instruments of 150, 1,000 and 10,000 questions, for a generated body (most questions
//! answered, some not, some without evidence) and for an empty questionnaire (every
//! question a candidate fix).
//!
//! `cards`: every body's report card (`ReportCards::cards_for`: the category figures,
//! then one explanation per body) for batches of 100 and 1,000 bodies × 150 questions.
//!
//! `cargo bench --bench explain`; `-- --test` runs the smallest size once.

mod support;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kip_index::{Batch, Body, ReportCards, Submission};
use std::hint::black_box;

fn explain(c: &mut Criterion) {
    let mut group = c.benchmark_group("explain");
    group.sample_size(10);
    for &questions in support::sizes(&[150, 1_000, 10_000]) {
        let (instrument, plan) = support::plan(questions);
        let mut line = String::new();
        let body = support::generate::body(3, 7);
        support::generate::submission_line(&instrument.id, questions, &body, 7, &mut line);
        let Ok(answered) = Submission::from_json(&line) else {
            panic!("the generated submission must load")
        };
        let empty = format!(
            r#"{{"instrument":"{}","agency":{{"id":"{}","name":"{}","category":"{}"}},"answers":{{}}}}"#,
            instrument.id, body.id, body.name, body.category
        );
        let Ok(empty) = Submission::from_json(&empty) else {
            panic!("the empty submission must load")
        };
        for (name, submission) in [("answered", &answered), ("empty", &empty)] {
            group.bench_with_input(
                BenchmarkId::new(name, questions),
                submission,
                |b, submission| b.iter(|| black_box(plan.explain(&Body::new(submission)))),
            );
        }
    }
    group.finish();
}

fn cards(c: &mut Criterion) {
    let mut group = c.benchmark_group("cards");
    group.sample_size(10);
    let questions = 150;
    let (instrument, plan) = support::plan(questions);
    for &bodies in support::sizes(&[100, 1_000]) {
        let submissions = support::submissions(&instrument, questions, bodies);
        let mut batch = Batch::new(&plan).without_stage_scores();
        for s in &submissions {
            batch.add_submission(s.agency.id.clone(), s);
        }
        let results = batch.finish();
        group.bench_with_input(BenchmarkId::new("bodies", bodies), &submissions, |b, s| {
            b.iter(|| {
                let book = ReportCards::new(&plan, &results);
                black_box(book.cards_for(s, &[], &[], None))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, explain, cards);
criterion_main!(benches);
