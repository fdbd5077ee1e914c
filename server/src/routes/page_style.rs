//! The widget's own stylesheet (`style/elders.css`) for a page of the server's own, so that
//! the pages that stand in for the widget where no script may run (`/embed`'s cards, the
//! `/ask` form) look exactly like it and follow its theme tokens (`--elders-*`, light and
//! dark). The widget's sheet is written for a shadow root; on a page its `:host` rules are
//! read as the page's root element, which carries `data-theme` as the widget's host element
//! does. Each page adds the little it needs of its own after it.

use axum::http::header;
use axum::response::IntoResponse;

/// The widget's stylesheet, as the widget ships it.
pub const WIDGET: &str = include_str!("../../../style/elders.css");

/// The widget's stylesheet with `:host(…)` read as `:root…` and `:host` as `:root`, then
/// `page`.
pub fn for_a_page(widget: &str, page: &str) -> String {
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

/// A stylesheet response, cached for an hour (the file changes only with a new server).
pub fn response(css: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_rules_apply_to_the_root() {
        let css = for_a_page(
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
        let css = for_a_page(WIDGET, "");
        assert!(!css.contains(":host"));
        assert_eq!(css.matches(":root[data-theme=\"auto\"]").count(), 1);
        assert!(css.contains(":root[data-theme=\"dark\"]"));
        assert!(css.contains(".elders-card"));
        assert!(css.contains(".elders-error-summary"));
    }
}
