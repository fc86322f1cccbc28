//! `kip progress` as a commission runs it on `examples/progress-2025`: six bodies under
//! two superiors, one in each state (the states worked out by hand in
//! `tests/progress.rs`), in every output; the HTML printed by Chromium has one page per
//! superior.

mod support;

use serde_json::Value;

const BASE: &str = "examples/progress-2025";

fn args(extra: &[&str]) -> Vec<String> {
    let mut args = vec![
        "progress".to_owned(),
        format!("{BASE}/instrument.json"),
        format!("{BASE}/submissions.jsonl"),
        "--roster".to_owned(),
        format!("{BASE}/roster.csv"),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    args
}

fn kip(extra: &[&str]) -> std::process::Output {
    let args = args(extra);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    support::kip(&refs)
}

#[test]
fn piped_it_writes_json_with_each_state_and_the_counts_per_superior() {
    let out = kip(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let state = |id: &str| {
        (json["bodies"].as_array().into_iter().flatten())
            .find(|b| b["id"] == id)
            .map(|b| b["state"].as_str().unwrap_or_default().to_owned())
    };
    for (id, expected) in [
        ("36-diskominfo", "complete"),
        ("36-dinkes", "draft"),
        ("36-bpkad", "rejected"),
        ("3601-disdik", "draft"),
        ("3601-dpmptsp", "late"),
        ("3601-bappeda", "not_received"),
    ] {
        assert_eq!(state(id).as_deref(), Some(expected), "{id}");
    }
    let gubernur = &json["by_superior"]["Gubernur Banten"];
    let bupati = &json["by_superior"]["Bupati Pandeglang"];
    for (counts, due, nr, draft, complete, rejected, late) in
        [(gubernur, 3, 0, 1, 1, 1, 0), (bupati, 3, 1, 1, 0, 0, 1)]
    {
        assert_eq!(counts["due"], due);
        assert_eq!(counts["not_received"], nr);
        assert_eq!(counts["draft"], draft);
        assert_eq!(counts["complete"], complete);
        assert_eq!(counts["rejected"], rejected);
        assert_eq!(counts["late"], late);
    }
    let stderr = support::text(&out.stderr);
    assert!(
        stderr.contains(
            "6 badan publik wajib: belum mengirim 1, draf 2, lengkap 1, ditolak 1, terlambat 1"
        ),
        "{stderr}"
    );
}

#[test]
fn the_table_names_what_each_body_lacks_in_either_language() {
    let out = kip(&["--format", "table"]);
    let table = support::text(&out.stdout);
    for line in [
        "belum dijawab 1 dari 4: PL02",
        "tanpa data dukung: PL01",
        "submissions.jsonl:4 /answers/DG02/value: seharusnya angka 1 sampai 5, ternyata 7",
        "belum mengirim SAQ",
        "Perangkat Daerah Provinsi",
    ] {
        assert!(table.contains(line), "{line} missing in:\n{table}");
    }
    let out = kip(&["--format", "table", "--lang", "en"]);
    let table = support::text(&out.stdout);
    assert!(table.contains("unanswered 1 of 4: PL02"), "{table}");
    assert!(table.contains("expected a number from 1 to 5"), "{table}");
}

#[test]
fn csv_and_workbook_hold_every_body_due() {
    let dir = support::Scratch::new("progress-files");
    let csv = dir.join("kemajuan.csv");
    let out = kip(&["-o", &csv.display().to_string(), "--csv-locale", "id"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out.stderr));
    let text = std::fs::read_to_string(&csv).unwrap_or_default();
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(
        text.contains(";draft;Draf;3;4;PL02;;;;belum dijawab 1 dari 4: PL02"),
        "{text}"
    );
    assert!(
        text.contains(";late;Terlambat;;;;;2025-10-02T08:00:00+07:00;;terlambat"),
        "{text}"
    );

    let book = dir.join("kemajuan.xlsx");
    let out = kip(&["-o", &book.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out.stderr));
    let sheets = support::zip_part(&book, "xl/workbook.xml");
    for name in ["Kemajuan", "Per atasan", "Per kategori"] {
        assert!(sheets.contains(name), "{name}: {sheets}");
    }
    let strings = support::zip_part(&book, "xl/sharedStrings.xml");
    assert!(
        strings.contains("belum dijawab 1 dari 4: PL02"),
        "{strings}"
    );
}

#[test]
fn the_html_prints_one_page_per_superior_under_the_heading() {
    let dir = support::Scratch::new("progress-html");
    let page = dir.join("kemajuan.html");
    let out = kip(&[
        "-o",
        &page.display().to_string(),
        "--commission",
        "Komisi Informasi Provinsi Banten",
        "--decree",
        "Nomor 1/KEP/2025",
        "--place-date",
        "Serang, 29 September 2025",
        "--signatory",
        "Nama Ketua, Ketua",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert_eq!(html.matches("<section class=\"letter\">").count(), 2);
    assert!(html.contains("Komisi Informasi Provinsi Banten"));
    // A letter on participation is under no decree.
    assert!(!html.contains("Nomor 1/KEP/2025"));
    // The complete body is on no list; the five others are.
    assert!(!html.contains(">Dinas Komunikasi dan Informatika Provinsi Banten<"));
    for id in [
        "36-dinkes",
        "36-bpkad",
        "3601-disdik",
        "3601-dpmptsp",
        "3601-bappeda",
    ] {
        assert!(html.contains(id), "{id}");
    }
    let pdf = dir.join("kemajuan.pdf");
    let Some(printed) = support::chromium(
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", page.display()),
        ],
        &dir.join("profile"),
    ) else {
        support::tool_missing("Chromium", "apt-get install chromium", "the printed pages");
        return;
    };
    assert!(
        printed.status.success(),
        "{}",
        support::text(&printed.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap_or_default();
    assert_eq!(support::pdf_pages(&bytes), 2, "one page per superior");
}

#[test]
fn without_a_roster_or_with_a_broken_one_it_does_not_run() {
    support::at_repository_root();
    let out = support::kip(&[
        "progress",
        &format!("{BASE}/instrument.json"),
        &format!("{BASE}/submissions.jsonl"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let dir = support::Scratch::new("progress-roster");
    let roster = dir.join("roster.csv");
    let text = "id,name,category\n36-a,Dinas A,opd_prov\n36-a,Dinas A lagi,opd_prov\n";
    std::fs::write(&roster, text).unwrap_or_else(|e| panic!("{e}"));
    let out = support::kip(&[
        "progress",
        &format!("{BASE}/instrument.json"),
        "--roster",
        &roster.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = support::text(&out.stderr);
    assert!(stderr.contains("`36-a` lagi"), "{stderr}");
    // `kip validate` names the same body twice, at its line, as the batch refuses it.
    let out = support::kip(&[
        "validate",
        &format!("{BASE}/instrument.json"),
        "--roster",
        &roster.display().to_string(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let said = support::text(&out.stdout);
    assert!(
        said.contains("roster.csv:3:/1/id: seharusnya setiap badan publik sekali"),
        "{said}"
    );
}

/// What a tester found, each held: the counts per superior add up (the bodies with none
/// a row and a JSON key of their own); a rater's rejected copy is said where people read;
/// a record that names no body is in the table and the workbook; an empty roster is a
/// roster; a roster saved by Excel with a title and empty rows is read; `kip validate`
/// reads a workbook roster; an unknown output extension is refused; the CSV has a
/// byte-order mark and the state's name.
#[test]
fn what_a_tester_found_is_held() {
    let dir = support::Scratch::new("progress-found");
    let path = |name: &str| dir.join(name).display().to_string();
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    let instrument = format!("{BASE}/instrument.json");
    // Excel's `;` CSV, CRLF: a title, an empty row, a body with no superior.
    write(
        "daftar.csv",
        "Daftar Badan Publik 2025;;;;;\r\n;;;;;\r\nid;name;category;region;superior;contact\r\n\
         36-a;Dinas A;opd_prov;36;Gubernur Banten;\r\n;;;;;\r\n36-b;Dinas B;opd_prov;36;;\r\n",
    );
    let line = |id: &str, rater: &str, answers: &str| {
        format!(
            "{{\"instrument\":\"monev-opd-2025\",\"agency\":{{\"id\":\"{id}\",\"name\":\"Dinas\",\
             \"category\":\"opd_prov\"}},\"rater\":\"{rater}\",\"submitted_at\":\
             \"2025-09-20T10:00:00+07:00\",\"answers\":{answers}}}\n"
        )
    };
    // `kip progress` on the two files above, with `extra` options.
    let progress = |extra: &[&str]| {
        let (sent, roster) = (path("masuk.jsonl"), path("daftar.csv"));
        let mut args = vec![
            "progress",
            instrument.as_str(),
            sent.as_str(),
            "--roster",
            roster.as_str(),
        ];
        args.extend(extra);
        support::kip(&args)
    };
    let full = "{\"DG01\":{\"value\":true,\"evidence\":[\"https://a\"]},\"DG02\":{\"value\":4},\
                \"PL01\":{\"value\":true,\"evidence\":[\"https://b\"]},\"PL02\":{\"value\":90}}";
    let text = line("36-a", "r1", full)
        + &line("36-a", "r2", "{\"DG02\":{\"value\":9}}")
        + "{\"instrument\": \"monev-opd-2025\", \"agen\n";
    write("masuk.jsonl", &text);
    let out = progress(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(json["by_superior"]["Gubernur Banten"]["due"], 1);
    assert_eq!(json["without_superior"]["due"], 1);
    assert_eq!(json["without_superior"]["not_received"], 1);
    let a = &json["bodies"][0];
    assert_eq!(a["state"], "complete", "scored on r1's copy: {a}");
    let lacks = a["lacks"].as_str().unwrap_or_default();
    assert!(lacks.starts_with("satu pengajuan ditolak: "), "{lacks}");
    assert!(
        lacks.contains("masuk.jsonl:2 /answers/DG02/value"),
        "{lacks}"
    );
    assert_eq!(
        json["unplaced"][0]["source"],
        format!("{}:3", path("masuk.jsonl"))
    );
    // The table names the rejected copy, the row with no superior, the record unplaced.
    let out = progress(&["--format", "table"]);
    let table = support::text(&out.stdout);
    for said in [
        "satu pengajuan ditolak",
        "Tanpa atasan",
        "Tidak dikenali:",
        "masuk.jsonl:3",
    ] {
        assert!(table.contains(said), "{said}:\n{table}");
    }
    // The letter lists the body with a rejected copy, though it is complete.
    let page = path("surat.html");
    let out = progress(&["-o", &page]);
    assert_eq!(out.status.code(), Some(0), "{}", support::text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(html.contains("Content-Security-Policy"));
    assert!(
        html.contains(">36-a<"),
        "the body with a rejected copy is listed"
    );
    // CSV: a byte-order mark, the state's name.
    let out = progress(&["--format", "csv"]);
    let csv = support::text(&out.stdout);
    assert!(
        csv.starts_with("\u{feff}id,name,category,category_name,"),
        "{csv}"
    );
    assert!(csv.contains(",not_received,Belum mengirim,"), "{csv}");
    // An empty roster is a roster: the body that sent is off it, nothing is due.
    write("kosong.csv", "id,name,category,region,superior,contact\n");
    let out = support::kip(&[
        "progress",
        &instrument,
        &path("masuk.jsonl"),
        "--roster",
        &path("kosong.csv"),
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(json["total"]["due"], 0);
    assert_eq!(json["not_on_roster"][0]["id"], "36-a");
    // An output named for no format is refused, not filled with JSON.
    let out = support::kip(&[
        "progress",
        &instrument,
        "--roster",
        &path("daftar.csv"),
        "-o",
        &path("kemajuan.pdf"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(support::text(&out.stderr).contains("tidak tahu format untuk `.pdf`"));
    assert!(!dir.join("kemajuan.pdf").exists());
}

/// The second tester's finding, held: one superior written with two spaces or in
/// another case is one superior (one letter), the other spelling said.
#[test]
fn a_superior_spelled_twice_is_one() {
    let dir = support::Scratch::new("progress-spelled");
    let roster = dir.join("daftar.csv");
    let text = "id,name,category,region,superior\n36-a,A,opd_prov,36,Gubernur Banten\n\
                36-b,B,opd_prov,36,Gubernur  Banten\n36-c,C,opd_prov,36,gubernur banten\n";
    std::fs::write(&roster, text).unwrap_or_else(|e| panic!("{e}"));
    let roster = roster.display().to_string();
    let out = support::kip(&[
        "progress",
        &format!("{BASE}/instrument.json"),
        "--roster",
        &roster,
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(json["by_superior"]["Gubernur Banten"]["due"], 3, "{json}");
    assert_eq!(json["by_superior"].as_object().map(|o| o.len()), Some(1));
    let warned = json["warnings"].to_string();
    assert!(
        warned.contains("`gubernur banten` dibaca sebagai `Gubernur Banten`"),
        "{warned}"
    );
}
