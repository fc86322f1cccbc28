//! A JSON Lines file added to a batch in pieces, so that a file larger than memory is
//! read with two pieces held at a time — the command line's and the browser's one way.

use crate::batch::collect::Batch;
use crate::text::problem::Report;

/// A JSON Lines file (`.jsonl`) added to a [`Batch`] a piece at a time: each piece whole
/// lines, in the file's order (every piece but the last ends with its newline). It keeps
/// the line and byte each piece starts at, so places (`batch.jsonl:14`) are the file's
/// whatever the pieces; a file that is not text (UTF-16, UTF-32, a workbook, told from
/// its first piece) is one rejection, its later pieces not read as lines; a file that
/// held no line at all is a rejection too, when [`finished`](JsonLinesFile::finish).
///
/// ```
/// use kip_index::{Batch, Instrument, JsonLinesFile, Plan};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let bytes = std::fs::read("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let mut batch = Batch::new(&plan);
/// let mut file = JsonLinesFile::new(&batch, "banten-kabkota.jsonl");
/// // Pieces of whole lines, as a reader of a large file would hand them over.
/// for piece in bytes.split_inclusive(|b| *b == b'\n') {
///     file.add(&mut batch, piece);
/// }
/// file.finish(&mut batch);
/// assert_eq!(batch.submissions_read(), 8);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct JsonLinesFile {
    name: String,
    line: usize,
    offset: usize,
    read_before: usize,
    not_text: bool,
}

impl JsonLinesFile {
    /// Starts the file named `name` in `batch` (nothing is added yet).
    pub fn new(batch: &Batch<'_>, name: &str) -> JsonLinesFile {
        JsonLinesFile {
            name: name.to_owned(),
            line: 1,
            offset: 0,
            read_before: batch.submissions_read(),
            not_text: false,
        }
    }

    /// Adds the next piece: whole lines, read and checked on every core
    /// ([`Batch::add_json_lines`]).
    pub fn add(&mut self, batch: &mut Batch<'_>, piece: &[u8]) {
        if self.not_text {
            self.offset += piece.len();
            return;
        }
        if self.offset == 0
            && let Some(problem) = crate::read::framing::encoding_problem(piece)
        {
            batch.reject(self.name.as_str(), Report::from(problem));
            self.not_text = true;
            self.offset += piece.len();
            return;
        }
        let lines = piece.strip_suffix(b"\n").unwrap_or(piece);
        self.line += batch.add_json_lines(&self.name, lines, self.line, self.offset);
        self.offset += piece.len();
    }

    /// The bytes of the file added so far: a progress bar's measure.
    pub fn bytes_added(&self) -> usize {
        self.offset
    }

    /// Ends the file: one that gave no submission (empty, or blank lines only) is
    /// rejected, a problem and not silence.
    pub fn finish(self, batch: &mut Batch<'_>) {
        if !self.not_text {
            batch.reject_if_empty(&self.name, self.read_before);
        }
    }
}
