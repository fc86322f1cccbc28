//! `--format xlsx`: a summary sheet, one sheet per category that has bodies (ranks,
//! finals, qualifications, stages and top-level indicators), then the bodies not assessed
//! (*Tidak Dinilai*) and the rejected submissions; headings and sheet names are names, in
//! the chosen language, and numbers are stored as numbers shown with the instrument's
//! decimals.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::batch::results::Results;
use crate::insight::annex::Annex;
use crate::model::instrument::Instrument;
use crate::score::card::{Score, Scorecard};
use crate::text::language::Language;

use super::PublishError;
use super::letterhead::Letterhead;
use super::report::{category_groups, in_group};
use super::words::Words;

/// The formats of a workbook's cells.
struct Looks {
    number: Format,
    /// A stage with no score that counts 0: the number 0, shown `0.00*`.
    zero: Format,
    bold: Format,
}

/// The results as a workbook (`kip score -o hasil.xlsx`): the summary, a sheet per
/// category with bodies (ranks, finals, qualifications, stages, top-level indicators),
/// *Tidak Dinilai*, the rejected submissions and the annex (*Lampiran*, under the
/// commission's heading) — headings and sheet names in `language`, numbers stored as
/// numbers shown with the instrument's decimals, a stage counted 0 shown `0,00*`.
///
/// ```
/// use kip_index::{Annex, AnnexRanks, BatchTexts, Language, Letterhead, NamedText};
///
/// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
/// let kabkota =
///     std::fs::read_to_string("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let mut texts = BatchTexts::new(NamedText::new("instrument", &instrument));
/// texts.submissions.push(NamedText::new("submissions", &kabkota));
/// texts.without_stage_scores = true;
/// let plan = kip_index::plan_of(texts.instrument)?;
/// let results = texts.score()?;
/// let annex = Annex::of(plan.instrument(), &results, AnnexRanks::All);
/// let bytes = kip_index::results_workbook(
///     &results,
///     plan.instrument(),
///     Language::Indonesian,
///     &annex,
///     &Letterhead::default(),
/// )?;
/// assert!(bytes.starts_with(b"PK")); // a workbook is a zip archive
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn results_workbook(
    results: &Results,
    instrument: &Instrument,
    language: Language,
    published: &Annex,
    letterhead: &Letterhead,
) -> Result<Vec<u8>, PublishError> {
    workbook(
        results,
        instrument,
        Words::of(language),
        published,
        letterhead,
    )
    .map_err(|e| PublishError::Workbook(e.to_string()))
}

fn workbook(
    results: &Results,
    instrument: &Instrument,
    words: &Words,
    published: &Annex,
    letterhead: &Letterhead,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let places = "0".repeat(usize::try_from(instrument.decimals).unwrap_or(2));
    let pattern = if places.is_empty() {
        "0".to_owned()
    } else {
        format!("0.{places}")
    };
    let looks = Looks {
        number: Format::new().set_num_format(&pattern),
        zero: Format::new().set_num_format(format!("{pattern}\"{}\"", words.zero_mark)),
        bold: Format::new().set_bold(),
    };
    let mut names = SheetNames::default();
    let sheet = book.add_worksheet();
    sheet.set_name(names.unique(words.summary))?;
    summary(sheet, results, instrument, words, &looks)?;
    for category in &category_groups(instrument) {
        let cards: Vec<&Scorecard> = (results.results.iter())
            .filter(|c| in_group(instrument, category, c.agency.category.as_deref()))
            .collect();
        if cards.is_empty() {
            continue;
        }
        let sheet = book.add_worksheet();
        sheet.set_name(names.unique(&category.name))?;
        ranking(sheet, &cards, instrument, words, &looks)?;
    }
    if !published.categories.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(names.unique(words.annex))?;
        annex(sheet, published, letterhead, words, &looks)?;
    }
    if !results.not_assessed.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(names.unique(words.not_assessed))?;
        not_assessed(sheet, results, instrument, words, &looks)?;
    }
    if !results.rejected.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(names.unique(words.rejected_submissions))?;
        rejected(sheet, results, words, &looks)?;
    }
    if let Some(amendment) = &results.amendment {
        let sheet = book.add_worksheet();
        sheet.set_name(names.unique(words.changes_sheet))?;
        changes(sheet, results, amendment, words, &looks)?;
    }
    book.save_to_buffer()
}

/// The amendment's changes, before and after (the report's Lampiran Perubahan), under a
/// line saying what it amends and why.
fn changes(
    sheet: &mut Worksheet,
    results: &Results,
    amendment: &crate::batch::decree::Amendment,
    words: &Words,
    looks: &Looks,
) -> Result<(), XlsxError> {
    let side = |when: &str| {
        [words.final_score, words.qualification, words.rank_overall]
            .map(|t| format!("{t} ({})", when.to_lowercase()))
    };
    let mut titles = vec![words.agency_id.to_owned(), words.agency_name.to_owned()];
    titles.extend(side(words.before));
    titles.extend(side(words.after));
    header(sheet, &titles, &looks.bold)?;
    for (k, change) in amendment.changes.iter().enumerate() {
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        text(sheet, row, 0, &change.agency)?;
        text(sheet, row, 1, &change.name)?;
        for (s, standing) in [&change.before, &change.after].into_iter().enumerate() {
            let base = 2 + 3 * s;
            if let Some(standing) = standing {
                sheet.write_number_with_format(
                    row,
                    column(base),
                    decimal(standing.final_score),
                    &looks.number,
                )?;
                let [_, qualification, _] =
                    crate::publish::changes::cells(Some(standing), results, words);
                text(sheet, row, column(base + 1), &qualification)?;
                if let Some(rank) = standing.rank {
                    sheet.write_number(row, column(base + 2), rank as f64)?;
                }
            }
        }
    }
    let below = u32::try_from(amendment.changes.len() + 2).unwrap_or(u32::MAX);
    text(
        sheet,
        below,
        0,
        &crate::publish::changes::heading(amendment, words),
    )?;
    sheet.autofit();
    Ok(())
}

/// A bold header row.
pub(crate) fn header(
    sheet: &mut Worksheet,
    titles: &[impl AsRef<str>],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (col, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, column(col), title.as_ref(), bold)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// One category's bodies in rank order.
fn ranking(
    sheet: &mut Worksheet,
    cards: &[&Scorecard],
    instrument: &Instrument,
    words: &Words,
    looks: &Looks,
) -> Result<(), XlsxError> {
    let fixed = [
        words.rank_overall,
        words.rank_category,
        words.rank_region,
        words.rank_qualification,
        words.agency_id,
        words.agency_name,
        words.region,
        words.final_score,
        words.qualification,
    ];
    let stages = instrument.stages.iter().map(|s| s.name.as_str());
    // A column a gated stage: *lolos* / *tidak lolos*, the gate's rule in the legend.
    let gated: Vec<&crate::model::instrument::Stage> = (instrument.stages.iter())
        .filter(|s| s.requires.is_some())
        .collect();
    let gate_titles: Vec<String> = gated
        .iter()
        .map(|s| format!("{} {}", words.gate_column, s.name))
        .collect();
    // Then a column a part of a stage scored in parts: each body's mean over its judges.
    let parts: Vec<(&str, &crate::model::instrument::StagePart)> = (instrument.stages.iter())
        .flat_map(|s| s.parts.iter().map(move |p| (s.id.as_str(), p)))
        .collect();
    let part_titles: Vec<String> = (instrument.stages.iter())
        .flat_map(|s| {
            s.parts
                .iter()
                .map(move |p| format!("{}: {} ({} {})", s.name, p.label(), words.part_most, p.max))
        })
        .collect();
    let titles = titles(
        &fixed,
        stages
            .chain(instrument.indicators.iter().map(|i| i.name.as_str()))
            .chain(gate_titles.iter().map(String::as_str))
            .chain(part_titles.iter().map(String::as_str)),
    );
    header(sheet, &titles, &looks.bold)?;
    for (k, card) in cards.iter().enumerate() {
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        let rank = card.rank;
        let ranks = [
            rank.map(|r| r.overall),
            rank.and_then(|r| r.category),
            rank.and_then(|r| r.region),
            rank.map(|r| r.qualification),
        ];
        for (col, r) in ranks.iter().enumerate() {
            if let Some(r) = r {
                sheet.write_number(row, column(col), *r as f64)?;
            }
        }
        text(sheet, row, 4, &card.agency.id)?;
        text(sheet, row, 5, &card.agency.name)?;
        text(sheet, row, 6, card.agency.region.as_deref().unwrap_or(""))?;
        write_score(sheet, row, 7, Some(card.final_score), &looks.number)?;
        text(
            sheet,
            row,
            8,
            qualification_name(instrument, &card.qualification),
        )?;
        let mut col = 9;
        for stage in &instrument.stages {
            if card.stage_counted_as_zero(&stage.id) {
                sheet.write_number_with_format(row, col, 0.0, &looks.zero)?;
            } else {
                write_score(sheet, row, col, card.stage(&stage.id), &looks.number)?;
            }
            col += 1;
        }
        for indicator in &instrument.indicators {
            write_score(
                sheet,
                row,
                col,
                card.indicator(&indicator.id),
                &looks.number,
            )?;
            col += 1;
        }
        for stage in &gated {
            let passed = (card.stages.iter())
                .find(|s| *s.id == *stage.id)
                .and_then(|s| s.passed);
            if let Some(passed) = passed {
                text(
                    sheet,
                    row,
                    col,
                    if passed {
                        words.passed
                    } else {
                        words.not_passed
                    },
                )?;
            }
            col += 1;
        }
        for (stage, part) in &parts {
            let score = (card.stage_parts.iter())
                .find(|p| *p.stage == **stage)
                .and_then(|p| p.parts.iter().find(|(id, _)| **id == *part.id))
                .map(|(_, score)| *score);
            write_score(sheet, row, col, score, &looks.number)?;
            col += 1;
        }
    }
    sheet.autofit();
    // The legend of the marks used, below the ranking (after autofit: it is a note, not
    // a column's width).
    let zero = cards
        .iter()
        .any(|c| c.stages.iter().any(|s| s.counted_as_zero));
    let mut row = u32::try_from(cards.len() + 2).unwrap_or(u32::MAX);
    if zero {
        sheet.write_string(row, 0, words.zero_legend)?;
        row = row.saturating_add(1);
    }
    for stage in &gated {
        if let Some(gate) = &stage.requires {
            let rule = gate.rule(instrument, words.language());
            let legend = format!(
                "{} {}: {} {rule}",
                words.gate_column, stage.name, words.gate_legend[1]
            );
            sheet.write_string(row, 0, legend)?;
            row = row.saturating_add(1);
        }
    }
    Ok(())
}

/// The annex (*Lampiran*): each category's title, then its list as a decree publishes
/// it — rank, body, id, final, qualification, and why a body has no score.
fn annex(
    sheet: &mut Worksheet,
    published: &Annex,
    letterhead: &Letterhead,
    words: &Words,
    looks: &Looks,
) -> Result<(), XlsxError> {
    let titles = [
        words.rank,
        words.agency_name,
        words.agency_id,
        words.final_score,
        words.qualification,
        words.status,
    ];
    let mut row = 0u32;
    // The commission's heading above the lists, as on the decree's annex.
    let heading = [
        letterhead.commission.clone(),
        (letterhead.year.as_ref()).map(|y| format!("{} {y}", words.monev)),
        (letterhead.decree.as_ref()).map(|d| format!("{} {d}", words.decree)),
    ];
    let lines: Vec<&String> = heading.iter().flatten().collect();
    if !lines.is_empty() {
        row = u32::try_from(lines.len() + 1).unwrap_or(u32::MAX);
    }
    for category in &published.categories {
        sheet.write_string_with_format(row, 0, &category.name, &looks.bold)?;
        row += 1;
        for (col, title) in titles.iter().enumerate() {
            sheet.write_string_with_format(row, column(col), *title, &looks.bold)?;
        }
        row += 1;
        for entry in &category.entries {
            if let Some(rank) = entry.rank {
                sheet.write_number(row, 0, rank as f64)?;
            }
            text(sheet, row, 1, &entry.agency.name)?;
            text(sheet, row, 2, &entry.agency.id)?;
            write_score(sheet, row, 3, entry.final_score, &looks.number)?;
            text(sheet, row, 4, entry.qualification.as_deref().unwrap_or(""))?;
            let note = words.unscored(entry.unscored.as_ref());
            text(sheet, row, 5, &note)?;
            row += 1;
        }
        row += 1;
    }
    sheet.autofit();
    // Written after the widths are fitted: a heading is a title, not a column's width.
    for (k, line) in lines.iter().enumerate() {
        let at = u32::try_from(k).unwrap_or(u32::MAX);
        sheet.write_string_with_format(at, 0, line.as_str(), &looks.bold)?;
    }
    Ok(())
}

fn qualification_name<'i>(instrument: &'i Instrument, id: &'i str) -> &'i str {
    (instrument.qualifications.iter())
        .find(|q| q.id == id)
        .map_or(id, |q| q.name.as_str())
}

fn category_name<'i>(instrument: &'i Instrument, id: &'i str) -> &'i str {
    instrument.category(id).map_or(id, |c| c.name.as_str())
}

/// The roster's bodies with no valid submission (*Tidak Dinilai*).
fn not_assessed(
    sheet: &mut Worksheet,
    results: &Results,
    instrument: &Instrument,
    words: &Words,
    looks: &Looks,
) -> Result<(), XlsxError> {
    let titles = [
        words.agency_id,
        words.agency_name,
        words.category,
        words.region,
        words.reasons,
    ];
    header(sheet, &titles, &looks.bold)?;
    for (k, body) in results.not_assessed.iter().enumerate() {
        let agency = &body.agency;
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        text(sheet, row, 0, &agency.id)?;
        text(sheet, row, 1, &agency.name)?;
        let category = agency.category.as_deref().unwrap_or("");
        text(sheet, row, 2, category_name(instrument, category))?;
        text(sheet, row, 3, agency.region.as_deref().unwrap_or(""))?;
        text(
            sheet,
            row,
            4,
            &words.not_assessed_why(body, results.deadline.as_ref()),
        )?;
    }
    sheet.autofit();
    Ok(())
}

/// Every rejected submission with its reasons.
fn rejected(
    sheet: &mut Worksheet,
    results: &Results,
    words: &Words,
    looks: &Looks,
) -> Result<(), XlsxError> {
    let titles = [words.source, words.agency_id, words.reasons];
    header(sheet, &titles, &looks.bold)?;
    for (k, rejected) in results.rejected.iter().enumerate() {
        let row = u32::try_from(k + 1).unwrap_or(u32::MAX);
        let reasons: Vec<String> = (rejected.errors.iter())
            .map(|p| {
                format!("{} {}", p.path, p.message_in(words.language()))
                    .trim_start()
                    .to_owned()
            })
            .collect();
        text(sheet, row, 0, &rejected.source.to_string())?;
        text(sheet, row, 1, rejected.agency.as_deref().unwrap_or(""))?;
        text(sheet, row, 2, &reasons.join("; "))?;
    }
    sheet.autofit();
    Ok(())
}

fn summary(
    sheet: &mut Worksheet,
    results: &Results,
    instrument: &Instrument,
    words: &Words,
    looks: &Looks,
) -> Result<(), XlsxError> {
    let fixed = [
        words.category,
        words.due,
        words.scored,
        words.rejected,
        words.not_assessed,
        words.mean,
        words.median,
        words.min,
        words.max,
    ];
    // Bodies off the roster, after the qualifications: due + off = scored + rejected +
    // not assessed.
    let off_column = 9 + instrument.qualifications.len();
    // With a deadline, the late among the not assessed, last.
    let late_column = off_column + 1;
    let late_title = results.deadline.is_some().then_some(words.late);
    let titles = titles(
        &fixed,
        (instrument.qualifications.iter().map(|q| q.name.as_str()))
            .chain(std::iter::once(words.not_on_roster))
            .chain(late_title),
    );
    header(sheet, &titles, &looks.bold)?;
    let number = &looks.number;
    let mut row = 1;
    if let Some(summary) = &results.summary {
        for (id, group) in &summary.categories {
            text(sheet, row, 0, category_name(instrument, id))?;
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
            if let Some(off) = group.not_on_roster {
                sheet.write_number(row, column(off_column), off as f64)?;
            }
            if let Some(late) = group.late {
                sheet.write_number(row, column(late_column), late as f64)?;
            }
            row += 1;
        }
    }
    if let Some(rollup) = &results.rollup {
        row += 1;
        sheet.write_string_with_format(row, 0, &rollup.name, &looks.bold)?;
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
    // A decimal's text is always a float's text: never 0 in place of a score.
    (value.to_string().parse()).expect("a decimal's text reads as a float")
}

fn column(k: usize) -> u16 {
    u16::try_from(k).unwrap_or(u16::MAX)
}

/// The most characters a cell holds in Excel.
const MAX_CELL: usize = 32_767;

/// A text cell, always as text; a text too long for a cell is cut with a visible note
/// of how long it was, rather than failing the whole workbook.
pub(crate) fn text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
) -> Result<(), XlsxError> {
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

/// A sheet's column titles: the fixed ones, then those the instrument names.
fn titles<'a>(fixed: &[&'a str], named: impl Iterator<Item = &'a str>) -> Vec<String> {
    fixed
        .iter()
        .copied()
        .chain(named)
        .map(str::to_owned)
        .collect()
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
