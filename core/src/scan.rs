//! Finding a JSON Feed's parts without parsing the document whole.
//!
//! A 10,000-item feed is megabytes of JSON. Parsing it in one call blocks a browser's main
//! thread for hundreds of milliseconds, long enough for a reader to notice the page freeze.
//! This scanner walks the text once, a bounded number of bytes per call, and records where
//! the top-level object's members and the elements of its `items` array are. It checks the
//! structure only: brackets match, strings end, the top level is an object of `"key": value`
//! pairs, nothing follows it. Each part is then parsed on its own by [`crate::json`], one item
//! per step (see [`crate::load`]), so broken JSON inside one item costs only that item.

use std::ops::Range;

/// Where the parts of a feed document are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// The top-level members other than `items`, in document order: the decoded key and
    /// the byte range of its value.
    pub members: Vec<(String, Range<usize>)>,
    /// The byte range of each element of the `items` array, without surrounding
    /// whitespace; `None` when there is no `items` member or it is not an array. An element
    /// missing between two commas has an empty range (and fails to parse as an item).
    pub items: Option<Vec<Range<usize>>>,
}

/// Why the text is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// The document is JSON-like but its top level is not an object.
    NotAnObject,
    /// Broken structure at a byte offset.
    Syntax {
        /// What was wrong.
        message: &'static str,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
    },
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::NotAnObject => f.write_str("the document is not a JSON object"),
            ScanError::Syntax {
                message,
                line,
                column,
            } => write!(f, "{message} at line {line} column {column}"),
        }
    }
}

/// Where the scanner is in the top-level object's grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    /// Before the opening `{`.
    Start,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,`: a key.
    Key,
    /// Inside a key string.
    InKey,
    /// After a key: `:`.
    Colon,
    /// After `:`: the value's first byte.
    ValueStart,
    /// Inside a member's value.
    Value,
    /// After the closing `}`: only whitespace may follow.
    Done,
}

/// A resumable structural scan over one document. Call [`Scanner::scan`] until it returns
/// a [`Layout`].
#[derive(Debug, Clone)]
pub struct Scanner {
    pos: usize,
    /// Open brackets (`{` or `[`), outermost first.
    stack: Vec<u8>,
    top: Top,
    in_string: bool,
    escaped: bool,
    /// The last byte that was not whitespace outside strings (or any byte inside one).
    last_significant: usize,
    key_start: usize,
    key: String,
    value_start: usize,
    /// Whether the current member is `items` and its value an array.
    in_items: bool,
    item_start: Option<usize>,
    layout: Layout,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner::new()
    }
}

fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl Scanner {
    /// A scanner at the start of a document.
    pub fn new() -> Scanner {
        Scanner {
            pos: 0,
            stack: Vec::new(),
            top: Top::Start,
            in_string: false,
            escaped: false,
            last_significant: 0,
            key_start: 0,
            key: String::new(),
            value_start: 0,
            in_items: false,
            item_start: None,
            layout: Layout::default(),
        }
    }

    /// How far the scan has got, in bytes.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Scans up to `budget` more bytes of the document (the same bytes on every call).
    /// Returns the layout once the document's end is reached, `None` while there is more to
    /// scan. The bytes need not be valid UTF-8: strings are checked when each part is parsed.
    pub fn scan(&mut self, bytes: &[u8], budget: usize) -> Result<Option<Layout>, ScanError> {
        let text = bytes;
        let end = bytes.len().min(self.pos.saturating_add(budget.max(1)));
        while self.pos < end {
            let i = self.pos;
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    self.pos += 1;
                    self.last_significant = i;
                    continue;
                }
                // Most of a feed is the inside of strings: its plain bytes are skipped in
                // one tight loop rather than one trip through the state machine each,
                // which the browser's baseline compiler makes expensive.
                let Some(n) = bytes[i..end].iter().position(|&b| b == b'"' || b == b'\\') else {
                    self.pos = end;
                    self.last_significant = end - 1;
                    continue;
                };
                let at = i + n;
                self.pos = at + 1;
                self.last_significant = at;
                if bytes[at] == b'\\' {
                    self.escaped = true;
                } else {
                    self.in_string = false;
                    if self.top == Top::InKey {
                        self.key = decode_key(&text[self.key_start..=at]);
                        self.top = Top::Colon;
                    }
                }
                continue;
            }
            self.pos += 1;
            let b = bytes[i];
            if is_whitespace(b) {
                continue;
            }
            self.byte(text, i, b)?;
            self.last_significant = i;
        }
        if self.pos < bytes.len() {
            return Ok(None);
        }
        match self.top {
            Top::Done => Ok(Some(std::mem::take(&mut self.layout))),
            Top::Start => Err(syntax(text, self.pos, "EOF while parsing a value")),
            _ if self.in_string => Err(syntax(text, self.pos, "EOF while parsing a string")),
            _ => Err(syntax(text, self.pos, "EOF while parsing an object")),
        }
    }

    /// One byte outside strings that is not whitespace.
    fn byte(&mut self, text: &[u8], i: usize, b: u8) -> Result<(), ScanError> {
        match self.top {
            Top::Start => {
                return match b {
                    b'{' => {
                        self.stack.push(b);
                        self.top = Top::FirstKey;
                        Ok(())
                    }
                    b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                        Err(ScanError::NotAnObject)
                    }
                    _ => Err(syntax(text, i, "expected value")),
                }
            }
            Top::FirstKey | Top::Key => {
                return match b {
                    b'"' => {
                        self.in_string = true;
                        self.key_start = i;
                        self.top = Top::InKey;
                        Ok(())
                    }
                    b'}' if self.top == Top::FirstKey => {
                        self.stack.pop();
                        self.top = Top::Done;
                        Ok(())
                    }
                    _ => Err(syntax(text, i, "key must be a string")),
                }
            }
            Top::InKey => unreachable!("keys are strings"),
            Top::Colon => {
                return if b == b':' {
                    self.top = Top::ValueStart;
                    Ok(())
                } else {
                    Err(syntax(text, i, "expected `:`"))
                }
            }
            Top::ValueStart => {
                if matches!(b, b',' | b'}' | b']') {
                    return Err(syntax(text, i, "expected value"));
                }
                self.value_start = i;
                self.top = Top::Value;
                if self.key == "items" {
                    // A later `items` member replaces an earlier one, as in a parsed object.
                    self.in_items = b == b'[';
                    self.layout.items = self.in_items.then(Vec::new);
                    self.item_start = None;
                }
            }
            Top::Value => {}
            Top::Done => return Err(syntax(text, i, "trailing characters")),
        }
        // Inside a member's value.
        let depth = self.stack.len();
        match b {
            b',' | b'}' if depth == 1 => {
                if self.key != "items" {
                    let value = self.value_start..self.last_significant + 1;
                    self.layout
                        .members
                        .push((std::mem::take(&mut self.key), value));
                }
                self.in_items = false;
                if b == b'}' {
                    self.stack.pop();
                    self.top = Top::Done;
                } else {
                    self.top = Top::Key;
                }
            }
            b',' if depth == 2 && self.in_items => {
                let item = match self.item_start.take() {
                    Some(start) => start..self.last_significant + 1,
                    None => i..i,
                };
                self.items().push(item);
            }
            b'{' | b'[' => {
                self.item_started(i, depth);
                self.stack.push(b);
            }
            b'}' | b']' => {
                let open = if b == b'}' { b'{' } else { b'[' };
                if self.stack.last() != Some(&open) {
                    return Err(syntax(text, i, "mismatched bracket"));
                }
                if depth == 2 && self.in_items {
                    // The end of the items array.
                    let seen = self.layout.items.as_ref().map_or(0, Vec::len);
                    let end = self.last_significant + 1;
                    match self.item_start.take() {
                        Some(start) => self.items().push(start..end),
                        // `[…, ]`: the element after the last comma is missing.
                        None if seen > 0 => self.items().push(i..i),
                        None => {}
                    }
                }
                self.stack.pop();
            }
            b'"' => {
                self.item_started(i, depth);
                self.in_string = true;
            }
            _ => self.item_started(i, depth),
        }
        Ok(())
    }

    fn item_started(&mut self, i: usize, depth: usize) {
        if depth == 2 && self.in_items && self.item_start.is_none() {
            self.item_start = Some(i);
        }
    }

    fn items(&mut self) -> &mut Vec<Range<usize>> {
        self.layout.items.get_or_insert_with(Vec::new)
    }
}

/// A key as written between its quotes, with escapes decoded. A key that is not valid
/// UTF-8 (with or without escapes) becomes the empty key: no feed field has it, and the
/// member's value is still checked when it is parsed.
fn decode_key(quoted: &[u8]) -> String {
    if quoted.contains(&b'\\') {
        match crate::json::parse(quoted) {
            Ok(crate::json::Json::String(key)) => key.into_owned(),
            _ => String::new(),
        }
    } else {
        std::str::from_utf8(&quoted[1..quoted.len() - 1])
            .map(str::to_owned)
            .unwrap_or_default()
    }
}

fn syntax(text: &[u8], offset: usize, message: &'static str) -> ScanError {
    let at = crate::json::JsonError::at(text, offset, message);
    ScanError::Syntax {
        message,
        line: at.line,
        column: at.column,
    }
}

/// Scans a whole document in one call.
pub fn scan(text: &str) -> Result<Layout, ScanError> {
    let mut scanner = Scanner::new();
    loop {
        if let Some(layout) = scanner.scan(text.as_bytes(), usize::MAX)? {
            return Ok(layout);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Vec<(String, &str)>, Option<Vec<&str>>) {
        let layout = scan(text).unwrap();
        (
            layout
                .members
                .into_iter()
                .map(|(k, r)| (k, &text[r]))
                .collect(),
            layout
                .items
                .map(|items| items.into_iter().map(|r| &text[r]).collect()),
        )
    }

    #[test]
    fn finds_members_and_items() {
        let text = r#" { "version" : "1.1", "items": [ {"id": "a", "x": [1, {"y": "]},"}]} ,
            { "id":"b" } ], "title": "T \"q\"" , "n": null } "#;
        let (members, items) = parts(text);
        assert_eq!(
            members,
            [
                ("version".to_string(), "\"1.1\""),
                ("title".to_string(), r#""T \"q\"""#),
                ("n".to_string(), "null"),
            ]
        );
        assert_eq!(
            items.unwrap(),
            [r#"{"id": "a", "x": [1, {"y": "]},"}]}"#, r#"{ "id":"b" }"#]
        );
    }

    #[test]
    fn empty_and_missing_items() {
        assert_eq!(parts(r#"{"items": []}"#).1, Some(vec![]));
        assert_eq!(parts(r#"{"items": {}}"#).1, None);
        assert_eq!(parts(r#"{}"#), (vec![], None));
        assert_eq!(
            parts(r#"{"items": [1,,2,]}"#).1,
            Some(vec!["1", "", "2", ""])
        );
        assert_eq!(
            parts(r#"{"items": [1], "items": [2, 3]}"#).1,
            Some(vec!["2", "3"]),
            "the last member wins, as in a parsed object"
        );
        assert_eq!(parts(r#"{"\u0069tems": [7]}"#).1, Some(vec!["7"]));
    }

    #[test]
    fn nested_items_keys_are_not_the_feed_items() {
        let (members, items) = parts(r#"{"x": {"items": [1]}, "items": [2]}"#);
        assert_eq!(members, [("x".to_string(), r#"{"items": [1]}"#)]);
        assert_eq!(items, Some(vec!["2"]));
    }

    #[test]
    fn broken_structure_is_an_error_with_a_position() {
        for (text, message) in [
            ("", "EOF while parsing a value"),
            ("{\"a\": [1}", "mismatched bracket"),
            ("{\"a\": \"x", "EOF while parsing a string"),
            ("{\"a\": 1", "EOF while parsing an object"),
            ("{\"a\" 1}", "expected `:`"),
            ("{a: 1}", "key must be a string"),
            ("{\"a\": 1} x", "trailing characters"),
            ("{\"a\": 1,}", "key must be a string"),
            ("{\"a\": }", "expected value"),
        ] {
            match scan(text) {
                Err(ScanError::Syntax { message: m, .. }) => assert_eq!(m, message, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        assert_eq!(scan("[1]"), Err(ScanError::NotAnObject));
        assert_eq!(
            scan("{\n  \"a\": [1}").unwrap_err().to_string(),
            "mismatched bracket at line 2 column 10"
        );
    }

    #[test]
    fn scanning_in_small_steps_gives_the_same_layout() {
        let text = r#"{"version": "x", "items": [{"id": "é\"]"}, [], "z"], "t": [{"a": 1}]}"#;
        let whole = scan(text).unwrap();
        for budget in 1..8 {
            let mut scanner = Scanner::new();
            let layout = loop {
                if let Some(layout) = scanner.scan(text.as_bytes(), budget).unwrap() {
                    break layout;
                }
            };
            assert_eq!(layout, whole, "budget {budget}");
        }
        // A real feed (non-ASCII text, nested objects and arrays), stopping anywhere.
        let text = include_str!("../../feeds/sample.json");
        let whole = scan(text).unwrap();
        for budget in [1, 3, 7, 64, 4096] {
            let mut scanner = Scanner::new();
            let layout = loop {
                if let Some(layout) = scanner.scan(text.as_bytes(), budget).unwrap() {
                    break layout;
                }
            };
            assert_eq!(layout, whole, "sample feed, budget {budget}");
        }
    }
}
