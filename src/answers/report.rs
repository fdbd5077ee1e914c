//! "Melden": a reader reports a published question or answer to the moderators, with one
//! of core's fixed [`ReportReason`]s, from a small panel under the item
//! (`docs/architecture.md` §9). The server keeps one open report per reader and item and
//! hides the item after a few, so the panel only sends and says what happened: thanks, or
//! why not (the server's message, or that it could not be reached, with the buttons still
//! there to try again).
//!
//! Each reason is a button that sends at once: one choice and one press, and no form
//! state to keep. A second press while one is on its way sends again, harmlessly: the
//! server keeps the first. Sent with the form's client (`crate::ask::client::send`), whose
//! `Idempotency-Key` the reports route does not need: one reader's report of an item is
//! stored once whatever the key. A plain function, not a component, for the Wasm it saves.

use elders_core::{Lang, ReportReason};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ask::client::{self, SendError};
use crate::i18n::questions_texts;
use crate::links::{reports_url, safe_id};

/// The "Melden" button and its panel for `question` (`answer` `None`) or one of its
/// answers, reported to the questions API at `endpoint`.
pub fn report(endpoint: &str, question: &str, answer: Option<&str>, lang: Lang) -> impl IntoView {
    let t = questions_texts(lang);
    let url = StoredValue::new(reports_url(endpoint, question, answer));
    let panel_id = format!("elders-{}-report", safe_id(answer.unwrap_or(question)));
    let label_id = format!("{panel_id}-reason");
    let labelled_by = label_id.clone();
    let open = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let said = RwSignal::new(String::new());
    let send = move |reason: ReportReason| {
        said.set(String::new());
        spawn_local(async move {
            // The reasons' names are fixed ASCII words: nothing to escape.
            let json = format!(r#"{{"reason":"{}"}}"#, reason.as_str());
            match client::send(&url.get_value(), "report", lang, json).await {
                Ok(_) => {
                    sent.set(true);
                    said.set(t.report_thanks.into());
                }
                Err(SendError::Rejected { message, .. }) => {
                    said.set(format!("{} {message}", t.report_failed))
                }
                Err(SendError::Network) => said.set(t.report_failed.into()),
            }
        });
    };
    view! {
        <button type="button" class="elders-button elders-button--secondary" part="report"
            aria-expanded=move || open.get().to_string() aria-controls=panel_id.clone()
            on:click=move |_| open.update(|o| *o = !*o)>
            {t.report}
        </button>
        <div id=panel_id class:elders-hidden=move || !open.get()>
            <div role="group" aria-labelledby=labelled_by class="elders-actions"
                class:elders-hidden=move || sent.get()>
                <p id=label_id>{t.report_reason}</p>
                {ReportReason::ALL.into_iter().zip(t.report_reasons).map(|(reason, label)| view! {
                    <button type="button" class="elders-button elders-button--secondary"
                        on:click=move |_| send(reason)>
                        {label}
                    </button>
                }).collect_view()}
            </div>
            <p role="status">{move || said.get()}</p>
        </div>
    }
}
