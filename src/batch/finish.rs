//! The batch finished: each body's sheets grouped and scored (on every core), duplicates
//! rejected, ranks, the roster's not-assessed bodies, summaries and warnings.

use std::collections::{BTreeMap, BTreeSet};

use crate::batch::collect::{Batch, Place};
use crate::batch::rank::ranking;
use crate::batch::results::{Rejected, Results, Source};
use crate::batch::roster::Roster;
use crate::batch::warning::Warning;
use crate::model::id::CategoryId;
use crate::model::submission::Agency;
use crate::model::verification::{StageScore, Verification};
use crate::score::plan::Plan;
use crate::score::sheet::Sheet;
use crate::text::problem::{Problem, ProblemKind, Report};

impl Batch<'_> {
    /// Scores every body, ranks them, lists the not-assessed bodies and summarises.
    pub fn finish(mut self) -> Results {
        let plan = self.plan;
        let mut results = Results::new(plan);
        // Grouped by agency with a parallel stable sort (a body's submissions stay in the
        // order they were read), not a map of every id.
        let mut sheets = std::mem::take(&mut self.sheets);
        {
            use crate::text::par::prelude::*;
            sheets.par_sort_by(|a, b| a.1.agency.id.cmp(&b.1.agency.id));
        }
        // A late body's verification or stage scores are not "of a body that did not
        // submit": it is listed as late, and nothing of it is warned about again.
        let mut late: Vec<String> = self.late.iter().map(|l| l.agency.id.clone()).collect();
        late.sort_unstable();
        self.warn_unused(|agency| {
            sheets
                .binary_search_by(|(_, sheet)| sheet.agency.id.as_str().cmp(agency))
                .is_ok()
                || late.binary_search_by(|id| id.as_str().cmp(agency)).is_ok()
        });
        drop(late);
        self.drop_duplicates(&mut sheets);
        // Every body scored on every core, its sheets emptied as it is, so that memory
        // holds sheets or scorecards, not both; no per-body copy of the groups is made,
        // and the outcomes are written in place, in agency order on any number of threads.
        let bodies: Vec<&mut [(Place, Sheet)]> = sheets
            .chunk_by_mut(|a, b| a.1.agency.id == b.1.agency.id)
            .collect();
        let verifications = &self.verifications;
        let stage_scores = &self.stage_scores;
        let roster = self.roster.as_ref();
        let files = self.files.as_slice();
        // Each body's verification, stage scores and roster entry, found in one merge
        // (bodies and maps are both in id order), not three searches a body.
        let side = side_inputs(&bodies, verifications, stage_scores, roster);
        // Where each body's sheets start: a body a gate refuses (settled below, over the
        // whole batch) is rejected where its submissions stand.
        let starts: Vec<usize> = bodies
            .iter()
            .scan(0, |at, body| {
                let start = *at;
                *at += body.len();
                Some(start)
            })
            .collect();
        let mut outcomes: Vec<Outcome> = Vec::new();
        {
            use crate::text::par::prelude::*;
            bodies
                .into_par_iter()
                .zip(side)
                .map(|(body, side)| score_body(plan, body, files, side))
                .collect_into_vec(&mut outcomes);
        }
        // The sheets go now; only their places stay while a gate may refuse a body (a
        // tenth of a sheet's size), so the national run's peak holds no sheets beside
        // the scorecards.
        let places: Vec<Place> = match plan.has_gates() {
            true => sheets.iter_mut().map(|(p, _)| std::mem::take(p)).collect(),
            false => Vec::new(),
        };
        drop(sheets);
        let (warnings, rejected) = (&mut self.warnings, &mut self.rejected);
        let mut scored_bodies = Vec::new();
        results.results = outcomes
            .into_iter()
            .enumerate()
            .filter_map(|(b, outcome)| match outcome {
                Outcome::Scored(card) => {
                    scored_bodies.push(b);
                    Some(card)
                }
                Outcome::Rejected(failed) => {
                    let (agency, origins, report) = *failed;
                    for origin in origins {
                        rejected.push(Rejected::new(
                            origin.source,
                            Some(agency.clone()),
                            report.problems().to_vec(),
                            origin.category,
                            origin.region,
                        ));
                    }
                    None
                }
            })
            .collect();
        // The gates, settled over the whole batch (a rank gate needs every body's score);
        // a body given a score for a stage it did not pass is rejected where it stands.
        let refused = plan.settle_gates(&mut results.results);
        if !refused.is_empty() {
            let mut out = vec![false; results.results.len()];
            for (i, problem) in refused {
                let (Some(card), Some(&b)) = (results.results.get(i), scored_bodies.get(i)) else {
                    continue;
                };
                if let Some(slot) = out.get_mut(i) {
                    *slot = true;
                }
                let start = starts.get(b).copied().unwrap_or(0);
                let end = starts.get(b + 1).copied().unwrap_or(places.len());
                for place in places.get(start..end).unwrap_or_default() {
                    rejected.push(Rejected::new(
                        place.source(files),
                        Some(card.agency.id.clone()),
                        vec![problem.clone()],
                        card.agency.category.clone(),
                        card.agency.region.clone(),
                    ));
                }
            }
            let mut k = 0;
            results.results.retain(|_| {
                k += 1;
                !out.get(k - 1).copied().unwrap_or(false)
            });
        }
        drop(places);
        for card in &results.results {
            warnings.extend(evidence_warning(card));
        }
        // The cards are in agency order here (their sheets were sorted so): the roster is
        // matched against them in one merge, not a lookup a card.
        let (off_roster, unmatched) = match &self.roster {
            Some(roster) => {
                let (flags, unmatched) = match_roster(&results.results, roster);
                (flags, Some(unmatched))
            }
            None => (Vec::new(), None),
        };
        // A body whose submissions were all rejected is counted as rejected, with its
        // reasons, not again as not assessed: due = scored + rejected + not assessed.
        // A body that sent only after the deadline is not assessed, `late`.
        let deadline = plan.instrument().deadline.as_ref();
        if self.roster.is_some() || !self.late.is_empty() {
            let rejected: BTreeSet<&str> = (self.rejected.iter())
                .filter_map(|r| r.agency.as_deref())
                .collect();
            let (not_assessed, late_warnings) = crate::batch::not_assessed::not_assessed(
                &results.results,
                &rejected,
                unmatched,
                std::mem::take(&mut self.late),
                deadline,
            );
            results.not_assessed = not_assessed;
            self.warnings.extend(late_warnings);
        }
        if let Some(deadline) = deadline
            && self.untimed > 0
        {
            self.warnings.push(Warning::SubmissionsWithoutTime {
                count: self.untimed,
                deadline: deadline.to_string(),
            });
        }
        for rejected in &mut self.rejected {
            rejected.locate(self.roster.as_ref());
        }
        // Listed by where they came from, whatever order the files were given in.
        self.rejected
            .sort_by(|a, b| a.source.order().cmp(&b.source.order()));
        results.rejected = self.rejected;
        // Ranked on one core while summarised on the other: neither changes the cards.
        let tie_break = &plan.instrument().tie_break;
        let roster = self.roster.as_ref();
        let (ranking, summary) = crate::text::par::join(
            || ranking(&results.results, tie_break),
            || crate::batch::results::summarise(plan, &results, roster),
        );
        results.summary = Some(summary);
        // Listed by rank from here; the warnings name the bodies off the roster so too.
        let order = ranking.apply(&mut results.results);
        if !self.without_stage_scores {
            let missing = crate::batch::missing::stage_warnings(
                plan.instrument(),
                &results.results,
                &self.stage_score_files,
            );
            self.warnings.extend(missing);
        }
        let off_in_rank_order = order.iter().map(|&i| off_roster.get(i) == Some(&true));
        for (card, _) in (results.results.iter())
            .zip(off_in_rank_order)
            .filter(|(_, off)| *off)
        {
            self.warnings.push(Warning::NotOnRoster {
                agency: card.agency.id.clone(),
                name: card.agency.name.clone(),
                outcome: crate::batch::warning::Outcome::Scored,
            });
        }
        // The rejected and the late bodies the roster does not list: warned too, as they
        // are counted, each once, in id order.
        if let Some(roster) = &self.roster {
            let mut unlisted: BTreeMap<&str, (String, crate::batch::warning::Outcome)> =
                BTreeMap::new();
            // A rejected copy of a body scored on another is no rejected body: the cards'
            // ids, sorted once, are searched only when some rejection is off the roster.
            let off: Vec<&crate::batch::results::Rejected> = (results.rejected.iter())
                .filter(|r| r.agency.as_deref().is_some_and(|id| !roster.contains(id)))
                .collect();
            let mut scored: Vec<&str> = Vec::new();
            if !off.is_empty() {
                scored = results
                    .results
                    .iter()
                    .map(|c| c.agency.id.as_str())
                    .collect();
                scored.sort_unstable();
            }
            for rejected in off {
                if let Some(id) = rejected.agency.as_deref()
                    && scored.binary_search(&id).is_err()
                {
                    let name = rejected.name.clone().unwrap_or_default();
                    unlisted
                        .entry(id)
                        .or_insert((name, crate::batch::warning::Outcome::Rejected));
                }
            }
            for body in &results.not_assessed {
                let id = body.agency.id.as_str();
                if body.reason == crate::batch::not_assessed::NotAssessedReason::Late
                    && !roster.contains(id)
                {
                    let late = (
                        body.agency.name.clone(),
                        crate::batch::warning::Outcome::Late,
                    );
                    unlisted.entry(id).or_insert(late);
                }
            }
            for (id, (name, outcome)) in unlisted {
                self.warnings.push(Warning::NotOnRoster {
                    agency: id.to_owned(),
                    name,
                    outcome,
                });
            }
        }
        if let Some(rollup) = &plan.instrument().rollup {
            let (computed, warnings) =
                crate::batch::rollup::compute(rollup, &results.results, plan.instrument().decimals);
            results.rollup = Some(computed);
            self.warnings.extend(warnings);
        }
        if self.rejections_not_listed > 0 {
            self.warnings.push(Warning::RejectionsNotListed {
                listed: self.limits.max_rejections,
                more: self.rejections_not_listed,
            });
        }
        results.warnings = self.warnings;
        results
    }

    /// Rejects every copy of a submission whose agency and rater appear more than once,
    /// and removes them from `sheets` (sorted by agency).
    fn drop_duplicates(&mut self, sheets: &mut Vec<(Place, Sheet)>) {
        let mut dropped: Vec<usize> = Vec::new();
        let mut start = 0;
        for body in sheets.chunk_by(|a, b| a.1.agency.id == b.1.agency.id) {
            if body.len() > 1 {
                dropped.extend(self.duplicates(body).into_iter().map(|k| start + k));
            }
            start += body.len();
        }
        if dropped.is_empty() {
            return;
        }
        dropped.sort_unstable();
        let mut index = 0;
        sheets.retain(|_| {
            index += 1;
            dropped.binary_search(&(index - 1)).is_err()
        });
    }

    /// The copies (indices into `body`, one agency's sheets) that share a rater, each
    /// rejected with a message naming the first copy (the first names the second), so
    /// that the messages grow with the copies, not with their square.
    fn duplicates(&mut self, body: &[(Place, Sheet)]) -> Vec<usize> {
        let sources: Vec<Source> = body.iter().map(|(p, _)| p.source(&self.files)).collect();
        let mut by_rater: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
        for (k, (_, sheet)) in body.iter().enumerate() {
            by_rater.entry(sheet.rater()).or_default().push(k);
        }
        let mut dropped = Vec::new();
        for (rater, mut copies) in by_rater {
            if copies.len() < 2 {
                continue;
            }
            let place = |k: &usize| sources.get(*k);
            copies.sort_by(|a, b| {
                place(a)
                    .map(Source::order)
                    .cmp(&place(b).map(Source::order))
            });
            let count = copies.len();
            let text = |k: Option<&usize>| {
                k.and_then(place)
                    .map(ToString::to_string)
                    .unwrap_or_default()
            };
            let (first, second) = (text(copies.first()), text(copies.get(1)));
            let (first, second) = (first.as_str(), second.as_str());
            for &k in &copies {
                let (Some((_, sheet)), Some(at)) = (body.get(k), sources.get(k)) else {
                    continue;
                };
                let this = at.to_string();
                let who = match rater {
                    Some(r) => format!("agency `{}` from rater `{r}`", sheet.agency.id),
                    None => format!("agency `{}`", sheet.agency.id),
                };
                let siapa = match rater {
                    Some(r) => format!("badan publik `{}` dari penilai `{r}`", sheet.agency.id),
                    None => format!("badan publik `{}`", sheet.agency.id),
                };
                let problem = Problem::new(
                    ProblemKind::DuplicateSubmission,
                    "/agency/id",
                    duplicate_message(&who, count, &this, first, second),
                )
                .with_indonesian(duplicate_message_id(&siapa, count, &this, first, second));
                self.rejected.push(Rejected::new(
                    at.clone(),
                    Some(sheet.agency.id.clone()),
                    vec![problem],
                    sheet.agency.category.clone(),
                    sheet.agency.region.clone(),
                ));
            }
            dropped.extend(copies);
        }
        dropped
    }

    fn warn_unused(&mut self, submitted: impl Fn(&str) -> bool) {
        for agency in self.verifications.keys() {
            if !submitted(agency) {
                self.warnings.push(Warning::VerificationUnused {
                    agency: agency.clone(),
                });
            }
        }
        for agency in self.stage_scores.keys() {
            if !submitted(agency) {
                self.warnings.push(Warning::StageScoresUnused {
                    agency: agency.clone(),
                });
            }
        }
    }
}

/// One warning per body that attached evidence to questions that take none.
fn evidence_warning(card: &crate::Scorecard) -> Option<Warning> {
    let ignored = &card.diagnostics.evidence_ignored;
    ignored.first()?;
    Some(Warning::EvidenceIgnored {
        agency: card.agency.id.clone(),
        name: card.agency.name.clone(),
        questions: ignored.iter().map(ToString::to_string).collect(),
    })
}

/// The message for one of `count` copies of a submission: the first copy names the
/// second, every other copy the first.
pub(crate) fn duplicate_message(
    who: &str,
    count: usize,
    this: &str,
    first: &str,
    second: &str,
) -> String {
    let other = if this == first {
        format!("this one and {} more, the next at {second}", count - 1)
    } else {
        format!("the first at {first}")
    };
    format!(
        "expected one submission of {who} in the batch, found {count} ({other}); every copy is rejected"
    )
}

/// [`duplicate_message`] in Indonesian.
fn duplicate_message_id(who: &str, count: usize, this: &str, first: &str, second: &str) -> String {
    let other = if this == first {
        format!("yang ini dan {} lagi, berikutnya di {second}", count - 1)
    } else {
        format!("yang pertama di {first}")
    };
    format!(
        "seharusnya satu pengajuan dari {who} dalam satu penilaian, ternyata {count} ({other}); \
         semua salinan ditolak"
    )
}

/// One body's scoring: its scorecard, or the rejection of every submission it had.
#[expect(
    clippy::large_enum_variant,
    reason = "outcomes become the results' scorecards in place; boxing would allocate per body"
)]
enum Outcome {
    Scored(crate::Scorecard),
    Rejected(Box<(String, Vec<Origin>, Report)>),
}

/// What the side files hold for one body: its verification, its stage scores and its
/// roster entry.
#[derive(Clone, Copy)]
struct SideInputs<'b> {
    verification: Option<&'b Verification>,
    stage_scores: &'b [StageScore],
    listed: Option<&'b Agency>,
}

/// Every body's [`SideInputs`], in the bodies' order: the bodies (grouped by id) and the
/// maps are all in id order, so one pass through each finds them.
fn side_inputs<'b>(
    bodies: &[&mut [(Place, Sheet)]],
    verifications: &'b BTreeMap<String, Verification>,
    stage_scores: &'b BTreeMap<String, Vec<StageScore>>,
    roster: Option<&'b Roster>,
) -> Vec<SideInputs<'b>> {
    /// The value under `id` in a map walked in id order (`next` the first key not yet
    /// passed); keys before `id` belong to no body and are passed.
    fn find<'m, K: AsRef<str>, V>(
        entries: &mut std::iter::Peekable<impl Iterator<Item = (K, &'m V)>>,
        id: &str,
    ) -> Option<&'m V> {
        while let Some((key, value)) = entries.peek() {
            match key.as_ref().cmp(id) {
                std::cmp::Ordering::Less => {
                    entries.next();
                }
                std::cmp::Ordering::Equal => return Some(*value),
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
    let mut verifications = verifications.iter().peekable();
    let mut stage_scores = stage_scores.iter().peekable();
    let mut roster = roster
        .into_iter()
        .flatten()
        .map(|listed| (listed.0.id.as_str(), &listed.0))
        .peekable();
    bodies
        .iter()
        .map(|body| {
            let id = body.first().map_or("", |(_, s)| s.agency.id.as_str());
            SideInputs {
                verification: find(&mut verifications, id),
                stage_scores: find(&mut stage_scores, id).map_or(&[], Vec::as_slice),
                listed: find(&mut roster, id),
            }
        })
        .collect()
}

/// Scores one agency's sheets, then empties them: only what a rejection names is kept.
fn score_body(
    plan: &Plan,
    body: &mut [(Place, Sheet)],
    files: &[String],
    side: SideInputs,
) -> Outcome {
    let agency = body
        .first()
        .map(|(_, s)| s.agency.id.clone())
        .unwrap_or_default();
    let sheets: Vec<&Sheet> = body.iter().map(|(_, s)| s).collect();
    let stages: Vec<&StageScore> = side.stage_scores.iter().collect();
    let listed = side.listed;
    let outcome = match listed.map(|listed| against_roster(listed, &sheets)) {
        Some(report) if !report.is_empty() => Err(report),
        _ => plan.score_sheets_unsettled(&sheets, side.verification, &stages),
    };
    // Later verification rounds: the final as it stood before each (few bodies, the
    // masa sanggah's), for the report's section per round.
    let outcome = outcome.map(|mut card| {
        if let Some(verification) = side.verification.filter(|v| !v.revisions.is_empty()) {
            let before = plan.before_rounds(&sheets, verification, &stages);
            if !before.is_empty() {
                card.diagnostics
                    .rounds
                    .get_or_insert_default()
                    .before_rounds = before;
            }
        }
        card
    });
    for (_, sheet) in body.iter_mut() {
        sheet.takes = Vec::new();
    }
    match outcome {
        Ok(mut card) => {
            // The card keeps the agency as read and the sheets' text goes now: the
            // memory of a body's sheets is freed in one piece, for the next cards.
            if let Some((_, sheet)) = body.first_mut() {
                std::mem::swap(&mut card.agency, &mut sheet.agency);
            }
            // A region left out of the submission is the roster's: it only groups, so
            // the body is counted where the commission lists it.
            if card.agency.region.is_none() {
                card.agency.region = listed.and_then(|l| l.region.clone());
            }
            // Its places are kept while a gate may still refuse it.
            let gated = plan.has_gates();
            for (place, sheet) in body.iter_mut() {
                if !gated {
                    *place = Place::default();
                }
                let agency = &mut sheet.agency;
                (agency.id, agency.name) = (String::new(), String::new());
                (agency.category, agency.region) = (None, None);
            }
            Outcome::Scored(card)
        }
        Err(report) => {
            let origins = body
                .iter_mut()
                .map(|(place, sheet)| Origin {
                    source: std::mem::take(place).source(files),
                    category: sheet.agency.category.take(),
                    region: sheet.agency.region.take(),
                })
                .collect();
            Outcome::Rejected(Box::new((agency, origins, report)))
        }
    }
}

/// A body the roster lists must be submitted in the roster's category and region: the
/// category decides which questions are asked and where the body is ranked, the region
/// where it is counted, so a submission that says otherwise is rejected — naming both
/// values — rather than ranked where the commission did not put it. A value left out of
/// the submission is not a conflict (a region is then the roster's).
fn against_roster(listed: &Agency, sheets: &[&Sheet]) -> Report {
    let mut report = Report::new();
    let Some(sheet) = sheets.first() else {
        return report;
    };
    let fields = [
        (
            "category",
            "kategori",
            sheet.agency.category.as_deref(),
            listed.category.as_deref(),
        ),
        (
            "region",
            "wilayah",
            sheet.agency.region.as_deref(),
            listed.region.as_deref(),
        ),
    ];
    for (field, kata, submitted, due) in fields {
        if let (Some(submitted), Some(due)) = (submitted, due)
            && submitted != due
        {
            report.push(
                Problem::new(
                    ProblemKind::Inconsistent,
                    format!("/agency/{field}"),
                    format!(
                        "expected `{due}`, the {field} the roster lists for this body, found \
                         `{submitted}`: correct the submission or the roster"
                    ),
                )
                .with_indonesian(format!(
                    "seharusnya `{due}`, {kata} badan publik ini di daftar badan publik, \
                     ternyata `{submitted}`: perbaiki pengajuan atau daftarnya"
                )),
            );
        }
    }
    report
}

struct Origin {
    source: Source,
    category: Option<CategoryId>,
    region: Option<String>,
}

/// The roster matched against the cards in one merge of the two in id order: for each
/// card, whether the roster lacks it, and the roster's bodies no card names (in id
/// order). A batch's cards come in agency order; any other order is sorted first.
fn match_roster<'r>(
    cards: &[crate::Scorecard],
    roster: &'r Roster,
) -> (Vec<bool>, Vec<&'r Agency>) {
    let id = |k: usize| cards.get(k).map_or("", |c| c.agency.id.as_str());
    let mut by_id: Vec<usize> = (0..cards.len()).collect();
    if !by_id.is_sorted_by_key(|&k| id(k)) {
        by_id.sort_unstable_by_key(|&k| id(k));
    }
    let mut entries = roster.iter().map(|l| &l.0).peekable();
    let mut unmatched = Vec::new();
    let mut off = vec![false; cards.len()];
    for k in by_id {
        while let Some(agency) = entries.next_if(|a| a.id.as_str() < id(k)) {
            unmatched.push(agency);
        }
        if entries.next_if(|a| a.id.as_str() == id(k)).is_none()
            && let Some(flag) = off.get_mut(k)
        {
            *flag = true;
        }
    }
    unmatched.extend(entries);
    (off, unmatched)
}
