//! The SPEC amendments of section 2.1: an instrument may declare no categories (IKIP's
//! provinces), and evidence attached to a question that takes none is ignored with a
//! warning, not an error. Each case runs through both readers: JSON Lines (the fast
//! sheet builder) and a JSON array (the careful reader).

use kip_index::{
    Batch, Framing, Instrument, Plan, ProblemKind, Results, read_roster, read_submissions,
};
use serde_json::{Value, json};

/// An IKIP-shaped instrument: no categories, one informant stage, one dimension of two
/// ratings (weights 1 and 1).
fn provinces() -> Instrument {
    let value = json!({
        "id": "ikip", "name": "IKIP uji",
        "stages": [ { "id": "ia", "name": "Informan Ahli", "weight": 100, "questionnaire": true } ],
        "qualifications": [
            { "id": "baik", "name": "Baik", "min": 80 },
            { "id": "sedang", "name": "Sedang", "min": 60 },
            { "id": "buruk", "name": "Buruk", "min": 0 }
        ],
        "indicators": [
            { "id": "fp", "name": "Fisik dan Politik", "weight": 100, "questions": [
                { "id": "R1", "text": "?", "kind": "rating" },
                { "id": "R2", "text": "?", "kind": "rating" }
            ] }
        ]
    });
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn province(id: &str, r1: u32, r2: u32, category: Option<&str>) -> String {
    let mut agency = json!({ "id": id, "name": format!("Provinsi {id}"), "region": id });
    if let Some(c) = category {
        agency["category"] = json!(c);
    }
    json!({
        "instrument": "ikip", "agency": agency,
        "answers": { "R1": { "value": r1 }, "R2": { "value": r2 } }
    })
    .to_string()
}

/// Scores `lines` given as JSON Lines (through `Batch::add_json_lines`) and as one pretty
/// JSON array (through the careful reader), with a roster, and checks both agree.
fn score_both_ways(plan: &Plan, lines: &[String], roster_csv: &str) -> Value {
    let instrument = plan.instrument();
    let roster = |batch: &mut Batch| {
        for record in read_roster(roster_csv, Framing::Csv, instrument) {
            let agency = record.value.unwrap_or_else(|r| panic!("{r}"));
            batch
                .add_to_roster(agency)
                .unwrap_or_else(|p| panic!("{p}"));
        }
    };
    let mut by_lines = Batch::new(plan);
    roster(&mut by_lines);
    by_lines.add_json_lines("b.jsonl", lines.join("\n").as_bytes(), 1, 0);
    let mut by_array = Batch::new(plan);
    roster(&mut by_array);
    let values: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    let pretty = serde_json::to_string_pretty(&values).unwrap_or_default();
    for record in read_submissions(&pretty, Framing::Json, instrument) {
        by_array.add_record("b.json", Framing::Json, record);
    }
    let (a, b) = (json_of(by_lines.finish()), json_of(by_array.finish()));
    assert_eq!(a["results"], b["results"], "the two readers disagree");
    assert_eq!(a["summary"], b["summary"]);
    assert_eq!(a["warnings"], b["warnings"]);
    a
}

/// The results as a JSON value, with each result's `final` as the text written (the
/// value parsed through `f64` would lose its published digits).
fn json_of(results: Results) -> Value {
    let text = results.to_json();
    let mut written = Vec::new();
    results
        .write_json(&mut written)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&written),
        text,
        "the written JSON differs"
    );
    let mut value: Value = serde_json::from_str(&text).unwrap_or_default();
    let finals: Vec<String> = results
        .results
        .iter()
        .map(|c| c.final_score.rounded().to_string())
        .collect();
    for (card, published) in value["results"]
        .as_array_mut()
        .into_iter()
        .flatten()
        .zip(finals)
    {
        assert!(
            text.contains(&format!("\"final\": {published},")),
            "{published} not written"
        );
        card["final"] = Value::String(published);
    }
    value
}

/// Each result's agency id, published final and ranks.
fn rows(out: &Value) -> Vec<(String, String, Value)> {
    out["results"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["agency"]["id"].as_str().unwrap_or("").to_owned(),
                r["final"].as_str().unwrap_or("").to_owned(),
                r["rank"].clone(),
            )
        })
        .collect()
}

/// Worked by hand: 32 → (80 + 90) / 2 = 85, 33 → 70, 34 → (90 + 80) / 2 = 85. 32 and 34
/// tie at 85.00 (rank 1, listed by id), 33 is third. No category rank; both 85s share
/// the first place among the *Baik* bodies, 33 is first (and alone) among the *Sedang*;
/// no per-category summary; the roster (CSV without a category column) adds 35 as not
/// assessed.
#[test]
fn an_instrument_without_categories_scores_and_ranks() {
    let instrument = provinces();
    assert!(instrument.categories.is_empty());
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let lines = [
        province("33", 70, 70, None),
        province("34", 90, 80, None),
        province("32", 80, 90, None),
    ];
    let roster = "id,name,region\n32,Provinsi 32,32\n33,Provinsi 33,33\n34,Provinsi 34,34\n35,Provinsi 35,35\n";
    let out = score_both_ways(&plan, &lines, roster);
    let rows = rows(&out);
    assert_eq!(
        rows,
        [
            (
                "32".into(),
                "85.00".into(),
                json!({ "overall": 1, "category": null, "region": 1, "qualification": 1 })
            ),
            (
                "34".into(),
                "85.00".into(),
                json!({ "overall": 1, "category": null, "region": 1, "qualification": 1 })
            ),
            (
                "33".into(),
                "70.00".into(),
                json!({ "overall": 3, "category": null, "region": 1, "qualification": 1 })
            ),
        ]
    );
    assert!(out["results"][0]["agency"].get("category").is_none());
    assert_eq!(out["summary"]["categories"], json!({}));
    assert_eq!(out["summary"]["regions"]["35"]["not_assessed"], json!(1));
    assert_eq!(out["not_assessed"][0]["id"], json!("35"));
    assert!(out["rejected"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn a_category_where_the_instrument_declares_none_is_refused() {
    let instrument = provinces();
    let text = province("32", 80, 90, Some("pemprov"));
    for framing in [Framing::JsonLines, Framing::Json] {
        let records = read_submissions(&text, framing, &instrument);
        let report = records[0].value.as_ref().err().cloned().unwrap_or_default();
        let problem = &report.problems()[0];
        assert_eq!(problem.path, "/agency/category");
        assert_eq!(problem.kind(), ProblemKind::UnknownReference);
        assert!(
            problem.message.contains("declares none"),
            "{}",
            problem.message
        );
    }
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    batch.add_json_lines("b.jsonl", text.as_bytes(), 1, 0);
    let results = batch.finish();
    assert_eq!(results.rejected.len(), 1);
    assert!(results.results.is_empty());
}

#[test]
fn a_missing_category_where_the_instrument_declares_some_is_refused() {
    let text = std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default();
    let instrument = Instrument::from_json(&text).unwrap_or_else(|r| panic!("{r}"));
    let line = r#"{"instrument":"monev-kip-2025","agency":{"id":"1","name":"A"},"answers":{}}"#;
    for framing in [Framing::JsonLines, Framing::Json] {
        let records = read_submissions(line, framing, &instrument);
        let report = records[0].value.as_ref().err().cloned().unwrap_or_default();
        let problem = &report.problems()[0];
        assert_eq!(problem.path, "/agency/category");
        assert_eq!(problem.kind(), ProblemKind::MissingField);
        assert!(problem.message.contains("`pemkot`"), "{}", problem.message);
    }
}

/// One indicator: Q1 (`evidence: none`) and Q2 (`evidence: required`), yes/no, weight 1
/// each. Body `e` answers both "yes" with evidence on each: Q2's evidence counts, Q1's is
/// ignored, SAQ 100. Body `n` answers the same without evidence on Q1: also 100. Body
/// `m` attaches evidence to Q1 only: Q2 has none, so it scores 0 once verified → 50.
#[test]
fn evidence_on_a_question_that_takes_none_is_ignored_with_a_warning() {
    let value = json!({
        "id": "uji", "name": "Uji",
        "categories": [ { "id": "opd", "name": "OPD" } ],
        "stages": [ { "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true } ],
        "qualifications": [ { "id": "ok", "name": "OK", "min": 0 } ],
        "indicators": [ { "id": "i", "name": "I", "weight": 100, "questions": [
            { "id": "Q1", "text": "?", "kind": "yes_no", "evidence": "none" },
            { "id": "Q2", "text": "?", "kind": "yes_no", "evidence": "required" }
        ] } ]
    });
    let instrument = Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let line = |id: &str, q1_evidence: bool, q2_evidence: bool| {
        let answer = |with: bool| match with {
            true => json!({ "value": true, "evidence": ["https://ppid.example.go.id/x.pdf"] }),
            false => json!({ "value": true }),
        };
        json!({
            "instrument": "uji",
            "agency": { "id": id, "name": format!("Dinas {id}"), "category": "opd" },
            "answers": { "Q1": answer(q1_evidence), "Q2": answer(q2_evidence) }
        })
        .to_string()
    };
    let lines = [
        line("e", true, true),
        line("m", true, false),
        line("n", false, true),
    ];
    let out = score_both_ways(
        &plan,
        &lines,
        "id,name,category\ne,Dinas e,opd\nm,Dinas m,opd\nn,Dinas n,opd\n",
    );
    let finals: Vec<(String, String)> = rows(&out)
        .into_iter()
        .map(|(id, published, _)| (id, published))
        .collect();
    assert_eq!(
        finals,
        [
            ("e".into(), "100.00".into()),
            ("n".into(), "100.00".into()),
            ("m".into(), "50.00".into())
        ]
    );
    assert!(out["rejected"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(
        out["results"][0]["diagnostics"]["evidence_ignored"],
        json!(["Q1"])
    );
    assert!(
        out["results"][1]["diagnostics"]
            .get("evidence_ignored")
            .is_none()
    );
    let empty = Vec::new();
    // Each warning is a kind with its agencies, and a message in Indonesian (the
    // default language of the results).
    let warnings: Vec<(&str, &str, &Value)> = out["warnings"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter_map(|w| Some((w["kind"].as_str()?, w["message"].as_str()?, &w["agencies"])))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].0, "evidence_ignored");
    assert_eq!(warnings[0].2, &json!(["e"]));
    assert!(
        warnings[0]
            .1
            .starts_with("badan publik `e` (Dinas e) melampirkan data dukung pada `Q1`"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].1.starts_with("badan publik `m` (Dinas m)"),
        "{warnings:?}"
    );
}
