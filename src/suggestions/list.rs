//! The form's side of the suggestions: while the reader types, and once they pause, asks
//! the cards module for matches and shows up to three under the question, each a link
//! (`part="suggestion"`). Following one loses nothing: the draft is kept as it is typed,
//! and the form opens with it again on return.

use std::time::Duration;

use elders_core::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::wire::Suggestion;
use crate::heading::heading;
use crate::i18n::suggestion_texts;
use crate::links::question_page_url;
use crate::view::{el, El};

/// How long typing must pause before matches are looked up: a lookup per keystroke
/// would rank the feed for words half typed.
const PAUSE: Duration = Duration::from_millis(400);

/// Asks the cards module's function for the matches for `text`; none if it fails.
fn lookup(suggest: &js_sys::Function, text: &str) -> Vec<Suggestion> {
    suggest
        .call1(&JsValue::NULL, &JsValue::from_str(text))
        .ok()
        .and_then(|found| found.as_string())
        .map(|found| Suggestion::read_all(&found))
        .unwrap_or_default()
}

/// The suggestions under the question as `text` is typed. `suggest` is the cards
/// module's `(text) => string` (see `super::wire`), `questions` the questions API, beside
/// which the questions' pages live.
pub fn suggestions(
    suggest: js_sys::Function,
    text: RwSignal<String>,
    questions: String,
    lang: Lang,
    heading_level: u8,
) -> El {
    let t = suggestion_texts(lang);
    let found = RwSignal::new(Vec::<Suggestion>::new());
    // Each change starts a wait; only the last one's lookup runs.
    let typed = StoredValue::new(0u32);
    let suggest = StoredValue::new_local(suggest);
    Effect::new(move |_| {
        text.track();
        typed.update_value(|n| *n += 1);
        let this = typed.get_value();
        set_timeout(
            move || {
                if typed.try_get_value() != Some(this) {
                    return;
                }
                let matches = suggest.with_value(|f| lookup(f, &text.get_untracked()));
                if found.with_untracked(|old| *old != matches) {
                    found.set(matches);
                }
            },
            PAUSE,
        );
    });
    // Only the heading is a live region: it is announced when matches appear, without
    // the list being read out on every change.
    let announced = move || {
        if found.with(Vec::is_empty) {
            return Vec::new();
        }
        vec![heading(heading_level, "elders-questions__heading").text(t.heading)]
    };
    let listed = move || {
        let list = found.get();
        if list.is_empty() {
            return Vec::new();
        }
        let mut items = el("ul", "elders-questions__list");
        for s in list {
            let (kind, url) = if s.question {
                (
                    t.question.to_string(),
                    question_page_url(&questions, &s.target),
                )
            } else {
                let kind = format!("{} {}", t.project, s.organisation);
                (kind.trim_end().to_string(), s.target)
            };
            items = items.child(
                el("li", "")
                    .attr("part", "suggestion")
                    .child(el("a", "").attr("href", &url).text(&s.title))
                    .child(el("p", "elders-question__meta").text(&kind)),
            );
        }
        vec![el("p", "elders-field__hint").text(t.intro), items]
    };
    el("div", "elders-suggestions")
        .child(el("div", "").attr("role", "status").slot(announced))
        .slot(listed)
}
