//! Publications for people, made from results: the HTML report with its annex
//! (*Lampiran*), the results workbook, the report cards (*rapor*) as pages, and the
//! fill-in template — in Indonesian by default, or English. The command line writes them
//! to files and the browser build offers them as downloads: the same code, so that the
//! two never differ. Behind the `publish` feature (rust_xlsxwriter, base64).
//!
//! Nothing here reads a clock or a file: the date a report was made and the inputs'
//! digests are given by the caller.

pub(crate) mod card_page;
pub(crate) mod changes;
pub(crate) mod html;
pub(crate) mod letterhead;
pub(crate) mod progress;
pub(crate) mod report;
pub(crate) mod template;
pub(crate) mod words;
pub(crate) mod workbook;

/// Why a publication could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PublishError {
    /// The instrument needs more columns than a sheet holds.
    #[error(
        "the instrument needs {columns} columns (agency, questions and their evidence), \
         more than the {max} a sheet holds"
    )]
    #[non_exhaustive]
    TooManyColumns {
        /// The columns the template would need.
        columns: usize,
        /// The columns a sheet holds (16,384).
        max: usize,
    },
    /// The workbook writer failed (a limit of the format: a sheet name, a cell's length).
    #[error("cannot make the workbook: {0}")]
    Workbook(String),
}

impl PublishError {
    /// The sentence in `language` (Indonesian by default).
    pub fn message_in(&self, language: crate::text::language::Language) -> String {
        match (self, language) {
            (_, crate::text::language::Language::English) => self.to_string(),
            (PublishError::TooManyColumns { columns, max }, _) => format!(
                "instrumen memerlukan {columns} kolom (badan publik, pertanyaan dan data \
                 dukungnya), lebih dari {max} kolom sebuah lembar"
            ),
            (PublishError::Workbook(why), _) => format!("tidak dapat membuat buku kerja: {why}"),
        }
    }
}
