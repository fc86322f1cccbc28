//! Bytes in, ranked results JSON out, through the library: JSON Lines of the generated
//! national-shape batch (150 questions) read, checked and reduced on both cores
//! (`Batch::add_json_lines`), scored, ranked, summarised and written as JSON.
//! Throughput in input bytes per second.
//!
//! `cargo bench --bench end_to_end`; `-- --test` runs it once.

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::Batch;
use std::hint::black_box;

const QUESTIONS: usize = 150;

fn end_to_end(c: &mut Criterion) {
    let (instrument, plan) = support::plan(QUESTIONS);
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    for &bodies in support::sizes(&[1_000, 10_000]) {
        let text = support::jsonl(&instrument, QUESTIONS, bodies);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(bodies), &text, |b, text| {
            b.iter(|| {
                let mut batch = Batch::new(&plan);
                batch.add_json_lines("national.jsonl", black_box(text.as_bytes()), 1, 0);
                let mut out = Vec::with_capacity(text.len());
                batch.finish().write_json(&mut out).map(|()| out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
