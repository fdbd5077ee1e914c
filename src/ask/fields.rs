//! The pieces both forms (a question, an answer) are built from, after the GOV.UK / NL
//! Design System pattern: labels above fields, hints, an error summary that takes focus and
//! links to each field, inline errors tied to their field with `aria-describedby` and
//! `aria-invalid`. Each piece is built by one function, so that its code exists once in
//! the Wasm however many fields and forms use it.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::outbox::Outbox;
use crate::heading::heading;
use crate::view::{el, field_value, focus, El};

/// A message for one field (`field` is the JSON name; empty for the form as a whole).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

/// The element ids of one form. A shadow root may hold the question form and several
/// answer forms at once, so each form's ids start with a prefix of its own.
#[derive(Clone, Copy)]
pub struct Ids(&'static str);

impl Ids {
    /// Ids `{prefix}{field}`, e.g. `elders-` for the question form. The prefix is kept for
    /// the page's lifetime (a few bytes per form): a form, once shown, is never removed,
    /// so that what it holds keeps being sent, and a plain `&'static str` keeps the ids
    /// `Copy` without a reactive store's code.
    pub fn new(prefix: String) -> Ids {
        Ids(prefix.leak())
    }

    /// The id of a field's input (`public_name` → `elders-public-name`), or of another
    /// part of the form (`privacy`, `error-summary-title`).
    pub fn of(self, field: &str) -> String {
        format!("{}{}", self.0, field.replace('_', "-"))
    }
}

/// What every field of a form shares: its ids, its errors, and whether it is locked
/// because what it holds is queued to be sent.
#[derive(Clone, Copy)]
pub struct FormState {
    pub ids: Ids,
    pub errors: RwSignal<Vec<FieldMessage>>,
    pub outbox: RwSignal<Outbox>,
}

impl FormState {
    pub fn has_error(self, field: &str) -> bool {
        self.errors.with(|e| e.iter().any(|m| m.field == field))
    }

    /// `aria-describedby` of a field: its hint, and its error while it has one.
    pub fn described(self, field: &'static str, hint: bool) -> impl Fn() -> String + Copy {
        move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(format!("{}-hint", self.ids.of(field)));
            }
            if self.has_error(field) {
                ids.push(format!("{}-error", self.ids.of(field)));
            }
            ids.join(" ")
        }
    }

    /// A field's error message under its label, while it has one (for [`El::slot`]).
    pub fn inline_error(self, field: &'static str) -> impl Fn() -> Vec<El> {
        move || {
            self.errors.with(|e| {
                e.iter()
                    .filter(|m| m.field == field)
                    .take(1)
                    .map(|m| {
                        el("p", "elders-field__error")
                            .attr("id", &format!("{}-error", self.ids.of(field)))
                            .text(&m.message)
                    })
                    .collect()
            })
        }
    }

    /// A field's box: `elders-field`, marked while the field has an error.
    fn field_box(self, field: &'static str) -> El {
        el("div", "").bind_class("elders-field", "elders-field--error", move || {
            self.has_error(field)
        })
    }

    /// Whether the form's fields are locked: what they hold is queued to be sent.
    fn locked(self) -> JsValue {
        self.outbox.with(Outbox::is_queued).into()
    }
}

/// One labelled single-line field with its hint, inline error and ARIA wiring.
#[derive(Clone, Copy)]
pub struct TextField {
    /// The JSON name, also the input's `name`.
    pub field: &'static str,
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// The "(optional)" marker, for fields that are.
    pub optional: Option<&'static str>,
    pub input_type: &'static str,
    pub autocomplete: Option<&'static str>,
    pub value: RwSignal<String>,
}

/// A single-line field's `<input>`, bound to its value, with its ARIA wiring.
fn text_input(f: TextField, form: FormState, id: &str) -> El {
    let spellcheck = matches!(f.input_type, "email" | "url").then_some("false");
    el("input", "elders-input")
        .attr("id", id)
        .attr("name", f.field)
        .attr("type", f.input_type)
        .attr_if("autocomplete", f.autocomplete)
        .attr_if("spellcheck", spellcheck)
        .bind_attr(
            "aria-describedby",
            form.described(f.field, f.hint.is_some()),
        )
        .bind_attr("aria-invalid", move || form.has_error(f.field).to_string())
        .bind_prop("readOnly", move || form.locked())
        .bind_prop("value", move || f.value.get().into())
        .on("input", move |ev| {
            f.value
                .set(field_value(&ev).as_string().unwrap_or_default())
        })
}

/// One labelled single-line field: its label (with "(optional)" if it is), hint, inline
/// error and input.
pub fn text_field(f: TextField, form: FormState) -> El {
    let id = form.ids.of(f.field);
    let hint = f.hint.map(|hint| {
        el("p", "elders-field__hint")
            .attr("id", &format!("{id}-hint"))
            .text(hint)
    });
    let optional = f
        .optional
        .map(|optional| el("span", "elders-optional").text(optional));
    let label = el("label", "elders-field__label")
        .attr("for", &id)
        .text(f.label);
    let label = match optional {
        Some(optional) => label.text(" ").child(optional),
        None => label,
    };
    form.field_box(f.field)
        .child(label)
        .child_if(hint)
        .slot(form.inline_error(f.field))
        .child(text_input(f, form, &id))
}

/// One consent checkbox (`field` is its JSON name), with its hint under the label if it
/// has one, described by that hint and the privacy notice that says what it means.
pub fn checkbox(
    field: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: RwSignal<bool>,
    form: FormState,
) -> El {
    let id = form.ids.of(field);
    let hint_id = format!("{id}-hint");
    let privacy = form.ids.of("privacy");
    let described = match hint {
        Some(_) => format!("{hint_id} {privacy}"),
        None => privacy,
    };
    let hint = hint.map(|hint| {
        el("p", "elders-field__hint")
            .attr("id", &hint_id)
            .text(hint)
    });
    el("div", "elders-field elders-checkbox")
        .child(
            el("input", "elders-checkbox__input")
                .attr("id", &id)
                .attr("name", field)
                .attr("type", "checkbox")
                .attr("aria-describedby", &described)
                .bind_prop("disabled", move || form.locked())
                .bind_prop("checked", move || value.get().into())
                .on("change", move |ev| value.set(field_value(&ev).is_truthy())),
        )
        .child(
            el("label", "elders-checkbox__label")
                .attr("for", &id)
                .text(label),
        )
        .child_if(hint)
}

/// The error summary, for the form `form_el` (for [`El::slot`]): takes focus when it
/// appears (see the form's controller), and links to each field with a problem.
pub fn error_summary(
    form: FormState,
    title: &'static str,
    heading_level: u8,
    form_el: web_sys::Element,
) -> impl Fn() -> Vec<El> {
    let focus_field = crate::view::handler_with_event(move |ev| {
        ev.prevent_default();
        let field = ev
            .current_target()
            .and_then(|a| js_sys::Reflect::get(&a, &"hash".into()).ok())
            .and_then(|hash| hash.as_string())
            .unwrap_or_default();
        if let Ok(Some(input)) = form_el.query_selector(&field) {
            focus(&input);
        }
    });
    move || {
        let list = form.errors.get();
        if list.is_empty() {
            return Vec::new();
        }
        let title_id = form.ids.of("error-summary-title");
        let mut items = el("ul", "elders-error-summary__list");
        for m in list {
            let item = if m.field.is_empty() {
                el("li", "").text(&m.message)
            } else {
                el("li", "").child(
                    el("a", "")
                        .attr("href", &format!("#{}", form.ids.of(&m.field)))
                        .text(&m.message)
                        .on_click(&focus_field),
                )
            };
            items = items.child(item);
        }
        vec![el("div", "elders-error-summary")
            .attr("role", "alert")
            .attr("tabindex", "-1")
            .attr("aria-labelledby", &title_id)
            .child(
                heading(heading_level, "elders-error-summary__title")
                    .attr("id", &title_id)
                    .text(title),
            )
            .child(items)]
    }
}
