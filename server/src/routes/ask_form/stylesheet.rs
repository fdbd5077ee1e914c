//! `GET /ask/ask.css`: the widget's own stylesheet (`style/elders.css`), so that the form
//! without JavaScript looks as the widget's, followed by the few rules of the page around
//! it (`ask.css`). The widget's stylesheet sets its theme on `:host`, its shadow root's
//! element; here the same rules are set on the page's `:root`, the light theme by
//! default and the dark one when the reader's system prefers it (`data-theme="auto"` on
//! `<html>`, as on the widget).

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;

const WIDGET: &str = include_str!("../../../../style/elders.css");
const PAGE: &str = include_str!("ask.css");

static STYLESHEET: LazyLock<String> = LazyLock::new(|| for_a_page(WIDGET, PAGE));

/// The widget's stylesheet with its `:host` selectors made the page's root, then `page`.
fn for_a_page(widget: &str, page: &str) -> String {
    let mut css = widget
        .replace(":host([data-theme=\"dark\"])", ":root[data-theme=\"dark\"]")
        .replace(":host([data-theme=\"auto\"])", ":root[data-theme=\"auto\"]")
        .replace(":host {", ":root {");
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
    fn every_host_rule_of_the_widget_applies_to_the_page() {
        let css = for_a_page(WIDGET, PAGE);
        assert!(
            !css.contains(":host"),
            "a `:host` selector the page stylesheet does not translate: add it to for_a_page"
        );
        assert_eq!(css.matches(":root[data-theme=\"auto\"]").count(), 1);
        assert!(css.contains(".elders-error-summary"));
        assert!(css.ends_with(PAGE));
    }
}
