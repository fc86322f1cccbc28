//! The JavaScript API's Rust side, run natively: the same functions the browser calls.

use kip_web::{Questionnaire, cards_inputs, score_files, score_inputs, validate_inputs};
use serde_json::{Value, json};

mod common;
use common::files;

fn example(path: &str) -> String {
    let full = format!("{}/../examples/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn input(name: &str, path: &str) -> Value {
    json!({ "name": name, "text": example(path) })
}

fn banten() -> Value {
    json!({
        "instrument": input("instrument.json", "monev-2025/instrument.json"),
        "submissions": [
            input("banten-kabkota.jsonl", "monev-2025/submissions/banten-kabkota.jsonl"),
            input("banten-opd.json", "monev-2025/submissions/banten-opd.json"),
        ],
        "verification": [input("verification", "monev-2025/verification.json")],
        "stage-scores": [input("stage-scores", "monev-2025/stage-scores.json")],
        "roster": [input("roster", "monev-2025/roster.json")],
    })
}

#[test]
fn the_banten_example_scores_as_the_readme_prints_it() {
    let text = score_inputs(&banten().to_string()).expect("scores");
    // Read from the text: a JSON parser would drop the trailing zeros the CLI writes.
    let final_of = |id: &str| {
        let at = text.find(&format!("\"id\": \"{id}\""))?;
        let rest = text.get(at..)?;
        let from = rest.find("\"final\": ")? + "\"final\": ".len();
        let number = rest.get(from..)?.split(',').next()?;
        Some(number.to_owned())
    };
    // The bundled example is made up (not a commission's data): these are the figures
    // the README's run prints, pinned so that a change shows — they prove no rule; the
    // rules are proved by the hand-worked cases of tests/scoring.rs.
    assert_eq!(final_of("3671").as_deref(), Some("96.33"));
    assert_eq!(final_of("3674").as_deref(), Some("95.90"));
    assert_eq!(final_of("3673").as_deref(), Some("94.77"));
    assert_eq!(final_of("3601").as_deref(), Some("89.18"));
    assert!(text.ends_with("}\n"), "the CLI's text ends with a newline");
}

#[test]
fn report_cards_as_the_command_line_makes_them() {
    let mut inputs = banten();
    inputs["agencies"] = json!(["3671", "36-dinkes"]);
    let text = cards_inputs(&inputs.to_string()).expect("cards");
    let value: Value = serde_json::from_str(&text).expect("JSON");
    let cards = value["cards"].as_array().cloned().unwrap_or_default();
    assert_eq!(value["failed"], json!([]));
    // In rank order; Kota Tangerang as Banten published it, first of its category.
    let ids: Vec<&str> = cards
        .iter()
        .filter_map(|c| c["agency"]["id"].as_str())
        .collect();
    assert_eq!(ids, ["3671", "36-dinkes"]);
    assert_eq!(written(&text, "final"), Some("96.33".to_owned()));
    assert_eq!(cards[0]["qualification_name"], "Informatif");
    assert_eq!(cards[0]["rank"]["category"], 1);
    // Every body below 100 has a fix naming the answer to give.
    for card in &cards {
        let fixes = card["fixes"].as_array().cloned().unwrap_or_default();
        assert!(
            fixes
                .iter()
                .all(|f| f["answer"].as_str().is_some_and(|a| !a.is_empty()))
        );
        assert!(!fixes.is_empty());
    }
}

#[test]
fn a_problem_in_the_verification_stops_the_run_with_its_path() {
    let mut inputs = banten();
    inputs["verification"] = json!([{ "name": "verification", "text": "[{\"agency\": 7}]" }]);
    let problems: Value =
        serde_json::from_str(&score_inputs(&inputs.to_string()).unwrap_err()).expect("JSON");
    assert_eq!(problems[0]["file"], "verification");
    assert_eq!(problems[0]["path"], "/0/agency");
}

#[test]
fn validation_names_file_record_path_and_line() {
    let inputs = json!({
        "instrument": input("instrument", "monev-2025/instrument.json"),
        "submissions": [{ "name": "submissions", "text": concat!(
            r#"{"instrument":"monev-kip-2025","agency":{"id":"1","name":"A","category":"pemkot"},"answers":{}}"#, "\n",
            r#"{"instrument":"monev-kip-2025","agency":{"id":"2","name":"B","category":"pemkot"},"answers":{"PI01":{"value":"z"}}}"#, "\n",
        )}],
    });
    let problems: Value = serde_json::from_str(&validate_inputs(&inputs.to_string())).unwrap();
    let all = problems.as_array().expect("an array");
    assert_eq!(all.len(), 1, "{problems}");
    assert_eq!(all[0]["file"], "submissions");
    assert_eq!(all[0]["record"], 2);
    assert_eq!(all[0]["path"], "/answers/PI01/value");
    assert_eq!(all[0]["line"], 2);
    assert_eq!(all[0]["kind"], "invalid_value");

    let fine = json!({ "instrument": input("instrument", "monev-2025/instrument.json") });
    assert_eq!(validate_inputs(&fine.to_string()), "[]");
    assert!(validate_inputs("not json").contains("expected the inputs"));
}

/// Two yes/no questions of weight 1 in one indicator, one stage of weight 100: each yes
/// is worth 50 points; the second is asked only after a yes to the first.
const SMALL: &str = r#"{
  "id": "kecil", "name": "Kecil", "decimals": 2,
  "categories": [{"id": "opd", "name": "OPD"}],
  "stages": [{"id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true}],
  "qualifications": [{"id": "baik", "name": "Baik", "min": 50}, {"id": "buruk", "name": "Buruk", "min": 0}],
  "indicators": [{"id": "i", "name": "I", "weight": 100, "questions": [
    {"id": "Q1", "text": "Satu?", "kind": "yes_no"},
    {"id": "Q2", "text": "Dua?", "kind": "yes_no", "when": {"question": "Q1", "equals": true}}
  ]}]
}"#;

/// A number as written in compact JSON text (`"final":50.00`), which a JSON parser would
/// turn into `50.0`.
fn written(text: &str, key: &str) -> Option<String> {
    let from = text.find(&format!("\"{key}\":"))? + key.len() + 3;
    let number = text.get(from..)?.split([',', '}']).next()?;
    Some(number.to_owned())
}

fn answers(answers: Value) -> String {
    json!({"instrument": "kecil", "agency": {"id": "1", "name": "A", "category": "opd"},
           "answers": answers})
    .to_string()
}

#[test]
fn a_questionnaire_scores_and_opens_questions_as_answers_change() {
    let form = Questionnaire::open(SMALL).expect("plans");
    let text = form.evaluate(&answers(json!({})));
    let none: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(none["open"], json!(["Q1"]));
    assert_eq!(written(&text, "final").as_deref(), Some("0.00"));
    assert_eq!(none["scorecard"]["qualification"], "buruk");

    let text = form.evaluate(&answers(json!({"Q1": {"value": true}})));
    let one: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(one["open"], json!(["Q1", "Q2"]));
    assert_eq!(written(&text, "final").as_deref(), Some("50.00"));
    assert_eq!(one["scorecard"]["qualification"], "baik");

    let both = answers(json!({"Q1": {"value": true}, "Q2": {"value": true}}));
    assert_eq!(
        written(&form.evaluate(&both), "final").as_deref(),
        Some("100.00")
    );

    let bad: Value =
        serde_json::from_str(&form.evaluate(&answers(json!({"Q1": {"value": 3}})))).unwrap();
    assert_eq!(bad["problems"][0]["path"], "/answers/Q1/value");
    assert!(bad["scorecard"].is_null());
}

#[test]
fn what_to_fix_first_is_the_next_yes() {
    let form = Questionnaire::open(SMALL).expect("plans");
    let text = form
        .fixes(&answers(json!({"Q1": {"value": true}})))
        .unwrap();
    let fixes: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(fixes[0]["question"], "Q2");
    assert_eq!(fixes[0]["text"], "Dua?");
    assert_eq!(written(&text, "gain").as_deref(), Some("50.00"));
    assert_eq!(written(&text, "final").as_deref(), Some("100.00"));
    assert_eq!(fixes[0]["qualification_name"], "Baik");
}

#[test]
fn an_instrument_that_cannot_be_scored_is_its_problems() {
    let Err(problems) = Questionnaire::open(r#"{"id": "x"}"#) else {
        panic!("an instrument without stages planned");
    };
    let problems: Value = serde_json::from_str(&problems).unwrap();
    assert_eq!(problems[0]["file"], "instrument");
    assert!(problems.as_array().is_some_and(|p| p.len() > 1));
}

#[test]
fn files_dropped_on_the_page_find_their_roles_and_score_as_the_cli() {
    let read = |p: &str| example(p).into_bytes();
    // In any order, named as a download names them: only the content tells.
    let (manifest, bytes) = files(&[
        ("roster.json", read("monev-2025/roster.json")),
        (
            "banten-opd.json",
            read("monev-2025/submissions/banten-opd.json"),
        ),
        ("data (2).json", read("monev-2025/stage-scores.json")),
        ("instrument.json", read("monev-2025/instrument.json")),
        (
            "banten-kabkota.jsonl",
            read("monev-2025/submissions/banten-kabkota.jsonl"),
        ),
        ("verification", read("monev-2025/verification.json")),
    ]);
    let by_files = score_files(&manifest, &bytes).expect("scores");
    let by_texts = score_inputs(&banten().to_string()).expect("scores");
    let results =
        |text: &str| serde_json::from_str::<Value>(text).expect("JSON")["results"].clone();
    assert_eq!(results(&by_files), results(&by_texts));
    assert_eq!(
        written(&by_files, "final").as_deref().map(str::trim),
        Some("96.33")
    );
    // No instrument, or a file nothing tells: said, in Indonesian.
    let (manifest, bytes) = files(&[("x.json", read("monev-2025/roster.json"))]);
    let problems = score_files(&manifest, &bytes).unwrap_err();
    assert!(problems.contains("seharusnya satu instrumen"), "{problems}");
    let (manifest, bytes) = files(&[
        ("instrument.json", read("monev-2025/instrument.json")),
        ("catatan.txt", b"hello".to_vec()),
    ]);
    let problems = score_files(&manifest, &bytes).unwrap_err();
    assert!(
        problems.contains("pilih perannya") && problems.contains("catatan.txt"),
        "{problems}"
    );
}

#[test]
fn a_workbook_scores_as_its_csv() {
    let instrument: kip_index::Instrument = example("monev-2025/instrument.json")
        .parse()
        .expect("instrument");
    let records = kip_index::read_submissions(
        &example("monev-2025/submissions/banten-kabkota.jsonl"),
        kip_index::Framing::JsonLines,
        &instrument,
    );
    let submissions: Vec<kip_index::Submission> =
        records.into_iter().filter_map(|r| r.value.ok()).collect();
    let csv_text = kip_index::submissions_csv(&instrument, &submissions, b',');
    // The same cells in a workbook, numbers as numbers, as Excel keeps them.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.expect("CSV");
        for (col, cell) in record.iter().enumerate() {
            let (row, col) = (row as u32, col as u16);
            match cell.parse::<f64>() {
                Ok(n) if row > 0 && col > 3 => sheet.write_number(row, col, n),
                _ => sheet.write_string(row, col, cell),
            }
            .expect("cell");
        }
    }
    let xlsx = book.save_to_buffer().expect("workbook");
    let instrument_bytes = example("monev-2025/instrument.json").into_bytes();
    let (manifest, bytes) = files(&[
        ("instrument.json", instrument_bytes.clone()),
        ("jawaban.xlsx", xlsx),
    ]);
    let from_workbook = score_files(&manifest, &bytes).expect("scores");
    let (manifest, bytes) = files(&[
        ("instrument.json", instrument_bytes),
        ("jawaban.csv", csv_text.into_bytes()),
    ]);
    let from_csv = score_files(&manifest, &bytes).expect("scores");
    let value = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
    let (workbook, csv) = (value(&from_workbook), value(&from_csv));
    assert_eq!(workbook["rejected"], json!([]), "{from_workbook}");
    assert_eq!(workbook["results"].as_array().map(Vec::len), Some(8));
    assert_eq!(workbook["results"], csv["results"]);
}
