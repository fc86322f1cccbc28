//! The scoring contract (SPEC 2.1–2.3, 3), case by case, each worked out by hand in its
//! comments.

mod common;

use kip_index::{
    Body, Decimal, Instrument, Plan, ProblemKind, Ratio, Report, Scorecard, StageScore, Submission,
    Verification, read_stage_scores, read_verifications,
};
use serde_json::{Value, json};

const QUALIFICATIONS: &str = r#"[
    { "id": "informatif", "name": "Informatif", "min": 90 },
    { "id": "menuju_informatif", "name": "Menuju Informatif", "min": 80 },
    { "id": "cukup_informatif", "name": "Cukup Informatif", "min": 60 },
    { "id": "kurang_informatif", "name": "Kurang Informatif", "min": 40 },
    { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
]"#;

/// An instrument with the five Monev qualifications and two categories.
fn instrument(stages: Value, indicators: Value) -> Value {
    let qualifications: Value = serde_json::from_str(QUALIFICATIONS).unwrap_or(Value::Null);
    json!({
        "id": "uji", "name": "Instrumen uji",
        "categories": [ { "id": "pemkot", "name": "Pemerintah Kota" },
                        { "id": "pemkab", "name": "Pemerintah Kabupaten" } ],
        "stages": stages,
        "qualifications": qualifications,
        "indicators": indicators
    })
}

fn saq_only() -> Value {
    json!([{ "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true }])
}

fn plan(instrument: &Value) -> Plan {
    let parsed = Instrument::from_json(&instrument.to_string())
        .unwrap_or_else(|r| panic!("instrument: {r}"));
    Plan::new(&parsed).unwrap_or_else(|r| panic!("plan: {r}"))
}

fn submission_of(agency: &str, category: &str, rater: Option<&str>, answers: Value) -> Submission {
    let mut value = json!({
        "instrument": "uji",
        "agency": { "id": agency, "name": format!("Badan {agency}"), "category": category, "region": "36" },
        "answers": answers
    });
    if let Some(r) = rater {
        common::set(&mut value, "/rater", json!(r));
    }
    Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("submission: {r}"))
}

fn submission(answers: Value) -> Submission {
    submission_of("3673", "pemkot", None, answers)
}

fn score(plan: &Plan, body: &Body) -> Scorecard {
    plan.score(body)
        .unwrap_or_else(|r| panic!("expected a score, found:\n{r}"))
}

fn refused(plan: &Plan, body: &Body) -> Report {
    match plan.score(body) {
        Ok(card) => panic!("expected problems, found a score of {:?}", card.final_score),
        Err(report) => report,
    }
}

fn shown(score: Option<kip_index::Score>) -> String {
    score.map_or("null".to_owned(), |s| s.rounded().to_string())
}

fn ratio(n: i128, d: i128) -> Ratio {
    Ratio::new(n, d).unwrap_or_else(|| panic!("{n}/{d}"))
}

fn stage_scores(entries: Value) -> Vec<StageScore> {
    let inst = Instrument::from_json(&instrument(gated_stages(), one_rating()).to_string())
        .unwrap_or_else(|r| panic!("{r}"));
    read_stage_scores(&entries.to_string(), kip_index::Framing::Json, &inst)
        .into_iter()
        .map(|r| r.value.unwrap_or_else(|p| panic!("stage score: {p}")))
        .collect()
}

fn verification(entry: Value, inst: &Value) -> Verification {
    let inst = Instrument::from_json(&inst.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let mut records = read_verifications(&entry.to_string(), kip_index::Framing::Json, &inst);
    records
        .pop()
        .and_then(|r| r.value.ok())
        .unwrap_or_else(|| panic!("verification {entry}"))
}

fn one_rating() -> Value {
    json!([{ "id": "a", "name": "A", "weight": 100, "questions": [
        { "id": "R1", "text": "rating", "kind": "rating" } ] }])
}

fn gated_stages() -> Value {
    json!([
        { "id": "saq", "name": "SAQ", "weight": 70, "questionnaire": true },
        { "id": "presentasi", "name": "Presentasi", "weight": 30,
          "requires": { "stage": "saq", "min": 60 } }
    ])
}

/// A plan with one question in one indicator: the indicator's score is the question's.
fn single_question(question: Value) -> Plan {
    plan(&instrument(
        saq_only(),
        json!([{ "id": "a", "name": "A", "weight": 100, "questions": [question] }]),
    ))
}

fn question_score(plan: &Plan, id: &str, value: Value) -> Ratio {
    let s = submission(json!({ id: { "value": value } }));
    let card = score(plan, &Body::new(&s));
    card.indicator("a")
        .map(|s| s.exact())
        .unwrap_or_else(|| panic!("indicator a left out"))
}

#[test]
fn the_base_fixture_scores_as_worked_by_hand() {
    let plan = Plan::new(&common::instrument()).unwrap_or_else(|r| panic!("{r}"));
    let s = Submission::from_json(&common::base_submission().to_string())
        .unwrap_or_else(|r| panic!("{r}"));
    let card = score(&plan, &Body::new(&s));
    // Indicator a (weight 60): Q1 true with evidence = 100; Q2 "y" = 50; Q3 ["p"] =
    // 100 × 2/3 = 200/3; Q4 (asked, since Q1 is true) 7.5 ≤ 10 = 100.
    // a = (100 + 50 + 200/3 + 100) / 4 = (950/3) / 4 = 950/12 = 79.1666… → 79.17.
    assert_eq!(card.indicator("a").map(|s| s.exact()), Some(ratio(950, 12)));
    assert_eq!(shown(card.indicator("a")), "79.17");
    // Indicator b (weight 40): Q5 N/A is left out; Q6 89.995; Q7 is text (never
    // scored); Q8 false = 0 (it applies to pemkot). b = (89.995 + 0) / 2 = 44.9975 → 45.00.
    assert_eq!(shown(card.indicator("b")), "45.00");
    // SAQ = 0.6 × 950/12 + 0.4 × 44.9975 = 47.5 + 17.999 = 65.499 → 65.50.
    assert_eq!(
        card.stage("saq").map(|s| s.exact()),
        Some(ratio(65_499, 1000))
    );
    assert_eq!(shown(card.stage("saq")), "65.50");
    // No visitasi score: it took no part; absent_stage zero counts it 0.
    // Final = 80 × 65.499 / 100 = 52.3992 → 52.40, Kurang Informatif (≥ 40).
    assert_eq!(shown(card.stage("visitasi")), "null");
    assert_eq!(card.final_score.rounded().to_string(), "52.40");
    assert_eq!(card.qualification, "kurang");
    assert_eq!(card.self_assessed.rounded().to_string(), "65.50");
    // Points lost: a: 60 × (100 − 950/12) / 100 = 60 × 250/12 / 100 = 12.5;
    // b: 40 × 55.0025 / 100 = 22.001 → 22.00; together 34.501 = 100 − 65.499.
    let lost: Vec<String> = card
        .indicators
        .iter()
        .map(|i| shown(i.points_lost))
        .collect();
    assert_eq!(lost, ["12.50", "22.00"]);
    assert!(card.diagnostics.missing.is_empty());
}

#[test]
fn nested_weights_rescale_when_a_sub_indicator_is_left_out() {
    let plan = plan(&instrument(
        saq_only(),
        json!([
            { "id": "jenis", "name": "Jenis", "weight": 60, "indicators": [
                { "id": "s1", "name": "S1", "weight": 2, "questions": [
                    { "id": "A1", "text": "yes/no", "kind": "yes_no" },
                    { "id": "A2", "text": "choice", "kind": "choice", "weight": 3, "options": [
                        { "id": "full", "label": "Full", "score": 100 },
                        { "id": "half", "label": "Half", "score": 50 } ] } ] },
                { "id": "s2", "name": "S2", "weight": 1, "questions": [
                    { "id": "B1", "text": "rating", "kind": "rating" } ] },
                { "id": "s3", "name": "S3", "weight": 1, "questions": [
                    { "id": "C1", "text": "rating", "kind": "rating", "allow_na": true } ] } ] },
            { "id": "lain", "name": "Lain", "weight": 40, "questions": [
                { "id": "D1", "text": "rating", "kind": "rating" } ] }
        ]),
    ));
    let s = submission(json!({
        "A1": { "value": true }, "A2": { "value": "half" },
        "B1": { "value": 80 }, "C1": { "na": true }, "D1": { "value": 90 }
    }));
    let card = score(&plan, &Body::new(&s));
    // s1 = (1 × 100 + 3 × 50) / 4 = 62.5; s2 = 80; s3 is left out (its only question N/A).
    assert_eq!(shown(card.indicator("s1")), "62.50");
    assert_eq!(shown(card.indicator("s2")), "80.00");
    assert_eq!(shown(card.indicator("s3")), "null");
    // jenis: s1 and s2 fill s3's place: (2 × 62.5 + 1 × 80) / 3 = 205/3 = 68.333… → 68.33
    // (not (125 + 80 + 0) / 4 = 51.25, which counting s3 as 0 would give).
    assert_eq!(
        card.indicator("jenis").map(|s| s.exact()),
        Some(ratio(205, 3))
    );
    assert_eq!(shown(card.indicator("jenis")), "68.33");
    // SAQ = 0.6 × 205/3 + 0.4 × 90 = 41 + 36 = 77 → final 77.00, Cukup Informatif.
    assert_eq!(card.final_score.rounded().to_string(), "77.00");
    assert_eq!(card.qualification, "cukup_informatif");
    // Points lost: jenis 60 × (100 − 205/3)/100 = 60 × 95/3 / 100 = 19; within it s1's
    // share is 60 × 2/3 = 40, losing 40 × 37.5/100 = 15, and s2's 20, losing 4; lain
    // 40 × 10/100 = 4. 19 + 4 = 23 = 100 − 77.
    let lost = |id: &str| {
        card.indicators
            .iter()
            .find(|i| &*i.id == id)
            .map(|i| shown(i.points_lost))
            .unwrap_or_default()
    };
    assert_eq!(
        [
            lost("jenis"),
            lost("s1"),
            lost("s2"),
            lost("s3"),
            lost("lain")
        ],
        ["19.00", "15.00", "4.00", "null", "4.00"]
    );
}

#[test]
fn everything_left_out_scores_zero() {
    let plan =
        single_question(json!({ "id": "N1", "text": "?", "kind": "yes_no", "allow_na": true }));
    let s = submission(json!({ "N1": { "na": true } }));
    let card = score(&plan, &Body::new(&s));
    assert_eq!(shown(card.indicator("a")), "null");
    assert_eq!(card.final_score.rounded().to_string(), "0.00");
    assert_eq!(card.qualification, "tidak_informatif");
}

fn when_plan() -> Plan {
    plan(&instrument(
        saq_only(),
        json!([{ "id": "a", "name": "A", "weight": 100, "questions": [
            { "id": "P", "text": "has a PPID?", "kind": "yes_no" },
            { "id": "C1", "text": "rating", "kind": "rating",
              "when": { "question": "P", "equals": true }, "otherwise": "zero" },
            { "id": "C2", "text": "rating", "kind": "rating",
              "when": { "question": "P", "equals": true }, "otherwise": "not_applicable" },
            { "id": "R", "text": "choice", "kind": "choice", "options": [
                { "id": "a", "label": "A", "score": 100 }, { "id": "b", "label": "B", "score": 40 } ] },
            { "id": "C3", "text": "rating", "kind": "rating",
              "when": { "question": "R", "equals": "a" }, "otherwise": "not_applicable" }
        ] }]),
    ))
}

#[test]
fn when_opens_its_questions() {
    let plan = when_plan();
    let s = submission(json!({
        "P": { "value": true }, "C1": { "value": 80 }, "C2": { "value": 60 },
        "R": { "value": "a" }, "C3": { "value": 90 }
    }));
    // All five asked: (100 + 80 + 60 + 100 + 90) / 5 = 430 / 5 = 86.
    let card = score(&plan, &Body::new(&s));
    assert_eq!(card.final_score.rounded().to_string(), "86.00");
}

#[test]
fn a_failed_when_counts_zero_or_leaves_out_as_otherwise_says() {
    let plan = when_plan();
    let s = submission(json!({
        "P": { "value": false }, "C1": { "value": 80 }, "C2": { "value": 60 },
        "R": { "value": "b" }, "C3": { "value": 90 }
    }));
    // P false: C1 counts 0 (otherwise zero) whatever was answered; C2 is left out.
    // R "b": C3 is left out. (0 + 0 + 40) / 3 = 40/3 = 13.333… → 13.33.
    let card = score(&plan, &Body::new(&s));
    assert_eq!(card.stage("saq").map(|s| s.exact()), Some(ratio(40, 3)));
    assert_eq!(card.final_score.rounded().to_string(), "13.33");
    // Questions not asked are not missing, answered or not.
    let s = submission(json!({ "P": { "value": false }, "R": { "value": "b" } }));
    let card = score(&plan, &Body::new(&s));
    assert!(
        card.diagnostics.missing.is_empty(),
        "{:?}",
        card.diagnostics
    );
    assert_eq!(card.final_score.rounded().to_string(), "13.33");
}

#[test]
fn checklist_items_count_by_their_points() {
    let plan = single_question(
        json!({ "id": "K", "text": "?", "kind": "checklist", "items": [
        { "id": "dip", "label": "DIP", "points": 5 },
        { "id": "sop", "label": "SOP", "points": 3 },
        { "id": "lap", "label": "Laporan", "points": 2 } ] }),
    );
    // 100 × (5 + 2) / 10 = 70; 100 × 3 / 10 = 30; none = 0; all = 100.
    assert_eq!(
        question_score(&plan, "K", json!(["dip", "lap"])),
        Ratio::from_integer(70)
    );
    assert_eq!(
        question_score(&plan, "K", json!(["sop"])),
        Ratio::from_integer(30)
    );
    assert_eq!(question_score(&plan, "K", json!([])), Ratio::ZERO);
    assert_eq!(
        question_score(&plan, "K", json!(["lap", "sop", "dip"])),
        Ratio::HUNDRED
    );
    let plan = single_question(
        json!({ "id": "K", "text": "?", "kind": "checklist", "items": [
        { "id": "x", "label": "X", "points": 1.5 }, { "id": "y", "label": "Y", "points": "0.5" } ] }),
    );
    // 100 × 0.5 / 2 = 25.
    assert_eq!(
        question_score(&plan, "K", json!(["y"])),
        Ratio::from_integer(25)
    );
}

#[test]
fn number_bands_by_max_lower_is_better() {
    let plan = single_question(
        json!({ "id": "D", "text": "days to answer", "kind": "number", "min": 0,
        "bands": [ { "max": 10, "score": 100 }, { "max": 17, "score": 50 }, { "score": 0 } ] }),
    );
    // The first band whose max is ≥ the answer; bounds are inclusive.
    assert_eq!(question_score(&plan, "D", json!(10)), Ratio::HUNDRED);
    assert_eq!(
        question_score(&plan, "D", json!("10.01")),
        Ratio::from_integer(50)
    );
    assert_eq!(
        question_score(&plan, "D", json!(17)),
        Ratio::from_integer(50)
    );
    assert_eq!(question_score(&plan, "D", json!(17.5)), Ratio::ZERO);
    assert_eq!(question_score(&plan, "D", json!(0)), Ratio::HUNDRED);
}

#[test]
fn number_bands_by_min_higher_is_better() {
    let plan = single_question(
        json!({ "id": "P", "text": "% answered", "kind": "number", "min": 0, "max": 100,
        "bands": [ { "min": 90, "score": 100 }, { "min": 75, "score": 60 }, { "score": 0 } ] }),
    );
    assert_eq!(question_score(&plan, "P", json!(90)), Ratio::HUNDRED);
    assert_eq!(question_score(&plan, "P", json!(100)), Ratio::HUNDRED);
    assert_eq!(
        question_score(&plan, "P", json!(89.99)),
        Ratio::from_integer(60)
    );
    assert_eq!(
        question_score(&plan, "P", json!(75)),
        Ratio::from_integer(60)
    );
    assert_eq!(question_score(&plan, "P", json!(74.9)), Ratio::ZERO);
}

#[test]
fn scale_yes_no_choice_and_rating_scores() {
    let plan =
        single_question(json!({ "id": "S", "text": "?", "kind": "scale", "min": 1, "max": 5 }));
    // 100 × (4 − 1) / (5 − 1) = 75; the bottom of the scale is 0.
    assert_eq!(
        question_score(&plan, "S", json!(4)),
        Ratio::from_integer(75)
    );
    assert_eq!(question_score(&plan, "S", json!(1)), Ratio::ZERO);
    let plan =
        single_question(json!({ "id": "S", "text": "?", "kind": "scale", "min": 0, "max": 3 }));
    // 100 × 1 / 3 = 100/3, kept exact.
    assert_eq!(question_score(&plan, "S", json!(1)), ratio(100, 3));
    let plan = single_question(json!({ "id": "Y", "text": "?", "kind": "yes_no" }));
    assert_eq!(question_score(&plan, "Y", json!(true)), Ratio::HUNDRED);
    assert_eq!(question_score(&plan, "Y", json!(false)), Ratio::ZERO);
    let plan = single_question(
        json!({ "id": "C", "text": "?", "kind": "choice", "options": [
        { "id": "a", "label": "A", "score": 100 }, { "id": "b", "label": "B", "score": 33.5 } ] }),
    );
    assert_eq!(question_score(&plan, "C", json!("b")), ratio(335, 10));
    let plan = single_question(json!({ "id": "R", "text": "?", "kind": "rating" }));
    assert_eq!(
        question_score(&plan, "R", json!("72.125")),
        ratio(72_125, 1000)
    );
}

#[test]
fn a_missing_answer_scores_zero_and_is_reported_or_refused_in_strict_mode() {
    let inst = instrument(
        saq_only(),
        json!([{ "id": "a", "name": "A", "weight": 100, "questions": [
            { "id": "M1", "text": "?", "kind": "yes_no" },
            { "id": "M2", "text": "?", "kind": "yes_no" },
            { "id": "M3", "text": "?", "kind": "text", "weight": 0 },
            { "id": "M4", "text": "?", "kind": "yes_no", "categories": ["pemkab"] } ] }]),
    );
    let s = submission(json!({ "M1": { "value": true } }));
    // M2 unanswered counts 0; M3 (text) is never scored nor missing; M4 does not apply
    // to a pemkot. (100 + 0) / 2 = 50.
    let lenient = plan(&inst);
    let card = score(&lenient, &Body::new(&s));
    assert_eq!(card.final_score.rounded().to_string(), "50.00");
    assert_eq!(card.diagnostics.missing, ["M2"]);
    let strict = plan(&inst).strict(true);
    let report = refused(&strict, &Body::new(&s));
    let problem = common::assert_problem(&report, "/answers/M2", "strict mode");
    assert_eq!(problem.kind(), ProblemKind::MissingAnswer);
}

fn ikip_plan() -> Plan {
    plan(&instrument(
        saq_only(),
        json!([{ "id": "a", "name": "A", "weight": 100, "questions": [
            { "id": "Q", "text": "rating", "kind": "rating", "allow_na": true },
            { "id": "Q2", "text": "rating", "kind": "rating" } ] }]),
    ))
}

#[test]
fn three_raters_combine_per_question_leaving_out_na() {
    let plan = ikip_plan();
    let a = submission_of(
        "32",
        "pemkot",
        Some("informan-01"),
        json!({ "Q": { "value": 80 }, "Q2": { "value": 70 } }),
    );
    let b = submission_of(
        "32",
        "pemkot",
        Some("informan-02"),
        json!({ "Q": { "na": true }, "Q2": { "value": 90 } }),
    );
    let c = submission_of(
        "32",
        "pemkot",
        Some("informan-03"),
        json!({ "Q": { "value": 65 } }),
    );
    let card = score(&plan, &Body::new(&a).with_rater(&b).with_rater(&c));
    // Q: the N/A rater is left out: (80 + 65) / 2 = 72.5.
    // Q2: the rater who left it unanswered counts 0: (70 + 90 + 0) / 3 = 160/3.
    // a = (72.5 + 160/3) / 2 = (217.5 + 160) / 6 = 377.5 / 6 = 62.91666… → 62.92.
    assert_eq!(
        card.indicator("a").map(|s| s.exact()),
        Some(ratio(3775, 60))
    );
    assert_eq!(card.final_score.rounded().to_string(), "62.92");
    assert_eq!(card.raters, 3);
    assert_eq!(card.diagnostics.missing, ["Q2"]);
}

#[test]
fn a_question_every_rater_leaves_out_is_left_out() {
    let plan = ikip_plan();
    let a = submission_of(
        "32",
        "pemkot",
        Some("r1"),
        json!({ "Q": { "na": true }, "Q2": { "value": 70 } }),
    );
    let b = submission_of(
        "32",
        "pemkot",
        Some("r2"),
        json!({ "Q": { "na": true }, "Q2": { "value": 91 } }),
    );
    // Q out for both: a = Q2 = (70 + 91) / 2 = 80.5.
    let card = score(&plan, &Body::new(&a).with_rater(&b));
    assert_eq!(card.final_score.rounded().to_string(), "80.50");
}

#[test]
fn raters_must_agree_on_the_body_and_not_repeat() {
    let plan = ikip_plan();
    let a = submission_of("32", "pemkot", Some("r1"), json!({}));
    let other = submission_of("32", "pemkab", Some("r2"), json!({}));
    let report = refused(&plan, &Body::new(&a).with_rater(&other));
    let p = common::assert_problem(&report, "/agency", "rater `r2`");
    assert_eq!(p.kind(), ProblemKind::Inconsistent);
    let again = submission_of("32", "pemkot", Some("r1"), json!({}));
    let report = refused(&plan, &Body::new(&a).with_rater(&again));
    let p = common::assert_problem(&report, "/rater", "one submission per rater");
    assert_eq!(p.kind(), ProblemKind::DuplicateSubmission);
}

fn evidence_instrument() -> Value {
    let q = |id: &str| json!({ "id": id, "text": "?", "kind": "yes_no", "evidence": "required" });
    instrument(
        saq_only(),
        json!([{ "id": "a", "name": "A", "weight": 100,
                 "questions": [q("V1"), q("V2"), q("V3"), q("V4"), q("V5")] }]),
    )
}

#[test]
fn verifier_decisions_override_or_accept_and_missing_evidence_scores_zero() {
    let inst = evidence_instrument();
    let plan = plan(&inst);
    let link = json!(["https://ppid.example/doc.pdf"]);
    let s = submission(json!({
        "V1": { "value": true, "evidence": link },
        "V2": { "value": true },
        "V3": { "value": true },
        "V4": { "value": true, "evidence": link },
        "V5": { "value": false }
    }));
    let v = verification(
        json!({ "agency": "3673", "decisions": [
            { "question": "V1", "score": 40, "note": "link is dead" },
            { "question": "V2", "accept": true },
            { "question": "V4", "score": 100 } ] }),
        &inst,
    );
    let card = score(&plan, &Body::new(&s).with_verification(&v));
    // As answered: (100 + 100 + 100 + 100 + 0) / 5 = 80.
    assert_eq!(card.self_assessed.rounded().to_string(), "80.00");
    // Verified: V1 replaced by 40; V2 accepted without evidence keeps 100; V3 has no
    // evidence and no decision: 0; V4 confirmed 100; V5 is 0 anyway.
    // (40 + 100 + 0 + 100 + 0) / 5 = 48.
    assert_eq!(card.final_score.rounded().to_string(), "48.00");
    assert_eq!(card.diagnostics.changed_by_verifier, ["V1"]);
    // V5 lacks evidence too, but a "no" loses nothing by it.
    assert_eq!(card.diagnostics.evidence_missing, ["V3"]);
}

#[test]
fn a_verification_must_be_the_bodys_and_on_questions_that_apply() {
    let inst = instrument(
        saq_only(),
        json!([{ "id": "a", "name": "A", "weight": 100, "questions": [
            { "id": "K1", "text": "?", "kind": "yes_no" },
            { "id": "K2", "text": "?", "kind": "yes_no", "categories": ["pemkab"] },
            { "id": "K3", "text": "link", "kind": "text", "weight": 0 } ] }]),
    );
    let plan = plan(&inst);
    let s = submission(json!({ "K1": { "value": true } }));
    let v = verification(
        json!({ "agency": "3673", "decisions": [ { "question": "K2", "score": 50 } ] }),
        &inst,
    );
    let report = refused(&plan, &Body::new(&s).with_verification(&v));
    common::assert_problem(&report, "/decisions/0/question", "category `pemkot`");
    let v = verification(
        json!({ "agency": "3673", "decisions": [ { "question": "K3", "score": 50 } ] }),
        &inst,
    );
    let report = refused(&plan, &Body::new(&s).with_verification(&v));
    common::assert_problem(&report, "/decisions/0/question", "never scored");
    let v = verification(json!({ "agency": "3674", "decisions": [] }), &inst);
    let report = refused(&plan, &Body::new(&s).with_verification(&v));
    let p = common::assert_problem(&report, "/agency", "`3674`");
    assert_eq!(p.kind(), ProblemKind::Inconsistent);
}

fn gated_plan(absent: &str) -> Plan {
    let mut inst = instrument(gated_stages(), one_rating());
    common::set(&mut inst, "/absent_stage", json!(absent));
    plan(&inst)
}

#[test]
fn a_gate_keeps_a_low_body_out_under_absent_stage_zero() {
    let plan = gated_plan("zero");
    let s = submission(json!({ "R1": { "value": 59.99 } }));
    // SAQ 59.99 < 60: no presentasi. Final = 70 × 59.99 / 100 = 41.993 → 41.99.
    let card = score(&plan, &Body::new(&s));
    assert_eq!(shown(card.stage("presentasi")), "null");
    assert_eq!(card.final_score.rounded().to_string(), "41.99");
    assert_eq!(card.qualification, "kurang_informatif");
    let json = serde_json::to_string(&card).unwrap_or_default();
    assert!(json.contains(r#""presentasi":null"#), "{json}");
}

#[test]
fn a_gate_keeps_a_low_body_out_under_absent_stage_reweight() {
    let plan = gated_plan("reweight");
    let s = submission(json!({ "R1": { "value": 59.99 } }));
    // Only the SAQ counts, scaled up to 100: 70 × 59.99 / 70 = 59.99, Kurang Informatif.
    let card = score(&plan, &Body::new(&s));
    assert_eq!(shown(card.stage("presentasi")), "null");
    assert_eq!(card.final_score.rounded().to_string(), "59.99");
    assert_eq!(card.qualification, "kurang_informatif");
}

#[test]
fn a_score_for_a_stage_the_gate_closed_is_an_error_under_both_rules() {
    let scores = stage_scores(json!([{ "agency": "3673", "stage": "presentasi", "score": 95 }]));
    let s = submission(json!({ "R1": { "value": 59.99 } }));
    for rule in ["zero", "reweight"] {
        let plan = gated_plan(rule);
        let body = Body::new(&s).with_stage_score(&scores[0]);
        let report = refused(&plan, &body);
        let p = common::assert_problem(&report, "/stage", "59.99 is below the gate's 60");
        assert_eq!(p.kind(), ProblemKind::Gate);
    }
}

#[test]
fn the_gate_compares_the_rounded_score_and_judges_are_averaged() {
    let scores = stage_scores(json!([
        { "agency": "3673", "stage": "presentasi", "scores": [80, 85] },
        { "agency": "3673", "stage": "presentasi", "score": 90 }
    ]));
    let s = submission(json!({ "R1": { "value": 59.995 } }));
    let plan = gated_plan("zero");
    let body = Body::new(&s)
        .with_stage_score(&scores[0])
        .with_stage_score(&scores[1]);
    // SAQ 59.995 rounds to 60.00: the gate opens. Presentasi = (80 + 85 + 90) / 3 = 85.
    // Final = 0.7 × 59.995 + 0.3 × 85 = 41.9965 + 25.5 = 67.4965 → 67.50.
    let card = score(&plan, &body);
    assert_eq!(shown(card.stage("presentasi")), "85.00");
    assert_eq!(card.final_score.rounded().to_string(), "67.50");
    // A body that passed the gate but has no score is absent too: 0.7 × 59.995 =
    // 41.9965 → 42.00 under zero; 59.995 → 60.00 (Cukup) under reweight.
    let alone = Body::new(&s);
    assert_eq!(
        score(&plan, &alone).final_score.rounded().to_string(),
        "42.00"
    );
    let card = score(&gated_plan("reweight"), &alone);
    assert_eq!(card.final_score.rounded().to_string(), "60.00");
    assert_eq!(card.qualification, "cukup_informatif");
}

#[test]
fn a_final_of_exactly_89_995_reached_through_thirds_is_90_00_informatif() {
    let inst = instrument(
        json!([
            { "id": "saq", "name": "SAQ", "weight": 80, "questionnaire": true },
            { "id": "visitasi", "name": "Visitasi", "weight": 20 }
        ]),
        json!([{ "id": "a", "name": "A", "weight": 100, "questions": [
            { "id": "R1", "text": "?", "kind": "rating" },
            { "id": "R2", "text": "?", "kind": "rating" },
            { "id": "R3", "text": "?", "kind": "rating" } ] }]),
    );
    let plan = plan(&inst);
    let s = submission(json!({
        "R1": { "value": 90 }, "R2": { "value": 90 }, "R3": { "value": "89.98375" }
    }));
    let inst_value = Instrument::from_json(&inst.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let visitasi: Vec<StageScore> = read_stage_scores(
        r#"[{ "agency": "3673", "stage": "visitasi", "scores": [90, 90, 89.99] }]"#,
        kip_index::Framing::Json,
        &inst_value,
    )
    .into_iter()
    .filter_map(|r| r.value.ok())
    .collect();
    let body = Body::new(&s).with_stage_score(&visitasi[0]);
    let card = score(&plan, &body);
    // SAQ = (90 + 90 + 89.98375) / 3 = 269.98375 / 3 = 89.994583… (shown 89.99).
    // Visitasi = (90 + 90 + 89.99) / 3 = 269.99 / 3 = 89.996666… (shown 90.00).
    // Final = (0.8 × 269.98375 + 0.2 × 269.99) / 3 = (215.987 + 53.998) / 3
    //       = 269.985 / 3 = 89.995 exactly → 90.00, Informatif.
    assert_eq!(shown(card.stage("saq")), "89.99");
    assert_eq!(shown(card.stage("visitasi")), "90.00");
    assert_eq!(card.final_score.exact(), ratio(89_995, 1000));
    assert_eq!(card.final_score.rounded().to_string(), "90.00");
    assert_eq!(card.qualification, "informatif");
    // Why exactness matters: from the rounded stages, 0.8 × 89.99 + 0.2 × 90.00 = 89.992
    // (Menuju Informatif); and with each rating's weight share taken as the 28-digit
    // decimal 1/3 = 0.333…3, the sum lands just below the midpoint.
    let third = Decimal::ONE / Decimal::from(3);
    let share = |values: [&str; 3]| -> Decimal {
        values
            .iter()
            .map(|v| third * v.parse::<Decimal>().unwrap_or_default())
            .sum()
    };
    let naive = Decimal::new(8, 1) * share(["90", "90", "89.98375"])
        + Decimal::new(2, 1) * share(["90", "90", "89.99"]);
    assert!(naive < Decimal::new(89_995, 3), "{naive}");
    assert_eq!(
        kip_index::round_half_away_from_zero(naive, 2).to_string(),
        "89.99"
    );
}

#[test]
fn results_serialise_with_exactly_the_instruments_decimals() {
    let mut inst = instrument(gated_stages(), one_rating());
    common::set(&mut inst, "/decimals", json!(3));
    let plan = plan(&inst);
    let s = submission(json!({ "R1": { "value": 80 } }));
    let card = score(&plan, &Body::new(&s));
    let json = serde_json::to_string(&card).unwrap_or_default();
    // 0.7 × 80 = 56 → "56.000"; a stage the body took no part in is null, not 0.
    assert!(json.contains(r#""final":56.000"#), "{json}");
    assert!(
        json.contains(r#""stages":{"saq":80.000,"presentasi":null}"#),
        "{json}"
    );
    assert!(
        json.contains(r#""qualification":"kurang_informatif""#),
        "{json}"
    );
}

#[test]
fn submissions_that_do_not_fit_the_instrument_are_refused_not_scored() {
    let plan = Plan::new(&common::instrument()).unwrap_or_else(|r| panic!("{r}"));
    let mut value = common::base_submission();
    common::set(&mut value, "/answers/Q2/value", json!("z"));
    let s = Submission::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let report = refused(&plan, &Body::new(&s));
    common::assert_problem(&report, "/answers/Q2/value", "`z`");
}

/// "Exact to the last decimal" holds past the JSON text: through `serde_json::Value` (as
/// an embedding program or a binding converts values) a published figure keeps its
/// digits as its exact text — Kota Tangerang Selatan's 95.90, not the float 95.9 — while
/// the results file still writes it as the number `95.90`.
#[test]
fn a_scorecard_keeps_its_digits_through_serde_json_value() {
    let read =
        |p: &str| std::fs::read_to_string(format!("examples/monev-2025/{p}")).unwrap_or_default();
    let (instrument, kabkota) = (
        read("instrument.json"),
        read("submissions/banten-kabkota.jsonl"),
    );
    let (verification, stages) = (read("verification.json"), read("stage-scores.json"));
    let mut texts =
        kip_index::BatchTexts::new(kip_index::NamedText::new("instrument.json", &instrument));
    texts.submissions = vec![kip_index::NamedText::new("kabkota.jsonl", &kabkota)];
    texts.verification = vec![kip_index::NamedText::new(
        "verification.json",
        &verification,
    )];
    texts.stage_scores = vec![kip_index::NamedText::new("stage-scores.json", &stages)];
    let results = texts.score().unwrap_or_else(|r| panic!("{r}"));
    let card = results
        .results
        .iter()
        .find(|c| c.agency.id == "3674")
        .unwrap_or_else(|| panic!("Kota Tangerang Selatan"));
    let value = serde_json::to_value(card).unwrap_or_default();
    assert_eq!(value["final"], serde_json::json!("95.90"));
    assert!(results.to_json().contains("\"final\": 95.90"));
}

/// NTT 2025's rules in one instrument: the presentation is compulsory (a body that
/// skips it gets 0 for it) while a visit the commission could not make is left out and
/// the other stages reweighted — each stage's own `absent` over the instrument's.
/// SAQ 50, visitasi 30 (`reweight`), presentasi 20 (`zero`); the SAQ is 80.00.
#[test]
fn each_stage_keeps_its_own_absent_policy_and_the_final_mixes_them() {
    let mut inst = instrument(
        json!([
            { "id": "saq", "name": "SAQ", "weight": 50, "questionnaire": true },
            { "id": "visitasi", "name": "Visitasi", "weight": 30, "absent": "reweight" },
            { "id": "presentasi", "name": "Presentasi", "weight": 20, "absent": "zero" }
        ]),
        one_rating(),
    );
    // The instrument's own rule is the other one for each stage that names none.
    common::set(&mut inst, "/absent_stage", json!("reweight"));
    let plan = plan(&inst);
    let s = submission(json!({ "R1": { "value": 80 } }));
    let visit = StageScore::new("3673", "visitasi", vec![Decimal::from(90)]);
    let presentation = &StageScore::new("3673", "presentasi", vec![Decimal::from(70)]);
    let visit = &visit;
    let final_of = |body: Body| score(&plan, &body).final_score.rounded().to_string();
    // Neither: the visit left out, the presentation 0 —
    // 50 × 80 / (50 + 20) = 4000 / 70 = 57.142… → 57.14.
    assert_eq!(final_of(Body::new(&s)), "57.14");
    // Visited, no presentation: every weight counts — (4000 + 30 × 90) / 100 = 67.00.
    assert_eq!(final_of(Body::new(&s).with_stage_score(visit)), "67.00");
    // Presented, not visited: (4000 + 20 × 70) / (50 + 20) = 5400 / 70 = 77.142… → 77.14.
    assert_eq!(
        final_of(Body::new(&s).with_stage_score(presentation)),
        "77.14"
    );
    // Both: (4000 + 2700 + 1400) / 100 = 81.00.
    let both = Body::new(&s)
        .with_stage_score(visit)
        .with_stage_score(presentation);
    let card = score(&plan, &both);
    assert_eq!(card.final_score.rounded().to_string(), "81.00");
    // The card says which absent stage counted 0: the presentation, not the visit.
    let alone = score(&plan, &Body::new(&s));
    let zero = |id: &str| {
        alone
            .stages
            .iter()
            .any(|r| &*r.id == id && r.counted_as_zero)
    };
    assert!(zero("presentasi") && !zero("visitasi"));
    // An unknown policy is refused where it stands.
    let mut bad = inst.clone();
    common::set(&mut bad, "/stages/1/absent", json!("skip"));
    let text = serde_json::to_string(&bad).unwrap_or_default();
    let report = Instrument::from_json(&text).err().unwrap_or_default();
    common::assert_problem(&report, "/stages/1/absent", "`zero`, `reweight`");
}
