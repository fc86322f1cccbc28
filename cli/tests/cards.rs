//! Issue 25: a report card (*rapor*) for every body and the annex (*Lampiran*) as
//! commissions publish it — the library's cards worked out by hand, `kip cards` run as a
//! process on the bundled Banten batch (a folder of pages, one document printed by
//! headless Chromium at one A4 page per body, the JSON against its schema), hostile ids
//! and names, the commission's heading, and the annex of KI Pusat's 2024 provinces.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use kip_index::{
    Annex, AnnexRanks, Batch, Body, Instrument, Plan, ProblemKind, ReportCards, StageCounted,
    Submission,
};
use serde_json::{Value, json};

const BASE: &str = "examples/monev-2025";

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

fn kip(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn banten(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "cards".into(),
        format!("{BASE}/instrument.json"),
        format!("{BASE}/submissions/banten-kabkota.jsonl"),
        format!("{BASE}/submissions/banten-opd.json"),
        "--verification".into(),
        format!("{BASE}/verification.json"),
        "--stage-scores".into(),
        format!("{BASE}/stage-scores.json"),
        "--roster".into(),
        format!("{BASE}/roster.json"),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

fn run(args: &[String]) -> Output {
    kip(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The files directly in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------
// The library: figures worked out by hand.

/// One category of four cities, one indicator of four yes/no questions (each 25).
fn small() -> Instrument {
    let value = json!({
        "id": "kecil", "name": "Instrumen kecil",
        "categories": [ { "id": "pemkot", "name": "Pemerintah Kota" } ],
        "stages": [ { "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true } ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak", "name": "Tidak Informatif", "min": 0 }
        ],
        "indicators": [ { "id": "a", "name": "Keterbukaan", "weight": 100, "questions": [
            { "id": "Q1", "text": "Satu?", "kind": "yes_no" },
            { "id": "Q2", "text": "Dua?", "kind": "yes_no" },
            { "id": "Q3", "text": "Tiga?", "kind": "yes_no", "evidence": "required" },
            { "id": "Q4", "text": "Empat?", "kind": "yes_no" }
        ] } ]
    });
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

/// A city answering yes to the first `yes` questions (Q3 without its evidence).
fn city(id: &str, yes: usize) -> Submission {
    let answers: serde_json::Map<String, Value> = (1..=4)
        .map(|k| (format!("Q{k}"), json!({ "value": k <= yes })))
        .collect();
    let text = json!({
        "instrument": "kecil",
        "agency": { "id": id, "name": format!("Kota {id}"), "category": "pemkot" },
        "answers": answers
    });
    Submission::from_json(&text.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

#[test]
fn a_card_shows_the_category_median_and_best_and_ranks_of_n() {
    support::at_repository_root();
    let instrument = small();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    // Yes to 1, 2, 4 and 4 questions; Q3 has no evidence, so 4 yeses score 75:
    // scores 25, 50, 75, 75. Median of four: (50 + 75) / 2 = 62.50; best 75.00.
    let cities = [city("1", 1), city("2", 2), city("3", 4), city("4", 4)];
    let mut batch = Batch::new(&plan);
    for c in &cities {
        batch.add_submission(c.agency.id.clone(), c);
    }
    let results = batch.finish();
    let cards = ReportCards::new(&plan, &results);
    let card = cards
        .card(&Body::new(&cities[1]))
        .unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(card.final_score.rounded().to_string(), "50.00");
    assert_eq!(card.qualification_name, "Kurang Informatif");
    let a = &card.indicators[0];
    assert_eq!(
        a.category_median
            .map(|s| s.rounded().to_string())
            .as_deref(),
        Some("62.50")
    );
    assert_eq!(
        a.category_best.map(|s| s.rounded().to_string()).as_deref(),
        Some("75.00")
    );
    // Tied 3 and 4 share the first place: body 2 is third of four, in both scopes.
    assert_eq!(
        (
            card.rank.category,
            card.rank.category_of,
            card.rank.overall,
            card.rank.overall_of
        ),
        (Some(3), Some(4), 3, 4)
    );
    assert_eq!(card.category_name.as_deref(), Some("Pemerintah Kota"));
    assert_eq!(card.stages[0].counted, StageCounted::Scored);
    // The fixes: Q3 and Q4 to "ya" (Q3 with its evidence), each +25; both name the
    // answer now ("tidak").
    let fixes: Vec<(&str, &str, Option<&str>, bool)> = card
        .fixes
        .iter()
        .map(|f| {
            (
                f.fix.question.as_str(),
                f.fix.answer.as_str(),
                f.fix.answer_now.as_deref(),
                f.fix.with_evidence,
            )
        })
        .collect();
    assert_eq!(
        fixes,
        [
            ("Q3", "ya", Some("tidak"), true),
            ("Q4", "ya", Some("tidak"), false)
        ]
    );
    assert_eq!(
        card.fixes[1].fix.final_score.rounded().to_string(),
        "100.00"
    );
    assert_eq!(card.fixes[1].qualification_name, "Informatif");
    // Bodies 3 and 4 answered Q3 yes without evidence: named on their cards.
    let top = cards
        .card(&Body::new(&cities[2]))
        .unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(top.evidence_missing.len(), 1);
    assert_eq!(
        (
            top.evidence_missing[0].id.as_str(),
            top.evidence_missing[0].text.as_str()
        ),
        ("Q3", "Tiga?")
    );
}

#[test]
fn a_card_refuses_answers_other_than_those_scored() {
    support::at_repository_root();
    let instrument = small();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    batch.add_submission("1", &city("1", 1));
    let results = batch.finish();
    let cards = ReportCards::new(&plan, &results);
    // The same body with other answers: its advice would not be for the score shown.
    let other = city("1", 2);
    let report = cards.card(&Body::new(&other)).err().unwrap_or_default();
    assert_eq!(report.problems()[0].kind(), ProblemKind::Inconsistent);
    // A body the batch did not score.
    let stranger = city("9", 2);
    let report = cards.card(&Body::new(&stranger)).err().unwrap_or_default();
    assert_eq!(report.problems()[0].kind(), ProblemKind::UnknownReference);
    // From records read again: a rater's copy twice is left out, as the batch did.
    let copies = [city("1", 1), city("1", 1)];
    let made = cards.cards_for(&copies, &[], &[], None);
    assert_eq!(made.len(), 1);
    assert!(made[0].1.is_err(), "both copies were rejected: no answers");
}

/// KI Pusat's 2024 provinces: NTB 98,52 first; Aceh and Kalimantan Timur 98,31 sharing
/// the second place (SK 53/KEP/KIP/XII/2024, which amended Kaltim from 92,31); the
/// fourth place follows the shared second. The figures below the first three are made
/// up for the test (a fourth Informatif province, then Menuju and Cukup Informatif).
fn provinces_2024() -> (Instrument, Vec<Submission>) {
    let instrument = json!({
        "id": "monev-2024-pemprov", "name": "Monev KIP 2024 — Pemerintah Provinsi",
        "categories": [ { "id": "pemprov", "name": "Pemerintah Provinsi" } ],
        "stages": [ { "id": "nilai", "name": "Nilai", "weight": 100, "questionnaire": true } ],
        "qualifications": [
            { "id": "informatif", "name": "Informatif", "min": 90 },
            { "id": "menuju", "name": "Menuju Informatif", "min": 80 },
            { "id": "cukup", "name": "Cukup Informatif", "min": 60 },
            { "id": "kurang", "name": "Kurang Informatif", "min": 40 },
            { "id": "tidak", "name": "Tidak Informatif", "min": 0 }
        ],
        // One scale of 0–10000: a province's final is its answer / 100, exactly.
        "indicators": [ { "id": "nilai", "name": "Nilai", "weight": 100, "questions": [
            { "id": "N", "text": "Nilai akhir × 100", "kind": "scale", "min": 0, "max": 10000 }
        ] } ]
    });
    let instrument =
        Instrument::from_json(&instrument.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let provinces = [
        ("52", "Provinsi Nusa Tenggara Barat", 9852),
        ("64", "Provinsi Kalimantan Timur", 9831),
        ("11", "Provinsi Aceh", 9831),
        ("33", "Provinsi Jawa Tengah", 9790),
        ("35", "Provinsi Jawa Timur", 8758),
        ("91", "Provinsi Papua", 6120),
    ];
    let submissions = provinces
        .iter()
        .map(|(id, name, value)| {
            let text = json!({
                "instrument": "monev-2024-pemprov",
                "agency": { "id": id, "name": name, "category": "pemprov" },
                "answers": { "N": { "value": value } }
            });
            Submission::from_json(&text.to_string()).unwrap_or_else(|r| panic!("{r}"))
        })
        .collect();
    (instrument, submissions)
}

#[test]
fn the_annex_ranks_ki_pusat_2024_as_published() {
    support::at_repository_root();
    let (instrument, submissions) = provinces_2024();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    for s in &submissions {
        batch.add_submission(s.agency.id.clone(), s);
    }
    let results = batch.finish();
    let annex = Annex::of(&instrument, &results, AnnexRanks::TopQualification);
    let lines: Vec<(Option<usize>, &str, String)> = annex.categories[0]
        .entries
        .iter()
        .map(|e| {
            (
                e.rank,
                e.agency.name.as_str(),
                e.final_score
                    .map(|s| s.rounded().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (Some(1), "Provinsi Nusa Tenggara Barat", "98.52".to_owned()),
            (Some(2), "Provinsi Aceh", "98.31".to_owned()),
            (Some(2), "Provinsi Kalimantan Timur", "98.31".to_owned()),
            (Some(4), "Provinsi Jawa Tengah", "97.90".to_owned()),
            (None, "Provinsi Jawa Timur", "87.58".to_owned()),
            (None, "Provinsi Papua", "61.20".to_owned()),
        ]
    );
    // Every body ranked in the other layout.
    let all = Annex::of(&instrument, &results, AnnexRanks::All);
    let ranks: Vec<Option<usize>> = all.categories[0].entries.iter().map(|e| e.rank).collect();
    assert_eq!(
        ranks,
        [Some(1), Some(2), Some(2), Some(4), Some(5), Some(6)]
    );
}

#[test]
fn the_report_and_the_workbook_carry_the_annex() {
    support::at_repository_root();
    let (instrument, submissions) = provinces_2024();
    let dir = temp();
    let instrument_path = dir.path().join("instrument.json");
    let value = serde_json::to_string(&instrument).unwrap_or_default();
    std::fs::write(&instrument_path, value).unwrap_or_else(|e| panic!("{e}"));
    let lines: Vec<String> = submissions
        .iter()
        .map(|s| serde_json::to_string(s).unwrap_or_default())
        .collect();
    let batch = dir.path().join("provinsi.jsonl");
    std::fs::write(&batch, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    // A roster with one province that sent nothing: listed at the end, Tidak Dinilai.
    let roster = dir.path().join("roster.csv");
    let mut rows = String::from("id,name,category,region\n");
    for s in &submissions {
        rows.push_str(&format!("{},{},pemprov,\n", s.agency.id, s.agency.name));
    }
    rows.push_str("94,Provinsi Papua Barat,pemprov,\n");
    std::fs::write(&roster, rows).unwrap_or_else(|e| panic!("{e}"));
    let html = dir.path().join("lampiran.html");
    let out = kip(&[
        "report",
        &instrument_path.display().to_string(),
        &batch.display().to_string(),
        "--roster",
        &roster.display().to_string(),
        "--annex-ranks",
        "top",
        "--commission",
        "Komisi Informasi Pusat",
        "--decree",
        "Nomor 53/KEP/KIP/XII/2024",
        "-o",
        &html.display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&html);
    let annex = page
        .split("<section class=\"annex\" id=\"lampiran\">")
        .nth(1)
        .unwrap_or_else(|| panic!("no annex in the report"));
    assert!(annex.starts_with("<h2>Lampiran</h2>"));
    // The rank cells in order, as published: 1, 2, 2, 4, then no rank.
    let ranks: Vec<&str> = annex
        .split("<tr><td class=\"n\">")
        .skip(1)
        .map(|row| row.split('<').next().unwrap_or(""))
        .collect();
    assert_eq!(ranks, ["1", "2", "2", "4", "", "", ""]);
    let order: Vec<usize> = [
        "Nusa Tenggara Barat",
        "Provinsi Aceh",
        "Kalimantan Timur",
        "Jawa Tengah",
        "Jawa Timur",
        "Provinsi Papua</bdi>",
        "Papua Barat",
    ]
    .iter()
    .map(|name| annex.find(name).unwrap_or_else(|| panic!("{name} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "published order");
    for figure in [
        "98,52",
        "98,31",
        "97,90",
        "87,58",
        "61,20",
        "Menuju Informatif",
    ] {
        assert!(annex.contains(figure), "{figure}");
    }
    assert!(annex.contains("Tidak Dinilai"));
    assert!(page.contains("Komisi Informasi Pusat") && page.contains("Nomor 53/KEP/KIP/XII/2024"));

    // The same annex as a sheet of the workbook.
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let xlsx = dir.path().join("hasil.xlsx");
    let out = kip(&[
        "score",
        &instrument_path.display().to_string(),
        &batch.display().to_string(),
        "--annex-ranks",
        "top",
        "--commission",
        "Komisi Informasi Pusat",
        "--decree",
        "Nomor 53/KEP/KIP/XII/2024",
        "-o",
        &xlsx.display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book: Xlsx<_> = open_workbook(&xlsx).unwrap_or_else(|e| panic!("{e}"));
    let sheet = book
        .worksheet_range("Lampiran")
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Vec<Data>> = sheet.rows().map(<[Data]>::to_vec).collect();
    // The heading above the lists, then a blank row.
    assert_eq!(rows[0][0], Data::String("Komisi Informasi Pusat".into()));
    assert_eq!(
        rows[1][0],
        Data::String("Keputusan Nomor 53/KEP/KIP/XII/2024".into())
    );
    let rows = rows.get(3..).unwrap_or_default().to_vec();
    assert_eq!(rows[0][0], Data::String("Pemerintah Provinsi".into()));
    let ranks: Vec<Data> = rows.iter().skip(2).map(|r| r[0].clone()).collect();
    assert_eq!(
        ranks,
        [
            Data::Float(1.0),
            Data::Float(2.0),
            Data::Float(2.0),
            Data::Float(4.0),
            Data::Empty,
            Data::Empty
        ]
    );
    assert_eq!(rows[2][3], Data::Float(98.52));
}

// ---------------------------------------------------------------------------------
// `kip cards` on the bundled Banten batch.

/// Each body's id, name, final (decimal comma), qualification name and category rank,
/// from `kip score` of the same files.
fn banten_results() -> Vec<(String, String, String, String, u64, u64)> {
    let mut args = banten(&[]);
    args[0] = "score".into();
    let out = run(&args);
    let value: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}"));
    let instrument: Value =
        serde_json::from_str(&read(Path::new(&format!("{BASE}/instrument.json"))))
            .unwrap_or_default();
    let name_of = |id: &str| {
        instrument["qualifications"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|q| q["id"] == id)
            .and_then(|q| q["name"].as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let results = value["results"].as_array().cloned().unwrap_or_default();
    let of = |category: &Value| {
        results
            .iter()
            .filter(|r| r["agency"]["category"] == *category)
            .count() as u64
    };
    results
        .iter()
        .map(|r| {
            (
                r["agency"]["id"].as_str().unwrap_or_default().to_owned(),
                r["agency"]["name"].as_str().unwrap_or_default().to_owned(),
                // Two decimals as the results JSON writes them (serde_json reads 95.90 as
                // the float 95.9).
                format!("{:.2}", r["final"].as_f64().unwrap_or_default()).replace('.', ","),
                name_of(r["qualification"].as_str().unwrap_or_default()),
                r["rank"]["category"].as_u64().unwrap_or_default(),
                of(&r["agency"]["category"]),
            )
        })
        .collect()
}

#[test]
fn kip_cards_writes_an_index_and_a_card_per_body() {
    support::at_repository_root();
    let dir = temp();
    let out_dir = dir.path().join("rapor");
    let out = run(&banten(&[
        "-o",
        &out_dir.display().to_string(),
        "--commission",
        "Komisi Informasi Provinsi Banten",
        "--year",
        "2025",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = files_in(&out_dir);
    assert_eq!(files.len(), 21, "index.html and 20 cards: {files:?}");
    assert!(files.contains(&"index.html".to_owned()));
    let index = read(&out_dir.join("index.html"));
    let expected = banten_results();
    assert_eq!(expected.len(), 20);
    // Kota Tangerang as Banten published it.
    let tangerang = read(&out_dir.join("3671.html"));
    assert!(tangerang.contains("<div class=\"final\">96,33</div>"));
    assert!(tangerang.contains("Informatif"));
    for (id, name, final_score, qualification, rank, of) in &expected {
        let card = read(&out_dir.join(format!("{}.html", id.to_lowercase())));
        assert!(
            card.contains(&format!("<div class=\"final\">{final_score}</div>")),
            "{id}"
        );
        assert!(
            card.contains(&format!(
                "<div class=\"qualification\">{qualification}</div>"
            )),
            "{id}"
        );
        assert!(
            card.contains(&format!("Peringkat {rank} dari {of} dalam kategori")),
            "{id}: rank {rank} of {of}"
        );
        assert!(
            card.contains("Komisi Informasi Provinsi Banten"),
            "{id}: the heading"
        );
        assert!(
            card.contains("href=\"index.html\""),
            "{id}: back to the index"
        );
        // Below 100: at least one fix naming the answer to give.
        if final_score != "100,00" {
            let fixes = card
                .split("<table class=\"fixes\">")
                .nth(1)
                .unwrap_or_else(|| panic!("{id}: no fixes"));
            assert!(fixes.contains("<td><b>"), "{id}: a fix names its answer");
        }
        let link = format!("href=\"{}.html\"", id.to_lowercase());
        assert!(
            index.contains(&link) && index.contains(name.as_str()),
            "{id} in the index"
        );
    }
    // Nothing for people in English.
    assert!(!tangerang.contains("Final score") && tangerang.contains("Nilai akhir"));
    // Below the gate: 0,00*, and why.
    let dinkes = read(&out_dir.join("36-dinkes.html"));
    assert!(dinkes.contains(
        "0,00*</td><td class=\"note\">tidak mengikuti tahap ini: syarat belum terpenuhi \
         (syarat Self Assessment Questionnaire ≥ 85); dihitung 0 dalam nilai akhir"
    ));

    // Run again with an old page in the folder: it is left, and said.
    std::fs::write(out_dir.join("32-lama.html"), "lama").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&banten(&["-o", &out_dir.display().to_string()]));
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 halaman lain di folder ini bukan dari penilaian ini"),
        "{stderr}"
    );
    assert!(stderr.contains("`32-lama.html`"));
    assert_eq!(read(&out_dir.join("32-lama.html")), "lama");
    // A file where the folder should be is refused, named.
    let file = dir.path().join("hasil");
    std::fs::write(&file, "x").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&banten(&["-o", &file.display().to_string()]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("seharusnya folder"));
}

#[test]
fn kip_cards_prints_one_a4_page_per_body() {
    support::at_repository_root();
    let dir = temp();
    let document = dir.path().join("rapor.html");
    let out = run(&banten(&[
        "-o",
        &document.display().to_string(),
        "--commission",
        "Komisi Informasi Provinsi Banten",
        "--year",
        "2025",
        "--decree",
        "Nomor 12/KEP/KI-BTN/XII/2025",
        "--place-date",
        "Serang, 10 Desember 2025",
        "--signatory",
        "Dr. Nama Ketua, S.H., Ketua",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&document);
    assert_eq!(page.matches("<section class=\"card\">").count(), 20);
    for outside in ["<script", "<link", "@import", "url(", "http://", "https://"] {
        let outside_svg = page.replace("http://www.w3.org/2000/svg", "");
        assert!(
            !outside_svg.contains(outside),
            "the document must not hold {outside}"
        );
    }
    let pdf = dir.path().join("rapor.pdf");
    let Some(printed) = support::chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", document.display()),
        ],
        &dir.path().join("profile"),
    ) else {
        support::tool_missing("Chromium", "apt-get install chromium", "the printed cards");
        return;
    };
    assert!(
        printed.status.success(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    assert_eq!(support::pdf_pages(&bytes), 20, "one page per body");
}

#[test]
fn kip_cards_json_follows_its_schema_and_agency_picks_bodies() {
    support::at_repository_root();
    let dir = temp();
    let json_path = dir.path().join("rapor.json");
    let out = run(&banten(&[
        "-o",
        &json_path.display().to_string(),
        "--agency",
        "3671",
        "--agency",
        "36-dinkes",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cards: Value = serde_json::from_str(&read(&json_path)).unwrap_or_default();
    let cards = cards.as_array().cloned().unwrap_or_default();
    let ids: Vec<&str> = cards
        .iter()
        .filter_map(|c| c["agency"]["id"].as_str())
        .collect();
    assert_eq!(ids, ["3671", "36-dinkes"], "in rank order");
    assert_eq!(cards[0]["final"], json!(96.33));
    assert_eq!(cards[0]["qualification_name"], "Informatif");
    let schema = kip_index::schema::Format::ReportCard.schema();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    for card in &cards {
        let errors: Vec<String> = validator.iter_errors(card).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    // Dinkes (SAQ 68,56) is below the visitasi's gate (SAQ 85): it took no part, and
    // the instrument (absent_stage: zero) counts the stage 0 in its final.
    let visitasi = &cards[1]["stages"][1];
    assert_eq!(visitasi["counted"], "not_taken");
    assert_eq!(visitasi["counted_as_zero"], true);
    assert_eq!(visitasi["gate"], json!({ "stage": "saq", "min": 85 }));
    // Each stage says how it counted.
    for card in &cards {
        for stage in card["stages"].as_array().into_iter().flatten() {
            let counted = stage["counted"].as_str().unwrap_or_default();
            assert!(
                ["scored", "counted_as_zero", "reweighted", "not_taken"].contains(&counted),
                "{counted}"
            );
            assert_eq!(stage["score"].is_null(), counted != "scored");
        }
    }
    // An id that is not a scored body is said before anything is written.
    let nothing = dir.path().join("tidak.json");
    let out = run(&banten(&[
        "-o",
        &nothing.display().to_string(),
        "--agency",
        "9999",
    ]));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`9999`") && stderr.contains("tidak ada dalam penilaian"),
        "{stderr}"
    );
    assert!(!nothing.exists());
}

#[test]
fn kip_cards_speaks_english_on_request() {
    support::at_repository_root();
    let dir = temp();
    let document = dir.path().join("cards.html");
    let out = run(&banten(&[
        "-o",
        &document.display().to_string(),
        "--lang",
        "en",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&document);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<div class=\"final\">96.33</div>"));
    assert!(page.contains("What to fix first") && page.contains("Final score"));
    assert!(!page.contains("Nilai akhir"));
}

// ---------------------------------------------------------------------------------
// The commission's heading.

#[test]
fn the_letterhead_comes_from_a_toml_or_json_file_with_an_embedded_logo() {
    support::at_repository_root();
    let dir = temp();
    // The smallest PNG: a 1×1 pixel.
    let png: &[u8] = &[
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0x0a, 0x49, 0x44,
        0x41, 0x54, 0x78, 0x9c, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0d, 0x0a, 0x2d, 0xb4, 0, 0, 0, 0,
        0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
    ];
    std::fs::write(dir.path().join("logo.png"), png).unwrap_or_else(|e| panic!("{e}"));
    let toml = dir.path().join("kop.toml");
    std::fs::write(
        &toml,
        "commission = \"Komisi Informasi Provinsi Banten\"\nyear = 2025\n\
         decree = \"Nomor 7/KEP/KI-BTN/XII/2025\"\nplace_date = \"Serang, 10 Desember 2025\"\n\
         signatory = \"Ani Wijaya, Ketua\"\nlogo = \"logo.png\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let document = dir.path().join("a.html");
    let out = run(&banten(&[
        "-o",
        &document.display().to_string(),
        "--agency",
        "3671",
        "--letterhead",
        &toml.display().to_string(),
        // An option given as well wins over the file.
        "--year",
        "2025/2026",
    ]));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = read(&document);
    for text in [
        "Komisi Informasi Provinsi Banten",
        "Keterbukaan Informasi Publik <bdi>2025/2026</bdi>",
        "Keputusan <bdi>Nomor 7/KEP/KI-BTN/XII/2025</bdi>",
        "<bdi>Serang, 10 Desember 2025</bdi>",
        "<div><bdi>Ketua</bdi></div>",
        "Ani Wijaya",
        "src=\"data:image/png;base64,iVBORw0KGgo",
    ] {
        assert!(page.contains(text), "{text}");
    }
    // The same from JSON.
    let json_file = dir.path().join("kop.json");
    std::fs::write(
        &json_file,
        r#"{"commission": "KI Provinsi Jawa Barat", "year": "2025"}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run(&banten(&[
        "-o",
        &document.display().to_string(),
        "--agency",
        "3671",
        "--letterhead",
        &json_file.display().to_string(),
    ]));
    assert_eq!(out.status.code(), Some(0));
    assert!(read(&document).contains("KI Provinsi Jawa Barat"));
    // A logo that is not an image, and a letterhead with an unknown key: refused, named.
    let fake = dir.path().join("logo.png.html");
    std::fs::write(&fake, "<script>alert(1)</script>").unwrap_or_else(|e| panic!("{e}"));
    let out = run(&banten(&[
        "-o",
        &document.display().to_string(),
        "--logo",
        &fake.display().to_string(),
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("PNG, JPEG"));
    // A device says it holds nothing and never ends: read no further than the limit.
    if Path::new("/dev/zero").exists() {
        let out = run(&banten(&[
            "-o",
            &document.display().to_string(),
            "--logo",
            "/dev/zero",
        ]));
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("1 MiB"));
    }
    std::fs::write(&json_file, r#"{"comission": "typo"}"#).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&banten(&[
        "-o",
        &document.display().to_string(),
        "--letterhead",
        &json_file.display().to_string(),
    ]));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("comission"));
}

// ---------------------------------------------------------------------------------
// Hostile ids and names.

#[test]
fn hostile_ids_and_names_stay_inside_the_folder_as_text() {
    support::at_repository_root();
    let dir = temp();
    let long = "x".repeat(256);
    let ids = [
        "../x",
        "..",
        "A/B",
        "x:y",
        "con",
        "a",
        "A",
        "ñ",
        long.as_str(),
        "b\\c",
        ".",
        "index",
        "ciamis\u{202e}gnp.exe",
    ];
    let names = [
        "<script>alert(1)</script>",
        "Dinas & \"Kutip\" 'satu'",
        "Nama\u{1b}[31m merah",
        "<img src=x onerror=alert(1)>",
        "Biro \u{202e}Umum",
        "a",
        "A",
        "ñ",
        "panjang",
        "miring",
        "titik",
        "indeks",
        "Kabupaten Ciamis",
    ];
    let lines: Vec<String> = ids
        .iter()
        .zip(names)
        .map(|(id, name)| {
            json!({
                "instrument": "monev-kip-2025",
                "agency": { "id": id, "name": name, "category": "pemkot" },
                "answers": { "JI01": { "value": true } }
            })
            .to_string()
        })
        .collect();
    let batch = dir.path().join("jahat.jsonl");
    std::fs::write(&batch, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    let out_dir = dir.path().join("out").join("rapor");
    let out = kip(&[
        "cards",
        &format!("{BASE}/instrument.json"),
        &batch.display().to_string(),
        "--without-stage-scores",
        "-o",
        &out_dir.display().to_string(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every card directly inside the folder, nothing beside it or above it.
    assert_eq!(files_in(&dir.path().join("out")), ["rapor"]);
    let files = files_in(&out_dir);
    assert_eq!(files.len(), ids.len() + 1, "{files:?}");
    let lower: std::collections::BTreeSet<String> =
        files.iter().map(|f| f.to_lowercase()).collect();
    assert_eq!(lower.len(), files.len(), "unique ignoring case");
    for file in &files {
        assert!(
            file.ends_with(".html")
                && file.len() <= 100
                && file
                    .trim_end_matches(".html")
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c)),
            "a safe name: {file}"
        );
        let path = out_dir.join(file);
        assert!(path.is_file());
        let page = read(&path);
        assert!(
            !page.contains("<script") && !page.contains("<img src=x"),
            "{file}"
        );
        assert!(
            !page.contains('\u{1b}'),
            "{file}: control characters shown, not sent"
        );
    }
    // The same names every run, and each card its own body's (none overwritten).
    let again = dir.path().join("lagi");
    let out = kip(&[
        "cards",
        &format!("{BASE}/instrument.json"),
        &batch.display().to_string(),
        "--without-stage-scores",
        "-o",
        &again.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(files_in(&again), files);
    let cards: Vec<String> = files
        .iter()
        .filter(|f| *f != "index.html")
        .map(|f| read(&out_dir.join(f)))
        .collect();
    for shown in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "Dinas &amp; &quot;Kutip&quot; &#39;satu&#39;",
        "Nama␛[31m merah",
        "&lt;img src=x onerror=alert(1)&gt;",
        "<bdi>Biro \u{202e}Umum</bdi>",
        // An id's right-to-left override cannot turn the rest of its line around.
        "<bdi>ciamis\u{202e}gnp.exe</bdi>",
        // A body whose id is `index` keeps its card beside the folder's index.
        "<h2 class=\"body\"><bdi>indeks</bdi></h2>",
    ] {
        let on = cards.iter().filter(|c| c.contains(shown)).count();
        assert_eq!(on, 1, "{shown} on exactly one card");
    }
    let index = read(&out_dir.join("index.html"));
    assert_eq!(index.matches("<tr><td").count(), ids.len());
    assert!(
        index.contains("<section class=\"index\">"),
        "index.html is the index"
    );
}

#[test]
fn cards_are_not_written_over_an_input() {
    support::at_repository_root();
    let dir = temp();
    let copy = dir.path().join("batch.html");
    std::fs::copy(format!("{BASE}/submissions/banten-opd.json"), &copy)
        .unwrap_or_else(|e| panic!("{e}"));
    let out = kip(&[
        "cards",
        &format!("{BASE}/instrument.json"),
        &copy.display().to_string(),
        "--without-stage-scores",
        "-o",
        &copy.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let unchanged = std::fs::read(&copy).unwrap_or_default();
    let original = std::fs::read(format!("{BASE}/submissions/banten-opd.json")).unwrap_or_default();
    assert_eq!(unchanged, original);
}

/// KI Pusat 2025 announced NTB (87,58) as "fourth among the Menuju Informatif
/// provinces": listed by qualification, each province ranked within its own. Made-up
/// finals around NTB's published one: two Informatif provinces, then four Menuju
/// Informatif above and beside NTB's 87.58 (one tie), then one below.
#[test]
fn the_annex_by_qualification_puts_ntb_fourth_among_the_menuju_informatif() {
    support::at_repository_root();
    let (instrument, _) = provinces_2024();
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let provinces = [
        ("31", "Provinsi DKI Jakarta", 9540),
        ("36", "Provinsi Banten", 9210),
        ("32", "Provinsi Jawa Barat", 8910),
        ("51", "Provinsi Bali", 8845),
        ("13", "Provinsi Sumatera Barat", 8845),
        ("52", "Provinsi Nusa Tenggara Barat", 8758),
        ("53", "Provinsi Nusa Tenggara Timur", 8500),
    ];
    for (id, name, value) in provinces {
        let text = json!({
            "instrument": "monev-2024-pemprov",
            "agency": { "id": id, "name": name, "category": "pemprov" },
            "answers": { "N": { "value": value } }
        });
        let submission = Submission::from_json(&text.to_string()).unwrap_or_else(|r| panic!("{r}"));
        batch.add_submission(id, &submission);
    }
    let results = batch.finish();
    let annex = Annex::of(&instrument, &results, AnnexRanks::ByQualification);
    let lines: Vec<(Option<usize>, &str)> = annex.categories[0]
        .entries
        .iter()
        .map(|e| (e.rank, e.agency.name.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (Some(1), "Provinsi DKI Jakarta"),
            (Some(2), "Provinsi Banten"),
            (Some(1), "Provinsi Jawa Barat"),
            // Tied: listed by agency id (13 before 51).
            (Some(2), "Provinsi Sumatera Barat"),
            (Some(2), "Provinsi Bali"),
            (Some(4), "Provinsi Nusa Tenggara Barat"),
            (Some(5), "Provinsi Nusa Tenggara Timur"),
        ]
    );
    let ntb = results.results.iter().find(|c| c.agency.id == "52");
    assert_eq!(
        ntb.and_then(|c| c.rank)
            .map(|r| (r.overall, r.qualification)),
        Some((6, 4))
    );
}
