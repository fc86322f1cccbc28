//! `kip` run as a real process on the bundled examples.

use std::process::{Command, Output};

use serde_json::Value;

fn kip(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run kip: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn validate_accepts_every_bundled_example() {
    let base = "examples/monev-2025";
    let output = kip(&[
        "validate",
        &format!("{base}/instrument.json"),
        &format!("{base}/submissions/banten-kabkota.jsonl"),
        &format!("{base}/submissions/banten-opd.json"),
        "--verification",
        &format!("{base}/verification.json"),
        "--stage-scores",
        &format!("{base}/stage-scores.json"),
        "--roster",
        &format!("{base}/roster.json"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    // 8 + 12 submissions, 3 verification entries, 6 stage scores, 21 roster entries.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("50 record(s): 0 problem(s)"), "{stderr}");
}

#[test]
fn validate_rejects_every_invalid_example_with_the_promised_problems() {
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string("examples/invalid/expected.json").unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("expected.json: {e}"));
    let files = expected["files"]
        .as_object()
        .unwrap_or_else(|| panic!("no files"));
    assert!(files.len() >= 4);
    for (name, spec) in files {
        let file = format!("examples/invalid/{name}");
        let output = match spec["instrument"].as_str() {
            None => kip(&["validate", &file]),
            Some(instrument) => {
                kip(&["validate", &format!("examples/invalid/{instrument}"), &file])
            }
        };
        assert_eq!(output.status.code(), Some(1), "{name}");
        let printed = stdout(&output);
        let problems = spec["problems"]
            .as_array()
            .unwrap_or_else(|| panic!("{name}: no problems"));
        for problem in problems {
            let path = problem["path"].as_str().unwrap_or_default();
            let gist = problem["gist"].as_str().unwrap_or_default();
            let location = match problem["record"].as_u64() {
                Some(record) => format!("{file}:{record}"),
                None => file.clone(),
            };
            let prefix = if path.is_empty() {
                format!("{location}: ")
            } else {
                format!("{location}:{path}: ")
            };
            assert!(
                printed
                    .lines()
                    .any(|l| l.starts_with(&prefix) && l.contains(gist)),
                "{name}: expected a line starting {prefix:?} containing {gist:?}; printed:\n{printed}"
            );
        }
        assert_eq!(
            printed.lines().count(),
            problems.len(),
            "{name}: every printed problem is expected:\n{printed}"
        );
    }
}

#[test]
fn validate_exits_2_when_it_cannot_run() {
    let output = kip(&["validate", "examples/no-such-instrument.json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read"));
    let output = kip(&["validate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset() {
    let dir = std::env::temp_dir().join(format!("kip-cli-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let file = dir.join("latin1.json");
    std::fs::write(&file, b"{\"instrument\": \"caf\xe9\"}").unwrap_or_else(|e| panic!("{e}"));
    let output = kip(&[
        "validate",
        "examples/monev-2025/instrument.json",
        &file.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("invalid byte at byte 19"),
        "{}",
        stdout(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
