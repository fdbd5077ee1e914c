//! The pieces both forms (a question, an answer) are built from, after the GOV.UK / NL
//! Design System pattern: labels above fields, hints, an error summary that takes focus and
//! links to each field, inline errors tied to their field with `aria-describedby` and
//! `aria-invalid`. Each piece is built by one function, so that the renderer's code for it
//! exists once in the Wasm however many fields and forms use it.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::outbox::Outbox;
use crate::heading::Heading;

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

    /// A field's error message under its label, while it has one.
    pub fn inline_error(self, field: &'static str) -> impl IntoView {
        move || {
            self.errors
                .with(|e| {
                    e.iter()
                        .find(|m| m.field == field)
                        .map(|m| m.message.clone())
                })
                .map(|m| {
                    view! { <p class="elders-field__error" id=format!("{}-error", self.ids.of(field))>{m}</p> }
                })
        }
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

pub fn text_field(f: TextField, form: FormState) -> impl IntoView {
    let id = form.ids.of(f.field);
    let hint = f.hint.map(|hint| {
        view! { <p class="elders-field__hint" id=format!("{id}-hint")>{hint}</p> }
    });
    let optional = f
        .optional
        .map(|optional| view! { " "<span class="elders-optional">{optional}</span> });
    let spellcheck = matches!(f.input_type, "email" | "url").then_some("false");
    view! {
        <div class="elders-field" class:elders-field--error=move || form.has_error(f.field)>
            <label class="elders-field__label" for=id.clone()>{f.label}{optional}</label>
            {hint}
            {form.inline_error(f.field)}
            <input id=id name=f.field type=f.input_type autocomplete=f.autocomplete
                spellcheck=spellcheck class="elders-input"
                aria-describedby=form.described(f.field, f.hint.is_some())
                aria-invalid=move || form.has_error(f.field).to_string()
                prop:readOnly=move || form.outbox.with(Outbox::is_queued)
                prop:value=move || f.value.get()
                on:input=move |ev| f.value.set(event_target_value(&ev)) />
        </div>
    }
}

/// One consent checkbox (`field` is its JSON name), with its hint under the label if it
/// has one, described by that hint and the privacy notice that says what it means.
pub fn checkbox(
    field: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    value: RwSignal<bool>,
    form: FormState,
) -> impl IntoView {
    let id = form.ids.of(field);
    let hint_id = format!("{id}-hint");
    let privacy = form.ids.of("privacy");
    let described = match hint {
        Some(_) => format!("{hint_id} {privacy}"),
        None => privacy,
    };
    let hint = hint.map(|hint| view! { <p class="elders-field__hint" id=hint_id>{hint}</p> });
    view! {
        <div class="elders-field elders-checkbox">
            <input id=id.clone() name=field type="checkbox" class="elders-checkbox__input"
                aria-describedby=described
                prop:disabled=move || form.outbox.with(Outbox::is_queued)
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev)) />
            <label class="elders-checkbox__label" for=id>{label}</label>
            {hint}
        </div>
    }
}

/// The error summary: takes focus when it appears (see the form's controller), and links
/// to each field with a problem.
pub fn error_summary(
    form: FormState,
    title: &'static str,
    heading_level: u8,
    summary_ref: NodeRef<html::Div>,
    form_ref: NodeRef<html::Form>,
) -> impl IntoView {
    let focus_field = move |field: String| {
        let Some(form_el) = form_ref.get() else {
            return;
        };
        if let Ok(Some(el)) = form_el.query_selector(&format!("#{}", form.ids.of(&field))) {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    };
    move || {
        let list = form.errors.get();
        let title_id = form.ids.of("error-summary-title");
        let labelled_by = title_id.clone();
        (!list.is_empty()).then(|| view! {
            <div class="elders-error-summary" role="alert" tabindex="-1" node_ref=summary_ref
                aria-labelledby=labelled_by>
                <Heading level=heading_level class="elders-error-summary__title" id=title_id>{title}</Heading>
                <ul class="elders-error-summary__list">
                    {list.into_iter().map(|m| {
                        let field = m.field.clone();
                        if field.is_empty() {
                            view! { <li>{m.message}</li> }.into_any()
                        } else {
                            view! {
                                <li><a href=format!("#{}", form.ids.of(&field))
                                    on:click=move |ev| { ev.prevent_default(); focus_field(field.clone()); }>
                                    {m.message}
                                </a></li>
                            }.into_any()
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}
