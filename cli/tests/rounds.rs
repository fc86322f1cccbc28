//! Verification rounds (SPEC 2.3, *Verification rounds*): `--verification` given several
//! times, the files taken in order — verification, then the *masa sanggah*, when bodies
//! contest the verifiers' verdicts with new evidence. On the bundled example the
//! verifiers scored Kota Cilegon's JI01 0 (its profile link did not open); on appeal the
//! link works and the answer is accepted.

mod support;

use support::kip;

use serde_json::{Value, json};

const BASE: &str = "examples/monev-2025";

fn cilegon(results: &Value) -> Value {
    (results["results"].as_array().into_iter().flatten())
        .find(|r| r["agency"]["id"] == "3672")
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_sanggah_round_that_accepts_a_zeroed_answer_changes_the_final_and_says_so() {
    support::at_repository_root();
    let dir = support::Scratch::new("rounds");
    let sanggah = dir.join("sanggah.json");
    std::fs::write(
        &sanggah,
        r#"[{"agency":"3672","decisions":[{"question":"JI01","accept":true,"note":"tautan diperbaiki saat masa sanggah"}]}]"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let sanggah = sanggah.to_str().unwrap_or("");
    let (instrument, kabkota, verification, scores) = (
        format!("{BASE}/instrument.json"),
        format!("{BASE}/submissions/banten-kabkota.jsonl"),
        format!("{BASE}/verification.json"),
        format!("{BASE}/stage-scores.json"),
    );
    let run = |rounds: &[&str]| -> Value {
        let mut args = vec!["score", &instrument, &kabkota, "--stage-scores", &scores];
        for file in rounds {
            args.extend(["--verification", file]);
        }
        args.extend(["--format", "json"]);
        let out = kip(&args);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)))
    };
    let verified = cilegon(&run(&[&verification]));
    let appealed = cilegon(&run(&[&verification, sanggah]));
    // JI01 is worth 3,20 of the SAQ (its weight share), 2,56 of the final (SAQ 80%):
    // 45,93 + 3,20 = 49,13; 36,75 + 2,56 = 39,31.
    assert_eq!(verified["stages"]["saq"], json!(45.93));
    assert_eq!(verified["final"], json!(36.75));
    assert_eq!(appealed["stages"]["saq"], json!(49.13));
    assert_eq!(appealed["final"], json!(39.31));
    assert_eq!(
        appealed["diagnostics"]["rounds"],
        json!([{ "round": "sanggah", "question": "JI01", "before": 0.00, "after": 100.00,
                 "note": "tautan diperbaiki saat masa sanggah" }])
    );
    // Where it stood before the round: the final as verified.
    assert_eq!(
        appealed["diagnostics"]["before_rounds"][0]["round"],
        json!("sanggah")
    );
    assert_eq!(
        appealed["diagnostics"]["before_rounds"][0]["final"],
        json!(36.75)
    );
    // The report has a section for the round: the decision it changed, and Cilegon's
    // final moved 36,75 → 39,31.
    let page = dir.join("laporan.html");
    let out = kip(&[
        "report",
        &instrument,
        &kabkota,
        "--stage-scores",
        &scores,
        "--verification",
        &verification,
        "--verification",
        sanggah,
        "-o",
        page.to_str().unwrap_or(""),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(
        html.contains("<h2>Putaran verifikasi <bdi>sanggah</bdi></h2>"),
        "{html}"
    );
    assert!(html.contains(
        "<td>JI01</td><td>0,00</td><td>100,00</td><td>tautan diperbaiki saat masa sanggah</td>"
    ));
    assert!(html.contains("<td>36,75 → 39,31</td>"));
    // kip explain takes the rounds as kip score does: the final after the sanggah.
    let out = kip(&[
        "explain",
        &instrument,
        &kabkota,
        "--agency",
        "3672",
        "--stage-scores",
        &scores,
        "--verification",
        &verification,
        "--verification",
        sanggah,
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let explained: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(explained["scorecard"]["final"], json!(39.31), "{explained}");
    assert_eq!(
        explained["scorecard"]["diagnostics"]["rounds"][0]["after"],
        json!(100.00)
    );
    // In the other order the verifiers' 0 is the last word, and the trail says so.
    let all = run(&[sanggah, &verification]);
    // Every body of the batch is scored whatever the rounds (a second file naming a
    // body once stopped the reading of submissions part way).
    assert_eq!(all["results"].as_array().map(Vec::len), Some(8));
    let reversed = cilegon(&all);
    assert_eq!(reversed["final"], json!(36.75));
    assert_eq!(
        reversed["diagnostics"]["rounds"][0]["round"],
        json!("verification")
    );
    assert_eq!(reversed["diagnostics"]["rounds"][0]["after"], json!(0.00));
    // The card says which answer changed on appeal.
    let cards = dir.join("rapor.html");
    let out = kip(&[
        "cards",
        &instrument,
        &kabkota,
        "--stage-scores",
        &scores,
        "--verification",
        &verification,
        "--verification",
        sanggah,
        "--agency",
        "3672",
        "-o",
        cards.to_str().unwrap_or(""),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&cards).unwrap_or_default();
    assert!(
        page.contains("<h3>Berubah pada masa sanggah</h3>"),
        "{page}"
    );
    assert!(
        page.contains("0,00 → 100,00 (sanggah) — tautan diperbaiki saat masa sanggah"),
        "{page}"
    );
}

#[test]
fn one_file_holds_one_entry_a_body_and_a_round_may_name_itself() {
    support::at_repository_root();
    let dir = support::Scratch::new("rounds-twice");
    let twice = dir.join("ganda.json");
    std::fs::write(
        &twice,
        r#"[{"agency":"3672","decisions":[{"question":"JI01","accept":true}]},
            {"agency":"3672","decisions":[{"question":"JI02","accept":true}]}]"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = kip(&[
        "score",
        &format!("{BASE}/instrument.json"),
        &format!("{BASE}/submissions/banten-kabkota.jsonl"),
        "--verification",
        twice.to_str().unwrap_or(""),
        "--without-stage-scores",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("`3672`"), "{said}");
    // A verification's problems are said in Indonesian, as every problem is.
    let wrong = dir.join("salah.json");
    std::fs::write(
        &wrong,
        r#"[{"agency":"3672","decisions":[{"question":"JI01","score":150},{"question":"ZZ99","accept":true}]}]"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = kip(&[
        "score",
        &format!("{BASE}/instrument.json"),
        &format!("{BASE}/submissions/banten-kabkota.jsonl"),
        "--verification",
        wrong.to_str().unwrap_or(""),
        "--without-stage-scores",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("seharusnya nilai 0 sampai 100, ternyata 150"),
        "{said}"
    );
    assert!(
        said.contains("seharusnya pertanyaan dari `monev-kip-2025`, ternyata `ZZ99`"),
        "{said}"
    );
    // An entry's own `round` names the round, whatever its file is called.
    let named = dir.join("berkas-2.json");
    std::fs::write(
        &named,
        r#"[{"agency":"3672","round":"sanggah-2025","decisions":[{"question":"JI01","accept":true}]}]"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = kip(&[
        "score",
        &format!("{BASE}/instrument.json"),
        &format!("{BASE}/submissions/banten-kabkota.jsonl"),
        "--verification",
        &format!("{BASE}/verification.json"),
        "--verification",
        named.to_str().unwrap_or(""),
        "--without-stage-scores",
        "--format",
        "json",
    ]);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(
        cilegon(&results)["diagnostics"]["rounds"][0]["round"],
        json!("sanggah-2025")
    );
}

/// The masa sanggah's usual case: a body the verifiers' file did not name contests an
/// answer scored 0 for want of evidence (Pandeglang's JI05). Its change is kept like any
/// other. Two files naming the same round are refused; the same file given twice is read
/// once, with a warning.
#[test]
fn a_body_first_named_on_appeal_is_revised_and_rounds_are_told_apart() {
    support::at_repository_root();
    let dir = support::Scratch::new("rounds-first");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        path.to_str().unwrap_or("").to_owned()
    };
    let sanggah = write(
        "sanggah.json",
        r#"[{"agency":"3601","decisions":[{"question":"JI05","accept":true}]}]"#,
    );
    let (instrument, kabkota, verification, scores) = (
        format!("{BASE}/instrument.json"),
        format!("{BASE}/submissions/banten-kabkota.jsonl"),
        format!("{BASE}/verification.json"),
        format!("{BASE}/stage-scores.json"),
    );
    let out = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--stage-scores",
        &scores,
        "--verification",
        &verification,
        "--verification",
        &sanggah,
        "--format",
        "json",
    ]);
    let results: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let pandeglang = (results["results"].as_array().into_iter().flatten())
        .find(|r| r["agency"]["id"] == "3601")
        .cloned()
        .unwrap_or_default();
    let rounds = &pandeglang["diagnostics"]["rounds"];
    assert_eq!(rounds[0]["round"], json!("sanggah"), "{pandeglang}");
    assert_eq!(rounds[0]["question"], json!("JI05"));
    assert_eq!(rounds[0]["before"], json!(0.00));
    assert_eq!(
        pandeglang["diagnostics"]["before_rounds"][0]["final"],
        json!(89.18)
    );
    // Two files that both name the round `sanggah`.
    let again = write(
        "b/sanggah.json",
        r#"[{"agency":"3672","decisions":[{"question":"JI01","score":0}]}]"#,
    );
    let out = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--without-stage-scores",
        "--verification",
        &verification,
        "--verification",
        &sanggah,
        "--verification",
        &again,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "seharusnya setiap putaran verifikasi sekali, ternyata putaran `sanggah` ada lagi"
        ),
        "{said}"
    );
    // The same file twice: one round, and a warning.
    let out = kip(&[
        "score",
        &instrument,
        &kabkota,
        "--without-stage-scores",
        "--verification",
        &verification,
        "--verification",
        &verification,
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert!(
        (results["warnings"].as_array().into_iter().flatten())
            .any(|w| w["kind"] == "same_file_twice")
    );
}
