//! Participation (*kemajuan pengisian*) while the Monev is open: every roster body's one
//! state — nothing received, a draft, complete, rejected, or late — with what it still
//! lacks, and the counts per category, region and superior (*atasan*). An unanswered
//! question is normal in a draft, never a problem; a value that cannot be read rejects
//! the body, with its reasons, as scoring would.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::batch::collect::Batch;
use crate::batch::not_assessed::NotAssessedReason;
use crate::batch::results::Results;
use crate::batch::source::Source;
use crate::model::id::{CategoryId, QuestionId};
use crate::model::submission::Agency;
use crate::score::sheet::{Sheet, Take};
use crate::text::language::Language;
use crate::text::moment::Moment;

/// Where the Monev stands: every body's state and the counts ([`Batch::progress`]).
/// Serialises to `{ "instrument", "deadline", "bodies", "not_on_roster", "unplaced",
/// "total", "by_category", "by_region", "by_superior", "without_superior", "warnings" }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Progress {
    /// The instrument's id.
    pub instrument: String,
    /// The deadline held, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Moment>,
    /// Every body due, in the roster's id order (without a roster: every body that
    /// sent something).
    pub bodies: Vec<BodyProgress>,
    /// Bodies that sent something though the roster does not list them: not counted.
    pub not_on_roster: Vec<BodyProgress>,
    /// Records that name no body (a line too broken to show an id): each with why.
    pub unplaced: Vec<Reason>,
    /// The counts over every body due.
    pub total: StateCounts,
    /// The counts per category, by its id.
    pub by_category: BTreeMap<String, StateCounts>,
    /// The counts per region, by its code (bodies with no region are in `total` only).
    pub by_region: BTreeMap<String, StateCounts>,
    /// The counts per superior, by the roster's text.
    pub by_superior: BTreeMap<String, StateCounts>,
    /// The counts of the bodies the roster names no superior for: with `by_superior`,
    /// they add up to `total`.
    pub without_superior: StateCounts,
    /// What the run noticed, each message in the language asked for.
    pub warnings: Vec<String>,
    /// The language of the messages, `lacks` and the CSV's `state_name`.
    #[serde(skip)]
    pub language: Language,
}

/// One body's state and what it lacks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BodyProgress {
    /// The body's id.
    pub id: String,
    /// Its name, as the roster gives it (else as its submission does; `None` for a
    /// rejected record off the roster, whose name could not be read).
    pub name: Option<String>,
    /// Its category.
    pub category: Option<CategoryId>,
    /// Its category's name, as the instrument gives it.
    pub category_name: Option<String>,
    /// Its region.
    pub region: Option<String>,
    /// Whom the commission reports to about it (the roster's `superior`).
    pub superior: Option<String>,
    /// Whom to reach at the body (the roster's `contact`).
    pub contact: Option<String>,
    /// Where it stands.
    pub state: State,
    /// The questions asked of it that it answered (a value; "not applicable" makes a
    /// question not asked), over all its raters; `None` unless it is a draft or
    /// complete.
    pub answered: Option<usize>,
    /// The questions asked of it (its category's, their `when` holding, not answered
    /// "not applicable"), over all its raters; `None` unless a draft or complete.
    pub applicable: Option<usize>,
    /// The questions asked and not answered yet, in the instrument's order.
    pub unanswered: Vec<QuestionId>,
    /// The answered questions that need evidence (*data dukung*) and have none.
    pub evidence_missing: Vec<QuestionId>,
    /// Why it was rejected (every problem of every rejected copy), or why a copy was.
    pub reasons: Vec<Reason>,
    /// What it still lacks, in a line in the language asked for: the questions not
    /// answered (`belum dijawab 1 dari 4: PL02`), those without their evidence, why it
    /// was rejected, when it sent late, or that it sent nothing; empty when complete.
    pub lacks: String,
    /// When its late questionnaire was sent (a late body).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Moment>,
    /// Where its questionnaires stand (`file:line`).
    pub sources: Vec<Source>,
}

/// A body's state in the Monev.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum State {
    /// On the roster; nothing has come from it (*belum mengirim*).
    NotReceived,
    /// Received; some question asked of it is unanswered, or an answer lacks its
    /// required evidence (*draf*).
    Draft,
    /// Received, every question asked answered, every required evidence given
    /// (*lengkap*).
    Complete,
    /// Received, and unusable: its reasons say why (*ditolak*).
    Rejected,
    /// Everything it sent came after the deadline (*terlambat*).
    Late,
}

impl State {
    /// Every state, in the order the counts list them.
    pub const ALL: [State; 5] = [
        State::NotReceived,
        State::Draft,
        State::Complete,
        State::Rejected,
        State::Late,
    ];

    /// The state's stable name: `not_received`, `draft`, `complete`, `rejected`, `late`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotReceived => "not_received",
            State::Draft => "draft",
            State::Complete => "complete",
            State::Rejected => "rejected",
            State::Late => "late",
        }
    }

    /// The state for people, in `language` (*Belum mengirim*, *Draf*, *Lengkap*,
    /// *Ditolak*, *Terlambat*).
    pub fn label(self, language: Language) -> &'static str {
        let (id, en) = match self {
            State::NotReceived => ("Belum mengirim", "Not received"),
            State::Draft => ("Draf", "Draft"),
            State::Complete => ("Lengkap", "Complete"),
            State::Rejected => ("Ditolak", "Rejected"),
            State::Late => ("Terlambat", "Late"),
        };
        language.pick(id, en)
    }
}

/// A problem that rejected a copy, where it stands and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Reason {
    /// The copy's place (`file:line`, `file#/3`).
    pub source: String,
    /// Where in it (a JSON pointer, or a sheet's cell).
    pub path: String,
    /// What was expected and what was found, in the language asked for.
    pub message: String,
}

impl Reason {
    /// `file:line path: message`, the path left out when there is none.
    pub fn place_and_message(&self) -> String {
        match self.path.is_empty() {
            true => format!("{}: {}", self.source, self.message),
            false => format!("{} {}: {}", self.source, self.path, self.message),
        }
    }
}

/// How many bodies are in each state; `due` is their sum.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StateCounts {
    /// The bodies due.
    pub due: usize,
    /// Nothing received.
    pub not_received: usize,
    /// Drafts.
    pub draft: usize,
    /// Complete.
    pub complete: usize,
    /// Rejected.
    pub rejected: usize,
    /// Late.
    pub late: usize,
}

impl StateCounts {
    pub(crate) fn add(&mut self, state: State) {
        self.due += 1;
        *match state {
            State::NotReceived => &mut self.not_received,
            State::Draft => &mut self.draft,
            State::Complete => &mut self.complete,
            State::Rejected => &mut self.rejected,
            State::Late => &mut self.late,
        } += 1;
    }

    /// The count of bodies in `state`.
    pub fn of(&self, state: State) -> usize {
        match state {
            State::NotReceived => self.not_received,
            State::Draft => self.draft,
            State::Complete => self.complete,
            State::Rejected => self.rejected,
            State::Late => self.late,
        }
    }
}

/// One body's answers so far, over its raters (plan indices of the questions).
#[derive(Debug, Default)]
struct Fill {
    answered: usize,
    applicable: usize,
    unanswered: Vec<u32>,
    evidence_missing: Vec<u32>,
    sources: Vec<Source>,
}

impl Fill {
    /// An answer to question `k`; `lacks_evidence` when it earns points that its
    /// missing evidence takes away (a "no" needs none), as scoring counts it.
    fn answer(&mut self, k: u32, lacks_evidence: bool) {
        self.applicable += 1;
        self.answered += 1;
        if lacks_evidence {
            self.evidence_missing.push(k);
        }
    }

    fn add(&mut self, sheet: &Sheet) {
        for (k, cell) in sheet.takes.iter().enumerate() {
            let k = u32::try_from(k).unwrap_or(u32::MAX);
            match cell.take() {
                Take::LeftOut | Take::Closed => {}
                Take::Missing => {
                    self.applicable += 1;
                    self.unanswered.push(k);
                }
                Take::Answered {
                    numer,
                    evidence_missing,
                } => self.answer(k, evidence_missing && numer != 0),
                Take::Exact {
                    index,
                    evidence_missing,
                } => {
                    let zero = (sheet.exact().get(index as usize)).is_none_or(|s| s.is_zero());
                    self.answer(k, evidence_missing && !zero);
                }
            }
        }
    }
}

impl Batch<'_> {
    /// Where the Monev stands: every roster body's [`State`], with its answered and
    /// applicable counts, the questions it has not answered, the evidence it lacks and
    /// why it was rejected; the counts per category, region and superior. Messages are
    /// in `language`.
    ///
    /// A body is read as scoring reads it — the same duplicates, limits and deadline —
    /// but an unanswered question only makes it a draft; stage scores and verification
    /// play no part.
    ///
    /// ```
    /// use kip_index::{Agency, Batch, Language, Plan, RosterEntry, State, Submission};
    ///
    /// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
    /// let plan = Plan::new(&instrument.parse()?)?;
    /// let mut batch = Batch::new(&plan);
    /// let kabkota =
    ///     std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
    /// let first = Submission::from_json(kabkota.lines().next().unwrap_or_default())?;
    /// batch.add_submission("kabkota.jsonl:1", &first);
    /// let mut missing = Agency::new("3699", "Kabupaten Contoh");
    /// missing.category = first.agency.category.clone();
    /// batch.add_to_roster(RosterEntry::from(first.agency.clone()).with_superior("Gubernur Banten"))?;
    /// batch.add_to_roster(RosterEntry::from(missing).with_superior("Gubernur Banten"))?;
    /// let progress = batch.progress(Language::Indonesian);
    /// let states: Vec<State> = progress.bodies.iter().map(|b| b.state).collect();
    /// assert!(states.contains(&State::NotReceived));
    /// assert_eq!(progress.by_superior["Gubernur Banten"].due, 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn progress(self, language: Language) -> Progress {
        let plan = self.plan;
        let mut fills: BTreeMap<String, Fill> = BTreeMap::new();
        for (place, sheet) in &self.sheets {
            let fill = fills.entry(sheet.agency.id.clone()).or_default();
            fill.add(sheet);
            fill.sources.push(place.source(&self.files));
        }
        let roster: Option<Vec<crate::batch::roster::Listed>> =
            self.roster.as_ref().map(|r| r.iter().cloned().collect());
        let mut results = self.without_stage_scores().finish();
        // The scorecards go as their bodies are made: only their agencies are needed.
        let cards = std::mem::take(&mut results.results);
        let question = |k: &u32| (plan.questions.get(*k as usize)).map(|q| q.shared_id.clone());
        let ids = |mut list: Vec<u32>| -> Vec<QuestionId> {
            list.sort_unstable();
            list.dedup();
            list.iter().filter_map(question).collect()
        };
        let mut seen: BTreeMap<String, BodyProgress> = BTreeMap::new();
        for card in cards {
            let fill = fills.remove(&card.agency.id).unwrap_or_default();
            let complete = fill.unanswered.is_empty() && fill.evidence_missing.is_empty();
            let mut body = BodyProgress::of(
                &card.agency,
                match complete {
                    true => State::Complete,
                    false => State::Draft,
                },
            );
            body.answered = Some(fill.answered);
            body.applicable = Some(fill.applicable);
            body.unanswered = ids(fill.unanswered);
            body.evidence_missing = ids(fill.evidence_missing);
            body.sources = fill.sources;
            seen.insert(card.agency.id.clone(), body);
        }
        for not in &results.not_assessed {
            if not.reason == NotAssessedReason::Late {
                let mut body = BodyProgress::of(&not.agency, State::Late);
                body.submitted_at = not.submitted_at.clone();
                body.sources.extend(not.source.clone());
                seen.insert(not.agency.id.clone(), body);
            }
        }
        let mut unplaced = Vec::new();
        for rejected in &results.rejected {
            let reasons = rejected.errors.iter().map(|p| Reason {
                source: rejected.source.to_string(),
                path: p.path.clone(),
                message: p.message_in(language).to_owned(),
            });
            let Some(id) = &rejected.agency else {
                unplaced.extend(reasons);
                continue;
            };
            let body = seen.entry(id.clone()).or_insert_with(|| BodyProgress {
                category: rejected.category.clone(),
                region: rejected.region.clone(),
                name: rejected.name.clone(),
                ..BodyProgress::of(&Agency::new(id.clone(), ""), State::Rejected)
            });
            body.reasons.extend(reasons);
            body.sources.push(rejected.source.clone());
        }
        let mut warnings: Vec<String> = (results.warnings.iter())
            .filter(|w| w.kind() != "not_on_roster")
            .map(|w| w.message(language))
            .collect();
        // One superior written in two cases (`gubernur banten`) is one: its first
        // spelling stands, and the others are said.
        let mut spellings: BTreeMap<String, String> = BTreeMap::new();
        let mut respelled: BTreeMap<String, String> = BTreeMap::new();
        let mut one_superior = |superior: String| -> String {
            let first = spellings
                .entry(superior.to_lowercase())
                .or_insert_with(|| superior.clone());
            if *first != superior {
                respelled.insert(superior, first.clone());
            }
            first.clone()
        };
        let (bodies, not_on_roster) = match roster {
            Some(roster) => {
                let bodies = (roster.into_iter())
                    .map(|listed| {
                        let mut body = seen
                            .remove(&listed.0.id)
                            .unwrap_or_else(|| BodyProgress::of(&listed.0, State::NotReceived));
                        // The roster's own words stand: it is the commission's list.
                        body.name = Some(listed.0.name.clone());
                        body.category = listed.0.category.clone();
                        body.region = listed.0.region.clone();
                        if let Some(reach) = listed.1 {
                            body.superior = reach.superior.map(&mut one_superior);
                            body.contact = reach.contact;
                        }
                        body
                    })
                    .collect();
                (bodies, seen.into_values().collect())
            }
            None => (seen.into_values().collect(), Vec::new()),
        };
        for (spelled, first) in respelled {
            warnings.push(language.pick(
                format!(
                    "atasan `{spelled}` dibaca sebagai `{first}` (hanya beda huruf besar/kecil)"
                ),
                format!("the superior `{spelled}` is read as `{first}` (they differ only in case)"),
            ));
        }
        Progress::new(
            &results,
            language,
            bodies,
            not_on_roster,
            unplaced,
            warnings,
        )
    }
}

impl BodyProgress {
    fn of(agency: &Agency, state: State) -> BodyProgress {
        BodyProgress {
            id: agency.id.clone(),
            name: Some(agency.name.clone()).filter(|n| !n.is_empty()),
            category: agency.category.clone(),
            category_name: None,
            region: agency.region.clone(),
            superior: None,
            contact: None,
            state,
            answered: None,
            applicable: None,
            unanswered: Vec::new(),
            evidence_missing: Vec::new(),
            reasons: Vec::new(),
            lacks: String::new(),
            submitted_at: None,
            sources: Vec::new(),
        }
    }

    /// [`BodyProgress::lacks`] in `language`, against `deadline`.
    fn say_lacks(&self, language: Language, deadline: Option<&Moment>) -> String {
        let listed = |ids: &[QuestionId]| {
            let mut shown: Vec<String> = ids.iter().take(12).map(|q| q.to_string()).collect();
            if ids.len() > 12 {
                let more = ids.len() - 12;
                shown
                    .push(language.pick(format!("dan {more} lainnya"), format!("and {more} more")));
            }
            shown.join(", ")
        };
        let reasons = |reasons: &[Reason]| {
            let mut said: Vec<String> = (reasons.iter().take(3))
                .map(Reason::place_and_message)
                .collect();
            if reasons.len() > 3 {
                let more = reasons.len() - 3;
                said.push(language.pick(format!("dan {more} lainnya"), format!("and {more} more")));
            }
            said.join("; ")
        };
        match self.state {
            State::NotReceived => language
                .pick("belum mengirim SAQ", "has sent no SAQ")
                .to_owned(),
            State::Late => {
                let sent = self
                    .submitted_at
                    .as_ref()
                    .map_or(String::new(), |m| m.to_string());
                let deadline = deadline.map_or(String::new(), |d| format!(" {d}"));
                language.pick(
                    format!("terlambat: dikirim {sent}, setelah batas waktu{deadline}"),
                    format!("late: sent {sent}, after the deadline{deadline}"),
                )
            }
            State::Rejected => reasons(&self.reasons),
            State::Draft | State::Complete => {
                let mut parts = Vec::new();
                if !self.unanswered.is_empty() {
                    let (n, of) = (self.unanswered.len(), self.applicable.unwrap_or_default());
                    let ids = listed(&self.unanswered);
                    parts.push(language.pick(
                        format!("belum dijawab {n} dari {of}: {ids}"),
                        format!("unanswered {n} of {of}: {ids}"),
                    ));
                }
                if !self.evidence_missing.is_empty() {
                    let ids = listed(&self.evidence_missing);
                    parts.push(language.pick(
                        format!("tanpa data dukung: {ids}"),
                        format!("without evidence: {ids}"),
                    ));
                }
                // A rater's copy rejected while another's stands: scored without it.
                if !self.reasons.is_empty() {
                    let said = reasons(&self.reasons);
                    parts.push(language.pick(
                        format!("satu pengajuan ditolak: {said}"),
                        format!("a submission rejected: {said}"),
                    ));
                }
                parts.join("; ")
            }
        }
    }
}

impl Progress {
    fn new(
        results: &Results,
        language: Language,
        bodies: Vec<BodyProgress>,
        not_on_roster: Vec<BodyProgress>,
        unplaced: Vec<Reason>,
        warnings: Vec<String>,
    ) -> Progress {
        let deadline = results.deadline.as_ref();
        let said = |mut bodies: Vec<BodyProgress>| {
            for body in &mut bodies {
                body.lacks = body.say_lacks(language, deadline);
                body.category_name = (body.category.as_deref())
                    .and_then(|c| results.category_name(c))
                    .map(str::to_owned);
            }
            bodies
        };
        let (bodies, not_on_roster) = (said(bodies), said(not_on_roster));
        let mut progress = Progress {
            instrument: results.instrument.clone(),
            deadline: results.deadline.clone(),
            bodies,
            not_on_roster,
            unplaced,
            total: StateCounts::default(),
            by_category: BTreeMap::new(),
            by_region: BTreeMap::new(),
            by_superior: BTreeMap::new(),
            without_superior: StateCounts::default(),
            warnings,
            language,
        };
        for body in &progress.bodies {
            progress.total.add(body.state);
            let groups = [
                (&mut progress.by_category, body.category.as_deref()),
                (&mut progress.by_region, body.region.as_deref()),
                (&mut progress.by_superior, body.superior.as_deref()),
            ];
            for (map, key) in groups {
                if let Some(key) = key {
                    map.entry(key.to_owned()).or_default().add(body.state);
                }
            }
            if body.superior.is_none() {
                progress.without_superior.add(body.state);
            }
        }
        progress
    }

    /// The JSON `kip progress --format json` writes, pretty-printed, ending with a
    /// newline: the one text of it the command line, the page and Python give.
    pub fn to_json(&self) -> String {
        // Owned, well-formed data (string keys, no failing Serialize) serialises into a
        // String without failing: an empty text in its place would be a silent loss.
        let mut text = serde_json::to_string_pretty(self).expect("progress serializes as JSON");
        text.push('\n');
        text
    }

    /// The counts per category, each under its name where the instrument gives one
    /// (else its id), in the ids' order.
    pub fn by_category_named(&self) -> Vec<(&str, &StateCounts)> {
        let names: BTreeMap<&str, &str> = (self.bodies.iter())
            .filter_map(|b| Some((b.category.as_deref()?, b.category_name.as_deref()?)))
            .collect();
        (self.by_category.iter())
            .map(|(id, counts)| (names.get(id.as_str()).copied().unwrap_or(id), counts))
            .collect()
    }

    /// The bodies under each superior, in the superior's order, then those with none
    /// (under `None`): what the pages per superior print.
    pub fn by_superior_bodies(&self) -> Vec<(Option<&str>, Vec<&BodyProgress>)> {
        let mut groups: BTreeMap<Option<&str>, Vec<&BodyProgress>> = BTreeMap::new();
        for body in &self.bodies {
            groups
                .entry(body.superior.as_deref())
                .or_default()
                .push(body);
        }
        let none = groups.remove(&None);
        let mut out: Vec<_> = groups.into_iter().collect();
        out.extend(none.map(|b| (None, b)));
        out
    }
}

impl Progress {
    /// Every body due as a CSV row in `style`, after a byte-order mark: `id, name,
    /// category, category_name, region, superior, contact, state, state_name, answered,
    /// applicable, unanswered, evidence_missing, submitted_at, reasons, lacks` — the
    /// question lists separated by spaces, the reasons by ` | ` (`source path:
    /// message`), `state_name` and `lacks` in the language read with. The bodies off the
    /// roster are not rows.
    ///
    /// ```
    /// use kip_index::{BatchFiles, CsvStyle, Language, NamedBytes};
    ///
    /// let instrument = std::fs::read("examples/progress-2025/instrument.json")?;
    /// let sent = std::fs::read("examples/progress-2025/submissions.jsonl")?;
    /// let mut files = BatchFiles::new(NamedBytes::new("instrument.json", &instrument));
    /// files.submissions.push(NamedBytes::new("submissions.jsonl", &sent));
    /// let csv = files.progress(Language::English)?.to_csv(CsvStyle::STANDARD);
    /// assert!(csv.starts_with("\u{feff}id,name,category,category_name,region,superior,"));
    /// assert!(csv.contains(",draft,Draft,3,4,PL02,,"), "{csv}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv(&self, style: crate::CsvStyle) -> String {
        let text = |cell: &str| match style.spreadsheet_safe {
            true => crate::spreadsheet_safe(cell),
            false => cell.to_owned(),
        };
        let count = |n: Option<usize>| n.map(|n| n.to_string()).unwrap_or_default();
        let ids = |list: &[QuestionId]| {
            let all: Vec<&str> = list.iter().map(|q| q.as_str()).collect();
            text(&all.join(" "))
        };
        let mut writer = csv::WriterBuilder::new()
            .delimiter(style.separator)
            .from_writer(Vec::new());
        let header = [
            "id",
            "name",
            "category",
            "category_name",
            "region",
            "superior",
            "contact",
            "state",
            "state_name",
            "answered",
            "applicable",
            "unanswered",
            "evidence_missing",
            "submitted_at",
            "reasons",
            "lacks",
        ];
        let mut rows = vec![header.map(str::to_owned).to_vec()];
        for body in &self.bodies {
            let reasons: Vec<String> = body.reasons.iter().map(Reason::place_and_message).collect();
            rows.push(vec![
                text(&body.id),
                text(body.name.as_deref().unwrap_or_default()),
                text(body.category.as_deref().unwrap_or_default()),
                text(body.category_name.as_deref().unwrap_or_default()),
                text(body.region.as_deref().unwrap_or_default()),
                text(body.superior.as_deref().unwrap_or_default()),
                text(body.contact.as_deref().unwrap_or_default()),
                body.state.as_str().to_owned(),
                body.state.label(self.language).to_owned(),
                count(body.answered),
                count(body.applicable),
                ids(&body.unanswered),
                ids(&body.evidence_missing),
                (body.submitted_at.as_ref()).map_or(String::new(), |m| m.to_string()),
                text(&reasons.join(" | ")),
                text(&body.lacks),
            ]);
        }
        for row in rows {
            // Into memory, every row as long as the header: nothing to fail.
            if writer.write_record(&row).is_err() {
                break;
            }
        }
        // A byte-order mark, as the results CSV has: Excel then reads the names as UTF-8.
        let bytes = writer.into_inner().unwrap_or_default();
        format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
    }
}
