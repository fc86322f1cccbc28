//! Issue 13: outputs that cannot hurt, and broken inputs counted honestly. `kip` run as
//! a real process; every file it could touch lives in the test's own directory.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output};

fn kip(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run kip: {e}"))
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh directory for one test, with the test instrument and a batch of two bodies.
fn scratch(name: &str) -> (support::Scratch, String, String) {
    let dir = support::Scratch::new(&format!("outputs-{name}"));
    let instrument = write(
        &dir.join("instrument.json"),
        &common::base_instrument().to_string(),
    );
    let batch = write(&dir.join("batch.jsonl"), &lines(&bodies(2)));
    (dir, instrument, batch)
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

/// `n` valid submissions of agencies 3601, 3602, …
fn bodies(n: usize) -> Vec<String> {
    (0..n)
        .map(|k| {
            let mut s = common::base_submission();
            s["agency"]["id"] = format!("36{:02}", k + 1).into();
            s.to_string()
        })
        .collect()
}

fn lines(records: &[String]) -> String {
    records.iter().map(|r| format!("{r}\n")).collect()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap_or_else(|e| panic!("mkfifo: {e}"));
    assert!(status.success());
}

/// Item 1: a FIFO, and a symbolic link to one, are written through and stay FIFOs.
#[test]
fn a_fifo_or_a_link_to_one_is_written_through_not_replaced() {
    support::at_repository_root();
    let (dir, instrument, batch) = scratch("fifo");
    let fifo = dir.join("pipe");
    mkfifo(&fifo);
    let link = dir.join("link-to-pipe");
    std::os::unix::fs::symlink(&fifo, &link).unwrap_or_else(|e| panic!("{e}"));
    for target in [&fifo, &link] {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap_or_default())
        };
        let output = kip(&[
            "score",
            &instrument,
            &batch,
            "-o",
            &target.display().to_string(),
        ]);
        let read = reader.join().unwrap_or_default();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(read.contains("\"instrument\": \"uji\""), "{read}");
        let kind = std::fs::metadata(&fifo).map(|m| m.file_type().is_fifo());
        assert_eq!(kind.ok(), Some(true), "the FIFO is still a FIFO");
    }
    let link_kind = std::fs::symlink_metadata(&link).map(|m| m.file_type().is_symlink());
    assert_eq!(link_kind.ok(), Some(true), "the link is still a link");
}

/// Item 1: a link to a regular file stays a link; its target gets the results.
#[test]
fn a_link_to_a_file_stays_a_link_and_its_target_is_replaced() {
    support::at_repository_root();
    let (dir, instrument, batch) = scratch("link");
    let target = dir.join("real.json");
    write(&target, "old");
    let link = dir.join("results.json");
    std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("{e}"));
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "-o",
        &link.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let link_kind = std::fs::symlink_metadata(&link).map(|m| m.file_type().is_symlink());
    assert_eq!(link_kind.ok(), Some(true));
    let text = std::fs::read_to_string(&target).unwrap_or_default();
    assert!(text.contains("\"results\""), "{text}");
}

/// Items 2 and 3: the temporary file is not at a name an attacker can plant (a link at
/// the old predictable names is left alone and its target untouched), no temporary
/// file is left behind, and the replaced file keeps its mode.
#[test]
fn replacing_keeps_the_mode_follows_no_planted_link_and_leaves_no_temporary() {
    support::at_repository_root();
    let (dir, instrument, batch) = scratch("planted");
    let victim = dir.join("victim.txt");
    write(&victim, "precious");
    let results = dir.join("results.json");
    write(&results, "old results");
    let private = std::fs::Permissions::from_mode(0o600);
    std::fs::set_permissions(&results, private).unwrap_or_else(|e| panic!("{e}"));
    for planted in [
        ".results.json.tmp",
        ".results.json.1.tmp",
        ".kip-results.tmp",
    ] {
        std::os::unix::fs::symlink(&victim, dir.join(planted)).unwrap_or_else(|e| panic!("{e}"));
    }
    let before: Vec<String> = names(&dir);
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "-o",
        &results.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&victim).ok().as_deref(),
        Some("precious")
    );
    assert_eq!(
        names(&dir),
        before,
        "no temporary file left, nothing else touched"
    );
    let mode = std::fs::metadata(&results).map(|m| m.permissions().mode() & 0o777);
    assert_eq!(mode.ok(), Some(0o600), "the mode is kept");
    let text = std::fs::read_to_string(&results).unwrap_or_default();
    assert!(text.contains("\"results\""));
    // A new file gets the mode any new file gets here (0666 less the umask).
    let fresh = dir.join("fresh.json");
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "-o",
        &fresh.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0));
    let usual = dir.join("usual.txt");
    write(&usual, "");
    let mode = |p: &Path| {
        std::fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .ok()
    };
    assert_eq!(mode(&fresh), mode(&usual));
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Item 3: an output that is an input — by name, through a link, or a hard link — is
/// refused with exit 2 before anything is written; the input is unchanged.
#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    support::at_repository_root();
    let (dir, instrument, batch) = scratch("same");
    let hard = dir.join("hard.jsonl");
    std::fs::hard_link(&batch, &hard).unwrap_or_else(|e| panic!("{e}"));
    let soft = dir.join("soft.json");
    std::os::unix::fs::symlink(&instrument, &soft).unwrap_or_else(|e| panic!("{e}"));
    let original_batch = std::fs::read(&batch).unwrap_or_default();
    let original_instrument = std::fs::read(&instrument).unwrap_or_default();
    let hard = hard.display().to_string();
    let soft = soft.display().to_string();
    let cases: [(&str, &[&str]); 4] = [
        ("submissions", &["score", &instrument, &batch, "-o", &batch]),
        (
            "instrument",
            &["score", &instrument, &batch, "-o", &instrument],
        ),
        ("hard link", &["score", &instrument, &batch, "-o", &hard]),
        (
            "report via link",
            &["report", &instrument, &batch, "--html", &soft],
        ),
    ];
    for (what, args) in cases {
        let output = kip(args);
        assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(&output));
        assert!(stderr(&output).contains("itu berkas masukan"), "{what}");
    }
    assert_eq!(std::fs::read(&batch).unwrap_or_default(), original_batch);
    assert_eq!(
        std::fs::read(&instrument).unwrap_or_default(),
        original_instrument
    );
}

/// Item 6: escape sequences and newlines in names never reach the terminal raw.
#[test]
fn control_characters_in_names_are_escaped_on_the_terminal() {
    support::at_repository_root();
    let (dir, instrument, _) = scratch("escapes");
    let mut s = common::base_submission();
    s["agency"]["name"] = "Kota\u{1b}[2J\nFORGED ROW".into();
    let batch = write(&dir.join("evil.jsonl"), &format!("{s}\n"));
    let table = kip(&["score", &instrument, &batch, "--format", "table"]);
    let text = stdout(&table);
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("Kota\\u{1b}[2J\\u{a}FORGED ROW"), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("FORGED")), "{text}");
    // Problems on stdout (validate) and stderr (score) quote the input escaped.
    s["agency"]["category"] = "x\u{1b}]0;pwned\u{7}".into();
    let bad = write(&dir.join("bad.jsonl"), &format!("{s}\n"));
    for command in ["validate", "score"] {
        let output = kip(&[command, &instrument, &bad]);
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert_eq!(output.status.code(), Some(1), "{command}: {all}");
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{7}'),
            "{command}: {all}"
        );
        assert!(all.contains("x\\u{1b}]0;pwned\\u{7}"), "{command}: {all}");
    }
}

/// Item 8: broken framing is counted by the records the file holds, each named.
#[test]
fn broken_framing_is_counted_and_named_honestly() {
    support::at_repository_root();
    let (dir, instrument, _) = scratch("framing");
    let records = bodies(3);
    let trailing = format!("[\n{},\n]\n", records.join(",\n"));
    let joined = format!("[{}][{}]", records[..2].join(","), records[2]);
    let mut bad_utf8 = format!("[{}]", records.join(",")).into_bytes();
    // One byte inside a string of the last record.
    if let Some(byte) = bad_utf8.iter().rposition(|b| *b == b'a')
        && let Some(b) = bad_utf8.get_mut(byte)
    {
        *b = 0xFF;
    }
    let files = [
        ("trailing.json", trailing.into_bytes()),
        ("joined.json", joined.into_bytes()),
        ("bad-utf8.json", bad_utf8),
        ("lines-named.json", lines(&records).into_bytes()),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        let output = kip(&[
            "score",
            &instrument,
            &path.display().to_string(),
            "--lang",
            "en",
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.contains("read 3 submission(s): scored 0 bodies, rejected 3"),
            "{name}: {err}"
        );
        assert!(err.contains("record 3 of the 3 located"), "{name}: {err}");
        if name == "lines-named.json" {
            assert!(err.contains("name the file .jsonl"), "{name}: {err}");
        }
    }
    // JSON Lines run together, and CR-only line ends: every agency named.
    let together = dir.join("together.jsonl");
    write(&together, &format!("{}{}\n", records[0], records[1]));
    let cr = dir.join("cr.jsonl");
    write(&cr, &records.join("\r"));
    for (path, why) in [
        (&together, "a line break is missing"),
        (&cr, "carriage return alone"),
    ] {
        let output = kip(&[
            "score",
            &instrument,
            &path.display().to_string(),
            "--lang",
            "en",
        ]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.contains("run together"), "{err}");
        assert!(err.contains("`3601`") && err.contains("`3602`"), "{err}");
        assert!(err.contains(why), "{err}");
    }
}

/// Item 8: UTF-16 and UTF-32 are named, not reported as a control character a line —
/// and refused a submission at a time, each under its own place and body (read from the
/// decoded text), so that a roster's body in such a file is rejected, not taken for one
/// that sent nothing.
#[test]
fn wide_encodings_are_named() {
    support::at_repository_root();
    let (dir, instrument, _) = scratch("utf16");
    let text = lines(&bodies(2));
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16be_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let utf32le: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    let cases = [
        (
            "a.jsonl",
            utf16le.clone(),
            "UTF-16 (little-endian, by its byte-order mark)",
        ),
        (
            "b.json",
            utf16le,
            "UTF-16 (little-endian, by its byte-order mark)",
        ),
        (
            "c.jsonl",
            utf16be_no_bom,
            "UTF-16 (big-endian, by its zero bytes)",
        ),
        (
            "d.json",
            utf32le,
            "UTF-32 (little-endian, by its zero bytes)",
        ),
    ];
    for (name, bytes, named) in cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        let path = path.display().to_string();
        let output = kip(&["score", &instrument, &path, "--lang", "en"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(named), "{name}: {err}");
        assert_eq!(err.matches("kip: rejected").count(), 2, "{name}: {err}");
        // The second submission's place: its line, or (JSON Lines under a .json name)
        // its element.
        let second = [format!("{path}:2: "), format!("{path}#/1: ")];
        assert!(second.iter().any(|at| err.contains(at)), "{name}: {err}");
        let validate = kip(&["validate", &instrument, &path, "--lang", "en"]);
        assert!(stdout(&validate).contains(named), "{name}");
    }
}

/// Item 9: weights that exceed exact arithmetic fail `validate`, and `score` refuses
/// the instrument (exit 2) instead of rejecting every body.
#[test]
fn weights_beyond_exact_arithmetic_fail_validation() {
    support::at_repository_root();
    let (dir, _, _) = scratch("arithmetic");
    // Weights of 25 decimals on three levels, over scales of 3 to 13 points and a
    // rating: fine for the checks of sums, beyond 128-bit fractions once combined.
    let scale = |id: &str, max: u32, weight: &str| {
        serde_json::json!({ "id": id, "text": id, "kind": "scale", "min": 1, "max": max,
                            "weight": weight })
    };
    let e = |k: u32| format!("0.{}{k}", "0".repeat(24));
    let instrument = serde_json::json!({
        "id": "uji", "name": "Uji",
        "stages": [ { "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true } ],
        "qualifications": [ { "id": "baik", "name": "Baik", "min": 50 },
                            { "id": "kurang", "name": "Kurang", "min": 0 } ],
        "indicators": [
            { "id": "a", "name": "A", "weight": "99.9999999999999999999999999", "indicators": [
                { "id": "a1", "name": "A1", "weight": e(3),
                  "questions": [ scale("Q1", 7, &e(7)), scale("Q2", 3, "1") ] },
                { "id": "a2", "name": "A2", "weight": "1", "questions": [
                    scale("Q3", 11, &e(11)),
                    { "id": "Q4", "text": "Q4", "kind": "rating", "weight": "1" } ] } ] },
            { "id": "b", "name": "B", "weight": e(1), "questions": [
                scale("Q5", 13, &e(13)),
                { "id": "Q6", "text": "Q6", "kind": "yes_no", "weight": "1" } ] }
        ]
    });
    let batch = write(
        &dir.join("one.jsonl"),
        r#"{"instrument":"uji","agency":{"id":"1","name":"Satu"},"answers":{"Q6":{"value":true}}}
"#,
    );
    let path = write(&dir.join("fine.json"), &instrument.to_string());
    let validate = kip(&["validate", &path]);
    assert_eq!(validate.status.code(), Some(1), "{}", stderr(&validate));
    assert!(
        stdout(&validate)
            .contains("/indicators: expected weights whose scores can be computed exactly"),
        "{}",
        stdout(&validate)
    );
    let score = kip(&["score", &path, &batch]);
    assert_eq!(score.status.code(), Some(2), "{}", stderr(&score));
}

/// Item 7: an over-long name is a located problem that does not quote it; categories
/// whose names clash as sheet names still make a workbook, with sheets kept apart.
#[test]
fn long_texts_are_refused_and_the_workbook_never_fails() {
    support::at_repository_root();
    let (dir, _, _) = scratch("long");
    let mut instrument = common::base_instrument();
    instrument["categories"] = serde_json::json!([
        { "id": "pemkot", "name": "Pemerintah Kota" },
        { "id": "PEMKOT", "name": "PEMERINTAH KOTA" },
        { "id": "opd", "name": "OPD" }
    ]);
    instrument["indicators"][1]["questions"][3]["categories"] =
        serde_json::json!(["pemkot", "PEMKOT"]);
    let instrument = write(&dir.join("instrument.json"), &instrument.to_string());
    let mut long = common::base_submission();
    long["agency"]["id"] = "3699".into();
    long["agency"]["name"] = "N".repeat(2_000_000).into();
    let mut upper = common::base_submission();
    upper["agency"]["id"] = "3698".into();
    upper["agency"]["category"] = "PEMKOT".into();
    let records = [
        common::base_submission().to_string(),
        upper.to_string(),
        long.to_string(),
    ];
    let batch = write(&dir.join("batch.jsonl"), &lines(&records));
    let workbook = dir.join("results.xlsx");
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "--format",
        "xlsx",
        "-o",
        &workbook.display().to_string(),
    ]);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        &err[..err.len().min(2_000)]
    );
    assert!(
        err.contains(
            "/agency/name: seharusnya teks paling panjang 1024 byte, ternyata 2000000 byte"
        ),
        "{}",
        &err[..err.len().min(2_000)]
    );
    assert!(
        err.len() < 10_000,
        "the name is not quoted: {} bytes",
        err.len()
    );
    use calamine::Reader;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook(&workbook).unwrap_or_else(|e| panic!("{e}"));
    let sheets = book.sheet_names();
    // Two categories whose names differ only in case: two sheets, kept apart.
    assert!(sheets.contains(&"Pemerintah Kota".to_owned()), "{sheets:?}");
    assert!(
        sheets.contains(&"PEMERINTAH KOTA (2)".to_owned()),
        "{sheets:?}"
    );
}

/// A JSON Lines line past the record limit (64 MiB) is rejected under its own line and
/// agency, and the lines after it keep their numbers and are scored — though `kip` holds
/// the long line only up to the limit and reads the rest of it without keeping it (so a
/// file with no line break at all, `/dev/zero`, is read in bounded memory, no further
/// than the file-size limit).
#[test]
fn a_line_past_the_record_limit_is_rejected_under_its_line_and_body_and_the_rest_keep_theirs() {
    support::at_repository_root();
    let (dir, instrument, _) = scratch("long-line");
    let records = bodies(3);
    let mut long = records[1].clone();
    let at = long.find("\"name\":\"").map_or(0, |k| k + 8);
    long.insert_str(at, &"x".repeat(80 << 20));
    let text = format!("{}\n{long}\n{}\n", records[0], records[2]);
    let path = write(&dir.join("panjang.jsonl"), &text);
    let output = kip(&["score", &instrument, &path]);
    let err = stderr(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(
        err.contains(&format!(
            "ditolak {path}:2: seharusnya satu catatan paling besar 67108864 byte"
        )),
        "{}",
        &err[..err.len().min(2000)]
    );
    let results: serde_json::Value =
        serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
    let scored: Vec<&str> = results["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["agency"]["id"].as_str())
        .collect();
    assert_eq!(scored.len(), 2, "{scored:?}");
    assert_eq!(results["rejected"][0]["source"], format!("{path}:2"));
    assert_eq!(results["rejected"][0]["agency"], "3602");
}

/// A device is no input (`/dev/zero` never ends): refused before anything is read.
#[test]
fn a_device_given_as_submissions_is_refused_before_reading() {
    support::at_repository_root();
    if !Path::new("/dev/zero").exists() {
        return support::tool_missing("/dev/zero", "a Unix system", "a device as input");
    }
    let (_dir, instrument, _) = scratch("device");
    let output = kip(&["score", &instrument, "/dev/zero"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("seharusnya berkas, ternyata perangkat (device)"),
        "{err}"
    );
}

/// A bad side file stops the run before a FIFO of submissions is opened — it may wait
/// for a writer that never comes, and cannot be read again — with the side file's
/// problem and exit 2; with a regular file of submissions, the same problem and exit.
#[test]
fn a_bad_side_file_stops_the_run_before_a_fifo_of_submissions_is_opened() {
    use std::time::{Duration, Instant};
    let (dir, instrument, batch) = scratch("bad-side");
    let roster = write(
        &dir.join("daftar.csv"),
        "id,name,category,region\n3601,A,pemkot,36\n3601,A,pemkot,36\n",
    );
    let fifo = dir.join("pengajuan.jsonl");
    mkfifo(&fifo);
    let out = dir.join("hasil.json").display().to_string();
    let fifo = fifo.display().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(["score", &instrument, &fifo, "--roster", &roster, "-o", &out])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run kip: {e}"));
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("kip opened the FIFO and waited for its writer instead of stopping");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut said = String::new();
    if let Some(mut err) = child.stderr.take() {
        use std::io::Read;
        let _ = err.read_to_string(&mut said);
    }
    assert_eq!(status.code(), Some(2), "{said}");
    assert!(said.contains("`3601`"), "{said}");
    let regular = kip(&[
        "score",
        &instrument,
        &batch,
        "--roster",
        &roster,
        "-o",
        &out,
    ]);
    assert_eq!(regular.status.code(), Some(2), "{}", stderr(&regular));
    assert_eq!(stderr(&regular), said);
    let _ = std::fs::remove_dir_all(&dir);
}

/// An output named with an extension no format has is refused, and nothing is written;
/// a name without an extension gets JSON.
#[test]
fn an_output_named_for_no_format_is_refused() {
    support::at_repository_root();
    let (dir, instrument, batch) = scratch("unknown-extension");
    let pdf = dir.join("hasil.pdf").display().to_string();
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "--without-stage-scores",
        "-o",
        &pdf,
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("tidak tahu format untuk `.pdf`"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("hasil.pdf").exists());
    let report = dir.join("laporan.pdf").display().to_string();
    let output = kip(&[
        "report",
        &instrument,
        &batch,
        "--without-stage-scores",
        "-o",
        &report,
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("berakhiran .html"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("laporan.pdf").exists());
    let plain = dir.join("hasil").display().to_string();
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "--without-stage-scores",
        "-o",
        &plain,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = std::fs::read_to_string(dir.join("hasil")).unwrap_or_default();
    assert!(text.starts_with('{'), "{text}");
}
