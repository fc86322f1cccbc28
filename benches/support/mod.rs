//! What the benches share: the generator, and batches built from it.
#![allow(dead_code)]

pub mod generate;

use kip_index::{Framing, Instrument, Plan, Submission, read_submissions};

/// The generated instrument of `questions` questions and its plan.
pub fn plan(questions: usize) -> (Instrument, Plan) {
    let text = generate::instrument_json(questions);
    let Ok(instrument) = Instrument::from_json(&text) else {
        panic!("the generated instrument must load")
    };
    let Ok(plan) = Plan::new(&instrument) else {
        panic!("the generated instrument must compile")
    };
    (instrument, plan)
}

/// `bodies` generated submissions as JSON Lines text.
pub fn jsonl(instrument: &Instrument, questions: usize, bodies: usize) -> String {
    generate::submissions_jsonl(&instrument.id, questions, bodies, 7)
}

/// `bodies` generated submissions, read and checked.
pub fn submissions(instrument: &Instrument, questions: usize, bodies: usize) -> Vec<Submission> {
    let text = jsonl(instrument, questions, bodies);
    read_submissions(&text, Framing::JsonLines, instrument)
        .into_iter()
        .filter_map(|r| r.value.ok())
        .collect()
}

/// The sizes to run: all of them, or only the smallest under `cargo bench -- --test`,
/// which runs each bench once to check that it works (the national sizes take minutes
/// to set up).
pub fn sizes(all: &'static [usize]) -> &'static [usize] {
    if testing() {
        all.get(..1).unwrap_or(all)
    } else {
        all
    }
}

/// Whether the benches run once, as a test (`cargo bench -- --test`).
pub fn testing() -> bool {
    std::env::args().any(|a| a == "--test")
}
