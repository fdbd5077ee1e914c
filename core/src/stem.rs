//! The Dutch Snowball stemmer (the original Dutch algorithm of snowballstem.org), written
//! for the words this crate gives it: folded, nearly always ASCII.
//!
//! Every distinct word of a feed is stemmed at start-up, in the browser's baseline Wasm
//! compiler. The `rust-stemmers` crate runs the algorithm through Snowball's general
//! machinery: a string copied on every change, table searches and a call per character
//! test. Stemming took about a third of loading the 100-item benchmark feed natively, and
//! this version, which works on one byte buffer and changes only its end, takes a fraction
//! of that. It must give exactly the stems `rust-stemmers` gives, for any text, since
//! both sides of a match are stemmed and the ranking's tests were tuned on them: the tests
//! compare the two on every word of the test feeds and on generated words that reach every
//! rule. That includes `rust-stemmers`' own way of counting positions in bytes, not
//! characters (the first region starts at byte 3 at the earliest).

/// The algorithm's vowels: a e i o u y è.
fn is_vowel(c: u32) -> bool {
    matches!(c, 0x61 | 0x65 | 0x69 | 0x6F | 0x75 | 0x79 | 0xE8)
}

/// The character starting at byte `at`, and its length in bytes.
fn char_at(word: &[u8], at: usize) -> (u32, usize) {
    let first = u32::from(word[at]);
    let (len, mut c) = match first {
        0..=0x7F => return (first, 1),
        0xF0.. => (4, first & 0x07),
        0xE0.. => (3, first & 0x0F),
        _ => (2, first & 0x1F),
    };
    for &byte in &word[at + 1..at + len] {
        c = (c << 6) | (u32::from(byte) & 0x3F);
    }
    (c, len)
}

/// The character ending at byte `end`, and its length in bytes.
fn char_before(word: &[u8], end: usize) -> (u32, usize) {
    let mut start = end - 1;
    while word[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    (char_at(word, start).0, end - start)
}

/// Whether the character ending at `end` is a vowel; `None` at the word's start.
fn vowel_before(word: &[u8], end: usize) -> Option<bool> {
    (end > 0).then(|| is_vowel(char_before(word, end).0))
}

/// The stem of `word`.
pub fn dutch(word: &str) -> String {
    let mut word = word.as_bytes().to_vec();
    prelude(&mut word);
    let (p1, p2) = regions(&word);
    let mut stemmer = Suffixes {
        word,
        p1,
        p2,
        e_found: false,
    };
    stemmer.standard_suffix();
    let mut word = stemmer.word;
    // Postlude: the marked consonants back to lower case.
    for byte in &mut word {
        match byte {
            b'I' => *byte = b'i',
            b'Y' => *byte = b'y',
            _ => {}
        }
    }
    // Whole characters were removed or replaced by ASCII ones: still UTF-8.
    String::from_utf8(word).unwrap_or_default()
}

/// Acute and diaeresis accents off the vowels, then `i` between vowels and `y` after a
/// vowel or at the start marked as consonants (upper case).
fn prelude(word: &mut Vec<u8>) {
    let mut at = 0;
    while at < word.len() {
        if word[at] == 0xC3 && at + 1 < word.len() {
            let plain = match word[at + 1] {
                0xA1 | 0xA4 => Some(b'a'),
                0xA9 | 0xAB => Some(b'e'),
                0xAD | 0xAF => Some(b'i'),
                0xB3 | 0xB6 => Some(b'o'),
                0xBA | 0xBC => Some(b'u'),
                _ => None,
            };
            if let Some(plain) = plain {
                word[at] = plain;
                word.remove(at + 1);
                at += 1;
                continue;
            }
        }
        at += char_at(word, at).1;
    }
    if word.first() == Some(&b'y') {
        word[0] = b'Y';
    }
    let mut at = 0;
    while at < word.len() {
        let (c, len) = char_at(word, at);
        let next = at + len;
        if is_vowel(c) && next < word.len() {
            if word[next] == b'i' && next + 1 < word.len() && is_vowel(char_at(word, next + 1).0) {
                word[next] = b'I';
            } else if word[next] == b'y' {
                word[next] = b'Y';
            }
        }
        at = next;
    }
}

/// Just past the first character from `from` on that is a vowel (`vowel`) or is not one
/// (`!vowel`); `None` when no character is.
fn go_past(word: &[u8], mut from: usize, vowel: bool) -> Option<usize> {
    while from < word.len() {
        let (c, len) = char_at(word, from);
        from += len;
        if is_vowel(c) == vowel {
            return Some(from);
        }
    }
    None
}

/// R1 and R2: after the first non-vowel that follows a vowel (R1 at byte 3 at the
/// earliest), and the same again after R1's start. The word's length when there is none.
fn regions(word: &[u8]) -> (usize, usize) {
    let end = word.len();
    let Some(p1) = go_past(word, 0, true).and_then(|at| go_past(word, at, false)) else {
        return (end, end);
    };
    let p2 = go_past(word, p1, true)
        .and_then(|at| go_past(word, at, false))
        .unwrap_or(end);
    (p1.max(3), p2)
}

/// The word while its suffixes come off, always at its end (but for one vowel in step 5).
struct Suffixes {
    word: Vec<u8>,
    p1: usize,
    p2: usize,
    /// Whether step 2 removed an `e`.
    e_found: bool,
}

impl Suffixes {
    fn ends_with(&self, suffix: &[u8]) -> bool {
        self.word.ends_with(suffix)
    }

    /// Where `suffix` starts, when the word ends with it.
    fn suffix(&self, suffix: &[u8]) -> Option<usize> {
        self.ends_with(suffix)
            .then(|| self.word.len() - suffix.len())
    }

    /// Whether the byte before `at` is `byte`.
    fn byte_before(&self, at: usize, byte: u8) -> bool {
        at > 0 && self.word[at - 1] == byte
    }

    /// `dd`, `kk` or `tt` at the end loses its last letter.
    fn undouble(&mut self) {
        if self.ends_with(b"dd") || self.ends_with(b"kk") || self.ends_with(b"tt") {
            self.word.pop();
        }
    }

    /// `en` or `ene` starting at `at` (in R1, after a non-vowel, not after `gem`) goes.
    fn en_ending(&mut self, at: usize) {
        if self.p1 <= at
            && vowel_before(&self.word, at) == Some(false)
            && !self.word[..at].ends_with(b"gem")
        {
            self.word.truncate(at);
            self.undouble();
        }
    }

    /// A final `e` in R1 after a non-vowel goes; sets `e_found`.
    fn e_ending(&mut self) {
        self.e_found = false;
        if let Some(at) = self.suffix(b"e") {
            if self.p1 <= at && vowel_before(&self.word, at) == Some(false) {
                self.word.truncate(at);
                self.e_found = true;
                self.undouble();
            }
        }
    }

    fn standard_suffix(&mut self) {
        // Step 1: the longest of heden, ene, en, se, s.
        if let Some(at) = self.suffix(b"heden") {
            if self.p1 <= at {
                self.word.truncate(at);
                self.word.extend_from_slice(b"heid");
            }
        } else if let Some(at) = self.suffix(b"ene").or_else(|| self.suffix(b"en")) {
            self.en_ending(at);
        } else if let Some(at) = self.suffix(b"se").or_else(|| self.suffix(b"s")) {
            let after_valid = at > 0 && {
                let c = char_before(&self.word, at).0;
                !is_vowel(c) && c != u32::from(b'j')
            };
            if self.p1 <= at && after_valid {
                self.word.truncate(at);
            }
        }
        // Step 2.
        self.e_ending();
        // Step 3a: heid in R2, not after c; then an en before it.
        if let Some(at) = self.suffix(b"heid") {
            if self.p2 <= at && !self.byte_before(at, b'c') {
                self.word.truncate(at);
                if let Some(at) = self.suffix(b"en") {
                    self.en_ending(at);
                }
            }
        }
        // Step 3b: the longest of end, ing, ig, lijk, baar, bar, in R2.
        if let Some(at) = self.suffix(b"end").or_else(|| self.suffix(b"ing")) {
            if self.p2 <= at {
                self.word.truncate(at);
                match self.suffix(b"ig") {
                    Some(ig) if self.p2 <= ig && !self.byte_before(ig, b'e') => {
                        self.word.truncate(ig)
                    }
                    _ => self.undouble(),
                }
            }
        } else if let Some(at) = self.suffix(b"ig") {
            if self.p2 <= at && !self.byte_before(at, b'e') {
                self.word.truncate(at);
            }
        } else if let Some(at) = self.suffix(b"lijk") {
            if self.p2 <= at {
                self.word.truncate(at);
                self.e_ending();
            }
        } else if let Some(at) = self.suffix(b"baar") {
            if self.p2 <= at {
                self.word.truncate(at);
            }
        } else if let Some(at) = self.suffix(b"bar") {
            if self.p2 <= at && self.e_found {
                self.word.truncate(at);
            }
        }
        // Step 4: a double vowel after a non-vowel and before a final non-vowel (not I)
        // is made single.
        let end = self.word.len();
        if end > 0 {
            let (last, len) = char_before(&self.word, end);
            let at = end - len;
            let consonant = !is_vowel(last) && last != u32::from(b'I');
            if consonant
                && at >= 2
                && matches!(&self.word[at - 2..at], b"aa" | b"ee" | b"oo" | b"uu")
                && vowel_before(&self.word, at - 2) == Some(false)
            {
                self.word.remove(at - 1);
            }
        }
    }
}
