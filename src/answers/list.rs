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

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use elders_core::{AnsweredQuestion, Lang, PublicAnswer};
use leptos::prelude::*;

use crate::ask::draft::Draft;
use crate::ask::form::answer_form;
use crate::ask::storage::DraftStore;
use crate::config::WidgetConfig;
use crate::heading::heading;
use crate::i18n::{questions_texts, QuestionsTexts};
use crate::links::{answers_url, safe_id};
use crate::view::{el, set_hidden, El};

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

/// The two lists, each in its `<section>` when it has questions: the open questions
/// (best match first), then the answered ones.
pub fn questions_panel(
    config: &Arc<WidgetConfig>,
    open: Vec<AnsweredQuestion>,
    answered: Vec<AnsweredQuestion>,
) -> Vec<El> {
    let t = questions_texts(config.lang);
    let section = |questions: Vec<AnsweredQuestion>,
                   title: &'static str,
                   id: &'static str,
                   part: &'static str| {
        if questions.is_empty() {
            return None;
        }
        let mut list = el("ul", "elders-questions__list");
        for question in questions {
            list = list.child(question_item(question, config));
        }
        Some(
            el("section", "elders-questions")
                .attr("part", part)
                .attr("aria-labelledby", id)
                .child(
                    heading(config.heading_level, "elders-questions__heading")
                        .attr("id", id)
                        .text(title),
                )
                .child(list),
        )
    };
    [
        section(
            open,
            t.open_questions,
            "elders-open-questions",
            "open-questions",
        ),
        section(
            answered,
            t.answered_questions,
            "elders-answered-questions",
            "answered-questions",
        ),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// One question asked elsewhere, with its answers and the ways to help.
fn question_item(question: AnsweredQuestion, config: &Arc<WidgetConfig>) -> El {
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
    let form_id = format!("elders-{}-answer-panel", safe_id(&q.id));
    let toggle_id = format!("elders-{}-answer-toggle", safe_id(&q.id));
    let endpoint = config.questions.clone();
    let reported = endpoint
        .as_deref()
        .map(|endpoint| report(endpoint, &q.id, None, lang));
    let answered_here = (endpoint, q.id.clone());

    let mut item = el("li", "elders-question")
        .attr("part", "open-question")
        .child(el("p", "elders-question__text").text(&q.question));
    if !asked_by.is_empty() {
        item = item.child(meta(t.asked_by, &asked_by));
    }
    if let Some(answer) = &q.answer {
        let mut p = el("p", "elders-question__answer")
            .child(el("strong", "").text(t.answer).text(": "))
            .text(answer);
        if let Some(url) = &q.answer_url {
            p = p.text(" ").child(outside_link(url, t.answer_link));
        }
        item = item.child(p);
    }
    let listed = move || {
        let list = answers.get();
        if list.is_empty() {
            return Vec::new();
        }
        let mut ul = el("ul", "elders-questions__list").attr("aria-label", t.answers);
        for a in list {
            ul = ul.child(answer_item(a, t, &answered_here, lang));
        }
        vec![ul]
    };
    // Once opened, the form stays (hidden when closed): an answer waiting to be sent
    // keeps trying, and what was typed stays where it was.
    let form_box = el("div", "").attr("id", &form_id);
    let form_el = form_box.0.clone();
    let open = Rc::new(Cell::new(false));
    let started = Cell::new(false);
    let published: Rc<dyn Fn(PublicAnswer)> =
        Rc::new(move |answer| answers.update(|list| list.push(answer)));
    let (config, question_id) = (config.clone(), q.id.clone());
    let level = config.heading_level + 1;
    let toggle = el("button", "elders-button elders-button--secondary")
        .attr("type", "button")
        .attr("part", "answer-toggle")
        .attr("id", &toggle_id)
        .attr("aria-controls", &form_id)
        .text(t.give_answer);
    let toggle_el = toggle.0.clone();
    let show = {
        let open = open.clone();
        move |now_open: bool| {
            open.set(now_open);
            let _ = toggle_el.set_attribute("aria-expanded", &now_open.to_string());
            set_hidden(&form_el, !now_open);
            // Drawn once: drawing it again would put a new form over one that may be sending.
            if now_open && !started.replace(true) {
                let form = answer_form(
                    config.clone(),
                    question_id.clone(),
                    published.clone(),
                    level,
                );
                if let Some(form) = form {
                    let _ = form_el.append_child(&form.0);
                }
            }
        }
    };
    show(waiting);
    let toggle = toggle.on("click", move |_| show(!open.get()));
    let actions = el("div", "elders-actions")
        .child(toggle)
        .child_if(help.map(|href| {
            el("a", "elders-question__help")
                .attr("href", &href)
                .text(t.can_help)
        }));
    item.slot(listed)
        .child(actions)
        .child(reported.unwrap_or_else(|| el("div", "")))
        .child(form_box)
}

/// `<p class="elders-question__meta">label: who</p>`: who asked or answered.
fn meta(label: &str, who: &str) -> El {
    el("p", "elders-question__meta")
        .text(label)
        .text(": ")
        .text(who)
}

/// A link to a page elsewhere, sent without a referrer.
fn outside_link(url: &str, label: &str) -> El {
    el("a", "")
        .attr("href", url)
        .attr("rel", "noreferrer")
        .text(label)
}

/// One published answer to the question `of` (the questions API's endpoint, if any, and
/// the question's id), with its "Melden" button.
fn answer_item(
    a: PublicAnswer,
    t: &'static QuestionsTexts,
    of: &(Option<String>, String),
    lang: Lang,
) -> El {
    let by = by_line(&a.name, &a.organisation);
    let reported =
        of.0.as_deref()
            .map(|endpoint| report(endpoint, &of.1, Some(&a.id), lang));
    let mut item = el(
        "li",
        if a.accepted {
            "elders-answer elders-answer--accepted"
        } else {
            "elders-answer"
        },
    )
    .attr("part", "answer");
    if a.accepted {
        item = item.child(el("p", "").child(el("strong", "").text(t.accepted)));
    }
    item = item.child(el("p", "elders-question__text").text(&a.answer));
    if !by.is_empty() {
        item = item.child(meta(t.answered_by, &by));
    }
    if let Some(url) = &a.url {
        item = item.child(el("p", "").child(outside_link(url, t.answer_link)));
    }
    item.child(reported.unwrap_or_else(|| el("div", "")))
}
