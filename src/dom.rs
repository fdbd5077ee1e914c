//! Reading the host page: its language and what it is about. Only reads; the widget
//! changes nothing outside its own element.

use elders_core::page::{split_list, MAX_MAIN_TEXT_CHARS};
use elders_core::PageContext;
use wasm_bindgen::JsCast;

use crate::config::WidgetConfig;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// `<html lang>`.
pub fn html_lang() -> Option<String> {
    document()?.document_element()?.get_attribute("lang")
}

fn meta(document: &web_sys::Document, name: &str) -> Option<String> {
    let element = document
        .query_selector(&format!("meta[name=\"{name}\" i]"))
        .ok()??;
    element
        .dyn_into::<web_sys::HtmlMetaElement>()
        .ok()
        .map(|m| m.content())
}

fn text_of(document: &web_sys::Document, selector: &str) -> Option<String> {
    let text = document.query_selector(selector).ok()??.text_content()?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!text.is_empty()).then_some(text)
}

/// The readable text of `<main>` (or `[role=main]`, or `<article>`), up to the bound the
/// query uses. Walks text nodes instead of taking `textContent`, which would include the
/// source of inline scripts and styles; stops early on long pages. Text inside a `<form>`
/// is left out: its labels and hints say how to fill it in, not what the page is about (a
/// search box's, a feedback form's; the configurator's example topics moved its own
/// preview's cards).
fn main_text(document: &web_sys::Document) -> Option<String> {
    let root = document
        .query_selector("main, [role=main], article")
        .ok()??;
    const SHOW_TEXT: u32 = 4;
    let walker = document
        .create_tree_walker_with_what_to_show(&root, SHOW_TEXT)
        .ok()?;
    let mut text = String::new();
    while let Ok(Some(node)) = walker.next_node() {
        let skip = node.parent_element().is_some_and(|p| {
            matches!(
                p.local_name().as_str(),
                "script" | "style" | "noscript" | "template" | "elders-widget"
            ) || p.closest("form").ok().flatten().is_some()
        });
        if skip {
            continue;
        }
        if let Some(chunk) = node.text_content() {
            for word in chunk.split_whitespace() {
                text.push_str(word);
                text.push(' ');
            }
        }
        if text.len() >= MAX_MAIN_TEXT_CHARS * 2 {
            break;
        }
    }
    let text = text.trim_end().to_string();
    (!text.is_empty()).then_some(text)
}

/// Everything the ranking may use from the page. Shadow roots are not part of
/// `textContent`, so the widget's own cards never feed back into its query.
pub fn read_page_context(config: &WidgetConfig) -> PageContext {
    let Some(document) = document() else {
        return PageContext {
            topics: config.topics.clone(),
            ..PageContext::default()
        };
    };
    let mut keywords = meta(&document, "keywords")
        .map(|k| split_list(&k))
        .unwrap_or_default();
    keywords.extend(
        meta(&document, "dcterms.subject")
            .map(|k| split_list(&k))
            .unwrap_or_default(),
    );
    PageContext {
        topics: config.topics.clone(),
        keywords,
        description: meta(&document, "description"),
        title: Some(document.title()).filter(|t| !t.trim().is_empty()),
        heading: text_of(&document, "h1"),
        main_text: main_text(&document),
    }
}

/// A random UUID v4 for idempotency keys. `crypto.randomUUID()` only exists in secure
/// contexts, and many intranets are plain `http:`; `getRandomValues` works everywhere.
pub fn random_uuid() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Without a CSPRNG, time and Math.random still make a collision practically
        // impossible for the few questions one reader sends.
        let seed =
            js_sys::Date::now().to_bits() ^ (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (seed.rotate_left(i as u32 * 7) as u8) ^ ((js_sys::Math::random() * 256.0) as u8);
        }
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The page's address without fragment, for the question's `page_url`.
pub fn page_url() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or_default().to_string())
}

/// Now, in Unix seconds.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

thread_local! {
    /// The page's `performance`, looked up once: feed loading reads the clock after every
    /// small step, thousands of times for a large feed.
    static PERFORMANCE: Option<web_sys::Performance> =
        web_sys::window().and_then(|w| w.performance());
}

/// Milliseconds on the page's monotonic clock (`performance.now()`).
pub fn now_ms() -> f64 {
    PERFORMANCE.with(|p| p.as_ref().map_or_else(js_sys::Date::now, |p| p.now()))
}

/// Gives the browser a turn (input, rendering, the host page's own timers and scripts) in
/// the middle of long work, and continues right after: a message to a private channel,
/// which, unlike a zero timeout, is not slowed down to 4 ms when repeated.
///
/// Not `scheduler.yield()`: its continuations go before the page's other tasks, so a long
/// loop of them starves the host page's own timers, and the widget is a guest there.
pub async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(&resolve));
            let _ = channel
                .port2()
                .post_message(&wasm_bindgen::JsValue::UNDEFINED);
        } else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `f` in a task after the page's next frame (at once in a hidden tab, which draws
/// none): for work that must not come between new content and the frame that shows it.
pub fn after_frame(f: impl FnOnce() + 'static) {
    use leptos::prelude::{request_animation_frame, set_timeout};
    let later = move || set_timeout(f, std::time::Duration::ZERO);
    if document().is_some_and(|d| d.hidden()) {
        later();
    } else {
        request_animation_frame(later);
    }
}

/// What went wrong with a request, for the console and `data-debug`: the browser's own
/// error (`TypeError: Failed to fetch`). Not `gloo_net::Error`'s `Display`, which would
/// bring `serde_json`'s error messages into the Wasm for a variant the widget never meets.
pub fn request_error(error: &gloo_net::Error) -> String {
    match error {
        gloo_net::Error::JsError(e) => [e.name.as_str(), ": ", &e.message].concat(),
        gloo_net::Error::GlooError(message) => message.clone(),
        _ => "the answer could not be read".to_string(),
    }
}
