//! A batch from files' bytes in their roles (`BatchFiles`): the one way the command line,
//! the page and Python check and score what they were given.

use kip_index::{Batch, BatchFiles, BatchTexts, InputRole, NamedBytes, NamedText, Plan};

const BASE: &str = "examples/monev-2025";

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{BASE}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The bundled Banten batch: instrument, two submission files, and the three side files.
struct Banten {
    instrument: Vec<u8>,
    kabkota: Vec<u8>,
    opd: Vec<u8>,
    verification: Vec<u8>,
    stage_scores: Vec<u8>,
    roster: Vec<u8>,
}

impl Banten {
    fn read() -> Banten {
        Banten {
            instrument: read("instrument.json"),
            kabkota: read("submissions/banten-kabkota.jsonl"),
            opd: read("submissions/banten-opd.json"),
            verification: read("verification.json"),
            stage_scores: read("stage-scores.json"),
            roster: read("roster.json"),
        }
    }

    fn files(&self) -> BatchFiles<'_> {
        let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &self.instrument));
        files.submissions = vec![
            NamedBytes::new("banten-kabkota.jsonl", &self.kabkota),
            NamedBytes::new("banten-opd.json", &self.opd),
        ];
        files.verification = vec![NamedBytes::new("verification.json", &self.verification)];
        files.stage_scores = vec![NamedBytes::new("stage-scores.json", &self.stage_scores)];
        files.roster = vec![NamedBytes::new("roster.json", &self.roster)];
        files
    }
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_bundled_batch_scores_from_bytes_as_from_texts_with_its_published_final() {
    let banten = Banten::read();
    let files = banten.files();
    assert!(files.validate().is_empty(), "{:?}", files.validate());
    let results = files.score().unwrap_or_else(|r| panic!("{r:?}"));
    // Kota Tangerang's final with its visit and presentation (the issue 14 figure).
    let tangerang = results
        .results
        .iter()
        .find(|r| r.agency.id == "3671")
        .unwrap_or_else(|| panic!("3671 not scored"));
    assert_eq!(tangerang.final_score.rounded().to_string(), "96.33");
    // The same inputs as texts: the same results, byte for byte.
    let mut texts = BatchTexts::new(NamedText::new("instrument.json", text(&banten.instrument)));
    texts.submissions = vec![
        NamedText::new("banten-kabkota.jsonl", text(&banten.kabkota)),
        NamedText::new("banten-opd.json", text(&banten.opd)),
    ];
    texts.verification = vec![NamedText::new(
        "verification.json",
        text(&banten.verification),
    )];
    texts.stage_scores = vec![NamedText::new(
        "stage-scores.json",
        text(&banten.stage_scores),
    )];
    texts.roster = vec![NamedText::new("roster.json", text(&banten.roster))];
    let from_texts = texts.score().unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(from_texts.to_json(), results.to_json());
}

#[test]
fn a_side_file_that_is_not_utf8_stops_the_run_naming_it_and_the_others_still_checked() {
    let banten = Banten::read();
    let mut files = banten.files();
    // The roster saved as UTF-16 (little-endian, with its mark), as Notepad can.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        text(&banten.roster)
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    files.roster = vec![NamedBytes::new("daftar.json", &utf16)];
    // A stage score for a stage the instrument does not have.
    let bad_stage = br#"[{"agency": "3601", "stage": "wawancara", "score": 80}]"#;
    files
        .stage_scores
        .push(NamedBytes::new("wawancara.json", bad_stage));
    let report = files.score().err().unwrap_or_else(|| panic!("scored"));
    let named: Vec<_> = report.iter().filter_map(|p| p.file.as_deref()).collect();
    assert!(named.contains(&"daftar.json"), "{report:?}");
    assert!(named.contains(&"wawancara.json"), "{report:?}");
    assert!(
        report.iter().any(|p| p.message.contains("UTF-16")),
        "{report:?}"
    );
    // `validate` finds the same two files' problems.
    let validated = files.validate();
    for file in ["daftar.json", "wawancara.json"] {
        assert!(
            validated.iter().any(|p| p.file.as_deref() == Some(file)),
            "{validated:?}"
        );
    }
}

#[test]
fn a_submission_given_as_a_side_file_is_a_problem_not_a_silent_skip() {
    let banten = Banten::read();
    let instrument = text(&banten.instrument)
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    let mut batch = Batch::new(&plan);
    let given = [(
        InputRole::Submissions,
        NamedBytes::new("opd.json", &banten.opd),
    )];
    let report = batch
        .add_side_files(given)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(report.len(), 1);
    let problem = report.iter().next().unwrap_or_else(|| panic!("none"));
    assert_eq!(problem.file.as_deref(), Some("opd.json"));
    assert!(
        problem.message.contains("submissions"),
        "{}",
        problem.message
    );
}

#[cfg(feature = "xlsx")]
#[test]
fn a_workbook_is_told_by_its_zip_header_whatever_its_name() {
    let banten = Banten::read();
    let mut files = banten.files();
    // Not a workbook but named one: the workbook reader says so, under its name.
    files.submissions = vec![NamedBytes::new(
        "pengajuan.xlsx",
        b"agency_id,JI01\n3601,1\n",
    )];
    let report = files.validate();
    assert!(
        report
            .iter()
            .any(|p| p.file.as_deref() == Some("pengajuan.xlsx")),
        "{report:?}"
    );
    // Zip bytes under a name with no extension are read as a workbook: a damaged one is
    // one problem naming the file, not text garbage.
    assert!(NamedBytes::new("unggahan", b"PK\x03\x04rest").is_workbook());
    assert!(!NamedBytes::new("unggahan.csv", b"agency_id\n").is_workbook());
}

#[test]
fn the_same_file_given_twice_is_read_once_and_said() {
    let banten = Banten::read();
    let mut files = banten.files();
    files
        .submissions
        .push(NamedBytes::new("banten-opd.json", &banten.opd));
    let results = files.score().unwrap_or_else(|r| panic!("{r:?}"));
    let once = banten.files().score().unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(results.results.len(), once.results.len());
    assert!(results.rejected.is_empty());
    let json = results.to_json();
    assert!(json.contains("\"same_file_twice\""), "{json}");
}

/// Excel's "CSV" saves in the Windows code page: one curly quote in one body's name is a
/// byte that is not UTF-8. That row is rejected under its body, with the byte's place and
/// how to save the sheet; every other row is scored — with a roster, nobody else is
/// taken for a body that sent nothing (the whole file was one anonymous rejection).
/// The regencies' and cities' answers as Indonesian Excel writes a sheet: `;`, decimal
/// commas, CRLF; `change` edits the submissions first.
fn kabkota_sheet(banten: &Banten, change: impl Fn(&mut Vec<kip_index::Submission>)) -> String {
    let instrument = banten_instrument(banten);
    let mut submissions: Vec<kip_index::Submission> = kip_index::read_submissions(
        text(&banten.kabkota),
        kip_index::Framing::JsonLines,
        &instrument,
    )
    .into_iter()
    .map(|r| r.value.unwrap_or_else(|e| panic!("{e:?}")))
    .collect();
    change(&mut submissions);
    kip_index::submissions_csv(&instrument, &submissions, b';').replace('\n', "\r\n")
}

fn banten_instrument(banten: &Banten) -> kip_index::Instrument {
    text(&banten.instrument)
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"))
}

/// The sheet scored alone against the roster, without stage scores.
fn score_sheet(banten: &Banten, sheet: &[u8]) -> kip_index::Results {
    let mut files = banten.files();
    files.submissions = vec![NamedBytes::new("jawaban.csv", sheet)];
    files.verification.clear();
    files.stage_scores.clear();
    files.without_stage_scores = true;
    files.score().unwrap_or_else(|r| panic!("{r:?}"))
}

#[test]
fn a_sheet_saved_in_the_windows_code_page_costs_only_the_rows_with_its_bytes() {
    let banten = Banten::read();
    let sheet = kabkota_sheet(&banten, |_| {});
    // "Pemerintah Kota Serang ’Madani’" in cp1252: the quotes are bytes 0x92.
    let serang = "Pemerintah Kota Serang";
    assert!(sheet.contains(serang));
    let mut bytes = Vec::new();
    let (before, after) = sheet
        .split_once(serang)
        .unwrap_or_else(|| panic!("no Serang"));
    bytes.extend_from_slice(before.as_bytes());
    bytes.extend_from_slice(serang.as_bytes());
    bytes.extend_from_slice(b" \x92Madani\x92");
    bytes.extend_from_slice(after.as_bytes());
    let results = score_sheet(&banten, &bytes);
    assert_eq!(results.results.len(), 7);
    let [rejected] = results.rejected.as_slice() else {
        panic!("{:?}", results.rejected)
    };
    assert_eq!(rejected.agency.as_deref(), Some("3673"));
    // The header is line 1; Serang's row is its line in the sheet.
    let line = before.lines().count();
    assert_eq!(rejected.source.to_string(), format!("jawaban.csv:{line}"));
    let message = rejected.errors[0].message_in(kip_index::Language::Indonesian);
    assert!(
        message.contains("CSV UTF-8") && message.contains("byte tidak sah"),
        "{message}"
    );
    // The regencies and cities are all accounted for: 7 scored, Serang rejected.
    let json = results.to_json();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}"));
    let pemkot = &value["summary"]["categories"]["pemkot"];
    assert_eq!(
        (pemkot["scored"].as_u64(), pemkot["rejected"].as_u64()),
        (Some(3), Some(1))
    );
}

/// A stage-score sheet with a row short of a cell: said in Indonesian, in the sheet's
/// words (cells, the header), at the row's line — not the CSV reader's own sentence.
#[test]
fn a_side_sheet_row_short_of_a_cell_is_said_in_the_sheets_words() {
    let banten = Banten::read();
    let mut files = banten.files();
    let sheet = b"agency;stage;score\r\n3671;visitasi\r\n";
    files.stage_scores = vec![NamedBytes::new("nilai.csv", sheet)];
    let report = files.score().err().unwrap_or_else(|| panic!("scored"));
    let [problem] = report.problems() else {
        panic!("{report:?}")
    };
    assert_eq!(problem.record, Some(2));
    assert_eq!(
        problem.message_in(kip_index::Language::Indonesian),
        "seharusnya 3 sel, seperti baris judul, ternyata 2"
    );
    assert_eq!(
        problem.message,
        "expected 3 cells, as in the header, found 2"
    );
}

/// What Excel and people write into a sheet that is not damage: a blank line between
/// rows (CRLF, CR), a cell spanning lines (Alt+Enter in a name); and a stray byte in an
/// id or before a row, which still names its body. Every body scored or rejected under
/// its own id.
#[test]
fn blank_lines_cells_over_lines_and_a_byte_in_an_id_lose_no_body() {
    let banten = Banten::read();
    let clean = kabkota_sheet(&banten, |_| {});
    let lines: Vec<&str> = clean.split("\r\n").collect();
    // A blank line before the fourth row (line 5), and one after the header.
    let blank = [&lines[..4], &[""], &lines[4..]].concat().join("\r\n");
    let after_header = [&lines[..1], &[""], &lines[1..]].concat().join("\r\n");
    for sheet in [&blank, &after_header, &blank.replace("\r\n", "\r")] {
        let results = score_sheet(&banten, sheet.as_bytes());
        let counts = (results.results.len(), results.rejected.len());
        assert_eq!(counts, (8, 0), "{:?}", results.rejected);
    }
    // A name over two lines, as Alt+Enter writes it.
    let spanning = kabkota_sheet(&banten, |submissions| {
        submissions[1].agency.name = "Pemerintah\nKabupaten Lebak".to_owned();
    });
    // (CRLF inside the cell too, as Excel on Windows writes it.)
    assert!(spanning.contains("\"Pemerintah\r\nKabupaten Lebak\""));
    let results = score_sheet(&banten, spanning.as_bytes());
    let counts = (results.results.len(), results.rejected.len());
    assert_eq!(counts, (8, 0), "{:?}", results.rejected);
    let lebak = |name: &str| name.starts_with("Pemerintah\r\n") && name.ends_with("Lebak");
    assert!(results.results.iter().any(|r| lebak(&r.agency.name)));
    // A cp1252 byte inside Serang's id, and one just before Tangerang Selatan's row.
    let mut bytes = clean.replacen("3673;", "3673\u{1};", 1).into_bytes();
    let at = bytes
        .iter()
        .position(|b| *b == 1)
        .unwrap_or_else(|| panic!("no mark"));
    bytes[at] = 0x92;
    let before = String::from_utf8_lossy(&bytes)
        .find("3674;")
        .unwrap_or_else(|| panic!("no 3674"));
    bytes.insert(before, 0x96);
    let results = score_sheet(&banten, &bytes);
    let rejected: Vec<_> = results
        .rejected
        .iter()
        .map(|r| r.agency.as_deref())
        .collect();
    assert_eq!(rejected, [Some("3673"), Some("3674")]);
    assert_eq!(results.results.len(), 6);
    let json: serde_json::Value =
        serde_json::from_str(&results.to_json()).unwrap_or_else(|e| panic!("{e}"));
    let not_assessed = json["not_assessed"].as_array().cloned().unwrap_or_default();
    assert!(
        !not_assessed
            .iter()
            .any(|b| b["id"] == "3673" || b["id"] == "3674")
    );
    // `validate` finds the same two rows, and checks the other six.
    let instrument = banten_instrument(&banten);
    let mut validator = kip_index::Validator::new(&instrument);
    let sheet = NamedBytes::new("jawaban.csv", &bytes);
    let report = validator.file(kip_index::InputRole::Submissions, sheet);
    assert_eq!(validator.records(), 8);
    let rows: std::collections::BTreeSet<_> = report.iter().filter_map(|p| p.record).collect();
    assert_eq!(rows.len(), 2, "{report:?}");
    assert!(
        report.iter().any(|p| p.message.contains("CSV UTF-8")),
        "{report:?}"
    );
}

/// A title above the header, as office sheets have it ("Rekap Jawaban SAQ 2025"), alone
/// on its line or padded with separators by Excel: the header is the first line with an
/// `agency_id` column, every body is scored, and a warning says which line was a title.
#[test]
fn a_title_above_the_header_is_said_and_every_body_scored() {
    let banten = Banten::read();
    let clean = kabkota_sheet(&banten, |_| {});
    let width = clean.lines().next().map_or(0, |h| h.matches(';').count());
    for title in [
        "Rekap Jawaban SAQ 2025 \u{2013} Banten".to_owned(),
        format!("Rekap Jawaban SAQ 2025{}", ";".repeat(width)),
    ] {
        let sheet = format!("{title}\r\n\r\n{clean}");
        let results = score_sheet(&banten, sheet.as_bytes());
        let counts = (results.results.len(), results.rejected.len());
        assert_eq!(counts, (8, 0), "{:?}", results.rejected);
        let json: serde_json::Value =
            serde_json::from_str(&results.to_json()).unwrap_or_else(|e| panic!("{e}"));
        let warning = (json["warnings"].as_array().into_iter().flatten())
            .find(|w| w["kind"] == "title_lines")
            .unwrap_or_else(|| panic!("no title warning: {json}"));
        let message = warning["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("baris 1 (\u{201c}Rekap Jawaban SAQ 2025")
                && message.contains("(baris 3)"),
            "{message}"
        );
    }
    // Without any `agency_id` column, nothing is taken for a header: rows are rejected.
    let no_ids = clean.replacen("agency_id", "kode", 1);
    let results = score_sheet(&banten, no_ids.as_bytes());
    assert_eq!(results.results.len(), 0);
}

/// The same in a workbook: a title in A1 above the header on row 3.
#[cfg(feature = "xlsx")]
#[test]
fn a_title_above_a_workbooks_header_is_said_and_every_body_scored() {
    let banten = Banten::read();
    let clean = kabkota_sheet(&banten, |_| {});
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "Rekap Jawaban SAQ 2025")
        .unwrap_or_else(|e| panic!("{e}"));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(clean.trim_start_matches('\u{feff}').as_bytes());
    for (row, record) in reader.records().enumerate() {
        let record = record.unwrap_or_else(|e| panic!("{e}"));
        for (column, cell) in record.iter().enumerate() {
            let (row, column) = (row as u32 + 2, column as u16);
            sheet
                .write_string(row, column, cell)
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let mut files = banten.files();
    files.submissions = vec![NamedBytes::new("jawaban.xlsx", &bytes)];
    files.verification.clear();
    files.stage_scores.clear();
    files.without_stage_scores = true;
    let results = files.score().unwrap_or_else(|r| panic!("{r:?}"));
    let counts = (results.results.len(), results.rejected.len());
    assert_eq!(counts, (8, 0), "{:?}", results.rejected);
    let json = results.to_json();
    assert!(json.contains("\"title_lines\""), "{json}");
    assert!(
        json.contains("baris 1 (\u{201c}Rekap Jawaban SAQ 2025\u{201d})"),
        "{json}"
    );
}

/// Side files read apart (`SideFiles`, as `kip score` reads them on one core while the
/// submissions are read on the others) and added after the submissions: the same
/// results as the batch that takes them first, and the same problems, in the same
/// order with the same places.
#[test]
fn side_files_read_apart_and_added_after_the_submissions_change_nothing() {
    use kip_index::SideFiles;
    let banten = Banten::read();
    let files = banten.files();
    let instrument: kip_index::Instrument = text(&banten.instrument)
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|e| panic!("{e:?}"));
    let side = || {
        [
            (InputRole::Verification, files.verification[0]),
            (InputRole::StageScores, files.stage_scores[0]),
            (InputRole::Roster, files.roster[0]),
        ]
    };
    let mut first = Batch::new(&plan);
    first
        .add_side_files(side())
        .unwrap_or_else(|r| panic!("{r}"));
    let mut after = Batch::new(&plan);
    let read = SideFiles::read(&plan, side());
    for submissions in &files.submissions {
        first.add_submissions_bytes(submissions.name, submissions.bytes);
        after.add_submissions_bytes(submissions.name, submissions.bytes);
    }
    after
        .add_read_side_files(read)
        .unwrap_or_else(|r| panic!("{r}"));
    let (first, after) = (first.finish(), after.finish());
    assert_eq!(after.to_json(), first.to_json());
    // Kota Tangerang's published final (docs/scoring.md).
    let tangerang = after.results.iter().find(|c| c.agency.id == "3671");
    assert_eq!(
        tangerang.map(|c| c.final_score.rounded().to_string()),
        Some("96.33".to_owned())
    );

    // Problems: a body twice in a roster, a stage the instrument lacks, a submission
    // given as a side file — every one, in the order given, each where it stands.
    let roster = br#"[{"id": "3601", "name": "A", "category": "pemkab", "region": "36"},
 {"id": "3601", "name": "A", "category": "pemkab", "region": "36"}]"#;
    let stages = br#"[{"agency": "3601", "stage": "wawancara", "scores": [80]}]"#;
    let bad = [
        (InputRole::Roster, NamedBytes::new("daftar.json", roster)),
        (
            InputRole::StageScores,
            NamedBytes::new("tahap.json", stages),
        ),
        (
            InputRole::Submissions,
            NamedBytes::new("opd.json", &banten.opd),
        ),
    ];
    let whole = Batch::new(&plan)
        .add_side_files(bad)
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    let apart = Batch::new(&plan)
        .add_read_side_files(SideFiles::read(&plan, bad))
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(format!("{apart:?}"), format!("{whole:?}"));
    // Known before adding (a reader of the submissions may stop on it): each file alone.
    assert!(!SideFiles::read(&plan, side()).has_problems());
    for one in bad {
        assert!(
            SideFiles::read(&plan, [one]).has_problems(),
            "{}",
            one.1.name
        );
    }
    // Elements of JSON arrays: placed by their pointers.
    let places: Vec<(Option<&str>, Option<usize>, &str)> = apart
        .iter()
        .map(|p| (p.file.as_deref(), p.record, p.path.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (Some("daftar.json"), None, "/1/id"),
            (Some("tahap.json"), None, "/0/stage"),
            (Some("opd.json"), None, ""),
        ]
    );
}
