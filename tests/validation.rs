//! Every check of SPEC section 4, fed the bad input, asserting the JSON pointer and the
//! gist of the message; and the exactness of decimals read from files.

mod common;

use common::*;
use kip_index::{
    AnswerValue, Decimal, Framing, Instrument, ProblemKind, QuestionKind, Submission,
    find_duplicate_submissions, read_submissions, read_verifications,
};
use serde_json::json;

fn submission_problems(value: &serde_json::Value) -> kip_index::Report {
    let records = read_submissions(&value.to_string(), Framing::Json, &instrument());
    match records.into_iter().next().map(|r| r.value) {
        Some(Err(report)) => report,
        Some(Ok(_)) => panic!("expected problems in {value:#}"),
        None => panic!("no record read"),
    }
}

#[test]
fn the_base_fixtures_are_sound() {
    let records = read_submissions(&base_submission().to_string(), Framing::Json, &instrument());
    assert!(records[0].value.is_ok(), "{:?}", records[0].value);
}

// ---- Decimals are exact -------------------------------------------------------------

#[test]
fn decimals_load_exactly_from_numbers_strings_and_exponents() {
    let mut value = base_instrument();
    set(&mut value, "/indicators/0/weight", json!(59.995));
    set(&mut value, "/indicators/1/weight", json!("40.005"));
    set(&mut value, "/stages/0/weight", json!(1e1));
    set(&mut value, "/stages/1/weight", json!(90));
    let text = value.to_string();
    // serde_json writes 1e1 as 10.0: write the exponent form into the text by hand.
    let text = text.replace("\"weight\":10.0", "\"weight\":1e1");
    assert!(text.contains("1e1"), "{text}");
    let instrument = Instrument::from_json(&text).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(instrument.indicators[0].weight, Decimal::new(59995, 3));
    assert_eq!(instrument.indicators[1].weight, Decimal::new(40005, 3));
    assert_eq!(instrument.stages[0].weight, Decimal::new(10, 0));
}

#[test]
fn sixteen_plus_significant_digits_survive() {
    // Through f64 this would become 0.30000000000000004 or lose the tail digits.
    let text = base_submission()
        .to_string()
        .replace("\"89.995\"", "12.345678901234567891");
    let s = Submission::from_json(&text).unwrap_or_else(|r| panic!("{r}"));
    let value = s.answers["Q6"]
        .value
        .as_ref()
        .and_then(AnswerValue::as_decimal);
    assert_eq!(
        value.map(|d| d.to_string()),
        Some("12.345678901234567891".to_owned())
    );
}

#[test]
fn a_decimal_too_large_or_too_precise_is_an_error_with_its_path() {
    let text = base_instrument()
        .to_string()
        .replace("\"weight\":60", "\"weight\":1e30")
        .replace(
            "\"weight\":40",
            "\"weight\":0.1234567890123456789012345678901234567890",
        );
    let report = Instrument::from_json(&text).unwrap_err();
    let p = assert_problem(&report, "/indicators/0/weight", "too large");
    assert_eq!(p.kind(), ProblemKind::Precision);
    assert_problem(
        &report,
        "/indicators/1/weight",
        "more digits than can be held",
    );
}

// ---- Syntax and shape ---------------------------------------------------------------

#[test]
fn text_that_is_not_json_is_reported_with_line_and_column() {
    let report = Instrument::from_json("{\n  \"id\": \"x\",\n  \"name\": }").unwrap_err();
    let p = &report.problems()[0];
    assert_eq!(p.kind(), ProblemKind::Syntax);
    let pos = p.position.unwrap_or_else(|| panic!("no position"));
    assert_eq!((pos.line, pos.column), (3, 11));
    assert!(
        p.message.contains("expected a JSON value, found `}`"),
        "{}",
        p.message
    );
}

#[test]
fn a_duplicate_key_is_an_error_not_last_wins() {
    let text = r#"{"instrument":"uji","agency":{"id":"1","name":"A","category":"pemkot"},
        "answers":{"Q1":{"value":true},"Q1":{"value":false}}}"#;
    let report = Submission::from_json(text).unwrap_err();
    let p = assert_problem(&report, "/answers/Q1", "found `Q1` again");
    assert_eq!(p.kind(), ProblemKind::DuplicateKey);
    assert_eq!(p.position.map(|p| p.line), Some(2));

    let report = Instrument::from_json(r#"{"id": "a", "id": "b"}"#).unwrap_err();
    assert_problem(&report, "/id", "found `id` again");
}

#[test]
fn wrong_types_missing_and_unknown_keys_are_all_reported_at_once() {
    let mut value = base_instrument();
    set(&mut value, "/name", json!(5));
    set(&mut value, "/stages/0/wieght", json!(80));
    value["indicators"][1]
        .as_object_mut()
        .map(|o| o.remove("name"));
    let report = instrument_problems(&value);
    assert_eq!(
        assert_problem(&report, "/name", "expected a string, found a number").kind(),
        ProblemKind::WrongType
    );
    assert_eq!(
        assert_problem(&report, "/stages/0/wieght", "found `wieght`").kind(),
        ProblemKind::UnknownField
    );
    assert_eq!(
        assert_problem(&report, "/indicators/1/name", "expected the key `name`").kind(),
        ProblemKind::MissingField
    );
}

// ---- Instrument checks --------------------------------------------------------------

#[test]
fn duplicate_ids_are_reported() {
    let mut value = base_instrument();
    set(&mut value, "/indicators/1/questions/0/id", json!("Q1"));
    set(&mut value, "/indicators/1/id", json!("a"));
    set(&mut value, "/categories/1/id", json!("pemkot"));
    set(
        &mut value,
        "/indicators/0/questions/1/options/1/id",
        json!("x"),
    );
    let report = instrument_problems(&value);
    for (path, gist) in [
        (
            "/indicators/1/questions/0/id",
            "question id once, found `Q1` again",
        ),
        ("/indicators/1/id", "indicator id once, found `a` again"),
        ("/categories/1/id", "category id once"),
        ("/indicators/0/questions/1/options/1/id", "option id once"),
    ] {
        assert_eq!(
            assert_problem(&report, path, gist).kind(),
            ProblemKind::DuplicateId
        );
    }
}

#[test]
fn weights_that_do_not_sum_to_100_or_are_negative_are_reported() {
    let mut value = base_instrument();
    set(&mut value, "/indicators/1/weight", json!(39.99));
    set(&mut value, "/stages/1/weight", json!(25));
    set(&mut value, "/indicators/0/questions/1/weight", json!(-2));
    let report = instrument_problems(&value);
    assert_problem(&report, "/indicators", "sum to exactly 100, found 99.99");
    assert_problem(&report, "/stages", "sum to exactly 100, found 105");
    let p = assert_problem(
        &report,
        "/indicators/0/questions/1/weight",
        "0 or more, found -2",
    );
    assert_eq!(p.kind(), ProblemKind::Weights);
}

#[test]
fn weights_inside_an_indicator_must_not_all_be_zero() {
    let mut value = base_instrument();
    for q in 0..4 {
        set(
            &mut value,
            &format!("/indicators/0/questions/{q}/weight"),
            json!(0),
        );
    }
    let report = instrument_problems(&value);
    assert_problem(&report, "/indicators/0/questions", "weight above 0");
}

#[test]
fn option_scores_outside_0_to_100_are_reported() {
    let mut value = base_instrument();
    set(
        &mut value,
        "/indicators/0/questions/1/options/1/score",
        json!(-5),
    );
    set(
        &mut value,
        "/indicators/0/questions/3/bands/0/score",
        json!(100.01),
    );
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/0/questions/1/options/1/score",
        "from 0 to 100, found -5",
    );
    assert_problem(
        &report,
        "/indicators/0/questions/3/bands/0/score",
        "from 0 to 100, found 100.01",
    );
}

#[test]
fn overlapping_unordered_or_mixed_bands_are_reported() {
    let mut value = base_instrument();
    set(
        &mut value,
        "/indicators/0/questions/3/bands",
        json!([{ "max": 17, "score": 50 }, { "max": 10, "score": 100 }, { "score": 0 }]),
    );
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/0/questions/3/bands/1/max",
        "do not overlap",
    );

    set(
        &mut value,
        "/indicators/0/questions/3/bands",
        json!([{ "max": 10, "score": 100 }, { "score": 0 }, { "max": 17, "score": 50 }]),
    );
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/0/questions/3/bands/1",
        "only the last band to have no `max`",
    );

    set(
        &mut value,
        "/indicators/0/questions/3/bands",
        json!([{ "max": 10, "score": 100 }, { "min": 17, "score": 50 }]),
    );
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/0/questions/3/bands",
        "bounded the same way",
    );

    // Answers up to 30 are allowed, but the bands stop at 17 with no catch-all.
    set(
        &mut value,
        "/indicators/0/questions/3/bands",
        json!([{ "max": 10, "score": 100 }, { "max": 17, "score": 50 }]),
    );
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/0/questions/3/bands/1",
        "above 17 in no band",
    );
}

#[test]
fn qualification_bands_without_a_zero_are_reported() {
    let mut value = base_instrument();
    set(&mut value, "/qualifications/4/min", json!(20));
    let report = instrument_problems(&value);
    assert_problem(&report, "/qualifications", "`min` 0");
}

#[test]
fn a_when_pointing_to_a_missing_later_or_unsuitable_question_is_reported() {
    let mut value = base_instrument();
    set(
        &mut value,
        "/indicators/0/questions/0/when",
        json!({ "question": "Q2", "equals": "x" }),
    );
    set(
        &mut value,
        "/indicators/0/questions/3/when",
        json!({ "question": "Q99", "equals": true }),
    );
    set(
        &mut value,
        "/indicators/1/questions/1/when",
        json!({ "question": "Q3", "equals": "p" }),
    );
    set(
        &mut value,
        "/indicators/1/questions/3/when",
        json!({ "question": "Q2", "equals": "zz" }),
    );
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/0/questions/0/when/question",
        "which comes later",
    );
    assert_problem(
        &report,
        "/indicators/0/questions/3/when/question",
        "not a question of the instrument",
    );
    assert_problem(
        &report,
        "/indicators/1/questions/1/when/question",
        "a yes_no or choice question, found `Q3`, a checklist",
    );
    assert_problem(
        &report,
        "/indicators/1/questions/3/when/equals",
        "found `zz`",
    );
}

#[test]
fn a_scored_text_question_is_reported() {
    let mut value = base_instrument();
    set(&mut value, "/indicators/1/questions/2/weight", json!(1));
    let report = instrument_problems(&value);
    assert_problem(
        &report,
        "/indicators/1/questions/2/weight",
        "weight 0 on a `text` question",
    );
}

#[test]
fn a_text_question_without_weight_weighs_zero() {
    let mut value = base_instrument();
    value["indicators"][1]["questions"][2]
        .as_object_mut()
        .map(|o| o.remove("weight"));
    let instrument = Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let q = instrument.question("Q7").unwrap_or_else(|| panic!("Q7"));
    assert_eq!(q.kind, QuestionKind::Text);
    assert!(q.weight.is_zero());
}

#[test]
fn an_unknown_category_is_reported() {
    let mut value = base_instrument();
    set(
        &mut value,
        "/indicators/1/questions/3/categories",
        json!(["pemkot", "pemdes"]),
    );
    let report = instrument_problems(&value);
    let p = assert_problem(
        &report,
        "/indicators/1/questions/3/categories/1",
        "found `pemdes`",
    );
    assert_eq!(p.kind(), ProblemKind::UnknownReference);
}

#[test]
fn stage_problems_are_reported() {
    let mut value = base_instrument();
    set(&mut value, "/stages/1/requires/stage", json!("presentasi"));
    set(&mut value, "/stages/0/questionnaire", json!(false));
    let report = instrument_problems(&value);
    assert_problem(&report, "/stages/1/requires/stage", "found `presentasi`");
    assert_problem(
        &report,
        "/stages",
        "exactly one stage with `\"questionnaire\": true`",
    );
}

#[test]
fn every_problem_in_a_file_is_reported_not_just_the_first() {
    let text =
        std::fs::read_to_string("examples/invalid/instrument-problems.json").unwrap_or_default();
    let report = Instrument::from_json(&text).unwrap_err();
    assert!(report.len() >= 12, "{report}");
}

// ---- Submission checks --------------------------------------------------------------

#[test]
fn an_unknown_instrument_is_reported() {
    let mut value = base_submission();
    set(&mut value, "/instrument", json!("monev-2019"));
    let report = submission_problems(&value);
    let p = assert_problem(
        &report,
        "/instrument",
        "expected the instrument `uji`, found `monev-2019`",
    );
    assert_eq!(p.kind(), ProblemKind::WrongInstrument);
}

#[test]
fn an_unknown_question_is_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q99", json!({ "value": true }));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q99", "found one to `Q99`");
}

#[test]
fn answers_of_the_wrong_type_are_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q1/value", json!("yes"));
    set(&mut value, "/answers/Q2/value", json!(1));
    set(&mut value, "/answers/Q3/value", json!("p"));
    set(&mut value, "/answers/Q4/value", json!("tujuh"));
    set(&mut value, "/answers/Q6/value", json!(true));
    set(&mut value, "/answers/Q7/value", json!(["a"]));
    let report = submission_problems(&value);
    for (path, gist) in [
        ("/answers/Q1/value", "expected true or false"),
        ("/answers/Q2/value", "expected an option id"),
        ("/answers/Q3/value", "expected a list of item ids"),
        ("/answers/Q4/value", "expected a number"),
        ("/answers/Q6/value", "expected a number from 0 to 100"),
        ("/answers/Q7/value", "expected a string"),
    ] {
        assert_eq!(
            assert_problem(&report, path, gist).kind(),
            ProblemKind::WrongType,
            "{path}"
        );
    }
}

#[test]
fn options_and_items_that_do_not_exist_are_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q2/value", json!("z"));
    set(&mut value, "/answers/Q3/value", json!(["p", "r"]));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q2/value", "options `x`, `y`, found `z`");
    assert_problem(&report, "/answers/Q3/value", "found `r`");
}

#[test]
fn repeated_checklist_items_are_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q3/value", json!(["p", "p"]));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q3/value", "found `p` again");
}

#[test]
fn numbers_outside_min_max_are_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q4/value", json!(30.5));
    set(&mut value, "/answers/Q5", json!({ "value": 6 }));
    set(&mut value, "/answers/Q6/value", json!("100.01"));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q4/value", "from 0 to 30, found 30.5");
    assert_problem(&report, "/answers/Q5/value", "from 1 to 5, found 6");
    assert_problem(&report, "/answers/Q6/value", "from 0 to 100, found 100.01");
}

#[test]
fn a_scale_answer_must_be_whole() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q5", json!({ "value": 2.5 }));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q5/value", "whole number");
}

#[test]
fn na_where_it_is_not_allowed_is_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q2", json!({ "na": true }));
    let report = submission_problems(&value);
    assert_problem(
        &report,
        "/answers/Q2/na",
        "does not allow \"not applicable\"",
    );
}

#[test]
fn an_answer_with_neither_value_nor_na_or_with_both_is_reported() {
    let mut value = base_submission();
    set(&mut value, "/answers/Q2", json!({ "evidence": ["x"] }));
    set(&mut value, "/answers/Q5", json!({ "na": true, "value": 3 }));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q2/value", "expected a `value`");
    assert_problem(&report, "/answers/Q5", "found both");
}

#[test]
fn an_answer_to_a_question_for_another_category_is_reported() {
    let mut value = base_submission();
    set(&mut value, "/agency/category", json!("opd"));
    let report = submission_problems(&value);
    assert_problem(&report, "/answers/Q8", "does not apply to category `opd`");
}

#[test]
fn an_unknown_agency_category_is_reported() {
    let mut value = base_submission();
    set(&mut value, "/agency/category", json!("pemdes"));
    let report = submission_problems(&value);
    let p = assert_problem(&report, "/agency/category", "found `pemdes`");
    assert_eq!(p.kind(), ProblemKind::UnknownReference);
}

#[test]
fn the_same_agency_and_rater_twice_rejects_both_copies() {
    let one = base_submission().to_string();
    let mut other = base_submission();
    set(&mut other, "/rater", json!("informan-02"));
    let text = format!("{one}\n{}\n{one}\n", other);
    let records = read_submissions(&text, Framing::JsonLines, &instrument());
    let valid = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.value.as_ref().ok().map(|s| (i, s)));
    let dups = find_duplicate_submissions(valid);
    let rejected: Vec<usize> = dups.iter().map(|(i, _)| *i).collect();
    // Lines 1 and 3 share agency and (no) rater; line 2 has its own rater.
    assert_eq!(rejected, vec![0, 2]);
    assert_eq!(dups[0].1.kind(), ProblemKind::DuplicateSubmission);
    assert!(dups[0].1.message.contains("found 2"));
}

#[test]
fn problems_in_a_json_array_carry_the_element_index() {
    let mut bad = base_submission();
    set(&mut bad, "/answers/Q2/value", json!("z"));
    let text = json!([base_submission(), bad]).to_string();
    let records = read_submissions(&text, Framing::Json, &instrument());
    assert!(records[0].value.is_ok());
    let report = records[1].value.as_ref().unwrap_err();
    assert_problem(report, "/1/answers/Q2/value", "found `z`");
}

#[test]
fn a_bad_json_lines_record_does_not_hide_the_good_ones() {
    let good = base_submission().to_string();
    let text = format!("{good}\r\n{{\"instrument\": \r\n\r\n{good}\n");
    let records = read_submissions(&text, Framing::JsonLines, &instrument());
    assert_eq!(records.len(), 3);
    assert!(records[0].value.is_ok() && records[2].value.is_ok());
    assert_eq!(records[2].line, Some(4));
    let report = records[1].value.as_ref().unwrap_err();
    assert_eq!(report.problems()[0].record, Some(2));
    assert_eq!(report.problems()[0].kind(), ProblemKind::Syntax);
}

// ---- Verification and stage scores --------------------------------------------------

#[test]
fn verification_decisions_are_checked() {
    let text = json!([
        { "agency": "3673", "decisions": [
            { "question": "Q1", "score": 0, "note": "link mati" },
            { "question": "Q2", "accept": true },
            { "question": "Q9", "score": 50 },
            { "question": "Q1", "score": 101 }
        ] },
        { "agency": "3674", "decisions": [
            { "question": "Q3" },
            { "question": "Q4", "accept": false }
        ] }
    ])
    .to_string();
    let records = read_verifications(&text, Framing::Json, &instrument());
    let report = records[0].value.as_ref().unwrap_err();
    assert_problem(report, "/0/decisions/2/question", "found `Q9`");
    assert_problem(
        report,
        "/0/decisions/3/question",
        "one decision per question",
    );
    assert_problem(report, "/0/decisions/3/score", "from 0 to 100, found 101");
    // Shape problems are all reported too (meaning is checked once the shape is sound).
    let report = records[1].value.as_ref().unwrap_err();
    assert_problem(report, "/1/decisions/0/score", "found neither");
    assert_problem(report, "/1/decisions/1/accept", "found false");
}

#[test]
fn one_verification_entry_per_agency() {
    let dups =
        kip_index::find_duplicate_verifications([("3673", "/0"), ("3674", "/1"), ("3673", "/2")]);
    assert_eq!(dups.len(), 1);
    assert_problem(&dups, "/2/agency", "found `3673` again");
}

#[test]
fn stage_scores_are_checked() {
    let text = json!([
        { "agency": "3673", "stage": "visitasi", "scores": [80, "90.5"] },
        { "agency": "3673", "stage": "saq", "score": 80 },
        { "agency": "3674", "stage": "presentasi", "score": 80 },
        { "agency": "3674", "stage": "visitasi", "score": 80, "scores": [1] },
        { "agency": "3675", "stage": "visitasi", "scores": [] }
    ])
    .to_string();
    let records = kip_index::read_stage_scores(&text, Framing::Json, &instrument());
    let scores = records[0].value.as_ref().unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(
        scores.scores,
        vec![Decimal::new(80, 0), Decimal::new(905, 1)]
    );
    assert_problem(
        records[1].value.as_ref().unwrap_err(),
        "/1/stage",
        "scored from the questionnaire",
    );
    assert_problem(
        records[2].value.as_ref().unwrap_err(),
        "/2/stage",
        "found `presentasi`",
    );
    assert_problem(records[3].value.as_ref().unwrap_err(), "/3", "found both");
    assert_problem(
        records[4].value.as_ref().unwrap_err(),
        "/4/scores",
        "at least one",
    );
}

/// An answer without a value does not hide the record's other problems (the new-user
/// trial of issue 24 saw an over-long answer go unreported beside one), and both are
/// said in Indonesian as well.
#[test]
fn an_answer_without_a_value_leaves_the_others_checked() {
    let instrument: Instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|r| panic!("{r}"));
    let text = serde_json::json!({
        "instrument": instrument.id,
        "agency": {"id": "3601", "name": "Kab Pandeglang", "category": "pemkab"},
        "answers": {
            "JI01": {"evidence": ["https://ppid.example.go.id/a.pdf"]},
            "JI02": {"value": "zzz"}
        }
    });
    let records = read_submissions(&text.to_string(), Framing::Json, &instrument);
    let report = match records.into_iter().next().map(|r| r.value) {
        Some(Err(report)) => report,
        other => panic!("expected problems, found {other:?}"),
    };
    let paths: Vec<&str> = report.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["/answers/JI01/value", "/answers/JI02/value"],
        "{report}"
    );
    let indonesian: Vec<String> = report
        .iter()
        .map(|p| p.message_in(kip_index::Language::Indonesian).to_string())
        .collect();
    assert!(
        indonesian[0].starts_with("seharusnya ada `value`"),
        "{indonesian:?}"
    );
    assert!(
        indonesian[1].contains("ternyata teks \"zzz\""),
        "{indonesian:?}"
    );
}

/// A verification entry's decisions are checked alike however many there are (a few
/// are looked for one by one, many against the ids gathered once): an unknown question
/// and a question decided twice are each reported at their decision.
#[test]
fn unknown_and_repeated_decisions_are_found_in_short_and_long_entries() {
    use kip_index::{Decision, Ruling, Verification};
    let instrument: Instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|r| panic!("{r}"));
    for padding in [0, 12] {
        let mut entry = Verification::new("3601");
        entry.decisions.push(Decision::new("JI01", Ruling::Accept));
        for _ in 0..padding {
            entry.decisions.push(Decision::new("JI02", Ruling::Accept));
        }
        entry.decisions.push(Decision::new("JI99", Ruling::Accept));
        entry
            .decisions
            .push(Decision::new("JI01", Ruling::Score(Decimal::from(50))));
        let report = instrument.check_verification(&entry);
        let at = |k: usize| format!("/decisions/{k}/question");
        let unknown = padding + 1;
        let again = padding + 2;
        assert!(
            report
                .problems()
                .iter()
                .any(|p| p.kind == ProblemKind::UnknownReference
                    && p.path == at(unknown)
                    && p.message.contains("JI99")),
            "{padding}: {report}"
        );
        assert!(
            report
                .problems()
                .iter()
                .any(|p| p.kind == ProblemKind::DuplicateId && p.path == at(again)),
            "{padding}: {report}"
        );
        // The padding repeats JI02 (padding − 1) times after its first.
        let repeats = report
            .problems()
            .iter()
            .filter(|p| p.kind == ProblemKind::DuplicateId)
            .count();
        assert_eq!(
            repeats,
            padding.saturating_sub(1) + 1,
            "{padding}: {report}"
        );
    }
}
