//! `kip score` with neither `--format` nor `-o`: the Indonesian table on a terminal (run
//! under `script`, which gives it one), JSON — byte for byte `--format json` — when
//! piped.

mod support;

use std::process::Command;

const BASE: &str = "examples/monev-2025";

fn args() -> Vec<String> {
    vec![
        format!("{BASE}/instrument.json"),
        format!("{BASE}/submissions/banten-kabkota.jsonl"),
        format!("{BASE}/submissions/banten-opd.json"),
        "--verification".into(),
        format!("{BASE}/verification.json"),
        "--stage-scores".into(),
        format!("{BASE}/stage-scores.json"),
        "--roster".into(),
        format!("{BASE}/roster.json"),
    ]
}

#[test]
fn a_terminal_gets_the_table_and_a_pipe_gets_the_json() {
    support::at_repository_root();
    let kip = env!("CARGO_BIN_EXE_kip");
    // Piped: the JSON `--format json` writes, byte for byte.
    let piped = Command::new(kip)
        .arg("score")
        .args(args())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let json = Command::new(kip)
        .arg("score")
        .args(args())
        .args(["--format", "json"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!piped.stdout.is_empty());
    assert_eq!(piped.stdout, json.stdout);
    // On a terminal: `script` runs kip with one, and keeps what it shows.
    if !std::path::Path::new("/usr/bin/script").exists() {
        support::tool_missing(
            "script",
            "apt-get install bsdutils",
            "the table on a terminal",
        );
        return;
    }
    let dir = support::Scratch::new("terminal");
    let command = std::iter::once(format!("'{kip}' score"))
        .chain(args().into_iter().map(|a| format!("'{a}'")))
        .collect::<Vec<_>>()
        .join(" ");
    let shown = Command::new("/usr/bin/script")
        .args(["-qec", &command])
        .arg(dir.join("typescript"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("Pemerintah Kota Tangerang"), "{text}");
    assert!(
        text.contains("96,33"),
        "the table, with a decimal comma: {text}"
    );
    assert!(
        !text.contains("\"instrument\""),
        "no JSON on a terminal: {text}"
    );
    assert!(
        text.contains(
            "kip: tabel ini untuk dibaca; untuk JSON tambahkan --format json (atau -o hasil.json)"
        ),
        "{text}"
    );
    assert!(text.contains("wajib 4 = 4 dinilai"), "the summary: {text}");
}

#[test]
fn kip_progress_shows_its_table_on_a_terminal() {
    support::at_repository_root();
    if !std::path::Path::new("/usr/bin/script").exists() {
        support::tool_missing(
            "script",
            "apt-get install bsdutils",
            "kip progress on a terminal",
        );
        return;
    }
    let kip = env!("CARGO_BIN_EXE_kip");
    let dir = support::Scratch::new("terminal-progress");
    let base = "examples/progress-2025";
    let command = format!(
        "'{kip}' progress '{base}/instrument.json' '{base}/submissions.jsonl' --roster '{base}/roster.csv'"
    );
    let shown = Command::new("/usr/bin/script")
        .args(["-qec", &command])
        .arg(dir.join("typescript"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(text.contains("Gubernur Banten (3)"), "{text}");
    assert!(text.contains("belum dijawab 1 dari 4: PL02"), "{text}");
    assert!(
        !text.contains("\"bodies\""),
        "no JSON on a terminal: {text}"
    );
    assert!(
        text.contains("untuk surat per atasan tambahkan -o kemajuan.html"),
        "{text}"
    );
}
