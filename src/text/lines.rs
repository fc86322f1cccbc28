//! Line numbers that are right in every line-end style: LF (Unix), CRLF (Excel on
//! Windows) and CR alone (old Mac exports). A place a person is sent to fix must be the
//! line their editor shows.

/// Counts lines up to byte offsets given in increasing order, in one pass over the text
/// whatever the number of calls (a cursor, so the cost stays linear).
pub(crate) struct LineCounter<'t> {
    text: &'t [u8],
    /// How far the text has been counted.
    at: usize,
    /// The 1-based line at `at`.
    line: usize,
}

impl<'t> LineCounter<'t> {
    /// A counter at the start of `text` (line 1).
    pub(crate) fn new(text: &'t str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line of the byte at `offset`: the line ends before it, a CRLF pair
    /// counted once. An offset before one asked earlier gives the earlier line (offsets
    /// are meant to grow).
    pub(crate) fn line_at(&mut self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        while self.at < end {
            match memchr::memchr2(
                b'\n',
                b'\r',
                self.text.get(self.at..end).unwrap_or_default(),
            ) {
                Some(k) => {
                    let i = self.at + k;
                    self.line += 1;
                    // A CR followed by LF is one line end; the LF is skipped with it.
                    self.at = if self.text.get(i) == Some(&b'\r')
                        && self.text.get(i + 1) == Some(&b'\n')
                    {
                        i + 2
                    } else {
                        i + 1
                    };
                }
                None => self.at = end,
            }
        }
        self.line
    }
}

/// The 1-based line and column (in characters) of the byte at `offset`, any line-end
/// style (the tests' reference for positions).
#[cfg(test)]
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = LineCounter::new(text).line_at(offset);
    let start = before.rfind(['\n', '\r']).map_or(0, |k| k + 1);
    let column = before.get(start..).map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_end_style_counts_the_same() {
        for end in ["\n", "\r\n", "\r"] {
            let text = ["a", "bb", "", "ccc"].join(end);
            let offset = text.find("ccc").unwrap_or_default();
            assert_eq!(LineCounter::new(&text).line_at(offset), 4, "{end:?}");
            assert_eq!(line_and_column(&text, offset + 1), (4, 2), "{end:?}");
            let mut counter = LineCounter::new(&text);
            assert_eq!(counter.line_at(text.find("bb").unwrap_or_default()), 2);
            assert_eq!(counter.line_at(offset), 4);
        }
    }
}
