//! `GET /embed/embed.css`: the widget's own stylesheet made a page's
//! (`routes/page_style.rs`), so that the cards in a frame look exactly like the widget's,
//! plus the little a page of its own needs (`embed.css`). Made once, at first use.

use std::sync::LazyLock;

use axum::response::IntoResponse;

use super::super::page_style;

/// The served stylesheet.
static STYLESHEET: LazyLock<String> =
    LazyLock::new(|| page_style::for_a_page(page_style::WIDGET, include_str!("embed.css")));

pub async fn get() -> impl IntoResponse {
    page_style::response(STYLESHEET.as_str())
}
