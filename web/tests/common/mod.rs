//! Helpers shared by kip-web's tests.

use serde_json::{Value, json};

/// The files' bytes one after another, and the manifest that says where each is — as
/// the page hands dropped files to the scorer.
pub fn files(all: &[(&str, Vec<u8>)]) -> (String, Vec<u8>) {
    let entries: Vec<Value> = all
        .iter()
        .map(|(name, bytes)| json!({ "name": name, "length": bytes.len() }))
        .collect();
    let bytes = all.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    (json!({ "files": entries }).to_string(), bytes)
}
