//! [`AppState`]: what every handler may reach. It lives apart from the router so that the
//! handlers depend on it and the router depends on the handlers, never the other way round.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::FromRef;

use crate::client::TrustedProxies;
use crate::cors::OriginPolicy;
use crate::federation::FeedHub;
use crate::mail::MailSettings;
use crate::rate_limit::RateLimiter;
use crate::store::{
    AnswerStatus, AnswerStore, AuditLog, Database, ManageKeys, Moderators, QuestionStore,
    ReportStore, Status,
};

/// Everything a request may need, cloned cheaply into each handler.
#[derive(Clone)]
pub struct AppState {
    /// The merged feed and its sources.
    pub feed: Arc<FeedHub>,
    /// The database, for `/healthz`.
    pub database: Database,
    /// Questions.
    pub questions: QuestionStore,
    /// Colleagues' answers to questions.
    pub answers: AnswerStore,
    /// The keys of askers' private links.
    pub manage_keys: ManageKeys,
    /// Who may post questions.
    pub origins: Arc<OriginPolicy>,
    /// The status a new question gets.
    pub new_question_status: Status,
    /// The status a new answer gets (the same moderation as questions).
    pub new_answer_status: AnswerStatus,
    /// New questions and answers per client per minute, counted together.
    pub limiter: Arc<RateLimiter>,
    /// The admin API's bearer token; `None` turns the admin API off.
    pub admin_token: Option<Arc<str>>,
    /// Wrong admin tokens per client per minute.
    pub admin_failures: Arc<RateLimiter>,
    /// The proxies whose forwarding headers name the client.
    pub proxies: Arc<TrustedProxies>,
    /// Longest a request may take to be answered (its body included).
    pub request_timeout: Duration,
    /// How mail is sent; `None` without `--smtp-url`: no mail, and the form does not
    /// offer it.
    pub mail: Option<Arc<MailSettings>>,
    /// `--public-url`: where readers reach this server (links in mails; the desk's
    /// cookies are `Secure` when it is `https:`).
    pub public_url: Option<Arc<str>>,
    /// The desk's moderators, sign-in links and sessions.
    pub moderators: Moderators,
    /// Who decided what.
    pub audit: AuditLog,
    /// Readers' reports of published items.
    pub reports: ReportStore,
    /// What `/embed` keeps between requests: the feed's index (per feed version), the
    /// questions on each set of topics and the pages as written.
    pub embed: Arc<super::embed::Kept>,
}

impl FromRef<AppState> for Arc<TrustedProxies> {
    fn from_ref(state: &AppState) -> Arc<TrustedProxies> {
        state.proxies.clone()
    }
}
