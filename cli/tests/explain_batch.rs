//! `kip explain` reads one body as its batch scores it: the batch of every file given is
//! scored beside it, so that a rank gate, a duplicate copy or a rejected rater is judged
//! as `kip score` judges it — never a final for a body the batch rejects.

mod support;

use support::{kip, text};

use std::path::Path;

use serde_json::{Value, json};

const BASE: &str = "examples/monev-2025";

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path.to_str().unwrap_or("").to_owned()
}

/// The Banten instrument with a presentation for the top 3 of each category by SAQ.
fn gated(dir: &Path) -> String {
    let mut instrument: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{BASE}/instrument.json")).unwrap_or_default(),
    )
    .unwrap_or_default();
    instrument["stages"] = json!([
        { "id": "saq", "name": "SAQ", "weight": 60, "questionnaire": true },
        { "id": "presentasi", "name": "Presentasi", "weight": 25,
          "requires": { "stage": "saq", "top": 3, "within": "category" } },
        { "id": "visitasi", "name": "Visitasi", "weight": 15, "absent": "reweight" }
    ]);
    if let Some(map) = instrument.as_object_mut() {
        map.remove("tie_break");
    }
    write(dir, "instrument.json", &instrument.to_string())
}

#[test]
fn a_body_past_a_rank_gate_is_explained_as_its_batch_judges_it() {
    support::at_repository_root();
    let dir = support::Scratch::new("explain-rank");
    let instrument = gated(&dir);
    let (kabkota, opd) = (
        format!("{BASE}/submissions/banten-kabkota.jsonl"),
        format!("{BASE}/submissions/banten-opd.json"),
    );
    // Bappeda ranks 5th among the offices: a presentation score for it is refused.
    let scores = write(
        &dir,
        "nilai.json",
        r#"[{"agency":"36-bappeda","stage":"presentasi","score":60}]"#,
    );
    let out = kip(&[
        "explain",
        &instrument,
        &kabkota,
        &opd,
        "--stage-scores",
        &scores,
        "--agency",
        "36-bappeda",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "no final for a body the batch rejects"
    );
    let said = text(&out.stderr);
    assert!(
        said.contains("badan publik `36-bappeda` ditolak saat batch-nya dinilai"),
        "{said}"
    );
    assert!(
        said.contains("di peringkat 5 dalam kategorinya, di luar 3 teratas gerbang"),
        "{said}"
    );
    // BPKAD, 4th with no presentation: † with its rule, and a final that spans the
    // visitasi alone — SAQ 84,64 × 0,6 = 50,79 up to 50,79 + 15 = 65,79.
    let empty = write(&dir, "kosong.json", "[]");
    let out = kip(&[
        "explain",
        &instrument,
        &kabkota,
        &opd,
        "--stage-scores",
        &empty,
        "--agency",
        "36-bpkad",
    ]);
    let shown = text(&out.stdout);
    assert!(shown.contains("Presentasi 0,00*†"), "{shown}");
    assert!(
        shown.contains(
            "† : tidak lolos syarat tahap Presentasi — lolos bila 3 besar SAQ dalam kategori"
        ),
        "{shown}"
    );
    assert!(
        shown.contains(
            "nilai akhir 50,79 (Kurang Informatif) sampai 65,79 (Cukup Informatif), Visitasi 0–100"
        ),
        "{shown}"
    );
}

#[test]
fn a_rejected_rater_or_a_duplicate_copy_is_judged_as_the_batch_judges_it() {
    support::at_repository_root();
    let dir = support::Scratch::new("explain-copies");
    let source = std::fs::read_to_string(format!("{BASE}/submissions/banten-kabkota.jsonl"))
        .unwrap_or_default();
    // Tangerang from two raters, r1's yes/no answered "mungkin": r2 alone is explained.
    let mut raters = String::new();
    for line in source.lines() {
        let body: Value = serde_json::from_str(line).unwrap_or_default();
        if body["agency"]["id"] == "3671" {
            let mut r1 = body.clone();
            r1["rater"] = json!("r1");
            r1["answers"]["JI01"] = json!({ "value": "mungkin" });
            let mut r2 = body.clone();
            r2["rater"] = json!("r2");
            raters.push_str(&format!("{r1}\n{r2}\n"));
        } else {
            raters.push_str(line);
            raters.push('\n');
        }
    }
    let file = write(&dir, "raters.jsonl", &raters);
    let out = kip(&[
        "explain",
        &format!("{BASE}/instrument.json"),
        &file,
        "--agency",
        "3671",
        "--without-stage-scores",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("satu pengajuan badan publik ini ditolak"));
    assert!(text(&out.stdout).contains("Pemerintah Kota Tangerang (3671)"));
    // Serang's line twice: both copies rejected, each named at its line, in Indonesian.
    let twice = format!(
        "{source}{}\n",
        source
            .lines()
            .find(|l| l.contains("\"3673\""))
            .unwrap_or_default()
    );
    let file = write(&dir, "dua.jsonl", &twice);
    let out = kip(&[
        "explain",
        &format!("{BASE}/instrument.json"),
        &file,
        "--agency",
        "3673",
        "--without-stage-scores",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out.stderr);
    assert!(
        said.contains("dua.jsonl:7:/agency/id: seharusnya satu pengajuan"),
        "{said}"
    );
    assert!(said.contains("dua.jsonl:9:/agency/id:"), "{said}");
}

/// `kip validate` with gates and stage scores scores the batch too: a presentation score
/// for a body past the top 3 is a problem it names, not something only `kip score` finds.
#[test]
fn kip_validate_names_a_stage_score_past_a_gate() {
    support::at_repository_root();
    let dir = support::Scratch::new("validate-gate");
    let instrument = gated(&dir);
    let scores = write(
        &dir,
        "nilai.json",
        r#"[{"agency":"36-bappeda","stage":"presentasi","score":60}]"#,
    );
    let out = kip(&[
        "validate",
        &instrument,
        &format!("{BASE}/submissions/banten-kabkota.jsonl"),
        &format!("{BASE}/submissions/banten-opd.json"),
        "--stage-scores",
        &scores,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let shown = text(&out.stdout);
    assert!(
        shown.contains("banten-opd.json:/3/stage: seharusnya tidak ada nilai `presentasi` untuk badan publik `36-bappeda`"),
        "{shown}"
    );
    assert!(text(&out.stderr).contains("1 masalah ditemukan"));
}
