//! `Plan::explain` — one body's question lines and what to fix first — on generated
//! instruments of 150, 1,000 and 10,000 questions, for a generated body (most questions
//! answered, some not, some without evidence) and for an empty questionnaire (every
//! question a candidate fix).
//!
//! `cargo bench --bench explain`; `-- --test` runs the smallest size once.

mod support;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kip_index::{Body, Submission};
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

criterion_group!(benches, explain);
criterion_main!(benches);
