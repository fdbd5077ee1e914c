//! Plain text from outside (feeds of other organisations, questions from readers): how
//! many characters it has, which characters it may never hold, and how to quote it back in
//! a message.
//!
//! The invariant kept here: feeds and questions refuse the same characters
//! ([`is_unwanted_control`]), and every message that repeats what an author wrote quotes
//! it the same unambiguous way ([`quoted`]). This module depends on nothing else in the
//! crate, so that validation, links, questions and text analysis can all build on it.

/// How many characters `s` has: its bytes that do not continue a character. One pass over
/// bytes instead of decoding every character, for the counts start-up makes of every feed
/// text and word, where the browser runs the Wasm in its baseline compiler and pays for
/// each character decoded.
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| b & 0xC0 != 0x80).count()
}

/// Every byte `0x01` times.
const ONES: u64 = u64::from_le_bytes([0x01; 8]);
/// Every byte's high bit.
const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);

/// Whether any byte of `word` is below `n` (at most 0x80), given that none has its high
/// bit set.
const fn any_byte_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(ONES * n as u64) & !word & HIGHS != 0
}

/// How many characters `s` has, and whether it holds one that [`is_unwanted_control`]
/// refuses: one pass over the bytes, eight at a time while they are printable ASCII
/// (nearly all of a feed), and one at a time only in the eight-byte pieces that are not.
/// Every text field of every item is surveyed at start-up, where the browser runs the
/// Wasm in its baseline compiler and pays for each trip round a loop. Text with other
/// characters than ASCII is decoded once more for the controls beyond ASCII.
pub(crate) fn survey(s: &str) -> (usize, bool) {
    let mut pieces = s.as_bytes().chunks_exact(8);
    let mut survey = Survey {
        chars: 0,
        ascii: true,
        control: false,
    };
    for piece in pieces.by_ref() {
        let word = u64::from_le_bytes([
            piece[0], piece[1], piece[2], piece[3], piece[4], piece[5], piece[6], piece[7],
        ]);
        // Printable ASCII: no high bit, nothing below a space, no DEL (0x7F ^ 0x7F = 0).
        let printable = word & HIGHS == 0
            && !any_byte_below(word, 0x20)
            && !any_byte_below(word ^ (ONES * 0x7F), 1);
        if printable {
            survey.chars += 8;
        } else {
            survey.bytes(piece);
        }
    }
    survey.bytes(pieces.remainder());
    let unwanted = survey.control || (!survey.ascii && s.chars().any(is_unwanted_control));
    (survey.chars, unwanted)
}

/// What [`survey`] has found so far.
struct Survey {
    chars: usize,
    ascii: bool,
    /// An unwanted ASCII control.
    control: bool,
}

impl Survey {
    /// Surveys `bytes` one at a time.
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.control |= (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || b == 0x7F;
            self.ascii &= b.is_ascii();
            self.chars += usize::from(b & 0xC0 != 0x80);
        }
    }
}

/// `s` in double quotes for a message, with `"`, `\\`, control characters and invisible
/// direction controls escaped as in Rust's `{:?}`: what a feed's author wrote, unambiguous
/// even when it is empty or has spaces at its ends. Written out because `{:?}` brings the
/// standard library's tables of printable and combining characters into the widget's Wasm.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() || is_unwanted_control(c) => {
                out.push_str("\\u{");
                let code = c as u32;
                let mut digits = false;
                for shift in [20, 16, 12, 8, 4, 0] {
                    let digit = (code >> shift) & 0xf;
                    digits |= digit != 0 || shift == 0;
                    if digits {
                        out.push(char::from_digit(digit, 16).unwrap_or('0'));
                    }
                }
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters plain text may not hold: control characters other than line breaks and
/// tabs, and the bidirectional embedding, override and isolate controls, which are invisible
/// and can make text read differently from what it is ("Trojan Source") wherever it is
/// shown. The plain marks LRM and RLM, which right-to-left text needs, are allowed. Feeds
/// and questions share this rule, and the feed's JSON Schema states it too.
pub fn is_unwanted_control(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_checks_count_and_refuse_as_the_character_definitions_do() {
        let samples = [
            "",
            "plain",
            "geëvalueerd",
            "😀 and 中文",
            "tab\there",
            "bell\u{7}",
            "del\u{7f}",
            "c1\u{85}",
            "c1\u{9f}x",
            "rlo\u{202E}",
            "lri\u{2066}x",
            "lrm\u{200E}ok",
            "nbsp\u{a0}",
            "line\nbreak\r\n",
            "nul\u{0}",
        ];
        for s in samples {
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
            // Also with the sample in every place of an eight-byte piece.
            for pad in 0..=8 {
                let s = format!("{}{s}{}", "x".repeat(pad), "y".repeat(8 - pad));
                let (chars, unwanted) = survey(&s);
                assert_eq!(chars, s.chars().count(), "{s:?}");
                assert_eq!(unwanted, s.chars().any(is_unwanted_control), "{s:?}");
            }
        }
    }

    #[test]
    fn quoted_text_reads_as_debug_formatting_does() {
        for s in [
            "",
            " 2025-13-01 ",
            "a \"b\" \\ c",
            "tab\there\nnew",
            "\u{0}\u{1b}\u{7f}\u{9f}",
            "Zoë 東京",
        ] {
            assert_eq!(quoted(s), format!("{s:?}"));
        }
        assert_eq!(quoted("a\u{202e}b"), "\"a\\u{202e}b\"");
    }
}
