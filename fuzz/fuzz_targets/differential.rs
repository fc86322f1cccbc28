//! Differential: the same mangled JSON Lines through the batch's fast path (a byte
//! scanner straight to a sheet, the integer scoring path) and through the careful reader
//! alone (the JSON tree, then the batch), and each valid submission scored again on its
//! own by the plan (the exact path): any disagreement — a body scored by one and not
//! the other, another final, another problem — fails.
//!
//! The bytes mangle a valid submission of the bundled instrument: each byte pair picks a
//! place in the line and a replacement (a digit, a quote, a comma, a brace, a letter, a
//! decimal, a space, `null`), so most inputs stay near the valid ones the fast path takes.
#![no_main]

use std::sync::OnceLock;

use kip_index::{Batch, Body, Framing, Instrument, Plan, read_submissions};
use libfuzzer_sys::fuzz_target;

fn plan() -> &'static (Instrument, Plan, String, String) {
    static PLAN: OnceLock<(Instrument, Plan, String, String)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let text = include_str!("../../examples/monev-2025/instrument.json");
        let instrument = Instrument::from_json(text).unwrap_or_else(|r| panic!("{r}"));
        let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        let mut lines = include_str!("../../examples/monev-2025/submissions/banten-kabkota.jsonl")
            .lines()
            .map(str::to_owned);
        let first = lines.next().unwrap_or_default();
        let second = lines.next().unwrap_or_default();
        (instrument, plan, first, second)
    })
}

const PIECES: [&str; 12] = [
    "1", "\"", ",", "}", "{", "a", "87.5", " ", "null", "true", "[]", "\\u0041",
];

fuzz_target!(|data: &[u8]| {
    // The first body's line mangled, the second body's line as it is.
    let (instrument, plan, base, other) = plan();
    let mut line = base.clone();
    for pair in data.chunks(2).take(8) {
        let at = usize::from(pair.first().copied().unwrap_or(0)) * line.len() / 256;
        let piece = PIECES[usize::from(pair.get(1).copied().unwrap_or(0)) % PIECES.len()];
        let at = (0..=at).rev().find(|k| line.is_char_boundary(*k)).unwrap_or(0);
        let end = (at + 1..=line.len()).find(|k| line.is_char_boundary(*k)).unwrap_or(at);
        line.replace_range(at..end, piece);
    }
    let text = format!("{line}\n{other}\n");
    // The fast path first (the careful reader for what it declines).
    let mut fast = Batch::new(plan).without_stage_scores();
    fast.add_json_lines("d.jsonl", text.as_bytes(), 1, 0);
    let fast = fast.finish();
    // The careful reader alone.
    let mut careful = Batch::new(plan).without_stage_scores();
    for record in read_submissions(&text, Framing::JsonLines, instrument) {
        careful.add_record("d.jsonl", Framing::JsonLines, record);
    }
    let careful = careful.finish();
    assert_eq!(fast.to_json(), careful.to_json(), "the readers disagree on:\n{line}");
    // The exact path: every body the batch scored, scored again on its own.
    for record in read_submissions(&text, Framing::JsonLines, instrument) {
        let Ok(submission) = record.value else { continue };
        let alone = plan.score(&Body::new(&submission));
        let in_batch = fast
            .results
            .iter()
            .find(|c| c.agency.id == submission.agency.id);
        match (alone, in_batch) {
            (Ok(card), Some(batched)) => {
                assert_eq!(card.final_score.rounded(), batched.final_score.rounded(), "{line}");
                assert_eq!(card.final_score.exact(), batched.final_score.exact(), "{line}");
            }
            // Two bodies of one id: the batch rejects both copies as duplicates.
            (_, None) => {}
            (Err(report), Some(_)) => panic!("scored in the batch, refused alone: {report}\n{line}"),
        }
    }
});
