//! `diff_results` on two results files from fuzz bytes: the bytes split in two texts,
//! each either as given or spliced into a results shape with finals, ids and ranks taken
//! from the bytes (huge, negative, many digits, repeated ids). It must return changes or
//! problems — never panic — and every change must be exact: delta = new − old.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let half = data.len() / 2;
    let (a, b) = data.split_at(half);
    let (old, new) = (shaped(a), shaped(b));
    if let Ok(changes) = kip_index::diff_results(&old, &new) {
        for change in changes {
            if let (Some(o), Some(n), Some(d)) = (&change.old, &change.new, change.delta) {
                assert_eq!(o.final_score.checked_add(d), Some(n.final_score));
            }
        }
    }
    let raw = String::from_utf8_lossy(data);
    let _ = kip_index::diff_results(&raw, &raw);
});

/// A results text from bytes: every four bytes one body (id, final, rank).
fn shaped(bytes: &[u8]) -> String {
    let finals = [
        "0", "100.00", "79228162514264337593543950335", "-79228162514264337593543950335",
        "1e28", "0.0000000000000000000000000001", "99.995", "-0", "1E400",
    ];
    let items: Vec<String> = bytes
        .chunks(4)
        .take(64)
        .map(|c| {
            let pick = |i: usize| usize::from(c.get(i).copied().unwrap_or(0));
            format!(
                r#"{{"agency": {{"id": "a{}", "name": "B"}}, "final": {}, "qualification": "q{}", "rank": {{"overall": {}}}}}"#,
                pick(0) % 8,
                finals[pick(1) % finals.len()],
                pick(2) % 3,
                pick(3)
            )
        })
        .collect();
    format!(r#"{{"results": [{}]}}"#, items.join(","))
}
