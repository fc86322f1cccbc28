//! Gates as commissions run them (SPEC 2.3): a rank gate with a tie at the cut, an `any`
//! gate with a category condition, a policy per stage, a no-show — a batch worked out
//! by hand (docs/scoring.md, *A batch with gates, by hand*), not copied from output; and
//! every gate problem where it stands.

use kip_index::{Batch, Instrument, Plan, ProblemKind, Results, StageScore};

use serde_json::{Value, json};

/// SAQ 60 (one rating: the SAQ is the rating), *presentasi* 25 — the top 3 of each
/// category by SAQ, a skipped one counted 0 — and *visitasi* 15 — an SAQ of 80 or a
/// city government, a visit not made left out.
fn instrument() -> Value {
    json!({
        "id": "uji", "name": "Uji",
        "categories": [
            { "id": "pemkab", "name": "Pemerintah Kabupaten" },
            { "id": "pemkot", "name": "Pemerintah Kota" }
        ],
        "stages": [
            { "id": "saq", "name": "SAQ", "weight": 60, "questionnaire": true },
            { "id": "presentasi", "name": "Presentasi", "weight": 25, "absent": "zero",
              "requires": { "stage": "saq", "top": 3, "within": "category" },
              "parts": [ { "id": "kehadiran", "name": "Kehadiran pimpinan", "max": 15 },
                         { "id": "paparan", "name": "Paparan", "max": 85 } ] },
            { "id": "visitasi", "name": "Visitasi", "weight": 15, "absent": "reweight",
              "requires": { "any": [
                  { "stage": "saq", "min": 80 },
                  { "categories": ["pemkot"] } ] } }
        ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju_informatif", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup_informatif", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang_informatif", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
        ],
        "indicators": [
            { "id": "a", "name": "A", "weight": 100,
              "questions": [ { "id": "R1", "text": "?", "kind": "rating" } ] }
        ]
    })
}

fn parsed(value: &Value) -> Instrument {
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

/// One body of the hand-worked batch: agency, category, SAQ, presentasi, visitasi.
type Body = (&'static str, &'static str, u32, Option<u32>, Option<u32>);

const BODIES: [Body; 7] = [
    ("A", "pemkab", 90, Some(80), Some(100)),
    ("B", "pemkab", 85, Some(70), None), // not visited: left out
    ("C", "pemkab", 80, Some(90), Some(80)), // tied third on the SAQ: passes
    ("D", "pemkab", 80, None, Some(90)), // tied third, did not present: 0
    ("E", "pemkab", 70, None, None),     // fifth, and below 80 in a regency
    ("F", "pemkot", 75, Some(60), Some(70)), // a city: visited below 80
    ("G", "pemkot", 60, Some(50), Some(40)), // two cities: both present
];

fn batch_results(plan: &Plan, extra: &[StageScore]) -> Results {
    let mut batch = Batch::new(plan);
    let mut lines = String::new();
    for (id, category, saq, _, _) in BODIES {
        lines.push_str(
            &json!({
                "instrument": "uji",
                "agency": { "id": id, "name": format!("Badan {id}"), "category": category },
                "answers": { "R1": { "value": saq } }
            })
            .to_string(),
        );
        lines.push('\n');
    }
    batch.add_json_lines("batch.jsonl", lines.as_bytes(), 1, 0);
    for (id, _, _, presentasi, visitasi) in BODIES {
        let mut entries = Vec::new();
        match (id, presentasi) {
            // A's presentation in parts, judged twice: (15 + 60) and (10 + 75), mean 80.
            ("A", Some(_)) => {
                entries.push(presented(id, 15, 60));
                entries.push(presented(id, 10, 75));
            }
            (_, Some(score)) => entries.push(presented(id, 10, score - 10)),
            (_, None) => {}
        }
        if let Some(score) = visitasi {
            entries.push(StageScore::new(id, "visitasi", vec![score.into()]));
        }
        for entry in entries {
            batch
                .add_stage_score(entry)
                .unwrap_or_else(|p| panic!("{p}"));
        }
    }
    for entry in extra {
        batch
            .add_stage_score(entry.clone())
            .unwrap_or_else(|p| panic!("{p}"));
    }
    batch.finish()
}

/// One body scored alone (`Plan::score`, `kip explain`) cannot know its rank: a rank
/// gate is taken as the batch published it — passed with the stage's score, not passed
/// without — so every body of the hand-worked batch gets its batch final alone, and E
/// (fifth, no presentation) is never told it passed the presentation's gate.
#[test]
fn a_body_alone_takes_a_rank_gate_as_published() {
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let results = batch_results(&plan, &[]);
    for (id, category, saq, presentasi, visitasi) in BODIES {
        let submission = kip_index::Submission::from_json(
            &json!({
                "instrument": "uji",
                "agency": { "id": id, "name": format!("Badan {id}"), "category": category },
                "answers": { "R1": { "value": saq } }
            })
            .to_string(),
        )
        .unwrap_or_else(|r| panic!("{r}"));
        let mut entries = Vec::new();
        match (id, presentasi) {
            ("A", Some(_)) => {
                entries.push(presented(id, 15, 60));
                entries.push(presented(id, 10, 75));
            }
            (_, Some(score)) => entries.push(presented(id, 10, score - 10)),
            (_, None) => {}
        }
        if let Some(score) = visitasi {
            entries.push(StageScore::new(id, "visitasi", vec![score.into()]));
        }
        let mut body = kip_index::Body::new(&submission);
        body.stage_scores = entries.iter().collect();
        let alone = plan.score(&body).unwrap_or_else(|r| panic!("{id}: {r}"));
        let batch = (results.results.iter())
            .find(|c| c.agency.id == id)
            .unwrap_or_else(|| panic!("{id} in the batch"));
        assert_eq!(alone.final_score, batch.final_score, "{id}");
        let presentasi_passed = |card: &kip_index::Scorecard| {
            card.stages
                .iter()
                .find(|s| &*s.id == "presentasi")
                .and_then(|s| s.passed)
        };
        if presentasi.is_some() {
            assert_eq!(presentasi_passed(&alone), Some(true), "{id}");
        } else {
            assert_eq!(presentasi_passed(&alone), Some(false), "{id}");
        }
    }
}

/// One judge's presentation in parts: the head's attendance and the rest.
fn presented(id: &str, kehadiran: u32, paparan: u32) -> StageScore {
    let parts = vec![
        ("kehadiran".to_owned(), kehadiran.into()),
        ("paparan".to_owned(), paparan.into()),
    ];
    StageScore::in_parts(id, "presentasi", parts)
}

#[test]
fn the_hand_worked_batch_with_a_rank_gate_an_any_gate_and_two_policies() {
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let results = batch_results(&plan, &[]);
    let card = |id: &str| {
        results
            .results
            .iter()
            .find(|c| c.agency.id == id)
            .unwrap_or_else(|| panic!("{id} not scored"))
    };
    let passed = |c: &kip_index::Scorecard, stage: &str| {
        c.stages
            .iter()
            .find(|s| &*s.id == stage)
            .and_then(|s| s.passed)
    };
    // Worked by hand (weights 60 / 25 / 15; a stage counts with its score, 0 when skipped
    // under `zero`, and is left out under `reweight`):
    let expected = [
        // A: (60×90 + 25×80 + 15×100) / 100 = (5400 + 2000 + 1500) / 100.
        ("A", "89.00", "menuju_informatif", true, true),
        // B: not visited, left out: (5100 + 1750) / 85 = 80.588… .
        ("B", "80.59", "menuju_informatif", true, true),
        // C: tied third passes: (4800 + 2250 + 1200) / 100.
        ("C", "82.50", "menuju_informatif", true, true),
        // D: tied third, no presentation, counted 0: (4800 + 0 + 1350) / 100.
        ("D", "61.50", "cukup_informatif", true, true),
        // E: fifth — no presentation (0); SAQ 70 in a regency — no visit (left out):
        // 4200 / (60 + 25) = 49.411… .
        ("E", "49.41", "kurang_informatif", false, false),
        // F, G: two cities, fewer than 3 — both present; cities are visited.
        // F: (4500 + 1500 + 1050) / 100; G: (3600 + 1250 + 600) / 100.
        ("F", "70.50", "cukup_informatif", true, true),
        ("G", "54.50", "kurang_informatif", true, true),
    ];
    for (id, final_score, qualification, presents, visited) in expected {
        let c = card(id);
        assert_eq!(c.final_score.rounded().to_string(), final_score, "{id}");
        assert_eq!(c.qualification, qualification, "{id}");
        assert_eq!(passed(c, "presentasi"), Some(presents), "{id}");
        assert_eq!(passed(c, "visitasi"), Some(visited), "{id}");
        assert_eq!(passed(c, "saq"), None, "{id}: the SAQ has no gate");
    }
    // The rank within the category's qualification (`rank.qualification`): the
    // regencies' Menuju Informatif are A 89.00, C 82.50, B 80.59; every other body is
    // alone in its category's band.
    let in_band = |id: &str| card(id).rank.map(|r| r.qualification);
    for (id, rank) in [
        ("A", 1),
        ("C", 2),
        ("B", 3),
        ("D", 1),
        ("E", 1),
        ("F", 1),
        ("G", 1),
    ] {
        assert_eq!(in_band(id), Some(rank), "{id}");
    }
    // A's presentation in parts: each part's mean over its two judges.
    let parts: Vec<(String, String)> = (card("A").stage_parts.iter())
        .flat_map(|p| p.parts.iter())
        .map(|(id, score)| (id.to_string(), score.rounded().to_string()))
        .collect();
    assert_eq!(
        parts,
        [
            ("kehadiran".to_owned(), "12.50".to_owned()),
            ("paparan".to_owned(), "67.50".to_owned())
        ]
    );
    // The skipped presentations show as null with their 0 marked on the scorecards.
    assert!(card("D").stage_counted_as_zero("presentasi"));
    assert!(card("E").stage_counted_as_zero("presentasi"));
    assert!(!card("B").stage_counted_as_zero("visitasi"));
    assert!(!card("E").stage_counted_as_zero("visitasi"));
    // The results say it per gated stage.
    let json = results.to_json();
    assert!(
        json.contains(
            "\"gates\": {\n        \"presentasi\": false,\n        \"visitasi\": false\n      }"
        ),
        "{json}"
    );
    // The hand-written JSON is the serialised one, gates included.
    let mut written = Vec::new();
    results
        .write_json(&mut written)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&written), results.to_json());
}

#[test]
fn a_score_for_a_stage_a_rank_gate_closed_rejects_the_body_where_it_stands() {
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    // E ranks fifth in its category: a presentation score for it is refused, naming the
    // body, the stage and the rule that decided.
    let extra = [presented("E", 10, 65)];
    let results = batch_results(&plan, &extra);
    assert!(results.results.iter().all(|c| c.agency.id != "E"));
    let rejected = results
        .rejected
        .iter()
        .find(|r| r.agency.as_deref() == Some("E"))
        .unwrap_or_else(|| panic!("E is not rejected: {:?}", results.rejected));
    assert_eq!(rejected.source.to_string(), "batch.jsonl:5");
    let problem = rejected
        .errors
        .first()
        .unwrap_or_else(|| panic!("no problem"));
    assert_eq!(problem.kind, ProblemKind::Gate);
    assert!(
        problem.message.contains("`presentasi`")
            && problem.message.contains("`E`")
            && problem
                .message
                .contains("ranks 5 in its category, past the gate's top 3"),
        "{}",
        problem.message
    );
    // The others are scored as before: E took no part in any rank after it was refused.
    let a = results.results.iter().find(|c| c.agency.id == "A");
    assert_eq!(
        a.map(|c| c.final_score.rounded().to_string()),
        Some("89.00".into())
    );
}

#[test]
fn gate_problems_are_reported_where_they_stand() {
    let cases: [(&str, Value, &str); 9] = [
        (
            "/stages/1/requires/stage",
            json!({ "stage": "nope" }),
            "found `nope`",
        ),
        (
            "/stages/1/requires/stage",
            json!({ "stage": "presentasi", "min": 60 }),
            "gated on itself",
        ),
        (
            "/stages/1/requires/top",
            json!({ "stage": "saq", "top": 0 }),
            "at least 1, found 0",
        ),
        (
            "/stages/1/requires/within",
            json!({ "stage": "saq", "within": "region" }),
            "only beside `top`",
        ),
        (
            "/stages/1/requires/any",
            json!({ "any": [] }),
            "at least one condition",
        ),
        (
            "/stages/1/requires/all/0/categories/0",
            json!({ "all": [ { "categories": ["desa"] } ] }),
            "desa",
        ),
        (
            "/stages/1/requires",
            json!({ "stage": "saq", "categories": ["pemkot"] }),
            "one kind",
        ),
        (
            "/stages/1/requires/top",
            json!({ "stage": "saq", "top": -2 }),
            "from 1 up",
        ),
        // `within` written as the default without `top`: refused all the same.
        (
            "/stages/1/requires/within",
            json!({ "stage": "saq", "within": "category" }),
            "only beside `top`",
        ),
    ];
    for (path, gate, gist) in cases {
        let mut value = instrument();
        value["stages"][1]["requires"] = gate.clone();
        let report = Instrument::from_json(&value.to_string())
            .err()
            .unwrap_or_else(|| panic!("{gate} was accepted"));
        assert!(
            report
                .problems()
                .iter()
                .any(|p| p.path == path && p.message.contains(gist)),
            "{gate}: expected {path} ({gist}), found {report}"
        );
    }
    // The questionnaire takes no gate: every body answers it (the batch reads its score).
    let mut value = instrument();
    value["stages"][0]["requires"] = json!({ "categories": ["pemkab"] });
    let report = Instrument::from_json(&value.to_string())
        .err()
        .unwrap_or_else(|| panic!("a gate on the questionnaire was accepted"));
    let problem = (report.iter())
        .find(|p| p.path == "/stages/0/requires")
        .unwrap_or_else(|| panic!("{report}"));
    assert_eq!(
        problem.message_in(kip_index::Language::Indonesian),
        "seharusnya tahap kuesioner tanpa syarat (semua badan publik mengisinya), ternyata ada syarat"
    );
    // A circle through an `any`: visitasi waits on presentasi, presentasi on visitasi.
    let mut value = instrument();
    value["stages"][1]["requires"] = json!({ "any": [ { "stage": "visitasi" } ] });
    value["stages"][2]["requires"] = json!({ "stage": "presentasi", "top": 2 });
    let report = Instrument::from_json(&value.to_string())
        .err()
        .unwrap_or_else(|| panic!("a circle was accepted"));
    assert!(
        report
            .problems()
            .iter()
            .any(|p| p.path == "/stages/1/requires" && p.message.contains("cycle")),
        "{report}"
    );
}

/// Gates are settled in gate order whatever order the stages are listed in: the same
/// batch with the stages listed backwards gives the same finals.
#[test]
fn stages_listed_in_any_order_settle_the_same() {
    let mut value = instrument();
    if let Some(stages) = value["stages"].as_array_mut() {
        stages.reverse();
    }
    let forwards = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let backwards = Plan::new(&parsed(&value)).unwrap_or_else(|r| panic!("{r}"));
    let finals = |plan: &Plan| {
        let mut finals: Vec<(String, String)> = batch_results(plan, &[])
            .results
            .iter()
            .map(|c| (c.agency.id.clone(), c.final_score.rounded().to_string()))
            .collect();
        finals.sort();
        finals
    };
    assert_eq!(finals(&forwards), finals(&backwards));
}

/// Every commission's rule written in docs/scoring.md (a `<!-- gate: ... -->` mark, then
/// a JSON block of stages) is read and checked as part of an instrument: SAQ first, the
/// snippet's stages after it, the weights made up to 100.
#[test]
fn every_commissions_rule_in_the_docs_is_a_valid_gate() {
    let docs = std::fs::read_to_string("docs/scoring.md").unwrap_or_default();
    let mut checked = Vec::new();
    for part in docs.split("<!-- gate: ").skip(1) {
        let name = part.split(" —").next().unwrap_or_default().to_owned();
        let block = part
            .split("```json")
            .nth(1)
            .and_then(|b| b.split("```").next())
            .unwrap_or_else(|| panic!("{name}: no JSON block"));
        let stages: Vec<Value> =
            serde_json::from_str(&format!("[{block}]")).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut value = instrument();
        let taken: i64 = stages
            .iter()
            .map(|s| s["weight"].as_i64().unwrap_or_default())
            .sum();
        let mut all = vec![
            json!({ "id": "saq", "name": "SAQ", "weight": 100 - taken, "questionnaire": true }),
        ];
        all.extend(stages);
        value["stages"] = Value::Array(all);
        let instrument =
            Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{name}: {r}"));
        Plan::new(&instrument).unwrap_or_else(|r| panic!("{name}: {r}"));
        checked.push(name);
    }
    assert_eq!(
        checked,
        ["Banten", "Sumbar 2023", "Bali 2025", "Jatim", "NTT 2025"],
        "the commissions' rules in docs/scoring.md"
    );
}

/// The SAQ page (`Plan::evaluate`) states each gate: whether the answers reach it, or —
/// for a rank, which one questionnaire cannot know — that it depends on the others.
#[test]
fn the_saq_page_says_which_gates_the_answers_reach_and_states_a_rank_as_a_rule() {
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let page = |category: &str, saq: u32| {
        let text = json!({
            "instrument": "uji",
            "agency": { "id": "X", "name": "Badan X", "category": category },
            "answers": { "R1": { "value": saq } }
        });
        let evaluation = plan.evaluate(&text.to_string(), kip_index::Language::Indonesian);
        (evaluation.gates.iter())
            .map(|g| (g.stage.clone(), g.rule.clone(), g.reached))
            .collect::<Vec<_>>()
    };
    let rank = "3 besar SAQ dalam kategori".to_owned();
    let visit = "SAQ ≥ 80 atau kategori Pemerintah Kota".to_owned();
    assert_eq!(
        page("pemkab", 70),
        [
            ("presentasi".into(), rank.clone(), None),
            ("visitasi".into(), visit.clone(), Some(false)),
        ]
    );
    assert_eq!(
        page("pemkab", 85),
        [
            ("presentasi".into(), rank.clone(), None),
            ("visitasi".into(), visit.clone(), Some(true)),
        ]
    );
    assert_eq!(
        page("pemkot", 60)[1],
        ("visitasi".into(), visit, Some(true))
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A gate on the SAQ: a rank (top N within the category, the region or all), a
    /// least score, or both, maybe with a category's way in.
    fn gate() -> impl Strategy<Value = Value> {
        let within = prop_oneof![Just("category"), Just("region"), Just("all")];
        let rank = (1u32..5, within)
            .prop_map(|(top, within)| json!({ "stage": "saq", "top": top, "within": within }));
        let min = (0u32..100).prop_map(|min| json!({ "stage": "saq", "min": min }));
        let both = (1u32..5, 0u32..100)
            .prop_map(|(top, min)| json!({ "stage": "saq", "top": top, "min": min }));
        let single = prop_oneof![rank, min, both];
        prop_oneof![
            single.clone(),
            single
                .clone()
                .prop_map(|g| json!({ "any": [g, { "categories": ["pemkot"] }] })),
            (single.clone(), single).prop_map(|(a, b)| json!({ "all": [a, b] })),
        ]
    }

    /// Bodies: category, region, SAQ (whole numbers, so that ties are common) and
    /// whether a presentation score was given (and which).
    fn bodies() -> impl Strategy<Value = Vec<(bool, u8, u32, Option<u32>)>> {
        proptest::collection::vec(
            (
                any::<bool>(),
                0u8..3,
                0u32..=10,
                proptest::option::of(0u32..=100),
            ),
            1..40,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// The same batch read from JSON Lines (the fast path) and from checked
        /// submissions (the careful one) gives the same cards, gates and ranks; and every
        /// body tied with another on the SAQ in a rank's group is on the same side of the
        /// cut.
        #[test]
        fn random_gates_settle_alike_on_both_paths_and_ties_stay_together(
            gate in gate(),
            bodies in bodies(),
        ) {
            let mut value = instrument();
            value["stages"][1]["requires"] = gate.clone();
            let inst = parsed(&value);
            let plan = Plan::new(&inst).unwrap_or_else(|r| panic!("{r}"));
            let (mut fast, mut careful) = (Batch::new(&plan), Batch::new(&plan));
            let mut lines = String::new();
            for (k, (city, region, saq, presentasi)) in bodies.iter().enumerate() {
                let text = json!({
                    "instrument": "uji",
                    "agency": { "id": format!("{k:03}"), "name": format!("Badan {k}"),
                                "category": if *city { "pemkot" } else { "pemkab" },
                                "region": format!("3{region}") },
                    // Ten steps of 10: many bodies share an SAQ.
                    "answers": { "R1": { "value": saq * 10 } }
                })
                .to_string();
                lines.push_str(&text);
                lines.push('\n');
                let submission = kip_index::Submission::from_json(&text)
                    .unwrap_or_else(|r| panic!("{r}"));
                careful.add_submission(format!("b:{k}"), &submission);
                if let Some(score) = presentasi {
                    for batch in [&mut fast, &mut careful] {
                        let head = (*score).min(15);
                        let entry = presented(&format!("{k:03}"), head, score - head);
                        batch.add_stage_score(entry).unwrap_or_else(|p| panic!("{p}"));
                    }
                }
            }
            fast.add_json_lines("b.jsonl", lines.as_bytes(), 1, 0);
            let (fast, careful) = (fast.finish(), careful.finish());
            let cards = |r: &Results| serde_json::to_string(&r.results).unwrap_or_default();
            prop_assert_eq!(cards(&fast), cards(&careful), "{}", gate);
            // Listed by where they stand, which the two paths name differently: as sets.
            let refused = |r: &Results| {
                let mut ids: Vec<String> = r.rejected.iter().filter_map(|x| x.agency.clone()).collect();
                ids.sort();
                ids
            };
            prop_assert_eq!(refused(&fast), refused(&careful));
            // Ties at a cut: among the cards scored, two bodies of the same category and
            // region with the same SAQ and the same way in pass or fail together.
            for a in &fast.results {
                for b in &fast.results {
                    let same = a.agency.category == b.agency.category
                        && a.agency.region == b.agency.region
                        && a.stage("saq").map(|s| s.rounded()) == b.stage("saq").map(|s| s.rounded());
                    let passed = |c: &kip_index::Scorecard| c.stages.get(1).and_then(|s| s.passed);
                    if same {
                        prop_assert_eq!(passed(a), passed(b), "{} and {} under {}", a.agency.id, b.agency.id, gate);
                    }
                }
            }
        }
    }
}
