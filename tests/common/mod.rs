//! Helpers shared by the contract tests.
#![allow(dead_code)]

use kip_index::{Instrument, Problem, Report};
use serde_json::{Value, json};

/// A small sound instrument: one category set, SAQ 80 + visitasi 20, five bands, two
/// indicators (60/40) whose questions cover every kind.
pub fn base_instrument() -> Value {
    json!({
        "id": "uji",
        "name": "Instrumen uji",
        "categories": [ { "id": "pemkot", "name": "Pemerintah Kota" }, { "id": "opd", "name": "OPD" } ],
        "stages": [
            { "id": "saq", "name": "SAQ", "weight": 80, "questionnaire": true },
            { "id": "visitasi", "name": "Visitasi", "weight": 20, "requires": { "stage": "saq", "min": 60 } }
        ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak", "name": "Tidak Informatif", "min": 0 }
        ],
        "tie_break": ["stage:saq", "indicator:a"],
        "indicators": [
            { "id": "a", "name": "A", "weight": 60, "questions": [
                { "id": "Q1", "text": "yes/no", "kind": "yes_no", "evidence": "required" },
                { "id": "Q2", "text": "choice", "kind": "choice", "options": [
                    { "id": "x", "label": "X", "score": 100 }, { "id": "y", "label": "Y", "score": 50 } ] },
                { "id": "Q3", "text": "checklist", "kind": "checklist", "items": [
                    { "id": "p", "label": "P", "points": 2 }, { "id": "q", "label": "Q", "points": 1 } ] },
                { "id": "Q4", "text": "number", "kind": "number", "min": 0, "max": 30,
                  "bands": [ { "max": 10, "score": 100 }, { "max": 17, "score": 50 }, { "score": 0 } ],
                  "when": { "question": "Q1", "equals": true } }
            ] },
            { "id": "b", "name": "B", "weight": 40, "questions": [
                { "id": "Q5", "text": "scale", "kind": "scale", "min": 1, "max": 5, "allow_na": true },
                { "id": "Q6", "text": "rating", "kind": "rating" },
                { "id": "Q7", "text": "text", "kind": "text", "weight": 0 },
                { "id": "Q8", "text": "kota only", "kind": "yes_no", "categories": ["pemkot"] }
            ] }
        ]
    })
}

pub fn base_submission() -> Value {
    json!({
        "instrument": "uji",
        "agency": { "id": "3673", "name": "Pemerintah Kota Serang", "category": "pemkot", "region": "36" },
        "answers": {
            "Q1": { "value": true, "evidence": ["https://ppid.example/q1"] },
            "Q2": { "value": "y" },
            "Q3": { "value": ["p"] },
            "Q4": { "value": 7.5 },
            "Q5": { "na": true },
            "Q6": { "value": "89.995" },
            "Q7": { "value": "https://ppid.example" },
            "Q8": { "value": false }
        }
    })
}

pub fn instrument() -> Instrument {
    Instrument::from_json(&base_instrument().to_string())
        .unwrap_or_else(|r| panic!("base instrument: {r}"))
}

/// Loads an instrument that must be refused, returning its problems.
pub fn instrument_problems(value: &Value) -> Report {
    match Instrument::from_json(&value.to_string()) {
        Ok(_) => panic!("expected problems in {value:#}"),
        Err(report) => report,
    }
}

/// Asserts that a problem at `path` whose message contains `gist` was reported.
pub fn assert_problem(report: &Report, path: &str, gist: &str) -> Problem {
    match report
        .iter()
        .find(|p| p.path == path && p.message.contains(gist))
    {
        Some(p) => p.clone(),
        None => panic!("expected a problem at {path:?} containing {gist:?}; found:\n{report}"),
    }
}

/// Sets `pointer` in `value` to `new` (the parent must exist).
pub fn set(value: &mut Value, pointer: &str, new: Value) {
    match value.pointer_mut(pointer) {
        Some(slot) => *slot = new,
        None => {
            let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
            match value.pointer_mut(parent).and_then(Value::as_object_mut) {
                Some(object) => {
                    object.insert(key.to_owned(), new);
                }
                None => panic!("no parent object at {parent}"),
            }
        }
    }
}
