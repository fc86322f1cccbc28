//! The HTML report and the Excel workbook, opened by real programs: headless Chromium
//! renders the page (text, SVG charts, a screenshot under `target/`), and calamine reads
//! the workbook back.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook};

const BASE: &str = "examples/monev-2025";

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn kip(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn banten(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
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

#[test]
fn the_html_report_renders_in_chromium_with_its_tables_and_charts() {
    support::at_repository_root();
    let dir = out_dir();
    let html = dir.join("banten.html");
    let mut args = vec!["report".to_owned()];
    args.extend(banten(&["-o", &html.display().to_string()]));
    kip(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let page = std::fs::read_to_string(&html).unwrap_or_default();
    // Self-contained: nothing fetched, nothing run.
    for outside in ["<script", "<link", " src=", "@import", "url("] {
        assert!(
            !page.contains(outside),
            "the page must not contain {outside}"
        );
    }
    let profile = dir.join("chromium-profile");
    let url = format!("file://{}", html.display());
    let Some(dom) = support::chromium(&["--dump-dom", &url], &profile) else {
        support::tool_missing(
            "Chromium",
            "apt-get install chromium",
            "the page as rendered",
        );
        assert!(page.contains("<svg"));
        return;
    };
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    // The rendered page: every category's ranking and chart, the bodies, the lists.
    // Banten has regencies, cities and offices (no province body): three charts.
    assert_eq!(
        dom.matches("<svg").count(),
        3,
        "one chart per category with bodies"
    );
    for text in [
        "Pemerintah Kota Tangerang",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian Provinsi Banten",
        "Menuju Informatif",
        "Tidak Dinilai",
        "Dinas Tenaga Kerja dan Transmigrasi Provinsi Banten",
        // Numbers with the decimal comma of an Indonesian page.
        "96,33",
        // Indonesian headings, both ranks, counts that add up, statistics, the legend
        // of a stage counted 0 (the bodies below the visitasi's gate), provenance.
        "Peringkat kategori",
        "Peringkat keseluruhan",
        "Nilai akhir",
        "Wajib 4 · Dinilai 4 · Ditolak 0 · Tidak Dinilai 0",
        "Rata-rata 80,94 · Median 95,34 · Terendah 36,75 · Tertinggi 96,33",
        "0,00*",
        "0* : tidak ada nilai tahap ini (tidak diikuti, atau syaratnya tidak terpenuhi); menurut instrumen dihitung 0 dalam nilai akhir",
        "Berkas masukan",
        "examples/monev-2025/roster.json",
        "Dibuat ",
    ] {
        assert!(dom.contains(text), "the rendered page lacks {text}");
    }
    assert!(dom.contains("<html lang=\"id\">"));
    // Nothing may be fetched or run (issue 24): the page's Content-Security-Policy.
    assert!(
        page.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"")
    );
    assert!(
        !dom.contains("Not assessed"),
        "no English left on an Indonesian page"
    );
    // Each input's SHA-256, as `sha256sum` would print it.
    let roster = std::fs::read(format!("{BASE}/roster.json")).unwrap_or_default();
    assert!(dom.contains(&sha256_hex(&roster)), "the roster's checksum");
    // A screenshot for people to look at.
    let png = dir.join("banten.png");
    let shot = format!("--screenshot={}", png.display());
    let taken = support::chromium(&[&shot, "--window-size=1400,2400", &url], &profile);
    assert!(taken.is_some_and(|o| o.status.success()));
    let bytes = std::fs::read(&png).unwrap_or_default();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
        "a real screenshot"
    );
}

#[test]
fn the_workbook_reads_back_with_numbers_as_numbers() {
    support::at_repository_root();
    let dir = out_dir();
    let path = dir.join("banten.xlsx");
    let mut args = vec!["score".to_owned()];
    args.extend(banten(&[
        "--format",
        "xlsx",
        "--output",
        &path.display().to_string(),
    ]));
    kip(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let mut book: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{e}"));
    // Names, not ids: no sheet for a category with no body (no province here), the
    // annex as a decree publishes it, one for the body not assessed; Indonesian headings.
    assert_eq!(
        book.sheet_names(),
        [
            "Ringkasan",
            "Pemerintah Kabupaten",
            "Pemerintah Kota",
            "Organisasi Perangkat Daerah Pro",
            "Lampiran",
            "Tidak Dinilai"
        ]
    );
    let pemkot = book
        .worksheet_range("Pemerintah Kota")
        .unwrap_or_else(|e| panic!("{e}"));
    let cell = |row: u32, col: u32| pemkot.get_value((row, col)).cloned().unwrap_or(Data::Empty);
    assert_eq!(cell(0, 7), Data::String("Nilai akhir".into()));
    assert_eq!(
        cell(0, 3),
        Data::String("Peringkat dalam kualifikasi".into())
    );
    // Kota Tangerang: first overall, in its category and among its category's
    // Informatif bodies, 96.33, Informatif.
    assert_eq!(cell(1, 0), Data::Float(1.0));
    assert_eq!(cell(1, 3), Data::Float(1.0));
    assert_eq!(cell(1, 4), Data::String("3671".into()));
    assert_eq!(cell(1, 7), Data::Float(96.33));
    assert_eq!(cell(1, 8), Data::String("Informatif".into()));
    let summary = book
        .worksheet_range("Ringkasan")
        .unwrap_or_else(|e| panic!("{e}"));
    // pemkot: due 4, scored 4 (row 3: pemprov, pemkab, then pemkot).
    assert_eq!(
        summary.get_value((3, 0)).cloned(),
        Some(Data::String("Pemerintah Kota".into()))
    );
    assert_eq!(summary.get_value((3, 2)).cloned(), Some(Data::Float(4.0)));
    let missing = book
        .worksheet_range("Tidak Dinilai")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        missing.get_value((1, 0)).cloned(),
        Some(Data::String("36-disnakertrans".into()))
    );
}

/// In English on request; a workbook with rejected submissions gets their sheet.
#[test]
fn the_outputs_speak_english_on_request() {
    support::at_repository_root();
    let dir = out_dir();
    let path = dir.join("banten-en.xlsx");
    let mut args = vec!["score".to_owned()];
    args.extend(banten(&[
        "--lang",
        "en",
        "--output",
        &path.display().to_string(),
    ]));
    args.push(format!("{BASE}/../invalid/batch.jsonl"));
    let output = Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let book: Xlsx<_> = open_workbook(&path).unwrap_or_else(|e| panic!("{e}"));
    let sheets = book.sheet_names();
    assert_eq!(sheets.first().map(String::as_str), Some("Summary"));
    assert!(
        sheets.contains(&"Not assessed (Tidak Dinilai)".to_owned()),
        "{sheets:?}"
    );
    assert!(
        sheets.contains(&"Rejected submissions".to_owned()),
        "{sheets:?}"
    );
    let html = dir.join("banten-en.html");
    let mut args = vec!["report".to_owned()];
    args.extend(banten(&["--lang", "en", "-o", &html.display().to_string()]));
    kip(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let page = std::fs::read_to_string(&html).unwrap_or_default();
    assert!(page.contains("<html lang=\"en\">") && page.contains("Overall rank"));
}

/// SHA-256 in hex, from `sha256sum` when the machine has it (the check is then
/// independent of kip's own hashing), else empty so that the assertion reports it.
fn sha256_hex(bytes: &[u8]) -> String {
    use std::io::Write;
    let child = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return String::new();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(bytes);
    }
    let out = child
        .wait_with_output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    String::from_utf8_lossy(&out)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}
