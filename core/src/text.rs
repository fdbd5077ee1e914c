//! Text → terms. Feeds and pages are Dutch first, English second; both sides of a match
//! must go through the same steps or nothing meets: case and diacritics folding
//! ("geëvalueerd" = "geevalueerd"), splitting on anything that is not a letter or digit,
//! dropping stop words and bare numbers, and Snowball stemming for Dutch
//! ("experimenten" and "experiment" meet).

use crate::compound::Vocabulary;

/// Lower-cases and removes diacritics from Latin letters, leaving other characters alone
/// (beyond lower case, see [`lower_char`]).
///
/// Runs of ASCII, nearly all of a Dutch or English text, are copied whole and lower-cased in
/// one pass at the end; only the other characters are looked at one by one. Every item of a
/// feed is folded at start-up, where the browser runs the Wasm in its baseline compiler,
/// which pays for each character decoded and each function called.
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out`, which is emptied first: the index folds every field of every item
/// into one buffer instead of allocating a string for each.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    out.reserve(text.len());
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        out.push_str(&rest[..at]);
        let mut chars = rest[at..].chars();
        let Some(c) = chars.next() else { break };
        let lower = lower_char(c);
        match fold_char(lower) {
            Some(s) => out.push_str(s),
            None => out.push(lower),
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    // Only ASCII capitals change; what the loop above wrote is lower case already.
    out.make_ascii_lowercase();
}

/// `text` in lower case, as [`lower_char`] gives it; diacritics stay (for showing words).
pub fn lowercase(text: &str) -> String {
    text.chars().map(lower_char).collect()
}

/// Lower case for the scripts that feeds and intranet pages here are written in: Latin
/// (ASCII, Latin-1 and Latin Extended-A, which hold every Dutch and other European
/// letter), Greek and Cyrillic. Other characters stay as they are. The standard library's
/// mapping for all of Unicode is an 11.7 KB table in the widget's Wasm, for scripts that
/// these feeds do not use; both sides of a match fold alike, so the choice is consistent.
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A => u + 32,
        0xC0..=0xDE if u != 0xD7 => u + 32,
        // Latin Extended-A: pairs of capital and small letter.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x130 => 'i' as u32,
        0x178 => 0xFF,
        // Greek.
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 63,
        0x391..=0x3AB if u != 0x3A2 => u + 32,
        // Cyrillic.
        0x400..=0x40F => u + 80,
        0x410..=0x42F => u + 32,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ĳ' => "i",
        'ñ' | 'ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'š' | 'ś' => "s",
        'ž' | 'ź' | 'ż' => "z",
        'ß' => "ss",
        _ => return None,
    })
}

/// Words that carry no topic, Dutch and English, folded and sorted (binary-searched).
const STOP_WORDS: &[&str] = &[
    "a", "aan", "al", "alle", "als", "an", "and", "are", "as", "at", "be", "bij", "but", "by",
    "can", "dan", "dat", "de", "deze", "die", "dit", "door", "een", "en", "er", "for", "from",
    "geen", "had", "has", "have", "heb", "hebben", "heeft", "het", "hier", "hij", "hoe", "hun",
    "ik", "in", "into", "is", "it", "its", "je", "kan", "kunnen", "maar", "me", "meer", "met",
    "mijn", "moet", "moeten", "na", "naar", "niet", "nog", "nu", "of", "om", "on", "onder", "ons",
    "onze", "ook", "op", "or", "our", "over", "te", "tegen", "that", "the", "their", "them",
    "they", "this", "to", "toe", "tot", "u", "uit", "uw", "van", "veel", "voor", "waar", "was",
    "wat", "we", "werd", "were", "what", "which", "who", "wie", "wij", "wil", "will", "with",
    "worden", "wordt", "you", "zal", "ze", "zich", "zij", "zijn", "zo", "zou",
];

/// The longest stop word, in bytes: longer words need no lookup. This check runs for every
/// word of every feed item, so it matters for start-up time.
const MAX_STOP_WORD_BYTES: usize = 6;

/// A word of at most eight bytes as a number, left-aligned and zero-padded, so that numbers
/// sort as the words do.
const fn pack(word: &[u8]) -> u64 {
    let mut packed = 0u64;
    let mut i = 0;
    while i < 8 {
        packed <<= 8;
        if i < word.len() {
            packed |= word[i] as u64;
        }
        i += 1;
    }
    packed
}

/// [`STOP_WORDS`] packed: comparing numbers instead of strings keeps the check cheap.
const PACKED_STOP_WORDS: [u64; STOP_WORDS.len()] = {
    let mut packed = [0u64; STOP_WORDS.len()];
    let mut i = 0;
    while i < STOP_WORDS.len() {
        packed[i] = pack(STOP_WORDS[i].as_bytes());
        i += 1;
    }
    packed
};

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    // Packing pads with zero bytes, so a word holding one must not be packed.
    word.len() <= MAX_STOP_WORD_BYTES
        && !word.as_bytes().contains(&0)
        && PACKED_STOP_WORDS
            .binary_search(&pack(word.as_bytes()))
            .is_ok()
}

/// Weight of a compound's part relative to the whole word: a page about
/// "spraaktechnologie" should find "spraakherkenning", but below work on
/// "spraaktechnologie" itself, and a shared part alone ("kenteken-herkenning" vs
/// "spraak-herkenning") must not outweigh a shared topic. Chosen on the dev split of the
/// relevance test set (0.25 and 0.35 best there; 0.5 and 0 worse); see docs/benchmarks.md.
pub const PART_WEIGHT: f32 = 0.25;

/// Whether `c` is part of a word: a letter or a digit.
///
/// The same answer as `char::is_alphanumeric` for ASCII, Latin (with Latin-1, Latin
/// Extended-A and -B and IPA), Greek and Cyrillic (U+0000 to U+052F), which is what feeds
/// and intranet pages here are written in (a test compares them there). Beyond those
/// scripts, a character is part of a word unless it is white space, punctuation or a symbol
/// from the common blocks (general punctuation, currency, arrows, mathematical and other
/// symbols, CJK punctuation, emoji): Chinese or Arabic text then still splits at its spaces
/// and punctuation. The standard library's tables for all of Unicode (letters and numbers)
/// are 2 KB of the widget's Wasm that hardly compress; the page and the feed split alike,
/// so the choice is consistent.
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    match u {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Latin-1: ª µ º, superscript digits and fractions are letters and numbers; the
        // rest below À is punctuation and symbols, and so are × and ÷.
        0x80..=0xBF => matches!(u, 0xAA | 0xB5 | 0xBA | 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE),
        0xD7 | 0xF7 => false,
        // Spacing modifier symbols (˂ ˘ ˙ ˚ …) amid the modifier letters.
        0x2C2..=0x2C5 | 0x2D2..=0x2DF | 0x2E5..=0x2EB | 0x2ED | 0x2EF..=0x2FF => false,
        // Combining marks, Greek and Cyrillic punctuation and signs.
        0x300..=0x344 | 0x346..=0x362 | 0x375 | 0x37E | 0x384 | 0x385 | 0x387 | 0x3F6 => false,
        0x482..=0x489 => false,
        // Unassigned in the Greek block.
        0x378 | 0x379 | 0x380..=0x383 | 0x38B | 0x38D | 0x3A2 => false,
        // Armenian, Hebrew, Arabic punctuation that sits inside their blocks is left as
        // word characters; the blocks of punctuation and symbols are not.
        0x2000..=0x206F // general punctuation
        | 0x20A0..=0x2BFF // currency, letterlike, arrows, maths, technical, box, shapes, dingbats
        | 0x2E00..=0x2E7F // supplemental punctuation
        | 0x3000..=0x303F // CJK symbols and punctuation
        | 0xFE00..=0xFE0F // variation selectors
        | 0xFE30..=0xFE6F // CJK compatibility forms, small forms
        | 0xFEFF // byte order mark
        | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 // full-width punctuation
        | 0x1F000..=0x1FAFF // emoji and pictographs
        => false,
        _ => !c.is_whitespace() && !c.is_control(),
    }
}

/// The folded words of a text that can be search terms: split on anything that is not a
/// letter or digit ([`is_word_char`]), without stop words, bare numbers and one-letter
/// words.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    word_runs(folded).filter(|w| is_term_word(w))
}

/// Every run of word characters in a folded text, the ones [`words`] drops included: for
/// callers that remember each distinct run's verdict instead of asking [`is_term_word`]
/// for every occurrence.
pub(crate) fn word_runs(folded: &str) -> impl Iterator<Item = &str> {
    WordRuns { rest: folded }
}

/// Whether a run of word characters is a search term: not a one-letter word, a stop word
/// or a bare number.
pub(crate) fn is_term_word(run: &str) -> bool {
    run.len() >= 2 && !is_stop_word(run) && !run.bytes().all(|b| b.is_ascii_digit())
}

/// The runs of word characters in a text, as `str::split` on the others would give them
/// without the empty pieces. ASCII is classified byte by byte; only other characters are
/// decoded (see [`fold`] for why that matters at start-up).
struct WordRuns<'t> {
    rest: &'t str,
}

impl WordRuns<'_> {
    /// Whether the character at byte `at` of `rest` is a word character, and its length.
    fn class_at(&self, at: usize) -> (bool, usize) {
        let b = self.rest.as_bytes()[at];
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric(), 1);
        }
        match self.rest[at..].chars().next() {
            Some(c) => (is_word_char(c), c.len_utf8()),
            None => (false, 1),
        }
    }
}

impl<'t> Iterator for WordRuns<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.rest.as_bytes();
        let len = bytes.len();
        let mut at = 0;
        let start = loop {
            // ASCII inline, without a call per byte: this runs over every byte of every
            // feed item at start-up.
            while at < len && bytes[at].is_ascii() && !bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if at >= len {
                self.rest = "";
                return None;
            }
            let (word, n) = self.class_at(at);
            if word {
                break at;
            }
            at += n;
        };
        while at < len {
            while at < len && bytes[at].is_ascii_alphanumeric() {
                at += 1;
            }
            if at >= len || bytes[at].is_ascii() {
                break;
            }
            let (word, n) = self.class_at(at);
            if !word {
                break;
            }
            at += n;
        }
        let run = &self.rest[start..at];
        self.rest = &self.rest[at..];
        Some(run)
    }
}

/// A search term with its weight and the (folded) word it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The stem that is indexed and matched.
    pub stem: String,
    /// 1 for a word, [`PART_WEIGHT`] for a compound's part.
    pub weight: f32,
    /// The word or part, for explanations.
    pub word: String,
}

/// Turns text into search terms: Dutch stems ([`crate::stem::dutch`]) of folded words.
/// It holds nothing; it names the one way in which both the items and the page are
/// analysed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Analyzer;

impl Analyzer {
    /// The stem of one folded word.
    pub fn stem(&self, word: &str) -> String {
        crate::stem::dutch(word)
    }

    /// Appends the terms of `text` to `out`, in order, with repeats (no compound parts).
    pub fn terms_into(&self, text: &str, out: &mut Vec<String>) {
        out.extend(words(&fold(text)).map(|w| self.stem(w)));
    }

    /// The terms of `text` (no compound parts).
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.terms_into(text, &mut out);
        out
    }

    /// The weighted terms of one folded word: its stem with weight 1, and the stems of its
    /// compound parts (see [`crate::compound`]) with [`PART_WEIGHT`].
    pub fn expand(&self, word: &str, vocabulary: &Vocabulary) -> Vec<Term> {
        let mut terms = vec![Term {
            stem: self.stem(word),
            weight: 1.0,
            word: word.to_string(),
        }];
        for part in vocabulary.parts(word) {
            let stem = self.stem(&part);
            if !terms.iter().any(|t| t.stem == stem) {
                terms.push(Term {
                    stem,
                    weight: PART_WEIGHT,
                    word: part,
                });
            }
        }
        terms
    }
}

/// A tag or topic as a comparison key: folded, inner spaces collapsed.
pub fn phrase_key(text: &str) -> String {
    let folded = fold(text);
    // Most labels are ASCII words with single spaces between them: already the key.
    let bytes = folded.as_bytes();
    let tidy = folded.is_ascii()
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !bytes.windows(2).any(|pair| pair == b"  ")
        && !bytes.iter().any(|b| (0x09..=0x0D).contains(b));
    if tidy {
        return folded;
    }
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts that mix what the fast paths treat differently: ASCII runs, Latin letters
    /// that fold to one or two letters, other scripts, emoji, every kind of white space
    /// and punctuation, at the ends and in the middle. Deterministic (a fixed LCG).
    fn mixed_texts() -> Vec<String> {
        let pieces = [
            "Spraak",
            "TECHNOLOGIE",
            "geëvalueerd",
            "ÆSIR",
            "straße",
            "İstanbul",
            "Ĳssel",
            "Œuvre",
            "Ωmega",
            "ΆΈΉ",
            "Москва",
            "中文",
            "مرحبا",
            "😀",
            "→",
            "—",
            "2026",
            "x",
            " ",
            "  ",
            "\t",
            "\n",
            "\u{b}",
            "\u{c}",
            "\r",
            "\u{a0}",
            "\u{2003}",
            "-",
            ",",
            "«",
            "»",
            "½",
            "µ",
            "ª",
            "\u{301}",
            "A",
            "ŉ",
            "ǅ",
        ];
        let mut seed = 0x2545_f491_u64;
        let mut next = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize
        };
        let mut texts: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
        texts.push(String::new());
        for _ in 0..3000 {
            let n = next() % 8;
            texts.push((0..n).map(|_| pieces[next() % pieces.len()]).collect());
        }
        texts
    }

    #[test]
    fn fast_paths_give_what_the_plain_definitions_give() {
        let fold_plain = |text: &str| -> String {
            let mut out = String::new();
            for c in text.chars() {
                let lower = if c.is_ascii() {
                    c.to_ascii_lowercase()
                } else {
                    lower_char(c)
                };
                match fold_char(lower) {
                    Some(s) => out.push_str(s),
                    None => out.push(lower),
                }
            }
            out
        };
        for text in mixed_texts() {
            let folded = fold(&text);
            assert_eq!(folded, fold_plain(&text), "fold {text:?}");
            let plain: Vec<&str> = folded
                .split(|c: char| !is_word_char(c))
                .filter(|w| {
                    w.len() >= 2 && !is_stop_word(w) && !w.bytes().all(|b| b.is_ascii_digit())
                })
                .collect();
            assert_eq!(words(&folded).collect::<Vec<_>>(), plain, "words {text:?}");
            let key = folded.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(phrase_key(&text), key, "phrase_key {text:?}");
        }
    }

    #[test]
    fn lower_case_agrees_with_the_standard_library_for_the_scripts_it_covers() {
        let blocks = [0..0x250u32, 0x370..0x400, 0x400..0x460];
        for c in blocks.into_iter().flatten().filter_map(char::from_u32) {
            let mut standard = c.to_lowercase();
            let first = standard.next().unwrap();
            let u = c as u32;
            let covered = u < 0x180 || (0x386..0x3CF).contains(&u) || (0x400..0x430).contains(&u);
            if c == '\u{130}' {
                // İ: "i" plus a combining dot in std, which folding would drop anyway.
                assert_eq!(lower_char(c), 'i');
            } else if covered {
                assert_eq!(standard.next(), None, "{c}");
                assert_eq!(lower_char(c), first, "{c} U+{u:04X}");
            } else {
                // Outside what it covers, a letter is left as it is or lowered like std.
                assert!(lower_char(c) == c || lower_char(c) == first, "{c}");
            }
        }
        assert_eq!(fold("ÉÉN GEËVALUEERD ŒUVRE"), "een geevalueerd oeuvre");
        assert_eq!(lowercase("Überweisung Ÿ"), "überweisung ÿ");
    }

    #[test]
    fn word_characters_agree_with_the_standard_library_for_the_scripts_they_cover() {
        let differ: Vec<String> = (0..0x530u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_word_char(c) != c.is_alphanumeric())
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
        for c in ['東', '京', 'ب', 'ع', '한', '٣'] {
            assert!(is_word_char(c), "{c}");
        }
        for c in [
            '–', '—', '’', '“', '…', '€', '→', '✓', '、', '。', '（', '！', '🚀', '\u{3000}',
            '\u{a0}',
        ] {
            assert!(!is_word_char(c), "{c}");
        }
        let split: Vec<&str> = "spraak–technologie, €5 “pilot” 東京！ok"
            .split(|c| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .collect();
        assert_eq!(split, ["spraak", "technologie", "5", "pilot", "東京", "ok"]);
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.len()).max(),
            Some(MAX_STOP_WORD_BYTES)
        );
        assert!(PACKED_STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        for w in STOP_WORDS {
            assert!(is_stop_word(w));
        }
        for w in ["", "aa", "aanb", "zouden", "experiment", "ze\u{0}"] {
            assert!(!is_stop_word(w), "{w:?}");
        }
    }

    #[test]
    fn folding_removes_case_and_diacritics() {
        assert_eq!(fold("Geëvalueerd CAFÉ Ĳssel"), "geevalueerd cafe issel");
    }

    #[test]
    fn word_forms_meet_after_stemming() {
        let a = Analyzer;
        assert_eq!(a.terms("Experimenten"), a.terms("experiment"));
        assert_eq!(a.terms("gemeenten"), a.terms("gemeente"));
        assert_eq!(a.terms("klantcontacten"), a.terms("klantcontact"));
        assert_eq!(a.terms("de gemeente en het Rijk"), ["gemeent", "rijk"]);
        assert!(a.terms("in 2024 met de").is_empty());
    }

    #[test]
    fn compound_parts_get_a_lower_weight() {
        let a = Analyzer;
        let v = Vocabulary::with_lexicon();
        let terms: Vec<(String, f32, String)> = a
            .expand("spraaktechnologie", &v)
            .into_iter()
            .map(|t| (t.stem, t.weight, t.word))
            .collect();
        assert_eq!(
            terms[0],
            (a.stem("spraaktechnologie"), 1.0, "spraaktechnologie".into())
        );
        assert_eq!(terms[1], (a.stem("spraak"), PART_WEIGHT, "spraak".into()));
        assert_eq!(
            terms[2],
            (a.stem("technologie"), PART_WEIGHT, "technologie".into())
        );
        assert_eq!(a.expand("water", &v).len(), 1);
    }
}
