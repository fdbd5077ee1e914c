//! "Open vragen elders": questions colleagues elsewhere asked about this page's topics,
//! ranked with the same index and page query as the projects, with the moderator's answer
//! when there is one and an "I can help" e-mail link (to the asker only with their consent,
//! otherwise to the community address in `data-contact`).

use std::sync::Arc;

use elders_core::rank::{Index, RankOptions};
use elders_core::{Lang, PageContext};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::client;
use super::question::PublicQuestion;
use crate::config::WidgetConfig;
use crate::dom;
use crate::heading::Heading;
use crate::i18n::texts;

/// Most questions shown.
const SHOWN: usize = 3;

fn rank(
    questions: Vec<PublicQuestion>,
    page: &PageContext,
    config: &WidgetConfig,
) -> Vec<PublicQuestion> {
    let items: Vec<_> = questions.iter().map(PublicQuestion::to_item).collect();
    let index = Index::build(&items);
    let options = RankOptions {
        exclude_organisation: config.organisation.as_deref(),
        now: Some(dom::now_seconds()),
        limit: SHOWN,
    };
    index
        .rank(&index.query(page), &options)
        .into_iter()
        .map(|r| questions[r.index].clone())
        .collect()
}

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

#[component]
pub fn OpenQuestions(
    config: Arc<WidgetConfig>,
    page: PageContext,
    /// Filled with the questions to show once they are loaded and ranked.
    questions: RwSignal<Vec<PublicQuestion>>,
    /// Where findings for the admin's `data-debug` panel go.
    diagnostics: RwSignal<Vec<String>>,
) -> impl IntoView {
    let t = texts(config.lang);
    let lang = config.lang;
    let shown = questions;
    if let Some(endpoint) = config.questions.clone() {
        let config = config.clone();
        spawn_local(async move {
            match client::load(&endpoint).await {
                Ok(questions) => shown.set(rank(questions, &page, &config)),
                Err(error) => {
                    let message = format!("{endpoint}: open questions not loaded: {error}");
                    web_sys::console::warn_1(&format!("[elders] {message}").into());
                    diagnostics.update(|d| d.push(format!("Questions API {message}")));
                }
            }
        });
    }
    let contact = config.contact.clone();
    let heading_level = config.heading_level;
    move || {
        let questions = shown.get();
        (!questions.is_empty()).then(|| {
            let contact = contact.clone();
            view! {
                <section class="elders-questions" part="open-questions" aria-labelledby="elders-open-questions">
                    <Heading level=heading_level class="elders-questions__heading" id="elders-open-questions">{t.open_questions}</Heading>
                    <ul class="elders-questions__list">
                        {questions.into_iter().map(|question| {
                            let help_to = question.email.clone().or_else(|| contact.clone());
                            view! { <QuestionItem question help_to lang /> }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

/// One question asked elsewhere, with the answer when there is one and a way to help.
#[component]
fn QuestionItem(question: PublicQuestion, help_to: Option<String>, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let q = question;
    let asked_by = [q.name.clone(), q.organisation.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
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
            {help_to.and_then(|to| help_link(&to, &q.question, lang)).map(|href| view! {
                <p><a class="elders-question__help" href=href>{t.can_help}</a></p>
            })}
        </li>
    }
}
