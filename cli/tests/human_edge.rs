//! Issue 23: what people type and read. Numbers as Indonesians write them, places that
//! are right in every line-end style, stages and counts that say what they mean.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use kip_index::{
    Decimal, DecimalMark, Framing, Problem, Record, Submission, read_roster, read_stage_scores,
    read_submission_workbook, read_submissions, read_written_number,
};
use proptest::prelude::*;

/// Every problem of every failed record.
fn problems<T>(records: &[Record<T>]) -> Vec<Problem> {
    records
        .iter()
        .filter_map(|r| r.value.as_ref().err())
        .flat_map(|r| r.iter().cloned())
        .collect()
}

const HEADER: &str = "agency_id;agency_name;category;region;Q1;Q1.evidence;Q4;Q6";

/// A `;` file's row for the test instrument with `q6` in the rating column (0–100).
fn row(id: usize, q6: &str) -> String {
    format!("{id};Dinas {id};opd;36;ya;https://ppid.example/q1;7,5;{q6}")
}

fn q6(record: &Record<Submission>) -> Option<Decimal> {
    let submission = record.value.as_ref().ok()?;
    match submission.answers.get("Q6")?.value.as_ref()? {
        kip_index::AnswerValue::Number(n) => Some(*n),
        _ => None,
    }
}

#[test]
fn an_indonesian_thousands_point_is_never_a_decimal_point() {
    support::at_repository_root();
    // The report's reproduction: `1.250` (Rp 1.250 juta) in a `;` file is 1250.
    let instrument = common::instrument();
    let text = format!("{HEADER}\n{}\n{}\n", row(1, "1.250"), row(2, "87,25"));
    let records = read_submissions(&text, Framing::Csv, &instrument);
    // 1250 is beyond the rating's 100: refused as 1250, not scored as 1.25.
    let problem = problems(&records)
        .into_iter()
        .find(|p| p.record == Some(2))
        .unwrap_or_else(|| panic!("1.250 read as 1.25: {records:?}"));
    assert!(problem.message.contains("1250"), "{problem}");
    assert_eq!(q6(&records[1]), Some(Decimal::new(8725, 2)));

    // `1.25` in such a file is neither: a problem at its row and column naming both.
    let text = format!("{HEADER}\n{}\n", row(1, "1.25"));
    let found = problems(&read_submissions(&text, Framing::Csv, &instrument));
    let problem = found.first().unwrap_or_else(|| panic!("1.25 was guessed"));
    assert_eq!(problem.record, Some(2));
    assert_eq!(problem.path, "/answers/Q6/value");
    // Both readings: a decimal 1.25 (write `1,25`) or a whole 125 (write `125`).
    assert!(problem.message.contains("`1,25`"), "{problem}");
    assert!(problem.message.contains("`125`"), "{problem}");
    assert!(problem.message.contains("column H `Q6`"), "{problem}");

    // A comma inside a number of a `,` file is a problem, never a guess.
    let comma = format!(
        "{}\n{}\n",
        HEADER.replace(';', ","),
        row(1, "1.250")
            .replace(';', ",")
            .replace("7,5", "7.5")
            .replace(",1.250", ",\"1,250\"")
    );
    let found = problems(&read_submissions(&comma, Framing::Csv, &instrument));
    assert!(
        found.iter().any(|p| p.path == "/answers/Q6/value"
            && p.message.contains("1250")
            && p.message.contains("1.25")),
        "{found:#?}"
    );
}

#[test]
fn the_same_rule_holds_for_stage_scores() {
    support::at_repository_root();
    let instrument = common::instrument();
    let text = "agency;stage;score\n3673;visitasi;87,5\n3674;visitasi;8.75\n3675;visitasi;1.000\n";
    let records = read_stage_scores(text, Framing::Csv, &instrument);
    let score = |k: usize| {
        records
            .get(k)
            .and_then(|r| r.value.as_ref().ok())
            .map(|s| s.scores[0])
    };
    assert_eq!(score(0), Some(Decimal::new(875, 1)));
    let problem = problems(&records)
        .into_iter()
        .find(|p| p.record == Some(3))
        .unwrap_or_else(|| panic!("8.75 guessed in a comma file"));
    assert_eq!(problem.path, "/1/score");
    // 1.000 is one thousand: out of range, not 1.
    assert!(
        problems(&records).iter().any(|p| p.record == Some(4)),
        "1.000 read as 1"
    );
}

#[test]
fn a_workbook_reads_numbers_as_its_cells_show_them() {
    support::at_repository_root();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header: Vec<&str> = HEADER.split(';').collect();
    for (col, name) in header.iter().enumerate() {
        sheet
            .write_string(0, col as u16, *name)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    // Row 2: a computed 0.1 + 2.7 + 0.2 stored as a double (3.0000000000000004), shown
    // as 3. Row 3: `87,5` typed as text. Row 4: `1.250` typed as text (1250 or 1.25?).
    let cells: [(&str, Option<f64>); 3] =
        [("", Some(0.1 + 2.7 + 0.2)), ("87,5", None), ("1.250", None)];
    for (k, (text, number)) in cells.iter().enumerate() {
        let r = k as u32 + 1;
        for (col, value) in [
            "1",
            "Dinas",
            "opd",
            "36",
            "ya",
            "https://x.go.id/a.pdf",
            "7",
        ]
        .iter()
        .enumerate()
        {
            sheet
                .write_string(
                    r,
                    col as u16,
                    format!(
                        "{value}{}",
                        if col == 0 {
                            k.to_string()
                        } else {
                            String::new()
                        }
                    ),
                )
                .unwrap_or_else(|e| panic!("{e}"));
        }
        match number {
            Some(n) => sheet.write_number(r, 7, *n),
            None => sheet.write_string(r, 7, *text),
        }
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let records = read_submission_workbook(&bytes, &common::instrument());
    assert_eq!(q6(&records[0]), Some(Decimal::new(3, 0)));
    assert_eq!(q6(&records[1]), Some(Decimal::new(875, 1)));
    let problem = problems(&records)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("1.250 typed as text was guessed"));
    assert!(problem.message.contains("cell Sheet1!H4"), "{problem}");
    assert!(
        problem.message.contains("1250") && problem.message.contains("1.25"),
        "{problem}"
    );
}

/// A decimal written as Indonesian spreadsheets write it: `1.250.000,5`, or ungrouped.
fn indonesian(value: Decimal, grouped: bool) -> String {
    let text = value.abs().to_string();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (k, digit) in whole.chars().enumerate() {
        if grouped && k > 0 && (whole.len() - k) % 3 == 0 {
            out.push('.');
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    if value.is_sign_negative() && !value.is_zero() {
        out.insert(0, '-');
    }
    out
}

fn decimals() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..6).prop_map(|(m, scale)| Decimal::new(m % 1_000_000_000_000, scale))
}

proptest! {
    #[test]
    fn every_decimal_written_in_either_locale_reads_back_to_itself(value in decimals(), grouped in any::<bool>()) {
        support::at_repository_root();
        let id = indonesian(value, grouped);
        prop_assert_eq!(read_written_number(&id, DecimalMark::Comma), Ok(value), "{}", id);
        let intl = value.to_string();
        prop_assert_eq!(read_written_number(&intl, DecimalMark::Point), Ok(value), "{}", intl);
        // Where the file does not say, a number is read as written or refused, never
        // read as another number.
        for text in [&id, &intl] {
            if let Ok(read) = read_written_number(text, DecimalMark::Either) {
                prop_assert_eq!(read, value, "{}", text);
            }
        }
    }

    #[test]
    fn every_ill_formed_grouping_is_refused_at_its_row_and_column(
        whole in 1u32..1000, tail in "[0-9]{1,2}|[0-9]{4,5}", rows in 1usize..6, at in 0usize..6,
    ) {
        let bad = format!("{whole}.{tail}");
        let at = at % rows;
        let instrument = common::instrument();
        let mut text = format!("{HEADER}\r\n");
        for k in 0..rows {
            text.push_str(&row(k, if k == at { &bad } else { "50" }));
            text.push_str("\r\n");
        }
        let found = problems(&read_submissions(&text, Framing::Csv, &instrument));
        prop_assert_eq!(found.len(), 1, "{:#?}", found);
        prop_assert_eq!(found[0].record, Some(at + 2));
        prop_assert_eq!(found[0].path.as_str(), "/answers/Q6/value");
        prop_assert!(found[0].message.contains("column H `Q6`"), "{}", found[0]);
    }
}

/// `lines` joined by `end`, with a final line end.
fn joined(lines: &[String], end: &str) -> String {
    support::at_repository_root();
    let mut text = lines.join(end);
    text.push_str(end);
    text
}

#[test]
fn every_place_is_right_in_every_line_end_style() {
    support::at_repository_root();
    let instrument = common::instrument();
    for end in ["\n", "\r\n", "\r"] {
        // A CSV of submissions: the bad category is on line 4.
        let lines = [
            HEADER.to_owned(),
            row(1, "50"),
            row(2, "50"),
            row(3, "50").replace(";opd;", ";opx;"),
        ];
        let found = problems(&read_submissions(
            &joined(&lines, end),
            Framing::Csv,
            &instrument,
        ));
        assert_eq!(
            found.iter().map(|p| p.record).collect::<Vec<_>>(),
            [Some(4)],
            "{end:?}"
        );

        // A stage-score CSV and a roster CSV: line 3.
        let scores = ["agency,stage,score", "1,visitasi,80", "2,visitasi,abc"].map(str::to_owned);
        let found = problems(&read_stage_scores(
            &joined(&scores, end),
            Framing::Csv,
            &instrument,
        ));
        assert_eq!(
            found.iter().map(|p| p.record).collect::<Vec<_>>(),
            [Some(3)],
            "{end:?}"
        );
        let roster = ["id,name,category", "1,Dinas A,opd", "2,Dinas B,opx"].map(str::to_owned);
        let found = problems(&read_roster(
            &joined(&roster, end),
            Framing::Csv,
            &instrument,
        ));
        assert_eq!(
            found.iter().map(|p| p.record).collect::<Vec<_>>(),
            [Some(3)],
            "{end:?}"
        );

        // A pretty JSON array: the bad category's line and column.
        let mut bad = common::base_submission();
        common::set(&mut bad, "/agency/category", serde_json::json!("opx"));
        let pretty =
            serde_json::to_string_pretty(&serde_json::json!([common::base_submission(), bad]))
                .unwrap_or_default();
        let want = pretty
            .lines()
            .position(|l| l.contains("\"opx\""))
            .map(|k| k + 1);
        let column = pretty
            .lines()
            .find(|l| l.contains("\"opx\""))
            .and_then(|l| l.find("\"opx\""))
            .map(|c| c + 1);
        let text = pretty.replace('\n', end);
        let found = problems(&read_submissions(&text, Framing::Json, &instrument));
        let position = found
            .first()
            .and_then(|p| p.position)
            .map(|p| (p.line, p.column));
        assert_eq!(position, want.zip(column), "{end:?}");

        // JSON Lines: the record on line 2, for the line ends JSON Lines has (LF, CRLF);
        // a file whose lines end with CR alone is named as such, never read as one body.
        let lines = [common::base_submission().to_string(), bad.to_string()];
        let records = read_submissions(&joined(&lines, end), Framing::JsonLines, &instrument);
        let found = problems(&records);
        if end == "\r" {
            assert!(
                found.iter().any(|p| p.message.contains("carriage return")),
                "{found:#?}"
            );
            assert!(records.iter().all(|r| r.value.is_err()));
        } else {
            assert_eq!(
                found.iter().map(|p| p.record).collect::<Vec<_>>(),
                [Some(2)],
                "{end:?}"
            );
        }
    }
}

const BASE: &str = "examples/monev-2025";

fn monev() -> kip_index::Instrument {
    std::fs::read_to_string(format!("{BASE}/instrument.json"))
        .unwrap_or_default()
        .parse()
        .unwrap_or_else(|r| panic!("{r}"))
}

/// Defect 8: yes/no words, option ids and labels, checklist ids and labels are matched
/// trimmed and in any case, in the careful reader and in a batch's fast path alike.
#[test]
fn spreadsheet_words_are_matched_as_people_write_them() {
    support::at_repository_root();
    let instrument = monev();
    let header = "agency_id;agency_name;category;region;JI01;JI01.evidence;JI02;JI02.evidence;JI03;JI03.evidence";
    let as_written = "1;Dinas A;opd;36; YA ;https://x.go.id/1.pdf;Program; KINERJA ;https://x.go.id/2.pdf; setiap  BULAN ;https://x.go.id/3.pdf";
    let as_ids = "1;Dinas A;opd;36;ya;https://x.go.id/1.pdf;program;kinerja;https://x.go.id/2.pdf;a;https://x.go.id/3.pdf";
    let read = |row: &str| {
        let text = format!("{header}\n{row}\n")
            .replace("program; KINERJA ", "program;kinerja")
            .replace("Program; KINERJA ", "\"Program; KINERJA \"");
        let text = text.replace(";program;kinerja;", ";\"program;kinerja\";");
        read_submissions(&text, Framing::Csv, &instrument)
            .into_iter()
            .next()
            .and_then(|r| r.value.ok())
            .unwrap_or_else(|| panic!("not read: {row}"))
    };
    let (written, ids) = (read(as_written), read(as_ids));
    assert_eq!(written.answers, ids.answers);
    // A batch (the fast path first) scores the two the same.
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let score = |row: &str| {
        let text = format!("{header}\n{row}\n")
            .replace("Program; KINERJA ", "\"Program; KINERJA \"")
            .replace(";program;kinerja;", ";\"program;kinerja\";");
        let mut batch = kip_index::Batch::new(&plan).without_stage_scores();
        batch.add_csv("a.csv", &text);
        let results = batch.finish();
        assert!(results.rejected.is_empty(), "{:?}", results.rejected);
        results.results[0].final_score.rounded()
    };
    assert_eq!(score(as_written), score(as_ids));
    // A word that names nothing is still a problem, with the ids expected.
    let text = format!("{header}\n{}\n", as_ids.replace(";a;", ";Setiap hari;"));
    let found = problems(&read_submissions(&text, Framing::Csv, &instrument));
    assert!(
        found.iter().any(|p| p.path == "/answers/JI03/value"),
        "{found:#?}"
    );
}

/// A batch without stage scores, with the bundled example's roster (Banten's 21 bodies).
fn with_the_roster(plan: &kip_index::Plan) -> kip_index::Batch<'_> {
    let mut batch = kip_index::Batch::new(plan).without_stage_scores();
    let roster = std::fs::read_to_string(format!("{BASE}/roster.json")).unwrap_or_default();
    assert!(
        batch
            .add_roster_text(kip_index::NamedText::new("roster.json", &roster))
            .is_empty()
    );
    batch
}

/// Defect 6: a roster body whose submissions were all rejected is counted once, as
/// rejected; due = scored + rejected + not assessed in every group.
#[test]
fn counts_add_up_to_the_bodies_due() {
    support::at_repository_root();
    let instrument = monev();
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = with_the_roster(&plan);
    // Three bodies of the roster submit broken rows (an unknown category, an
    // unreadable number, an empty name); one more submits twice, both rejected.
    let header = "agency_id;agency_name;category;region;KO03";
    let rows = [
        "3601;Pemerintah Kabupaten Pandeglang;opx;36;10",
        "3602;Pemerintah Kabupaten Lebak;pemkab;36;1.25",
        "3603;;pemkab;36;10",
        "3604;Pemerintah Kabupaten Serang;pemkab;36;10",
        "3604;Pemerintah Kabupaten Serang;pemkab;36;10",
        "3671;Pemerintah Kota Tangerang;pemkot;36;10",
        // Not on the roster: scored, warned about, and counted as off the roster.
        "3699;Kota Baru;pemkot;36;10",
    ];
    batch.add_csv("hostile.csv", &format!("{header}\n{}\n", rows.join("\n")));
    let results = batch.finish();
    let summary = results
        .summary
        .as_ref()
        .unwrap_or_else(|| panic!("no summary"));
    for (id, group) in (summary.categories.iter().map(|(c, g)| (c.as_str(), g)))
        .chain(summary.regions.iter().map(|(r, g)| (r.as_str(), g)))
    {
        let due = group.due.unwrap_or_else(|| panic!("{id}: no due"));
        let off = (group.not_on_roster).unwrap_or_else(|| panic!("{id}: no off-roster count"));
        assert_eq!(
            due + off,
            group.scored + group.rejected + group.not_assessed,
            "{id}: {group:?}"
        );
    }
    let pemkot = (summary.categories.iter())
        .find(|(c, _)| c == "pemkot")
        .map(|(_, g)| g.clone());
    assert_eq!(pemkot.and_then(|g| g.not_on_roster), Some(1));
    let pemkab = &summary
        .categories
        .iter()
        .find(|(c, _)| c == "pemkab")
        .map(|(_, g)| g.clone());
    let pemkab = pemkab.as_ref().unwrap_or_else(|| panic!("pemkab"));
    // 4 due: 3601, 3602, 3603 and 3604 rejected (3604's two copies count once), none
    // scored, none without a submission.
    assert_eq!(
        (
            pemkab.due,
            pemkab.scored,
            pemkab.rejected,
            pemkab.not_assessed
        ),
        (Some(4), 0, 4, 0)
    );
    // Every id is in exactly one of scored, rejected and not assessed.
    let ids: Vec<&str> = results
        .not_assessed
        .iter()
        .map(|a| a.agency.id.as_str())
        .collect();
    for id in ["3601", "3602", "3603", "3604"] {
        assert!(
            !ids.contains(&id),
            "{id} is rejected, not also not assessed"
        );
    }

    // The bundled example adds up too.
    let mut batch = kip_index::Batch::new(&plan);
    for (name, kind) in [
        ("verification.json", 0),
        ("stage-scores.json", 1),
        ("roster.json", 2),
    ] {
        let text = std::fs::read_to_string(format!("{BASE}/{name}")).unwrap_or_default();
        let input = kip_index::NamedText::new(name, &text);
        let report = match kind {
            0 => batch.add_verifications_text(input),
            1 => batch.add_stage_scores_text(input),
            _ => batch.add_roster_text(input),
        };
        assert!(report.is_empty(), "{report}");
    }
    for name in ["banten-kabkota.jsonl", "banten-opd.json"] {
        let text =
            std::fs::read_to_string(format!("{BASE}/submissions/{name}")).unwrap_or_default();
        batch.add_submissions_text(kip_index::NamedText::new(name, &text));
    }
    let results = batch.finish();
    let summary = results
        .summary
        .as_ref()
        .unwrap_or_else(|| panic!("no summary"));
    for (id, group) in (summary.categories.iter().map(|(c, g)| (c.as_str(), g)))
        .chain(summary.regions.iter().map(|(r, g)| (r.as_str(), g)))
    {
        assert_eq!(
            group.due,
            Some(group.scored + group.rejected + group.not_assessed),
            "{id}"
        );
    }
}

/// A body the roster lists, submitted under another category or region, is rejected
/// with both values named — not ranked among the cities while the roster counts it a
/// regency — and the counts still add up in every group.
#[test]
fn a_body_submitted_under_another_category_than_the_rosters_is_rejected() {
    support::at_repository_root();
    let instrument = monev();
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = with_the_roster(&plan);
    // The roster: 3601 Pandeglang is a regency (pemkab) of region 36.
    let header = "agency_id;agency_name;category;region;KO03";
    let rows = [
        "3601;Pemerintah Kabupaten Pandeglang;pemkot;36;10",
        "3602;Pemerintah Kabupaten Lebak;pemkab;53;10",
        "3604;Pemerintah Kabupaten Serang;pemkab;;10",
    ];
    batch.add_csv("jawaban.csv", &format!("{header}\n{}\n", rows.join("\n")));
    let mut results = batch.finish();
    results.language = kip_index::Language::Indonesian;
    let rejected: Vec<(String, &str, &str)> = (results.rejected.iter())
        .flat_map(|r| {
            r.errors.iter().map(move |p| {
                (
                    r.source.to_string(),
                    p.path.as_str(),
                    p.message_in(kip_index::Language::Indonesian),
                )
            })
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (
                "jawaban.csv:2".to_owned(),
                "/agency/category",
                "seharusnya `pemkab`, kategori badan publik ini di daftar badan publik, \
                 ternyata `pemkot`: perbaiki pengajuan atau daftarnya"
            ),
            (
                "jawaban.csv:3".to_owned(),
                "/agency/region",
                "seharusnya `36`, wilayah badan publik ini di daftar badan publik, ternyata \
                 `53`: perbaiki pengajuan atau daftarnya"
            ),
        ]
    );
    // A region left out is no conflict: Serang is scored, in the roster's region.
    let scored: Vec<&str> = results
        .results
        .iter()
        .map(|c| c.agency.id.as_str())
        .collect();
    assert_eq!(scored, ["3604"]);
    let summary = results
        .summary
        .as_ref()
        .unwrap_or_else(|| panic!("no summary"));
    for (id, group) in (summary.categories.iter().map(|(c, g)| (c.as_str(), g)))
        .chain(summary.regions.iter().map(|(r, g)| (r.as_str(), g)))
    {
        assert_eq!(
            group.due.unwrap_or(0) + group.not_on_roster.unwrap_or(0),
            group.scored + group.rejected + group.not_assessed,
            "{id}: {group:?}"
        );
    }
}

/// Defect 3: the bundled example is coherent — every body past the visitasi's gate has
/// its score, so the main job warns of nothing, and gives the finals the README prints
/// (the example is made up: pinned figures, not published ones).
#[test]
fn the_bundled_example_visits_every_body_past_the_gate() {
    support::at_repository_root();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "score",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            &format!("{BASE}/submissions/banten-opd.json"),
            &format!("--verification={BASE}/verification.json"),
            &format!("--stage-scores={BASE}/stage-scores.json"),
            &format!("--roster={BASE}/roster.json"),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("peringatan"), "{stderr}");
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["warnings"], serde_json::json!([]));
    let final_of = |id: &str| {
        json["results"]
            .as_array()
            .and_then(|r| r.iter().find(|c| c["agency"]["id"] == id))
            .and_then(|c| c["final"].as_f64())
    };
    // The README's finals: Kota Tangerang, Tangerang Selatan, Serang, Pandeglang.
    for (id, published) in [
        ("3671", "96.33"),
        ("3674", "95.90"),
        ("3673", "94.77"),
        ("3601", "89.18"),
    ] {
        assert_eq!(final_of(id), published.parse().ok(), "{id}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains(&format!("\"final\": {published},")), "{id}");
    }
    // Every body past the gate (SAQ 85) has a visitasi score; every other counts it 0.
    for card in json["results"].as_array().cloned().unwrap_or_default() {
        let saq: f64 = card["stages"]["saq"].as_f64().unwrap_or_default();
        assert_eq!(
            saq >= 85.0,
            !card["stages"]["visitasi"].is_null(),
            "{}",
            card["agency"]["id"]
        );
    }
}

/// Defect 3 and 5: a stage the instrument counts 0 is shown as 0 with its mark — in the
/// report and in `kip explain` — and explain warns, naming no file when none was given.
#[test]
fn a_stage_counted_zero_is_shown_as_zero_with_its_mark() {
    support::at_repository_root();
    let dir = support::Scratch::new("edge-zero");
    let page = dir.join("report.html");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "report",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-opd.json"),
            &format!("--stage-scores={BASE}/stage-scores.json"),
            "-o",
            &page.display().to_string(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    // DPMPTSP has its visitasi (82 and 83: 82,50); BPKAD (SAQ 84,64) is below the gate:
    // 0,00* marked † (not passed), the legend that says it counts 0, and the gate's rule.
    assert!(html.contains("<td class=\"n\">82,50</td>"), "{html}");
    assert!(html.contains("<td class=\"n\">0,00*†</td>"), "{html}");
    assert!(html.contains("dihitung 0 dalam nilai akhir"), "{html}");
    assert!(
        html.contains(
            "† : tidak lolos syarat tahap Visitasi — lolos bila Self Assessment Questionnaire ≥ 85"
        ),
        "{html}"
    );

    let explain = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "explain",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            "--agency",
            "3671",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&explain.stderr);
    let stdout = String::from_utf8_lossy(&explain.stdout);
    assert!(
        stderr.contains("kip: peringatan: tahap `visitasi`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Tidak ada berkas nilai tahap yang diberikan"),
        "{stderr}"
    );
    assert!(stdout.contains("Visitasi 0,00*"), "{stdout}");
    // The headline claims no qualification the body has not earned (defect 4): the SAQ
    // with its band, the final between a visitasi of 0 (0.8 × 97.91) and of 100 (+20).
    assert!(
        stdout.starts_with(
            "Pemerintah Kota Tangerang (3671): SAQ 97,91 (Informatif sebagai SAQ); nilai akhir \
             78,33 (Cukup Informatif) sampai 98,33 (Informatif), Visitasi 0–100"
        ),
        "{stdout}"
    );
    // An unanswered question is said to be so, not shown as an empty answer (`jawaban: ;`).
    let unanswered = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "explain",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            "--agency",
            "3603",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&unanswered.stdout);
    // KO03 is asked only when KO02 is yes: Tangerang said no, so it was not asked.
    assert!(
        stdout.contains(
            "KO03     Berapa anggaran layanan informasi tahun berjalan (juta rupiah)?\n         \
             jawaban: (tidak ditanyakan karena jawaban KO02); nilai 0,00, bobot 1,14, hilang 1,14"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("jawaban: ;"), "{stdout}");
    // KO04 is asked, and Lebak left it unanswered.
    let lebak = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "explain",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            "--agency",
            "3673",
            "--without-stage-scores",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&lebak.stdout);
    assert!(
        stdout.contains(
            "KO04     SOP apa saja yang telah ditetapkan?\n         jawaban: (belum dijawab); \
             nilai 0,00, bobot 1,14, hilang 1,14"
        ),
        "{stdout}"
    );
    // Ten fixes listed, the rest counted with the most any is worth and where all reach
    // (Kota Cilegon has 19).
    let cilegon = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "explain",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            "--agency",
            "3672",
            "--without-stage-scores",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stdout = String::from_utf8_lossy(&cilegon.stdout);
    let listed = stdout.lines().filter(|l| l.starts_with(" 10. ")).count();
    assert_eq!(listed, 1, "{stdout}");
    assert!(!stdout.contains(" 11. "), "{stdout}");
    assert!(
        stdout.contains("… dan 9 perbaikan lain (masing-masing paling banyak +")
            && stdout.contains("semuanya bersama mencapai 80,00 (--fixes 0 menampilkan semuanya)"),
        "{stdout}"
    );
    let meant = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "explain",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            "--agency",
            "3671",
            "--without-stage-scores",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(meant.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&meant.stderr).contains("peringatan"));
    // Given a stage-score file that lacks the body, the warning names that file and
    // gives no advice to give one.
    let scores = dir.join("scores.csv");
    std::fs::write(&scores, "agency,stage,score\n3674,visitasi,90\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let lacking = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "score",
            &format!("{BASE}/instrument.json"),
            &format!("{BASE}/submissions/banten-kabkota.jsonl"),
            "--stage-scores",
            &scores.display().to_string(),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&lacking.stderr);
    assert!(
        stderr.contains("tidak ada nilai untuk 4 dari 5"),
        "{stderr}"
    );
    assert!(stderr.contains("scores.csv"), "{stderr}");
    assert!(!stderr.contains("--stage-scores"), "{stderr}");
}

/// Exit status for scripts: 1 when something was rejected, 0 with `--allow-rejected`
/// (the rejection still listed); warnings and rejections in the JSON in the language
/// asked for, their machine fields the same.
#[test]
fn rejections_can_be_expected_and_messages_follow_the_language() {
    support::at_repository_root();
    let dir = support::Scratch::new("edge-exit");
    let csv = dir.join("r2.csv");
    std::fs::write(
        &csv,
        "agency_id;agency_name;category;region;KO02;KO02.evidence;KO03\r\n\
         1;Dinas A;opd;36;ya;https://x.go.id/ko02.pdf;1.25\r\n\
         2;Dinas B;opd;36;ya;https://x.go.id/ko02.pdf;1.250\r\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&str]| {
        let mut args = vec![
            "score".to_owned(),
            format!("{BASE}/instrument.json"),
            csv.display().to_string(),
            "--without-stage-scores".to_owned(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let plain = run(&[]);
    assert_eq!(plain.status.code(), Some(1));
    let allowed = run(&["--allow-rejected"]);
    assert_eq!(allowed.status.code(), Some(0));
    let json: serde_json::Value =
        serde_json::from_slice(&allowed.stdout).unwrap_or_else(|e| panic!("{e}"));
    // The row on line 2 (CRLF line ends) is rejected at its cell, in Indonesian.
    let rejected = &json["rejected"][0];
    assert!(
        rejected["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("r2.csv:2")),
        "{rejected}"
    );
    assert_eq!(rejected["errors"][0]["path"], "/answers/KO03/value");
    let message = rejected["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.starts_with("seharusnya angka"), "{message}");
    assert!(message.contains("kolom G `KO03`"), "{message}");
    // 1.250 is one thousand two hundred fifty: Dinas B is scored with it.
    assert_eq!(json["results"].as_array().map(Vec::len), Some(1));
    let english = run(&["--allow-rejected", "--lang", "en"]);
    let json: serde_json::Value =
        serde_json::from_slice(&english.stdout).unwrap_or_else(|e| panic!("{e}"));
    let message = json["rejected"][0]["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.starts_with("expected a number"), "{message}");
    assert_eq!(
        json["rejected"][0]["errors"][0]["path"],
        "/answers/KO03/value"
    );
}

/// A verifier's decision on a question that is never scored rejects the body with a
/// sentence that names the verification, in Indonesian by default (found by the trial
/// of issue 25: it was English, and read as the submission's fault).
#[test]
fn a_decision_on_a_text_question_is_said_as_the_verifications_in_indonesian() {
    support::at_repository_root();
    let instrument = common::instrument();
    let plan = kip_index::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let submission = kip_index::Submission::from_json(&common::base_submission().to_string())
        .unwrap_or_else(|r| panic!("{r}"));
    let text = r#"[{"agency": "3673", "decisions": [{"question": "Q7", "accept": true}]}]"#;
    let records = kip_index::read_verifications(text, kip_index::Framing::Json, &instrument);
    let verification = records
        .into_iter()
        .find_map(|r| r.value.ok())
        .unwrap_or_else(|| panic!("the verification reads"));
    let body = kip_index::Body::new(&submission).with_verification(&verification);
    let report = plan.score(&body).err().unwrap_or_default();
    let problem = &report.problems()[0];
    assert_eq!(problem.path, "/decisions/0/question");
    assert!(
        problem
            .message_in(kip_index::Language::Indonesian)
            .starts_with("seharusnya keputusan verifikasi hanya untuk pertanyaan yang dinilai"),
        "{}",
        problem.message_in(kip_index::Language::Indonesian)
    );
    assert!(problem.message.contains("the verification's decisions"));
}
