//! Decrees and amendments (SPEC 3, *Decrees and amendments*): KI Pusat's SK
//! 53/KEP/KIP/XII/2024 amended SK 52 after a "kesalahan teknis perhitungan": Kalimantan
//! Timur 92,31 → 98,31, rank 19 → 2 (shared with Aceh), every province in between one
//! rank down. Reproduced on the top of the 2024 provinces table (NTB 98,52, Aceh 98,31,
//! Jawa Tengah 97,90 as published; fifteen provinces in between made up for the test).

mod support;

use support::{kip, text};

use std::path::Path;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn instrument() -> Value {
    json!({
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
        "indicators": [ { "id": "nilai", "name": "Nilai", "weight": 100, "questions": [
            { "id": "N", "text": "Nilai akhir × 100", "kind": "scale", "min": 0, "max": 10000 }
        ] } ]
    })
}

/// The provinces, each final × 100, with Kalimantan Timur's as given.
fn provinces(kaltim: u32) -> String {
    let mut all: Vec<(String, String, u32)> = vec![
        ("52".into(), "Provinsi Nusa Tenggara Barat".into(), 9852),
        ("11".into(), "Provinsi Aceh".into(), 9831),
        ("33".into(), "Provinsi Jawa Tengah".into(), 9790),
        ("64".into(), "Provinsi Kalimantan Timur".into(), kaltim),
        ("35".into(), "Provinsi Jawa Timur".into(), 8758),
    ];
    // Fifteen provinces between Jawa Tengah and SK 52's Kalimantan Timur: 97,75 down to
    // 92,85, so that Kalimantan Timur was 19th.
    for k in 0..15u32 {
        all.push((
            format!("9{k:02}"),
            format!("Provinsi Uji {k}"),
            9775 - 35 * k,
        ));
    }
    all.iter()
        .map(|(id, name, value)| {
            json!({
                "instrument": "monev-2024-pemprov",
                "agency": { "id": id, "name": name, "category": "pemprov" },
                "answers": { "N": { "value": value } }
            })
            .to_string()
                + "\n"
        })
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.to_str().unwrap_or("").to_owned()
}

#[test]
fn sk_53_amends_sk_52_listing_exactly_the_provinces_that_moved() {
    support::at_repository_root();
    let dir = support::Scratch::new("decree");
    let instrument = write(&dir, "instrument.json", &instrument().to_string());
    let sk52 = write(&dir, "sk52.jsonl", &provinces(9231));
    let sk53 = write(&dir, "sk53.jsonl", &provinces(9831));
    let old = dir.join("sk52.json");
    let old = old.to_str().unwrap_or("");
    let out = kip(&[
        "score",
        &instrument,
        &sk52,
        "--decree",
        "52/KEP/KIP/XII/2024",
        "--decree-date",
        "2024-12-19",
        "-o",
        old,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let published: Value =
        serde_json::from_str(&std::fs::read_to_string(old).unwrap_or_default()).unwrap_or_default();
    assert_eq!(
        published["decree"],
        json!({ "number": "52/KEP/KIP/XII/2024", "date": "2024-12-19" })
    );
    let kaltim_before = (published["results"].as_array().into_iter().flatten())
        .find(|r| r["agency"]["id"] == "64")
        .map(|r| r["rank"]["overall"].clone());
    assert_eq!(kaltim_before, Some(json!(19)));
    // SK 53, amending SK 52.
    let reason = "kesalahan teknis perhitungan";
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--decree",
        "53/KEP/KIP/XII/2024",
        "--amends",
        old,
        "--reason",
        reason,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let results: Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    let amendment = &results["amendment"];
    assert_eq!(amendment["amends"], json!("52/KEP/KIP/XII/2024"));
    assert_eq!(amendment["reason"], json!(reason));
    let digest: String = Sha256::digest(std::fs::read(old).unwrap_or_default())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(amendment["amends_sha256"], json!(digest));
    // Exactly the bodies that moved: Kalimantan Timur, Jawa Tengah and the fifteen in
    // between (each one rank down), by id; NTB, Aceh and Jawa Timur did not move.
    let moved: Vec<&str> = (amendment["changes"].as_array().into_iter().flatten())
        .filter_map(|c| c["agency"].as_str())
        .collect();
    let mut expected: Vec<String> = vec!["33".into(), "64".into()];
    expected.extend((0..15).map(|k| format!("9{k:02}")));
    expected.sort();
    assert_eq!(moved, expected);
    let kaltim = (amendment["changes"].as_array().into_iter().flatten())
        .find(|c| c["agency"] == "64")
        .cloned()
        .unwrap_or_default();
    assert_eq!(kaltim["before"]["final"], json!(92.31));
    assert_eq!(kaltim["before"]["rank"], json!(19));
    assert_eq!(kaltim["after"]["final"], json!(98.31));
    assert_eq!(kaltim["after"]["rank"], json!(2));
    // Every province here is Informatif: the rank within the qualification moves alike.
    assert_eq!(kaltim["before"]["rank_qualification"], json!(19));
    assert_eq!(kaltim["after"]["rank_qualification"], json!(2));
    let jateng = (amendment["changes"].as_array().into_iter().flatten())
        .find(|c| c["agency"] == "33")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            jateng["before"]["rank"].clone(),
            jateng["after"]["rank"].clone()
        ),
        (json!(3), json!(4))
    );
    let top: Vec<u64> = (results["results"].as_array().into_iter().flatten())
        .take(5)
        .filter_map(|r| r["rank"]["overall"].as_u64())
        .collect();
    assert_eq!(top, [1, 2, 2, 4, 5]);
    // The table says it in its first lines.
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--decree",
        "53/KEP/KIP/XII/2024",
        "--decree-date",
        "2024-12-20",
        "--amends",
        old,
        "--reason",
        reason,
        "--format",
        "table",
    ]);
    let table = text(&out.stdout);
    assert!(
        table.contains("Keputusan 53/KEP/KIP/XII/2024 (2024-12-20)"),
        "{table}"
    );
    assert!(
        table.contains("Mengubah keputusan 52/KEP/KIP/XII/2024: 17 badan publik berubah (alasan: kesalahan teknis perhitungan)"),
        "{table}"
    );
    // The report's Lampiran Perubahan: 92,31 → 98,31 and 19 → 2 in Kaltim's row.
    let page = dir.join("laporan.html");
    let out = kip(&[
        "report",
        &instrument,
        &sk53,
        "--decree",
        "53/KEP/KIP/XII/2024",
        "--amends",
        old,
        "--reason",
        reason,
        "-o",
        page.to_str().unwrap_or(""),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(html.contains("<h2>Lampiran Perubahan</h2>"), "{html}");
    assert!(html.contains("Keputusan <bdi>53/KEP/KIP/XII/2024</bdi>"));
    let row = html
        .lines()
        .find(|l| l.contains("data-agency=\"64\"") && l.contains("92,31"))
        .unwrap_or_default();
    assert!(
        row.contains("<td>92,31</td><td>Informatif</td><td>19</td><td>98,31</td><td>Informatif</td><td>2</td>"),
        "{row}"
    );
    assert!(html.contains(&format!(
        "Mengubah keputusan 52/KEP/KIP/XII/2024 · Alasan: {reason} · SHA-256 {digest}"
    )));
    // Kalimantan Timur's card says how the amendment changed it.
    let cards = dir.join("rapor.json");
    let out = kip(&[
        "cards",
        &instrument,
        &sk53,
        "--decree",
        "53/KEP/KIP/XII/2024",
        "--amends",
        old,
        "--reason",
        reason,
        "--agency",
        "64",
        "-o",
        cards.to_str().unwrap_or(""),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let card: Value = serde_json::from_str(&std::fs::read_to_string(&cards).unwrap_or_default())
        .unwrap_or_default();
    let amended = &card[0]["amended"];
    assert_eq!(amended["amends"], json!("52/KEP/KIP/XII/2024"), "{card}");
    assert_eq!(
        (
            amended["before"]["final"].clone(),
            amended["after"]["final"].clone()
        ),
        (json!(92.31), json!(98.31))
    );
    let page = dir.join("rapor.html");
    let out = kip(&[
        "cards",
        &instrument,
        &sk53,
        "--amends",
        old,
        "--reason",
        reason,
        "--agency",
        "64",
        "-o",
        page.to_str().unwrap_or(""),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(
        html.contains("Mengubah keputusan <bdi>52/KEP/KIP/XII/2024</bdi></b>: 92,31, peringkat keseluruhan 19 → 98,31, peringkat keseluruhan 2"),
        "{html}"
    );
    // And the workbook's sheet of the same.
    let book = dir.join("hasil.xlsx");
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--amends",
        old,
        "--reason",
        reason,
        "-o",
        book.to_str().unwrap_or(""),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(support::zip_part(&book, "xl/workbook.xml").contains("name=\"Perubahan\""));
}

#[test]
fn what_cannot_be_amended_is_said_and_stops_the_run() {
    support::at_repository_root();
    let dir = support::Scratch::new("decree-refused");
    let instrument = write(&dir, "instrument.json", &instrument().to_string());
    let sk53 = write(&dir, "sk53.jsonl", &provinces(9831));
    // Results of another instrument.
    let other = write(
        &dir,
        "lain.json",
        r#"{"instrument": "monev-kip-2025", "results": []}"#,
    );
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--amends",
        &other,
        "--reason",
        "uji",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains(
            "seharusnya hasil instrumen `monev-2024-pemprov` yang diubah, ternyata `monev-kip-2025`"
        ),
        "{}",
        text(&out.stderr)
    );
    // Not JSON at all, and an amendment without its reason.
    let broken = write(&dir, "rusak.json", "{ \"results\": [ ");
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--amends",
        &broken,
        "--reason",
        "uji",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("rusak.json"),
        "{}",
        text(&out.stderr)
    );
    // A key twice in a result: which final was published is not guessed.
    let twice = write(
        &dir,
        "ganda.json",
        r#"{"instrument": "monev-2024-pemprov", "results": [
            {"agency": {"id": "64", "name": "Provinsi Kalimantan Timur"},
             "final": 10.00, "final": 92.31, "qualification": "informatif"}]}"#,
    );
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--amends",
        &twice,
        "--reason",
        "uji",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("seharusnya setiap kunci sekali dalam satu hasil, ternyata `final` dua kali"),
        "{}",
        text(&out.stderr)
    );
    // A result without its final is named in Indonesian, as every problem is.
    let bare = write(
        &dir,
        "tanpa-nilai.json",
        r#"{"instrument": "monev-2024-pemprov", "results": [
            {"agency": {"id": "64", "name": "Provinsi Kalimantan Timur"}, "qualification": "informatif"}]}"#,
    );
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--amends",
        &bare,
        "--reason",
        "uji",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr)
            .contains("seharusnya hasil dengan `agency.id`, `agency.name`, `final` berupa angka"),
        "{}",
        text(&out.stderr)
    );
    // A date without a decree number (given empty) is not dropped silently.
    let out = kip(&[
        "score",
        &instrument,
        &sk53,
        "--decree",
        " ",
        "--decree-date",
        "2024-12-20",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--decree-date memerlukan nomor keputusan"),
        "{}",
        text(&out.stderr)
    );
    let out = kip(&["score", &instrument, &sk53, "--amends", &other]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--reason"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_decree_date_that_is_no_date_and_an_empty_reason_are_refused() {
    for (args, said) in [
        (
            vec!["--decree", "X", "--decree-date", "2025-13-45"],
            "seharusnya tanggal TTTT-BB-HH (2024-12-20), ternyata `2025-13-45`",
        ),
        (
            vec!["--decree", "X", "--decree-date", "2025-02-29"],
            "ternyata `2025-02-29`",
        ),
        (
            vec![
                "--amends",
                "examples/monev-2025/roster.json",
                "--reason",
                "  ",
            ],
            "seharusnya alasan perubahan",
        ),
    ] {
        let mut all = vec![
            "score",
            "examples/monev-2025/instrument.json",
            "examples/monev-2025/submissions/banten-kabkota.jsonl",
            "--without-stage-scores",
        ];
        all.extend(args);
        let out = support::kip(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(
            support::text(&out.stderr).contains(said),
            "{}",
            support::text(&out.stderr)
        );
    }
}
