//! The workbench behind the page's batch tab: one scoring, then every publication, each
//! the library's (so the command line's) for the same inputs; each file's problems
//! before scoring; the progress it reports; JSON Lines read in pieces exactly as whole.

use calamine::{Data, Reader, Xlsx};
use kip_web::{Progress, PublishOptions, Workbench, check_files, score_inputs};
use serde_json::{Value, json};

mod common;
use common::files;

fn example(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/../examples/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn banten() -> (String, Vec<u8>) {
    files(&[
        ("instrument.json", example("monev-2025/instrument.json")),
        (
            "banten-kabkota.jsonl",
            example("monev-2025/submissions/banten-kabkota.jsonl"),
        ),
        (
            "banten-opd.json",
            example("monev-2025/submissions/banten-opd.json"),
        ),
        ("verification.json", example("monev-2025/verification.json")),
        ("stage-scores.json", example("monev-2025/stage-scores.json")),
        ("roster.json", example("monev-2025/roster.json")),
    ])
}

fn opened() -> Workbench {
    let (manifest, bytes) = banten();
    Workbench::open(&manifest, bytes, &mut |_| {}).expect("scores")
}

/// A sheet of a workbook as rows of cells.
fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let range = book.worksheet_range(name).expect("the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

#[test]
fn the_results_workbook_holds_the_examples_figures() {
    let workbench = opened();
    let options = PublishOptions::default();
    let bytes = workbench.workbook(&options, &[]).expect("a workbook");
    let names = Xlsx::new(std::io::Cursor::new(bytes.clone()))
        .expect("a workbook")
        .sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("Ringkasan"));
    assert!(names.iter().any(|n| n == "Pemerintah Kota"), "{names:?}");
    assert!(names.iter().any(|n| n == "Lampiran"), "{names:?}");
    // Kota Tangerang: 96.33, first among the cities (the made-up example's figure, as
    // `kip score` prints it: the workbook must carry the batch's own numbers).
    let rows = sheet(&bytes, "Pemerintah Kota");
    let tangerang = rows
        .iter()
        .find(|r| r.iter().any(|c| *c == Data::String("3671".into())))
        .expect("Kota Tangerang's row");
    assert!(tangerang.contains(&Data::Float(96.33)), "{tangerang:?}");
    assert_eq!(tangerang.first(), Some(&Data::Float(1.0)), "rank 1");
}

#[test]
fn the_template_has_the_submission_columns_and_the_guide() {
    let workbench = opened();
    let bytes = workbench
        .template(&PublishOptions::default())
        .expect("a template");
    let instrument: kip_index::Instrument =
        String::from_utf8(example("monev-2025/instrument.json"))
            .expect("UTF-8")
            .parse()
            .expect("instrument");
    let header: Vec<String> = sheet(&bytes, "Jawaban")
        .first()
        .expect("a header row")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header, kip_index::submission_columns(&instrument, false));
    // In English the sheets' names are English.
    let english = PublishOptions::from_json(r#"{"lang": "en"}"#).expect("options");
    let bytes = workbench.template(&english).expect("a template");
    assert!(!sheet(&bytes, "Answers").is_empty());
}

#[test]
fn the_report_and_the_cards_carry_the_letterhead_and_every_body() {
    let workbench = opened();
    let options = PublishOptions::from_json(
        r#"{"commission": "Komisi Informasi Provinsi Banten", "made": "2025-12-10",
            "signatory": "Dr. Nama Ketua, S.H., Ketua", "annex-ranks": "top"}"#,
    )
    .expect("options");
    let report = workbench.report(&options, &[]).expect("a report");
    assert!(report.contains("Komisi Informasi Provinsi Banten"));
    assert!(report.contains("2025-12-10"));
    assert!(report.contains("id=\"lampiran\""));
    // Every input listed with its SHA-256 (64 hex digits), the instrument first.
    let listed = report.matches("SHA-256 ").count();
    assert_eq!(listed, 6, "six inputs");
    let cards = workbench.cards(&options, &[]).expect("cards");
    assert_eq!(cards.matches("<section class=\"card\">").count(), 20);
    assert!(cards.contains("96,33"));
    assert!(cards.contains("<div><bdi>Ketua</bdi></div>"));
    // A logo that is no image is refused, in Indonesian.
    let refused = workbench.cards(&options, b"<html><script>").unwrap_err();
    assert!(refused.contains("seharusnya gambar"), "{refused}");
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;";
    assert!(
        workbench
            .cards(&options, gif)
            .expect("cards")
            .contains("data:image/gif;base64,")
    );
    // Unknown options are named, not ignored.
    assert!(PublishOptions::from_json(r#"{"comission": "x"}"#).is_err());
}

#[test]
fn csv_in_the_indonesian_locale() {
    let csv = opened().csv("id");
    let header = csv.lines().next().expect("a header");
    assert!(
        header.starts_with("\u{feff}agency_id;agency_name;"),
        "{header}"
    );
    assert!(csv.contains(";96,33;"), "{csv}");
    assert!(opened().csv("intl").contains(",96.33,"));
}

#[test]
fn each_files_problems_before_scoring() {
    let broken = b"agency_id;agency_name;category;JI01\r\n3699;Dinas Contoh;pemkab;mungkin\r\n";
    let (manifest, bytes) = files(&[
        ("instrument.json", example("monev-2025/instrument.json")),
        (
            "banten-kabkota.jsonl",
            example("monev-2025/submissions/banten-kabkota.jsonl"),
        ),
        ("rusak.csv", broken.to_vec()),
        ("catatan.txt", b"hello".to_vec()),
    ]);
    let checks: Value =
        serde_json::from_str(&check_files(&manifest, &bytes).expect("checked")).expect("JSON");
    assert_eq!(checks[0]["role"], "instrument");
    assert_eq!(checks[0]["problems"], json!([]));
    assert_eq!(checks[1]["records"], 8);
    assert_eq!(checks[1]["problems"], json!([]));
    assert_eq!(checks[2]["role"], "submissions");
    assert_eq!(checks[2]["records"], 1);
    let problem = &checks[2]["problems"][0];
    assert_eq!(problem["file"], "rusak.csv");
    assert_eq!(problem["record"], 2, "{problem}");
    // A file nothing tells: no role, not checked.
    assert_eq!(checks[3]["role"], "");
    // Without an instrument nothing else is checked.
    let (manifest, bytes) = files(&[("rusak.csv", broken.to_vec())]);
    let checks: Value =
        serde_json::from_str(&check_files(&manifest, &bytes).expect("checked")).expect("JSON");
    assert_eq!(checks[0]["records"], Value::Null);
}

/// A JSON Lines batch of `count` bodies (more than a megabyte: read in pieces), with a
/// broken line at `broken`.
fn many(count: usize, broken: usize) -> Vec<u8> {
    let base =
        String::from_utf8(example("monev-2025/submissions/banten-kabkota.jsonl")).expect("UTF-8");
    let lines: Vec<&str> = base.lines().collect();
    let mut out = String::new();
    for k in 0..count {
        if k + 1 == broken {
            out.push_str("{\"instrument\": \"monev-kip-2025\", \"agency\": \n");
            continue;
        }
        let line = lines[k % lines.len()];
        let mut value: Value = serde_json::from_str(line).expect("JSON");
        value["agency"]["id"] = json!(format!("B{k:05}"));
        out.push_str(&value.to_string());
        out.push('\n');
    }
    out.into_bytes()
}

#[test]
fn json_lines_read_in_pieces_score_as_read_whole_and_say_their_progress() {
    let big = many(1_500, 1_200);
    assert!(big.len() > 2 << 20, "more than two pieces: {}", big.len());
    let instrument = example("monev-2025/instrument.json");
    let (manifest, bytes) = files(&[
        ("instrument.json", instrument.clone()),
        ("besar.jsonl", big.clone()),
    ]);
    let mut seen: Vec<Progress> = Vec::new();
    let workbench = Workbench::open(&manifest, bytes, &mut |p| seen.push(p)).expect("scores");
    let whole = score_inputs(
        &json!({
            "instrument": { "name": "instrument.json", "text": String::from_utf8(instrument).expect("UTF-8") },
            "submissions": [{ "name": "besar.jsonl", "text": String::from_utf8(big.clone()).expect("UTF-8") }],
        })
        .to_string(),
    )
    .expect("scores");
    assert_eq!(workbench.results_json(), whole);
    // The broken line is named by its line in the whole file.
    let results: Value = serde_json::from_str(&whole).expect("JSON");
    assert_eq!(results["rejected"][0]["source"], "besar.jsonl:1200");
    // The progress: reading advances a piece at a time to the whole, then scoring.
    let read: Vec<usize> = seen
        .iter()
        .filter(|p| p.phase == "read")
        .map(|p| p.done)
        .collect();
    assert!(read.len() >= 4, "{seen:?}");
    assert!(read.windows(2).all(|w| w[0] <= w[1]), "{read:?}");
    assert_eq!(read.last(), Some(&big.len()));
    let last = seen.last().expect("progress");
    assert_eq!(
        (last.phase, last.done, last.total),
        ("score", big.len(), big.len())
    );
}
