//! Rankings: competition ranking on the rounded final score, `tie_break` keys
//! compared rounded, overall, within each category, within each region, and within each
//! category's qualification.

use std::collections::BTreeMap;

use crate::model::instrument::TieBreak;
use crate::score::card::{Rank, Scorecard};
use rust_decimal::Decimal;

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
    ranking(cards, tie_break).apply(cards);
}

/// The ranks of a batch's cards and the order they are listed in, worked out without
/// changing the cards: a batch ranks while the same cards are summarised on another
/// core ([`Ranking::apply`] then writes them in).
pub(crate) struct Ranking {
    /// Each card's rank, by its index.
    ranks: Vec<Option<Rank>>,
    /// The cards' indices by overall rank, ties by agency id.
    order: Vec<usize>,
}

/// The [`Ranking`] of `cards` (as [`rank`] ranks them).
pub(crate) fn ranking(cards: &[Scorecard], tie_break: &[TieBreak]) -> Ranking {
    let width = 1 + tie_break.len();
    // One sequential pass gathers what the sort and the scopes need, so that they never
    // chase pointers into the cards: keys as comparable integers (higher is better),
    // the id's first 16 bytes as an integer, the category's and region's small indices.
    let mut keys: Vec<i128> = Vec::with_capacity(cards.len() * width);
    let mut prefixes: Vec<u128> = Vec::with_capacity(cards.len());
    let mut groups: Vec<(Option<usize>, Option<usize>, usize)> = Vec::with_capacity(cards.len());
    let mut categories: BTreeMap<&str, usize> = BTreeMap::new();
    let mut regions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut qualified: BTreeMap<(Option<usize>, &str), usize> = BTreeMap::new();
    let mut hints = vec![None; tie_break.len()];
    for card in cards.iter() {
        push_key(card, tie_break, &mut hints, &mut keys);
        prefixes.push(id_prefix(&card.agency.id));
        let next = categories.len();
        let category = card
            .agency
            .category
            .as_deref()
            .map(|c| *categories.entry(c).or_insert(next));
        let next = regions.len();
        let region = card
            .agency
            .region
            .as_deref()
            .map(|r| *regions.entry(r).or_insert(next));
        let next = qualified.len();
        let qualification = *qualified
            .entry((category, card.qualification.as_str()))
            .or_insert(next);
        groups.push((category, region, qualification));
    }
    let key_of = |i: usize| keys.get(i * width..(i + 1) * width).unwrap_or(&[]);
    let prefix_of = |i: usize| prefixes.get(i).copied().unwrap_or(0);
    let mut order: Vec<usize> = (0..cards.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        key_of(b)
            .cmp(key_of(a))
            .then_with(|| prefix_of(a).cmp(&prefix_of(b)))
            .then_with(|| {
                // Ids longer than 16 bytes that share their first 16: compare them whole.
                let id = |i: usize| cards.get(i).map_or("", |c| c.agency.id.as_str());
                id(a).cmp(id(b))
            })
    });
    let mut overall = Scope::default();
    let mut category_scopes: Vec<Scope> = (0..categories.len()).map(|_| Scope::default()).collect();
    let mut region_scopes: Vec<Scope> = (0..regions.len()).map(|_| Scope::default()).collect();
    let mut qualified_scopes: Vec<Scope> = (0..qualified.len()).map(|_| Scope::default()).collect();
    drop((categories, regions, qualified));
    let mut ranks = vec![None; cards.len()];
    for &i in &order {
        let key = key_of(i);
        let (category, region, qualification) = groups.get(i).copied().unwrap_or((None, None, 0));
        let rank = Rank {
            overall: overall.place(key),
            category: category.and_then(|c| category_scopes.get_mut(c).map(|s| s.place(key))),
            region: region.and_then(|r| region_scopes.get_mut(r).map(|s| s.place(key))),
            qualification: (qualified_scopes.get_mut(qualification)).map_or(0, |s| s.place(key)),
        };
        if let Some(slot) = ranks.get_mut(i) {
            *slot = Some(rank);
        }
    }
    Ranking { ranks, order }
}

impl Ranking {
    /// Writes each card's rank and lists the cards by overall rank; returns the index
    /// each listed card had before.
    pub(crate) fn apply(self, cards: &mut [Scorecard]) -> Vec<usize> {
        let Ranking { ranks, order } = self;
        for (card, rank) in cards.iter_mut().zip(ranks) {
            card.rank = rank;
        }
        // Listed by overall rank, ties by agency id: that is `order`. Move each card into
        // place by following the permutation's cycles (n swaps, not a sort of large values).
        let mut placed = vec![false; cards.len()];
        for start in 0..cards.len() {
            let mut slot = start;
            while !placed.get(slot).copied().unwrap_or(true) {
                if let Some(p) = placed.get_mut(slot) {
                    *p = true;
                }
                let source = order.get(slot).copied().unwrap_or(start);
                if source == start {
                    break;
                }
                cards.swap(slot, source);
                slot = source;
            }
        }
        order
    }
}

/// The first 16 bytes of an id as a big-endian integer (zero-padded), which orders as
/// the ids do wherever those bytes differ.
fn id_prefix(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (slot, b) in bytes.iter_mut().zip(id.bytes()) {
        *slot = b;
    }
    u128::from_be_bytes(bytes)
}

/// The ranking key: the rounded final, then each tie-break key rounded, each as its
/// mantissa at the instrument's `decimals` (every rounded score carries exactly that
/// scale); no score is `i128::MIN`, below every score.
fn push_key(
    card: &Scorecard,
    tie_break: &[TieBreak],
    hint: &mut [Option<usize>],
    keys: &mut Vec<i128>,
) {
    let scale = card.final_score.rounded().scale();
    let value = |d: Option<Decimal>| {
        d.map_or(i128::MIN, |mut d| {
            d.rescale(scale);
            d.mantissa()
        })
    };
    keys.push(value(Some(card.final_score.rounded())));
    for (t, hint) in tie_break.iter().zip(hint.iter_mut()) {
        let score = match t {
            TieBreak::Stage(id) => lookup(&card.stages, id, hint, |s| (&s.id, s.score)),
            TieBreak::Indicator(id) => lookup(&card.indicators, id, hint, |i| (&i.id, i.score)),
        };
        keys.push(value(score.map(|s| s.rounded())));
    }
}

/// The score with this id, trying first the position it had on the previous card
/// (cards of one plan list stages and indicators in the same order).
fn lookup<T>(
    items: &[T],
    id: &str,
    hint: &mut Option<usize>,
    view: impl Fn(&T) -> (&std::sync::Arc<str>, Option<crate::score::card::Score>),
) -> Option<crate::score::card::Score> {
    if let Some((found, score)) = hint.and_then(|k| items.get(k)).map(&view)
        && **found == *id
    {
        return score;
    }
    let k = items.iter().position(|item| **view(item).0 == *id)?;
    *hint = Some(k);
    items.get(k).and_then(|item| view(item).1)
}

/// Competition ranking within one scope, fed in rank order.
#[derive(Default)]
struct Scope<'k> {
    placed: usize,
    last: Option<(&'k [i128], usize)>,
}

impl<'k> Scope<'k> {
    fn place(&mut self, key: &'k [i128]) -> usize {
        self.placed += 1;
        let rank = match self.last {
            Some((last, rank)) if last == key => rank,
            _ => self.placed,
        };
        self.last = Some((key, rank));
        rank
    }
}
