//! `explain` (issue 7): every question's share and loss, and what to fix first — the
//! order, the gains and the cumulative finals worked out by hand.

use kip_index::{Body, Instrument, Plan, Submission};
use serde_json::{Value, json};

fn instrument(stages: Value, questions: Value) -> Instrument {
    let value = json!({
        "id": "uji", "name": "Uji",
        "categories": [ { "id": "pemkot", "name": "Kota" } ],
        "stages": stages,
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju_informatif", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup_informatif", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang_informatif", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
        ],
        "indicators": [ { "id": "a", "name": "A", "weight": 100, "questions": questions } ]
    });
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn saq_only() -> Value {
    json!([{ "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true }])
}

fn submission(answers: Value) -> Submission {
    let value = json!({
        "instrument": "uji",
        "agency": { "id": "3673", "name": "Kota Serang", "category": "pemkot" },
        "answers": answers
    });
    Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn fixes(plan: &Plan, body: &Body) -> Vec<(String, String, String, String)> {
    let explanation = plan.explain(body).unwrap_or_else(|r| panic!("{r}"));
    explanation
        .fixes
        .iter()
        .map(|f| {
            (
                f.question.clone(),
                f.gain.rounded().to_string(),
                f.final_score.rounded().to_string(),
                f.qualification.to_string(),
            )
        })
        .collect()
}

fn owned(rows: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    rows.iter()
        .map(|(a, b, c, d)| ((*a).into(), (*b).into(), (*c).into(), (*d).into()))
        .collect()
}

#[test]
fn fixes_come_in_order_of_gain_with_the_cumulative_final_and_qualification() {
    let plan = Plan::new(&instrument(
        saq_only(),
        json!([
            { "id": "Q1", "text": "SK PPID?", "kind": "yes_no", "weight": 2, "evidence": "required" },
            { "id": "Q2", "text": "rating", "kind": "rating" },
            { "id": "Q3", "text": "choice", "kind": "choice", "weight": 2, "options": [
                { "id": "full", "label": "Full", "score": 100 }, { "id": "half", "label": "Half", "score": 50 } ] },
            { "id": "Q4", "text": "N/A allowed", "kind": "yes_no", "allow_na": true }
        ]),
    ))
    .unwrap_or_else(|r| panic!("{r}"));
    let s = submission(json!({
        "Q1": { "value": true }, "Q2": { "value": 40 }, "Q3": { "value": "half" }, "Q4": { "na": true }
    }));
    let body = Body::new(&s);
    // Now: Q1 has no evidence (0), Q2 40, Q3 50, Q4 N/A (left out); weights 2 + 1 + 2 = 5.
    // Final = (2 × 0 + 40 + 2 × 50) / 5 = 140 / 5 = 28.
    // Gains: Q1 with evidence 2 × 100 / 5 = +40; Q3 2 × 50 / 5 = +20; Q2 60 / 5 = +12;
    // Q4 (N/A) is not suggested. Cumulative: 68 (Cukup), 88 (Menuju), 100 (Informatif).
    assert_eq!(
        fixes(&plan, &body),
        owned(&[
            ("Q1", "40.00", "68.00", "cukup_informatif"),
            ("Q3", "20.00", "88.00", "menuju_informatif"),
            ("Q2", "12.00", "100.00", "informatif"),
        ])
    );
    let explanation = plan.explain(&body).unwrap_or_else(|r| panic!("{r}"));
    // Q1 is answered "ya" already: what it lacks is its evidence, and the advice says so.
    assert_eq!(
        explanation.fixes[0].to_string(),
        "Q1: attach the evidence for the answer \"yes\": +40.00 → 68.00, cukup_informatif"
    );
    assert_eq!(
        explanation.fixes[0].describe_in(kip_index::Language::Indonesian, "Cukup Informatif"),
        "Q1: lampirkan data dukung untuk jawaban \"ya\": +40,00 → 68,00, Cukup Informatif"
    );
    // Q3: the option's label to give, and the answer now.
    assert_eq!(
        explanation.fixes[1].describe_in(kip_index::Language::Indonesian, "Menuju Informatif"),
        "Q3: jawab \"Full\" (sekarang \"Half\"): +20,00 → 88,00, Menuju Informatif"
    );
    // Shares of the final and points lost: Q1 2/5 of 100 = 40, all lost; Q2 20, lost
    // 20 × 60 / 100 = 12; Q3 40, lost 20; Q4 left out.
    let lines: Vec<(String, String, String, String)> = explanation
        .questions
        .iter()
        .map(|q| {
            let shown =
                |s: Option<kip_index::Score>| s.map_or("-".to_owned(), |s| s.rounded().to_string());
            (
                q.id.clone(),
                q.answer.clone(),
                shown(q.share),
                shown(q.lost),
            )
        })
        .collect();
    assert_eq!(
        lines,
        owned(&[
            ("Q1", "ya", "40.00", "40.00"),
            ("Q2", "40", "20.00", "12.00"),
            ("Q3", "Half", "40.00", "20.00"),
            ("Q4", "NA", "-", "-"),
        ])
    );
}

#[test]
fn a_when_parent_is_worth_what_it_unlocks() {
    let plan = Plan::new(&instrument(
        saq_only(),
        json!([
            { "id": "P", "text": "has a PPID?", "kind": "yes_no" },
            { "id": "C1", "text": "rating", "kind": "rating",
              "when": { "question": "P", "equals": true }, "otherwise": "not_applicable" },
            { "id": "C2", "text": "rating", "kind": "rating",
              "when": { "question": "P", "equals": true }, "otherwise": "not_applicable" },
            { "id": "Z", "text": "rating", "kind": "rating" }
        ]),
    ))
    .unwrap_or_else(|r| panic!("{r}"));
    let s = submission(json!({ "P": { "value": false }, "Z": { "value": 50 } }));
    // Now: P 0, C1 and C2 left out (P is false), Z 50: (0 + 50) / 2 = 25.
    // Fixing P opens C1 and C2, answered in full with it: (100 + 100 + 100 + 50) / 4 =
    // 87.5, +62.5. Fixing Z alone: (0 + 100) / 2 = 50, +25. So P first, then Z:
    // (4 × 100) / 4 = 100, +12.5.
    let body = Body::new(&s);
    assert_eq!(
        fixes(&plan, &body),
        owned(&[
            ("P", "62.50", "87.50", "menuju_informatif"),
            ("Z", "12.50", "100.00", "informatif"),
        ])
    );
    let explanation = plan.explain(&body).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(explanation.fixes[0].opens, ["C1", "C2"]);
    assert!(
        explanation.fixes[0].to_string().contains("opens (C1, C2)"),
        "{}",
        explanation.fixes[0]
    );
}

#[test]
fn a_fix_that_lifts_the_saq_over_the_gate_says_it_opens_the_gate() {
    let plan = Plan::new(&instrument(
        json!([
            { "id": "saq", "name": "SAQ", "weight": 70, "questionnaire": true },
            { "id": "visitasi", "name": "Visitasi", "weight": 30, "requires": { "stage": "saq", "min": 60 } }
        ]),
        json!([
            { "id": "Q1", "text": "yes/no", "kind": "yes_no" },
            { "id": "Q2", "text": "rating", "kind": "rating" }
        ]),
    ))
    .unwrap_or_else(|r| panic!("{r}"));
    let s = submission(json!({ "Q1": { "value": false }, "Q2": { "value": 100 } }));
    // SAQ = (0 + 100) / 2 = 50 < 60: no visitasi; final = 0.7 × 50 = 35.
    // Fixing Q1: SAQ 100, final 70 (+35), and the visitasi gate opens.
    let explanation = plan
        .explain(&Body::new(&s))
        .unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(
        explanation.scorecard.final_score.rounded().to_string(),
        "35.00"
    );
    let fix = &explanation.fixes[0];
    assert_eq!(
        (fix.question.as_str(), fix.gain.rounded().to_string()),
        ("Q1", "35.00".to_owned())
    );
    assert_eq!(fix.opens_gates, ["visitasi"]);
    assert!(
        fix.to_string().ends_with("opens the `visitasi` gate"),
        "{fix}"
    );
}
