//! Elements for the cards module, made with the DOM's own calls.
//!
//! The cards module's views are few and, once drawn, change only as a whole (the list
//! when the feed or "show more" changes, a button's label, a panel's visibility), so it
//! draws them itself and keeps Leptos's signals for its state (`crate::app`). Leptos's
//! renderer, which the forms' modules use, made up about 40 KB brotli of what every page
//! view loaded (docs/architecture.md, "The cards drawn without the renderer").
//!
//! Everything from a feed or a server goes in as text ([`El::text`] makes a text node),
//! never as HTML.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element};

thread_local! {
    static DOCUMENT: Document = web_sys::window()
        .and_then(|w| w.document())
        .expect("the widget runs in a page");
}

/// An element being built.
pub struct El(pub Element);

/// `<tag class="class">`; an empty `class` sets none.
pub fn el(tag: &str, class: &str) -> El {
    let element = DOCUMENT
        .with(|d| d.create_element(tag))
        .expect("a valid tag name");
    if !class.is_empty() {
        element.set_class_name(class);
    }
    El(element)
}

impl El {
    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Appends `text` as a text node.
    pub fn text(self, text: &str) -> El {
        append_text(&self.0, text);
        self
    }

    /// Appends a child.
    pub fn child(self, child: impl AsRef<Element>) -> El {
        let _ = self.0.append_child(child.as_ref());
        self
    }

    /// Appends a child when there is one.
    pub fn child_if(self, child: Option<El>) -> El {
        match child {
            Some(child) => self.child(child),
            None => self,
        }
    }
}

impl AsRef<Element> for El {
    fn as_ref(&self) -> &Element {
        &self.0
    }
}

/// Appends `text` to `parent` as a text node.
fn append_text(parent: &Element, text: &str) {
    let node = DOCUMENT.with(|d| d.create_text_node(text));
    let _ = parent.append_child(&node);
}

/// Replaces `parent`'s children with `children`.
pub fn replace_children(parent: &Element, children: &[El]) {
    parent.set_text_content(None);
    for child in children {
        let _ = parent.append_child(&child.0);
    }
}

/// A function for the DOM that runs `f`: made once and shared by every element that
/// calls it, so that drawing an element again makes no new closure.
pub fn handler(f: impl FnMut() + 'static) -> js_sys::Function {
    Closure::<dyn FnMut()>::new(f)
        .into_js_value()
        .unchecked_into()
}

/// `<button type="button" class="class">label</button>`, which calls `on_click`.
pub fn button(class: &str, label: &str, on_click: &js_sys::Function) -> El {
    let button = el("button", class).attr("type", "button").text(label);
    let _ = button.0.add_event_listener_with_callback("click", on_click);
    button
}

/// Puts `child` at the end of `parent` unless it is there already: appending an element
/// that is in the page moves it, and an element that moves loses focus.
pub fn keep_in(parent: &Element, child: &Element) {
    if child.parent_node().as_ref() != Some(parent.as_ref()) {
        let _ = parent.append_child(child);
    }
}

/// Whether `element` has focus in its shadow root (the page's `activeElement` is the host).
pub fn has_focus(element: &Element) -> bool {
    element
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.active_element())
        .is_some_and(|active| &active == element)
}

/// Shows or hides a panel by its `elders-hidden` class, its only one.
pub fn set_hidden(element: &Element, hidden: bool) {
    if hidden {
        element.set_class_name("elders-hidden");
    } else {
        let _ = element.remove_attribute("class");
    }
}
