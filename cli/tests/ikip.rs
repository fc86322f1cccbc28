//! IKIP (SPEC 1, 2.2 raters, 2.4 roll-up): published figures reproduced, a province
//! worked by hand from three informants, the 2024 categories, and the bundled example.

mod support;

use kip_index::{Batch, Instrument, Plan, Results, StageScore, Submission};
use serde_json::{Value, json};

const QUALIFICATIONS: &str = r#"[
    { "id": "baik_sekali", "name": "Baik Sekali", "min": 90 },
    { "id": "baik", "name": "Baik", "min": 80 },
    { "id": "sedang", "name": "Sedang", "min": 60 },
    { "id": "buruk", "name": "Buruk", "min": 40 },
    { "id": "buruk_sekali", "name": "Buruk Sekali", "min": 0 }
]"#;

/// Informants 70 (the questionnaire stage), National Assessment Council 30; the national
/// roll-up 70 × mean informant score + 30 × `council`.
fn instrument(indicators: Value, council: &str) -> Instrument {
    let qualifications: Value = serde_json::from_str(QUALIFICATIONS).unwrap_or(Value::Null);
    let value = json!({
        "id": "ikip", "name": "IKIP",
        "categories": [ { "id": "provinsi", "name": "Provinsi" } ],
        "stages": [
            { "id": "ia", "name": "Informan Ahli", "weight": 70, "questionnaire": true },
            { "id": "dpn", "name": "Dewan Penilai Nasional", "weight": 30 }
        ],
        "qualifications": qualifications,
        "indicators": indicators,
        "rollup": { "id": "nasional", "name": "IKIP Nasional",
                    "parts": [ { "weight": 70, "mean_of": "stage:ia" },
                               { "weight": 30, "value": council } ] }
    });
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

/// One rating question: each province's informant score given directly.
fn one_rating() -> Value {
    json!([{ "id": "nilai", "name": "Nilai", "weight": 100,
             "questions": [ { "id": "R", "text": "Nilai informan", "kind": "rating" } ] }])
}

fn province(id: &str, name: &str, rating: &str) -> Submission {
    let value = json!({
        "instrument": "ikip",
        "agency": { "id": id, "name": name, "category": "provinsi" },
        "answers": { "R": { "value": rating } }
    });
    Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn council(id: &str, score: &str) -> StageScore {
    StageScore::new(id, "dpn", vec![score.parse().unwrap_or_default()])
}

fn rollup(results: &Results) -> String {
    results
        .rollup
        .as_ref()
        .and_then(|r| r.score)
        .map_or("none".to_owned(), |s| s.rounded().to_string())
}

#[test]
fn ikip_2022_national_is_0_70_x_74_68_plus_0_30_x_73_84() {
    support::at_repository_root();
    let instrument = instrument(one_rating(), "73.84");
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    // Two provinces whose informant scores average 74.68: (74.00 + 75.36) / 2.
    batch.add_submission("a", &province("32", "Jawa Barat", "74.00"));
    batch.add_submission("b", &province("36", "Banten", "75.36"));
    let results = batch.finish();
    // 0.70 × 74.68 + 0.30 × 73.84 = 52.276 + 22.152 = 74.428, rounded once → 74.43.
    assert_eq!(rollup(&results), "74.43");
    let parts: Vec<String> = results
        .rollup
        .iter()
        .flat_map(|r| r.parts.iter())
        .map(|(w, s)| {
            format!(
                "{w}:{}",
                s.map(|s| s.rounded().to_string()).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(parts, ["70:74.68", "30:73.84"]);
}

#[test]
fn jawa_barat_2021_is_0_70_x_82_93_plus_0_30_x_68_36() {
    support::at_repository_root();
    let instrument = instrument(one_rating(), "0");
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    batch.add_submission("jabar", &province("32", "Jawa Barat", "82.93"));
    batch
        .add_stage_score(council("32", "68.36"))
        .unwrap_or_else(|p| panic!("{p}"));
    let results = batch.finish();
    let card = &results.results[0];
    // Through the two stages of one body: 0.70 × 82.93 + 0.30 × 68.36
    // = 58.051 + 20.508 = 78.559 → 78.56, Sedang (60 ≤ 78.56 < 80).
    assert_eq!(card.final_score.rounded().to_string(), "78.56");
    assert_eq!(card.qualification, "sedang");
}

/// Two dimensions (60 / 40), each with two indicators of two rating sub-indicators.
fn two_dimensions() -> Value {
    let sub = |id: &str| json!({ "id": id, "text": id, "kind": "rating", "allow_na": true });
    let indicator =
        |id: &str, a: &str, b: &str| json!({ "id": id, "name": id, "questions": [sub(a), sub(b)] });
    json!([
        { "id": "d1", "name": "Fisik dan Politik", "weight": 60,
          "indicators": [ indicator("i1", "S1", "S2"), indicator("i2", "S3", "S4") ] },
        { "id": "d2", "name": "Hukum", "weight": 40,
          "indicators": [ indicator("i3", "S5", "S6"), indicator("i4", "S7", "S8") ] }
    ])
}

fn informant(rater: &str, group: &str, ratings: [Option<u32>; 8]) -> Submission {
    let answers: serde_json::Map<String, Value> = ratings
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let answer = match r {
                Some(v) => json!({ "value": v }),
                None => json!({ "na": true }),
            };
            (format!("S{}", k + 1), answer)
        })
        .collect();
    let value = json!({
        "instrument": "ikip",
        "agency": { "id": "99", "name": "Provinsi Contoh", "category": "provinsi", "region": "contoh" },
        "rater": rater, "rater_group": group, "answers": answers
    });
    Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

#[test]
fn a_province_from_three_informants_with_one_na_worked_by_hand() {
    support::at_repository_root();
    let instrument = instrument(two_dimensions(), "80");
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    //              S1  S2  S3  S4  S5  S6        S7  S8
    // A (govt.)    80  70  90  60  50  70        80  60
    // B (media)    70  80  60  90  60  N/A       70  80
    // C (academia) 90  60  75  75  70  80        90  70
    batch.add_submission(
        "a",
        &informant(
            "A",
            "pemerintah",
            [80, 70, 90, 60, 50, 70, 80, 60].map(Some),
        ),
    );
    let b = [
        Some(70),
        Some(80),
        Some(60),
        Some(90),
        Some(60),
        None,
        Some(70),
        Some(80),
    ];
    batch.add_submission("b", &informant("B", "media", b));
    batch.add_submission(
        "c",
        &informant("C", "akademisi", [90, 60, 75, 75, 70, 80, 90, 70].map(Some)),
    );
    batch
        .add_stage_score(council("99", "80"))
        .unwrap_or_else(|p| panic!("{p}"));
    let results = batch.finish();
    let card = &results.results[0];
    // Sub-indicators, the N/A informant left out of S6's mean:
    // S1 240/3 = 80, S2 210/3 = 70, S3 225/3 = 75, S4 225/3 = 75,
    // S5 180/3 = 60, S6 (70 + 80)/2 = 75, S7 240/3 = 80, S8 210/3 = 70.
    // i1 = 75, i2 = 75, i3 = (60 + 75)/2 = 67.5, i4 = 75; d1 = 75, d2 = 71.25.
    // Informant stage = 0.6 × 75 + 0.4 × 71.25 = 45 + 28.5 = 73.5.
    let shown = |id: &str| card.indicator(id).map(|s| s.rounded().to_string());
    assert_eq!(shown("i3").as_deref(), Some("67.50"));
    assert_eq!(shown("d2").as_deref(), Some("71.25"));
    assert_eq!(
        card.stage("ia").map(|s| s.rounded().to_string()).as_deref(),
        Some("73.50")
    );
    // Province index = 0.7 × 73.5 + 0.3 × 80 = 51.45 + 24 = 75.45: Sedang.
    assert_eq!(card.final_score.rounded().to_string(), "75.45");
    assert_eq!(card.qualification, "sedang");
    assert_eq!(card.raters, 3);
    // Each group alone: A: d1 = 75, d2 = (60 + 70)/2 = 65 → 45 + 26 = 71;
    // B: d1 = 75, d2 = (60 + 75)/2 = 67.5 → 45 + 27 = 72 (S6 left out);
    // C: d1 = 75, d2 = (75 + 80)/2 = 77.5 → 45 + 31 = 76.
    let groups: Vec<(String, String)> = card
        .diagnostics
        .rater_groups
        .iter()
        .map(|(g, s)| (g.clone(), s.rounded().to_string()))
        .collect();
    let expected = [
        ("akademisi", "76.00"),
        ("media", "72.00"),
        ("pemerintah", "71.00"),
    ];
    assert_eq!(groups, expected.map(|(g, s)| (g.to_owned(), s.to_owned())));
    // National = 0.7 × 73.5 + 0.3 × 80 = 75.45 (one province: its informant score is
    // the mean).
    assert_eq!(rollup(&results), "75.45");
    let json = results.to_json();
    assert!(json.contains(r#""rater_groups": {"#), "{json}");
    assert!(json.contains(r#""rollup": {"#), "{json}");
}

#[test]
fn the_2024_categories_put_jawa_barat_and_kalimantan_selatan_in_baik_and_banten_in_sedang() {
    support::at_repository_root();
    let instrument = instrument(one_rating(), "0");
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    // Published 2024 province indexes carried as one rating through a single stage:
    // the informant stage is 70 of 100 here, so give the council the same score.
    for (id, name, score) in [
        ("36", "Banten", "78.14"),
        ("63", "Kalimantan Selatan", "81.22"),
        ("32", "Jawa Barat", "85.22"),
    ] {
        batch.add_submission(id, &province(id, name, score));
        batch
            .add_stage_score(council(id, score))
            .unwrap_or_else(|p| panic!("{p}"));
    }
    let results = batch.finish();
    let table: Vec<(&str, String, &str, usize)> = results
        .results
        .iter()
        .map(|c| {
            (
                c.agency.name.as_str(),
                c.final_score.rounded().to_string(),
                c.qualification.as_str(),
                c.rank.map_or(0, |r| r.overall),
            )
        })
        .collect();
    // 0.7 × s + 0.3 × s = s: the published figures, in Baik (≥ 80) and Sedang (≥ 60).
    let expected = [
        ("Jawa Barat", "85.22", "baik", 1),
        ("Kalimantan Selatan", "81.22", "baik", 2),
        ("Banten", "78.14", "sedang", 3),
    ];
    let expected: Vec<(&str, String, &str, usize)> = expected
        .iter()
        .map(|(n, s, q, r)| (*n, (*s).to_owned(), *q, *r))
        .collect();
    assert_eq!(table, expected);
}

#[test]
fn a_rollup_part_with_no_body_to_take_it_from_has_no_value_and_says_why() {
    support::at_repository_root();
    let instrument = instrument(one_rating(), "73.84");
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let results = Batch::new(&plan).finish();
    assert_eq!(rollup(&results), "none");
    assert!(
        results
            .warnings
            .iter()
            .any(|w| w.message(kip_index::Language::English).contains("stage:ia")),
        "{:?}",
        results.warnings
    );
}

#[test]
fn kip_score_prints_the_ikip_example_ranking_categories_and_national_figure() {
    support::at_repository_root();
    let base = "examples/ikip-2024";
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "score",
            &format!("{base}/instrument.json"),
            &format!("{base}/submissions.jsonl"),
            "--stage-scores",
            &format!("{base}/stage-scores.csv"),
            "--roster",
            &format!("{base}/roster.csv"),
            "--format",
            "table",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8_lossy(&output.stdout);
    // 38 provinces ranked, their IKIP categories named, the national roll-up last.
    assert_eq!(text.lines().filter(|l| l.contains("Provinsi ")).count(), 38);
    assert!(text.contains("Baik") && text.contains("Sedang"), "{text}");
    assert!(text.contains("Provinsi: wajib 38 = 38 dinilai"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("IKIP Nasional (nasional): ")),
        "{text}"
    );
}

#[test]
fn summaries_show_each_rater_groups_mean_over_the_provinces() {
    support::at_repository_root();
    let instrument = instrument(one_rating(), "0");
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let informant = |province: &str, rater: &str, group: &str, rating: &str| {
        let value = json!({
            "instrument": "ikip",
            "agency": { "id": province, "name": format!("Provinsi {province}"), "category": "provinsi" },
            "rater": rater, "rater_group": group, "answers": { "R": { "value": rating } }
        });
        Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
    };
    let mut batch = Batch::new(&plan);
    // Province 11: media 60, academia 80. Province 12: media 71, academia 90.
    batch.add_submission("1", &informant("11", "m1", "media", "60"));
    batch.add_submission("2", &informant("11", "a1", "akademisi", "80"));
    batch.add_submission("3", &informant("12", "m2", "media", "71"));
    batch.add_submission("4", &informant("12", "a2", "akademisi", "90"));
    let results = batch.finish();
    let summary = results
        .summary
        .as_ref()
        .unwrap_or_else(|| panic!("no summary"));
    let provinsi = &summary.categories[0].1;
    // Media: (60 + 71) / 2 = 65.5; academia: (80 + 90) / 2 = 85.
    let means: Vec<(String, String)> = provinsi
        .rater_groups
        .iter()
        .map(|(g, d)| (g.clone(), d.to_string()))
        .collect();
    assert_eq!(
        means,
        [
            ("akademisi".to_owned(), "85.00".to_owned()),
            ("media".to_owned(), "65.50".to_owned())
        ]
    );
    let text = serde_json::to_string(summary).unwrap_or_default();
    assert!(
        text.contains(r#""rater_groups":{"akademisi":85.00,"media":65.50}"#),
        "{text}"
    );
}

/// The bundled IKIP example — ten raters per province in five groups, a council's
/// stage scores, the roll-up — written by the hand-made, parallel writer is byte for
/// byte what serde_json writes.
#[test]
fn the_written_ikip_results_are_byte_for_byte_the_serialised_ones() {
    support::at_repository_root();
    let dir = "examples/ikip-2024";
    let read = |name: &str| std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_default();
    let instrument =
        Instrument::from_json(&read("instrument.json")).unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    for record in kip_index::read_stage_scores(
        &read("stage-scores.csv"),
        kip_index::Framing::Csv,
        &instrument,
    ) {
        batch
            .add_stage_score(record.value.unwrap_or_else(|r| panic!("{r}")))
            .unwrap_or_else(|p| panic!("{p}"));
    }
    batch.add_json_lines(
        "submissions.jsonl",
        read("submissions.jsonl").as_bytes(),
        1,
        0,
    );
    let results = batch.finish();
    assert!(
        results
            .results
            .iter()
            .any(|c| c.raters > 1 && !c.diagnostics.rater_groups.is_empty())
    );
    assert!(results.rollup.is_some());
    let mut out = Vec::new();
    results
        .write_json(&mut out)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&out), results.to_json());
}
