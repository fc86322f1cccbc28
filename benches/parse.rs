//! Reading: JSON Lines bytes of the generated national-shape batch (150 questions) into
//! validated submissions. Throughput in bytes per second, on one core.
//!
//! `cargo bench --bench parse`; `cargo bench --bench parse -- --test` runs it once.

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{Framing, read_submissions};
use std::hint::black_box;

const QUESTIONS: usize = 150;

fn parse(c: &mut Criterion) {
    let (instrument, _) = support::plan(QUESTIONS);
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for &bodies in support::sizes(&[1_000, 10_000]) {
        let text = support::jsonl(&instrument, QUESTIONS, bodies);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(bodies), &text, |b, text| {
            b.iter(|| read_submissions(black_box(text), Framing::JsonLines, &instrument).len())
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
