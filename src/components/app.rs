//! The widget's root: one labelled region holding the cards and the question form.

use std::sync::Arc;

use elders_core::PageContext;
use leptos::prelude::*;

use super::ask_form::AskForm;
use super::open_questions::OpenQuestions;
use super::related_work::RelatedWork;
use crate::config::WidgetConfig;
use crate::i18n::texts;

#[component]
pub fn App(config: WidgetConfig, page: PageContext) -> impl IntoView {
    let t = texts(config.lang);
    let config = Arc::new(config);
    let not_configured = config.feed.is_none();
    view! {
        <section class="elders" part="widget" aria-label=t.region lang=config.lang.tag()>
            {if not_configured {
                view! { <p class="elders-message elders-message--error" role="status">{t.not_configured}</p> }.into_any()
            } else {
                view! { <RelatedWork config=config.clone() page=page.clone() /> }.into_any()
            }}
            <OpenQuestions config=config.clone() page=page />
            <AskForm config=config.clone() />
        </section>
    }
}
