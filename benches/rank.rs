//! Ranking of 100,000 scored bodies with many ties (finals drawn from a
//! few hundred values, 7 categories, 38 regions, tie-break on the SAQ).
//!
//! `cargo bench --bench rank`; `-- --test` runs it once.

mod support;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kip_index::{Body, Instrument, Plan, Scorecard, Submission, rank};
use std::hint::black_box;

/// 100,000 bodies; 1,000 under `cargo bench -- --test`.
fn bodies() -> usize {
    if support::testing() { 1_000 } else { 100_000 }
}

/// 100,000 scorecards from a one-rating instrument; ratings in steps of 0.25 make ties.
fn scorecards() -> (Plan, Vec<Scorecard>) {
    let text = r#"{"id":"r","name":"R","categories":[{"id":"kementerian","name":"K"},{"id":"lpnk","name":"L"},{"id":"pemprov","name":"P"},{"id":"pemkab","name":"Kab"},{"id":"pemkot","name":"Kot"},{"id":"opd","name":"O"},{"id":"desa","name":"D"}],
      "stages":[{"id":"saq","name":"SAQ","weight":100,"questionnaire":true}],
      "qualifications":[{"id":"i","name":"I","min":90},{"id":"m","name":"M","min":80},{"id":"c","name":"C","min":60},{"id":"k","name":"K","min":40},{"id":"t","name":"T","min":0}],
      "tie_break":["stage:saq","indicator:a"],
      "indicators":[{"id":"a","name":"A","weight":100,"questions":[{"id":"R","text":"?","kind":"rating"}]}]}"#;
    let Ok(instrument) = Instrument::from_json(text) else {
        panic!("instrument")
    };
    let Ok(plan) = Plan::new(&instrument) else {
        panic!("plan")
    };
    let mut rng = support::generate::Rng::new(7);
    let cards = (0..bodies())
        .filter_map(|i| {
            let body = support::generate::body(i, 7);
            let rating = format!("{}.{:02}", 40 + rng.below(60), 25 * rng.below(4));
            let json = format!(
                r#"{{"instrument":"r","agency":{{"id":"{}","name":"{}","category":"{}","region":"{}"}},"answers":{{"R":{{"value":{rating}}}}}}}"#,
                body.id, body.name, body.category, body.region
            );
            let submission = Submission::from_json(&json).ok()?;
            plan.score(&Body::new(&submission)).ok()
        })
        .collect();
    (plan, cards)
}

fn rank_scorecards(c: &mut Criterion) {
    let (plan, cards) = scorecards();
    let mut group = c.benchmark_group("rank");
    group.sample_size(10);
    group.throughput(Throughput::Elements(bodies() as u64));
    // The summaries are timed with the rest of a batch's finish in `end_to_end`.
    group.bench_function("rank", |b| {
        b.iter_batched(
            || cards.clone(),
            |mut cards| {
                rank(&mut cards, &plan.instrument().tie_break);
                // Returned, so that freeing 100,000 cards is not timed.
                black_box(cards)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, rank_scorecards);
criterion_main!(benches);
