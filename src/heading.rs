//! A heading whose level the intranet admin sets with `data-heading-level`, so that the
//! widget's headings fit the page's outline (a screen-reader user navigates by them).

use leptos::prelude::*;

/// `<h{level}>` for levels 2 to 6 (anything else is clamped).
#[component]
pub fn Heading(
    level: u8,
    #[prop(optional)] class: &'static str,
    #[prop(optional, into)] id: String,
    /// A `::part()` name.
    #[prop(optional)]
    part: &'static str,
    children: Children,
) -> impl IntoView {
    let id = (!id.is_empty()).then_some(id);
    let part = (!part.is_empty()).then_some(part);
    // One element type whatever the level (`createElement` with the tag's name makes the
    // same heading element as `<h3>` would): five `view!` branches would each add the
    // renderer's code for an element type to the Wasm.
    leptos::html::custom(tag(level))
        .class(class)
        .id(id)
        .attr("part", part)
        .child(children())
}

/// The heading element's name for `level`, 2 to 6 (anything else is clamped); the cards
/// module, which draws without Leptos's renderer, makes its headings with it too.
pub fn tag(level: u8) -> &'static str {
    ["h2", "h3", "h4", "h5", "h6"][usize::from(level.clamp(2, 6) - 2)]
}
