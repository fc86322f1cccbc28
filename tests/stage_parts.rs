//! A stage scored in parts (SPEC 2.3, *Parts of a stage score*): Banten 2025 gives the
//! presentation up to 15 points when the head of the body attends (about 10 when
//! represented), so judges score parts, and what earned the points stays apart from the
//! points. Worked by hand, and every problem where it stands.

use kip_index::{Batch, Decimal, Framing, Instrument, Plan, ProblemKind, StageScore};
use serde_json::{Value, json};

fn instrument() -> Value {
    json!({
        "id": "uji", "name": "Uji",
        "stages": [
            { "id": "saq", "name": "SAQ", "weight": 70, "questionnaire": true },
            { "id": "presentasi", "name": "Presentasi", "weight": 30, "parts": [
                { "id": "kehadiran", "name": "Kehadiran pimpinan", "max": 15 },
                { "id": "paparan", "name": "Paparan", "max": 85 } ] },
            { "id": "visitasi", "name": "Visitasi", "weight": 0 }
        ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju_informatif", "name": "Menuju Informatif", "min": 80 },
            { "id": "tidak_informatif", "name": "Tidak Informatif", "min": 0 }
        ],
        "indicators": [
            { "id": "a", "name": "A", "weight": 100,
              "questions": [ { "id": "R1", "text": "?", "kind": "rating" } ] }
        ]
    })
}

fn parsed(value: &Value) -> Instrument {
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Two judges: the head attended for one (15), was represented for the other (10).
/// Judge 1: 15 + 70.5 = 85.5; judge 2: 10 + 75 = 85; the stage is their mean, 85.25.
/// SAQ 80: final = 0.7 × 80 + 0.3 × 85.25 = 56 + 25.575 = 81.575 → 81.58.
/// The parts' means: kehadiran (15 + 10) / 2 = 12.50, paparan (70.5 + 75) / 2 = 72.75.
#[test]
fn a_presentation_in_parts_judged_twice_worked_by_hand() {
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let entries = r#"[
      { "agency": "3601", "stage": "presentasi", "parts": { "kehadiran": 15, "paparan": 70.5 } },
      { "agency": "3601", "stage": "presentasi", "parts": { "paparan": 75, "kehadiran": 10 } }
    ]"#;
    let read = kip_index::read_stage_scores(entries, Framing::Json, plan.instrument());
    let mut batch = Batch::new(&plan);
    for record in read {
        let entry = record.value.unwrap_or_else(|r| panic!("{r}"));
        batch
            .add_stage_score(entry)
            .unwrap_or_else(|p| panic!("{p}"));
    }
    let text = json!({
        "instrument": "uji",
        "agency": { "id": "3601", "name": "Kabupaten Pandeglang" },
        "answers": { "R1": { "value": 80 } }
    });
    batch.add_json_lines("s.jsonl", text.to_string().as_bytes(), 1, 0);
    let results = batch.finish();
    let card = results
        .results
        .first()
        .unwrap_or_else(|| panic!("not scored"));
    assert_eq!(
        card.stage("presentasi").map(|s| s.rounded().to_string()),
        Some("85.25".into())
    );
    assert_eq!(card.final_score.rounded().to_string(), "81.58");
    assert_eq!(card.qualification, "menuju_informatif");
    let parts: Vec<(String, String)> = (card.stage_parts.iter())
        .find(|s| &*s.stage == "presentasi")
        .map(|s| {
            (s.parts.iter())
                .map(|(id, score)| (id.to_string(), score.rounded().to_string()))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        parts,
        [
            ("kehadiran".to_owned(), "12.50".to_owned()),
            ("paparan".to_owned(), "72.75".to_owned())
        ]
    );
    // In the results: `stage_parts`, the hand-written JSON the serialised one.
    let json = results.to_json();
    assert!(
        json.contains(
            "\"stage_parts\": {\n        \"presentasi\": {\n          \"kehadiran\": 12.50,\n          \"paparan\": 72.75\n        }\n      }"
        ),
        "{json}"
    );
    let mut written = Vec::new();
    results
        .write_json(&mut written)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(String::from_utf8_lossy(&written), json);
}

#[test]
fn part_problems_are_reported_where_they_stand() {
    let instrument = parsed(&instrument());
    let cases = [
        (
            json!({ "kehadiran": 15, "paparan": 70, "bonus": 5 }),
            "/parts/bonus",
            "found `bonus`",
        ),
        (
            json!({ "kehadiran": 16, "paparan": 70 }),
            "/parts/kehadiran",
            "from 0 to 15, found 16",
        ),
        (json!({ "kehadiran": 15 }), "/parts", "none for `paparan`"),
        (
            json!({ "kehadiran": -1, "paparan": 70 }),
            "/parts/kehadiran",
            "found -1",
        ),
    ];
    for (parts, path, gist) in cases {
        let entry = StageScore::in_parts(
            "3601",
            "presentasi",
            (parts.as_object().into_iter().flatten())
                .map(|(id, v)| (id.clone(), decimal(&v.to_string())))
                .collect(),
        );
        let report = instrument.check_stage_score(&entry);
        let problem = report
            .problems()
            .iter()
            .find(|p| p.path == path && p.message.contains(gist))
            .unwrap_or_else(|| panic!("{parts}: expected {path} ({gist}), found {report}"));
        assert!(matches!(
            problem.kind,
            ProblemKind::UnknownReference | ProblemKind::InvalidValue | ProblemKind::MissingField
        ));
    }
    // A single score for a stage in parts, and parts for a stage without them.
    let single = StageScore::new("3601", "presentasi", vec![decimal("80")]);
    let report = instrument.check_stage_score(&single);
    assert!(
        report
            .to_string()
            .contains("expected the parts of `presentasi`"),
        "{report}"
    );
    let parts = StageScore::in_parts("3601", "visitasi", vec![("a".into(), decimal("5"))]);
    let report = instrument.check_stage_score(&parts);
    assert!(
        report.to_string().contains("not scored in parts"),
        "{report}"
    );
    // Both `parts` and `score` in one entry is refused where it stands.
    let both = r#"[{ "agency": "3601", "stage": "presentasi", "score": 80, "parts": { "kehadiran": 15 } }]"#;
    let read = kip_index::read_stage_scores(both, Framing::Json, &instrument);
    let report = read
        .into_iter()
        .next()
        .and_then(|r| r.value.err())
        .unwrap_or_default();
    assert!(report.to_string().contains("found both"), "{report}");
}

#[test]
fn parts_whose_maxima_do_not_sum_to_100_are_refused() {
    let mut value = instrument();
    value["stages"][1]["parts"][1]["max"] = json!(80);
    let report = Instrument::from_json(&value.to_string())
        .err()
        .unwrap_or_default();
    assert!(
        report
            .problems()
            .iter()
            .any(|p| p.path == "/stages/1/parts"
                && p.message.contains("sum to exactly 100, found 95")),
        "{report}"
    );
    value["stages"][1]["parts"][1] = json!({ "id": "kehadiran", "max": 85 });
    let report = Instrument::from_json(&value.to_string())
        .err()
        .unwrap_or_default();
    assert!(
        report
            .problems()
            .iter()
            .any(|p| p.path == "/stages/1/parts/1/id"),
        "{report}"
    );
}

/// The same two judges as a CSV, one row a judge and part: gathered into one entry a
/// judge (at its first row's line), the same stage score and parts as from JSON; a part
/// left out of a judge's rows is a problem at that judge's first row.
#[test]
fn a_csv_of_one_row_a_judge_and_part_gathers_each_judges_parts() {
    let instrument = parsed(&instrument());
    let csv = "agency,stage,judge,part,score\n\
               3601,presentasi,1,kehadiran,15\n\
               3601,presentasi,2,kehadiran,10\n\
               3601,presentasi,1,paparan,70.5\n\
               3601,presentasi,2,paparan,75\n\
               3602,presentasi,1,kehadiran,15\n";
    let read = kip_index::read_stage_scores(csv, Framing::Csv, &instrument);
    type Entry = (Option<usize>, Result<Vec<(String, String)>, String>);
    let entries: Vec<Entry> = read
        .iter()
        .map(|r| {
            let value = match &r.value {
                Ok(e) => Ok(e
                    .parts
                    .iter()
                    .map(|(id, v)| (id.clone(), v.to_string()))
                    .collect()),
                Err(report) => Err(report.to_string()),
            };
            (r.line, value)
        })
        .collect();
    assert_eq!(entries.len(), 3, "{entries:?}");
    let part = |id: &str, v: &str| (id.to_owned(), v.to_owned());
    assert_eq!(
        entries[0],
        (
            Some(2),
            Ok(vec![part("kehadiran", "15"), part("paparan", "70.5")])
        )
    );
    assert_eq!(
        entries[1],
        (
            Some(3),
            Ok(vec![part("kehadiran", "10"), part("paparan", "75")])
        )
    );
    let (line, missing) = &entries[2];
    assert_eq!(*line, Some(6));
    assert!(
        missing
            .as_ref()
            .is_err_and(|m| m.contains("none for `paparan`")),
        "{missing:?}"
    );
    let scores: Vec<String> = (read.iter())
        .filter_map(|r| r.value.as_ref().ok())
        .map(|e| e.scores[0].to_string())
        .collect();
    assert_eq!(scores, ["85.5", "85"]);
}

/// A part given twice for one judge — a row copied twice, or two judges' rows with the
/// `judge` left empty — is a problem of its second row, never a sum (it once made a
/// presentation of 230); a part's bad value or name is a problem of its own row.
#[test]
fn a_part_twice_is_refused_at_its_row_and_each_problem_names_its_row() {
    let instrument = parsed(&instrument());
    let csv = "agency,stage,judge,part,score\n\
               3601,presentasi,1,kehadiran,15\n\
               3601,presentasi,1,paparan,70\n\
               3601,presentasi,1,kehadiran,15\n\
               3602,presentasi,,kehadiran,15\n\
               3602,presentasi,,paparan,80\n\
               3602,presentasi,,kehadiran,10\n\
               3603,presentasi,1,kehadiran,15\n\
               3603,presentasi,1,paparan,86\n\
               3603,presentasi,1,kesan,5\n";
    let read = kip_index::read_stage_scores(csv, Framing::Csv, &instrument);
    let problems: Vec<(Option<usize>, String, String)> = (read.iter())
        .filter_map(|r| r.value.as_ref().err())
        .flat_map(|report| report.iter())
        .map(|p| (p.record, p.path.clone(), p.message.clone()))
        .collect();
    let problem =
        |row: usize, path: &str, message: &str| (Some(row), path.to_owned(), message.to_owned());
    assert_eq!(
        problems,
        [
            problem(
                4,
                "/2/parts/kehadiran",
                "expected part `kehadiran` once for judge `1` of `3601` in `presentasi`, found \
                 it again (the first at row 2)"
            ),
            problem(
                7,
                "/5/parts/kehadiran",
                "expected part `kehadiran` once for the rows without a `judge` of `3602` in \
                 `presentasi`, found it again (the first at row 5); name each judge in `judge`"
            ),
            problem(
                9,
                "/7/parts/paparan",
                "expected `paparan` from 0 to 85, found 86"
            ),
            problem(
                10,
                "/8/parts/kesan",
                "expected a part of `presentasi` (`kehadiran`, `paparan`), found `kesan`"
            ),
        ]
    );
    // What stays is each judge's parts given once: 15 + 70 and 15 + 80, never 230.
    let scores: Vec<String> = (read.iter())
        .filter_map(|r| r.value.as_ref().ok())
        .map(|e| e.scores[0].to_string())
        .collect();
    assert_eq!(scores, ["85", "95"]);
}

/// The report card shows each part under its stage, of its most, and its HTML page says
/// so in Indonesian (`Kehadiran pimpinan 12,50`, `dari 15`).
#[test]
#[cfg(feature = "publish")]
fn the_report_card_shows_the_parts() {
    use kip_index::{BatchTexts, Language, NamedText};
    let instrument = instrument().to_string();
    let submissions = json!({
        "instrument": "uji",
        "agency": { "id": "3601", "name": "Kabupaten Pandeglang" },
        "answers": { "R1": { "value": 80 } }
    })
    .to_string();
    let scores = "agency,stage,judge,part,score\n\
                  3601,presentasi,1,kehadiran,15\n3601,presentasi,1,paparan,70.5\n\
                  3601,presentasi,2,kehadiran,10\n3601,presentasi,2,paparan,75\n";
    let mut texts = BatchTexts::new(NamedText::new("instrument.json", &instrument));
    texts
        .submissions
        .push(NamedText::new("s.jsonl", &submissions));
    texts.stage_scores.push(NamedText::new("nilai.csv", scores));
    let (_, cards) = texts
        .report_cards(None, Language::Indonesian)
        .unwrap_or_else(|r| panic!("{r}"));
    let card = cards
        .into_iter()
        .find_map(|(_, card)| card.ok())
        .unwrap_or_else(|| panic!("no card"));
    let stage = (card.stages.iter())
        .find(|s| s.id == "presentasi")
        .unwrap_or_else(|| panic!("no presentasi"));
    let parts: Vec<(String, String, String)> = (stage.parts.iter())
        .map(|p| {
            (
                p.name.clone(),
                p.max.to_string(),
                p.score.rounded().to_string(),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            (
                "Kehadiran pimpinan".to_owned(),
                "15".to_owned(),
                "12.50".to_owned()
            ),
            ("Paparan".to_owned(), "85".to_owned(), "72.75".to_owned()),
        ]
    );
    let letterhead = kip_index::Letterhead::default();
    let pages = kip_index::CardPages {
        language: Language::Indonesian,
        letterhead: &letterhead,
        instrument: "Uji",
        decimals: 2,
    };
    let html = pages.document(&[card]);
    assert!(
        html.contains("<td>– Kehadiran pimpinan</td><td class=\"n\"></td><td class=\"n\">12,50</td><td class=\"note\">dari 15</td>"),
        "{html}"
    );
}

/// Kabupaten Pandeglang (SAQ 80) with its presentation judged twice in parts:
/// (15 + 70.5) and (10 + 75), as in the worked example above.
#[cfg(feature = "publish")]
fn judged_twice(plan: &Plan) -> kip_index::Results {
    let mut batch = Batch::new(plan);
    for (kehadiran, paparan) in [("15", "70.5"), ("10", "75")] {
        let parts = vec![
            ("kehadiran".into(), decimal(kehadiran)),
            ("paparan".into(), decimal(paparan)),
        ];
        let entry = StageScore::in_parts("3601", "presentasi", parts);
        batch
            .add_stage_score(entry)
            .unwrap_or_else(|p| panic!("{p}"));
    }
    let text = json!({
        "instrument": "uji",
        "agency": { "id": "3601", "name": "Kabupaten Pandeglang" },
        "answers": { "R1": { "value": 80 } }
    });
    batch.add_json_lines("s.jsonl", text.to_string().as_bytes(), 1, 0);
    batch.finish()
}

/// The report's ranking has a column a part after its stage (`Kehadiran pimpinan
/// (maks. 15)`), each body's mean over its judges.
#[test]
#[cfg(feature = "publish")]
fn the_report_has_a_column_a_part() {
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let results = judged_twice(&plan);
    let html = kip_index::ReportPage::new(plan.instrument(), &results).html();
    assert!(
        html.contains("<th class=\"part\">Kehadiran pimpinan <small>(maks. 15)</small></th>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<td class=\"n\">85,25</td><td class=\"n\">12,50</td><td class=\"n\">72,75</td>"
        ),
        "{html}"
    );
}

/// The results workbook has a column a part too, after the stages, indicators and
/// gates: `Presentasi: Kehadiran pimpinan (maks. 15)`, 12.5 as a number.
#[test]
#[cfg(feature = "publish")]
fn the_workbook_has_a_column_a_part() {
    use calamine::{Data, Reader, Xlsx};
    let plan = Plan::new(&parsed(&instrument())).unwrap_or_else(|r| panic!("{r}"));
    let results = judged_twice(&plan);
    let annex = kip_index::Annex::of(plan.instrument(), &results, kip_index::AnnexRanks::All);
    let bytes = kip_index::results_workbook(
        &results,
        plan.instrument(),
        kip_index::Language::Indonesian,
        &annex,
        &kip_index::Letterhead::default(),
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let mut book: Xlsx<_> =
        Xlsx::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let sheet = book
        .worksheet_range("Uji")
        .unwrap_or_else(|e| panic!("{e}"));
    let header: Vec<String> = (0..sheet.width() as u32)
        .map(|c| {
            sheet
                .get_value((0, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let col = header
        .iter()
        .position(|h| h == "Presentasi: Kehadiran pimpinan (maks. 15)")
        .unwrap_or_else(|| panic!("no part column in {header:?}"));
    assert_eq!(sheet.get_value((1, col as u32)), Some(&Data::Float(12.5)));
    assert_eq!(
        sheet.get_value((1, col as u32 + 1)),
        Some(&Data::Float(72.75))
    );
}

/// The same rows as Excel set to Indonesian saves them: `;`, decimal commas, CRLF and
/// a byte-order mark — read alike.
#[test]
fn a_csv_of_parts_from_an_indonesian_excel_reads_alike() {
    let instrument = parsed(&instrument());
    let csv = "\u{feff}agency;stage;judge;part;score\r\n\
               3601;presentasi;1;kehadiran;15\r\n\
               3601;presentasi;1;paparan;70,5\r\n";
    let read = kip_index::read_stage_scores(csv, Framing::Csv, &instrument);
    let [record] = read.as_slice() else {
        panic!("expected one entry, found {}", read.len());
    };
    let entry = record.value.as_ref().unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(record.line, Some(2));
    assert_eq!(entry.scores, [decimal("85.5")]);
    assert_eq!(entry.parts[1], ("paparan".to_owned(), decimal("70.5")));
}
