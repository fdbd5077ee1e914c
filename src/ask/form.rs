//! The form that writes to the community: a question ([`ask_form`]) or an answer to one
//! ([`answer_form`]). Both are one form, [`compose_form`], generic over its [`Kind`], so
//! that an answer gets everything a question has, and each Wasm module holds only the
//! face it shows (the question form's module no answer rules, and the other way round): the same rules as the server before sending (core's
//! `QuestionInput::validate` / `AnswerInput::validate`), the error summary and inline
//! errors, and the promise that nothing typed is lost: the draft is kept in
//! `localStorage` while typing, and what cannot be sent stays queued, visibly, and is
//! resent with backoff until the server confirms it. The idempotency key stays with the
//! draft, so however often it is resent, and even across reloads, the server stores it
//! once.

use std::marker::PhantomData;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use elders_core::page::split_list;
use elders_core::question::{FieldError, MAX_ANSWER_CHARS, MAX_QUESTION_CHARS};
use elders_core::{AnswerInput, Lang, PublicAnswer, QuestionInput};
use leptos::prelude::*;
use leptos::task::{spawn_local, tick};
use serde::Serialize;
use web_sys::Element;

use super::client::{self, SendError};
use super::draft::Draft;
use super::fields::{checkbox, error_summary, text_field, FieldMessage, FormState, Ids, TextField};
use super::outbox::{Delivery, Outbox, Status};
use super::storage::DraftStore;
use crate::config::WidgetConfig;
use crate::dom;
use crate::heading::heading;
use crate::i18n::{answer_texts, characters, form_texts, question_texts, ComposeTexts};
use crate::links::{answers_url, question_page_url, safe_id};
use crate::suggestions::list::suggestions;
use crate::view::{button, el, field_value, focus, handler, El};

/// What a form writes: a question ([`Question`]) or an answer ([`Answer`]). Everything
/// in which the two forms differ is here, known when the code is compiled.
pub trait Kind: Send + Sync + 'static {
    /// The body that is sent.
    type Input: Serialize + Clone + 'static;
    /// Whether it is the answer form.
    const ANSWER: bool;
    /// The text field's JSON name.
    const TEXT: &'static str;
    /// Most characters in the text.
    const MAX_CHARS: usize;
    /// The form's `part` name.
    const PART: &'static str;
    /// The form's own strings.
    fn texts(lang: Lang) -> &'static ComposeTexts;
    /// The body, as the fields hold it, from a form in `lang`.
    fn input(fields: &Fields, lang: Lang) -> Self::Input;
    /// Core's rules for it, as the server checks them.
    fn validate(input: &Self::Input) -> Result<Self::Input, Vec<FieldError>>;
    /// What the question's list shows of it once the server published it at once.
    fn published(id: String, input: Self::Input) -> Option<PublicAnswer>;
}

/// A question for the community.
pub struct Question;
/// An answer to a published question.
pub struct Answer;

impl Kind for Question {
    type Input = QuestionInput;
    const ANSWER: bool = false;
    const TEXT: &'static str = "question";
    const MAX_CHARS: usize = MAX_QUESTION_CHARS;
    const PART: &'static str = "question-form";

    fn texts(lang: Lang) -> &'static ComposeTexts {
        question_texts(lang)
    }

    fn input(fields: &Fields, lang: Lang) -> QuestionInput {
        QuestionInput {
            question: fields.text.get_untracked(),
            topics: split_list(&fields.topics.get_untracked()),
            page_url: dom::page_url(),
            organisation: Some(fields.organisation.get_untracked()),
            name: Some(fields.name.get_untracked()),
            email: Some(fields.email.get_untracked()),
            consent_contact: fields.consent.get_untracked(),
            public_name: fields.public_name.get_untracked(),
            notify: fields.notify.get_untracked(),
            lang: Some(lang.tag().to_string()),
        }
    }

    fn validate(input: &QuestionInput) -> Result<QuestionInput, Vec<FieldError>> {
        input.validate()
    }

    fn published(_: String, _: QuestionInput) -> Option<PublicAnswer> {
        None
    }
}

impl Kind for Answer {
    type Input = AnswerInput;
    const ANSWER: bool = true;
    const TEXT: &'static str = "answer";
    const MAX_CHARS: usize = MAX_ANSWER_CHARS;
    const PART: &'static str = "answer-form";

    fn texts(lang: Lang) -> &'static ComposeTexts {
        answer_texts(lang)
    }

    fn input(fields: &Fields, _: Lang) -> AnswerInput {
        AnswerInput {
            answer: fields.text.get_untracked(),
            url: Some(fields.url.get_untracked()),
            name: Some(fields.name.get_untracked()),
            organisation: Some(fields.organisation.get_untracked()),
            email: Some(fields.email.get_untracked()),
            public_name: fields.public_name.get_untracked(),
        }
    }

    fn validate(input: &AnswerInput) -> Result<AnswerInput, Vec<FieldError>> {
        input.validate()
    }

    /// The name and organisation only with the answerer's consent, as the server would.
    fn published(id: String, answer: AnswerInput) -> Option<PublicAnswer> {
        let (name, organisation) = if answer.public_name {
            (answer.name, answer.organisation)
        } else {
            (None, None)
        };
        Some(PublicAnswer {
            id,
            answer: answer.answer,
            url: answer.url,
            name,
            organisation,
            created_at: String::new(),
            accepted: false,
        })
    }
}

/// The form's fields; each form shows those it needs.
#[derive(Clone, Copy)]
pub struct Fields {
    text: RwSignal<String>,
    topics: RwSignal<String>,
    url: RwSignal<String>,
    name: RwSignal<String>,
    organisation: RwSignal<String>,
    email: RwSignal<String>,
    consent: RwSignal<bool>,
    public_name: RwSignal<bool>,
    notify: RwSignal<bool>,
}

impl Fields {
    fn from_draft(draft: &Draft) -> Fields {
        Fields {
            text: RwSignal::new(draft.text.clone()),
            topics: RwSignal::new(draft.topics.clone()),
            url: RwSignal::new(draft.url.clone()),
            name: RwSignal::new(draft.name.clone()),
            organisation: RwSignal::new(draft.organisation.clone()),
            email: RwSignal::new(draft.email.clone()),
            consent: RwSignal::new(draft.consent),
            public_name: RwSignal::new(draft.public_name),
            notify: RwSignal::new(draft.notify),
        }
    }

    /// The draft as it stands (tracked, so an effect re-runs on every change).
    fn draft(&self, key: Option<String>, queued: bool) -> Draft {
        Draft {
            text: self.text.get(),
            topics: self.topics.get(),
            url: self.url.get(),
            name: self.name.get(),
            organisation: self.organisation.get(),
            email: self.email.get(),
            consent: self.consent.get(),
            public_name: self.public_name.get(),
            notify: self.notify.get(),
            key,
            queued,
            saved_at: 0,
        }
    }
}

/// Drives the [`Outbox`]: validates, sends when it says so, reports how each send ended
/// and sets the timers it asks for. Cloned into every handler that needs it.
struct Controller<K: Kind> {
    kind: PhantomData<K>,
    /// Where it is posted.
    url: Arc<String>,
    /// The questions API, beside which the questions' pages live.
    questions: Arc<String>,
    lang: Lang,
    store: Arc<DraftStore>,
    fields: Fields,
    form: FormState,
    /// The form's outer element, in which the error summary and the "sent" message are
    /// found to take focus.
    root: Element,
    /// The public page of the question just sent.
    sent_page: RwSignal<Option<String>>,
    /// Told of an answer that the server published at once.
    published: Option<Rc<dyn Fn(PublicAnswer)>>,
}

// Not derived: a derive would ask `K: Clone`.
impl<K: Kind> Clone for Controller<K> {
    fn clone(&self) -> Self {
        Controller {
            kind: PhantomData,
            url: self.url.clone(),
            questions: self.questions.clone(),
            lang: self.lang,
            store: self.store.clone(),
            fields: self.fields,
            form: self.form,
            root: self.root.clone(),
            sent_page: self.sent_page,
            published: self.published.clone(),
        }
    }
}

impl<K: Kind> Controller<K> {
    fn outbox(&self) -> RwSignal<Outbox> {
        self.form.outbox
    }

    fn show_errors(&self, list: Vec<FieldMessage>) {
        self.form.errors.set(list);
        let root = self.root.clone();
        spawn_local(focus_once_drawn(root, ".elders-error-summary"));
    }

    /// The reader pressed "send".
    fn submit(&self) {
        if self.outbox().with_untracked(Outbox::is_queued) {
            return;
        }
        match K::validate(&K::input(&self.fields, self.lang)) {
            Err(list) => self.show_errors(
                list.iter()
                    .map(|e| FieldMessage {
                        field: e.field.as_str().into(),
                        message: e.message(self.lang),
                    })
                    .collect(),
            ),
            Ok(_) => {
                self.form.errors.set(Vec::new());
                self.outbox().update(|o| {
                    o.submit(dom::random_uuid);
                });
                self.send();
            }
        }
    }

    /// Sends what the form holds, with its key, when the outbox has a send due.
    fn send(&self) {
        let Ok(clean) = K::validate(&K::input(&self.fields, self.lang)) else {
            self.outbox().update(Outbox::hold);
            return;
        };
        let Some(key) = self.outbox().try_update(Outbox::begin).flatten() else {
            return;
        };
        let this = self.clone();
        spawn_local(async move {
            let json = serde_json::to_string(&clean).unwrap_or_default();
            match client::send(&this.url, &key, this.lang, json).await {
                Ok(stored) => {
                    this.store.clear();
                    this.fields.text.set(String::new());
                    let pending = stored.status == "pending";
                    if !K::ANSWER {
                        this.sent_page
                            .set(Some(question_page_url(&this.questions, &stored.id)));
                    } else if let (false, Some(published)) = (pending, &this.published) {
                        if let Some(answer) = K::published(stored.id, clean) {
                            published(answer);
                        }
                    }
                    this.outbox().update(|o| {
                        o.settle(Delivery::Stored { pending });
                    });
                    focus_once_drawn(this.root.clone(), ".elders-message--success").await;
                }
                Err(SendError::Network) => {
                    let resend = this
                        .outbox()
                        .try_update(|o| o.settle(Delivery::Unreachable))
                        .flatten();
                    if let Some(resend) = resend {
                        this.resend_after(resend.attempt, resend.delay_ms);
                    }
                }
                Err(SendError::Rejected { message, fields }) => {
                    // What was refused will be refused again: the next send is a new one.
                    web_sys::console::warn_1(
                        &format!("[elders] {}: refused: {message}", this.url).into(),
                    );
                    this.outbox().update(|o| {
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
                if this.outbox().with_untracked(|o| o.due(attempt)) {
                    this.send();
                }
            },
            Duration::from_millis(u64::from(delay_ms)),
        );
    }

    /// "Try now" while waiting.
    fn resend_now(&self) {
        if self.outbox().with_untracked(Outbox::resend_now) {
            self.send();
        }
    }

    /// "Stop sending": back to editing (see [`Outbox::stop`]).
    fn stop(&self) {
        self.outbox().update(Outbox::stop);
    }
}

/// Moves focus to the element `selector` finds in `root` once the bindings have drawn
/// what the last change of state shows.
async fn focus_once_drawn(root: Element, selector: &'static str) {
    tick().await;
    if let Ok(Some(element)) = root.query_selector(selector) {
        focus(&element);
    }
}

/// The question form, in the panel under "Stel een vraag". `suggest` is the cards
/// module's matcher for "has this been asked before?" (see `crate::suggestions`); `mail`
/// whether the server mails askers, so that the form offers "Mail mij als er een
/// antwoord is".
pub fn ask_form(
    config: Arc<WidgetConfig>,
    suggest: Option<js_sys::Function>,
    mail: bool,
) -> Option<El> {
    compose_form::<Question>(config, None, suggest, None, None, mail)
}

/// The form to answer one published question, under that question; `published` is told
/// of the answer when the server published it at once.
pub fn answer_form(
    config: Arc<WidgetConfig>,
    question: String,
    published: Rc<dyn Fn(PublicAnswer)>,
    heading_level: u8,
) -> Option<El> {
    compose_form::<Answer>(
        config,
        Some(question),
        None,
        Some(published),
        Some(heading_level),
        false,
    )
}

/// The form of kind `K`; `question` is the question an answer is for, `heading_level` the
/// form's heading level (the configured one when `None`), `mail` whether the server mails
/// askers about their question. `None` for a widget without a questions endpoint.
fn compose_form<K: Kind>(
    config: Arc<WidgetConfig>,
    question: Option<String>,
    suggest: Option<js_sys::Function>,
    published: Option<Rc<dyn Fn(PublicAnswer)>>,
    heading_level: Option<u8>,
    mail: bool,
) -> Option<El> {
    let t = form_texts(config.lang);
    let questions = config.questions.clone()?;
    let answering = K::ANSWER;
    let c = K::texts(config.lang);
    let lang = config.lang;
    let (url, ids) = match &question {
        Some(question) if answering => (
            answers_url(&questions, question),
            format!("elders-{}-", safe_id(question)),
        ),
        _ => (questions.clone(), "elders-".to_string()),
    };
    let store = Arc::new(if answering {
        DraftStore::for_answer(&url)
    } else {
        DraftStore::new(&url, &config.topics)
    });
    let draft = store.load().unwrap_or_else(|| Draft {
        topics: if answering {
            String::new()
        } else {
            config.topics.join(", ")
        },
        ..Draft::default()
    });
    let fields = Fields::from_draft(&draft);
    // Offered when the server mails askers; and whenever the draft asks for it, so that a
    // reader can untick it even in a form opened before the questions list said so.
    let offer_mail = mail || draft.notify;
    let form = FormState {
        ids: Ids::new(ids),
        errors: RwSignal::new(Vec::new()),
        outbox: RwSignal::new(Outbox::restore(draft.key.clone(), draft.queued)),
    };
    let root = el("div", "elders-ask").attr("part", K::PART);
    let controller = Controller::<K> {
        kind: PhantomData,
        url: Arc::new(url),
        questions: Arc::new(questions),
        lang,
        store: store.clone(),
        fields,
        form,
        root: root.0.clone(),
        sent_page: RwSignal::new(None),
        published,
    };
    // What was waiting when the page closed is sent again right away.
    controller.send();
    // Keep the draft while typing and while it waits to be sent.
    let outbox = form.outbox;
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

    let status = move || outbox.with(Outbox::status);
    let sent_page = controller.sent_page;
    let busy = move || status().is_busy();
    let field = |field, label, hint, optional, input_type, autocomplete, value| {
        text_field(
            TextField {
                field,
                label,
                hint,
                optional,
                input_type,
                autocomplete,
                value,
            },
            form,
        )
    };
    let optional = Some(t.optional);
    let heading_level = heading_level.unwrap_or(config.heading_level);
    let (text_field_name, max_chars) = (K::TEXT, K::MAX_CHARS);
    let text_id = form.ids.of(text_field_name);
    let suggestions = suggest.map(|suggest| {
        let questions = controller.questions.to_string();
        suggestions(suggest, fields.text, questions, lang, heading_level + 1)
    });
    // Each button's function is made once, however often its message is drawn.
    let write_another = handler(move || outbox.update(Outbox::write_another));
    let resend = handler({
        let controller = controller.clone();
        move || controller.resend_now()
    });
    let stop = handler({
        let controller = controller.clone();
        move || controller.stop()
    });

    let sent = move || match status() {
        Status::Sent { pending } => {
            let text = format!(
                "{} {}",
                c.sent,
                if pending {
                    c.sent_pending
                } else {
                    c.sent_public
                }
            );
            let mut message = el("div", "elders-message elders-message--success")
                .attr("role", "status")
                .attr("tabindex", "-1")
                .child(el("p", "").text(&text));
            if let Some((view_question, ask_another)) = c.after_sending {
                let page = sent_page.get().filter(|_| !pending).map(|url| {
                    el("p", "").child(
                        el("a", "elders-question-link")
                            .attr("href", &url)
                            .text(view_question),
                    )
                });
                message = message.child_if(page).child(button(
                    "elders-button elders-button--secondary",
                    ask_another,
                    &write_another,
                ));
            }
            vec![message]
        }
        _ => Vec::new(),
    };
    let waiting = move || {
        if status() != Status::Waiting {
            return Vec::new();
        }
        vec![el("div", "elders-message elders-message--warning")
            .child(el("p", "").text(c.send_failed))
            .child(
                el("div", "elders-actions")
                    .child(button(
                        "elders-button elders-button--secondary",
                        t.retry,
                        &resend,
                    ))
                    .child(button(
                        "elders-button elders-button--secondary",
                        t.stop_sending,
                        &stop,
                    )),
            )]
    };
    let text_area = el("div", "")
        .bind_class("elders-field", "elders-field--error", move || {
            form.has_error(text_field_name)
        })
        .child(
            el("label", "elders-field__label")
                .attr("for", &text_id)
                .text(c.label),
        )
        .child(
            el("p", "elders-field__hint")
                .attr("id", &format!("{text_id}-hint"))
                .text(c.hint)
                .text(" ")
                .bind_text(move || {
                    characters(lang, fields.text.with(|q| q.chars().count()), max_chars)
                }),
        )
        .slot(form.inline_error(text_field_name))
        .child(
            el("textarea", "elders-input")
                .attr("id", &text_id)
                .attr("name", text_field_name)
                .attr("rows", "4")
                .bind_attr("aria-describedby", form.described(text_field_name, true))
                .bind_attr("aria-invalid", move || {
                    form.has_error(text_field_name).to_string()
                })
                .bind_prop("readOnly", move || busy().into())
                .bind_prop("value", move || fields.text.get().into())
                .on("input", move |ev| {
                    fields
                        .text
                        .set(field_value(&ev).as_string().unwrap_or_default())
                }),
        );
    let extra = if answering {
        field(
            "url",
            c.extra.0,
            Some(c.extra.1),
            optional,
            "url",
            Some("url"),
            fields.url,
        )
    } else {
        field(
            "topics",
            c.extra.0,
            Some(c.extra.1),
            None,
            "text",
            None,
            fields.topics,
        )
    };
    let notify = c
        .notify
        .filter(|_| offer_mail)
        .map(|(label, hint)| checkbox("notify", label, Some(hint), fields.notify, form));
    let consent = c
        .consent_label
        .map(|label| checkbox("consent_contact", label, None, fields.consent, form));
    let privacy_link = config.privacy_url.as_deref().map(|url| {
        el("a", "")
            .attr("href", url)
            .attr("rel", "noreferrer")
            .text(t.privacy_link)
    });
    let mut privacy = el("p", "elders-field__hint elders-privacy")
        .attr("id", &form.ids.of("privacy"))
        .text(c.privacy_notice);
    if let Some(link) = privacy_link {
        privacy = privacy.text(" ").child(link);
    }
    let form_el = el("form", "").attr("novalidate", "");
    let summary = error_summary(form, t.error_summary, heading_level + 1, form_el.0.clone());
    let on_submit = {
        let controller = controller.clone();
        move |ev: web_sys::Event| {
            ev.prevent_default();
            controller.submit();
        }
    };
    let form_el = form_el
        .bind_class("elders-form", "elders-hidden", move || {
            matches!(status(), Status::Sent { .. })
        })
        .on("submit", on_submit)
        .child(el("p", "elders-ask__intro").text(c.intro))
        .slot(summary)
        .child(text_area)
        .child_if(suggestions)
        .child(extra)
        .child(field(
            "name",
            t.name_label,
            None,
            optional,
            "text",
            Some("name"),
            fields.name,
        ))
        .child(field(
            "organisation",
            t.organisation_label,
            None,
            optional,
            "text",
            Some("organization"),
            fields.organisation,
        ))
        .child(checkbox(
            "public_name",
            c.public_name_label,
            None,
            fields.public_name,
            form,
        ))
        .child(field(
            "email",
            t.email_label,
            None,
            optional,
            "email",
            Some("email"),
            fields.email,
        ))
        .child_if(notify)
        .child_if(consent)
        .child(privacy)
        .child(
            el("div", "elders-queue")
                .attr("role", "status")
                .slot(waiting),
        )
        .child(
            el("button", "elders-button")
                .attr("type", "submit")
                .attr("part", "submit")
                .bind_attr("aria-disabled", move || busy().to_string())
                .bind_text(move || if busy() { t.sending } else { c.submit }.to_string()),
        );
    Some(
        root.child(heading(heading_level, "elders-ask__heading").text(c.heading))
            .slot(sent)
            .child(form_el),
    )
}
