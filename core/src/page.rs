//! What a page is about, and the weighted query made from it.
//!
//! The widget reads the strings from the DOM; this module decides what they mean. The
//! admin's `data-topics` is the strongest signal, then the page's own subject metadata,
//! then its title and heading, then (weakly, and bounded) its main text.

use rustc_hash::FxHashMap as HashMap;

use crate::compound::Vocabulary;
use crate::order::sort_by;
use crate::text::{fold, is_word_char, lowercase, phrase_key, words, Analyzer};
use crate::themes::Themes;

/// Most characters of main text considered: enough for the topic, bounded for speed.
pub const MAX_MAIN_TEXT_CHARS: usize = 5_000;
/// Most distinct main-text terms that enter the query.
const MAIN_TEXT_TERMS: usize = 20;

/// The strings a widget reads from its page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageContext {
    /// `data-topics`, split on commas.
    pub topics: Vec<String>,
    /// `<meta name="keywords">` and `<meta name="dcterms.subject">`, split on commas.
    pub keywords: Vec<String>,
    /// `<meta name="description">`.
    pub description: Option<String>,
    /// `<title>`.
    pub title: Option<String>,
    /// The first `<h1>`.
    pub heading: Option<String>,
    /// Text of `<main>` or `<article>`, without the widget itself.
    pub main_text: Option<String>,
}

/// Splits a comma- or semicolon-separated list (`data-topics`, keywords), trimming and
/// dropping empty entries.
pub fn split_list(list: &str) -> Vec<String> {
    list.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Removes a site-name suffix from a document title: "Onderwerp – BZK Intranet" → "Onderwerp".
pub fn strip_site_name(title: &str) -> &str {
    for sep in [" – ", " — ", " | ", " - ", " :: "] {
        if let Some(at) = last_index_of(title, sep) {
            let head = title[..at].trim();
            if !head.is_empty() {
                return head;
            }
        }
    }
    title.trim()
}

/// Where `needle` last starts in `haystack`, by trying every position: a title is short,
/// and `str::rfind` with a string brings the standard library's two-way searcher (1 KB of
/// the widget's Wasm) for this one use.
fn last_index_of(haystack: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (haystack.as_bytes(), needle.as_bytes());
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&at| hay[at..].starts_with(needle))
}

/// A weighted query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Distinct terms, heaviest first.
    pub terms: Vec<QueryTerm>,
    /// Topic and keyword phrases as keys (see [`phrase_key`]), for exact tag matches.
    pub phrases: Vec<String>,
}

/// One term of a [`Query`].
#[derive(Debug, Clone, PartialEq)]
pub struct QueryTerm {
    /// The term (a stem), as the index knows it.
    pub stem: String,
    pub weight: f32,
    /// The word as the page first wrote it, or for a related term the vocabulary's, for
    /// explanations.
    pub surface: String,
    /// Brought in by the theme vocabulary ([`crate::themes`]) for a term of the page, not
    /// on the page itself: a card shown for it says "Verwant onderwerp".
    pub related: bool,
}

impl Query {
    /// Whether nothing on the page says what it is about.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

impl PageContext {
    /// Builds the query. Weights: topics 4, keywords 2.5, title and heading 1.5,
    /// description 1, main text up to 0.9 for its most frequent terms; then the theme
    /// vocabulary's equivalents and related terms of those, weaker ([`Themes::expand`]).
    pub fn to_query(&self, analyzer: &Analyzer, vocabulary: &Vocabulary, themes: &Themes) -> Query {
        // Stem → its place in `terms`: one map of one type (see "Size: where the bytes go"
        // in docs/benchmarks.md), the weights summed in place.
        let mut places: HashMap<String, u32> = HashMap::default();
        let mut terms: Vec<QueryTerm> = Vec::new();
        let mut add = |text: &str, weight: f32, terms: &mut Vec<QueryTerm>| {
            for word in text.split(|c: char| !is_word_char(c)) {
                let folded = fold(word);
                for key in words(&folded) {
                    for (i, term) in analyzer.expand(key, vocabulary).into_iter().enumerate() {
                        let place = *places.entry(term.stem.clone()).or_insert_with(|| {
                            // The word as the page wrote it; a compound's part as the part.
                            let surface = if i == 0 {
                                lowercase(word)
                            } else {
                                term.word.clone()
                            };
                            terms.push(QueryTerm {
                                stem: term.stem,
                                weight: 0.0,
                                surface,
                                related: false,
                            });
                            (terms.len() - 1) as u32
                        });
                        terms[place as usize].weight += weight * term.weight;
                    }
                }
            }
        };
        for topic in &self.topics {
            add(topic, 4.0, &mut terms);
        }
        for keyword in &self.keywords {
            add(keyword, 2.5, &mut terms);
        }
        if let Some(title) = &self.title {
            add(strip_site_name(title), 1.5, &mut terms);
        }
        if let Some(heading) = &self.heading {
            add(heading, 1.5, &mut terms);
        }
        if let Some(description) = &self.description {
            add(description, 1.0, &mut terms);
        }
        if let Some(main) = &self.main_text {
            let bounded: String = main.chars().take(MAX_MAIN_TEXT_CHARS).collect();
            let mut counts: HashMap<String, u32> = HashMap::default();
            let folded = fold(&bounded);
            for word in words(&folded) {
                *counts.entry(word.to_string()).or_default() += 1;
            }
            let mut frequent: Vec<(String, u32)> =
                counts.into_iter().filter(|(_, n)| *n >= 2).collect();
            // Every order here is total, so an unstable sort is exact (see `order`).
            sort_by(&mut frequent, |a, b| {
                b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
            });
            for (word, n) in frequent.into_iter().take(MAIN_TEXT_TERMS) {
                add(&word, 0.3 * n.min(3) as f32, &mut terms);
            }
        }
        themes.expand(&mut terms);
        sort_by(&mut terms, |a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.stem.cmp(&b.stem))
        });
        let mut phrases: Vec<String> = self
            .topics
            .iter()
            .chain(&self.keywords)
            .map(|p| phrase_key(p))
            .collect();
        sort_by(&mut phrases, Ord::cmp);
        phrases.dedup();
        Query { terms, phrases }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_site_name_goes_from_the_last_separator() {
        assert_eq!(strip_site_name("Onderwerp – BZK Intranet"), "Onderwerp");
        assert_eq!(strip_site_name("A - B - Intranet"), "A - B");
        assert_eq!(strip_site_name(" – Intranet"), "– Intranet");
        assert_eq!(strip_site_name("Alleen een titel "), "Alleen een titel");
        assert_eq!(strip_site_name("Zoë | Intranet"), "Zoë");
        assert_eq!(last_index_of("ab", "abc"), None);
        assert_eq!(last_index_of("abcabc", "bc"), Some(4));
    }

    #[test]
    fn lists_split_on_commas_and_semicolons() {
        assert_eq!(
            split_list(" spraak, klantcontact ;; ,ai "),
            ["spraak", "klantcontact", "ai"]
        );
    }

    #[test]
    fn site_name_suffix_is_stripped_from_titles() {
        assert_eq!(
            strip_site_name("Spraak in klantcontact – BZK Intranet"),
            "Spraak in klantcontact"
        );
        assert_eq!(strip_site_name("Alleen een titel"), "Alleen een titel");
    }

    #[test]
    fn topics_outweigh_title_and_main_text() {
        let page = PageContext {
            topics: vec!["waterstof".into()],
            title: Some("Energie – Intranet".into()),
            main_text: Some("fietsen fietsen fietsen fietsen".into()),
            ..PageContext::default()
        };
        let query = page.to_query(&Analyzer, &Vocabulary::with_lexicon(), &Themes::default());
        let names: Vec<&str> = query.terms.iter().map(|t| t.stem.as_str()).collect();
        assert_eq!(names[0], "waterstof");
        assert!(names.contains(&"energie"));
        assert!(
            !names.contains(&"intranet"),
            "site name must not enter the query"
        );
        assert_eq!(query.terms[0].surface, "waterstof");
        assert_eq!(query.phrases, ["waterstof"]);
    }
}
