//! Batch scoring (SPEC 3): rankings with ties and tie-breaks, the three rank scopes, the
//! roster, summaries worked out by hand, CSV output read back by a real CSV reader, a
//! published ranking, and nothing lost.

mod common;

use kip_index::{
    Agency, Batch, Framing, Instrument, Plan, Results, StageScore, Submission, read_submissions,
};
use proptest::prelude::*;
use serde_json::{Value, json};

/// SAQ 50 + visitasi 50 (no gate), tie-break on the SAQ then on indicator `b`.
/// Indicators `a` and `b` (50 each) hold one rating each; `b`'s allows N/A.
fn tie_instrument() -> Instrument {
    let value = json!({
        "id": "uji", "name": "Uji",
        "categories": [ { "id": "pemkot", "name": "Kota" }, { "id": "pemkab", "name": "Kabupaten" } ],
        "stages": [
            { "id": "saq", "name": "SAQ", "weight": 50, "questionnaire": true },
            { "id": "visitasi", "name": "Visitasi", "weight": 50 }
        ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju_informatif", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup_informatif", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang_informatif", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
        ],
        "tie_break": ["stage:saq", "indicator:b"],
        "indicators": [
            { "id": "a", "name": "A", "weight": 50, "questions": [ { "id": "RA", "text": "?", "kind": "rating" } ] },
            { "id": "b", "name": "B", "weight": 50, "questions": [ { "id": "RB", "text": "?", "kind": "rating", "allow_na": true } ] }
        ]
    });
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn agency(id: &str, category: &str, region: &str) -> Agency {
    let mut agency = Agency::new(id, format!("Badan {id}"));
    agency.category = Some(category.into());
    agency.region = Some(region.to_owned());
    agency
}

fn submission(agency: &Agency, a: &str, b: Option<&str>) -> Submission {
    let rb = match b {
        Some(b) => json!({ "value": b }),
        None => json!({ "na": true }),
    };
    let value = json!({
        "instrument": "uji",
        "agency": { "id": agency.id, "name": agency.name, "category": agency.category, "region": agency.region },
        "answers": { "RA": { "value": a }, "RB": rb }
    });
    Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn visitasi(agency: &str, score: &str) -> StageScore {
    StageScore::new(agency, "visitasi", vec![score.parse().unwrap_or_default()])
}

/// The tie batch, worked by hand (final = (SAQ + visitasi) / 2, SAQ = (a + b) / 2, or
/// the one indicator not left out):
///
/// | body | cat | region | a | b | SAQ | visitasi | final exact → shown |
/// |---|---|---|---|---|---|---|---|
/// | p | pemkot | 36 | 80 | 100 | 90 | 86.8 | 88.4 → 88.40 |
/// | s | pemkab | 36 | 80 | 100 | 90 | 86.8 | 88.4 → 88.40 |
/// | r | pemkot | 32 | 100 | 80.008 | 90.004 → 90.00 | 86.8 | 88.402 → 88.40 |
/// | t | pemkot | 36 | 90 | N/A | 90 | 86.8 | 88.4 → 88.40 |
/// | q | pemkab | 32 | 86.8 | 86.8 | 86.8 | 90 | 88.4 → 88.40 |
/// | v | pemkot | 32 | 70 | 70 | 70 | 70 | 70 → 70.00 |
///
/// All of p, s, r, t, q share 88.40. On the SAQ (rounded) q's 86.80 is last; p, s, r, t
/// all have 90.00. On `b` (rounded) p and s have 100.00, r 80.01, t none (below every
/// score). So p and s share rank 1 (listed by id: p, s), r is 3, t 4, q 5, v 6. Sorting
/// on the exact final instead would put r (88.402) first.
fn tie_batch(plan: &Plan) -> Batch<'_> {
    let mut batch = Batch::new(plan);
    let rows = [
        ("v", "pemkot", "32", "70", Some("70"), "70"),
        ("t", "pemkot", "36", "90", None, "86.8"),
        ("r", "pemkot", "32", "100", Some("80.008"), "86.8"),
        ("q", "pemkab", "32", "86.8", Some("86.8"), "90"),
        ("s", "pemkab", "36", "80", Some("100"), "86.8"),
        ("p", "pemkot", "36", "80", Some("100"), "86.8"),
    ];
    for (i, (id, cat, region, a, b, vis)) in rows.into_iter().enumerate() {
        let agency = agency(id, cat, region);
        batch.add_submission(format!("batch.jsonl:{}", i + 1), &submission(&agency, a, b));
        batch
            .add_stage_score(visitasi(id, vis))
            .unwrap_or_else(|p| panic!("{p}"));
    }
    batch
}

fn ranks(results: &Results) -> Vec<(String, usize, usize, Option<usize>)> {
    results
        .results
        .iter()
        .map(|c| {
            let r = c.rank.unwrap_or_else(|| panic!("{} unranked", c.agency.id));
            (
                c.agency.id.clone(),
                r.overall,
                r.category.unwrap_or(0),
                r.region,
            )
        })
        .collect()
}

#[test]
fn ties_are_broken_on_rounded_keys_and_shared_ranks_skip() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let results = tie_batch(&plan).finish();
    let finals: Vec<String> = results
        .results
        .iter()
        .map(|c| c.final_score.rounded().to_string())
        .collect();
    assert_eq!(
        finals,
        ["88.40", "88.40", "88.40", "88.40", "88.40", "70.00"]
    );
    // Overall: p, s share 1; r 3; t 4; q 5; v 6.
    // Category pemkot (p, r, t, v): 1, 2, 3, 4. Category pemkab (s, q): 1, 2.
    // Region 36 (p, s, t): 1, 1, 3. Region 32 (r, q, v): 1, 2, 3.
    assert_eq!(
        ranks(&results),
        [
            ("p".to_owned(), 1, 1, Some(1)),
            ("s".to_owned(), 1, 1, Some(1)),
            ("r".to_owned(), 3, 2, Some(1)),
            ("t".to_owned(), 4, 3, Some(3)),
            ("q".to_owned(), 5, 2, Some(2)),
            ("v".to_owned(), 6, 4, Some(3)),
        ]
    );
}

#[test]
fn the_roster_adds_not_assessed_bodies_and_summaries_count_everything() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = tie_batch(&plan);
    // x is scored but not on the roster: a = b = 50, no visitasi → (50 + 0) / 2 = 25.
    batch.add_submission(
        "late.json",
        &submission(&agency("x", "pemkab", "99"), "50", Some("50")),
    );
    // z is on the roster; its only submission is invalid (a rating of 120).
    let z = agency("z", "pemkot", "36");
    batch.add_submission("batch.jsonl:7", &submission(&z, "120", Some("50")));
    for id in ["p", "s", "r", "t", "q", "v", "w", "z"] {
        let (cat, region) = match id {
            "p" | "t" | "z" => ("pemkot", "36"),
            "s" | "w" => ("pemkab", "36"),
            "r" | "v" => ("pemkot", "32"),
            _ => ("pemkab", "32"),
        };
        batch
            .add_to_roster(agency(id, cat, region))
            .unwrap_or_else(|p| panic!("{p}"));
    }
    assert!(
        batch.add_to_roster(agency("p", "pemkot", "36")).is_err(),
        "p twice"
    );
    let results = batch.finish();

    let not_assessed: Vec<&str> = results
        .not_assessed
        .iter()
        .map(|a| a.agency.id.as_str())
        .collect();
    // z submitted (and was rejected): counted once, as rejected, not as not assessed.
    assert_eq!(not_assessed, ["w"]);
    assert_eq!(results.rejected.len(), 1);
    assert_eq!(results.rejected[0].agency.as_deref(), Some("z"));
    assert!(
        results
            .warnings
            .iter()
            .any(|w| w.kind() == "not_on_roster" && w.agencies() == ["x"])
    );
    assert_eq!(
        results.results.last().map(|c| c.agency.id.as_str()),
        Some("x")
    );

    let summary = results
        .summary
        .as_ref()
        .unwrap_or_else(|| panic!("no summary"));
    let json = serde_json::to_value(summary).unwrap_or_default();
    // pemkot: due p r t v z = 5; scored p r t v = 4; rejected z = 1; not assessed 0
    // (5 = 4 + 1 + 0: each body in one count).
    // Finals 88.40 88.40 88.40 70.00: mean 335.20 / 4 = 83.80; median (88.40 + 88.40) / 2;
    // Menuju 3 of 4 = 75.00 %, Cukup 1 of 4 = 25.00 %.
    let pemkot = &json["categories"]["pemkot"];
    assert_eq!(
        (
            &pemkot["due"],
            &pemkot["scored"],
            &pemkot["rejected"],
            &pemkot["not_assessed"]
        ),
        (&json!(5), &json!(4), &json!(1), &json!(0))
    );
    let text = serde_json::to_string(summary).unwrap_or_default();
    assert!(text.contains(r#""pemkot":{"due":5,"scored":4,"rejected":1,"not_assessed":0,"not_on_roster":0,"mean":83.80,"median":88.40,"min":70.00,"max":88.40"#), "{text}");
    assert!(text.contains(r#""menuju_informatif":{"count":3,"share":75.00},"cukup_informatif":{"count":1,"share":25.00}"#), "{text}");
    // pemkab: due s q w = 3; scored s q x = 3; not assessed w; x is off the roster:
    // 3 + 1 = 3 + 0 + 1. Finals 88.40 88.40 25.00:
    // mean 201.80 / 3 = 67.2666… → 67.27; median 88.40; Menuju 2/3 = 66.67 %,
    // Tidak 1/3 = 33.33 %; every qualification listed, 0 included.
    assert!(text.contains(r#""pemkab":{"due":3,"scored":3,"rejected":0,"not_assessed":1,"not_on_roster":1,"mean":67.27,"median":88.40,"min":25.00,"max":88.40,"qualifications":{"informatif":{"count":0,"share":0.00},"menuju_informatif":{"count":2,"share":66.67}"#), "{text}");
    assert!(
        text.contains(r#""tidak_informatif":{"count":1,"share":33.33}"#),
        "{text}"
    );
    // Region 32: r q v, finals 88.40 88.40 70.00: mean 246.80 / 3 = 82.2666… → 82.27.
    assert!(text.contains(r#""32":{"due":3,"scored":3,"rejected":0,"not_assessed":0,"not_on_roster":0,"mean":82.27,"median":88.40,"min":70.00,"max":88.40"#), "{text}");
    // Region 36: due p s t w z = 5 = scored p s t + rejected z + not assessed w.
    assert!(
        text.contains(r#""36":{"due":5,"scored":3,"rejected":1,"not_assessed":1,"not_on_roster":0,"mean":88.40"#),
        "{text}"
    );
    // Region 99: nobody was due there (x is off the roster), one scored.
    assert!(
        text.contains(r#""99":{"due":0,"scored":1,"rejected":0,"not_assessed":0,"not_on_roster":1,"mean":25.00"#),
        "{text}"
    );
}

/// Bodies off the roster are warned about in rank order (best first), whatever their
/// ids; the roster's other bodies are not assessed, in id order. (The batch matches the
/// roster against its cards in agency order, then ranks.)
#[test]
fn bodies_off_the_roster_are_warned_in_rank_order() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan).without_stage_scores();
    // Finals (a, b): (a + b) / 2 over the questionnaire with visitasi left out: the
    // questionnaire alone. a3 = 90, b1 = 70, c2 = 80, m (on the roster) = 60.
    for (id, a) in [("a3", "90"), ("b1", "70"), ("c2", "80"), ("m", "60")] {
        let body = agency(id, "pemkot", "36");
        batch.add_submission("batch.jsonl", &submission(&body, a, Some(a)));
    }
    for id in ["m", "n", "aa"] {
        batch
            .add_to_roster(agency(id, "pemkot", "36"))
            .unwrap_or_else(|p| panic!("{p}"));
    }
    let results = batch.finish();
    let listed: Vec<&str> = results
        .results
        .iter()
        .map(|c| c.agency.id.as_str())
        .collect();
    assert_eq!(listed, ["a3", "c2", "b1", "m"]);
    let warned: Vec<&str> = (results.warnings.iter())
        .filter(|w| w.kind() == "not_on_roster")
        .flat_map(|w| w.agencies())
        .collect();
    assert_eq!(warned, ["a3", "c2", "b1"]);
    let not_assessed: Vec<&str> = results
        .not_assessed
        .iter()
        .map(|a| a.agency.id.as_str())
        .collect();
    assert_eq!(not_assessed, ["aa", "n"]);
}

#[test]
fn a_group_with_no_scored_body_has_null_statistics_and_shares() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    batch
        .add_to_roster(agency("w", "pemkab", "36"))
        .unwrap_or_else(|p| panic!("{p}"));
    let results = batch.finish();
    let text = serde_json::to_string(&results.summary).unwrap_or_default();
    assert!(text.contains(r#""pemkab":{"due":1,"scored":0,"rejected":0,"not_assessed":1,"not_on_roster":0,"mean":null,"median":null,"min":null,"max":null,"qualifications":{"informatif":{"count":0,"share":null}"#), "{text}");
}

#[test]
fn the_same_agency_and_rater_twice_rejects_every_copy_each_naming_the_first() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let p = agency("p", "pemkot", "36");
    batch.add_submission("a.jsonl:1", &submission(&p, "80", Some("90")));
    batch.add_submission("b.jsonl:4", &submission(&p, "85", Some("90")));
    batch.add_submission(
        "a.jsonl:2",
        &submission(&agency("q", "pemkot", "36"), "60", Some("60")),
    );
    let results = batch.finish();
    assert_eq!(results.results.len(), 1);
    let sources: Vec<String> = results
        .rejected
        .iter()
        .map(|r| r.source.to_string())
        .collect();
    assert_eq!(sources, ["a.jsonl:1", "b.jsonl:4"]);
    let messages: Vec<&str> = results
        .rejected
        .iter()
        .map(|r| r.errors[0].message.as_str())
        .collect();
    assert!(
        messages[0].contains("found 2 (this one and 1 more, the next at b.jsonl:4)"),
        "{messages:?}"
    );
    assert!(
        messages[1].contains("found 2 (the first at a.jsonl:1)"),
        "{messages:?}"
    );
}

/// Ten thousand copies of one agency: every copy rejected, and the messages grow with the
/// copies (each names the first), not with their square.
#[test]
fn many_copies_of_one_agency_give_messages_of_linear_size() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let p = agency("p", "pemkot", "36");
    let copies = 10_000;
    for i in 0..copies {
        batch.add_submission(
            format!("big.jsonl:{}", i + 1),
            &submission(&p, "80", Some("90")),
        );
    }
    let results = batch.finish();
    assert_eq!(results.rejected.len(), copies);
    assert!(results.results.is_empty());
    let total: usize = results
        .rejected
        .iter()
        .map(|r| r.errors[0].message.len())
        .sum();
    // About a hundred bytes a copy; all others listed in each would be ~13 bytes × 10,000.
    assert!(total < copies * 150, "{total} bytes of messages");
    assert!(
        results.rejected[9_999].errors[0]
            .message
            .contains("the first at big.jsonl:1)")
    );
}

#[test]
fn csv_output_survives_a_real_csv_reader_with_awkward_names() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let names = [
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "Badan \"Satu Data\" Daerah",
        "Kabupaten Kepulauan Seribu — Ñusa; 'Tenggara'\nbaris dua",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut a = agency(&format!("b{i}"), "pemkot", "36");
        a.name = (*name).to_owned();
        batch.add_submission(format!("x:{i}"), &submission(&a, "80", Some("80")));
    }
    let csv = batch.finish().to_csv();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().cloned().unwrap_or_default();
    assert_eq!(
        header.get(0),
        Some("agency_id"),
        "the byte-order mark is not part of it"
    );
    assert_eq!(header.get(1), Some("agency_name"));
    let mut read_back = Vec::new();
    for row in reader.records() {
        let row = row.unwrap_or_else(|e| panic!("{e}"));
        read_back.push(row.get(1).unwrap_or_default().to_owned());
        // SAQ 80, no visitasi: 0.5 × 80 = 40.00, Kurang Informatif, all tied at rank 1;
        // names beside the ids.
        assert_eq!(row.get(3), Some("Kota"));
        assert_eq!(row.get(5), Some("40.00"));
        assert_eq!(row.get(6), Some("kurang_informatif"));
        assert_eq!(row.get(7), Some("Kurang Informatif"));
        assert_eq!(row.get(8), Some("1"));
    }
    assert_eq!(read_back, names);
}

#[test]
fn ki_bantens_2019_published_finals_give_its_published_ranks_and_qualifications() {
    // One rating question carries each body's published final score: the finals are the
    // input, not what is proved; what is checked is that they rank and qualify as the
    // decree ranked and qualified them.
    let value = json!({
        "id": "banten-2019", "name": "Monev KI Banten 2019 (published finals)",
        "categories": [ { "id": "pemkab", "name": "Kabupaten" }, { "id": "pemkot", "name": "Kota" } ],
        "stages": [ { "id": "saq", "name": "Nilai akhir", "weight": 100, "questionnaire": true } ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju_informatif", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup_informatif", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang_informatif", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
        ],
        "indicators": [ { "id": "nilai", "name": "Nilai", "weight": 100,
            "questions": [ { "id": "NILAI", "text": "Nilai akhir", "kind": "rating" } ] } ]
    });
    let instrument = Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let published = [
        ("3672", "Kota Cilegon", "pemkot", "60.34"),
        ("3602", "Kabupaten Lebak", "pemkab", "90.54"),
        ("3674", "Kota Tangerang Selatan", "pemkot", "96.88"),
        ("3603", "Kabupaten Tangerang", "pemkab", "82.92"),
        ("3671", "Kota Tangerang", "pemkot", "92.75"),
        ("3601", "Kabupaten Pandeglang", "pemkab", "91.13"),
        ("3673", "Kota Serang", "pemkot", "92.50"),
        ("3604", "Kabupaten Serang", "pemkab", "91.75"),
    ];
    let lines: Vec<String> = published
        .iter()
        .map(|(id, name, cat, score)| {
            json!({ "instrument": "banten-2019",
                    "agency": { "id": id, "name": name, "category": cat, "region": "36" },
                    "answers": { "NILAI": { "value": score } } })
            .to_string()
        })
        .collect();
    let mut batch = Batch::new(&plan);
    for record in read_submissions(&lines.join("\n"), Framing::JsonLines, &instrument) {
        batch.add_record("banten-2019.jsonl", Framing::JsonLines, record);
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
    let expected = [
        ("Kota Tangerang Selatan", "96.88", "informatif", 1),
        ("Kota Tangerang", "92.75", "informatif", 2),
        ("Kota Serang", "92.50", "informatif", 3),
        ("Kabupaten Serang", "91.75", "informatif", 4),
        ("Kabupaten Pandeglang", "91.13", "informatif", 5),
        ("Kabupaten Lebak", "90.54", "informatif", 6),
        ("Kabupaten Tangerang", "82.92", "menuju_informatif", 7),
        ("Kota Cilegon", "60.34", "cukup_informatif", 8),
    ];
    let expected: Vec<(&str, String, &str, usize)> = expected
        .iter()
        .map(|(n, s, q, r)| (*n, (*s).to_owned(), *q, *r))
        .collect();
    assert_eq!(table, expected);
    let text = serde_json::to_string(&results.summary).unwrap_or_default();
    // Six Informatif of eight = 75.00 %, one Menuju and one Cukup = 12.50 % each.
    assert!(text.contains(r#""informatif":{"count":6,"share":75.00},"menuju_informatif":{"count":1,"share":12.50},"cukup_informatif":{"count":1,"share":12.50}"#), "{text}");
}

/// One generated submission: an agency (of 12), a category and whether it is broken.
fn generated_batch() -> impl Strategy<Value = (Vec<(usize, usize, u8)>, Vec<bool>)> {
    (
        proptest::collection::vec((0usize..12, 0usize..2, 0u8..10), 0..30),
        proptest::collection::vec(any::<bool>(), 12),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn nothing_is_lost((entries, on_roster) in generated_batch()) {
        let instrument = tie_instrument();
        let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        let mut batch = Batch::new(&plan);
        let mut lines = Vec::new();
        for (id, cat, kind) in &entries {
            let cat = ["pemkot", "pemkab"][*cat];
            let line = match kind {
                0 => "{ not json".to_owned(),
                1 => json!({ "instrument": "uji", "agency": { "id": format!("a{id}"), "name": "X", "category": cat },
                             "answers": { "RA": { "value": 140 } } }).to_string(),
                _ => json!({ "instrument": "uji", "agency": { "id": format!("a{id}"), "name": "X", "category": cat },
                             "answers": { "RA": { "value": kind * 10 }, "RB": { "value": 50 } } }).to_string(),
            };
            lines.push(line);
        }
        let text = lines.join("\n");
        for record in read_submissions(&text, Framing::JsonLines, &instrument) {
            batch.add_record("gen.jsonl", Framing::JsonLines, record);
        }
        let roster: Vec<String> = (0..12).filter(|i| on_roster[*i]).map(|i| format!("a{i}")).collect();
        for id in &roster {
            batch.add_to_roster(agency(id, "pemkot", "36")).unwrap_or_else(|p| panic!("{p}"));
        }
        // An empty file is one input read, and rejected as empty.
        let inputs = entries.len().max(1);
        prop_assert_eq!(batch.submissions_read(), inputs);
        let results = batch.finish();
        // Every submission read is scored (one rater per body here) or rejected.
        prop_assert_eq!(results.results.len() + results.rejected.len(), inputs);
        // Every roster body is in exactly one of scored, rejected (it submitted, nothing
        // usable) and not assessed (it submitted nothing).
        for id in &roster {
            let scored = results.results.iter().any(|c| &c.agency.id == id);
            let rejected = !scored && results.rejected.iter().any(|r| r.agency.as_deref() == Some(id.as_str()));
            let absent = results.not_assessed.iter().any(|a| &a.agency.id == id);
            prop_assert_eq!(usize::from(scored) + usize::from(rejected) + usize::from(absent), 1,
                "{} scored {} rejected {} not assessed {}", id, scored, rejected, absent);
        }
        let value: Value = serde_json::from_str(&results.to_json()).unwrap_or_default();
        prop_assert!(value["summary"].is_object());
    }
}

#[test]
fn json_lines_added_in_pieces_give_the_same_results_and_line_numbers() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let lines = [
        json!({ "instrument": "uji", "agency": { "id": "a", "name": "A", "category": "pemkot" }, "answers": { "RA": { "value": 70 } } }).to_string(),
        "{ broken".to_owned(),
        String::new(),
        json!({ "instrument": "uji", "agency": { "id": "b", "name": "B", "category": "pemkot" }, "answers": { "RA": { "value": 90 } } }).to_string(),
        json!({ "instrument": "uji", "agency": { "id": "c", "name": "C", "category": "pemkot" }, "answers": { "RA": { "value": 101 } } }).to_string(),
    ];
    let text = lines.join("\n");
    let mut whole = Batch::new(&plan);
    whole.add_json_lines("x.jsonl", text.as_bytes(), 1, 0);
    let whole = whole.finish();
    // The same file in two pieces: lines 1–2, then lines 3–5 from their byte offset.
    let first = format!("{}\n{}", lines[0], lines[1]);
    let rest = lines[2..].join("\n");
    let mut pieces = Batch::new(&plan);
    pieces.add_json_lines("x.jsonl", first.as_bytes(), 1, 0);
    pieces.add_json_lines("x.jsonl", rest.as_bytes(), 3, first.len() + 1);
    let pieces = pieces.finish();
    assert_eq!(whole.to_json(), pieces.to_json());
    let sources: Vec<String> = whole
        .rejected
        .iter()
        .map(|r| r.source.to_string())
        .collect();
    assert_eq!(sources, ["x.jsonl:2", "x.jsonl:5"]);
    assert_eq!(whole.results.len(), 2);
}

#[test]
fn written_json_is_byte_for_byte_the_serialised_json() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    // Empty results: `[]`, a null summary.
    let empty = Results::new(&plan);
    let mut out = Vec::new();
    empty.write_json(&mut out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&out), empty.to_json());
    // The tie batch with a roster, a rejection and a warning.
    let mut batch = tie_batch(&plan);
    batch.add_submission(
        "bad.jsonl:1",
        &submission(&agency("z", "pemkot", "36"), "120", None),
    );
    batch
        .add_to_roster(agency("w", "pemkab", "36"))
        .unwrap_or_else(|p| panic!("{p}"));
    let results = batch.finish();
    let mut out = Vec::new();
    results
        .write_json(&mut out)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&out), results.to_json());
    // More cards than one piece of output holds (16,384), with names to escape.
    let mut many = Batch::new(&plan);
    for i in 0..17_000 {
        let mut a = agency(&format!("b{i:05}"), "pemkot", "36");
        a.name = format!("Desa \"Suka\" {i}\n");
        many.add_submission(
            format!("x:{i}"),
            &submission(&a, &format!("{}", i % 101), Some("50")),
        );
    }
    let results = many.finish();
    let mut out = Vec::new();
    results
        .write_json(&mut out)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        out == results.to_json().into_bytes(),
        "17,000 cards written differently"
    );
}

/// CSV injection (OWASP): names and ids a spreadsheet would run as formulas get a
/// leading `'` in `to_csv`; `to_csv_raw` keeps them as given; numbers stay numbers.
#[test]
fn csv_cells_a_spreadsheet_would_run_are_made_text() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let names = [
        "=HYPERLINK(\"http://x.example\",\"klik\")",
        "+62 21 1234",
        "-2+3",
        "@SUM(A1:A9)",
        "\tTab",
        "\rCR",
        "Dinas = Kominfo",
    ];
    for (i, name) in names.iter().enumerate() {
        let mut a = agency(&format!("b{i}"), "pemkot", "36");
        a.name = (*name).to_owned();
        batch.add_submission(format!("x:{i}"), &submission(&a, "80", Some("80")));
    }
    let mut a = agency("=cmd|' /C calc'!A0", "pemkot", "36");
    a.name = "DDE".to_owned();
    batch.add_submission("x:dde", &submission(&a, "80", Some("80")));
    let results = batch.finish();
    let column = |csv: String, k: usize| -> Vec<String> {
        csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|r| r.unwrap_or_default().get(k).unwrap_or_default().to_owned())
            .collect()
    };
    let guarded = column(results.to_csv(), 1);
    let raw = column(results.to_csv_raw(), 1);
    for name in names {
        let expected = if name.starts_with("Dinas") {
            name.to_owned()
        } else {
            format!("'{name}")
        };
        assert!(
            guarded.contains(&expected),
            "{expected:?} not in {guarded:?}"
        );
        assert!(raw.contains(&name.to_owned()));
    }
    assert!(column(results.to_csv(), 0).contains(&"'=cmd|' /C calc'!A0".to_owned()));
    assert!(column(results.to_csv(), 5).iter().all(|f| f == "40.00"));
}

/// A batch's limits on the texts it keeps are its own: a name within the default limit
/// but beyond a tighter one is a rejection at `/agency/name`, as are a roster entry, a
/// verification note and a stage id beyond them.
#[test]
fn a_batch_holds_the_texts_it_keeps_to_its_limits() {
    let instrument = tie_instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let tight = {
        let mut limits = kip_index::Limits::default();
        limits.max_name_bytes = 10;
        limits.max_id_bytes = 8;
        limits
    };
    let mut batch = Batch::new(&plan).with_limits(tight);
    let short = agency("3601", "pemkot", "36");
    let mut long = agency("3602", "pemkot", "36");
    long.name = "Kota Tangerang Selatan".into(); // 22 bytes
    batch.add_submission("a.json", &submission(&short, "80", None));
    batch.add_submission("b.json", &submission(&long, "80", None));
    let refused = batch.add_to_roster(long.clone()).err();
    assert_eq!(refused.map(|p| p.path), Some("/name".to_owned()));
    let refused = batch.add_stage_score(visitasi("3601", "70")).err();
    assert_eq!(
        refused.map(|p| p.path),
        None,
        "`visitasi` is 8 bytes: within"
    );
    let mut stage = visitasi("3601", "70");
    stage.stage = "visitasi-2".into();
    let refused = batch.add_stage_score(stage).err();
    assert_eq!(refused.map(|p| p.path), Some("/stage".to_owned()));
    let results = batch.finish();
    assert_eq!(results.results.len(), 1);
    assert_eq!(results.rejected.len(), 1);
    let rejected = &results.rejected[0];
    assert_eq!(rejected.agency.as_deref(), Some("3602"));
    assert_eq!(rejected.errors[0].path, "/agency/name");
    assert_eq!(
        rejected.errors[0].message,
        "expected a text of at most 10 bytes, found 22 bytes"
    );
}

/// `strict` is one option for every way of scoring: a batch of texts scored strictly
/// rejects the bodies with a missing answer, exactly as a strict plan does.
#[test]
fn strict_texts_reject_what_a_strict_plan_rejects() {
    let read =
        |p: &str| std::fs::read_to_string(format!("examples/monev-2025/{p}")).unwrap_or_default();
    let (instrument, kabkota) = (
        read("instrument.json"),
        read("submissions/banten-kabkota.jsonl"),
    );
    let mut texts =
        kip_index::BatchTexts::new(kip_index::NamedText::new("instrument.json", &instrument));
    texts
        .submissions
        .push(kip_index::NamedText::new("kabkota.jsonl", &kabkota));
    texts.without_stage_scores = true;
    let lenient = texts.score().unwrap_or_else(|r| panic!("{r}"));
    texts.strict = true;
    let strict = texts.score().unwrap_or_else(|r| panic!("{r}"));
    let plan = kip_index::plan_of(texts.instrument)
        .unwrap_or_else(|r| panic!("{r}"))
        .strict(true);
    let mut batch = Batch::new(&plan).without_stage_scores();
    batch.add_submissions_text(kip_index::NamedText::new("kabkota.jsonl", &kabkota));
    let by_plan = batch.finish();
    assert_eq!(strict.to_json(), by_plan.to_json());
    assert!(
        strict.rejected.len() > lenient.rejected.len(),
        "a body with an unanswered question: {} rejected strictly, {} leniently",
        strict.rejected.len(),
        lenient.rejected.len()
    );
}
