//! What a page is about, and the weighted query made from it.
//!
//! The widget reads the strings from the DOM; this module decides what they mean. The
//! admin's `data-topics` is the strongest signal, then the page's own subject metadata,
//! then its title and heading, then (weakly, and bounded) its main text, which also says
//! which words of the title to trust, and speaks louder when the page has no topics.

use rustc_hash::FxHashMap as HashMap;

use crate::compound::Vocabulary;
use crate::order::sort_by;
use crate::text::{fold, is_word_char, lowercase, phrase_key, words, Analyzer};
use crate::themes::Themes;

/// Most characters of main text considered: enough for the topic, bounded for speed.
pub const MAX_MAIN_TEXT_CHARS: usize = 5_000;
/// Most distinct main-text terms that enter the query.
const MAIN_TEXT_TERMS: usize = 20;
/// Most main-text words used once that enter the query for being vocabulary terms.
const MAIN_TEXT_KNOWN_ONCE: usize = 20;
/// The share of its weight a word of the title or the heading keeps when the main text
/// does not have it: a title may lead away from the page's subject ("Aan de keukentafel" over
/// nitrogen), and the main text is what the page is about.
const TITLE_UNSUPPORTED: f32 = 0.25;
/// The main text's weight when the page has no topics and no keywords, relative to its
/// weight beside them.
const MAIN_TEXT_ALONE: f32 = 2.0;

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
    /// Builds the query. Weights: topics 4, keywords 2.5, title and heading 1.5 (a
    /// quarter of that for a word the main text does not have), description 1, main text
    /// up to 1.2 for its most frequent terms and for the vocabulary's terms it uses once
    /// (twice that without topics and keywords); then the theme vocabulary's equivalents
    /// and related terms of those, weaker ([`Themes::expand`]). The weights other than the
    /// first four were chosen on the dev split of the relevance test set
    /// (docs/benchmarks.md, "How the ranking was tuned").
    pub fn to_query(&self, analyzer: &Analyzer, vocabulary: &Vocabulary, themes: &Themes) -> Query {
        // Stem → its place in `terms`: one map of one type (see "Size: where the bytes go"
        // in docs/benchmarks.md), the weights summed in place.
        let mut places: HashMap<String, u32> = HashMap::default();
        let mut terms: Vec<QueryTerm> = Vec::new();
        let bounded: Option<String> = self
            .main_text
            .as_ref()
            .map(|main| fold(&main.chars().take(MAX_MAIN_TEXT_CHARS).collect::<String>()));
        // The main text's words as stems, for telling which words of the title and the
        // heading it supports.
        let mut main_stems: HashMap<String, u32> = HashMap::default();
        for word in bounded.iter().flat_map(|main| words(main)) {
            main_stems.entry(analyzer.stem(word)).or_insert(0);
        }
        // `support`: the share of `weight` a word keeps when the main text does not have it.
        let mut add = |text: &str, weight: f32, support: f32, terms: &mut Vec<QueryTerm>| {
            for word in text.split(|c: char| !is_word_char(c)) {
                let folded = fold(word);
                for key in words(&folded) {
                    let expanded = analyzer.expand(key, vocabulary);
                    let weight =
                        if main_stems.is_empty() || main_stems.contains_key(&expanded[0].stem) {
                            weight
                        } else {
                            weight * support
                        };
                    for (i, term) in expanded.into_iter().enumerate() {
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
            add(topic, 4.0, 1.0, &mut terms);
        }
        for keyword in &self.keywords {
            add(keyword, 2.5, 1.0, &mut terms);
        }
        if let Some(title) = &self.title {
            add(strip_site_name(title), 1.5, TITLE_UNSUPPORTED, &mut terms);
        }
        if let Some(heading) = &self.heading {
            add(heading, 1.5, TITLE_UNSUPPORTED, &mut terms);
        }
        if let Some(description) = &self.description {
            add(description, 1.0, 1.0, &mut terms);
        }
        // Without topics or keywords, the main text is the page's best word on its subject.
        let main_weight = if self.topics.is_empty() && self.keywords.is_empty() {
            MAIN_TEXT_ALONE
        } else {
            1.0
        };
        if let Some(folded) = &bounded {
            let mut counts: HashMap<String, u32> = HashMap::default();
            for word in words(folded) {
                *counts.entry(word.to_string()).or_default() += 1;
            }
            let mut frequent: Vec<(String, u32)> = Vec::new();
            let mut once: Vec<(String, u32)> = Vec::new();
            for (word, n) in counts {
                if n >= 2 { &mut frequent } else { &mut once }.push((word, n));
            }
            // Every order here is total, so an unstable sort is exact (see `order`).
            sort_by(&mut frequent, |a, b| {
                b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
            });
            frequent.truncate(MAIN_TEXT_TERMS);
            // A word the page uses once still names its subject when it is a term of
            // the vocabulary.
            let mut known: Vec<(String, u32)> = once
                .into_iter()
                .filter(|(word, _)| themes.knows(&analyzer.stem(word)))
                .collect();
            sort_by(&mut known, |a, b| a.0.cmp(&b.0));
            known.truncate(MAIN_TEXT_KNOWN_ONCE);
            for (word, n) in frequent.into_iter().chain(known) {
                add(&word, main_weight * 0.4 * n.min(3) as f32, 1.0, &mut terms);
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

    fn weight_of(query: &Query, stem: &str) -> Option<f32> {
        query
            .terms
            .iter()
            .find(|t| t.stem == stem)
            .map(|t| t.weight)
    }

    #[test]
    fn a_title_word_the_main_text_does_not_have_weighs_less() {
        let page = PageContext {
            title: Some("Koffie met de stikstofaanpak".into()),
            main_text: Some("De stikstofaanpak gaat over boeren en natuur.".into()),
            ..PageContext::default()
        };
        let query = page.to_query(&Analyzer, &Vocabulary::with_lexicon(), &Themes::default());
        let supported = weight_of(&query, &Analyzer.stem("stikstofaanpak")).unwrap();
        let unsupported = weight_of(&query, &Analyzer.stem("koffie")).unwrap();
        assert_eq!(unsupported, supported * TITLE_UNSUPPORTED);
    }

    #[test]
    fn a_main_text_word_used_once_enters_the_query_when_the_vocabulary_knows_it() {
        let page = PageContext {
            main_text: Some("Een bakkerij wacht op een aansluiting van de netbeheerder.".into()),
            ..PageContext::default()
        };
        let query = page.to_query(&Analyzer, &Vocabulary::with_lexicon(), &Themes::builtin());
        let own = |stem: &str| query.terms.iter().any(|t| t.stem == stem && !t.related);
        assert!(own(&Analyzer.stem("netbeheerder")), "{:?}", query.terms);
        assert!(
            !own(&Analyzer.stem("bakkerij")),
            "an unknown word used once is not"
        );
        assert!(
            query
                .terms
                .iter()
                .any(|t| t.related && t.surface == "netcongestie"),
            "and it brings in its related terms"
        );
    }
}
