//! The questions in the cards module: fetched as the questions' pack and chosen for the
//! page once the widget is on screen, counted on the widget's button, and handed to the
//! answers module, which shows them (`crate::answers`), when a reader opens the panel.
//! The answered ones also feed the suggestions shown while a question is typed.

use std::sync::Arc;

use elders_core::question::pack;
use elders_core::rank::RankOptions;
use elders_core::PageContext;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::client;
use super::handover::Chosen;
use super::select::select;
use crate::ask::storage::answer_draft_kept;
use crate::config::WidgetConfig;
use crate::dom;
use crate::suggestions::source::Source;

/// Fetches the published questions and chooses the ones for this page into `chosen`;
/// gives the answered ones to the suggestions, sets `mail` when the server mails askers
/// (for the question form), and opens the panel (`open`) when the reader left an answer
/// there unsent. A failure is logged, and listed for `data-debug`; readers just see no
/// questions button, and no offer of mail.
pub fn load(
    config: Arc<WidgetConfig>,
    page: PageContext,
    chosen: RwSignal<Option<Arc<Chosen>>>,
    open: RwSignal<bool>,
    mail: RwSignal<bool>,
    source: Source,
    diagnostics: RwSignal<Vec<String>>,
) {
    let Some(endpoint) = config.questions.clone() else {
        return;
    };
    spawn_local(async move {
        let read = client::load_pack(&endpoint)
            .await
            .and_then(|bytes| pack::read_for_page(&bytes, &page).map_err(|e| e.to_string()));
        match read {
            Ok(questions) => {
                mail.set(questions.mail);
                let options = RankOptions {
                    exclude_organisation: config.organisation.as_deref(),
                    now: Some(dom::now_seconds()),
                    limit: 0,
                };
                let selection = select(&questions, options);
                let items = &questions.loaded.parsed.feed.items;
                let id = |&i: &usize| items[i].id.clone();
                let answered = items
                    .iter()
                    .zip(&questions.answered)
                    .filter(|(_, answered)| **answered)
                    .map(|(item, _)| item.clone())
                    .collect();
                source.set_questions(answered);
                let shown = !selection.is_empty();
                chosen.set(Some(Arc::new(Chosen {
                    open: selection.open.iter().map(id).collect(),
                    answered: selection.answered.iter().map(id).collect(),
                })));
                if shown && answer_draft_kept() {
                    open.set(true);
                }
            }
            Err(error) => {
                let message = format!("{endpoint}: questions not loaded: {error}");
                web_sys::console::warn_1(&format!("[elders] {message}").into());
                diagnostics.update(|d| d.push(format!("Questions API {message}")));
            }
        }
    });
}
