//! Merging the sources' feeds into the one feed `/feed.json` serves.

use std::collections::HashMap;

use elders_core::feed::{Feed, JSON_FEED_VERSION};

/// An item dropped because an earlier source has one with the same `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The item's id.
    pub id: String,
    /// The source whose item is served.
    pub kept_from: String,
    /// The source whose item was dropped.
    pub dropped_from: String,
}

/// The merged feed and what merging dropped.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The feed to serve.
    pub feed: Feed,
    /// Items dropped as duplicates, in source order.
    pub duplicates: Vec<Duplicate>,
}

/// One source's contribution: its `--feed` name, the URL it is known by (for provenance),
/// and its last good feed.
pub struct Part<'a> {
    /// The `--feed` argument.
    pub name: &'a str,
    /// What to record as `_elders.source_feed`: the origin of the source's URL, or for a
    /// file of the feed's own `feed_url` (never a path or query, which may hold a token).
    pub provenance: Option<&'a str>,
    /// The validated feed.
    pub feed: &'a Feed,
}

/// Merges the parts in order: on a duplicate `id` the first source wins, because the order
/// of `--feed` is the admin's order of trust. Each item records the feed it came from in
/// `_elders.source_feed` (replacing what a feed said of itself: this server knows where it
/// fetched it). With one source, that feed's title and description are kept.
pub fn merge(parts: &[Part<'_>]) -> Merged {
    let mut feed = Feed {
        version: JSON_FEED_VERSION.into(),
        title: "Elders".into(),
        home_page_url: None,
        feed_url: None,
        description: None,
        language: None,
        items: Vec::new(),
    };
    if let [only] = parts {
        feed.title = only.feed.title.clone();
        feed.description = only.feed.description.clone();
        feed.language = only.feed.language.clone();
        feed.home_page_url = only.feed.home_page_url.clone();
    }
    let mut first_seen: HashMap<&str, &str> = HashMap::new();
    let mut duplicates = Vec::new();
    for part in parts {
        for item in &part.feed.items {
            if let Some(kept_from) = first_seen.get(item.id.as_str()) {
                duplicates.push(Duplicate {
                    id: item.id.clone(),
                    kept_from: (*kept_from).to_string(),
                    dropped_from: part.name.to_string(),
                });
                continue;
            }
            first_seen.insert(&item.id, part.name);
            let mut item = item.clone();
            if let Some(url) = part.provenance {
                item.elders.get_or_insert_with(Default::default).source_feed = Some(url.into());
            }
            feed.items.push(item);
        }
    }
    Merged { feed, duplicates }
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::feed::Item;

    fn feed(title: &str, ids: &[&str]) -> Feed {
        Feed {
            version: JSON_FEED_VERSION.into(),
            title: title.into(),
            home_page_url: None,
            feed_url: None,
            description: Some(format!("{title} feed")),
            language: None,
            items: ids
                .iter()
                .map(|id| Item {
                    id: (*id).into(),
                    url: None,
                    title: format!("{title} {id}"),
                    summary: "s".into(),
                    content_text: None,
                    date_published: None,
                    date_modified: None,
                    tags: Vec::new(),
                    language: None,
                    authors: Vec::new(),
                    elders: None,
                })
                .collect(),
        }
    }

    #[test]
    fn the_first_source_wins_and_every_item_says_where_it_came_from() {
        let (a, b) = (feed("A", &["1", "2"]), feed("B", &["2", "3"]));
        let merged = merge(&[
            Part {
                name: "a.json",
                provenance: Some("https://a.example/feed.json"),
                feed: &a,
            },
            Part {
                name: "https://b.example/feed.json",
                provenance: Some("https://b.example/feed.json"),
                feed: &b,
            },
        ]);
        let ids: Vec<&str> = merged.feed.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);
        assert_eq!(merged.feed.items[1].title, "A 2", "the first source's copy");
        assert_eq!(
            merged.duplicates,
            [Duplicate {
                id: "2".into(),
                kept_from: "a.json".into(),
                dropped_from: "https://b.example/feed.json".into()
            }]
        );
        let from = |i: usize| {
            merged.feed.items[i]
                .elders
                .as_ref()
                .and_then(|e| e.source_feed.clone())
        };
        assert_eq!(from(0).as_deref(), Some("https://a.example/feed.json"));
        assert_eq!(from(2).as_deref(), Some("https://b.example/feed.json"));
        assert_eq!(
            merged.feed.title, "Elders",
            "several sources: a neutral title"
        );
    }

    #[test]
    fn one_source_keeps_its_title_and_needs_no_provenance() {
        let only = feed("Innovatie", &["x"]);
        let merged = merge(&[Part {
            name: "only.json",
            provenance: None,
            feed: &only,
        }]);
        assert_eq!(merged.feed.title, "Innovatie");
        assert_eq!(merged.feed.description.as_deref(), Some("Innovatie feed"));
        assert!(merged.feed.items[0].elders.is_none());
    }
}
