//! The reader module: a JSON feed read, validated and indexed for the page, handed back to
//! the cards module as the pack an Elders server would have sent (`elders_core::pack`).
//!
//! A feed from an Elders server arrives as a pack, and the cards module only reads packs:
//! it never holds the JSON feed reader, the feed's validation or the stepwise indexer,
//! which every page view would otherwise download. A feed published as a static JSON file
//! still works: the cards module loads this module (through the loader, like the forms'
//! modules) the first time such a feed arrives. It has no view, so no Leptos.
//!
//! Like the cards module, it works in slices of [`SLICE_MS`] with a turn for the browser
//! in between: a strict intranet Content-Security-Policy rules out a Web Worker.

use elders_core::load::{FeedLoader, Loaded};
use elders_core::pack;
use elders_core::PageContext;
use wasm_bindgen::prelude::*;

use crate::dom;

/// Longest stretch of work between two turns for the browser, as in the cards module
/// (`cards::fetch`).
const SLICE_MS: f64 = 20.0;

/// Items freed per task once the pack is handed back (see [`free_in_steps`]).
const ITEMS_FREED_PER_STEP: usize = 1000;

/// Reads a JSON feed for `page` in slices, and writes its pack (the index for that page
/// alone: the cards module ranks that page only). The reason is the feed's problem when it
/// is no usable feed at all.
async fn pack_for_page(json: &[u8], page: &PageContext) -> Result<Vec<u8>, String> {
    let mut loader = FeedLoader::from_bytes(json)
        .map_err(|e| e.to_string())?
        .for_page(page);
    let mut slice_start = dom::now_ms();
    loop {
        if let Some(loaded) = loader.advance().map_err(|e| e.to_string())? {
            dom::yield_to_browser().await;
            // Written in slices too: a 10,000-item pack in one go was a task of about
            // 100 ms.
            let mut writer = pack::PackWriter::new(&loaded.parsed, &loaded.index);
            let mut slice_start = dom::now_ms();
            while !writer.step() {
                if dom::now_ms() - slice_start >= SLICE_MS {
                    dom::yield_to_browser().await;
                    slice_start = dom::now_ms();
                }
            }
            let pack = writer.finish();
            free_in_steps(loaded);
            // The last slice of writing ended this task: handing the pack over (a copy
            // out of this module's memory) gets one of its own.
            dom::yield_to_browser().await;
            return Ok(pack);
        }
        if dom::now_ms() - slice_start >= SLICE_MS {
            dom::yield_to_browser().await;
            slice_start = dom::now_ms();
        }
    }
}

/// Frees the feed's items and index once the pack is written, a part at a time in tasks
/// of their own, after the pack is handed back. Dropped at the end of the reading, a
/// 10,000-item feed's hundreds of thousands of strings and lists were freed in the task
/// that handed the pack over, which with the cards module's first slice of reading made a
/// task of 60–120 ms.
fn free_in_steps(loaded: Loaded) {
    let mut items = loaded.parsed.feed.items;
    let mut index = loaded.index.into_release();
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            dom::yield_to_browser().await;
            if !items.is_empty() {
                items.truncate(items.len().saturating_sub(ITEMS_FREED_PER_STEP));
            } else if !index.step() {
                return;
            }
        }
    });
}

/// The reader's entry, called through the loader by the cards module of the widget
/// `host` with a feed's JSON bytes (`json`, a `Uint8Array`): resolves to the pack's bytes,
/// or rejects with the reason (a string) when the feed is not usable. The page context is
/// read again from the same page and attributes, so that both modules agree on it without
/// passing it across.
#[wasm_bindgen]
pub async fn pack_feed(
    host: web_sys::Element,
    script: Option<web_sys::Element>,
    _container: JsValue,
    json: js_sys::Uint8Array,
) -> Result<js_sys::Uint8Array, JsValue> {
    let config = crate::read_config(&host, script.as_ref());
    let page = dom::read_page_context(&config);
    let json = json.to_vec();
    let pack = pack_for_page(&json, &page)
        .await
        .map_err(|e| JsValue::from_str(&e))?;
    Ok(js_sys::Uint8Array::from(&pack[..]))
}
