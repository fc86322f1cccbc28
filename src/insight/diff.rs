//! Comparing two results files (year over year, or a correction decree against the
//! decree it amends): the bodies whose final, qualification or rank changed, and those
//! that entered or left, the largest changes first.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::id::QualificationId;
use crate::text::decimal::{self, parse_decimal};
use crate::text::json::{Node, Value};
use crate::text::problem::{Problem, ProblemKind, Report};

pub use crate::batch::decree::Standing;

/// What happened to a body between the two files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// In both, with a different final, qualification or rank.
    Changed,
    /// Only in the new file.
    Entered,
    /// Only in the old file.
    Left,
}

/// One body's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The agency id.
    pub agency: String,
    /// The agency's name (from the new file when it is there).
    pub name: String,
    /// What happened.
    pub kind: ChangeKind,
    /// Its standing in the old file.
    pub old: Option<Standing>,
    /// Its standing in the new file.
    pub new: Option<Standing>,
    /// New final − old final, for a body in both.
    #[serde(serialize_with = "decimal::serialize_opt")]
    pub delta: Option<Decimal>,
}

/// The changes between two results files: changed bodies by the size of the change of
/// their final (then of their rank, then by id), then those that entered, then those
/// that left (each by id).
///
/// ```
/// use kip_index::{ChangeKind, diff_results};
///
/// let old = r#"{"results": [
///   {"agency": {"id": "32", "name": "Jawa Barat", "category": "provinsi"}, "final": 78.10,
///    "qualification": "sedang", "rank": {"overall": 19, "category": 19}}]}"#;
/// let new = r#"{"results": [
///   {"agency": {"id": "32", "name": "Jawa Barat", "category": "provinsi"}, "final": 85.22,
///    "qualification": "baik", "rank": {"overall": 2, "category": 2}}]}"#;
/// let changes = diff_results(old, new)?;
/// assert_eq!(changes[0].kind, ChangeKind::Changed);
/// assert_eq!(changes[0].delta.map(|d| d.to_string()), Some("7.12".to_owned()));
/// # Ok::<(), kip_index::Report>(())
/// ```
pub fn diff_results(old: &str, new: &str) -> Result<Vec<Change>, Report> {
    let (old, new) = match (standings(old), standings(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (o, n) => {
            let mut report = Report::new();
            if let Err(r) = o {
                report.extend(r.in_file("old"));
            }
            if let Err(r) = n {
                report.extend(r.in_file("new"));
            }
            return Err(report);
        }
    };
    compare(&old, &new)
}

/// The changes between two sets of standings, in `kip diff`'s order.
fn compare(old: &Standings, new: &Standings) -> Result<Vec<Change>, Report> {
    let mut changes = Vec::new();
    let mut report = Report::new();
    for (id, (name, now)) in new {
        match old.get(id) {
            None => changes.push(Change {
                agency: id.clone(),
                name: name.clone(),
                kind: ChangeKind::Entered,
                old: None,
                new: Some(now.clone()),
                delta: None,
            }),
            Some((_, before)) if before != now => {
                // Finals near a decimal's limits, or with more digits than a decimal
                // holds together (a hostile file), have no exact change: a subtraction
                // that overflows or had to round is said, never shown.
                let exact = now
                    .final_score
                    .checked_sub(before.final_score)
                    .filter(|d| before.final_score.checked_add(*d) == Some(now.final_score));
                let Some(delta) = exact else {
                    report.push(
                        Problem::new(
                            ProblemKind::Arithmetic,
                            "/results",
                            format!(
                                "expected finals whose change can be computed exactly, found \
                                 `{id}` going from {} to {}, beyond a decimal's range",
                                before.final_score, now.final_score
                            ),
                        )
                        .with_indonesian(format!(
                            "seharusnya nilai akhir yang selisihnya dapat dihitung tepat, \
                             ternyata `{id}` dari {} menjadi {}, di luar jangkauan desimal",
                            before.final_score, now.final_score
                        )),
                    );
                    continue;
                };
                changes.push(Change {
                    agency: id.clone(),
                    name: name.clone(),
                    kind: ChangeKind::Changed,
                    old: Some(before.clone()),
                    new: Some(now.clone()),
                    delta: Some(delta),
                });
            }
            Some(_) => {}
        }
    }
    if !report.is_empty() {
        return Err(report);
    }
    for (id, (name, before)) in old {
        if !new.contains_key(id) {
            changes.push(Change {
                agency: id.clone(),
                name: name.clone(),
                kind: ChangeKind::Left,
                old: Some(before.clone()),
                new: None,
                delta: None,
            });
        }
    }
    let order = |c: &Change| match c.kind {
        ChangeKind::Changed => 0,
        ChangeKind::Entered => 1,
        ChangeKind::Left => 2,
    };
    let rank_move = |c: &Change| {
        let rank = |s: &Option<Standing>| s.as_ref().and_then(|s| s.rank).unwrap_or(0);
        rank(&c.old).abs_diff(rank(&c.new))
    };
    changes.sort_by(|a, b| {
        order(a)
            .cmp(&order(b))
            .then_with(|| b.delta.map(|d| d.abs()).cmp(&a.delta.map(|d| d.abs())))
            .then_with(|| rank_move(b).cmp(&rank_move(a)))
            .then_with(|| a.agency.cmp(&b.agency))
    });
    Ok(changes)
}

type Standings = BTreeMap<String, (String, Standing)>;

/// The amendment `new` makes of the results published in `old` (that file's text, and
/// the SHA-256 of its bytes in hexadecimal, which the caller computes): every body whose
/// final, qualification or a rank changed, added or gone, by agency id — found by the
/// comparison [`diff_results`] makes. `old` must be results of the same instrument.
///
/// ```
/// use kip_index::{Batch, Instrument, Plan, Submission, amendment};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let mut batch = Batch::new(&plan).without_stage_scores();
/// let line = std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// for (k, text) in line.lines().enumerate() {
///     batch.add_submission(format!("saq.jsonl:{}", k + 1).as_str(), &Submission::from_json(text)?);
/// }
/// let results = batch.finish();
/// // The same results again: nothing changed.
/// let same = amendment(&results.to_json(), "00", "uji", &results)?;
/// assert!(same.changes.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn amendment(
    old: &str,
    old_sha256: &str,
    reason: &str,
    new: &crate::batch::results::Results,
) -> Result<crate::batch::decree::Amendment, Report> {
    let root = crate::text::decode::parse_document(old)?;
    let instrument = member(&root, "instrument").and_then(string);
    if instrument.as_deref() != Some(new.instrument.as_str()) {
        let found = instrument.map_or("none".to_owned(), |i| format!("`{i}`"));
        let ditemukan = found.replace("none", "tidak ada");
        return Err(Report::from(
            Problem::new(
                ProblemKind::WrongInstrument,
                "/instrument",
                format!(
                    "expected results of the instrument `{}` to amend, found {found}",
                    new.instrument
                ),
            )
            .with_indonesian(format!(
                "seharusnya hasil instrumen `{}` yang diubah, ternyata {ditemukan}",
                new.instrument
            )),
        ));
    }
    let amends = member(&root, "decree")
        .and_then(|d| member(d, "number"))
        .and_then(string);
    let before = standings(old)?;
    let after = standings_of(new);
    let mut changes: Vec<crate::batch::decree::AmendedBody> = compare(&before, &after)?
        .into_iter()
        .map(|c| crate::batch::decree::AmendedBody {
            agency: c.agency,
            name: c.name,
            before: c.old,
            after: c.new,
        })
        .collect();
    changes.sort_by(|a, b| a.agency.cmp(&b.agency));
    Ok(crate::batch::decree::Amendment {
        amends,
        amends_sha256: old_sha256.to_owned(),
        reason: reason.to_owned(),
        changes,
    })
}

/// Every scored body of `results`, by agency id, as published (rounded finals).
fn standings_of(results: &crate::batch::results::Results) -> Standings {
    results
        .results
        .iter()
        .map(|card| {
            let standing = Standing {
                final_score: card.final_score.rounded(),
                qualification: card.qualification.clone(),
                rank: card.rank.map(|r| r.overall),
                rank_category: card.rank.and_then(|r| r.category),
                rank_qualification: card.rank.map(|r| r.qualification).filter(|q| *q > 0),
            };
            (card.agency.id.clone(), (card.agency.name.clone(), standing))
        })
        .collect()
}

/// Every body of a results file, by agency id, read exactly.
fn standings(text: &str) -> Result<Standings, Report> {
    let root = crate::text::decode::parse_document(text)?;
    let mut out = BTreeMap::new();
    let mut report = Report::new();
    let Some(results) = member(&root, "results") else {
        report.push(
            Problem::new(
                ProblemKind::MissingField,
                "/results",
                "expected a results file with a `results` array, found none",
            )
            .with_indonesian("seharusnya berkas hasil dengan daftar `results`, ternyata tidak ada"),
        );
        return Err(report);
    };
    let Value::Array(items) = &results.value else {
        report.push(
            Problem::new(
                ProblemKind::WrongType,
                "/results",
                "expected `results` to be an array",
            )
            .with_indonesian("seharusnya `results` berupa daftar (array)"),
        );
        return Err(report);
    };
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    for (k, item) in items.iter().enumerate() {
        // A key twice (`"final": 10, "final": 96.33`): which one was published is not for
        // the comparison to guess.
        if let Some(key) = repeated_key(item) {
            report.push(
                Problem::new(
                    ProblemKind::DuplicateKey,
                    format!("/results/{k}"),
                    format!("expected each key once in a result, found `{key}` twice"),
                )
                .with_indonesian(format!(
                    "seharusnya setiap kunci sekali dalam satu hasil, ternyata `{key}` dua kali"
                )),
            );
            continue;
        }
        match standing(item) {
            Some((id, name, s)) => match first.entry(id) {
                // The same agency twice: which standing counts is not for diff to guess.
                std::collections::btree_map::Entry::Occupied(seen) => {
                    let (id, at) = (seen.key(), seen.get());
                    report.push(
                        Problem::new(
                            ProblemKind::DuplicateId,
                            format!("/results/{k}"),
                            format!(
                                "expected each agency once, found `{id}` again (first at \
                                 /results/{at})"
                            ),
                        )
                        .with_indonesian(format!(
                            "seharusnya setiap badan publik sekali, ternyata `{id}` muncul \
                             lagi (pertama di /results/{at})"
                        )),
                    );
                }
                std::collections::btree_map::Entry::Vacant(slot) => {
                    out.insert(slot.key().clone(), (name, s));
                    slot.insert(k);
                }
            },
            None => report.push(
                Problem::new(
                    ProblemKind::InvalidValue,
                    format!("/results/{k}"),
                    "expected a result with `agency.id`, `agency.name`, a numeric `final` (at most 28 digits) and a `qualification`",
                )
                .with_indonesian(
                    "seharusnya hasil dengan `agency.id`, `agency.name`, `final` berupa angka (paling banyak 28 digit) dan `qualification`",
                ),
            ),
        }
    }
    report.into_result(out)
}

fn standing(item: &Node) -> Option<(String, String, Standing)> {
    let agency = member(item, "agency")?;
    let id = string(member(agency, "id")?)?;
    let name = string(member(agency, "name")?)?;
    let final_score = match &member(item, "final")?.value {
        Value::Number(n) => {
            // Keep the published digits (`88.40`, not `88.4`), so deltas show them too.
            let mut d = parse_decimal(n).ok()?;
            let places = n.split_once('.').map_or(0, |(_, f)| f.len());
            d.rescale(u32::try_from(places).ok()?);
            d
        }
        _ => return None,
    };
    let qualification = QualificationId::from(string(member(item, "qualification")?)?);
    let rank_of = |key: &str| {
        member(item, "rank")
            .and_then(|r| member(r, key))
            .and_then(|o| match &o.value {
                Value::Number(n) => n.parse::<usize>().ok(),
                _ => None,
            })
    };
    let (rank, rank_category) = (rank_of("overall"), rank_of("category"));
    let rank_qualification = rank_of("qualification");
    Some((
        id,
        name,
        Standing {
            final_score,
            qualification,
            rank,
            rank_category,
            rank_qualification,
        },
    ))
}

/// A key written twice in a result, or in one of its objects (`agency`, `rank`): two
/// levels, never deeper (a hostile file's nesting is not walked).
fn repeated_key<'n>(node: &'n Node) -> Option<&'n str> {
    let twice = |node: &'n Node| -> Option<&'n str> {
        let Value::Object(members) = &node.value else {
            return None;
        };
        let mut seen = std::collections::BTreeSet::new();
        members
            .iter()
            .find(|m| !seen.insert(&*m.key))
            .map(|m| &*m.key)
    };
    let Value::Object(members) = &node.value else {
        return None;
    };
    twice(node).or_else(|| members.iter().find_map(|m| twice(&m.value)))
}

fn member<'n, 'a>(node: &'n Node<'a>, key: &str) -> Option<&'n Node<'a>> {
    match &node.value {
        Value::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
        _ => None,
    }
}

fn string(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.to_string()),
        _ => None,
    }
}
