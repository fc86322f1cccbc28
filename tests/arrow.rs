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

/// With no spread every sample is the published ranking: each body's interval is its
/// rank, and all of its share goes to its own qualification (100.00, the rest 0.00).
#[test]
fn the_sensitivity_table_with_no_spread_is_the_published_ranking() {
    let results = banten();
    let text = std::fs::read_to_string("examples/monev-2025/instrument.json")
        .unwrap_or_else(|e| panic!("{e}"));
    let instrument: kip_index::Instrument = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let fixed = kip_index::SensitivityOptions::default()
        .samples(30)
        .weight_spread(0.into());
    let table = kip_index::sensitivity(&instrument, &results, &fixed).to_arrow(&instrument);
    assert_eq!(table.num_rows(), results.results.len());
    let column = |name: &str| {
        table
            .column_by_name(name)
            .unwrap_or_else(|| panic!("no column {name}"))
            .clone()
    };
    let u32s = |name: &str| {
        column(name)
            .as_any()
            .downcast_ref::<UInt32Array>()
            .unwrap_or_else(|| panic!("{name} is not UInt32"))
            .clone()
    };
    let (rank, low, high) = (u32s("rank"), u32s("rank_low"), u32s("rank_high"));
    let ids = column("agency_id");
    let ids = ids
        .as_any()
        .downcast_ref::<StringArray>()
        .unwrap_or_else(|| panic!("agency_id is not text"));
    for (k, card) in results.results.iter().enumerate() {
        assert_eq!(ids.value(k), card.agency.id);
        let published = card.rank.map(|r| r.overall as u32);
        assert_eq!(Some(rank.value(k)), published, "row {k}");
        assert_eq!(
            (low.value(k), high.value(k)),
            (rank.value(k), rank.value(k))
        );
        let share = column(&format!("share_{}", card.qualification));
        let share = share
            .as_any()
            .downcast_ref::<Decimal128Array>()
            .unwrap_or_else(|| panic!("share is not a decimal"));
        assert_eq!(share.value_as_string(k), "100.00", "row {k}");
    }
    assert_eq!(
        column("category_rank_mean").data_type(),
        &DataType::Decimal128(18, 2)
    );
}
