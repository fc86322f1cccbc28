//! A CSV of submissions from fuzz bytes, through both sheet readers (the careful one of
//! `read_submissions` and the batch's fast path): never a panic, and every row read is
//! scored or rejected — the batch's count of submissions read is what it accounts for.
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

/// A header the instrument knows, so that rows get past the header checks and into the
/// cell readers (a separator and line ends from the bytes).
const HEADER: &str = "agency_id;agency_name;category;region;JI01;JI01.evidence;JI02;JI03;KO03;SP05";

fuzz_target!(|data: &[u8]| {
    let (instrument, plan) = plan();
    let body = String::from_utf8_lossy(data);
    let text = match data.first().map(|b| b % 3) {
        Some(0) => format!("{HEADER}\n{body}"),
        Some(1) => format!("{}\r\n{body}", HEADER.replace(';', ",")),
        _ => body.into_owned(),
    };
    let records = read_submissions(&text, Framing::Csv, instrument);
    let mut batch = Batch::new(plan).without_stage_scores();
    batch.add_csv("fuzz.csv", &text);
    let read = batch.submissions_read();
    let results = batch.finish();
    assert_eq!(
        results.results.iter().map(|c| c.raters).sum::<usize>() + results.rejected.len(),
        read
    );
    // The careful reader and the batch see the same number of records.
    assert_eq!(records.len(), read);
    let _ = results.to_json();
});
