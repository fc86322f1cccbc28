//! The sensitivity as one Arrow table (feature `arrow`): a row per scored body, the
//! columns of `kip sensitivity --format csv`, for Python and the data-frame tools.

use std::sync::Arc;

use arrow_array::builder::{Decimal128Builder, StringBuilder, UInt32Builder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use rust_decimal::Decimal;

use crate::insight::sensitivity::{RankInterval, Sensitivity};
use crate::model::instrument::Instrument;

impl Sensitivity {
    /// The bodies' sensitivity as one Arrow table, in published rank order:
    /// `agency_id`, `agency_name`, `category`, `final` (`Decimal128` at the instrument's
    /// decimals), `rank`, `rank_low`, `rank_median`, `rank_high` (`UInt32`), `rank_mean`
    /// (`Decimal128`, two decimals), the same five for the category (`category_rank`,
    /// `category_rank_low`, …, `null` for a body of no category), then
    /// `share_<qualification>` for each of the instrument's qualifications: the percent
    /// of samples that gave the body it (two decimals).
    ///
    /// ```
    /// use kip_index::{BatchTexts, NamedText, SensitivityOptions, sensitivity};
    ///
    /// let read = |p: &str| std::fs::read_to_string(format!("examples/monev-2025/{p}")).unwrap();
    /// let (text, answers) = (read("instrument.json"), read("submissions/banten-kabkota.jsonl"));
    /// let mut texts = BatchTexts::new(NamedText::new("instrument.json", &text));
    /// texts.submissions.push(NamedText::new("kabkota.jsonl", &answers));
    /// texts.without_stage_scores = true;
    /// let results = texts.score()?;
    /// let instrument = text.parse()?;
    /// let analysis = sensitivity(&instrument, &results, &SensitivityOptions::default().samples(20));
    /// let table = analysis.to_arrow(&instrument);
    /// assert_eq!(table.num_rows(), 8);
    /// assert!(table.schema().field_with_name("share_informatif").is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_arrow(&self, instrument: &Instrument) -> RecordBatch {
        let decimals = instrument.decimals;
        let scale = i8::try_from(decimals).unwrap_or(i8::MAX);
        let precision = u8::try_from(decimals + 3).unwrap_or(u8::MAX).min(38);
        // A mean rank and a share: two decimals, up to 10^16 bodies.
        let (two, wide) = (DataType::Decimal128(18, 2), DataType::Decimal128(5, 2));
        let text = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
        let rank = |name: &str, nullable: bool| Field::new(name, DataType::UInt32, nullable);
        let interval = |prefix: &str, nullable: bool| {
            [
                rank(prefix, nullable),
                rank(&format!("{prefix}_low"), nullable),
                rank(&format!("{prefix}_median"), nullable),
                rank(&format!("{prefix}_high"), nullable),
                Field::new(format!("{prefix}_mean"), two.clone(), nullable),
            ]
        };
        let mut fields = vec![
            text("agency_id", false),
            text("agency_name", false),
            text("category", true),
            Field::new("final", DataType::Decimal128(precision, scale), false),
        ];
        fields.extend(interval("rank", false));
        fields.extend(interval("category_rank", true));
        let qualifications = &instrument.qualifications;
        fields.extend(
            (qualifications.iter())
                .map(|q| Field::new(format!("share_{}", q.id), wide.clone(), false)),
        );
        let n = self.bodies.len();
        let strings = || StringBuilder::with_capacity(n, n * 16);
        let (mut id, mut name, mut category) = (strings(), strings(), strings());
        let mut finals = Decimal128Builder::with_capacity(n);
        let ranks = || std::array::from_fn::<_, 4, _>(|_| UInt32Builder::with_capacity(n));
        let (mut overall, mut in_category) = (ranks(), ranks());
        let (mut overall_mean, mut category_mean) = (
            Decimal128Builder::with_capacity(n),
            Decimal128Builder::with_capacity(n),
        );
        let mut shares: Vec<Decimal128Builder> = (qualifications.iter())
            .map(|_| Decimal128Builder::with_capacity(n))
            .collect();
        let whole = |r: usize| u32::try_from(r).ok();
        let append = |ranks: &mut [UInt32Builder; 4],
                      mean: &mut Decimal128Builder,
                      published: Option<usize>,
                      sampled: Option<&RankInterval>| {
            let [at, low, median, high] = ranks;
            at.append_option(published.and_then(whole));
            low.append_option(sampled.and_then(|s| whole(s.low)));
            median.append_option(sampled.and_then(|s| whole(s.median)));
            high.append_option(sampled.and_then(|s| whole(s.high)));
            mean.append_option(sampled.map(|s| mantissa(s.mean, 2)));
        };
        for body in &self.bodies {
            id.append_value(&body.agency.id);
            name.append_value(&body.agency.name);
            category.append_option(body.agency.category.as_deref());
            finals.append_value(mantissa(body.final_score.rounded(), decimals));
            append(
                &mut overall,
                &mut overall_mean,
                Some(body.rank),
                Some(&body.overall),
            );
            append(
                &mut in_category,
                &mut category_mean,
                body.category_rank,
                body.category.as_ref(),
            );
            // Each qualification's share, by id: the body's list follows the instrument's.
            for (column, q) in shares.iter_mut().zip(qualifications) {
                let share = body.qualifications.iter().find(|(id, _)| *id == q.id);
                column.append_value(share.map_or(0, |(_, s)| mantissa(*s, 2)));
            }
        }
        let decimal = |builder: Decimal128Builder, (p, s): (u8, i8)| -> ArrayRef {
            let builder = builder.with_precision_and_scale(p, s);
            Arc::new(
                builder
                    .expect("a precision and scale within Decimal128's")
                    .finish(),
            )
        };
        let text = |mut builder: StringBuilder| -> ArrayRef { Arc::new(builder.finish()) };
        let finish = |ranks: [UInt32Builder; 4]| -> Vec<ArrayRef> {
            ranks
                .into_iter()
                .map(|mut r| Arc::new(r.finish()) as ArrayRef)
                .collect()
        };
        let mut columns = vec![
            text(id),
            text(name),
            text(category),
            decimal(finals, (precision, scale)),
        ];
        columns.extend(finish(overall));
        columns.push(decimal(overall_mean, (18, 2)));
        columns.extend(finish(in_category));
        columns.push(decimal(category_mean, (18, 2)));
        columns.extend(shares.into_iter().map(|s| decimal(s, (5, 2))));
        RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
            .expect("columns of one length, in the schema's types")
    }
}

/// An exact number as the integer a `Decimal128` at `decimals` holds.
fn mantissa(mut value: Decimal, decimals: u32) -> i128 {
    value.rescale(decimals);
    value.mantissa()
}
