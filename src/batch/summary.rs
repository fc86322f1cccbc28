//! Summaries per category and per region: bodies due, scored, rejected and not
//! assessed; mean, median, min and max of the published finals; each qualification's
//! count and share.

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::SerializeMap;

use std::collections::BTreeMap;

use crate::model::id::{CategoryId, QualificationId};
use crate::model::instrument::Instrument;
use crate::score::card::Scorecard;
use crate::score::ratio::Ratio;
use crate::text::decimal;

/// The summaries of a batch: one per category (in the instrument's order) and one per
/// region (in ascending order).
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct Summary {
    /// By category id.
    pub categories: Vec<(CategoryId, GroupSummary)>,
    /// By region.
    pub regions: Vec<(String, GroupSummary)>,
}

/// The summary of one category or region.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GroupSummary {
    /// Bodies due to submit (from the roster; `None` without one).
    pub due: Option<usize>,
    /// Bodies scored.
    pub scored: usize,
    /// Bodies not scored because every submission of theirs was rejected (each with its
    /// reasons in [`Results::rejected`](crate::Results::rejected)); a body counts once
    /// however many of its submissions were rejected.
    pub rejected: usize,
    /// Bodies not assessed (*Tidak Dinilai*): roster bodies that sent nothing, and
    /// bodies that sent only after the deadline. With a roster, for its bodies,
    /// `due = scored + rejected + not_assessed`: each body is in exactly one.
    pub not_assessed: usize,
    /// Of the bodies not assessed, those that sent only after the deadline (*terlambat*);
    /// `None` when no deadline was set.
    pub late: Option<usize>,
    /// With a roster, the bodies scored or rejected that are not on it (each also
    /// warned about): `due + not_on_roster = scored + rejected + not_assessed`.
    /// `None` without a roster.
    pub not_on_roster: Option<usize>,
    /// Mean, median, min and max of the scored bodies' published (rounded) finals,
    /// rounded to the instrument's `decimals`; `None` when no body was scored.
    pub statistics: Option<Statistics>,
    /// Every qualification, in the instrument's order: its id, count and share.
    pub qualifications: Vec<(QualificationId, QualificationCount)>,
    /// For raters in groups (IKIP's informants): each group's mean score over the
    /// group's bodies (the mean of their exact group scores, rounded once), by group.
    pub rater_groups: Vec<(String, Decimal)>,
}

/// Mean, median, min and max of published finals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Statistics {
    /// The mean.
    pub mean: Decimal,
    /// The median (of an even count, the mean of the middle two).
    pub median: Decimal,
    /// The least.
    pub min: Decimal,
    /// The greatest.
    pub max: Decimal,
}

/// How many scored bodies have a qualification, and their share in percent (`None` when
/// no body was scored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct QualificationCount {
    /// The number of bodies.
    pub count: usize,
    /// The share of the scored bodies, in percent, rounded to `decimals`.
    pub share: Option<Decimal>,
}

/// What a summary is computed from, for one group.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pub due: Option<usize>,
    pub rejected: usize,
    pub not_assessed: usize,
    pub late: usize,
    pub not_on_roster: usize,
    /// The scored bodies' rounded finals and the indices of their qualifications.
    pub finals: Vec<(Decimal, usize)>,
    /// Per rater group: the bodies' exact group scores.
    pub groups: std::collections::BTreeMap<String, Vec<Ratio>>,
}

impl Tally {
    pub(crate) fn summarise(&self, instrument: &Instrument) -> GroupSummary {
        let decimals = instrument.decimals;
        let deadline = instrument.deadline.is_some();
        let scored = self.finals.len();
        let qualifications = instrument
            .qualifications
            .iter()
            .enumerate()
            .map(|(k, q)| {
                let count = self.finals.iter().filter(|(_, index)| *index == k).count();
                let share = percent(count, scored).and_then(|r| r.round(decimals));
                (q.id.clone(), QualificationCount { count, share })
            })
            .collect();
        let rater_groups = self
            .groups
            .iter()
            .filter_map(|(group, scores)| Some((group.clone(), mean_of(scores, decimals)?)))
            .collect();
        GroupSummary {
            due: self.due,
            scored,
            rejected: self.rejected,
            not_assessed: self.not_assessed,
            late: deadline.then_some(self.late),
            not_on_roster: self.due.map(|_| self.not_on_roster),
            statistics: statistics(&self.finals, decimals),
            qualifications,
            rater_groups,
        }
    }
}

/// The mean of exact scores, rounded once, half away from zero — whatever order they
/// come in. Over their common denominator in 128 bits when it fits; otherwise (weights
/// with many decimals over many bodies: the denominators' least common multiple runs
/// past 128 bits) in big integers, still exactly. `None` only for no scores.
fn mean_of(scores: &[Ratio], decimals: u32) -> Option<Decimal> {
    let count = i128::try_from(scores.len()).ok().filter(|n| *n > 0)?;
    let narrow = || -> Option<Ratio> {
        let mut lcm: i128 = 1;
        for score in scores {
            let d = score.denom();
            let g = i128::try_from(crate::score::ratio::gcd(
                lcm.unsigned_abs(),
                d.unsigned_abs(),
            ))
            .ok()?;
            lcm = (lcm / g).checked_mul(d)?;
        }
        let mut sum: i128 = 0;
        for score in scores {
            sum = sum.checked_add(score.numer().checked_mul(lcm / score.denom())?)?;
        }
        Ratio::new(sum, lcm.checked_mul(count)?)
    };
    match narrow() {
        Some(mean) => mean.round(decimals),
        None => wide_mean(scores, decimals),
    }
}

/// [`mean_of`] in big integers: Σ numerᵢ × (L / denomᵢ) over L × count, L the least
/// common multiple of the denominators, rounded half away from zero.
fn wide_mean(scores: &[Ratio], decimals: u32) -> Option<Decimal> {
    use num_bigint::BigInt;
    use num_integer::Integer;
    let mut lcm = BigInt::from(1);
    for score in scores {
        lcm = lcm.lcm(&BigInt::from(score.denom()));
    }
    let mut sum = BigInt::from(0);
    for score in scores {
        sum += BigInt::from(score.numer()) * (&lcm / BigInt::from(score.denom()));
    }
    let denom = lcm * BigInt::from(scores.len());
    let scaled = sum * BigInt::from(10).pow(decimals);
    // Truncated toward zero, then away from zero when the rest is half or more.
    let (mut quotient, rest) = scaled.div_rem(&denom);
    if rest.magnitude() * 2u32 >= *denom.magnitude() {
        quotient += if rest.sign() == num_bigint::Sign::Minus {
            -1
        } else {
            1
        };
    }
    let mantissa = i128::try_from(quotient).ok()?;
    Decimal::try_from_i128_with_scale(mantissa, decimals).ok()
}

fn percent(count: usize, of: usize) -> Option<Ratio> {
    let count = i128::try_from(count).ok()?;
    let of = i128::try_from(of).ok().filter(|n| *n > 0)?;
    Ratio::new(count.checked_mul(100)?, of)
}

fn statistics(finals: &[(Decimal, usize)], decimals: u32) -> Option<Statistics> {
    // Published finals all carry `decimals` digits: work on their integer mantissas.
    let mut values: Vec<i128> = finals
        .iter()
        .map(|(f, _)| {
            let mut f = *f;
            f.rescale(decimals);
            f.mantissa()
        })
        .collect();
    values.sort_unstable();
    let (min, max) = (*values.first()?, *values.last()?);
    let n = i128::try_from(values.len()).ok()?;
    let sum = values.iter().try_fold(0i128, |s, v| s.checked_add(*v))?;
    let middle = *values.get(values.len() / 2)?;
    let median_sum = if n % 2 == 1 {
        middle.checked_mul(2)?
    } else {
        middle.checked_add(*values.get(values.len() / 2 - 1)?)?
    };
    let unit = 10i128.checked_pow(decimals)?;
    let exact = |numerator: i128, denominator: i128| {
        Ratio::new(numerator, denominator.checked_mul(unit)?)?.round(decimals)
    };
    let published = |m: i128| Decimal::try_from_i128_with_scale(m, decimals).ok();
    Some(Statistics {
        mean: exact(sum, n)?,
        median: exact(median_sum, 2)?,
        min: published(min)?,
        max: published(max)?,
    })
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("categories", &Groups(&self.categories))?;
        map.serialize_entry("regions", &Groups(&self.regions))?;
        map.end()
    }
}

/// Groups by their ids (categories by [`CategoryId`], regions by their codes) as a JSON
/// object in their order.
struct Groups<'a, Id>(&'a [(Id, GroupSummary)]);

impl<Id: AsRef<str>> Serialize for Groups<'_, Id> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, group) in self.0 {
            map.serialize_entry(id.as_ref(), group)?;
        }
        map.end()
    }
}

struct Number(Option<Decimal>);

impl Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        decimal::serialize_opt(&self.0, s)
    }
}

impl Serialize for GroupSummary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let stat = |f: fn(&Statistics) -> Decimal| Number(self.statistics.as_ref().map(f));
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("due", &self.due)?;
        map.serialize_entry("scored", &self.scored)?;
        map.serialize_entry("rejected", &self.rejected)?;
        map.serialize_entry("not_assessed", &self.not_assessed)?;
        if let Some(late) = self.late {
            map.serialize_entry("late", &late)?;
        }
        if let Some(off) = self.not_on_roster {
            map.serialize_entry("not_on_roster", &off)?;
        }
        map.serialize_entry("mean", &stat(|s| s.mean))?;
        map.serialize_entry("median", &stat(|s| s.median))?;
        map.serialize_entry("min", &stat(|s| s.min))?;
        map.serialize_entry("max", &stat(|s| s.max))?;
        map.serialize_entry("qualifications", &Qualifications(&self.qualifications))?;
        if !self.rater_groups.is_empty() {
            let groups: Vec<(&String, Number)> = self
                .rater_groups
                .iter()
                .map(|(g, d)| (g, Number(Some(*d))))
                .collect();
            map.serialize_entry("rater_groups", &GroupMeans(groups))?;
        }
        map.end()
    }
}

struct GroupMeans<'a>(Vec<(&'a String, Number)>);

impl Serialize for GroupMeans<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (group, mean) in &self.0 {
            map.serialize_entry(group, mean)?;
        }
        map.end()
    }
}

struct Qualifications<'a>(&'a [(QualificationId, QualificationCount)]);

impl Serialize for Qualifications<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, q) in self.0 {
            map.serialize_entry(id, &QualificationOut(q))?;
        }
        map.end()
    }
}

struct QualificationOut<'a>(&'a QualificationCount);

impl Serialize for QualificationOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("count", &self.0.count)?;
        map.serialize_entry("share", &Number(self.0.share))?;
        map.end()
    }
}

/// Tallies per category and per region.
struct Tallies<'a> {
    categories: BTreeMap<&'a str, Tally>,
    regions: BTreeMap<&'a str, Tally>,
}

impl<'a> Tallies<'a> {
    fn add(&mut self, category: Option<&str>, region: Option<&'a str>, add: impl Fn(&mut Tally)) {
        if let Some(t) = category.and_then(|c| self.categories.get_mut(c)) {
            add(t);
        }
        if let Some(r) = region {
            add(self.regions.entry(r).or_default());
        }
    }
}

/// The tallies of a batch: its scorecards, its not-assessed bodies, the (agency,
/// category, region) of each rejected body, and the roster of bodies due.
pub(crate) fn summarise<'a>(
    instrument: &Instrument,
    cards: &[Scorecard],
    not_assessed: &[crate::batch::not_assessed::NotAssessed],
    rejected: impl Iterator<Item = (Option<&'a str>, Option<&'a str>, Option<&'a str>)>,
    roster: Option<&crate::batch::roster::Roster>,
) -> Summary {
    let off_roster =
        |agency: Option<&str>| roster.is_some_and(|r| agency.is_none_or(|id| !r.contains(id)));
    let mut tallies = Tallies {
        categories: instrument
            .categories
            .iter()
            .map(|c| (c.id.as_str(), Tally::default()))
            .collect(),
        regions: BTreeMap::new(),
    };
    for agency in roster.into_iter().flatten().map(|l| &l.0) {
        tallies.add(agency.category.as_deref(), agency.region.as_deref(), |t| {
            *t.due.get_or_insert(0) += 1;
        });
    }
    for body in not_assessed {
        let agency = &body.agency;
        let late = body.reason == crate::batch::not_assessed::NotAssessedReason::Late;
        // A late body the roster does not list is counted off the roster, as a scored
        // one would be: due + not_on_roster = scored + rejected + not_assessed.
        let off = late && off_roster(Some(&agency.id));
        tallies.add(agency.category.as_deref(), agency.region.as_deref(), |t| {
            t.not_assessed += 1;
            t.late += usize::from(late);
            t.not_on_roster += usize::from(off);
        });
    }
    for (agency, category, region) in rejected {
        let off = off_roster(agency);
        tallies.add(category, region, |t| {
            t.rejected += 1;
            t.not_on_roster += usize::from(off);
        });
    }
    let qualification_index = |id: &str| {
        instrument
            .qualifications
            .iter()
            .position(|q| q.id == id)
            .unwrap_or(usize::MAX)
    };
    for card in cards {
        let entry = (
            card.final_score.rounded(),
            qualification_index(&card.qualification),
        );
        let groups = &card.diagnostics.rater_groups;
        let off = off_roster(Some(&card.agency.id));
        tallies.add(
            card.agency.category.as_deref(),
            card.agency.region.as_deref(),
            |t| {
                t.finals.push(entry);
                t.not_on_roster += usize::from(off);
                for (group, score) in groups {
                    t.groups
                        .entry(group.clone())
                        .or_default()
                        .push(score.exact());
                }
            },
        );
    }
    // With a roster, a group none of whose bodies was due is due 0, not unknown.
    let summarise = |t: &mut Tally| {
        if roster.is_some() && t.due.is_none() {
            t.due = Some(0);
        }
        t.summarise(instrument)
    };
    Summary {
        categories: instrument
            .categories
            .iter()
            .filter_map(|c| {
                let t = tallies.categories.get_mut(c.id.as_str())?;
                Some((c.id.clone(), summarise(t)))
            })
            .collect(),
        regions: tallies
            .regions
            .iter_mut()
            .map(|(r, t)| ((*r).to_owned(), summarise(t)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::mean_of;
    use crate::Ratio;

    fn r(n: i128, d: i128) -> Ratio {
        Ratio::new(n, d).unwrap_or_else(|| panic!("{n}/{d}"))
    }

    #[test]
    fn a_mean_over_a_common_denominator_in_128_bits() {
        // (1/3 + 2/3 + 1/6) / 3 = (2 + 4 + 1)/6 / 3 = 7/18 = 0.3888… → 0.39.
        let mean = mean_of(&[r(1, 3), r(2, 3), r(1, 6)], 2);
        assert_eq!(mean.map(|d| d.to_string()), Some("0.39".to_owned()));
        assert_eq!(mean_of(&[], 2), None);
    }

    /// Scores over four large primes: their least common multiple is about 2^152, past
    /// 128 bits. Each pair k ± 1/q sums to 2k, so the mean is exactly
    /// 2 × (50 + 60 + 70 + 40.5) / 8 = 441 / 8 = 55.125, a half: 55.13 away from zero.
    /// Every score counts (one was silently left out when a sum overflowed), in any order.
    #[test]
    fn a_mean_past_128_bits_is_exact_and_whatever_the_order() {
        let primes: [i128; 4] = [(1 << 61) - 1, (1 << 31) - 1, 1_000_000_007, 998_244_353];
        let wholes = [50, 60, 70];
        let mut scores = Vec::new();
        for (k, q) in primes.iter().enumerate() {
            // 40.5 ± 1/q = (81q ± 2) / 2q for the last.
            let (numer, denom) = match wholes.get(k) {
                Some(w) => (w * q, *q),
                None => (81 * q, 2 * q),
            };
            let step = if denom == *q { 1 } else { 2 };
            scores.push(r(numer + step, denom));
            scores.push(r(numer - step, denom));
        }
        let mean = mean_of(&scores, 2).map(|d| d.to_string());
        assert_eq!(mean.as_deref(), Some("55.13"));
        scores.reverse();
        assert_eq!(mean_of(&scores, 2).map(|d| d.to_string()), mean);
        scores.swap(0, 5);
        assert_eq!(mean_of(&scores, 2).map(|d| d.to_string()), mean);
    }
}
