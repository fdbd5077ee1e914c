//! Splitting Dutch compounds, so that a page about "spraaktechnologie" meets a project
//! about "spraakherkenning" through "spraak".
//!
//! Dutch writes compounds as one word, and the parts carry the meaning a reader searches
//! for. A word is split where both parts are known words: words of the corpus itself (so
//! the splitter learns each feed's vocabulary) plus a small built-in lexicon of common
//! public-sector words. A linking `s` ("veiligheid-s-regio") is allowed. Parts are split
//! once more, so "klantcontactcentrum" gives "klantcontact", "klant", "contact" and
//! "centrum". Splitting works on folded, unstemmed words: the stemmer treats a word's end
//! differently ("spraak" → "sprak"), so parts are stemmed only after splitting.

use crate::plain_text::char_count;
use rustc_hash::FxHashMap as HashMap;

/// Shortest part a compound is split into: shorter ones ("de", "in", "af") are too often
/// accidental.
const MIN_PART_CHARS: usize = 4;

/// Common words of Dutch public-sector writing that a small feed may use only inside
/// compounds. Folded (no diacritics), sorted for reading, not for lookup.
const LEXICON: &[&str] = &[
    "afval",
    "algoritme",
    "analyse",
    "app",
    "arbeid",
    "assistent",
    "auto",
    "bank",
    "beheer",
    "belasting",
    "beleid",
    "bericht",
    "besluit",
    "bestand",
    "betaling",
    "bewoner",
    "bot",
    "brief",
    "brieven",
    "burger",
    "centrum",
    "contact",
    "data",
    "dienst",
    "dienstverlening",
    "digitaal",
    "dijk",
    "drone",
    "energie",
    "gebied",
    "gegevens",
    "gemeente",
    "gesprek",
    "gezondheid",
    "grond",
    "herkenning",
    "hitte",
    "huis",
    "informatie",
    "innovatie",
    "kaart",
    "kennis",
    "klant",
    "klimaat",
    "kosten",
    "landbouw",
    "leer",
    "lucht",
    "markt",
    "mobiliteit",
    "model",
    "netwerk",
    "onderwijs",
    "ontwerp",
    "opsporing",
    "overheid",
    "pilot",
    "platform",
    "proces",
    "project",
    "recht",
    "regel",
    "regio",
    "register",
    "risico",
    "schuld",
    "spraak",
    "stad",
    "stikstof",
    "stroom",
    "systeem",
    "taal",
    "technologie",
    "telefoon",
    "toeslag",
    "training",
    "transcriptie",
    "uitkering",
    "veiligheid",
    "verkeer",
    "vervoer",
    "vraag",
    "water",
    "waterstof",
    "weg",
    "werk",
    "wijk",
    "woning",
    "zorg",
    "zon",
];

/// Known words to split against.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// The words. A map whose values go unused rather than a set: every
    /// string-keyed table in the crate maps to a `u32`, because each key and value type
    /// compiles its own hash-table code (see "Size: where the bytes go" in
    /// docs/benchmarks.md).
    words: HashMap<String, u32>,
}

impl Vocabulary {
    /// A vocabulary holding the built-in lexicon.
    pub fn with_lexicon() -> Vocabulary {
        Vocabulary {
            words: LEXICON.iter().map(|w| (w.to_string(), 0)).collect(),
        }
    }

    /// Adds a folded word (shorter words are ignored: they are never parts).
    pub fn insert(&mut self, word: &str) {
        if char_count(word) >= MIN_PART_CHARS && !self.words.contains_key(word) {
            self.words.insert(word.to_string(), 0);
        }
    }

    /// The words besides the built-in lexicon's, for writing them into a pack
    /// ([`crate::pack`]), which [`Vocabulary::insert`] puts back.
    pub(crate) fn learned_words(&self) -> impl Iterator<Item = &str> {
        self.words
            .keys()
            .map(String::as_str)
            .filter(|w| !LEXICON.contains(w))
    }

    /// Whether `word` is known.
    pub fn contains(&self, word: &str) -> bool {
        self.words.contains_key(word)
    }

    /// How many words are known.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether no word is known.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `part` is a known word or, `depth` levels down, a compound of known words.
    fn is_known(&self, part: &str, depth: u8) -> bool {
        self.contains(part) || (depth > 0 && self.split_once(part, depth - 1).is_some())
    }

    /// The best split of a folded word into two known parts (each possibly a compound
    /// itself, `depth` levels down), if any: the longest head whose rest is known too.
    fn split_once<'w>(&self, word: &'w str, depth: u8) -> Option<(&'w str, &'w str)> {
        // Every distinct word of a feed is split at start-up, with its parts: for ASCII, the
        // usual case, a character's place is its byte's, and no list of places is needed.
        let ascii = word.is_ascii();
        let chars = char_count(word);
        if chars < 2 * MIN_PART_CHARS {
            return None;
        }
        let boundaries: Vec<usize> = if ascii {
            Vec::new()
        } else {
            word.char_indices().map(|(i, _)| i).collect()
        };
        for cut in (MIN_PART_CHARS..=chars - MIN_PART_CHARS).rev() {
            let at = if ascii { cut } else { boundaries[cut] };
            let (head, tail) = word.split_at(at);
            if !self.is_known(tail, depth) {
                continue;
            }
            if self.is_known(head, depth) {
                return Some((head, tail));
            }
            if let Some(stripped) = head.strip_suffix('s') {
                if char_count(stripped) >= MIN_PART_CHARS && self.is_known(stripped, depth) {
                    return Some((stripped, tail));
                }
            }
        }
        None
    }

    /// The parts of a folded word, two levels deep, without the word itself; empty when it
    /// is not a compound of known words.
    pub fn parts(&self, word: &str) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some((head, tail)) = self.split_once(word, 1) {
            for part in [head, tail] {
                parts.push(part.to_string());
                if let Some((a, b)) = self.split_once(part, 0) {
                    parts.push(a.to_string());
                    parts.push(b.to_string());
                }
            }
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(words: &[&str]) -> Vocabulary {
        let mut v = Vocabulary::default();
        for w in words {
            v.insert(w);
        }
        v
    }

    #[test]
    fn compounds_split_into_known_parts() {
        let v = Vocabulary::with_lexicon();
        assert_eq!(v.parts("spraaktechnologie"), ["spraak", "technologie"]);
        assert_eq!(v.parts("spraakherkenning"), ["spraak", "herkenning"]);
        assert_eq!(
            v.parts("klantcontactcentrum"),
            ["klantcontact", "klant", "contact", "centrum"]
        );
        assert_eq!(
            v.parts("veiligheidsregio"),
            ["veiligheid", "regio"],
            "linking s"
        );
    }

    #[test]
    fn the_corpus_teaches_new_parts() {
        let v = vocabulary(&["voice", "assistent"]);
        assert_eq!(v.parts("voiceassistent"), ["voice", "assistent"]);
        assert!(
            Vocabulary::with_lexicon()
                .parts("voiceassistent")
                .is_empty(),
            "\"voice\" is not built in"
        );
    }

    #[test]
    fn short_or_unknown_parts_do_not_split() {
        let v = Vocabulary::with_lexicon();
        assert!(v.parts("waterig").is_empty(), "too short to hold two parts");
        assert!(
            v.parts("parkeervergunning").is_empty(),
            "neither part is known"
        );
        assert!(v.parts("spraak").is_empty());
    }

    #[test]
    fn words_beyond_ascii_split_at_characters_not_bytes() {
        // Four letters each, eight bytes each: counted as characters, as ASCII words are.
        let v = vocabulary(&["вода", "город", "θάλασσα"]);
        assert_eq!(v.parts("водагород"), ["вода", "город"]);
        assert_eq!(v.parts("θάλασσαвода"), ["θάλασσα", "вода"]);
        assert!(
            vocabulary(&["вод"]).is_empty(),
            "three letters are too short"
        );
    }
}
