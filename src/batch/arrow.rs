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
    /// `rank_region`, `rank_qualification` (`UInt32`; the last within the category's
    /// qualification), then a column per stage, `stage_<id>`, and per
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
            Field::new("rank_qualification", DataType::UInt32, true),
        ];
        let stages = self.stage_columns();
        let indicators = self.indicator_columns();
        fields.extend(
            (stages.iter().map(|id| format!("stage_{id}")))
                .chain(indicators.iter().map(|id| format!("indicator_{id}")))
                .map(|name| Field::new(name, decimal.clone(), true)),
        );
        let cards = &self.results;
        let n = cards.len();
        // Each text column's bytes reserved once, by estimate (a builder that grows
        // copies its bytes; a pass over the cards to measure them would cost more — a
        // national batch's cards are not in cache): names by their longest.
        let strings = |bytes: usize| StringBuilder::with_capacity(n, bytes);
        let longest = |names: &mut dyn Iterator<Item = usize>| n * names.max().unwrap_or(0);
        let (mut id, mut name, mut category, mut region) = (
            strings(n * 16),
            strings(n * 48),
            strings(n * 8),
            strings(n * 4),
        );
        let mut category_name = strings(longest(
            &mut self.category_names().iter().map(|c| c.1.len()),
        ));
        let mut qualification = strings(longest(
            &mut self.qualification_names().iter().map(|q| q.0.len()),
        ));
        let mut qualification_name = strings(longest(
            &mut self.qualification_names().iter().map(|q| q.1.len()),
        ));
        let mut finals = Decimal128Builder::with_capacity(n);
        let ranks = || UInt32Builder::with_capacity(n);
        let (mut overall, mut in_category, mut in_region) = (ranks(), ranks(), ranks());
        let mut in_qualification = ranks();
        let mut scores: Vec<Decimal128Builder> = (0..stages.len() + indicators.len())
            .map(|_| Decimal128Builder::with_capacity(n))
            .collect();
        let rank = |r: Option<usize>| r.and_then(|r| u32::try_from(r).ok());
        // One pass over the cards, every column at once: a national batch's cards are
        // read from memory once, not once a column.
        for card in cards {
            let agency = &card.agency;
            id.append_value(&agency.id);
            name.append_value(&agency.name);
            category.append_option(agency.category.as_deref());
            category_name.append_option(
                agency
                    .category
                    .as_deref()
                    .and_then(|c| self.category_name(c)),
            );
            region.append_option(agency.region.as_deref());
            finals.append_value(mantissa(card.final_score, decimals));
            qualification.append_value(&card.qualification);
            qualification_name.append_option(self.qualification_name(&card.qualification));
            overall.append_option(rank(card.rank.map(|r| r.overall)));
            in_category.append_option(rank(card.rank.and_then(|r| r.category)));
            in_region.append_option(rank(card.rank.and_then(|r| r.region)));
            in_qualification.append_option(rank(card.rank.map(|r| r.qualification)));
            // A card's stages and top-level indicators are in the instrument's order,
            // as the columns are: taken by position, found by id where that differs.
            let stage = |k: usize, id: &String| match card.stages.get(k) {
                Some(s) if *s.id == **id => s.score,
                _ => card.stage(id),
            };
            let indicator = |k: usize, id: &String| match card.indicators.get(k) {
                Some(i) if *i.id == **id => i.score,
                _ => card.indicator(id),
            };
            let values = (stages.iter().enumerate().map(|(k, s)| stage(k, s)))
                .chain(indicators.iter().enumerate().map(|(k, i)| indicator(k, i)));
            for (column, value) in scores.iter_mut().zip(values) {
                column.append_option(value.map(|s| mantissa(s, decimals)));
            }
        }
        // The precision and scale are the fields': within Decimal128's bounds.
        let decimal_column = |builder: Decimal128Builder| -> ArrayRef {
            let builder = builder.with_precision_and_scale(precision, scale);
            Arc::new(builder.expect("a score's precision and scale").finish())
        };
        let text = |mut builder: StringBuilder| -> ArrayRef { Arc::new(builder.finish()) };
        let mut columns: Vec<ArrayRef> = vec![
            text(id),
            text(name),
            text(category),
            text(category_name),
            text(region),
            decimal_column(finals),
            text(qualification),
            text(qualification_name),
            Arc::new(overall.finish()),
            Arc::new(in_category.finish()),
            Arc::new(in_region.finish()),
            Arc::new(in_qualification.finish()),
        ];
        columns.extend(scores.into_iter().map(decimal_column));
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
