//! Issue 24: workbooks that can neither crash kip nor lose a body. A cell at
//! `XFD1048576` or `A1048576` is read in bounded memory (a stray cell of its row, a row
//! of its own); a part that would decompress beyond the budget, or a shared-string
//! count beyond it, is refused before anything is allocated; the first visible sheet is
//! read and a hidden one before it named; a formula with no saved value is a problem at
//! its cell; the other files of a run are still scored.

mod support;

use std::io::{Read, Write};

use kip_index::{Batch, Instrument, Limits, Plan, read_submission_workbook};

const HEADER: [&str; 6] = [
    "agency_id",
    "agency_name",
    "category",
    "region",
    "JI01",
    "JI01.evidence",
];

fn instrument() -> Instrument {
    std::fs::read_to_string("examples/monev-2025/instrument.json")
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|r| panic!("{r}"))
}

/// A workbook with the header and two bodies; `more` writes into its sheet.
fn workbook(more: impl Fn(&mut rust_xlsxwriter::Worksheet)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in HEADER.iter().enumerate() {
        sheet
            .write_string(0, col as u16, *name)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (row, id) in [(1u32, "3601"), (2, "3602")] {
        let cells = [
            id,
            "Pemerintah Kabupaten",
            "pemkab",
            "36",
            "ya",
            "https://x.go.id/a.pdf",
        ];
        for (col, text) in cells.iter().enumerate() {
            sheet
                .write_string(row, col as u16, *text)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    more(sheet);
    book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"))
}

/// The workbook with one part's text changed by `edit`.
fn rewritten(bytes: &[u8], part: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for k in 0..archive.len() {
        let mut file = archive.by_index(k).unwrap_or_else(|e| panic!("{e}"));
        let name = file.name().unwrap_or_else(|e| panic!("{e}")).into_owned();
        let mut text = Vec::new();
        file.read_to_end(&mut text)
            .unwrap_or_else(|e| panic!("{e}"));
        if name == part {
            text = edit(String::from_utf8_lossy(&text).into_owned()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        out.write_all(&text).unwrap_or_else(|e| panic!("{e}"));
    }
    out.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

fn problems(records: &[kip_index::Record<kip_index::Submission>]) -> Vec<kip_index::Problem> {
    records
        .iter()
        .filter_map(|r| r.value.as_ref().err())
        .flat_map(|r| r.iter().cloned())
        .collect()
}

#[test]
fn a_cell_at_the_last_column_and_row_is_a_stray_cell_not_a_dense_grid() {
    support::at_repository_root();
    let instrument = instrument();
    // One cell at XFD1048576 (the 1,392-byte workbook of the issue aborted kip).
    let far = workbook(|sheet| {
        sheet
            .write_string(1_048_575, 16_383, "x")
            .unwrap_or_else(|e| panic!("{e}"));
    });
    let records = read_submission_workbook(&far, &instrument);
    // The two bodies are read; the far cell's row is rejected at that cell.
    assert_eq!(records.iter().filter(|r| r.value.is_ok()).count(), 2);
    let found = problems(&records);
    assert!(
        found
            .iter()
            .any(|p| p.message.contains("Sheet1!XFD1048576")),
        "{found:#?}"
    );
    // A note at XFD1, in the header row: the header cannot be read, and each row is
    // rejected under its agency (stored only as wide as its own cells).
    let noted = workbook(|sheet| {
        sheet
            .write_string(0, 16_383, "catatan")
            .unwrap_or_else(|e| panic!("{e}"));
    });
    let records = read_submission_workbook(&noted, &instrument);
    let agencies: Vec<Option<&str>> = records
        .iter()
        .map(|r| r.agency.as_ref().map(|a| a.id.as_str()))
        .collect();
    assert_eq!(agencies, [Some("3601"), Some("3602")], "{records:#?}");
    let found = problems(&records);
    assert!(
        found
            .iter()
            .any(|p| p.message.contains("found `catatan` in column XFD")),
        "{found:#?}"
    );
    // One cell at A1048576: one more row, far down, read as a row.
    let deep = workbook(|sheet| {
        sheet
            .write_string(1_048_575, 0, "3603")
            .unwrap_or_else(|e| panic!("{e}"));
    });
    let records = read_submission_workbook(&deep, &instrument);
    assert!(
        records.iter().any(|r| r.line == Some(1_048_576)),
        "the row far down is named"
    );
}

#[test]
fn budgets_are_checked_before_anything_is_allocated() {
    support::at_repository_root();
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let good = workbook(|_| {});
    // Ten billion shared strings declared in a few bytes.
    let claims = rewritten(&good, "xl/sharedStrings.xml", |xml| {
        xml.replacen("uniqueCount=\"", "uniqueCount=\"10000000000", 1)
    });
    let records = read_submission_workbook(&claims, &instrument);
    let found = problems(&records);
    assert!(
        found.iter().any(|p| p.message.contains("shared strings")),
        "{found:#?}"
    );
    // Rows made as wide as a far header cell by a cell of their own under it: counted
    // against the cell budget as laid out (16,384 a row), refused, not allocated.
    let wide = workbook(|sheet| {
        for row in 0..3 {
            sheet
                .write_string(row, 16_383, "catatan")
                .unwrap_or_else(|e| panic!("{e}"));
        }
    });
    let mut batch = Batch::new(&plan).without_stage_scores().with_limits({
        let mut limits = Limits::default();
        limits.max_sheet_cells = 20_000;
        limits
    });
    batch.add_workbook("lebar.xlsx", &wide);
    let results = batch.finish();
    assert!(
        results.rejected[0].errors[0]
            .message
            .contains("counting each row as wide as its last cell"),
        "{:?}",
        results.rejected
    );
    // Shared strings that say there is one and are thousands (empty ones, `<si/>`):
    // counted as they are, refused past the budget.
    let lying = rewritten(&good, "xl/sharedStrings.xml", |xml| {
        let start = xml.find("<si>").unwrap_or(xml.len());
        let (head, tail) = xml.split_at(start);
        let head = head
            .replacen(" count=\"", " count=\"1\" was=\"", 1)
            .replacen("uniqueCount=\"", "uniqueCount=\"1\" was2=\"", 1);
        format!("{head}{}{tail}", "<si/>".repeat(3_000))
    });
    let mut batch = Batch::new(&plan).without_stage_scores().with_limits({
        let mut limits = Limits::default();
        limits.max_shared_strings = 2_000;
        limits
    });
    batch.add_workbook("bohong.xlsx", &lying);
    let results = batch.finish();
    assert!(
        results.rejected[0].errors[0]
            .message
            .contains("at most 2000 shared strings in the workbook, found more"),
        "{:?}",
        results.rejected
    );
    // A sheet bigger than the part budget: refused, the other file of the run scored.
    let mut batch = Batch::new(&plan).without_stage_scores().with_limits({
        let mut limits = Limits::default();
        limits.max_workbook_part_bytes = 1_000;
        limits
    });
    batch.add_workbook("besar.xlsx", &good);
    let lines = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")
        .unwrap_or_default();
    batch.add_json_lines("banten-kabkota.jsonl", lines.as_bytes(), 1, 0);
    let results = batch.finish();
    assert_eq!(results.results.len(), 8);
    let rejected = &results.rejected[0];
    assert_eq!(rejected.source.to_string(), "besar.xlsx");
    assert!(
        rejected.errors[0]
            .message
            .contains("bytes once decompressed"),
        "{:?}",
        rejected.errors
    );
}

#[test]
fn the_first_visible_sheet_is_read_and_a_hidden_one_named() {
    support::at_repository_root();
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut book = rust_xlsxwriter::Workbook::new();
    let hidden = book.add_worksheet();
    hidden.set_name("Lama").unwrap_or_else(|e| panic!("{e}"));
    hidden
        .write_string(0, 0, "catatan lama")
        .unwrap_or_else(|e| panic!("{e}"));
    hidden.set_hidden(true);
    let sheet = book.add_worksheet();
    sheet.set_name("Jawaban").unwrap_or_else(|e| panic!("{e}"));
    for (col, name) in HEADER.iter().enumerate() {
        sheet
            .write_string(0, col as u16, *name)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let cells = [
        "3601",
        "Pemerintah Kabupaten Pandeglang",
        "pemkab",
        "36",
        "ya",
        "https://x.go.id/a.pdf",
    ];
    for (col, text) in cells.iter().enumerate() {
        sheet
            .write_string(1, col as u16, *text)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    sheet.set_active(true);
    let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let mut batch = Batch::new(&plan).without_stage_scores();
    batch.add_workbook("jawaban.xlsx", &bytes);
    let results = batch.finish();
    assert_eq!(results.results.len(), 1, "{:?}", results.rejected);
    assert!(
        results.warnings.iter().any(|w| w.kind() == "hidden_sheets"
            && w.message(kip_index::Language::English).contains("`Lama`")),
        "{:?}",
        results.warnings
    );
}

#[test]
fn a_formula_without_a_saved_value_is_a_problem_at_its_cell() {
    support::at_repository_root();
    let instrument = instrument();
    let good = workbook(|sheet| {
        sheet
            .write_formula(
                2,
                4,
                rust_xlsxwriter::Formula::new("=IF(1,\"ya\",\"tidak\")"),
            )
            .unwrap_or_else(|e| panic!("{e}"));
    });
    // Strip the saved value, as a file written by a program that never computed it.
    let unsaved = rewritten(&good, "xl/worksheets/sheet1.xml", |xml| {
        let Some(f) = xml.find("<f>") else { return xml };
        let tail = xml.get(f..).unwrap_or_default();
        match (tail.find("<v>"), tail.find("</v>")) {
            (Some(a), Some(b)) => format!(
                "{}{}{}",
                xml.get(..f + a).unwrap_or_default(),
                "",
                xml.get(f + b + 4..).unwrap_or_default()
            ),
            _ => xml,
        }
    });
    let records = read_submission_workbook(&unsaved, &instrument);
    let found = problems(&records);
    assert!(
        found.iter().any(|p| p.record == Some(3)
            && p.message.contains("cell Sheet1!E3")
            && p.message.contains("formula")),
        "{found:#?}"
    );
}

/// The workbook: a header and one cell at `XFD1048576`, given to `kip score`
/// with the bundled JSON files, run as a process under a 1 GiB address-space limit
/// (the dense grid it once asked for was 512 GiB): a problem at that cell, exit 1, and
/// the 20 bundled bodies scored.
#[test]
fn the_far_cell_workbook_leaves_the_other_files_scored_within_a_gigabyte() {
    support::at_repository_root();
    let dir = support::Scratch::new("far-cell");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, name) in HEADER.iter().enumerate() {
        sheet
            .write_string(0, col as u16, *name)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    sheet
        .write_string(1_048_575, 16_383, "x")
        .unwrap_or_else(|e| panic!("{e}"));
    let far = dir.join("jauh.xlsx");
    std::fs::write(
        &far,
        book.save_to_buffer().unwrap_or_else(|e| panic!("{e}")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let base = "examples/monev-2025";
    let output = std::process::Command::new("sh")
        .args([
            "-c",
            "ulimit -v 1048576 && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_kip"),
            "score",
            &format!("{base}/instrument.json"),
            &format!("{base}/submissions/banten-kabkota.jsonl"),
            &format!("{base}/submissions/banten-opd.json"),
            &far.display().to_string(),
            "--stage-scores",
            &format!("{base}/stage-scores.json"),
            "--format",
            "json",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let results: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let scored = results["results"].as_array().map_or(0, Vec::len);
    assert_eq!(scored, 20, "{stdout}");
    // Rejected at its cell, in the file's row 1,048,576: that cell alone, not every
    // column it leaves empty.
    let rejected = &results["rejected"][0];
    assert_eq!(
        rejected["errors"].as_array().map(Vec::len),
        Some(1),
        "{rejected}"
    );
    assert!(
        rejected["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Sheet1!XFD1048576")),
        "{rejected}"
    );
    assert!(
        rejected["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("jauh.xlsx:1048576")),
        "{rejected}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
