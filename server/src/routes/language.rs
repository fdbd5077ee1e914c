//! The reader's language, for the messages and pages people read.

use axum::http::{header, HeaderMap};
use elders_core::Lang;

/// The reader's language from `Accept-Language` (the first of `nl` or `en` it names);
/// Dutch when it names neither, as the intranets Elders serves are Dutch first.
pub fn language(headers: &HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(',')
                .find_map(|tag| Lang::from_tag(tag.split(';').next().unwrap_or("")))
        })
        .unwrap_or_default()
}
