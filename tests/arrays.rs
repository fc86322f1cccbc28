//! A JSON array of submissions read element by element (the fast path of JSON Lines,
//! the careful reader for what it declines) gives byte for byte what the whole-document
//! reader gives: the same scores, rejections, problems, pointers, lines and columns —
//! pretty or compact, CRLF or LF, clean or with problems, or broken.

use kip_index::{Batch, Framing, Instrument, NamedText, Plan, read_submissions};
use serde_json::Value;

fn instrument() -> Instrument {
    std::fs::read_to_string("examples/monev-2025/instrument.json")
        .unwrap_or_else(|e| panic!("{e}"))
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"))
}

fn kabkota() -> Vec<Value> {
    std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")
        .unwrap_or_else(|e| panic!("{e}"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// The results and rejections (with every problem's place) both ways.
fn both_ways(text: &str) -> (String, String) {
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    let mut fast = Batch::new(&plan).without_stage_scores();
    fast.add_submissions_text(NamedText::new("pengajuan.json", text));
    let fast = fast.finish();
    let mut whole = Batch::new(&plan).without_stage_scores();
    for record in read_submissions(text, Framing::Json, &instrument) {
        whole.add_record("pengajuan.json", Framing::Json, record);
    }
    let whole = whole.finish();
    assert_eq!(
        format!("{:?}", fast.rejected),
        format!("{:?}", whole.rejected)
    );
    (fast.to_json(), whole.to_json())
}

fn assert_same(text: &str, what: &str) {
    let (fast, whole) = both_ways(text);
    assert_eq!(fast, whole, "{what}");
    // In pieces of every size (JsonArrayFile), falling back to the whole file when it is
    // not plain, as the command line reads a file: the same results.
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    for size in [7, 64, 1000, text.len().max(1)] {
        let mut batch = Batch::new(&plan).without_stage_scores();
        let mut file = kip_index::JsonArrayFile::new(&batch, "pengajuan.json");
        let mut plain = true;
        for piece in text.as_bytes().chunks(size) {
            plain = plain && file.add(&mut batch, piece);
        }
        if !(plain && file.finish(&mut batch)) {
            batch.add_submissions_bytes("pengajuan.json", text.as_bytes());
        }
        assert_eq!(batch.finish().to_json(), whole, "{what}, pieces of {size}");
    }
}

#[test]
fn clean_arrays_pretty_compact_and_crlf_score_as_the_whole_document() {
    let records = kabkota();
    let pretty = serde_json::to_string_pretty(&records).unwrap_or_default();
    assert_same(&pretty, "pretty");
    assert_same(
        &serde_json::to_string(&records).unwrap_or_default(),
        "compact",
    );
    assert_same(&pretty.replace('\n', "\r\n"), "CRLF");
    assert_same(&format!("\u{feff}{pretty}\n"), "BOM");
    let (json, _) = both_ways(&pretty);
    let value: Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["results"].as_array().map(Vec::len), Some(8));
}

/// `JsonArrayFile` tells elements apart by the separator between them (`},{` with
/// blanks), a guess: a name holding that pattern makes the guess cut inside a string,
/// and the file is read exactly — the same results; a clean array is taken whole by
/// the guess, in pieces of any size.
#[test]
fn a_separator_inside_a_string_never_splits_an_element() {
    let mut records = kabkota();
    records[2]["agency"]["name"] = Value::from("Dinas },{ Kominfo");
    records[5]["agency"]["name"] = Value::from("Dinas } ,\n { Kominfo");
    records[6]["answers"]["JI01"]["evidence"] = Value::from(vec!["https://x.id/a},{b"]);
    for text in [
        serde_json::to_string_pretty(&records).unwrap_or_default(),
        serde_json::to_string(&records).unwrap_or_default(),
    ] {
        assert_same(&text, "a separator inside a string");
        let (json, _) = both_ways(&text);
        let value: Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(value["results"].as_array().map(Vec::len), Some(8));
    }
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    let clean = serde_json::to_string_pretty(&kabkota()).unwrap_or_default();
    for size in [5, 333, clean.len()] {
        let mut batch = Batch::new(&plan).without_stage_scores();
        let mut file = kip_index::JsonArrayFile::new(&batch, "pengajuan.json");
        let plain = clean
            .as_bytes()
            .chunks(size)
            .all(|piece| file.add(&mut batch, piece));
        assert!(plain && file.finish(&mut batch), "pieces of {size}");
        assert_eq!(batch.finish().results.len(), 8);
    }
}

#[test]
fn elements_with_problems_are_rejected_where_the_whole_document_puts_them() {
    let records = kabkota();
    let mut broken = records.clone();
    broken[1]["jawaban"] = Value::from(1); // an unknown key
    broken[2]["answers"]["JI01"] = Value::from(7); // a wrong type
    broken[3]["agency"] = Value::Null; // no agency
    broken[4]["answers"] = Value::from("semua"); // answers not an object
    broken[5]["agency"]["id"] = Value::from("x".repeat(300)); // an id past the limit
    broken[6]["agency"]["name"] = Value::from("Dinas ".repeat(400)); // a name past it
    let pretty = serde_json::to_string_pretty(&broken).unwrap_or_default();
    // A key twice, an escaped name, written by hand into the text.
    let twice = pretty.replacen(
        "\"answers\": {",
        "\"answers\": {\n      \"JI01\": \"ya\",",
        1,
    );
    let escaped = twice.replacen("Pemerintah", "Pem\\u0065rintah \\\"Kab\\\"", 1);
    for (text, what) in [
        (pretty.clone(), "pretty"),
        (twice, "a key twice"),
        (escaped, "escapes"),
        (
            serde_json::to_string(&broken).unwrap_or_default(),
            "compact",
        ),
        (pretty.replace('\n', "\r\n"), "CRLF"),
    ] {
        assert_same(&text, what);
    }
    let (json, _) = both_ways(&pretty);
    let value: Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(value["rejected"].as_array().map(Vec::len), Some(6));
}

#[test]
fn broken_files_and_other_shapes_go_the_whole_documents_way() {
    let records = kabkota();
    let pretty = serde_json::to_string_pretty(&records).unwrap_or_default();
    let cut = pretty.replacen("\"3603\"", "\"3603", 1);
    let trailing = format!("{}, ]", pretty.trim_end().trim_end_matches(']'));
    let mixed = pretty.replacen('{', "7, {", 1);
    let lone = serde_json::to_string_pretty(&records[0]).unwrap_or_default();
    // A bad literal in the last element: only its parse finds it, after the others
    // were added — then taken back, and the file refused whole.
    let last = pretty.rfind("true").unwrap_or_else(|| panic!("no true"));
    let literal = format!("{}tru{}", &pretty[..last], &pretty[last + 4..]);
    let line_break = pretty.replacen("Pemerintah ", "Pemerintah\n", 1);
    for (text, what) in [
        (cut, "a string cut"),
        (trailing, "a trailing comma"),
        (mixed, "a number among the objects"),
        (lone, "a lone object"),
        (literal, "a bad literal in the last element"),
        (line_break, "a raw line break in a string"),
        ("[]".to_owned(), "an empty array"),
        ("[{}, {}]".to_owned(), "empty objects"),
    ] {
        assert_same(&text, what);
    }
}
