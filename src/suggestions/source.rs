//! The cards module's side of the suggestions: one index over the feed's items and the
//! answered questions, built the first time a reader's question is worth looking up
//! (most page views never ask, so most never build it), and built anew when either
//! changes.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use elders_core::feed::Item;
use elders_core::rank::{Index, RankOptions};
use elders_core::suggest;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::wire::Suggestion;
use crate::cards::pipeline::{FeedView, Ranking};

/// What the suggestions are drawn from, shared by the widget (which gives it the answered
/// questions as they arrive) and the function the form calls.
#[derive(Clone)]
pub struct Source(Rc<RefCell<Pool>>);

struct Pool {
    /// What the cards show: the feed, once it is ranked.
    cards: RwSignal<FeedView>,
    /// The feed the index was built with.
    feed: Option<Arc<Ranking>>,
    /// The answered questions, as items (their ids are the questions').
    questions: Vec<Item>,
    /// The feed's items, then the questions', and their index: built on the first
    /// lookup after a change.
    built: Option<(Vec<Item>, Index)>,
    /// The page's own organisation, left out as in the cards.
    exclude: Option<String>,
}

impl Pool {
    fn feed(&self) -> &[Item] {
        self.feed.as_ref().map_or(&[], |f| f.items.as_slice())
    }
}

impl Source {
    /// The source for a widget whose cards show `cards`; the page's own organisation
    /// (`exclude`) is left out of the matches as it is out of the cards.
    pub fn new(cards: RwSignal<FeedView>, exclude: Option<String>) -> Source {
        Source(Rc::new(RefCell::new(Pool {
            cards,
            feed: None,
            questions: Vec::new(),
            built: None,
            exclude,
        })))
    }

    /// Sets the answered questions, as items (their ids are the questions').
    pub fn set_questions(&self, questions: Vec<Item>) {
        let mut pool = self.0.borrow_mut();
        pool.questions = questions;
        pool.built = None;
    }

    /// The matches for a question being typed, best first, as [`Suggestion::write`]
    /// writes them; none while it is too short to tell (`suggest::suggest` decides). The
    /// index is built on the first lookup: the reader has begun a question.
    pub fn lookup(&self, text: &str) -> String {
        let mut found = String::new();
        let mut pool = self.0.borrow_mut();
        // The feed as the cards show it now: read when asked, so that nothing runs when
        // the feed arrives or is loaded again, and the index is built anew when it changed.
        let feed = pool.cards.with_untracked(|view| match view {
            FeedView::Ready(ranking) => Some(ranking.clone()),
            _ => None,
        });
        if feed.as_ref().map(Arc::as_ptr) != pool.feed.as_ref().map(Arc::as_ptr) {
            pool.feed = feed;
            pool.built = None;
        }
        if pool.built.is_none() {
            // One list for `Index::build`, the builder the questions' ranking uses too:
            // a second way through the builder here cost more Wasm than the copy.
            let items: Vec<Item> = pool.feed().iter().chain(&pool.questions).cloned().collect();
            let themes = pool
                .feed
                .as_ref()
                .map(|f| f.themes.clone())
                .unwrap_or_default();
            let index = Index::build_with(&items, themes);
            pool.built = Some((items, index));
        }
        let pool = &*pool;
        let Some((items, index)) = &pool.built else {
            return found;
        };
        // Without the recency preference: an old answer is as good an answer.
        let options = RankOptions {
            exclude_organisation: pool.exclude.as_deref(),
            now: None,
            limit: suggest::MAX,
        };
        let projects = pool.feed().len();
        for ranked in suggest::suggest(index, text, &options) {
            let Some(item) = items.get(ranked.index) else {
                continue;
            };
            let suggestion = if ranked.index >= projects {
                Suggestion {
                    question: true,
                    title: item.title.clone(),
                    target: item.id.clone(),
                    organisation: String::new(),
                }
            } else {
                let Some(url) = item.url.clone() else {
                    continue;
                };
                Suggestion {
                    question: false,
                    title: item.title.clone(),
                    target: url,
                    organisation: item
                        .organisation()
                        .map(|o| o.name.clone())
                        .unwrap_or_default(),
                }
            };
            suggestion.write(&mut found);
        }
        found
    }

    /// The function handed to the form's module: `(text) => string`, the matches as
    /// [`Source::lookup`] writes them. `FnMut`, as the renderer's event handlers are: the
    /// glue for it is there already.
    pub fn to_function(&self) -> js_sys::Function {
        let source = self.clone();
        Closure::<dyn FnMut(String) -> String>::new(move |text: String| source.lookup(&text))
            .into_js_value()
            .unchecked_into()
    }
}
