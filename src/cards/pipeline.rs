//! One feed load, from URL to ranked cards, used by the first load (begun as the widget
//! mounts) and by every retry: fetch the feed (or take the loader's download), read and
//! index it in small steps ([`super::fetch`]), rank it for the page, and give the
//! browser a turn before the cards are drawn.
//!
//! The first load has one extra: the widget is drawn once, when the feed is ranked, with
//! its cards. The loader's skeleton, which looks like the app's loading state, holds the
//! room meanwhile. Drawn first, the loading state (with its frame and the turns around
//! it) came between the feed's arrival and its reading: 20–30 ms at 1,000 items. When
//! the load takes longer than a moment, the widget is drawn in its loading state after
//! all, so that a screen reader hears that it is loading, and the cards follow through
//! an [`Arrival`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use elders_core::feed::Item;
use elders_core::rank::{Index, RankOptions};
use elders_core::themes::Themes;
use elders_core::{PageContext, Query, Ranked};

use super::fetch::{self, FeedLoadError, LoadedFeed};
use crate::config::{WidgetConfig, MAX_LIMIT};
use crate::diagnostics::feed_lines;
use crate::dom;
use crate::on_demand::FormModule;

/// The ranked result for this page.
#[derive(Debug)]
pub struct Ranking {
    /// The feed's valid items.
    pub items: Vec<Item>,
    /// The best of them for this page, best first, as indices into `items`.
    pub ranked: Vec<Ranked>,
    /// When the kept copy shown was saved; `None` for a fresh feed.
    pub saved_at: Option<i64>,
    /// The theme vocabulary the feed's pack brought, for the widget's other indexes (the
    /// questions', the suggestions'): the cards module holds no vocabulary of its own.
    pub themes: Themes,
}

/// What the list shows.
#[derive(Debug, Clone)]
pub enum FeedView {
    /// A load is under way.
    Loading,
    /// The ranked feed (possibly with no matches).
    Ready(Arc<Ranking>),
    /// No feed and no kept copy.
    Failed,
}

/// What a feed load came to, worked out (validated, ranked) before the list shows it.
pub struct Outcome {
    /// What the list shows.
    pub view: FeedView,
    /// The number of matches.
    pub total: usize,
    /// Findings for `data-debug`.
    pub lines: Vec<String>,
    /// The index, to be freed once the cards are on screen.
    pub index: Option<Index>,
}

/// Ranks a feed's items with its index and the page's query (the one the index was
/// focused on), leaving out the page's own organisation.
fn rank(items: Vec<Item>, index: &Index, query: &Query, config: &WidgetConfig) -> Ranking {
    let options = RankOptions {
        exclude_organisation: config.organisation.as_deref(),
        now: Some(dom::now_seconds()),
        limit: MAX_LIMIT,
    };
    let ranked = index.rank(query, &options);
    Ranking {
        items,
        ranked,
        saved_at: None,
        themes: index.themes().clone(),
    }
}

/// Ranks a loaded feed for this page, or records why there is none.
fn settle(loaded: Result<LoadedFeed, FeedLoadError>, url: &str, config: &WidgetConfig) -> Outcome {
    match loaded {
        Ok(loaded) => {
            let lines = if config.debug {
                let age = loaded.saved_at.map(|at| dom::now_seconds() - at);
                feed_lines(url, &loaded.parsed, age)
            } else {
                Vec::new()
            };
            let mut ranking = rank(
                loaded.parsed.feed.items,
                &loaded.index,
                &loaded.query,
                config,
            );
            ranking.saved_at = loaded.saved_at;
            Outcome {
                total: ranking.ranked.len(),
                view: FeedView::Ready(Arc::new(ranking)),
                lines,
                index: Some(loaded.index),
            }
        }
        // `fetch` has told the console why; data-debug shows it too.
        Err(error) => Outcome {
            view: FeedView::Failed,
            total: 0,
            lines: vec![format!("Feed {url}: {error}")],
            index: None,
        },
    }
}

/// Loads the feed at `url` and ranks it for `page`. `started` is the download the loader
/// began while the Wasm compiled (first load only); `reader` loads the module that reads
/// a JSON feed.
pub async fn run(
    url: &str,
    started: Option<js_sys::Promise>,
    page: &PageContext,
    config: &WidgetConfig,
    reader: Option<&FormModule>,
) -> Outcome {
    let loaded = fetch::load(url, started, page, reader).await;
    let outcome = settle(loaded, url, config);
    // Drawing the cards, where much of the renderer's code first runs (and is compiled as
    // it does), gets a task of its own: after ranking, in the same task, it made one of
    // 50 ms and more on a busy machine.
    dom::yield_to_browser().await;
    outcome
}

/// The first load as the widget is drawn.
pub enum FirstLoad {
    /// Finished: the widget is drawn with the cards at once.
    Done(Outcome),
    /// Still under way: the widget is drawn in its loading state, and the outcome comes
    /// through this.
    Pending(Arrival),
}

/// Where the first load's outcome arrives when the widget was drawn before it ended.
#[derive(Clone, Default)]
pub struct Arrival(Rc<RefCell<Slot>>);

#[derive(Default)]
enum Slot {
    /// Neither the outcome nor a way to show it yet.
    #[default]
    Empty,
    /// The list's way to show the outcome.
    Watched(Box<dyn FnOnce(Outcome)>),
    /// The outcome, before the list asked for it.
    Arrived(Outcome),
}

impl Arrival {
    /// Shows the outcome with `show` when it arrives (at once if it has).
    pub fn on_arrival(&self, show: impl FnOnce(Outcome) + 'static) {
        let slot = std::mem::take(&mut *self.0.borrow_mut());
        match slot {
            Slot::Arrived(outcome) => show(outcome),
            _ => *self.0.borrow_mut() = Slot::Watched(Box::new(show)),
        }
    }

    fn deliver(&self, outcome: Outcome) {
        let slot = std::mem::take(&mut *self.0.borrow_mut());
        match slot {
            Slot::Watched(show) => show(outcome),
            _ => *self.0.borrow_mut() = Slot::Arrived(outcome),
        }
    }
}

/// Begins the widget's first load and calls `draw` once: with the outcome when the load
/// ends within `patience`, otherwise after `patience`, with the [`Arrival`] of the
/// outcome to come.
pub fn begin(
    url: String,
    started: Option<js_sys::Promise>,
    page: PageContext,
    config: WidgetConfig,
    reader: Option<FormModule>,
    patience: Duration,
    draw: impl FnOnce(FirstLoad) + 'static,
) {
    let draw = Rc::new(RefCell::new(Some(draw)));
    let arrival = Arrival::default();
    {
        let (draw, arrival) = (draw.clone(), arrival.clone());
        leptos::prelude::set_timeout(
            move || {
                if let Some(draw) = draw.take() {
                    draw(FirstLoad::Pending(arrival));
                }
            },
            patience,
        );
    }
    // Not Leptos' spawn_local: its executor starts with the first drawing.
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = run(&url, started, &page, &config, reader.as_ref()).await;
        let draw = draw.take();
        match draw {
            Some(draw) => draw(FirstLoad::Done(outcome)),
            None => arrival.deliver(outcome),
        }
    });
}
