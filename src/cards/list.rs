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

use super::card::{Card, SkeletonCard};
use super::fetch;
use super::pipeline::{self, FeedView, FirstLoad, Outcome};
use crate::config::WidgetConfig;
use crate::dom;
use crate::i18n::{found, stale_notice, texts};
use crate::on_demand::FormModule;

/// When the index, used only for the first ranking, is freed: after the cards are painted.
const FREE_INDEX_AFTER: Duration = Duration::from_millis(200);

/// `n` slots that keep the list's height: skeleton cards while loading, invisible ones
/// otherwise.
fn slots(n: usize, loading: bool) -> impl IntoView {
    let (class, hidden) = if loading {
        (None, None)
    } else {
        (Some("elders-slot--empty"), Some("true"))
    };
    (0..n)
        .map(|_| view! { <li class=class aria-hidden=hidden><SkeletonCard /></li> })
        .collect_view()
}

/// A message laid over the list's slots, with a retry button when trying again can help.
struct Message {
    class: &'static str,
    text: &'static str,
    retry: Option<Callback<()>>,
}

/// The list in any state. Every state renders the same elements (a list of cards, then
/// slots, then maybe a message), so the renderer's code for the list exists once in the
/// Wasm instead of once per state.
fn results(
    state: FeedView,
    shown: usize,
    limit: usize,
    lang: Lang,
    heading_level: u8,
    retry: Callback<()>,
) -> impl IntoView {
    let t = texts(lang);
    let (ranking, message) = match state {
        FeedView::Loading => (None, None),
        FeedView::Failed => (
            None,
            Some(Message {
                class: "elders-results__message elders-message--error",
                text: t.feed_failed,
                retry: Some(retry),
            }),
        ),
        FeedView::Ready(ranking) if ranking.ranked.is_empty() => (
            None,
            Some(Message {
                class: "elders-results__message",
                text: t.empty,
                retry: None,
            }),
        ),
        FeedView::Ready(ranking) => (Some(ranking), None),
    };
    let loading = ranking.is_none() && message.is_none();
    let cards = ranking
        .as_ref()
        .map(|ranking| {
            let visible = shown.min(ranking.ranked.len());
            ranking.ranked[..visible]
                .iter()
                .map(|r| view! { <Card item=ranking.items[r.index].clone() reasons=r.reasons.clone() related=r.related.clone() lang=lang heading_level=heading_level /> })
                .collect_view()
        })
        .unwrap_or_default();
    let visible = cards.len();
    let class = if loading {
        "elders-cards elders-cards--loading"
    } else {
        "elders-cards"
    };
    let (part, hidden) = if ranking.is_some() {
        (Some("cards"), None)
    } else {
        (None, Some("true"))
    };
    view! {
        <ul class=class part=part aria-hidden=hidden>
            {cards}
            {slots(limit.saturating_sub(visible), loading)}
        </ul>
        {message.map(|message| view! { <ListMessage message retry_label=t.retry /> })}
    }
}

/// A message laid over the list's slots, with its retry button when it has one.
#[component]
fn ListMessage(message: Message, retry_label: &'static str) -> impl IntoView {
    view! {
        <div class=message.class>
            <p>{message.text}</p>
            {message.retry.map(|retry| view! {
                <button type="button" class="elders-button elders-button--secondary" on:click=move |_| retry.run(())>
                    {retry_label}
                </button>
            })}
        </div>
    }
}

/// The cards. `shown` is how many to show (the reader's "show more" raises it); `total`
/// is set to the number of matches once they are known (0 until then), for the show-more
/// button.
#[component]
pub fn RelatedWork(
    config: Arc<WidgetConfig>,
    page: PageContext,
    shown: RwSignal<usize>,
    total: RwSignal<usize>,
    /// The first load (a retry loads anew).
    first: FirstLoad,
    /// Where findings for the admin's `data-debug` panel go.
    diagnostics: RwSignal<Vec<String>>,
    /// What the list shows; the widget's suggestions draw on the ranked feed too.
    state: RwSignal<FeedView>,
    /// Loads the module that reads a JSON feed, for a retry.
    reader: Option<FormModule>,
) -> impl IntoView {
    let lang = config.lang;
    let t = texts(lang);
    let page = Arc::new(page);
    let limit = config.limit;

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
    let reader = StoredValue::new_local(reader);
    let load = {
        let config = config.clone();
        move || {
            state.set(FeedView::Loading);
            total.set(0);
            let (config, page) = (config.clone(), page.clone());
            let reader = reader.get_value();
            spawn_local(async move {
                let Some(url) = config.feed.clone() else {
                    return;
                };
                show(pipeline::run(&url, None, &page, &config, reader.as_ref()).await);
            });
        }
    };
    match first {
        FirstLoad::Done(outcome) => show(outcome),
        FirstLoad::Pending(arrival) => arrival.on_arrival(show),
    }

    let status = move || match state.get() {
        FeedView::Loading => t.loading.to_string(),
        FeedView::Failed => t.feed_failed.to_string(),
        FeedView::Ready(r) if r.ranked.is_empty() => t.empty.to_string(),
        FeedView::Ready(r) => found(lang, shown.get().min(r.ranked.len()), r.ranked.len()),
    };
    let heading_level = config.heading_level;
    let retry = Callback::new(move |()| load());
    view! {
        <div class="elders-related" aria-busy=move || matches!(state.get(), FeedView::Loading).to_string()>
            <p class="elders-status" role="status">{status}</p>
            {move || match state.get() {
                FeedView::Ready(ranking) => ranking.saved_at.map(|saved_at| view! {
                    <div class="elders-message elders-message--warning elders-stale" role="status">
                        <p>{stale_notice(lang, dom::now_seconds() - saved_at)}</p>
                        <button type="button" class="elders-button elders-button--secondary" on:click=move |_| retry.run(())>
                            {t.retry}
                        </button>
                    </div>
                }),
                _ => None,
            }}
            <div class="elders-results">
                {move || results(state.get(), shown.get(), limit, lang, heading_level, retry)}
            </div>
        </div>
    }
}
