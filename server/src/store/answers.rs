//! Colleagues' answers to published questions, and their moderation: an answer is stored
//! once under the idempotency key the widget sends with it, waits as `pending` (or is
//! published at once), and is approved or rejected by a moderator, who may also mark the
//! one answer that helped the asker (`accepted`). After the retention period an unpublished
//! answer is deleted and a published one loses the answerer's details.
//!
//! Invariants: one idempotency key, one row, exactly as for questions (an
//! `ON CONFLICT DO NOTHING` insert followed by a read of the row holding the key, so that
//! concurrent retries get the same answer and a key reused for another answer is refused);
//! at most one accepted answer per question, and only a published one; an answer goes when
//! its question goes (`ON DELETE CASCADE`).

use std::collections::HashMap;

use elders_core::AnswerInput;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::OffsetDateTime;

use super::audit::{Actor, AuditLog};
use super::database::{Database, StoreError};
use super::outbox::{MailKind, Outbox};
use super::questions::Moderated;
use super::questions::{hash_hex, now_rfc3339, rfc3339};
use super::Insert;

/// Where an answer is in moderation. Only [`AnswerStatus::Approved`] answers are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Waiting for a moderator; never shown publicly.
    Pending,
    /// Public.
    Approved,
    /// Refused; never shown publicly.
    Rejected,
}

impl AnswerStatus {
    /// The name in storage and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerStatus::Pending => "pending",
            AnswerStatus::Approved => "approved",
            AnswerStatus::Rejected => "rejected",
        }
    }

    /// Reads a name as [`AnswerStatus::as_str`] writes it.
    pub fn parse(name: &str) -> Option<AnswerStatus> {
        [
            AnswerStatus::Pending,
            AnswerStatus::Approved,
            AnswerStatus::Rejected,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAnswer {
    /// Public id.
    pub id: String,
    /// The question it answers.
    pub question_id: String,
    /// The answer.
    pub answer: String,
    /// A link with more.
    pub url: Option<String>,
    /// The answerer's name.
    pub name: Option<String>,
    /// The answerer's organisation.
    pub organisation: Option<String>,
    /// The answerer's e-mail address: for moderators only, never published.
    pub email: Option<String>,
    /// Whether the name and organisation may be shown with the answer.
    pub public_name: bool,
    /// Moderation status.
    pub status: AnswerStatus,
    /// Whether it is the answer that helped the asker.
    pub accepted: bool,
    /// Hidden by readers' reports until a moderator decides (`store::reports`).
    pub hidden: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What marking an answer as the one that helped did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// It is now the question's accepted answer (and no other is).
    Accepted,
    /// There is no such answer.
    NotFound,
    /// The answer is not published, so it cannot be the one shown as having helped.
    NotPublished,
}

/// The `answers` table.
#[derive(Debug, Clone)]
pub struct AnswerStore {
    database: Database,
}

const COLUMNS: &str = "id, question_id, answer, url, name, organisation, email, public_name, \
                       status, accepted, hidden_at, created_at, updated_at";

/// Published answers first by the one that helped, then the newest.
const PUBLISHED_ORDER: &str = "accepted DESC, created_at DESC, id";

impl AnswerStore {
    /// The answers in `database`.
    pub fn new(database: Database) -> AnswerStore {
        AnswerStore { database }
    }

    /// Stores a validated answer to `question_id` under its idempotency key, once: a retry
    /// with the same key, question and answer gets the stored one back, a key reused for
    /// anything else [`Insert::KeyReused`]. `None` when the question is not there (erased
    /// after the caller looked it up: its foreign key refuses the row), or was erased, and
    /// the answer with it, between the insert and the read that follows.
    pub async fn insert(
        &self,
        key: &str,
        question_id: &str,
        input: &AnswerInput,
        status: AnswerStatus,
    ) -> Result<Option<Insert<StoredAnswer>>, StoreError> {
        let fingerprint = fingerprint(question_id, input);
        let created = match self
            .insert_unless_key_exists(key, &fingerprint, question_id, input, status)
            .await
        {
            Err(StoreError::Database(e)) if is_foreign_key_violation(&e) => return Ok(None),
            other => other?,
        };
        let sql = format!(
            "SELECT {COLUMNS}, request_fingerprint FROM answers WHERE idempotency_key = $1"
        );
        // None when the question (and with it this answer) was erased since the insert.
        let Some(row) = self.database.first_row(sqlx::query(&sql).bind(key)).await? else {
            return Ok(None);
        };
        let stored_fingerprint: String = row.try_get("request_fingerprint")?;
        let answer = from_row(&row)?;
        Ok(Some(Insert::settle(
            created,
            &stored_fingerprint,
            &fingerprint,
            answer,
        )))
    }

    /// Inserts a new row unless one already holds `key`; whether it did. One statement, so
    /// that concurrent retries cannot both insert.
    async fn insert_unless_key_exists(
        &self,
        key: &str,
        fingerprint: &str,
        question_id: &str,
        input: &AnswerInput,
        status: AnswerStatus,
    ) -> Result<bool, StoreError> {
        let now = now_rfc3339();
        let id = uuid::Uuid::new_v4().to_string();
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let inserted = sqlx::query(
            "INSERT INTO answers (id, question_id, idempotency_key, request_fingerprint, answer, \
             url, name, organisation, email, public_name, status, accepted, created_at, updated_at, \
             published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $13, $14) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(question_id)
        .bind(key)
        .bind(fingerprint)
        .bind(&input.answer)
        .bind(&input.url)
        .bind(&input.name)
        .bind(&input.organisation)
        .bind(&input.email)
        .bind(i32::from(input.public_name))
        .bind(status.as_str())
        .bind(&now)
        .bind(&now)
        // Published at once without pre-moderation.
        .bind((status == AnswerStatus::Approved).then(|| now.clone()))
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if inserted == 1 && status == AnswerStatus::Approved {
            queue_mail_about(&mut transaction, question_id, &id).await?;
        }
        transaction.commit().await?;
        Ok(inserted == 1)
    }

    /// How many answers have this status.
    pub async fn count(&self, status: AnswerStatus) -> Result<i64, StoreError> {
        let row = self
            .database
            .first_row(
                sqlx::query("SELECT COUNT(*) AS n FROM answers WHERE status = $1")
                    .bind(status.as_str()),
            )
            .await?;
        Ok(row.map(|r| r.try_get("n")).transpose()?.unwrap_or(0))
    }

    /// Whether an answer was stored under this idempotency key.
    pub async fn has_key(&self, key: &str) -> Result<bool, StoreError> {
        let query = sqlx::query("SELECT 1 FROM answers WHERE idempotency_key = $1").bind(key);
        let row = self.database.first_row(query).await?;
        Ok(row.is_some())
    }

    /// One answer by public id.
    pub async fn get(&self, id: &str) -> Result<Option<StoredAnswer>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM answers WHERE id = $1");
        let row = self.database.first_row(sqlx::query(&sql).bind(id)).await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Answers with this status, newest first.
    pub async fn list(
        &self,
        status: AnswerStatus,
        limit: u32,
    ) -> Result<Vec<StoredAnswer>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM answers WHERE status = $1 \
             ORDER BY created_at DESC, id LIMIT $2"
        ))
        .bind(status.as_str())
        .bind(i64::from(limit))
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Every answer to one question, whatever its status, the oldest first: for the desk.
    pub async fn for_question(&self, question_id: &str) -> Result<Vec<StoredAnswer>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM answers WHERE question_id = $1 ORDER BY created_at, id"
        ))
        .bind(question_id)
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The published answers of each of these questions, the accepted one first, then the
    /// newest first; a question without any is not in the map.
    pub async fn published_for(
        &self,
        question_ids: &[&str],
    ) -> Result<HashMap<String, Vec<StoredAnswer>>, StoreError> {
        let mut by_question: HashMap<String, Vec<StoredAnswer>> = HashMap::new();
        // A few hundred placeholders at most per statement, well within both backends'
        // limits.
        for ids in question_ids.chunks(200) {
            let placeholders = (1..=ids.len())
                .map(|n| format!("${n}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT {COLUMNS} FROM answers WHERE status = 'approved' AND hidden_at IS NULL \
                 AND question_id IN ({placeholders}) ORDER BY {PUBLISHED_ORDER}"
            );
            let mut query = sqlx::query(&sql);
            for id in ids {
                query = query.bind(*id);
            }
            for row in query.fetch_all(self.database.pool()).await? {
                let answer = from_row(&row)?;
                by_question
                    .entry(answer.question_id.clone())
                    .or_default()
                    .push(answer);
            }
        }
        Ok(by_question)
    }

    /// Moves an answer to another status; `false` when there is no such answer. An answer
    /// that is no longer published is no longer the accepted one either. Publishing one
    /// queues the asker's mail about it in the same transaction.
    pub async fn set_status(
        &self,
        id: &str,
        status: AnswerStatus,
        actor: Actor<'_>,
    ) -> Result<bool, StoreError> {
        Ok(self.decide(id, status, actor, None, None).await? == Moderated::Done)
    }

    /// Moves an answer to another status, only from `from` when given (of two moderators
    /// deciding on one pending answer, the first decides), with the moderator's `edited`
    /// text in place of the answerer's (kept in the audit log), the asker's mail and the
    /// audit entries in the same transaction.
    pub async fn decide(
        &self,
        id: &str,
        status: AnswerStatus,
        actor: Actor<'_>,
        from: Option<AnswerStatus>,
        edited: Option<&str>,
    ) -> Result<Moderated, StoreError> {
        // `published_at`: when it became published, kept while it stays published (an
        // approval of an approved answer changes nothing), cleared when it no longer is.
        let sql = if status == AnswerStatus::Approved {
            "UPDATE answers SET status = $1, updated_at = $2, published_at = CASE \
             WHEN status = 'approved' AND published_at IS NOT NULL THEN published_at ELSE $6 END \
             WHERE id = $3 AND ($4 = '' OR status = $5)"
        } else {
            "UPDATE answers SET status = $1, accepted = 0, updated_at = $2, published_at = NULL \
             WHERE id = $3 AND ($4 = '' OR status = $5)"
        };
        let now = now_rfc3339();
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let mut query = sqlx::query(sql)
            .bind(status.as_str())
            .bind(&now)
            .bind(id)
            .bind(from.map_or("", AnswerStatus::as_str))
            .bind(from.map_or("", AnswerStatus::as_str));
        if status == AnswerStatus::Approved {
            query = query.bind(&now);
        }
        let done = query.execute(&mut *transaction).await?;
        let question: Option<String> =
            sqlx::query_scalar("SELECT question_id FROM answers WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *transaction)
                .await?;
        let (1, Some(question)) = (done.rows_affected(), question.as_deref()) else {
            transaction.rollback().await?;
            return Ok(if self.get(id).await?.is_some() {
                Moderated::AlreadyDecided
            } else {
                Moderated::NotFound
            });
        };
        if let Some(edited) = edited {
            let before: String = sqlx::query_scalar("SELECT answer FROM answers WHERE id = $1")
                .bind(id)
                .fetch_one(&mut *transaction)
                .await?;
            if edited != before {
                sqlx::query("UPDATE answers SET answer = $1 WHERE id = $2")
                    .bind(edited)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                AuditLog::record(
                    &mut transaction,
                    question,
                    Some(id),
                    "edit",
                    actor,
                    Some(&before),
                )
                .await?;
            }
        }
        if status == AnswerStatus::Approved {
            queue_mail_about(&mut transaction, question, id).await?;
        }
        let action = match status {
            AnswerStatus::Approved => "approve",
            AnswerStatus::Rejected => "reject",
            AnswerStatus::Pending => "hold",
        };
        AuditLog::record(&mut transaction, question, Some(id), action, actor, None).await?;
        transaction.commit().await?;
        Ok(Moderated::Done)
    }

    /// Marks a published answer as the one that helped the asker, and every other answer to
    /// the same question as not.
    pub async fn accept(&self, id: &str, actor: Actor<'_>) -> Result<Accept, StoreError> {
        let Some(answer) = self.get(id).await? else {
            return Ok(Accept::NotFound);
        };
        if answer.status != AnswerStatus::Approved {
            return Ok(Accept::NotPublished);
        }
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        // One statement, so that no reader ever sees two accepted answers.
        sqlx::query(
            "UPDATE answers SET accepted = CASE WHEN id = $1 THEN 1 ELSE 0 END, updated_at = $2 \
             WHERE question_id = $3 AND (accepted = 1 OR id = $4)",
        )
        .bind(id)
        .bind(now_rfc3339())
        .bind(&answer.question_id)
        .bind(id)
        .execute(&mut *transaction)
        .await?;
        AuditLog::record(
            &mut transaction,
            &answer.question_id,
            Some(id),
            "accept",
            actor,
            None,
        )
        .await?;
        transaction.commit().await?;
        Ok(Accept::Accepted)
    }

    /// Applies the retention period, as for questions: answers still `pending` or
    /// `rejected` after `days` are deleted, and published ones keep only what was
    /// published of the answer itself: the answerer's name, organisation, e-mail address
    /// and the request's fingerprint are cleared; the audit log's entries about a deleted
    /// answer are deleted with it. Returns (deleted, anonymised).
    pub async fn apply_retention(&self, days: u32) -> Result<(u64, u64), StoreError> {
        let cutoff = rfc3339(OffsetDateTime::now_utc() - time::Duration::days(i64::from(days)));
        let (turn, mut transaction) = self.database.write_transaction().await?;
        // The log's entries about an answer go with it (they can hold its text, kept by an
        // edit): the log is kept as long as the item it speaks of.
        sqlx::query(
            "DELETE FROM audit_log WHERE answer_id IN (SELECT id FROM answers \
             WHERE status IN ('pending', 'rejected') AND created_at < $1)",
        )
        .bind(&cutoff)
        .execute(&mut *transaction)
        .await?;
        let deleted = sqlx::query(
            "DELETE FROM answers WHERE status IN ('pending', 'rejected') AND created_at < $1",
        )
        .bind(&cutoff)
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        transaction.commit().await?;
        let _turn = turn;
        let anonymised = sqlx::query(
            "UPDATE answers SET name = NULL, email = NULL, organisation = NULL, public_name = 0, \
             request_fingerprint = '', updated_at = $1 \
             WHERE created_at < $2 AND (name IS NOT NULL OR email IS NOT NULL \
             OR organisation IS NOT NULL OR request_fingerprint <> '')",
        )
        .bind(now_rfc3339())
        .bind(&cutoff)
        .execute(self.database.pool())
        .await?
        .rows_affected();
        Ok((deleted, anonymised))
    }
}

/// Queues the asker's mail about the published answer `answer_id` to `question_id` in the
/// transaction that publishes it: one mail per answer, however often it is approved.
async fn queue_mail_about(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    question_id: &str,
    answer_id: &str,
) -> Result<(), StoreError> {
    let event = format!("answer:{answer_id}");
    Outbox::queue_for_asker(
        transaction,
        &event,
        MailKind::Answer,
        question_id,
        Some(answer_id),
    )
    .await?;
    Ok(())
}

/// What tells a retry from a reused key: a SHA-256 of the question's id and the validated
/// answer as JSON, in hex, so that the fingerprint holds none of the answerer's details
/// and the same answer sent to another question under the same key is a reused key.
fn fingerprint(question_id: &str, input: &AnswerInput) -> String {
    let request = serde_json::to_string(&(question_id, input)).unwrap_or_default();
    hash_hex(request.as_bytes())
}

/// Whether the database refused a row for naming a row of another table that is not there:
/// SQLite's `SQLITE_CONSTRAINT_FOREIGNKEY` and PostgreSQL's `23503` alike.
fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .is_some_and(|e| e.kind() == sqlx::error::ErrorKind::ForeignKeyViolation)
}

fn from_row(row: &AnyRow) -> Result<StoredAnswer, StoreError> {
    let status: String = row.try_get("status")?;
    Ok(StoredAnswer {
        id: row.try_get("id")?,
        question_id: row.try_get("question_id")?,
        answer: row.try_get("answer")?,
        url: row.try_get("url")?,
        name: row.try_get("name")?,
        organisation: row.try_get("organisation")?,
        email: row.try_get("email")?,
        public_name: row.try_get::<i64, _>("public_name")? != 0,
        status: AnswerStatus::parse(&status).unwrap_or(AnswerStatus::Pending),
        accepted: row.try_get::<i64, _>("accepted")? != 0,
        hidden: row.try_get::<Option<String>, _>("hidden_at")?.is_some(),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}
