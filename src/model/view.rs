//! One body's answers as borrowed text: what the readers' fast paths (a JSON Lines
//! line, a spreadsheet row) give, for the scorer to reduce straight to a sheet
//! (`score::sheet`) or for the reader to turn into a `Submission` — one fast path
//! behind one interface; the careful reader is for what it leaves, and reports why.

use std::borrow::Cow;

use crate::model::id::CategoryId;
use crate::model::submission::Agency;
use crate::text::moment::Moment;

/// A submission line as the sheet builder sees it: borrowed text, each answer's value
/// as its exact JSON text, and the number of evidence items.
pub(crate) struct View<'a> {
    pub(crate) instrument: Cow<'a, str>,
    pub(crate) id: Cow<'a, str>,
    pub(crate) name: Cow<'a, str>,
    pub(crate) category: Option<Cow<'a, str>>,
    pub(crate) region: Option<Cow<'a, str>>,
    pub(crate) rater: Option<Cow<'a, str>>,
    pub(crate) rater_group: Option<Cow<'a, str>>,
    /// When it was sent, as written (read into a [`Moment`] by [`View::into_parts`]).
    pub(crate) submitted_at: Option<Cow<'a, str>>,
    pub(crate) answers: Answers<'a>,
}

/// Each answer under its question id, in the order written.
pub(crate) type Answers<'a> = Vec<(Cow<'a, str>, AnswerView<'a>)>;

/// One answer: its value's exact JSON text, its N/A flag, and its evidence — how many
/// links, and (from a JSON line) the JSON text of their array of strings.
pub(crate) struct AnswerView<'a> {
    pub(crate) value: Option<&'a str>,
    pub(crate) na: Option<bool>,
    pub(crate) evidence: usize,
    pub(crate) evidence_text: Option<&'a str>,
}

/// An id as written, or `None` when it is blank (which the careful reader reports).
fn id(text: Cow<str>) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.into_owned())
}

/// Who a view is from, owned: what a submission and a sheet both keep.
pub(crate) struct Origin {
    pub(crate) instrument: String,
    pub(crate) agency: Agency,
    pub(crate) rater: Option<String>,
    pub(crate) rater_group: Option<String>,
    pub(crate) submitted_at: Option<Moment>,
}

impl<'a> View<'a> {
    /// Whether every answer's text and evidence is within `limits`' text length: a view
    /// with a longer one goes to the careful reader, which refuses it at its place — so
    /// that an over-long answer gets the same verdict from JSON, JSON Lines, CSV and a
    /// workbook.
    pub(crate) fn within(&self, limits: &crate::model::limits::Limits) -> bool {
        let max = limits.max_string_bytes;
        self.answers.iter().all(|(_, answer)| {
            answer.value.is_none_or(|v| v.len() <= max)
                && answer.evidence_text.is_none_or(|e| e.len() <= max)
        })
    }

    /// Who the view is from, and its answers; `None` when an id is blank or the time is
    /// not a [`Moment`] (the careful reader says why).
    pub(crate) fn into_parts(self) -> Option<(Origin, Answers<'a>)> {
        let origin = Origin {
            instrument: id(self.instrument)?,
            agency: Agency {
                id: id(self.id)?,
                name: self.name.into_owned(),
                category: optional_id(self.category)?.map(CategoryId::from),
                region: optional_id(self.region)?,
            },
            rater: optional_id(self.rater)?,
            rater_group: optional_id(self.rater_group)?,
            submitted_at: match self.submitted_at {
                Some(text) => Some(Moment::parse(&text).ok()?),
                None => None,
            },
        };
        Some((origin, self.answers))
    }
}

/// An optional id: absent is fine, blank is not (`None`).
fn optional_id(text: Option<Cow<str>>) -> Option<Option<String>> {
    match text {
        Some(text) => id(text).map(Some),
        None => Some(None),
    }
}
