//! The scoring core: a compiled plan scoring in-memory submissions of the generated
//! national-shape instrument (150 questions), 1,000 / 10,000 / 100,000 bodies.
//! Throughput is in answers (questions × bodies) per second, on one core.
//!
//! `cargo bench --bench score`; `cargo bench --bench score -- --test` runs each once.

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::Body;
use std::hint::black_box;

const QUESTIONS: usize = 150;

fn score(c: &mut Criterion) {
    let (instrument, plan) = support::plan(QUESTIONS);
    let mut group = c.benchmark_group("score");
    group.sample_size(10);
    for &bodies in support::sizes(&[1_000, 10_000, 100_000]) {
        let submissions = support::submissions(&instrument, QUESTIONS, bodies);
        group.throughput(Throughput::Elements((bodies * QUESTIONS) as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(bodies),
            &submissions,
            |b, subs| {
                b.iter(|| {
                    subs.iter()
                        .filter(|s| plan.score(&Body::new(black_box(s))).is_ok())
                        .count()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, score);
criterion_main!(benches);
