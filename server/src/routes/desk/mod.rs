//! `/admin`: the moderators' desk (`docs/architecture.md` §9), server-rendered pages that
//! a community manager opens every morning: sign in (a personal one-time link from
//! `elders moderators add`, or the admin token), the queues of pending questions and
//! answers, oldest first, each with its context, decided one by one or in bulk, with a
//! reason for a refusal that goes to the asker; the items readers reported
//! (`reported.rs`); and the audit log.
//!
//! Every action works without JavaScript: plain forms, `303` back to the queue. Sessions
//! are an HttpOnly, SameSite=Strict cookie (`Secure` when `--public-url` is `https:`),
//! kept in the database and ended after 8 idle hours or `elders moderators remove`; every
//! `POST` carries the session's CSRF token and is refused from another site; sign-in
//! attempts count against the same per-client limit as wrong admin tokens. A decision on
//! an item someone else already decided changes nothing and says who did what, when.
//! One question's own page, with what is done to a question one at a time, is in
//! `item.rs`.
//! The weekly overview (`overview.rs`) counts questions and answers per week and theme.

mod item;
pub mod overview;
mod reported;
mod session;
mod words;

pub use self::item::{act as act_on_item, item};

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use elders_core::Lang;
use serde::Deserialize;

use self::session::{cookie, signed_in, SIGN_IN_FAILURES};
use self::words::{words, Words};
use super::state::AppState;
use crate::client::Client;
use crate::store::{
    Actor, AnswerStatus, AuditEntry, LinkUse, Moderated, ReportDecision, Session, Status,
    StoredQuestion,
};

pub use self::reported::reported;

/// Most items a queue shows at once.
const QUEUE_LIMIT: u32 = 200;

/// The desk's policy: its own stylesheet, forms to itself.
const CSP: &str = "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// `?lang=en`, and the confirmation of the last action.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    lang: Option<String>,
    link: Option<String>,
    done: Option<String>,
    n: Option<u32>,
}

impl Params {
    fn lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::from_tag)
            .unwrap_or_default()
    }
}

/// The query that keeps the language on every link and form.
fn lang_query(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "",
        Lang::En => "?lang=en",
    }
}

/// The navigation of a signed-in page.
struct Nav {
    questions: i64,
    answers: i64,
    reported: i64,
    csrf: String,
    actor: String,
}

/// What every page of the desk has.
struct Page {
    lang: &'static str,
    title: String,
    w: &'static Words,
    nav: Option<Nav>,
    current: &'static str,
    query: &'static str,
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "desk/sign_in.html")]
struct SignInPage {
    page: Page,
    link: Option<String>,
}

/// One item of a queue.
struct Item {
    id: String,
    /// The question it is or answers: its page is linked.
    question_id: String,
    context: Option<String>,
    text: String,
    meta: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "desk/queue.html")]
struct QueuePage {
    page: Page,
    /// What the queue's buttons do, when it is not what they say.
    intro: Option<&'static str>,
    /// The label of each item's reason field.
    reason_label: &'static str,
    items: Vec<Item>,
    action: String,
    csrf: String,
}

/// An audit entry as the log shows it.
struct LogRow {
    created_at: String,
    actor: String,
    action: &'static str,
    item: String,
    /// The question's page on the desk.
    question_id: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "desk/log.html")]
struct LogPage {
    page: Page,
    entries: Vec<LogRow>,
}

#[derive(Template)]
#[template(path = "desk/message.html")]
struct MessagePage {
    page: Page,
    lines: Vec<String>,
    back: String,
}

/// `GET /admin`: the questions queue when signed in, else the sign-in page.
pub async fn home(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    match signed_in(&state, &headers).await {
        Ok(_) => Redirect::to(&format!("/admin/questions{}", lang_query(lang))).into_response(),
        Err(_) => sign_in_page(lang, None, None),
    }
}

/// `GET /admin/sign-in?link=…`: the page with one button that uses the link. Opening the
/// link signs nobody in (mail scanners open links), the button's `POST` does.
pub async fn sign_in_form(Query(params): Query<Params>) -> Response {
    sign_in_page(params.lang(), params.link.clone(), None)
}

fn sign_in_page(lang: Lang, link: Option<String>, message: Option<String>) -> Response {
    let w = words(lang);
    let status = if message.is_some() {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::OK
    };
    html(
        status,
        SignInPage {
            page: Page {
                lang: lang.tag(),
                title: w.sign_in_title.into(),
                w,
                nav: None,
                current: "",
                query: lang_query(lang),
                message,
            },
            link,
        }
        .render(),
    )
}

#[derive(Debug, Deserialize)]
pub struct SignIn {
    token: Option<String>,
    link: Option<String>,
}

/// `POST /admin/sign-in`: a sign-in link or the admin token; a session cookie and the
/// queue, or the sign-in page again saying it did not work.
pub async fn sign_in(
    State(state): State<AppState>,
    client: Client,
    Query(params): Query<Params>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<SignIn>,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let key = format!("{SIGN_IN_FAILURES}{}", client.rate_key());
    match state.admin_failures.is_over(&key).await {
        Ok(Ok(())) => {}
        Ok(Err(_)) => return sign_in_page(lang, None, Some(w.too_many.into())),
        Err(e) => return internal(e),
    }
    if crate::security::from_another_site(&headers) {
        return sign_in_page(lang, None, Some(w.sign_in_failed.into()));
    }
    let session = match (form.link.as_deref(), form.token.as_deref()) {
        (Some(link), _) => match state.moderators.use_link(link.trim()).await {
            Ok(LinkUse::SignedIn(session)) => Some(session),
            Ok(_) => None,
            Err(e) => return internal(e),
        },
        (None, Some(token)) => match state.admin_token.as_deref() {
            Some(expected)
                if crate::routes::admin::constant_time_eq(
                    token.trim().as_bytes(),
                    expected.as_bytes(),
                ) =>
            {
                match state.moderators.open_session(None, "admin").await {
                    Ok(session) => Some(session),
                    Err(e) => return internal(e),
                }
            }
            _ => None,
        },
        (None, None) => None,
    };
    let Some(session) = session else {
        tracing::warn!(client = %client.0, "failed sign-in to the moderators' desk");
        if let Err(e) = state.admin_failures.check(&key).await {
            return internal(e);
        }
        return sign_in_page(lang, None, Some(w.sign_in_failed.into()));
    };
    let mut response =
        Redirect::to(&format!("/admin/questions{}", lang_query(lang))).into_response();
    let secure = state
        .public_url
        .as_deref()
        .is_some_and(|u| u.starts_with("https:"));
    if let Ok(value) = cookie(&session, secure).parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// The form fields of a `POST`, repeated keys (the selected items) included.
struct Fields(Vec<(String, String)>);

impl Fields {
    fn parse(body: &Bytes) -> Fields {
        Fields(
            url::form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// The session of a `POST` whose CSRF token is right and which came from the desk itself;
/// otherwise the page that says nothing changed.
async fn checked_post(
    state: &AppState,
    headers: &HeaderMap,
    fields: &Fields,
    lang: Lang,
) -> Result<Session, Response> {
    let w = words(lang);
    let refused = || {
        message_page(
            StatusCode::FORBIDDEN,
            lang,
            w.not_allowed,
            vec![w.not_allowed_explained.into()],
            format!("/admin{}", lang_query(lang)),
        )
    };
    if crate::security::from_another_site(headers) {
        return Err(refused());
    }
    let session = signed_in(state, headers).await.map_err(|_| refused())?;
    let given = fields.get("csrf").unwrap_or_default();
    if !crate::routes::admin::constant_time_eq(given.as_bytes(), session.csrf.as_bytes()) {
        return Err(refused());
    }
    Ok(session)
}

/// `POST /admin/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = params.lang();
    let fields = Fields::parse(&body);
    if let Err(refused) = checked_post(&state, &headers, &fields, lang).await {
        return refused;
    }
    if let Some(id) = session::cookie_value(&headers) {
        if let Err(e) = state.moderators.close_session(&id).await {
            return internal(e);
        }
    }
    let mut response = Redirect::to(&format!("/admin{}", lang_query(lang))).into_response();
    if let Ok(value) = session::expired_cookie().parse() {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

async fn nav(state: &AppState, session: &Session) -> Result<Nav, Response> {
    let questions = state
        .questions
        .count(Status::Pending)
        .await
        .map_err(internal)?;
    let answers = state
        .answers
        .count(AnswerStatus::Pending)
        .await
        .map_err(internal)?;
    let reported = state.reports.count_open_items().await.map_err(internal)?;
    Ok(Nav {
        questions,
        answers,
        reported,
        csrf: session.csrf.clone(),
        actor: session.actor.clone(),
    })
}

/// The confirmation of the last action, from `?done=…&n=…` (only known words and a
/// number come from the URL).
fn done_message(params: &Params, lang: Lang) -> Option<String> {
    let n = params.n.unwrap_or(1);
    let what = words::action(lang, params.done.as_deref()?);
    // "item" is the same word in both languages.
    Some(format!(
        "{n} {} {what}.",
        if n == 1 { "item" } else { "items" }
    ))
}

/// `GET /admin/questions`: pending questions, oldest first.
pub async fn questions(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let session = match signed_in(&state, &headers).await {
        Ok(session) => session,
        Err(redirect) => return redirect,
    };
    let mut pending = match state.questions.list(&[Status::Pending], QUEUE_LIMIT).await {
        Ok(q) => q,
        Err(e) => return internal(e),
    };
    pending.reverse();
    let items = pending.iter().map(|q| question_item(q, w)).collect();
    queue_page(&state, session, &params, "questions", items).await
}

/// A queue's page: `queue` is `questions`, `answers` or `reported`, its path and its name
/// in the navigation.
async fn queue_page(
    state: &AppState,
    session: Session,
    params: &Params,
    queue: &'static str,
    items: Vec<Item>,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let nav = match nav(state, &session).await {
        Ok(nav) => nav,
        Err(e) => return e,
    };
    let title = match queue {
        "questions" => format!("{} ({})", w.pending_questions, nav.questions),
        "answers" => format!("{} ({})", w.pending_answers, nav.answers),
        _ => format!("{} ({})", w.reported_title, nav.reported),
    };
    let (intro, reason_label) = match queue {
        "reported" => (Some(w.reported_explained), w.reported_reason),
        _ => (None, w.reason),
    };
    html(
        StatusCode::OK,
        QueuePage {
            page: Page {
                lang: lang.tag(),
                title,
                w,
                nav: Some(nav),
                current: queue,
                query: lang_query(lang),
                message: done_message(params, lang),
            },
            intro,
            reason_label,
            items,
            action: format!("/admin/{queue}{}", lang_query(lang)),
            csrf: session.csrf,
        }
        .render(),
    )
}

/// A question's context as the desk shows it: topics, where and by whom it was asked, and
/// when.
fn question_meta(q: &StoredQuestion, w: &Words) -> Vec<(&'static str, String)> {
    let mut meta = Vec::new();
    if !q.topics.is_empty() {
        meta.push((w.topics, q.topics.join(", ")));
    }
    for (label, value) in [
        (w.page, &q.page_url),
        (w.organisation, &q.organisation),
        (w.name, &q.name),
        (w.email, &q.email),
    ] {
        if let Some(value) = value {
            meta.push((label, value.clone()));
        }
    }
    meta.push((w.asked, q.created_at.clone()));
    meta
}

fn question_item(q: &StoredQuestion, w: &Words) -> Item {
    let meta = question_meta(q, w);
    Item {
        id: q.id.clone(),
        question_id: q.id.clone(),
        context: None,
        text: q.question.clone(),
        meta,
    }
}

/// `GET /admin/answers`: pending answers, oldest first, each with its question.
pub async fn answers(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let session = match signed_in(&state, &headers).await {
        Ok(session) => session,
        Err(redirect) => return redirect,
    };
    let mut pending = match state.answers.list(AnswerStatus::Pending, QUEUE_LIMIT).await {
        Ok(a) => a,
        Err(e) => return internal(e),
    };
    pending.reverse();
    let mut items = Vec::with_capacity(pending.len());
    for a in &pending {
        let question = match state.questions.get(&a.question_id).await {
            Ok(q) => q,
            Err(e) => return internal(e),
        };
        let mut meta = Vec::new();
        for (label, value) in [
            (w.link, &a.url),
            (w.organisation, &a.organisation),
            (w.name, &a.name),
            (w.email, &a.email),
        ] {
            if let Some(value) = value {
                meta.push((label, value.clone()));
            }
        }
        meta.push((w.asked, a.created_at.clone()));
        items.push(Item {
            id: a.id.clone(),
            question_id: a.question_id.clone(),
            context: question.map(|q| format!("{}: {}", w.answers_question, q.question)),
            text: a.answer.clone(),
            meta,
        });
    }
    queue_page(&state, session, &params, "answers", items).await
}

/// Which items a queue's form decides, and how: one item's own button
/// (`decide=approve:ID`), or the bulk buttons with the selected items.
fn decisions(fields: &Fields) -> Option<(bool, Vec<String>)> {
    if let Some((action, id)) = fields.get("decide").and_then(|d| d.split_once(':')) {
        return Some((action == "approve", vec![id.to_string()]));
    }
    let approve = match fields.get("bulk")? {
        "approve" => true,
        "reject" => false,
        _ => return None,
    };
    let ids: Vec<String> = fields.all("id").into_iter().map(String::from).collect();
    Some((approve, ids))
}

/// `POST /admin/questions`: approve or reject one question or the selected ones.
pub async fn decide_questions(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    decide(state, params, headers, body, "questions").await
}

/// `POST /admin/reported`: keep (approve) or take down (reject) one reported item or the
/// selected ones.
pub async fn decide_reported(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    decide(state, params, headers, body, "reported").await
}

/// `POST /admin/answers`: approve or reject one answer or the selected ones.
pub async fn decide_answers(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    decide(state, params, headers, body, "answers").await
}

async fn decide(
    state: AppState,
    params: Params,
    headers: HeaderMap,
    body: Bytes,
    queue: &'static str,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let fields = Fields::parse(&body);
    let session = match checked_post(&state, &headers, &fields, lang).await {
        Ok(session) => session,
        Err(refused) => return refused,
    };
    let back = format!("/admin/{queue}{}", lang_query(lang));
    let Some((approve, ids)) = decisions(&fields).filter(|(_, ids)| !ids.is_empty()) else {
        return message_page(
            StatusCode::BAD_REQUEST,
            lang,
            w.not_allowed,
            vec![w.nothing_selected.into()],
            back,
        );
    };
    let actor = Actor(&session.actor);
    // Each item's text as the moderator left it; checked by core's rules before anything
    // is decided, so that one bad edit changes nothing at all.
    let mut edits = Vec::with_capacity(ids.len());
    let mut kinds = Vec::with_capacity(ids.len());
    for id in &ids {
        let kind = match queue {
            "reported" => match reported::kind(&state, id).await {
                Ok(kind) => kind,
                Err(e) => return internal(e),
            },
            queue => queue,
        };
        kinds.push(kind);
        let edited = fields
            .get(&format!("text-{id}"))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(text) = edited {
            if let Some(problem) = edit_problem(kind, text, lang) {
                return message_page(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    lang,
                    w.not_allowed,
                    vec![problem],
                    back,
                );
            }
        }
        edits.push(edited);
    }
    let mut done = 0;
    let mut handled_before = Vec::new();
    for ((id, edited), kind) in ids.iter().zip(edits).zip(kinds) {
        let reason = fields.get(&format!("reason-{id}"));
        let outcome = if queue == "reported" {
            let decision = if approve {
                ReportDecision::Keep(edited)
            } else {
                ReportDecision::Refuse(reason)
            };
            state.reports.decide(id, decision, actor).await
        } else if queue == "questions" {
            let status = if approve {
                Status::Approved
            } else {
                Status::Rejected
            };
            state
                .questions
                .decide(id, status, reason, actor, Some(Status::Pending), edited)
                .await
        } else {
            let status = if approve {
                AnswerStatus::Approved
            } else {
                AnswerStatus::Rejected
            };
            state
                .answers
                .decide(id, status, actor, Some(AnswerStatus::Pending), edited)
                .await
        };
        match outcome {
            Ok(Moderated::Done) => done += 1,
            Ok(Moderated::AlreadyDecided | Moderated::NotFound) => {
                handled_before.push(who_decided(&state, kind, id, lang).await)
            }
            Err(e) => return internal(e),
        }
    }
    if !handled_before.is_empty() {
        let mut lines = vec![w.already_decided.to_string()];
        lines.extend(handled_before);
        return message_page(StatusCode::CONFLICT, lang, w.not_allowed, lines, back);
    }
    let separator = if lang_query(lang).is_empty() {
        '?'
    } else {
        '&'
    };
    let action = if approve { "approve" } else { "reject" };
    Redirect::to(&format!("{back}{separator}done={action}&n={done}")).into_response()
}

/// What is wrong with a moderator's edited text, by the same rules as the form's.
fn edit_problem(kind: &str, text: &str, lang: Lang) -> Option<String> {
    use elders_core::{AnswerInput, QuestionField, QuestionInput};
    let errors = if kind == "questions" {
        QuestionInput {
            question: text.into(),
            ..QuestionInput::default()
        }
        .validate()
        .err()
    } else {
        AnswerInput {
            answer: text.into(),
            ..AnswerInput::default()
        }
        .validate()
        .err()
    };
    errors?
        .into_iter()
        .find(|e| matches!(e.field, QuestionField::Question | QuestionField::Answer))
        .map(|e| e.message(lang))
}

/// "'text' — approved by NAME at TIME", from the audit log, for an item (of `kind`
/// `questions` or `answers`) someone else decided first.
async fn who_decided(state: &AppState, kind: &str, id: &str, lang: Lang) -> String {
    let (question_id, answer_id, text) = if kind == "questions" {
        let text = state
            .questions
            .get(id)
            .await
            .ok()
            .flatten()
            .map(|q| q.question);
        (id.to_string(), None, text)
    } else {
        match state.answers.get(id).await.ok().flatten() {
            Some(a) => (a.question_id.clone(), Some(id.to_string()), Some(a.answer)),
            None => (String::new(), None, None),
        }
    };
    let Some(text) = text else {
        return match lang {
            Lang::Nl => format!("{id}: bestaat niet meer."),
            Lang::En => format!("{id}: no longer exists."),
        };
    };
    let short: String = text.chars().take(80).collect();
    let last: Option<AuditEntry> = state
        .audit
        .last_for(&question_id, answer_id.as_deref())
        .await
        .ok()
        .flatten();
    match (last, lang) {
        (Some(e), Lang::Nl) => format!(
            "“{short}”: {} door {} op {}.",
            words::action(lang, &e.action),
            e.actor,
            e.created_at
        ),
        (Some(e), Lang::En) => format!(
            "“{short}”: {} by {} at {}.",
            words::action(lang, &e.action),
            e.actor,
            e.created_at
        ),
        (None, Lang::Nl) => format!("“{short}”: wacht niet meer op een besluit."),
        (None, Lang::En) => format!("“{short}”: no longer waits for a decision."),
    }
}

/// `GET /admin/log`: the newest entries of the audit log.
pub async fn log(
    State(state): State<AppState>,
    Query(params): Query<Params>,
    headers: HeaderMap,
) -> Response {
    let lang = params.lang();
    let w = words(lang);
    let session = match signed_in(&state, &headers).await {
        Ok(session) => session,
        Err(redirect) => return redirect,
    };
    let entries = match state.audit.recent(500).await {
        Ok(entries) => entries,
        Err(e) => return internal(e),
    };
    let entries = entries
        .into_iter()
        .map(|e| LogRow {
            created_at: e.created_at,
            actor: e.actor,
            action: words::action(lang, &e.action),
            item: match e.answer_id {
                Some(answer) => format!("{} {answer}", w.pending_answers),
                None => format!("{} {}", w.pending_questions, e.question_id),
            },
            detail: e.detail.unwrap_or_default(),
            question_id: e.question_id,
        })
        .collect();
    let nav = match nav(&state, &session).await {
        Ok(nav) => nav,
        Err(e) => return e,
    };
    html(
        StatusCode::OK,
        LogPage {
            page: Page {
                lang: lang.tag(),
                title: w.log.into(),
                w,
                nav: Some(nav),
                current: "log",
                query: lang_query(lang),
                message: None,
            },
            entries,
        }
        .render(),
    )
}

/// `GET /admin/desk.css`.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../../templates/desk/desk.css"),
    )
}

fn message_page(
    status: StatusCode,
    lang: Lang,
    title: &str,
    lines: Vec<String>,
    back: String,
) -> Response {
    let w = words(lang);
    html(
        status,
        MessagePage {
            page: Page {
                lang: lang.tag(),
                title: title.into(),
                w,
                nav: None,
                current: "",
                query: lang_query(lang),
                message: None,
            },
            lines,
            back,
        }
        .render(),
    )
}

fn internal(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "the moderators' desk failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong; try again later.",
    )
        .into_response()
}

/// A desk page: never cached (it holds personal details and the CSRF token), not indexed,
/// under the desk's policy.
fn html(status: StatusCode, body: Result<String, askama::Error>) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(e) => return internal(e),
    };
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
