//! The results as one Arrow table (feature `arrow`): the Banten batch's columns, types,
//! nulls and finals, against the results JSON of the same batch.
#![cfg(feature = "arrow")]

use arrow_array::{Array, Decimal128Array, StringArray, UInt32Array};
use arrow_schema::DataType;
use kip_index::{BatchTexts, NamedText};

fn banten() -> kip_index::Results {
    let read = |p: &str| {
        std::fs::read_to_string(format!("examples/monev-2025/{p}"))
            .unwrap_or_else(|e| panic!("{p}: {e}"))
    };
    let (instrument, kabkota, opd) = (
        read("instrument.json"),
        read("submissions/banten-kabkota.jsonl"),
        read("submissions/banten-opd.json"),
    );
    let (verification, stages, roster) = (
        read("verification.json"),
        read("stage-scores.json"),
        read("roster.json"),
    );
    let mut texts = BatchTexts::new(NamedText::new("instrument.json", &instrument));
    texts.submissions = vec![
        NamedText::new("banten-kabkota.jsonl", &kabkota),
        NamedText::new("banten-opd.json", &opd),
    ];
    texts.verification = vec![NamedText::new("verification.json", &verification)];
    texts.stage_scores = vec![NamedText::new("stage-scores.json", &stages)];
    texts.roster = vec![NamedText::new("roster.json", &roster)];
    texts.score().unwrap_or_else(|r| panic!("{r}"))
}

#[test]
fn the_table_has_the_documented_columns_types_and_the_jsons_figures() {
    let results = banten();
    let table = results.to_arrow();
    let json: serde_json::Value =
        serde_json::from_str(&results.to_json()).unwrap_or_else(|e| panic!("{e}"));
    let rows = json["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(table.num_rows(), 20);
    assert_eq!(rows.len(), 20);
    let schema = table.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(
        names[..11],
        [
            "agency_id",
            "agency_name",
            "category",
            "category_name",
            "region",
            "final",
            "qualification",
            "qualification_name",
            "rank_overall",
            "rank_category",
            "rank_region"
        ]
    );
    assert!(names.contains(&"stage_saq") && names.contains(&"stage_visitasi"));
    assert!(names.iter().all(|n| !n.contains(':')), "{names:?}");
    // The instrument has two decimals: finals up to 100.00 fit five digits.
    assert_eq!(schema.field(5).data_type(), &DataType::Decimal128(5, 2));
    assert_eq!(schema.field(8).data_type(), &DataType::UInt32);
    let column = |name: &str| {
        let k = names.iter().position(|n| *n == name);
        table
            .column(k.unwrap_or_else(|| panic!("no column {name}")))
            .clone()
    };
    let ids = column("agency_id");
    let ids = ids
        .as_any()
        .downcast_ref::<StringArray>()
        .map(|a| a.iter().collect::<Vec<_>>());
    let finals = column("final");
    let finals = finals.as_any().downcast_ref::<Decimal128Array>();
    let visitasi = column("stage_visitasi");
    let visitasi = visitasi.as_any().downcast_ref::<Decimal128Array>();
    let ranks = column("rank_overall");
    let ranks = ranks.as_any().downcast_ref::<UInt32Array>();
    let (Some(ids), Some(finals), Some(visitasi), Some(ranks)) = (ids, finals, visitasi, ranks)
    else {
        panic!("column types")
    };
    for (k, row) in rows.iter().enumerate() {
        assert_eq!(ids[k], row["agency"]["id"].as_str(), "row {k}");
        // The published final with its two digits (`95.90`, as the JSON writes it; the
        // table holds 9590 at scale 2).
        let published = results.results[k].final_score.rounded().to_string();
        assert_eq!(finals.value_as_string(k), published, "row {k}");
        assert_eq!(
            finals.value(k).to_string(),
            published.replace('.', ""),
            "row {k}"
        );
        assert_eq!(
            Some(ranks.value(k) as u64),
            row["rank"]["overall"].as_u64(),
            "row {k}"
        );
        // A stage the JSON leaves null is null in the table.
        let stage = &row["stages"]["visitasi"];
        assert_eq!(visitasi.is_null(k), stage.is_null(), "row {k}: {stage}");
    }
    // The README's figures: Kota Tangerang first with 96.33, Informatif.
    assert_eq!(ids[0], Some("3671"));
    assert_eq!(finals.value_as_string(0), "96.33");
    assert_eq!(finals.value_as_string(1), "95.90");
    assert!(visitasi.null_count() > 0, "some bodies took no visitasi");
}
