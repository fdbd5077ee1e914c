//! `/api/questions`: asking the wider community, and answering it (`docs/architecture.md`).
//!
//! `POST` takes a question with an `Idempotency-Key` header: the widget keeps the key with
//! its draft and retries with it, so a question sent twice (a lost response, a reload, a
//! flaky network) is stored once. `GET` is the public JSON Feed of published questions,
//! each with its published answers; `GET /api/questions/{id}` is one of its items.
//! `POST /api/questions/{id}/answers` takes a colleague's answer with the same guarantees.
//! `POST /api/questions/{id}/reports` and `…/answers/{answer}/reports` take a reader's
//! report of a published question or answer (`report.rs`).

mod answer;
mod ask;
pub(super) mod public;
mod report;

pub use ask::{ask, has_content_type, is_usable_key, NotStored};

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::feed::JSON_FEED_VERSION;
use elders_core::question::MAIL_MEMBER;
use elders_core::text::phrase_key;
use elders_core::{AnsweredQuestion, Lang};
use serde::Deserialize;
use serde_json::json;

use super::language::language;
use super::state::AppState;
use crate::client::Client;
use crate::cors;
use crate::error::{ApiError, Contribution};
use crate::store::{Reportable, Status};

/// Most questions in one `GET`.
const MAX_LIST: u32 = 200;

/// The newest published questions a `GET` with topics looks among.
const SCANNED: u32 = 1_000;

/// `403` for a page whose origin is not on the `--allow-origin` list, telling the reader
/// (and the admin they ask) the exact flag that would allow it.
fn forbidden_origin(origin: &str, sent: Contribution, lang: Lang) -> ApiError {
    let (nl, en) = match sent {
        Contribution::Question => ("Vragen", "Questions"),
        Contribution::Answer => ("Antwoorden", "Answers"),
        Contribution::Report => ("Meldingen", "Reports"),
    };
    tracing::info!(%origin, "{en} refused: origin not on the --allow-origin list");
    let message = match lang {
        Lang::Nl => format!(
            "{nl} vanaf deze pagina ({origin}) worden nog niet aangenomen. De beheerder van de Elders-server kan dit aanzetten met --allow-origin {origin}."
        ),
        Lang::En => format!(
            "{en} from this page ({origin}) are not accepted yet. The Elders server admin can allow them with --allow-origin {origin}."
        ),
    };
    ApiError::new(StatusCode::FORBIDDEN, "origin_not_allowed", message)
}

/// `POST /api/questions`: refuses origins off the allow-list with a readable `403`, then
/// stores the question (`ask.rs`). Every answer echoes the page's origin
/// (`cors::readable_by_the_page`), so the widget can read it.
pub async fn create(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(refused) = state.origins.check(&headers) {
        let response =
            forbidden_origin(&refused, Contribution::Question, language(&headers)).into_response();
        return cors::readable_by_the_page(response, &headers);
    }
    let stored = ask::store_question(&state, client, &headers, body).await;
    cors::readable_by_the_page(logged(stored, "question not stored"), &headers)
}

/// `POST /api/questions/{id}/answers`: the same origin check and CORS as a question, then
/// stores the answer (`answer.rs`).
pub async fn create_answer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    client: Client,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(refused) = state.origins.check(&headers) {
        let response =
            forbidden_origin(&refused, Contribution::Answer, language(&headers)).into_response();
        return cors::readable_by_the_page(response, &headers);
    }
    let stored = answer::store_answer(&state, &id, client, &headers, body).await;
    cors::readable_by_the_page(logged(stored, "answer not stored"), &headers)
}

/// `POST /api/questions/{id}/reports`: the same origin check and CORS as a question, then
/// stores the report (`report.rs`).
pub async fn report_question(
    State(state): State<AppState>,
    Path(id): Path<String>,
    client: Client,
    headers: HeaderMap,
    body: Body,
) -> Response {
    reported(&state, Reportable::Question(&id), client, &headers, body).await
}

/// `POST /api/questions/{id}/answers/{answer}/reports`: as [`report_question`], for one
/// of the question's answers.
pub async fn report_answer(
    State(state): State<AppState>,
    Path((id, answer)): Path<(String, String)>,
    client: Client,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let item = Reportable::Answer {
        question: &id,
        answer: &answer,
    };
    reported(&state, item, client, &headers, body).await
}

async fn reported(
    state: &AppState,
    item: Reportable<'_>,
    client: Client,
    headers: &HeaderMap,
    body: Body,
) -> Response {
    if let Err(refused) = state.origins.check(headers) {
        let response =
            forbidden_origin(&refused, Contribution::Report, language(headers)).into_response();
        return cors::readable_by_the_page(response, headers);
    }
    let stored = report::store_report(state, item, client, headers, body).await;
    cors::readable_by_the_page(logged(stored, "report not stored"), headers)
}

/// The response of a POST, a server failure noted in the log.
fn logged(result: Result<Response, ApiError>, what: &'static str) -> Response {
    match result {
        Ok(response) => response,
        Err(error) => {
            if error.status().is_server_error() {
                tracing::warn!(status = %error.status(), "{what}");
            }
            error.into_response()
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// Comma-separated topics; questions sharing any of them are listed.
    topics: Option<String>,
    limit: Option<u32>,
}

/// `GET`: the published questions as a JSON Feed, optionally only those sharing a topic;
/// to a client that asks for a pack (`Accept: application/vnd.elders.pack`, as the
/// widget's cards module does), the same questions as the questions' pack
/// (`elders_core::question::pack`): marked answered or not, with their index, and whether
/// this server mails askers.
pub async fn list(
    State(state): State<AppState>,
    Query(params): Query<ListParams>,
    headers: HeaderMap,
) -> Response {
    let limit = params.limit.unwrap_or(50).clamp(1, MAX_LIST);
    let wanted: Vec<String> = params
        .topics
        .as_deref()
        .map(|t| {
            elders_core::page::split_list(t)
                .iter()
                .map(|t| phrase_key(t))
                .collect()
        })
        .unwrap_or_default();
    let published = [Status::Approved, Status::Answered];
    let listed = if wanted.is_empty() {
        state.questions.list_visible(&published, limit).await
    } else {
        let shares_a_topic =
            |topics: &[String]| topics.iter().any(|t| wanted.contains(&phrase_key(t)));
        state
            .questions
            .list_by_topics(&published, SCANNED, limit as usize, shares_a_topic)
            .await
    };
    let listed = match listed {
        Ok(questions) => questions,
        Err(e) => return ApiError::internal(e).into_response(),
    };
    let ids: Vec<&str> = listed.iter().map(|q| q.id.as_str()).collect();
    let answers = match state.answers.published_for(&ids).await {
        Ok(answers) => answers,
        Err(e) => return ApiError::internal(e).into_response(),
    };
    if super::feed::accepts_pack(&headers) {
        let questions: Vec<_> = listed
            .iter()
            .map(|q| {
                let question = AnsweredQuestion {
                    question: public::public_view(q),
                    answers: answers
                        .get(&q.id)
                        .map_or(&[][..], Vec::as_slice)
                        .iter()
                        .map(public::public_answer)
                        .collect(),
                };
                let answered = question.is_answered();
                (question.question, answered)
            })
            .collect();
        let pack = elders_core::question::pack::write(&questions, state.mail.is_some());
        let response = (
            [
                (header::CACHE_CONTROL, "no-cache"),
                (header::CONTENT_TYPE, elders_core::pack::MEDIA_TYPE),
                (header::VARY, "Accept"),
            ],
            pack,
        )
            .into_response();
        return cors::readable_by_any_origin(response);
    }
    let items: Vec<serde_json::Value> = listed
        .iter()
        .map(|q| public::feed_item(q, answers.get(&q.id).map_or(&[], Vec::as_slice)))
        .collect();
    let mut feed = json!({
        "version": JSON_FEED_VERSION,
        "title": "Elders: open vragen",
        "items": items,
    });
    // Tells the question form to offer mail about answers (`docs/architecture.md` §8).
    if state.mail.is_some() {
        feed[MAIL_MEMBER] = json!(true);
    }
    let response = (
        [
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_TYPE, "application/feed+json; charset=utf-8"),
            (header::VARY, "Accept"),
        ],
        serde_json::to_string(&feed).unwrap_or_default(),
    )
        .into_response();
    cors::readable_by_any_origin(response)
}

/// `GET /api/questions/{id}`: one published question as its feed item, with its published
/// answers (and, for a question asked before, the original with its answers in
/// `_elders_question.duplicate_of`), readable from any origin; `404` (JSON) for a question that does not exist or
/// is not published.
pub async fn one(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let question = match state.questions.get(&id).await {
        Ok(found) => found.filter(|q| q.is_visible()),
        Err(e) => return ApiError::internal(e).into_response(),
    };
    let response = match question {
        None => ApiError::question_not_found(&id).into_response(),
        Some(q) => match state.answers.published_for(&[q.id.as_str()]).await {
            Ok(answers) => {
                let mut item = public::feed_item(&q, answers.get(&q.id).map_or(&[], Vec::as_slice));
                if let Some(original) = q.duplicate_of.as_deref() {
                    match public::original_of(&state, original).await {
                        Ok(Some(original)) => item["_elders_question"]["duplicate_of"] = original,
                        Ok(None) => {}
                        Err(e) => return ApiError::internal(e).into_response(),
                    }
                }
                ([(header::CACHE_CONTROL, "no-cache")], axum::Json(item)).into_response()
            }
            Err(e) => return ApiError::internal(e).into_response(),
        },
    };
    cors::readable_by_any_origin(response)
}
