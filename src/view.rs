//! Elements made with the DOM's own calls, bound to Leptos's signals.
//!
//! The widget's views are few and small: the cards, a status line, two forms and the
//! questions panel. Each module draws them itself and keeps Leptos's signals for its
//! state: a binding ([`El::bind_attr`], [`El::bind_text`], [`El::slot`], ...) is a render
//! effect that sets one attribute, property or stretch of children whenever the signals
//! it reads change. Leptos's renderer made up about 40 KB brotli of each module that used
//! it (docs/architecture.md, "The views drawn without the renderer").
//!
//! Everything from a feed or a server goes in as text ([`El::text`] makes a text node),
//! never as HTML.

use std::cell::RefCell;

use leptos::prelude::RenderEffect;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Event};

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

    /// Sets an attribute when there is a value.
    pub fn attr_if(self, name: &str, value: Option<&str>) -> El {
        match value {
            Some(value) => self.attr(name, value),
            None => self,
        }
    }

    /// Keeps an attribute set to what `value` gives.
    pub fn bind_attr(self, name: &'static str, value: impl Fn() -> String + 'static) -> El {
        let element = self.0.clone();
        watch(move || {
            let _ = element.set_attribute(name, &value());
        });
        self
    }

    /// Keeps the `class` attribute `base`, with ` extra` added while `on` says so.
    pub fn bind_class(
        self,
        base: &'static str,
        extra: &'static str,
        on: impl Fn() -> bool + 'static,
    ) -> El {
        self.bind_attr("class", move || {
            if on() {
                format!("{base} {extra}")
            } else {
                base.to_string()
            }
        })
    }

    /// Keeps a DOM property (`readOnly`, `checked`, ...) set to what `value` gives.
    pub fn bind_prop(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> El {
        let element = self.0.clone();
        let name = JsValue::from_str(name);
        watch(move || {
            let value = value();
            // Set only when it changed: setting a field's `value` to what it holds
            // already would be harmless, but a property that did not change is left alone.
            if js_sys::Reflect::get(&element, &name).ok().as_ref() != Some(&value) {
                let _ = js_sys::Reflect::set(&element, &name, &value);
            }
        });
        self
    }

    /// Appends a text node that keeps holding what `text` gives.
    pub fn bind_text(self, text: impl Fn() -> String + 'static) -> El {
        let node = DOCUMENT.with(|d| d.create_text_node(""));
        let _ = self.0.append_child(&node);
        watch(move || node.set_data(&text()));
        self
    }

    /// Calls `f` on each `event` (`input`, `submit`, ...).
    pub fn on(self, event: &str, f: impl FnMut(Event) + 'static) -> El {
        let _ = self
            .0
            .add_event_listener_with_callback(event, &handler_with_event(f));
        self
    }

    /// Calls `f` on each click, with a function shared by every element that calls it.
    pub fn on_click(self, f: &js_sys::Function) -> El {
        let _ = self.0.add_event_listener_with_callback("click", f);
        self
    }

    /// Appends, at this place among the children, what `draw` gives, and draws it anew
    /// whenever the signals it reads change. What it drew before is removed; the
    /// children before and after it are left alone (they keep their focus and state).
    pub fn slot(self, draw: impl Fn() -> Vec<El> + 'static) -> El {
        // The place: an empty text node, before which the drawn elements go.
        let place = DOCUMENT.with(|d| d.create_text_node(""));
        let _ = self.0.append_child(&place);
        let drawn = RefCell::new(Vec::<Element>::new());
        watch(move || {
            let children = draw();
            let mut drawn = drawn.borrow_mut();
            for old in drawn.drain(..) {
                old.remove();
            }
            if let Some(parent) = place.parent_node() {
                for child in children {
                    let _ = parent.insert_before(&child.0, Some(&place));
                    drawn.push(child.0);
                }
            }
        });
        self
    }
}

/// Runs `f` now, and again whenever a signal it read changes, for the page's lifetime:
/// the widget's views are never taken out of the page (a form keeps sending what it
/// holds), so their bindings are never disposed of.
pub fn watch(mut f: impl FnMut() + 'static) {
    std::mem::forget(RenderEffect::new(move |_: Option<()>| f()));
}

/// What the event's field holds: its `value`, or for a checkbox whether it is `checked`.
pub fn field_value(event: &Event) -> JsValue {
    let Some(target) = event.target() else {
        return JsValue::UNDEFINED;
    };
    let checkbox = js_sys::Reflect::get(&target, &"type".into()).ok() == Some("checkbox".into());
    js_sys::Reflect::get(&target, &if checkbox { "checked" } else { "value" }.into())
        .unwrap_or(JsValue::UNDEFINED)
}

/// Moves focus to `element`, if it can take it.
pub fn focus(element: &Element) {
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
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

/// [`handler`] for a function that wants the event.
pub fn handler_with_event(f: impl FnMut(Event) + 'static) -> js_sys::Function {
    Closure::<dyn FnMut(Event)>::new(f)
        .into_js_value()
        .unchecked_into()
}

/// `<button type="button" class="class">label</button>`, which calls `on_click`.
pub fn button(class: &str, label: &str, on_click: &js_sys::Function) -> El {
    el("button", class)
        .attr("type", "button")
        .text(label)
        .on_click(on_click)
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
