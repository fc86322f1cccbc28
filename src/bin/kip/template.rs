//! `kip template`: a fill-in sheet made from an instrument — the header row a
//! spreadsheet of submissions needs, and in a workbook, a guide sheet with every question
//! and drop-down lists and ranges on the answer cells.

use std::path::PathBuf;

use crate::args::{CsvLocale, OutputFormat};
use crate::lang;
use std::path::Path;
use std::process::ExitCode;

use kip_index::{Evidence, Instrument, Question, QuestionKind};
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook, XlsxError};

use crate::lang::Lang;

/// The arguments of `kip template`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The instrument JSON file.
    pub(crate) instrument: PathBuf,
    /// The file to write; `.csv` writes the header row alone.
    #[arg(long, short)]
    pub(crate) output: PathBuf,
    /// The template's form; without it, the output's extension decides.
    #[arg(long, value_enum)]
    pub(crate) format: Option<TemplateFormat>,
    /// With a `.csv` output: `id` separates cells with `;` (Excel set to Indonesian).
    #[arg(long, value_enum, default_value_t = CsvLocale::Intl)]
    pub(crate) csv_locale: CsvLocale,
    /// The language of the workbook's sheet names, lists and guide.
    #[arg(long, value_enum, default_value_t = lang::Lang::Id)]
    pub(crate) lang: lang::Lang,
}

/// The form of a fill-in template.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TemplateFormat {
    /// A workbook with drop-down lists, ranges and a guide sheet.
    Xlsx,
    /// The header row alone, as CSV.
    Csv,
}

/// `kip template`: the form from `--format` or the output's extension.
pub(crate) fn command(args: &Args) -> Result<ExitCode, String> {
    let csv = match args.format {
        Some(format) => format == TemplateFormat::Csv,
        None => matches!(
            OutputFormat::from_extension(&args.output),
            Some(OutputFormat::Csv)
        ),
    };
    let form = match csv {
        true => Form::Csv {
            separator: match args.csv_locale {
                CsvLocale::Intl => b',',
                CsvLocale::Id => b';',
            },
        },
        false => Form::Xlsx,
    };
    run(&args.instrument, &args.output, form, args.lang)
}

/// The columns of a sheet (Excel's `XFD`).
const SHEET_COLUMNS: usize = 16_384;

/// The longest drop-down list Excel keeps inline (its items joined by commas); a longer
/// one is written on a list sheet and referred to.
const INLINE_LIST: usize = 255;

/// Rows of a workbook that carry the answer cells' validation.
const ROWS: u32 = 2_000;

/// The template's form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Xlsx,
    Csv { separator: u8 },
}

pub(crate) fn run(
    instrument_path: &Path,
    output: &Path,
    form: Form,
    lang: Lang,
) -> Result<ExitCode, String> {
    let text = crate::files::read_text(instrument_path)?.map_err(|p| {
        crate::terminal::problems(
            ("tidak dapat membuat templat", "cannot make a template"),
            &kip_index::Report::from(p),
        )
    })?;
    let name = instrument_path.display().to_string();
    let instrument = Instrument::from_json(&text).map_err(|r| {
        crate::terminal::problems(
            ("tidak dapat membuat templat", "cannot make a template"),
            &r.in_file(&name),
        )
    })?;
    crate::output::check_not_an_input(output, &[instrument_path])?;
    // A sheet has 16,384 columns: an instrument that needs more cannot be one.
    let width = header(&instrument).len();
    if width > SHEET_COLUMNS {
        return Err(match crate::terminal::language() {
            kip_index::Language::English => format!(
                "cannot make a template: the instrument needs {width} columns (agency, \
                 questions and their evidence), more than the {SHEET_COLUMNS} a sheet holds"
            ),
            _ => format!(
                "tidak dapat membuat templat: instrumen memerlukan {width} kolom (badan \
                 publik, pertanyaan dan data dukungnya), lebih dari {SHEET_COLUMNS} kolom \
                 sebuah lembar"
            ),
        });
    }
    let bytes = match form {
        Form::Xlsx => {
            workbook(&instrument, lang).map_err(|e| format!("cannot make the workbook: {e}"))?
        }
        Form::Csv { separator } => csv(&instrument, separator).into_bytes(),
    };
    crate::output::write_file(output, |out| out.write_all(&bytes))?;
    let count = instrument.iter_questions().count();
    match crate::terminal::language() {
        kip_index::Language::English => crate::terminal::say(format_args!(
            "kip: wrote {} ({count} questions)",
            output.display()
        )),
        _ => crate::terminal::say(format_args!(
            "kip: {} ditulis ({count} pertanyaan)",
            output.display()
        )),
    }
    Ok(ExitCode::SUCCESS)
}

/// The header row: the agency's columns, then each question and, where the question
/// takes evidence, its evidence column.
pub(crate) fn header(instrument: &Instrument) -> Vec<String> {
    kip_index::submission_columns(instrument, false)
}

fn csv(instrument: &Instrument, separator: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .from_writer(Vec::new());
    let _ = writer.write_record(header(instrument));
    let bytes = writer.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

fn workbook(instrument: &Instrument, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let english = lang == Lang::En;
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
            let bound = |d: Option<kip_index::Decimal>, default: f64| {
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
    indicator: &kip_index::Indicator,
    row: &mut u32,
    english: bool,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let (questions, subs): (&[Question], &[kip_index::Indicator]) = match &indicator.parts {
        kip_index::Parts::Questions(q) => (q, &[]),
        kip_index::Parts::Indicators(i) => (&[], i),
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
                kip_index::Expected::Bool(b) => format!("{} = {b}", w.question),
                kip_index::Expected::Option(o) => format!("{} = {o}", w.question),
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
                |d: &Option<kip_index::Decimal>| d.map_or("…".to_owned(), |d| d.to_string());
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
