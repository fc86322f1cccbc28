//! Issue 24: spreadsheets that cannot lose a body. For every damaged CSV in the corpus —
//! an unbalanced quote with and without a later quote, a file cut mid-row, short and long
//! rows, a byte-order mark mid-file, a stray cell, a blank first line, Excel's `sep=;`
//! line, a trailing separator in the header — every agency id in the file is scored or
//! named in a rejection, and with a roster due = scored + rejected + not submitted.

use kip_index::{Agency, Batch, Instrument, Plan};

const IDS: [&str; 6] = ["3601", "3602", "3603", "3604", "3671", "3672"];
const HEADER: &str = "agency_id;agency_name;category;region;JI01;JI01.evidence;KO03;SP05";

fn instrument() -> Instrument {
    std::fs::read_to_string("examples/monev-2025/instrument.json")
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|r| panic!("{r}"))
}

fn category(id: &str) -> &'static str {
    if id.starts_with("367") {
        "pemkot"
    } else {
        "pemkab"
    }
}

fn row(id: &str) -> String {
    format!(
        "{id};Badan {id};{};36;ya;https://ppid.example.go.id/{id}.pdf;1.250;tidak",
        category(id)
    )
}

fn rows() -> Vec<String> {
    IDS.iter().map(|id| row(id)).collect()
}

/// The damaged files: a name and the text.
fn corpus() -> Vec<(&'static str, String)> {
    let join = |lines: &[String]| lines.join("\r\n") + "\r\n";
    let mut all = vec![HEADER.to_owned()];
    all.extend(rows());
    let mut cases = Vec::new();
    // A quote opened in 3601's last cell, closed by a later quote in 3604's name.
    let mut quote = all.clone();
    quote[1] = quote[1].replace(";tidak", ";\"tidak");
    quote[4] = quote[4].replace("Badan 3604", "Badan \"Kota\" 3604");
    cases.push(("quote-closed-later", join(&quote)));
    // A quote that never closes: every row after it swallowed.
    let mut open = all.clone();
    open[2] = open[2].replace(";tidak", ";\"tidak");
    cases.push(("quote-never-closed", join(&open)));
    // Cut mid-row: the last row stops after its fifth cell, with no line end.
    let mut cut = all.clone();
    let last = cut.len() - 1;
    cut[last] = cut[last].split(';').take(5).collect::<Vec<_>>().join(";");
    cases.push(("cut-mid-row", cut.join("\r\n")));
    // A short row in the middle, and a long one.
    let mut short = all.clone();
    short[3] = short[3].split(';').take(4).collect::<Vec<_>>().join(";");
    short[4].push_str(";catatan;lagi");
    cases.push(("short-and-long", join(&short)));
    // Two files joined: a byte-order mark before a row.
    let mut bom = all.clone();
    bom[4] = format!("\u{feff}{}", bom[4]);
    cases.push(("bom-mid-file", join(&bom)));
    // A stray note in a cell outside the header's columns.
    let mut stray = all.clone();
    stray[2].push_str(";;;dicek oleh Budi");
    cases.push(("stray-cell", join(&stray)));
    // A blank first line, Excel's `sep=;` line, a trailing separator in the header.
    cases.push(("blank-first-line", format!("\r\n{}", join(&all))));
    cases.push(("sep-line", format!("sep=;\r\n{}", join(&all))));
    let mut trailing = all.clone();
    trailing[0].push(';');
    cases.push(("header-trailing-separator", join(&trailing)));
    // A verifier's note in the header, after two empty header cells, below a `sep=;`
    // line: the header cannot be read, and every row is named under its agency.
    let mut note = all.clone();
    note[0].push_str(";;;catatan verifikator");
    cases.push(("header-note", format!("sep=;\r\n{}", join(&note))));
    // A question's id mistyped in the header.
    let mut mistyped = all.clone();
    mistyped[0] = mistyped[0].replace(";KO03;", ";KO-03;");
    cases.push(("header-mistyped", join(&mistyped)));
    // An empty header cell in the middle, with a note under it in one row only.
    let mut gap = all.clone();
    gap[0] = gap[0].replace(";KO03;", ";;KO03;");
    for (k, line) in gap.iter_mut().enumerate().skip(1) {
        let note = if k == 2 { "lihat catatan" } else { "" };
        *line = line.replacen(";1.250;", &format!(";{note};1.250;"), 1);
    }
    cases.push(("header-gap", join(&gap)));
    // Excel's empty top row saved as separators only.
    cases.push(("empty-top-row", format!(";;;;;;;\r\n{}", join(&all))));
    // Two files joined, the second with its header (and a byte-order mark).
    let mut again = all[..4].to_vec();
    again.push(format!("\u{feff}{HEADER}"));
    again.extend(all[4..].iter().cloned());
    cases.push(("header-again", join(&again)));
    // `agency id` for `agency_id`: the header cannot be read, the rows are still named.
    let mut spaced = all.clone();
    spaced[0] = spaced[0].replace("agency_id", "agency id");
    cases.push(("agency-id-spaced", join(&spaced)));
    cases
}

#[test]
fn every_body_in_a_damaged_sheet_is_scored_or_named() {
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    for (name, text) in corpus() {
        let mut batch = Batch::new(&plan).without_stage_scores();
        for id in IDS {
            let mut agency = Agency::new(id, format!("Badan {id}"));
            agency.category = Some(category(id).into());
            agency.region = Some("36".to_owned());
            batch
                .add_to_roster(agency)
                .unwrap_or_else(|p| panic!("{p}"));
        }
        batch.add_csv(name, &text);
        let results = batch.finish();
        for id in IDS {
            let scored = results.results.iter().any(|c| c.agency.id == id);
            let named = results
                .rejected
                .iter()
                .any(|r| r.agency.as_deref() == Some(id));
            assert!(scored || named, "{name}: {id} vanished: {results:#?}");
            assert!(
                !results.not_assessed.iter().any(|a| a.agency.id == id),
                "{name}: {id} submitted but is listed as not assessed"
            );
        }
        let summary = results.summary.as_ref().unwrap_or_else(|| panic!("{name}"));
        for (group, g) in (summary.categories.iter().map(|(c, g)| (c.as_str(), g)))
            .chain(summary.regions.iter().map(|(r, g)| (r.as_str(), g)))
        {
            assert_eq!(
                g.due.unwrap_or_default() + g.not_on_roster.unwrap_or_default(),
                g.scored + g.rejected + g.not_assessed,
                "{name}: {group}"
            );
        }
        // The well-formed variants lose nothing and reject nothing.
        if matches!(
            name,
            "bom-mid-file"
                | "blank-first-line"
                | "sep-line"
                | "header-trailing-separator"
                | "empty-top-row"
                | "header-again"
        ) {
            assert_eq!(
                results.results.len(),
                IDS.len(),
                "{name}: {:#?}",
                results.rejected
            );
        }
    }
}

#[test]
fn damage_is_named_at_its_row() {
    let instrument = instrument();
    let problems = |text: &str| {
        kip_index::read_submissions(text, kip_index::Framing::Csv, &instrument)
            .into_iter()
            .filter_map(|r| r.value.err())
            .flat_map(|r| r.problems().to_vec())
            .collect::<Vec<_>>()
    };
    let corpus = corpus();
    let text = |name: &str| {
        corpus
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    // The quote in row 2 swallowed lines 3 to 5 (3602, 3603, 3604): the row says so and
    // each swallowed line is named with its agency.
    let found = problems(&text("quote-closed-later"));
    let row = found
        .iter()
        .find(|p| p.record == Some(2))
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        row.message.contains("lines 3–5") && row.message.contains("`3602`"),
        "{row}"
    );
    for line in 3..=5 {
        assert!(
            found
                .iter()
                .any(|p| p.record == Some(line) && p.message.contains("inside a cell of row 2")),
            "{line}: {found:#?}"
        );
    }
    // Cut mid-row: the last row is short and the file may be cut.
    let found = problems(&text("cut-mid-row"));
    assert!(
        found.iter().any(|p| p.record == Some(7)
            && p.message.contains("found 5")
            && p.message.contains("cut short")),
        "{found:#?}"
    );
    // Short and long rows, each at its row; a stray cell at its column.
    let found = problems(&text("short-and-long"));
    assert!(
        found
            .iter()
            .any(|p| p.record == Some(4) && p.message.contains("found 4")),
        "{found:#?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.record == Some(5) && p.message.contains("column I")),
        "{found:#?}"
    );
    let found = problems(&text("stray-cell"));
    assert!(
        found
            .iter()
            .any(|p| p.record == Some(3) && p.message.contains("column K")),
        "{found:#?}"
    );
    // A header that cannot be read is said at its own row (2, after `sep=;`), with each
    // row it keeps from being read, under that row's agency; a mistyped question is named
    // with the one meant.
    let records =
        kip_index::read_submissions(&text("header-note"), kip_index::Framing::Csv, &instrument);
    assert_eq!(records.len(), IDS.len(), "{records:#?}");
    for (record, id) in records.iter().zip(IDS) {
        assert_eq!(record.agency.as_ref().map(|a| a.id.as_str()), Some(id));
        let report = record
            .value
            .as_ref()
            .err()
            .unwrap_or_else(|| panic!("{id}"));
        assert!(
            report.problems()[0]
                .message
                .starts_with("not read: the header (row 2) has a problem:"),
            "{report}"
        );
    }
    let first = records[0].value.as_ref().err().map(|r| r.to_string());
    assert!(
        first
            .as_deref()
            .is_some_and(|r| r.contains("`catatan verifikator` in column K")),
        "{first:?}"
    );
    let found = problems(&text("header-mistyped"));
    assert!(
        found.iter().any(|p| p
            .message
            .contains("`KO-03` in column G (did you mean `KO03`?)")),
        "{found:#?}"
    );
    // An empty header cell: nothing read from it, but a note under it is its row's
    // problem (row 3, column G), and the other rows score.
    let found = problems(&text("header-gap"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].record == Some(3) && found[0].message.contains("`lihat catatan` (column G)"),
        "{found:#?}"
    );
    // A quote closed further along the row than meant: the short row says which cell
    // holds the separator inside quotes.
    let joined = format!("{HEADER}\r\n3601;\"Badan 3601;pemkab;36;ya\";x;1;tidak\r\n");
    let found = problems(&joined);
    assert!(
        found.iter().any(|p| p.record == Some(2)
            && p.message.contains("found 5")
            && p.message.contains("column B holds a `;` inside quotes")),
        "{found:#?}"
    );
    // `agency id`: the column meant is named.
    let found = problems(&text("agency-id-spaced"));
    assert!(
        found.iter().any(|p| p
            .message
            .contains("`agency id` in column A (did you mean `agency_id`?)")),
        "{found:#?}"
    );
    // A header that cannot be read and a quote that never closes: the rows the quote
    // swallowed are named too, each under its agency.
    let both = text("header-mistyped").replacen(";tidak\r\n", ";\"tidak\r\n", 1);
    let records = kip_index::read_submissions(&both, kip_index::Framing::Csv, &instrument);
    let named: Vec<&str> = records
        .iter()
        .filter_map(|r| r.agency.as_ref().map(|a| a.id.as_str()))
        .collect();
    assert_eq!(named, IDS, "{records:#?}");
    // A checklist's `"a; b"` is quoted on purpose: a short row does not blame it.
    let short = format!("{HEADER};JI02\r\n3601;Badan;pemkab;36;ya;x;1\r\n");
    let found = problems(&short);
    assert!(
        found.iter().all(|p| !p.message.contains("inside quotes")),
        "{found:#?}"
    );
    // (a row short by three, whose quoted cell holds one separator)
    let checklist = format!("{HEADER};JI02\r\n3601;Badan;pemkab;36;ya;\"program; kinerja\"\r\n");
    let found = problems(&checklist);
    assert!(
        found.iter().all(|p| !p.message.contains("inside quotes")),
        "{found:#?}"
    );
    // One swallowed line is one line, not a range of one.
    let one = format!(
        "{HEADER}\r\n{};\"x\r\n{}\r\n",
        self::row("3601"),
        self::row("3602")
    );
    let found = problems(&one);
    assert!(
        found.iter().any(|p| p
            .message
            .contains("line 3, a row of its own (`3602`), was read")),
        "{found:#?}"
    );
    // A blank first line and a `sep=;` line: rows counted from the file's first line.
    let found =
        problems(&text("sep-line").replace("3603;Badan 3603;pemkab", "3603;Badan 3603;opx"));
    assert!(
        found
            .iter()
            .any(|p| p.record == Some(5) && p.path == "/agency/category"),
        "{found:#?}"
    );
}

/// How one form of the answers goes into a batch.
type AddTo<'a> = Box<dyn Fn(&mut Batch) + 'a>;

/// Issue 24, item 7: one verdict per input, whatever its format — a 90 KB text answer is
/// refused at `/answers/DG06/value` from JSON, a JSON array, JSON Lines, CSV and a
/// workbook alike; the same answer within the limit is scored from every one.
#[test]
fn an_over_long_answer_gets_the_same_verdict_in_every_format() {
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    // 30,000 characters of three bytes: 90,000 bytes, past the 64 KiB of a text, within
    // a workbook cell's 32,767 characters.
    for (long, refused) in [("中".repeat(30_000), true), ("a".repeat(1_000), false)] {
        let json = serde_json::json!({
            "instrument": instrument.id,
            "agency": { "id": "3601", "name": "Pemerintah Kabupaten Pandeglang", "category": "pemkab", "region": "36" },
            "answers": { "DG06": { "value": long } }
        });
        let csv = format!(
            "agency_id,agency_name,category,region,DG06\n3601,Pemerintah Kabupaten Pandeglang,pemkab,36,{long}\n"
        );
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (col, text) in ["agency_id", "agency_name", "category", "region", "DG06"]
            .iter()
            .enumerate()
        {
            sheet
                .write_string(0, col as u16, *text)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        for (col, text) in [
            "3601",
            "Pemerintah Kabupaten Pandeglang",
            "pemkab",
            "36",
            &long,
        ]
        .iter()
        .enumerate()
        {
            sheet
                .write_string(1, col as u16, *text)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let workbook = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
        let forms: [(&str, AddTo); 5] = [
            (
                "json",
                Box::new(|b: &mut Batch| {
                    b.add_submissions_text(kip_index::NamedText::new("a.json", &json.to_string()))
                }),
            ),
            (
                "array",
                Box::new(|b: &mut Batch| {
                    b.add_submissions_text(kip_index::NamedText::new(
                        "a.json",
                        &format!("[{json}]"),
                    ))
                }),
            ),
            (
                "jsonl",
                Box::new(|b: &mut Batch| {
                    b.add_json_lines("a.jsonl", format!("{json}\n").as_bytes(), 1, 0);
                }),
            ),
            ("csv", Box::new(|b: &mut Batch| b.add_csv("a.csv", &csv))),
            (
                "xlsx",
                Box::new(|b: &mut Batch| b.add_workbook("a.xlsx", &workbook)),
            ),
        ];
        for (name, add) in forms {
            let mut batch = Batch::new(&plan).without_stage_scores();
            add(&mut batch);
            let results = batch.finish();
            if refused {
                assert_eq!(results.results.len(), 0, "{name}: scored");
                let errors = &results
                    .rejected
                    .first()
                    .unwrap_or_else(|| panic!("{name}"))
                    .errors;
                assert!(
                    errors
                        .iter()
                        .any(|p| p.path.ends_with("/answers/DG06/value")
                            && p.message.contains("at most 65536 bytes")),
                    "{name}: {errors:?}"
                );
            } else {
                assert_eq!(results.results.len(), 1, "{name}: {:?}", results.rejected);
            }
        }
    }
}

/// Issue 24, item 6: a header of sixteen thousand stray names is a few located problems
/// and a count, not megabytes of them; one of a hundred thousand (1.3 MB) is wider than
/// a spreadsheet, one problem.
#[test]
fn a_huge_header_gives_problems_as_small_as_the_mistake() {
    let instrument = instrument();
    let mut header = String::from("agency_id,agency_name,category,region");
    for k in 0..100_000 {
        header.push_str(&format!(",catatan{k:05}"));
    }
    let text = format!("{header}\n3601,Badan,pemkab,36\n");
    assert!(text.len() > 1_200_000);
    let records = kip_index::read_submissions(&text, kip_index::Framing::Csv, &instrument);
    let problems: Vec<kip_index::Problem> = records
        .iter()
        .filter_map(|r| r.value.as_ref().err())
        .flat_map(|r| r.iter().cloned())
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("at most 16384 cells in a row"));
    let mut header = String::from("agency_id,agency_name,category,region");
    for k in 0..16_000 {
        header.push_str(&format!(",catatan{k:05}"));
    }
    let text = format!("{header}\n3601,Badan,pemkab,36\n");
    let records = kip_index::read_submissions(&text, kip_index::Framing::Csv, &instrument);
    let problems: Vec<kip_index::Problem> = records
        .iter()
        .filter_map(|r| r.value.as_ref().err())
        .flat_map(|r| r.iter().cloned())
        .collect();
    assert_eq!(problems.len(), 21, "{:?}", problems.last());
    assert!(
        problems
            .last()
            .is_some_and(|p| p.message.contains("15980 more columns"))
    );
    let bytes: usize = problems.iter().map(|p| p.message.len()).sum();
    assert!(bytes < 10_000, "{bytes} bytes of problems");
}

/// Side files too: a stage-score CSV with Excel's `sep=;` line and a blank line before
/// its header reads as the plain file does, its rows counted from the file's first line.
#[test]
fn side_files_take_a_sep_line_and_blank_lines() {
    let instrument = instrument();
    let text = "sep=;\r\n\r\nagency;stage;score\r\n3601;visitasi;87,5\r\n3602;visitasi;abc\r\n";
    let records = kip_index::read_stage_scores(text, kip_index::Framing::Csv, &instrument);
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[0]
            .value
            .as_ref()
            .map(|s| s.scores[0].to_string())
            .ok()
            .as_deref(),
        Some("87.5")
    );
    let problem = records[1]
        .value
        .as_ref()
        .err()
        .map(|r| r.problems()[0].clone());
    assert_eq!(problem.and_then(|p| p.record), Some(5));
}

/// A row of a hundred million separators took 2.2 GB (a reader keeps a bound for every
/// cell): a row wider than a spreadsheet's 16,384 columns, or a file of more cells than a
/// sheet may hold, is refused at its line before any record is held; separators inside
/// quotes are no cells.
#[test]
fn rows_are_no_wider_than_a_spreadsheet() {
    let instrument = instrument();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let wide = format!(
        "{HEADER}\r\n{}\r\n3602{}\r\n",
        row("3601"),
        ";".repeat(20_000)
    );
    let mut batch = Batch::new(&plan).without_stage_scores();
    batch.add_csv("lebar.csv", &wide);
    let results = batch.finish();
    let message = &results.rejected[0].errors[0].message;
    assert!(
        message.contains("at most 16384 cells in a row, found more (line 3)"),
        "{message}"
    );
    // The same separators inside a quoted cell: one cell, read.
    let quoted = format!(
        "{HEADER}\r\n{}\r\n3602;\"Badan{}\";pemkab;36;ya;;1;tidak\r\n",
        row("3601"),
        ";".repeat(20_000)
    );
    let mut batch = Batch::new(&plan).without_stage_scores();
    batch.add_csv("kutip.csv", &quoted);
    let results = batch.finish();
    assert_eq!(results.results.len() + results.rejected.len(), 2);
    assert!(
        !results
            .rejected
            .iter()
            .flat_map(|r| &r.errors)
            .any(|e| e.message.contains("cells in a row")),
        "{:?}",
        results.rejected
    );
    // The file's cells within the sheet budget, as for a workbook.
    let mut batch = Batch::new(&plan).without_stage_scores().with_limits({
        let mut limits = kip_index::Limits::default();
        limits.max_sheet_cells = 20;
        limits
    });
    batch.add_csv(
        "banyak.csv",
        &format!("{HEADER}\r\n{}\r\n{}\r\n", row("3601"), row("3602")),
    );
    let results = batch.finish();
    let message = &results.rejected[0].errors[0].message;
    assert!(
        message.contains("at most 20 cells in the file, found more by this row (line 3)"),
        "{message}"
    );
}
