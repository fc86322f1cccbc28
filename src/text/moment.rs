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
    /// A date alone (`2025-09-30`): neither its time nor its offset is known.
    #[error(
        "expected a date with its time and offset, such as `{suggestion}` (the end of that day, WIB), found `{text}`"
    )]
    NoTime {
        /// The text as found.
        text: String,
        /// The end of that day with WIB's offset, as a hint.
        suggestion: String,
    },
    /// Not a time in RFC 3339 (`30/09/2025 23.59`, `besok`, `2025-02-29T10:00:00+07:00`,
    /// `+0700` for `+07:00`).
    #[error(
        "expected a time in RFC 3339 with its offset, such as `{suggestion}`{}, found `{text}`",
        zone(suggestion)
    )]
    NotATime {
        /// The text as found.
        text: String,
        /// The same time written as RFC 3339 when it can be told (`30/09/2025 23.59`:
        /// day, month, year), else an example.
        suggestion: String,
    },
    /// A time in RFC 3339 beyond what an instant holds (the last days of year 9999).
    #[error("expected a time from 0001-01-02 to 9999-12-30, found `{0}`")]
    OutOfRange(String),
}

/// ` (WIB)`, ` (WITA)` or ` (WIT)` after a hint with that offset; nothing after another.
fn zone(suggestion: &str) -> &'static str {
    match suggestion.get(suggestion.len().saturating_sub(6)..) {
        Some("+07:00") => " (WIB)",
        Some("+08:00") => " (WITA)",
        Some("+09:00") => " (WIT)",
        _ => "",
    }
}

/// How a text is laid out, against RFC 3339's `date-time`.
#[derive(PartialEq)]
enum Shape {
    /// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)` (`t`, `z` and a space for `T` allowed).
    Full,
    /// The same without the offset.
    NoOffset,
    /// `YYYY-MM-DD` alone.
    DateOnly,
    /// Anything else.
    Other,
}

fn shape(text: &str) -> Shape {
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let at = |k: usize, c: &[u8]| b.get(k).is_some_and(|x| c.contains(x));
    let date = digits(0..4) && at(4, b"-") && digits(5..7) && at(7, b"-") && digits(8..10);
    if !date {
        return Shape::Other;
    }
    if b.len() == 10 {
        return Shape::DateOnly;
    }
    let time = at(10, b"Tt ")
        && digits(11..13)
        && at(13, b":")
        && digits(14..16)
        && at(16, b":")
        && digits(17..19);
    if !time {
        return Shape::Other;
    }
    let mut k = 19;
    if at(k, b".") {
        k += 1;
        let start = k;
        while at(k, b"0123456789") {
            k += 1;
        }
        if k == start {
            return Shape::Other;
        }
    }
    match b.get(k..) {
        Some([]) => Shape::NoOffset,
        Some([b'Z' | b'z']) => Shape::Full,
        Some([b'+' | b'-', h1, h2, b':', m1, m2])
            if [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit())
                && (*h1, *h2) <= (b'2', b'3')
                && *m1 <= b'5' =>
        {
            Shape::Full
        }
        _ => Shape::Other,
    }
}

impl Moment {
    /// Reads a moment from RFC 3339 text with an offset (`Z` or `±hh:mm`, a `T`, `t` or
    /// space between date and time); spaces around it are left out. Nothing else is
    /// taken: no `+0700`, no time-zone name, no leap second (`:60`).
    pub fn parse(text: &str) -> Result<Moment, MomentError> {
        let text = text.trim();
        let found = || shorten(text);
        let example = || "2025-09-30T23:59:59+07:00".to_owned();
        // A hint is given only when it is itself a moment; past that, the text is out of
        // range.
        let hinted = |suggestion: String, refused: fn(String, String) -> MomentError| {
            match jiff::Timestamp::from_str(&suggestion) {
                Ok(_) => Err(refused(found(), suggestion)),
                Err(_) => Err(MomentError::OutOfRange(found())),
            }
        };
        match shape(text) {
            Shape::Full => match jiff::Timestamp::from_str(text) {
                // jiff takes `:60` as `:59`; RFC 3339 keeps it for true leap seconds,
                // which no questionnaire is sent in: refused, not moved.
                Ok(at) if text.get(17..19) != Some("60") => Ok(Moment {
                    at,
                    text: text.into(),
                }),
                // A real date and time an instant cannot hold (year 9999's last days).
                Err(_)
                    if jiff::fmt::temporal::Pieces::parse(text).is_ok()
                        && text.get(17..19) != Some("60") =>
                {
                    Err(MomentError::OutOfRange(found()))
                }
                _ => Err(MomentError::NotATime {
                    text: found(),
                    suggestion: lenient(text).unwrap_or_else(example),
                }),
            },
            Shape::NoOffset => match jiff::civil::DateTime::from_str(text) {
                Ok(time) => hinted(
                    format!("{}+07:00", time.strftime("%Y-%m-%dT%H:%M:%S")),
                    |text, suggestion| MomentError::NoOffset { text, suggestion },
                ),
                Err(_) => Err(MomentError::NotATime {
                    text: found(),
                    suggestion: example(),
                }),
            },
            Shape::DateOnly => match jiff::civil::Date::from_str(text) {
                Ok(date) => hinted(format!("{date}T23:59:59+07:00"), |text, suggestion| {
                    MomentError::NoTime { text, suggestion }
                }),
                Err(_) => Err(MomentError::NotATime {
                    text: found(),
                    suggestion: example(),
                }),
            },
            Shape::Other => Err(MomentError::NotATime {
                text: found(),
                suggestion: day_month_year(text)
                    .or_else(|| lenient(text))
                    .unwrap_or_else(example),
            }),
        }
    }

    /// The moment as it was written (spaces around it left out).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `30/09/2025 14.05` (day, month, year, as Indonesian spreadsheets write a date, with
/// `.` or `:` in the time) as RFC 3339 in WIB: the hint for a time written so.
fn day_month_year(text: &str) -> Option<String> {
    if text.len() > 40 {
        return None;
    }
    // `30/09/2025 14.05 WITA`: the zone named after it.
    let upper = text.to_ascii_uppercase();
    let (text, offset) = [(" WITA", "+08:00"), (" WIB", "+07:00"), (" WIT", "+09:00")]
        .iter()
        .find(|(name, _)| upper.ends_with(name))
        .map_or((text, "+07:00"), |(name, offset)| {
            (text.get(..text.len() - name.len()).unwrap_or(text), *offset)
        });
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (text, None),
    };
    let mut parts = date.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let number = |t: &str| t.parse::<i16>().ok();
    let date = jiff::civil::Date::new(
        number(y)?,
        i8::try_from(number(m)?).ok()?,
        i8::try_from(number(d)?).ok()?,
    )
    .ok()?;
    let (hour, minute, second) = match time {
        None => (23, 59, 59),
        Some(t) => {
            let mut hms = t.split(['.', ':']);
            let h = number(hms.next()?)?;
            let mi = number(hms.next()?)?;
            let s = hms.next().map_or(Some(0), number)?;
            if hms.next().is_some() {
                return None;
            }
            (h, mi, s)
        }
    };
    let time = jiff::civil::Time::new(
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    Some(format!(
        "{}{offset}",
        date.at(time.hour(), time.minute(), time.second(), 0)
            .strftime("%Y-%m-%dT%H:%M:%S")
    ))
}

/// What jiff's looser ISO 8601 reading makes of `text` (`+0700`, no seconds, a
/// space, a time-zone name), written as RFC 3339 with its own offset (WIB's when it has
/// none): the hint for a time written almost right. `None` when that is no moment
/// either.
fn lenient(text: &str) -> Option<String> {
    if text.len() > 64 {
        return None;
    }
    let pieces = jiff::fmt::temporal::Pieces::parse(text).ok()?;
    let time = pieces
        .time()
        .unwrap_or_else(|| jiff::civil::Time::constant(23, 59, 59, 0));
    let offset = match pieces.offset() {
        None => "+07:00".to_owned(),
        Some(jiff::fmt::temporal::PiecesOffset::Zulu) => "Z".to_owned(),
        Some(offset) => {
            let seconds = offset.to_numeric_offset().seconds();
            let sign = if seconds < 0 { '-' } else { '+' };
            let minutes = seconds.unsigned_abs() / 60;
            format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
        }
    };
    let hint = format!(
        "{}{offset}",
        pieces
            .date()
            .to_datetime(time)
            .strftime("%Y-%m-%dT%H:%M:%S")
    );
    (shape(&hint) == Shape::Full && jiff::Timestamp::from_str(&hint).is_ok()).then_some(hint)
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
            MomentError::NoTime { text, suggestion } => format!(
                "seharusnya tanggal dengan jam dan zona waktunya, misalnya `{suggestion}` (akhir hari itu, WIB), ternyata `{text}`"
            ),
            MomentError::NotATime { text, suggestion } => format!(
                "seharusnya waktu RFC 3339 dengan zona waktunya, misalnya `{suggestion}`{}, ternyata `{text}`",
                zone(suggestion)
            ),
            MomentError::OutOfRange(text) => {
                format!("seharusnya waktu dari 0001-01-02 sampai 9999-12-30, ternyata `{text}`")
            }
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
        assert_eq!(
            date.map_err(|e| e.to_string()),
            Err("expected a date with its time and offset, such as `2025-09-30T23:59:59+07:00` (the end of that day, WIB), found `2025-09-30`".to_owned())
        );
        let long = "9".repeat(10_000);
        let message = Moment::parse(&long).map_err(|e| e.to_string());
        assert!(message.is_err_and(|m| m.len() < 200));
    }

    /// RFC 3339 and nothing else: what jiff would also take (`+0700`, `+07`, no seconds,
    /// the basic form, a time-zone name, a comma, a leap second) is refused, as are
    /// dates that do not exist and years its instants cannot hold.
    #[test]
    fn only_rfc_3339_is_a_moment() {
        for text in [
            "2025-09-30T23:59:59+0700",
            "2025-09-30T23:59:59+07",
            "2025-09-30T23:59+07:00",
            "20250930T235959+0700",
            "+002025-09-30T23:59:59+07:00",
            "2025-09-30T23:59:59,5+07:00",
            "2025-09-30T23:59:59+07:00[Asia/Jakarta]",
            "2025-09-30T23:59:60+07:00",
            "2025-02-29T10:00:00+07:00",
            "2025-09-30T24:00:00+07:00",
            "besok",
            "",
        ] {
            assert!(
                matches!(Moment::parse(text), Err(MomentError::NotATime { .. })),
                "{text}: {:?}",
                Moment::parse(text)
            );
        }
        for text in [
            "2024-02-29T10:00:00+07:00",
            "2025-09-30t23:59:59z",
            "2025-09-30 23:59:59.999+09:00",
            "  2025-09-30T23:59:59Z ",
        ] {
            assert!(Moment::parse(text).is_ok(), "{text}");
        }
    }

    /// A day, month and year as an Indonesian spreadsheet writes them get their own
    /// RFC 3339 form as the hint.
    #[test]
    fn a_day_month_year_is_hinted_in_its_own_form() {
        let hint = |text: &str| match Moment::parse(text) {
            Err(MomentError::NotATime { suggestion, .. }) => suggestion,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(hint("30/09/2025 14.05"), "2025-09-30T14:05:00+07:00");
        assert_eq!(hint("1-10-2025 08:30:15"), "2025-10-01T08:30:15+07:00");
        assert_eq!(hint("30/09/2025"), "2025-09-30T23:59:59+07:00");
        assert_eq!(hint("31/09/2025"), "2025-09-30T23:59:59+07:00");
        assert_eq!(hint("45930.5"), "2025-09-30T23:59:59+07:00");
        // Almost RFC 3339: the same moment written right, in its own offset.
        assert_eq!(hint("2025-09-30 10:00"), "2025-09-30T10:00:00+07:00");
        assert_eq!(
            hint("2025-09-30T23:59:59+0800"),
            "2025-09-30T23:59:59+08:00"
        );
        assert_eq!(
            hint("2025-09-30T14:05:00+09:00[Asia/Jayapura]"),
            "2025-09-30T14:05:00+09:00"
        );
        assert_eq!(hint("2025-09-30T23:59:60Z"), "2025-09-30T23:59:59Z");
        assert_eq!(hint("30/09/2025 14.05 WITA"), "2025-09-30T14:05:00+08:00");
        assert_eq!(hint("30/09/2025 14.05 wit"), "2025-09-30T14:05:00+09:00");
        // The zone is named only for Indonesia's three offsets.
        let said = |text: &str| {
            Moment::parse(text)
                .map_err(|e| e.to_string())
                .err()
                .unwrap_or_default()
        };
        assert!(
            said("2025-09-30T14:05:00+0800").contains("`2025-09-30T14:05:00+08:00` (WITA), found")
        );
        assert!(said("2025-09-30T14:05:00+0000").contains("`2025-09-30T14:05:00+00:00`, found"));
    }

    /// Year 9999's last days are no instant: said so, never "without an offset".
    #[test]
    fn the_edge_of_time_is_named_as_such() {
        for text in [
            "9999-12-31T23:59:59+07:00",
            "9999-12-31T23:59:59",
            "9999-12-31",
        ] {
            assert!(
                matches!(Moment::parse(text), Err(MomentError::OutOfRange(_))),
                "{text}: {:?}",
                Moment::parse(text)
            );
        }
        assert!(Moment::parse("9999-06-01T00:00:00Z").is_ok());
        assert!(matches!(
            Moment::parse("2025-09-30T14:05:00+24:00"),
            Err(MomentError::NotATime { .. })
        ));
    }
}
