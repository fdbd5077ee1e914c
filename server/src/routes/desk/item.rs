//! `/admin/questions/{id}`: one question's page on the desk (`docs/architecture.md` §9),
//! opened from the queues and the log. It shows the question with its context, every
//! answer (any status, the accepted one marked) and the question's audit log, and lets a
//! moderator answer as the community, mark the answer that helped, and mark the question
//! as asked before (a duplicate that points to its original), or clear that mark.
//!
//! Like the queues: plain forms that carry the session's CSRF token, `303` back to this
//! page with what was done; an action someone else already did changes nothing and says
//! who did it, when.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use elders_core::Lang;

use super::session::signed_in;
use super::words::{self, words};
use super::{
    checked_post, done_message, html, internal, lang_query, message_page, nav, Fields, Page, Params,
};
use crate::routes::AppState;
use crate::store::{Accept, Actor, AnswerStatus, Duplicate, Status, StoredAnswer, StoredQuestion};

/// Most likely originals offered for a duplicate.
const CANDIDATES: usize = 20;

/// The words of this page in one language (the desk's shared words are in `words.rs`).
struct ItemWords {
    title: &'static str,
    status: &'static str,
    statuses: [&'static str; 4],
    answer_statuses: [&'static str; 3],
    duplicate_of: &'static str,
    community: &'static str,
    community_explained: &'static str,
    answer_text: &'static str,
    answer_link: &'static str,
    publish: &'static str,
    answers: &'static str,
    no_answers: &'static str,
    accepted: &'static str,
    accept: &'static str,
    by: &'static str,
    duplicate: &'static str,
    duplicate_explained: &'static str,
    candidates: &'static str,
    no_candidates: &'static str,
    other_original: &'static str,
    mark_duplicate: &'static str,
    is_duplicate: &'static str,
    clear_duplicate: &'static str,
    log: &'static str,
    not_found: &'static str,
    no_original: &'static str,
    of_itself: &'static str,
    unknown_original: &'static str,
    not_published: &'static str,
    not_marked: &'static str,
    invalid_answer: &'static str,
    unknown_action: &'static str,
}

const NL: ItemWords = ItemWords {
    title: "Vraag",
    status: "Status",
    statuses: ["wacht op een moderator", "gepubliceerd", "afgewezen", "beantwoord"],
    answer_statuses: ["wacht op een moderator", "gepubliceerd", "afgewezen"],
    duplicate_of: "Eerder gesteld als",
    community: "Antwoorden als de community",
    community_explained: "Dit antwoord staat bij de vraag als het antwoord van de community, en de vraagsteller krijgt het per e-mail als die daarom vroeg. Opnieuw publiceren vervangt het.",
    answer_text: "Antwoord",
    answer_link: "Link bij het antwoord (optioneel)",
    publish: "Publiceren als de community",
    answers: "Antwoorden van collega's",
    no_answers: "Nog geen antwoorden van collega's.",
    accepted: "Geaccepteerd: dit hielp de vraagsteller",
    accept: "Markeren als geaccepteerd antwoord",
    by: "Van",
    duplicate: "Eerder gesteld",
    duplicate_explained: "Een dubbele vraag verdwijnt uit de lijsten met open vragen; haar pagina wijst naar de eerdere vraag en de vraagsteller krijgt daarover een e-mail als die daarom vroeg.",
    candidates: "Gepubliceerde vragen met een gedeeld onderwerp",
    no_candidates: "Geen gepubliceerde vragen met een gedeeld onderwerp.",
    other_original: "Of een andere vraag: nummer of adres (URL) van de vraag",
    mark_duplicate: "Markeren als dubbel",
    is_duplicate: "Deze vraag is gemarkeerd als dubbel van:",
    clear_duplicate: "Markering als dubbel weghalen",
    log: "Logboek van deze vraag",
    not_found: "Deze vraag bestaat niet (meer).",
    no_original: "Kies eerst de eerdere vraag, of vul haar nummer of adres in.",
    of_itself: "Een vraag kan geen dubbel van zichzelf zijn. Er is niets veranderd.",
    unknown_original: "Er is geen gepubliceerde vraag met dit nummer of adres; er is niets veranderd:",
    not_published: "Dit antwoord is niet gepubliceerd, dus het kan niet het geaccepteerde zijn. Er is niets veranderd.",
    not_marked: "Deze vraag is niet (meer) gemarkeerd als dubbel; er is niets veranderd.",
    invalid_answer: "Het antwoord kan zo niet worden gepubliceerd; er is niets veranderd:",
    unknown_action: "Deze actie bestaat niet. Er is niets veranderd.",
};

const EN: ItemWords = ItemWords {
    title: "Question",
    status: "Status",
    statuses: ["waits for a moderator", "published", "rejected", "answered"],
    answer_statuses: ["waits for a moderator", "published", "rejected"],
    duplicate_of: "Asked before as",
    community: "Answer as the community",
    community_explained: "This answer stands with the question as the community's answer, and the asker gets it by e-mail if they asked for mail. Publishing again replaces it.",
    answer_text: "Answer",
    answer_link: "Link with the answer (optional)",
    publish: "Publish as the community",
    answers: "Answers from colleagues",
    no_answers: "No answers from colleagues yet.",
    accepted: "Accepted: this helped the asker",
    accept: "Mark as the accepted answer",
    by: "From",
    duplicate: "Asked before",
    duplicate_explained: "A duplicate leaves the lists of open questions; its page points to the earlier question, and the asker is told by e-mail if they asked for mail.",
    candidates: "Published questions sharing a topic",
    no_candidates: "No published questions share a topic.",
    other_original: "Or another question: the question's number or address (URL)",
    mark_duplicate: "Mark as duplicate",
    is_duplicate: "This question is marked as a duplicate of:",
    clear_duplicate: "Clear the duplicate mark",
    log: "This question's log",
    not_found: "This question does not exist (any more).",
    no_original: "Choose the earlier question first, or fill in its number or address.",
    of_itself: "A question cannot be a duplicate of itself. Nothing was changed.",
    unknown_original: "There is no published question with this number or address; nothing was changed:",
    not_published: "This answer is not published, so it cannot be the accepted one. Nothing was changed.",
    not_marked: "This question is not (or no longer) marked as a duplicate; nothing was changed.",
    invalid_answer: "The answer cannot be published like this; nothing was changed:",
    unknown_action: "There is no such action. Nothing was changed.",
};

fn item_words(lang: Lang) -> &'static ItemWords {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// An answer as the page shows it.
struct AnswerRow {
    id: String,
    text: String,
    url: Option<String>,
    by: Option<String>,
    status: &'static str,
    accepted: bool,
    can_accept: bool,
    created_at: String,
}

/// A question the page links to: an original, or a candidate for one.
struct Linked {
    id: String,
    text: String,
}

/// An audit entry of this question.
struct AuditRow {
    created_at: String,
    actor: String,
    action: &'static str,
    about: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "desk/item.html")]
struct ItemPage {
    page: Page,
    iw: &'static ItemWords,
    question: String,
    meta: Vec<(&'static str, String)>,
    community_answer: String,
    community_url: String,
    answers: Vec<AnswerRow>,
    original: Option<Linked>,
    candidates: Vec<Linked>,
    log: Vec<AuditRow>,
    action: String,
    csrf: String,
}

fn status_word(iw: &ItemWords, status: Status) -> &'static str {
    match status {
        Status::Pending => iw.statuses[0],
        Status::Approved => iw.statuses[1],
        Status::Rejected => iw.statuses[2],
        Status::Answered => iw.statuses[3],
    }
}

fn answer_status_word(iw: &ItemWords, status: AnswerStatus) -> &'static str {
    match status {
        AnswerStatus::Pending => iw.answer_statuses[0],
        AnswerStatus::Approved => iw.answer_statuses[1],
        AnswerStatus::Rejected => iw.answer_statuses[2],
    }
}

/// `text` on one line, at most `max` characters.
fn short(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        line
    } else {
        format!("{}…", line.chars().take(max).collect::<String>())
    }
}

/// `GET /admin/questions/{id}`.
pub async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let iw = item_words(lang);
    let session = match signed_in(&state, &headers).await {
        Ok(session) => session,
        Err(redirect) => return redirect,
    };
    let q = match state.questions.get(&id).await {
        Ok(Some(q)) => q,
        Ok(None) => return not_found(lang),
        Err(e) => return internal(e),
    };
    let answers = match state.answers.for_question(&q.id).await {
        Ok(answers) => answers,
        Err(e) => return internal(e),
    };
    let original = match q.duplicate_of.as_deref() {
        Some(original) => match state.questions.get(original).await {
            Ok(found) => Some(Linked {
                id: original.to_string(),
                text: found.map(|o| o.question).unwrap_or_default(),
            }),
            Err(e) => return internal(e),
        },
        None => None,
    };
    let candidates = if original.is_none() {
        match state
            .questions
            .originals_for(&q.id, &q.topics, CANDIDATES)
            .await
        {
            Ok(found) => found
                .into_iter()
                .map(|c| Linked {
                    text: short(&c.question, 160),
                    id: c.id,
                })
                .collect(),
            Err(e) => return internal(e),
        }
    } else {
        Vec::new()
    };
    let log = match state.audit.for_question(&q.id).await {
        Ok(entries) => entries
            .into_iter()
            .map(|e| AuditRow {
                created_at: e.created_at,
                actor: e.actor,
                action: words::action(lang, &e.action),
                about: match e.answer_id {
                    Some(answer) => format!("{} {answer}", w.pending_answers),
                    None => format!("{} {}", w.pending_questions, e.question_id),
                },
                detail: e.detail.unwrap_or_default(),
            })
            .collect(),
        Err(e) => return internal(e),
    };
    let nav = match nav(&state, &session).await {
        Ok(nav) => nav,
        Err(e) => return e,
    };
    html(
        StatusCode::OK,
        ItemPage {
            page: Page {
                lang: lang.tag(),
                title: format!("{}: {}", iw.title, short(&q.question, 80)),
                w,
                nav: Some(nav),
                current: "",
                query: lang_query(lang),
                message: done_message(&params, lang),
            },
            iw,
            meta: meta(&q, iw, w),
            question: q.question.clone(),
            community_answer: q.answer.clone().unwrap_or_default(),
            community_url: q.answer_url.clone().unwrap_or_default(),
            answers: answers.iter().map(|a| answer_row(a, iw)).collect(),
            original,
            candidates,
            log,
            action: format!("/admin/questions/{}{}", q.id, lang_query(lang)),
            csrf: session.csrf,
        }
        .render(),
    )
}

fn meta(q: &StoredQuestion, iw: &ItemWords, w: &words::Words) -> Vec<(&'static str, String)> {
    let mut meta = vec![(iw.status, status_word(iw, q.status).to_string())];
    meta.extend(super::question_meta(q, w));
    meta
}

fn answer_row(a: &StoredAnswer, iw: &ItemWords) -> AnswerRow {
    let by = [
        a.name.as_deref(),
        a.organisation.as_deref(),
        a.email.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    AnswerRow {
        id: a.id.clone(),
        text: a.answer.clone(),
        url: a.url.clone(),
        by: Some(by).filter(|b| !b.is_empty()),
        status: answer_status_word(iw, a.status),
        accepted: a.accepted,
        can_accept: a.status == AnswerStatus::Approved && !a.accepted,
        created_at: a.created_at.clone(),
    }
}

/// `POST /admin/questions/{id}`: one action (`do` = `answer`, `accept:ANSWER`,
/// `duplicate` or `not_duplicate`), then `303` back to the page.
pub async fn act(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = params.lang();
    let iw = item_words(lang);
    let fields = Fields::parse(&body);
    let session = match checked_post(&state, &headers, &fields, lang).await {
        Ok(session) => session,
        Err(refused) => return refused,
    };
    let actor = Actor(&session.actor);
    let q = match state.questions.get(&id).await {
        Ok(Some(q)) => q,
        Ok(None) => return not_found(lang),
        Err(e) => return internal(e),
    };
    let back = format!("/admin/questions/{}{}", q.id, lang_query(lang));
    let refuse = |status: StatusCode, lines: Vec<String>| {
        message_page(status, lang, words(lang).not_allowed, lines, back.clone())
    };
    let action = fields.get("do").unwrap_or_default();
    let done = match action {
        "answer" => {
            let text = fields.get("answer").unwrap_or_default();
            let url = fields.get("url");
            let (text, url) = match elders_core::question::validate_answer(text, url) {
                Ok(valid) => valid,
                Err(problem) => {
                    return refuse(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        vec![iw.invalid_answer.into(), problem],
                    )
                }
            };
            match state
                .questions
                .answer(&q.id, &text, url.as_deref(), actor)
                .await
            {
                Ok(true) => "answer",
                Ok(false) => return not_found(lang),
                Err(e) => return internal(e),
            }
        }
        "duplicate" => {
            let chosen = fields
                .get("original_other")
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(question_id_in)
                .or_else(|| fields.get("original").map(str::to_string))
                .filter(|o| !o.is_empty());
            let Some(chosen) = chosen else {
                return refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    vec![iw.no_original.into()],
                );
            };
            match state.questions.mark_duplicate(&q.id, &chosen, actor).await {
                Ok(Duplicate::Marked { .. }) => "duplicate",
                Ok(Duplicate::OfItself) => {
                    return refuse(StatusCode::UNPROCESSABLE_ENTITY, vec![iw.of_itself.into()])
                }
                Ok(Duplicate::UnknownOriginal) => {
                    return refuse(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        vec![iw.unknown_original.into(), chosen],
                    )
                }
                Ok(Duplicate::AlreadyMarked { .. }) => {
                    let line = who_did(&state, &q, None, "duplicate", lang).await;
                    return already_done(lang, line, back);
                }
                Ok(Duplicate::NotFound) => return not_found(lang),
                Err(e) => return internal(e),
            }
        }
        "not_duplicate" => match state.questions.clear_duplicate(&q.id, actor).await {
            Ok(Some(_)) => "not_duplicate",
            Ok(None) => {
                // Who cleared it, if someone did; a question never marked has nobody.
                let mut lines = vec![iw.not_marked.to_string()];
                lines.extend(who_did_from_log(&state, &q, None, "not_duplicate", lang).await);
                return refuse(StatusCode::CONFLICT, lines);
            }
            Err(e) => return internal(e),
        },
        other => match other.strip_prefix("accept:") {
            Some(answer_id) => {
                let answer = match state.answers.get(answer_id).await {
                    Ok(found) => found.filter(|a| a.question_id == q.id),
                    Err(e) => return internal(e),
                };
                let Some(answer) = answer else {
                    return not_found(lang);
                };
                if answer.accepted {
                    let line = who_did(&state, &q, Some(&answer.id), "accept", lang).await;
                    return already_done(lang, line, back);
                }
                match state.answers.accept(&answer.id, actor).await {
                    Ok(Accept::Accepted) => "accept",
                    Ok(Accept::NotPublished) => {
                        return refuse(StatusCode::CONFLICT, vec![iw.not_published.into()])
                    }
                    Ok(Accept::NotFound) => return not_found(lang),
                    Err(e) => return internal(e),
                }
            }
            None => return refuse(StatusCode::BAD_REQUEST, vec![iw.unknown_action.into()]),
        },
    };
    let separator = if lang_query(lang).is_empty() {
        '?'
    } else {
        '&'
    };
    Redirect::to(&format!("{back}{separator}done={done}&n=1")).into_response()
}

/// The question's id in what a moderator filled in: an id, or the address of the
/// question's public page or desk page (`…/questions/ID`, with or without more after it).
fn question_id_in(given: &str) -> String {
    match given.rsplit_once("/questions/") {
        Some((_, rest)) => rest
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_string(),
        None => given.to_string(),
    }
}

/// "'text': marked as a duplicate by NAME at TIME", from the audit log, for an action
/// someone already did; without who and when if the log does not say.
async fn who_did(
    state: &AppState,
    q: &StoredQuestion,
    answer_id: Option<&str>,
    action: &str,
    lang: Lang,
) -> String {
    let text = short(&q.question, 80);
    who_did_from_log(state, q, answer_id, action, lang)
        .await
        .unwrap_or_else(|| format!("“{text}”: {}.", words::action(lang, action)))
}

/// "'text': ACTION by NAME at TIME" from the newest such entry of the log, if any.
async fn who_did_from_log(
    state: &AppState,
    q: &StoredQuestion,
    answer_id: Option<&str>,
    action: &str,
    lang: Lang,
) -> Option<String> {
    let text = short(&q.question, 80);
    let entries = state.audit.for_question(&q.id).await.unwrap_or_default();
    let last = entries
        .into_iter()
        .rev()
        .find(|e| e.action == action && e.answer_id.as_deref() == answer_id);
    let e = last?;
    Some(match lang {
        Lang::Nl => format!(
            "“{text}”: {} door {} op {}.",
            words::action(lang, action),
            e.actor,
            e.created_at
        ),
        Lang::En => format!(
            "“{text}”: {} by {} at {}.",
            words::action(lang, action),
            e.actor,
            e.created_at
        ),
    })
}

fn already_done(lang: Lang, line: String, back: String) -> Response {
    let w = words(lang);
    message_page(
        StatusCode::CONFLICT,
        lang,
        w.not_allowed,
        vec![w.already_decided.into(), line],
        back,
    )
}

fn not_found(lang: Lang) -> Response {
    let iw = item_words(lang);
    message_page(
        StatusCode::NOT_FOUND,
        lang,
        iw.not_found,
        vec![iw.not_found.into()],
        format!("/admin/questions{}", lang_query(lang)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_original_is_named_by_its_id_or_either_page_address() {
        for given in [
            "abc-123",
            "https://elders.example.nl/questions/abc-123",
            "https://elders.example.nl/questions/abc-123#answer-x",
            "/admin/questions/abc-123?lang=en",
            "https://elders.example.nl/questions/abc-123/manage?key=k",
        ] {
            assert_eq!(question_id_in(given), "abc-123", "{given}");
        }
    }

    #[test]
    fn long_questions_are_shortened_on_one_line() {
        assert_eq!(short("a\n b", 10), "a b");
        assert_eq!(short("abcdef", 3), "abc…");
    }
}
