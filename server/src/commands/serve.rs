//! `elders serve`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::CommandError;

use crate::client::TrustedProxies;
use crate::cors::OriginPolicy;
use crate::federation::source::Source;
use crate::federation::{FeedHub, Settings};
use crate::mail::sender::Sender;
use crate::mail::MailSettings;
use crate::rate_limit::RateLimiter;
use crate::redact;
use crate::routes::{router, AppState};
use crate::store::{
    self, retention, AnswerStatus, AnswerStore, AuditLog, Database, FeedCopies, ManageKeys,
    Moderators, QuestionStore, RateWindows, ReportStore, Status,
};

/// When new questions become public.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Moderation {
    /// Held as `pending` until a moderator approves them.
    Pre,
    /// Published at once.
    Off,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port (the chosen one is printed).
    #[arg(long, env = "ELDERS_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Where questions are stored: `sqlite://FILE` (created when missing) or
    /// `postgres://USER:PASSWORD@HOST/DATABASE` for several instances on one database.
    #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// A feed to publish at /feed.json: a file or an http(s):// URL of another
    /// organisation's feed; repeat to merge several (the first wins on a duplicate id).
    #[arg(long = "feed", env = "ELDERS_FEEDS", value_delimiter = ',')]
    feeds: Vec<String>,
    /// FEED=NAME or FEED=NAME,URI: the organisation of the items of a --feed that name
    /// none (a blog's JSON Feed, an RSS or Atom feed); repeat for several feeds.
    #[arg(
        long = "feed-organisation",
        env = "ELDERS_FEED_ORGANISATIONS",
        value_delimiter = ';'
    )]
    feed_organisations: Vec<String>,
    /// Seconds between refreshes of the feed sources.
    #[arg(long, env = "ELDERS_FEED_REFRESH", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..))]
    feed_refresh: u64,
    /// Seconds a feed fetch may take, connecting included.
    #[arg(long, env = "ELDERS_FEED_TIMEOUT", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    feed_timeout: u64,
    /// Largest feed accepted from a source, in bytes, after decompression.
    #[arg(long, env = "ELDERS_FEED_MAX_BYTES", default_value_t = elders_core::validate::MAX_FEED_BYTES)]
    feed_max_bytes: usize,
    /// An origin (e.g. https://intranet.example) whose pages may post questions; repeat for more.
    #[arg(
        long = "allow-origin",
        env = "ELDERS_ALLOW_ORIGINS",
        value_delimiter = ','
    )]
    allow_origins: Vec<String>,
    /// `pre`: new questions wait for a moderator; `off`: published at once.
    #[arg(long, env = "ELDERS_MODERATION", value_enum, default_value = "pre")]
    moderation: Moderation,
    /// New questions per client address per minute; 0 turns the limit off.
    #[arg(long, env = "ELDERS_RATE_LIMIT", default_value_t = 10)]
    rate_limit: u32,
    /// Days after which unpublished questions are deleted and published ones lose the
    /// asker's name and e-mail address; 0 keeps everything.
    #[arg(long, env = "ELDERS_RETENTION_DAYS", default_value_t = 180)]
    retention_days: u32,
    /// Seconds a client may take to send the head of a request (its line and headers);
    /// slower clients are disconnected.
    #[arg(long, env = "ELDERS_HEADER_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a request may take to be answered, its body included; slower gets `408`.
    #[arg(long, env = "ELDERS_REQUEST_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    request_timeout: u64,
    /// A reverse proxy (an address or a CIDR block such as 10.0.0.0/8) whose `Forwarded` or
    /// `X-Forwarded-For` header names the client, for the rate limits; repeat for more.
    /// Headers from any other peer are ignored.
    #[arg(
        long = "trusted-proxy",
        env = "ELDERS_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
    /// Most connections open at once; more wait until one closes.
    #[arg(long, env = "ELDERS_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Seconds a connection may go without sending or taking a byte (a reader that stops
    /// reading a response, an idle keep-alive connection); it is then closed.
    #[arg(long, env = "ELDERS_IO_TIMEOUT", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    io_timeout: u64,
    /// The SMTP server for mail to askers and moderators: smtp://HOST:PORT,
    /// smtp://HOST:PORT?tls=starttls or smtps://HOST:PORT, with USER:PASSWORD@ if it needs
    /// them (better in ELDERS_SMTP_URL: a flag shows in process lists). Without it no mail
    /// is sent and the question form does not offer it.
    #[arg(long, env = "ELDERS_SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The sender of every mail, e.g. "Elders <elders@organisatie.nl>".
    #[arg(long, env = "ELDERS_MAIL_FROM")]
    mail_from: Option<String>,
    /// Where readers reach this server (https://HOST): the base of the links in mails.
    #[arg(long, env = "ELDERS_PUBLIC_URL")]
    public_url: Option<String>,
    /// A moderator who gets one mail a day of what waits in the moderation queues;
    /// repeat for more.
    #[arg(
        long = "moderator-mail",
        env = "ELDERS_MODERATOR_MAIL",
        value_delimiter = ','
    )]
    moderator_mail: Vec<String>,
    /// Seconds before a mail that could not be sent is tried again; doubled for each try
    /// after, at most an hour apart.
    #[arg(long, env = "ELDERS_MAIL_RETRY", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    mail_retry: u64,
    /// The built widget files (`cargo xtask dist` writes them).
    #[arg(long, env = "ELDERS_DIST", default_value = "dist/elders")]
    dist: PathBuf,
}

pub async fn run(args: ServeArgs) -> Result<ExitCode, CommandError> {
    if args.feeds.is_empty() {
        tracing::warn!("no --feed given: /feed.json is empty");
    }
    let database =
        store::open(&args.database)
            .await
            .map_err(|cause| CommandError::OpenDatabase {
                url: redact::password(&args.database),
                cause,
            })?;
    let feed = FeedHub::start(
        &args.feeds,
        Settings {
            refresh: std::time::Duration::from_secs(args.feed_refresh),
            timeout: std::time::Duration::from_secs(args.feed_timeout),
            max_bytes: args
                .feed_max_bytes
                .min(elders_core::validate::MAX_FEED_BYTES),
            organisations: args
                .feed_organisations
                .iter()
                .map(|value| Source::parse_organisation(value))
                .collect::<Result<_, _>>()
                .map_err(CommandError::Argument)?,
        },
        Some(FeedCopies::new(database.clone())),
    )
    .await?;
    tokio::spawn(feed.clone().run());
    let proxies = TrustedProxies::parse(&args.trusted_proxies).map_err(CommandError::Argument)?;
    // From the environment only: a command-line flag would show in process lists.
    let admin_token = admin_token()?;
    let mail = mail_settings(&args)?;
    let windows = RateWindows::new(database.clone());
    let state = AppState {
        mail: mail.clone(),
        public_url: args
            .public_url
            .as_deref()
            .map(|u| Arc::from(u.trim_end_matches('/'))),
        moderators: Moderators::new(database.clone()),
        audit: AuditLog::new(database.clone()),
        reports: ReportStore::new(database.clone()),
        feed,
        questions: QuestionStore::new(database.clone()),
        answers: AnswerStore::new(database.clone()),
        manage_keys: ManageKeys::new(database.clone()),
        database,
        origins: Arc::new(OriginPolicy::new(&args.allow_origins)),
        new_question_status: match args.moderation {
            Moderation::Pre => Status::Pending,
            Moderation::Off => Status::Approved,
        },
        new_answer_status: match args.moderation {
            Moderation::Pre => AnswerStatus::Pending,
            Moderation::Off => AnswerStatus::Approved,
        },
        limiter: Arc::new(RateLimiter::new(args.rate_limit, windows.clone())),
        admin_token,
        admin_failures: Arc::new(RateLimiter::new(
            crate::routes::WRONG_TOKENS_PER_MINUTE,
            windows.clone(),
        )),
        proxies: Arc::new(proxies),
        request_timeout: std::time::Duration::from_secs(args.request_timeout),
        embed: Arc::default(),
    };
    tokio::spawn(crate::rate_limit::sweep_old_windows(windows));
    if let Some(settings) = mail {
        let sender = Sender::new(settings.clone(), state.database.clone())
            .map_err(CommandError::Argument)?;
        tokio::spawn(sender.run());
        if !settings.moderators.is_empty() {
            tokio::spawn(crate::mail::digest::run(settings, state.database.clone()));
        }
    }
    if args.retention_days > 0 {
        tokio::spawn(apply_retention(state.database.clone(), args.retention_days));
    }
    let cannot_listen = |cause| CommandError::Listen {
        addr: args.addr,
        cause,
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .map_err(cannot_listen)?;
    let local = listener.local_addr().map_err(cannot_listen)?;
    // Tests and `cargo xtask demo` read this line to find the port.
    println!("Elders is listening on http://{local}/");
    let app = router(state, args.dist);
    crate::listen::serve(
        listener,
        app,
        crate::listen::Limits {
            header_timeout: std::time::Duration::from_secs(args.header_timeout),
            io_timeout: std::time::Duration::from_secs(args.io_timeout),
            max_connections: args.max_connections as usize,
        },
        shutdown(),
    )
    .await;
    Ok(ExitCode::SUCCESS)
}

/// The mail settings, when `--smtp-url` is given.
fn mail_settings(args: &ServeArgs) -> Result<Option<Arc<MailSettings>>, CommandError> {
    let Some(url) = args.smtp_url.as_deref().filter(|u| !u.trim().is_empty()) else {
        if args.mail_from.is_some() || !args.moderator_mail.is_empty() {
            tracing::warn!("no --smtp-url given: no mail is sent");
        }
        return Ok(None);
    };
    let mut settings = MailSettings::new(
        url.trim(),
        args.mail_from.as_deref(),
        args.public_url.as_deref(),
        &args.moderator_mail,
    )
    .map_err(CommandError::Argument)?;
    settings.retry = std::time::Duration::from_secs(args.mail_retry);
    Ok(Some(Arc::new(settings)))
}

/// The admin API's token from `ELDERS_ADMIN_TOKEN` (unset or empty: the admin API is off);
/// one shorter than `MIN_TOKEN_CHARS` stops the start with what to do.
fn admin_token() -> Result<Option<Arc<str>>, CommandError> {
    let token = std::env::var("ELDERS_ADMIN_TOKEN").unwrap_or_default();
    let token = token.trim();
    if token.is_empty() {
        return Ok(None);
    }
    let min = crate::routes::MIN_TOKEN_CHARS;
    if token.chars().count() < min {
        return Err(CommandError::Argument(format!(
            "ELDERS_ADMIN_TOKEN is shorter than {min} characters; use a long random one, e.g. \
             from `openssl rand -base64 32`"
        )));
    }
    Ok(Some(Arc::from(token)))
}

/// Applies the retention period at start and then every hour.
async fn apply_retention(database: Database, days: u32) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match retention::apply(&database, days).await {
            Ok(done) if done.is_empty() => {}
            Ok(done) => tracing::info!(
                deleted = done.deleted,
                anonymised = done.anonymised,
                answers_deleted = done.answers_deleted,
                answers_anonymised = done.answers_anonymised,
                windows = done.windows,
                days,
                "retention applied"
            ),
            Err(error) => tracing::error!(%error, "retention could not be applied"),
        }
    }
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => return std::future::pending().await,
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
