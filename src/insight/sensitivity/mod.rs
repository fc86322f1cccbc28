//! How sure is a rank? An uncertainty analysis of a finished batch, as composite-index
//! practice audits published indexes (the EC JRC's COINr): perturb the weights the index
//! rests on, re-score every body, rank again, and report each body's rank interval and
//! the share of samples in each qualification.
//!
//! Each sample multiplies every top-level indicator weight by a factor drawn uniformly
//! in 1 ± `weight_spread` (and every stage weight by one in 1 ± `stage_spread`), scales
//! the weights back to sum 100, and re-scores each body from its indicator and stage
//! scores — computed once, never re-read — with the instrument's rules: left-out
//! indicators, every gate outcome as published (the presentations happened; a rank gate
//! cannot be redrawn from one body's perturbed score), `absent_stage` and each stage's
//! `absent`, rounding once half away
//! from zero, qualification bands, competition ranking with the `tie_break` keys, overall
//! and per category.
//!
//! Finals are computed in binary floating point and rounded; a final within a millionth
//! of its last digit of a rounding boundary (10⁻⁸ of a point with two decimals, where
//! the floating-point error is about 10⁻¹²) is recomputed with exact fractions, and the
//! tie-break keys are the stages' exactly rounded digits, so every rounded final — hence
//! every rank and qualification — is the exact one: with no spread, every sample is the
//! published ranking. Samples run on every core; each
//! sample's factors come from its own generator seeded by (`seed`, sample number), so the
//! output is the same on any number of threads.

#[cfg(feature = "arrow")]
mod arrow;
mod sample;
mod summary;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::batch::results::Results;
use crate::model::id::QualificationId;
use crate::model::instrument::Instrument;
use crate::model::submission::Agency;
use crate::score::card::Score;
use crate::score::ratio::Ratio;
use sample::{Factor, Sample, SplitMix, model, profile, run_sample, to_f64};
use summary::summarise;

/// The choices of a sensitivity run: the defaults, changed by the builder methods (the
/// struct may gain options without breaking a caller).
///
/// ```
/// use kip_index::{Decimal, SensitivityOptions};
/// let options = SensitivityOptions::default().samples(200).seed(7).weight_spread(Decimal::new(1, 1));
/// assert_eq!((options.samples, options.seed, options.weight_spread.to_string().as_str()), (200, 7, "0.1"));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SensitivityOptions {
    /// Samples drawn (default 1,000).
    pub samples: usize,
    /// The seed: the same seed gives the same output.
    pub seed: u64,
    /// Each top-level indicator weight is multiplied by a factor uniform in
    /// 1 ± `weight_spread` (default 0.25).
    pub weight_spread: Decimal,
    /// Each stage weight likewise (default 0: stages are usually fixed by regulation).
    pub stage_spread: Decimal,
    /// Resample each stage score given by several judges from its judges' scores
    /// (a bootstrap: as many draws as judges, with replacement) in every sample; the
    /// judges' scores come to [`sensitivity_with_judges`].
    pub judge_noise: bool,
}

impl SensitivityOptions {
    /// The most samples an analysis may draw.
    pub const MAX_SAMPLES: usize = 10_000_000;

    /// Checks the options: from 1 to [`MAX_SAMPLES`](Self::MAX_SAMPLES) samples, and
    /// spreads from 0 up to (not including) 1 — a spread of 1 or more could turn a
    /// weight negative. Every problem with a sentence naming the valid range.
    ///
    /// ```
    /// use kip_index::{Decimal, SensitivityOptions};
    /// assert!(SensitivityOptions::default().check().is_empty());
    /// let zero = SensitivityOptions::default().samples(0);
    /// assert_eq!(zero.check().len(), 1);
    /// let wide = SensitivityOptions::default().weight_spread(Decimal::from(50));
    /// assert_eq!(wide.check().len(), 1);
    /// ```
    pub fn check(&self) -> crate::Report {
        let mut report = crate::Report::new();
        if self.samples == 0 || self.samples > Self::MAX_SAMPLES {
            report.push(
                crate::Problem::new(
                    crate::ProblemKind::InvalidValue,
                    "/samples",
                    format!(
                        "expected from 1 to {} samples, found {}",
                        Self::MAX_SAMPLES,
                        self.samples
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya 1 sampai {} sampel, ternyata {}",
                    Self::MAX_SAMPLES,
                    self.samples
                )),
            );
        }
        for (name, spread) in [
            ("weight_spread", self.weight_spread),
            ("stage_spread", self.stage_spread),
        ] {
            if spread.is_sign_negative() || spread >= Decimal::ONE {
                report.push(
                    crate::Problem::new(
                        crate::ProblemKind::InvalidValue,
                        format!("/{name}"),
                        format!(
                            "expected a spread from 0 up to (not including) 1 (0.25 is ±25%), \
                             found {spread}"
                        ),
                    )
                    .with_indonesian(format!(
                        "seharusnya sebaran dari 0 sampai kurang dari 1 (0,25 berarti ±25%), \
                         ternyata {}",
                        spread.to_string().replace('.', ",")
                    )),
                );
            }
        }
        report
    }

    /// The memory the samples of a batch of `bodies` take, in bytes, before any is
    /// drawn: each sample keeps every body's overall and category rank and band (9
    /// bytes), and each body's summary gathers its ranks over the samples (8 bytes a
    /// sample, on each of `threads`). `None` when it does not fit in 64 bits.
    pub fn memory_needed(&self, bodies: usize, threads: usize) -> Option<u64> {
        let samples = u64::try_from(self.samples).ok()?;
        let bodies = u64::try_from(bodies).ok()?;
        let threads = u64::try_from(threads.max(1)).ok()?;
        let kept = samples.checked_mul(bodies)?.checked_mul(9)?;
        let gathered = samples.checked_mul(8)?.checked_mul(threads)?;
        kept.checked_add(gathered)
    }
}

impl SensitivityOptions {
    /// Draws `samples` samples.
    pub fn samples(mut self, samples: usize) -> SensitivityOptions {
        self.samples = samples;
        self
    }

    /// Seeds the samples' generators.
    pub fn seed(mut self, seed: u64) -> SensitivityOptions {
        self.seed = seed;
        self
    }

    /// Multiplies each top-level indicator weight by a factor in 1 ± `spread`.
    pub fn weight_spread(mut self, spread: Decimal) -> SensitivityOptions {
        self.weight_spread = spread;
        self
    }

    /// Multiplies each stage weight by a factor in 1 ± `spread`.
    pub fn stage_spread(mut self, spread: Decimal) -> SensitivityOptions {
        self.stage_spread = spread;
        self
    }

    /// Resamples each stage scored by several judges from its judges' scores.
    pub fn judge_noise(mut self, on: bool) -> SensitivityOptions {
        self.judge_noise = on;
        self
    }
}

impl Default for SensitivityOptions {
    fn default() -> SensitivityOptions {
        SensitivityOptions {
            samples: 1_000,
            seed: 1,
            weight_spread: Decimal::new(25, 2),
            stage_spread: Decimal::ZERO,
            judge_noise: false,
        }
    }
}

/// Where a body's rank fell over the samples: nearest-rank percentiles of the sampled
/// ranks (the 5th, the median, the 95th) and their mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RankInterval {
    /// The 5th percentile: 90% of samples rank the body between `low` and `high`.
    pub low: usize,
    /// The median rank (the lower one of an even count).
    pub median: usize,
    /// The 95th percentile.
    pub high: usize,
    /// The mean rank, to two decimals.
    #[serde(serialize_with = "crate::text::decimal::serialize")]
    pub mean: Decimal,
}

/// One body's sensitivity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BodySensitivity {
    /// The body.
    pub agency: Agency,
    /// Its published final score.
    #[serde(rename = "final")]
    pub final_score: Score,
    /// Its published rank among every body.
    pub rank: usize,
    /// Its published rank in its category, if it has one.
    pub category_rank: Option<usize>,
    /// Its sampled rank among every body.
    pub overall: RankInterval,
    /// Its sampled rank in its category.
    pub category: Option<RankInterval>,
    /// For each qualification (id), the share of samples (percent, two decimals) that
    /// gave the body it.
    #[serde(serialize_with = "shares")]
    pub qualifications: Vec<(QualificationId, Decimal)>,
}

/// The sensitivity of a batch's ranks and qualifications to its weights.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Sensitivity {
    /// Samples drawn.
    pub samples: usize,
    /// The seed.
    pub seed: u64,
    /// Every scored body, in published rank order.
    pub bodies: Vec<BodySensitivity>,
    /// The mean over samples of the mean absolute shift of the bodies' overall ranks from
    /// their published ranks (two decimals).
    #[serde(serialize_with = "crate::text::decimal::serialize")]
    pub mean_rank_shift: Decimal,
    /// For each top-level indicator, Pearson's correlation, over the samples, between its
    /// weight factor and the sample's mean absolute rank shift (two decimals): the
    /// indicator whose weight moves ranks most has the largest.
    #[serde(serialize_with = "shares")]
    pub weight_influence: Vec<(String, Decimal)>,
}

/// `[(id, number)]` as a JSON object of exact numbers.
fn shares<S: serde::Serializer, Id: AsRef<str>>(
    pairs: &[(Id, Decimal)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(pairs.len()))?;
    for (id, value) in pairs {
        map.serialize_entry(id.as_ref(), &crate::text::decimal::Exact(*value))?;
    }
    map.end()
}

/// What one body brings to every sample: its scores, computed once.
struct Profile {
    /// Top-level indicator scores, exactly (`None`: left out); the samples read them as
    /// floats from one dense array.
    top: Vec<Option<Ratio>>,
    /// Stage scores (the questionnaire's is recomputed in each sample).
    stages: Vec<Option<Ratio>>,
    /// Each stage score rounded exactly to the instrument's digits (a tie-break key),
    /// worked out once, not once a sample.
    rounded: Vec<Option<i64>>,
    /// The body's category, by index.
    category: Option<usize>,
    /// For stages scored by several judges: (stage index, the judges' scores).
    judges: Vec<(usize, Vec<Decimal>)>,
}

impl Profile {
    /// The exact scores, for a body whose stages a sample draws again.
    fn clone_scores(&self) -> Profile {
        Profile {
            top: self.top.clone(),
            stages: self.stages.clone(),
            rounded: self.rounded.clone(),
            category: self.category,
            judges: Vec::new(),
        }
    }
}

/// The instrument's numbers a sample needs.
struct Model {
    decimals: u32,
    scale: f64,
    top_weights: Vec<Ratio>,
    stage_weights: Vec<Ratio>,
    questionnaire: usize,
    /// For each stage, whether a body that took no part in it gets 0 for it (its policy
    /// is `zero`), rather than its weight left out.
    absent_zero: Vec<bool>,
    /// Qualification bands as rounded digits, highest first, with their index.
    bands: Vec<(i64, usize)>,
    tie_break: Vec<TieKey>,
}

enum TieKey {
    Stage(usize),
    /// The published, rounded indicator score of each body (weights do not change it).
    Indicator(Vec<Option<i64>>),
}

/// Runs the analysis over `results` (a finished batch of `instrument`).
///
/// ```
/// use kip_index::{Batch, Framing, Instrument, Plan, SensitivityOptions, read_submissions, sensitivity};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let text = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let mut batch = Batch::new(&plan).without_stage_scores();
/// for record in read_submissions(&text, Framing::JsonLines, &instrument) {
///     batch.add_record("kabkota.jsonl", Framing::JsonLines, record);
/// }
/// let results = batch.finish();
/// // With no spread, every sample is the published ranking.
/// let fixed = SensitivityOptions::default().samples(50).weight_spread(0.into());
/// let analysis = sensitivity(&instrument, &results, &fixed);
/// for body in &analysis.bodies {
///     assert_eq!((body.overall.low, body.overall.high), (body.rank, body.rank));
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sensitivity(
    instrument: &Instrument,
    results: &Results,
    options: &SensitivityOptions,
) -> Sensitivity {
    sensitivity_with_judges(instrument, results, &[], options)
}

/// [`sensitivity`] with the stage scores the batch was given, each judge's score kept,
/// so that `judge_noise` can resample them.
pub fn sensitivity_with_judges(
    instrument: &Instrument,
    results: &Results,
    stage_scores: &[crate::model::verification::StageScore],
    options: &SensitivityOptions,
) -> Sensitivity {
    use crate::text::par::prelude::*;
    let model = model(instrument, results);
    let cards = &results.results;
    let mut judged: std::collections::BTreeMap<&str, Vec<(usize, Vec<Decimal>)>> =
        std::collections::BTreeMap::new();
    if options.judge_noise {
        for entry in stage_scores {
            let Some(k) = instrument.stages.iter().position(|s| s.id == entry.stage) else {
                continue;
            };
            let stages = judged.entry(entry.agency.as_str()).or_default();
            match stages.iter_mut().find(|(s, _)| *s == k) {
                Some((_, scores)) => scores.extend(entry.scores.iter().copied()),
                None => stages.push((k, entry.scores.clone())),
            }
        }
    }
    let profiles: Vec<Profile> = cards
        .iter()
        .map(|c| {
            let mut profile = profile(instrument, c);
            if let Some(stages) = judged.get(c.agency.id.as_str()) {
                profile.judges = stages
                    .iter()
                    .filter(|(_, s)| s.len() > 1)
                    .cloned()
                    .collect();
            }
            profile
        })
        .collect();
    // The scores every sample reads, dense (NaN: none), so that a sample streams them
    // from memory rather than chasing each body's allocations.
    let dense: Vec<f64> = profiles
        .iter()
        .flat_map(|p| p.top.iter().chain(&p.stages))
        .map(|score| score.map_or(f64::NAN, to_f64))
        .collect();
    let n = cards.len();
    let categories = instrument.categories.len().max(1);
    let spread = |d: Decimal| Ratio::from_decimal(d.abs().min(Decimal::ONE));
    let (weight_spread, stage_spread) =
        (spread(options.weight_spread), spread(options.stage_spread));
    // Never more than the most an analysis draws (`check` refuses more; the analysis
    // reports how many it drew), so that a count from a caller cannot abort the process.
    let samples: Vec<Sample> = (0..options.samples.min(SensitivityOptions::MAX_SAMPLES))
        .into_par_iter()
        .map(|k| {
            let mut rng = SplitMix::new(options.seed, k as u64);
            let top: Vec<Factor> = (0..model.top_weights.len())
                .map(|_| Factor::draw(&mut rng, weight_spread))
                .collect();
            let stages: Vec<Factor> = (0..model.stage_weights.len())
                .map(|_| Factor::draw(&mut rng, stage_spread))
                .collect();
            run_sample(
                &model,
                &profiles,
                &dense,
                &top,
                &stages,
                categories,
                options.seed,
                k as u64,
            )
        })
        .collect();
    summarise(instrument, results, &samples, options, n)
}
