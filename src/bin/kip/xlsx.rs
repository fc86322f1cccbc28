//! `--format xlsx`: one sheet per category (ranks, finals, qualifications, stages and
//! top-level indicators) and a summary sheet, numbers stored as numbers shown with the
//! instrument's decimals.

use kip_index::{Instrument, Results, Score};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

pub(crate) fn workbook(results: &Results, instrument: &Instrument) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let places = "0".repeat(usize::try_from(instrument.decimals).unwrap_or(2));
    let pattern = if places.is_empty() {
        "0".to_owned()
    } else {
        format!("0.{places}")
    };
    let number = Format::new().set_num_format(&pattern);
    let bold = Format::new().set_bold();
    let mut names = SheetNames::default();
    let sheet = book.add_worksheet();
    sheet.set_name(names.unique("summary"))?;
    summary(sheet, results, instrument, &number, &bold)?;
    for category in &crate::category_groups(instrument) {
        let sheet = book.add_worksheet();
        sheet.set_name(names.unique(&category.id))?;
        let mut header: Vec<String> = [
            "rank_overall",
            "rank_category",
            "rank_region",
            "agency_id",
            "agency_name",
            "region",
            "final",
            "qualification",
        ]
        .map(str::to_owned)
        .to_vec();
        header.extend(instrument.stages.iter().map(|s| format!("stage:{}", s.id)));
        header.extend(
            instrument
                .indicators
                .iter()
                .map(|i| format!("indicator:{}", i.id)),
        );
        for (col, title) in header.iter().enumerate() {
            sheet.write_string_with_format(0, column(col), title, &bold)?;
        }
        let cards = results
            .results
            .iter()
            .filter(|c| crate::in_group(instrument, category, c.agency.category.as_deref()));
        for (k, card) in cards.enumerate() {
            let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
            let rank = card.rank;
            let ranks = [
                rank.map(|r| r.overall),
                rank.and_then(|r| r.category),
                rank.and_then(|r| r.region),
            ];
            for (col, r) in ranks.iter().enumerate() {
                if let Some(r) = r {
                    sheet.write_number(row, column(col), *r as f64)?;
                }
            }
            text(sheet, row, 3, &card.agency.id)?;
            text(sheet, row, 4, &card.agency.name)?;
            text(sheet, row, 5, card.agency.region.as_deref().unwrap_or(""))?;
            write_score(sheet, row, 6, Some(card.final_score), &number)?;
            text(sheet, row, 7, &card.qualification)?;
            let mut col = 8;
            for stage in &instrument.stages {
                write_score(sheet, row, col, card.stage(&stage.id), &number)?;
                col += 1;
            }
            for indicator in &instrument.indicators {
                write_score(sheet, row, col, card.indicator(&indicator.id), &number)?;
                col += 1;
            }
        }
        sheet.autofit();
    }
    book.save_to_buffer()
}

fn summary(
    sheet: &mut Worksheet,
    results: &Results,
    instrument: &Instrument,
    number: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    let mut header: Vec<String> = [
        "category",
        "due",
        "scored",
        "rejected",
        "not_assessed",
        "mean",
        "median",
        "min",
        "max",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(instrument.qualifications.iter().map(|q| q.id.clone()));
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, column(col), title, bold)?;
    }
    let mut row = 1;
    if let Some(summary) = &results.summary {
        for (id, group) in &summary.categories {
            text(sheet, row, 0, id)?;
            if let Some(due) = group.due {
                sheet.write_number(row, 1, due as f64)?;
            }
            sheet.write_number(row, 2, group.scored as f64)?;
            sheet.write_number(row, 3, group.rejected as f64)?;
            sheet.write_number(row, 4, group.not_assessed as f64)?;
            if let Some(s) = group.statistics {
                for (col, value) in [s.mean, s.median, s.min, s.max].iter().enumerate() {
                    sheet.write_number_with_format(
                        row,
                        column(5 + col),
                        decimal(*value),
                        number,
                    )?;
                }
            }
            for (k, (_, count)) in group.qualifications.iter().enumerate() {
                sheet.write_number(row, column(9 + k), count.count as f64)?;
            }
            row += 1;
        }
    }
    if let Some(rollup) = &results.rollup {
        row += 1;
        sheet.write_string_with_format(row, 0, &rollup.name, bold)?;
        write_score(sheet, row, 1, rollup.score, number)?;
    }
    sheet.autofit();
    Ok(())
}

fn write_score(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    score: Option<Score>,
    number: &Format,
) -> Result<(), XlsxError> {
    if let Some(score) = score {
        sheet.write_number_with_format(row, col, decimal(score.rounded()), number)?;
    }
    Ok(())
}

/// A published (rounded) score as the number a spreadsheet stores: the nearest double to
/// the exact decimal, which every spreadsheet shows back as written.
fn decimal(value: rust_decimal::Decimal) -> f64 {
    value.to_string().parse().unwrap_or(0.0)
}

fn column(k: usize) -> u16 {
    u16::try_from(k).unwrap_or(u16::MAX)
}

/// The most characters a cell holds in Excel.
const MAX_CELL: usize = 32_767;

/// A text cell, always as text; a text too long for a cell is cut with a visible note
/// of how long it was, rather than failing the whole workbook.
fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str) -> Result<(), XlsxError> {
    let length = value.chars().count();
    if length <= MAX_CELL {
        sheet.write_string(row, col, value)?;
        return Ok(());
    }
    let note = format!("… [cut: {length} characters]");
    let kept: String = value
        .chars()
        .take(MAX_CELL - note.chars().count())
        .collect();
    sheet.write_string(row, col, format!("{kept}{note}"))?;
    Ok(())
}

/// Sheet names Excel accepts and keeps apart: at most 31 characters, none of
/// `[]:*?/\`, no leading or trailing `'`, not empty, and unique without regard to case
/// (`pemkot` and `PEMKOT`, or two ids alike in their first 31 characters, get ` (2)`).
#[derive(Default)]
struct SheetNames {
    used: std::collections::BTreeSet<String>,
}

impl SheetNames {
    fn unique(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| {
                if "[]:*?/\\".contains(c) || c.is_control() {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let clean = clean.trim_matches('\'');
        let clean = if clean.is_empty() { "sheet" } else { clean };
        for n in 1usize.. {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            let room = 31 - suffix.chars().count();
            let name: String = clean.chars().take(room).collect::<String>() + &suffix;
            if self.used.insert(name.to_lowercase()) {
                return name;
            }
        }
        String::from("sheet")
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_CELL, SheetNames, text};

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        assert_eq!(names.unique("summary"), "summary");
        assert_eq!(names.unique("Summary"), "Summary (2)");
        assert_eq!(names.unique("a/b:c"), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(names.unique(&long), "x".repeat(31));
        assert_eq!(names.unique(&long), format!("{} (2)", "x".repeat(27)));
        assert_eq!(names.unique("''"), "sheet");
    }

    #[test]
    fn a_text_too_long_for_a_cell_is_cut_with_a_note() {
        let mut sheet = rust_xlsxwriter::Worksheet::new();
        let long = "é".repeat(MAX_CELL + 10);
        assert!(text(&mut sheet, 1, 1, &long).is_ok());
        assert!(
            sheet.write_string(1, 2, &long).is_err(),
            "Excel's limit holds"
        );
    }
}
