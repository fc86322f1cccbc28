//! Scoring and ranking a small batch built from fuzz bytes: each byte pair picks an
//! agency and an answer pattern for the bundled Monev instrument; verification and
//! stage scores come from the bytes too. Output must be produced and every submission
//! accounted for.
#![no_main]

use std::sync::OnceLock;

use kip_index::{Batch, Decimal, Instrument, Plan, StageScore, Submission, Verification};
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
    let questions: Vec<_> = instrument.iter_questions().collect();
    let mut batch = Batch::new(plan);
    for (k, chunk) in data.chunks(8).enumerate().take(64) {
        let pick = |i: usize| chunk.get(i).copied().unwrap_or(0);
        let agency = format!("a{}", pick(0) % 16);
        let category = ["pemprov", "pemkab", "pemkot", "opd"][usize::from(pick(1) % 4)];
        let mut answers = answers_from(&questions, chunk);
        if pick(2) % 7 == 0 {
            answers.clear();
        }
        let text = format!(
            r#"{{"instrument":"monev-kip-2025","agency":{{"id":"{agency}","name":"Badan {agency}","category":"{category}"}},{}"answers":{{{}}}}}"#,
            if pick(3) % 5 == 0 {
                format!(r#""rater":"r{}","#, pick(4) % 3)
            } else {
                String::new()
            },
            answers.join(",")
        );
        match Submission::from_json(&text) {
            Ok(s) => batch.add_submission(format!("fuzz:{k}"), &s),
            Err(report) => batch.reject(format!("fuzz:{k}"), report),
        }
        if pick(5) % 9 == 0 {
            let _ = batch.add_stage_score(StageScore::new(
                agency.clone(),
                "visitasi",
                vec![Decimal::from(pick(6) % 101)],
            ));
        }
        if pick(7) % 11 == 0 {
            let _ = batch.add_verification(Verification::new(agency));
        }
    }
    let read = batch.submissions_read();
    let results = batch.finish();
    assert_eq!(
        results.results.iter().map(|c| c.raters).sum::<usize>() + results.rejected.len(),
        read
    );
    let _ = results.to_json();
    let _ = results.to_csv();
});

/// Answers for some questions, chosen by the bytes (many of them invalid on purpose).
fn answers_from(questions: &[&kip_index::Question], chunk: &[u8]) -> Vec<String> {
    chunk
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let q = questions.get(usize::from(*b) % questions.len().max(1))?;
            let value = match (b >> 4) % 8 {
                0 => "true".to_owned(),
                1 => "false".to_owned(),
                2 => format!("{}", i * 7),
                3 => "\"a\"".to_owned(),
                4 => "[\"dip\"]".to_owned(),
                5 => "\"89.995\"".to_owned(),
                6 => "null".to_owned(),
                _ => "{}".to_owned(),
            };
            let na = if b % 13 == 0 { r#","na":true"# } else { "" };
            Some(format!(r#""{}":{{"value":{value}{na}}}"#, q.id))
        })
        .collect()
}
