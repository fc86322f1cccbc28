//! What a scored batch means: one body explained ([`explain`]), two results compared
//! ([`diff`]), how sure the ranks are ([`sensitivity`]). May import every layer below.

pub(crate) mod diff;
pub(crate) mod explain;
pub(crate) mod sensitivity;
