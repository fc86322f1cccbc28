//! The committed JSON Schemas are the generated ones, and every example file validates
//! against its schema with an independent validator (the `jsonschema` crate).

use kip_index::schema::Format;
use serde_json::Value;

fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn validator(format: Format) -> jsonschema::Validator {
    jsonschema::validator_for(&format.schema()).unwrap_or_else(|e| panic!("{format:?}: {e}"))
}

#[test]
fn committed_schemas_match_the_generated_ones() {
    for format in Format::ALL {
        let path = format!("schemas/{}", format.file_name());
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == format.schema_text(),
            "{path} is stale: regenerate with `cargo run -- schemas schemas`"
        );
    }
}

/// Which schema an example file follows, by its name; JSON Lines files hold one
/// record per line.
fn format_of(path: &str) -> Option<Format> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if path.contains("/invalid/") {
        None
    } else if name.starts_with("instrument") {
        Some(Format::Instrument)
    } else if path.contains("/submissions/") {
        Some(Format::Submission)
    } else if name.starts_with("verification") {
        Some(Format::Verification)
    } else if name.starts_with("stage-scores") {
        Some(Format::StageScores)
    } else if name.starts_with("roster") {
        Some(Format::Roster)
    } else {
        None
    }
}

fn example_files(dir: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path().display().to_string();
        if entry.path().is_dir() {
            example_files(&path, out);
        } else if path.ends_with(".json") || path.ends_with(".jsonl") {
            out.push(path);
        }
    }
}

#[test]
fn every_example_validates_against_its_schema() {
    let mut files = Vec::new();
    example_files("examples", &mut files);
    let mut checked = 0;
    for path in files {
        let Some(format) = format_of(&path) else {
            continue;
        };
        let validator = validator(format);
        let documents: Vec<Value> = if path.ends_with(".jsonl") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap_or(Value::Null))
                .collect()
        } else {
            match (format, read_json(&path)) {
                (Format::Submission, Value::Array(items)) => items,
                (_, value) => vec![value],
            }
        };
        for document in documents {
            let errors: Vec<String> = validator
                .iter_errors(&document)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{path}: {errors:#?}");
            checked += 1;
        }
    }
    // The instrument, 8 + 12 submissions, the verification, stage-score and roster files.
    assert!(checked >= 24, "only {checked} documents checked");
}

#[test]
fn schemas_refuse_what_the_readers_refuse() {
    let instrument = validator(Format::Instrument);
    let bad = read_json("examples/invalid/instrument-problems.json");
    // The misspelt `wieght` is unknown to the schema as to the reader.
    assert!(!instrument.is_valid(&bad));
    let submission = validator(Format::Submission);
    let mut s = read_json("examples/monev-2025/submissions/banten-opd.json")[0].clone();
    assert!(submission.is_valid(&s));
    s["answers"]["JI01"]["value"] = Value::Null;
    assert!(!submission.is_valid(&s), "null is not an answer");
}

#[test]
fn the_decimal_pattern_and_the_parser_agree() {
    let decimal_string = |s: &str| {
        let schema = serde_json::json!({ "type": "string", "pattern": kip_index::DECIMAL_PATTERN });
        jsonschema::is_valid(&schema, &Value::String(s.to_owned()))
    };
    let samples = [
        "0", "-0", "1", "89.995", "-12.5", "1e2", "1E+2", "2.5e-3", "01", "1.", ".5", "+1", "1e",
        "1e+", "--1", "1.2.3", "", " 1", "1 ", "0x1F", "NaN", "1_000", "1,5", "١",
    ];
    for s in samples {
        let by_parser = !matches!(
            kip_index::parse_decimal(s),
            Err(kip_index::DecimalError::NotANumber(_))
        );
        assert_eq!(decimal_string(s), by_parser, "{s:?}");
    }
}
