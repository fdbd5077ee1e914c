//! The form's side of the suggestions: while the reader types, and once they pause, asks
//! the cards module for matches and shows up to three under the question, each a link
//! (`part="suggestion"`). Following one loses nothing: the draft is kept as it is typed,
//! and the form opens with it again on return.

use std::time::Duration;

use elders_core::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::wire::Suggestion;
use crate::heading::Heading;
use crate::i18n::suggestion_texts;
use crate::links::question_page_url;

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

#[component]
pub fn Suggestions(
    /// The cards module's `(text) => string` (see `super::wire`).
    suggest: js_sys::Function,
    /// The question as it is being typed.
    text: RwSignal<String>,
    /// The questions API, beside which the questions' pages live.
    questions: String,
    lang: Lang,
    heading_level: u8,
) -> impl IntoView {
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
    view! {
        <div class="elders-suggestions">
            // Only the heading is a live region: it is announced when matches appear,
            // without the list being read out on every change.
            <div role="status">
                {move || found.with(|f| !f.is_empty()).then(|| view! {
                    <Heading level=heading_level class="elders-questions__heading">{t.heading}</Heading>
                })}
            </div>
            {move || {
                let list = found.get();
                (!list.is_empty()).then(|| view! {
                    <p class="elders-field__hint">{t.intro}</p>
                    <ul class="elders-questions__list">
                        {list.into_iter().map(|s| {
                            let (kind, url) = if s.question {
                                (t.question.to_string(), question_page_url(&questions, &s.target))
                            } else {
                                (format!("{} {}", t.project, s.organisation).trim_end().to_string(), s.target)
                            };
                            view! {
                                <li part="suggestion">
                                    <a href=url>{s.title}</a>
                                    <p class="elders-question__meta">{kind}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}
