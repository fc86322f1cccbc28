//! Moments as people write them: a deadline (*batas waktu*) and the time a
//! questionnaire was sent, in RFC 3339 with an offset (`2025-09-02T08:15:00+07:00`),
//! compared as instants on the one time line, whatever offsets they were written in.
//!
//! A time without an offset is refused rather than guessed: Indonesia has three time
//! zones (WIB +07:00, WITA +08:00, WIT +09:00), so `08:15` alone is three different
//! moments, and a deadline one hour off drops or keeps the wrong bodies.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

/// A moment in time, kept as it was written (`2025-09-02T08:15:00+07:00`) and compared
/// as an instant: `2025-09-02T09:15:00+08:00` (WITA) is the same moment as
/// `2025-09-02T08:15:00+07:00` (WIB), and equal to it.
///
/// ```
/// use kip_index::Moment;
///
/// let deadline: Moment = "2025-09-30T23:59:59+07:00".parse()?;
/// let sent: Moment = "2025-10-01T00:30:00+08:00".parse()?; // WITA: 23:30 WIB
/// assert!(sent <= deadline);
/// assert_eq!(sent.as_str(), "2025-10-01T00:30:00+08:00");
/// assert!("2025-09-30T23:59:59".parse::<Moment>().is_err()); // no offset
/// # Ok::<(), kip_index::MomentError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Moment {
    at: jiff::Timestamp,
    text: Box<str>,
}

/// Why a piece of text is not a [`Moment`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MomentError {
    /// A date and time without an offset (`2025-09-30T23:59:59`, or a workbook's date
    /// cell): which of Indonesia's time zones is meant cannot be known.
    #[error(
        "expected a time with its offset, such as `{suggestion}` (WIB), found `{text}` without one"
    )]
    NoOffset {
        /// The text as found.
        text: String,
        /// The same time written with WIB's offset, as a hint.
        suggestion: String,
    },
    /// Not a date and time at all (`30/09/2025 23.59`, `besok`).
    #[error(
        "expected a time in RFC 3339 with its offset, such as `2025-09-30T23:59:59+07:00` (WIB), found `{0}`"
    )]
    NotATime(String),
}

impl Moment {
    /// Reads a moment from RFC 3339 text with an offset (`Z` or `±hh:mm`); spaces
    /// around it are left out.
    pub fn parse(text: &str) -> Result<Moment, MomentError> {
        let text = text.trim();
        match jiff::Timestamp::from_str(text) {
            Ok(at) => Ok(Moment {
                at,
                text: text.into(),
            }),
            Err(_) => Err(without_offset(text).map_or_else(
                || MomentError::NotATime(shorten(text)),
                |suggestion| MomentError::NoOffset {
                    text: shorten(text),
                    suggestion,
                },
            )),
        }
    }

    /// The moment as it was written (spaces around it left out).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The same civil time with WIB's offset, when `text` is a date and time (or a date)
/// that lacks only its offset.
fn without_offset(text: &str) -> Option<String> {
    if text.len() > 64 {
        return None;
    }
    // A date alone is taken as the end of that day in the hint: a deadline's usual sense.
    // (jiff reads a date out of a date and time too, so a time is looked for first.)
    let has_time = text.contains(['T', 't', ' ']);
    if has_time {
        jiff::civil::DateTime::from_str(text)
            .ok()
            .map(|time| format!("{}+07:00", time.strftime("%Y-%m-%dT%H:%M:%S")))
    } else {
        jiff::civil::Date::from_str(text)
            .ok()
            .map(|date| format!("{date}T23:59:59+07:00"))
    }
}

/// A long text cut for a sentence: what was found, never a whole hostile cell.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
        None => text.to_owned(),
    }
}

impl MomentError {
    /// The sentence in `language` (its `Display` is the English one).
    ///
    /// ```
    /// use kip_index::{Language, Moment};
    ///
    /// let e = "besok".parse::<Moment>().unwrap_err();
    /// assert!(e.message_in(Language::Indonesian).starts_with("seharusnya waktu RFC 3339"));
    /// ```
    pub fn message_in(&self, language: crate::text::language::Language) -> String {
        let (en, id) = self.sentences();
        language.pick(id, en)
    }

    /// The sentence in English and in Indonesian, for a located problem.
    pub(crate) fn sentences(&self) -> (String, String) {
        let id = match self {
            MomentError::NoOffset { text, suggestion } => format!(
                "seharusnya waktu dengan zona waktunya, misalnya `{suggestion}` (WIB), ternyata `{text}` tanpa zona waktu"
            ),
            MomentError::NotATime(text) => format!(
                "seharusnya waktu RFC 3339 dengan zona waktunya, misalnya `2025-09-30T23:59:59+07:00` (WIB), ternyata `{text}`"
            ),
        };
        (self.to_string(), id)
    }
}

impl FromStr for Moment {
    type Err = MomentError;

    fn from_str(text: &str) -> Result<Moment, MomentError> {
        Moment::parse(text)
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Moment {
    fn eq(&self, other: &Moment) -> bool {
        self.at == other.at
    }
}

impl Eq for Moment {}

impl PartialOrd for Moment {
    fn partial_cmp(&self, other: &Moment) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Moment {
    fn cmp(&self, other: &Moment) -> Ordering {
        self.at.cmp(&other.at)
    }
}

impl serde::Serialize for Moment {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl JsonSchema for Moment {
    fn schema_name() -> Cow<'static, str> {
        "Moment".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A moment in RFC 3339 with its offset: \"2025-09-30T23:59:59+07:00\" (WIB), \"+08:00\" (WITA), \"+09:00\" (WIT) or \"Z\". A time without an offset is refused.",
            "type": "string",
            "format": "date-time"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_one_time_line() {
        let wib: Moment = "2025-09-02T08:15:00+07:00"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let wita: Moment = "2025-09-02T09:15:00+08:00"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let utc: Moment = "2025-09-02T01:15:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(wib, wita);
        assert_eq!(wib, utc);
        let later: Moment = "2025-09-02T08:15:00.5+07:00"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(later > wib);
        assert_eq!(wita.to_string(), "2025-09-02T09:15:00+08:00");
    }

    #[test]
    fn a_time_without_its_offset_is_named_so() {
        let no_offset = Moment::parse("2025-09-30T10:15:00");
        assert_eq!(
            no_offset.map_err(|e| e.to_string()),
            Err("expected a time with its offset, such as `2025-09-30T10:15:00+07:00` (WIB), found `2025-09-30T10:15:00` without one".to_owned())
        );
        let date = Moment::parse("2025-09-30");
        assert!(
            matches!(&date, Err(MomentError::NoOffset { suggestion, .. }) if suggestion == "2025-09-30T23:59:59+07:00"),
            "{date:?}"
        );
        for text in ["30/09/2025 23.59", "besok", "", "2025-02-30T10:00:00+07:00"] {
            assert!(
                matches!(Moment::parse(text), Err(MomentError::NotATime(_))),
                "{text}"
            );
        }
        let long = "9".repeat(10_000);
        let message = Moment::parse(&long).map_err(|e| e.to_string());
        assert!(message.is_err_and(|m| m.len() < 200));
    }
}
