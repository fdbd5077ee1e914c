//! The questions panel, in the form's module: questions asked elsewhere that match this
//! page, in two lists: the open ones a reader might answer, and the answered ones, which
//! are knowledge. Under each question its published answers (`part="answer"`, the one that
//! helped the asker first), a "Melden" button under each question and answer
//! (`super::report`), an "Antwoord geven" button that opens the answer form in
//! place, and the "Ik kan helpen" e-mail link (to the asker only with their consent,
//! otherwise to the community address in `data-contact`).
//!
//! Which questions, and in which order, the cards module decided (see
//! `crate::open_questions`); this module only shows them.

use std::sync::Arc;

use elders_core::{AnsweredQuestion, Lang, PublicAnswer};
use leptos::prelude::*;

use crate::ask::draft::Draft;
use crate::ask::form::AnswerForm;
use crate::ask::storage::DraftStore;
use crate::config::WidgetConfig;
use crate::heading::Heading;
use crate::i18n::{questions_texts, QuestionsTexts};
use crate::links::{answers_url, safe_id};

use super::report::report;

/// The "Ik kan helpen" link: a reply to the question, quoting it, made by core's
/// [`elders_core::link::mailto`]; `None` when `to` is not one e-mail address.
fn help_link(to: &str, question: &str, lang: Lang) -> Option<String> {
    let subject = match lang {
        Lang::Nl => "Over je vraag op Elders",
        Lang::En => "About your question on Elders",
    };
    let quoted: String = question.chars().take(300).collect();
    elders_core::link::mailto(to, subject, &format!("> {quoted}\n\n"))
}

/// "Name, Organisation", of what was published.
fn by_line(name: &Option<String>, organisation: &Option<String>) -> String {
    [name, organisation]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn QuestionsPanel(
    config: Arc<WidgetConfig>,
    /// Questions without an answer yet, best match first.
    open: Vec<AnsweredQuestion>,
    /// Answered questions, best match first.
    answered: Vec<AnsweredQuestion>,
) -> impl IntoView {
    let t = questions_texts(config.lang);
    let level = config.heading_level;
    let section =
        |questions: Vec<AnsweredQuestion>,
         heading: &'static str,
         id: &'static str,
         part: &'static str| {
            let config = config.clone();
            (!questions.is_empty()).then(|| view! {
            <section class="elders-questions" part=part aria-labelledby=id>
                <Heading level=level class="elders-questions__heading" id=id>{heading}</Heading>
                <ul class="elders-questions__list">
                    {questions.into_iter().map(|question| {
                        view! { <QuestionItem question config=config.clone() /> }
                    }).collect_view()}
                </ul>
            </section>
        })
        };
    view! {
        {section(open, t.open_questions, "elders-open-questions", "open-questions")}
        {section(answered, t.answered_questions, "elders-answered-questions", "answered-questions")}
    }
}

/// One question asked elsewhere, with its answers and the ways to help.
#[component]
fn QuestionItem(question: AnsweredQuestion, config: Arc<WidgetConfig>) -> impl IntoView {
    let lang = config.lang;
    let t = questions_texts(lang);
    let AnsweredQuestion {
        question: q,
        answers,
    } = question;
    let answers = RwSignal::new(answers);
    let asked_by = by_line(&q.name, &q.organisation);
    let help = q
        .email
        .clone()
        .or_else(|| config.contact.clone())
        .and_then(|to| help_link(&to, &q.question, lang));
    // An answer of the reader's, being written or waiting to be sent, opens its form.
    let waiting = config.questions.as_ref().is_some_and(|endpoint| {
        DraftStore::for_answer(&answers_url(endpoint, &q.id))
            .load()
            .as_ref()
            .is_some_and(Draft::is_waiting)
    });
    let form_open = RwSignal::new(waiting);
    let started = RwSignal::new(waiting);
    let form_id = format!("elders-{}-answer-panel", safe_id(&q.id));
    let toggle_id = format!("elders-{}-answer-toggle", safe_id(&q.id));
    let published = Callback::new(move |answer: PublicAnswer| {
        answers.update(|list| list.push(answer));
    });
    let question_id = q.id.clone();
    let level = config.heading_level + 1;
    let endpoint = config.questions.clone();
    let reported = endpoint
        .as_deref()
        .map(|endpoint| report(endpoint, &q.id, None, lang));
    let answered_here = (endpoint, q.id.clone());
    view! {
        <li class="elders-question" part="open-question">
            <p class="elders-question__text">{q.question.clone()}</p>
            {(!asked_by.is_empty()).then(|| view! {
                <p class="elders-question__meta">{t.asked_by}": "{asked_by}</p>
            })}
            {q.answer.clone().map(|answer| view! {
                <p class="elders-question__answer"><strong>{t.answer}": "</strong>{answer}
                    {q.answer_url.clone().map(|url| view! {
                        " " <a href=url rel="noreferrer">{t.answer_link}</a>
                    })}
                </p>
            })}
            {move || {
                let list = answers.get();
                (!list.is_empty()).then(|| view! {
                    <ul class="elders-questions__list" aria-label=t.answers>
                        {list.into_iter().map(|a| answer_item(a, t, &answered_here, lang)).collect_view()}
                    </ul>
                })
            }}
            <div class="elders-actions">
                <button type="button" class="elders-button elders-button--secondary" part="answer-toggle" id=toggle_id
                    aria-expanded=move || form_open.get().to_string() aria-controls=form_id.clone()
                    on:click=move |_| {
                        form_open.update(|o| *o = !*o);
                        // Set once: setting it again would draw a new form over the one
                        // that may be sending.
                        if !started.get_untracked() {
                            started.set(true);
                        }
                    }>
                    {t.give_answer}
                </button>
                {help.map(|href| view! { <a class="elders-question__help" href=href>{t.can_help}</a> })}
            </div>
            <div>{reported}</div>
            // Once opened, the form stays (hidden when closed): an answer waiting to be
            // sent keeps trying, and what was typed stays where it was.
            <div id=form_id class:elders-hidden=move || !form_open.get()>
                {move || started.get().then(|| {
                    let (config, question_id) = (config.clone(), question_id.clone());
                    view! { <AnswerForm config question=question_id published heading_level=level /> }
                })}
            </div>
        </li>
    }
}

/// One published answer to the question `of` (the questions API's endpoint, if any, and
/// the question's id), with its "Melden" button.
fn answer_item(
    a: PublicAnswer,
    t: &'static QuestionsTexts,
    of: &(Option<String>, String),
    lang: Lang,
) -> impl IntoView {
    let by = by_line(&a.name, &a.organisation);
    let reported =
        of.0.as_deref()
            .map(|endpoint| report(endpoint, &of.1, Some(&a.id), lang));
    view! {
        <li class="elders-answer" class:elders-answer--accepted=a.accepted part="answer">
            {a.accepted.then(|| view! { <p><strong>{t.accepted}</strong></p> })}
            <p class="elders-question__text">{a.answer}</p>
            {(!by.is_empty()).then(|| view! { <p class="elders-question__meta">{t.answered_by}": "{by}</p> })}
            {a.url.map(|url| view! { <p><a href=url rel="noreferrer">{t.answer_link}</a></p> })}
            <div>{reported}</div>
        </li>
    }
}
