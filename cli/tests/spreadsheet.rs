//! Submissions from spreadsheets: the same answers as JSON, as CSV with either separator,
//! and as a workbook saved by LibreOffice give byte-identical results; every cell-level
//! problem is located at its row and column (or cell); a property test holds the three
//! forms to the same results for generated answers.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use kip_index::{
    Batch, Framing, Instrument, Plan, Submission, read_submission_workbook, read_submissions,
    submissions_csv,
};
use proptest::prelude::*;
use serde_json::json;

const BASE: &str = "examples/monev-2025";

fn kip(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run kip: {e}"))
}

fn scratch(name: &str) -> support::Scratch {
    support::Scratch::new(&format!("sheet-{name}"))
}

fn submissions(path: &str, instrument: &Instrument) -> Vec<Submission> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    read_submissions(&text, Framing::from_file_name(path), instrument)
        .into_iter()
        .map(|r| r.value.unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect()
}

/// `kip score` of the Banten batch with `files` as its submissions: the results JSON.
fn score(files: &[&str]) -> String {
    let instrument = format!("{BASE}/instrument.json");
    let mut args = vec!["score", instrument.as_str()];
    args.extend_from_slice(files);
    let side = [
        format!("--verification={BASE}/verification.json"),
        format!("--stage-scores={BASE}/stage-scores.json"),
        format!("--roster={BASE}/roster.json"),
    ];
    args.extend(side.iter().map(String::as_str));
    let output = kip(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Converts `file` with LibreOffice headless into `dir`, as a commission's analyst would
/// save it: `options` before `--convert-to` (an import filter), `to` the target (`xlsx`,
/// or a CSV filter), `extension` the file it writes; `None` when LibreOffice is not
/// installed (`.ci/run` installs it).
fn libreoffice(
    file: &Path,
    dir: &Path,
    options: &[&str],
    to: &str,
    extension: &str,
    locale: Option<&str>,
) -> Option<PathBuf> {
    let soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .into_iter()
        .find(|p| Path::new(p).exists())?;
    std::fs::create_dir_all(dir).ok()?;
    let profile = format!("-env:UserInstallation=file://{}/lo-profile", dir.display());
    let (dir_text, file_text) = (dir.display().to_string(), file.display().to_string());
    let mut args = vec![profile.as_str(), "--headless"];
    args.extend_from_slice(options);
    args.extend(["--convert-to", to, "--outdir", &dir_text, &file_text]);
    // The locale LibreOffice writes numbers in: a semicolon CSV from Indonesian
    // LibreOffice has decimal commas (`id_ID`), from English LibreOffice points.
    let output = Command::new(soffice)
        .args(&args)
        .envs(
            locale
                .map(|l| [("LC_ALL", l), ("LANG", l)])
                .into_iter()
                .flatten(),
        )
        .output()
        .ok()?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = dir.join(file.file_name()?).with_extension(extension);
    assert!(written.exists(), "LibreOffice wrote no {extension}");
    Some(written)
}

/// A CSV saved as a workbook: comma-separated, quoted with ", UTF-8, from line 1; the
/// agency's four columns as text, so that ids such as 3601 stay text.
fn libreoffice_xlsx(csv: &Path, dir: &Path) -> Option<PathBuf> {
    let filter = "--infilter=CSV:44,34,76,1,1/2/2/2/3/2/4/2";
    libreoffice(csv, dir, &[filter], "xlsx", "xlsx", None)
}

#[test]
fn json_csv_and_a_libreoffice_workbook_give_identical_results() {
    support::at_repository_root();
    let instrument = kip_index::Instrument::from_json(
        &std::fs::read_to_string(format!("{BASE}/instrument.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|r| panic!("{r}"));
    let dir = scratch("round-trip");
    let kabkota = format!("{BASE}/submissions/banten-kabkota.jsonl");
    let opd = format!("{BASE}/submissions/banten-opd.json");
    let from_json = score(&[&kabkota, &opd]);
    let mut all = submissions(&kabkota, &instrument);
    all.extend(submissions(&opd, &instrument));
    // The fill-in template's CSV header is the header of these rows.
    let template = dir.join("template.csv");
    let made = kip(&[
        "template",
        &format!("{BASE}/instrument.json"),
        "-o",
        &template.display().to_string(),
    ]);
    assert_eq!(made.status.code(), Some(0));
    let comma = submissions_csv(&instrument, &all, b',');
    let header = std::fs::read_to_string(&template).unwrap_or_default();
    assert_eq!(header.lines().next(), comma.lines().next());
    let semicolon = submissions_csv(&instrument, &all, b';');
    assert!(
        semicolon.contains(";84,25;") || semicolon.contains(",25"),
        "decimal commas"
    );
    for (name, text) in [("answers.csv", &comma), ("jawaban-id.csv", &semicolon)] {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(score(&[&path.display().to_string()]), from_json, "{name}");
    }
    let Some(xlsx) = libreoffice_xlsx(&dir.join("answers.csv"), &dir) else {
        support::tool_missing(
            "LibreOffice",
            "apt-get install libreoffice-calc-nogui",
            "the workbook round trip",
        );
        return;
    };
    assert_eq!(
        score(&[&xlsx.display().to_string()]),
        from_json,
        "the workbook"
    );
    // The workbook saved again as a semicolon CSV (the "Text CSV" filter: `;` between
    // cells, UTF-8) by LibreOffice set to Indonesian: decimal commas.
    let Some(csv) = libreoffice_csv(&xlsx, &dir.join("semicolon"), "id_ID.UTF-8") else {
        return;
    };
    let text = std::fs::read_to_string(&csv).unwrap_or_default();
    assert!(
        text.lines().next().is_some_and(|h| h.contains(';')),
        "{text:.200}"
    );
    assert_eq!(
        score(&[&csv.display().to_string()]),
        from_json,
        "LibreOffice's semicolon CSV"
    );
    // The same by LibreOffice set to English: `;` between cells but decimal points
    // (`0.9`). A `;` file's point groups thousands, so `0.9` is refused at its cell with
    // both readings named — never read as 0.9 or 9 without a word.
    let Some(english) = libreoffice_csv(&xlsx, &dir.join("english"), "en_US.UTF-8") else {
        return;
    };
    let output = kip(&[
        "score",
        &format!("{BASE}/instrument.json"),
        &english.display().to_string(),
        "--without-stage-scores",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`0.9` memuat titik yang bukan pemisah ribuan") && stderr.contains("`0,9`"),
        "{stderr}"
    );
}

/// A workbook saved as a semicolon-separated CSV (LibreOffice's "Text CSV" filter:
/// `;` between cells, quoted with ", UTF-8) by LibreOffice in `locale`.
fn libreoffice_csv(xlsx: &Path, dir: &Path, locale: &str) -> Option<PathBuf> {
    libreoffice(
        xlsx,
        dir,
        &[],
        "csv:Text - txt - csv (StarCalc):59,34,76,1",
        "csv",
        Some(locale),
    )
}

/// A hand-written CSV of the test instrument's questions, one row per case.
fn hostile_csv(header: &str, row: &str) -> Vec<kip_index::Record<Submission>> {
    let instrument = common::instrument();
    let text = format!("{header}\n{row}\n");
    read_submissions(&text, Framing::Csv, &instrument)
}

const HEADER: &str = "agency_id,agency_name,category,region,Q1,Q1.evidence,Q2,Q3,Q4,Q5,Q6,Q7,Q8";
const GOOD: &str =
    "3673,Pemerintah Kota Serang,pemkot,36,ya,https://ppid.example/q1,y,p,7.5,NA,89.995,x,tidak";

#[test]
fn a_good_row_reads_as_its_json_does() {
    support::at_repository_root();
    let records = hostile_csv(HEADER, GOOD);
    let from_csv = records
        .into_iter()
        .next()
        .and_then(|r| r.value.ok())
        .unwrap_or_else(|| panic!("the good row"));
    let json = Submission::from_json(&common::base_submission().to_string())
        .unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&common::instrument()).unwrap_or_else(|r| panic!("{r}"));
    let score = |s: &Submission| {
        plan.score(&kip_index::Body::new(s))
            .map(|c| c.final_score)
            .unwrap_or_else(|r| panic!("{r}"))
    };
    assert_eq!(score(&from_csv), score(&json));
    assert_eq!(from_csv.agency, json.agency);
}

#[test]
fn every_cell_problem_is_located_at_its_row_and_column() {
    support::at_repository_root();
    // (header, row, line, path, gist): one problem each.
    let semicolon_header = HEADER.replace(',', ";");
    let cases: [(&str, String, Option<usize>, &str, &str); 8] = [
        (
            // The header's problem, given with the row it keeps from being read.
            "unknown column",
            format!("{HEADER},Q99"),
            Some(2),
            "",
            "found `Q99` in column N",
        ),
        (
            "question twice",
            format!("{HEADER},q2"),
            Some(2),
            "",
            "found `q2` in columns G and N",
        ),
        (
            "bad option",
            HEADER.to_owned(),
            Some(2),
            "/answers/Q2/value",
            "(column G `Q2`)",
        ),
        (
            "number out of range",
            HEADER.to_owned(),
            Some(2),
            "/answers/Q4/value",
            "(column I `Q4`)",
        ),
        (
            "NA where not allowed",
            HEADER.to_owned(),
            Some(2),
            "/answers/Q6",
            "(column K `Q6`)",
        ),
        (
            "missing agency id",
            HEADER.to_owned(),
            Some(2),
            "/agency/id",
            "(column A `agency_id`)",
        ),
        (
            "bad decimal comma",
            semicolon_header,
            Some(2),
            "/answers/Q6/value",
            "expected a number",
        ),
        (
            "yes/no word",
            HEADER.to_owned(),
            Some(2),
            "/answers/Q1/value",
            "expected `ya` or `tidak`",
        ),
    ];
    let rows = [
        GOOD.to_owned(),
        GOOD.to_owned(),
        GOOD.replace(",y,p,", ",z,p,"),
        GOOD.replace(",7.5,", ",31,"),
        GOOD.replace(",89.995,", ",na,"),
        GOOD.replacen("3673,", ",", 1),
        GOOD.replace(',', ";").replace(";89.995;", ";89,9,95;"),
        GOOD.replace(",ya,", ",mungkin,"),
    ];
    for ((name, header, line, path, gist), row) in cases.iter().zip(rows) {
        let records = hostile_csv(header, &row);
        let problems: Vec<kip_index::Problem> = records
            .iter()
            .filter_map(|r| r.value.as_ref().err())
            .flat_map(|r| r.iter().cloned())
            .collect();
        let found = problems
            .iter()
            .any(|p| p.record == *line && p.path.starts_with(path) && p.message.contains(gist));
        assert!(
            found,
            "{name}: expected line {line:?} at {path} with {gist:?}; found {problems:#?}"
        );
    }
}

#[test]
fn a_workbook_problem_names_its_cell() {
    support::at_repository_root();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (row, line) in [HEADER, &GOOD.replace(",y,p,", ",z,p,")].iter().enumerate() {
        for (col, cell) in line.split(',').enumerate() {
            let (row, col) = (row as u32, col as u16);
            match cell.parse::<f64>() {
                Ok(n) if row > 0 && col > 3 => sheet.write_number(row, col, n),
                _ => sheet.write_string(row, col, cell),
            }
            .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let records = read_submission_workbook(&bytes, &common::instrument());
    let problem = records
        .iter()
        .filter_map(|r| r.value.as_ref().err())
        .flat_map(|r| r.iter().cloned())
        .next()
        .unwrap_or_else(|| panic!("a problem"));
    assert_eq!(problem.path, "/answers/Q2/value");
    assert!(problem.message.contains("(cell Sheet1!G2)"), "{problem}");
}

/// One generated body's answers to the test instrument, as JSON.
fn body(
    k: usize,
    q1: bool,
    q2: bool,
    q3: Vec<bool>,
    q4: u32,
    q5: Option<u8>,
    q6: u32,
) -> serde_json::Value {
    let items: Vec<&str> = ["p", "q"]
        .iter()
        .zip(&q3)
        .filter(|(_, on)| **on)
        .map(|(i, _)| *i)
        .collect();
    let q5 = q5.map_or(json!({ "na": true }), |v| json!({ "value": v }));
    json!({
        "instrument": "uji",
        "agency": { "id": format!("36{k:02}"), "name": format!("Badan {k}"), "category": "pemkot", "region": "36" },
        "answers": {
            "Q1": { "value": q1, "evidence": ["https://ppid.example/q1"] },
            "Q2": { "value": if q2 { "x" } else { "y" } },
            "Q3": { "value": items },
            "Q4": { "value": format!("{}.{}", q4 / 10, q4 % 10) },
            "Q5": q5,
            "Q6": { "value": format!("{}.{:03}", q6 / 1000, q6 % 1000) },
            "Q8": { "value": !q1 }
        }
    })
}

fn results_of(instrument: &Instrument, records: Vec<kip_index::Record<Submission>>) -> String {
    let plan = Plan::new(instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan).without_stage_scores();
    for record in records {
        batch.add_record("sheet", Framing::Csv, record);
    }
    batch.finish().to_json()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// JSON, CSV with a comma, CSV with a semicolon and decimal commas, and a workbook
    /// with numbers stored as numbers: the same results, byte for byte.
    #[test]
    fn every_form_gives_the_same_results(
        bodies in proptest::collection::vec(
            (any::<bool>(), any::<bool>(), proptest::collection::vec(any::<bool>(), 2),
             0u32..=300, proptest::option::of(1u8..=5), 0u32..=100_000),
            1..8,
        )
    ) {
        let instrument = common::instrument();
        let json: Vec<Submission> = bodies
            .into_iter()
            .enumerate()
            .map(|(k, (q1, q2, q3, q4, q5, q6))| {
                Submission::from_json(&body(k, q1, q2, q3, q4, q5, q6).to_string())
                    .unwrap_or_else(|r| panic!("{r}"))
            })
            .collect();
        let lines: String = json
            .iter()
            .map(|s| format!("{}\n", serde_json::to_string(s).unwrap_or_default()))
            .collect();
        let expected = results_of(&instrument, read_submissions(&lines, Framing::JsonLines, &instrument));
        let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        for separator in [b',', b';'] {
            let csv = submissions_csv(&instrument, &json, separator);
            // Through the careful reader, and through the batch's fast path.
            let got = results_of(&instrument, read_submissions(&csv, Framing::Csv, &instrument));
            prop_assert_eq!(&got, &expected);
            let mut batch = Batch::new(&plan).without_stage_scores();
            batch.add_csv("sheet", &csv);
            prop_assert_eq!(&batch.finish().to_json(), &expected);
        }
        // The workbook: numbers as numbers, the rest as text.
        let csv = submissions_csv(&instrument, &json, b',');
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
        for (row, record) in reader.records().enumerate() {
            let record = record.unwrap_or_default();
            for (col, cell) in record.iter().enumerate() {
                let (row, col) = (row as u32, col as u16);
                match cell.parse::<f64>() {
                    Ok(n) if row > 0 && col > 3 => sheet.write_number(row, col, n),
                    _ => sheet.write_string(row, col, cell),
                }
                .unwrap_or_else(|e| panic!("{e}"));
            }
        }
        let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
        let got = results_of(&instrument, read_submission_workbook(&bytes, &instrument));
        prop_assert_eq!(&got, &expected);
        let mut batch = Batch::new(&plan).without_stage_scores();
        batch.add_workbook("sheet", &bytes);
        prop_assert_eq!(&batch.finish().to_json(), &expected);
    }
}

/// `kip template`: the answers sheet has the header `kip score` reads, drop-down lists
/// and ranges on the answer cells and frozen panes; the guide sheet lists every
/// question; an empty template scored says it holds no row.
#[test]
fn the_template_is_a_sheet_kip_reads() {
    support::at_repository_root();
    use calamine::Reader;
    let dir = scratch("template");
    let instrument_path = format!("{BASE}/instrument.json");
    let path = dir.join("saq.xlsx");
    let made = kip(&[
        "template",
        &instrument_path,
        "-o",
        &path.display().to_string(),
    ]);
    assert_eq!(
        made.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(book.sheet_names(), ["Jawaban", "Pertanyaan"]);
    let answers = book
        .worksheet_range("Jawaban")
        .unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<String> = answers
        .rows()
        .next()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    let instrument =
        Instrument::from_json(&std::fs::read_to_string(&instrument_path).unwrap_or_default())
            .unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(header, kip_index::submission_columns(&instrument, false));
    let guide = book
        .worksheet_range("Pertanyaan")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        guide.rows().count(),
        1 + instrument.iter_questions().count()
    );
    // The validations and the frozen panes, in the sheet's XML.
    let xml = support::zip_part(&path, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains("<formula1>\"ya,tidak\"</formula1>"),
        "yes/no drop-downs"
    );
    assert!(xml.contains("type=\"whole\""), "scale ranges");
    assert!(
        xml.contains("xSplit=\"2\" ySplit=\"1\""),
        "header and agency frozen"
    );
    // Each question's header cell carries a note with its text (issue 23, item 8), and a
    // checklist's cells a guide with its item ids.
    let notes = support::zip_part(&path, "xl/comments1.xml");
    assert!(
        notes.contains("JI01: Apakah profil badan publik"),
        "the question's text in the header's note"
    );
    assert!(
        xml.contains("promptTitle=\"Daftar periksa\""),
        "checklist guide"
    );
    let scored = kip(&["score", &instrument_path, &path.display().to_string()]);
    assert_eq!(scored.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&scored.stderr).contains("setidaknya satu baris jawaban"),
        "{}",
        String::from_utf8_lossy(&scored.stderr)
    );
}
