//! The Elders widget: "related work elsewhere" cards and an "ask the community" form,
//! rendered inside the open shadow root of an `<elders-widget>` element on any intranet page.
//!
//! The small JavaScript loader (`loader/elders.js`) finds the script tag(s), creates the
//! host elements and their shadow roots, applies the stylesheet, and calls [`mount`] for
//! each. From there this crate reads its configuration and the page context, fetches and
//! ranks the feed with `elders-core`, and renders with Leptos.
//!
//! [`config`] and [`i18n`] are plain Rust and unit-tested natively; everything that touches
//! the browser is compiled for `wasm32` only.
//!
//! The crate builds two Wasm modules (`cargo xtask dist`): with the `cards` feature, the
//! widget a page loads ([`mount`]); with `ask`, the question form ([`mount_ask`]), which
//! the first loads when a reader opens the form. Each leaves the other's code unused, which
//! is the point, so unused-code lints are only meaningful with both (the default).
#![cfg_attr(
    not(all(feature = "cards", feature = "ask")),
    allow(dead_code, unused_imports)
)]

pub mod config;
pub mod diagnostics;
pub mod draft;
pub mod i18n;
pub mod links;
pub mod open_question;
pub mod question_reply;
pub mod small_blocks;

/// Small blocks from size-class lists, the rest from `dlmalloc` (see [`small_blocks`]).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: small_blocks::SmallBlocks<std::alloc::System> =
    small_blocks::SmallBlocks::new(std::alloc::System);

#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod draft_store;
#[cfg(target_arch = "wasm32")]
mod feed_cache;
#[cfg(target_arch = "wasm32")]
mod feed_client;
#[cfg(target_arch = "wasm32")]
mod open_questions_client;
#[cfg(target_arch = "wasm32")]
mod questions_client;

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
/// loader's `(host, script, container) => Promise` that loads the question form's module
/// and mounts the form into `container`. `note` is the loader's finding for the admin
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
    let ask = ask.map(|load| components::ask_panel::FormLoader { load, host, script });
    use components::related_work::{settle, FirstLoad};
    use leptos::prelude::*;
    let Some(url) = config.feed.clone() else {
        // Nothing to load. Drawn a turn later: reading the page and drawing the widget
        // (whose code the browser compiles as it first runs) together made one task of up
        // to 50–90 ms on a busy machine.
        set_timeout(
            move || draw(container, config, page, None, ask),
            std::time::Duration::ZERO,
        );
        return;
    };
    // The first feed load begins now, and the widget is drawn once the feed is ranked,
    // with its cards; the loader's skeleton, the same as the app's loading state, holds
    // the room meanwhile. Drawn first, the loading state (with its frame and the turns
    // around it) came between the feed's arrival and its reading: 20–30 ms at 1,000
    // items. When the load takes longer than SHOW_LOADING_AFTER, the app is drawn in its
    // loading state after all, so that a screen reader hears that it is loading.
    let (first_config, first_page) = (config.clone(), page.clone());
    let drawing = std::rc::Rc::new(std::cell::RefCell::new(Some(move |first| {
        draw(container, config, page, Some(first), ask)
    })));
    let delivery = components::related_work::Delivery::default();
    let (waiting, pending) = (drawing.clone(), delivery.clone());
    set_timeout(
        move || {
            if let Some(draw) = waiting.take() {
                draw(FirstLoad::Pending(pending));
            }
        },
        SHOW_LOADING_AFTER,
    );
    // Not Leptos' spawn_local: its executor starts with the first drawing.
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = feed_client::load(&url, feed, &first_page).await;
        let outcome = settle(loaded, &url, &first_page, &first_config);
        // Drawing the cards, where much of the renderer's code first runs (and is compiled
        // as it does), gets a task of its own, apart from the reading and ranking.
        dom::yield_to_browser().await;
        let draw = drawing.take();
        match (draw, delivery.take()) {
            (Some(draw), _) => draw(FirstLoad::Done(outcome)),
            (None, Some(show)) => show(outcome),
            // Not met: the list drawn in its loading state put its way of showing it there.
            (None, None) => {}
        }
    });
}

/// How long the first load may take before the widget shows its own loading state (whose
/// status line tells a screen reader that it is loading) instead of the loader's skeleton,
/// which looks the same.
#[cfg(all(target_arch = "wasm32", feature = "cards"))]
const SHOW_LOADING_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// Replaces the loader's skeleton in `container` with the app. Called from three places;
/// one copy of the app's drawing in the Wasm.
#[cfg(all(target_arch = "wasm32", feature = "cards"))]
#[inline(never)]
fn draw(
    container: web_sys::HtmlElement,
    config: config::WidgetConfig,
    page: elders_core::PageContext,
    first: Option<components::related_work::FirstLoad>,
    ask: Option<components::ask_panel::FormLoader>,
) {
    use leptos::prelude::*;
    container.set_text_content(None);
    leptos::mount::mount_to(
        container,
        move || view! { <components::app::App config page first ask /> },
    )
    .forget();
}

/// Mounts the question form of the widget `host` into `container` (inside its shadow
/// root). Called through the loader by the widget's panel when a reader first opens it.
/// The configuration is read again from the same attributes, so the two modules agree
/// without passing it across; problems with it were already logged by [`mount`].
#[cfg(all(target_arch = "wasm32", feature = "ask"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount_ask(
    host: web_sys::Element,
    script: Option<web_sys::Element>,
    container: web_sys::HtmlElement,
) {
    let config = std::sync::Arc::new(read_config(&host, script.as_ref()));
    use leptos::prelude::*;
    leptos::mount::mount_to(
        container,
        move || view! { <components::ask_form::AskForm config /> },
    )
    .forget();
}
