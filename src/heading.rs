//! A heading whose level the intranet admin sets with `data-heading-level`, so that the
//! widget's headings fit the page's outline (a screen-reader user navigates by them).

use crate::view::{el, El};

/// `<h{level} class="class">` for levels 2 to 6 (anything else is clamped).
pub fn heading(level: u8, class: &str) -> El {
    el(tag(level), class)
}

/// The heading element's name for `level`, 2 to 6 (anything else is clamped).
pub fn tag(level: u8) -> &'static str {
    ["h2", "h3", "h4", "h5", "h6"][usize::from(level.clamp(2, 6) - 2)]
}
