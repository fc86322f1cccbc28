//! The roster: the bodies due to submit, each found by its id, the id kept once (in its
//! agency), not again as a map's key. Imports only the model.

use crate::model::roster::RosterReach;
use crate::model::submission::Agency;

/// The bodies due to submit, by id: each body's id kept once, in its agency.
pub(crate) type Roster = std::collections::BTreeSet<Listed>;

/// A body on the roster, ordered and found by its id (`roster.get("3601")`), with whom
/// the commission reports to about it, when the roster says.
#[derive(Debug, Clone)]
pub(crate) struct Listed(pub Agency, pub Option<Box<RosterReach>>);

impl From<crate::model::roster::RosterEntry> for Listed {
    fn from(entry: crate::model::roster::RosterEntry) -> Listed {
        Listed(entry.agency, entry.reach)
    }
}

impl PartialEq for Listed {
    fn eq(&self, other: &Listed) -> bool {
        self.0.id == other.0.id
    }
}

impl Eq for Listed {}

impl PartialOrd for Listed {
    fn partial_cmp(&self, other: &Listed) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Listed {
    fn cmp(&self, other: &Listed) -> std::cmp::Ordering {
        self.0.id.cmp(&other.0.id)
    }
}

impl std::borrow::Borrow<str> for Listed {
    fn borrow(&self) -> &str {
        &self.0.id
    }
}

/// A body listed twice in a roster: the problem, its sentence in both languages.
pub(crate) fn listed_twice(id: &str) -> crate::text::problem::Problem {
    use crate::text::problem::{Problem, ProblemKind};
    Problem::new(
        ProblemKind::DuplicateId,
        "/id",
        format!("expected each body once in the roster, found `{id}` again"),
    )
    .with_indonesian(format!(
        "seharusnya setiap badan publik sekali dalam daftar, ternyata `{id}` lagi"
    ))
}
