//! The results JSON written by hand, on every core: byte for byte what serde_json's
//! pretty printer writes for [`Results`] (a test holds it to that), without a
//! `RawValue` per number, and with the scorecards — nearly all of the text — written in
//! parallel chunks and then copied out in order.

use std::io::Write;

use crate::batch::results::Results;
use crate::score::card::{Score, Scorecard};

/// Scorecards per chunk written by one task: large enough that a task is worth its
/// overhead, small enough that both cores finish together.
const CHUNK: usize = 512;

/// Writes `results` as [`Results::to_json`] does.
pub(crate) fn results<W: Write>(results: &Results, mut out: W) -> std::io::Result<()> {
    use crate::text::par::prelude::*;
    out.write_all(b"{\n  \"instrument\": ")?;
    let mut head = Vec::new();
    string(&mut head, &results.instrument);
    out.write_all(&head)?;
    if let Some(deadline) = &results.deadline {
        field(&mut out, "deadline", deadline)?;
    }
    if let Some(decree) = &results.decree {
        field(&mut out, "decree", decree)?;
    }
    if let Some(amendment) = &results.amendment {
        field(&mut out, "amendment", amendment)?;
    }
    out.write_all(b",\n  \"results\": [")?;
    if results.results.is_empty() {
        out.write_all(b"]")?;
    } else {
        // Chunks are written a batch at a time, so that memory holds a few chunks' text,
        // not the whole file's.
        let chunks: Vec<&[Scorecard]> = results.results.chunks(CHUNK).collect();
        let mut first = true;
        for batch in chunks.chunks(8) {
            let texts: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|cards| {
                    let mut text = Vec::with_capacity(cards.len() * 1_600);
                    for card in cards.iter() {
                        text.extend_from_slice(b"\n    ");
                        scorecard(&mut text, card, 2);
                        text.push(b',');
                    }
                    text
                })
                .collect();
            for text in texts {
                // Every card ends with a comma; the first card's separator is its own.
                if !first {
                    out.write_all(b",")?;
                }
                first = false;
                out.write_all(text.strip_suffix(b",").unwrap_or(&text))?;
            }
        }
        out.write_all(b"\n  ]")?;
    }
    field(&mut out, "not_assessed", &results.not_assessed)?;
    let rejected = crate::batch::results::RejectedIn(&results.rejected, results.language);
    field(&mut out, "rejected", &rejected)?;
    field(&mut out, "summary", &results.summary)?;
    if let Some(rollup) = &results.rollup {
        field(&mut out, "rollup", rollup)?;
    }
    let warnings = crate::batch::warning::WarningsOut(&results.warnings, results.language);
    field(&mut out, "warnings", &warnings)?;
    out.write_all(b"\n}\n")
}

/// `,\n  "key": value` with the value pretty-printed by serde_json one level in.
fn field<W: Write, T: serde::Serialize>(out: &mut W, key: &str, value: &T) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    write!(out, ",\n  \"{key}\": ")?;
    indented(out, &text, 1)
}

/// Copies pretty JSON text with every line after the first indented by `level` more
/// levels: JSON strings hold no raw newline, so every newline in the text is between
/// tokens.
fn indented<W: Write>(out: &mut W, text: &[u8], level: usize) -> std::io::Result<()> {
    let pad = "  ".repeat(level);
    let mut lines = text.split(|b| *b == b'\n');
    if let Some(first) = lines.next() {
        out.write_all(first)?;
    }
    for line in lines {
        out.write_all(b"\n")?;
        out.write_all(pad.as_bytes())?;
        out.write_all(line)?;
    }
    Ok(())
}

/// Serde's pretty layout, by hand: objects and arrays open a level, members one a line.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    level: usize,
    empty: bool,
}

impl<'o> Object<'o> {
    fn open(out: &'o mut Vec<u8>, level: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            level,
            empty: true,
        }
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        indent(self.out, self.level + 1);
        string(self.out, key);
        self.out.extend_from_slice(b": ");
        self.out
    }

    fn close(self) {
        if !self.empty {
            self.out.push(b'\n');
            indent(self.out, self.level);
        }
        self.out.push(b'}');
    }
}

fn indent(out: &mut Vec<u8>, level: usize) {
    const SPACES: &[u8; 32] = b"                                ";
    match SPACES.get(..2 * level) {
        Some(spaces) => out.extend_from_slice(spaces),
        None => (0..level).for_each(|_| out.extend_from_slice(b"  ")),
    }
}

fn scorecard(out: &mut Vec<u8>, card: &Scorecard, level: usize) {
    let mut o = Object::open(out, level);
    let agency = &card.agency;
    {
        let mut a = Object::open(o.key("agency"), level + 1);
        string(a.key("id"), &agency.id);
        string(a.key("name"), &agency.name);
        if let Some(category) = &agency.category {
            string(a.key("category"), category);
        }
        if let Some(region) = &agency.region {
            string(a.key("region"), region);
        }
        a.close();
    }
    score(o.key("final"), Some(card.final_score));
    string(o.key("qualification"), &card.qualification);
    if let Some(rank) = &card.rank {
        let mut r = Object::open(o.key("rank"), level + 1);
        number(r.key("overall"), Some(rank.overall));
        number(r.key("category"), rank.category);
        number(r.key("region"), rank.region);
        number(r.key("qualification"), Some(rank.qualification));
        r.close();
    }
    entries(
        o.key("stages"),
        level + 1,
        card.stages.iter().map(|s| (&*s.id, s.score)),
    );
    if card.stages.iter().any(|s| s.passed.is_some()) {
        let mut g = Object::open(o.key("gates"), level + 1);
        for stage in &card.stages {
            if let Some(passed) = stage.passed {
                g.key(&stage.id)
                    .extend_from_slice(if passed { b"true" } else { b"false" });
            }
        }
        g.close();
    }
    if !card.stage_parts.is_empty() {
        let mut p = Object::open(o.key("stage_parts"), level + 1);
        for stage in &card.stage_parts {
            entries(
                p.key(&stage.stage),
                level + 2,
                stage.parts.iter().map(|(id, score)| (&**id, Some(*score))),
            );
        }
        p.close();
    }
    entries(
        o.key("indicators"),
        level + 1,
        card.indicators.iter().map(|i| (&*i.id, i.score)),
    );
    score(o.key("self_assessed"), Some(card.self_assessed));
    if card.raters > 1 {
        number(o.key("raters"), Some(card.raters));
    }
    let d = &card.diagnostics;
    {
        let mut g = Object::open(o.key("diagnostics"), level + 1);
        strings(g.key("missing"), level + 2, &d.missing);
        strings(g.key("evidence_missing"), level + 2, &d.evidence_missing);
        strings(
            g.key("changed_by_verifier"),
            level + 2,
            &d.changed_by_verifier,
        );
        if !d.rater_groups.is_empty() {
            entries(
                g.key("rater_groups"),
                level + 2,
                d.rater_groups.iter().map(|(g, s)| (g.as_str(), Some(*s))),
            );
        }
        if !d.evidence_ignored.is_empty() {
            strings(g.key("evidence_ignored"), level + 2, &d.evidence_ignored);
        }
        if !d.round_changes().is_empty() {
            // Rare (the masa sanggah's few changes): serde's own pretty text, indented.
            let text = serde_json::to_vec_pretty(d.round_changes()).unwrap_or_default();
            let _ = indented(g.key("rounds"), &text, level + 2);
        }
        if !d.before_rounds().is_empty() {
            let text = serde_json::to_vec_pretty(d.before_rounds()).unwrap_or_default();
            let _ = indented(g.key("before_rounds"), &text, level + 2);
        }
        entries(
            g.key("points_lost"),
            level + 2,
            card.indicators.iter().map(|i| (&*i.id, i.points_lost)),
        );
        g.close();
    }
    o.close();
}

/// `{ "id": score or null, ... }`
fn entries<'a>(
    out: &mut Vec<u8>,
    level: usize,
    entries: impl Iterator<Item = (&'a str, Option<Score>)>,
) {
    let mut o = Object::open(out, level);
    for (id, value) in entries {
        score(o.key(id), value);
    }
    o.close();
}

/// `["a", "b"]` laid out as serde does: one element a line, `[]` when empty.
fn strings<S: AsRef<str>>(out: &mut Vec<u8>, level: usize, items: &[S]) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        indent(out, level + 1);
        string(out, item.as_ref());
    }
    if !items.is_empty() {
        out.push(b'\n');
        indent(out, level);
    }
    out.push(b']');
}

fn score(out: &mut Vec<u8>, value: Option<Score>) {
    match value {
        Some(s) => decimal(out, s.rounded()),
        None => out.extend_from_slice(b"null"),
    }
}

/// A decimal with every digit of its scale, as its `Display` writes it (`85.00`,
/// `-0.5`, `90.004`), without the formatting machinery.
fn decimal(out: &mut Vec<u8>, value: rust_decimal::Decimal) {
    let mantissa = value.mantissa();
    let scale = value.scale() as usize;
    // Written right to left into a buffer, then copied out once: `-`, at most 29
    // digits and the point fit in 48 bytes.
    let mut text = [0u8; 48];
    let mut at = text.len();
    let mut put = |byte: u8| {
        at -= 1;
        if let Some(slot) = text.get_mut(at) {
            *slot = byte;
        }
    };
    // 64 bits for the digits when they fit (every published score does): a machine
    // division a digit instead of a call into the 128-bit runtime.
    let mut n = mantissa.unsigned_abs();
    let mut written = 0;
    while written <= scale || n > 0 {
        if written == scale && scale > 0 {
            put(b'.');
        }
        let digit = match u64::try_from(n) {
            Ok(small) => {
                n = u128::from(small / 10);
                (small % 10) as u8
            }
            Err(_) => {
                let digit = (n % 10) as u8;
                n /= 10;
                digit
            }
        };
        put(b'0' + digit);
        written += 1;
    }
    if mantissa < 0 {
        put(b'-');
    }
    out.extend_from_slice(text.get(at..).unwrap_or_default());
}

fn number(out: &mut Vec<u8>, value: Option<usize>) {
    match value {
        Some(n) => {
            let _ = write!(out, "{n}");
        }
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string escaped as serde_json escapes it: `"` and `\` with a backslash, the
/// control characters as `\b \f \n \r \t` or `\u00XX`, everything else as it is.
fn string(out: &mut Vec<u8>, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = text.as_bytes();
    // Nearly every string needs no escape: checked without branching a byte (so the
    // compiler can check many at once), then copied whole.
    let plain = !bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if plain {
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    out.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        if escape.is_empty() {
            out.extend_from_slice(b"\\u00");
            for nibble in [b >> 4, b & 0xf] {
                out.push(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'));
            }
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
    out.push(b'"');
}

impl Results {
    /// [`Results::to_json`] written to `out` as it is made, byte for byte the same (the
    /// scorecards written by hand on every core),
    /// without holding the whole text (a national batch's results run to hundreds of
    /// megabytes).
    pub fn write_json<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        results(self, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        for text in [
            "85.00",
            "0.00",
            "0.5",
            "-0.50",
            "100",
            "90.004",
            "-12.3456789",
            "0",
            "7",
        ] {
            let value: rust_decimal::Decimal = text.parse().unwrap_or_default();
            let mut out = Vec::new();
            decimal(&mut out, value);
            assert_eq!(String::from_utf8_lossy(&out), value.to_string(), "{text}");
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "a\"b\\c",
            "tab\there\nnew\r\u{8}\u{c}\u{1}\u{1f}",
            "Ñusa — é ✓",
            "/slash",
            "\u{7f}",
        ] {
            let mut out = Vec::new();
            string(&mut out, text);
            let expected = serde_json::to_string(text).unwrap_or_default();
            assert_eq!(String::from_utf8_lossy(&out), expected);
        }
    }

    proptest::proptest! {
        /// Any text, escaped or plain, as serde_json writes it; any decimal (up to 28
        /// digits after the point, negative too) as its `Display` writes it.
        #[test]
        fn any_string_and_decimal_are_written_as_serde_and_display_write_them(
            text in "(?s).{0,40}",
            mantissa in proptest::prelude::any::<i64>(),
            wide in proptest::prelude::any::<i128>(),
            scale in 0u32..=28,
        ) {
            let mut out = Vec::new();
            string(&mut out, &text);
            proptest::prop_assert_eq!(
                String::from_utf8_lossy(&out),
                serde_json::to_string(&text).unwrap_or_default()
            );
            for value in [
                rust_decimal::Decimal::new(mantissa, scale),
                rust_decimal::Decimal::try_from_i128_with_scale(wide >> 33, scale)
                    .unwrap_or_default(),
            ] {
                let mut out = Vec::new();
                decimal(&mut out, value);
                proptest::prop_assert_eq!(String::from_utf8_lossy(&out), value.to_string());
            }
        }
    }
}
