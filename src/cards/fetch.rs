//! Fetching the project feed. No cookies and no referrer go along: the feed host learns
//! nothing about who reads which intranet page. A feed that does not answer within
//! [`TIMEOUT`] counts as unreachable; then, and when it fails or is broken, the last good
//! copy (see [`super::cache`]) is used when there is one.
//!
//! The widget asks for the feed's pack ([`ACCEPT`]): the feed with its search index, which
//! an Elders server builds once per feed version (`elders_core::pack`). Reading a pack is
//! copying, in small steps. A feed host that sends JSON (a static file) gets the JSON read
//! by the reader module, loaded for it alone (`crate::reader`), which hands back the pack
//! the server would have sent: the cards module itself has no JSON feed reader.

use std::time::Duration;

use elders_core::pack::{self, PackLoader};
use elders_core::rank::Index;
use elders_core::validate::ParsedFeed;
use elders_core::{PageContext, Query};
use gloo_net::http::Request;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{ReferrerPolicy, RequestCredentials};

use super::cache;
use crate::dom;
use crate::on_demand::FormModule;

/// What the widget asks a feed host for: the pack, else the JSON Feed. The loader's own
/// download (`loader/elders.js`) asks the same. A CORS-safelisted header: no preflight.
pub const ACCEPT: &str = "application/vnd.elders.pack, application/feed+json;q=0.9, */*;q=0.8";

/// How long a feed may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Why there is no fresh feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedLoadError {
    /// The request failed (offline, DNS, CORS, CSP) or timed out.
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The document is not a usable feed (or pack), for the reason given.
    Invalid(String),
}

impl std::fmt::Display for FeedLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedLoadError::Network(e) => write!(f, "the feed could not be fetched ({e}); check the URL, CORS and the page's Content-Security-Policy connect-src"),
            FeedLoadError::Status(s) => write!(f, "the feed server answered HTTP {s}"),
            FeedLoadError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

/// Longest stretch of feed work between two turns for the browser: well under the 50 ms
/// that counts as a long task, so that the host page stays responsive while a
/// 10,000-item feed is read. Not much shorter either: each turn costs the browser about
/// 2 ms on a slow machine (it usually draws a frame), so 8 ms slices made a 1,000-item
/// feed take a fifth longer to load, and a 10,000-item one a quarter.
const SLICE_MS: f64 = 20.0;

/// How long after the cards the feed is kept for a bad day (see [`super::cache`]).
const KEEP_DELAY: Duration = Duration::from_secs(1);

/// A feed to show.
pub struct LoadedFeed {
    /// The validated feed.
    pub parsed: ParsedFeed,
    /// Its search index, for the page it was loaded for.
    pub index: Index,
    /// That page's query, analysed as the index was.
    pub query: Query,
    /// When the kept copy shown was saved (Unix seconds); `None` for a fresh feed.
    pub saved_at: Option<i64>,
}

/// How much memory reading a feed takes at least, per byte of feed: its items and their
/// index, besides the copy of the feed itself. Natively, the peak is about 3 (measured on
/// the 1,000- and 10,000-item benchmark feeds); the estimate is on the low side,
/// since memory the Wasm takes cannot be given back.
const MEMORY_PER_FEED_BYTE: usize = 2;

/// Makes room in the Wasm memory for reading a feed of `bytes` bytes, in one step. The
/// allocator otherwise grows the memory 64 KB at a time as the index fills up: 334 times
/// for the 10,000-item feed, 36 ms in all in a trace (51 times and 10 ms for 1,000 items).
/// The block is freed at once, back to the allocator, which hands it out again piece by
/// piece. Where the memory cannot grow that much at once, nothing happens here.
fn make_room(bytes: usize) {
    let mut room = Vec::<u8>::new();
    let _ = room.try_reserve_exact(bytes.saturating_mul(MEMORY_PER_FEED_BYTE));
    drop(std::hint::black_box(room));
}

/// Reads a pack for ranking `page`, in small steps, giving the browser a turn every
/// [`SLICE_MS`].
async fn load_in_steps(bytes: &[u8], page: &PageContext) -> Result<LoadedFeed, FeedLoadError> {
    let invalid = |e: pack::PackError| FeedLoadError::Invalid(e.to_string());
    let mut loader = PackLoader::new(bytes, page).map_err(invalid)?;
    make_room(bytes.len());
    let mut slice_start = dom::now_ms();
    loop {
        if let Some(loaded) = loader.advance().map_err(invalid)? {
            // The loader analysed the page once, to focus the index; ranking uses the
            // same query (a loader for a page always has it).
            let query = loaded.query.unwrap_or_else(|| loaded.index.query(page));
            // Ranking and drawing the cards come next: they get a task of their own.
            dom::yield_to_browser().await;
            return Ok(LoadedFeed {
                parsed: loaded.parsed,
                index: loaded.index,
                query,
                saved_at: None,
            });
        }
        if dom::now_ms() - slice_start >= SLICE_MS {
            dom::yield_to_browser().await;
            slice_start = dom::now_ms();
        }
    }
}

/// Frees an index one large part at a time, each in a task of its own: in one go, a
/// 10,000-item index took 20–50 ms, a long task of its own after the cards.
pub fn free_in_steps(index: Index) {
    let mut release = index.into_release();
    leptos::task::spawn_local(async move {
        while release.step() {
            dom::yield_to_browser().await;
        }
    });
}

/// The feed's bytes from the network.
async fn download(url: &str) -> Result<Vec<u8>, FeedLoadError> {
    let controller = web_sys::AbortController::new()
        .map_err(|_| FeedLoadError::Network("no AbortController".into()))?;
    let signal = controller.signal();
    leptos::prelude::set_timeout(move || controller.abort(), TIMEOUT);
    let response = Request::get(url)
        .header("Accept", ACCEPT)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| FeedLoadError::Network(dom::request_error(&e)))?;
    if !response.ok() {
        return Err(FeedLoadError::Status(response.status()));
    }
    // Bytes, not text: copying them into the Wasm memory is one memcpy, where a JS string
    // would be decoded and then encoded again, megabytes in one task.
    response
        .binary()
        .await
        .map_err(|e| FeedLoadError::Network(dom::request_error(&e)))
}

/// The feed's bytes from the download the loader started while the Wasm was compiling: a
/// promise of `{ status, body }` (`body` an `ArrayBuffer`, `null` on an error status).
async fn prefetched(download: js_sys::Promise) -> Result<Vec<u8>, FeedLoadError> {
    let answer = wasm_bindgen_futures::JsFuture::from(download)
        .await
        .map_err(|e| {
            FeedLoadError::Network(e.dyn_ref::<js_sys::Error>().map_or_else(
                || "the download failed".into(),
                |e| String::from(e.message()),
            ))
        })?;
    let field = |name: &str| js_sys::Reflect::get(&answer, &name.into()).ok();
    let status = field("status").and_then(|s| s.as_f64()).unwrap_or(0.0) as u16;
    match field("body").filter(|b| b.is_object()) {
        Some(body) if (200..300).contains(&status) => Ok(js_sys::Uint8Array::new(&body).to_vec()),
        _ => Err(FeedLoadError::Status(status)),
    }
}

/// The pack for a feed's bytes: the bytes themselves when the host sent a pack, else what
/// the reader module makes of the JSON (see the module's documentation).
async fn packed(bytes: Vec<u8>, reader: Option<&FormModule>) -> Result<Vec<u8>, FeedLoadError> {
    if pack::is_pack(&bytes) {
        return Ok(bytes);
    }
    let Some(reader) = reader else {
        return Err(FeedLoadError::Invalid(
            "not a pack, and no reader for JSON".into(),
        ));
    };
    let json = js_sys::Uint8Array::from(&bytes[..]);
    drop(bytes);
    match reader.call("pack_feed", &JsValue::NULL, &json).await {
        Ok(pack) => {
            // The reader's last step ran in this task: copying the pack in (12 MB for
            // 10,000 items) and the first slice of reading it get tasks of their own.
            dom::yield_to_browser().await;
            let bytes = js_sys::Uint8Array::new(&pack).to_vec();
            dom::yield_to_browser().await;
            Ok(bytes)
        }
        // The reader's reason for a feed it could not read; anything else (its module
        // could not be loaded) is the network's.
        Err(error) => Err(match error.as_string() {
            Some(reason) => FeedLoadError::Invalid(reason),
            None => FeedLoadError::Network(error.dyn_ref::<js_sys::Error>().map_or_else(
                || "the reader module could not be loaded".into(),
                |e| String::from(e.message()),
            )),
        }),
    }
}

async fn fetch(
    url: &str,
    started: Option<js_sys::Promise>,
    page: &PageContext,
    reader: Option<&FormModule>,
) -> Result<(LoadedFeed, Vec<u8>), FeedLoadError> {
    let bytes = match started {
        Some(download) => {
            // The loader's download may have finished already, and then this would run
            // in the task that mounted the widget: a turn for the browser in between keeps
            // both tasks short.
            dom::yield_to_browser().await;
            prefetched(download).await?
        }
        None => download(url).await?,
    };
    // Copying a 10,000-item feed (11 MB) into the Wasm memory takes milliseconds of its
    // own, in the task in which the download finished: the first slice of work starts in
    // the next task, so that it does not add to that one.
    dom::yield_to_browser().await;
    let bytes = packed(bytes, reader).await?;
    let loaded = load_in_steps(&bytes, page).await?;
    Ok((loaded, bytes))
}

/// Fetches and validates the feed, falling back to the last good copy. Items that fail
/// validation are skipped and reported in one console message, so the admin sees them
/// without the console filling up.
///
/// `started` is the download the loader began in parallel with the Wasm (first load
/// only); without it the feed is fetched here. The index is for ranking `page` alone.
/// `reader` loads the reader module, for a host that sends JSON.
pub async fn load(
    url: &str,
    started: Option<js_sys::Promise>,
    page: &PageContext,
    reader: Option<&FormModule>,
) -> Result<LoadedFeed, FeedLoadError> {
    match fetch(url, started, page, reader).await {
        Ok((loaded, text)) => {
            // Not on the way to the first cards: kept a moment later.
            let kept_url = url.to_string();
            let now = dom::now_seconds();
            leptos::prelude::set_timeout(move || cache::keep(&kept_url, text, now), KEEP_DELAY);
            let parsed = &loaded.parsed;
            if !parsed.problems.is_empty() {
                let lines: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
                web_sys::console::warn_1(
                    &format!(
                        "[elders] {url}: {} item(s) skipped, {} problem(s):\n{}",
                        parsed.skipped_items(),
                        lines.len(),
                        lines.join("\n")
                    )
                    .into(),
                );
            }
            Ok(loaded)
        }
        Err(error) => {
            web_sys::console::warn_1(&format!("[elders] {url}: {error}").into());
            match cache::last_good(url) {
                Some((bytes, saved_at)) => match load_in_steps(&bytes, page).await {
                    Ok(loaded) => Ok(LoadedFeed {
                        saved_at: Some(saved_at),
                        ..loaded
                    }),
                    Err(_) => Err(error),
                },
                None => Err(error),
            }
        }
    }
}
