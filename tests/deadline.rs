//! The deadline (SPEC 2.3, *Deadline*): a questionnaire sent after it is not scored but
//! listed as not assessed, `late`, with its time and place; the summaries count it there
//! (Jabar 2020 dropped its 4 late bodies with the 41 that never sent); one warning counts
//! the submissions with no time. Every outcome below is worked out from the times by
//! hand, in the three time zones of Indonesia.

use kip_index::{
    Agency, Batch, Framing, Instrument, Language, Moment, NotAssessedReason, Plan, ProblemKind,
    Results, Warning,
};
use serde_json::{Value, json};

const DEADLINE: &str = "2025-09-30T23:59:59+07:00";

fn instrument(deadline: Option<&str>) -> Instrument {
    let mut value = json!({
        "id": "uji", "name": "Uji",
        "categories": [
            { "id": "pemkab", "name": "Pemerintah Kabupaten" },
            { "id": "pemkot", "name": "Pemerintah Kota" }
        ],
        "stages": [ { "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true } ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
        ],
        "indicators": [
            { "id": "a", "name": "A", "weight": 100,
              "questions": [ { "id": "R1", "text": "?", "kind": "rating" } ] }
        ]
    });
    if let (Some(d), Some(map)) = (deadline, value.as_object_mut()) {
        map.insert("deadline".into(), json!(d));
    }
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

/// (id, category, R1, submitted_at), one line each, in this order.
const SENT: [(&str, &str, u32, Option<&str>); 9] = [
    // Line 1: two days early, WIB.
    ("3601", "pemkab", 80, Some("2025-09-29T10:00:00+07:00")),
    // Line 2: one second late.
    ("3602", "pemkab", 90, Some("2025-10-01T00:00:00+07:00")),
    // Line 3: 00:30 WITA is 23:30 WIB: on time.
    ("3671", "pemkot", 70, Some("2025-10-01T00:30:00+08:00")),
    // Line 4: 16:59:59 UTC is the deadline itself: on time (after it is late).
    ("3672", "pemkot", 60, Some("2025-09-30T16:59:59Z")),
    // Line 5: no time: scored, counted in the warning.
    ("3673", "pemkot", 50, None),
    // Line 6: 09:00 WIT is 07:00 WIB on 1 October: late.
    ("3604", "pemkab", 95, Some("2025-10-01T09:00:00+09:00")),
    // Line 7: late, and not on the roster.
    ("9999", "pemkot", 99, Some("2025-10-03T08:00:00+07:00")),
    // Lines 8 and 9: on time, then a late second copy (100) that must not count.
    ("3603", "pemkab", 40, Some("2025-09-30T08:00:00+07:00")),
    ("3603", "pemkab", 100, Some("2025-10-02T08:00:00+07:00")),
];

const ROSTER: [(&str, &str); 8] = [
    ("3601", "pemkab"),
    ("3602", "pemkab"),
    ("3603", "pemkab"),
    ("3604", "pemkab"),
    ("3671", "pemkot"),
    ("3672", "pemkot"),
    ("3673", "pemkot"),
    ("3674", "pemkot"),
];

fn lines() -> String {
    let mut text = String::new();
    for (id, category, r1, at) in SENT {
        let mut line = json!({
            "instrument": "uji",
            "agency": { "id": id, "name": format!("Badan {id}"), "category": category },
            "answers": { "R1": { "value": r1 } }
        });
        if let (Some(at), Some(map)) = (at, line.as_object_mut()) {
            map.insert("submitted_at".into(), json!(at));
        }
        text.push_str(&line.to_string());
        text.push('\n');
    }
    text
}

fn scored_with(plan: &Plan, file: &str, text: &str, framing: Framing) -> Results {
    let mut batch = Batch::new(plan);
    for (id, category) in ROSTER {
        let mut agency = Agency::new(id, format!("Badan {id}"));
        agency.category = Some(category.into());
        batch
            .add_to_roster(agency)
            .unwrap_or_else(|p| panic!("{p}"));
    }
    match framing {
        Framing::Csv => batch.add_csv(file, text),
        _ => {
            for record in kip_index::read_submissions(text, framing, plan.instrument()) {
                batch.add_record(file, framing, record);
            }
        }
    }
    batch.finish()
}

fn finals(results: &Results) -> Vec<(String, String)> {
    let mut finals: Vec<(String, String)> = (results.results.iter())
        .map(|c| (c.agency.id.clone(), c.final_score.rounded().to_string()))
        .collect();
    finals.sort();
    finals
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    (expected.iter())
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

/// Who is scored, who is late and who never sent, from the times alone.
#[test]
fn late_questionnaires_are_not_assessed_whatever_time_zone_they_were_sent_in() {
    let plan = Plan::new(&instrument(Some(DEADLINE))).unwrap_or_else(|r| panic!("{r}"));
    let results = scored_with(&plan, "saq.jsonl", &lines(), Framing::JsonLines);
    // 3603 is scored on its on-time copy (40), never on the late one (100).
    assert_eq!(
        finals(&results),
        pairs(&[
            ("3601", "80.00"),
            ("3603", "40.00"),
            ("3671", "70.00"),
            ("3672", "60.00"),
            ("3673", "50.00")
        ])
    );
    let not_assessed: Vec<(&str, NotAssessedReason, Option<&str>, Option<String>)> =
        (results.not_assessed.iter())
            .map(|b| {
                (
                    b.agency.id.as_str(),
                    b.reason,
                    b.submitted_at.as_ref().map(Moment::as_str),
                    b.source.as_ref().map(ToString::to_string),
                )
            })
            .collect();
    let late = NotAssessedReason::Late;
    assert_eq!(
        not_assessed,
        [
            (
                "3602",
                late,
                Some("2025-10-01T00:00:00+07:00"),
                Some("saq.jsonl:2".to_owned())
            ),
            (
                "3604",
                late,
                Some("2025-10-01T09:00:00+09:00"),
                Some("saq.jsonl:6".to_owned())
            ),
            ("3674", NotAssessedReason::NotReceived, None, None),
            (
                "9999",
                late,
                Some("2025-10-03T08:00:00+07:00"),
                Some("saq.jsonl:7".to_owned())
            ),
        ]
    );
    // Counted where they belong: due + off the roster = scored + rejected + not assessed.
    let summary = results
        .summary
        .as_ref()
        .unwrap_or_else(|| panic!("summary"));
    let group = |id: &str| {
        (summary.categories.iter())
            .find(|(c, _)| c.as_str() == id)
            .map(|(_, g)| {
                (
                    g.due,
                    g.scored,
                    g.rejected,
                    g.not_assessed,
                    g.late,
                    g.not_on_roster,
                )
            })
    };
    assert_eq!(group("pemkab"), Some((Some(4), 2, 0, 2, Some(2), Some(0))));
    assert_eq!(group("pemkot"), Some((Some(4), 3, 0, 2, Some(1), Some(1))));
    // One warning counts the submission with no time; one names the late second copy.
    let kinds: Vec<&str> = results.warnings.iter().map(Warning::kind).collect();
    assert!(kinds.contains(&"submissions_without_time"), "{kinds:?}");
    assert!(results.warnings.iter().any(|w| matches!(w,
        Warning::SubmissionsWithoutTime { count: 1, deadline, .. } if deadline == DEADLINE)));
    let ignored: Vec<String> = (results.warnings.iter())
        .filter(|w| w.kind() == "late_submission_ignored")
        .map(|w| w.message(Language::Indonesian))
        .collect();
    assert_eq!(
        ignored,
        [
            "saq.jsonl:9: pengajuan badan publik `3603` (Badan 3603) dikirim \
          2025-10-02T08:00:00+07:00, setelah batas waktu 2025-09-30T23:59:59+07:00: tidak \
          dinilai; badan publik ini dinilai dari pengajuannya yang lain"
        ]
    );
    // 9999 is counted off the roster, and warned about as such: late, not scored.
    assert!(results.warnings.iter().any(|w| matches!(w,
        Warning::NotOnRoster { agency, outcome: kip_index::Outcome::Late, .. } if agency == "9999")));
    let off: Vec<String> = (results.warnings.iter())
        .filter(|w| w.kind() == "not_on_roster")
        .map(|w| w.message(Language::Indonesian))
        .collect();
    assert_eq!(
        off,
        [
            "badan publik `9999` (Badan 9999) mengirim terlambat tetapi tidak ada dalam daftar badan publik wajib"
        ]
    );
    // The JSON: the deadline held, each late body with its reason, time and place.
    let json: Value = serde_json::from_str(&results.to_json()).unwrap_or_default();
    assert_eq!(json["deadline"], json!(DEADLINE));
    assert_eq!(
        json["not_assessed"][0],
        json!({ "id": "3602", "name": "Badan 3602", "category": "pemkab", "reason": "late",
                "submitted_at": "2025-10-01T00:00:00+07:00", "source": "saq.jsonl:2" })
    );
    assert_eq!(
        json["not_assessed"][2],
        json!({ "id": "3674", "name": "Badan 3674", "category": "pemkot", "reason": "not_received" })
    );
    assert_eq!(json["summary"]["categories"]["pemkab"]["late"], json!(2));
    // The same JSON through the writer that streams it (kip's).
    let mut streamed = Vec::new();
    results
        .write_json(&mut streamed)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&streamed), results.to_json());
}

/// A body whose on-time questionnaire is rejected and whose second copy came late is
/// rejected (with its reasons), and the warning about the late copy says so.
#[test]
fn a_late_copy_of_a_rejected_body_is_warned_about_as_such() {
    let plan = Plan::new(&instrument(Some(DEADLINE))).unwrap_or_else(|r| panic!("{r}"));
    let text = "{\"instrument\":\"uji\",\"submitted_at\":\"2025-09-30T08:00:00+07:00\",\"agency\":{\"id\":\"3601\",\"name\":\"A\",\"category\":\"pemkab\"},\"answers\":{\"R1\":{\"value\":\"tinggi\"}}}\n\
                {\"instrument\":\"uji\",\"submitted_at\":\"2025-10-01T08:00:00+07:00\",\"agency\":{\"id\":\"3601\",\"name\":\"A\",\"category\":\"pemkab\"},\"answers\":{\"R1\":{\"value\":80}}}\n";
    let results = scored_with(&plan, "saq.jsonl", text, Framing::JsonLines);
    assert!(results.results.is_empty());
    assert_eq!(results.rejected.len(), 1);
    assert!(results.not_assessed.iter().all(|b| b.agency.id != "3601"));
    let said: Vec<String> = (results.warnings.iter())
        .filter(|w| w.kind() == "late_submission_ignored")
        .map(|w| w.message(Language::Indonesian))
        .collect();
    assert_eq!(said.len(), 1);
    assert!(
        said[0].ends_with(
            "tidak dinilai; pengajuannya yang lain ditolak (lihat daftar pengajuan ditolak)"
        ),
        "{said:?}"
    );
}

/// The same lines as a pretty JSON array (an element a body): the same outcome, each
/// late body placed at its element.
#[test]
fn a_pretty_array_gives_the_same_outcome() {
    let plan = Plan::new(&instrument(Some(DEADLINE))).unwrap_or_else(|r| panic!("{r}"));
    let elements: Vec<Value> = (lines().lines())
        .map(|l| serde_json::from_str(l).unwrap_or_default())
        .collect();
    let pretty = serde_json::to_string_pretty(&elements).unwrap_or_default();
    let array = scored_with(&plan, "saq.json", &pretty, Framing::Json);
    let lines = scored_with(&plan, "saq.jsonl", &lines(), Framing::JsonLines);
    assert_eq!(finals(&array), finals(&lines));
    let places: Vec<String> = (array.not_assessed.iter())
        .filter_map(|b| b.source.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(places, ["saq.json#/1", "saq.json#/5", "saq.json#/6"]);
}

/// An extension (`--deadline`, `Plan::with_deadline`) replaces the instrument's: the
/// bodies sent on 1 October are now on time; those sent later are still late.
#[test]
fn an_extension_replaces_the_instruments_deadline() {
    let extended = Plan::new(&instrument(Some(DEADLINE)))
        .unwrap_or_else(|r| panic!("{r}"))
        .with_deadline(
            "2025-10-01T23:59:59+07:00"
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
        );
    assert_eq!(
        extended.deadline().map(Moment::as_str),
        Some("2025-10-01T23:59:59+07:00")
    );
    let results = scored_with(&extended, "saq.jsonl", &lines(), Framing::JsonLines);
    assert_eq!(
        finals(&results),
        pairs(&[
            ("3601", "80.00"),
            ("3602", "90.00"),
            ("3603", "40.00"),
            ("3604", "95.00"),
            ("3671", "70.00"),
            ("3672", "60.00"),
            ("3673", "50.00")
        ])
    );
    let ids: Vec<(&str, &str)> = (results.not_assessed.iter())
        .map(|b| (b.agency.id.as_str(), b.reason.as_str()))
        .collect();
    assert_eq!(ids, [("3674", "not_received"), ("9999", "late")]);
}

/// Without a deadline, times are read (and checked) but hold nothing back, and no
/// summary speaks of late bodies.
#[test]
fn without_a_deadline_every_time_is_only_read() {
    let plan = Plan::new(&instrument(None)).unwrap_or_else(|r| panic!("{r}"));
    let results = scored_with(&plan, "saq.jsonl", &lines(), Framing::JsonLines);
    // 3603 twice (same agency, no rater): both copies rejected, as any duplicate is.
    assert_eq!(results.results.len(), 7);
    assert_eq!(results.rejected.len(), 2);
    let json: Value = serde_json::from_str(&results.to_json()).unwrap_or_default();
    assert!(json.get("deadline").is_none());
    assert!(
        json["summary"]["categories"]["pemkab"]
            .get("late")
            .is_none()
    );
    assert!(
        results
            .warnings
            .iter()
            .all(|w| w.kind() != "submissions_without_time")
    );
}

/// The same batch as a sheet saved by Excel set to Indonesian (`;`, CRLF, a byte-order
/// mark), with a `submitted_at` column: the same outcome; a time that is no time, or has
/// no offset, rejects its row at its cell.
#[test]
fn a_sheet_gives_the_same_outcome_and_places_a_bad_time_at_its_cell() {
    let plan = Plan::new(&instrument(Some(DEADLINE))).unwrap_or_else(|r| panic!("{r}"));
    let mut csv = String::from("\u{feff}agency_id;agency_name;category;submitted_at;R1\r\n");
    for (id, category, r1, at) in SENT {
        csv.push_str(&format!(
            "{id};Badan {id};{category};{};{r1}\r\n",
            at.unwrap_or("")
        ));
    }
    let sheet = scored_with(&plan, "saq.csv", &csv, Framing::Csv);
    let lines = scored_with(&plan, "saq.jsonl", &lines(), Framing::JsonLines);
    assert_eq!(finals(&sheet), finals(&lines));
    let late: Vec<(&str, String)> = (sheet.not_assessed.iter())
        .filter(|b| b.reason == NotAssessedReason::Late)
        .map(|b| {
            (
                b.agency.id.as_str(),
                b.source
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        })
        .collect();
    // The header is row 1: the rows are one further down than the lines.
    assert_eq!(
        late,
        [
            ("3602", "saq.csv:3".to_owned()),
            ("3604", "saq.csv:7".to_owned()),
            ("9999", "saq.csv:8".to_owned())
        ]
    );
    // Two rows with bad times: each rejected at its cell, in Indonesian and English.
    let bad = "agency_id;agency_name;category;submitted_at;R1\r\n\
               3674;Badan 3674;pemkot;30/09/2025 23.59;75\r\n\
               3673;Badan 3673;pemkot;2025-09-30T10:00:00;75\r\n";
    let results = scored_with(&plan, "buruk.csv", bad, Framing::Csv);
    assert!(results.results.is_empty());
    let said: Vec<(String, String, String)> = (results.rejected.iter())
        .map(|r| {
            let p = &r.errors[0];
            (
                r.source.to_string(),
                p.message.clone(),
                p.message_in(Language::Indonesian).to_owned(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "buruk.csv:2".to_owned(),
                "expected a time in RFC 3339 with its offset, such as \
                 `2025-09-30T23:59:00+07:00` (WIB), found `30/09/2025 23.59` (column D \
                 `submitted_at`)"
                    .to_owned(),
                "seharusnya waktu RFC 3339 dengan zona waktunya, misalnya \
                 `2025-09-30T23:59:00+07:00` (WIB), ternyata `30/09/2025 23.59` (kolom D \
                 `submitted_at`)"
                    .to_owned()
            ),
            (
                "buruk.csv:3".to_owned(),
                "expected a time with its offset, such as `2025-09-30T10:00:00+07:00` (WIB), \
                 found `2025-09-30T10:00:00` without one (column D `submitted_at`)"
                    .to_owned(),
                "seharusnya waktu dengan zona waktunya, misalnya `2025-09-30T10:00:00+07:00` \
                 (WIB), ternyata `2025-09-30T10:00:00` tanpa zona waktu (kolom D \
                 `submitted_at`)"
                    .to_owned()
            ),
        ]
    );
    // Rejected bodies of the roster count as rejected, not as not assessed.
    assert!(
        results
            .rejected
            .iter()
            .all(|r| r.errors[0].kind() == ProblemKind::InvalidValue)
    );
}

/// A workbook whose `submitted_at` cell Excel made a date (no offset): the row is
/// rejected at its cell, the date shown as the cell shows it, not as Excel's serial.
#[test]
fn a_workbook_date_cell_is_named_as_a_time_without_its_offset() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let plan = Plan::new(&instrument(Some(DEADLINE))).unwrap_or_else(|r| panic!("{r}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let header = ["agency_id", "agency_name", "category", "submitted_at", "R1"];
    for (k, title) in header.iter().enumerate() {
        let col = u16::try_from(k).unwrap_or_default();
        sheet
            .write_string(0, col, *title)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let when =
        ExcelDateTime::parse_from_str("2025-09-30 14:05:00").unwrap_or_else(|e| panic!("{e}"));
    let shown = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    for (k, text) in ["3671", "Badan 3671", "pemkot"].iter().enumerate() {
        let col = u16::try_from(k).unwrap_or_default();
        sheet
            .write_string(1, col, *text)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    sheet
        .write_datetime_with_format(1, 3, &when, &shown)
        .unwrap_or_else(|e| panic!("{e}"));
    sheet
        .write_number(1, 4, 70)
        .unwrap_or_else(|e| panic!("{e}"));
    // A second row with the time as text, offset and all: scored.
    for (k, text) in ["3672", "Badan 3672", "pemkot", "2025-09-30T14:05:00+07:00"]
        .iter()
        .enumerate()
    {
        let col = u16::try_from(k).unwrap_or_default();
        sheet
            .write_string(2, col, *text)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    sheet
        .write_number(2, 4, 60)
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes = book.save_to_buffer().unwrap_or_else(|e| panic!("{e}"));
    let mut batch = Batch::new(&plan);
    batch.add_workbook("saq.xlsx", &bytes);
    let results = batch.finish();
    assert_eq!(finals(&results), pairs(&[("3672", "60.00")]));
    let rejected = &results.rejected[0];
    assert_eq!(rejected.source.to_string(), "saq.xlsx:2");
    assert_eq!(
        rejected.errors[0].message,
        "expected a time with its offset, such as `2025-09-30T14:05:00+07:00` (WIB), found \
         `2025-09-30T14:05:00` without one (cell Sheet1!D2)"
    );
}

/// A deadline or a time that is not a moment is a located problem, in the instrument
/// and in a submission alike.
#[test]
fn a_bad_deadline_or_time_is_a_located_problem() {
    for (deadline, says) in [
        (
            json!("2025-09-30"),
            "such as `2025-09-30T23:59:59+07:00` (the end of that day, WIB), found `2025-09-30`",
        ),
        (json!("akhir September"), "found `akhir September`"),
        (json!(20250930), "expected a string"),
    ] {
        let mut value: Value = serde_json::from_str(
            &std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default(),
        )
        .unwrap_or_default();
        value["deadline"] = deadline;
        let report =
            Instrument::from_json(&serde_json::to_string_pretty(&value).unwrap_or_default())
                .err()
                .unwrap_or_else(|| panic!("accepted"));
        let problem = report.iter().next().unwrap_or_else(|| panic!("no problem"));
        assert_eq!(problem.path, "/deadline");
        assert!(problem.message.contains(says), "{}", problem.message);
        assert!(problem.position.is_some(), "placed at its line and column");
    }
    let plan = Plan::new(&instrument(Some(DEADLINE))).unwrap_or_else(|r| panic!("{r}"));
    let text = "{\"instrument\":\"uji\",\"agency\":{\"id\":\"3601\",\"name\":\"A\",\"category\":\"pemkab\"},\"answers\":{}}\n\
                {\"instrument\":\"uji\",\"submitted_at\":\"2025-09-30 10:00\",\"agency\":{\"id\":\"3602\",\"name\":\"B\",\"category\":\"pemkab\"},\"answers\":{}}\n";
    let results = scored_with(&plan, "saq.jsonl", text, Framing::JsonLines);
    let rejected = &results.rejected[0];
    assert_eq!(rejected.source.to_string(), "saq.jsonl:2");
    assert_eq!(rejected.errors[0].path, "/submitted_at");
    assert!(
        rejected.errors[0]
            .message
            .contains("`2025-09-30T10:00:00+07:00`")
    );
}

/// A rejected body the roster does not list is warned about, as it is counted, with what
/// became of it.
#[test]
fn a_rejected_body_off_the_roster_is_warned_about() {
    let plan = Plan::new(&instrument(None)).unwrap_or_else(|r| panic!("{r}"));
    let text = "{\"instrument\":\"uji\",\"agency\":{\"id\":\"7778\",\"name\":\"Badan 7778\",\"category\":\"pemkot\"},\"answers\":{\"R1\":{\"value\":\"tinggi\"}}}\n";
    let results = scored_with(&plan, "saq.jsonl", text, Framing::JsonLines);
    let off: Vec<String> = (results.warnings.iter())
        .filter(|w| w.kind() == "not_on_roster")
        .map(|w| w.message(Language::Indonesian))
        .collect();
    assert_eq!(
        off,
        ["badan publik `7778` ditolak tetapi tidak ada dalam daftar badan publik wajib"]
    );
}
