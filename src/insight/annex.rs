//! The annex (*Lampiran*) of a commission's decree: the ranked list per category as it
//! is published — rank, body, final, qualification — then, at the end of each category,
//! the bodies not assessed (*Tidak Dinilai*) and those whose submissions were rejected,
//! with the reason.
//!
//! Commissions publish it two ways ([`AnnexRanks`]): every scored body ranked, or — as
//! Komisi Informasi Pusat does — only the bodies of the top qualification (*Informatif*)
//! carry a rank, and the others are listed by qualification in score order.

use serde::Serialize;

use crate::batch::results::Results;
use crate::model::instrument::Instrument;
use crate::model::submission::Agency;
use crate::score::card::Score;
use crate::text::language::Language;

/// Which bodies of the annex carry a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AnnexRanks {
    /// Every scored body, by its rank in its category.
    #[default]
    All,
    /// Only the bodies in the top qualification (the one with the highest `min`,
    /// *Informatif*), by their rank in the category; the others are listed after them
    /// by qualification, in score order, without a rank (Komisi Informasi Pusat's
    /// layout).
    TopQualification,
    /// Every scored body, listed by qualification (highest first) and ranked within its
    /// category's qualification (`rank.qualification`): KI Pusat 2025 announced NTB as
    /// fourth among the *Menuju Informatif* provinces.
    ByQualification,
}

/// The annex of a batch: one list per category, in the instrument's order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Annex {
    /// Every category with a body scored, not assessed or rejected.
    pub categories: Vec<AnnexCategory>,
}

/// One category's list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AnnexCategory {
    /// The category's id (`None` for an instrument without categories).
    pub id: Option<String>,
    /// The category's name (the instrument's name when it has no categories).
    pub name: String,
    /// The bodies: scored (ranked, or by qualification), then not assessed, then
    /// rejected.
    pub entries: Vec<AnnexEntry>,
}

/// One line of the annex.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct AnnexEntry {
    /// The rank in the category, where the layout gives one.
    pub rank: Option<usize>,
    /// The body.
    pub agency: Agency,
    /// The final score, for a scored body.
    #[serde(rename = "final")]
    pub final_score: Option<Score>,
    /// The qualification's name, for a scored body.
    pub qualification: Option<String>,
    /// Why a body that is not scored is listed: not assessed (*Tidak Dinilai*), or its
    /// submission rejected, with the first reason (in the results' language).
    pub unscored: Option<Unscored>,
}

/// Why a body of the annex has no score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "reason")]
#[non_exhaustive]
pub enum Unscored {
    /// On the roster, with no submission (*Tidak Dinilai*).
    NotAssessed,
    /// Sent only after the deadline (*terlambat*): when it sent, as written.
    Late(String),
    /// Every submission rejected; the first reason, and how many more.
    Rejected(String),
}

impl Annex {
    /// The annex of `results`, its sentences in the results' language.
    ///
    /// ```
    /// use kip_index::{Annex, AnnexRanks, Batch, Plan, Instrument, Submission};
    ///
    /// let instrument: Instrument =
    ///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
    /// let plan = Plan::new(&instrument)?;
    /// let mut batch = Batch::new(&plan).without_stage_scores();
    /// for (id, name) in [("3673", "Kota Serang"), ("3674", "Kota Tangerang Selatan")] {
    ///     let text = format!(r#"{{"instrument": "monev-kip-2025",
    ///       "agency": {{"id": "{id}", "name": "{name}", "category": "pemkot"}},
    ///       "answers": {{"JI01": {{"value": true}}}}}}"#);
    ///     batch.add_submission(id, &Submission::from_json(&text)?);
    /// }
    /// let results = batch.finish();
    /// let annex = Annex::of(&instrument, &results, AnnexRanks::All);
    /// let cities = &annex.categories[0];
    /// // The same answers, the same final: both ranked first.
    /// assert_eq!(cities.entries.iter().map(|e| e.rank).collect::<Vec<_>>(), [Some(1), Some(1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn of(instrument: &Instrument, results: &Results, ranks: AnnexRanks) -> Annex {
        let language = results.language;
        let top = (instrument.qualifications.iter())
            .max_by(|a, b| a.min.cmp(&b.min))
            .map(|q| q.id.as_str());
        let groups: Vec<(Option<&str>, &str)> = if instrument.categories.is_empty() {
            vec![(None, instrument.name.as_str())]
        } else {
            (instrument.categories.iter())
                .map(|c| (Some(c.id.as_str()), c.name.as_str()))
                .collect()
        };
        let in_group = |group: Option<&str>, category: Option<&str>| match group {
            None => true,
            Some(g) => category == Some(g),
        };
        let qualification_name = |id: &str| {
            (instrument.qualifications.iter())
                .find(|q| q.id == id)
                .map_or_else(|| id.to_owned(), |q| q.name.clone())
        };
        let mut categories = Vec::new();
        for (group, name) in groups {
            let mut scored: Vec<AnnexEntry> = Vec::new();
            let mut unranked: Vec<(usize, AnnexEntry)> = Vec::new();
            // Results are in rank order: each category's bodies keep it.
            for card in
                (results.results.iter()).filter(|c| in_group(group, c.agency.category.as_deref()))
            {
                let rank = match ranks {
                    AnnexRanks::ByQualification => card.rank.map(|r| r.qualification),
                    _ => card.rank.and_then(|r| r.category.or(Some(r.overall))),
                };
                let ranked = match ranks {
                    AnnexRanks::All => true,
                    AnnexRanks::TopQualification => Some(card.qualification.as_str()) == top,
                    // Listed by qualification below, each with its rank there.
                    AnnexRanks::ByQualification => false,
                };
                let entry = AnnexEntry {
                    rank: rank.filter(|_| ranked || ranks == AnnexRanks::ByQualification),
                    agency: card.agency.clone(),
                    final_score: Some(card.final_score),
                    qualification: Some(qualification_name(&card.qualification)),
                    unscored: None,
                };
                if ranked {
                    scored.push(entry);
                } else {
                    // By qualification (the instrument's order, highest first), then
                    // score order, which the results already have.
                    let order = (instrument.qualifications.iter())
                        .position(|q| q.id == card.qualification)
                        .unwrap_or(usize::MAX);
                    unranked.push((order, entry));
                }
            }
            unranked.sort_by_key(|(order, _)| *order);
            scored.extend(unranked.into_iter().map(|(_, e)| e));
            for body in (results.not_assessed.iter())
                .filter(|a| in_group(group, a.agency.category.as_deref()))
            {
                let unscored = match &body.submitted_at {
                    Some(time) => Unscored::Late(time.to_string()),
                    None => Unscored::NotAssessed,
                };
                scored.push(AnnexEntry {
                    rank: None,
                    agency: body.agency.clone(),
                    final_score: None,
                    qualification: None,
                    unscored: Some(unscored),
                });
            }
            for rejected in
                (results.rejected.iter()).filter(|r| in_group(group, r.category.as_deref()))
            {
                let id = rejected.agency.clone().unwrap_or_default();
                let name = rejected.name.clone().unwrap_or_default();
                scored.push(AnnexEntry {
                    rank: None,
                    agency: Agency {
                        name,
                        category: rejected.category.clone(),
                        region: rejected.region.clone(),
                        id,
                    },
                    final_score: None,
                    qualification: None,
                    unscored: Some(Unscored::Rejected(reason(rejected, language))),
                });
            }
            if !scored.is_empty() {
                categories.push(AnnexCategory {
                    id: group.map(str::to_owned),
                    name: name.to_owned(),
                    entries: scored,
                });
            }
        }
        Annex { categories }
    }
}

/// A rejection's first reason, with its place and how many more there are.
fn reason(rejected: &crate::Rejected, language: Language) -> String {
    let Some(first) = rejected.errors.first() else {
        return String::new();
    };
    let mut text = format!("{}: {}", rejected.source, first.message_in(language));
    let more = rejected.errors.len() - 1;
    if more > 0 {
        text.push_str(&match language {
            Language::English => format!(" (and {more} more)"),
            _ => format!(" (dan {more} lainnya)"),
        });
    }
    text
}
