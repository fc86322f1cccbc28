//! `kip score -o results.parquet`: the results' Arrow table as Parquet, read back with
//! the Arrow reader — the columns, the finals as exact decimals, the nulls — and
//! refused on a terminal like a workbook.

mod support;

use arrow_array::{Array, Decimal128Array, StringArray};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

#[test]
fn score_writes_the_results_table_as_parquet() {
    support::at_repository_root();
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("hasil.parquet");
    let base = "examples/monev-2025";
    let output = support::kip(&[
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
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let file = std::fs::File::open(&out).unwrap_or_else(|e| panic!("{e}"));
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .unwrap_or_else(|e| panic!("{e}"));
    let batches: Vec<_> = reader
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: usize = batches.iter().map(|b| b.num_rows()).sum();
    assert_eq!(rows, 20);
    let table = &batches[0];
    let schema = table.schema();
    let column = |name: &str| {
        let k = schema.index_of(name).unwrap_or_else(|e| panic!("{e}"));
        table.column(k).clone()
    };
    let ids = column("agency_id");
    let finals = column("final");
    let visitasi = column("stage_visitasi");
    let ids = ids.as_any().downcast_ref::<StringArray>();
    let finals = finals.as_any().downcast_ref::<Decimal128Array>();
    let visitasi = visitasi.as_any().downcast_ref::<Decimal128Array>();
    let (Some(ids), Some(finals), Some(visitasi)) = (ids, finals, visitasi) else {
        panic!("column types")
    };
    // The README's first four: Kota Tangerang, Tangerang Selatan, Serang, Pandeglang.
    let top: Vec<(&str, String)> = (0..4)
        .map(|k| (ids.value(k), finals.value_as_string(k)))
        .collect();
    assert_eq!(
        top,
        [
            ("3671", "96.33".to_owned()),
            ("3674", "95.90".to_owned()),
            ("3673", "94.77".to_owned()),
            ("3601", "89.18".to_owned())
        ]
    );
    assert!(
        visitasi.null_count() > 0,
        "bodies below the gate have no visitasi"
    );
}
