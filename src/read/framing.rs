//! What a file that does not parse as a whole still shows: the records it seems to hold.
//!
//! A JSON array with a trailing comma, two arrays joined, two JSON Lines records run
//! together on one line: the text is broken, but its records can still be located by
//! matching brackets, so that a batch counts and names every submission it could not
//! read instead of reporting one lost file. And what a file that is not UTF-8 text is
//! (a workbook, a PDF, UTF-16), told by its first bytes.

use std::ops::Range;

use crate::read::record::{AgencyRef, Record, failed};
use crate::text::decode::{self, LineIndex};
use crate::text::problem::{Problem, ProblemKind, Report};

/// The byte ranges of the objects `text` seems to hold: each `{…}` at the top level or
/// directly inside a top-level array, found by matching brackets outside strings, in one
/// pass. A record cut short is found too, so that the body it names is not lost with
/// it: a raw line break ends a string (JSON strings hold none, so one was cut), an
/// object that opens with the first record's first key (`{"instrument"`) inside another
/// record starts a new record (the one before lost a `}` or gained a `{`), and a record
/// still open at the end of the text runs to it.
pub(crate) fn locate_objects(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut open: Vec<u8> = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut first_key: Option<&str> = None;
    let (mut in_string, mut escaped) = (false, false);
    for (at, byte) in text.bytes().enumerate() {
        if in_string {
            match (escaped, byte) {
                (_, b'\n') => (in_string, escaped) = (false, false),
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' => {
                let key = key_after(text, at + 1);
                // Where an element begins (after `,`, `[` or a closing bracket, or first
                // on its line), not a member's value: nested objects that share the key
                // are not records.
                let line = text
                    .get(..at)
                    .unwrap_or_default()
                    .trim_end_matches([' ', '\t']);
                let before = line.trim_end();
                let element = line.is_empty()
                    || line.ends_with(['\n', '\r'])
                    || before.ends_with([',', '[', '}', ']']);
                if let (Some((from, depth)), Some(key), Some(first)) = (start, key, first_key)
                    && key == first
                    && element
                {
                    // A new record inside one cut short: end that one here, and go on
                    // at its level.
                    found.push(from..at);
                    open.truncate(depth);
                    start = None;
                }
                if open.is_empty() || open == b"[" {
                    start = Some((at, open.len()));
                    first_key = first_key.or(key);
                }
                open.push(b'{');
            }
            b'[' => open.push(b'['),
            b'}' | b']' => {
                let opener = if byte == b'}' { b'{' } else { b'[' };
                if open.last() == Some(&opener) {
                    open.pop();
                    if let Some((from, depth)) = start
                        && byte == b'}'
                        && open.len() == depth
                    {
                        found.push(from..at + 1);
                        start = None;
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((from, _)) = start
        && text.get(from..).is_some_and(|rest| !rest.trim().is_empty())
    {
        found.push(from..text.len());
    }
    found
}

/// The key an object opening just before `at` starts with, if the text shows one.
fn key_after(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?.trim_start();
    let rest = rest.strip_prefix('"')?;
    rest.get(..rest.find(['"', '\\', '\n'])?)
}

/// Whether each range begins a line and ends one (JSON Lines saved under a `.json`
/// name).
pub(crate) fn one_per_line(text: &str, objects: &[Range<usize>]) -> bool {
    let bytes = text.as_bytes();
    objects.len() > 1
        && objects.iter().all(|r| {
            let before = bytes.get(..r.start).unwrap_or_default();
            let after = bytes.get(r.end..).unwrap_or_default();
            let line_start = before
                .iter()
                .rev()
                .take_while(|b| **b != b'\n')
                .all(u8::is_ascii_whitespace);
            let line_end = after
                .iter()
                .take_while(|b| **b != b'\n')
                .all(u8::is_ascii_whitespace);
            line_start && line_end
        })
}

/// The encoding of text that is not UTF-8 but UTF-16 or UTF-32, told by its byte-order
/// mark or by the zero bytes of ASCII text in it. (Such text can be valid UTF-8 — zero
/// bytes are — so this is asked first.)
pub(crate) fn wide_encoding(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [0xFF, 0xFE, 0, 0, ..] => "UTF-32 (little-endian, by its byte-order mark)",
        [0, 0, 0xFE, 0xFF, ..] => "UTF-32 (big-endian, by its byte-order mark)",
        [0xFF, 0xFE, ..] => "UTF-16 (little-endian, by its byte-order mark)",
        [0xFE, 0xFF, ..] => "UTF-16 (big-endian, by its byte-order mark)",
        // Two units alike, so that text after a few stray zero bytes is not taken for
        // UTF-32.
        [a, 0, 0, 0, c, 0, 0, 0, ..] if *a != 0 && *c != 0 => {
            "UTF-32 (little-endian, by its zero bytes)"
        }
        [0, 0, 0, b, 0, 0, 0, d, ..] if *b != 0 && *d != 0 => {
            "UTF-32 (big-endian, by its zero bytes)"
        }
        [a, 0, 0, 0] if *a != 0 => "UTF-32 (little-endian, by its zero bytes)",
        [0, 0, 0, b] if *b != 0 => "UTF-32 (big-endian, by its zero bytes)",
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => "UTF-16 (little-endian, by its zero bytes)",
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => "UTF-16 (big-endian, by its zero bytes)",
        _ => return None,
    })
}

/// Text in UTF-16 or UTF-32 (as [`wide_encoding`] tells it) decoded, its byte-order
/// mark dropped and any unit that is no character replaced by U+FFFD; `None` for
/// anything else. Only to name the records of a file refused for its encoding: what
/// they are is read, never scored.
pub(crate) fn decode_wide(bytes: &[u8]) -> Option<String> {
    let (mut text, _) = Wide::of(bytes)?.decode(bytes);
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Some(text)
}

/// A wide encoding: UTF-16 or UTF-32 (the width of a unit), little- or big-endian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wide {
    width: usize,
    little: bool,
}

impl Wide {
    /// The wide encoding of a file's first bytes, if it has one ([`wide_encoding`]).
    pub(crate) fn of(bytes: &[u8]) -> Option<Wide> {
        let encoding = wide_encoding(bytes)?;
        Some(Wide {
            width: if encoding.starts_with("UTF-32") { 4 } else { 2 },
            little: encoding.contains("little"),
        })
    }

    /// The whole units of `bytes` decoded (U+FFFD for a unit that is no character),
    /// and how many bytes they took: the rest is the start of the next unit, when a
    /// file comes in pieces.
    pub(crate) fn decode(self, bytes: &[u8]) -> (String, usize) {
        let Wide { width, little } = self;
        let units = bytes.chunks_exact(width).map(|unit| {
            let mut value = 0u32;
            for k in 0..width {
                let byte = unit.get(if little { width - 1 - k } else { k }).copied();
                value = (value << 8) | u32::from(byte.unwrap_or(0));
            }
            value
        });
        let text = if width == 2 {
            // Two-byte units: each value fits a u16.
            char::decode_utf16(units.map(|u| u as u16))
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        } else {
            units
                .map(|u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        };
        (text, bytes.len() - bytes.len() % width)
    }
}

/// What a file is when it is not text at all, told by its first bytes: a workbook, a
/// PDF, a picture.
pub(crate) fn binary_format(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [b'P', b'K', 3, 4, ..] => "a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook?)",
        [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Office file (an Excel 97–2003 .xls workbook?)",
        [b'%', b'P', b'D', b'F', ..] => "a PDF document",
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] => "a picture (PNG or JPEG)",
        [0, 0, 0, 0, ..] => "binary data (it starts with zero bytes)",
        _ => return None,
    })
}

/// The Indonesian of a phrase [`wide_encoding`] or [`binary_format`] gives.
pub(crate) fn indonesian(phrase: &str) -> String {
    phrase
        .replace(
            "(little-endian, by its byte-order mark)",
            "(little-endian, menurut byte-order mark-nya)",
        )
        .replace(
            "(big-endian, by its byte-order mark)",
            "(big-endian, menurut byte-order mark-nya)",
        )
        .replace(
            "(little-endian, by its zero bytes)",
            "(little-endian, menurut byte nolnya)",
        )
        .replace(
            "(big-endian, by its zero bytes)",
            "(big-endian, menurut byte nolnya)",
        )
        .replace(
            "a ZIP archive (an Excel .xlsx or LibreOffice .ods workbook?)",
            "arsip ZIP (buku kerja Excel .xlsx atau LibreOffice .ods?)",
        )
        .replace(
            "an old Office file (an Excel 97–2003 .xls workbook?)",
            "berkas Office lama (buku kerja Excel 97–2003 .xls?)",
        )
        .replace("a PDF document", "dokumen PDF")
        .replace("a picture (PNG or JPEG)", "gambar (PNG atau JPEG)")
        .replace(
            "binary data (it starts with zero bytes)",
            "data biner (diawali byte nol)",
        )
}

/// Turns a file's bytes into text, or says at which byte (and line and column) it
/// stops being UTF-8.
///
/// ```
/// use kip_index::text_from_bytes;
/// assert_eq!(text_from_bytes(b"{}").ok(), Some("{}"));
/// let problem = text_from_bytes(b"{\n  \"a\": \"\xff\"}").unwrap_err();
/// assert!(problem.message.contains("byte 10"));
/// let at = problem.position.expect("placed");
/// assert_eq!((at.line, at.column), (2, 9));
/// ```
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, Problem> {
    if let Some(problem) = encoding_problem(bytes) {
        return Err(problem);
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let mut problem = Problem::new(
            ProblemKind::Syntax,
            "",
            format!(
                "expected UTF-8 text, found an invalid byte at byte {} (counting from 0)",
                e.valid_up_to()
            ),
        )
        .with_indonesian(format!(
            "seharusnya teks UTF-8, ternyata ada byte tidak sah pada byte ke-{} (dihitung dari 0)",
            e.valid_up_to()
        ));
        // Its line and column too: what comes before it is text.
        let before = bytes.get(..e.valid_up_to()).unwrap_or_default();
        if let Ok(before) = std::str::from_utf8(before) {
            let lines = crate::text::decode::LineIndex::new(before);
            problem.position = Some(lines.position(before.len()));
        }
        problem
    })
}

/// The problem with a file that is not UTF-8 text: a workbook, PDF or picture (told by
/// its first bytes), or text in UTF-16 or UTF-32 (told by its byte-order mark or its
/// zero bytes), if it is. [`text_from_bytes`] asks it first; a
/// reader of a file in pieces asks it of the first piece.
///
pub(crate) fn encoding_problem(bytes: &[u8]) -> Option<Problem> {
    if let Some(format) = binary_format(bytes) {
        return Some(
            Problem::new(
                ProblemKind::Syntax,
                "",
                format!(
                    "expected text (JSON, JSON Lines or CSV), found {format}: save or export \
                     the data as one of those"
                ),
            )
            .with_indonesian(format!(
                "seharusnya teks (JSON, JSON Lines atau CSV), ternyata {}: simpan atau ekspor \
                 datanya dalam salah satu bentuk itu",
                indonesian(format)
            )),
        );
    }
    let encoding = wide_encoding(bytes)?;
    Some(
        Problem::new(
            ProblemKind::Syntax,
            "",
            format!(
                "expected UTF-8 text, found {encoding}: save the file as UTF-8 (Excel: \"CSV \
                 UTF-8\"; LibreOffice: character set \"Unicode (UTF-8)\")"
            ),
        )
        .with_indonesian(format!(
            "seharusnya teks UTF-8, ternyata {}: simpan berkas sebagai UTF-8 (Excel: \"CSV \
             UTF-8\"; LibreOffice: set karakter \"Unicode (UTF-8)\")",
            indonesian(encoding)
        )),
    )
}

/// The records of a file that cannot be read as a whole (not UTF-8, not valid JSON):
/// each object its brackets show (see the module `framing`) as a failed record at
/// `/0`, `/1`, … carrying the count, with its agency when that part can be read, and
/// `problem` itself on the record that holds it (at byte `at`, or at the problem's
/// position; the first record when it is in none, or before them all); one failed
/// record when fewer than two are found. So a batch counts and names every submission
/// it lost instead of one file, and the fault is shown where it is.
#[cfg(test)]
pub(crate) fn located_failures<T>(
    text: &str,
    problem: Problem,
    at: Option<usize>,
) -> Vec<Record<T>> {
    let mut records = Vec::new();
    located_failures_each(text, problem, at, &mut |r| records.push(r));
    records
}

/// [`located_failures`], each record handed to `sink` as it is made: a batch keeps
/// what its limits allow, never the whole file's records at once.
pub(crate) fn located_failures_each<T>(
    text: &str,
    problem: Problem,
    at: Option<usize>,
    sink: &mut dyn FnMut(Record<T>),
) {
    let objects = locate_objects(text);
    let at = at.or_else(|| problem.position.map(|p| LineIndex::new(text).offset_of(p)));
    // The last record starting at or before the fault (the one it falls in, or the
    // gap after it), else the first.
    let holder = at.map_or(0, |at| {
        objects.partition_point(|r| r.start <= at).saturating_sub(1)
    });
    let (lines_hint, petunjuk) = if one_per_line(text, &objects) {
        (
            " It looks like JSON Lines (one object per line): name the file .jsonl.",
            " Tampaknya JSON Lines (satu objek per baris): beri nama berkas .jsonl.",
        )
    } else {
        ("", "")
    };
    if objects.len() < 2 {
        let mut report = Report::from(problem);
        if objects.is_empty() {
            report.push(
                Problem::new(
                    ProblemKind::Syntax,
                    "",
                    format!("no record could be located in the file.{lines_hint}"),
                )
                .with_indonesian(format!(
                    "tidak ada rekaman yang dapat ditemukan dalam berkas.{petunjuk}"
                )),
            );
        }
        // One record at most: named by what its text shows, parsed or not.
        let one = objects
            .first()
            .and_then(|r| text.get(r.clone()))
            .unwrap_or(text);
        let agency = (decode::parse_document(one).ok())
            .and_then(|root| AgencyRef::of(&root))
            .or_else(|| AgencyRef::sniff(one));
        return sink(Record {
            agency,
            ..failed(None, String::new(), report)
        });
    }
    let total = objects.len();
    for (k, range) in objects.iter().enumerate() {
        sink({
            let object = text.get(range.clone()).unwrap_or_default();
            let agency = (decode::parse_document(object).ok())
                .and_then(|root| AgencyRef::of(&root))
                .or_else(|| AgencyRef::sniff(object));
            let mut report = Report::new();
            if k == holder {
                report.push(problem.clone());
            }
            report.push(
                Problem::new(
                    ProblemKind::Syntax,
                    "",
                    format!(
                        "not read: the file cannot be read as a whole ({}); this is record {} of \
                         the {total} located in it, and none is scored until the file is fixed.{lines_hint}",
                        problem.message,
                        k + 1
                    ),
                )
                .with_indonesian(format!(
                    "tidak dibaca: berkas tidak dapat dibaca utuh ({}); ini rekaman ke-{} dari \
                     {total} yang ditemukan di dalamnya, dan tidak ada yang dinilai sampai berkas \
                     diperbaiki.{petunjuk}",
                    problem.message_in(crate::text::language::Language::Indonesian),
                    k + 1
                )),
            );
            Record {
                agency,
                ..failed(None, format!("/{k}"), report)
            }
        });
    }
}

/// The agencies of the records run together on one JSON Lines line (two or more found
/// by their brackets; none when the line holds one), each as far as its text shows it:
/// so that a batch rejects every body on the line, not the first alone.
pub(crate) fn run_together_agencies(line: &[u8]) -> Vec<AgencyRef> {
    let line = String::from_utf8_lossy(line);
    let objects = locate_objects(&line);
    if objects.len() < 2 {
        return Vec::new();
    }
    objects
        .iter()
        .filter_map(|r| line.get(r.clone()))
        .filter_map(|t| {
            (decode::parse_document(t).ok())
                .and_then(|root| AgencyRef::of(&root))
                .or_else(|| AgencyRef::sniff(t))
        })
        .collect()
}

/// The message for `n` records run together on one JSON Lines line, naming their
/// agencies (the first ten), in English and Indonesian.
pub(crate) fn run_together(line: &str, n: usize, agencies: &[AgencyRef]) -> (String, String) {
    let mut names: Vec<String> = agencies
        .iter()
        .take(10)
        .map(|a| format!("`{}`", a.id))
        .collect();
    let more = agencies.len().saturating_sub(10);
    let (mut names_en, mut names_id) = (names.clone(), std::mem::take(&mut names));
    if more > 0 {
        names_en.push(format!("{more} more"));
        names_id.push(format!("{more} lagi"));
    }
    let (of, dari) = match names_en.is_empty() {
        true => (String::new(), String::new()),
        false => (
            format!(" (agencies {})", names_en.join(", ")),
            format!(" (badan publik {})", names_id.join(", ")),
        ),
    };
    let (why, sebab) = match line.contains('\r') {
        true => (
            "the lines end with a carriage return alone (CR); save the file with LF or CR LF line ends",
            "baris diakhiri carriage return saja (CR); simpan berkas dengan akhir baris LF atau CR LF",
        ),
        false => (
            "a line break is missing between them; put each record on its own line",
            "tidak ada pemisah baris di antaranya; letakkan setiap rekaman pada barisnya sendiri",
        ),
    };
    (
        format!(
            "expected one record per line, found {n} records run together on this line{of}: {why}"
        ),
        format!(
            "seharusnya satu rekaman per baris, ternyata {n} rekaman menyatu pada baris ini{dari}: {sebab}"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_located_in_broken_arrays_and_joined_lines() {
        let trailing = r#"[ {"a": 1}, {"b": "}{"}, ]"#;
        assert_eq!(locate_objects(trailing), vec![2..10, 12..23]);
        let joined = r#"[{"a":[1]}][{"b":{"c":2}}]"#;
        assert_eq!(locate_objects(joined), vec![1..10, 12..25]);
        let run_together = r#"{"a":"\"}"}{"b":2}"#;
        assert_eq!(locate_objects(run_together), vec![0..11, 11..18]);
        // Nested objects are not records; an object that never closes runs to the end.
        assert_eq!(
            locate_objects(r#"[{"a":{"b":1}}, {"c":"#),
            vec![1..14, 16..21]
        );
        assert!(locate_objects("not json").is_empty());
    }

    #[test]
    fn json_lines_under_a_json_name_is_recognised() {
        let text = "{\"a\":1}\r\n{\"b\":2}\n";
        assert!(one_per_line(text, &locate_objects(text)));
        let array = "[{\"a\":1},\n{\"b\":2}]";
        assert!(!one_per_line(array, &locate_objects(array)));
    }

    #[test]
    fn binary_files_are_named() {
        assert!(binary_format(b"PK\x03\x04rest").is_some_and(|f| f.contains(".xlsx")));
        assert!(binary_format(b"%PDF-1.7").is_some_and(|f| f.contains("PDF")));
        assert!(binary_format(b"\0\0\0\0\0").is_some_and(|f| f.contains("zero bytes")));
        // UTF-32 (big-endian) text starts with three zero bytes, not four.
        assert_eq!(binary_format(b"\0\0\0{"), None);
        assert_eq!(binary_format(b"{\"a\": 1}"), None);
    }

    #[test]
    fn wide_encodings_are_named() {
        assert_eq!(
            wide_encoding(b"\xFF\xFE{\0"),
            Some("UTF-16 (little-endian, by its byte-order mark)")
        );
        assert_eq!(
            wide_encoding(b"{\0\"\0"),
            Some("UTF-16 (little-endian, by its zero bytes)")
        );
        assert_eq!(
            wide_encoding(b"\0\0\0{"),
            Some("UTF-32 (big-endian, by its zero bytes)")
        );
        assert_eq!(wide_encoding(b"{\"a\":1}"), None);
        assert_eq!(wide_encoding(b"\xEF\xBB\xBF{"), None);
    }

    #[test]
    fn encoding_problems_name_the_encoding() {
        let Some(problem) = encoding_problem(b"\xFF\xFE{\0}\0") else {
            panic!("UTF-16 is named")
        };
        assert!(
            problem
                .message
                .contains("UTF-16 (little-endian, by its byte-order mark)")
        );
        assert!(encoding_problem(b"{}").is_none());
    }

    #[test]
    fn wide_text_is_decoded_to_name_its_records() {
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\": \"é\"}\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_wide(&utf16le).as_deref(), Some("{\"a\": \"é\"}\n"));
        let utf16be: Vec<u8> = "[1]".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_wide(&utf16be).as_deref(), Some("[1]"));
        let utf32le: Vec<u8> = "{}"
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        assert_eq!(decode_wide(&utf32le).as_deref(), Some("{}"));
        assert_eq!(decode_wide(b"{}"), None);
    }

    #[test]
    fn a_record_cut_short_is_found_and_so_are_those_after_it() {
        // The second record lost its end (lines deleted): the third opens with the first
        // record's first key, so the second ends there and the third is found whole.
        let text = "[\n{\"instrument\": \"m\", \"agency\": {\"id\": \"1\"}},\n\
                    {\"instrument\": \"m\", \"agency\": {\"id\": \"2\", \"name\": \"B\n\
                    {\"instrument\": \"m\", \"agency\": {\"id\": \"3\"}}\n]";
        let found: Vec<&str> = locate_objects(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[1].contains("\"2\"") && !found[1].contains("\"3\""),
            "{found:?}"
        );
        assert!(
            found[2].starts_with("{\"instrument\"") && found[2].ends_with('}'),
            "{found:?}"
        );
    }

    #[test]
    fn nested_objects_that_share_the_first_key_are_not_records() {
        let deep = format!("[{}1{}]", "{\"a\":".repeat(50), "}".repeat(50));
        assert_eq!(locate_objects(&deep).len(), 1);
    }
}
