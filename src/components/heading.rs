//! A heading whose level the intranet admin sets with `data-heading-level`, so that the
//! widget's headings fit the page's outline (a screen-reader user navigates by them).

use leptos::prelude::*;

/// `<h{level}>` for levels 2 to 6 (anything else is clamped).
#[component]
pub fn Heading(
    level: u8,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] id: &'static str,
    /// A `::part()` name.
    #[prop(optional)]
    part: &'static str,
    children: Children,
) -> impl IntoView {
    let id = (!id.is_empty()).then_some(id);
    let part = (!part.is_empty()).then_some(part);
    match level.clamp(2, 6) {
        2 => view! { <h2 class=class id=id part=part>{children()}</h2> }.into_any(),
        3 => view! { <h3 class=class id=id part=part>{children()}</h3> }.into_any(),
        4 => view! { <h4 class=class id=id part=part>{children()}</h4> }.into_any(),
        5 => view! { <h5 class=class id=id part=part>{children()}</h5> }.into_any(),
        _ => view! { <h6 class=class id=id part=part>{children()}</h6> }.into_any(),
    }
}
