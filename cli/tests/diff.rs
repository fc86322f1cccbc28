//! `diff` (issue 7): changed, entered and left bodies and rank moves with ties, by hand.

mod support;

use kip_index::{ChangeKind, diff_results};

fn results(rows: &[(&str, &str, &str, usize)]) -> String {
    // Written by hand: the finals must keep their published digits (`90.00`).
    let items: Vec<String> = rows
        .iter()
        .map(|(id, fin, qual, rank)| {
            format!(
                r#"{{"agency": {{"id": "{id}", "name": "Badan {id}", "category": "pemkot"}}, "final": {fin}, "qualification": "{qual}", "rank": {{"overall": {rank}, "category": {rank}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"instrument": "uji", "results": [{}]}}"#,
        items.join(", ")
    )
}

#[test]
fn changes_are_listed_by_size_then_entries_then_departures() {
    support::at_repository_root();
    // Old: a 90.00 (1), b 85.00 (2), c 85.00 (2, tied), d 80.00 (4), f 60.00 (5).
    let old = results(&[
        ("a", "90.00", "informatif", 1),
        ("b", "85.00", "menuju", 2),
        ("c", "85.00", "menuju", 2),
        ("d", "80.00", "menuju", 4),
        ("f", "60.00", "cukup", 5),
    ]);
    // New: a unchanged; b 86.00 keeps rank 2; c 85.00 drops to 3 (tied with d);
    // d 85.00 rises 4 → 3; e enters; f leaves.
    let new = results(&[
        ("a", "90.00", "informatif", 1),
        ("b", "86.00", "menuju", 2),
        ("c", "85.00", "menuju", 3),
        ("d", "85.00", "menuju", 3),
        ("e", "70.00", "cukup", 5),
    ]);
    let changes = diff_results(&old, &new).unwrap_or_else(|r| panic!("{r}"));
    let listed: Vec<(&str, ChangeKind, Option<String>)> = changes
        .iter()
        .map(|c| (c.agency.as_str(), c.kind, c.delta.map(|d| d.to_string())))
        .collect();
    // d: +5.00 (largest), b: +1.00, c: 0.00 but its rank moved 2 → 3; a is unchanged.
    assert_eq!(
        listed,
        [
            ("d", ChangeKind::Changed, Some("5.00".to_owned())),
            ("b", ChangeKind::Changed, Some("1.00".to_owned())),
            ("c", ChangeKind::Changed, Some("0.00".to_owned())),
            ("e", ChangeKind::Entered, None),
            ("f", ChangeKind::Left, None),
        ]
    );
    let c = &changes[2];
    assert_eq!(c.old.as_ref().and_then(|s| s.rank), Some(2));
    assert_eq!(c.new.as_ref().and_then(|s| s.rank), Some(3));
}

#[test]
fn a_correction_decree_moving_one_province_from_19_to_2() {
    support::at_repository_root();
    // KI Pusat's amended 2024 decree moved one province from rank 19 to rank 2.
    let old = results(&[("32", "78.10", "sedang", 19), ("36", "80.00", "baik", 2)]);
    let new = results(&[("32", "85.22", "baik", 2), ("36", "80.00", "baik", 3)]);
    let changes = diff_results(&old, &new).unwrap_or_else(|r| panic!("{r}"));
    assert_eq!(changes[0].agency, "32");
    assert_eq!(
        changes[0].delta.map(|d| d.to_string()).as_deref(),
        Some("7.12")
    );
    assert_eq!(changes[1].agency, "36");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args(["diff", "/dev/stdin", "/dev/null"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.status.code(),
        Some(2),
        "an empty file cannot be compared"
    );
}

#[test]
fn kip_diff_prints_a_table_and_json() {
    support::at_repository_root();
    let dir = support::Scratch::new("diff");
    let old = dir.join("old.json");
    let new = dir.join("new.json");
    std::fs::write(&old, results(&[("a", "90.00", "informatif", 1)]))
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&new, results(&[("a", "89.99", "menuju", 1)])).unwrap_or_else(|e| panic!("{e}"));
    let run = |extra: &[&str]| {
        let mut args = vec![
            "diff".to_owned(),
            old.display().to_string(),
            new.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| (*s).to_owned()));
        std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(&args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // Indonesian by default (a decimal comma), English on request.
    let table = String::from_utf8_lossy(&run(&[]).stdout).into_owned();
    assert!(
        table.contains("berubah")
            && table.contains("-0,01")
            && table.contains("informatif → menuju"),
        "{table}"
    );
    let table = String::from_utf8_lossy(&run(&["--lang", "en"]).stdout).into_owned();
    assert!(
        table.contains("changed")
            && table.contains("-0.01")
            && table.contains("informatif → menuju"),
        "{table}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&run(&["--json"]).stdout).unwrap_or_default();
    assert_eq!(json[0]["kind"], "changed");
    assert!(
        serde_json::to_string(&json[0]["delta"])
            .unwrap_or_default()
            .contains("-0.01")
    );
}

/// Finals near the largest decimal a results file can hold: the change cannot be
/// computed, which is said as an arithmetic problem — never a panic, never a wrong delta.
#[test]
fn finals_at_the_limits_of_a_decimal_are_an_arithmetic_problem_not_a_panic() {
    support::at_repository_root();
    let big = "79228162514264337593543950335";
    let old = results(&[("a", &format!("-{big}"), "baik", 1)]);
    let new = results(&[("a", big, "baik", 1)]);
    assert!(old.contains(&format!("-{big}")), "{old}");
    let report = diff_results(&old, &new).expect_err("an arithmetic problem");
    let problem = report.iter().next().expect("one problem");
    assert_eq!(problem.kind(), kip_index::ProblemKind::Arithmetic);
    assert!(problem.message.contains("`a`"), "{}", problem.message);
}

/// An agency twice in one file is named, not silently the last of its entries.
#[test]
fn an_agency_listed_twice_in_a_results_file_is_named() {
    support::at_repository_root();
    let old = results(&[("a", "80.00", "baik", 1), ("a", "60.00", "cukup", 2)]);
    let new = results(&[("a", "80.00", "baik", 1)]);
    let report = diff_results(&old, &new).expect_err("a duplicate");
    let problem = report.iter().next().expect("one problem");
    assert_eq!(problem.kind(), kip_index::ProblemKind::DuplicateId);
    assert_eq!(problem.path, "/results/1");
    assert_eq!(problem.file.as_deref(), Some("old"));
}

/// A change that a decimal cannot hold exactly (99.995 to 10⁻²⁸ needs 30 digits) is an
/// arithmetic problem, not a rounded delta (found by the `diff` fuzz target).
#[test]
fn a_change_with_more_digits_than_a_decimal_holds_is_not_rounded() {
    support::at_repository_root();
    let old = results(&[("a", "99.995", "baik", 1)]);
    let new = results(&[("a", "0.0000000000000000000000000001", "baik", 1)]);
    let report = diff_results(&old, &new).expect_err("an arithmetic problem");
    assert_eq!(
        report.iter().next().map(kip_index::Problem::kind),
        Some(kip_index::ProblemKind::Arithmetic)
    );
}
