//! "Ask colleagues elsewhere": the question form, after the GOV.UK / NL Design System
//! pattern: labels above fields, hints, an error summary that takes focus and links to each
//! field, inline errors tied to their field with `aria-describedby` and `aria-invalid`.
//!
//! The same rules as the server (`QuestionInput::validate` from core) run before sending.
//! Nothing typed is lost: the draft is kept in `localStorage` while typing, and a question
//! that cannot be sent stays queued, visibly, and is resent with backoff until the server
//! confirms it. The idempotency key stays with the draft, so however often it is resent,
//! and even across reloads, the server stores it once.

use std::sync::Arc;
use std::time::Duration;

use elders_core::page::split_list;
use elders_core::question::MAX_QUESTION_CHARS;
use elders_core::{Lang, QuestionInput};
use leptos::html;
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use wasm_bindgen::JsCast;

use super::client::{self, SendError};
use super::draft::Draft;
use super::outbox::{Delivery, Outbox, Status};
use super::storage::DraftStore;
use crate::config::WidgetConfig;
use crate::dom;
use crate::heading::Heading;
use crate::i18n::{characters, form_texts};
use crate::links::question_page_url;

/// A message for one field (`field` is the JSON name; empty for the form as a whole).
#[derive(Debug, Clone, PartialEq)]
struct FieldMessage {
    field: String,
    message: String,
}

fn input_id(field: &str) -> String {
    format!("elders-{}", field.replace('_', "-"))
}

fn has_error(errors: RwSignal<Vec<FieldMessage>>, field: &'static str) -> bool {
    errors.with(|e| e.iter().any(|m| m.field == field))
}

/// `aria-describedby` of a field: its hint, and its error while it has one.
fn described(
    errors: RwSignal<Vec<FieldMessage>>,
    field: &'static str,
    hint: bool,
) -> impl Fn() -> String + Copy {
    move || {
        let mut ids = Vec::new();
        if hint {
            ids.push(format!("{}-hint", input_id(field)));
        }
        if has_error(errors, field) {
            ids.push(format!("{}-error", input_id(field)));
        }
        ids.join(" ")
    }
}

/// A field's error message under its label, while it has one.
fn inline_error(errors: RwSignal<Vec<FieldMessage>>, field: &'static str) -> impl IntoView {
    move || {
        errors
            .with(|e| {
                e.iter()
                    .find(|m| m.field == field)
                    .map(|m| m.message.clone())
            })
            .map(|m| {
                view! { <p class="elders-field__error" id=format!("{}-error", input_id(field))>{m}</p> }
            })
    }
}

/// One labelled single-line field with its hint, inline error and ARIA wiring. The four
/// such fields are all built here, so the renderer's code for them exists once in the
/// Wasm rather than once per field.
#[derive(Clone, Copy)]
struct TextField {
    /// The JSON name, also the input's `name`.
    field: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
    /// The "(optional)" marker, for fields that are.
    optional: Option<&'static str>,
    input_type: &'static str,
    autocomplete: Option<&'static str>,
    spellcheck: Option<&'static str>,
    value: RwSignal<String>,
}

fn text_field(
    f: TextField,
    errors: RwSignal<Vec<FieldMessage>>,
    outbox: RwSignal<Outbox>,
) -> impl IntoView {
    let id = input_id(f.field);
    let hint = f.hint.map(|hint| {
        view! { <p class="elders-field__hint" id=format!("{id}-hint")>{hint}</p> }
    });
    let optional = f
        .optional
        .map(|optional| view! { " "<span class="elders-optional">{optional}</span> });
    view! {
        <div class="elders-field" class:elders-field--error=move || has_error(errors, f.field)>
            <label class="elders-field__label" for=id.clone()>{f.label}{optional}</label>
            {hint}
            {inline_error(errors, f.field)}
            <input id=id name=f.field type=f.input_type autocomplete=f.autocomplete
                spellcheck=f.spellcheck class="elders-input"
                aria-describedby=described(errors, f.field, f.hint.is_some())
                aria-invalid=move || has_error(errors, f.field).to_string()
                prop:readOnly=move || outbox.with(Outbox::is_queued)
                prop:value=move || f.value.get()
                on:input=move |ev| f.value.set(event_target_value(&ev)) />
        </div>
    }
}

/// The form's fields.
#[derive(Clone, Copy)]
struct Fields {
    question: RwSignal<String>,
    topics: RwSignal<String>,
    name: RwSignal<String>,
    organisation: RwSignal<String>,
    email: RwSignal<String>,
    consent: RwSignal<bool>,
    public_name: RwSignal<bool>,
}

impl Fields {
    fn from_draft(draft: &Draft) -> Fields {
        Fields {
            question: RwSignal::new(draft.question.clone()),
            topics: RwSignal::new(draft.topics.clone()),
            name: RwSignal::new(draft.name.clone()),
            organisation: RwSignal::new(draft.organisation.clone()),
            email: RwSignal::new(draft.email.clone()),
            consent: RwSignal::new(draft.consent),
            public_name: RwSignal::new(draft.public_name),
        }
    }

    /// The draft as it stands (tracked, so an effect re-runs on every change).
    fn draft(&self, key: Option<String>, queued: bool) -> Draft {
        Draft {
            question: self.question.get(),
            topics: self.topics.get(),
            name: self.name.get(),
            organisation: self.organisation.get(),
            email: self.email.get(),
            consent: self.consent.get(),
            public_name: self.public_name.get(),
            key,
            queued,
            saved_at: 0,
        }
    }

    fn input(&self) -> QuestionInput {
        QuestionInput {
            question: self.question.get_untracked(),
            topics: split_list(&self.topics.get_untracked()),
            page_url: dom::page_url(),
            organisation: Some(self.organisation.get_untracked()),
            name: Some(self.name.get_untracked()),
            email: Some(self.email.get_untracked()),
            consent_contact: self.consent.get_untracked(),
            public_name: self.public_name.get_untracked(),
        }
    }
}

/// One consent checkbox (`field` is its JSON name), described by the privacy notice that
/// says what it means. Both checkboxes are built here, so the renderer's code for them
/// exists once in the Wasm.
fn checkbox(
    field: &'static str,
    label: &'static str,
    value: RwSignal<bool>,
    outbox: RwSignal<Outbox>,
) -> impl IntoView {
    let id = input_id(field);
    view! {
        <div class="elders-field elders-checkbox">
            <input id=id.clone() name=field type="checkbox" class="elders-checkbox__input"
                aria-describedby="elders-privacy"
                prop:disabled=move || outbox.with(Outbox::is_queued)
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev)) />
            <label class="elders-checkbox__label" for=id>{label}</label>
        </div>
    }
}

/// Drives the [`Outbox`]: validates, sends when it says so, reports how each send ended
/// and sets the timers it asks for. Cloned into every handler that needs it.
#[derive(Clone)]
struct Controller {
    endpoint: Arc<String>,
    lang: Lang,
    store: Arc<DraftStore>,
    fields: Fields,
    outbox: RwSignal<Outbox>,
    errors: RwSignal<Vec<FieldMessage>>,
    summary_ref: NodeRef<html::Div>,
    sent_ref: NodeRef<html::Div>,
    /// The public page of the question just sent.
    sent_page: RwSignal<Option<String>>,
}

impl Controller {
    fn show_errors(&self, list: Vec<FieldMessage>) {
        self.errors.set(list);
        let summary = self.summary_ref;
        spawn_local(async move {
            tick().await;
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        });
    }

    /// The reader pressed "send".
    fn submit(&self) {
        if self.outbox.with_untracked(Outbox::is_queued) {
            return;
        }
        match self.fields.input().validate() {
            Err(list) => self.show_errors(
                list.iter()
                    .map(|e| FieldMessage {
                        field: e.field.as_str().into(),
                        message: e.message(self.lang),
                    })
                    .collect(),
            ),
            Ok(_) => {
                self.errors.set(Vec::new());
                self.outbox.update(|o| {
                    o.submit(dom::random_uuid);
                });
                self.send();
            }
        }
    }

    /// Sends the question as it stands, with its key, when the outbox has one due.
    fn send(&self) {
        let Ok(clean) = self.fields.input().validate() else {
            self.outbox.update(Outbox::hold);
            return;
        };
        let Some(key) = self.outbox.try_update(Outbox::begin).flatten() else {
            return;
        };
        let this = self.clone();
        spawn_local(async move {
            match client::send(&this.endpoint, &key, this.lang, &clean).await {
                Ok(stored) => {
                    this.store.clear();
                    this.fields.question.set(String::new());
                    this.sent_page
                        .set(Some(question_page_url(&this.endpoint, &stored.id)));
                    this.outbox.update(|o| {
                        o.settle(Delivery::Stored {
                            pending: stored.status == "pending",
                        });
                    });
                    tick().await;
                    if let Some(el) = this.sent_ref.get() {
                        let _ = el.focus();
                    }
                }
                Err(SendError::Network) => {
                    let resend = this
                        .outbox
                        .try_update(|o| o.settle(Delivery::Unreachable))
                        .flatten();
                    if let Some(resend) = resend {
                        this.resend_after(resend.attempt, resend.delay_ms);
                    }
                }
                Err(SendError::Rejected { message, fields }) => {
                    // A refused question will be refused again: the next send is a new one.
                    web_sys::console::warn_1(
                        &format!("[elders] {}: question refused: {message}", this.endpoint).into(),
                    );
                    this.outbox.update(|o| {
                        o.settle(Delivery::Refused);
                    });
                    let list = if fields.is_empty() {
                        vec![FieldMessage {
                            field: String::new(),
                            message,
                        }]
                    } else {
                        fields
                            .into_iter()
                            .map(|f| FieldMessage {
                                field: f.field,
                                message: f.message,
                            })
                            .collect()
                    };
                    this.show_errors(list);
                }
            }
        });
    }

    /// Sends again after `delay_ms`, unless the outbox moved on meanwhile.
    fn resend_after(&self, attempt: u32, delay_ms: u32) {
        let this = self.clone();
        set_timeout(
            move || {
                if this.outbox.with_untracked(|o| o.due(attempt)) {
                    this.send();
                }
            },
            Duration::from_millis(u64::from(delay_ms)),
        );
    }

    /// "Try now" while waiting.
    fn resend_now(&self) {
        if self.outbox.with_untracked(Outbox::resend_now) {
            self.send();
        }
    }

    /// "Stop sending": back to editing (see [`Outbox::stop`]).
    fn stop(&self) {
        self.outbox.update(Outbox::stop);
    }
}

#[component]
pub fn AskForm(config: Arc<WidgetConfig>) -> impl IntoView {
    let t = form_texts(config.lang);
    let Some(endpoint) = config.questions.clone() else {
        return ().into_any();
    };
    let lang = config.lang;
    let store = Arc::new(DraftStore::new(&endpoint, &config.topics));
    let draft = store.load().unwrap_or_else(|| Draft {
        topics: config.topics.join(", "),
        ..Draft::default()
    });
    let fields = Fields::from_draft(&draft);
    let controller = Controller {
        endpoint: Arc::new(endpoint),
        lang,
        store: store.clone(),
        fields,
        outbox: RwSignal::new(Outbox::restore(draft.key.clone(), draft.queued)),
        errors: RwSignal::new(Vec::new()),
        summary_ref: NodeRef::new(),
        sent_ref: NodeRef::new(),
        sent_page: RwSignal::new(None),
    };
    // A question that was waiting when the page closed is sent again right away.
    controller.send();
    // Keep the draft while typing and while it waits to be sent.
    let outbox = controller.outbox;
    Effect::new(move |_| {
        let (key, queued, sent) = outbox.with(|o| {
            (
                o.key().map(str::to_string),
                o.is_queued(),
                matches!(o.status(), Status::Sent { .. }),
            )
        });
        if !sent {
            store.save(&fields.draft(key, queued));
        }
    });

    let errors = controller.errors;
    let status = move || outbox.with(Outbox::status);
    let (summary_ref, sent_ref) = (controller.summary_ref, controller.sent_ref);
    let sent_page = controller.sent_page;
    let form_ref = NodeRef::<html::Form>::new();
    let busy = move || status().is_busy();
    let focus_field = move |field: String| {
        if let Some(form) = form_ref.get() {
            if let Ok(Some(el)) = form.query_selector(&format!("#{}", input_id(&field))) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    };
    let field = |field, label, hint, optional, input_type, autocomplete, value| {
        let spellcheck = (input_type == "email").then_some("false");
        text_field(
            TextField {
                field,
                label,
                hint,
                optional,
                input_type,
                autocomplete,
                spellcheck,
                value,
            },
            errors,
            outbox,
        )
    };
    let optional = Some(t.optional);
    let on_submit = {
        let controller = controller.clone();
        move |ev: web_sys::SubmitEvent| {
            ev.prevent_default();
            controller.submit();
        }
    };
    let (resend, stop) = (controller.clone(), controller.clone());
    let privacy_url = config.privacy_url.clone();
    let heading_level = config.heading_level;

    view! {
        <div class="elders-ask" part="question-form">
            <Heading level=heading_level class="elders-ask__heading">{t.ask_heading}</Heading>
            {move || match status() {
                Status::Sent { pending } => Some(view! {
                    <div class="elders-message elders-message--success" role="status" tabindex="-1" node_ref=sent_ref>
                        <p>{t.sent}" "{if pending { t.sent_pending } else { t.sent_public }}</p>
                        {sent_page.get().filter(|_| !pending).map(|url| view! { <p><a href=url class="elders-question-link">{t.view_question}</a></p> })}
                        <button type="button" class="elders-button elders-button--secondary"
                            on:click=move |_| outbox.update(Outbox::write_another)>
                            {t.ask_another}
                        </button>
                    </div>
                }),
                _ => None,
            }}
            <form class="elders-form" novalidate node_ref=form_ref on:submit=on_submit
                class:elders-hidden=move || matches!(status(), Status::Sent { .. })>
                <p class="elders-ask__intro">{t.ask_intro}</p>
                {move || {
                    let list = errors.get();
                    (!list.is_empty()).then(|| view! {
                        <div class="elders-error-summary" role="alert" tabindex="-1" node_ref=summary_ref
                            aria-labelledby="elders-error-summary-title">
                            <Heading level=heading_level + 1 class="elders-error-summary__title" id="elders-error-summary-title">{t.error_summary}</Heading>
                            <ul class="elders-error-summary__list">
                                {list.into_iter().map(|m| {
                                    let field = m.field.clone();
                                    if field.is_empty() {
                                        view! { <li>{m.message}</li> }.into_any()
                                    } else {
                                        view! {
                                            <li><a href=format!("#{}", input_id(&field))
                                                on:click=move |ev| { ev.prevent_default(); focus_field(field.clone()); }>
                                                {m.message}
                                            </a></li>
                                        }.into_any()
                                    }
                                }).collect_view()}
                            </ul>
                        </div>
                    })
                }}
                <div class="elders-field" class:elders-field--error=move || has_error(errors, "question")>
                    <label class="elders-field__label" for="elders-question">{t.question_label}</label>
                    <p class="elders-field__hint" id="elders-question-hint">
                        {t.question_hint}" "{move || characters(lang, fields.question.with(|q| q.chars().count()), MAX_QUESTION_CHARS)}
                    </p>
                    {inline_error(errors, "question")}
                    <textarea id="elders-question" name="question" rows="4" class="elders-input"
                        aria-describedby=described(errors, "question", true)
                        aria-invalid=move || has_error(errors, "question").to_string()
                        prop:readOnly=busy
                        prop:value=move || fields.question.get()
                        on:input=move |ev| fields.question.set(event_target_value(&ev))></textarea>
                </div>
                {field("topics", t.topics_label, Some(t.topics_hint), None, "text", None, fields.topics)}
                {field("name", t.name_label, None, optional, "text", Some("name"), fields.name)}
                {field("organisation", t.organisation_label, None, optional, "text", Some("organization"), fields.organisation)}
                {checkbox("public_name", t.public_name_label, fields.public_name, outbox)}
                {field("email", t.email_label, None, optional, "email", Some("email"), fields.email)}
                {checkbox("consent_contact", t.consent_label, fields.consent, outbox)}
                <p class="elders-field__hint elders-privacy" id="elders-privacy">
                    {t.privacy_notice}
                    {privacy_url.clone().map(|url| view! { " " <a href=url rel="noreferrer">{t.privacy_link}</a> })}
                </p>
                <div class="elders-queue" role="status">
                    {move || (status() == Status::Waiting).then(|| {
                        let (resend, stop) = (resend.clone(), stop.clone());
                        view! {
                            <div class="elders-message elders-message--warning">
                                <p>{t.send_failed}</p>
                                <div class="elders-actions">
                                    <button type="button" class="elders-button elders-button--secondary"
                                        on:click=move |_| resend.resend_now()>{t.retry}</button>
                                    <button type="button" class="elders-button elders-button--secondary"
                                        on:click=move |_| stop.stop()>{t.stop_sending}</button>
                                </div>
                            </div>
                        }
                    })}
                </div>
                <button type="submit" class="elders-button" part="submit" aria-disabled=move || busy().to_string()>
                    {move || if busy() { t.sending } else { t.submit }}
                </button>
            </form>
        </div>
    }
    .into_any()
}
