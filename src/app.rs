//! The widget's root: one labelled region holding the cards, a row of buttons (show more,
//! open questions, ask a question) and the two panels those buttons open.
//!
//! Everything the widget shows without being asked has a fixed height, so the host page
//! never moves (see "No layout shift" in `style/elders.css`); the panels open only when
//! the reader asks, or when a draft or a queued question of theirs is waiting.
//!
//! The state is Leptos's signals; what shows it is drawn with the DOM's own calls
//! ([`crate::view`]) in render effects, which draw at once and again when a signal they
//! read changes.

use std::sync::Arc;

use elders_core::PageContext;
use leptos::prelude::*;

use crate::ask::storage::DraftStore;
use crate::cards::list::{focus_card, related_work};
use crate::cards::pipeline::{FeedView, FirstLoad};
use crate::config::WidgetConfig;
use crate::debug::debug_panel;
use crate::diagnostics::config_lines;
use crate::i18n::{questions_toggle, texts};
use crate::on_demand::{on_demand, FormModule};
use crate::open_questions::handover::Chosen;
use crate::open_questions::panel as questions_panel;
use crate::suggestions::source::Source;
use crate::view::{button, el, handler, has_focus, keep_in, set_hidden, watch};

/// The widget, drawn into `container`.
pub fn app(
    container: &web_sys::Element,
    config: WidgetConfig,
    page: PageContext,
    // The first feed load, begun as the widget mounted; `None` without a feed.
    first: Option<FirstLoad>,
    // How to load the forms and the questions panel, which are a module of their own.
    ask: Option<FormModule>,
) {
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
    // Filled by the parts below as they find problems; shown only with data-debug.
    let diagnostics = RwSignal::new(if config.debug {
        config_lines(&config)
    } else {
        Vec::new()
    });
    // What "has this been asked before?" draws from: the feed and the answered questions.
    let source = Source::new(feed, config.organisation.clone());

    let mut region = el("section", "elders")
        .attr("part", "widget")
        .attr("aria-label", t.region)
        .attr("lang", lang.tag());
    if config.debug {
        region = region.child(debug_panel(diagnostics));
    }
    region = region.child(match first {
        None => el("p", "elders-message elders-message--error")
            .attr("role", "status")
            .text(t.not_configured),
        Some(first) => related_work(
            config.clone(),
            page.clone(),
            shown,
            total,
            first,
            diagnostics,
            feed,
            ask.clone(),
        ),
    });

    // A cell with nothing to offer stays empty; it keeps its height (see the stylesheet).
    let secondary = "elders-button elders-button--secondary";
    let more_cell = el("div", "elders-bar__cell");
    let more = button(
        secondary,
        t.show_more,
        &handler(move || shown.update(|n| *n += limit)),
    )
    .attr("part", "show-more")
    .0;
    {
        let cell = more_cell.0.clone();
        watch(move || {
            let shown = shown.get();
            if total.get() > shown {
                keep_in(&cell, &more);
            } else if more.is_connected() {
                // The last "show more": the button goes, and a keyboard user would be
                // left on nothing (focus falls back to the page's start). It moves to the
                // first card the button added instead, once the list has drawn it.
                let had_focus = has_focus(&more);
                more.remove();
                if had_focus {
                    let first_added = shown.saturating_sub(limit);
                    let cell = cell.clone();
                    set_timeout(
                        move || focus_card(&cell, first_added),
                        std::time::Duration::ZERO,
                    );
                }
            }
        });
    }
    let questions_cell = el("div", "elders-bar__cell");
    let toggle = button(
        secondary,
        "",
        &handler(move || questions_open.update(|o| *o = !*o)),
    )
    .attr("part", "open-questions-toggle")
    .attr("id", "elders-questions-toggle")
    .attr("aria-controls", "elders-questions-panel")
    .0;
    {
        let cell = questions_cell.0.clone();
        watch(move || {
            let count = questions.with(|q| q.as_ref().map_or(0, |q| q.len()));
            let _ = toggle.set_attribute("aria-expanded", &questions_open.get().to_string());
            if count > 0 {
                toggle.set_text_content(Some(&questions_toggle(lang, count)));
                keep_in(&cell, &toggle);
            } else {
                toggle.remove();
            }
        });
    }
    let ask = ask.filter(|_| config.questions.is_some());
    let mail_link = config
        .contact
        .as_deref()
        .and_then(|address| elders_core::link::mailto(address, "", ""));
    let ask_cell = el("div", "elders-bar__cell");
    let ask_cell = match (&ask, mail_link) {
        (Some(_), _) => {
            let toggle = button(
                "elders-button",
                t.ask_toggle,
                &handler(move || ask_open.update(|o| *o = !*o)),
            )
            .attr("part", "ask-toggle")
            .attr("id", "elders-ask-toggle")
            .attr("aria-controls", "elders-ask-panel")
            .bind_attr("aria-expanded", move || ask_open.get().to_string());
            ask_cell.child(toggle)
        }
        (None, Some(href)) => ask_cell.child(
            el(
                "a",
                "elders-button elders-button--secondary elders-ask-mail",
            )
            .attr("href", &href)
            .text(t.ask_by_mail),
        ),
        (None, None) => ask_cell,
    };
    region = region.child(
        el("div", "elders-bar")
            .child(more_cell)
            .child(questions_cell)
            .child(ask_cell),
    );

    // The panels, each shown while its button says so.
    let panel = |id: &str, open: RwSignal<bool>| {
        let panel = el("div", "").attr("id", id).0;
        let element = panel.clone();
        watch(move || set_hidden(&element, !open.get()));
        panel
    };
    let panels = ask.clone().map(|_| {
        (
            panel("elders-questions-panel", questions_open),
            panel("elders-ask-panel", ask_open),
        )
    });
    if let Some((questions_panel, ask_panel)) = &panels {
        let _ = region.0.append_child(questions_panel);
        let _ = region.0.append_child(ask_panel);
    }
    let _ = container.append_child(&region.0);

    // The open questions and what the panels load are set up after the widget's first
    // frame: neither shows before the reader asks, and setting them up in the task that
    // draws the widget would make that task long (much of the Wasm runs for the first time
    // then, and the browser compiles each function as it first runs). Nor before that
    // frame, which may be the one with the cards.
    let suggest = source.to_function();
    crate::dom::after_frame(move || {
        questions_panel::load(
            config,
            page,
            questions,
            questions_open,
            mail,
            source,
            diagnostics,
        );
        let (Some(module), Some((questions_panel, ask_panel))) = (ask, panels) else {
            return;
        };
        let arg = Box::new(move || {
            let chosen = questions.with_untracked(|q| q.as_ref().map(|q| q.encode()));
            wasm_bindgen::JsValue::from(chosen.unwrap_or_default())
        });
        on_demand(
            &questions_panel,
            module.clone(),
            "mount_questions",
            arg,
            questions_open,
            lang,
        );
        // `[suggest, mail]`, as `mount_ask` reads it.
        let arg = Box::new(move || {
            let mail = wasm_bindgen::JsValue::from_bool(mail.get_untracked());
            js_sys::Array::of2(&suggest, &mail).into()
        });
        on_demand(&ask_panel, module, "mount_ask", arg, ask_open, lang);
    });
}
