//! Keeping a [`Draft`] in the page's `localStorage`, under a key of its own
//! (`elders-draft:…`), only while it is worth keeping and not expired (see
//! [`super::draft`]). Storage can be missing or full (private windows, strict policies):
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

    /// The kept draft, if any. An expired one is removed instead.
    pub fn load(&self) -> Option<Draft> {
        let storage = storage()?;
        let text = storage.get_item(&self.key).ok()??;
        let draft = Draft::from_json(text.as_bytes());
        match draft {
            Some(draft) if !draft.is_expired(crate::dom::now_seconds()) => Some(draft),
            _ => {
                let _ = storage.remove_item(&self.key);
                None
            }
        }
    }

    /// Keeps the draft, stamped with the time, or forgets it when it is not worth keeping.
    pub fn save(&self, draft: &Draft) {
        let Some(storage) = storage() else { return };
        if !draft.is_worth_keeping() {
            let _ = storage.remove_item(&self.key);
            return;
        }
        let draft = Draft {
            saved_at: crate::dom::now_seconds(),
            ..draft.clone()
        };
        if let Ok(text) = serde_json::to_string(&draft) {
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
