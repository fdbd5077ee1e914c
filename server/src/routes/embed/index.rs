//! The feed's items and their search index, for `/embed`: built once per feed version
//! (the served snapshot's ETag), when the first `/embed` request after a change needs it,
//! never per request. Ranking a page against a built 10,000-item index takes well under a
//! millisecond; building it takes a few hundred, on a blocking thread.
//!
//! The lock discipline: the built index sits behind a plain `RwLock`, read by every
//! request for as long as it takes to clone an `Arc`; building is serialised by an async
//! mutex, so that requests arriving during a build wait for that one build instead of each
//! starting their own, and the feed's refresh never waits for `/embed` at all.

use std::sync::{Arc, RwLock};

use elders_core::feed::{Feed, Item};
use elders_core::rank::Index;

use crate::feed_snapshot::FeedSnapshot;

/// One feed version's items and index.
pub struct IndexedFeed {
    /// The ETag of the snapshot it was built from.
    pub etag: String,
    /// The feed's items, in the order the index numbers them.
    pub items: Vec<Item>,
    /// The index over `items`.
    pub index: Index,
}

impl IndexedFeed {
    /// Reads the served snapshot back (its items were validated when their source was
    /// read) and indexes it.
    fn build(snapshot: &FeedSnapshot) -> IndexedFeed {
        let items = match serde_json::from_slice::<Feed>(&snapshot.body) {
            Ok(feed) => feed.items,
            Err(e) => {
                tracing::error!(%e, "the served feed could not be read back for /embed");
                Vec::new()
            }
        };
        let index = Index::build(&items);
        IndexedFeed {
            etag: snapshot.etag.clone(),
            items,
            index,
        }
    }
}

/// The index for the feed as served now, kept between requests.
#[derive(Default)]
pub struct EmbedIndex {
    built: RwLock<Option<Arc<IndexedFeed>>>,
    building: tokio::sync::Mutex<()>,
}

impl EmbedIndex {
    /// The index for `snapshot`: the kept one when it was built from the same version,
    /// else a new one (built once, whoever asks meanwhile).
    pub async fn for_snapshot(&self, snapshot: Arc<FeedSnapshot>) -> Arc<IndexedFeed> {
        if let Some(kept) = self.kept(&snapshot.etag) {
            return kept;
        }
        let _building = self.building.lock().await;
        // Someone may have built it while this request waited.
        if let Some(kept) = self.kept(&snapshot.etag) {
            return kept;
        }
        let built = tokio::task::spawn_blocking(move || IndexedFeed::build(&snapshot)).await;
        let built = match built {
            Ok(built) => Arc::new(built),
            Err(e) => {
                tracing::error!(%e, "building the /embed index failed");
                return Arc::new(IndexedFeed {
                    etag: String::new(),
                    items: Vec::new(),
                    index: Index::build(&[]),
                });
            }
        };
        *self
            .built
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(built.clone());
        built
    }

    fn kept(&self, etag: &str) -> Option<Arc<IndexedFeed>> {
        self.built
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .as_ref()
            .filter(|built| built.etag == etag)
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::feed::Item;

    fn feed(ids: &[&str]) -> Arc<FeedSnapshot> {
        let items = ids
            .iter()
            .map(|id| Item {
                id: (*id).into(),
                url: None,
                title: format!("Project {id}"),
                summary: "Over spraak.".into(),
                content_text: None,
                date_published: None,
                date_modified: None,
                tags: vec![],
                language: None,
                authors: vec![],
                elders: None,
            })
            .collect();
        Arc::new(FeedSnapshot::from_feed(&Feed {
            version: elders_core::feed::JSON_FEED_VERSION.into(),
            title: "Test".into(),
            home_page_url: None,
            feed_url: None,
            description: None,
            language: None,
            items,
        }))
    }

    #[tokio::test]
    async fn one_build_per_feed_version() {
        let embed = EmbedIndex::default();
        let first = feed(&["a", "b"]);
        let built = embed.for_snapshot(first.clone()).await;
        assert_eq!(built.items.len(), 2);
        let again = embed.for_snapshot(first).await;
        assert!(
            Arc::ptr_eq(&built, &again),
            "the same version is not rebuilt"
        );
        let changed = embed.for_snapshot(feed(&["a", "b", "c"])).await;
        assert_eq!(changed.items.len(), 3);
        assert!(!Arc::ptr_eq(&built, &changed));
    }
}
