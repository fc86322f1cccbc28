//! [`QuestionId`]: a question's id as the diagnostics of every scorecard hold it.

use std::fmt;
use std::sync::Arc;

/// A question's id (`JI04`), shared with the plan: a national batch's diagnostics name
/// millions of questions, each an 16-byte handle on the plan's one copy of the text,
/// not a string of its own. Reads like a `&str`: compare it with one, print it,
/// `as_str` it.
///
/// ```
/// use kip_index::QuestionId;
/// let id = QuestionId::from("JI04");
/// assert_eq!(id, "JI04");
/// assert_eq!(vec![id.clone()], ["JI04"]);
/// assert_eq!(format!("{id}"), "JI04");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct QuestionId(Arc<str>);

impl QuestionId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for QuestionId {
    fn from(id: &str) -> Self {
        QuestionId(Arc::from(id))
    }
}

impl From<Arc<str>> for QuestionId {
    fn from(id: Arc<str>) -> Self {
        QuestionId(id)
    }
}

impl std::ops::Deref for QuestionId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for QuestionId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for QuestionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for QuestionId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for QuestionId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for QuestionId {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl serde::Serialize for QuestionId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}
