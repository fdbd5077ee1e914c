//! The outbox: the mails to send (`docs/architecture.md` §8). A mail is a row written in
//! the same transaction as the event that causes it (a question published or refused, an
//! answer published, a question marked as asked before), under a key unique to that event, so that the event and its mail
//! are stored together or not at all, and an event repeated (a second approval, a retry)
//! never makes a second mail. A background task ([`crate::mail::sender`]) sends them.
//!
//! A row holds no address and no text: the mail is written when it is sent, from the
//! question as it is then. So erasing a question (whose mails go with it, `ON DELETE
//! CASCADE`) or stopping its mails leaves nothing to send and nothing behind.
//!
//! Invariant: a mail is sent by one sender at a time. On PostgreSQL a sender holds the
//! row locked (`FOR UPDATE SKIP LOCKED`) in a transaction from before it connects to the
//! SMTP server until the row says `sent`, so other instances pass it by, and a sender that
//! dies lets go at once (the database ends its transaction). SQLite has one `elders
//! serve` process per file, whose one sender sends one mail at a time.

use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row, Transaction};
use time::OffsetDateTime;

use super::database::{Backend, Database, StoreError};
use super::questions::{now_rfc3339, rfc3339};

/// What a mail is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// The asker's question was published.
    Published,
    /// The asker's question was refused (with the moderator's reason, if any).
    Rejected,
    /// An answer to the asker's question was published (`answer_id`; none for the
    /// moderators' own answer).
    Answer,
    /// The asker's question was marked as asked before: where the original is.
    Duplicate,
    /// A moderator's daily overview of what waits.
    Digest,
}

impl MailKind {
    /// The name in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Published => "published",
            MailKind::Rejected => "rejected",
            MailKind::Answer => "answer",
            MailKind::Duplicate => "duplicate",
            MailKind::Digest => "digest",
        }
    }

    fn parse(name: &str) -> Option<MailKind> {
        [
            MailKind::Published,
            MailKind::Rejected,
            MailKind::Answer,
            MailKind::Duplicate,
            MailKind::Digest,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// Its id, also the mail's `Message-ID` (so that a mail sent again after a crash is
    /// recognisably the same mail).
    pub id: String,
    /// The event it is for.
    pub event_key: String,
    /// What it is about.
    pub kind: MailKind,
    /// The question it is about (not for digests).
    pub question_id: Option<String>,
    /// The answer it is about, for [`MailKind::Answer`].
    pub answer_id: Option<String>,
    /// For digests: the moderator's address.
    pub recipient: Option<String>,
    /// `queued`, `sent`, `failed` or `dropped`.
    pub status: String,
    /// Tries so far.
    pub attempts: i64,
    /// Why the last try failed.
    pub last_error: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// How a mail's try ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The SMTP server took it.
    Sent,
    /// Nobody wants it any more (mails stopped, question or answer withdrawn): not sent.
    Dropped(String),
    /// Try again at the given time (RFC 3339), after this error.
    Retry { error: String, at: String },
    /// The SMTP server refused it for good (5xx): not tried again.
    Failed(String),
}

/// A mail one sender is sending: see the module's invariant.
pub struct Claim {
    /// The mail as it was claimed.
    pub mail: OutboxMail,
    /// PostgreSQL: the transaction holding the row's lock.
    lock: Option<Transaction<'static, Any>>,
    database: Database,
}

impl Claim {
    /// Records how the try ended and lets go of the mail.
    pub async fn finish(self, outcome: Outcome) -> Result<(), StoreError> {
        let now = now_rfc3339();
        let attempts = self.mail.attempts + 1;
        let query = match &outcome {
            Outcome::Sent => sqlx::query(
                "UPDATE outbox SET status = 'sent', attempts = $1, sent_at = $2, recipient = NULL, \
                 last_error = NULL WHERE id = $3",
            )
            .bind(attempts)
            .bind(now)
            .bind(self.mail.id.clone()),
            Outcome::Dropped(reason) | Outcome::Failed(reason) => sqlx::query(
                "UPDATE outbox SET status = $1, attempts = $2, last_error = $3 WHERE id = $4",
            )
            .bind(if matches!(outcome, Outcome::Failed(_)) {
                "failed"
            } else {
                "dropped"
            })
            .bind(attempts)
            .bind(reason.clone())
            .bind(self.mail.id.clone()),
            Outcome::Retry { error, at } => sqlx::query(
                "UPDATE outbox SET attempts = $1, last_error = $2, next_attempt_at = $3 WHERE id = $4",
            )
            .bind(attempts)
            .bind(error.clone())
            .bind(at.clone())
            .bind(self.mail.id.clone()),
        };
        match self.lock {
            Some(mut transaction) => {
                query.execute(&mut *transaction).await?;
                transaction.commit().await?;
            }
            None => {
                let _turn = self.database.turn_to_write().await;
                query.execute(self.database.pool()).await?;
            }
        }
        Ok(())
    }
}

/// The `outbox` table.
#[derive(Debug, Clone)]
pub struct Outbox {
    database: Database,
}

const COLUMNS: &str =
    "id, event_key, kind, question_id, answer_id, recipient, status, attempts, last_error, created_at";

impl Outbox {
    /// The outbox in `database`.
    pub fn new(database: Database) -> Outbox {
        Outbox { database }
    }

    /// Queues the asker's mail about `event_key` in the transaction of the event, if the
    /// question's asker asked for mail and gave an address, and unless the event already
    /// has its mail. Whether it queued one.
    pub(super) async fn queue_for_asker(
        connection: &mut AnyConnection,
        event_key: &str,
        kind: MailKind,
        question_id: &str,
        answer_id: Option<&str>,
    ) -> Result<bool, StoreError> {
        let now = now_rfc3339();
        let done = sqlx::query(
            "INSERT INTO outbox (id, event_key, kind, question_id, answer_id, status, attempts, \
             next_attempt_at, created_at) \
             SELECT $1, $2, $3, id, $4, 'queued', 0, $5, $6 FROM questions \
             WHERE id = $7 AND notify = 1 AND email IS NOT NULL \
             ON CONFLICT (event_key) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(event_key)
        .bind(kind.as_str())
        .bind(answer_id)
        .bind(&now)
        .bind(&now)
        .bind(question_id)
        .execute(&mut *connection)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Queues a moderator's digest for `day` (`YYYY-MM-DD`), once per day and address
    /// however many instances try. Whether it queued one.
    pub async fn queue_digest(&self, day: &str, address: &str) -> Result<bool, StoreError> {
        let now = now_rfc3339();
        let _turn = self.database.turn_to_write().await;
        let done = sqlx::query(
            "INSERT INTO outbox (id, event_key, kind, recipient, status, attempts, \
             next_attempt_at, created_at) VALUES ($1, $2, 'digest', $3, 'queued', 0, $4, $5) \
             ON CONFLICT (event_key) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(format!(
            "digest:{day}:{}",
            super::questions::hash_hex(address.to_lowercase().as_bytes())
        ))
        .bind(address)
        .bind(&now)
        .bind(&now)
        .execute(self.database.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Up to `limit` mails due now, the longest waiting first.
    pub async fn due(&self, limit: u32) -> Result<Vec<OutboxMail>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'queued' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at, id LIMIT $2"
        ))
        .bind(now_rfc3339())
        .bind(i64::from(limit))
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Takes the mail `id` to send it, if it is still queued, due, and (PostgreSQL) not
    /// being sent by another instance; see the module's invariant.
    pub async fn claim(&self, id: &str) -> Result<Option<Claim>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM outbox WHERE id = $1 AND status = 'queued' \
             AND next_attempt_at <= $2"
        );
        let now = now_rfc3339();
        match self.database.backend() {
            Backend::Postgres => {
                let mut transaction = self.database.pool().begin().await?;
                let row = sqlx::query(&format!("{sql} FOR UPDATE SKIP LOCKED"))
                    .bind(id)
                    .bind(&now)
                    .fetch_optional(&mut *transaction)
                    .await?;
                match row {
                    Some(row) => Ok(Some(Claim {
                        mail: from_row(&row)?,
                        lock: Some(transaction),
                        database: self.database.clone(),
                    })),
                    None => {
                        transaction.rollback().await?;
                        Ok(None)
                    }
                }
            }
            Backend::Sqlite => {
                let row = self
                    .database
                    .first_row(sqlx::query(&sql).bind(id).bind(&now))
                    .await?;
                row.as_ref()
                    .map(|row| {
                        Ok(Claim {
                            mail: from_row(row)?,
                            lock: None,
                            database: self.database.clone(),
                        })
                    })
                    .transpose()
            }
        }
    }

    /// Mails with this status, newest first.
    pub async fn list(&self, status: &str, limit: u32) -> Result<Vec<OutboxMail>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = $1 ORDER BY created_at DESC, id LIMIT $2"
        ))
        .bind(status)
        .bind(i64::from(limit))
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Makes every queued mail due now, and with `failed` the mails refused for good
    /// queued again: after the SMTP server or an address was fixed. How many.
    pub async fn retry_now(&self, failed: bool) -> Result<u64, StoreError> {
        let sql = if failed {
            "UPDATE outbox SET status = 'queued', next_attempt_at = $1 \
             WHERE status IN ('queued', 'failed')"
        } else {
            "UPDATE outbox SET next_attempt_at = $1 WHERE status = 'queued'"
        };
        let _turn = self.database.turn_to_write().await;
        let done = sqlx::query(sql)
            .bind(now_rfc3339())
            .execute(self.database.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// How many mails have each status: `(queued, sent, failed, dropped)`.
    pub async fn counts(&self) -> Result<(i64, i64, i64, i64), StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
            .fetch_all(self.database.pool())
            .await?;
        let mut counts = (0, 0, 0, 0);
        for row in rows {
            let status: String = row.try_get("status")?;
            let n: i64 = row.try_get("n")?;
            match status.as_str() {
                "queued" => counts.0 = n,
                "sent" => counts.1 = n,
                "failed" => counts.2 = n,
                _ => counts.3 = n,
            }
        }
        Ok(counts)
    }
}

/// When to try again after `attempts` failed tries: `base` doubled for each try before,
/// at most an hour later.
pub fn retry_at(attempts: i64, base: std::time::Duration) -> String {
    let doublings = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    let delay = base
        .saturating_mul(2u32.saturating_pow(doublings))
        .min(std::time::Duration::from_secs(3600));
    rfc3339(OffsetDateTime::now_utc() + delay)
}

fn from_row(row: &AnyRow) -> Result<OutboxMail, StoreError> {
    let kind: String = row.try_get("kind")?;
    Ok(OutboxMail {
        id: row.try_get("id")?,
        event_key: row.try_get("event_key")?,
        kind: MailKind::parse(&kind).unwrap_or(MailKind::Digest),
        question_id: row.try_get("question_id")?,
        answer_id: row.try_get("answer_id")?,
        recipient: row.try_get("recipient")?,
        status: row.try_get("status")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        created_at: row.try_get("created_at")?,
    })
}
