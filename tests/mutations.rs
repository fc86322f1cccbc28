//! Valid files, mutated — a required key dropped, a value's type changed, a key
//! duplicated, the text truncated — are always refused with a problem at or above the
//! mutated path: never a panic, never a score.

mod common;

use kip_index::{Batch, Framing, Instrument, Plan, Report, read_submissions};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Every JSON pointer in a value, parents before children.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(members) => {
            for (k, v) in members {
                pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// A value of another JSON type that no field accepts in place of this one.
fn other_type(value: &Value) -> Value {
    match value {
        // Not a number: a decimal may be written as a string holding one.
        Value::String(_) => json!(true),
        Value::Number(_) => json!("x"),
        Value::Bool(_) => json!("x"),
        Value::Array(_) => json!({}),
        Value::Object(_) => json!([]),
        Value::Null => json!(1),
    }
}

/// The text of `value` with the member at `pointer` written twice.
fn with_duplicate(value: &Value, pointer: &str) -> Option<String> {
    let (parent, key) = pointer.rsplit_once('/')?;
    let object = value.pointer(parent)?.as_object()?;
    let member = object.get(key)?;
    let mut text = String::new();
    write_duplicating(value, "", parent, key, member, &mut text);
    Some(text)
}

fn write_duplicating(
    value: &Value,
    at: &str,
    parent: &str,
    key: &str,
    member: &Value,
    out: &mut String,
) {
    match value {
        Value::Object(members) => {
            out.push('{');
            let mut first = true;
            let mut emit = |k: &str, v: &Value, out: &mut String| {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&Value::String(k.to_owned()).to_string());
                out.push(':');
                write_duplicating(v, &format!("{at}/{k}"), parent, key, member, out);
            };
            for (k, v) in members {
                emit(k, v, out);
            }
            if at == parent {
                emit(key, member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_duplicating(v, &format!("{at}/{i}"), parent, key, member, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Whether `problem` is at `pointer` or at one of its ancestors.
fn at_or_above(problem: &str, pointer: &str) -> bool {
    problem.is_empty() || pointer == problem || pointer.starts_with(&format!("{problem}/"))
}

#[derive(Debug, Clone)]
enum Mutation {
    Drop(usize),
    ChangeType(usize),
    Duplicate(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Drop),
        any::<usize>().prop_map(Mutation::ChangeType),
        any::<usize>().prop_map(Mutation::Duplicate),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// Dropping keys of an instrument can leave it valid (many are optional): the other
/// three mutations always break it.
fn instrument_mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::ChangeType),
        any::<usize>().prop_map(Mutation::Duplicate),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

/// The keys a submission must have: dropping any of them makes it invalid.
const REQUIRED: [&str; 7] = [
    "/instrument",
    "/agency",
    "/answers",
    "/agency/id",
    "/agency/name",
    "/agency/category",
    "/answers/Q2/value",
];

/// The mutated text and the pointer it was mutated at.
fn mutate(value: &Value, m: &Mutation, required: &[&str]) -> Option<(String, String)> {
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let members: Vec<&String> = all.iter().filter(|p| !p.is_empty()).collect();
    match m {
        Mutation::Drop(i) => {
            let pointer = *required.get(i % required.len().max(1))?;
            let (parent, key) = pointer.rsplit_once('/')?;
            let mut v = value.clone();
            v.pointer_mut(parent)?.as_object_mut()?.remove(key)?;
            Some((v.to_string(), pointer.to_owned()))
        }
        Mutation::ChangeType(i) => {
            let pointer = (*members.get(i % members.len().max(1))?).clone();
            let mut v = value.clone();
            let slot = v.pointer_mut(&pointer)?;
            *slot = other_type(slot);
            Some((v.to_string(), pointer))
        }
        Mutation::Duplicate(i) => {
            let in_objects: Vec<&&String> = members
                .iter()
                .filter(|p| {
                    p.rsplit_once('/')
                        .and_then(|(parent, _)| value.pointer(parent))
                        .is_some_and(Value::is_object)
                })
                .collect();
            let pointer = (**in_objects.get(i % in_objects.len().max(1))?).clone();
            Some((with_duplicate(value, &pointer)?, pointer))
        }
        Mutation::Truncate(i) => {
            let text = value.to_string();
            let cut = 1 + i % (text.len() - 1);
            Some((text.get(..cut)?.to_owned(), String::new()))
        }
    }
}

fn problems_of(records: Vec<kip_index::Record<kip_index::Submission>>) -> Report {
    let mut report = Report::new();
    for r in records {
        if let Err(p) = r.value {
            report.extend(p);
        }
    }
    report
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_submission_is_refused_at_or_above_the_mutation(m in mutation()) {
        let instrument = common::instrument();
        let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        let base = common::base_submission();
        let mutated = mutate(&base, &m, &REQUIRED);
        // A mutation with nothing to act on is no case: it is not counted as one passed.
        prop_assume!(mutated.is_some());
        let Some((text, pointer)) = mutated else { return Ok(()); };
        prop_assume!(!text.contains('\n'));
        for framing in [Framing::Json, Framing::JsonLines] {
            let records = read_submissions(&text, framing, &instrument);
            prop_assert!(records.iter().all(|r| r.value.is_err()), "{:?} read as valid: {}", m, text);
            let report = problems_of(records);
            prop_assert!(
                report.iter().any(|p| at_or_above(&p.path, &pointer)),
                "{:?} at {:?}: {}\n{}", m, pointer, text, report
            );
        }
        // Never a score, by any reader: the batch's fast ones included.
        let mut batch = Batch::new(&plan);
        batch.add_json_lines("m.jsonl", text.as_bytes(), 1, 0);
        let results = batch.finish();
        prop_assert!(results.results.is_empty(), "{:?} was scored: {}", m, text);
        prop_assert_eq!(results.rejected.len(), 1);
    }

    #[test]
    fn a_mutated_instrument_is_refused_at_or_above_the_mutation(m in instrument_mutation()) {
        let base = common::base_instrument();
        let mutated = mutate(&base, &m, &[]);
        prop_assume!(mutated.is_some());
        let Some((text, pointer)) = mutated else { return Ok(()); };
        match Instrument::from_json(&text) {
            Ok(_) => prop_assert!(false, "{:?} loaded: {}", m, text),
            Err(report) => prop_assert!(
                report.iter().any(|p| at_or_above(&p.path, &pointer)),
                "{:?} at {:?}: {}\n{}", m, pointer, text, report
            ),
        }
    }
}

#[test]
fn the_mutation_helpers_do_what_they_say() {
    let v = json!({ "a": { "b": 1 } });
    assert_eq!(
        with_duplicate(&v, "/a/b").as_deref(),
        Some(r#"{"a":{"b":1,"b":1}}"#)
    );
    assert!(at_or_above("/a", "/a/b") && at_or_above("", "/a") && !at_or_above("/a/b", "/a"));
    assert!(!at_or_above("/ab", "/a/b"));
    let _ = Map::<String, Value>::new();
}
