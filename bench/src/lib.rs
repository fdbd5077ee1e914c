//! What the ranking benchmark shares between its native runner and its Wasm module: the
//! synthetic corpora and (on wasm32) the index the browser harness times against MiniSearch.
//! The test set's format lives in `elders_core::eval`.

pub use elders_core::eval::TestPage;

#[cfg(not(target_arch = "wasm32"))]
pub mod elders_server;
#[cfg(not(target_arch = "wasm32"))]
pub mod report;
#[cfg(not(target_arch = "wasm32"))]
pub mod smtp_sink;
#[cfg(not(target_arch = "wasm32"))]
pub mod static_site;
use elders_core::feed::Item;

/// A corpus of `n` items grown from the test-set feed: copies with new ids and, per copy,
/// a deterministic handful of extra words drawn from the corpus plus one unique word, so
/// that the vocabulary and the postings grow as they would in a real, larger feed.
/// `content_text` is left out of copies to keep a 50,000-item feed near real feed sizes.
pub fn grow_corpus(base: &[Item], n: usize) -> Vec<Item> {
    let vocabulary: Vec<&str> = base
        .iter()
        .flat_map(|i| i.summary.split_whitespace())
        .filter(|w| w.len() > 5 && w.chars().all(char::is_alphabetic))
        .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|k| {
            let mut item = base[k % base.len()].clone();
            let copy = k / base.len();
            if copy > 0 {
                item.id = format!("{}~{copy}", item.id);
                item.content_text = None;
                let extra: Vec<&str> = (0..6)
                    .map(|_| vocabulary[(next() % vocabulary.len() as u64) as usize])
                    .collect();
                item.summary = format!("{} {} project{k:x}", item.summary, extra.join(" "));
            }
            item
        })
        .collect()
}

#[cfg(target_arch = "wasm32")]
mod web {
    use elders_core::feed::Item;
    use elders_core::rank::{Index, RankOptions};
    use elders_core::validate::parse_feed;
    use wasm_bindgen::prelude::*;

    use crate::TestPage;

    /// A feed parsed, validated and indexed, as the widget does on page load.
    #[wasm_bindgen]
    pub struct BenchIndex {
        items: Vec<Item>,
        index: Index,
    }

    #[wasm_bindgen]
    impl BenchIndex {
        /// Parses, validates and indexes feed text.
        #[wasm_bindgen(constructor)]
        pub fn new(feed: &str) -> Result<BenchIndex, JsError> {
            let items = parse_feed(feed)
                .map_err(|e| JsError::new(&e.to_string()))?
                .feed
                .items;
            let index = Index::build(&items);
            Ok(BenchIndex { items, index })
        }

        /// Ranks for a page (JSON of a test-set page) as of `now` (Unix seconds) and returns
        /// the top ids as JSON.
        pub fn rank(&self, page: &str, limit: usize, now: f64) -> Result<String, JsError> {
            let page: TestPage =
                serde_json::from_str(page).map_err(|e| JsError::new(&e.to_string()))?;
            let options = RankOptions {
                exclude_organisation: page.organisation.as_deref(),
                now: Some(now as i64),
                limit,
            };
            let ranked = self
                .index
                .rank(&self.index.query(&page.context()), &options);
            let ids: Vec<&str> = ranked
                .iter()
                .map(|r| self.items[r.index].id.as_str())
                .collect();
            Ok(serde_json::to_string(&ids).unwrap_or_default())
        }
    }
}
