//! Scoring: the compiled plan scoring the bundled Banten bodies (20 bodies × 42
//! questions), throughput in answers (questions scored) per second.
//!
//! `cargo bench --bench score`; `cargo bench -- --test` runs each once. The national-scale
//! benches (generated batches of 1,000 to 100,000 bodies) come with the performance work.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{Body, Framing, Instrument, Plan, Submission, read_submissions};
use std::hint::black_box;

fn load() -> (Plan, Vec<Submission>) {
    let text = std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default();
    let Ok(instrument) = Instrument::from_json(&text) else {
        panic!("the example instrument must load")
    };
    let mut submissions = Vec::new();
    for (file, framing) in [
        ("banten-kabkota.jsonl", Framing::JsonLines),
        ("banten-opd.json", Framing::Json),
    ] {
        let path = format!("examples/monev-2025/submissions/{file}");
        let batch = std::fs::read_to_string(path).unwrap_or_default();
        submissions.extend(
            read_submissions(&batch, framing, &instrument)
                .into_iter()
                .filter_map(|r| r.value.ok()),
        );
    }
    let Ok(plan) = Plan::new(&instrument) else {
        panic!("the example instrument must compile")
    };
    (plan, submissions)
}

fn score(c: &mut Criterion) {
    let (plan, submissions) = load();
    let questions = plan.instrument().iter_questions().count();
    let mut group = c.benchmark_group("score");
    group.throughput(Throughput::Elements((submissions.len() * questions) as u64));
    group.bench_function("banten_20_bodies", |b| {
        b.iter(|| {
            submissions
                .iter()
                .map(|s| plan.score(&Body::new(black_box(s))).is_ok())
                .filter(|ok| *ok)
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, score);
criterion_main!(benches);
