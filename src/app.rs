//! The widget's root: one labelled region holding the cards, a row of buttons (show more,
//! open questions, ask a question) and the two panels those buttons open.
//!
//! Everything the widget shows without being asked has a fixed height, so the host page
//! never moves (see "No layout shift" in `style/elders.css`); the panels open only when
//! the reader asks, or when a draft or a queued question of theirs is waiting.

use std::sync::Arc;

use elders_core::PageContext;
use leptos::prelude::*;

use crate::ask::storage::DraftStore;
use crate::cards::list::RelatedWork;
use crate::cards::pipeline::{FeedView, FirstLoad};
use crate::config::WidgetConfig;
use crate::debug::DebugPanel;
use crate::diagnostics::config_lines;
use crate::i18n::{questions_toggle, texts};
use crate::on_demand::{on_demand, FormModule};
use crate::open_questions::handover::Chosen;
use crate::open_questions::panel as questions_panel;
use crate::suggestions::source::Source;

#[component]
pub fn App(
    config: WidgetConfig,
    page: PageContext,
    /// The first feed load, begun as the widget mounted; `None` without a feed.
    first: Option<FirstLoad>,
    /// How to load the forms and the questions panel, which are a module of their own.
    ask: Option<FormModule>,
) -> impl IntoView {
    let t = texts(config.lang);
    let lang = config.lang;
    let config = Arc::new(config);
    let shown = RwSignal::new(config.limit);
    // The number of matches, 0 until they are known.
    let total = RwSignal::new(0usize);
    let feed = RwSignal::new(FeedView::Loading);
    let questions = RwSignal::new(None::<Arc<Chosen>>);
    let questions_open = RwSignal::new(false);
    // Whether the server mails askers, as the questions list says: the question form
    // offers it then.
    let mail = RwSignal::new(false);
    // A draft or a queued question of the reader's opens the form at once (and the form
    // resends what is queued); otherwise the form is loaded only when first opened, so it
    // costs nothing on the way to the first cards.
    let waiting = config
        .questions
        .as_ref()
        .is_some_and(|endpoint| DraftStore::new(endpoint, &config.topics).is_waiting());
    let ask_open = RwSignal::new(waiting);
    let limit = config.limit;
    // The open questions and the question panel are built after the widget's first frame:
    // neither shows before the reader asks, and building them in the task that draws the
    // widget would make that task long (much of the Wasm runs for the first time then, and
    // the browser compiles each function as it first runs). Nor before that frame, which
    // may be the one with the cards.
    let rest = RwSignal::new(false);
    // Filled by the parts below as they find problems; shown only with data-debug.
    let diagnostics = RwSignal::new(if config.debug {
        config_lines(&config)
    } else {
        Vec::new()
    });
    // What "has this been asked before?" draws from: the feed and the answered questions.
    let source = Source::new(feed, config.organisation.clone());
    {
        let (config, page, source) = (config.clone(), page.clone(), source.clone());
        crate::dom::after_frame(move || {
            rest.set(true);
            questions_panel::load(
                config,
                page,
                questions,
                questions_open,
                mail,
                source,
                diagnostics,
            );
        });
    }

    let related = match first {
        None => view! { <p class="elders-message elders-message--error" role="status">{t.not_configured}</p> }.into_any(),
        Some(first) => view! { <RelatedWork config=config.clone() page=page.clone() shown total first diagnostics state=feed reader=ask.clone() /> }
            .into_any(),
    };
    // A cell with nothing to offer stays empty; it keeps its height (see the stylesheet).
    let more_cell = move || {
        (total.get() > shown.get()).then(|| view! {
            <button type="button" class="elders-button elders-button--secondary" part="show-more"
                on:click=move |_| shown.update(|n| *n += limit)>
                {t.show_more}
            </button>
        })
    };
    let questions_cell = move || {
        let count = questions.with(|q| q.as_ref().map_or(0, |q| q.len()));
        (count > 0).then(|| view! {
            <button type="button" class="elders-button elders-button--secondary" part="open-questions-toggle" id="elders-questions-toggle"
                aria-expanded=move || questions_open.get().to_string() aria-controls="elders-questions-panel"
                on:click=move |_| questions_open.update(|o| *o = !*o)>
                {questions_toggle(lang, count)}
            </button>
        })
    };
    let ask = ask.filter(|_| config.questions.is_some());
    let suggest = source.to_function();
    let mail_link = config
        .contact
        .as_deref()
        .and_then(|address| elders_core::link::mailto(address, "", ""));
    let ask_cell = match (&ask, mail_link) {
        (Some(_), _) => view! {
            <button type="button" class="elders-button" part="ask-toggle" id="elders-ask-toggle"
                aria-expanded=move || ask_open.get().to_string() aria-controls="elders-ask-panel"
                on:click=move |_| ask_open.update(|o| *o = !*o)>
                {t.ask_toggle}
            </button>
        }
        .into_any(),
        (None, Some(href)) => view! {
            <a class="elders-button elders-button--secondary elders-ask-mail" href=href>{t.ask_by_mail}</a>
        }
        .into_any(),
        (None, None) => ().into_any(),
    };
    view! {
        <section class="elders" part="widget" aria-label=t.region lang=lang.tag()>
            {config.debug.then(|| view! { <DebugPanel lines=diagnostics /> })}
            {related}
            <div class="elders-bar">
                <div class="elders-bar__cell">{more_cell}</div>
                <div class="elders-bar__cell">{questions_cell}</div>
                <div class="elders-bar__cell">{ask_cell}</div>
            </div>
            {ask.clone().map(|module| view! {
                <div id="elders-questions-panel" class:elders-hidden=move || !questions_open.get()>
                    {move || rest.get().then(|| {
                        let arg = Box::new(move || {
                            let chosen = questions.with_untracked(|q| q.as_ref().map(|q| q.encode()));
                            wasm_bindgen::JsValue::from(chosen.unwrap_or_default())
                        });
                        on_demand(module.clone(), "mount_questions", arg, questions_open, lang)
                    })}
                </div>
            })}
            {ask.map(|module| view! {
                <div id="elders-ask-panel" class:elders-hidden=move || !ask_open.get()>
                    {move || rest.get().then(|| {
                        let suggest = suggest.clone();
                        // `[suggest, mail]`, as `mount_ask` reads it.
                        let arg = Box::new(move || {
                            let mail = wasm_bindgen::JsValue::from_bool(mail.get_untracked());
                            js_sys::Array::of2(&suggest, &mail).into()
                        });
                        on_demand(module.clone(), "mount_ask", arg, ask_open, lang)
                    })}
                </div>
            })}
        </section>
    }
}
