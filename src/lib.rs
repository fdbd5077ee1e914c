//! The Elders widget: "related work elsewhere" cards and an "ask the community" form,
//! rendered inside the open shadow root of an `<elders-widget>` element on any intranet page.
//!
//! The small JavaScript loader (`loader/elders.js`) finds the script tag(s), creates the
//! host elements and their shadow roots, applies the stylesheet, and calls [`mount`] for
//! each. From there this crate reads its configuration and the page context, fetches and
//! ranks the feed with `elders-core`, and draws the cards (`view`, with Leptos's signals for
//! their state); the forms and the questions panel are Leptos components in modules of
//! their own.
//!
//! The code is organised by feature: [`cards`] (the related-work cards every page view
//! shows), [`ask`] (the question form and its never-lost outbox) and [`open_questions`]
//! (questions asked elsewhere). Shared by all of them at the top: the configuration, the
//! texts ([`i18n`]), reading the host page (`dom`), the admin's diagnostics and the
//! allocator. Plain logic ([`config`], [`i18n`], [`ask::outbox`], …) is unit-tested
//! natively; everything that touches the browser is compiled for `wasm32` only.
//! `docs/architecture.md` has the map.
//!
//! The crate builds four Wasm modules (`cargo xtask dist`): with the `cards` feature, the
//! widget a page loads ([`mount`]); with `ask`, the question form ([`mount_ask`]), which
//! the first loads when a reader opens the form; with `answers`, the questions panel
//! (`mount_questions`); with `reader`, the reader of feeds that arrive as JSON
//! (`reader::pack_feed`). Each leaves the others' code unused, which is the point, so
//! unused-code lints are only meaningful with all of them (the default).
#![cfg_attr(
    not(all(
        feature = "cards",
        feature = "ask",
        feature = "answers",
        feature = "reader"
    )),
    allow(dead_code, unused_imports)
)]

pub mod answers;
pub mod ask;
pub mod config;
pub mod diagnostics;
pub mod i18n;
pub mod links;
pub mod open_questions;
pub mod small_blocks;
pub mod suggestions;

/// Small blocks from size-class lists, the rest from `dlmalloc` (see [`small_blocks`]).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: small_blocks::SmallBlocks<std::alloc::System> =
    small_blocks::SmallBlocks::new(std::alloc::System);

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod cards;
#[cfg(target_arch = "wasm32")]
mod debug;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod heading;
#[cfg(target_arch = "wasm32")]
mod on_demand;
#[cfg(all(target_arch = "wasm32", feature = "reader"))]
mod reader;
#[cfg(target_arch = "wasm32")]
mod view;

/// A widget's configuration: the host's `data-*` attributes, falling back to the script
/// tag's, and the page's language.
#[cfg(target_arch = "wasm32")]
fn read_config(host: &web_sys::Element, script: Option<&web_sys::Element>) -> config::WidgetConfig {
    config::WidgetConfig::from_attributes(
        |name| {
            host.get_attribute(name)
                .or_else(|| script?.get_attribute(name))
        },
        dom::html_lang().as_deref(),
    )
}

/// Mounts one widget. Called by the loader for every `<elders-widget>` element.
///
/// `host` is the `<elders-widget>` element, `script` the loader's script tag whose
/// `data-*` attributes are the fallback for the host's, `container` the element inside
/// the host's shadow root to render into, and `feed` the loader's download of `data-feed`
/// (a promise of `{ status, body }`), started while the Wasm compiled. `limit` is how many
/// cards the loader's skeleton made room for; it replaces `data-limit`. `ask` is the
/// loader's `(entry, host, script, container, arg) => Promise` that loads the form's
/// module and calls its `entry` ([`mount_ask`] or [`mount_questions`]) to mount into
/// `container`. `note` is the loader's finding for the admin
/// (with `data-debug`: the widget's arrival moved the page), logged and listed on screen
/// with the configuration's problems.
#[cfg(all(target_arch = "wasm32", feature = "cards"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(
    host: web_sys::Element,
    script: Option<web_sys::Element>,
    container: web_sys::HtmlElement,
    feed: Option<js_sys::Promise>,
    limit: Option<u32>,
    ask: Option<js_sys::Function>,
    note: wasm_bindgen::JsValue,
) {
    let mut config = read_config(&host, script.as_ref());
    if let Some(hint) = note.as_string() {
        config.problems.push(config::ConfigProblem { hint });
    }
    config.log_problems();
    if let Some(limit) = limit {
        config.limit = (limit as usize).clamp(1, config::MAX_LIMIT);
    }
    let page = dom::read_page_context(&config);
    let ask = ask.map(|load| on_demand::FormModule { load, host, script });
    let Some(url) = config.feed.clone() else {
        // Nothing to load. Drawn a turn later: reading the page and drawing the widget
        // (whose code the browser compiles as it first runs) together made one task of up
        // to 50–90 ms on a busy machine.
        leptos::prelude::set_timeout(
            move || draw(container, config, page, None, ask),
            std::time::Duration::ZERO,
        );
        return;
    };
    // The widget is drawn once, when its first feed load ends, or in its loading state
    // if that takes longer than SHOW_LOADING_AFTER (see `cards::pipeline`).
    cards::pipeline::begin(
        url,
        feed,
        page.clone(),
        config.clone(),
        ask.clone(),
        SHOW_LOADING_AFTER,
        move |first| draw(container, config, page, Some(first), ask),
    );
}

/// How long the first load may take before the widget shows its own loading state (whose
/// status line tells a screen reader that it is loading) instead of the loader's skeleton,
/// which looks the same.
#[cfg(all(target_arch = "wasm32", feature = "cards"))]
const SHOW_LOADING_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// Replaces the loader's skeleton in `container` with the app. Called from three places
/// (no feed, first load done, first load slow); one copy of the app's drawing in the Wasm.
#[cfg(all(target_arch = "wasm32", feature = "cards"))]
#[inline(never)]
fn draw(
    container: web_sys::HtmlElement,
    config: config::WidgetConfig,
    page: elders_core::PageContext,
    first: Option<cards::pipeline::FirstLoad>,
    ask: Option<on_demand::FormModule>,
) {
    container.set_text_content(None);
    owned(|| app::app(&container, config, page, first, ask));
}

/// Runs `draw` with Leptos's task executor started (the list's retries, the panels'
/// loading, the forms' sending) and under an owner of the signals it makes, kept for the
/// page's lifetime as a mounted view's would be. Each module starts its own: each is its
/// own Wasm instance.
#[cfg(target_arch = "wasm32")]
fn owned(draw: impl FnOnce()) {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = leptos::prelude::Owner::new();
    owner.with(draw);
    std::mem::forget(owner);
}

/// Mounts the question form of the widget `host` into `container` (inside its shadow
/// root). Called through the loader by the widget's panel when a reader first opens it.
/// The configuration is read again from the same attributes, so the two modules agree
/// without passing it across; problems with it were already logged by [`mount`].
///
/// `offer` is what the cards module knows and the form cannot: `[suggest, mail]`, the
/// cards module's matcher for "has this been asked before?" (a function) and whether the
/// server mails askers (`true` when the questions list said so by the time the form was
/// opened). One array rather than a second argument: the loader's `startForm` and the
/// cards module's `on_demand` pass one argument to every module's entry, so they stay
/// as they are, and the array costs the cards module one import (`Array.of`), less than
/// an extra argument through both or an exported type's glue. Anything else in either
/// place reads as no suggestions and no mail.
#[cfg(all(target_arch = "wasm32", feature = "ask"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_ask(
    host: web_sys::Element,
    script: Option<web_sys::Element>,
    container: web_sys::HtmlElement,
    offer: js_sys::Array,
) {
    use wasm_bindgen::JsCast;
    let config = std::sync::Arc::new(read_config(&host, script.as_ref()));
    let suggest = Some(offer.get(0))
        .filter(wasm_bindgen::JsValue::is_function)
        .map(JsCast::unchecked_into::<js_sys::Function>);
    let mail = offer.get(1).as_bool() == Some(true);
    owned(|| {
        if let Some(form) = ask::form::ask_form(config, suggest, mail) {
            let _ = container.append_child(&form.0);
        }
    });
}

/// Mounts the questions panel of the widget `host` into `container`: the questions that
/// the cards module chose for the page (their ids, as
/// `open_questions::handover::Chosen::encode` writes them), read with their answers from
/// the questions API's JSON. Resolves once they are shown; rejects when they could not be
/// fetched, and the panel then offers to try again.
#[cfg(all(target_arch = "wasm32", feature = "answers"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn mount_questions(
    host: web_sys::Element,
    script: Option<web_sys::Element>,
    container: web_sys::HtmlElement,
    chosen: String,
) -> Result<(), wasm_bindgen::JsValue> {
    let config = std::sync::Arc::new(read_config(&host, script.as_ref()));
    let chosen = open_questions::handover::Chosen::decode(&chosen).unwrap_or_default();
    // The panel exists only for a widget with a questions endpoint.
    let endpoint = config.questions.clone().unwrap_or_default();
    let body = open_questions::client::load_json(&endpoint)
        .await
        .map_err(|e| wasm_bindgen::JsValue::from_str(&format!("{endpoint}: {e}")))?;
    let questions = open_questions::question::parse_with_answers(&body)
        .map_err(|e| wasm_bindgen::JsValue::from_str(&format!("{endpoint}: {e}")))?;
    let pick = |ids: &[String]| -> Vec<_> {
        ids.iter()
            .filter_map(|id| questions.iter().find(|q| &q.question.id == id).cloned())
            .collect()
    };
    let (open, answered) = (pick(&chosen.open), pick(&chosen.answered));
    owned(|| {
        for section in answers::list::questions_panel(&config, open, answered) {
            let _ = container.append_child(&section.0);
        }
    });
    Ok(())
}
