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
//! stored once whatever the key. Its few states are set on the elements themselves, with
//! no signals: the panel is drawn anew with its answer list.

use std::cell::Cell;
use std::rc::Rc;

use elders_core::{Lang, ReportReason};
use leptos::task::spawn_local;

use crate::ask::client::{self, SendError};
use crate::i18n::questions_texts;
use crate::links::{reports_url, safe_id};
use crate::view::{button, el, handler, set_hidden, El};

/// The "Melden" button and its panel for `question` (`answer` `None`) or one of its
/// answers, reported to the questions API at `endpoint`, in one `<div>`.
pub fn report(endpoint: &str, question: &str, answer: Option<&str>, lang: Lang) -> El {
    let t = questions_texts(lang);
    let url: Rc<str> = reports_url(endpoint, question, answer).into();
    let panel_id = format!("elders-{}-report", safe_id(answer.unwrap_or(question)));
    let label_id = format!("{panel_id}-reason");
    let said = el("p", "").attr("role", "status").0;
    let reasons = el("div", "elders-actions")
        .attr("role", "group")
        .attr("aria-labelledby", &label_id)
        .child(el("p", "").attr("id", &label_id).text(t.report_reason));
    let group = reasons.0.clone();
    let mut reasons = reasons;
    for (reason, label) in ReportReason::ALL.into_iter().zip(t.report_reasons) {
        let (url, said, group) = (url.clone(), said.clone(), group.clone());
        let send = handler(move || {
            said.set_text_content(None);
            let (url, said, group) = (url.clone(), said.clone(), group.clone());
            spawn_local(async move {
                // The reasons' names are fixed ASCII words: nothing to escape.
                let json = format!(r#"{{"reason":"{}"}}"#, reason.as_str());
                let message = match client::send(&url, "report", lang, json).await {
                    Ok(_) => {
                        group.set_class_name("elders-actions elders-hidden");
                        t.report_thanks.to_string()
                    }
                    Err(SendError::Rejected { message, .. }) => {
                        format!("{} {message}", t.report_failed)
                    }
                    Err(SendError::Network) => t.report_failed.to_string(),
                };
                said.set_text_content(Some(&message));
            });
        });
        reasons = reasons.child(button(
            "elders-button elders-button--secondary",
            label,
            &send,
        ));
    }
    let panel = el("div", "elders-hidden")
        .attr("id", &panel_id)
        .child(reasons)
        .child(El(said));
    let toggle = el("button", "elders-button elders-button--secondary")
        .attr("type", "button")
        .attr("part", "report")
        .attr("aria-expanded", "false")
        .attr("aria-controls", &panel_id)
        .text(t.report);
    let open = Cell::new(false);
    let (toggle_el, panel_el) = (toggle.0.clone(), panel.0.clone());
    let toggle = toggle.on("click", move |_| {
        open.set(!open.get());
        let _ = toggle_el.set_attribute("aria-expanded", &open.get().to_string());
        set_hidden(&panel_el, !open.get());
    });
    el("div", "").child(toggle).child(panel)
}
