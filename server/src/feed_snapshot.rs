//! The merged feed as `/feed.json` serves it (`federation` builds the feed).
//!
//! It is serialised once into bytes with a strong ETag, and gzip-compressed once beside
//! it, so a feed request costs a memory copy and an unchanged feed costs a `304`. Beside
//! the JSON, once per feed version too: the feed's pack (`elders_core::pack`), the feed
//! with its search index built by the same `core` code the widget runs, which widgets
//! ask for (`Accept: application/vnd.elders.pack`) so that they read an index instead of
//! building one. The items and that index stay in the snapshot too ([`IndexedFeed`]), for
//! `/embed` to rank with and `/setup` to list topics from: one build per feed version.

use std::sync::Arc;

use elders_core::feed::{Feed, Item};
use elders_core::rank::Index;
use elders_core::validate::ParsedFeed;

/// One feed version's items and their search index.
#[derive(Debug)]
pub struct IndexedFeed {
    /// The feed's items, in the order the index numbers them.
    pub items: Vec<Item>,
    /// The index over `items`.
    pub index: Index,
}

/// The serialised merged feed.
#[derive(Debug, Clone)]
pub struct FeedSnapshot {
    /// The JSON bytes served.
    pub body: axum::body::Bytes,
    /// A strong ETag for `body`, quotes included.
    pub etag: String,
    /// `body`, gzip-compressed once (a 10,000-item feed shrinks about eightfold).
    pub gzip: axum::body::Bytes,
    /// The ETag of the gzip copy: a different representation needs its own strong ETag.
    pub gzip_etag: String,
    /// The feed and its index as a pack (`elders_core::pack`).
    pub pack: axum::body::Bytes,
    /// A strong ETag for `pack`.
    pub pack_etag: String,
    /// `pack`, gzip-compressed once.
    pub pack_gzip: axum::body::Bytes,
    /// The ETag of the gzip copy of the pack.
    pub pack_gzip_etag: String,
    /// The items and the index the pack was written from.
    pub indexed: Arc<IndexedFeed>,
}

impl FeedSnapshot {
    /// Serialises a feed, and indexes and packs it. The feed has been validated (its
    /// sources were, item by item, when they were read), so its pack reports no problems.
    pub fn from_feed(feed: Feed) -> FeedSnapshot {
        let body = serde_json::to_vec(&feed).unwrap_or_else(|_| b"{}".to_vec());
        let tag = format!("{:016x}-{:x}", fnv1a(&body), body.len());
        let index = Index::build(&feed.items);
        let parsed = ParsedFeed {
            feed,
            problems: Vec::new(),
        };
        let pack = elders_core::pack::write(&parsed, &index);
        // The pack follows from the JSON (and this server's `core`), but another server
        // version may write another pack for the same JSON: its own tag.
        let pack_tag = format!("{:016x}-{:x}", fnv1a(&pack), pack.len());
        FeedSnapshot {
            gzip: gzip(&body).into(),
            etag: format!("\"{tag}\""),
            gzip_etag: format!("\"{tag}-gzip\""),
            body: body.into(),
            pack_gzip: gzip(&pack).into(),
            pack_etag: format!("\"{pack_tag}-pack\""),
            pack_gzip_etag: format!("\"{pack_tag}-pack-gzip\""),
            pack: pack.into(),
            indexed: Arc::new(IndexedFeed {
                items: parsed.feed.items,
                index,
            }),
        }
    }
}

/// Compresses at the default level: the feed is compressed once per start, so a good ratio
/// is worth the few hundred milliseconds a large feed takes.
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// FNV-1a, 64 bit: stable across builds and platforms, which `DefaultHasher` is not, so an
/// ETag survives a restart and several instances agree.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_changes_with_content_and_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a(b"ab"), fnv1a(b"ba"));
    }
}
