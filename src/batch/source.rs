//! Where a submission came from ([`Source`]): a file, and the record's line or JSON
//! pointer, as every rejection, late submission and warning names it.

use serde::Serialize;

/// Where a submission came from: its file, and the record's line (JSON Lines, a CSV or
/// workbook row) or JSON pointer (an element of an array) — written `file:12`,
/// `file#/3` or `file` (its `Display`, and the results JSON's `source`).
///
/// ```
/// use kip_index::Source;
/// assert_eq!(Source::line("batch.jsonl", 12).to_string(), "batch.jsonl:12");
/// assert_eq!(Source::at("batch.json", "/3").to_string(), "batch.json#/3");
/// assert_eq!(Source::from("one.json").to_string(), "one.json");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Source {
    /// The file's name, as given.
    pub file: String,
    /// The record's line (or row), for JSON Lines, CSV and workbooks.
    pub record: Option<usize>,
    /// The record's JSON pointer in its file (`/3`), for an element of an array.
    pub pointer: Option<String>,
}

impl Source {
    /// A whole file (a lone JSON object, or a file that could not be read).
    pub fn file(file: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            record: None,
            pointer: None,
        }
    }

    /// A record at `line` (or row) of `file`.
    pub fn line(file: impl Into<String>, line: usize) -> Source {
        Source {
            record: Some(line),
            ..Source::file(file)
        }
    }

    /// The element at `pointer` (`/3`) of `file`.
    pub fn at(file: impl Into<String>, pointer: impl Into<String>) -> Source {
        Source {
            pointer: Some(pointer.into()),
            ..Source::file(file)
        }
    }

    /// The order rejections are listed in: by file, then line, then element (`/9`
    /// before `/10`), whatever order the files were read in.
    pub(crate) fn order(&self) -> (&str, usize, u64, &str) {
        let pointer = self.pointer.as_deref().unwrap_or_default();
        let element = pointer
            .strip_prefix('/')
            .and_then(|p| p.split('/').next())
            .and_then(|k| k.parse::<u64>().ok())
            .unwrap_or(0);
        (&self.file, self.record.unwrap_or(0), element, pointer)
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.record {
            write!(f, ":{line}")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, "#{pointer}")?;
        }
        Ok(())
    }
}

impl From<&str> for Source {
    fn from(file: &str) -> Source {
        Source::file(file)
    }
}

impl From<String> for Source {
    fn from(file: String) -> Source {
        Source::file(file)
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
