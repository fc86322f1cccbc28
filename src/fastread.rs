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

use crate::decimal::parse_decimal;
use crate::problem::Report;
use crate::source::{AgencyRef, Record};
use crate::submission::{Agency, Answer, AnswerValue, Submission};

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
    #[serde(borrow)]
    category: Cow<'a, str>,
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
    evidence: Option<Vec<Cow<'a, str>>>,
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
    let parsed: Line = serde_json::from_str(text).ok()?;
    let submission = convert(parsed)?;
    if check.is_some_and(|check| !check(&submission).is_empty()) {
        return None;
    }
    let agency = AgencyRef {
        id: submission.agency.id.clone(),
        category: Some(submission.agency.category.clone()),
        region: submission.agency.region.clone(),
    };
    Some(Record {
        line: Some(line),
        path: String::new(),
        value: Ok(submission),
        agency: Some(agency),
    })
}

fn id(text: Cow<str>) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.into_owned())
}

fn convert(line: Line) -> Option<Submission> {
    let mut entries = line.answers.0;
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
            Some(raw) => Some(value(raw)?),
            None => None,
        };
        let na = answer.na.unwrap_or(false);
        if value.is_some() == na {
            return None; // both, or neither: the careful reader says which
        }
        let evidence = answer
            .evidence
            .unwrap_or_default()
            .into_iter()
            .map(Cow::into_owned)
            .collect();
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
        instrument: id(line.instrument)?,
        agency: Agency {
            id: id(line.agency.id)?,
            name: line.agency.name.into_owned(),
            category: id(line.agency.category)?,
            region: match line.agency.region {
                Some(r) => Some(id(r)?),
                None => None,
            },
        },
        rater: match line.rater {
            Some(r) => Some(id(r)?),
            None => None,
        },
        rater_group: match line.rater_group {
            Some(g) => Some(id(g)?),
            None => None,
        },
        answers,
    })
}

/// An answer's value from its exact JSON text.
fn value(raw: &RawValue) -> Option<AnswerValue> {
    let text = raw.get();
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
        ];
        let mut fast_read = 0;
        for line in &lines {
            let careful = crate::source::read_submissions(line, crate::Framing::Json, &instrument);
            let careful = careful.first().map(|r| r.value.clone());
            let check = |s: &Submission| instrument.check_submission(s);
            if let Some(record) = submission(line, 1, Some(&check)) {
                fast_read += 1;
                assert_eq!(Some(record.value), careful, "{line}");
            }
        }
        // The first and the `"na": false` with a value are valid; the rest are not.
        assert_eq!(fast_read, 2);
    }
}
