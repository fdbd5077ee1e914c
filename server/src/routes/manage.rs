//! `/questions/{id}/manage?key=…`: the asker's private page (`docs/architecture.md` §8),
//! reached only through the link in their mails. It shows the question's state and its
//! answers, and lets the asker mark the answer that helped, stop the mails, or delete the
//! question with every personal detail at once.
//!
//! Server-rendered, with plain forms: it works without JavaScript. A wrong, old (the
//! question was erased) or missing key is `404`, the same as a question that does not
//! exist, so that the page tells nobody which questions exist. Every change is a `POST`
//! that carries the key in its body: a page on another site cannot know it, so it cannot
//! forge one (and a browser that says the form came from another site is refused
//! outright). After a change the page redirects to itself (`303`), so that reloading does
//! not post again. A mail program's one-click unsubscribe (RFC 8058: `POST` with
//! `List-Unsubscribe=One-Click`, the key in the URL) stops the mails too.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use elders_core::Lang;
use serde::Deserialize;

use super::state::AppState;
use crate::store::{retention, Accept, Actor, Status, StoredAnswer, StoredQuestion};

/// The page's policy: its own stylesheet, forms to itself, nothing else.
const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

#[derive(Debug, Deserialize)]
pub struct PageParams {
    key: Option<String>,
    /// What the last change did, to confirm it.
    done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Change {
    key: Option<String>,
    action: Option<String>,
    answer: Option<String>,
    confirm: Option<String>,
    /// RFC 8058's one-click unsubscribe.
    #[serde(rename = "List-Unsubscribe")]
    list_unsubscribe: Option<String>,
}

/// `GET`: the page, for the right key.
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<PageParams>,
) -> Response {
    let key = params.key.unwrap_or_default();
    let question = match opened(&state, &id, &key).await {
        Ok(Some(question)) => question,
        Ok(None) => return not_found(),
        Err(response) => return *response,
    };
    let answers = match state.answers.published_for(&[id.as_str()]).await {
        Ok(mut answers) => answers.remove(&id).unwrap_or_default(),
        Err(e) => return internal(e),
    };
    let done = params
        .done
        .as_deref()
        .and_then(|d| done_message(d, question.lang));
    html(StatusCode::OK, render(&question, &answers, &key, done))
}

/// `POST`: one change (`action` = `accept`, `stop` or `erase`), then back to the page.
pub async fn change(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<PageParams>,
    headers: HeaderMap,
    Form(change): Form<Change>,
) -> Response {
    if crate::security::from_another_site(&headers) {
        return (
            StatusCode::FORBIDDEN,
            "This form may only be sent from its own page.",
        )
            .into_response();
    }
    let one_click = change.list_unsubscribe.as_deref() == Some("One-Click");
    let key = change.key.or(params.key).unwrap_or_default();
    let question = match opened(&state, &id, &key).await {
        Ok(Some(question)) => question,
        Ok(None) => return not_found(),
        Err(response) => return *response,
    };
    let action = if one_click {
        "stop"
    } else {
        change.action.as_deref().unwrap_or_default()
    };
    let done = match action {
        "accept" => {
            let answer = change.answer.unwrap_or_default();
            // Only an answer to this very question: the key opens nothing else.
            let to_this = match state.answers.get(&answer).await {
                Ok(found) => found.is_some_and(|a| a.question_id == question.id),
                Err(e) => return internal(e),
            };
            if !to_this {
                return not_found();
            }
            match state.answers.accept(&answer, Actor("asker")).await {
                Ok(Accept::Accepted) => "accepted",
                Ok(_) => return not_found(),
                Err(e) => return internal(e),
            }
        }
        "stop" => match state.questions.stop_mail(&question.id).await {
            Ok(_) if one_click => return StatusCode::OK.into_response(),
            Ok(_) => "stopped",
            Err(e) => return internal(e),
        },
        "erase" if change.confirm.as_deref() == Some("yes") => {
            return match retention::erase_question(&state.database, &question.id).await {
                Ok(_) => {
                    tracing::info!(question = %question.id, "question erased by its asker");
                    message_page(StatusCode::OK, question.lang, Message::Erased)
                }
                Err(e) => internal(e),
            };
        }
        "erase" => "confirm",
        _ => return (StatusCode::BAD_REQUEST, "Unknown action.").into_response(),
    };
    Redirect::to(&format!("/questions/{id}/manage?key={key}&done={done}")).into_response()
}

/// The question `key` opens, if it opens `id`.
async fn opened(
    state: &AppState,
    id: &str,
    key: &str,
) -> Result<Option<StoredQuestion>, Box<Response>> {
    match state.manage_keys.opens(id, key).await {
        Ok(true) => {}
        Ok(false) => return Ok(None),
        Err(e) => return Err(Box::new(internal(e))),
    }
    state
        .questions
        .get(id)
        .await
        .map_err(|e| Box::new(internal(e)))
}

struct Words {
    title: &'static str,
    see_online: &'static str,
    reason: &'static str,
    moderator_answer: &'static str,
    answers: &'static str,
    helped: &'static str,
    accept: &'static str,
    no_answers: &'static str,
    mail: &'static str,
    mail_on: &'static str,
    mail_off: &'static str,
    stop: &'static str,
    erase_heading: &'static str,
    erase_explained: &'static str,
    erase_confirm: &'static str,
    erase: &'static str,
}

const NL: Words = Words {
    title: "Je vraag",
    see_online: "Bekijk hem online.",
    reason: "Waarom niet:",
    moderator_answer: "Antwoord van de community",
    answers: "Antwoorden van collega's",
    helped: "Dit hielp je",
    accept: "Dit antwoord hielp mij",
    no_answers: "Er is nog geen antwoord.",
    mail: "E-mail",
    mail_on: "Je krijgt een e-mail bij elk nieuw antwoord.",
    mail_off: "Je krijgt geen e-mail meer over deze vraag.",
    stop: "Stop de e-mails",
    erase_heading: "Vraag en gegevens verwijderen",
    erase_explained: "Dit verwijdert je vraag, de antwoorden erop, je naam, organisatie en e-mailadres, meteen en voorgoed.",
    erase_confirm: "Ja, verwijder alles. Dit kan niet ongedaan worden.",
    erase: "Verwijder mijn vraag en gegevens",
};

const EN: Words = Words {
    title: "Your question",
    see_online: "See it online.",
    reason: "Why not:",
    moderator_answer: "Answer from the community",
    answers: "Answers from colleagues",
    helped: "This helped you",
    accept: "This answer helped me",
    no_answers: "There is no answer yet.",
    mail: "E-mail",
    mail_on: "You get an e-mail for every new answer.",
    mail_off: "You no longer get e-mail about this question.",
    stop: "Stop the e-mails",
    erase_heading: "Delete question and details",
    erase_explained: "This deletes your question, its answers, your name, organisation and e-mail address, at once and for good.",
    erase_confirm: "Yes, delete everything. This cannot be undone.",
    erase: "Delete my question and details",
};

/// An answer as the asker's page shows it.
struct AnswerRow {
    id: String,
    text: String,
    by: Option<String>,
    accepted: bool,
}

#[derive(Template)]
#[template(path = "manage.html")]
struct ManagePage<'a> {
    lang: &'a str,
    w: &'a Words,
    done: Option<&'a str>,
    question: &'a str,
    status: &'a str,
    public_url: Option<String>,
    reason: Option<&'a str>,
    moderator_answer: Option<&'a str>,
    answers: Vec<AnswerRow>,
    notify: bool,
    action: String,
    key: &'a str,
}

fn render(
    q: &StoredQuestion,
    answers: &[StoredAnswer],
    key: &str,
    done: Option<&'static str>,
) -> String {
    let w = match q.lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let status = match (q.lang, q.status) {
        (Lang::Nl, Status::Pending) => "Je vraag wacht op een moderator.",
        (Lang::Nl, Status::Approved) => "Je vraag staat online.",
        (Lang::Nl, Status::Answered) => "Je vraag staat online en is beantwoord.",
        (Lang::Nl, Status::Rejected) => "Je vraag is niet geplaatst.",
        (Lang::En, Status::Pending) => "Your question waits for a moderator.",
        (Lang::En, Status::Approved) => "Your question is online.",
        (Lang::En, Status::Answered) => "Your question is online and answered.",
        (Lang::En, Status::Rejected) => "Your question was not published.",
    };
    let answers = answers
        .iter()
        .map(|a| {
            let by = [a.name.as_deref(), a.organisation.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            AnswerRow {
                id: a.id.clone(),
                text: a.answer.clone(),
                by: Some(by).filter(|b| a.public_name && !b.is_empty()),
                accepted: a.accepted,
            }
        })
        .collect();
    ManagePage {
        lang: q.lang.tag(),
        w,
        done,
        question: &q.question,
        status,
        public_url: q.is_visible().then(|| format!("/questions/{}", q.id)),
        reason: q
            .reject_reason
            .as_deref()
            .filter(|_| q.status == Status::Rejected),
        moderator_answer: q.answer.as_deref(),
        answers,
        notify: q.notify,
        action: format!("/questions/{}/manage", q.id),
        key,
    }
    .render()
    .unwrap_or_default()
}

/// The confirmation of the last change, shown at the top of the page.
fn done_message(done: &str, lang: Lang) -> Option<&'static str> {
    Some(match (done, lang) {
        ("accepted", Lang::Nl) => "Dank je. Bij je vraag staat nu welk antwoord je hielp.",
        ("accepted", Lang::En) => "Thank you. Your question now shows which answer helped you.",
        ("stopped", Lang::Nl) => "Je krijgt geen e-mail meer over deze vraag.",
        ("stopped", Lang::En) => "You will get no more e-mail about this question.",
        ("confirm", Lang::Nl) => "Vink eerst aan dat je alles wilt verwijderen.",
        ("confirm", Lang::En) => "First tick that you want to delete everything.",
        _ => return None,
    })
}

enum Message {
    NotFound,
    Erased,
}

#[derive(Template)]
#[template(path = "manage_message.html")]
struct MessagePage<'a> {
    lang: &'a str,
    title: &'a str,
    message: &'a str,
}

fn message_page(status: StatusCode, lang: Lang, message: Message) -> Response {
    let (title, message) = match (message, lang) {
        (Message::NotFound, Lang::Nl) => (
            "Deze link werkt niet",
            "De link is niet (meer) geldig, of de vraag is verwijderd. Gebruik de link uit je nieuwste e-mail.",
        ),
        (Message::NotFound, Lang::En) => (
            "This link does not work",
            "The link is not (or no longer) valid, or the question was deleted. Use the link in your latest e-mail.",
        ),
        (Message::Erased, Lang::Nl) => (
            "Verwijderd",
            "Je vraag en al je gegevens zijn verwijderd. Je krijgt er geen e-mail meer over.",
        ),
        (Message::Erased, Lang::En) => (
            "Deleted",
            "Your question and all your details were deleted. You will get no more e-mail about it.",
        ),
    };
    let body = MessagePage {
        lang: lang.tag(),
        title,
        message,
    }
    .render()
    .unwrap_or_default();
    html(status, body)
}

fn not_found() -> Response {
    message_page(StatusCode::NOT_FOUND, Lang::Nl, Message::NotFound)
}

fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "the asker's page failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong; try again later.",
    )
        .into_response()
}

/// An HTML page that no cache keeps (it holds the key) and no search engine lists.
fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::HeaderName::from_static("x-robots-tag"), "noindex"),
        ],
        body,
    )
        .into_response()
}
