//! A JSON Lines file added to a batch in pieces, so that a file larger than memory is
//! read with two pieces held at a time — the command line's and the browser's one way.

use crate::batch::collect::Batch;
use crate::read::framing::Wide;
use crate::read::source::Framing;
use crate::text::problem::{Problem, Report};

/// A JSON Lines file (`.jsonl`) added to a [`Batch`] a piece at a time: each piece whole
/// lines, in the file's order (every piece but the last ends with its newline). It keeps
/// the line and byte each piece starts at, so places (`batch.jsonl:14`) are the file's
/// whatever the pieces. A file in UTF-16 or UTF-32 (told from its first piece) is
/// refused line by line, each line named by its agency from the decoded text, so that
/// no body in it is taken for one that sent nothing; any other file that is not text
/// (a workbook, a PDF) is one rejection, its later pieces not read as lines; a file
/// that held no line at all is a rejection too, when
/// [`finished`](JsonLinesFile::finish).
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
    wide: Option<WideLines>,
    /// A JSON document under a JSON Lines name (an array, or one object written over
    /// many lines), gathered to be refused record by record at the end.
    document: Option<Vec<u8>>,
}

/// A JSON Lines file in UTF-16 or UTF-32, decoded as its pieces come: the bytes of a
/// unit cut by a piece's end, and the text of a line cut by it, wait for the next.
#[derive(Debug, Clone)]
struct WideLines {
    encoding: Wide,
    problem: Problem,
    bytes: Vec<u8>,
    text: String,
    refused: usize,
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
            wide: None,
            document: None,
        }
    }

    /// Adds the next piece: whole lines, read and checked on every core
    /// ([`Batch::add_json_lines`]).
    pub fn add(&mut self, batch: &mut Batch<'_>, piece: &[u8]) {
        if self.offset == 0
            && let Some(mut problem) = crate::read::framing::encoding_problem(piece)
        {
            problem.file = Some(self.name.as_str().into());
            match Wide::of(piece) {
                Some(encoding) => {
                    self.wide = Some(WideLines {
                        encoding,
                        problem,
                        bytes: Vec::new(),
                        text: String::new(),
                        refused: 0,
                    })
                }
                // Stray zero bytes before the text: its lines are still read (the
                // first is refused for them), so its bodies are named.
                None if piece.starts_with(&[0; 4]) => {}
                None => {
                    batch.reject(self.name.as_str(), Report::from(problem));
                    self.not_text = true;
                }
            }
        }
        if self.not_text {
            self.offset += piece.len();
            return;
        }
        if self.wide.is_some() {
            self.offset += piece.len();
            return self.refuse_wide(batch, piece, false);
        }
        if self.offset == 0 && is_json_document(piece) {
            self.document = Some(Vec::new());
        }
        if let Some(document) = self.document.as_mut() {
            document.extend_from_slice(piece);
            self.offset += piece.len();
            return;
        }
        let lines = piece.strip_suffix(b"\n").unwrap_or(piece);
        self.line += batch.add_json_lines(&self.name, lines, self.line, self.offset);
        self.offset += piece.len();
    }

    /// Counts `bytes` of the file that were read but not added: the rest of a line past
    /// the record limit (the piece before ended within that line, which is rejected as
    /// too long), dropped by the reader instead of held. Later places stay the file's.
    pub fn skip(&mut self, bytes: usize) {
        self.offset += bytes;
    }

    /// The bytes of the file added so far: a progress bar's measure.
    pub fn bytes_added(&self) -> usize {
        self.offset
    }

    /// Ends the file: one that gave no submission (empty, or blank lines only) is
    /// rejected, a problem and not silence.
    pub fn finish(mut self, batch: &mut Batch<'_>) {
        if let Some(document) = self.document.take() {
            let text = String::from_utf8_lossy(&document);
            let problem = Problem::new(
                crate::text::problem::ProblemKind::Syntax,
                "",
                "expected one JSON object per line (JSON Lines), found a JSON document (an \
                 array, or an object written over many lines): name the file .json",
            )
            .with_indonesian(
                "seharusnya satu objek JSON per baris (JSON Lines), ternyata dokumen JSON \
                 (larik, atau objek yang ditulis dalam banyak baris): beri nama berkas .json",
            );
            return batch.refuse_file(&self.name, Framing::Json, &text, problem);
        }
        if self.wide.is_some() {
            self.refuse_wide(batch, &[], true);
            if let Some(wide) = self.wide.take()
                && wide.refused == 0
            {
                batch.reject(self.name.as_str(), Report::from(wide.problem));
            }
            return;
        }
        if !self.not_text {
            batch.reject_if_empty(&self.name, self.read_before);
        }
    }

    /// Decodes a piece of a wide-encoded file and refuses its whole lines (at the end,
    /// what is left too), each named by its agency.
    fn refuse_wide(&mut self, batch: &mut Batch<'_>, piece: &[u8], last: bool) {
        let Some(wide) = self.wide.as_mut() else {
            return;
        };
        wide.bytes.extend_from_slice(piece);
        let (text, used) = wide.encoding.decode(&wide.bytes);
        wide.bytes.drain(..used);
        wide.text.push_str(&text);
        if self.line == 1 && wide.text.starts_with('\u{feff}') {
            wide.text.remove(0);
        }
        let end = match last {
            true => wide.text.len(),
            false => wide.text.rfind('\n').map_or(0, |k| k + 1),
        };
        let lines: String = wide.text.drain(..end).collect();
        if lines.trim().is_empty() {
            self.line += lines.matches('\n').count();
            return;
        }
        let name = self.name.as_str();
        wide.refused +=
            batch.refuse_records(name, Framing::JsonLines, &lines, self.line, &wide.problem);
        self.line += lines.matches('\n').count();
    }
}

/// Whether a JSON Lines file's first piece is a JSON document instead: an array (`[`
/// first), or an object whose first line holds nothing but its `{` (pretty-printed).
fn is_json_document(piece: &[u8]) -> bool {
    let text = piece.strip_prefix("\u{feff}".as_bytes()).unwrap_or(piece);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    match start.and_then(|k| text.get(k..)) {
        Some([b'[', ..]) => true,
        Some(rest @ [b'{', ..]) => {
            let line = rest.split(|b| *b == b'\n').next().unwrap_or_default();
            line.iter().skip(1).all(u8::is_ascii_whitespace)
        }
        _ => false,
    }
}
