//! Where Elders keeps what must survive a restart: questions, the rate limiter's counts and
//! the last good copies of feeds fetched from URLs. SQLite (a file, the default) or
//! PostgreSQL, through sqlx's `Any` driver, so that both backends run the very same SQL.
//! Queries use `$1`-style placeholders, which both accept; the migrations in
//! `server/migrations/` are plain SQL that both accept, and columns keep to types both share
//! (TEXT, INTEGER, BIGINT), with times as fixed-width RFC 3339 text.
//!
//! One [`Database`] (the pool, the migrations, and SQLite's queue of writers) is shared by
//! one type per concept, each owning its table:
//!
//! - [`QuestionStore`] (`questions.rs`): questions and their moderation; marking one as
//!   asked before in `duplicates.rs`.
//! - [`AnswerStore`] (`answers.rs`): colleagues' answers to questions, and their
//!   moderation.
//! - [`RateWindows`] (`rate_windows.rs`): how many new questions each client sent per
//!   minute.
//! - [`FeedCopies`] (`feed_copies.rs`): federation's last good copy of each feed URL.
//! - [`Outbox`] (`outbox.rs`): the mails to send, queued with the events that cause them.
//! - [`ManageKeys`] (`manage_keys.rs`): the hashes of the askers' private links.
//! - [`Moderators`] (`moderators.rs`): the desk's moderators, sign-in links and sessions.
//! - [`AuditLog`] (`audit.rs`): who decided what about which item, when.
//! - [`ReportStore`] (`reports.rs`): readers' reports of published items, and what
//!   moderators decided about them.
//! - [`OverviewReader`] (`overview.rs`): the desk's weekly overview's reads (no table of
//!   its own).
//!
//! [`retention`] applies the retention period across them, and erases one question (with
//! its answers) on request.

mod answers;
mod audit;
mod database;
mod duplicates;
mod feed_copies;
mod manage_keys;
mod moderators;
mod outbox;
mod overview;
mod questions;
mod rate_windows;
mod reports;
pub mod retention;

pub use answers::{Accept, AnswerStatus, AnswerStore, StoredAnswer};
pub use audit::{Actor, AuditEntry, AuditLog};
pub use database::{Database, StoreError};
pub use duplicates::Duplicate;
pub use feed_copies::{FeedCopies, FeedCopy};
pub use manage_keys::ManageKeys;
pub use moderators::{LinkUse, Moderator, Moderators, Session, LINK_HOURS};
pub use outbox::{retry_at, Claim, MailKind, Outbox, OutboxMail, Outcome};
pub use overview::OverviewReader;
pub use questions::{Moderated, QuestionStore, Status, StoredQuestion};
pub use rate_windows::RateWindows;
pub use reports::{OpenReports, ReportDecision, ReportStore, Reportable, Reported};

/// What storing something under an idempotency key did: questions and answers alike are
/// stored once per key.
#[derive(Debug)]
pub enum Insert<T> {
    /// A new row.
    Created(T),
    /// The key was seen before with the same request: the stored row.
    Replayed(T),
    /// The key was seen before with a different request.
    KeyReused,
}

impl<T> Insert<T> {
    /// What an insert under a key came to: `created` when this request added the row;
    /// otherwise the row a retry stored before when the fingerprints agree, or a key reused
    /// for another request. `stored` is the row that holds the key.
    pub(super) fn settle(
        created: bool,
        stored_fingerprint: &str,
        fingerprint: &str,
        stored: T,
    ) -> Insert<T> {
        if created {
            Insert::Created(stored)
        } else if stored_fingerprint == fingerprint {
            Insert::Replayed(stored)
        } else {
            Insert::KeyReused
        }
    }
}

/// 256 bits from the operating system's random source, in hex: the secret of a private
/// link, a sign-in link, a session or a CSRF token (two version-4 UUIDs' random bits would
/// be 244; this takes the source directly).
fn secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Opens the database (see [`Database::open`]) and brings what earlier versions stored up
/// to today's rules: every command that reads or writes the store opens it here.
pub async fn open(url: &str) -> Result<Database, StoreError> {
    let database = Database::open(url).await?;
    QuestionStore::new(database.clone())
        .hash_stored_requests()
        .await?;
    Ok(database)
}
