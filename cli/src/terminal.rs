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

/// `heading:` (Indonesian, English: the terminal's language picks) and then each problem
/// on its own line, escaped: the message of a run that cannot go on.
pub(crate) fn problems((id, en): (&str, &str), report: &kip_index::Report) -> String {
    let language = language();
    let heading = pick(id, en);
    let mut text = format!("{heading}:");
    for problem in report.iter() {
        text.push('\n');
        text.push_str(&printable(&problem.display_in(language).to_string()));
    }
    text
}

static LANGUAGE: std::sync::OnceLock<kip_index::Language> = std::sync::OnceLock::new();

/// Sets the language of what kip says on standard error (once, from `--lang`).
pub(crate) fn set_language(language: kip_index::Language) {
    let _ = LANGUAGE.set(language);
}

/// `id` in Indonesian, `en` in English, by the terminal's language.
pub(crate) fn pick<'a>(id: &'a str, en: &'a str) -> &'a str {
    use crate::lang::PickWords as _;
    language().pick_words(id, en)
}

/// Why binary output (a workbook, a Parquet table) is not written to a terminal, and
/// how to get it: `what` in Indonesian and English, the file's extension.
pub(crate) fn binary_refused((apa, what): (&str, &str), extension: &str) -> String {
    match language() {
        kip_index::Language::English => format!(
            "refusing to write {what} (binary) to the terminal: give -o FILE.{extension}, or \
             redirect standard output to a file"
        ),
        _ => format!(
            "{apa} (biner) tidak ditulis ke terminal: berikan -o BERKAS.{extension}, atau \
             alihkan keluaran standar ke berkas"
        ),
    }
}

/// Why a file could not be read or written, in the terminal's language.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match (language(), e.kind()) {
        (kip_index::Language::English, _) => e.to_string(),
        (_, ErrorKind::NotFound) => "berkas atau folder tidak ada".to_owned(),
        (_, ErrorKind::PermissionDenied) => "tidak ada izin".to_owned(),
        (_, ErrorKind::IsADirectory) => "itu sebuah folder, bukan berkas".to_owned(),
        (_, _) => e.to_string(),
    }
}

/// "cannot read FILE: why", in the terminal's language.
/// A stream read past the file-size limit (a FIFO, a device: no size to check first).
pub(crate) fn too_large(path: &std::path::Path, max: u64) -> String {
    let problem = kip_index::Limits::DEFAULT.check_file_size(max.saturating_add(1));
    let reason = problem.err().map(|p| p.message_in(language()).to_owned());
    format!(
        "{} {}: {}",
        pick("tidak dapat membaca", "cannot read"),
        path.display(),
        reason.unwrap_or_default()
    )
}

pub(crate) fn cannot_read(path: &std::path::Path, e: &std::io::Error) -> String {
    format!(
        "{} {}: {}",
        pick("tidak dapat membaca", "cannot read"),
        path.display(),
        io_reason(e)
    )
}

/// The language of what kip says on standard error: Indonesian unless `--lang en`.
pub(crate) fn language() -> kip_index::Language {
    LANGUAGE.get().copied().unwrap_or_default()
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

/// Writes to standard output. A reader that stopped reading (`kip validate … | head`)
/// ends the run quietly with status 0, as Unix tools do; any other failure to write is
/// status 2.
pub(crate) fn out(text: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(text) {
        exit_on_write_error(&e);
    }
}

/// Ends the run after standard output failed: quietly (0) for a closed pipe, else 2.
pub(crate) fn exit_on_write_error(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    crate::terminal::say(format_args!("kip: cannot write to standard output: {e}"));
    std::process::exit(2);
}

/// Problems printed per file: the first [`Capped::PER_FILE`] of each, then one line per
/// file saying how many more there were, so that a file for another instrument does not
/// bury the summary under a hundred thousand lines. Counts stay exact.
#[derive(Default)]
pub(crate) struct Capped {
    shown: std::collections::BTreeMap<String, usize>,
    hidden: std::collections::BTreeMap<String, usize>,
    /// Files summarised in one line first, whose details stop at [`Capped::SUMMARISED`].
    summarised: std::collections::BTreeSet<String>,
}

impl Capped {
    pub(crate) const PER_FILE: usize = 1_000;
    /// Details printed for a file whose problems were summarised in one line.
    pub(crate) const SUMMARISED: usize = 10;

    /// Prints `line` first for `file`, and from then on only a few of its details.
    pub(crate) fn summarise(&mut self, file: &str, line: std::fmt::Arguments) {
        crate::terminal::say(line);
        self.summarised.insert(file.to_owned());
    }

    fn cap(&self, file: &str) -> usize {
        if self.summarised.contains(file) {
            Capped::SUMMARISED
        } else {
            Capped::PER_FILE
        }
    }

    /// Whether the next problem of `file` is to be printed.
    pub(crate) fn admit(&mut self, file: &str) -> bool {
        // A file's name is copied once, not once per problem.
        let bump = |tally: &mut std::collections::BTreeMap<String, usize>| match tally.get_mut(file)
        {
            Some(n) => *n += 1,
            None => {
                tally.insert(file.to_owned(), 1);
            }
        };
        if self.shown.get(file).is_some_and(|&n| n >= self.cap(file)) {
            bump(&mut self.hidden);
            return false;
        }
        bump(&mut self.shown);
        true
    }

    /// One line on standard error per file with problems not printed.
    pub(crate) fn tell(&self) {
        for (file, more) in &self.hidden {
            let cap = self.cap(file);
            match language() {
                kip_index::Language::English => crate::terminal::say(format_args!(
                    "kip: {file}: {more} more problem(s) not printed (the first {cap} were)"
                )),
                _ => crate::terminal::say(format_args!(
                    "kip: {file}: {more} masalah lagi tidak dicetak ({cap} yang pertama dicetak)"
                )),
            }
        }
    }
}
