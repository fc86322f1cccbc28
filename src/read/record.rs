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
    /// The agency a text that is not JSON names — a line cut short, a record with a
    /// broken value further on — read from its first `"agency"` member: an id string,
    /// or an object's `id` (with its `category` and `region` when they come before the
    /// text breaks). Only names a rejection (and finds the body on the roster), so that
    /// a body whose submission is damaged is *rejected*, not taken for one that sent
    /// nothing; never used to score.
    pub(crate) fn sniff(text: &str) -> Option<AgencyRef> {
        let (_, rest) = text.split_once("\"agency\"")?;
        let rest = rest.trim_start().strip_prefix(':')?.trim_start();
        if rest.starts_with('"') {
            return Some(AgencyRef {
                id: json_string(rest)?,
                ..AgencyRef::default()
            });
        }
        let body = object_body(rest.strip_prefix('{')?);
        let member = |key: &str| -> Option<String> {
            let (_, after) = body.split_once(&format!("\"{key}\""))?;
            // The colon may be the damage itself: `"id" "3603"` still names 3603.
            let after = after.trim_start();
            json_string(after.strip_prefix(':').unwrap_or(after).trim_start())
        };
        Some(AgencyRef {
            id: member("id")?,
            category: member("category").map(CategoryId::from),
            region: member("region"),
        })
    }

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
                    // An id written as a number (`"id": 3602`) is refused, but still
                    // names the body it is.
                    Value::Number(n) => Some(n.to_string()),
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

/// A JSON file with nothing in it: said as plainly as an empty JSON Lines file.
pub(crate) fn empty_json<T>() -> Record<T> {
    failed(
        None,
        String::new(),
        Report::from(
            Problem::new(
                ProblemKind::Syntax,
                "",
                "expected a JSON object or array of records, found an empty file",
            )
            .with_indonesian(
                "seharusnya objek atau larik JSON berisi rekaman, ternyata berkas kosong",
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

/// The JSON string `text` starts with, unescaped; `None` when it is not one or is cut.
fn json_string(text: &str) -> Option<String> {
    let mut escaped = false;
    for (at, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return serde_json::from_str(text.get(..=at)?).ok(),
            _ => {}
        }
    }
    None
}

/// An object's members, up to its closing brace (outside strings), or to the end of the
/// text when it is cut short.
fn object_body(text: &str) -> &str {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (at, byte) in text.bytes().enumerate() {
        match byte {
            _ if escaped => escaped = false,
            b'\\' if in_string => escaped = true,
            b'"' => in_string = !in_string,
            b'{' | b'[' if !in_string => depth += 1,
            b'}' | b']' if !in_string => {
                if depth == 0 {
                    return text.get(..at).unwrap_or(text);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::AgencyRef;

    #[test]
    fn an_agency_is_read_from_a_text_cut_short_or_broken() {
        let cut = r#"{"instrument":"monev","agency":{"id":"3603","name":"Kab. Tang"#;
        let found = AgencyRef::sniff(cut).map(|a| a.id);
        assert_eq!(found.as_deref(), Some("3603"));
        let broken = r#"{"agency": {"name": "Dinas {x}", "id": "36-\u0064", "category": "opd"}, "answers": {"A": tru}}"#;
        let found = AgencyRef::sniff(broken);
        assert_eq!(found.as_ref().map(|a| a.id.as_str()), Some("36-d"));
        assert_eq!(found.and_then(|a| a.category).as_deref(), Some("opd"));
        assert_eq!(
            AgencyRef::sniff(r#"{"agency": "5201", "x": }"#)
                .map(|a| a.id)
                .as_deref(),
            Some("5201")
        );
        // No id before the text breaks, or no agency at all: not named.
        assert!(AgencyRef::sniff(r#"{"agency": {"name": "X", "id": "12"#).is_none());
        assert!(AgencyRef::sniff(r#"{"answers": {}}"#).is_none());
        // An id of another object after the agency's closes is not the agency's.
        assert!(AgencyRef::sniff(r#"{"agency": {"name": "X"}, "rater": {"id": "r1"}}"#).is_none());
    }
}
