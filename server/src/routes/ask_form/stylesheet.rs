//! `GET /ask/ask.css`: the widget's own stylesheet made a page's (`routes/page_style.rs`),
//! so that the form without JavaScript looks as the widget's, followed by the few rules of
//! the page around it (`ask.css`). The light theme by default and the dark one when the
//! reader's system prefers it (`data-theme="auto"` on `<html>`, as on the widget).

use std::sync::LazyLock;

use axum::response::IntoResponse;

use super::super::page_style;

static STYLESHEET: LazyLock<String> =
    LazyLock::new(|| page_style::for_a_page(page_style::WIDGET, include_str!("ask.css")));

pub async fn get() -> impl IntoResponse {
    page_style::response(STYLESHEET.as_str())
}
