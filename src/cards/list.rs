//! The "related work elsewhere" list: shows the best cards for this page (loaded and
//! ranked by [`super::pipeline`]), with one status line that screen readers hear when the
//! state changes, and loads anew when the reader retries.
//!
//! The list always holds `data-limit` equally tall slots (skeletons while loading, then
//! cards, then invisible placeholders for missing ones), and messages are laid over the
//! slots rather than beside them, so the widget never changes height on its own.

use std::sync::Arc;
use std::time::Duration;

use elders_core::{Lang, PageContext};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::card::{card, skeleton};
use super::fetch;
use super::pipeline::{self, FeedView, FirstLoad, Outcome};
use crate::config::WidgetConfig;
use crate::dom;
use crate::i18n::{found, stale_notice, texts};
use crate::on_demand::FormModule;
use crate::view::{button, el, focus, handler, replace_children, watch, El};

/// When the index, used only for the first ranking, is freed: after the cards are painted.
const FREE_INDEX_AFTER: Duration = Duration::from_millis(200);

/// The list in any state: a list of cards, then slots that keep its height (skeleton cards
/// while loading, invisible ones otherwise), then maybe a message laid over them, with a
/// button that calls `retry` when trying again can help.
fn results(
    state: &FeedView,
    shown: usize,
    limit: usize,
    lang: Lang,
    heading_level: u8,
    retry: &js_sys::Function,
) -> Vec<El> {
    let t = texts(lang);
    let (ranking, message) = match state {
        FeedView::Loading => (None, None),
        FeedView::Failed => (
            None,
            Some((
                "elders-results__message elders-message--error",
                t.feed_failed,
                true,
            )),
        ),
        FeedView::Ready(ranking) if ranking.ranked.is_empty() => {
            (None, Some(("elders-results__message", t.empty, false)))
        }
        FeedView::Ready(ranking) => (Some(ranking), None),
    };
    let loading = ranking.is_none() && message.is_none();
    let mut list = el(
        "ul",
        if loading {
            "elders-cards elders-cards--loading"
        } else {
            "elders-cards"
        },
    );
    list = match ranking {
        Some(_) => list.attr("part", "cards"),
        None => list.attr("aria-hidden", "true"),
    };
    let mut visible = 0;
    if let Some(ranking) = ranking {
        for r in ranking.ranked.iter().take(shown) {
            list = list.child(card(
                &ranking.items[r.index],
                &r.reasons,
                &r.related,
                lang,
                heading_level,
            ));
            visible += 1;
        }
    }
    for _ in visible..limit {
        let slot = if loading {
            el("li", "")
        } else {
            el("li", "elders-slot--empty").attr("aria-hidden", "true")
        };
        list = list.child(slot.child(skeleton()));
    }
    let mut parts = vec![list];
    if let Some((class, text, can_retry)) = message {
        let retry =
            can_retry.then(|| button("elders-button elders-button--secondary", t.retry, retry));
        parts.push(
            el("div", class)
                .child(el("p", "").text(text))
                .child_if(retry),
        );
    }
    parts
}

/// Moves focus to the card at `index` of the list in the widget that holds `inside`: to
/// its link, or to its heading (focusable by script only) when it has none.
pub fn focus_card(inside: &web_sys::Element, index: usize) {
    use wasm_bindgen::JsCast;
    let item = inside
        .closest(".elders")
        .ok()
        .flatten()
        .and_then(|region| region.query_selector_all(".elders-cards__item").ok())
        .and_then(|items| items.item(index as u32))
        .and_then(|node| node.dyn_into::<web_sys::Element>().ok());
    let Some(item) = item else {
        return;
    };
    let link = item.query_selector("[part=card-link]").ok().flatten();
    let target = link.or_else(|| {
        let heading = item.query_selector("[part=card-title]").ok().flatten()?;
        let _ = heading.set_attribute("tabindex", "-1");
        Some(heading)
    });
    if let Some(target) = target {
        focus(&target);
    }
}

/// The cards, drawn into a new element that this returns. `shown` is how many to show
/// (the reader's "show more" raises it); `total` is set to the number of matches once they
/// are known (0 until then), for the show-more button; `diagnostics` receives findings for
/// the admin's `data-debug` panel; `state` is what the list shows (the widget's
/// suggestions draw on the ranked feed too); `reader` loads the module that reads a JSON
/// feed, for a retry. `first` is the first load (a retry loads anew).
#[allow(clippy::too_many_arguments)]
pub fn related_work(
    config: Arc<WidgetConfig>,
    page: PageContext,
    shown: RwSignal<usize>,
    total: RwSignal<usize>,
    first: FirstLoad,
    diagnostics: RwSignal<Vec<String>>,
    state: RwSignal<FeedView>,
    reader: Option<FormModule>,
) -> El {
    let lang = config.lang;
    let t = texts(lang);
    let page = Arc::new(page);
    let limit = config.limit;
    let heading_level = config.heading_level;

    let show = move |outcome: Outcome| {
        if !outcome.lines.is_empty() {
            diagnostics.update(|d| d.extend(outcome.lines));
        }
        total.set(outcome.total);
        state.set(outcome.view);
        // Freeing a large index takes tens of milliseconds: not in the task that draws
        // the cards, but once they are on screen, and a part at a time.
        if let Some(index) = outcome.index {
            set_timeout(move || fetch::free_in_steps(index), FREE_INDEX_AFTER);
        }
    };
    let retry = handler(move || {
        state.set(FeedView::Loading);
        total.set(0);
        let (config, page, reader) = (config.clone(), page.clone(), reader.clone());
        spawn_local(async move {
            let Some(url) = config.feed.clone() else {
                return;
            };
            show(pipeline::run(&url, None, &page, &config, reader.as_ref()).await);
        });
    });
    match first {
        FirstLoad::Done(outcome) => show(outcome),
        FirstLoad::Pending(arrival) => arrival.on_arrival(show),
    }

    let related = el("div", "elders-related");
    let status = el("p", "elders-status").attr("role", "status");
    let stale =
        el("div", "elders-message elders-message--warning elders-stale").attr("role", "status");
    let stale_text = el("p", "");
    let stale = stale.child(&stale_text).child(button(
        "elders-button elders-button--secondary",
        t.retry,
        &retry,
    ));
    let results_box = el("div", "elders-results");
    let related = related.child(&status).child(&results_box);
    let (root, status, stale, results_box) = (related.0.clone(), status.0, stale.0, results_box.0);
    // Drawn at once, and again whenever the state or the number shown changes.
    watch(move || {
        let shown = shown.get();
        state.with(|state| {
            let busy = matches!(state, FeedView::Loading);
            let _ = root.set_attribute("aria-busy", if busy { "true" } else { "false" });
            let line = match state {
                FeedView::Loading => t.loading.to_string(),
                FeedView::Failed => t.feed_failed.to_string(),
                FeedView::Ready(r) if r.ranked.is_empty() => t.empty.to_string(),
                FeedView::Ready(r) => found(lang, shown.min(r.ranked.len()), r.ranked.len()),
            };
            status.set_text_content(Some(&line));
            match state {
                FeedView::Ready(ranking) if ranking.saved_at.is_some() => {
                    let age = dom::now_seconds() - ranking.saved_at.unwrap_or_default();
                    stale_text
                        .0
                        .set_text_content(Some(&stale_notice(lang, age)));
                    if stale.parent_node().is_none() {
                        let _ = root.insert_before(&stale, Some(&results_box));
                    }
                }
                _ => stale.remove(),
            }
            replace_children(
                &results_box,
                &results(state, shown, limit, lang, heading_level, &retry),
            );
        });
    });
    related
}
