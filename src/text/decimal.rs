//! Exact decimals: reading them from JSON text, writing them back, their JSON Schema, and
//! the one rounding rule of the product.
//!
//! Every weight, score, threshold and numeric answer is a [`Decimal`]. They are read from
//! the JSON text itself — never through `f64` — so `89.995` stays 89.995 and
//! `0.1 + 0.2` is exactly `0.3`. A decimal may be written as a JSON number or as a JSON
//! string holding a number; both follow the JSON number grammar, exponents included
//! (`1e2`, `"2.5E-1"`).

use std::borrow::Cow;

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serializer;

/// The largest number of digits after the decimal point that a [`Decimal`] can hold.
pub const MAX_SCALE: u32 = 28;

/// Why a piece of text is not an exact decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecimalError {
    /// The text does not follow the JSON number grammar.
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// The number is too large in magnitude to hold exactly (beyond about 7.9 × 10^28).
    #[error("`{0}` is too large to hold exactly")]
    TooLarge(String),
    /// The number has more digits after the point, or more significant digits, than can
    /// be held exactly (28).
    #[error("`{0}` has more digits than can be held exactly (at most 28)")]
    TooPrecise(String),
}

/// Reads a decimal exactly from text in the JSON number grammar
/// (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
///
/// ```
/// use kip_index::parse_decimal;
/// use rust_decimal::Decimal;
///
/// assert_eq!(parse_decimal("89.995")?, Decimal::new(89995, 3));
/// assert_eq!(parse_decimal("1e2")?, Decimal::new(100, 0));
/// assert_eq!(parse_decimal("25E-2")?, Decimal::new(25, 2));
/// assert!(parse_decimal("1,5").is_err());
/// # Ok::<(), kip_index::DecimalError>(())
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal, DecimalError> {
    if let Some(d) = parse_plain(text) {
        return Ok(d);
    }
    let not_a_number = || DecimalError::NotANumber(text.to_owned());
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, parse_exponent(e).ok_or_else(not_a_number)?),
        None => (text, 0),
    };
    if !is_json_mantissa(mantissa) {
        return Err(not_a_number());
    }
    let (negative, unsigned) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let (int, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let mut digits = format!("{int}{fraction}");
    let mut scale = i64::try_from(fraction.len()).unwrap_or(i64::MAX) - exponent;
    // Trailing zeros past the point carry no value: drop them before judging precision,
    // so that `1.500000000000000000000000000000` is still exactly 1.5.
    while scale > 0 && digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(Decimal::ZERO);
    }
    if scale < 0 {
        // A positive exponent appends zeros; beyond 29 digits nothing fits anyway.
        let zeros = usize::try_from(-scale).unwrap_or(usize::MAX);
        if digits.len().saturating_add(zeros) > 29 {
            return Err(DecimalError::TooLarge(text.to_owned()));
        }
        return exact(&format!("{digits}{}", "0".repeat(zeros)), 0, negative, text);
    }
    let scale = u32::try_from(scale).unwrap_or(u32::MAX);
    if scale > MAX_SCALE {
        return Err(DecimalError::TooPrecise(text.to_owned()));
    }
    exact(digits, scale, negative, text)
}

/// The common case without allocating: `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 18
/// digits in all (so the digits fit an `i64`); `None` for anything else, which the
/// general reader takes. Trailing zeros after the point are kept out of the scale, as
/// the general reader does.
fn parse_plain(text: &str) -> Option<Decimal> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, fraction) = match unsigned.split_once('.') {
        Some((i, f)) if !f.is_empty() => (i, f),
        Some(_) => return None,
        None => (unsigned, ""),
    };
    let leading_zero = int.len() > 1 && int.starts_with('0');
    if int.is_empty() || leading_zero || int.len() + fraction.len() > 18 {
        return None;
    }
    let fraction = fraction.trim_end_matches('0');
    let mut mantissa: i64 = 0;
    for b in int.bytes().chain(fraction.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i64::from(b - b'0');
    }
    let scale = u32::try_from(fraction.len()).ok()?;
    let mantissa = if negative { -mantissa } else { mantissa };
    Some(Decimal::new(mantissa, scale))
}

fn exact(digits: &str, scale: u32, negative: bool, text: &str) -> Result<Decimal, DecimalError> {
    let too_big = || {
        if scale > 0 {
            DecimalError::TooPrecise(text.to_owned())
        } else {
            DecimalError::TooLarge(text.to_owned())
        }
    };
    if digits.len() > 29 {
        return Err(too_big());
    }
    let magnitude: i128 = digits.parse().map_err(|_| too_big())?;
    let mantissa = if negative { -magnitude } else { magnitude };
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| too_big())
}

fn is_json_mantissa(text: &str) -> bool {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let int_ok = int == "0"
        || (!int.is_empty() && !int.starts_with('0') && int.bytes().all(|b| b.is_ascii_digit()));
    let frac_ok = frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    int_ok && frac_ok
}

fn parse_exponent(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Exponents beyond any representable scale are clamped; the caller rejects them.
    let magnitude: i64 = digits.parse().unwrap_or(i64::from(u16::MAX));
    let magnitude = magnitude.min(i64::from(u16::MAX));
    Some(if text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

/// Rounds `value` to `decimals` digits after the point, half away from zero — the one
/// rounding rule of the product (`2.345` → `2.35`, `-2.345` → `-2.35`), applied once, at
/// the end. The result always carries exactly `decimals` digits (`88.4` → `88.40`).
///
/// ```
/// use kip_index::round_half_away_from_zero;
/// use rust_decimal::Decimal;
///
/// let rounded = round_half_away_from_zero(Decimal::new(89995, 3), 2);
/// assert_eq!(rounded.to_string(), "90.00");
/// assert_eq!(round_half_away_from_zero(Decimal::new(2345, 3), 2).to_string(), "2.35");
/// ```
pub fn round_half_away_from_zero(value: Decimal, decimals: u32) -> Decimal {
    let mut rounded =
        value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    rounded.rescale(decimals);
    rounded
}

/// Writes a decimal exactly, whatever the serializer.
///
/// - serde_json writing text (`to_string`, `to_writer`, the results files): a JSON
///   number with exactly its digits (`88.40`, not `88.4`), through serde_json's
///   raw-value protocol.
/// - Every other serializer — `serde_json::to_value`, YAML, CBOR, a Python binding — the
///   decimal's exact text as a string (`"88.40"`), which the JSON Schemas accept as a
///   decimal too; never a float, and never serde_json's internal raw-value struct.
///
/// The raw-value protocol is for serde_json's own text serializer only, which is told by
/// its type's name: `serde_json::to_value` would turn a raw `88.40` into the float
/// 88.4, and any other serializer would receive a struct.
pub(crate) fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    if writes_json_text::<S>()
        && let Ok(raw) = serde_json::value::RawValue::from_string(value.to_string())
    {
        return serde::Serialize::serialize(&raw, serializer);
    }
    serializer.serialize_str(&value.to_string())
}

/// Whether `S` is serde_json's text serializer (`&mut serde_json::ser::Serializer<W, F>`),
/// the one serializer that writes a raw value verbatim.
fn writes_json_text<S>() -> bool {
    std::any::type_name::<S>().contains("serde_json::ser::Serializer<")
}

/// [`serialize`] for an optional decimal.
pub(crate) fn serialize_opt<S: Serializer>(
    value: &Option<Decimal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize(v, serializer),
        None => serializer.serialize_none(),
    }
}

/// A decimal that serializes with [`serialize`].
pub(crate) struct Exact(pub Decimal);

impl serde::Serialize for Exact {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, serializer)
    }
}

/// The regular expression of the JSON number grammar, which a decimal written as a
/// string must follow.
pub const DECIMAL_PATTERN: &str = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$";

/// The JSON Schema of an exact decimal: a JSON number, or a string in the JSON number
/// grammar. Owned here so that the schema and [`parse_decimal`] accept the same texts.
pub(crate) struct JsonDecimal;

impl JsonSchema for JsonDecimal {
    fn schema_name() -> Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact decimal: a JSON number, or a string holding one (\"89.995\"). Read exactly, never through binary floating point.",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": DECIMAL_PATTERN }
            ]
        })
    }
}

#[cfg(test)]
mod exact_everywhere {
    use rust_decimal::Decimal;

    #[derive(serde::Serialize)]
    struct Figure {
        #[serde(serialize_with = "super::serialize")]
        value: Decimal,
        #[serde(serialize_with = "super::serialize_opt")]
        maybe: Option<Decimal>,
    }

    /// As JSON text a number with its digits; through `serde_json::Value` (or any other
    /// serializer) the exact text, never the float 3.2.
    #[test]
    fn a_decimal_keeps_its_digits_through_any_serializer() {
        let figure = Figure {
            value: Decimal::new(320, 2),
            maybe: Some(Decimal::new(9000, 2)),
        };
        assert_eq!(
            serde_json::to_string(&figure).ok().as_deref(),
            Some(r#"{"value":3.20,"maybe":90.00}"#)
        );
        assert_eq!(
            serde_json::to_string_pretty(&figure).ok().as_deref(),
            Some("{\n  \"value\": 3.20,\n  \"maybe\": 90.00\n}")
        );
        let value = serde_json::to_value(&figure).unwrap_or_default();
        assert_eq!(value["value"], serde_json::json!("3.20"));
        assert_eq!(value["maybe"], serde_json::json!("90.00"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        match parse_decimal(text) {
            Ok(v) => v,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn reads_plain_and_exponent_forms_exactly() {
        assert_eq!(d("89.995"), Decimal::new(89995, 3));
        assert_eq!(d("-0.5"), Decimal::new(-5, 1));
        assert_eq!(d("1e2"), Decimal::new(100, 0));
        assert_eq!(d("1E+2"), Decimal::new(100, 0));
        assert_eq!(d("7.5e-1"), Decimal::new(75, 2));
        assert_eq!(d("0e5"), Decimal::ZERO);
        assert_eq!(d("0"), Decimal::ZERO);
    }

    #[test]
    fn keeps_sixteen_plus_significant_digits() {
        // f64 holds ~15.9 digits: 0.1000000000000000055511151231257827 would appear.
        assert_eq!(d("0.1").to_string(), "0.1");
        assert_eq!(
            d("12345678901234567.891").to_string(),
            "12345678901234567.891"
        );
        assert_eq!(
            d("1.234567890123456789012345678").to_string(),
            "1.234567890123456789012345678"
        );
    }

    #[test]
    fn rejects_what_json_rejects() {
        for bad in [
            "", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x10", " 1", "1,5", "NaN",
        ] {
            assert!(
                matches!(parse_decimal(bad), Err(DecimalError::NotANumber(_))),
                "{bad:?} should not parse"
            );
        }
    }

    #[test]
    fn too_large_and_too_precise_are_errors_not_panics() {
        assert!(matches!(
            parse_decimal("1e30"),
            Err(DecimalError::TooLarge(_))
        ));
        assert!(matches!(
            parse_decimal("99999999999999999999999999999999"),
            Err(DecimalError::TooLarge(_))
        ));
        assert!(matches!(
            parse_decimal("0.1234567890123456789012345678901234567890"),
            Err(DecimalError::TooPrecise(_))
        ));
        assert!(matches!(
            parse_decimal("1e-40"),
            Err(DecimalError::TooPrecise(_))
        ));
        assert!(parse_decimal("1e999999999999999999999").is_err());
        assert!(parse_decimal("1e-999999999999999999999").is_err());
    }

    #[test]
    fn the_plain_reader_agrees_with_the_general_one() {
        for text in [
            "0",
            "-0",
            "7",
            "7.5",
            "7.50",
            "89.995",
            "100",
            "100.00",
            "0.0001",
            "-12.340",
            "123456789012345678",
            "1234567890.12345678",
            "0.00000000000000001",
            "10",
            "1.0",
        ] {
            let plain = parse_plain(text);
            assert!(plain.is_some(), "{text} is plain");
            let general = {
                // The general reader, by way of an exponent that changes nothing.
                parse_decimal(&format!("{text}e0"))
            };
            assert_eq!(
                plain.map(|d| (d, d.scale())),
                general.ok().map(|d| (d, d.scale())),
                "{text}"
            );
        }
        for text in [
            "01",
            "1.",
            ".5",
            "+1",
            "1e2",
            "1234567890123456789",
            "",
            "-",
            "1.2.3",
            "١",
        ] {
            assert_eq!(parse_plain(text), None, "{text} is not plain");
        }
    }

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        // round_dp would give 2.34 (banker's rounding); half away from zero gives 2.35.
        assert_eq!(round_half_away_from_zero(d("2.345"), 2), d("2.35"));
        assert_eq!(round_half_away_from_zero(d("-2.345"), 2), d("-2.35"));
        assert_eq!(
            round_half_away_from_zero(d("89.995"), 2).to_string(),
            "90.00"
        );
        assert_eq!(round_half_away_from_zero(d("88.4"), 2).to_string(), "88.40");
        assert_eq!(round_half_away_from_zero(d("0.5"), 0).to_string(), "1");
    }
}
