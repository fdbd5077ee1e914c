//! Text → terms. Feeds and pages are Dutch first, English second; both sides of a match
//! must go through the same steps or nothing meets: case and diacritics folding
//! ("geëvalueerd" = "geevalueerd"), splitting on anything that is not a letter or digit,
//! dropping stop words and bare numbers, and Snowball stemming for Dutch
//! ("experimenten" and "experiment" meet).

use rust_stemmers::{Algorithm, Stemmer};

use crate::compound::Vocabulary;

/// Lower-cases and removes diacritics from Latin letters, leaving other characters alone.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            match fold_char(lower) {
                Some(s) => out.push_str(s),
                None => out.push(lower),
            }
        }
    }
    out
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

/// The folded words of a text that can be search terms: split on anything that is not a
/// letter or digit, without stop words, bare numbers and one-letter words.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 2 && !is_stop_word(w) && !w.bytes().all(|b| b.is_ascii_digit()))
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

/// Turns text into search terms. One analyzer is built per index or query; it holds the
/// stemmer so that the stemming tables are set up once.
pub struct Analyzer {
    stemmer: Stemmer,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer {
            stemmer: Stemmer::create(Algorithm::Dutch),
        }
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Analyzer(dutch)")
    }
}

impl Analyzer {
    /// The stem of one folded word.
    pub fn stem(&self, word: &str) -> String {
        self.stemmer.stem(word).into_owned()
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
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let a = Analyzer::default();
        assert_eq!(a.terms("Experimenten"), a.terms("experiment"));
        assert_eq!(a.terms("gemeenten"), a.terms("gemeente"));
        assert_eq!(a.terms("klantcontacten"), a.terms("klantcontact"));
        assert_eq!(a.terms("de gemeente en het Rijk"), ["gemeent", "rijk"]);
        assert!(a.terms("in 2024 met de").is_empty());
    }

    #[test]
    fn compound_parts_get_a_lower_weight() {
        let a = Analyzer::default();
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
