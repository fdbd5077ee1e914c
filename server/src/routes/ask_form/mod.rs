//! `/ask`: the question form without JavaScript (`docs/architecture.md`), for intranets
//! that cannot run the widget's script (SharePoint Online allows only iframes): the
//! server-rendered cards of `/embed` link here, and the reader asks on the Elders host.
//!
//! The same form as the widget's, in everything a reader meets: its fields, labels, hints,
//! privacy notice and messages (core's `question::words` and `FieldError::message`), its
//! look (the widget's own stylesheet), and its promise that a question is stored once:
//! each rendering of the form carries a fresh idempotency key in a hidden field, and the
//! `POST` goes through the API's own steps (`questions::ask`: core's rules, the rate limit
//! per client, one row per key), so that a double click, a reload or the back button and
//! a second submit store one question and show the same confirmation.
//!
//! - `GET /ask?topics=…&organisation=…&lang=nl|en&page=URL&title=…` renders a new form
//!   (`fields.rs` reads the link, `page.rs` builds the page).
//! - `POST /ask` (`application/x-www-form-urlencoded`) stores the question and redirects
//!   (`303`) to its confirmation, or renders the form again with the reader's input, the
//!   problems in an error summary that takes focus and beside each field (`422`), the
//!   rate limit's wait (`429`), or a key used before for another question (`409`, with a
//!   new key). A post that the browser says came from another site is refused (`403`):
//!   the form is not an API for other sites, and nothing is stored.
//! - `GET /ask/sent/{id}` is the confirmation: what happens next (a moderator first, or
//!   public now, with the question's page) and the mail, if asked for. It does not show
//!   the asker's private link (`/questions/{id}/manage?key=…`): as in the widget, only the
//!   asker's mail holds that key, so it never stands in a URL, the browser's history, a
//!   log, or a page that a colleague at the same computer can open again.
//! - `GET /ask/ask.css` is the widget's stylesheet for a page (`stylesheet.rs`).
//!
//! Every page: no script at all, `Content-Security-Policy` allowing only its stylesheet
//! and forms to itself, never framed (the embed opens it in the top window).

mod fields;
mod page;
mod stylesheet;
mod words;

use askama::Template;
use axum::body::{to_bytes, Body};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use elders_core::Lang;
use serde::Deserialize;

use self::fields::{recorded_page, Fields};
use self::page::{MessagePage, Problems, Standing};
use self::words::words;
use super::language::language;
use super::questions::{ask, has_content_type, is_usable_key, NotStored};
use super::state::AppState;
use crate::client::Client;
use crate::error::{too_many_message, Contribution};

pub use self::stylesheet::get as stylesheet;

/// The pages' policy: their own stylesheet, forms to themselves, nothing else.
const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Largest form accepted: a 2,000-character question, percent-encoded (up to 12 bytes a
/// character), with the other fields, and room to spare.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// `GET /ask`: a new form, under a fresh key.
pub async fn form(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let Some(key) = fresh_key() else {
        return failed(language(&headers));
    };
    let mut fields = Fields::from_link(&query, key);
    let referer = headers.get(header::REFERER).and_then(|v| v.to_str().ok());
    fields.page_url = recorded_page(fields.page_url.as_deref(), referer, |origin| {
        state.origins.may_post(origin, host(&headers))
    });
    let body = page::form(&fields, Problems::None, state.mail.is_some()).render();
    // Not `no-store`: the back button must bring back this very form, with its key, so
    // that sending it again finds the question it stored. It holds nothing personal.
    html(StatusCode::OK, body, "private, no-cache")
}

/// `POST /ask`: stores the question as `POST /api/questions` does, or shows why not.
pub async fn submit(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if crate::security::from_another_site(&headers) {
        tracing::info!("question form refused: posted from another site");
        let lang = language(&headers);
        let w = words(lang);
        return message(
            StatusCode::FORBIDDEN,
            lang,
            w.cross_site,
            Some(form_url(lang, &[])),
        );
    }
    let is_form = has_content_type(&headers, "application/x-www-form-urlencoded");
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) if is_form => bytes,
        Ok(_) => return unreadable(StatusCode::UNSUPPORTED_MEDIA_TYPE, &headers),
        Err(_) => return unreadable(StatusCode::PAYLOAD_TOO_LARGE, &headers),
    };
    let mut fields = Fields::from_body(&bytes);
    let lang = fields.lang;
    fields.page_url = recorded_page(fields.page_url.as_deref(), None, |origin| {
        state.origins.may_post(origin, host(&headers))
    });
    let mail = state.mail.is_some();
    if !is_usable_key(&fields.key) {
        return again_with_a_new_key(
            fields,
            StatusCode::BAD_REQUEST,
            words(lang).incomplete,
            mail,
        );
    }
    match ask(&state, client, &fields.key, &fields.input(), lang).await {
        Ok(stored) => Redirect::to(&sent_url(&stored.id, lang)).into_response(),
        Err(NotStored::Invalid(errors)) => {
            let body = page::form(&fields, Problems::Fields(&errors), mail).render();
            html(StatusCode::UNPROCESSABLE_ENTITY, body, "no-store")
        }
        Err(NotStored::RateLimited(seconds)) => {
            let notice = too_many_message(seconds, Contribution::Question, lang);
            let body = page::form(&fields, Problems::Form(notice), mail).render();
            let mut response = html(StatusCode::TOO_MANY_REQUESTS, body, "no-store");
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            response
        }
        Err(NotStored::KeyReused) => {
            again_with_a_new_key(fields, StatusCode::CONFLICT, words(lang).key_reused, mail)
        }
        Err(NotStored::Failed) => {
            let notice = words(lang).failed.to_string();
            let body = page::form(&fields, Problems::Form(notice), mail).render();
            html(StatusCode::INTERNAL_SERVER_ERROR, body, "no-store")
        }
    }
}

/// The form again with the reader's input and a new key, saying `notice`: the key it had
/// cannot store this question (it was missing, or stored another one already).
fn again_with_a_new_key(
    mut fields: Fields,
    status: StatusCode,
    notice: &str,
    mail: bool,
) -> Response {
    let Some(key) = fresh_key() else {
        return failed(fields.lang);
    };
    fields.key = key;
    let body = page::form(&fields, Problems::Form(notice.to_string()), mail).render();
    html(status, body, "no-store")
}

#[derive(Debug, Deserialize)]
pub struct SentParams {
    lang: Option<String>,
}

/// `GET /ask/sent/{id}`: the confirmation of a stored question.
pub async fn sent(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(params): Query<SentParams>,
) -> Response {
    let lang = params
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_default();
    let question = match state.questions.get(&id).await {
        Ok(Some(question)) => question,
        Ok(None) => {
            return message(
                StatusCode::NOT_FOUND,
                lang,
                words(lang).not_found,
                Some(form_url(lang, &[])),
            )
        }
        Err(e) => {
            tracing::error!(%e, "question form: confirmation");
            return failed(lang);
        }
    };
    let standing = if question.status == crate::store::Status::Pending {
        Standing::Pending
    } else if question.is_visible() {
        Standing::Public(format!("/questions/{}", question.id))
    } else {
        Standing::Neither
    };
    let another = form_url(lang, &question.topics);
    let body = page::sent(lang, standing, question.notify, another).render();
    html(StatusCode::OK, body, "private, no-cache")
}

/// The confirmation's address: the question's public id and the language, nothing the
/// asker typed and no key.
fn sent_url(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Nl => format!("/ask/sent/{id}"),
        Lang::En => format!("/ask/sent/{id}?lang=en"),
    }
}

/// A new form on `topics`, in `lang`.
fn form_url(lang: Lang, topics: &[String]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if !topics.is_empty() {
        query.append_pair("topics", &topics.join(","));
    }
    if lang == Lang::En {
        query.append_pair("lang", "en");
    }
    let query = query.finish();
    if query.is_empty() {
        "/ask".to_string()
    } else {
        format!("/ask?{query}")
    }
}

/// The host the request was sent to, for "this server's own origin".
fn host(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// A key for one rendering of the form: 128 random bits, with a prefix that says where
/// it came from (the widget's keys are UUIDs).
fn fresh_key() -> Option<String> {
    let mut bytes = [0u8; 16];
    if let Err(error) = getrandom::fill(&mut bytes) {
        tracing::error!(%error, "question form: no random key");
        return None;
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Some(format!("form-{hex}"))
}

/// A body that is no form, or too large: nothing was stored.
fn unreadable(status: StatusCode, headers: &HeaderMap) -> Response {
    let lang = language(headers);
    message(
        status,
        lang,
        words(lang).unreadable,
        Some(form_url(lang, &[])),
    )
}

/// A page that says why, with a link back to the form.
fn message(
    status: StatusCode,
    lang: Lang,
    (title, message): (&'static str, &'static str),
    back: Option<String>,
) -> Response {
    let body = MessagePage {
        lang: lang.tag(),
        title,
        message,
        back: back.map(|url| (words(lang).to_the_form, url)),
    }
    .render();
    html(status, body, "no-store")
}

/// The store or the random source failed before a page could be shown (the cause is
/// logged where it happened).
fn failed(lang: Lang) -> Response {
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        lang,
        words(lang).unavailable,
        None,
    )
}

/// A page of the form: under its policy, not indexed, cached as `cache` says.
fn html(status: StatusCode, body: Result<String, askama::Error>, cache: &'static str) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(%e, "question form: template");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::HeaderName::from_static("x-robots-tag"), "noindex"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fresh_and_usable() {
        let (a, b) = (fresh_key().unwrap(), fresh_key().unwrap());
        assert_ne!(a, b);
        assert!(is_usable_key(&a), "{a}");
        assert_eq!(a.len(), "form-".len() + 32);
    }

    #[test]
    fn the_confirmation_and_the_next_form_carry_no_secret() {
        assert_eq!(sent_url("q1", Lang::Nl), "/ask/sent/q1");
        assert_eq!(sent_url("q1", Lang::En), "/ask/sent/q1?lang=en");
        assert_eq!(
            form_url(Lang::En, &["spraak & taal".into(), "klantcontact".into()]),
            "/ask?topics=spraak+%26+taal%2Cklantcontact&lang=en"
        );
        assert_eq!(form_url(Lang::Nl, &[]), "/ask");
    }
}
