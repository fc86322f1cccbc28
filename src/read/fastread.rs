//! The fast way in for a valid submission: serde_json straight into borrowed fields
//! (numbers kept as their exact text), then the meaning checks. Anything unusual — a
//! duplicate or unknown key, a `null`, an empty id, both `value` and `na`, a problem of
//! meaning — returns `None`, and the careful reader, which finds and places every
//! problem, reads the line instead. So a valid line costs little and an invalid one is
//! reported exactly as before.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::model::submission::{Answer, AnswerValue, Submission};
use crate::model::view::{AnswerView, View};
use crate::read::record::{AgencyRef, Record};
use crate::text::decimal::parse_decimal;
use crate::text::problem::Report;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line<'a> {
    #[serde(borrow)]
    instrument: Cow<'a, str>,
    #[serde(borrow)]
    agency: AgencyIn<'a>,
    #[serde(borrow, default, deserialize_with = "present")]
    rater: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "present")]
    rater_group: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "present")]
    submitted_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    answers: Answers<'a>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyIn<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow, default, deserialize_with = "present")]
    category: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "present")]
    region: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerIn<'a> {
    #[serde(borrow, default, deserialize_with = "present")]
    value: Option<&'a RawValue>,
    #[serde(default, deserialize_with = "present")]
    na: Option<bool>,
    #[serde(borrow, default, deserialize_with = "present")]
    evidence: Option<&'a RawValue>,
}

/// A field that, when present, must hold a value of its type (`null` is refused, as the
/// careful reader refuses it).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// The answers in the order written; duplicates are found after reading.
struct Answers<'a>(Vec<(Cow<'a, str>, AnswerIn<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Answers<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Answers<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of answers")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(entry) = map.next_entry::<Cow<'de, str>, AnswerIn<'de>>()? {
                    entries.push(entry);
                }
                Ok(Answers(entries))
            }
        }
        d.deserialize_map(Entries)
    }
}

/// A valid submission line read the fast way, or `None` to read it carefully. `check`
/// checks its meaning (`None`: the caller checks it later, as a batch's sheets do).
pub(crate) fn submission(
    text: &str,
    line: usize,
    check: Option<&dyn Fn(&Submission) -> Report>,
) -> Option<Record<Submission>> {
    let submission = submission_of(view_of_line(text)?)?;
    if check.is_some_and(|check| !check(&submission).is_empty()) {
        return None;
    }
    let agency = AgencyRef {
        id: submission.agency.id.clone(),
        category: submission.agency.category.clone(),
        region: submission.agency.region.clone(),
    };
    Some(Record {
        line: Some(line),
        path: String::new(),
        value: Ok(submission),
        agency: Some(agency),
    })
}

/// A submission from a fast reader's view; `None` for anything the careful reader must
/// read (and report): a repeated answer, a value and N/A both or neither, a blank id.
fn submission_of(line: View) -> Option<Submission> {
    let (origin, mut entries) = line.into_parts()?;
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    if entries
        .windows(2)
        .any(|w| w.first().map(|a| &a.0) == w.get(1).map(|b| &b.0))
    {
        return None; // a duplicate answer
    }
    let mut answers = Vec::with_capacity(entries.len());
    for (key, answer) in entries {
        let value = match answer.value {
            Some(text) => Some(value(text)?),
            None => None,
        };
        let na = answer.na.unwrap_or(false);
        if value.is_some() == na {
            return None; // both, or neither: the careful reader says which
        }
        let evidence: Vec<String> = match answer.evidence_text {
            Some(text) => serde_json::from_str(text).ok()?,
            None if answer.evidence == 0 => Vec::new(),
            None => return None, // counted, not kept (a spreadsheet row)
        };
        answers.push((
            key.into_owned(),
            Answer {
                value,
                na,
                evidence,
            },
        ));
    }
    // Sorted and without duplicates: the map is built in one pass.
    let answers: BTreeMap<String, Answer> = answers.into_iter().collect();
    Some(Submission {
        instrument: origin.instrument,
        agency: origin.agency,
        rater: origin.rater,
        rater_group: origin.rater_group,
        submitted_at: origin.submitted_at,
        answers,
    })
}

/// An answer's value from its exact JSON text.
fn value(text: &str) -> Option<AnswerValue> {
    match text.as_bytes().first()? {
        b't' if text == "true" => Some(AnswerValue::Bool(true)),
        b'f' if text == "false" => Some(AnswerValue::Bool(false)),
        b'"' => serde_json::from_str::<Cow<str>>(text)
            .ok()
            .map(|s| AnswerValue::Text(s.into_owned())),
        b'[' => serde_json::from_str::<Vec<Cow<str>>>(text)
            .ok()
            .map(|items| AnswerValue::List(items.into_iter().map(Cow::into_owned).collect())),
        b'-' | b'0'..=b'9' => parse_decimal(text).ok().map(AnswerValue::Number),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Instrument;

    fn instrument() -> Instrument {
        let text =
            std::fs::read_to_string("examples/monev-2025/instrument.json").unwrap_or_default();
        Instrument::from_json(&text).unwrap_or_else(|r| panic!("{r}"))
    }

    /// The fast reader either declines a line or reads exactly what the careful one does.
    #[test]
    fn the_fast_reader_declines_or_agrees_with_the_careful_one() {
        let instrument = instrument();
        let agency =
            r#""agency":{"id":"3673","name":"Kota \"Serang\"","category":"pemkot","region":"36"}"#;
        let lines = [
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI01":{{"value":true,"evidence":["a"]}},"JI06":{{"value":1E1}}}}}}"#
            ),
            format!(r#"{{"instrument":"monev-kip-2025",{agency},"rater":null,"answers":{{}}}}"#),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI01":{{"value":null,"na":true}}}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI01":{{"value":true}},"JI01":{{"value":false}}}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI01":{{"value":true,"na":false}}}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI01":{{"na":false}}}}}}"#
            ),
            format!(r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{}},"answers":{{}}}}"#),
            format!(r#"{{"instrument":"  ",{agency},"answers":{{}}}}"#),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI03":{{"value":"\u0061"}},"JI10":{{"value":["dip","dip"]}}}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"PI01":{{"value":"b"}}}},"extra":1}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{"JI06":{{"value":1e400}}}}}}"#
            ),
            r#"[1,2,3]"#.to_owned(),
            // Times: with an offset (plain, and escaped for serde's path), then without
            // one, a number, a null and a repeat, each declined for the careful reader.
            format!(
                r#"{{"instrument":"monev-kip-2025","submitted_at":"2025-09-30T23:59:59+07:00",{agency},"answers":{{}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025",{agency},"answers":{{}},"submitted_at":"\u0032025-10-01T00:30:00+08:00"}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025","submitted_at":"2025-09-30T23:59:59",{agency},"answers":{{}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025","submitted_at":45930.5,{agency},"answers":{{}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025","submitted_at":null,{agency},"answers":{{}}}}"#
            ),
            format!(
                r#"{{"instrument":"monev-kip-2025","submitted_at":"2025-09-30T10:00:00Z","submitted_at":"2025-09-30T10:00:00Z",{agency},"answers":{{}}}}"#
            ),
        ];
        let mut fast_read = 0;
        for line in &lines {
            let careful =
                crate::read::source::read_submissions(line, crate::Framing::Json, &instrument);
            let careful = careful.first().map(|r| r.value.clone());
            let check = |s: &Submission| instrument.check_submission(s);
            if let Some(record) = submission(line, 1, Some(&check)) {
                fast_read += 1;
                assert_eq!(Some(record.value), careful, "{line}");
            }
        }
        // The first, the `"na": false` with a value and the two times with an offset are
        // valid; the rest are not.
        assert_eq!(fast_read, 4);
    }

    /// Straight to a sheet, or declined: never a different sheet from the ordinary way.
    #[test]
    fn a_line_straight_to_a_sheet_is_the_sheet_of_the_ordinary_way() {
        use crate::test_generate as generate;
        let text = generate::instrument_json(150);
        let instrument = Instrument::from_json(&text).unwrap_or_else(|r| panic!("{r}"));
        let plan = crate::Plan::new(&instrument).unwrap_or_else(|r| panic!("{r}"));
        let mut quick = 0;
        let mut lines = Vec::new();
        for i in 0..300 {
            let body = generate::body(i, 13);
            let mut line = String::new();
            generate::submission_line(&instrument.id, 150, &body, 13, &mut line);
            lines.push(line);
        }
        // Broken variants of the first lines: each must be declined or agree.
        let base = lines.first().cloned().unwrap_or_default();
        for (from, to) in [
            (r#""value":true"#, r#""value":"true""#),
            (r#""value":"a""#, r#""value":"z""#),
            (r#""value":"a""#, r#""value":"a""#),
            (r#""answers":{"#, r#""answers":{"Q999":{"value":1},"#),
            (r#""answers":{"#, r#""answers":{"Q005":{"na":true},"#),
            (r#""answers":{"#, r#""answers":{"Q009":{"value":1},"#),
            (r#""answers":{"#, r#""answers":{"Q006":{"value":101},"#),
            (r#""answers":{"#, r#""answers":{"Q003":{"value":"7.5"},"#),
            (
                r#""answers":{"#,
                r#""answers":{"Q002":{"value":["dip","dip"]},"#,
            ),
            (r#""region":"#, r#""region":null,"x":"#),
            (r#""category":""#, r#""category":"nope"#),
            (
                r#""answers":"#,
                r#""submitted_at":"2025-09-30T23:59:59+09:00","answers":"#,
            ),
            (
                r#""answers":"#,
                r#""submitted_at":"2025-09-30 23:59","answers":"#,
            ),
        ] {
            lines.push(base.replacen(from, to, 1));
        }
        for line in &lines {
            let ordinary =
                crate::read::source::read_submissions(line, crate::Framing::Json, &instrument)
                    .pop()
                    .and_then(|r| r.value.ok())
                    .and_then(|s| plan.sheet(&s).ok());
            if let Some(sheet) =
                view_of_line(line).and_then(|v| plan.sheet_from_view(v, plan.limits()))
            {
                quick += 1;
                assert_eq!(Some(sheet), ordinary, "{line}");
            }
        }
        assert!(quick >= 300, "only {quick} lines went straight to a sheet");
    }
}

/// A spreadsheet row as [`view_of_row`] takes it: the agency's cells, and each
/// answer as (question id, its value as JSON text, N/A, the number of evidence links).
pub(crate) struct RowView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub category: Option<&'a str>,
    pub region: Option<&'a str>,
    pub rater: Option<&'a str>,
    pub rater_group: Option<&'a str>,
    pub submitted_at: Option<&'a str>,
    pub answers: Vec<(&'a str, Option<&'a str>, bool, usize)>,
}

/// serde's view of a line, its evidence held to arrays of strings.
fn view_of_parsed(line: Line<'_>) -> Option<View<'_>> {
    let mut answers = Vec::with_capacity(line.answers.0.len());
    for (key, a) in line.answers.0 {
        let evidence_text = a.evidence.map(RawValue::get);
        let evidence = match evidence_text {
            Some(text) => serde_json::from_str::<Vec<Cow<str>>>(text).ok()?.len(),
            None => 0,
        };
        let view = AnswerView {
            value: a.value.map(RawValue::get),
            na: a.na,
            evidence,
            evidence_text,
        };
        answers.push((key, view));
    }
    Some(View {
        instrument: line.instrument,
        id: line.agency.id,
        name: line.agency.name,
        category: line.agency.category,
        region: line.agency.region,
        rater: line.rater,
        rater_group: line.rater_group,
        submitted_at: line.submitted_at,
        answers,
    })
}

/// A submission line's answers as the sheet builder takes them: the byte scanner's
/// view, or serde's for what the scanner leaves (escapes, `null`s); `None` when the line
/// is not a plain submission, which the careful reader then takes (and reports).
pub(crate) fn view_of_line(text: &str) -> Option<View<'_>> {
    match scan::line(text) {
        Some(view) => Some(view),
        None => view_of_parsed(serde_json::from_str::<Line>(text).ok()?),
    }
}

/// A spreadsheet row's answers as the sheet builder takes them, each answer given as the
/// JSON text its cell stands for (`true`, `"a"`, `["p","q"]`, `7.5`).
pub(crate) fn view_of_row<'a>(instrument: &'a str, row: RowView<'a>) -> View<'a> {
    View {
        instrument: Cow::Borrowed(instrument),
        id: Cow::Borrowed(row.id),
        name: Cow::Borrowed(row.name),
        category: row.category.map(Cow::Borrowed),
        region: row.region.map(Cow::Borrowed),
        rater: row.rater.map(Cow::Borrowed),
        rater_group: row.rater_group.map(Cow::Borrowed),
        submitted_at: row.submitted_at.map(Cow::Borrowed),
        answers: row
            .answers
            .into_iter()
            .map(|(id, value, na, evidence)| {
                let na = na.then_some(true);
                (
                    Cow::Borrowed(id),
                    AnswerView {
                        value,
                        na,
                        evidence,
                        evidence_text: None,
                    },
                )
            })
            .collect(),
    }
}

/// A byte scanner for the common shape of a submission line: objects, plain strings
/// (no escapes), numbers, `true`/`false` and lists of plain strings. Anything else —
/// an escape, a `null`, a repeated or unknown key — gives `None`, and serde_json reads
/// the line instead.
mod scan {
    use std::borrow::Cow;

    use crate::model::view::{AnswerView, View};

    struct Scan<'a> {
        text: &'a str,
        at: usize,
    }

    impl<'a> Scan<'a> {
        fn byte(&self) -> Option<u8> {
            self.text.as_bytes().get(self.at).copied()
        }

        fn space(&mut self) {
            while matches!(self.byte(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.at += 1;
            }
        }

        fn eat(&mut self, c: u8) -> Option<()> {
            self.space();
            (self.byte()? == c).then(|| self.at += 1)
        }

        /// A string's content, without escapes or control characters.
        fn string(&mut self) -> Option<&'a str> {
            self.eat(b'"')?;
            let start = self.at;
            let rest = self.text.as_bytes().get(start..)?;
            let end = special(rest)?;
            // The first quote, backslash or control character must be the closing quote.
            if rest.get(end) != Some(&b'"') {
                return None;
            }
            self.at = start + end + 1;
            self.text.get(start..start + end)
        }

        fn word(&mut self, word: &str) -> Option<()> {
            let rest = self.text.get(self.at..)?;
            rest.starts_with(word).then(|| self.at += word.len())
        }

        fn boolean(&mut self) -> Option<bool> {
            self.space();
            match self.byte()? {
                b't' => self.word("true").map(|()| true),
                b'f' => self.word("false").map(|()| false),
                _ => None,
            }
        }

        /// `[` plain strings `]`: their count and the array's text.
        fn strings(&mut self) -> Option<(usize, &'a str)> {
            self.space();
            let start = self.at;
            self.eat(b'[')?;
            self.space();
            let mut count = 0;
            if self.byte()? == b']' {
                self.at += 1;
            } else {
                loop {
                    self.string()?;
                    count += 1;
                    self.space();
                    match self.byte()? {
                        b',' => self.at += 1,
                        b']' => {
                            self.at += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            Some((count, self.text.get(start..self.at)?))
        }

        /// An answer value's exact text.
        fn value(&mut self) -> Option<&'a str> {
            self.space();
            let start = self.at;
            match self.byte()? {
                b'"' => {
                    self.string()?;
                }
                b't' | b'f' => {
                    self.boolean()?;
                }
                b'[' => {
                    self.strings()?;
                }
                b'-' | b'0'..=b'9' => {
                    while matches!(
                        self.byte(),
                        Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                    ) {
                        self.at += 1;
                    }
                }
                _ => return None,
            }
            self.text.get(start..self.at)
        }

        /// Starts an object: `Some(true)` when it is empty (`{}`).
        fn open(&mut self) -> Option<bool> {
            self.eat(b'{')?;
            self.space();
            if self.byte()? == b'}' {
                self.at += 1;
                return Some(true);
            }
            Some(false)
        }

        fn key(&mut self) -> Option<&'a str> {
            let key = self.string()?;
            self.eat(b':')?;
            Some(key)
        }

        /// After a member: `Some(true)` for another, `Some(false)` at the object's end.
        fn more(&mut self) -> Option<bool> {
            self.space();
            match self.byte()? {
                b',' => {
                    self.at += 1;
                    Some(true)
                }
                b'}' => {
                    self.at += 1;
                    Some(false)
                }
                _ => None,
            }
        }
    }

    /// The index of the first `"`, `\\` or control character (below 0x20) in `bytes`,
    /// eight bytes at a time: a string's end, or what the scanner leaves to serde.
    fn special(bytes: &[u8]) -> Option<usize> {
        const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
        const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
        // Bytes of `x` equal to zero (below `n`) have their high bit set in the result;
        // bits above the lowest one may be false, so only the lowest is used.
        let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
        let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
        let mut at = 0;
        while let Some(word) = bytes.get(at..at + 8) {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(word);
            let x = u64::from_le_bytes(eight);
            let found = zero(x ^ (ONES * u64::from(b'"')))
                | zero(x ^ (ONES * u64::from(b'\\')))
                | below(x, 0x20);
            if found != 0 {
                return Some(at + (found.trailing_zeros() / 8) as usize);
            }
            at += 8;
        }
        let tail = bytes.get(at..)?;
        let k = tail
            .iter()
            .position(|&c| c == b'"' || c == b'\\' || c < 0x20)?;
        Some(at + k)
    }

    /// Sets `slot` once: a repeated key gives `None`.
    fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
        slot.is_none().then(|| *slot = Some(value))
    }

    pub(super) fn line(text: &str) -> Option<View<'_>> {
        let mut s = Scan { text, at: 0 };
        if s.open()? {
            return None;
        }
        let (mut instrument, mut agency, mut rater, mut rater_group, mut answers) =
            (None, None, None, None, None);
        let mut submitted_at = None;
        loop {
            match s.key()? {
                "instrument" => once(&mut instrument, s.string()?)?,
                "agency" => once(&mut agency, agency_fields(&mut s)?)?,
                "rater" => once(&mut rater, s.string()?)?,
                "rater_group" => once(&mut rater_group, s.string()?)?,
                "submitted_at" => once(&mut submitted_at, s.string()?)?,
                "answers" => once(&mut answers, answer_list(&mut s)?)?,
                _ => return None,
            }
            if !s.more()? {
                break;
            }
        }
        s.space();
        if s.at != text.len() {
            return None;
        }
        let (id, name, category, region) = agency?;
        Some(View {
            instrument: Cow::Borrowed(instrument?),
            id: Cow::Borrowed(id),
            name: Cow::Borrowed(name),
            category: category.map(Cow::Borrowed),
            region: region.map(Cow::Borrowed),
            rater: rater.map(Cow::Borrowed),
            rater_group: rater_group.map(Cow::Borrowed),
            submitted_at: submitted_at.map(Cow::Borrowed),
            answers: answers?,
        })
    }

    type AgencyFields<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>);

    fn agency_fields<'a>(s: &mut Scan<'a>) -> Option<AgencyFields<'a>> {
        if s.open()? {
            return None;
        }
        let (mut id, mut name, mut category, mut region) = (None, None, None, None);
        loop {
            match s.key()? {
                "id" => once(&mut id, s.string()?)?,
                "name" => once(&mut name, s.string()?)?,
                "category" => once(&mut category, s.string()?)?,
                "region" => once(&mut region, s.string()?)?,
                _ => return None,
            }
            if !s.more()? {
                break;
            }
        }
        Some((id?, name?, category, region))
    }

    fn answer_list<'a>(s: &mut Scan<'a>) -> Option<Vec<(Cow<'a, str>, AnswerView<'a>)>> {
        let mut answers = Vec::with_capacity(256);
        if s.open()? {
            return Some(answers);
        }
        loop {
            let key = s.key()?;
            let (mut value, mut na, mut evidence) = (None, None, None);
            if !s.open()? {
                loop {
                    match s.key()? {
                        "value" => once(&mut value, s.value()?)?,
                        "na" => once(&mut na, s.boolean()?)?,
                        "evidence" => once(&mut evidence, s.strings()?)?,
                        _ => return None,
                    }
                    if !s.more()? {
                        break;
                    }
                }
            }
            let (evidence, evidence_text) = match evidence {
                Some((count, text)) => (count, Some(text)),
                None => (0, None),
            };
            let view = AnswerView {
                value,
                na,
                evidence,
                evidence_text,
            };
            answers.push((Cow::Borrowed(key), view));
            if !s.more()? {
                break;
            }
        }
        Some(answers)
    }

    #[cfg(test)]
    mod tests {
        use proptest::prelude::*;

        proptest! {
            /// Eight bytes at a time finds what a byte at a time finds, wherever it is.
            #[test]
            fn special_finds_the_first_quote_backslash_or_control_byte(
                bytes in proptest::collection::vec(
                    prop_oneof![Just(b'"'), Just(b'\\'), 0u8..0x20, 0x20u8..=0xff, 0x7fu8..=0x81],
                    0..40,
                ),
            ) {
                let naive = bytes.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
                prop_assert_eq!(super::special(&bytes), naive);
            }
        }
    }
}
