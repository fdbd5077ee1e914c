//! `GET /embed`: the widget's cards as a plain page for an `<iframe>`, for intranets
//! whose CMS allows no script on a page but does allow frames from listed hosts
//! (SharePoint Online's Embed web part, for one). `docs/architecture.md` ("Embedding
//! without a script") has the whole picture.
//!
//! The same cards as the widget: the query string (`params.rs`) becomes core's
//! `PageContext`, ranked with core's index for the feed as served now (the snapshot's,
//! built once per feed version with its pack), the reader's own organisation left out; each card says what the
//! widget's card says (`view.rs`), in its words (`words.rs`) and its look (`style.rs`).
//! Below the cards: a link to ask a question on this server (`/ask`, with the same topics,
//! organisation and language) and the published questions on the page's topics with their
//! published answers, each linking to its public page.
//!
//! The page runs no script and allows none (`script-src 'none'`). Who may frame it is
//! the `--allow-origin` list (`frame-ancestors`, `OriginPolicy::frame_ancestors`), so it
//! is sent without the `X-Frame-Options: DENY` every other response has
//! (`security::Frameable`). Every link opens in the top window (`target="_top"`): a
//! project's page inside a small frame would be of no use. The page is cached briefly and
//! revalidated: its ETag changes with the feed, the request, the day (the recency
//! preference) and the questions and answers shown, so a newly published answer shows.
//! The questions on a set of topics and each page as written are kept between
//! requests (`kept.rs`): a frame opened again costs neither a query nor a ranking.

mod kept;
mod params;
mod style;
mod view;
mod words;

use std::sync::Arc;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::rank::RankOptions;
use elders_core::text::phrase_key;
use elders_core::PageContext;
use sha2::{Digest, Sha256};

pub use self::kept::Kept;
pub use self::style::get as stylesheet;

use self::params::{error_lang, EmbedRequest};
use self::view::{page_title, Card, EmbedPage, ErrorPage, Question};
use self::words::words;
use super::state::AppState;
use crate::security::Frameable;
use crate::store::{Status, StoreError, StoredAnswer, StoredQuestion};

use self::kept::Questions;

/// Most questions shown below the cards.
const QUESTIONS_SHOWN: usize = 5;
/// The newest published questions looked among for those on the page's topics, as
/// `GET /api/questions?topics=…` does.
const QUESTIONS_SCANNED: u32 = 1_000;
/// Cached briefly by the browser and any cache between, then revalidated with the ETag:
/// a new answer or feed shows within a minute.
const CACHE_CONTROL: &str = "public, max-age=60, must-revalidate";
/// Changes when the page's markup does, so that no cache keeps an old page for a new
/// server.
const MARKUP_VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), "/1");
const DAY_SECONDS: i64 = 86_400;

/// The page's policy: its stylesheet, no script, framed only by `frame_ancestors`.
fn content_security_policy(frame_ancestors: &str) -> String {
    format!(
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; \
         base-uri 'none'; form-action 'none'; frame-ancestors {frame_ancestors}"
    )
}

pub async fn get(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    let csp = content_security_policy(&state.origins.frame_ancestors());
    let request = match EmbedRequest::parse(&query) {
        Ok(request) => request,
        Err(error) => {
            let lang = error_lang(&query);
            let page = ErrorPage {
                w: words(lang),
                lang: lang.tag(),
                message: error.message(lang),
            };
            return page_response(
                StatusCode::BAD_REQUEST,
                &csp,
                "no-store",
                None,
                page.render(),
            );
        }
    };
    let questions = match questions_on(&state, &request.topics).await {
        Ok(questions) => questions,
        Err(e) => {
            tracing::error!(%e, "/embed: the questions could not be read");
            return page_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &csp,
                "no-store",
                None,
                Ok(String::new()),
            );
        }
    };
    let snapshot = state.feed.current();
    // The recency preference moves once a day, so the ranking (and the ETag) can too.
    let today = time::OffsetDateTime::now_utc()
        .unix_timestamp()
        .div_euclid(DAY_SECONDS);
    let canonical = request.canonical();
    let etag = etag(&snapshot.etag, &canonical, today, &questions);
    if if_none_match(&headers, &etag) {
        return page_response(
            StatusCode::NOT_MODIFIED,
            &csp,
            CACHE_CONTROL,
            Some(&etag),
            Ok(String::new()),
        );
    }
    if let Some(page) = state.embed.page(&canonical, &etag) {
        return page_response(StatusCode::OK, &csp, CACHE_CONTROL, Some(&etag), Ok(page));
    }
    let indexed = snapshot.indexed.clone();
    let page = PageContext {
        topics: request.topics.clone(),
        title: request.title.clone(),
        ..PageContext::default()
    };
    let ranked = indexed.index.rank(
        &indexed.index.query(&page),
        &RankOptions {
            exclude_organisation: request.organisation.as_deref(),
            now: Some(today * DAY_SECONDS),
            limit: request.limit,
        },
    );
    let cards = ranked
        .iter()
        .map(|r| Card::new(&indexed.items[r.index], r, request.lang))
        .collect();
    let page = EmbedPage {
        w: words(request.lang),
        lang: request.lang.tag(),
        theme: request.theme.as_str(),
        title: page_title(&request),
        cards,
        ask_query: request.ask_query(),
        questions: questions
            .iter()
            .map(|(q, answers)| Question::new(q, answers))
            .collect(),
    };
    page_response(
        StatusCode::OK,
        &csp,
        CACHE_CONTROL,
        Some(&etag),
        page.render(),
    )
}

/// The published questions (neither hidden by reports nor marked as asked before) that
/// share a topic with the page, newest first, with their published answers: what
/// `GET /api/questions?topics=…` lists. None without topics. Read again from the database
/// only when the kept ones are older than `kept::QUESTIONS_FRESH_FOR`.
async fn questions_on(state: &AppState, topics: &[String]) -> Result<Questions, StoreError> {
    if topics.is_empty() {
        return Ok(Questions::default());
    }
    let mut wanted: Vec<String> = topics.iter().map(|t| phrase_key(t)).collect();
    wanted.sort();
    wanted.dedup();
    let key = wanted.join("\u{1e}");
    if let Some(kept) = state.embed.questions(&key) {
        return Ok(kept);
    }
    let shares_a_topic = |topics: &[String]| topics.iter().any(|t| wanted.contains(&phrase_key(t)));
    let listed = state
        .questions
        .list_by_topics(
            &[Status::Approved, Status::Answered],
            QUESTIONS_SCANNED,
            QUESTIONS_SHOWN,
            shares_a_topic,
        )
        .await?;
    let ids: Vec<&str> = listed.iter().map(|q| q.id.as_str()).collect();
    let mut answers = state.answers.published_for(&ids).await?;
    let questions: Questions = Arc::new(
        listed
            .into_iter()
            .map(|q| {
                let a = answers.remove(&q.id).unwrap_or_default();
                (q, a)
            })
            .collect(),
    );
    state.embed.keep_questions(&key, questions.clone());
    Ok(questions)
}

/// A strong ETag over everything the page is made of: the feed's version, the request
/// (in its canonical form), the day, and each shown question's and answer's state.
fn etag(
    feed: &str,
    canonical_request: &str,
    today: i64,
    questions: &[(StoredQuestion, Vec<StoredAnswer>)],
) -> String {
    let mut hash = Sha256::new();
    for part in [MARKUP_VERSION, feed, canonical_request, &today.to_string()] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    for (q, answers) in questions {
        for part in [q.id.as_str(), &q.updated_at, q.status.as_str()] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        for a in answers {
            for part in [
                a.id.as_str(),
                &a.updated_at,
                if a.accepted { "1" } else { "0" },
            ] {
                hash.update(part.as_bytes());
                hash.update([0]);
            }
        }
        hash.update([1]);
    }
    let digest = hash.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"embed-{hex}\"")
}

/// Whether `If-None-Match` names `etag` (or `*`).
fn if_none_match(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == etag || t == "*")
}

/// The page with its headers: its own policy (which lets the listed intranets frame
/// it), never `X-Frame-Options` ([`Frameable`]).
fn page_response(
    status: StatusCode,
    csp: &str,
    cache_control: &'static str,
    etag: Option<&str>,
    body: Result<impl Into<Bytes>, askama::Error>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(%e, "/embed could not be rendered");
            return page_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                csp,
                "no-store",
                None,
                Ok(Bytes::new()),
            );
        }
    };
    let mut response = (status, body.into()).into_response();
    let h = response.headers_mut();
    if status != StatusCode::NOT_MODIFIED {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    if let Ok(csp) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    if let Some(etag) = etag.and_then(|e| HeaderValue::from_str(e).ok()) {
        h.insert(header::ETAG, etag);
    }
    response.extensions_mut().insert(Frameable);
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_no_script_and_names_the_framers() {
        let csp = content_security_policy("'none'");
        assert!(csp.contains("script-src 'none'"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
        assert!(content_security_policy("https://intranet.example")
            .ends_with("frame-ancestors https://intranet.example"));
    }

    #[test]
    fn the_etag_follows_the_request_and_the_day() {
        let a = EmbedRequest::parse("topics=spraak").unwrap().canonical();
        let b = EmbedRequest::parse("topics=water").unwrap().canonical();
        assert_eq!(etag("\"f\"", &a, 1, &[]), etag("\"f\"", &a, 1, &[]));
        assert_ne!(etag("\"f\"", &a, 1, &[]), etag("\"f\"", &b, 1, &[]));
        assert_ne!(etag("\"f\"", &a, 1, &[]), etag("\"g\"", &a, 1, &[]));
        assert_ne!(etag("\"f\"", &a, 1, &[]), etag("\"f\"", &a, 2, &[]));
    }

    #[test]
    fn if_none_match_accepts_lists_and_weak_tags() {
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_NONE_MATCH,
            "\"x\", W/\"embed-1\"".parse().unwrap(),
        );
        assert!(if_none_match(&h, "\"embed-1\""));
        assert!(!if_none_match(&h, "\"embed-2\""));
    }
}
