//! The bodies not assessed (*Tidak Dinilai*): the roster's bodies that sent nothing, and
//! the bodies whose every questionnaire came after the deadline (*terlambat*; Jabar 2020
//! dropped its 4 late bodies with the 41 that never sent). A late submission is set apart
//! as it arrives ([`LateSubmission`]), never scored, and listed here when nothing else of
//! its body was; otherwise a warning names it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::batch::source::Source;
use crate::batch::warning::Warning;
use crate::model::submission::Agency;
use crate::text::moment::Moment;

/// A body not assessed, and why: it sent nothing though the roster lists it, or it sent
/// only after the deadline. Serialises to `{ "id", "name", "category", "region",
/// "reason", "submitted_at", "source" }`, the last two for a late body only.
///
/// ```
/// use kip_index::{Agency, NotAssessed, NotAssessedReason};
///
/// let body = NotAssessed::not_received(Agency::new("3601", "Pemerintah Kabupaten Pandeglang"));
/// assert_eq!(body.reason, NotAssessedReason::NotReceived);
/// assert_eq!(body.reason.as_str(), "not_received");
/// assert!(body.submitted_at.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NotAssessed {
    /// The body, as the roster gives it (else as its late submission does).
    #[serde(flatten)]
    pub agency: Agency,
    /// Why it was not assessed.
    pub reason: NotAssessedReason,
    /// When its first late questionnaire was sent (a late body only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<Moment>,
    /// Where that questionnaire stands (`file:line`; a late body only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

/// Why a body was not assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum NotAssessedReason {
    /// On the roster, and nothing came from it (*tidak mengirim*).
    NotReceived,
    /// Everything it sent came after the deadline (*terlambat*).
    Late,
}

impl NotAssessedReason {
    /// The reason's stable name: `not_received`, `late`.
    pub fn as_str(self) -> &'static str {
        match self {
            NotAssessedReason::NotReceived => "not_received",
            NotAssessedReason::Late => "late",
        }
    }
}

impl NotAssessed {
    /// A roster body that sent nothing.
    pub fn not_received(agency: Agency) -> NotAssessed {
        NotAssessed {
            agency,
            reason: NotAssessedReason::NotReceived,
            submitted_at: None,
            source: None,
        }
    }

    /// A body that sent only after the deadline: its first late questionnaire's time
    /// and place.
    pub fn late(agency: Agency, submitted_at: Moment, source: Source) -> NotAssessed {
        NotAssessed {
            agency,
            reason: NotAssessedReason::Late,
            submitted_at: Some(submitted_at),
            source: Some(source),
        }
    }
}

/// A submission sent after the deadline: set apart unscored, with where it stands.
#[derive(Debug, Clone)]
pub(crate) struct LateSubmission {
    pub source: Source,
    pub agency: Agency,
    pub submitted_at: Moment,
}

/// The bodies not assessed, in agency order: each roster body with no card and no
/// rejection is `not_received`, unless it sent late; each late body with no card and no
/// rejection is `late` (on the roster or not). The late submissions of bodies that were
/// scored or rejected are warned about, one warning each.
///
/// `unmatched` are the roster's bodies with no card, in id order (found in one merge);
/// only the late submissions, few, are looked up among the cards.
pub(crate) fn not_assessed(
    cards: &[crate::Scorecard],
    rejected: &BTreeSet<&str>,
    unmatched: Option<Vec<&Agency>>,
    mut late: Vec<LateSubmission>,
    deadline: Option<&Moment>,
) -> (Vec<NotAssessed>, Vec<Warning>) {
    let mut ids: Vec<&str> = Vec::new();
    if !late.is_empty() {
        ids = cards.iter().map(|c| c.agency.id.as_str()).collect();
        if !ids.is_sorted() {
            ids.sort_unstable();
        }
    }
    let scored = |id: &str| ids.binary_search(&id).is_ok();
    // Each body's earliest late submission (then the first read): its entry.
    late.sort_by(|a, b| {
        (a.agency.id.cmp(&b.agency.id)).then_with(|| a.submitted_at.cmp(&b.submitted_at))
    });
    let mut late_bodies: BTreeMap<&str, &LateSubmission> = BTreeMap::new();
    let mut warnings = Vec::new();
    for submission in &late {
        let id = submission.agency.id.as_str();
        if scored(id) || rejected.contains(id) {
            warnings.push(Warning::LateSubmissionIgnored {
                agency: id.to_owned(),
                name: submission.agency.name.clone(),
                submitted_at: submission.submitted_at.to_string(),
                deadline: deadline.map(Moment::to_string).unwrap_or_default(),
                source: submission.source.to_string(),
                rejected: !scored(id),
            });
        } else {
            late_bodies.entry(id).or_insert(submission);
        }
    }
    let mut out: Vec<NotAssessed> = Vec::new();
    for listed in unmatched.into_iter().flatten() {
        let id = listed.id.as_str();
        if let Some(first) = late_bodies.remove(id) {
            out.push(NotAssessed::late(
                listed.clone(),
                first.submitted_at.clone(),
                first.source.clone(),
            ));
        } else if !rejected.contains(id) {
            out.push(NotAssessed::not_received(listed.clone()));
        }
    }
    // Late bodies the roster does not list (or all of them, without a roster), then all
    // in id order (the roster's already are).
    let appended = !late_bodies.is_empty();
    out.extend(late_bodies.into_values().map(|first| {
        NotAssessed::late(
            first.agency.clone(),
            first.submitted_at.clone(),
            first.source.clone(),
        )
    }));
    if appended {
        out.sort_by(|a, b| a.agency.id.cmp(&b.agency.id));
    }
    (out, warnings)
}
