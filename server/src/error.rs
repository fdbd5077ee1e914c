//! The JSON error body every API failure answers with, so that the widget can show a
//! message next to the right field: `{"error": "...", "field": "question", "code": "...",
//! "errors": [{"field", "code", "message"}]}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::{FieldError, Lang};
use serde::Serialize;

/// What a reader sends: messages about sending (the origin refused, the rate limit) name
/// the one it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contribution {
    /// `POST /api/questions`.
    Question,
    /// `POST /api/questions/{id}/answers`.
    Answer,
    /// `POST …/reports`.
    Report,
}

/// An API failure with its status.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
    retry_after: Option<u64>,
}

#[derive(Debug, Serialize)]
struct ErrorBody {
    error: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<FieldErrorBody>,
}

#[derive(Debug, Serialize)]
struct FieldErrorBody {
    field: &'static str,
    code: &'static str,
    message: String,
}

impl ApiError {
    /// A failure that is not about one field.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                error: message.into(),
                field: None,
                code: Some(code),
                errors: Vec::new(),
            },
            retry_after: None,
        }
    }

    /// `422` with every field problem, messages in the reader's language.
    pub fn invalid(errors: &[FieldError], lang: Lang) -> ApiError {
        let errors: Vec<FieldErrorBody> = errors
            .iter()
            .map(|e| FieldErrorBody {
                field: e.field.as_str(),
                code: e.code(),
                message: e.message(lang),
            })
            .collect();
        let first = errors.first();
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ErrorBody {
                error: first.map_or_else(String::new, |e| e.message.clone()),
                field: first.map(|e| e.field),
                code: first.map(|e| e.code),
                errors,
            },
            retry_after: None,
        }
    }

    /// `429` with `Retry-After`, naming what was sent (questions and answers share the
    /// limit).
    pub fn too_many(retry_after: u64, sent: Contribution, lang: Lang) -> ApiError {
        let message = too_many_message(retry_after, sent, lang);
        let mut error = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message);
        error.retry_after = Some(retry_after);
        error
    }

    /// `429` for a client that sent too many wrong admin tokens, with `Retry-After`.
    pub fn too_many_wrong_tokens(retry_after: u64) -> ApiError {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_wrong_tokens",
            format!("Too many wrong admin tokens from this address. Try again in {retry_after} seconds."),
        );
        error.retry_after = Some(retry_after);
        error
    }

    /// `404` for a question that does not exist or is not published: the public cannot
    /// tell the two apart.
    pub fn question_not_found(id: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "question_not_found",
            format!("There is no published question with id {id}."),
        )
    }

    /// `500`; the cause goes to the log, not to the client.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(%cause, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on the server; please try again later.",
        )
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

/// What a reader over the rate limit is told, by the API and by the form without
/// JavaScript alike: what was sent, and in how many seconds they may send again.
pub fn too_many_message(retry_after: u64, sent: Contribution, lang: Lang) -> String {
    match (lang, sent) {
        (Lang::Nl, Contribution::Question) => format!("Er zijn net veel vragen vanaf dit adres verstuurd. Probeer het over {retry_after} seconden opnieuw."),
        (Lang::Nl, Contribution::Answer) => format!("Er zijn net veel antwoorden vanaf dit adres verstuurd. Probeer het over {retry_after} seconden opnieuw."),
        (Lang::En, Contribution::Question) => format!("Many questions were just sent from this address. Please try again in {retry_after} seconds."),
        (Lang::En, Contribution::Answer) => format!("Many answers were just sent from this address. Please try again in {retry_after} seconds."),
        (Lang::Nl, Contribution::Report) => format!("Er zijn net veel meldingen vanaf dit adres verstuurd. Probeer het over {retry_after} seconden opnieuw."),
        (Lang::En, Contribution::Report) => format!("Many reports were just sent from this address. Please try again in {retry_after} seconds."),
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body)).into_response();
        if let Some(seconds) = self.retry_after {
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}
