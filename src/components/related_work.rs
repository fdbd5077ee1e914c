//! The "related work elsewhere" list: loads the feed, ranks it for this page and shows the
//! best cards, with one status line that screen readers hear when the state changes.

use std::sync::Arc;

use elders_core::feed::Item;
use elders_core::rank::{Index, RankOptions};
use elders_core::{PageContext, Ranked};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::card::Card;
use crate::config::{WidgetConfig, MAX_LIMIT};
use crate::i18n::{found, stale_notice, texts};
use crate::{dom, feed_client};

/// The ranked result for this page.
#[derive(Debug)]
struct Ranking {
    items: Vec<Item>,
    ranked: Vec<Ranked>,
    /// When the kept copy shown was saved; `None` for a fresh feed.
    saved_at: Option<i64>,
}

#[derive(Debug, Clone)]
enum FeedView {
    Loading,
    Ready(Arc<Ranking>),
    Failed,
}

fn rank(items: Vec<Item>, page: &PageContext, config: &WidgetConfig) -> Ranking {
    let index = Index::build(&items);
    let query = index.query(page);
    let options = RankOptions {
        exclude_organisation: config.organisation.as_deref(),
        now: Some(dom::now_seconds()),
        limit: MAX_LIMIT,
    };
    let ranked = index.rank(&query, &options);
    Ranking {
        items,
        ranked,
        saved_at: None,
    }
}

#[component]
pub fn RelatedWork(config: Arc<WidgetConfig>, page: PageContext) -> impl IntoView {
    let lang = config.lang;
    let t = texts(lang);
    let state = RwSignal::new(FeedView::Loading);
    let shown = RwSignal::new(config.limit);
    let page = Arc::new(page);

    let load = {
        let config = config.clone();
        move || {
            state.set(FeedView::Loading);
            let (config, page) = (config.clone(), page.clone());
            spawn_local(async move {
                let Some(url) = config.feed.clone() else {
                    return;
                };
                match feed_client::load(&url).await {
                    Ok(loaded) => {
                        let mut ranking = rank(loaded.parsed.feed.items, &page, &config);
                        ranking.saved_at = loaded.saved_at;
                        state.set(FeedView::Ready(Arc::new(ranking)))
                    }
                    Err(_) => {
                        // feed_client has told the console why.
                        state.set(FeedView::Failed);
                    }
                }
            });
        }
    };
    load();

    let status = move || match state.get() {
        FeedView::Loading => t.loading.to_string(),
        FeedView::Failed => t.feed_failed.to_string(),
        FeedView::Ready(r) if r.ranked.is_empty() => t.empty.to_string(),
        FeedView::Ready(r) => found(lang, shown.get().min(r.ranked.len()), r.ranked.len()),
    };
    let limit = config.limit;
    let heading_level = config.heading_level;
    view! {
        <div class="elders-related" aria-busy=move || matches!(state.get(), FeedView::Loading).to_string()>
            <p class="elders-status" role="status">{status}</p>
            {move || match state.get() {
                FeedView::Loading => view! {
                    <ul class="elders-cards elders-cards--loading" aria-hidden="true">
                        <li class="elders-skeleton"></li>
                        <li class="elders-skeleton"></li>
                    </ul>
                }.into_any(),
                FeedView::Failed => {
                    let retry = load.clone();
                    view! {
                        <button type="button" class="elders-button elders-button--secondary" on:click=move |_| retry()>
                            {t.retry}
                        </button>
                    }.into_any()
                }
                FeedView::Ready(ranking) => {
                    let total = ranking.ranked.len();
                    let visible = shown.get().min(total);
                    let cards = ranking.ranked[..visible]
                        .iter()
                        .map(|r| view! { <Card item=ranking.items[r.index].clone() reasons=r.reasons.clone() lang=lang heading_level=heading_level /> })
                        .collect_view();
                    let stale = ranking.saved_at.map(|saved_at| {
                        let retry = load.clone();
                        view! {
                            <div class="elders-message elders-message--warning elders-stale" role="status">
                                <p>{stale_notice(lang, dom::now_seconds() - saved_at)}</p>
                                <button type="button" class="elders-button elders-button--secondary" on:click=move |_| retry()>
                                    {t.retry}
                                </button>
                            </div>
                        }
                    });
                    view! {
                        {stale}
                        <ul class="elders-cards" part="cards">{cards}</ul>
                        {(visible < total).then(|| view! {
                            <button type="button" class="elders-button elders-button--secondary" part="show-more"
                                on:click=move |_| shown.update(|n| *n += limit)>
                                {t.show_more}
                            </button>
                        })}
                    }.into_any()
                }
            }}
        </div>
    }
}
