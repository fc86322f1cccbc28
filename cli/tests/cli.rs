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
    support::at_repository_root();
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
    // 8 + 12 submissions, 3 verification entries, 8 stage scores, 21 roster entries.
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("52 rekaman diperiksa: 0 masalah"),
        "{stderr}"
    );
}

#[test]
fn validate_rejects_every_invalid_example_with_the_promised_problems() {
    support::at_repository_root();
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
            // The gists are the English sentences (every problem has one).
            None => kip(&["validate", &file, "--lang", "en"]),
            Some(instrument) => kip(&[
                "validate",
                &format!("examples/invalid/{instrument}"),
                &file,
                "--lang",
                "en",
            ]),
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
    support::at_repository_root();
    let output = kip(&["validate", "examples/no-such-instrument.json"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        stderr.contains(
            "tidak dapat membaca examples/no-such-instrument.json: berkas atau folder tidak ada"
        ),
        "{stderr}"
    );
    let english = kip(&[
        "validate",
        "examples/no-such-instrument.json",
        "--lang",
        "en",
    ]);
    assert!(String::from_utf8_lossy(&english.stderr).contains("cannot read"));
    let output = kip(&["validate"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn invalid_utf8_is_reported_with_its_byte_offset() {
    support::at_repository_root();
    let dir = support::Scratch::new("cli-utf8");
    let file = dir.join("latin1.json");
    std::fs::write(&file, b"{\"instrument\": \"caf\xe9\"}").unwrap_or_else(|e| panic!("{e}"));
    let output = kip(&[
        "validate",
        "examples/monev-2025/instrument.json",
        &file.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("byte tidak sah pada byte ke-19"),
        "{}",
        stdout(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

/// A fresh directory under the system's temp dir for one test's files.
fn scratch(name: &str) -> support::Scratch {
    support::Scratch::new(&format!("cli-{name}"))
}

fn write(path: &std::path::Path, text: &str) -> String {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    path.display().to_string()
}

#[test]
fn score_scores_the_good_and_rejects_the_bad_with_its_line() {
    support::at_repository_root();
    let dir = scratch("score");
    let instrument = write(
        &dir.join("instrument.json"),
        &common::base_instrument().to_string(),
    );
    let mut bad = common::base_submission();
    common::set(&mut bad, "/agency/id", serde_json::json!("3674"));
    common::set(&mut bad, "/answers/Q2/value", serde_json::json!("z"));
    let batch = format!("{}\n{}\n", common::base_submission(), bad);
    let batch = write(&dir.join("batch.jsonl"), &batch);

    let output = kip(&["score", &instrument, &batch]);
    assert_eq!(output.status.code(), Some(1), "some input was rejected");
    let text = stdout(&output);
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    // The base fixture, worked by hand in tests/scoring.rs: SAQ 65.499 → 65.50, no
    // visitasi, final 0.8 × 65.499 = 52.3992 → 52.40, Kurang Informatif.
    assert_eq!(json["results"].as_array().map(Vec::len), Some(1));
    assert!(text.contains(r#""final": 52.40,"#), "{text}");
    assert!(text.contains(r#""visitasi": null"#), "{text}");
    assert_eq!(json["results"][0]["qualification"], "kurang");
    let rejected = &json["rejected"][0];
    assert_eq!(rejected["source"], format!("{batch}:2"));
    assert_eq!(rejected["errors"][0]["path"], "/answers/Q2/value");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("1 pengajuan ditolak"), "{stderr}");

    let csv = kip(&["score", &instrument, &batch, "--format", "csv"]);
    assert_eq!(
        stdout(&csv),
        "\u{feff}agency_id,agency_name,category,category_name,region,final,qualification,\
         qualification_name,rank_overall,rank_category,rank_region,rank_qualification,\
         stage:saq,stage:visitasi,indicator:a,indicator:b\n\
         3673,Pemerintah Kota Serang,pemkot,Pemerintah Kota,36,52.40,kurang,Kurang Informatif,\
         1,1,1,1,65.50,,79.17,45.00\n"
    );
    // For Excel set to Indonesian: `;` and a decimal comma, read back by a CSV reader.
    let id = kip(&[
        "score",
        &instrument,
        &batch,
        "--format",
        "csv",
        "--csv-locale",
        "id",
    ]);
    let text = stdout(&id);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let row = reader
        .records()
        .next()
        .and_then(Result::ok)
        .unwrap_or_default();
    assert_eq!(row.get(5), Some("52,40"));
    assert_eq!(row.get(15), Some("45,00"));
    assert_eq!(row.get(13), Some(""));
}

#[test]
fn score_runs_on_the_banten_example() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let output = kip(&[
        "score",
        &format!("{base}/instrument.json"),
        &format!("{base}/submissions/banten-kabkota.jsonl"),
        &format!("{base}/submissions/banten-opd.json"),
        "--verification",
        &format!("{base}/verification.json"),
        "--stage-scores",
        &format!("{base}/stage-scores.json"),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = stdout(&output);
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let results = json["results"].as_array().cloned().unwrap_or_default();
    // 8 regencies and cities + 12 provincial offices, none rejected.
    assert_eq!(results.len(), 20);
    assert_eq!(json["rejected"], Value::Array(Vec::new()));
    let body = |id: &str| {
        results
            .iter()
            .find(|r| r["agency"]["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("no result for {id}"))
    };
    // verification.json: the verifier scored Cilegon's JI01 0 ("tautan profil tidak dapat
    // diakses") and Tangerang Selatan's SP04 88.5.
    assert_eq!(
        body("3672")["diagnostics"]["changed_by_verifier"][0],
        "JI01"
    );
    assert_eq!(
        body("3674")["diagnostics"]["changed_by_verifier"][0],
        "SP04"
    );
    // stage-scores.json: Tangerang Selatan's judges gave 95, 92.5 and 96: mean 94.50.
    assert!(text.contains(r#""visitasi": 94.50"#), "{text}");
    // Bodies with no visitasi score show it as null, never as 0.
    assert_eq!(body("3672")["stages"]["visitasi"], Value::Null);
}

#[test]
fn score_reads_csv_roster_and_stage_scores_and_writes_output_atomically() {
    support::at_repository_root();
    let dir = scratch("output");
    let instrument = write(
        &dir.join("instrument.json"),
        &common::base_instrument().to_string(),
    );
    let batch = write(
        &dir.join("batch.jsonl"),
        &format!("{}\n", common::base_submission()),
    );
    // The base body (SAQ 65.499, above the gate's 60) with two visitasi judges, 80 and
    // 91: mean 85.5. Final = 0.8 × 65.499 + 0.2 × 85.5 = 52.3992 + 17.1 = 69.4992 → 69.50.
    let stages = write(
        &dir.join("visitasi.csv"),
        "agency,stage,score\n3673,visitasi,80\n3673,visitasi,91\n",
    );
    let roster = write(
        &dir.join("roster.csv"),
        "id,name,category,region\n3673,Pemerintah Kota Serang,pemkot,36\n\"3674\",\"Pemerintah Kota Tangerang Selatan, Banten\",pemkot,36\n",
    );
    let out = dir.join("results.json");
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "--stage-scores",
        &stages,
        "--roster",
        &roster,
        "--output",
        &out.display().to_string(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout(&output),
        "",
        "the results go to the file, not standard output"
    );
    let text = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(text.contains(r#""final": 69.50,"#), "{text}");
    assert!(text.contains(r#""visitasi": 85.50"#), "{text}");
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        json["not_assessed"][0]["name"],
        "Pemerintah Kota Tangerang Selatan, Banten"
    );
    assert_eq!(json["results"][0]["rank"]["overall"], 1);
    assert_eq!(json["summary"]["categories"]["pemkot"]["due"], 2);
    // No temporary file is left beside the output.
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        leftovers.iter().all(|n| !n.ends_with(".tmp")),
        "{leftovers:?}"
    );
}

#[test]
fn score_stops_on_a_broken_stage_score_file_with_exit_2() {
    support::at_repository_root();
    let dir = scratch("broken-stages");
    let instrument = write(
        &dir.join("instrument.json"),
        &common::base_instrument().to_string(),
    );
    let batch = write(
        &dir.join("batch.jsonl"),
        &format!("{}\n", common::base_submission()),
    );
    let stages = write(
        &dir.join("visitasi.csv"),
        "agency,stage,score\n3673,visitasi,delapan\n",
    );
    let output = kip(&["score", &instrument, &batch, "--stage-scores", &stages]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("visitasi.csv:2:/0/score"), "{stderr}");
}

#[path = "../../benches/support/generate.rs"]
mod generate;

#[test]
fn score_takes_a_generated_national_shape_batch_without_rejecting_anything() {
    support::at_repository_root();
    let dir = scratch("generated");
    let instrument = write(
        &dir.join("instrument.json"),
        &generate::instrument_json(150),
    );
    let batch = write(
        &dir.join("batch.jsonl"),
        &generate::submissions_jsonl("monev-gen", 150, 300, 3),
    );
    let output = kip(&["score", &instrument, &batch, "--format", "csv"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A header and one row per body, every one of them ranked.
    let text = stdout(&output);
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), 300);
    assert!(
        rows.iter()
            .all(|r| r.split(',').nth(6).is_some_and(|rank| !rank.is_empty()))
    );
}

#[test]
fn score_output_is_byte_identical_on_one_thread_and_on_all() {
    support::at_repository_root();
    let dir = scratch("threads");
    let instrument = write(&dir.join("instrument.json"), &generate::instrument_json(60));
    let batch = write(
        &dir.join("batch.jsonl"),
        &generate::submissions_jsonl("monev-gen", 60, 400, 5),
    );
    let run = |threads: &str| {
        Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(["score", &instrument, &batch])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let one = run("1");
    let many = run("4");
    assert_eq!(one.status.code(), Some(0));
    assert!(!one.stdout.is_empty());
    assert!(
        one.stdout == many.stdout,
        "outputs differ between 1 and 4 threads"
    );
}

#[test]
fn score_output_does_not_depend_on_the_order_of_the_files() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let dir = scratch("order");
    let bad = write(
        &dir.join("bad.jsonl"),
        "{ broken\n{\"instrument\": \"monev-kip-2025\"}\n",
    );
    let run = |files: [&str; 3]| {
        let mut args = vec!["score".to_owned(), format!("{base}/instrument.json")];
        args.extend(files.iter().map(|f| (*f).to_owned()));
        args.extend(["--roster".to_owned(), format!("{base}/roster.json")]);
        let output = Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(output.status.code(), Some(1), "the bad file is rejected");
        output.stdout
    };
    let kabkota = format!("{base}/submissions/banten-kabkota.jsonl");
    let opd = format!("{base}/submissions/banten-opd.json");
    let one = run([&kabkota, &opd, &bad]);
    let other = run([&bad, &opd, &kabkota]);
    assert!(!one.is_empty());
    assert!(
        one == other,
        "the same batch in another file order gives other bytes"
    );
}

#[test]
fn an_output_that_cannot_be_written_exits_2_and_leaves_nothing() {
    support::at_repository_root();
    let dir = scratch("unwritable");
    let instrument = write(
        &dir.join("instrument.json"),
        &common::base_instrument().to_string(),
    );
    let batch = write(
        &dir.join("batch.jsonl"),
        &format!("{}\n", common::base_submission()),
    );
    let target = dir.join("missing-dir").join("results.json");
    let output = kip(&[
        "score",
        &instrument,
        &batch,
        "-o",
        &target.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("tidak dapat menulis"));
    assert!(!target.exists());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(leftovers.len(), 2, "only the two inputs: {leftovers:?}");
}

/// `dir/wrong.jsonl`: `n` submissions, each naming a category the instrument lacks.
fn wrong_records(dir: &std::path::Path, n: usize) -> String {
    let lines: String = (0..n)
        .map(|i| {
            format!(
                "{{\"instrument\":\"monev-kip-2025\",\"agency\":{{\"id\":\"x{i}\",\"name\":\"X\",\"category\":\"nope\"}},\"answers\":{{}}}}\n"
            )
        })
        .collect();
    let file = dir.join("wrong.jsonl");
    std::fs::write(&file, lines).unwrap_or_else(|e| panic!("{e}"));
    file.display().to_string()
}

/// A file whose every record is wrong (a roster for another commission's categories):
/// `kip validate` prints the first 1,000 problems, then one line says how many more; the
/// count on the last line stays exact. `kip score` says first that they fail the same
/// way, then prints ten.
#[test]
fn problems_are_printed_up_to_a_thousand_per_file() {
    support::at_repository_root();
    let dir = scratch("capped");
    let file = wrong_records(&dir, 1_200);
    let out = kip(&["validate", "examples/monev-2025/instrument.json", &file]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().count(), 1_000);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "kip: {file}: 200 masalah lagi tidak dicetak (1000 yang pertama dicetak)"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("1200 rekaman diperiksa: 1200 masalah ditemukan"),
        "{stderr}"
    );
    let results = dir.join("results.json").display().to_string();
    let out = kip(&[
        "score",
        "examples/monev-2025/instrument.json",
        &file,
        "-o",
        &results,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // All 1,200 fail the same way: `kip score` says so in one line, then ten details.
    assert!(
        stderr.contains(&format!(
            "kip: {file}: 1200 dari 1200 pengajuan yang ditolak gagal dengan cara yang sama di /agency/category"
        )),
        "{stderr}"
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("kip: ditolak "))
            .count(),
        10
    );
    assert!(
        stderr.contains(&format!("kip: {file}: 1190 masalah lagi tidak dicetak")),
        "{stderr}"
    );
    assert!(stderr.contains("1200 pengajuan ditolak"), "{stderr}");
    let written = std::fs::read_to_string(&results).unwrap_or_default();
    assert_eq!(
        written.matches("\"source\":").count(),
        1_200,
        "the results keep every rejection"
    );
}

/// `kip validate … | head -1` and `kip score … | head -1`: the reader closes the pipe
/// after one line; kip ends quietly with status 0, never a panic (status 101).
#[test]
fn a_reader_that_closes_early_ends_the_run_quietly() {
    support::at_repository_root();
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = scratch("pipe");
    let file = wrong_records(&dir, 3_000);
    let base = "examples/monev-2025";
    let instrument = format!("{base}/instrument.json");
    let kabkota = format!("{base}/submissions/banten-kabkota.jsonl");
    let results = dir.join("results.json").display().to_string();
    let batch = std::fs::read_to_string(&kabkota).unwrap_or_default();
    let one = write(
        &dir.join("one.jsonl"),
        batch.lines().next().unwrap_or_default(),
    );
    let scored = kip(&["score", &instrument, &kabkota, "-o", &results]);
    assert_eq!(scored.status.code(), Some(0));
    let runs: [(&str, Vec<&str>); 4] = [
        ("validate", vec!["validate", &instrument, &file]),
        ("score", vec!["score", &instrument, &file]),
        ("explain", vec!["explain", &instrument, &one, "--json"]),
        ("diff", vec!["diff", &results, &results, "--json"]),
    ];
    for (command, args) in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run kip: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        let mut first = String::new();
        BufReader::new(stdout)
            .read_line(&mut first)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(!first.is_empty(), "{command}: nothing written");
        // The reader goes away: the rest of kip's output meets a closed pipe.
        let out = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{command}: {stderr}");
    }
}

/// Issue 14, item 1: leaving out the stage scores changes finals (Kota Tangerang 96.33
/// → 78.33, as the issue measured), so the run warns, naming the stage and the count;
/// `--without-stage-scores` states the intent and silences it; both together refuse.
#[test]
fn a_stage_left_without_scores_is_a_warning_never_silence() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let instrument = format!("{base}/instrument.json");
    let kabkota = format!("{base}/submissions/banten-kabkota.jsonl");
    let output = kip(&["score", &instrument, &kabkota]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        stderr.contains("kip: peringatan: tahap `visitasi` (Visitasi): tidak ada nilai untuk 5 dari 5 badan publik"),
        "{stderr}"
    );
    // No file was given: the terminal says how to give one (the library's text does not).
    assert!(stderr.contains("--stage-scores"), "{stderr}");
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}"));
    let warnings = json["warnings"].as_array().cloned().unwrap_or_default();
    assert!(warnings.iter().any(|w| w["kind"] == "stage_scores_missing"
        && w["agencies"] == serde_json::json!(["3601", "3604", "3671", "3673", "3674"])
        && w["message"].as_str().is_some_and(
            |m| m.contains("tidak ada nilai untuk 5 dari 5") && !m.contains("--stage-scores")
        )));
    // In English on request, the same warning.
    let english = kip(&["score", &instrument, &kabkota, "--lang", "en"]);
    let stderr = String::from_utf8_lossy(&english.stderr).into_owned();
    assert!(
        stderr.contains("kip: warning: stage `visitasi` (Visitasi): no score for 5 of the 5 scored bodies that take part in it"),
        "{stderr}"
    );
    let tangerang = json["results"]
        .as_array()
        .and_then(|r| r.iter().find(|c| c["agency"]["id"] == "3671"))
        .map(|c| c["final"].clone());
    assert_eq!(tangerang, Some(Value::from(78.33)));
    let meant = kip(&["score", &instrument, &kabkota, "--without-stage-scores"]);
    assert_eq!(meant.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&meant.stderr).contains("tidak ada nilai"));
    assert!(!stdout(&meant).contains("stage_scores_missing"));
    // The stage counts the same: only the warning goes.
    assert!(stdout(&meant).contains("\"final\": 78.33"));
    let both = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--without-stage-scores",
        "--stage-scores",
        &format!("{base}/stage-scores.json"),
    ]);
    assert_eq!(both.status.code(), Some(2));
}

/// Issue 14, item 2: one body out of a batch file, by `--agency`; several bodies and no
/// `--agency` is a clear refusal listing them.
#[test]
fn explain_picks_one_body_out_of_a_batch() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let instrument = format!("{base}/instrument.json");
    let kabkota = format!("{base}/submissions/banten-kabkota.jsonl");
    let several = kip(&["explain", &instrument, &kabkota]);
    assert_eq!(several.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&several.stderr).into_owned();
    assert!(
        stderr.contains("berkas memuat 8 badan publik (`3601`, `3602`, `3603`, `3604`, `3671`, …); pilih satu dengan --agency KODE"),
        "{stderr}"
    );
    let one = kip(&[
        "explain",
        &instrument,
        &kabkota,
        &format!("{base}/submissions/banten-opd.json"),
        "--agency",
        "3603",
        "--verification",
        &format!("{base}/verification.json"),
        "--stage-scores",
        &format!("{base}/stage-scores.json"),
    ]);
    assert_eq!(
        one.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let text = stdout(&one);
    assert!(
        text.starts_with("Pemerintah Kabupaten Tangerang (3603): nilai akhir 64,42"),
        "{text}"
    );
    // SAQ 80.53 is below the visitasi's gate (85): the stage counts 0 and says so.
    assert!(
        text.contains("Self Assessment Questionnaire 80,53 · Visitasi 0,00*"),
        "{text}"
    );
    // The question's text, wrapped, before its answer.
    assert!(
        text.contains("JI01     Apakah profil badan publik"),
        "{text}"
    );
    assert!(
        text.contains("         jawaban: tidak; nilai 0,00, bobot 2,56, hilang 2,56"),
        "{text}"
    );
    // Advice: the answer to give and the answer now (issue 23, defect 5).
    assert!(
        text.contains("  1. JI01: jawab \"ya\" dengan data dukung (sekarang \"tidak\"): +2,56 → 66,98, Cukup Informatif"),
        "{text}"
    );
    let missing = kip(&["explain", &instrument, &kabkota, "--agency", "9999"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("tidak ada pengajuan badan publik `9999`")
    );
}

/// Issue 14, item 3: rosters and stage scores as Excel set to Indonesian saves them (`;`,
/// decimal comma, a byte-order mark, CRLF, headers in capitals) score exactly as the
/// JSON forms do.
#[test]
fn semicolon_csv_with_decimal_commas_reads_as_the_json_does() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let dir = scratch("locale-csv");
    let read = |name: &str| -> Value {
        let text = std::fs::read_to_string(format!("{base}/{name}")).unwrap_or_default();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"))
    };
    let mut stage_csv = String::from("\u{feff}AGENCY;Stage;SCORE\r\n");
    for entry in read("stage-scores.json")
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let scores = match entry.get("scores") {
            Some(Value::Array(s)) => s.clone(),
            _ => vec![entry["score"].clone()],
        };
        for score in scores {
            let score = match score {
                Value::String(s) => s,
                other => other.to_string(),
            };
            let (agency, stage) = (&entry["agency"], &entry["stage"]);
            let (agency, stage) = (agency.as_str().unwrap_or(""), stage.as_str().unwrap_or(""));
            stage_csv.push_str(&format!("{agency};{stage};{}\r\n", score.replace('.', ",")));
        }
    }
    let mut roster_csv = String::from("\u{feff}Id;Name;Category;Region\r\n");
    for a in read("roster.json").as_array().cloned().unwrap_or_default() {
        let field = |k: &str| a[k].as_str().unwrap_or("").to_owned();
        let (id, name, category, region) = (
            field("id"),
            field("name"),
            field("category"),
            field("region"),
        );
        roster_csv.push_str(&format!("{id};\"{name}\";{category};{region}\r\n"));
    }
    assert!(
        stage_csv.contains(",5"),
        "decimal commas are exercised: {stage_csv}"
    );
    let stages = write(&dir.join("stage-scores.csv"), &stage_csv);
    let roster = write(&dir.join("roster.csv"), &roster_csv);
    let run = |stages: &str, roster: &str| {
        let output = kip(&[
            "score",
            &format!("{base}/instrument.json"),
            &format!("{base}/submissions/banten-kabkota.jsonl"),
            &format!("{base}/submissions/banten-opd.json"),
            "--verification",
            &format!("{base}/verification.json"),
            "--stage-scores",
            stages,
            "--roster",
            roster,
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        stdout(&output)
    };
    let from_json = run(
        &format!("{base}/stage-scores.json"),
        &format!("{base}/roster.json"),
    );
    assert_eq!(run(&stages, &roster), from_json);
    // A header without the needed column says how it was read.
    let wrong = write(&dir.join("wrong.csv"), "agency,stage\n3671,visitasi\n");
    let output = kip(&[
        "score",
        &format!("{base}/instrument.json"),
        &format!("{base}/submissions/banten-kabkota.jsonl"),
        "--stage-scores",
        &wrong,
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("ternyata kolomnya `agency`, `stage` (dibaca dengan pemisah koma"),
        "{stderr}"
    );
}

/// Issue 14, item 5: the output file's extension decides the format; `kip report` takes
/// `-o`; a workbook is never written to a terminal (tried under `script`, which gives
/// kip a pseudo-terminal, when the machine has it).
#[test]
fn the_output_name_decides_the_format_and_a_terminal_gets_no_binary() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let dir = scratch("by-extension");
    let instrument = format!("{base}/instrument.json");
    let batch = format!("{base}/submissions/banten-kabkota.jsonl");
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("--without-stage-scores");
        let output = kip(&all);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let path = |name: &str| dir.join(name).display().to_string();
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_default();
    run(&["score", &instrument, &batch, "-o", &path("r.xlsx")]);
    assert!(
        read("r.xlsx").starts_with(b"PK\x03\x04"),
        "a zip: the workbook"
    );
    run(&["score", &instrument, &batch, "-o", &path("r.CSV")]);
    assert!(read("r.CSV").starts_with("\u{feff}agency_id,".as_bytes()));
    run(&["score", &instrument, &batch, "-o", &path("r.txt")]);
    assert!(String::from_utf8_lossy(&read("r.txt")).contains("Pemerintah Kota Tangerang"));
    run(&["score", &instrument, &batch, "-o", &path("r.html")]);
    run(&["report", &instrument, &batch, "-o", &path("report.html")]);
    for html in ["r.html", "report.html"] {
        assert!(read(html).starts_with(b"<!DOCTYPE html>"), "{html}");
    }
    run(&[
        "score",
        &instrument,
        &batch,
        "--format",
        "json",
        "-o",
        &path("r.data"),
    ]);
    assert!(read("r.data").starts_with(b"{\n  \"instrument\""));
    if Command::new("script").arg("--version").output().is_err() {
        support::tool_missing(
            "script",
            "apt-get install bsdutils",
            "refusing to write a workbook to a terminal",
        );
    } else {
        let typescript = dir.join("typescript");
        let command = format!(
            "{} score {instrument} {batch} --without-stage-scores --format xlsx; echo status=$?",
            env!("CARGO_BIN_EXE_kip")
        );
        let output = Command::new("script")
            .args(["-qec", &command, &typescript.display().to_string()])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let seen = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            seen.contains("buku kerja (biner) tidak ditulis ke terminal"),
            "{seen}"
        );
        assert!(seen.contains("status=2"), "{seen}");
        assert!(!seen.contains("PK\u{3}\u{4}"), "{seen}");
        // Parquet is binary too.
        let command = command.replace("--format xlsx", "--format parquet");
        let output = Command::new("script")
            .args(["-qec", &command, &typescript.display().to_string()])
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let seen = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            seen.contains(
                "tabel Parquet (biner) tidak ditulis ke terminal: berikan -o BERKAS.parquet"
            ),
            "{seen}"
        );
        assert!(
            seen.contains("status=2") && !seen.contains("PAR1"),
            "{seen}"
        );
    }
}

/// Issue 14, item 4: a file for another instrument says so in one line first, then a
/// few details; a workbook given as submissions is named; the same file twice is read
/// once, with a warning.
#[test]
fn wrong_inputs_are_summarised_first() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let dir = scratch("wrong-inputs");
    let instrument = format!("{base}/instrument.json");
    let kabkota = format!("{base}/submissions/banten-kabkota.jsonl");
    let text = std::fs::read_to_string(&kabkota).unwrap_or_default();
    let other: String = (0..4)
        .flat_map(|_| text.lines())
        .map(|l| format!("{}\n", l.replace("monev-kip-2025", "monev-kip-2024")))
        .collect();
    let other = write(&dir.join("other.jsonl"), &other);
    let output = kip(&["score", &instrument, &other, "--without-stage-scores"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains(
            "other.jsonl: 32 dari 32 pengajuan yang ditolak gagal dengan cara yang sama di /instrument"
        ),
        "{stderr}"
    );
    let details = stderr
        .lines()
        .filter(|l| l.starts_with("kip: ditolak"))
        .count();
    assert_eq!(details, 10, "{stderr}");
    assert!(
        stderr.contains("masalah lagi tidak dicetak (10 yang pertama dicetak)"),
        "{stderr}"
    );
    // A workbook where JSON is expected.
    let workbook = dir.join("results.xlsx").display().to_string();
    let made = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--without-stage-scores",
        "-o",
        &workbook,
    ]);
    assert_eq!(made.status.code(), Some(0));
    let copy = dir.join("answers.json");
    std::fs::copy(&workbook, &copy).unwrap_or_else(|e| panic!("{e}"));
    let copy = copy.display().to_string();
    // Named .json or .xlsx, a workbook is read as one (told by its bytes, as the
    // browser tells it): a results workbook's header is not a sheet of submissions.
    for file in [&copy, &workbook] {
        let output = kip(&["score", &instrument, file]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            stderr.contains("baris judul (baris 1) bermasalah"),
            "{stderr}"
        );
        assert!(stderr.contains("seharusnya kolom badan publik"), "{stderr}");
        assert!(
            stderr.contains("ternyata `Kategori` di kolom A"),
            "{stderr}"
        );
    }
    // The same file twice, once through a link: read once.
    let link = dir.join("link.jsonl");
    std::os::unix::fs::symlink(std::fs::canonicalize(&kabkota).unwrap_or_default(), &link)
        .unwrap_or_else(|e| panic!("{e}"));
    let link = link.display().to_string();
    let output = kip(&[
        "score",
        &instrument,
        &kabkota,
        &link,
        "--without-stage-scores",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        stderr.contains("adalah berkas yang sama dengan"),
        "{stderr}"
    );
    assert!(
        stderr.contains("8 pengajuan dibaca: 8 badan publik dinilai, 0 pengajuan ditolak"),
        "{stderr}"
    );
}

/// Issue 14, item 6: the diff names qualifications when given the instrument.
#[test]
fn diff_names_qualifications_with_the_instrument() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let dir = scratch("diff-names");
    let instrument = format!("{base}/instrument.json");
    let kabkota = format!("{base}/submissions/banten-kabkota.jsonl");
    let with = dir.join("with.json").display().to_string();
    let without = dir.join("without.json").display().to_string();
    let stages = format!("{base}/stage-scores.json");
    let scored = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--stage-scores",
        &stages,
        "-o",
        &with,
    ]);
    assert_eq!(scored.status.code(), Some(0));
    let scored = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--without-stage-scores",
        "-o",
        &without,
    ]);
    assert_eq!(scored.status.code(), Some(0));
    let output = kip(&["diff", &with, &without, "--instrument", &instrument]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let tangerang = text
        .lines()
        .find(|l| l.contains("3671"))
        .unwrap_or_default()
        .to_owned();
    assert!(
        tangerang.contains("96,33") && tangerang.contains("78,33"),
        "{text}"
    );
    assert!(
        tangerang.contains("Informatif → Cukup Informatif"),
        "{text}"
    );
}

/// A submissions file from a pipe (`<(…)`, `/dev/stdin`) is read once, whole: a JSON
/// array is read in pieces only from a regular file, which can be read again whole when
/// the array is not plain (a pipe would be empty by then, every body lost).
#[test]
fn submissions_from_a_pipe_are_read_whole_whatever_they_hold() {
    use std::io::Write;
    use std::process::Stdio;
    support::at_repository_root();
    let lines = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut records: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    records[3]["answers"]["JI01"] = Value::from(7);
    let array = serde_json::to_string_pretty(&records).unwrap_or_default();
    for (text, scored, rejected) in [(lines.as_str(), 8, 0), (array.as_str(), 7, 1)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kip"))
            .args([
                "score",
                "examples/monev-2025/instrument.json",
                "/dev/stdin",
                "--without-stage-scores",
                "--format",
                "json",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin"));
        let text = text.to_owned();
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        let _ = writer.join();
        let json: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
        let count = |key: &str| json[key].as_array().map_or(0, Vec::len);
        assert_eq!((count("results"), count("rejected")), (scored, rejected));
    }
}
