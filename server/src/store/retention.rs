//! Retention: the one place that decides what of a person is left after the retention
//! period, and that it is really gone. `elders serve` applies it at start and every hour
//! (`--retention-days`), `elders questions purge` on demand; `docs/privacy.md` lists the
//! same rules for the privacy officer.
//!
//! What goes: unpublished questions (pending, rejected) as a whole, with their answers; of
//! published ones, the asker's name, organisation, e-mail address, the page they asked on
//! and the request's fingerprint; unpublished answers as a whole, and of published ones
//! the answerer's name, organisation, e-mail address and the request's fingerprint; the
//! rate limiter's counts of the clients' addresses. What stays: the published question
//! itself, its topics and answers, which are public anyway.
//!
//! "Gone" includes the database's own copies: on SQLite, deleted content is overwritten
//! with zeros (`secure_delete`, set on every connection in `database.rs`) and the
//! write-ahead log, which holds earlier versions of changed pages, is emptied afterwards.

use time::OffsetDateTime;

use super::database::{Database, StoreError};
use super::{AnswerStore, QuestionStore, RateWindows};

/// What one application of the retention period did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retained {
    /// Unpublished questions deleted.
    pub deleted: u64,
    /// Published questions whose asker's details were cleared.
    pub anonymised: u64,
    /// Unpublished answers deleted (besides those of deleted questions).
    pub answers_deleted: u64,
    /// Published answers whose answerer's details were cleared.
    pub answers_anonymised: u64,
    /// Rate-limit windows (client addresses) forgotten.
    pub windows: u64,
}

impl Retained {
    /// Whether anything changed.
    pub fn is_empty(&self) -> bool {
        *self == Retained::default()
    }
}

/// Applies a retention period of `days` (0: everything up to now) to every table that
/// holds personal details, then shreds what the database keeps of the old versions.
pub async fn apply(database: &Database, days: u32) -> Result<Retained, StoreError> {
    let (deleted, anonymised) = QuestionStore::new(database.clone())
        .apply_retention(days)
        .await?;
    let (answers_deleted, answers_anonymised) = AnswerStore::new(database.clone())
        .apply_retention(days)
        .await?;
    let cutoff = OffsetDateTime::now_utc().unix_timestamp() - i64::from(days) * 24 * 60 * 60;
    let windows = RateWindows::new(database.clone())
        .forget_windows_before(cutoff)
        .await?;
    let retained = Retained {
        deleted,
        anonymised,
        answers_deleted,
        answers_anonymised,
        windows,
    };
    if !retained.is_empty() {
        database.shred_old_versions().await?;
    }
    Ok(retained)
}

/// Deletes one question with everything stored about it, its answers included (the
/// `answers` rows go with their question: `ON DELETE CASCADE`, with SQLite's foreign keys
/// on for every connection in `database.rs`), on the asker's request, and shreds the old
/// versions; `false` when there is no such question.
pub async fn erase_question(database: &Database, id: &str) -> Result<bool, StoreError> {
    let erased = QuestionStore::new(database.clone()).erase(id).await?;
    if erased {
        database.shred_old_versions().await?;
    }
    Ok(erased)
}
