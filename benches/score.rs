//! The scoring core: a compiled plan scoring in-memory submissions of the generated
//! national-shape instrument (150 questions), 1,000 / 10,000 / 100,000 bodies.
//! Throughput is in answers (questions × bodies) per second, on one core.
//!
//! The `sheets` group measures the core alone: bodies already read into sheets (the
//! compact per-question cells a batch keeps), scored, ranked and summarised by
//! `Batch::finish` on both cores — the integer scoring loop without any reading.
//!
//! `cargo bench --bench score`; `cargo bench --bench score -- --test` runs each once.

mod support;

use criterion::BatchSize;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{Batch, Body};
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
    let mut group = c.benchmark_group("sheets");
    group.sample_size(10);
    for &bodies in support::sizes(&[10_000, 100_000]) {
        let text = support::jsonl(&instrument, QUESTIONS, bodies);
        group.throughput(Throughput::Elements((bodies * QUESTIONS) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(bodies), &text, |b, text| {
            b.iter_batched(
                || {
                    let mut batch = Batch::new(&plan);
                    batch.add_json_lines("national.jsonl", text.as_bytes(), 1, 0);
                    batch
                },
                |batch| batch.finish().results.len(),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, score);
criterion_main!(benches);
