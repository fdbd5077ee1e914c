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

pub mod config;
pub mod diagnostics;
pub mod draft;
pub mod i18n;
pub mod links;

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

/// Mounts one widget. Called by the loader for every `<elders-widget>` element.
///
/// `host` is the `<elders-widget>` element, `script` the loader's script tag whose
/// `data-*` attributes are the fallback for the host's, `container` the element inside
/// the host's shadow root to render into, and `feed` the loader's download of `data-feed`
/// (a promise of `{ status, body }`), started while the Wasm compiled. `limit` is how many
/// cards the loader's skeleton made room for; it replaces `data-limit`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn mount(
    host: web_sys::Element,
    script: Option<web_sys::Element>,
    container: web_sys::HtmlElement,
    feed: Option<js_sys::Promise>,
    limit: Option<u32>,
) {
    let mut config = config::WidgetConfig::from_attributes(
        |name| {
            host.get_attribute(name)
                .or_else(|| script.as_ref()?.get_attribute(name))
        },
        dom::html_lang().as_deref(),
    );
    config.log_problems();
    if let Some(limit) = limit {
        config.limit = (limit as usize).clamp(1, config::MAX_LIMIT);
    }
    let page = dom::read_page_context(&config);
    use leptos::prelude::*;
    leptos::mount::mount_to(
        container,
        move || view! { <components::app::App config page feed /> },
    )
    .forget();
}
