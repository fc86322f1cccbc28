//! Reading and checking: the bundled Banten examples, instrument and submissions.
//!
//! `cargo bench --bench read`; `cargo bench -- --test` runs each once.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{Framing, Instrument, read_submissions};
use std::hint::black_box;

fn read(c: &mut Criterion) {
    let instrument_text =
        std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default();
    let batch = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")
        .unwrap_or_default();
    let Ok(instrument) = Instrument::from_json(&instrument_text) else {
        panic!("the example instrument must load")
    };
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Bytes(instrument_text.len() as u64));
    group.bench_function("instrument", |b| {
        b.iter(|| Instrument::from_json(black_box(&instrument_text)))
    });
    group.throughput(Throughput::Bytes(batch.len() as u64));
    group.bench_function("submissions_jsonl_8", |b| {
        b.iter(|| read_submissions(black_box(&batch), Framing::JsonLines, &instrument))
    });
    group.finish();
}

criterion_group!(benches, read);
criterion_main!(benches);
