//! One body's answers as borrowed text: what the readers' fast paths (a JSON Lines
//! line, a spreadsheet row) hand the scorer, which reduces it to a sheet without building
//! a `Submission` (see `score::sheet`).

use std::borrow::Cow;

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
    pub(crate) answers: Vec<(Cow<'a, str>, AnswerView<'a>)>,
}

pub(crate) struct AnswerView<'a> {
    pub(crate) value: Option<&'a str>,
    pub(crate) na: Option<bool>,
    pub(crate) evidence: usize,
}

/// An id as written, or `None` when it is blank (which the careful reader reports).
pub(crate) fn id(text: Cow<str>) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.into_owned())
}
