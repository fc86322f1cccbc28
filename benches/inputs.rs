//! Reading every kind of input in every framing other systems write, at two sizes:
//! submissions (JSON Lines, compact and pretty JSON arrays, semicolon CSV; 150
//! questions) and the
//! verification, stage-score (also CSV) and roster (also CSV) files. Throughput in bytes
//! per second: the careful readers (`read_*`, one core), and `inputs/batch`, the
//! submissions as a batch adds them (every core; a JSON array element by element through
//! the fast path of JSON Lines). Peak memory per framing, of `kip score` as a process:
//! `scripts/framings.sh`.
//!
//! `cargo bench --bench inputs`; `cargo bench --bench inputs -- --test` runs each once at
//! its smallest size.

mod support;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{
    Framing, Instrument, Submission, read_roster, read_stage_scores, read_submissions,
    read_verifications, submissions_csv,
};
use std::hint::black_box;
use support::generate::{self, Shape};

const QUESTIONS: usize = 150;

fn framing(shape: Shape) -> Framing {
    match shape {
        Shape::Lines => Framing::JsonLines,
        Shape::Compact | Shape::Pretty => Framing::Json,
        Shape::Csv => Framing::Csv,
    }
}

fn name(shape: Shape) -> &'static str {
    match shape {
        Shape::Lines => "jsonl",
        Shape::Compact => "compact",
        Shape::Pretty => "pretty",
        Shape::Csv => "csv",
    }
}

type Reader = fn(&str, Framing, &Instrument) -> usize;

fn bench_kind(
    c: &mut Criterion,
    instrument: &Instrument,
    kind: &str,
    sizes: &'static [usize],
    shapes: &[Shape],
    make: &dyn Fn(usize, Shape) -> String,
    read: Reader,
) {
    let mut group = c.benchmark_group(format!("inputs/{kind}"));
    group.sample_size(10);
    for &shape in shapes {
        for &n in support::sizes(sizes) {
            let text = make(n, shape);
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name(shape), n), &text, |b, text| {
                b.iter(|| read(black_box(text), framing(shape), instrument))
            });
        }
    }
    group.finish();
}

fn inputs(c: &mut Criterion) {
    let (instrument, _) = support::plan(QUESTIONS);
    let json = [Shape::Lines, Shape::Compact, Shape::Pretty];
    let all = [Shape::Lines, Shape::Compact, Shape::Pretty, Shape::Csv];
    let id = instrument.id.clone();
    // Submissions as CSV are the JSON Lines ones written as a spreadsheet saves them for
    // Indonesian settings: `;` between cells, decimal commas.
    let submissions = |n: usize, shape: Shape| match shape {
        Shape::Csv => {
            let lines = generate::submissions(&id, QUESTIONS, n, 7, Shape::Lines);
            let read: Vec<Submission> = read_submissions(&lines, Framing::JsonLines, &instrument)
                .into_iter()
                .filter_map(|r| r.value.ok())
                .collect();
            submissions_csv(&instrument, &read, b';')
        }
        _ => generate::submissions(&id, QUESTIONS, n, 7, shape),
    };
    bench_kind(
        c,
        &instrument,
        "submissions",
        &[10_000, 100_000],
        &all,
        &submissions,
        |t, f, i| read_submissions(t, f, i).len(),
    );
    // The same submissions through a batch, as `kip score` adds them: every framing
    // through its fast path (a JSON array element by element), reduced to sheets.
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    let mut group = c.benchmark_group("inputs/batch");
    group.sample_size(10);
    for &shape in &all {
        for &n in support::sizes(&[10_000, 100_000]) {
            let text = submissions(n, shape);
            let file = format!(
                "submissions.{}",
                name(shape)
                    .replace("compact", "json")
                    .replace("pretty", "json")
            );
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(name(shape), n), &text, |b, text| {
                b.iter(|| {
                    let mut batch = kip_index::Batch::new(&plan).without_stage_scores();
                    batch.add_submissions_text(kip_index::NamedText::new(&file, black_box(text)));
                    batch.submissions_read()
                })
            });
        }
    }
    group.finish();
    bench_kind(
        c,
        &instrument,
        "verification",
        &[10_000, 100_000],
        &json,
        &|n, shape| generate::verifications(n, 7, shape),
        |t, f, i| read_verifications(t, f, i).len(),
    );
    bench_kind(
        c,
        &instrument,
        "stage_scores",
        &[10_000, 100_000],
        &all,
        &|n, shape| generate::stage_scores(n, 7, shape),
        |t, f, i| read_stage_scores(t, f, i).len(),
    );
    bench_kind(
        c,
        &instrument,
        "roster",
        &[10_000, 100_000],
        &all,
        &|n, shape| generate::roster(n, 7, shape),
        |t, f, i| read_roster(t, f, i).len(),
    );
}

criterion_group!(benches, inputs);
criterion_main!(benches);
