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
    summary(book.add_worksheet(), results, instrument, &number, &bold)?;
    for category in &crate::category_groups(instrument) {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&category.id))?;
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
            sheet.write_string(row, 3, &card.agency.id)?;
            sheet.write_string(row, 4, &card.agency.name)?;
            sheet.write_string(row, 5, card.agency.region.as_deref().unwrap_or(""))?;
            write_score(sheet, row, 6, Some(card.final_score), &number)?;
            sheet.write_string(row, 7, &card.qualification)?;
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
    sheet.set_name("summary")?;
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
            sheet.write_string(row, 0, id)?;
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

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(id: &str) -> String {
    id.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}
