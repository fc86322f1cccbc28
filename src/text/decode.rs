//! Turning a parsed JSON tree into the data model while collecting every problem.
//!
//! serde stops at the first error and forgets where values stood; an analyst fixing a
//! questionnaire wants every problem, each with its JSON pointer. Each reader here
//! returns `None` after recording why, so that a caller can read all its fields before
//! deciding whether it has enough to build a value.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::text::decimal::{DecimalError, parse_decimal};
use crate::text::json::{self, Node, Value};
use crate::text::problem::{Position, Problem, ProblemKind, Report, escape_token};

/// Offsets of line starts, to turn byte offsets into lines and columns cheaply.
///
/// Built once per file. Columns count characters, so a position costs the length of its
/// line up to the offset; [`LineIndex::positions`] resolves many offsets in one sweep, so
/// that a file with many problems on one long line (compact JSON) stays linear.
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> LineIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        // A line starts after LF, and after a CR that no LF follows (CR-only files);
        // CRLF is one line end.
        let bytes = text.as_bytes();
        let starts = std::iter::once(0)
            .chain(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&i| {
                        !(bytes.get(i) == Some(&b'\r') && bytes.get(i + 1) == Some(&b'\n'))
                    })
                    .map(|i| i + 1),
            )
            .collect();
        LineIndex { text, starts }
    }

    /// The byte offset of a position (the inverse of [`LineIndex::position`]); the end
    /// of its line when the column is past it, the end of the text past the last line.
    pub fn offset_of(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line = self.text.get(start..).unwrap_or_default();
        let skip = position.column.saturating_sub(1);
        start
            + line
                .char_indices()
                .nth(skip)
                .map_or(line.len(), |(at, _)| at)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.positions(&[offset], &mut None)
            .pop()
            .unwrap_or(Position { line: 1, column: 1 })
    }

    /// The positions of `offsets`, in their order, found in one pass over the text they
    /// span: sorted first, then each column counted on from the previous offset on the
    /// same line. `cursor` carries the last position found from one call to the next,
    /// so that the records of one long line (a compact JSON array) are not each counted
    /// from the line's start.
    pub fn positions(&self, offsets: &[usize], cursor: &mut Option<Cursor>) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets.get(i).copied().unwrap_or(0));
        let mut out = vec![Position { line: 1, column: 1 }; offsets.len()];
        for i in order {
            let offset = offsets.get(i).copied().unwrap_or(0).min(self.text.len());
            let line = self.starts.partition_point(|&s| s <= offset).max(1);
            let start = self.starts.get(line - 1).copied().unwrap_or(0);
            let (from, column) = match *cursor {
                Some(c) if c.line == line && c.offset <= offset => (c.offset, c.column),
                _ => (start, 1),
            };
            let column = column + self.text.get(from..offset).map_or(0, |s| s.chars().count());
            *cursor = Some(Cursor {
                line,
                offset,
                column,
            });
            if let Some(slot) = out.get_mut(i) {
                *slot = Position { line, column };
            }
        }
        out
    }
}

/// The last position found in a text: where counting columns may go on from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cursor {
    line: usize,
    offset: usize,
    column: usize,
}

/// A file's line index, built the first time a problem needs a position: a file with no
/// problem never pays for it.
pub(crate) struct Lines<'t> {
    text: &'t str,
    index: std::cell::OnceCell<LineIndex<'t>>,
    cursor: std::cell::Cell<Option<Cursor>>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Self {
        Lines {
            text,
            index: std::cell::OnceCell::new(),
            cursor: std::cell::Cell::new(None),
        }
    }

    /// The positions of `offsets` (see [`LineIndex::positions`]), going on from the
    /// position the previous call found.
    fn positions(&self, offsets: &[usize]) -> Vec<Position> {
        let index = self.index.get_or_init(|| LineIndex::new(self.text));
        let mut cursor = self.cursor.get();
        let found = index.positions(offsets, &mut cursor);
        self.cursor.set(cursor);
        found
    }
}

/// Parses `text` as one JSON document, turning a syntax error into a located problem.
pub(crate) fn parse_document(text: &str) -> Result<Node<'_>, Report> {
    json::parse(text).map_err(|e| {
        let mut problem = Problem::new(
            ProblemKind::Syntax,
            "",
            format!("invalid JSON: {}", e.message),
        )
        .with_indonesian(format!("JSON tidak sah: {}", json::indonesian(&e.message)));
        problem.position = Some(LineIndex::new(text).position(e.offset));
        Report::from(problem)
    })
}

/// Collects problems while reading a tree. Positions are resolved at the end
/// ([`Decoder::finish`]), all at once, so that reading stays linear in the text.
pub(crate) struct Decoder {
    pub report: Report,
    /// (index in `report`, byte offset) of the problems found while reading.
    offsets: Vec<(usize, usize)>,
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

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            report: Report::new(),
            offsets: Vec::new(),
        }
    }

    pub fn problem(&mut self, kind: ProblemKind, path: String, offset: usize, message: String) {
        self.offsets.push((self.report.len(), offset));
        self.report.push(Problem::new(kind, path, message));
    }

    /// [`Decoder::problem`] with its sentence in Indonesian too.
    pub fn problem_in(
        &mut self,
        kind: ProblemKind,
        path: String,
        offset: usize,
        (en, id): (String, String),
    ) {
        self.offsets.push((self.report.len(), offset));
        self.report
            .push(Problem::new(kind, path, en).with_indonesian(id));
    }

    /// The problems found, with `more` (meaning checks, whose paths are relative to
    /// `record`, the node at pointer `prefix`) added under `prefix`, every one given its
    /// line and column in `lines`.
    pub fn finish(self, more: Report, record: &Node, prefix: &str, lines: &Lines) -> Report {
        let Decoder { report, offsets } = self;
        let mut problems: Vec<Problem> = report.into_iter().collect();
        let mut at: Vec<Option<usize>> = vec![None; problems.len()];
        for (i, offset) in offsets {
            if let Some(slot) = at.get_mut(i) {
                *slot = Some(offset);
            }
        }
        let mut finder = Finder::new(record);
        for mut problem in more {
            at.push(Some(finder.locate(&problem.path)));
            problem.path = format!("{prefix}{}", problem.path);
            problems.push(problem);
        }
        let wanted: Vec<usize> = at.iter().flatten().copied().collect();
        if wanted.is_empty() {
            return problems.into_iter().collect();
        }
        let mut found = lines.positions(&wanted).into_iter();
        for (problem, offset) in problems.iter_mut().zip(&at) {
            if offset.is_some() {
                problem.position = found.next();
            }
        }
        problems.into_iter().collect()
    }

    fn wrong_type(&mut self, node: &Node, path: &str, expected: &str) {
        let found = node.value.type_name();
        self.problem_in(
            ProblemKind::WrongType,
            path.to_owned(),
            node.offset,
            (
                format!("expected {expected}, found {found}"),
                format!(
                    "seharusnya {}, ternyata {}",
                    indonesian(expected),
                    indonesian(found)
                ),
            ),
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
                self.problem_in(
                    ProblemKind::DuplicateKey,
                    member_path,
                    member.key_offset,
                    (
                        format!("expected each key once in {what}, found `{key}` again"),
                        format!(
                            "seharusnya setiap kunci sekali dalam {}, ternyata `{key}` lagi",
                            indonesian(what)
                        ),
                    ),
                );
            } else if !known.contains(&key) {
                self.problem_in(
                    ProblemKind::UnknownField,
                    member_path,
                    member.key_offset,
                    (
                        format!(
                            "expected one of the keys {} in {what}, found `{key}`",
                            list_keys(known)
                        ),
                        format!(
                            "seharusnya salah satu kunci {} dalam {}, ternyata `{key}`",
                            list_keys(known),
                            indonesian(what)
                        ),
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
                self.problem_in(
                    ProblemKind::DuplicateKey,
                    member_path,
                    member.key_offset,
                    (
                        format!("expected each key once in {what}, found `{key}` again"),
                        format!(
                            "seharusnya setiap kunci sekali dalam {}, ternyata `{key}` lagi",
                            indonesian(what)
                        ),
                    ),
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

    /// A moment (RFC 3339 with its offset), such as a deadline.
    pub fn moment(&mut self, node: &Node, path: &str) -> Option<crate::text::moment::Moment> {
        let text = self.string(node, path)?;
        match crate::text::moment::Moment::parse(&text) {
            Ok(moment) => Some(moment),
            Err(e) => {
                let sentences = e.sentences();
                self.problem_in(
                    ProblemKind::InvalidValue,
                    path.to_owned(),
                    node.offset,
                    sentences,
                );
                None
            }
        }
    }

    /// A non-empty string, as ids must be.
    pub fn id(&mut self, node: &Node, path: &str) -> Option<String> {
        let s = self.string(node, path)?;
        if s.trim().is_empty() {
            self.problem_in(
                ProblemKind::InvalidValue,
                path.to_owned(),
                node.offset,
                (
                    "expected a non-empty id, found an empty string".to_owned(),
                    "seharusnya kode yang terisi, ternyata kosong".to_owned(),
                ),
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
                self.problem_in(
                    kind,
                    path.to_owned(),
                    node.offset,
                    (
                        format!("expected an exact decimal, found {e}"),
                        format!(
                            "seharusnya angka desimal yang tepat, ternyata {}",
                            crate::text::number::NumberError::Decimal(e.clone())
                                .message_in(crate::text::language::Language::Indonesian)
                        ),
                    ),
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
                self.problem_in(
                    ProblemKind::InvalidValue,
                    path.to_owned(),
                    node.offset,
                    (
                        format!("expected a whole number, found {value}"),
                        format!("seharusnya bilangan bulat, ternyata {value}"),
                    ),
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
    pub fn required<T>(
        &self,
        d: &mut Decoder,
        key: &str,
        offset: usize,
        read: impl FnOnce(&mut Decoder, &Node, &str) -> Option<T>,
    ) -> Option<T> {
        match self.get(key) {
            Some(node) => read(d, node, &self.path(key)),
            None => {
                d.problem_in(
                    ProblemKind::MissingField,
                    self.path(key),
                    offset,
                    (
                        format!("expected the key `{key}`, found none"),
                        format!("seharusnya ada kunci `{key}`, ternyata tidak ada"),
                    ),
                );
                None
            }
        }
    }

    /// Reads a key that may be absent: `Ok(None)` when absent, `Err(())` when bad.
    pub fn optional<T>(
        &self,
        d: &mut Decoder,
        key: &str,
        read: impl FnOnce(&mut Decoder, &Node, &str) -> Option<T>,
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
#[cfg(test)]
fn locate(root: &Node, pointer: &str) -> usize {
    Finder::new(root).locate(pointer)
}

/// Finds the values that pointers name in one record. An object's members are searched
/// in order the first time; once one object has been searched often (a submission with
/// thousands of unknown answers), its keys are indexed, so that locating every problem
/// stays linear in the record.
struct Finder<'n, 'a> {
    root: &'n Node<'a>,
    searches: usize,
    /// Keys of the objects searched often, by the object's offset (unique in a text).
    indexed: std::collections::HashMap<usize, std::collections::HashMap<&'n str, &'n Node<'a>>>,
}

impl<'n, 'a> Finder<'n, 'a> {
    fn new(root: &'n Node<'a>) -> Self {
        Finder {
            root,
            searches: 0,
            indexed: Default::default(),
        }
    }

    fn locate(&mut self, pointer: &str) -> usize {
        let mut node = self.root;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let next = match &node.value {
                Value::Object(members) => self.member(node.offset, members, &token),
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

    fn member(
        &mut self,
        offset: usize,
        members: &'n [json::Member<'a>],
        key: &str,
    ) -> Option<&'n Node<'a>> {
        const INDEX_AFTER: usize = 16;
        if members.len() > INDEX_AFTER {
            self.searches += 1;
        }
        if self.searches > INDEX_AFTER || self.indexed.contains_key(&offset) {
            let keys = self.indexed.entry(offset).or_insert_with(|| {
                let mut keys = std::collections::HashMap::with_capacity(members.len());
                for m in members {
                    keys.entry(&*m.key).or_insert(&m.value);
                }
                keys
            });
            return keys.get(key).copied();
        }
        members.iter().find(|m| m.key == key).map(|m| &m.value)
    }
}

/// The Indonesian of the phrases the reader's English sentences are made of (JSON types,
/// what a value is); a phrase it does not know stays as it is.
fn indonesian(phrase: &str) -> String {
    let (head, object) = match phrase.strip_suffix(" (a JSON object)") {
        Some(head) => (head, true),
        None => (phrase, false),
    };
    let word = match head {
        "null" => "null",
        "a boolean" | "true or false" => "true atau false",
        "a number" => "angka",
        "a string" => "teks",
        "an array" => "larik (array)",
        "an object" => "objek",
        "a whole number" => "bilangan bulat",
        "a number (or a string holding one)" => "angka (atau teks berisi angka)",
        "a submission" => "pengajuan",
        "an answer" => "jawaban",
        "the answers" => "jawaban-jawaban",
        "agency" | "an agency" => "badan publik",
        "a verification" => "verifikasi",
        "a decision" => "keputusan verifikasi",
        "a stage score" => "nilai tahap",
        "an instrument" => "instrumen",
        "a question" => "pertanyaan",
        "an option" => "pilihan",
        "a checklist item" => "butir daftar periksa",
        "a category" => "kategori",
        "a qualification" => "kualifikasi",
        "a band" => "rentang",
        "a condition" => "syarat",
        "a gate" => "gerbang tahap",
        "a stage part" => "bagian nilai tahap",
        "a judge's parts" => "bagian nilai dari juri",
        "a roll-up" => "agregat",
        "an indicator" => "indikator",
        "a stage" => "tahap",
        other => other,
    };
    if object {
        format!("{word} (objek JSON)")
    } else {
        word.to_owned()
    }
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
