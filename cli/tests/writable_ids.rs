//! Issue 24, item 9: instrument ids that can be written everywhere — a question id a
//! sheet's header can carry, option and item ids a cell can — and a template for every
//! instrument a sheet can hold: long drop-down lists on a list sheet, an instrument
//! wider than a sheet refused with the figure.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use common::{base_instrument, instrument_problems, set};
use serde_json::json;

#[test]
fn ids_a_sheet_cannot_carry_are_refused() {
    support::at_repository_root();
    for (pointer, id, gist) in [
        ("/indicators/0/questions/0/id", "=1+1", "other characters"),
        ("/indicators/0/questions/0/id", "agency_id", "agency column"),
        ("/indicators/0/questions/0/id", "a,b", "other characters"),
        (
            "/indicators/0/questions/0/id",
            "Q2.evidence",
            "evidence column",
        ),
        (
            "/indicators/0/questions/1/options/0/id",
            "x;y",
            "separates a checklist",
        ),
        ("/indicators/0/questions/1/options/0/id", "=cmd", "formula"),
        (
            "/indicators/0/questions/2/items/0/id",
            "NA",
            "answers of their own",
        ),
    ] {
        let mut instrument = base_instrument();
        set(&mut instrument, pointer, json!(id));
        let report = instrument_problems(&instrument);
        assert!(
            report
                .iter()
                .any(|p| p.path == pointer && p.message.contains(gist)),
            "{id}: {report}"
        );
    }
    // Question ids that differ only in case would meet in a sheet's header.
    let mut instrument = base_instrument();
    set(&mut instrument, "/indicators/0/questions/1/id", json!("q1"));
    let report = instrument_problems(&instrument);
    assert!(
        report
            .iter()
            .any(|p| p.message.contains("differ in more than case")),
        "{report}"
    );
}

fn kip(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_template_fits_every_instrument_a_sheet_can_hold() {
    support::at_repository_root();
    let dir = support::Scratch::new("ids");
    // A choice of 40 options with long ids: its list is past Excel's 255 characters.
    let mut long = base_instrument();
    let options: Vec<_> = (0..40)
        .map(|k| json!({ "id": format!("pilihan-panjang-{k:02}"), "label": format!("Pilihan {k}"), "score": k }))
        .collect();
    set(
        &mut long,
        "/indicators/0/questions/1/options",
        json!(options),
    );
    let path = dir.join("long.json");
    std::fs::write(&path, long.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let out = dir.join("long.xlsx");
    let made = kip(&[
        "template",
        &path.display().to_string(),
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(
        made.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap_or_else(|e| panic!("{e}"));
    use calamine::Reader;
    assert!(
        book.sheet_names().contains(&"Daftar".to_owned()),
        "{:?}",
        book.sheet_names()
    );
    // Wider than a sheet: 8,200 questions with evidence are 16,406 columns.
    let mut wide = base_instrument();
    let questions: Vec<_> = (0..8_200)
        .map(|k| json!({ "id": format!("W{k}"), "text": "?", "kind": "yes_no", "evidence": "optional" }))
        .collect();
    set(&mut wide, "/indicators/1/questions", json!(questions));
    let path = dir.join("wide.json");
    std::fs::write(&path, wide.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let made = kip(&[
        "template",
        &path.display().to_string(),
        "-o",
        &dir.join("wide.xlsx").display().to_string(),
    ]);
    assert_eq!(made.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&made.stderr);
    assert!(stderr.contains("16384 kolom"), "{stderr}");
}
