//! Bytes in, ranked results JSON out, through the library: JSON Lines of the generated
//! national-shape batch (150 questions) read, checked and reduced on both cores
//! (`Batch::add_json_lines`), scored, ranked, summarised and written as JSON; and the
//! same answers as a semicolon CSV with decimal commas (`Batch::add_csv`), as Excel set
//! to Indonesian saves a sheet of submissions. Throughput in input bytes per second.
//!
//! `cargo bench --bench end_to_end`; `-- --test` runs it once.

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{Batch, Framing, Submission, read_submissions, submissions_csv};
use std::hint::black_box;

const QUESTIONS: usize = 150;

fn end_to_end(c: &mut Criterion) {
    let (instrument, plan) = support::plan(QUESTIONS);
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    for &bodies in support::sizes(&[1_000, 10_000]) {
        let text = support::jsonl(&instrument, QUESTIONS, bodies);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("jsonl", bodies), &text, |b, text| {
            b.iter(|| {
                let mut batch = Batch::new(&plan);
                batch.add_json_lines("national.jsonl", black_box(text.as_bytes()), 1, 0);
                let mut out = Vec::with_capacity(text.len());
                batch.finish().write_json(&mut out).map(|()| out.len())
            })
        });
        let submissions: Vec<Submission> = read_submissions(&text, Framing::JsonLines, &instrument)
            .into_iter()
            .filter_map(|r| r.value.ok())
            .collect();
        let csv = submissions_csv(&instrument, &submissions, b';');
        group.throughput(Throughput::Bytes(csv.len() as u64));
        group.bench_with_input(BenchmarkId::new("csv", bodies), &csv, |b, csv| {
            b.iter(|| {
                let mut batch = Batch::new(&plan);
                batch.add_csv("jawaban.csv", black_box(csv));
                let mut out = Vec::with_capacity(csv.len() * 2);
                batch.finish().write_json(&mut out).map(|()| out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
