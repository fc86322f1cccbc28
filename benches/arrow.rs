//! The results as one Arrow table (feature `arrow`): `Results::to_arrow` for 10,000 and
//! 100,000 scored bodies of the generated national-shape instrument (150 questions:
//! 2 stages and its indicators as columns). Its cost is measured against the scoring it
//! follows (`cargo bench --bench score -- sheets`), which it must stay well under.
//!
//! `cargo bench --features arrow --bench arrow`; `-- --test` runs it once.

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::Batch;
use std::hint::black_box;

const QUESTIONS: usize = 150;

fn to_arrow(c: &mut Criterion) {
    let (instrument, plan) = support::plan(QUESTIONS);
    let mut group = c.benchmark_group("to_arrow");
    group.sample_size(10);
    for &bodies in support::sizes(&[10_000, 100_000]) {
        let text = support::jsonl(&instrument, QUESTIONS, bodies);
        let mut batch = Batch::new(&plan).without_stage_scores();
        batch.add_json_lines("national.jsonl", text.as_bytes(), 1, 0);
        let results = batch.finish();
        group.throughput(Throughput::Elements(results.results.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(bodies), &results, |b, r| {
            b.iter(|| black_box(r).to_arrow().num_rows())
        });
    }
    group.finish();
}

criterion_group!(benches, to_arrow);
criterion_main!(benches);
