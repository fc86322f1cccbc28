//! A small JSON reader that keeps what serde_json throws away: where every value stands in
//! the text, every key of an object in order (duplicates included, so that they can be
//! reported rather than silently overwritten), and every number as the text it was
//! written with (so that decimals are read exactly).
//!
//! It accepts exactly RFC 8259 JSON, after an optional UTF-8 byte order mark.

use std::borrow::Cow;

/// How deep arrays and objects may nest before the text is refused. Real instruments nest
/// a handful of levels; the bound keeps hostile input from exhausting the stack.
pub(crate) const MAX_DEPTH: usize = 128;

/// A JSON value with the byte offset at which it starts in the text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    pub offset: usize,
    pub value: Value<'a>,
}

/// The value of a [`Node`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// The number exactly as written, in the JSON number grammar.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Members in the order written; a key may appear more than once.
    Object(Vec<Member<'a>>),
}

/// One `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Member<'a> {
    pub key: Cow<'a, str>,
    pub key_offset: usize,
    pub value: Node<'a>,
}

impl Value<'_> {
    /// The JSON type's name, for messages ("found a string").
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Text that is not JSON: what was wrong and at which byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// The Indonesian of a syntax error's message (every message the parser gives is made
/// of these phrases; what it quotes of the text stays as it is).
pub(crate) fn indonesian(message: &str) -> String {
    const PHRASES: [(&str, &str); 24] = [
        (
            "expected the end of the text after the JSON value, found more",
            "seharusnya teks berakhir setelah nilai JSON, ternyata masih ada lanjutannya",
        ),
        ("found deeper nesting", "ternyata lebih dalam"),
        (
            "expected arrays and objects nested at most",
            "seharusnya larik dan objek bersarang paling banyak",
        ),
        (" deep,", " tingkat,"),
        ("expected a JSON value", "seharusnya nilai JSON"),
        (
            "expected a key in double quotes",
            "seharusnya kunci dalam tanda kutip ganda",
        ),
        ("after the key", "setelah kunci"),
        ("after an object member", "setelah anggota objek"),
        ("after an array element", "setelah elemen larik"),
        (
            "expected a digit after the decimal point",
            "seharusnya angka setelah titik desimal",
        ),
        (
            "expected a digit in the exponent",
            "seharusnya angka pada eksponen",
        ),
        ("expected a digit", "seharusnya angka"),
        (
            "expected no leading zeros in a number",
            "seharusnya angka tanpa nol di depan",
        ),
        ("to close the string", "untuk menutup string"),
        (
            "expected a string without raw control characters (escape them)",
            "seharusnya string tanpa karakter kendali mentah (tulis dengan escape)",
        ),
        ("expected an escape such as", "seharusnya escape seperti"),
        ("expected a character", "seharusnya sebuah karakter"),
        (
            "expected four hexadecimal digits after",
            "seharusnya empat digit heksadesimal setelah",
        ),
        ("expected a low surrogate", "seharusnya low surrogate"),
        ("after a high surrogate", "setelah high surrogate"),
        (
            "expected a Unicode scalar value, found a lone surrogate",
            "seharusnya nilai skalar Unicode, ternyata surrogate tunggal",
        ),
        ("found the end of the text", "ternyata akhir teks"),
        ("found the control character", "ternyata karakter kendali"),
        (" or ", " atau "),
    ];
    let mut text = message.to_owned();
    for (english, bahasa) in PHRASES {
        text = text.replace(english, bahasa);
    }
    text.replace("expected ", "seharusnya ")
        .replace(", found ", ", ternyata ")
}

/// Parses one JSON document that must fill the whole text (white space aside).
pub(crate) fn parse(text: &str) -> Result<Node<'_>, SyntaxError> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    parser.skip_bom();
    parser.skip_ws();
    if parser.at >= parser.bytes.len() {
        return Err(parser.error("expected a JSON value, found the end of the text"));
    }
    let node = parser.value(0)?;
    parser.skip_ws();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("expected the end of the text after the JSON value, found more"));
    }
    Ok(node)
}

/// Parses the one value at `range` of `text` — an element of a top-level array — with
/// every offset in the whole text's terms, as [`parse`] of the whole would give them.
pub(crate) fn parse_at(text: &str, range: std::ops::Range<usize>) -> Result<Node<'_>, SyntaxError> {
    let within = text.get(..range.end).unwrap_or(text);
    let mut parser = Parser {
        text: within,
        bytes: within.as_bytes(),
        at: range.start,
    };
    // An element of the document's array: one level down, as in the whole.
    let node = parser.value(1)?;
    parser.skip_ws();
    if parser.at < parser.bytes.len() {
        return Err(parser.error("expected the end of the element, found more"));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.at,
            message: message.into(),
        }
    }

    fn found(&self) -> String {
        match self.text.get(self.at..).and_then(|s| s.chars().next()) {
            None => "the end of the text".to_owned(),
            Some(c) if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
            Some(c) => format!("`{c}`"),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_bom(&mut self) {
        if self.text.starts_with('\u{feff}') {
            self.at = '\u{feff}'.len_utf8();
        }
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node<'a>, SyntaxError> {
        let offset = self.at;
        let value = match self.peek() {
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            _ => return Err(self.error(format!("expected a JSON value, found {}", self.found()))),
        };
        Ok(Node { offset, value })
    }

    fn enter(&self, depth: usize) -> Result<usize, SyntaxError> {
        if depth >= MAX_DEPTH {
            Err(self.error(format!(
                "expected arrays and objects nested at most {MAX_DEPTH} deep, found deeper nesting"
            )))
        } else {
            Ok(depth + 1)
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        let depth = self.enter(depth)?;
        self.at += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error(format!(
                    "expected a key in double quotes, found {}",
                    self.found()
                )));
            }
            let key_offset = self.at;
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error(format!(
                    "expected `:` after the key, found {}",
                    self.found()
                )));
            }
            self.at += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            members.push(Member {
                key,
                key_offset,
                value,
            });
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(members));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `}}` after an object member, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value<'a>, SyntaxError> {
        let depth = self.enter(depth)?;
        self.at += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => {
                    return Err(self.error(format!(
                        "expected `,` or `]` after an array element, found {}",
                        self.found()
                    )));
                }
            }
        }
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, SyntaxError> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error(format!("expected `{word}`, found {}", self.found())))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error(format!("expected a digit, found {}", self.found()))),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.error(format!(
                    "expected a digit after the decimal point, found {}",
                    self.found()
                )));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(format!(
                    "expected a digit in the exponent, found {}",
                    self.found()
                )));
            }
        }
        if let Some(b'0'..=b'9') = self.peek() {
            return Err(self.error("expected no leading zeros in a number"));
        }
        Ok(self.text.get(start..self.at).unwrap_or_default())
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.at += 1;
        let start = self.at;
        // Fast path: no escapes, borrow the text.
        loop {
            match self.peek() {
                None => {
                    return Err(
                        self.error("expected `\"` to close the string, found the end of the text")
                    );
                }
                Some(b'"') => {
                    let s = self.text.get(start..self.at).unwrap_or_default();
                    self.at += 1;
                    return Ok(Cow::Borrowed(s));
                }
                Some(b'\\') => break,
                Some(b) if b < 0x20 => {
                    return Err(self.error(format!(
                        "expected a string without raw control characters (escape them), found {}",
                        self.found()
                    )));
                }
                Some(_) => self.at += 1,
            }
        }
        let mut owned = String::from(self.text.get(start..self.at).unwrap_or_default());
        loop {
            match self.peek() {
                None => {
                    return Err(
                        self.error("expected `\"` to close the string, found the end of the text")
                    );
                }
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.at += 1;
                    owned.push(self.escape()?);
                }
                Some(b) if b < 0x20 => {
                    return Err(self.error(format!(
                        "expected a string without raw control characters (escape them), found {}",
                        self.found()
                    )));
                }
                Some(_) => {
                    let c = self.text.get(self.at..).and_then(|s| s.chars().next());
                    let Some(c) = c else {
                        return Err(self.error("expected a character"));
                    };
                    owned.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    fn escape(&mut self) -> Result<char, SyntaxError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                return self.unicode_escape();
            }
            _ => {
                return Err(self.error(format!(
                    "expected an escape such as `\\n` or `\\u00e9`, found {}",
                    self.found()
                )));
            }
        };
        self.at += 1;
        Ok(c)
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let hex = self.text.get(self.at..self.at + 4);
        let code = hex
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match code {
            Some(code) => {
                self.at += 4;
                Ok(code)
            }
            None => Err(self.error("expected four hexadecimal digits after `\\u`")),
        }
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.bytes.get(self.at..self.at + 2) != Some(b"\\u") {
                return Err(self
                    .error("expected a low surrogate `\\uDC00`–`\\uDFFF` after a high surrogate"));
            }
            self.at += 2;
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return Err(self
                    .error("expected a low surrogate `\\uDC00`–`\\uDFFF` after a high surrogate"));
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code)
            .ok_or_else(|| self.error("expected a Unicode scalar value, found a lone surrogate"))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
        crate::text::lines::line_and_column(text, offset)
    }

    #[test]
    fn keeps_numbers_as_written_and_duplicate_keys() {
        let node = parse(r#"{"a": 89.995, "a": 1e2}"#).unwrap_or_else(|e| panic!("{e:?}"));
        let Value::Object(members) = node.value else {
            panic!("expected an object")
        };
        assert_eq!(members.len(), 2);
        assert_eq!(members[0].value.value, Value::Number("89.995"));
        assert_eq!(members[1].value.value, Value::Number("1e2"));
        assert_eq!(members[1].key_offset, 14);
    }

    #[test]
    fn decodes_escapes_and_surrogate_pairs() {
        let node = parse(r#""a\"b\\\n\u00e9\ud83d\ude00""#).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(node.value, Value::String("a\"b\\\né😀".into()));
    }

    #[test]
    fn accepts_a_byte_order_mark() {
        assert!(parse("\u{feff}{}").is_ok());
    }

    #[test]
    fn syntax_errors_say_where_and_what() {
        let err = parse("{\n  \"a\": 1,\n}")
            .err()
            .unwrap_or_else(|| panic!("should fail"));
        assert_eq!(line_column("{\n  \"a\": 1,\n}", err.offset), (3, 1));
        assert!(err.message.contains("expected a key"), "{}", err.message);

        for bad in [
            "",
            "  ",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "1.",
            "-",
            "tru",
            "\"abc",
            "[1] 2",
            "\"\\x\"",
            "\"\\ud800\"",
            "NaN",
            "{\"a\":1",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        let err = parse(&deep).err().unwrap_or_else(|| panic!("should fail"));
        assert!(err.message.contains("nested at most"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn line_column_counts_characters() {
        // Bytes: é(2) \n(1) é(2): offset 5 is the space, after one character on line 2.
        assert_eq!(line_column("é\né x", 5), (2, 2));
    }
}
