//! The `data-debug` panel: what the widget read and what went wrong, on screen for the
//! admin setting it up (see [`crate::diagnostics`]). It is not part of the fixed layout:
//! it grows as findings come in, which is fine on a page being set up.

use leptos::prelude::*;

#[component]
pub fn DebugPanel(lines: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <details class="elders-debug" part="debug" open lang="en">
            <summary>"Elders diagnostics (data-debug)"</summary>
            <ul class="elders-debug__lines">
                {move || lines.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
            </ul>
        </details>
    }
}
