//! Keeping a [`Draft`] in the page's `localStorage`, under a key of its own
//! (`elders-draft:…`), only while it is worth keeping and not expired (see
//! [`super::draft`]). Storage can be missing or full (private windows, strict policies):
//! then drafts simply are not kept, and nothing else breaks.

use super::draft::{answer_key, answer_prefix, kept_is_waiting, storage_key, Draft};

/// One widget's draft slot.
#[derive(Debug, Clone)]
pub struct DraftStore {
    key: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The page's path, which every draft's key starts with.
fn page_path() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// Whether a draft of an answer is kept on this page: the cards module then opens the
/// questions panel at once, where the answer's form resends it if it is queued.
pub fn answer_draft_kept() -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let prefix = answer_prefix(&page_path());
    (0..storage.length().unwrap_or(0)).any(|i| {
        storage
            .key(i)
            .ok()
            .flatten()
            .is_some_and(|key| key.starts_with(&prefix))
    })
}

impl DraftStore {
    /// The slot for a question on this page, for the questions endpoint and topics.
    pub fn new(endpoint: &str, topics: &[String]) -> DraftStore {
        DraftStore {
            key: storage_key(&page_path(), endpoint, topics),
        }
    }

    /// The slot for an answer on this page, posted to `answers_url`.
    pub fn for_answer(answers_url: &str) -> DraftStore {
        DraftStore {
            key: answer_key(&page_path(), answers_url),
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

    /// Whether a draft is kept here that must open the form at once
    /// ([`kept_is_waiting`]: read without the JSON reader, for the cards module). An
    /// expired one is forgotten, as [`DraftStore::load`] forgets it.
    pub fn is_waiting(&self) -> bool {
        let Some(storage) = storage() else {
            return false;
        };
        let Some(text) = storage.get_item(&self.key).ok().flatten() else {
            return false;
        };
        let waiting = kept_is_waiting(&text, crate::dom::now_seconds());
        if !waiting {
            let _ = storage.remove_item(&self.key);
        }
        waiting
    }

    /// Forgets the draft (after the server confirmed it).
    pub fn clear(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&self.key);
        }
    }
}
