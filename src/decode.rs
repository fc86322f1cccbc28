//! Turning a parsed JSON tree into the data model while collecting every problem.
//!
//! serde stops at the first error and forgets where values stood; an analyst fixing a
//! questionnaire wants every problem, each with its JSON pointer. Each reader here
//! returns `None` after recording why, so that a caller can read all its fields before
//! deciding whether it has enough to build a value.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::decimal::{DecimalError, parse_decimal};
use crate::json::{self, Node, Value};
use crate::problem::{Position, Problem, ProblemKind, Report, escape_token};

/// Offsets of line starts, to turn byte offsets into lines and columns cheaply.
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub fn position(&self, offset: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset.min(self.text.len()))
            .map_or(0, |s| s.chars().count())
            + 1;
        Position { line, column }
    }
}

/// Parses `text` as one JSON document, turning a syntax error into a located problem.
pub(crate) fn parse_document(text: &str) -> Result<Node<'_>, Report> {
    json::parse(text).map_err(|e| {
        let mut problem = Problem::new(
            ProblemKind::Syntax,
            "",
            format!("invalid JSON: {}", e.message),
        );
        problem.position = Some(LineIndex::new(text).position(e.offset));
        Report::from(problem)
    })
}

/// Collects problems while reading a tree.
pub(crate) struct Decoder<'t> {
    lines: LineIndex<'t>,
    pub report: Report,
}

/// A child pointer: `path` + `/` + the escaped token.
pub(crate) fn child(path: &str, token: &str) -> String {
    format!("{path}/{}", escape_token(token))
}

/// A child pointer for an array index.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}/{i}")
}

/// The members of one JSON object, after duplicates and unknown keys were reported.
pub(crate) struct Fields<'n, 'a> {
    path: String,
    members: BTreeMap<&'n str, &'n Node<'a>>,
}

impl<'t> Decoder<'t> {
    pub fn new(text: &'t str) -> Self {
        Decoder {
            lines: LineIndex::new(text),
            report: Report::new(),
        }
    }

    pub fn problem(&mut self, kind: ProblemKind, path: String, offset: usize, message: String) {
        let mut problem = Problem::new(kind, path, message);
        problem.position = Some(self.lines.position(offset));
        self.report.push(problem);
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let found = node.value.type_name();
        self.problem(
            ProblemKind::WrongType,
            path.to_owned(),
            node.offset,
            format!("expected {expected}, found {found}"),
        );
    }

    /// Reads an object whose keys must be among `known`; reports duplicate and unknown keys.
    pub fn object<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        path: &str,
        what: &str,
        known: &[&str],
    ) -> Option<Fields<'n, 'a>> {
        let Value::Object(members) = &node.value else {
            self.wrong_type(node, path, &format!("{what} (a JSON object)"));
            return None;
        };
        let mut fields = BTreeMap::new();
        for member in members {
            let key: &str = &member.key;
            let member_path = child(path, key);
            if fields.contains_key(key) {
                self.problem(
                    ProblemKind::DuplicateKey,
                    member_path,
                    member.key_offset,
                    format!("expected each key once in {what}, found `{key}` again"),
                );
            } else if !known.contains(&key) {
                self.problem(
                    ProblemKind::UnknownField,
                    member_path,
                    member.key_offset,
                    format!(
                        "expected one of the keys {} in {what}, found `{key}`",
                        list_keys(known)
                    ),
                );
            } else {
                fields.insert(key, &member.value);
            }
        }
        Some(Fields {
            path: path.to_owned(),
            members: fields,
        })
    }

    /// Reads an object of any keys (a map such as `answers`), reporting duplicate keys.
    pub fn map<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        path: &str,
        what: &str,
    ) -> Option<Vec<(&'n str, &'n Node<'a>, String)>> {
        let Value::Object(members) = &node.value else {
            self.wrong_type(node, path, &format!("{what} (a JSON object)"));
            return None;
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut entries = Vec::with_capacity(members.len());
        for member in members {
            let key: &str = &member.key;
            let member_path = child(path, key);
            if seen.insert(key) {
                entries.push((key, &member.value, member_path));
            } else {
                self.problem(
                    ProblemKind::DuplicateKey,
                    member_path,
                    member.key_offset,
                    format!("expected each key once in {what}, found `{key}` again"),
                );
            }
        }
        Some(entries)
    }

    pub fn array<'n, 'a>(&mut self, node: &'n Node<'a>, path: &str) -> Option<&'n [Node<'a>]> {
        match &node.value {
            Value::Array(items) => Some(items),
            _ => {
                self.wrong_type(node, path, "an array");
                None
            }
        }
    }

    /// Reads an array, each element with `read`; `None` if the array or any element is bad.
    pub fn list<T>(
        &mut self,
        node: &Node,
        path: &str,
        mut read: impl FnMut(&mut Self, &Node, &str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let items = self.array(node, path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match read(self, item, &index(path, i)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub fn string(&mut self, node: &Node, path: &str) -> Option<String> {
        match &node.value {
            Value::String(s) => Some(s.to_string()),
            _ => {
                self.wrong_type(node, path, "a string");
                None
            }
        }
    }

    /// A non-empty string, as ids must be.
    pub fn id(&mut self, node: &Node, path: &str) -> Option<String> {
        let s = self.string(node, path)?;
        if s.trim().is_empty() {
            self.problem(
                ProblemKind::InvalidValue,
                path.to_owned(),
                node.offset,
                "expected a non-empty id, found an empty string".to_owned(),
            );
            return None;
        }
        Some(s)
    }

    pub fn bool(&mut self, node: &Node, path: &str) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, path, "true or false");
                None
            }
        }
    }

    /// An exact decimal from a JSON number or a string holding one.
    pub fn decimal(&mut self, node: &Node, path: &str) -> Option<Decimal> {
        let text: &str = match &node.value {
            Value::Number(n) => n,
            Value::String(s) => s,
            _ => {
                self.wrong_type(node, path, "a number (or a string holding one)");
                return None;
            }
        };
        match parse_decimal(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let kind = match e {
                    DecimalError::NotANumber(_) => ProblemKind::WrongType,
                    _ => ProblemKind::Precision,
                };
                self.problem(
                    kind,
                    path.to_owned(),
                    node.offset,
                    format!("expected an exact decimal, found {e}"),
                );
                None
            }
        }
    }

    /// A whole number (a JSON number) within `i64`.
    pub fn integer(&mut self, node: &Node, path: &str) -> Option<i64> {
        if !matches!(node.value, Value::Number(_)) {
            self.wrong_type(node, path, "a whole number");
            return None;
        }
        let value = self.decimal(node, path)?;
        let whole = value.fract().is_zero();
        match i64::try_from(value.trunc()) {
            Ok(i) if whole => Some(i),
            _ => {
                self.problem(
                    ProblemKind::InvalidValue,
                    path.to_owned(),
                    node.offset,
                    format!("expected a whole number, found {value}"),
                );
                None
            }
        }
    }

    pub fn invalid(&mut self, node: &Node, path: &str, message: String) {
        self.problem(
            ProblemKind::InvalidValue,
            path.to_owned(),
            node.offset,
            message,
        );
    }
}

impl<'n, 'a> Fields<'n, 'a> {
    pub fn get(&self, key: &str) -> Option<&'n Node<'a>> {
        self.members.get(key).copied()
    }

    pub fn has(&self, key: &str) -> bool {
        self.members.contains_key(key)
    }

    pub fn path(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// Reads a key that must be present.
    pub fn required<'t, T>(
        &self,
        d: &mut Decoder<'t>,
        key: &str,
        offset: usize,
        read: impl FnOnce(&mut Decoder<'t>, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        match self.get(key) {
            Some(node) => read(d, node, &self.path(key)),
            None => {
                d.problem(
                    ProblemKind::MissingField,
                    self.path(key),
                    offset,
                    format!("expected the key `{key}`, found none"),
                );
                None
            }
        }
    }

    /// Reads a key that may be absent: `Ok(None)` when absent, `Err(())` when bad.
    pub fn optional<'t, T>(
        &self,
        d: &mut Decoder<'t>,
        key: &str,
        read: impl FnOnce(&mut Decoder<'t>, &Node, &str) -> Option<T>,
    ) -> Result<Option<T>, ()> {
        match self.get(key) {
            Some(node) => read(d, node, &self.path(key)).map(Some).ok_or(()),
            None => Ok(None),
        }
    }
}

fn list_keys(known: &[&str]) -> String {
    known
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the byte offset of the value at `pointer`, or of the deepest value on its way.
pub(crate) fn locate(root: &Node, pointer: &str) -> usize {
    let mut node = root;
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        let next = match &node.value {
            Value::Object(members) => members.iter().find(|m| m.key == token).map(|m| &m.value),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.offset
}

/// Gives a position to every problem that has none, by finding its pointer in the tree.
pub(crate) fn place(report: Report, root: &Node, text: &str) -> Report {
    let lines = LineIndex::new(text);
    report
        .into_iter()
        .map(|mut p| {
            if p.position.is_none() {
                p.position = Some(lines.position(locate(root, &p.path)));
            }
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_matches_a_plain_scan() {
        let text = "ab\ncdé\n\nx";
        let idx = LineIndex::new(text);
        for offset in [0, 1, 3, 5, 7, 8, 9, 10] {
            let (line, column) = json::tests::line_column(text, offset);
            assert_eq!(
                idx.position(offset),
                Position { line, column },
                "offset {offset}"
            );
        }
    }

    #[test]
    fn locate_follows_escaped_tokens() {
        let text = r#"{"a/b": [0, {"c": true}]}"#;
        let root = json::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(locate(&root, "/a~1b/1/c"), text.find("true").unwrap_or(0));
        // A missing key stops at its parent.
        assert_eq!(
            locate(&root, "/a~1b/1/zz"),
            text.find("{\"c\"").unwrap_or(0)
        );
    }
}
