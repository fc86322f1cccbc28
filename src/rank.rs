//! Rankings (SPEC 3): competition ranking on the rounded final score, `tie_break` keys
//! compared rounded, overall, within each category and within each region.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::instrument::TieBreak;
use crate::score::Scorecard;

/// A body's ranks: overall, within its category, within its region (`None` for a body
/// with no region).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rank {
    /// Among every scored body.
    pub overall: usize,
    /// Among the bodies of its category.
    pub category: usize,
    /// Among the bodies of its region.
    pub region: Option<usize>,
}

/// Sorts `cards` by rank and gives each its [`Rank`]: higher rounded final first; equal
/// finals compared on `tie_break` (rounded; a key with no score ranks below every
/// score); bodies still equal share a rank and the next is skipped (1, 2, 2, 4), listed
/// by ascending agency id.
///
/// ```
/// # use kip_index::{Body, Instrument, Plan, Submission, rank};
/// # let instrument: Instrument =
/// #     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// # let plan = Plan::new(&instrument)?;
/// // Three bodies answering one choice question: "a" is its best option.
/// let body = |id: &str, option: &str| -> Result<_, Box<dyn std::error::Error>> {
///     let text = format!(r#"{{ "instrument": "monev-kip-2025",
///       "agency": {{ "id": "{id}", "name": "Badan {id}", "category": "opd" }},
///       "answers": {{ "JI03": {{ "value": "{option}" }} }} }}"#);
///     Ok(plan.score(&Body::new(&Submission::from_json(&text)?))?)
/// };
/// let mut cards = vec![body("b", "d")?, body("a", "a")?, body("c", "d")?];
/// rank(&mut cards, &instrument.tie_break);
/// let order: Vec<(&str, usize)> =
///     cards.iter().map(|c| (c.agency.id.as_str(), c.rank.map_or(0, |r| r.overall))).collect();
/// assert_eq!(order, [("a", 1), ("b", 2), ("c", 2)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn rank(cards: &mut [Scorecard], tie_break: &[TieBreak]) {
    let keys: Vec<(Vec<Option<Decimal>>, usize)> = cards
        .iter()
        .enumerate()
        .map(|(i, card)| (key(card, tie_break), i))
        .collect();
    let mut order: Vec<usize> = (0..cards.len()).collect();
    let key_of = |i: usize| keys.get(i).map(|(k, _)| k.as_slice()).unwrap_or(&[]);
    let id_of = |i: usize| cards.get(i).map_or("", |c| c.agency.id.as_str());
    order.sort_by(|&a, &b| compare(key_of(a), key_of(b)).then_with(|| id_of(a).cmp(id_of(b))));

    let mut overall = Scope::default();
    let mut categories: BTreeMap<String, Scope> = BTreeMap::new();
    let mut regions: BTreeMap<String, Scope> = BTreeMap::new();
    let mut ranks = vec![None; cards.len()];
    for &i in &order {
        let Some(card) = cards.get(i) else { continue };
        let key = key_of(i);
        let category = categories
            .entry(card.agency.category.clone())
            .or_default()
            .place(key);
        let region = card
            .agency
            .region
            .as_ref()
            .map(|r| regions.entry(r.clone()).or_default().place(key));
        if let Some(slot) = ranks.get_mut(i) {
            *slot = Some(Rank {
                overall: overall.place(key),
                category,
                region,
            });
        }
    }
    for (card, rank) in cards.iter_mut().zip(ranks) {
        card.rank = rank;
    }
    // Listed by overall rank; bodies sharing a rank have equal keys, listed by agency id.
    cards.sort_by(|a, b| {
        let overall = |c: &Scorecard| c.rank.map_or(usize::MAX, |r| r.overall);
        overall(a)
            .cmp(&overall(b))
            .then_with(|| a.agency.id.cmp(&b.agency.id))
    });
}

/// The ranking key: the rounded final, then each tie-break key rounded.
fn key(card: &Scorecard, tie_break: &[TieBreak]) -> Vec<Option<Decimal>> {
    let mut key = Vec::with_capacity(1 + tie_break.len());
    key.push(Some(card.final_score.rounded()));
    for t in tie_break {
        key.push(
            match t {
                TieBreak::Stage(id) => card.stage(id),
                TieBreak::Indicator(id) => card.indicator(id),
            }
            .map(|s| s.rounded()),
        );
    }
    key
}

/// Better first: higher scores before lower, any score before none.
fn compare(a: &[Option<Decimal>], b: &[Option<Decimal>]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let order = match (x, y) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    Ordering::Equal
}

/// Competition ranking within one scope, fed in rank order.
#[derive(Default)]
struct Scope {
    placed: usize,
    last: Option<(Vec<Option<Decimal>>, usize)>,
}

impl Scope {
    fn place(&mut self, key: &[Option<Decimal>]) -> usize {
        self.placed += 1;
        let rank = match &self.last {
            Some((last, rank)) if compare(last, key) == Ordering::Equal => *rank,
            _ => self.placed,
        };
        self.last = Some((key.to_vec(), rank));
        rank
    }
}
