//! A corpus of hand-made bad files: every check of SPEC section 4, broken encodings and
//! framing, extreme numbers. Each must be refused with a problem at the exact JSON path
//! and a message with the gist given — never a panic, never a score.

mod common;

use kip_index::{
    Batch, Framing, Instrument, Plan, Report, read_roster, read_stage_scores, read_submissions,
    read_verifications, text_from_bytes,
};
use serde_json::{Value, json};

/// What a bad file is read as.
#[derive(Clone, Copy)]
enum As {
    Instrument,
    Submissions(Framing),
    Verification,
    StageScores(Framing),
    Roster(Framing),
}

struct Case {
    name: &'static str,
    read_as: As,
    text: String,
    path: &'static str,
    gist: &'static str,
}

fn case(
    name: &'static str,
    read_as: As,
    text: String,
    path: &'static str,
    gist: &'static str,
) -> Case {
    Case {
        name,
        read_as,
        text,
        path,
        gist,
    }
}

/// The base instrument with one change.
fn instrument_with(pointer: &str, value: Value) -> String {
    let mut v = common::base_instrument();
    common::set(&mut v, pointer, value);
    v.to_string()
}

/// The base submission with one change.
fn submission_with(pointer: &str, value: Value) -> String {
    let mut v = common::base_submission();
    common::set(&mut v, pointer, value);
    v.to_string()
}

fn problems(case: &Case, instrument: &Instrument) -> Report {
    let mut report = Report::new();
    let mut collect = |records: Vec<Result<(), Report>>| {
        for r in records {
            if let Err(problems) = r {
                report.extend(problems);
            }
        }
    };
    match case.read_as {
        As::Instrument => {
            if let Err(r) = Instrument::from_json(&case.text) {
                report.extend(r);
            }
        }
        As::Submissions(framing) => collect(
            read_submissions(&case.text, framing, instrument)
                .into_iter()
                .map(|r| r.value.map(|_| ()))
                .collect(),
        ),
        As::Verification => collect(
            read_verifications(&case.text, Framing::Json, instrument)
                .into_iter()
                .map(|r| r.value.map(|_| ()))
                .collect(),
        ),
        As::StageScores(framing) => collect(
            read_stage_scores(&case.text, framing, instrument)
                .into_iter()
                .map(|r| r.value.map(|_| ()))
                .collect(),
        ),
        As::Roster(framing) => collect(
            read_roster(&case.text, framing, instrument)
                .into_iter()
                .map(|r| r.value.map(|_| ()))
                .collect(),
        ),
    }
    report
}

fn corpus() -> Vec<Case> {
    use As::*;
    let sub = Submissions(Framing::Json);
    vec![
        // Instrument: structure and JSON.
        case("not json", Instrument, "{ \"id\": ".into(), "", "invalid JSON"),
        case("empty instrument file", Instrument, String::new(), "", "invalid JSON"),
        case("duplicate key", Instrument, common::base_instrument().to_string().replacen("\"id\":\"uji\"", "\"id\":\"uji\",\"id\":\"lagi\"", 1), "/id", "found `id` again"),
        case("unknown key", Instrument, instrument_with("/weigth", json!(1)), "/weigth", "expected one of the keys"),
        case("missing name", Instrument, { let mut v = common::base_instrument(); v.as_object_mut().map(|o| o.remove("name")); v.to_string() }, "/name", "expected the key `name`"),
        case("wrong type", Instrument, instrument_with("/decimals", json!("two")), "/decimals", "expected a whole number"),
        case("deep nesting", Instrument, format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)), "", "nested"),
        // Instrument: SPEC 4 checks.
        case("duplicate question id", Instrument, instrument_with("/indicators/1/questions/0/id", json!("Q1")), "/indicators/1/questions/0/id", "found `Q1` again"),
        case("duplicate indicator id", Instrument, instrument_with("/indicators/1/id", json!("a")), "/indicators/1/id", "found `a` again"),
        case("negative weight", Instrument, instrument_with("/indicators/0/questions/1/weight", json!(-1)), "/indicators/0/questions/1/weight", "0 or more"),
        case("top weights not 100", Instrument, instrument_with("/indicators/0/weight", json!(50)), "/indicators", "sum to exactly 100"),
        case("stage weights not 100", Instrument, instrument_with("/stages/1/weight", json!(30)), "/stages", "sum to exactly 100"),
        case("option score above 100", Instrument, instrument_with("/indicators/0/questions/1/options/0/score", json!(101)), "/indicators/0/questions/1/options/0/score", "from 0 to 100"),
        case("overlapping bands", Instrument, instrument_with("/indicators/0/questions/3/bands/1/max", json!(5)), "/indicators/0/questions/3/bands/1/max", "do not overlap"),
        case("no zero qualification", Instrument, instrument_with("/qualifications/4/min", json!(10)), "/qualifications", "`min` 0"),
        case("when on a missing question", Instrument, instrument_with("/indicators/0/questions/3/when/question", json!("Q99")), "/indicators/0/questions/3/when/question", "earlier question"),
        case("when on a later question", Instrument, instrument_with("/indicators/0/questions/3/when/question", json!("Q6")), "/indicators/0/questions/3/when/question", "comes later"),
        case("when on a rating", Instrument, {
            let mut v = common::base_instrument();
            common::set(&mut v, "/indicators/1/questions/2/when", json!({ "question": "Q4", "equals": true }));
            v.to_string()
        }, "/indicators/1/questions/2/when/question", "yes_no or choice"),
        case("scored text", Instrument, instrument_with("/indicators/1/questions/2/weight", json!(1)), "/indicators/1/questions/2/weight", "text is never scored"),
        case("unknown category", Instrument, instrument_with("/indicators/1/questions/3/categories/0", json!("kecamatan")), "/indicators/1/questions/3/categories/0", "category"),
        case("gate on itself", Instrument, instrument_with("/stages/1/requires/stage", json!("visitasi")), "/stages/1/requires/stage", "gated on itself"),
        case("gate on an unknown stage", Instrument, instrument_with("/stages/1/requires/stage", json!("presentasi")), "/stages/1/requires/stage", "stage"),
        case("two questionnaire stages", Instrument, instrument_with("/stages/1/questionnaire", json!(true)), "/stages/1/questionnaire", "exactly one questionnaire stage"),
        case("unknown tie-break", Instrument, instrument_with("/tie_break/1", json!("indicator:zz")), "/tie_break/1", "indicator"),
        case("weight 1e30", Instrument, instrument_with("/indicators/0/questions/1/weight", json!(1e30)), "/indicators/0/questions/1/weight", "too large"),
        case("weight with 40 decimals", Instrument, instrument_with("/indicators/0/questions/1/weight", json!("0.1234567890123456789012345678901234567890")), "/indicators/0/questions/1/weight", "digits"),
        case("scale max below min", Instrument, instrument_with("/indicators/1/questions/0/max", json!(0)), "/indicators/1/questions/0/max", "above its `min`"),
        case("checklist of zero points", Instrument, {
            let mut v = common::base_instrument();
            common::set(&mut v, "/indicators/0/questions/2/items/0/points", json!(0));
            common::set(&mut v, "/indicators/0/questions/2/items/1/points", json!(0));
            v.to_string()
        }, "/indicators/0/questions/2/items", "more than 0"),
        // Submissions: SPEC 4 checks.
        case("wrong instrument", sub, submission_with("/instrument", json!("lain")), "/instrument", "expected the instrument `uji`"),
        case("unknown question", sub, submission_with("/answers/Q99", json!({ "value": true })), "/answers/Q99", "does not have"),
        case("yes_no given text", sub, submission_with("/answers/Q1/value", json!("ya")), "/answers/Q1/value", "true or false"),
        case("unknown option", sub, submission_with("/answers/Q2/value", json!("z")), "/answers/Q2/value", "`z`"),
        case("unknown checklist item", sub, submission_with("/answers/Q3/value", json!(["p", "zz"])), "/answers/Q3/value", "`zz`"),
        case("repeated checklist item", sub, submission_with("/answers/Q3/value", json!(["p", "p"])), "/answers/Q3/value", "again"),
        case("number above max", sub, submission_with("/answers/Q4/value", json!(31)), "/answers/Q4/value", "from 0 to 30"),
        case("number below min", sub, submission_with("/answers/Q4/value", json!(-1)), "/answers/Q4/value", "from 0 to 30"),
        case("scale not whole", sub, submission_with("/answers/Q5", json!({ "value": 2.5 })), "/answers/Q5/value", "whole number"),
        case("rating above 100", sub, submission_with("/answers/Q6/value", json!(100.01)), "/answers/Q6/value", "0 to 100"),
        case("N/A not allowed", sub, submission_with("/answers/Q1", json!({ "na": true })), "/answers/Q1/na", "not applicable"),
        case("answer to another category's question", sub, submission_with("/agency/category", json!("opd")), "/answers/Q8", "does not apply"),
        case("unknown agency category", sub, submission_with("/agency/category", json!("desa")), "/agency/category", "category"),
        case("value and N/A both", sub, submission_with("/answers/Q5", json!({ "value": 3, "na": true })), "/answers/Q5", "found both"),
        case("neither value nor N/A", sub, submission_with("/answers/Q6", json!({ "evidence": ["x"] })), "/answers/Q6/value", "expected a `value`"),
        case("evidence that is not a list", sub, submission_with("/answers/Q7/evidence", json!("https://ppid.example")), "/answers/Q7/evidence", "an array"),
        case("empty agency id", sub, submission_with("/agency/id", json!(" ")), "/agency/id", "non-empty id"),
        case("duplicate answer", sub, common::base_submission().to_string().replacen("\"Q2\":{\"value\":\"y\"}", "\"Q2\":{\"value\":\"y\"},\"Q2\":{\"value\":\"x\"}", 1), "/answers/Q2", "again"),
        case("rating of 1e400", sub, submission_with("/answers/Q6/value", json!("1e400")), "/answers/Q6/value", "number"),
        case("rating with 40 decimals", sub, common::base_submission().to_string().replacen("\"89.995\"", "89.9950000000000000000000000000000000001", 1), "/answers/Q6/value", "digits"),
        case("agency is null", sub, submission_with("/agency", Value::Null), "/agency", "expected an agency"),
        // Encodings and framing.
        case("empty JSON Lines file", Submissions(Framing::JsonLines), String::new(), "", "empty file"),
        case("whitespace JSON Lines file", Submissions(Framing::JsonLines), " \n\t\n \r\n".into(), "", "empty file"),
        case("empty JSON submissions file", Submissions(Framing::Json), String::new(), "", "found an empty file"),
        case("blank JSON submissions file", Submissions(Framing::Json), "\u{feff} \r\n".into(), "", "found an empty file"),
        case("truncated last line", Submissions(Framing::JsonLines), {
            let line = common::base_submission().to_string();
            format!("{line}\n{}", &line[..line.len() / 2])
        }, "", "invalid JSON"),
        case("CSV submissions with a wrong header", Submissions(Framing::Csv), "agency,answer\n1,2\n".into(), "", "found `agency` in column A"),
        case("trailing comma in an array", Submissions(Framing::Json), {
            let line = common::base_submission().to_string();
            format!("[{line},\n{},\n]", line.replace("3673", "3674"))
        }, "", "record 2 of the 2 located"),
        case("two arrays joined", Submissions(Framing::Json), {
            let line = common::base_submission().to_string();
            format!("[{line}][{}]", line.replace("3673", "3674"))
        }, "", "record 2 of the 2 located"),
        case("JSON Lines under a .json name", Submissions(Framing::Json), {
            let line = common::base_submission().to_string();
            format!("{line}\n{}\n", line.replace("3673", "3674"))
        }, "", "name the file .jsonl"),
        case("two records run together", Submissions(Framing::JsonLines), {
            let line = common::base_submission().to_string();
            format!("{line}{}\n", line.replace("3673", "3674"))
        }, "", "2 records run together on this line (agencies `3673`, `3674`)"),
        case("lines ended by CR alone", Submissions(Framing::JsonLines), {
            let line = common::base_submission().to_string();
            format!("{line}\r{}\r", line.replace("3673", "3674"))
        }, "", "carriage return alone"),
        case("agency name of 2 KiB", sub, submission_with("/agency/name", json!("n".repeat(2_048))), "/agency/name", "at most 1024 bytes, found 2048 bytes"),
        case("agency id of 300 bytes", sub, submission_with("/agency/id", json!("1".repeat(300))), "/agency/id", "at most 256 bytes"),
        case("rater id of 300 bytes", sub, submission_with("/rater", json!("r".repeat(300))), "/rater", "at most 256 bytes"),
        case("evidence link of 70 KiB", sub, submission_with("/answers/Q1/evidence", json!(["h".repeat(70 << 10)])), "/answers/Q1/evidence/0", "at most 65536 bytes"),
        case("verification note of 70 KiB", Verification, json!([{ "agency": "3673", "decisions": [{ "question": "Q1", "score": 0, "note": "n".repeat(70 << 10) }] }]).to_string(), "/0/decisions/0/note", "at most 65536 bytes"),
        case("roster region of 300 bytes", Roster(Framing::Json), json!([{ "id": "1", "name": "A", "category": "pemkot", "region": "3".repeat(300) }]).to_string(), "/0/region", "at most 256 bytes"),
        // Verification, stage scores and rosters.
        case("decision on an unknown question", Verification, json!([{ "agency": "3673", "decisions": [{ "question": "Q99", "score": 0 }] }]).to_string(), "/0/decisions/0/question", "`Q99`"),
        case("two decisions on one question", Verification, json!([{ "agency": "3673", "decisions": [{ "question": "Q1", "score": 0 }, { "question": "Q1", "accept": true }] }]).to_string(), "/0/decisions/1/question", "one decision per question"),
        case("decision score above 100", Verification, json!([{ "agency": "3673", "decisions": [{ "question": "Q1", "score": 120 }] }]).to_string(), "/0/decisions/0/score", "0 to 100"),
        case("stage score for an unknown stage", StageScores(Framing::Json), json!([{ "agency": "3673", "stage": "wawancara", "score": 80 }]).to_string(), "/0/stage", "`wawancara`"),
        case("stage score for the questionnaire", StageScores(Framing::Json), json!([{ "agency": "3673", "stage": "saq", "score": 80 }]).to_string(), "/0/stage", "scored from the questionnaire"),
        case("negative stage score", StageScores(Framing::Json), json!([{ "agency": "3673", "stage": "visitasi", "score": -1 }]).to_string(), "/0/score", "0 to 100"),
        case("CSV stage score not a number", StageScores(Framing::Csv), "agency,stage,score\n3673,visitasi,delapan\n".into(), "/0/score", "not a number"),
        case("CSV stage scores without a score column", StageScores(Framing::Csv), "agency,stage\n3673,visitasi\n".into(), "", "column `score`"),
        case("CSV stage scores with an unknown column", StageScores(Framing::Csv), "agency,stage,score,komentar\n3673,visitasi,80,A\n".into(), "", "`komentar`"),
        case("roster with an unknown category", Roster(Framing::Json), json!([{ "id": "1", "name": "A", "category": "desa" }]).to_string(), "/0/category", "category"),
        case("CSV roster without a name", Roster(Framing::Csv), "id,name,category\n1,,pemkot\n".into(), "/0/name", "empty cell"),
    ]
}

#[test]
fn every_hostile_file_is_refused_with_its_path_and_gist() {
    let instrument = common::instrument();
    let corpus = corpus();
    assert!(
        corpus.len() >= 50,
        "the corpus holds {} files",
        corpus.len()
    );
    let mut failures = Vec::new();
    for case in &corpus {
        let report = problems(case, &instrument);
        let found = report
            .iter()
            .any(|p| p.path == case.path && p.message.contains(case.gist));
        if !found {
            failures.push(format!(
                "{}: expected {:?} with {:?}; found:\n{report}",
                case.name, case.path, case.gist
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn utf16_and_utf32_are_named_not_read_as_controls() {
    let text = common::base_submission().to_string();
    let utf16: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let problem = text_from_bytes(&utf16).err().map(|p| p.message);
    assert!(
        problem.is_some_and(|m| m.contains("found UTF-16 (big-endian, by its byte-order mark)"))
    );
    let utf32: Vec<u8> = text
        .chars()
        .flat_map(|c| u32::from(c).to_le_bytes())
        .collect();
    let problem = text_from_bytes(&utf32).err().map(|p| p.message);
    assert!(problem.is_some_and(|m| m.contains("found UTF-32 (little-endian, by its zero bytes)")));
}

#[test]
fn invalid_utf8_is_refused_with_its_byte_offset() {
    let problem = text_from_bytes(b"{\"instrument\": \"uji\xff\"}");
    assert!(problem.is_err_and(|p| p.message.contains("byte 19")));
    // In a JSON Lines batch the line is rejected and the other lines still scored.
    let instrument = common::instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let good = common::base_submission().to_string();
    let mut bytes = good.clone().into_bytes();
    bytes.extend_from_slice(b"\n{\"instrument\": \"\xfe\"}\n");
    bytes.extend_from_slice(good.replace("3673", "3674").as_bytes());
    let mut batch = Batch::new(&plan);
    batch.add_json_lines("mixed.jsonl", &bytes, 1, 0);
    let results = batch.finish();
    assert_eq!(results.results.len(), 2);
    assert_eq!(results.rejected.len(), 1);
    assert_eq!(results.rejected[0].source.to_string(), "mixed.jsonl:2");
    let offset = good.len() + 1 + "{\"instrument\": \"".len();
    assert!(
        results.rejected[0].errors[0]
            .message
            .contains(&format!("byte {offset}"))
    );
}

#[test]
fn a_bom_and_crlf_line_ends_are_read_as_text() {
    let instrument = common::instrument();
    let line = common::base_submission().to_string();
    let text = format!("\u{feff}{line}\r\n{}\r\n", line.replace("3673", "3674"));
    let records = read_submissions(&text, Framing::JsonLines, &instrument);
    assert_eq!(records.len(), 2);
    assert!(
        records.iter().all(|r| r.value.is_ok()),
        "{:?}",
        records
            .iter()
            .map(|r| r.value.as_ref().err())
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_truncated_last_line_is_rejected_and_the_earlier_lines_scored() {
    let instrument = common::instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let line = common::base_submission().to_string();
    let text = format!("{line}\n{}", &line[..40]);
    let mut batch = Batch::new(&plan);
    batch.add_json_lines("cut.jsonl", text.as_bytes(), 1, 0);
    let results = batch.finish();
    assert_eq!(results.results.len(), 1);
    assert_eq!(results.rejected[0].source.to_string(), "cut.jsonl:2");
}

#[test]
fn limits_refuse_what_is_too_large_with_a_clear_problem() {
    let instrument = common::instrument();
    let tight = {
        let mut limits = kip_index::Limits::default();
        limits.max_line_bytes = 200;
        limits.max_bodies = 1;
        limits.max_options = 1;
        limits
    };
    // An instrument over the option limit: Q2 has two options, Q3 two items, Q4 three bands.
    let refused = Plan::with_limits(&instrument, &tight)
        .map(|_| ())
        .unwrap_err();
    assert!(
        refused
            .iter()
            .any(|p| p.path == "/indicators/0/questions/1/options"
                && p.message.contains("at most 1 options")),
        "{refused}"
    );
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let line = common::base_submission().to_string();
    assert!(line.len() > 200);
    let mut batch = Batch::new(&plan).with_limits(tight);
    batch.add_json_lines("big.jsonl", line.as_bytes(), 1, 0);
    let results = batch.finish();
    assert!(
        results.rejected[0].errors[0]
            .message
            .contains("at most 200 bytes")
    );
    // Past the body limit, submissions are rejected, not dropped.
    let mut batch = Batch::new(&plan).with_limits({
        let mut limits = kip_index::Limits::default();
        limits.max_bodies = 1;
        limits
    });
    let two = format!("{line}\n{}", line.replace("3673", "3674"));
    batch.add_json_lines("two.jsonl", two.as_bytes(), 1, 0);
    let results = batch.finish();
    assert_eq!((results.results.len(), results.rejected.len()), (1, 1));
    assert!(
        results.rejected[0].errors[0]
            .message
            .contains("at most 1 submissions")
    );
    let too_big = kip_index::Limits::default().check_file_size(20 << 30);
    assert!(too_big.is_err_and(|p| p.message.contains("at most")));
}

/// The plan's limits hold in every framing, looser or tighter than the defaults: a name
/// of 2,000 bytes (the default allows 1,024) is read from JSON, JSON Lines and CSV under
/// a plan allowing 4,096, and refused in all three under the defaults; an id of 20
/// bytes is refused in all three under a plan allowing 10 — the JSON Lines fast path
/// included, which checked the defaults whatever the batch said.
#[test]
fn the_plans_limits_hold_in_every_framing_loosened_or_tightened() {
    let instrument = common::instrument();
    let mut submission = common::base_submission();
    submission["agency"]["name"] = serde_json::json!("N".repeat(2_000));
    let line = submission.to_string();
    let agency = &submission["agency"];
    let csv = format!(
        "agency_id,agency_name,category\n{},{},{}\n",
        agency["id"].as_str().unwrap_or_default(),
        agency["name"].as_str().unwrap_or_default(),
        agency["category"].as_str().unwrap_or_default()
    );
    let texts = [
        ("s.json", format!("[{line}]")),
        ("s.jsonl", format!("{line}\n")),
        ("s.csv", csv.clone()),
    ];
    let scored = |limits: &kip_index::Limits, texts: &[(&str, String)]| -> Vec<(usize, usize)> {
        let plan = Plan::with_limits(&instrument, limits).unwrap_or_else(|r| panic!("{r}"));
        texts
            .iter()
            .map(|(name, text)| {
                let mut batch = Batch::new(&plan).without_stage_scores();
                batch.add_submissions_text(kip_index::NamedText::new(name, text));
                let results = batch.finish();
                (results.results.len(), results.rejected.len())
            })
            .collect()
    };
    let loose = {
        let mut limits = kip_index::Limits::default();
        limits.max_name_bytes = 4_096;
        limits
    };
    assert_eq!(scored(&loose, &texts), [(1, 0), (1, 0), (1, 0)]);
    assert_eq!(
        scored(&kip_index::Limits::default(), &texts),
        [(0, 1), (0, 1), (0, 1)]
    );
    // Tighter: ids of at most 10 bytes; the submission's id made 20 bytes long.
    let long_id = "1234567890abcdefghij";
    let short_name = |text: &str| text.replace(&"N".repeat(2_000), "Dinas");
    let tight_texts: Vec<(&str, String)> = texts
        .iter()
        .map(|(name, text)| (*name, short_name(text).replacen("3673", long_id, 1)))
        .collect();
    assert!(
        tight_texts.iter().all(|(_, t)| t.contains(long_id)),
        "{tight_texts:?}"
    );
    let tight = {
        let mut limits = kip_index::Limits::default();
        limits.max_id_bytes = 10;
        limits
    };
    assert_eq!(scored(&tight, &tight_texts), [(0, 1), (0, 1), (0, 1)]);
    assert_eq!(
        scored(&kip_index::Limits::default(), &tight_texts),
        [(1, 0), (1, 0), (1, 0)]
    );
}

/// A stream read with `SubmissionLines` holds to the same record limit as every other
/// reader: a line of 80 MiB (no newline for 64 MiB and more) is one refused record, read
/// no further than the limit and skipped, and the next line is read as line 2.
#[test]
fn submission_lines_refuse_a_line_past_the_record_limit_and_go_on() {
    use std::io::Read as _;
    let instrument = common::instrument();
    let huge = std::io::repeat(b'x').take(80 << 20);
    let next = format!("\n{}\n", common::base_submission());
    let stream = std::io::BufReader::new(huge.chain(next.as_bytes()));
    let records: Vec<_> = kip_index::SubmissionLines::new(stream, &instrument)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(records.len(), 2);
    let refused = records[0]
        .value
        .as_ref()
        .err()
        .map(|r| r.problems()[0].message.clone());
    assert_eq!(
        refused.as_deref(),
        Some("expected a record of at most 67108864 bytes, found 83886081")
    );
    assert_eq!(records[1].line, Some(2));
    assert!(records[1].value.is_ok(), "{:?}", records[1].value);
}

/// The Banten batch with a roster, its files damaged as files get damaged: the offices'
/// JSON saved as UTF-16 (Notepad's "Unicode"), the regencies' JSON Lines with line 3
/// cut short and line 5 holding a Latin-1 byte, and the same JSON Lines as UTF-16 read
/// in pieces. Every body that sent something is scored or *rejected* under its own
/// name — none is taken for one that sent nothing (*Tidak Dinilai*) — and the counts
/// add up: 21 due = 6 scored + 14 rejected + 1 that sent nothing (the example's
/// Disnakertrans, which sends nothing).
#[test]
fn damaged_files_never_turn_a_body_that_sent_into_one_that_did_not() {
    use kip_index::{Batch, JsonLinesFile, NamedText, Plan};
    let read = |p: &str| std::fs::read(format!("examples/monev-2025/{p}")).unwrap_or_default();
    let instrument =
        kip_index::Instrument::from_json(&String::from_utf8_lossy(&read("instrument.json")))
            .unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let utf16 = |bytes: &[u8]| -> Vec<u8> {
        let text = String::from_utf8_lossy(bytes);
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    let kabkota = read("submissions/banten-kabkota.jsonl");
    let mut lines: Vec<Vec<u8>> = kabkota.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    assert_eq!(lines.len(), 9, "8 lines and the end");
    let cut = lines[2].len() / 3;
    lines[2].truncate(cut);
    assert!(String::from_utf8_lossy(&lines[2]).contains("\"id\":\"3603\""));
    let at = lines[4].len() / 2;
    lines[4].insert(at, 0xC9);
    let damaged = lines.join(&b'\n');
    let roster = String::from_utf8_lossy(&read("roster.json")).into_owned();
    for kabkota_in_pieces in [false, true] {
        let mut batch = Batch::new(&plan).without_stage_scores();
        let report = batch.add_roster_text(NamedText::new("roster.json", &roster));
        assert!(report.is_empty(), "{report}");
        batch.add_submissions_bytes("opd.json", &utf16(&read("submissions/banten-opd.json")));
        if kabkota_in_pieces {
            // The regencies as UTF-16 JSON Lines, read in uneven pieces (one cut
            // inside a character's two bytes).
            let wide = utf16(&kabkota);
            let mut file = JsonLinesFile::new(&batch, "kabkota.jsonl");
            for piece in wide.chunks(777) {
                file.add(&mut batch, piece);
            }
            file.finish(&mut batch);
        } else {
            batch.add_submissions_bytes("kabkota.jsonl", &damaged);
        }
        let results = batch.finish();
        let named: Vec<&str> = results
            .rejected
            .iter()
            .filter_map(|r| r.agency.as_deref())
            .collect();
        let not_assessed: Vec<&str> = results
            .not_assessed
            .iter()
            .map(|a| a.agency.id.as_str())
            .collect();
        assert_eq!(not_assessed, ["36-disnakertrans"], "{named:?}");
        assert!(
            results.rejected.iter().all(|r| r.agency.is_some()),
            "{:#?}",
            results.rejected
        );
        let (scored, rejected) = (results.results.len(), results.rejected.len());
        if kabkota_in_pieces {
            assert_eq!((scored, rejected), (0, 12 + 8), "{named:?}");
        } else {
            assert_eq!((scored, rejected), (6, 12 + 2), "{named:?}");
            // The cut line and the line with a stray byte, each under its own body.
            assert!(
                named.contains(&"3603") && named.contains(&"3671"),
                "{named:?}"
            );
        }
        // Each category's due is scored + rejected + not assessed.
        let summary = results.summary.as_ref().map(|s| &s.categories);
        for (category, group) in summary.into_iter().flatten() {
            let counted = group.scored + group.rejected + group.not_assessed;
            assert_eq!(Some(counted), group.due, "{category}");
        }
    }
}

/// What an attacker's damaged copies of the Banten files did before: a JSON array with
/// lines deleted from the middle (one record cut short, the ones after it complete), the
/// same array cut at the end, JSON Lines with CR-only line ends (every record run
/// together on one line), a record whose id is a number, a line past the record limit,
/// JSON saved under a CSV name, a `}` lost or a `{` gained inside a record, zero bytes
/// before the text — each lost bodies that had sent something to *Tidak Dinilai*. Now
/// every one is scored or rejected under its own name.
#[test]
fn cut_records_run_together_lines_and_odd_ids_still_name_their_bodies() {
    use kip_index::{Batch, Limits, NamedText, Plan};
    let read = |p: &str| std::fs::read(format!("examples/monev-2025/{p}")).unwrap_or_default();
    let instrument =
        kip_index::Instrument::from_json(&String::from_utf8_lossy(&read("instrument.json")))
            .unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let roster = String::from_utf8_lossy(&read("roster.json")).into_owned();
    let opd = String::from_utf8_lossy(&read("submissions/banten-opd.json")).into_owned();
    let kabkota = String::from_utf8_lossy(&read("submissions/banten-kabkota.jsonl")).into_owned();
    // The fifth office's record loses its last third, up to the sixth's start.
    let starts: Vec<usize> = opd.match_indices("\n {\n").map(|(at, _)| at).collect();
    assert_eq!(starts.len(), 12, "one record a line start");
    let (fifth, sixth) = (starts[4], starts[5]);
    let cut_middle = format!("{}{}", &opd[..sixth - (sixth - fifth) / 3], &opd[sixth..]);
    let cut_end = opd[..starts[11] + (opd.len() - starts[11]) / 2].to_owned();
    // One `}` lost inside the fifth record (an answer's), one `{` gained in the ninth.
    let brace_lost = format!(
        "{}{}",
        &opd[..fifth + 300],
        opd[fifth + 300..].replacen("\n   },", "\n   ,", 1)
    );
    let brace_gained = format!(
        "{}{}",
        &opd[..starts[8] + 300],
        opd[starts[8] + 300..].replacen("true", "tru{", 1)
    );
    assert!(brace_lost.len() + 1 == opd.len() && brace_gained != opd);
    let zeros_first = format!("\0\0\0\0{opd}");
    let cr_only = kabkota.replace('\n', "\r");
    let numeric_id = kabkota.replacen("\"id\":\"3601\"", "\"id\":3601", 1);
    let cases: [(&str, &str, &str, usize); 10] = [
        ("opd.json", &brace_lost, "", 12),
        ("opd.json", &brace_gained, "", 12),
        ("opd.json", &zeros_first, "", 12),
        ("opd.csv", &opd, "", 12),
        ("kabkota.csv", &kabkota, "", 8),
        ("opd.json", &cut_middle, "", 12),
        ("opd.json", &cut_end, "", 12),
        ("kabkota.jsonl", &cr_only, "", 8),
        ("kabkota.jsonl", &numeric_id, "3601", 8),
        ("kabkota.jsonl", &kabkota, "limit", 8),
    ];
    for (name, text, what, bodies) in cases {
        let mut limits = Limits::DEFAULT;
        if what == "limit" {
            limits.max_line_bytes = 2_000; // Every Banten line is longer.
        }
        let mut batch = Batch::new(&plan).without_stage_scores().with_limits(limits);
        let report = batch.add_roster_text(NamedText::new("roster.json", &roster));
        assert!(report.is_empty(), "{report}");
        batch.add_submissions_bytes(name, text.as_bytes());
        let results = batch.finish();
        let mut seen: Vec<&str> = (results.results.iter().map(|c| c.agency.id.as_str()))
            .chain(results.rejected.iter().filter_map(|r| r.agency.as_deref()))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(
            seen.len(),
            bodies,
            "{name} {what}: {seen:?} {:#?}",
            results.rejected
        );
        // Every roster body of the other file, and Disnakertrans, sent nothing.
        assert_eq!(results.not_assessed.len(), 21 - bodies, "{name} {what}");
        let summary = results.summary.as_ref().map(|s| &s.categories);
        for (category, group) in summary.into_iter().flatten() {
            let counted = group.scored + group.rejected + group.not_assessed;
            assert_eq!(Some(counted), group.due, "{name} {what}: {category}");
        }
    }
}

/// A file of many tiny broken records (`[{},{},…]`) cannot take memory hundreds of times
/// its size: past `Limits::max_rejections` a rejection that names no body is counted in
/// a warning, not kept; one that names its body is kept with its first problem, so the
/// body is never taken for one that sent nothing, whatever the files' order.
#[test]
fn rejections_past_the_limit_are_counted_unless_they_name_a_body() {
    use kip_index::{Batch, Language, Limits, Plan, Warning};
    let instrument = common::instrument();
    let mut limits = Limits::DEFAULT;
    limits.max_rejections = 5;
    let plan = Plan::with_limits(&instrument, &limits).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let text = format!("[{}]", ["{}"; 12].join(","));
    batch.add_submissions_bytes("kosong.json", text.as_bytes());
    assert_eq!(batch.submissions_read(), 12);
    let named = r#"{"instrument": "uji", "agency": {"id": "3605", "name": "X", "category": "pemkot"}, "answers": {"nope": 1, "nor": 2}}"#;
    batch.add_submissions_bytes("nyata.json", named.as_bytes());
    let results = batch.finish();
    let last = results
        .rejected
        .last()
        .map(|r| (r.agency.as_deref(), r.errors.len()));
    assert_eq!(
        last,
        Some((Some("3605"), 1)),
        "{:#?}",
        results.rejected.last()
    );
    let sources: Vec<String> = (results.rejected.iter().take(5))
        .map(|r| r.source.to_string())
        .collect();
    assert_eq!(
        sources,
        [
            "kosong.json#/0",
            "kosong.json#/1",
            "kosong.json#/2",
            "kosong.json#/3",
            "kosong.json#/4"
        ]
    );
    let counted: Vec<&Warning> = results
        .warnings
        .iter()
        .filter(|w| w.kind() == "rejections_not_listed")
        .collect();
    assert_eq!(counted.len(), 1);
    let message = counted[0].message(Language::Indonesian);
    assert!(
        message.starts_with("7 pengajuan lagi ditolak dan tidak dicantumkan"),
        "{message}"
    );
    assert!(message.contains("paling banyak 5 penolakan"), "{message}");
    assert!(!message.contains("  "), "{message}");
}

/// A JSON document saved under a JSON Lines name — the offices' pretty array named
/// `.jsonl`, or one pretty-printed object — is refused record by record with the advice
/// to name it `.json`, each record under its body (before: a rejection for every line,
/// none naming a body, every office *Tidak Dinilai*).
#[test]
fn a_json_document_named_jsonl_is_refused_by_record_with_its_name_to_fix() {
    use kip_index::{Batch, JsonLinesFile, Language, NamedText, Plan};
    let read = |p: &str| std::fs::read(format!("examples/monev-2025/{p}")).unwrap_or_default();
    let instrument =
        kip_index::Instrument::from_json(&String::from_utf8_lossy(&read("instrument.json")))
            .unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let opd = read("submissions/banten-opd.json");
    let text = String::from_utf8_lossy(&opd).into_owned();
    let first = text.find("\n {").map_or(0, |k| k + 1);
    let end = text[first..]
        .find("\n }")
        .map_or(text.len(), |k| first + k + 3);
    let one = &text[first..end];
    for (bytes, bodies) in [(opd.as_slice(), 12), (one.as_bytes(), 1)] {
        let mut batch = Batch::new(&plan).without_stage_scores();
        // In pieces, as kip reads it, and whole, as a text.
        let mut file = JsonLinesFile::new(&batch, "opd.jsonl");
        for piece in bytes.chunks(4_000) {
            file.add(&mut batch, piece);
        }
        file.finish(&mut batch);
        batch.add_submissions_text(NamedText::new(
            "lagi.jsonl",
            &String::from_utf8_lossy(bytes),
        ));
        let results = batch.finish();
        assert_eq!(results.rejected.len(), 2 * bodies);
        assert!(
            results.rejected.iter().all(|r| r.agency.is_some()),
            "{:#?}",
            results.rejected
        );
        let message = results.rejected[0].errors[0].message_in(Language::Indonesian);
        assert!(message.ends_with("beri nama berkas .json"), "{message}");
    }
}
