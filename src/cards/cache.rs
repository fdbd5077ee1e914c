//! The last good copy of a feed, as its pack, kept in the page's `sessionStorage` (keys
//! `elders-feed:URL` and `elders-feed-saved:URL`), so that cards still show, with their age, when the feed server is
//! unreachable, slow or sends something broken. Only feeds up to [`MAX_KEPT_BYTES`] are
//! kept: storage per site is a few megabytes and belongs to the intranet page.
//! (`sessionStorage` rather than the Cache API, which plain-`http:` intranets do not have.)

/// Largest feed text kept.
pub const MAX_KEPT_BYTES: usize = 2 * 1024 * 1024;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The text goes in as it is (no JSON wrapping to escape megabytes), its save time under a
/// second key.
fn keys(url: &str) -> (String, String) {
    (
        format!("elders-feed:{url}"),
        format!("elders-feed-saved:{url}"),
    )
}

/// Keeps a feed's pack that was read, replacing the previous copy.
pub fn keep(url: &str, bytes: Vec<u8>, now: i64) {
    let Some(storage) = storage() else { return };
    let (text_key, saved_key) = keys(url);
    let text = match (bytes.len() <= MAX_KEPT_BYTES).then(|| elders_core::pack::as_text(&bytes)) {
        Some(text) => text,
        None => {
            let _ = storage.remove_item(&text_key);
            let _ = storage.remove_item(&saved_key);
            return;
        }
    };
    // Full storage is not an error for the reader: the copy is simply not kept.
    if storage.set_item(&text_key, &text).is_ok() {
        let _ = storage.set_item(&saved_key, &now.to_string());
    } else {
        let _ = storage.remove_item(&saved_key);
    }
}

/// The kept pack and when it was saved (nothing for a copy that is not a pack).
pub fn last_good(url: &str) -> Option<(Vec<u8>, i64)> {
    let storage = storage()?;
    let (text_key, saved_key) = keys(url);
    let saved_at = storage.get_item(&saved_key).ok()??.parse().ok()?;
    let bytes = elders_core::pack::from_text(&storage.get_item(&text_key).ok()??)?;
    Some((bytes, saved_at))
}
