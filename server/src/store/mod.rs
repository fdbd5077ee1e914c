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
//! - [`QuestionStore`] (`questions.rs`): questions and their moderation.
//! - [`RateWindows`] (`rate_windows.rs`): how many new questions each client sent per
//!   minute.
//! - [`FeedCopies`] (`feed_copies.rs`): federation's last good copy of each feed URL.

mod database;
mod feed_copies;
mod questions;
mod rate_windows;

pub use database::{Database, StoreError};
pub use feed_copies::{FeedCopies, FeedCopy};
pub use questions::{Insert, QuestionStore, Status, StoredQuestion};
pub use rate_windows::RateWindows;
