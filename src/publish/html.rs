//! What every page kip writes shares: escaping and the Content-Security-Policy.

/// The Content-Security-Policy of every page kip writes (a `<meta http-equiv>`): nothing may be fetched or run;
/// the page's own inline style and inline pictures (SVG, data URLs) are all it uses.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// Text as HTML text (or an attribute's value): markup characters escaped, and control
/// characters — which HTML would drop or show as nothing — made visible as their
/// control pictures (`␀`…`␟`, `␡`) or U+FFFD, so that a name holding one is still seen.
///
/// ```
/// assert_eq!(kip_index::escape_html("<b>Dinas & Co</b>\u{1b}"), "&lt;b&gt;Dinas &amp; Co&lt;/b&gt;␛");
/// ```
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9f}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_control_characters_are_shown_as_text() {
        assert_eq!(
            escape_html("<b a=\"x\">&'</b>"),
            "&lt;b a=&quot;x&quot;&gt;&amp;&#39;&lt;/b&gt;"
        );
        assert_eq!(escape_html("a\u{0}b\u{1b}c\u{7f}\u{85}"), "a␀b␛c␡\u{fffd}");
    }
}
