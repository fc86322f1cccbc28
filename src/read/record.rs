//! What every reader returns: one record of a file — where it stood, and its value or
//! every problem found in it — with what could be read of its agency.

use crate::model::id::CategoryId;
use crate::text::json::{Node, Value};
use crate::text::problem::{Problem, ProblemKind, Report};

/// One record read from a file: where it stood, and its value or its problems.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Record<T> {
    /// The 1-based line of the record in a JSON Lines file.
    pub line: Option<usize>,
    /// The JSON pointer of the record in its document (`/3` for the fourth element of an
    /// array, `""` for a lone object or a JSON Lines record).
    pub path: String,
    /// The value, or every problem found in the record (paths are from the document's
    /// root, and `record` is set for JSON Lines).
    pub value: Result<T, Report>,
    /// What could be read of the record's agency, even when the record is invalid: so
    /// that a rejected submission can still be named and counted in its category.
    pub agency: Option<AgencyRef>,
}

/// The agency a record names, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct AgencyRef {
    /// The agency id.
    pub id: String,
    /// Its category, when given.
    pub category: Option<CategoryId>,
    /// Its region, when given.
    pub region: Option<String>,
}

impl AgencyRef {
    /// Reads `agency` (an id, or an agency object) or, for a roster entry, the record
    /// itself.
    pub(crate) fn of(node: &Node) -> Option<AgencyRef> {
        let Value::Object(members) = &node.value else {
            return None;
        };
        let field = |node: &Node, key: &str| -> Option<String> {
            let Value::Object(members) = &node.value else {
                return None;
            };
            members
                .iter()
                .find(|m| m.key == key)
                .and_then(|m| match &m.value.value {
                    Value::String(s) => Some(s.to_string()),
                    _ => None,
                })
        };
        match members.iter().find(|m| m.key == "agency").map(|m| &m.value) {
            Some(Node {
                value: Value::String(id),
                ..
            }) => Some(AgencyRef {
                id: id.to_string(),
                ..AgencyRef::default()
            }),
            Some(agency) => Some(AgencyRef {
                id: field(agency, "id")?,
                category: field(agency, "category").map(CategoryId::from),
                region: field(agency, "region"),
            }),
            None => Some(AgencyRef {
                id: field(node, "id")?,
                category: field(node, "category").map(CategoryId::from),
                region: field(node, "region"),
            }),
        }
    }
}

/// The record of a JSON Lines file with no record in it: a problem, not silence.
pub(crate) fn empty_file<T>() -> Record<T> {
    failed(
        None,
        String::new(),
        Report::from(
            Problem::new(
                ProblemKind::Syntax,
                "",
                "expected at least one record (one JSON object per line), found an empty file or only blank lines",
            )
            .with_indonesian(
                "seharusnya ada setidaknya satu rekaman (satu objek JSON per baris), ternyata \
                 berkas kosong atau hanya baris kosong",
            ),
        ),
    )
}

pub(crate) fn failed<T>(line: Option<usize>, path: String, report: Report) -> Record<T> {
    Record {
        line,
        path,
        value: Err(report),
        agency: None,
    }
}
