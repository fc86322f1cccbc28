//! The results as one Arrow table (feature `arrow`): a row per scored body, for
//! Parquet, Python and the data-frame tools (pandas, polars, DuckDB) — one shape for
//! all of them.

use std::sync::Arc;

use arrow_array::builder::{Decimal128Builder, StringBuilder, UInt32Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};

use crate::batch::results::Results;
use crate::score::card::Score;

impl Results {
    /// The scored bodies as one Arrow table, in rank order: `agency_id`, `agency_name`,
    /// `category`, `category_name`, `region` (text: a region code such as `36` stays
    /// text), `final` (`Decimal128` at the instrument's decimals: exact, as published),
    /// `qualification`, `qualification_name`, `rank_overall`, `rank_category`,
    /// `rank_region` (`UInt32`), then a column per stage, `stage_<id>`, and per
    /// indicator, `indicator_<id>` (`Decimal128`; names a SQL engine takes without
    /// quotes for the usual ids). `null` wherever the results JSON has `null`: a body of
    /// no category, a stage it took no part in or has no score for, an indicator that
    /// does not apply.
    ///
    /// ```
    /// use kip_index::{BatchTexts, NamedText};
    ///
    /// let read = |p: &str| std::fs::read_to_string(format!("examples/monev-2025/{p}")).unwrap();
    /// let (instrument, answers) = (read("instrument.json"), read("submissions/banten-kabkota.jsonl"));
    /// let mut texts = BatchTexts::new(NamedText::new("instrument.json", &instrument));
    /// texts.submissions.push(NamedText::new("kabkota.jsonl", &answers));
    /// texts.without_stage_scores = true;
    /// let table = texts.score()?.to_arrow();
    /// assert_eq!(table.num_rows(), 8);
    /// let names: Vec<&str> = table.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
    /// assert_eq!(&names[..6], ["agency_id", "agency_name", "category", "category_name", "region", "final"]);
    /// assert!(names.contains(&"stage_saq") && names.contains(&"indicator_jenis_informasi"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_arrow(&self) -> RecordBatch {
        let decimals = self.decimals();
        // At most 100 before the point, for any final, stage or indicator.
        let scale = i8::try_from(decimals).unwrap_or(i8::MAX);
        let precision = u8::try_from(decimals + 3).unwrap_or(u8::MAX).min(38);
        let decimal = DataType::Decimal128(precision, scale);
        let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
        let mut fields = vec![
            text("agency_id", false),
            text("agency_name", false),
            text("category", true),
            text("category_name", true),
            text("region", true),
            Field::new("final", decimal.clone(), false),
            text("qualification", false),
            text("qualification_name", true),
            Field::new("rank_overall", DataType::UInt32, true),
            Field::new("rank_category", DataType::UInt32, true),
            Field::new("rank_region", DataType::UInt32, true),
        ];
        let stages = self.stage_columns();
        let indicators = self.indicator_columns();
        fields.extend(
            (stages.iter().map(|id| format!("stage_{id}")))
                .chain(indicators.iter().map(|id| format!("indicator_{id}")))
                .map(|name| Field::new(name, decimal.clone(), true)),
        );
        let cards = &self.results;
        let strings = |values: &mut dyn Iterator<Item = Option<&str>>| -> ArrayRef {
            let mut column = StringBuilder::with_capacity(cards.len(), cards.len() * 16);
            values.for_each(|v| column.append_option(v));
            Arc::new(column.finish())
        };
        let scores = |values: &mut dyn Iterator<Item = Option<Score>>| -> ArrayRef {
            let mut column = Decimal128Builder::with_capacity(cards.len());
            for score in values {
                column.append_option(score.map(|s| mantissa(s, decimals)));
            }
            // The precision and scale are the field's: within Decimal128's bounds.
            let column = column.with_precision_and_scale(precision, scale);
            Arc::new(column.expect("a score's precision and scale").finish())
        };
        let ranks = |values: &mut dyn Iterator<Item = Option<usize>>| -> ArrayRef {
            let mut column = UInt32Builder::with_capacity(cards.len());
            for rank in values {
                column.append_option(rank.and_then(|r| u32::try_from(r).ok()));
            }
            Arc::new(column.finish())
        };
        let mut columns: Vec<ArrayRef> = vec![
            strings(&mut cards.iter().map(|c| Some(c.agency.id.as_str()))),
            strings(&mut cards.iter().map(|c| Some(c.agency.name.as_str()))),
            strings(&mut cards.iter().map(|c| c.agency.category.as_deref())),
            strings(
                &mut cards
                    .iter()
                    .map(|c| (c.agency.category.as_deref()).and_then(|id| self.category_name(id))),
            ),
            strings(&mut cards.iter().map(|c| c.agency.region.as_deref())),
            scores(&mut cards.iter().map(|c| Some(c.final_score))),
            strings(&mut cards.iter().map(|c| Some(c.qualification.as_str()))),
            strings(
                &mut cards
                    .iter()
                    .map(|c| self.qualification_name(&c.qualification)),
            ),
            ranks(&mut cards.iter().map(|c| c.rank.map(|r| r.overall))),
            ranks(&mut cards.iter().map(|c| c.rank.and_then(|r| r.category))),
            ranks(&mut cards.iter().map(|c| c.rank.and_then(|r| r.region))),
        ];
        for id in stages {
            columns.push(scores(&mut cards.iter().map(|c| c.stage(id))));
        }
        for id in indicators {
            columns.push(scores(&mut cards.iter().map(|c| c.indicator(id))));
        }
        // Every column is built from the same cards, in the schema's order and types.
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
            .expect("columns of one length, in the schema's types")
    }
}

/// A published score as the integer a `Decimal128` at `decimals` holds (`95.90` at two
/// decimals is 9590).
fn mantissa(score: Score, decimals: u32) -> i128 {
    let mut value = score.rounded();
    value.rescale(decimals);
    value.mantissa()
}
