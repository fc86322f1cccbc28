//! Text for a terminal: what came from an input file is shown, never obeyed.
//!
//! Names, ids and messages quote the input, and an input can hold anything: an escape
//! sequence that clears the screen or retitles the window, a newline that forges a row
//! of the table, a right-to-left override that reverses what follows. Every such
//! character is printed as its escape (`\u{1b}`) instead.

use std::borrow::Cow;
use std::fmt::Write;

/// `text` with control and direction-override characters escaped as `\u{…}`.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// Characters that act on a terminal instead of showing: C0 and C1 controls (escape,
/// newline, carriage return, tab, …), DEL, and the bidirectional marks and overrides.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `heading:` and then each problem on its own line, escaped: the message of a run that
/// cannot go on.
pub(crate) fn problems(heading: &str, report: &kip_index::Report) -> String {
    let mut text = format!("{heading}:");
    for problem in report.iter() {
        text.push('\n');
        text.push_str(&printable(&problem.to_string()));
    }
    text
}

/// One line on standard error, its input-derived text escaped.
pub(crate) fn say(line: std::fmt::Arguments) {
    let line = line.to_string();
    eprintln!("{}", printable(&line));
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn plain_text_is_borrowed_and_controls_are_escaped() {
        assert!(matches!(
            printable("Kota Serang — ok"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(printable("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(printable("row\nforged"), "row\\u{a}forged");
        assert_eq!(printable("\u{202e}gnp.exe"), "\\u{202e}gnp.exe");
        assert_eq!(
            printable("tab\tcr\r\u{7f}\u{9b}"),
            "tab\\u{9}cr\\u{d}\\u{7f}\\u{9b}"
        );
    }
}
