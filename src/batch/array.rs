//! A JSON array of submissions added element by element: each element through the fast
//! path to a sheet on every core, as a JSON Lines line is, the careful reader for the
//! elements it declines, a chunk at a time — never a tree of the whole file (five times
//! the time and ten times the memory of the same answers as JSON Lines before).

use std::ops::Range;

use crate::batch::collect::{Batch, Prepared, prepare_record};
use crate::batch::source::Source;
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
                    let element = text.as_bytes().get(range.clone())?;
                    plain_element(plan, &limits, file, first + k, element)
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
#[derive(Debug, Clone, Copy)]
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

/// A JSON array of submissions (`.json`) added to a [`Batch`] a piece at a time, as
/// [`JsonLinesFile`](crate::JsonLinesFile) adds JSON Lines: pieces of any size, in the
/// file's order; each element, once whole, through the fast path to a sheet on every
/// core — so a national batch exported as one array is read in the memory of a piece or
/// two, not of the file.
///
/// It takes plain files only: an array of objects, each plainly valid. Anything else —
/// an element with a problem, a file that is no such array, a broken file — makes
/// [`add`](JsonArrayFile::add) or [`finish`](JsonArrayFile::finish) return `false`,
/// having taken back everything the file added: then hand the whole file to
/// [`Batch::add_submissions_bytes`], which reads every element where it stands and
/// reports every problem (the same results as if this had read it).
///
/// ```
/// use kip_index::{Batch, Instrument, JsonArrayFile, Plan};
///
/// let instrument: Instrument =
///     std::fs::read_to_string("examples/monev-2025/instrument.json")?.parse()?;
/// let plan = Plan::new(&instrument)?;
/// let bytes = std::fs::read("examples/monev-2025/submissions/banten-opd.json")?;
/// let mut batch = Batch::new(&plan);
/// let mut file = JsonArrayFile::new(&batch, "banten-opd.json");
/// let mut plain = true;
/// for piece in bytes.chunks(1000) {
///     plain = plain && file.add(&mut batch, piece);
/// }
/// if !(plain && file.finish(&mut batch)) {
///     batch.add_submissions_bytes("banten-opd.json", &bytes);
/// }
/// assert_eq!(batch.submissions_read(), 12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct JsonArrayFile {
    name: String,
    /// The bytes not yet scanned whole: a piece, and an element cut by its end.
    pending: Vec<u8>,
    /// The last piece's whole elements, scanned but not yet reduced: reduced while the
    /// next piece is scanned (two cores, one scanning, both reducing).
    ready: Option<Ready>,
    /// The next element's index (`/3`).
    index: usize,
    stage: Stage,
    /// What the batch held before the file: taken back to when the file is not plain.
    checkpoint: Checkpoint,
    /// The file needs the whole-document reader: nothing more is taken.
    declined: bool,
}

/// Where the scan stands between elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// Before the `[` (a byte-order mark and whitespace allowed).
    Start,
    /// After `[` or a comma: an element comes next.
    Element,
    /// After an element: a comma or the `]`.
    Between,
    /// After the `]`: whitespace only.
    Closed,
}

impl JsonArrayFile {
    /// Starts the file named `name` in `batch` (nothing is added yet).
    pub fn new(batch: &Batch<'_>, name: &str) -> JsonArrayFile {
        JsonArrayFile {
            name: name.to_owned(),
            pending: Vec::new(),
            ready: None,
            index: 0,
            stage: Stage::Start,
            checkpoint: batch.checkpoint(),
            declined: false,
        }
    }

    /// Adds the next piece (any size): its whole elements read and reduced on every
    /// core. `false` when the file is not a plain array: everything it added is taken
    /// back, and the whole file is for [`Batch::add_submissions_bytes`].
    pub fn add(&mut self, batch: &mut Batch<'_>, piece: &[u8]) -> bool {
        if self.declined {
            return false;
        }
        self.pending.extend_from_slice(piece);
        let ready = self.ready.take();
        let (stage, index) = (&mut self.stage, &mut self.index);
        let pending = self.pending.as_slice();
        let name = self.name.as_str();
        let (taken, scanned) = crate::text::par::join(
            || ready.as_ref().is_none_or(|r| take(batch, name, r)),
            || scan(stage, index, pending),
        );
        let Some((elements, used)) = scanned.filter(|_| taken) else {
            return self.decline(batch);
        };
        // An element longer than a record may be is not waited for: the careful reader
        // rejects it.
        if self.pending.len() - used > batch.limits.max_line_bytes {
            return self.decline(batch);
        }
        // The bytes after the last whole element start the next pending, in the buffer
        // the last piece was reduced from: two buffers ping-pong, never a fresh 8 MB
        // allocation a piece (each one page faults its way in again).
        let mut rest = ready.map(|r| r.bytes).unwrap_or_default();
        rest.clear();
        rest.extend_from_slice(self.pending.get(used..).unwrap_or_default());
        let bytes = std::mem::replace(&mut self.pending, rest);
        let first = self.index - elements.len();
        self.ready = Some(Ready {
            bytes,
            elements,
            first,
        });
        true
    }

    /// Ends the file: `true` when it was a plain array, all of it added; `false` (all of
    /// it taken back) when the whole file is for [`Batch::add_submissions_bytes`] — an
    /// empty array, a file cut short, text after the `]`.
    pub fn finish(mut self, batch: &mut Batch<'_>) -> bool {
        if let Some(ready) = self.ready.take()
            && !take(batch, &self.name, &ready)
        {
            return self.decline(batch);
        }
        let rest = self.pending.iter().all(u8::is_ascii_whitespace);
        if self.declined || self.stage != Stage::Closed || !rest || self.index == 0 {
            return self.decline(batch);
        }
        true
    }

    fn decline(&mut self, batch: &mut Batch<'_>) -> bool {
        if !self.declined {
            batch.roll_back(self.checkpoint);
            self.declined = true;
            self.pending = Vec::new();
            self.ready = None;
        }
        false
    }
}

/// A piece's whole elements, scanned, with the bytes they stand in.
#[derive(Debug)]
struct Ready {
    bytes: Vec<u8>,
    elements: Vec<Range<usize>>,
    /// The first element's index.
    first: usize,
}

/// The whole elements in `bytes` and how many of its bytes the scan took, the stage and
/// the next element's index carried from piece to piece; `None` when the bytes are not
/// a plain array's.
fn scan(stage: &mut Stage, index: &mut usize, bytes: &[u8]) -> Option<(Vec<Range<usize>>, usize)> {
    use crate::read::array::{ObjectEnd, object_end};
    let mut at = 0;
    let mut elements = Vec::new();
    let skip = |at: &mut usize| {
        while matches!(bytes.get(*at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            *at += 1;
        }
    };
    loop {
        skip(&mut at);
        let Some(&byte) = bytes.get(at) else {
            return Some((elements, at));
        };
        match (*stage, byte) {
            (Stage::Start, 0xEF) if *index == 0 && at == 0 => {
                if bytes.len() < 3 {
                    return Some((elements, 0));
                }
                if !bytes.starts_with("\u{feff}".as_bytes()) {
                    return None;
                }
                at += 3;
            }
            (Stage::Start, b'[') => {
                *stage = Stage::Element;
                at += 1;
            }
            (Stage::Element, b'{') => match next_by_separator(bytes, at) {
                // Told by the separator before the next element: the element is
                // checked whole when it is read, so a guess that cut it wrongly (a
                // `},{` inside a string) fails there and the file is read exactly.
                Some((end, next)) => {
                    elements.push(at..end);
                    *index += 1;
                    at = next;
                }
                None => match object_end(bytes, at) {
                    ObjectEnd::At(end) => {
                        elements.push(at..end);
                        *index += 1;
                        *stage = Stage::Between;
                        at = end;
                    }
                    ObjectEnd::Open => return Some((elements, at)),
                    ObjectEnd::Bad => return None,
                },
            },
            (Stage::Between, b',') => {
                *stage = Stage::Element;
                at += 1;
            }
            (Stage::Between, b']') => {
                *stage = Stage::Closed;
                at += 1;
            }
            _ => return None,
        }
    }
}

/// The end of the element opening at `start` and where the next one opens, told by the
/// separator between them alone — a `{` after a `,` after a `}`, with only blanks
/// between — without walking the element's strings (a fifth of the time of reading a
/// pretty array went to that walk). `None` when no separator follows in `bytes`: the
/// last element, or one cut by the piece's end, which the exact walk then takes.
///
/// A guess that is right for every array a program writes: a `},{` outside strings
/// stands only between elements (a submission holds no array of objects). When it is
/// wrong — the pattern inside a string — an element ends inside a string and its reading
/// fails, and the file is read again exactly; when every element read whole, the bytes
/// allow no other split.
fn next_by_separator(bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    let after = start + 1;
    // Back from `at` over blanks: where they begin.
    let blanks_before = |mut at: usize| {
        while at > after && matches!(bytes.get(at - 1), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            at -= 1;
        }
        at
    };
    for open in memchr::memchr_iter(b'{', bytes.get(after..)?) {
        let open = after + open;
        let comma = blanks_before(open);
        if comma <= after || bytes.get(comma - 1) != Some(&b',') {
            continue;
        }
        let end = blanks_before(comma - 1);
        if end > after && bytes.get(end - 1) == Some(&b'}') {
            return Some((end, open));
        }
    }
    None
}

/// Each element of a scanned piece through the fast path on every core, then added in
/// order; `false` when one is not plain.
fn take(batch: &mut Batch<'_>, name: &str, ready: &Ready) -> bool {
    use crate::text::par::prelude::*;
    let (plan, limits) = (batch.plan(), batch.limits);
    for (chunk, ranges) in ready.elements.chunks(CHUNK).enumerate() {
        let at = ready.first + chunk * CHUNK;
        let sheets: Option<Vec<Prepared>> = ranges
            .par_iter()
            .enumerate()
            .map(|(k, range)| {
                let element = ready.bytes.get(range.clone())?;
                plain_element(plan, &limits, name, at + k, element)
            })
            .collect();
        let Some(sheets) = sheets else {
            return false;
        };
        for sheet in sheets {
            batch.accept(sheet);
        }
    }
    true
}

/// The `index`-th element of `file` straight to its sheet when it is plainly valid (the
/// fast path of a JSON Lines line); `None` for the careful reader.
fn plain_element(
    plan: &crate::score::plan::Plan,
    limits: &crate::Limits,
    file: &str,
    index: usize,
    element: &[u8],
) -> Option<Prepared> {
    let element = std::str::from_utf8(element).ok()?;
    limits.check_record_size(element.len()).ok()?;
    let view = crate::read::fastread::view_of_line(element)?;
    let sheet = plan.sheet_from_view(view, limits)?;
    // Too long an id, name or rater: the careful reader rejects it under its element
    // (`/3/agency/id`), as the whole document's reader does.
    if !crate::batch::collect::sheet_limits(limits, &sheet).is_empty() {
        return None;
    }
    Some(Prepared::Sheet(
        Source::at(file, format!("/{index}")),
        sheet,
    ))
}
