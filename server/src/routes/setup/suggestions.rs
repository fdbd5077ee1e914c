//! What the configurator suggests while an admin types: the topics and the organisations
//! the merged feed already uses, most used first. Topics the feed uses are the ones the
//! ranking can meet exactly (a tag or theme matched word for word gets a boost), so they
//! are the best words for `data-topics`; an organisation as the feed names it (ideally by
//! its TOOI URI) is how `data-organisation` is recognised.
//!
//! Pure functions over the feed's items; the handler computes them once per version of the
//! merged feed ([`Suggestions::for_snapshot`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use elders_core::text::phrase_key;
use elders_core::Item;

use crate::feed_snapshot::FeedSnapshot;

/// Most suggestions of each kind the page carries: enough for any real feed's vocabulary,
/// bounded so that a feed with thousands of one-off tags does not make the page heavy.
pub const MAX_SUGGESTIONS: usize = 300;

/// A topic the feed uses, and on how many items (as a tag or a theme).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub label: String,
    pub items: usize,
}

/// An organisation the feed names, and on how many items it leads the work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownOrganisation {
    pub name: String,
    /// Its TOOI (or other) URI, when some item gives one: the value to prefer.
    pub uri: Option<String>,
    pub items: usize,
}

impl KnownOrganisation {
    /// What goes into `data-organisation`: the URI when known, the name otherwise.
    pub fn value(&self) -> &str {
        self.uri.as_deref().unwrap_or(&self.name)
    }
}

/// Both lists, for one version of the feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suggestions {
    pub topics: Vec<Topic>,
    pub organisations: Vec<KnownOrganisation>,
}

/// Counts `(key, label)` pairs: the label kept is the spelling seen most often (the first
/// of equals), the count is per item.
#[derive(Default)]
struct Tally {
    /// key → (items, spellings with their counts, in order of first sight)
    seen: HashMap<String, (usize, Vec<(String, usize)>)>,
}

impl Tally {
    fn add(&mut self, key: String, label: &str) {
        let (items, spellings) = self.seen.entry(key).or_default();
        *items += 1;
        match spellings.iter_mut().find(|(s, _)| s == label) {
            Some((_, n)) => *n += 1,
            None => spellings.push((label.to_string(), 1)),
        }
    }

    /// `(label, items)`, most items first, then alphabetically by key.
    fn ranked(self) -> Vec<(String, String, usize)> {
        let mut all: Vec<(String, String, usize)> = self
            .seen
            .into_iter()
            .map(|(key, (items, spellings))| {
                let label = spellings
                    .iter()
                    .fold(None::<&(String, usize)>, |best, s| match best {
                        Some(b) if b.1 >= s.1 => Some(b),
                        _ => Some(s),
                    })
                    .map(|(label, _)| label.clone())
                    .unwrap_or_default();
                (key, label, items)
            })
            .collect();
        all.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
        all.truncate(MAX_SUGGESTIONS);
        all
    }
}

/// The feed's tags and themes as one list of topics, most used first. A word that is a tag
/// on one item and a theme on another is one topic; an item that has it as both counts
/// once. Spellings that differ only in case, accents or spacing are one topic.
pub fn topics(items: &[Item]) -> Vec<Topic> {
    let mut tally = Tally::default();
    for item in items {
        let themes = item.elders.iter().flat_map(|e| e.themes.iter());
        let mut on_this_item: Vec<String> = Vec::new();
        for label in item.tags.iter().chain(themes) {
            let label = label.trim();
            let key = phrase_key(label);
            if key.is_empty() || on_this_item.contains(&key) {
                continue;
            }
            on_this_item.push(key.clone());
            tally.add(key, label);
        }
    }
    tally
        .ranked()
        .into_iter()
        .map(|(_, label, items)| Topic { label, items })
        .collect()
}

/// The organisations that lead the feed's items, most items first. One organisation is
/// known by its URI when it has one (names vary between feeds), by its name otherwise; the
/// URI is kept so that the admin can pick the stable identifier.
pub fn organisations(items: &[Item]) -> Vec<KnownOrganisation> {
    let mut tally = Tally::default();
    let mut uris: HashMap<String, String> = HashMap::new();
    for organisation in items.iter().filter_map(Item::organisation) {
        let name = organisation.name.trim();
        let uri = organisation
            .uri
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty());
        let key = match uri {
            Some(uri) => format!("uri:{}", uri.trim_end_matches('/').to_lowercase()),
            None => format!("name:{}", phrase_key(name)),
        };
        if name.is_empty() {
            continue;
        }
        if let Some(uri) = uri {
            uris.entry(key.clone()).or_insert_with(|| uri.to_string());
        }
        tally.add(key, name);
    }
    tally
        .ranked()
        .into_iter()
        .map(|(key, name, items)| KnownOrganisation {
            uri: uris.get(&key).cloned(),
            name,
            items,
        })
        .collect()
}

impl Suggestions {
    /// Both lists from a feed's items.
    pub fn from_items(items: &[Item]) -> Suggestions {
        Suggestions {
            topics: topics(items),
            organisations: organisations(items),
        }
    }

    /// The lists for the merged feed as served now, kept for the feed's ETag and only
    /// computed again when the feed changed; the work runs off the async threads.
    pub async fn for_snapshot(snapshot: Arc<FeedSnapshot>) -> Arc<Suggestions> {
        static LAST: Mutex<Option<(String, Arc<Suggestions>)>> = Mutex::new(None);
        let cached = LAST
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .as_ref()
            .filter(|(etag, _)| *etag == snapshot.etag)
            .map(|(_, suggestions)| suggestions.clone());
        if let Some(suggestions) = cached {
            return suggestions;
        }
        let etag = snapshot.etag.clone();
        let computed =
            tokio::task::spawn_blocking(move || Suggestions::from_items(&snapshot.indexed.items))
                .await
                .unwrap_or_default();
        let computed = Arc::new(computed);
        *LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) =
            Some((etag, computed.clone()));
        computed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::{Elders, Organisation};

    fn item(tags: &[&str], themes: &[&str], organisation: Option<(&str, Option<&str>)>) -> Item {
        Item {
            id: "x".into(),
            url: None,
            title: "t".into(),
            summary: "s".into(),
            content_text: None,
            date_published: None,
            date_modified: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            language: None,
            authors: vec![],
            elders: Some(Elders {
                themes: themes.iter().map(|t| t.to_string()).collect(),
                organisation: organisation.map(|(name, uri)| Organisation {
                    name: name.into(),
                    uri: uri.map(str::to_string),
                }),
                ..Elders::default()
            }),
        }
    }

    #[test]
    fn topics_are_tags_and_themes_counted_per_item_most_used_first() {
        let items = [
            item(
                &["spraaktechnologie", "klantcontact"],
                &["Dienstverlening"],
                None,
            ),
            item(
                &["Klantcontact"],
                &["dienstverlening", "klantcontact"],
                None,
            ),
            item(&["klantcontact", "voicebot"], &[], None),
            item(&[], &["dienstverlening"], None),
        ];
        let topics = topics(&items);
        let shown: Vec<(&str, usize)> =
            topics.iter().map(|t| (t.label.as_str(), t.items)).collect();
        assert_eq!(
            shown,
            [
                // Three items each, once per item however it is spelled, the common
                // spelling shown; equal counts alphabetically.
                ("dienstverlening", 3),
                ("klantcontact", 3),
                ("spraaktechnologie", 1),
                ("voicebot", 1),
            ]
        );
    }

    #[test]
    fn equal_counts_are_in_alphabetical_order_and_blank_topics_are_skipped() {
        let items = [item(&["zorg", " ", "afval"], &["", "bouw"], None)];
        let labels: Vec<String> = topics(&items).into_iter().map(|t| t.label).collect();
        assert_eq!(labels, ["afval", "bouw", "zorg"]);
    }

    #[test]
    fn organisations_are_known_by_uri_with_the_common_name() {
        let svb = "https://identifier.overheid.nl/tooi/id/zbo/zb000143";
        let items = [
            item(&[], &[], Some(("Sociale Verzekeringsbank", Some(svb)))),
            item(
                &[],
                &[],
                Some((
                    "SVB",
                    Some("https://identifier.overheid.nl/tooi/id/zbo/zb000143/"),
                )),
            ),
            item(&[], &[], Some(("Sociale Verzekeringsbank", Some(svb)))),
            item(&[], &[], Some(("Gemeente Utrecht", None))),
            item(&[], &[], None),
        ];
        let organisations = organisations(&items);
        assert_eq!(
            organisations,
            [
                KnownOrganisation {
                    name: "Sociale Verzekeringsbank".into(),
                    uri: Some(svb.to_string()),
                    items: 3,
                },
                KnownOrganisation {
                    name: "Gemeente Utrecht".into(),
                    uri: None,
                    items: 1,
                },
            ]
        );
        assert_eq!(organisations[0].value(), svb);
        assert_eq!(organisations[1].value(), "Gemeente Utrecht");
    }

    #[test]
    fn a_feed_with_thousands_of_tags_is_cut_to_the_most_used() {
        let mut items: Vec<Item> = (0..MAX_SUGGESTIONS + 50)
            .map(|n| item(&[&format!("tag{n:04}")], &[], None))
            .collect();
        items.push(item(&["tag0340"], &[], None));
        let topics = topics(&items);
        assert_eq!(topics.len(), MAX_SUGGESTIONS);
        assert_eq!(topics[0].label, "tag0340", "the one used twice comes first");
        assert_eq!(topics[1].label, "tag0000", "then the others alphabetically");
    }
}
