//! A JSON Lines stream of submissions read one line at a time ([`SubmissionLines`]),
//! within the same record limit as every other reader.

use crate::model::instrument::Instrument;
use crate::model::submission::Submission;
use crate::read::record::Record;
use crate::read::record::empty_file;
use crate::read::source::{checker, submission_line};
use crate::text::problem::Report;

/// Reads the submissions of a JSON Lines stream one line at a time, so that a large
/// batch is never held in memory whole. Each item is a record as
/// [`read_submissions`](crate::read_submissions) gives it; an I/O error ends the stream.
///
/// ```
/// use kip_index::{Instrument, SubmissionLines};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let file = std::fs::File::open("examples/monev-2025/submissions/banten-kabkota.jsonl")?;
/// let lines = SubmissionLines::new(std::io::BufReader::new(file), &instrument);
/// let records: Vec<_> = lines.collect::<Result<_, _>>()?;
/// assert_eq!(records.len(), 8);
/// assert_eq!(records[7].line, Some(8));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SubmissionLines<'i, R> {
    reader: R,
    check: Box<dyn Fn(&Submission) -> Report + 'i>,
    buffer: Vec<u8>,
    line: usize,
    offset: usize,
    yielded: bool,
}

impl<'i, R: std::io::BufRead> SubmissionLines<'i, R> {
    /// Reads submissions from `reader`, checking each against `instrument`.
    pub fn new(reader: R, instrument: &'i Instrument) -> Self {
        SubmissionLines {
            reader,
            // A stream holds no plan: it checks against the default limits.
            check: Box::new(checker(instrument, &crate::Limits::DEFAULT)),
            buffer: Vec::new(),
            line: 0,
            offset: 0,
            yielded: false,
        }
    }
}

impl<R: std::io::BufRead> Iterator for SubmissionLines<'_, R> {
    type Item = std::io::Result<Record<Submission>>;

    fn next(&mut self) -> Option<Self::Item> {
        use std::io::{BufRead as _, Read as _};
        loop {
            self.buffer.clear();
            let most = crate::Limits::DEFAULT.max_line_bytes as u64 + 1;
            match (&mut self.reader)
                .take(most)
                .read_until(b'\n', &mut self.buffer)
            {
                Ok(0) if self.yielded => return None,
                Ok(0) => {
                    self.yielded = true;
                    return Some(Ok(empty_file()));
                }
                Ok(n) => {
                    self.line += 1;
                    let start = self.offset;
                    self.offset += n;
                    // A line longer than any record may be is refused, and the rest of
                    // it skipped unread: memory stays bounded whatever the stream holds.
                    if n > crate::Limits::DEFAULT.max_line_bytes && !self.buffer.ends_with(b"\n") {
                        let rest = match skip_line(&mut self.reader) {
                            Ok(rest) => rest,
                            Err(e) => return Some(Err(e)),
                        };
                        self.offset += rest;
                        self.yielded = true;
                        let size = n.saturating_add(rest);
                        let problem = crate::Limits::DEFAULT
                            .check_record_size(size)
                            .expect_err("a line past max_line_bytes is over the limit");
                        return Some(Ok(crate::read::record::failed(
                            Some(self.line),
                            String::new(),
                            Report::from(problem).in_record(self.line),
                        )));
                    }
                    let bytes = self.buffer.strip_suffix(b"\n").unwrap_or(&self.buffer);
                    let record = submission_line(bytes, self.line, start, true, &*self.check);
                    if let Some(record) = record {
                        self.yielded = true;
                        return Some(Ok(record));
                    }
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// Reads the rest of a line without keeping it: the bytes skipped, its newline included.
fn skip_line(reader: &mut impl std::io::BufRead) -> std::io::Result<usize> {
    let mut skipped = 0usize;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        let (used, end) = match memchr::memchr(b'\n', chunk) {
            Some(k) => (k + 1, true),
            None => (chunk.len(), false),
        };
        reader.consume(used);
        skipped += used;
        if end {
            return Ok(skipped);
        }
    }
}
