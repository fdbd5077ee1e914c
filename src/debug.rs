//! The `data-debug` panel: what the widget read and what went wrong, on screen for the
//! admin setting it up (see [`crate::diagnostics`]). It is not part of the fixed layout:
//! it grows as findings come in, which is fine on a page being set up.

use leptos::prelude::*;

use crate::view::{el, replace_children, watch, El};

/// The panel, listing `lines` as they change.
pub fn debug_panel(lines: RwSignal<Vec<String>>) -> El {
    let list = el("ul", "elders-debug__lines");
    let items = list.0.clone();
    watch(move || {
        lines.with(|lines| {
            let drawn: Vec<El> = lines.iter().map(|line| el("li", "").text(line)).collect();
            replace_children(&items, &drawn);
        });
    });
    el("details", "elders-debug")
        .attr("part", "debug")
        .attr("open", "")
        .attr("lang", "en")
        .child(el("summary", "").text("Elders diagnostics (data-debug)"))
        .child(list)
}
