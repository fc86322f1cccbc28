//! The verifiers' decisions (*verifikasi*) and the other stages' scores (*visitasi*,
//! *presentasi*, *uji publik*).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::text::decimal::{self, JsonDecimal};
use crate::text::decode::{Decoder, child};
use crate::text::json::Node;
use crate::text::problem::{Problem, ProblemKind, Report};

/// Verification entries of the same agency, which must have one entry: each later copy,
/// given as `(agency id, JSON pointer of the entry)`, is a problem.
pub fn find_duplicate_verifications<'a>(
    entries: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Report {
    let mut seen = BTreeSet::new();
    entries
        .into_iter()
        .filter(|(agency, _)| !seen.insert(*agency))
        .map(|(agency, path)| {
            Problem::new(
                ProblemKind::DuplicateId,
                child(path, "agency"),
                format!("expected one verification entry per agency, found `{agency}` again"),
            )
            .with_indonesian(format!(
                "seharusnya satu entri verifikasi per badan publik, ternyata `{agency}` ada lagi"
            ))
        })
        .collect()
}

/// The verifier's decisions on one body's answers.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Verification",
    description = "A verifier's decisions on one public body's SAQ answers: a replacing score, or acceptance of the self-assessed score. A verification file is a JSON array (or JSON Lines) of these. See docs/scoring.md in the kip-index repository."
)]
#[non_exhaustive]
pub struct Verification {
    /// The body's agency id.
    pub agency: String,
    /// The verification round the entry belongs to (`sanggah`: the *masa sanggah*, when
    /// bodies contest the verifiers' verdicts with new evidence). Without it, a batch
    /// names the round by the entry's file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// One decision per question at most.
    pub decisions: Vec<Decision>,
    /// The decisions a later round replaced or added, oldest first: filled by a batch
    /// as it takes the rounds in order ([`Batch::add_verification_round`](crate::Batch::add_verification_round)),
    /// never read from a file.
    #[serde(skip)]
    #[schemars(skip)]
    pub revisions: Vec<Revision>,
}

/// A decision a later verification round made on a question: the ruling before (none:
/// the self-assessed answer, under the evidence rule) and after.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Revision {
    /// The round that decided (`sanggah`).
    pub round: String,
    /// The question.
    pub question: String,
    /// The ruling before the round, if there was one.
    pub before: Option<Ruling>,
    /// The round's ruling.
    pub after: Ruling,
    /// The round's note on it.
    pub note: Option<String>,
}

impl Verification {
    /// A body's decisions after one more verification file: `earlier` (none yet) with
    /// the body's `entry` in that file. The first file is the verification itself; in a
    /// `later` one the entry is a round (named by its own `round`, else by `file_round`)
    /// that revises the body, whether or not an earlier file named it — the one rule of
    /// a batch and of `kip explain`.
    ///
    /// ```
    /// use kip_index::{Decision, Ruling, Verification};
    ///
    /// let mut sanggah = Verification::new("3601");
    /// sanggah.decisions.push(Decision::new("JI05", Ruling::Accept));
    /// // The verifiers' file did not name 3601: the appeal still revises it.
    /// let after = Verification::after_file(None, sanggah, "sanggah", true);
    /// assert_eq!(after.revisions[0].before, None);
    /// ```
    pub fn after_file(
        earlier: Option<Verification>,
        entry: Verification,
        file_round: &str,
        later: bool,
    ) -> Verification {
        let round = entry.round.clone().unwrap_or_else(|| file_round.to_owned());
        match (earlier, later) {
            (Some(mut earlier), _) => {
                earlier.take_round(&round, entry);
                earlier
            }
            (None, true) => {
                let mut base = Verification::new(entry.agency.clone());
                base.take_round(&round, entry);
                base
            }
            (None, false) => entry,
        }
    }

    /// The decisions as they stood before `round` (and every round after it): each of
    /// their revisions undone, latest first.
    pub fn before_round(&self, round: &str) -> Verification {
        let first = (self.revisions.iter())
            .position(|r| r.round == round)
            .unwrap_or(self.revisions.len());
        // Each question's ruling, undone in one map (latest first), then the decisions
        // again in their order, a question newly decided before the round last.
        let mut rulings: std::collections::HashMap<&str, Option<Ruling>> = (self.decisions.iter())
            .map(|d| (d.question.as_str(), Some(d.ruling)))
            .collect();
        for revision in self.revisions.get(first..).unwrap_or_default().iter().rev() {
            rulings.insert(revision.question.as_str(), revision.before);
        }
        let mut decisions: Vec<Decision> = (self.decisions.iter())
            .filter_map(|d| {
                let ruling = rulings.remove(d.question.as_str()).flatten()?;
                Some(Decision {
                    ruling,
                    ..d.clone()
                })
            })
            .collect();
        let mut restored: Vec<(&str, Ruling)> = (rulings.into_iter())
            .filter_map(|(q, r)| Some((q, r?)))
            .collect();
        restored.sort_by(|a, b| a.0.cmp(b.0));
        decisions.extend(restored.into_iter().map(|(q, r)| Decision::new(q, r)));
        Verification {
            agency: self.agency.clone(),
            round: self.round.clone(),
            decisions,
            revisions: self.revisions.get(..first).unwrap_or_default().to_vec(),
        }
    }

    /// Takes a later round's entry for the same body: each of its decisions replaces the
    /// earlier one on the same question (or is added), and every one that changes the
    /// ruling is kept in [`Verification::revisions`] under `round`.
    ///
    /// ```
    /// use kip_index::{Decision, Ruling, Verification};
    ///
    /// let mut first = Verification::new("3601");
    /// first.decisions.push(Decision::new("JI01", Ruling::Score(0.into())));
    /// let mut sanggah = Verification::new("3601");
    /// sanggah.decisions.push(Decision::new("JI01", Ruling::Accept));
    /// first.take_round("sanggah", sanggah);
    /// assert_eq!(first.decisions[0].ruling, Ruling::Accept);
    /// assert_eq!(first.revisions[0].before, Some(Ruling::Score(0.into())));
    /// assert_eq!(first.revisions[0].round, "sanggah");
    /// ```
    pub fn take_round(&mut self, round: &str, later: Verification) {
        // Each question's decision found through one index, not a scan a decision.
        let mut at: std::collections::HashMap<String, usize> = (self.decisions.iter())
            .enumerate()
            .map(|(k, d)| (d.question.clone(), k))
            .collect();
        for decision in later.decisions {
            let k = at.get(&decision.question).copied();
            let before = k.and_then(|k| self.decisions.get(k)).map(|d| d.ruling);
            if before == Some(decision.ruling) {
                continue;
            }
            self.revisions.push(Revision {
                round: round.to_owned(),
                question: decision.question.clone(),
                before,
                after: decision.ruling,
                note: decision.note.clone(),
            });
            match k.and_then(|k| self.decisions.get_mut(k)) {
                Some(slot) => *slot = decision,
                None => {
                    at.insert(decision.question.clone(), self.decisions.len());
                    self.decisions.push(decision);
                }
            }
        }
    }
}

/// A verifier's decision on one answer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Decision {
    /// The question decided on.
    pub question: String,
    /// What the verifier decided.
    #[serde(flatten)]
    pub ruling: Ruling,
    /// Why, for the body (`link is dead`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A verifier's ruling: keep the self-assessed score, or replace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ruling {
    /// `"accept": true`: the self-assessed score stands (evidence rule included).
    Accept,
    /// `"score": N`: this score (0–100) replaces the question's score.
    Score(Decimal),
}

impl Verification {
    /// The verifier's decisions on the body `agency`: none yet.
    pub fn new(agency: impl Into<String>) -> Verification {
        Verification {
            agency: agency.into(),
            round: None,
            decisions: Vec::new(),
            revisions: Vec::new(),
        }
    }
}

impl Decision {
    /// A ruling on the question `question`, without a note.
    pub fn new(question: impl Into<String>, ruling: Ruling) -> Decision {
        Decision {
            question: question.into(),
            ruling,
            note: None,
        }
    }
}

impl StageScore {
    /// The scores (one per judge, averaged) of the body `agency` in the stage `stage`.
    pub fn new(agency: impl Into<String>, stage: impl Into<String>, scores: Vec<Decimal>) -> Self {
        StageScore {
            agency: agency.into(),
            stage: stage.into(),
            scores,
            parts: Vec::new(),
        }
    }

    /// One judge's `parts` of the body `agency` in the stage `stage` (its score is their
    /// sum).
    pub fn in_parts(
        agency: impl Into<String>,
        stage: impl Into<String>,
        parts: Vec<(String, Decimal)>,
    ) -> Self {
        let sum = parts
            .iter()
            .try_fold(Decimal::ZERO, |sum, (_, p)| sum.checked_add(*p))
            .unwrap_or(Decimal::MAX);
        StageScore {
            agency: agency.into(),
            stage: stage.into(),
            scores: vec![sum],
            parts,
        }
    }
}

impl Serialize for Ruling {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Ruling::Accept => map.serialize_entry("accept", &true)?,
            Ruling::Score(d) => map.serialize_entry("score", &decimal::Exact(*d))?,
        }
        map.end()
    }
}

impl JsonSchema for Ruling {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Ruling".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let decimal = generator.subschema_for::<JsonDecimal>();
        schemars::json_schema!({
            "oneOf": [
                {
                    "description": "The verifier's score (0–100) replaces the question's score.",
                    "type": "object",
                    "properties": { "score": decimal },
                    "required": ["score"]
                },
                {
                    "description": "The self-assessed score stands.",
                    "type": "object",
                    "properties": { "accept": { "const": true } },
                    "required": ["accept"]
                }
            ]
        })
    }
}

/// One body's score in a stage other than the questionnaire (*visitasi*, *presentasi*):
/// one judge's score, or several whose mean is taken.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct StageScore {
    /// The body's agency id.
    pub agency: String,
    /// The stage scored.
    pub stage: String,
    /// The judges' scores (0–100), at least one; for an entry given in parts, the one
    /// judge's parts summed.
    pub scores: Vec<Decimal>,
    /// One judge's parts (`"parts": {"kehadiran": 15, "paparan": 70.5}`) for a stage
    /// scored in parts, in the order given; empty for an entry given as `score`/`scores`.
    pub parts: Vec<(String, Decimal)>,
}

impl Serialize for StageScore {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("agency", &self.agency)?;
        map.serialize_entry("stage", &self.stage)?;
        if self.parts.is_empty() {
            let scores: Vec<decimal::Exact> =
                self.scores.iter().map(|d| decimal::Exact(*d)).collect();
            map.serialize_entry("scores", &scores)?;
        } else {
            let parts: Vec<(&str, decimal::Exact)> = (self.parts.iter())
                .map(|(id, p)| (id.as_str(), decimal::Exact(*p)))
                .collect();
            map.serialize_entry("parts", &PartsOut(&parts))?;
        }
        map.end()
    }
}

/// A judge's parts as a JSON object, in the order given.
struct PartsOut<'a>(&'a [(&'a str, decimal::Exact)]);

impl Serialize for PartsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (id, value) in self.0 {
            map.serialize_entry(id, value)?;
        }
        map.end()
    }
}

impl JsonSchema for StageScore {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "StageScore".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let decimal = generator.subschema_for::<JsonDecimal>();
        schemars::json_schema!({
            "title": "StageScore",
            "description": "One public body's score in a stage other than the questionnaire (visitasi, presentasi): one `score`, several judges' `scores` whose mean is taken, or one judge's `parts` for a stage scored in parts. A stage-score file is a JSON array (or JSON Lines, or CSV `agency,stage,score`) of these. See docs/scoring.md in the kip-index repository.",
            "type": "object",
            "properties": {
                "agency": { "description": "The body's agency id.", "type": "string", "minLength": 1 },
                "stage": { "description": "The stage scored (not the questionnaire stage).", "type": "string", "minLength": 1 },
                "score": decimal,
                "scores": { "description": "Several judges' scores; their mean is taken.", "type": "array", "items": decimal, "minItems": 1 },
                "parts": { "description": "One judge's parts of a stage scored in parts (each from 0 to the part's `max`): their sum is the judge's score.", "type": "object", "additionalProperties": decimal, "minProperties": 1 }
            },
            "required": ["agency", "stage"],
            "oneOf": [ { "required": ["score"] }, { "required": ["scores"] }, { "required": ["parts"] } ],
            "additionalProperties": false
        })
    }
}

pub(crate) fn read_verification(d: &mut Decoder, node: &Node, path: &str) -> Option<Verification> {
    let f = d.object(
        node,
        path,
        "a verification",
        &["agency", "round", "decisions"],
    )?;
    let agency = f.required(d, "agency", node.offset, Decoder::id);
    let round = f.optional(d, "round", Decoder::id);
    let decisions = f.required(d, "decisions", node.offset, |d, n, p| {
        d.list(n, p, read_decision)
    });
    Some(Verification {
        agency: agency?,
        round: round.ok()?,
        decisions: decisions?,
        revisions: Vec::new(),
    })
}

fn read_decision(d: &mut Decoder, node: &Node, path: &str) -> Option<Decision> {
    let f = d.object(
        node,
        path,
        "a decision",
        &["question", "score", "accept", "note"],
    )?;
    let question = f.required(d, "question", node.offset, Decoder::id);
    let score = f.optional(d, "score", Decoder::decimal);
    let accept = f.optional(d, "accept", Decoder::bool);
    let note = f.optional(d, "note", Decoder::string);
    let ruling = match (score.ok()?, accept.ok()?) {
        (Some(s), None) => Ruling::Score(s),
        (None, Some(true)) => Ruling::Accept,
        (None, Some(false)) => {
            d.invalid(
                node,
                &child(path, "accept"),
                "expected `\"accept\": true` (to reject an answer, give its `score`), found false"
                    .into(),
            );
            return None;
        }
        (Some(_), Some(_)) => {
            d.invalid(
                node,
                path,
                "expected either a `score` or `\"accept\": true`, found both".into(),
            );
            return None;
        }
        (None, None) => {
            d.problem(
                ProblemKind::MissingField,
                child(path, "score"),
                node.offset,
                "expected a `score` (0–100) or `\"accept\": true`, found neither".into(),
            );
            return None;
        }
    };
    Some(Decision {
        question: question?,
        ruling,
        note: note.ok()?,
    })
}

pub(crate) fn read_stage_score(d: &mut Decoder, node: &Node, path: &str) -> Option<StageScore> {
    let f = d.object(
        node,
        path,
        "a stage score",
        &["agency", "stage", "score", "scores", "parts"],
    )?;
    let agency = f.required(d, "agency", node.offset, Decoder::id);
    let stage = f.required(d, "stage", node.offset, Decoder::id);
    if let Some(n) = f.get("parts") {
        if f.has("score") || f.has("scores") {
            d.problem_in(
                ProblemKind::InvalidValue,
                path.to_owned(),
                node.offset,
                (
                    "expected `parts` or a `score`, found both".into(),
                    "seharusnya `parts` (bagian nilai) atau `score`, ternyata keduanya".into(),
                ),
            );
            return None;
        }
        let entries = d.map(n, &f.path("parts"), "a judge's parts")?;
        let parts: Vec<Option<(String, Decimal)>> = entries
            .into_iter()
            .map(|(id, value, at)| Some((id.to_owned(), d.decimal(value, &at)?)))
            .collect();
        let parts: Vec<(String, Decimal)> = parts.into_iter().collect::<Option<_>>()?;
        if parts.is_empty() {
            d.problem_in(
                ProblemKind::InvalidValue,
                f.path("parts"),
                n.offset,
                (
                    "expected every part of the stage, found none".into(),
                    "seharusnya semua bagian nilai tahap, ternyata tidak ada".into(),
                ),
            );
            return None;
        }
        return Some(StageScore::in_parts(agency?, stage?, parts));
    }
    let scores = match (f.get("score"), f.get("scores")) {
        (Some(n), None) => d.decimal(n, &f.path("score")).map(|s| vec![s]),
        (None, Some(n)) => {
            let list = d.list(n, &f.path("scores"), Decoder::decimal);
            if list.as_ref().is_some_and(Vec::is_empty) {
                d.problem_in(
                    ProblemKind::InvalidValue,
                    f.path("scores"),
                    n.offset,
                    (
                        "expected at least one judge's score, found none".into(),
                        "seharusnya paling sedikit satu nilai juri, ternyata tidak ada".into(),
                    ),
                );
                None
            } else {
                list
            }
        }
        (Some(_), Some(_)) => {
            d.problem_in(
                ProblemKind::InvalidValue,
                path.to_owned(),
                node.offset,
                (
                    "expected either `score` or `scores`, found both".into(),
                    "seharusnya `score` atau `scores`, ternyata keduanya".into(),
                ),
            );
            None
        }
        (None, None) => {
            d.problem_in(
                ProblemKind::MissingField,
                f.path("score"),
                node.offset,
                (
                    "expected a `score` or the judges' `scores`, found neither".into(),
                    "seharusnya ada `score` (nilai) atau `scores` (nilai para juri), ternyata \
                     tidak ada keduanya"
                        .into(),
                ),
            );
            None
        }
    };
    Some(StageScore {
        agency: agency?,
        stage: stage?,
        scores: scores?,
        parts: Vec::new(),
    })
}
