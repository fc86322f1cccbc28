//! A JSON array of records, element by element: where each element stands in the text,
//! told by a byte scan without building a tree of the whole file, so that a national
//! batch written as one array (as many systems export) is read as JSON Lines is — each
//! element to the fast path, the careful reader for those it declines — in the same
//! time and memory.

use std::ops::Range;

use crate::text::json::MAX_DEPTH;

/// The byte ranges of the elements of `text` when it is exactly a JSON array of objects
/// (`[`, objects separated by commas, `]`, whitespace around, a byte-order mark first);
/// `None` for anything else — a lone object, an empty array, an element that is not an
/// object, a fault between elements, a string or object that never closes, nesting past
/// the reader's depth — which the whole-document reader then takes, and reports.
///
/// Only the structure between elements is checked here: what is inside each element
/// (its strings, numbers, keys) is the readers'.
pub(crate) fn object_elements(text: &str) -> Option<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut at = usize::from(bytes.starts_with("\u{feff}".as_bytes())) * 3;
    let skip = |at: &mut usize| {
        while matches!(bytes.get(*at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            *at += 1;
        }
    };
    skip(&mut at);
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    at += 1;
    let mut elements = Vec::new();
    loop {
        skip(&mut at);
        if bytes.get(at) != Some(&b'{') {
            return None;
        }
        let ObjectEnd::At(end) = object_end(bytes, at) else {
            return None;
        };
        elements.push(at..end);
        at = end;
        skip(&mut at);
        match bytes.get(at) {
            Some(b',') => at += 1,
            Some(b']') => {
                at += 1;
                skip(&mut at);
                return (at == bytes.len()).then_some(elements);
            }
            _ => return None,
        }
    }
}

/// Where an object that opens at a place ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ObjectEnd {
    /// One past its closing `}`.
    At(usize),
    /// The bytes end before it closes: more may come.
    Open,
    /// Nesting past the reader's depth.
    Bad,
}

/// Where the object opening at `start` ends: its matching `}`, strings and their
/// escapes skipped. The bytes between the marks that matter (`"`, `{`, `}`) are jumped
/// over with `memchr` rather than walked (this scan is the one serial step of reading an
/// array: a byte at a time it was a fifth of a national run's time); a quote inside a
/// string closes it unless an odd run of backslashes stands before it.
/// Brackets are the readers' to check: an element cut at a wrong place by broken
/// brackets is not JSON, and they say so.
pub(crate) fn object_end(bytes: &[u8], start: usize) -> ObjectEnd {
    let rest = bytes.get(start..).unwrap_or_default();
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(k) = rest
        .get(at..)
        .and_then(|r| memchr::memchr3(b'"', b'{', b'}', r))
    {
        let mark = at + k;
        at = mark + 1;
        match rest.get(mark) {
            Some(b'"') => match string_end(rest, at) {
                Some(close) => at = close + 1,
                None => return ObjectEnd::Open,
            },
            Some(b'{') => {
                depth += 1;
                if depth + 1 > MAX_DEPTH {
                    return ObjectEnd::Bad;
                }
            }
            _ => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return ObjectEnd::At(start + at);
                }
            }
        }
    }
    ObjectEnd::Open
}

/// The closing quote of a string whose content starts at `from`: the first `"` not
/// escaped — one with an even run of backslashes (none included) before it.
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    loop {
        let quote = at + memchr::memchr(b'"', bytes.get(at..)?)?;
        let content = bytes.get(from..quote)?;
        let backslashes = content.iter().rev().take_while(|&&b| b == b'\\').count();
        if backslashes % 2 == 0 {
            return Some(quote);
        }
        at = quote + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_DEPTH, ObjectEnd, object_elements, object_end};
    use proptest::prelude::*;

    /// The scan a byte at a time, as it was: the reference the quick one must agree with.
    fn object_end_bytewise(bytes: &[u8], start: usize) -> ObjectEnd {
        let mut depth = 0usize;
        let (mut quoted, mut escaped) = (false, false);
        for (k, &byte) in bytes.get(start..).unwrap_or_default().iter().enumerate() {
            if quoted {
                if escaped {
                    escaped = false;
                } else if byte == b'\\' {
                    escaped = true;
                } else if byte == b'"' {
                    quoted = false;
                }
                continue;
            }
            match byte {
                b'"' => quoted = true,
                b'{' => {
                    depth += 1;
                    if depth + 1 > MAX_DEPTH {
                        return ObjectEnd::Bad;
                    }
                }
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return ObjectEnd::At(start + k + 1);
                    }
                }
                _ => {}
            }
        }
        ObjectEnd::Open
    }

    proptest! {
        /// Quotes, escapes and braces in any order: the jumps end where the byte walk
        /// ends, from any start.
        #[test]
        fn the_quick_scan_ends_where_the_byte_walk_ends(
            text in proptest::collection::vec(
                prop_oneof![Just(b'"'), Just(b'\\'), Just(b'{'), Just(b'}'), Just(b'a'), Just(b' ')],
                0..200,
            ),
            start in 0usize..10,
        ) {
            prop_assert_eq!(object_end(&text, start), object_end_bytewise(&text, start));
        }
    }

    #[test]
    fn escapes_before_a_quote_are_counted() {
        let text = br#"{"a\\":"b\"}","c":"\\\"}"}"#;
        assert_eq!(object_end(text, 0), object_end_bytewise(text, 0));
        assert_eq!(object_end(text, 0), ObjectEnd::At(text.len()));
        let deep = "{".repeat(MAX_DEPTH);
        assert_eq!(object_end(deep.as_bytes(), 0), ObjectEnd::Bad);
        assert_eq!(object_end(b"{\"}", 0), ObjectEnd::Open);
    }

    fn pieces(text: &str) -> Option<Vec<&str>> {
        let ranges = object_elements(text)?;
        Some(ranges.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn the_elements_of_an_array_of_objects_pretty_or_compact() {
        assert_eq!(
            pieces(r#"[{"a":1},{"b":"}"}]"#),
            Some(vec![r#"{"a":1}"#, r#"{"b":"}"}"#])
        );
        let pretty = "\u{feff}[\r\n  {\n    \"a\": [1, {\"b\": \"\\\"{\"}]\n  },\n  {}\n]\n";
        assert_eq!(
            pieces(pretty),
            Some(vec!["{\n    \"a\": [1, {\"b\": \"\\\"{\"}]\n  }", "{}"])
        );
    }

    #[test]
    fn anything_else_is_the_whole_document_readers() {
        for text in [
            r#"{"a":1}"#,
            "[]",
            "[1, {}]",
            r#"[{"a":1},]"#,
            r#"[{"a":1} {"b":2}]"#,
            r#"[{"a":1}] x"#,
            r#"[{"a":"open}]"#,
            r#"[{"a":1}"#,
            "",
        ] {
            assert_eq!(object_elements(text), None, "{text}");
        }
        let deep = format!("[{}{}]", "{\"a\":".repeat(200), "}".repeat(200));
        assert_eq!(object_elements(&deep), None);
    }
}
