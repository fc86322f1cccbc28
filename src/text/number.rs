//! Numbers as people type them in spreadsheets (SPEC 2.5, *numbers as people write
//! them*): one rule for every number read from text cells — CSV answers, workbook text
//! cells, stage-score and roster CSVs, the page's inputs.
//!
//! Indonesian writes `1.250.000,5` for what English writes `1,250,000.5`. Reading
//! `1.250` (Rp 1.250 juta) as 1.25 scores the answer wrongly *without a word*, so a
//! mark is never guessed: where a text could mean two numbers, it is a problem that
//! names both readings.
//!
//! - [`DecimalMark::Point`] (a `,`-separated CSV): the point is the decimal mark and
//!   nothing groups digits; a comma inside a number is a problem.
//! - [`DecimalMark::Comma`] (a `;`-separated CSV): the comma is the decimal mark and a
//!   point groups thousands, in groups of exactly three digits (`1.250` = 1250,
//!   `1.250.000,5` = 1250000.5); any other point (`1.25`) is a problem.
//! - [`DecimalMark::Either`] (a workbook's text cell, a tab-separated file, the page):
//!   a comma or more than one point reads as [`DecimalMark::Comma`]; a lone point
//!   followed by exactly three digits (`1.250`) could be either, and is a problem;
//!   any other lone point is the decimal mark (`87.5`).

use rust_decimal::Decimal;

use crate::text::decimal::{DecimalError, parse_decimal};

/// Which mark a file uses between a number's whole part and its fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecimalMark {
    /// `87.5` (a comma-separated CSV, English-locale spreadsheets).
    Point,
    /// `87,5`, with `.` grouping thousands (a semicolon-separated CSV, Indonesian-locale
    /// Excel).
    Comma,
    /// Told from each number: for cells whose file does not say (workbook text cells,
    /// tab-separated files, the page's inputs).
    Either,
}

impl DecimalMark {
    /// The mark a CSV file's separator implies: `,` files write `87.5`, `;` files
    /// (Indonesian-locale Excel) `87,5`; a tab says nothing, so each number tells.
    pub fn of_separator(separator: u8) -> Self {
        match separator {
            b',' => DecimalMark::Point,
            b';' => DecimalMark::Comma,
            _ => DecimalMark::Either,
        }
    }
}

/// Why a written number was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NumberError {
    /// Not a number in any mark (`tiga`, `1,2,3` in a point file).
    #[error(transparent)]
    Decimal(#[from] DecimalError),
    /// A comma in a file whose decimal mark is the point (`1,250` could be 1250 or
    /// 1.25).
    #[error(
        "`{found}` has a comma, but this file's decimal mark is the point: write \
         `{as_thousands}` for {as_thousands} or `{as_decimal}` for {as_decimal}"
    )]
    #[non_exhaustive]
    CommaInPointFile {
        /// The text as found.
        found: String,
        /// The number if the comma were a decimal mark.
        as_decimal: String,
        /// The number if the comma grouped thousands.
        as_thousands: String,
    },
    /// A point that neither groups thousands in threes nor can be the decimal mark
    /// (`1.25` in a comma file).
    #[error(
        "`{found}` has a point that does not group thousands (groups of three digits), \
         and this file's decimal mark is the comma: write `{as_comma}` for {as_decimal}, \
         or `{as_whole}` for {as_whole}"
    )]
    #[non_exhaustive]
    PointInCommaFile {
        /// The text as found.
        found: String,
        /// The number if the point were a decimal mark.
        as_decimal: String,
        /// How to write that number with a decimal comma.
        as_comma: String,
        /// The number if the point were a (misplaced) thousands separator.
        as_whole: String,
    },
    /// A lone point before exactly three digits where the file does not say which mark
    /// it uses (`1.250` could be 1250 or 1.25).
    #[error(
        "`{found}` could be {as_thousands} (a point grouping thousands) or {as_decimal} \
         (a decimal point): write `{as_thousands}` or `{as_decimal_comma}`"
    )]
    #[non_exhaustive]
    Ambiguous {
        /// The text as found.
        found: String,
        /// The number if the point were a decimal mark.
        as_decimal: String,
        /// The same with a decimal comma.
        as_decimal_comma: String,
        /// The number if the point grouped thousands.
        as_thousands: String,
    },
}

impl NumberError {
    /// The sentence in `language` (its `Display` is the English one).
    pub fn message_in(&self, language: crate::text::language::Language) -> String {
        use crate::text::language::Language;
        match (language, self) {
            (Language::English, _) => self.to_string(),
            (_, NumberError::Decimal(DecimalError::NotANumber(found))) => {
                format!("`{found}` bukan angka")
            }
            (_, NumberError::Decimal(DecimalError::TooLarge(found))) => {
                format!("`{found}` terlalu besar untuk disimpan tepat")
            }
            (_, NumberError::Decimal(DecimalError::TooPrecise(found))) => {
                format!(
                    "`{found}` memiliki terlalu banyak angka untuk disimpan tepat (paling banyak 28)"
                )
            }
            (
                _,
                NumberError::CommaInPointFile {
                    found,
                    as_decimal,
                    as_thousands,
                },
            ) => format!(
                "`{found}` memuat koma, padahal tanda desimal berkas ini titik: tulis \
                 `{as_thousands}` untuk {as_thousands} atau `{as_decimal}` untuk {as_decimal}"
            ),
            (
                _,
                NumberError::PointInCommaFile {
                    found,
                    as_decimal,
                    as_comma,
                    as_whole,
                },
            ) => format!(
                "`{found}` memuat titik yang bukan pemisah ribuan (kelompok tiga angka), \
                 padahal tanda desimal berkas ini koma: tulis `{as_comma}` untuk {}, atau \
                 `{as_whole}` untuk {as_whole}",
                as_decimal.replace('.', ",")
            ),
            (
                _,
                NumberError::Ambiguous {
                    found,
                    as_decimal,
                    as_decimal_comma,
                    as_thousands,
                },
            ) => format!(
                "`{found}` bisa berarti {as_thousands} (titik sebagai pemisah ribuan) atau {} \
                 (titik desimal): tulis `{as_thousands}` atau `{as_decimal_comma}`",
                as_decimal.replace('.', ",")
            ),
        }
    }
}

/// Reads a number as written in a file whose decimal mark is `mark`, exactly.
///
/// ```
/// use kip_index::{DecimalMark, read_written_number};
/// use rust_decimal::Decimal;
///
/// let comma = |t| read_written_number(t, DecimalMark::Comma);
/// assert_eq!(comma("1.250")?, Decimal::new(1250, 0));
/// assert_eq!(comma("1.250.000,5")?, Decimal::new(12500005, 1));
/// assert_eq!(comma("87,25")?, Decimal::new(8725, 2));
/// assert!(comma("1.25").is_err()); // 1,25 or 125? Never a guess.
///
/// let point = |t| read_written_number(t, DecimalMark::Point);
/// assert_eq!(point("87.25")?, Decimal::new(8725, 2));
/// assert!(point("1,250").is_err());
///
/// let either = |t| read_written_number(t, DecimalMark::Either);
/// assert_eq!(either("87.5")?, Decimal::new(875, 1));
/// assert_eq!(either("87,5")?, Decimal::new(875, 1));
/// assert!(either("1.250").is_err()); // 1250 or 1.25?
/// # Ok::<(), kip_index::NumberError>(())
/// ```
pub fn read_written_number(text: &str, mark: DecimalMark) -> Result<Decimal, NumberError> {
    let text = text.trim();
    let commas = text.matches(',').count();
    let points = text.matches('.').count();
    let mark = match mark {
        DecimalMark::Either if commas > 0 || points > 1 => DecimalMark::Comma,
        DecimalMark::Either => {
            if points == 1 && lone_point_before_three_digits(text) {
                let as_decimal = parse_decimal(text)?;
                let as_thousands = parse_decimal(&text.replace('.', ""))?;
                return Err(NumberError::Ambiguous {
                    found: text.to_owned(),
                    as_decimal: as_decimal.to_string(),
                    as_decimal_comma: text.replace('.', ","),
                    as_thousands: as_thousands.to_string(),
                });
            }
            DecimalMark::Point
        }
        other => other,
    };
    match mark {
        DecimalMark::Point => {
            if commas == 1
                && points == 0
                && let (Ok(as_decimal), Ok(as_thousands)) = (
                    parse_decimal(&text.replace(',', ".")),
                    parse_decimal(&text.replace(',', "")),
                )
            {
                return Err(NumberError::CommaInPointFile {
                    found: text.to_owned(),
                    as_decimal: as_decimal.to_string(),
                    as_thousands: as_thousands.to_string(),
                });
            }
            Ok(parse_decimal(text)?)
        }
        _ => read_comma(text, commas, points),
    }
}

/// `1.250` (one point, three digits after it, nothing else after): the one form whose
/// mark cannot be told from the number.
fn lone_point_before_three_digits(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned.split_once('.') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && whole.len() <= 3
                && whole.bytes().all(|b| b.is_ascii_digit())
                && whole != "0"
                && fraction.len() == 3
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The comma as decimal mark, points grouping thousands in threes.
fn read_comma(text: &str, commas: usize, points: usize) -> Result<Decimal, NumberError> {
    let not_a_number = || NumberError::Decimal(DecimalError::NotANumber(text.to_owned()));
    if commas > 1 {
        return Err(not_a_number());
    }
    let (whole, fraction) = match text.split_once(',') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let mut plain = String::with_capacity(text.len());
    if points > 0 {
        let (sign, digits) = match whole.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", whole),
        };
        let mut groups = digits.split('.');
        let first = groups.next().unwrap_or_default();
        let well_formed = (1..=3).contains(&first.len())
            && first.bytes().all(|b| b.is_ascii_digit())
            && groups
                .clone()
                .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            // The reading a person who meant a decimal point had in mind, when there is
            // one.
            if points == 1
                && fraction.is_none()
                && let Ok(as_decimal) = parse_decimal(text)
            {
                return Err(NumberError::PointInCommaFile {
                    found: text.to_owned(),
                    as_decimal: as_decimal.to_string(),
                    as_comma: text.replace('.', ","),
                    // `0.9` read as a grouping is 9, written `9`.
                    as_whole: parse_decimal(&text.replace('.', ""))
                        .map_or_else(|_| text.replace('.', ""), |d| d.to_string()),
                });
            }
            return Err(not_a_number());
        }
        plain.push_str(sign);
        plain.push_str(first);
        groups.for_each(|g| plain.push_str(g));
    } else {
        plain.push_str(whole);
    }
    if let Some(fraction) = fraction {
        plain.push('.');
        plain.push_str(fraction);
    }
    parse_decimal(&plain).map_err(|e| match e {
        DecimalError::NotANumber(_) => not_a_number(),
        other => NumberError::Decimal(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        parse_decimal(text).unwrap_or_default()
    }

    #[test]
    fn comma_files_group_thousands_with_points() {
        let read = |t| read_written_number(t, DecimalMark::Comma);
        assert_eq!(read("1.250"), Ok(d("1250")));
        assert_eq!(read("1.250.000,5"), Ok(d("1250000.5")));
        assert_eq!(read("-12.345,67"), Ok(d("-12345.67")));
        assert_eq!(read("87,25"), Ok(d("87.25")));
        assert_eq!(read("1250"), Ok(d("1250")));
        assert_eq!(read(" 3 "), Ok(d("3")));
        assert!(matches!(
            read("1.25"),
            Err(NumberError::PointInCommaFile { ref as_decimal, .. }) if as_decimal == "1.25"
        ));
        for bad in [
            "1.2345", "1234.567", ".250", "1..250", "1.250,", "1,2,3", "1.25,5", "x",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn point_files_refuse_commas() {
        let read = |t| read_written_number(t, DecimalMark::Point);
        assert_eq!(read("87.25"), Ok(d("87.25")));
        assert_eq!(read("1.250"), Ok(d("1.25")));
        match read("1,250") {
            Err(NumberError::CommaInPointFile {
                as_decimal,
                as_thousands,
                ..
            }) => {
                assert_eq!(as_decimal, "1.25");
                assert_eq!(as_thousands, "1250");
            }
            other => panic!("{other:?}"),
        }
        assert!(read("1,250.5").is_err());
    }

    #[test]
    fn either_tells_the_mark_from_the_number_or_names_both() {
        let read = |t| read_written_number(t, DecimalMark::Either);
        assert_eq!(read("87.5"), Ok(d("87.5")));
        assert_eq!(read("0.125"), Ok(d("0.125")));
        assert_eq!(read("1234.567"), Ok(d("1234.567")));
        assert_eq!(read("87,5"), Ok(d("87.5")));
        assert_eq!(read("1.250.000"), Ok(d("1250000")));
        assert_eq!(read("3"), Ok(d("3")));
        match read("1.250") {
            Err(NumberError::Ambiguous {
                as_decimal,
                as_thousands,
                ..
            }) => {
                assert_eq!(as_decimal, "1.25");
                assert_eq!(as_thousands, "1250");
            }
            other => panic!("{other:?}"),
        }
    }
}
