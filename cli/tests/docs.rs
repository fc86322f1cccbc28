//! The documentation stands alone: every file the README and the scoring rules name is
//! in the repository, no link leads outside it, and no text cites the developers'
//! contract, which a clone does not have.

mod support;

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Paths such as `examples/monev-2025/roster.json` or `docs/scoring.md` in `text`.
fn named_paths(text: &str) -> Vec<String> {
    let roots = [
        "examples/",
        "schemas/",
        "docs/",
        "tests/",
        "benches/",
        "fuzz/",
        "src/",
        ".ci/",
        "web/",
        "scripts/",
    ];
    let mut found = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || "`()[]<>\"',;|".contains(c)) {
        // `file:line:/path` in quoted messages names the file before the first `:`.
        let word = word.split(':').next().unwrap_or_default();
        let word = word.trim_end_matches(['.', '\\']);
        if roots.iter().any(|r| word.starts_with(r)) && !word.contains('*') && !word.contains("...")
        {
            found.push(word.to_owned());
        }
    }
    found
}

#[test]
fn every_path_the_docs_name_is_in_the_repository() {
    support::at_repository_root();
    for doc in [
        "README.md",
        "docs/scoring.md",
        "web/README.md",
        "ARCHITECTURE.md",
    ] {
        let text = read(doc);
        let paths = named_paths(&text);
        assert!(doc != "README.md" || paths.len() > 10, "{paths:?}");
        // Directories that running the tools makes (ignored by git) are not in a clone.
        let made = [
            "fuzz/artifacts",
            "fuzz/corpus",
            "web/dist",
            "web/node_modules",
        ];
        let missing: Vec<&String> = paths
            .iter()
            .filter(|p| !made.iter().any(|m| p.starts_with(m)))
            .filter(|p| !Path::new(p).exists())
            .collect();
        assert!(
            missing.is_empty(),
            "{doc} names files a clone lacks: {missing:?}"
        );
        assert!(!text.contains("../"), "{doc} links outside the repository");
        assert!(
            !text.contains("SPEC"),
            "{doc} cites the developers' contract"
        );
    }
    assert!(
        read("README.md").contains("(docs/scoring.md)"),
        "the README links the rules"
    );
}

#[test]
fn the_help_points_at_the_rules_and_cites_no_contract() {
    support::at_repository_root();
    for args in [&["--help"][..], &["score", "--help"]] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("docs/scoring.md"), "{args:?}: {text}");
        assert!(!text.contains("SPEC"), "{args:?}: {text}");
    }
}

/// The README's `--format csv` sample is what `kip score` prints: each sample row, up to
/// its `...`, begins a row of the real output (a column added once left the sample's
/// ranks a column short).
#[test]
fn the_readmes_csv_sample_is_the_real_output() {
    support::at_repository_root();
    let readme = read("README.md");
    let sample: Vec<&str> = (readme.lines())
        .skip_while(|l| !l.starts_with("agency_id,agency_name,category,category_name"))
        .take_while(|l| l.ends_with(",..."))
        .map(|l| l.trim_end_matches(",..."))
        .collect();
    assert!(sample.len() >= 4, "the sample was not found");
    let base = "examples/monev-2025";
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kip"))
        .args([
            "score",
            &format!("{base}/instrument.json"),
            &format!("{base}/submissions/banten-kabkota.jsonl"),
            &format!("{base}/submissions/banten-opd.json"),
            "--verification",
            &format!("{base}/verification.json"),
            "--stage-scores",
            &format!("{base}/stage-scores.json"),
            "--roster",
            &format!("{base}/roster.json"),
            "--format",
            "csv",
        ])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .collect();
    for line in sample {
        assert!(
            rows.iter().any(|r| r.starts_with(line)),
            "README sample row not in the output: {line}"
        );
    }
}
