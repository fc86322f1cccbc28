//! A JSON array of submissions added element by element: each element through the fast
//! path to a sheet on every core, as a JSON Lines line is, the careful reader for the
//! elements it declines, a chunk at a time — never a tree of the whole file (five times
//! the time and ten times the memory of the same answers as JSON Lines before).

use std::ops::Range;

use crate::batch::collect::{Batch, Prepared, prepare_record};
use crate::batch::results::Source;
use crate::read::source::Framing;

/// Elements read and reduced together: enough to keep every core busy, few enough that a
/// file of millions of broken elements is never held as rejections all at once.
const CHUNK: usize = 16_384;

impl Batch<'_> {
    /// Adds a JSON array's submissions (`text` is the whole file, `elements` where each
    /// element stands: [`object_elements`](crate::read::array::object_elements)) when the
    /// file is JSON; returns `false`, having added nothing, when an element is not — the
    /// whole-document reader then rejects every record it holds, as for any broken file.
    /// The results are byte for byte those of the whole-document reader.
    pub(crate) fn add_json_array(
        &mut self,
        file: &str,
        text: &str,
        elements: &[Range<usize>],
    ) -> bool {
        use crate::text::par::prelude::*;
        // Every element is JSON when the fast path takes it or the careful reader parses
        // it; one that is not makes the file broken, refused whole as the whole-document
        // reader refuses it: what this file added is taken back first.
        let checkpoint = self.checkpoint();
        let (plan, limits) = (self.plan(), self.limits);
        let check = crate::read::source::checker(plan.instrument(), &limits);
        // One line index for the whole file, built only if an element needs a position.
        let lines = crate::text::decode::Lines::new(text);
        for (chunk, ranges) in elements.chunks(CHUNK).enumerate() {
            let first = chunk * CHUNK;
            // Plain elements straight to a sheet on every core; the rest, in order,
            // through the careful reader, which reports every problem where it stands.
            let quick: Vec<Option<Prepared>> = ranges
                .par_iter()
                .enumerate()
                .map(|(k, range)| {
                    let element = text.get(range.clone())?;
                    limits.check_record_size(element.len()).ok()?;
                    let view = crate::read::fastread::view_of_line(element)?;
                    let sheet = plan.sheet_from_view(view, &limits)?;
                    Some(Prepared::Sheet(
                        Source::at(file, format!("/{}", first + k)),
                        sheet,
                    ))
                })
                .collect();
            for (k, (prepared, range)) in quick.into_iter().zip(ranges).enumerate() {
                let prepared = match prepared {
                    Some(prepared) => prepared,
                    None => {
                        let record = crate::read::source::submission_element(
                            text,
                            &lines,
                            range.clone(),
                            first + k,
                            &check,
                        );
                        match record {
                            Some(record) => prepare_record(plan, file, Framing::Json, record),
                            None => {
                                self.roll_back(checkpoint);
                                return false;
                            }
                        }
                    }
                };
                self.accept(prepared);
            }
        }
        true
    }
}

/// What a batch held before a file: where to take it back to.
#[derive(Clone, Copy)]
pub(crate) struct Checkpoint {
    read: usize,
    sheets: usize,
    rejected: usize,
    not_listed: usize,
}

impl Batch<'_> {
    /// Where the batch stands: what [`Batch::roll_back`] returns it to.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            read: self.read,
            sheets: self.sheets.len(),
            rejected: self.rejected.len(),
            not_listed: self.rejections_not_listed,
        }
    }

    /// Takes back every submission added since `checkpoint` (adding only appends).
    pub(crate) fn roll_back(&mut self, checkpoint: Checkpoint) {
        self.read = checkpoint.read;
        self.sheets.truncate(checkpoint.sheets);
        self.rejected.truncate(checkpoint.rejected);
        self.rejections_not_listed = checkpoint.not_listed;
    }
}
