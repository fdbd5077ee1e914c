//! Telling, by its letters alone, that a word cannot have any of one page's query terms.
//!
//! The invariant: [`Focus::may_match`] never says no to a word that has one of the
//! query's terms among its terms (a test checks every word of the relevance feed), so an
//! index built with a focus ranks its page exactly as the whole index does.

use crate::page::Query;

/// Which words can have one of a query's terms among their terms, for an index of that
/// query's terms alone ([`IndexBuilder::focus`]). Most of a feed's distinct words have
/// none, and telling so by their letters is much cheaper than stemming and splitting them.
///
/// A stem is what is left of a word, or of a compound's part (itself a piece of the
/// word), once suffixes are cut off, with two exceptions ([`crate::stem`]): a final
/// `heden` becomes `heid`, and a doubled vowel before the final consonant is made single.
/// So whatever the stem `s` of an ASCII word, the word holds `s` without its last
/// letter, or without a final `heid`: the stem's *key*. A word that holds no query term's
/// key has none of its terms. Checked by the keys' first three letters, in a bitmap;
/// letters in common only cost the usual expansion.
#[derive(Debug)]
pub(super) struct Focus {
    /// By [`trigram_bit`]: whether some key begins with those three bytes.
    trigrams: Vec<u64>,
    /// A key is shorter than three bytes (a stem of up to three letters): every word
    /// is expanded.
    every_word: bool,
}

/// Bits in [`Focus::trigrams`].
const TRIGRAM_BITS: usize = 1 << 16;

/// The bit of three bytes in [`Focus::trigrams`].
fn trigram_bit(bytes: &[u8]) -> usize {
    let n = u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2]);
    (n.wrapping_mul(0x9E37_79B1) >> 16) as usize
}

impl Focus {
    pub(super) fn new(query: &Query) -> Focus {
        let mut focus = Focus {
            trigrams: vec![0; TRIGRAM_BITS / 64],
            every_word: false,
        };
        for term in &query.terms {
            let stem = term.stem.as_bytes();
            let key = match stem.strip_suffix(b"heid") {
                Some(key) => key,
                None => &stem[..stem.len().saturating_sub(1)],
            };
            if key.len() < 3 {
                focus.every_word = true;
            } else {
                let bit = trigram_bit(key);
                focus.trigrams[bit / 64] |= 1 << (bit % 64);
            }
        }
        focus
    }

    /// Whether `word` (folded) may have one of the query's terms among its terms.
    pub(super) fn may_match(&self, word: &str) -> bool {
        self.every_word
            || !word.is_ascii()
            || word.as_bytes().windows(3).any(|three| {
                let bit = trigram_bit(three);
                self.trigrams[bit / 64] & (1 << (bit % 64)) != 0
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::QueryTerm;
    use crate::rank::IndexBuilder;

    /// Every term of every word of the relevance feed, and of words made for the
    /// stemmer's two rules that do more than cut off an ending, passes the filter of a
    /// query made of that term alone.
    #[test]
    fn a_focus_lets_through_every_word_with_one_of_its_terms() {
        let text = include_str!("../../../tests/fixtures/relevance/feed.json");
        let feed = crate::validate::parse_feed(text).unwrap();
        let mut builder = IndexBuilder::new();
        for item in &feed.feed.items {
            builder.learn(item);
        }
        let made = [
            "gelegenheden",
            "mogelijkheden",
            "moeilijkheden",
            "naam",
            "maatregelen",
            "straat",
            "bedrijfsvoeringsmaatregelen",
            "zonneparkgelegenheden",
            "zorgloket",
        ];
        let words: Vec<String> = builder
            .word_list
            .iter()
            .cloned()
            .chain(made.iter().map(|w| w.to_string()))
            .collect();
        // A query whose term most of these words lack, for how often the filter lets a
        // word through whose terms are others.
        let other = Focus::new(&Query {
            terms: vec![QueryTerm {
                stem: "spraakherkenn".into(),
                weight: 1.0,
                surface: String::new(),
                related: false,
            }],
            phrases: Vec::new(),
        });
        let (mut checked, mut passed_by) = (0, 0);
        for word in &words {
            for term in builder.analyzer.expand(word, &builder.vocabulary) {
                let query = Query {
                    terms: vec![QueryTerm {
                        stem: term.stem.clone(),
                        weight: 1.0,
                        surface: term.word,
                        related: false,
                    }],
                    phrases: Vec::new(),
                };
                let focus = Focus::new(&query);
                assert!(
                    focus.may_match(word),
                    "{word:?} has the term {:?}",
                    term.stem
                );
                checked += 1;
                passed_by += usize::from(other.may_match(word) && !word.contains("spraak"));
            }
        }
        assert!(checked > 3000, "{checked} terms");
        assert!(
            passed_by * 20 < checked,
            "{passed_by} of {checked} let through in vain"
        );
    }
}
