//! `/api/questions`: asking the wider community (DESIGN.md §4).
//!
//! `POST` takes a question with an `Idempotency-Key` header: the widget keeps the key with
//! its draft and retries with it, so a question sent twice (a lost response, a reload, a
//! flaky network) is stored once. `GET` is the public JSON Feed of published questions.

use axum::body::{to_bytes, Body};
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use elders_core::feed::JSON_FEED_VERSION;
use elders_core::text::phrase_key;
use elders_core::{Lang, QuestionInput};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::language::language;
use super::state::AppState;
use crate::error::ApiError;
use crate::store::{Insert, Status, StoredQuestion};

/// Largest request body: a 2,000-character question in JSON with room to spare.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Longest idempotency key.
const MAX_KEY_LEN: usize = 200;
/// Most questions in one `GET`.
const MAX_LIST: u32 = 200;

/// What the public may see of a question: the e-mail address only with consent.
#[derive(Debug, Serialize)]
pub struct PublicQuestion<'a> {
    id: &'a str,
    question: &'a str,
    topics: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    organisation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer_url: Option<&'a str>,
    created_at: &'a str,
}

impl<'a> From<&'a StoredQuestion> for PublicQuestion<'a> {
    fn from(q: &'a StoredQuestion) -> Self {
        PublicQuestion {
            id: &q.id,
            question: &q.question,
            topics: &q.topics,
            organisation: q.organisation.as_deref(),
            name: q.name.as_deref(),
            email: q.email.as_deref().filter(|_| q.consent_contact),
            status: q.status,
            answer: q.answer.as_deref(),
            answer_url: q.answer_url.as_deref(),
            created_at: &q.created_at,
        }
    }
}

fn with_cors(mut response: Response, origin: Option<HeaderValue>) -> Response {
    if let Some(origin) = origin {
        let h = response.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

fn forbidden_origin(origin: &str, lang: Lang) -> ApiError {
    tracing::info!(%origin, "question refused: origin not on the --allow-origin list");
    let message = match lang {
        Lang::Nl => format!(
            "Vragen vanaf deze pagina ({origin}) worden nog niet aangenomen. De beheerder van de Elders-server kan dit aanzetten met --allow-origin {origin}."
        ),
        Lang::En => format!(
            "Questions from this page ({origin}) are not accepted yet. The Elders server admin can allow them with --allow-origin {origin}."
        ),
    };
    ApiError::new(StatusCode::FORBIDDEN, "origin_not_allowed", message)
}

fn echo_origin(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get(header::ORIGIN).cloned()
}

/// Answers every preflight: whether an origin may post is decided by `create`, which
/// refuses with a readable JSON reason. Refusing here instead would leave the reader with
/// an opaque network error and no idea why.
pub async fn preflight(headers: HeaderMap) -> Response {
    with_cors(
        (
            StatusCode::NO_CONTENT,
            [
                (header::ACCESS_CONTROL_ALLOW_METHODS, "GET, POST"),
                (
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    "content-type, idempotency-key, accept-language",
                ),
                (header::ACCESS_CONTROL_MAX_AGE, "600"),
            ],
        )
            .into_response(),
        echo_origin(&headers),
    )
}

pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(origin) = state.origins.check(&headers) {
        return with_cors(
            forbidden_origin(&origin, language(&headers)).into_response(),
            echo_origin(&headers),
        );
    }
    let origin = echo_origin(&headers);
    let response = match store_question(&state, peer.ip(), &headers, body).await {
        Ok(response) => response,
        Err(error) => {
            if error.status().is_server_error() {
                tracing::warn!(status = %error.status(), "question not stored");
            }
            error.into_response()
        }
    };
    with_cors(response, origin)
}

async fn store_question(
    state: &AppState,
    client: IpAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let lang = language(headers);
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the question as JSON with Content-Type: application/json.",
        ));
    }
    let mut keys = headers.get_all("idempotency-key").iter();
    let key =
        match (keys.next(), keys.next()) {
            (Some(key), None) => String::from_utf8_lossy(key.as_bytes()).trim().to_string(),
            (Some(_), Some(_)) => return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "idempotency_key_invalid",
                "Send one Idempotency-Key header, not several: which one counts would be a guess.",
            )),
            (None, _) => String::new(),
        };
    if key.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_missing",
            "Send an Idempotency-Key header (e.g. a UUID) so that a retried question is stored only once.",
        ));
    }
    let key = key.as_str();
    if key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "idempotency_key_invalid",
            format!(
                "The Idempotency-Key must be at most {MAX_KEY_LEN} printable ASCII characters."
            ),
        ));
    }
    let bytes = to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("The request is larger than {MAX_BODY_BYTES} bytes."),
        )
    })?;
    let input: QuestionInput = serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("The request is not a valid question: {e}"),
        )
    })?;
    let clean = input
        .validate()
        .map_err(|errors| ApiError::invalid(&errors, lang))?;
    // Only new questions count against the limit: a resent one is answered from the store.
    if !state
        .questions
        .has_key(key)
        .await
        .map_err(ApiError::internal)?
    {
        state
            .limiter
            .check(client)
            .await
            .map_err(ApiError::internal)?
            .map_err(|seconds| ApiError::too_many(seconds, lang))?;
    }
    let (status, question) =
        match state
            .questions
            .insert(key, &clean, state.new_question_status)
            .await
        {
            Ok(Insert::Created(q)) => (StatusCode::CREATED, q),
            Ok(Insert::Replayed(q)) => (StatusCode::CREATED, q),
            Ok(Insert::KeyReused) => return Err(ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_key_reused",
                "This Idempotency-Key was already used for a different question; send a new key.",
            )),
            Err(e) => return Err(ApiError::internal(e)),
        };
    let mut body = serde_json::to_value(PublicQuestion::from(&question)).unwrap_or_default();
    // The asker sees their own e-mail address back, with or without consent.
    if let (Some(obj), Some(email)) = (body.as_object_mut(), &question.email) {
        obj.insert("email".into(), json!(email));
    }
    Ok((status, Json(body)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ListParams {
    /// Comma-separated topics; questions sharing any of them are listed.
    topics: Option<String>,
    limit: Option<u32>,
}

pub async fn list(State(state): State<AppState>, Query(params): Query<ListParams>) -> Response {
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
    let published = match state
        .questions
        .list(&[Status::Approved, Status::Answered], 1_000)
        .await
    {
        Ok(questions) => questions,
        Err(e) => return ApiError::internal(e).into_response(),
    };
    let items: Vec<serde_json::Value> = published
        .iter()
        .filter(|q| wanted.is_empty() || q.topics.iter().any(|t| wanted.contains(&phrase_key(t))))
        .take(limit as usize)
        .map(|q| {
            // Title and summary make every question a valid feed item, so that the widget
            // ranks questions with the same code and rules as projects.
            let title: String = q.question.chars().take(120).collect();
            let summary: String = q.question.chars().take(1_000).collect();
            json!({
                "id": q.id,
                "title": title,
                "summary": summary,
                "content_text": q.question,
                "date_published": q.created_at,
                "date_modified": q.updated_at,
                "tags": q.topics,
                "_elders_question": PublicQuestion::from(q),
            })
        })
        .collect();
    let feed = json!({
        "version": JSON_FEED_VERSION,
        "title": "Elders: open vragen",
        "items": items,
    });
    (
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_TYPE, "application/feed+json; charset=utf-8"),
        ],
        serde_json::to_string(&feed).unwrap_or_default(),
    )
        .into_response()
}
