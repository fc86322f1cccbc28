//! The samples summed up: each body's rank intervals and qualification shares, the
//! batch's mean shift, and how each weight moves the ranks.

use rust_decimal::Decimal;

use crate::batch::results::Results;
use crate::model::instrument::Instrument;
use crate::score::ratio::Ratio;

use super::sample::Sample;
use super::{BodySensitivity, RankInterval, Sensitivity, SensitivityOptions};

pub(super) fn summarise(
    instrument: &Instrument,
    results: &Results,
    samples: &[Sample],
    options: &SensitivityOptions,
    n: usize,
) -> Sensitivity {
    use crate::text::par::prelude::*;
    let count = samples.len();
    let interval = |ranks: &mut Vec<u32>| -> RankInterval {
        let mut at = |p: usize| -> usize {
            // Nearest rank: the ceil(p% × n)-th smallest, selected, not sorted for.
            let k = (p * ranks.len()).div_ceil(100).max(1) - 1;
            if k >= ranks.len() {
                return 0;
            }
            *ranks.select_nth_unstable(k).1 as usize
        };
        let (low, median, high) = (at(5), at(50), at(95));
        let sum: u64 = ranks.iter().map(|r| u64::from(*r)).sum();
        // A sum of u32 ranks over a count of at least 1: always a fraction, and at most
        // 2^32 rounds to two places in a Decimal.
        let mean = Ratio::new(i128::from(sum), ranks.len().max(1) as i128)
            .and_then(|r| r.round(2))
            .expect("a mean rank rounds to two places");
        RankInterval {
            low,
            median,
            high,
            mean,
        }
    };
    let share = |hits: usize| -> Decimal {
        // Hits out of a positive count of samples, as a percentage: between 0 and 100.
        Ratio::new(hits as i128 * 100, count.max(1) as i128)
            .and_then(|r| r.round(2))
            .expect("a share of samples rounds to two places")
    };
    let bodies: Vec<BodySensitivity> = (0..n)
        .into_par_iter()
        .filter_map(|b| {
            let card = results.results.get(b)?;
            // One pass over the samples for this body.
            let mut overall: Vec<u32> = Vec::with_capacity(count);
            let mut category: Vec<u32> = Vec::with_capacity(count);
            let mut hits = vec![0usize; instrument.qualifications.len()];
            for sample in samples {
                overall.extend(sample.overall.get(b));
                category.extend(sample.category.get(b));
                if let Some(hit) = sample
                    .band
                    .get(b)
                    .and_then(|k| hits.get_mut(usize::from(*k)))
                {
                    *hit += 1;
                }
            }
            let qualifications = instrument
                .qualifications
                .iter()
                .zip(&hits)
                .map(|(q, hits)| (q.id.clone(), share(*hits)))
                .collect();
            Some(BodySensitivity {
                agency: card.agency.clone(),
                final_score: card.final_score,
                rank: card.rank.map_or(0, |r| r.overall),
                category_rank: card.rank.and_then(|r| r.category),
                overall: interval(&mut overall),
                category: (!instrument.categories.is_empty()).then(|| interval(&mut category)),
                qualifications,
            })
        })
        .collect();
    // Each sample's mean absolute shift from the published ranks.
    let shifts: Vec<f64> = samples
        .iter()
        .map(|s| {
            let total: u64 = results
                .results
                .iter()
                .zip(&s.overall)
                .map(|(c, r)| {
                    (c.rank.map_or(0, |r| r.overall) as i64 - i64::from(*r)).unsigned_abs()
                })
                .sum();
            total as f64 / n.max(1) as f64
        })
        .collect();
    let mean_shift = shifts.iter().sum::<f64>() / count.max(1) as f64;
    let weight_influence = instrument
        .indicators
        .iter()
        .enumerate()
        .map(|(k, indicator)| {
            let factors: Vec<f64> = samples
                .iter()
                .map(|s| s.top_factors.get(k).copied().unwrap_or(1.0))
                .collect();
            (
                indicator.id.clone(),
                two_decimals(pearson(&factors, &shifts)),
            )
        })
        .collect();
    Sensitivity {
        samples: count,
        seed: options.seed,
        bodies,
        mean_rank_shift: two_decimals(mean_shift),
        weight_influence,
    }
}

/// Pearson's correlation of two series; 0 when either does not vary.
pub(super) fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len()) as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return 0.0;
    }
    sxy / (sxx.sqrt() * syy.sqrt())
}

/// A statistic (not a score) shown to two decimals.
pub(super) fn two_decimals(value: f64) -> Decimal {
    Decimal::from_f64_retain(value)
        .map(|d| crate::text::decimal::round_half_away_from_zero(d, 2))
        .unwrap_or_default()
}
