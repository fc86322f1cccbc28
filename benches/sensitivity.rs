//! Sensitivity of a national-shape batch (150 questions, six top-level indicators, two
//! stages with a gate, tie-breaks): 1,000 samples of perturbed weights, every body
//! re-scored and ranked overall and per category in each, on both cores. The batch is
//! scored once, outside the measurement.
//!
//! `cargo bench --bench sensitivity`; `-- --test` runs the smaller size once.

mod support;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kip_index::{Batch, SensitivityOptions, sensitivity};
use std::hint::black_box;

const QUESTIONS: usize = 150;

fn bench(c: &mut Criterion) {
    let (instrument, plan) = support::plan(QUESTIONS);
    let mut group = c.benchmark_group("sensitivity");
    group.sample_size(10);
    for &bodies in support::sizes(&[10_000, 100_000]) {
        let text = support::jsonl(&instrument, QUESTIONS, bodies);
        let mut batch = Batch::new(&plan).without_stage_scores();
        batch.add_json_lines("national.jsonl", text.as_bytes(), 1, 0);
        let results = batch.finish();
        drop(text);
        let options = SensitivityOptions::default().samples(1_000);
        group.bench_with_input(
            BenchmarkId::new("1000 samples", bodies),
            &results,
            |b, results| {
                b.iter(|| sensitivity(&instrument, black_box(results), &options).mean_rank_shift)
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
