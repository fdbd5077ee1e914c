//! "Ask colleagues elsewhere": the question form, after the GOV.UK / NL Design System
//! pattern: labels above fields, hints, an error summary that takes focus and links to each
//! field, inline errors tied to their field with `aria-describedby` and `aria-invalid`.
//!
//! The same rules as the server (`QuestionInput::validate` from core) run before sending.
//! A send that fails on the network keeps the text *and* the idempotency key, so sending
//! again can never store the question twice.

use std::sync::Arc;

use elders_core::page::split_list;
use elders_core::question::MAX_QUESTION_CHARS;
use elders_core::QuestionInput;
use leptos::html;
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use wasm_bindgen::JsCast;

use crate::config::WidgetConfig;
use crate::dom;
use crate::i18n::{characters, texts};
use crate::questions_client::{self, SendError};

/// A message for one field (`field` is the JSON name; empty for the form as a whole).
#[derive(Debug, Clone, PartialEq)]
struct FieldMessage {
    field: String,
    message: String,
}

fn input_id(field: &str) -> String {
    format!("elders-{}", field.replace('_', "-"))
}

#[component]
pub fn AskForm(config: Arc<WidgetConfig>) -> impl IntoView {
    let t = texts(config.lang);
    let Some(endpoint) = config.questions.clone() else {
        return config
            .contact
            .clone()
            .map(|email| {
                view! {
                    <p class="elders-ask-mail"><a href=format!("mailto:{email}")>{t.ask_by_mail}</a></p>
                }
            })
            .into_any();
    };
    let lang = config.lang;
    let question = RwSignal::new(String::new());
    let topics = RwSignal::new(config.topics.join(", "));
    let name = RwSignal::new(String::new());
    let organisation = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<FieldMessage>::new());
    let sending = RwSignal::new(false);
    let offline = RwSignal::new(false);
    let sent = RwSignal::new(None::<bool>); // Some(pending?)
    let key = RwSignal::new(None::<String>);
    let summary_ref = NodeRef::<html::Div>::new();
    let form_ref = NodeRef::<html::Form>::new();
    let sent_ref = NodeRef::<html::Div>::new();

    let error_for = move |field: &'static str| {
        move || {
            errors.with(|e| {
                e.iter()
                    .find(|m| m.field == field)
                    .map(|m| m.message.clone())
            })
        }
    };
    let focus_field = move |field: String| {
        if let Some(form) = form_ref.get() {
            if let Ok(Some(el)) = form.query_selector(&format!("#{}", input_id(&field))) {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        }
    };
    let show_errors = move |list: Vec<FieldMessage>| {
        errors.set(list);
        spawn_local(async move {
            tick().await;
            if let Some(summary) = summary_ref.get() {
                let _ = summary.focus();
            }
        });
    };

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        offline.set(false);
        let input = QuestionInput {
            question: question.get_untracked(),
            topics: split_list(&topics.get_untracked()),
            page_url: dom::page_url(),
            organisation: Some(organisation.get_untracked()),
            name: Some(name.get_untracked()),
            email: Some(email.get_untracked()),
            consent_contact: consent.get_untracked(),
        };
        let clean = match input.validate() {
            Ok(clean) => clean,
            Err(list) => {
                show_errors(
                    list.iter()
                        .map(|e| FieldMessage {
                            field: e.field.as_str().into(),
                            message: e.message(lang),
                        })
                        .collect(),
                );
                return;
            }
        };
        errors.set(Vec::new());
        let idempotency_key = key.get_untracked().unwrap_or_else(dom::random_uuid);
        key.set(Some(idempotency_key.clone()));
        sending.set(true);
        let endpoint = endpoint.clone();
        let endpoint_for_log = endpoint.clone();
        spawn_local(async move {
            let result = questions_client::send(&endpoint, &idempotency_key, lang, &clean).await;
            sending.set(false);
            match result {
                Ok(stored) => {
                    question.set(String::new());
                    key.set(None);
                    sent.set(Some(stored.status == "pending"));
                    tick().await;
                    if let Some(el) = sent_ref.get() {
                        let _ = el.focus();
                    }
                }
                Err(SendError::Network) => offline.set(true),
                Err(SendError::Rejected { message, fields }) => {
                    // A refused question will be refused again: the next send is a new one.
                    key.set(None);
                    web_sys::console::warn_1(
                        &format!("[elders] {endpoint_for_log}: question refused: {message}").into(),
                    );
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
                    show_errors(list);
                }
            }
        });
    };

    let described = move |field: &'static str, hint: bool| {
        move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(format!("{}-hint", input_id(field)));
            }
            if errors.with(|e| e.iter().any(|m| m.field == field)) {
                ids.push(format!("{}-error", input_id(field)));
            }
            ids.join(" ")
        }
    };
    let invalid = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.iter().any(|m| m.field == field))
                .to_string()
        }
    };
    let inline_error = move |field: &'static str| {
        let message = error_for(field);
        move || {
            message().map(|m| {
                view! { <p class="elders-field__error" id=format!("{}-error", input_id(field))>{m}</p> }
            })
        }
    };

    view! {
        <div class="elders-ask" part="question-form">
            <h3 class="elders-ask__heading">{t.ask_heading}</h3>
            {move || sent.get().map(|pending| view! {
                <div class="elders-message elders-message--success" role="status" tabindex="-1" node_ref=sent_ref>
                    <p>{t.sent}" "{if pending { t.sent_pending } else { t.sent_public }}</p>
                    <button type="button" class="elders-button elders-button--secondary" on:click=move |_| sent.set(None)>
                        {t.ask_another}
                    </button>
                </div>
            })}
            <form class="elders-form" novalidate node_ref=form_ref on:submit=submit
                class:elders-hidden=move || sent.get().is_some()>
                <p class="elders-ask__intro">{t.ask_intro}</p>
                {move || {
                    let list = errors.get();
                    (!list.is_empty()).then(|| view! {
                        <div class="elders-error-summary" role="alert" tabindex="-1" node_ref=summary_ref
                            aria-labelledby="elders-error-summary-title">
                            <h4 class="elders-error-summary__title" id="elders-error-summary-title">{t.error_summary}</h4>
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
                <div class="elders-field" class:elders-field--error=move || error_for("question")().is_some()>
                    <label class="elders-field__label" for="elders-question">{t.question_label}</label>
                    <p class="elders-field__hint" id="elders-question-hint">
                        {t.question_hint}" "{move || characters(lang, question.with(|q| q.chars().count()), MAX_QUESTION_CHARS)}
                    </p>
                    {inline_error("question")}
                    <textarea id="elders-question" name="question" rows="4" class="elders-input"
                        aria-describedby=described("question", true) aria-invalid=invalid("question")
                        prop:value=move || question.get()
                        on:input=move |ev| question.set(event_target_value(&ev))></textarea>
                </div>
                <div class="elders-field" class:elders-field--error=move || error_for("topics")().is_some()>
                    <label class="elders-field__label" for="elders-topics">{t.topics_label}</label>
                    <p class="elders-field__hint" id="elders-topics-hint">{t.topics_hint}</p>
                    {inline_error("topics")}
                    <input id="elders-topics" name="topics" type="text" class="elders-input"
                        aria-describedby=described("topics", true) aria-invalid=invalid("topics")
                        prop:value=move || topics.get()
                        on:input=move |ev| topics.set(event_target_value(&ev)) />
                </div>
                <div class="elders-field" class:elders-field--error=move || error_for("name")().is_some()>
                    <label class="elders-field__label" for="elders-name">{t.name_label}" "<span class="elders-optional">{t.optional}</span></label>
                    {inline_error("name")}
                    <input id="elders-name" name="name" type="text" autocomplete="name" class="elders-input"
                        aria-describedby=described("name", false) aria-invalid=invalid("name")
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev)) />
                </div>
                <div class="elders-field" class:elders-field--error=move || error_for("organisation")().is_some()>
                    <label class="elders-field__label" for="elders-organisation">{t.organisation_label}" "<span class="elders-optional">{t.optional}</span></label>
                    {inline_error("organisation")}
                    <input id="elders-organisation" name="organisation" type="text" autocomplete="organization" class="elders-input"
                        aria-describedby=described("organisation", false) aria-invalid=invalid("organisation")
                        prop:value=move || organisation.get()
                        on:input=move |ev| organisation.set(event_target_value(&ev)) />
                </div>
                <div class="elders-field" class:elders-field--error=move || error_for("email")().is_some()>
                    <label class="elders-field__label" for="elders-email">{t.email_label}" "<span class="elders-optional">{t.optional}</span></label>
                    {inline_error("email")}
                    <input id="elders-email" name="email" type="email" autocomplete="email" spellcheck="false" class="elders-input"
                        aria-describedby=described("email", false) aria-invalid=invalid("email")
                        prop:value=move || email.get()
                        on:input=move |ev| email.set(event_target_value(&ev)) />
                </div>
                <div class="elders-field elders-checkbox">
                    <input id="elders-consent-contact" name="consent_contact" type="checkbox" class="elders-checkbox__input"
                        prop:checked=move || consent.get()
                        on:change=move |ev| consent.set(event_target_checked(&ev)) />
                    <label class="elders-checkbox__label" for="elders-consent-contact">{t.consent_label}</label>
                </div>
                {move || offline.get().then(|| view! {
                    <p class="elders-message elders-message--warning" role="status">{t.send_failed}</p>
                })}
                <button type="submit" class="elders-button" part="submit" aria-disabled=move || sending.get().to_string()>
                    {move || if sending.get() { t.sending } else { t.submit }}
                </button>
            </form>
        </div>
    }
    .into_any()
}
