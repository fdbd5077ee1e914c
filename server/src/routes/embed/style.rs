//! `GET /embed/embed.css`: the widget's own stylesheet, so that the cards in a frame look
//! exactly like the widget's and follow its theme tokens (`--elders-*`, light and dark),
//! plus the little a page of its own needs (`embed.css`). The widget's sheet is written
//! for a shadow root; here its `:host` rules are read as the page's root element, which
//! carries `data-theme` as the widget's host element does. Made once, at first use.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;

const WIDGET: &str = include_str!("../../../../style/elders.css");
const PAGE: &str = include_str!("embed.css");

/// The served stylesheet.
static STYLESHEET: LazyLock<String> = LazyLock::new(|| stylesheet_for_a_page(WIDGET, PAGE));

/// `:host(…)` becomes `:root…`, `:host` becomes `:root`; `page` follows.
fn stylesheet_for_a_page(widget: &str, page: &str) -> String {
    let mut css = String::with_capacity(widget.len() + page.len() + 1);
    let mut rest = widget;
    while let Some(at) = rest.find(":host") {
        css.push_str(&rest[..at]);
        css.push_str(":root");
        rest = &rest[at + ":host".len()..];
        // `:host([data-theme="dark"])` → `:root[data-theme="dark"]`
        if let Some(inner) = rest.strip_prefix('(') {
            if let Some(end) = inner.find(')') {
                css.push_str(&inner[..end]);
                rest = &inner[end + 1..];
            }
        }
    }
    css.push_str(rest);
    css.push('\n');
    css.push_str(page);
    css
}

pub async fn get() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_rules_apply_to_the_root() {
        let css = stylesheet_for_a_page(
            ":host {\n  --_a: 1;\n}\n:host([data-theme=\"dark\"]) { --_a: 2; }\n@media (x) {\n  :host([data-theme=\"auto\"]) { --_a: 3; }\n}\n",
            "body { margin: 0; }",
        );
        assert_eq!(
            css,
            ":root {\n  --_a: 1;\n}\n:root[data-theme=\"dark\"] { --_a: 2; }\n@media (x) {\n  :root[data-theme=\"auto\"] { --_a: 3; }\n}\n\nbody { margin: 0; }"
        );
    }

    #[test]
    fn the_widgets_sheet_has_no_host_rule_left() {
        assert!(!STYLESHEET.contains(":host"));
        assert!(STYLESHEET.contains(":root[data-theme=\"dark\"]"));
        assert!(STYLESHEET.contains(".elders-card"));
    }
}
