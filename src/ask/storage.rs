//! Keeping a [`Draft`] in the page's `localStorage`, under a key of its own
//! (`elders-draft:…`). Storage can be missing or full (private windows, strict policies):
//! then drafts simply are not kept, and nothing else breaks.

use super::draft::{storage_key, Draft};

/// One widget's draft slot.
#[derive(Debug, Clone)]
pub struct DraftStore {
    key: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

impl DraftStore {
    /// The slot for this page, questions endpoint and topics.
    pub fn new(endpoint: &str, topics: &[String]) -> DraftStore {
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        DraftStore {
            key: storage_key(&path, endpoint, topics),
        }
    }

    /// The kept draft, if any.
    pub fn load(&self) -> Option<Draft> {
        let text = storage()?.get_item(&self.key).ok()??;
        Draft::from_json(text.as_bytes())
    }

    /// Keeps the draft, or forgets it when there is nothing worth keeping.
    pub fn save(&self, draft: &Draft) {
        let Some(storage) = storage() else { return };
        if draft.is_blank() {
            let _ = storage.remove_item(&self.key);
        } else if let Ok(text) = serde_json::to_string(draft) {
            let _ = storage.set_item(&self.key, &text);
        }
    }

    /// Forgets the draft (after the server confirmed it).
    pub fn clear(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}
