//! A roster's body (*daftar badan publik*): the agency due to submit, and whom the
//! commission reports to about it — its superior (*atasan*) and a contact.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::submission::{Agency, read_agency_fields};
use crate::text::decode::Decoder;
use crate::text::json::Node;

/// One body on the roster: its agency as a submission names it, and who hears of its
/// participation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RosterEntry {
    /// The body.
    #[serde(flatten)]
    pub agency: Agency,
    /// The office the commission reports to about this body (*atasan*): the governor
    /// for provincial offices, the regent or mayor for their offices, a university's
    /// supervising office. `kip progress` writes one page per superior.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superior: Option<String>,
    /// Whom to reach at the body (a name, an e-mail address or a telephone number), as
    /// the commission writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

impl From<Agency> for RosterEntry {
    fn from(agency: Agency) -> RosterEntry {
        RosterEntry {
            agency,
            superior: None,
            contact: None,
        }
    }
}

impl RosterEntry {
    /// The entry with its superior (*atasan*).
    ///
    /// ```
    /// use kip_index::{Agency, RosterEntry};
    ///
    /// let entry = RosterEntry::from(Agency::new("3601", "Kabupaten Pandeglang"))
    ///     .with_superior("Gubernur Banten");
    /// assert_eq!(entry.superior.as_deref(), Some("Gubernur Banten"));
    /// assert_eq!(entry.agency.id, "3601");
    /// ```
    pub fn with_superior(mut self, superior: impl Into<String>) -> RosterEntry {
        self.superior = Some(superior.into());
        self
    }

    /// The entry with whom to reach at the body.
    pub fn with_contact(mut self, contact: impl Into<String>) -> RosterEntry {
        self.contact = Some(contact.into());
        self
    }
}

/// A roster entry from a JSON object: an agency's fields, and `superior` and `contact`.
pub(crate) fn read_roster_entry(d: &mut Decoder, node: &Node, path: &str) -> Option<RosterEntry> {
    let f = d.object(
        node,
        path,
        "a roster entry",
        &["id", "name", "category", "region", "superior", "contact"],
    )?;
    let agency = read_agency_fields(d, &f, node);
    let superior = f.optional(d, "superior", Decoder::string);
    let contact = f.optional(d, "contact", Decoder::string);
    Some(RosterEntry {
        agency: agency?,
        superior: superior.ok()?,
        contact: contact.ok()?,
    })
}
