//! What a scored batch means: one body's report card ([`card`]), one body explained ([`explain`]), what it can know from
//! its answers alone ([`outlook`]), two results compared ([`diff`]), a questionnaire as it is filled ([`questionnaire`]), how sure the ranks
//! are ([`sensitivity`]). May import every layer below.

pub(crate) mod annex;
pub(crate) mod card;
pub(crate) mod card_items;
pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod fixes;
pub(crate) mod outlook;
pub(crate) mod questionnaire;
pub(crate) mod sensitivity;
