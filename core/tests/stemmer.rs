//! `stem::dutch` gives exactly the stems of `rust-stemmers`' Dutch Snowball stemmer, which
//! the ranking was built and tuned on: on every word of the test feeds and pages, and on
//! generated words made to reach every rule of the algorithm (each suffix, in and out of the
//! regions, after vowels and consonants, with accents, marked `i` and `y`, and characters
//! beyond ASCII, where positions are counted in bytes).

use elders_core::stem::dutch;
use elders_core::text::{fold, words};
use rust_stemmers::{Algorithm, Stemmer};

fn assert_same(stemmer: &Stemmer, word: &str) {
    assert_eq!(
        dutch(word),
        stemmer.stem(word),
        "the stem of {word:?} ({:?})",
        word.as_bytes()
    );
}

#[test]
fn every_word_of_the_test_feeds_and_pages_stems_as_snowball_does() {
    let stemmer = Stemmer::create(Algorithm::Dutch);
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let mut count = 0;
    for path in [
        "tests/fixtures/relevance/feed.json",
        "tests/fixtures/relevance/judgments.json",
        "feeds/sample.json",
    ] {
        let text = std::fs::read_to_string(format!("{root}/{path}")).unwrap();
        // Folded, as the analyzer stems them, and as they are: the stemmer takes any text.
        for word in words(&fold(&text)).chain(text.split_whitespace()) {
            assert_same(&stemmer, word);
            count += 1;
        }
    }
    assert!(count > 20_000, "{count} words");
}

/// Pieces that words are made of: the algorithm's suffixes and the letters its rules look
/// at (vowels, doubled vowels and consonants, `gem`, `c`, `j`, `i` and `y` between vowels),
/// accented vowels it unfolds, the marks it uses itself (`I`, `Y`), and characters of two,
/// three and four bytes.
const PIECES: &[&str] = &[
    "a", "e", "i", "o", "u", "y", "è", "á", "ä", "é", "ë", "í", "ï", "ó", "ö", "ú", "ü", "b", "c",
    "d", "g", "h", "j", "k", "l", "m", "n", "r", "s", "t", "v", "aa", "ee", "oo", "uu", "dd", "kk",
    "tt", "gem", "heden", "heid", "ene", "en", "se", "end", "ing", "ig", "lijk", "baar", "bar",
    "I", "Y", "ж", "€", "😀", "1", "-", "ö", "\u{c3}",
];

#[test]
fn generated_words_stem_as_snowball_does() {
    let stemmer = Stemmer::create(Algorithm::Dutch);
    // A fixed linear congruential generator: the same words on every run.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    for _ in 0..300_000 {
        let n = 1 + next(7);
        let word: String = (0..n).map(|_| PIECES[next(PIECES.len())]).collect();
        assert_same(&stemmer, &word);
    }
    // Every one- and two-piece word.
    for a in PIECES {
        assert_same(&stemmer, a);
        for b in PIECES {
            assert_same(&stemmer, &format!("{a}{b}"));
        }
    }
}

#[test]
fn the_usual_dutch_forms_meet() {
    for (word, stem) in [
        ("experimenten", "experiment"),
        ("experiment", "experiment"),
        ("spraakherkenning", "spraakherkenn"),
        ("gemeenten", "gemeent"),
        ("mogelijkheden", "mogelijk"),
        ("bereikbaarheid", "bereik"),
        ("", ""),
    ] {
        assert_eq!(dutch(word), stem, "{word}");
    }
}
