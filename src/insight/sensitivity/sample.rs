//! One sample: weight factors drawn, every body re-scored and rounded, and ranked.

use rust_decimal::Decimal;

use crate::batch::results::Results;
use crate::model::instrument::{AbsentStage, Instrument, TieBreak};
use crate::score::card::Score;
use crate::score::ratio::Ratio;

use super::{Model, Profile, TieKey};

/// One sample's outcome: each body's overall and category rank and qualification, and
/// the factors drawn.
pub(super) struct Sample {
    pub(super) overall: Vec<u32>,
    pub(super) category: Vec<u32>,
    pub(super) band: Vec<u8>,
    pub(super) top_factors: Vec<f64>,
}

/// A weight factor, exactly (`numer / 2^20`) and as a float.
#[derive(Clone, Copy)]
pub(super) struct Factor {
    pub(super) exact: Ratio,
    pub(super) float: f64,
}

impl Factor {
    /// Uniform in 1 ± spread on a grid of 2^20 steps.
    pub(super) fn draw(rng: &mut SplitMix, spread: Ratio) -> Factor {
        const STEPS: i128 = 1 << 20;
        let u = i128::from((rng.next() >> 44) as u32); // 20 bits
        let offset = Ratio::new(2 * u - STEPS, STEPS).unwrap_or(Ratio::ZERO);
        let exact = spread
            .checked_mul(offset)
            .and_then(|x| Ratio::ONE.checked_add(x))
            .unwrap_or(Ratio::ONE);
        Factor {
            exact,
            float: to_f64(exact),
        }
    }
}

/// SplitMix64, seeded from (seed, stream): a small generator whose sequence never
/// changes between versions, so a seed reproduces its output.
pub(super) struct SplitMix(u64);

impl SplitMix {
    pub(super) fn new(seed: u64, stream: u64) -> SplitMix {
        let mut mix = SplitMix(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        mix.next();
        mix
    }

    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

pub(super) fn to_f64(r: Ratio) -> f64 {
    r.numer() as f64 / r.denom() as f64
}

pub(super) fn model(instrument: &Instrument, results: &Results) -> Model {
    let decimals = instrument.decimals;
    let digits = |d: Decimal| -> i64 {
        let scaled = crate::text::decimal::round_half_away_from_zero(d, decimals);
        i64::try_from(scaled.mantissa()).unwrap_or(i64::MAX)
    };
    let questionnaire = instrument
        .stages
        .iter()
        .position(|s| s.questionnaire)
        .unwrap_or(0);
    let mut bands: Vec<(i64, usize)> = instrument
        .qualifications
        .iter()
        .enumerate()
        .map(|(k, q)| (digits(q.min), k))
        .collect();
    bands.sort_by_key(|b| std::cmp::Reverse(b.0));
    let tie_break = instrument
        .tie_break
        .iter()
        .filter_map(|key| match key {
            TieBreak::Stage(id) => instrument
                .stages
                .iter()
                .position(|s| s.id == *id)
                .map(TieKey::Stage),
            TieBreak::Indicator(id) => Some(TieKey::Indicator(
                results
                    .results
                    .iter()
                    .map(|c| c.indicator(id).map(|s| digits(s.rounded())))
                    .collect(),
            )),
        })
        .collect();
    Model {
        decimals,
        scale: 10f64.powi(i32::try_from(decimals).unwrap_or(2)),
        top_weights: instrument
            .indicators
            .iter()
            .map(|i| Ratio::from_decimal(i.weight))
            .collect(),
        stage_weights: instrument
            .stages
            .iter()
            .map(|s| Ratio::from_decimal(s.weight))
            .collect(),
        questionnaire,
        absent_zero: instrument
            .stages
            .iter()
            .map(|s| instrument.absent_policy(s) == AbsentStage::Zero)
            .collect(),
        bands,
        tie_break,
    }
}

pub(super) fn profile(instrument: &Instrument, card: &crate::score::card::Scorecard) -> Profile {
    let both = |s: Option<Score>| s.map(|s| s.exact());
    let stages: Vec<Option<Ratio>> = instrument
        .stages
        .iter()
        .map(|s| both(card.stage(&s.id)))
        .collect();
    Profile {
        top: instrument
            .indicators
            .iter()
            .map(|i| both(card.indicator(&i.id)))
            .collect(),
        rounded: stages
            .iter()
            .map(|s| rounded_digits(*s, instrument.decimals))
            .collect(),
        stages,
        category: card
            .agency
            .category
            .as_deref()
            .and_then(|c| instrument.categories.iter().position(|k| k.id == c)),
        judges: Vec::new(),
    }
}

/// The weights of one sample, as floats, computed once a sample rather than once a body.
pub(super) struct Weights<'f> {
    pub(super) top: Vec<f64>,
    pub(super) stages: Vec<f64>,
    pub(super) top_factors: &'f [Factor],
    pub(super) stage_factors: &'f [Factor],
}

/// A body's final in one sample as rounded digits; `stage_digits` receives each stage's
/// rounded digits (`None`: no part taken) when the tie-break keys need them.
pub(super) fn body_final(
    model: &Model,
    floats: &[f64],
    body: &Profile,
    weights: &Weights,
    stage_digits: Option<&mut [Option<i64>]>,
) -> i64 {
    let (top, stages) = floats.split_at(weights.top.len().min(floats.len()));
    // The questionnaire: weighted mean of the indicators present (NaN: left out).
    let (mut sum, mut weight) = (0f64, 0f64);
    for (s, w) in top.iter().zip(&weights.top) {
        if !s.is_nan() {
            sum += w * s;
            weight += w;
        }
    }
    let q = if weight > 0.0 { sum / weight } else { 0.0 };
    let q_digits = round_checked(q, model, || {
        exact_questionnaire(model, body, weights.top_factors)
    });
    let stage_value = |k: usize, score: f64| -> Option<f64> {
        if k == model.questionnaire {
            return Some(q);
        }
        // Gates are kept as published: a stage the body did not pass has no score.
        (!score.is_nan()).then_some(score)
    };
    // What the final is divided by: the stages taken part in, and those not taken part
    // in whose policy counts them 0.
    let (mut total, mut counted) = (0f64, 0f64);
    for (k, (score, w)) in stages.iter().zip(&weights.stages).enumerate() {
        let zero = model.absent_zero.get(k).copied().unwrap_or(true);
        if let Some(s) = stage_value(k, *score) {
            total += w * s;
            counted += w;
        } else if zero {
            counted += w;
        }
    }
    // A tie-break key is the stage's published digits, rounded exactly: the
    // questionnaire's as its final was (checked at the boundary), another stage's from
    // its exact score — never a float rounded, which can fall on the other side of .5
    // (80.085 × 100 is 8008.4999… in binary).
    if let Some(digits) = stage_digits {
        for (k, (slot, score)) in digits.iter_mut().zip(stages).enumerate() {
            *slot = stage_value(k, *score).and_then(|_| {
                if k == model.questionnaire {
                    return Some(q_digits);
                }
                body.rounded.get(k).copied().flatten()
            });
        }
    }
    let final_score = if counted > 0.0 { total / counted } else { 0.0 };
    round_checked(final_score, model, || {
        exact_final(model, body, weights.top_factors, weights.stage_factors)
    })
}

/// An exact score rounded to `decimals` digits, half away from zero, as an integer of
/// its last digit (`80.085` → 8009).
pub(super) fn rounded_digits(score: Option<Ratio>, decimals: u32) -> Option<i64> {
    let rounded = score?.round(decimals)?;
    i64::try_from(rounded.mantissa()).ok()
}

/// Rounds `value` to the instrument's decimals, half away from zero; near a boundary,
/// the exact value decides.
pub(super) fn round_checked(value: f64, model: &Model, exact: impl Fn() -> Option<Ratio>) -> i64 {
    let scaled = value * model.scale;
    let fraction = scaled - scaled.floor();
    if (fraction - 0.5).abs() < 1e-6
        && let Some(d) = exact().and_then(|r| r.round(model.decimals))
    {
        return i64::try_from(d.mantissa()).unwrap_or(0);
    }
    scaled.round() as i64
}

pub(super) fn exact_questionnaire(model: &Model, body: &Profile, top: &[Factor]) -> Option<Ratio> {
    let (mut sum, mut weight) = (Ratio::ZERO, Ratio::ZERO);
    for ((score, w), f) in body.top.iter().zip(&model.top_weights).zip(top) {
        if let Some(s) = score {
            let w = w.checked_mul(f.exact)?;
            sum = sum.checked_add(w.checked_mul(*s)?)?;
            weight = weight.checked_add(w)?;
        }
    }
    if weight.is_zero() {
        return Some(Ratio::ZERO);
    }
    sum.checked_div(weight)
}

pub(super) fn exact_final(
    model: &Model,
    body: &Profile,
    top: &[Factor],
    stages: &[Factor],
) -> Option<Ratio> {
    let q = exact_questionnaire(model, body, top)?;
    let (mut total, mut counted) = (Ratio::ZERO, Ratio::ZERO);
    for (k, ((score, w), f)) in body
        .stages
        .iter()
        .zip(&model.stage_weights)
        .zip(stages)
        .enumerate()
    {
        let w = w.checked_mul(f.exact)?;
        let zero = model.absent_zero.get(k).copied().unwrap_or(true);
        let value = if k == model.questionnaire {
            Some(q)
        } else {
            *score
        };
        if let Some(s) = value {
            total = total.checked_add(w.checked_mul(s)?)?;
            counted = counted.checked_add(w)?;
        } else if zero {
            counted = counted.checked_add(w)?;
        }
    }
    if counted.is_zero() {
        return Some(Ratio::ZERO);
    }
    total.checked_div(counted)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn run_sample(
    model: &Model,
    profiles: &[Profile],
    dense: &[f64],
    top: &[Factor],
    stages: &[Factor],
    categories: usize,
    seed: u64,
    sample: u64,
) -> Sample {
    let n = profiles.len();
    let width = top.len() + stages.len();
    let weights = Weights {
        top: model
            .top_weights
            .iter()
            .zip(top)
            .map(|(w, f)| to_f64(*w) * f.float)
            .collect(),
        stages: model
            .stage_weights
            .iter()
            .zip(stages)
            .map(|(w, f)| to_f64(*w) * f.float)
            .collect(),
        top_factors: top,
        stage_factors: stages,
    };
    // Each body's rounded final, and its stages' rounded digits when a tie-break key
    // needs them (compared only between bodies of equal finals).
    let needs_stages = model
        .tie_break
        .iter()
        .any(|t| matches!(t, TieKey::Stage(_)));
    let stage_count = model.stage_weights.len();
    let mut finals = vec![0i64; n];
    let mut stage_digits: Vec<Option<i64>> =
        vec![None; if needs_stages { n * stage_count } else { 0 }];
    let mut own = Vec::new();
    for (b, ((body, slot), floats)) in profiles
        .iter()
        .zip(finals.iter_mut())
        .zip(dense.chunks(width.max(1)))
        .enumerate()
    {
        let stages_of = stage_digits.get_mut(b * stage_count..(b + 1) * stage_count);
        let stages_of = stages_of.filter(|_| needs_stages);
        if body.judges.is_empty() {
            *slot = body_final(model, floats, body, &weights, stages_of);
            continue;
        }
        // Judge noise: this body's stages drawn again from their judges by its own
        // generator (sample, body), so the draw does not depend on the threads.
        let mut rng = SplitMix::new(seed ^ 0x05EE_D0F1_D6E5, (sample << 32) ^ b as u64);
        let mut redrawn = body.clone_scores();
        own.clear();
        own.extend_from_slice(floats);
        for (k, scores) in &body.judges {
            let count = scores.len().max(1);
            let picks: Vec<Decimal> = (0..count)
                .filter_map(|_| scores.get((rng.next() % count as u64) as usize).copied())
                .collect();
            // Judges' scores were checked (0–100, a few decimals, a bounded count), so
            // their sum fits: a judge is never dropped from a mean silently.
            let sum = picks.iter().fold(Ratio::ZERO, |sum, d| {
                sum.checked_add(Ratio::from_decimal(*d))
                    .expect("the sum of checked judges' scores fits a fraction")
            });
            let mean = sum.checked_div(Ratio::from_integer(count as i128));
            if let (Some(mean), Some(stage), Some(float)) =
                (mean, redrawn.stages.get_mut(*k), own.get_mut(top.len() + k))
            {
                *stage = Some(mean);
                *float = to_f64(mean);
                if let Some(slot) = redrawn.rounded.get_mut(*k) {
                    *slot = rounded_digits(Some(mean), model.decimals);
                }
            }
        }
        *slot = body_final(model, &own, &redrawn, &weights, stages_of);
    }
    let tie = |b: usize, key: &TieKey| -> i64 {
        let value = match key {
            TieKey::Stage(k) => stage_digits.get(b * stage_count + k).copied().flatten(),
            TieKey::Indicator(values) => values.get(b).copied().flatten(),
        };
        value.unwrap_or(i64::MIN)
    };
    // The tie-break keys packed into one word a body, 16 bits a key (0: no score), when
    // they fit — up to four keys of at most 65,534 digits (two decimals: 10,000) — so
    // that comparing two bodies is comparing two integers.
    // In one pass; `None` as soon as a key does not fit.
    let packed: Option<Vec<u64>> = (model.tie_break.len() <= 4)
        .then(|| {
            (0..n)
                .map(|b| {
                    model.tie_break.iter().try_fold(0u64, |word, key| {
                        let field = match tie(b, key) {
                            i64::MIN => 0,
                            v => u64::try_from(v + 1)
                                .ok()
                                .filter(|f| (1..65_535).contains(f))?,
                        };
                        Some((word << 16) | field)
                    })
                })
                .collect()
        })
        .flatten();
    // Better first: the final, then each tie-break key (a missing one below every score).
    let compare = |a: usize, b: usize| -> std::cmp::Ordering {
        let final_of = |x: usize| finals.get(x).copied().unwrap_or(0);
        final_of(b).cmp(&final_of(a)).then_with(|| match &packed {
            Some(packed) => {
                let word = |x: usize| packed.get(x).copied().unwrap_or(0);
                word(b).cmp(&word(a))
            }
            None => model
                .tie_break
                .iter()
                .map(|key| tie(b, key).cmp(&tie(a, key)))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal),
        })
    };
    let order = rank_order(&finals, !model.tie_break.is_empty(), compare);
    let mut overall = vec![0u32; n];
    let mut category = vec![0u32; n];
    let mut seen = vec![0u32; categories];
    let mut last_in: Vec<Option<(usize, u32)>> = vec![None; categories];
    let mut last: Option<(usize, u32)> = None;
    for (position, &b) in order.iter().enumerate() {
        let rank = match last {
            Some((prev, rank)) if compare(prev, b).is_eq() => rank,
            _ => u32::try_from(position + 1).unwrap_or(u32::MAX),
        };
        last = Some((b, rank));
        if let Some(slot) = overall.get_mut(b) {
            *slot = rank;
        }
        let c = profiles.get(b).and_then(|p| p.category).unwrap_or(0);
        if let (Some(count), Some(previous)) = (seen.get_mut(c), last_in.get_mut(c)) {
            *count += 1;
            let rank = match *previous {
                Some((prev, rank)) if compare(prev, b).is_eq() => rank,
                _ => *count,
            };
            *previous = Some((b, rank));
            if let Some(slot) = category.get_mut(b) {
                *slot = rank;
            }
        }
    }
    let band = finals
        .iter()
        .map(|digits| {
            let k = model
                .bands
                .iter()
                .find(|(min, _)| min <= digits)
                .map_or(0, |(_, k)| *k);
            u8::try_from(k).unwrap_or(u8::MAX)
        })
        .collect();
    Sample {
        overall,
        category,
        band,
        top_factors: top.iter().map(|f| f.float).collect(),
    }
}

/// The bodies best first: a counting sort on the rounded final (finals are a few
/// thousand distinct digits), then `compare` (the tie-break keys) within each final.
pub(super) fn rank_order(
    finals: &[i64],
    ties: bool,
    compare: impl Fn(usize, usize) -> std::cmp::Ordering,
) -> Vec<usize> {
    let n = finals.len();
    let (Some(&low), Some(&high)) = (finals.iter().min(), finals.iter().max()) else {
        return Vec::new();
    };
    let span = usize::try_from(high - low).unwrap_or(0) + 1;
    if span > 4 * n + 1_024 {
        // Finals too spread out for buckets (many decimals): a plain sort.
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| compare(a, b));
        return order;
    }
    // Bucket starts, highest final first.
    let bucket = |f: i64| usize::try_from(high - f).unwrap_or(0);
    let mut starts = vec![0usize; span + 1];
    for &f in finals {
        if let Some(s) = starts.get_mut(bucket(f) + 1) {
            *s += 1;
        }
    }
    for k in 1..starts.len() {
        let before = starts.get(k - 1).copied().unwrap_or(0);
        if let Some(s) = starts.get_mut(k) {
            *s += before;
        }
    }
    let mut next = starts.clone();
    let mut order = vec![0usize; n];
    for (b, &f) in finals.iter().enumerate() {
        if let Some(slot) = next.get_mut(bucket(f))
            && let Some(place) = order.get_mut(*slot)
        {
            *place = b;
            *slot += 1;
        }
    }
    for pair in starts.windows(2).filter(|_| ties) {
        if let (Some(&from), Some(&to)) = (pair.first(), pair.get(1))
            && to > from + 1
            && let Some(group) = order.get_mut(from..to)
        {
            group.sort_by(|&a, &b| compare(a, b));
        }
    }
    order
}
