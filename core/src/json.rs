//! A small JSON reader for feed text, borrowing from it.
//!
//! Feeds are read in the browser on every page view, so how they are read costs twice:
//! in time, where `serde_json::Value` allocates a `String` for every key and every string
//! and a tree map for every object, and in the Wasm every page view downloads, where
//! `Value` and its deserialiser were among the largest parts. This reader keeps strings
//! borrowed from the text unless they hold escapes, and objects as a short list of members
//! in document order, which is all validation needs: it looks up a few known keys per
//! object.
//!
//! It accepts exactly the JSON of RFC 8259, as `serde_json` does, with the same nesting
//! limit ([`MAX_DEPTH`]) and the same rule for a repeated key (the last one counts). One
//! difference: a number is checked against the grammar and kept as written, never
//! converted, so `1e400` is accepted where `serde_json` refuses it as out of range. No
//! feed field is a number; validation only ever says that a number is not what it wants.
//! `core/tests/json_reader.rs` compares the two on generated text.

use std::borrow::Cow;
use std::fmt;

/// Most arrays and objects open at once; deeper text is refused rather than risking the
/// stack. The same limit as `serde_json`'s: text is refused when it opens the
/// `MAX_DEPTH`th, so at most `MAX_DEPTH - 1` are open at once.
pub const MAX_DEPTH: usize = 128;

/// The message of the error for text nested deeper than [`MAX_DEPTH`] (`serde_json`'s).
const TOO_DEEP: &str = "recursion limit exceeded";

/// A JSON value read from text `'t`.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'t> {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(&'t str),
    /// A string, escapes decoded.
    String(Cow<'t, str>),
    /// An array.
    Array(Vec<Json<'t>>),
    /// An object.
    Object(Object<'t>),
}

/// A JSON object's members in document order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'t> {
    members: Vec<(Cow<'t, str>, Json<'t>)>,
}

impl<'t> Object<'t> {
    /// The value of `key`; of the last one when the key is repeated.
    pub fn get(&self, key: &str) -> Option<&Json<'t>> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The text of `key` when it is a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// Whether `key` is there, with any value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Adds a member at the end (and so replaces an earlier one of the same key).
    pub fn push(&mut self, key: Cow<'t, str>, value: Json<'t>) {
        self.members.push((key, value));
    }

    /// The members in document order, repeated keys included.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Json<'t>)> {
        self.members.iter().map(|(k, v)| (k.as_ref(), v))
    }
}

impl<'t> Json<'t> {
    /// The value of `key` when this is an object.
    pub fn get(&self, key: &str) -> Option<&Json<'t>> {
        self.as_object()?.get(key)
    }

    /// The text of `key` when this is an object and that member is a string.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.as_object()?.get_str(key)
    }

    /// The text when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The elements when this is an array.
    pub fn as_array(&self) -> Option<&[Json<'t>]> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members when this is an object.
    pub fn as_object(&self) -> Option<&Object<'t>> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }

    /// What kind of value this is, for messages: "a number", "an object".
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

/// Text that is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// What was wrong, in `serde_json`'s words where it has them.
    pub message: &'static str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl JsonError {
    /// The error for `message` at byte `offset` of `text`.
    pub fn at(text: &[u8], offset: usize, message: &'static str) -> JsonError {
        let before = &text[..offset.min(text.len())];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        JsonError {
            message,
            line: before.iter().filter(|&&b| b == b'\n').count() + 1,
            // Characters, not bytes: continuation bytes do not start one.
            column: before[line_start..]
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count()
                + 1,
        }
    }
}

impl JsonError {
    /// Whether the text was refused only for nesting deeper than [`MAX_DEPTH`]: up to
    /// there it was JSON, and what follows was not read. A feed skips an item refused for
    /// this alone, as it skips any other item over a limit.
    pub fn is_too_deep(&self) -> bool {
        self.message == TOO_DEEP
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

/// Reads `text` as one JSON value (white space around it allowed, nothing else).
pub fn parse(text: &[u8]) -> Result<Json<'_>, JsonError> {
    parse_nested(text, 0)
}

/// Reads `text` as one JSON value that sits inside `depth` arrays or objects of a larger
/// document, so that the nesting limit counts as it would in the whole: read this way,
/// each part of a document is accepted exactly when the whole would be. A feed's
/// top-level members are at depth 1, its items at depth 2.
pub fn parse_nested(text: &[u8], depth: usize) -> Result<Json<'_>, JsonError> {
    let mut reader = Reader {
        text,
        pos: 0,
        depth,
    };
    let value = reader.value()?;
    reader.skip_space();
    if reader.pos < text.len() {
        return Err(reader.error("trailing characters"));
    }
    Ok(value)
}

struct Reader<'t> {
    text: &'t [u8],
    pos: usize,
    depth: usize,
}

impl<'t> Reader<'t> {
    fn error(&self, message: &'static str) -> JsonError {
        JsonError::at(self.text, self.pos, message)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Result<Json<'t>, JsonError> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error("EOF while parsing a value")),
            Some(b'"') => {
                self.pos += 1;
                Ok(Json::String(self.string()?))
            }
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b't') => self.word(b"true", Json::Bool(true)),
            Some(b'f') => self.word(b"false", Json::Bool(false)),
            Some(b'n') => self.word(b"null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected value")),
        }
    }

    fn word(&mut self, word: &[u8], value: Json<'t>) -> Result<Json<'t>, JsonError> {
        for &expected in word {
            match self.peek() {
                Some(b) if b == expected => self.pos += 1,
                Some(_) => return Err(self.error("expected ident")),
                None => return Err(self.error("EOF while parsing a value")),
            }
        }
        Ok(value)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    fn number(&mut self) -> Result<Json<'t>, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.peek() {
                    return Err(self.error("invalid number"));
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            Some(_) => return Err(self.error("invalid number")),
            None => return Err(self.error("EOF while parsing a value")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        // Only ASCII was read since `start`.
        let written = std::str::from_utf8(&self.text[start..self.pos]).unwrap_or_default();
        Ok(Json::Number(written))
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Result<(), JsonError> {
        match self.peek() {
            Some(b'0'..=b'9') => {
                self.digits();
                Ok(())
            }
            Some(_) => Err(self.error("invalid number")),
            None => Err(self.error("EOF while parsing a value")),
        }
    }

    /// Opens an array or object: one level deeper, past its bracket.
    fn open(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            return Err(self.error(TOO_DEEP));
        }
        self.pos += 1;
        Ok(())
    }

    /// Whether the array or object just opened closes at once (`[]`, `{}`); past it if so.
    fn closes_at_once(&mut self, close: u8) -> bool {
        self.skip_space();
        let empty = self.peek() == Some(close);
        if empty {
            self.pos += 1;
            self.depth -= 1;
        }
        empty
    }

    /// After an element of an array or an object's member: `true` past a `,` (another
    /// follows), `false` past the closing bracket.
    fn another(&mut self, close: u8, eof: &'static str) -> Result<bool, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                self.skip_space();
                if self.peek() == Some(close) {
                    return Err(self.error("trailing comma"));
                }
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            Some(_) if close == b']' => Err(self.error("expected `,` or `]`")),
            Some(_) => Err(self.error("expected `,` or `}`")),
            None => Err(self.error(eof)),
        }
    }

    /// The byte `expected` (after white space), or the error `message`.
    fn expect(&mut self, expected: u8, message: &'static str) -> Result<(), JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b) if b == expected => {
                self.pos += 1;
                Ok(())
            }
            Some(_) => Err(self.error(message)),
            None => Err(self.error("EOF while parsing an object")),
        }
    }

    fn array(&mut self) -> Result<Json<'t>, JsonError> {
        self.open()?;
        let mut elements = Vec::new();
        let mut more = !self.closes_at_once(b']');
        while more {
            elements.push(self.value()?);
            more = self.another(b']', "EOF while parsing a list")?;
        }
        Ok(Json::Array(elements))
    }

    fn object(&mut self) -> Result<Json<'t>, JsonError> {
        self.open()?;
        let mut object = Object::default();
        let mut more = !self.closes_at_once(b'}');
        while more {
            self.expect(b'"', "key must be a string")?;
            let key = self.string()?;
            self.expect(b':', "expected `:`")?;
            let value = self.value()?;
            object.push(key, value);
            more = self.another(b'}', "EOF while parsing an object")?;
        }
        Ok(Json::Object(object))
    }

    /// A string's contents, the opening quote already read; leaves `pos` past the closing
    /// quote. Borrowed from the text unless it holds escapes.
    fn string(&mut self) -> Result<Cow<'t, str>, JsonError> {
        let mut owned: Option<String> = None;
        loop {
            let start = self.pos;
            let rest = &self.text[start..];
            let Some(len) = rest
                .iter()
                .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            else {
                self.pos = self.text.len();
                return Err(self.error("EOF while parsing a string"));
            };
            let run = self.utf8(start, len)?;
            self.pos = start + len;
            match rest[len] {
                b'"' => {
                    self.pos += 1;
                    return Ok(match owned {
                        None => Cow::Borrowed(run),
                        Some(mut s) => {
                            s.push_str(run);
                            Cow::Owned(s)
                        }
                    });
                }
                b'\\' => {
                    let s = owned.get_or_insert_with(String::new);
                    s.push_str(run);
                    self.pos += 1;
                    self.escape(s)?;
                }
                _ => {
                    return Err(self
                        .error("control character (\\u0000-\\u001F) found while parsing a string"))
                }
            }
        }
    }

    /// The `len` bytes at `start` as text, or an error where the broken UTF-8 starts.
    fn utf8(&self, start: usize, len: usize) -> Result<&'t str, JsonError> {
        std::str::from_utf8(&self.text[start..start + len]).map_err(|e| {
            JsonError::at(
                self.text,
                start + e.valid_up_to(),
                "invalid unicode code point",
            )
        })
    }

    /// One escape, the backslash already read.
    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(b) = self.peek() else {
            return Err(self.error("EOF while parsing a string"));
        };
        self.pos += 1;
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => {
                self.pos -= 1;
                return Err(self.error("invalid escape"));
            }
        };
        out.push(c);
        Ok(())
    }

    /// `\uXXXX`, the `\u` already read; a UTF-16 surrogate pair takes two.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.text.get(self.pos..self.pos + 2) != Some(b"\\u") {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("lone leading surrogate in hex escape"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode code point"))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                Some(_) => return Err(self.error("invalid escape")),
                None => return Err(self.error("EOF while parsing a string")),
            };
            code = code * 16 + u32::from(digit);
            self.pos += 1;
        }
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(text: &str) -> String {
        parse(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn reads_every_kind_of_value() {
        let value = parse(br#" {"a": [1, -2.5e3, true, false, null], "b": {"c": "d"}} "#).unwrap();
        let a = value.get("a").unwrap().as_array().unwrap();
        assert_eq!(
            a,
            [
                Json::Number("1"),
                Json::Number("-2.5e3"),
                Json::Bool(true),
                Json::Bool(false),
                Json::Null
            ]
        );
        assert_eq!(
            value.get("b").unwrap().get("c").unwrap().as_str(),
            Some("d")
        );
        assert_eq!(value.get("x"), None);
        assert_eq!(value.get("b").unwrap().get_str("c"), Some("d"));
        assert_eq!(value.get_str("a"), None, "an array is no string");
    }

    #[test]
    fn strings_without_escapes_are_borrowed_and_escapes_are_decoded() {
        let plain = parse("\"gewoon tekst, met é\"".as_bytes()).unwrap();
        assert!(matches!(
            plain,
            Json::String(Cow::Borrowed("gewoon tekst, met é"))
        ));
        let escaped = parse(br#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00""#).unwrap();
        assert_eq!(
            escaped.as_str(),
            Some("a\"b\\c/d\u{8}\u{c}\n\r\té\u{1F600}")
        );
    }

    #[test]
    fn the_last_of_a_repeated_key_counts() {
        let value = parse(br#"{"a": 1, "a": 2}"#).unwrap();
        assert_eq!(value.get("a"), Some(&Json::Number("2")));
    }

    #[test]
    fn what_is_not_json_is_refused_with_where() {
        for (text, expected) in [
            ("", "EOF while parsing a value at line 1 column 1"),
            ("[1,]", "trailing comma at line 1 column 4"),
            ("{\"a\" 1}", "expected `:` at line 1 column 6"),
            ("{\"a\":1,}", "trailing comma at line 1 column 8"),
            ("{1:2}", "key must be a string at line 1 column 2"),
            ("[1 2]", "expected `,` or `]` at line 1 column 4"),
            ("\"ab", "EOF while parsing a string at line 1 column 4"),
            ("\"a\u{1}\"", "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"),
            ("\"\\x\"", "invalid escape at line 1 column 3"),
            ("\"\\ud800\"", "lone leading surrogate in hex escape at line 1 column 8"),
            ("01", "invalid number at line 1 column 2"),
            ("-", "EOF while parsing a value at line 1 column 2"),
            ("1.", "EOF while parsing a value at line 1 column 3"),
            ("1.e3", "invalid number at line 1 column 3"),
            ("tru", "EOF while parsing a value at line 1 column 4"),
            ("nul!", "expected ident at line 1 column 4"),
            ("{}\n x", "trailing characters at line 2 column 2"),
            ("\n  é", "expected value at line 2 column 3"),
        ] {
            assert_eq!(message(text), expected, "{text:?}");
        }
        let broken_utf8 = parse(b"\"ab\xff\"").unwrap_err();
        assert_eq!(broken_utf8.message, "invalid unicode code point");
    }

    #[test]
    fn nesting_stops_at_the_limit() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(nested(MAX_DEPTH - 1).as_bytes()).is_ok());
        assert_eq!(
            parse(nested(MAX_DEPTH).as_bytes()).unwrap_err().message,
            "recursion limit exceeded"
        );
        // Far deeper text fails the same way instead of overflowing the stack.
        assert!(parse(nested(100_000).as_bytes()).is_err());
        assert!(parse(nested(100_000).as_bytes()).unwrap_err().is_too_deep());
        assert!(!parse(b"[1,]").unwrap_err().is_too_deep());
    }

    #[test]
    fn a_part_read_on_its_own_counts_the_depth_it_sits_at() {
        let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let whole = |n: usize| format!("{{\"items\": [{}]}}", nested(n));
        for n in [MAX_DEPTH - 4, MAX_DEPTH - 3, MAX_DEPTH - 2] {
            assert_eq!(
                parse(whole(n).as_bytes()).is_ok(),
                parse_nested(nested(n).as_bytes(), 2).is_ok(),
                "{n} levels inside an item"
            );
        }
        assert!(parse_nested(nested(MAX_DEPTH - 3).as_bytes(), 2).is_ok());
        assert!(parse_nested(nested(MAX_DEPTH - 2).as_bytes(), 2)
            .unwrap_err()
            .is_too_deep());
    }
}
