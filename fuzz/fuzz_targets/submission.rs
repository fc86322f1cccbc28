//! Submission loading and validation against the bundled Monev instrument, as one JSON
//! document and as JSON Lines, through every reader (careful, fast, straight to a sheet).
#![no_main]

use std::sync::OnceLock;

use kip_index::{Batch, Framing, Instrument, Plan, read_submissions};
use libfuzzer_sys::fuzz_target;

fn plan() -> &'static (Instrument, Plan) {
    static PLAN: OnceLock<(Instrument, Plan)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = include_str!("../../examples/monev-2025/instrument.json");
        let instrument = Instrument::from_json(text).unwrap_or_else(|r| panic!("{r}"));
        let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        (instrument, plan)
    })
}

fuzz_target!(|data: &[u8]| {
    let (instrument, plan) = plan();
    if let Ok(text) = kip_index::text_from_bytes(data) {
        for framing in [Framing::Json, Framing::JsonLines] {
            let records = read_submissions(text, framing, instrument);
            for record in records {
                // A record read as valid must score.
                if let Ok(s) = record.value {
                    assert!(
                        plan.score(&kip_index::Body::new(&s)).is_ok(),
                        "a valid submission failed to score"
                    );
                }
            }
        }
    }
    // The parallel batch reader takes raw bytes, invalid UTF-8 included.
    let mut batch = Batch::new(plan);
    batch.add_json_lines("fuzz.jsonl", data, 1, 0);
    let read = batch.submissions_read();
    let results = batch.finish();
    assert_eq!(
        results.results.iter().map(|c| c.raters).sum::<usize>() + results.rejected.len(),
        read
    );
});
