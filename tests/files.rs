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
