//! The fill-in template (`kip template`): the header row a spreadsheet of submissions
//! needs, and as a workbook, a guide sheet with every question and drop-down lists and
//! ranges on the answer cells.

use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook, XlsxError};

use crate::model::instrument::{Evidence, Instrument, Question, QuestionKind};
use crate::text::language::Language;

use super::PublishError;

/// The columns of a sheet (Excel's `XFD`).
const SHEET_COLUMNS: usize = 16_384;

/// The longest drop-down list Excel keeps inline (its items joined by commas); a longer
/// one is written on a list sheet and referred to.
const INLINE_LIST: usize = 255;

/// Rows of a workbook that carry the answer cells' validation.
const ROWS: u32 = 2_000;

/// The header row: the agency's columns, then each question and, where the question
/// takes evidence, its evidence column.
fn header(instrument: &Instrument) -> Vec<String> {
    crate::read::sheet_output::submission_columns(instrument, false)
}

/// The template as CSV: the header row alone, after a byte-order mark (so that Excel
/// reads UTF-8), its cells separated by `separator` (`;` for Excel set to Indonesian).
/// An instrument that needs more columns than a sheet holds (16,384) is refused, as
/// for the workbook: a spreadsheet could not open it.
///
/// ```
/// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
/// let instrument = kip_index::Instrument::from_json(&instrument)?;
/// let csv = kip_index::template_csv(&instrument, b';')?;
/// assert!(csv.starts_with("\u{feff}agency_id;agency_name;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn template_csv(instrument: &Instrument, separator: u8) -> Result<String, PublishError> {
    let header = fitting_header(instrument)?;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .from_writer(Vec::new());
    // Into memory: cannot fail, and an empty template in its place would be silent.
    writer
        .write_record(&header)
        .expect("the header row, into memory");
    let bytes = writer.into_inner().expect("a CSV written into memory");
    Ok(format!("\u{feff}{}", String::from_utf8_lossy(&bytes)))
}

/// The header row, or why no sheet can hold it.
fn fitting_header(instrument: &Instrument) -> Result<Vec<String>, PublishError> {
    let header = header(instrument);
    if header.len() > SHEET_COLUMNS {
        return Err(PublishError::TooManyColumns {
            columns: header.len(),
            max: SHEET_COLUMNS,
        });
    }
    Ok(header)
}

/// The template as a workbook: the answers sheet (the header row, drop-down lists and
/// ranges on the answer cells for the first 2,000 rows, the first columns frozen) and a
/// guide sheet with every question; sheet names and guide in `language`. An instrument
/// that needs more columns than a sheet holds (16,384) is refused.
///
/// ```
/// let instrument = std::fs::read_to_string("examples/monev-2025/instrument.json")?;
/// let instrument = kip_index::Instrument::from_json(&instrument)?;
/// let bytes = kip_index::template_workbook(&instrument, kip_index::Language::Indonesian)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn template_workbook(
    instrument: &Instrument,
    language: Language,
) -> Result<Vec<u8>, PublishError> {
    fitting_header(instrument)?;
    workbook(instrument, language == Language::English)
        .map_err(|e| PublishError::Workbook(e.to_string()))
}

fn workbook(instrument: &Instrument, english: bool) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(if english { "Answers" } else { "Jawaban" })?;
    let header = header(instrument);
    for (col, title) in header.iter().enumerate() {
        let col = column(col);
        sheet.write_string_with_format(0, col, title, &bold)?;
        let width = if title.ends_with(".evidence") || title == "agency_name" {
            30.0
        } else {
            12.0
        };
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    // The time sent, kept as text (Excel would turn `2025-09-30 14:05` into a date with
    // no offset), with a note saying how to write it and the deadline.
    if let (Some(col), Some(deadline)) = (
        header.iter().position(|h| h == "submitted_at"),
        &instrument.deadline,
    ) {
        let col = column(col);
        sheet.set_column_format(col, &Format::new().set_num_format("@"))?;
        sheet.set_column_width(col, 26.0)?;
        let note = if english {
            format!(
                "When the questionnaire was sent, with its offset: 2025-09-30T14:05:00+07:00 (WIB), +08:00 (WITA), +09:00 (WIT).\n\nDeadline: {deadline}"
            )
        } else {
            format!(
                "Waktu kirim kuesioner, dengan zona waktunya: 2025-09-30T14:05:00+07:00 (WIB), +08:00 (WITA), +09:00 (WIT).\n\nBatas waktu: {deadline}"
            )
        };
        sheet.insert_note(0, col, &rust_xlsxwriter::Note::new(note).set_author("kip"))?;
    }
    if !instrument.categories.is_empty() {
        let ids: Vec<&str> = instrument
            .categories
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        if let Some(col) = header.iter().position(|h| h == "category") {
            let list = DataValidation::new().allow_list_strings(&ids)?;
            sheet.add_data_validation(1, column(col), ROWS, column(col), &list)?;
        }
    }
    // Drop-down lists too long to keep inline, for the list sheet: (column there, items).
    let mut long_lists: Vec<Vec<String>> = Vec::new();
    let lists_name = if english { "Lists" } else { "Daftar" };
    for question in instrument.iter_questions() {
        let Some(col) = header.iter().position(|h| *h == question.id) else {
            continue;
        };
        // The header shows the code; its note, the question and how to answer it.
        let note = format!(
            "{}: {}\n\n{}: {}",
            question.id,
            question.text,
            if english { "Answer with" } else { "Isi dengan" },
            answer_with(question, english)
        );
        sheet.insert_note(
            0,
            column(col),
            &rust_xlsxwriter::Note::new(note).set_author("kip"),
        )?;
        let rule = match validation(question, english)? {
            Some(Rule::Inline(rule)) => Some(rule),
            Some(Rule::Long(items)) => {
                let range = format!(
                    "='{lists_name}'!${letter}$1:${letter}${}",
                    items.len(),
                    letter =
                        rust_xlsxwriter::utility::column_number_to_name(column(long_lists.len()))
                );
                long_lists.push(items);
                Some(DataValidation::new().allow_list_formula(rust_xlsxwriter::Formula::new(range)))
            }
            // A checklist's cell has no list to pick from: a guide shows when it is
            // selected, with the item ids (Excel's limit: 255 characters).
            None if matches!(question.kind, QuestionKind::Checklist { .. }) => {
                let guide = cut(&answer_with(question, english), 255);
                let title = if english {
                    "Checklist"
                } else {
                    "Daftar periksa"
                };
                Some(
                    DataValidation::new()
                        .allow_any_value()
                        .set_input_title(title)?
                        .set_input_message(guide)?,
                )
            }
            None => None,
        };
        if let Some(rule) = rule {
            sheet.add_data_validation(1, column(col), ROWS, column(col), &rule)?;
        }
    }
    if !long_lists.is_empty() {
        let lists = book.add_worksheet();
        lists.set_name(lists_name)?;
        for (k, items) in long_lists.iter().enumerate() {
            for (row, item) in items.iter().enumerate() {
                lists.write_string(u32::try_from(row).unwrap_or(u32::MAX), column(k), item)?;
            }
        }
        lists.set_hidden(true);
    }
    let guide = book.add_worksheet();
    guide.set_name(if english { "Questions" } else { "Pertanyaan" })?;
    let titles = if english {
        [
            "question",
            "indicator",
            "text",
            "kind",
            "answer with",
            "N/A",
            "evidence",
            "asked when",
            "for categories",
        ]
    } else {
        [
            "pertanyaan",
            "indikator",
            "teks",
            "jenis",
            "isi dengan",
            "NA",
            "data dukung",
            "ditanyakan bila",
            "untuk kategori",
        ]
    };
    for (col, title) in titles.iter().enumerate() {
        guide.write_string_with_format(0, column(col), *title, &bold)?;
    }
    let mut row = 1;
    for indicator in &instrument.indicators {
        guide_rows(guide, indicator, &mut row, english, &wrap)?;
    }
    for (col, width) in [10.0, 28.0, 60.0, 10.0, 50.0, 6.0, 12.0, 18.0, 18.0]
        .iter()
        .enumerate()
    {
        guide.set_column_width(column(col), *width)?;
    }
    guide.set_freeze_panes(1, 1)?;
    book.save_to_buffer()
}

/// The drop-down list or range of a question's answer cells; none for a checklist or
/// text, nor for a number that may be `NA` (a range cannot take the word).
/// A question's rule: a validation kept in the sheet, or a list too long for that.
enum Rule {
    Inline(DataValidation),
    Long(Vec<String>),
}

/// A drop-down of `items`: inline when Excel keeps it so, else for the list sheet.
fn list(items: Vec<String>) -> Result<Rule, XlsxError> {
    let joined: usize = items.iter().map(|i| i.chars().count() + 1).sum();
    if joined > INLINE_LIST {
        return Ok(Rule::Long(items));
    }
    Ok(Rule::Inline(
        DataValidation::new().allow_list_strings(&items)?,
    ))
}

fn validation(question: &Question, english: bool) -> Result<Option<Rule>, XlsxError> {
    let with_na = |mut list: Vec<String>| {
        if question.allow_na {
            list.push("NA".into());
        }
        list
    };
    let rule = match &question.kind {
        QuestionKind::YesNo => {
            let words = if english {
                ["yes", "no"]
            } else {
                ["ya", "tidak"]
            };
            return list(with_na(words.map(String::from).to_vec())).map(Some);
        }
        QuestionKind::Choice { options } => {
            let ids: Vec<String> = options.iter().map(|o| o.id.clone()).collect();
            return list(with_na(ids)).map(Some);
        }
        _ if question.allow_na => return Ok(None),
        QuestionKind::Scale { min, max } => {
            let (min, max) = (
                i32::try_from(*min).unwrap_or(i32::MIN),
                i32::try_from(*max).unwrap_or(i32::MAX),
            );
            DataValidation::new().allow_whole_number(DataValidationRule::Between(min, max))
        }
        QuestionKind::Rating => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        }
        QuestionKind::Number { min, max, .. } => {
            let bound = |d: Option<rust_decimal::Decimal>, default: f64| {
                d.map_or(default, |d| d.to_string().parse().unwrap_or(default))
            };
            let rule = DataValidationRule::Between(bound(*min, -1e300), bound(*max, 1e300));
            DataValidation::new().allow_decimal_number(rule)
        }
        QuestionKind::Checklist { .. } | QuestionKind::Text => return Ok(None),
    };
    Ok(Some(Rule::Inline(rule)))
}

/// One guide row per question, depth first.
fn guide_rows(
    guide: &mut rust_xlsxwriter::Worksheet,
    indicator: &crate::model::instrument::Indicator,
    row: &mut u32,
    english: bool,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let (questions, subs): (&[Question], &[crate::model::instrument::Indicator]) =
        match &indicator.parts {
            crate::model::instrument::Parts::Questions(q) => (q, &[]),
            crate::model::instrument::Parts::Indicators(i) => (&[], i),
        };
    for question in questions {
        let answer = answer_with(question, english);
        let evidence = match question.evidence {
            Evidence::Required => {
                if english {
                    "required"
                } else {
                    "wajib"
                }
            }
            Evidence::Optional => {
                if english {
                    "optional"
                } else {
                    "boleh"
                }
            }
            Evidence::None => "-",
        };
        let when = question
            .when
            .as_ref()
            .map_or(String::new(), |w| match &w.equals {
                crate::model::instrument::Expected::Bool(b) => format!("{} = {b}", w.question),
                crate::model::instrument::Expected::Option(o) => format!("{} = {o}", w.question),
            });
        let categories = question
            .categories
            .as_ref()
            .map_or(String::new(), |c| c.join(", "));
        let na = if question.allow_na { "NA" } else { "" };
        let cells = [
            question.id.as_str(),
            indicator.name.as_str(),
            question.text.as_str(),
            question.kind.name(),
            answer.as_str(),
            na,
            evidence,
            when.as_str(),
            categories.as_str(),
        ];
        for (col, cell) in cells.iter().enumerate() {
            guide.write_string_with_format(*row, column(col), *cell, wrap)?;
        }
        *row += 1;
    }
    for sub in subs {
        guide_rows(guide, sub, row, english, wrap)?;
    }
    Ok(())
}

/// How a cell of the question is filled in, in words.
fn answer_with(question: &Question, english: bool) -> String {
    match &question.kind {
        QuestionKind::YesNo => if english { "yes / no" } else { "ya / tidak" }.to_owned(),
        QuestionKind::Choice { options } => options
            .iter()
            .map(|o| format!("{} = {} ({})", o.id, o.label, o.score))
            .collect::<Vec<_>>()
            .join("; "),
        QuestionKind::Checklist { items } => {
            let list = items
                .iter()
                .map(|i| format!("{} = {} ({})", i.id, i.label, i.points))
                .collect::<Vec<_>>()
                .join("; ");
            let how = if english {
                "ids or labels separated by ; (- for none)"
            } else {
                "id atau label dipisah ; (- bila tidak ada)"
            };
            format!("{how}: {list}")
        }
        QuestionKind::Number { min, max, .. } => {
            let bound =
                |d: &Option<rust_decimal::Decimal>| d.map_or("…".to_owned(), |d| d.to_string());
            format!("{} – {}", bound(min), bound(max))
        }
        QuestionKind::Scale { min, max } => format!("{min} – {max}"),
        QuestionKind::Rating => "0 – 100".to_owned(),
        QuestionKind::Text => if english {
            "text or a link"
        } else {
            "teks atau tautan"
        }
        .to_owned(),
    }
}

/// At most `limit` UTF-16 units (Excel's measure), cut with `…`.
fn cut(text: &str, limit: usize) -> String {
    if text.encode_utf16().count() <= limit {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.encode_utf16().count() + c.len_utf16() + 1 > limit {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn column(k: usize) -> u16 {
    u16::try_from(k).unwrap_or(u16::MAX)
}
