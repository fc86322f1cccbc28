//! A roster's body (*daftar badan publik*): the agency due to submit, and whom the
//! commission reports to about it — its superior (*atasan*) and a contact.

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::submission::{Agency, read_agency_fields};
use crate::text::decode::Decoder;
use crate::text::json::Node;

/// One body on the roster: its agency as a submission names it, and whom the commission
/// reports to about it and reaches there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RosterEntry {
    /// The body.
    #[serde(flatten)]
    pub agency: Agency,
    /// Its superior and contact, when the roster gives either ([`RosterReach`]). Boxed:
    /// a national roster of 100,000 bodies mostly says nothing of it, and its entries
    /// stay small while they are read.
    #[serde(flatten)]
    pub reach: Option<Box<RosterReach>>,
}

/// Whom the commission reports to about a body, and whom it reaches there.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
pub struct RosterReach {
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
            reach: None,
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
    /// assert_eq!(entry.superior(), Some("Gubernur Banten"));
    /// assert_eq!(entry.contact(), None);
    /// assert_eq!(entry.agency.id, "3601");
    /// ```
    pub fn with_superior(mut self, superior: impl Into<String>) -> RosterEntry {
        self.reach.get_or_insert_default().superior = Some(superior.into());
        self
    }

    /// The entry with whom to reach at the body.
    pub fn with_contact(mut self, contact: impl Into<String>) -> RosterEntry {
        self.reach.get_or_insert_default().contact = Some(contact.into());
        self
    }

    /// Its superior, if the roster names one.
    pub fn superior(&self) -> Option<&str> {
        self.reach.as_ref()?.superior.as_deref()
    }

    /// Whom to reach at it, if the roster says.
    pub fn contact(&self) -> Option<&str> {
        self.reach.as_ref()?.contact.as_deref()
    }

    /// The entry of `agency` with `superior` and `contact` (boxed only when either is
    /// given).
    pub(crate) fn of(
        agency: Agency,
        superior: Option<String>,
        contact: Option<String>,
    ) -> RosterEntry {
        // `Gubernur  Banten` (two spaces, as typed) is Gubernur Banten: one letter, not two.
        let superior = superior.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
        let reach = RosterReach { superior, contact };
        RosterEntry {
            agency,
            reach: (reach != RosterReach::default()).then(|| Box::new(reach)),
        }
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
    Some(RosterEntry::of(agency?, superior.ok()?, contact.ok()?))
}
