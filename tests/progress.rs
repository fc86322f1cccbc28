//! Participation (SPEC 3.1): the six bodies of `examples/progress-2025` under two
//! superiors, one in each state, their counts worked out by hand from the files:
//!
//! | body            | superior          | sent                               | state        |
//! |-----------------|-------------------|------------------------------------|--------------|
//! | 36-diskominfo   | Gubernur Banten   | all 4 answered, evidence given      | complete     |
//! | 36-dinkes       | Gubernur Banten   | PL02 left out                       | draft 3/4    |
//! | 36-bpkad        | Gubernur Banten   | DG02 = 7 on a 1–5 scale             | rejected     |
//! | 3601-disdik     | Bupati Pandeglang | PL01 "yes" without its evidence     | draft 4/4    |
//! | 3601-dpmptsp    | Bupati Pandeglang | 2 October, after 30 September       | late         |
//! | 3601-bappeda    | Bupati Pandeglang | nothing                             | not_received |

use kip_index::{BatchFiles, Language, NamedBytes, Progress, State, StateCounts};

fn read(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/examples/progress-2025/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn progress_of(submissions: &[u8], roster: &[u8], language: Language) -> Progress {
    let instrument = read("instrument.json");
    let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
    files
        .submissions
        .push(NamedBytes::new("submissions.jsonl", submissions));
    files.roster.push(NamedBytes::new("roster.csv", roster));
    files.progress(language).unwrap_or_else(|r| panic!("{r}"))
}

fn counts(due: usize, states: [usize; 5]) -> StateCounts {
    let [not_received, draft, complete, rejected, late] = states;
    let mut c = StateCounts::default();
    c.due = due;
    c.not_received = not_received;
    c.draft = draft;
    c.complete = complete;
    c.rejected = rejected;
    c.late = late;
    c
}

#[test]
fn six_bodies_under_two_superiors_have_one_state_each_and_their_counts() {
    let progress = progress_of(
        &read("submissions.jsonl"),
        &read("roster.csv"),
        Language::Indonesian,
    );
    let state = |id: &str| {
        let body = (progress.bodies.iter()).find(|b| b.id == id);
        body.unwrap_or_else(|| panic!("{id} is not listed"))
    };
    assert_eq!(state("36-diskominfo").state, State::Complete);
    assert_eq!(state("36-diskominfo").answered, Some(4));
    assert_eq!(state("36-diskominfo").applicable, Some(4));

    let dinkes = state("36-dinkes");
    assert_eq!(dinkes.state, State::Draft);
    assert_eq!((dinkes.answered, dinkes.applicable), (Some(3), Some(4)));
    assert_eq!(dinkes.unanswered, ["PL02"]);
    assert!(dinkes.evidence_missing.is_empty());

    let disdik = state("3601-disdik");
    assert_eq!(disdik.state, State::Draft);
    assert_eq!((disdik.answered, disdik.applicable), (Some(4), Some(4)));
    assert_eq!(disdik.evidence_missing, ["PL01"]);

    let bpkad = state("36-bpkad");
    assert_eq!(bpkad.state, State::Rejected);
    assert_eq!(bpkad.answered, None);
    assert_eq!(bpkad.reasons.len(), 1, "{:?}", bpkad.reasons);
    assert_eq!(bpkad.reasons[0].source, "submissions.jsonl:4");
    assert_eq!(bpkad.reasons[0].path, "/answers/DG02/value");
    assert!(
        bpkad.reasons[0].message.contains("1 sampai 5"),
        "{:?}",
        bpkad.reasons
    );
    // A "no" without evidence lacks nothing: it earns nothing evidence could take away.
    assert!(bpkad.evidence_missing.is_empty());

    let dpmptsp = state("3601-dpmptsp");
    assert_eq!(dpmptsp.state, State::Late);
    assert_eq!(
        dpmptsp
            .submitted_at
            .as_ref()
            .map(|m| m.to_string())
            .as_deref(),
        Some("2025-10-02T08:00:00+07:00")
    );
    let bappeda = state("3601-bappeda");
    assert_eq!(bappeda.state, State::NotReceived);
    assert_eq!(bappeda.contact.as_deref(), Some("0253-201456"));
    assert_eq!(bappeda.superior.as_deref(), Some("Bupati Pandeglang"));

    //                                   not_received draft complete rejected late
    let gubernur = counts(3, [0, 1, 1, 1, 0]);
    let bupati = counts(3, [1, 1, 0, 0, 1]);
    assert_eq!(progress.by_superior["Gubernur Banten"], gubernur);
    assert_eq!(progress.by_superior["Bupati Pandeglang"], bupati);
    assert_eq!(progress.by_category["opd_prov"], gubernur);
    assert_eq!(progress.by_region["3601"], bupati);
    assert_eq!(progress.total, counts(6, [1, 2, 1, 1, 1]));
    assert!(progress.not_on_roster.is_empty() && progress.unplaced.is_empty());
    let pages = progress.by_superior_bodies();
    let names: Vec<Option<&str>> = pages.iter().map(|(s, _)| *s).collect();
    assert_eq!(names, [Some("Bupati Pandeglang"), Some("Gubernur Banten")]);
}

#[test]
fn counts_add_up_and_every_body_sent_is_named_whatever_comes() {
    // A broken line naming no body, a body off the roster, and a line run together
    // with another: each is named somewhere, and the counts still add up.
    let mut text = String::from_utf8(read("submissions.jsonl")).unwrap_or_default();
    text.push_str("{\"instrument\": \"monev-opd-2025\", \"agency\": \n");
    text.push_str(
        "{\"instrument\":\"monev-opd-2025\",\"agency\":{\"id\":\"36-bapenda\",\"name\":\"Bapenda\",\
         \"category\":\"opd_prov\"},\"submitted_at\":\"2025-09-01T08:00:00+07:00\",\"answers\":{}}\n",
    );
    let progress = progress_of(text.as_bytes(), &read("roster.csv"), Language::English);
    let t = progress.total;
    assert_eq!(
        t.due,
        t.not_received + t.draft + t.complete + t.rejected + t.late
    );
    assert_eq!(t.due, 6, "bodies off the roster are not due");
    assert_eq!(progress.unplaced.len(), 1, "{:?}", progress.unplaced);
    assert_eq!(progress.unplaced[0].source, "submissions.jsonl:6");
    let off: Vec<&str> = (progress.not_on_roster.iter())
        .map(|b| b.id.as_str())
        .collect();
    assert_eq!(off, ["36-bapenda"]);
    // Nothing answered is a draft of 0 of 4, not a problem.
    assert_eq!(progress.not_on_roster[0].state, State::Draft);
    assert_eq!(progress.not_on_roster[0].answered, Some(0));
    assert_eq!(progress.not_on_roster[0].applicable, Some(4));
}

#[test]
fn a_roster_entry_reads_superior_and_contact_in_json_and_refuses_other_keys() {
    let instrument = read("instrument.json");
    let plan = BatchFiles::new(NamedBytes::new("instrument.json", &instrument))
        .plan()
        .unwrap_or_else(|r| panic!("{r}"));
    let json = r#"[{"id": "a", "name": "A", "category": "opd_kab", "superior": "Bupati", "contact": "ppid@a.go.id"},
                   {"id": "b", "name": "B", "category": "opd_kab", "atasan": "Bupati"}]"#;
    let records = kip_index::read_roster(json, kip_index::Framing::Json, plan.instrument());
    let first = records[0]
        .value
        .as_ref()
        .map(|e| e.superior().map(str::to_owned));
    assert_eq!(first, Ok(Some("Bupati".to_owned())));
    let second = records[1].value.as_ref().err().map(|r| r.to_string());
    assert!(
        second.as_deref().is_some_and(|m| m.contains("atasan")),
        "{second:?}"
    );
}

#[test]
fn a_workbook_roster_gives_superior_and_contact_and_names_each_bad_row() {
    // As a secretariat keeps it: a title row, an empty row, the header on row 3, a
    // numeric id cell, a body twice.
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let ok = |r: Result<&mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError>| {
        if let Err(e) = r {
            panic!("{e}");
        }
    };
    ok(sheet.write_string(0, 0, "Daftar Badan Publik Monev 2025"));
    let header = ["id", "name", "category", "region", "superior", "contact"];
    for (col, text) in header.iter().enumerate() {
        ok(sheet.write_string(2, col as u16, *text));
    }
    let rows = [
        [
            "36-diskominfo",
            "Diskominfo Banten",
            "opd_prov",
            "36",
            "Gubernur Banten",
            "ppid@x.go.id",
        ],
        [
            "36-dinkes",
            "Dinkes Banten",
            "opd_prov",
            "36",
            "Gubernur Banten",
            "",
        ],
        [
            "36-dinkes",
            "Dinkes Banten lagi",
            "opd_prov",
            "36",
            "Gubernur Banten",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (col, text) in row.iter().enumerate() {
            ok(sheet.write_string(3 + r as u32, col as u16, *text));
        }
    }
    ok(sheet.write_number(6, 0, 3601.0));
    for (col, text) in ["Kab. Pandeglang", "opd_kab", "3601", "Bupati Pandeglang"]
        .iter()
        .enumerate()
    {
        ok(sheet.write_string(6, col as u16 + 1, *text));
    }
    let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let instrument = read("instrument.json");
    let plan = BatchFiles::new(NamedBytes::new("instrument.json", &instrument))
        .plan()
        .unwrap_or_else(|r| panic!("{r}"));
    // Told a roster by its header, under the title, as the page tells a file's role.
    assert_eq!(
        kip_index::InputRole::detect(&bytes),
        Some(kip_index::InputRole::Roster)
    );
    let records = kip_index::read_roster_workbook(&bytes, plan.instrument());
    assert_eq!(
        records.len(),
        4,
        "{:?}",
        records
            .iter()
            .map(|r| r.value.as_ref().err().map(|e| e.to_string()))
            .collect::<Vec<_>>()
    );
    let lines: Vec<Option<usize>> = records.iter().map(|r| r.line).collect();
    assert_eq!(lines, [Some(4), Some(5), Some(6), Some(7)], "sheet rows");
    let entry = |k: usize| records[k].value.as_ref().ok().cloned();
    assert_eq!(
        entry(0).and_then(|e| e.contact().map(str::to_owned)),
        Some("ppid@x.go.id".to_owned())
    );
    assert_eq!(
        entry(3).map(|e| e.agency.id),
        Some("3601".to_owned()),
        "{:?}",
        records[3].value.as_ref().err().map(|e| e.to_string())
    );
    // As a batch's roster, the body twice is the error, at its row.
    let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
    files.roster.push(NamedBytes::new("daftar.xlsx", &bytes));
    let refused = files
        .progress(Language::Indonesian)
        .err()
        .map(|r| r.to_string());
    assert!(
        refused
            .as_deref()
            .is_some_and(|m| m.contains("daftar.xlsx:6")),
        "{refused:?}"
    );
}
