//! Text → terms. Feeds and pages are Dutch first, English second; both sides of a match
//! must go through the same steps or nothing meets: case and diacritics folding
//! ("geëvalueerd" = "geevalueerd"), splitting on anything that is not a letter or digit,
//! dropping stop words and bare numbers, and Snowball stemming for Dutch
//! ("experimenten" and "experiment" meet).

use rust_stemmers::{Algorithm, Stemmer};

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

/// Whether a folded word is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
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

impl Analyzer {
    /// Appends the terms of `text` to `out`, in order, with repeats.
    pub fn terms_into(&self, text: &str, out: &mut Vec<String>) {
        let folded = fold(text);
        for word in folded.split(|c: char| !c.is_alphanumeric()) {
            if word.chars().count() < 2
                || is_stop_word(word)
                || word.bytes().all(|b| b.is_ascii_digit())
            {
                continue;
            }
            out.push(self.stemmer.stem(word).into_owned());
        }
    }

    /// The terms of `text`.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.terms_into(text, &mut out);
        out
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
}
