//! The last good copy of a feed, kept in the page's `sessionStorage` (key
//! `elders-feed:URL`), so that cards still show, with their age, when the feed server is
//! unreachable, slow or sends something broken. Only feeds up to [`MAX_KEPT_BYTES`] are
//! kept: storage per site is a few megabytes and belongs to the intranet page.
//! (`sessionStorage` rather than the Cache API, which plain-`http:` intranets do not have.)

use serde::{Deserialize, Serialize};

/// Largest feed text kept.
pub const MAX_KEPT_BYTES: usize = 2 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Kept {
    /// Unix seconds.
    saved_at: i64,
    text: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn key(url: &str) -> String {
    format!("elders-feed:{url}")
}

/// Keeps a feed that parsed, replacing the previous copy.
pub fn keep(url: &str, text: &str, now: i64) {
    let Some(storage) = storage() else { return };
    if text.len() > MAX_KEPT_BYTES {
        let _ = storage.remove_item(&key(url));
        return;
    }
    if let Ok(json) = serde_json::to_string(&Kept {
        saved_at: now,
        text: text.to_string(),
    }) {
        // Full storage is not an error for the reader: the copy is simply not kept.
        let _ = storage.set_item(&key(url), &json);
    }
}

/// The kept copy and when it was saved.
pub fn last_good(url: &str) -> Option<(String, i64)> {
    let json = storage()?.get_item(&key(url)).ok()??;
    let kept: Kept = serde_json::from_str(&json).ok()?;
    Some((kept.text, kept.saved_at))
}
