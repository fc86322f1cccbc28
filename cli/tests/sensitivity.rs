//! Sensitivity of ranks and qualifications to the weights: cases worked by hand.

mod support;
use kip_index::{
    Batch, Framing, Instrument, Plan, Results, SensitivityOptions, Submission, read_roster,
    read_stage_scores, read_submissions, read_verifications, sensitivity,
};
use serde_json::json;

const BASE: &str = "examples/monev-2025";

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The bundled Banten batch, scored with its verification, visitasi scores and roster.
fn banten() -> (Instrument, Results) {
    let instrument = Instrument::from_json(&read(&format!("{BASE}/instrument.json")))
        .unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let ok = |r: Result<(), kip_index::Problem>| r.unwrap_or_else(|p| panic!("{p}"));
    for v in read_verifications(
        &read(&format!("{BASE}/verification.json")),
        Framing::Json,
        &instrument,
    ) {
        ok(batch.add_verification(v.value.unwrap_or_else(|r| panic!("{r}"))));
    }
    for s in read_stage_scores(
        &read(&format!("{BASE}/stage-scores.json")),
        Framing::Json,
        &instrument,
    ) {
        ok(batch.add_stage_score(s.value.unwrap_or_else(|r| panic!("{r}"))));
    }
    for a in read_roster(
        &read(&format!("{BASE}/roster.json")),
        Framing::Json,
        &instrument,
    ) {
        ok(batch.add_to_roster(a.value.unwrap_or_else(|r| panic!("{r}"))));
    }
    for file in ["banten-kabkota.jsonl", "banten-opd.json"] {
        let text = read(&format!("{BASE}/submissions/{file}"));
        for record in read_submissions(&text, Framing::from_file_name(file), &instrument) {
            batch.add_record(file, Framing::from_file_name(file), record);
        }
    }
    let results = batch.finish();
    drop(plan);
    (instrument, results)
}

#[test]
fn with_no_spread_every_interval_is_the_published_rank() {
    support::at_repository_root();
    let (instrument, results) = banten();
    let options = SensitivityOptions::default()
        .samples(40)
        .weight_spread(0.into());
    let analysis = sensitivity(&instrument, &results, &options);
    assert_eq!(analysis.bodies.len(), 20);
    for (body, card) in analysis.bodies.iter().zip(&results.results) {
        let rank = body.rank;
        assert_eq!(
            (body.overall.low, body.overall.median, body.overall.high),
            (rank, rank, rank)
        );
        let category = body.category_rank.unwrap_or(0);
        let interval = body.category.unwrap_or_else(|| panic!("categories"));
        assert_eq!((interval.low, interval.high), (category, category));
        for (id, share) in &body.qualifications {
            let expected = if *id == card.qualification { 100 } else { 0 };
            assert_eq!(*share, expected.into(), "{} {id}", card.agency.id);
        }
    }
    assert_eq!(analysis.mean_rank_shift, 0.into());
}

#[test]
fn the_same_seed_gives_the_same_analysis_and_another_seed_another() {
    support::at_repository_root();
    let (instrument, results) = banten();
    let options = SensitivityOptions::default().samples(200).seed(7);
    let first = sensitivity(&instrument, &results, &options);
    assert_eq!(sensitivity(&instrument, &results, &options), first);
    let other = options.clone().seed(8);
    assert_ne!(
        sensitivity(&instrument, &results, &other).mean_rank_shift,
        0.into()
    );
    // Kota Tangerang (96.33, 0.40 ahead) and Kota Cilegon (36.75, last by 3.5) do not
    // move at ±25%: their intervals are their ranks.
    let body = |id: &str| first.bodies.iter().find(|b| b.agency.id == id).cloned();
    let cilegon = body("3672").unwrap_or_else(|| panic!("3672"));
    assert_eq!((cilegon.overall.low, cilegon.overall.high), (20, 20));
}

/// Two indicators of weight 50, one rating question each, one stage.
fn two_indicators() -> Instrument {
    let value = json!({
        "id": "uji", "name": "Uji",
        "stages": [ { "id": "saq", "name": "SAQ", "weight": 100, "questionnaire": true } ],
        "qualifications": [ { "id": "baik", "name": "Baik", "min": 48 },
                            { "id": "kurang", "name": "Kurang", "min": 0 } ],
        "indicators": [
            { "id": "a", "name": "A", "weight": 50, "questions": [ { "id": "QA", "text": "a", "kind": "rating" } ] },
            { "id": "b", "name": "B", "weight": 50, "questions": [ { "id": "QB", "text": "b", "kind": "rating" } ] }
        ]
    });
    Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"))
}

fn scored(instrument: &Instrument, bodies: &[(&str, &str, &str)]) -> Results {
    let plan = Plan::new(instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    for (id, a, b) in bodies {
        let text = json!({
            "instrument": "uji", "agency": { "id": id, "name": format!("Badan {id}") },
            "answers": { "QA": { "value": a }, "QB": { "value": b } }
        });
        let submission = Submission::from_json(&text.to_string()).unwrap_or_else(|r| panic!("{r}"));
        batch.add_submission(*id, &submission);
    }
    batch.finish()
}

#[test]
fn one_weight_change_swaps_two_bodies_in_the_share_worked_out_by_hand() {
    support::at_repository_root();
    // A answers a = 100, b = 0; B answers a = 0, b = 90. With factors fa, fb uniform in
    // [0.75, 1.25], A is ahead when 100·fa > 90·fb, i.e. fb < (10/9)·fa. The share where
    // B is ahead is 4 × ∫ from 0.75 to 1.125 of (1.25 − (10/9)x) dx = 4 × (0.46875 −
    // 0.390625) = 0.3125. So B's mean rank is 1 + 0.6875 and A's 1 + 0.3125.
    let instrument = two_indicators();
    let results = scored(&instrument, &[("A", "100", "0"), ("B", "0", "90")]);
    let samples = 4_000;
    let options = SensitivityOptions::default().samples(samples).seed(3);
    let analysis = sensitivity(&instrument, &results, &options);
    let mean = |id: &str| mean_rank(&analysis, id);
    // Binomial tolerance: 4 standard errors of a share p = 0.6875 over the samples.
    let tolerance = 4.0 * (0.6875f64 * 0.3125 / samples as f64).sqrt() + 0.005;
    assert!((mean("B") - 1.6875).abs() < tolerance, "B {}", mean("B"));
    assert!((mean("A") - 1.3125).abs() < tolerance, "A {}", mean("A"));
    // The qualification (≥ 48) follows the same way. A's final 100·fa/(fa+fb) ≥ 48 when
    // fb ≤ (13/12)·fa: it fails with share 4 × ∫ from 3/4 to 15/13 of (5/4 − (13/12)x) dx
    // = 4 × (105/208 − 27027/64896) = 0.35337, so A is *baik* in 64.66% of samples. B's
    // 90·fb/(fa+fb) ≥ 48 when fb ≥ (8/7)·fa: share 4 × ∫ from 3/4 to 35/32 of
    // (5/4 − (8/7)x) dx = 4 × (0.4296875 − 0.3621652) = 27.01%.
    let share = |id: &str| {
        analysis
            .bodies
            .iter()
            .find(|b| b.agency.id == id)
            .and_then(|b| b.qualifications.iter().find(|(q, _)| q == "baik"))
            .map(|(_, s)| s.to_string().parse::<f64>().unwrap_or(0.0))
            .unwrap_or(0.0)
    };
    let within = |got: f64, p: f64| {
        let tolerance = 100.0 * 4.0 * (p * (1.0 - p) / samples as f64).sqrt() + 0.01;
        (got - 100.0 * p).abs() < tolerance
    };
    assert!(within(share("A"), 1.0 - 0.3533668), "A {}", share("A"));
    assert!(within(share("B"), 0.2700893), "B {}", share("B"));
}

#[test]
fn identical_profiles_share_ranks_and_a_body_far_ahead_stays_first() {
    support::at_repository_root();
    let instrument = two_indicators();
    let results = scored(
        &instrument,
        &[
            ("T1", "60", "70"),
            ("T2", "60", "70"),
            ("X", "65", "64"),
            ("Y", "40", "90"),
            ("Z", "100", "100"),
        ],
    );
    let options = SensitivityOptions::default().samples(500).seed(11);
    let analysis = sensitivity(&instrument, &results, &options);
    let body = |id: &str| {
        analysis
            .bodies
            .iter()
            .find(|b| b.agency.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(body("T1").overall, body("T2").overall);
    let z = body("Z").overall;
    assert_eq!((z.low, z.median, z.high), (1, 1, 1));
    assert_eq!(z.mean, 1.into());
}

/// A body's mean sampled rank, as a float for the tolerance checks.
fn mean_rank(analysis: &kip_index::Sensitivity, id: &str) -> f64 {
    analysis
        .bodies
        .iter()
        .find(|b| b.agency.id == id)
        .map(|b| b.overall.mean.to_string().parse::<f64>().unwrap_or(0.0))
        .unwrap_or(0.0)
}

fn kip(args: &[&str], threads: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .unwrap_or_else(|e| panic!("cannot run kip: {e}"))
}

fn banten_args(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = vec![
        "sensitivity".into(),
        format!("{BASE}/instrument.json"),
        format!("{BASE}/submissions/banten-kabkota.jsonl"),
        format!("{BASE}/submissions/banten-opd.json"),
        format!("--verification={BASE}/verification.json"),
        format!("--stage-scores={BASE}/stage-scores.json"),
        format!("--roster={BASE}/roster.json"),
        "--samples=300".into(),
        "--seed=5".into(),
    ];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    args
}

#[test]
fn kip_sensitivity_is_the_same_on_one_thread_and_on_two() {
    support::at_repository_root();
    let args = banten_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let one = kip(&args, "1");
    let two = kip(&args, "2");
    assert_eq!(
        one.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    // The closing line in Indonesian by default, its number with a decimal comma.
    let said = String::from_utf8_lossy(&one.stderr);
    assert!(
        said.contains("kip: 300 sampel (seed ") && said.contains("rata-rata pergeseran peringkat"),
        "{said}"
    );
    assert!(!said.contains("mean rank shift"), "{said}");
    let json: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap_or_default();
    assert_eq!(json["samples"], 300);
    assert_eq!(json["bodies"].as_array().map(Vec::len), Some(20));
    let first = &json["bodies"][0];
    assert_eq!(first["agency"]["id"], "3671");
    assert!(first["overall"]["low"].as_u64().is_some_and(|low| low >= 1));
    // CSV: one row per body, the qualification shares as columns.
    let dir = support::Scratch::new("sensitivity");
    let csv = dir.join("sensitivity.csv").display().to_string();
    let args = banten_args(&["-o", &csv]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(kip(&args, "2").status.code(), Some(0));
    let text = std::fs::read_to_string(&csv).unwrap_or_default();
    assert!(text.starts_with(
        "\u{feff}agency_id,agency_name,category,final,rank,rank_low,rank_median,rank_high"
    ));
    assert!(text.contains("share:informatif"));
    assert_eq!(text.lines().count(), 21);
}

#[test]
fn the_rank_interval_page_renders_in_chromium() {
    support::at_repository_root();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("report");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let html = dir.join("sensitivity.html");
    let args = banten_args(&["-o", &html.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = kip(&args, "2");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap_or_default();
    for outside in ["<script", "<link", " src=", "@import", "url("] {
        assert!(!page.contains(outside), "self-contained: {outside}");
    }
    // One interval line and one published-rank dot per body.
    assert_eq!(page.matches("<line class=\"interval\"").count(), 20);
    assert_eq!(page.matches("<circle class=\"nominal\"").count(), 20);
    let Some(browser) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        support::tool_missing(
            "Chromium",
            "apt-get install chromium",
            "the rendered sensitivity page",
        );
        return;
    };
    let profile = dir.join("chromium-profile-sensitivity");
    let shot = dir.join("sensitivity.png");
    let rendered = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--screenshot={}", shot.display()),
            "--window-size=1000,900",
            &format!("file://{}", html.display()),
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let bytes = std::fs::read(&shot).unwrap_or_default();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
        "a real screenshot"
    );
}

#[test]
fn judge_noise_resamples_the_judges_in_the_share_worked_out_by_hand() {
    support::at_repository_root();
    // SAQ 50 + visitasi 50. A: questionnaire 100, visitasi by judges 80 and 100 (mean 90,
    // final 95); B: questionnaire 100, one judge 89 (final 94.5). Drawing A's two judges
    // again with replacement gives 80 (¼), 90 (½) or 100 (¼): A falls below B exactly when
    // both draws are 80, so B's mean rank is 1 + ¾ = 1.75 and A's 1.25.
    let value = json!({
        "id": "uji", "name": "Uji",
        "stages": [ { "id": "saq", "name": "SAQ", "weight": 50, "questionnaire": true },
                    { "id": "visitasi", "name": "Visitasi", "weight": 50 } ],
        "qualifications": [ { "id": "semua", "name": "Semua", "min": 0 } ],
        "indicators": [ { "id": "a", "name": "A", "weight": 100,
                          "questions": [ { "id": "QA", "text": "a", "kind": "rating" } ] } ]
    });
    let instrument = Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    let stage = |agency: &str, scores: &[u32]| {
        kip_index::StageScore::new(
            agency,
            "visitasi",
            scores.iter().map(|s| (*s).into()).collect(),
        )
    };
    let judges = vec![stage("A", &[80, 100]), stage("B", &[89])];
    for s in &judges {
        batch
            .add_stage_score(s.clone())
            .unwrap_or_else(|p| panic!("{p}"));
    }
    for id in ["A", "B"] {
        let text = json!({ "instrument": "uji", "agency": { "id": id, "name": id },
                           "answers": { "QA": { "value": 100 } } });
        let submission = Submission::from_json(&text.to_string()).unwrap_or_else(|r| panic!("{r}"));
        batch.add_submission(id, &submission);
    }
    let results = batch.finish();
    let samples = 4_000;
    let options = SensitivityOptions::default()
        .samples(samples)
        .seed(9)
        .weight_spread(0.into())
        .judge_noise(true);
    let analysis = kip_index::sensitivity_with_judges(&instrument, &results, &judges, &options);
    let mean = |id: &str| mean_rank(&analysis, id);
    let tolerance = 4.0 * (0.25f64 * 0.75 / samples as f64).sqrt() + 0.005;
    assert!((mean("B") - 1.75).abs() < tolerance, "B {}", mean("B"));
    assert!((mean("A") - 1.25).abs() < tolerance, "A {}", mean("A"));
    // Without the noise, nothing moves.
    let still = options.clone().judge_noise(false);
    let fixed = kip_index::sensitivity_with_judges(&instrument, &results, &judges, &still);
    assert!(
        fixed
            .bodies
            .iter()
            .all(|b| b.overall.low == b.rank && b.overall.high == b.rank)
    );
}

/// Issue 24, item 8: options out of range and runs beyond the memory budget are refused
/// before anything is drawn (exit 2, a sentence naming the valid range or the figure);
/// the CSV neutralises formulas as the score CSV does.
#[test]
fn sensitivity_stays_within_limits() {
    support::at_repository_root();
    let base = "examples/monev-2025";
    let run = |extra: &[&str]| {
        let mut args = vec![
            "sensitivity".to_owned(),
            format!("{base}/instrument.json"),
            format!("{base}/submissions/banten-kabkota.jsonl"),
            "--without-stage-scores".to_owned(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    for (extra, gist) in [
        (
            vec!["--samples", "0"],
            "1 sampai 10000000 sampel, ternyata 0",
        ),
        (
            vec!["--samples", "18446744073709551615"],
            "ternyata 18446744073709551615",
        ),
        (vec!["--weight-spread", "50"], "kurang dari 1"),
        (vec!["--weight-spread=-0.5"], "ternyata -0,5"),
        (
            vec!["--samples", "1000000", "--max-memory", "10M"],
            "MiB, lebih dari 10 MiB yang diizinkan",
        ),
    ] {
        let output = run(&extra);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(gist), "{extra:?}: {stderr}");
    }
    // A name a spreadsheet would run: written as text, as in the score CSV.
    let dir = support::Scratch::new("sens");
    let text = std::fs::read_to_string(format!("{base}/submissions/banten-kabkota.jsonl"))
        .unwrap_or_default()
        .replacen(
            "Pemerintah Kabupaten Pandeglang",
            "=HYPERLINK(\\\"http://x\\\")",
            1,
        );
    let file = dir.join("formula.jsonl");
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("{e}"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "sensitivity",
            &format!("{base}/instrument.json"),
            &file.display().to_string(),
            "--without-stage-scores",
            "--samples",
            "50",
            "--format",
            "csv",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let csv = String::from_utf8_lossy(&output.stdout);
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

/// With zero spread every sample reproduces the published ranks, a tie-break stage at a
/// rounding boundary included: A's visitasi 80.085 publishes as 80.09 (half away from
/// zero), as B's 80.09, so the two share rank 1 — though 80.085 × 100 in binary floating
/// point is 8008.4999…, which rounds the other way.
#[test]
fn with_no_spread_a_tie_break_stage_at_a_rounding_boundary_keeps_the_published_ranks() {
    support::at_repository_root();
    let value = json!({
        "id": "uji", "name": "Uji", "decimals": 2,
        "stages": [
            { "id": "saq", "name": "SAQ", "weight": 80, "questionnaire": true },
            { "id": "visitasi", "name": "Visitasi", "weight": 20 }
        ],
        "tie_break": [ "stage:visitasi" ],
        "qualifications": [ { "id": "baik", "name": "Baik", "min": 0 } ],
        "indicators": [
            { "id": "a", "name": "A", "weight": 100, "questions": [ { "id": "QA", "text": "a", "kind": "rating" } ] }
        ]
    });
    let instrument = Instrument::from_json(&value.to_string()).unwrap_or_else(|r| panic!("{r}"));
    let plan = Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
    let mut batch = Batch::new(&plan);
    for id in ["A", "B"] {
        let text = json!({
            "instrument": "uji", "agency": { "id": id, "name": format!("Badan {id}") },
            "answers": { "QA": { "value": 90 } }
        });
        let submission = Submission::from_json(&text.to_string()).unwrap_or_else(|r| panic!("{r}"));
        batch.add_submission(id, &submission);
    }
    let stages = r#"[{"agency": "A", "stage": "visitasi", "score": 80.085},
                     {"agency": "B", "stage": "visitasi", "score": 80.09}]"#;
    assert!(
        batch
            .add_stage_scores_text(kip_index::NamedText::new("tahap.json", stages))
            .is_empty()
    );
    let results = batch.finish();
    // Published: finals 88.02 (A: 72 + 16.017, B: 72 + 16.018), the visitasi 80.09 for both.
    let ranks: Vec<(&str, usize)> = (results.results.iter())
        .map(|c| (c.agency.id.as_str(), c.rank.map_or(0, |r| r.overall)))
        .collect();
    assert_eq!(ranks, [("A", 1), ("B", 1)]);
    let options = SensitivityOptions::default()
        .samples(20)
        .weight_spread(0.into());
    let analysis = sensitivity(&instrument, &results, &options);
    for body in &analysis.bodies {
        assert_eq!(
            (body.overall.low, body.overall.high),
            (body.rank, body.rank),
            "{}",
            body.agency.id
        );
    }
}
