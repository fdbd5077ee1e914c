//! Questions and their moderation: a question is stored once under the idempotency key
//! the widget sends with it, waits as `pending` (or is published at once), and is approved,
//! rejected or answered by a moderator; after the retention period it is deleted or loses
//! the asker's name and e-mail address.
//!
//! Invariant: one idempotency key, one row. The insert is `ON CONFLICT DO NOTHING` on the
//! unique key followed by a read of the row that holds the key, so concurrent retries of
//! the same POST all get the same question back, and a key reused for a *different*
//! question is refused instead of silently returning the old one.

use elders_core::{Lang, QuestionInput};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use time::OffsetDateTime;

use super::audit::{Actor, AuditLog};
use super::database::{Database, StoreError};
use super::outbox::{MailKind, Outbox};
use super::Insert;

/// Where a question is in moderation: the one status type of core, so that storage, the
/// API and the widget name the states alike.
pub use elders_core::QuestionStatus as Status;

/// A stored question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredQuestion {
    /// Public id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Its topics.
    pub topics: Vec<String>,
    /// Where it was asked.
    pub page_url: Option<String>,
    /// The asker's organisation.
    pub organisation: Option<String>,
    /// The asker's name.
    pub name: Option<String>,
    /// The asker's e-mail address (only published with consent).
    pub email: Option<String>,
    /// Whether the asker may be contacted.
    pub consent_contact: bool,
    /// Whether the name and organisation may be shown with the question.
    pub public_name: bool,
    /// Moderation status.
    pub status: Status,
    /// A moderator's answer.
    pub answer: Option<String>,
    /// A link with the answer.
    pub answer_url: Option<String>,
    /// Whether the asker wants mail about the question (and has not stopped it).
    pub notify: bool,
    /// The asker's language, for those mails.
    #[serde(serialize_with = "lang_tag")]
    pub lang: Lang,
    /// Why a moderator refused it, if they said.
    pub reject_reason: Option<String>,
    /// Hidden by readers' reports until a moderator decides (`store::reports`).
    pub hidden: bool,
    /// The question it was asked before as, when a moderator marked it a duplicate
    /// (`duplicates.rs`): never itself a duplicate.
    pub duplicate_of: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

impl StoredQuestion {
    /// Whether the public may see it: published, and not hidden by reports.
    pub fn is_visible(&self) -> bool {
        self.status.is_public() && !self.hidden
    }
}

/// What a moderator's decision came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderated {
    /// Done.
    Done,
    /// There is no such item.
    NotFound,
    /// The item was no longer in the state the decision was for: someone decided first.
    AlreadyDecided,
}

/// The `questions` table.
#[derive(Debug, Clone)]
pub struct QuestionStore {
    pub(super) database: Database,
}

const COLUMNS: &str =
    "id, question, topics, page_url, organisation, name, email, consent_contact, public_name, \
                       status, answer, answer_url, notify, lang, reject_reason, hidden_at, created_at, \
                       updated_at, duplicate_of";

impl QuestionStore {
    /// The questions in `database`.
    pub fn new(database: Database) -> QuestionStore {
        QuestionStore { database }
    }

    /// Stores a validated question under its idempotency key, once: a retry with the same
    /// key and question gets the stored one back, a key reused for another question
    /// [`Insert::KeyReused`] (see the module's invariant).
    pub async fn insert(
        &self,
        key: &str,
        input: &QuestionInput,
        status: Status,
    ) -> Result<Insert<StoredQuestion>, StoreError> {
        let fingerprint = fingerprint(input);
        let created = self
            .insert_unless_key_exists(key, &fingerprint, input, status)
            .await?;
        let (question, stored_fingerprint) = self.question_with_key(key).await?;
        Ok(Insert::settle(
            created,
            &stored_fingerprint,
            &fingerprint,
            question,
        ))
    }

    /// Inserts a new row unless one already holds `key`; whether it did. One statement, so
    /// that concurrent retries (on any number of instances) cannot both insert.
    async fn insert_unless_key_exists(
        &self,
        key: &str,
        fingerprint: &str,
        input: &QuestionInput,
        status: Status,
    ) -> Result<bool, StoreError> {
        let now = now_rfc3339();
        let id = uuid::Uuid::new_v4().to_string();
        let topics = serde_json::to_string(&input.topics).unwrap_or_else(|_| "[]".into());
        let lang = input
            .lang
            .as_deref()
            .and_then(Lang::from_tag)
            .unwrap_or_default();
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let inserted = sqlx::query(
            "INSERT INTO questions (id, idempotency_key, request_fingerprint, question, topics, page_url, \
             organisation, name, email, consent_contact, public_name, status, created_at, updated_at, \
             notify, lang) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(key)
        .bind(fingerprint)
        .bind(&input.question)
        .bind(&topics)
        .bind(&input.page_url)
        .bind(&input.organisation)
        .bind(&input.name)
        .bind(&input.email)
        .bind(i32::from(input.consent_contact))
        .bind(i32::from(input.public_name))
        .bind(status.as_str())
        .bind(&now)
        .bind(&now)
        .bind(i32::from(input.notify && input.email.is_some()))
        .bind(lang.tag())
        .execute(&mut *transaction)
        .await?
        .rows_affected();
        if inserted == 1 {
            queue_mail_about(&mut transaction, &id, status, None).await?;
        }
        transaction.commit().await?;
        Ok(inserted == 1)
    }

    /// The question stored under `key`, with the fingerprint of the request that stored
    /// it: whoever inserted it, this request or an earlier one with the same key.
    async fn question_with_key(&self, key: &str) -> Result<(StoredQuestion, String), StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, request_fingerprint FROM questions WHERE idempotency_key = $1"
        );
        let row = self
            .database
            .first_row(sqlx::query(&sql).bind(key))
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        Ok((from_row(&row)?, row.try_get("request_fingerprint")?))
    }

    /// Questions with the given statuses, newest first.
    pub async fn list(
        &self,
        statuses: &[Status],
        limit: u32,
    ) -> Result<Vec<StoredQuestion>, StoreError> {
        self.list_where(statuses, limit, "").await
    }

    /// The questions the public may see with the given statuses, newest first: neither
    /// hidden by readers' reports nor marked as a duplicate of another.
    pub async fn list_visible(
        &self,
        statuses: &[Status],
        limit: u32,
    ) -> Result<Vec<StoredQuestion>, StoreError> {
        self.list_where(
            statuses,
            limit,
            " AND hidden_at IS NULL AND duplicate_of IS NULL",
        )
        .await
    }

    /// Questions with the given statuses and the SQL condition `and` (` AND …`, or empty).
    async fn list_where(
        &self,
        statuses: &[Status],
        limit: u32,
        and: &str,
    ) -> Result<Vec<StoredQuestion>, StoreError> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {COLUMNS} FROM questions WHERE status IN ({}){and} \
             ORDER BY created_at DESC, id LIMIT ${}",
            placeholders(1, statuses.len()),
            statuses.len() + 1
        );
        let mut query = sqlx::query(&sql);
        for status in statuses {
            query = query.bind(status.as_str());
        }
        let rows = query
            .bind(i64::from(limit))
            .fetch_all(self.database.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }

    /// The newest `limit` questions the public may see (neither hidden by reports nor
    /// marked as a duplicate) with the given statuses whose topics `chosen` accepts, looked
    /// for among the newest `scan` of them, newest first. Only the id
    /// and topics of the `scan` questions are read to choose (topics are compared as
    /// folded phrases, which SQL cannot do), then the chosen ones whole: a listing reads
    /// a few columns of a thousand rows, not every column.
    pub async fn list_by_topics(
        &self,
        statuses: &[Status],
        scan: u32,
        limit: usize,
        chosen: impl Fn(&[String]) -> bool,
    ) -> Result<Vec<StoredQuestion>, StoreError> {
        if statuses.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let in_statuses = placeholders(1, statuses.len());
        let sql = format!(
            "SELECT id, topics FROM questions WHERE status IN ({in_statuses}) \
             AND hidden_at IS NULL AND duplicate_of IS NULL ORDER BY created_at DESC, id LIMIT ${}",
            statuses.len() + 1
        );
        let mut query = sqlx::query(&sql);
        for status in statuses {
            query = query.bind(status.as_str());
        }
        let rows = query
            .bind(i64::from(scan))
            .fetch_all(self.database.pool())
            .await?;
        let mut ids = Vec::new();
        for row in &rows {
            let topics: String = row.try_get("topics")?;
            let topics: Vec<String> = serde_json::from_str(&topics).unwrap_or_default();
            if chosen(&topics) {
                ids.push(row.try_get::<String, _>("id")?);
                if ids.len() == limit {
                    break;
                }
            }
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The statuses again: a question may have been refused since it was chosen.
        let sql = format!(
            "SELECT {COLUMNS} FROM questions WHERE status IN ({in_statuses}) AND hidden_at IS NULL \
             AND id IN ({}) \
             ORDER BY created_at DESC, id",
            placeholders(statuses.len() + 1, ids.len())
        );
        let mut query = sqlx::query(&sql);
        for status in statuses {
            query = query.bind(status.as_str());
        }
        for id in &ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(self.database.pool()).await?;
        rows.iter().map(from_row).collect()
    }

    /// How many questions have this status.
    pub async fn count(&self, status: Status) -> Result<i64, StoreError> {
        let row = self
            .database
            .first_row(
                sqlx::query("SELECT COUNT(*) AS n FROM questions WHERE status = $1")
                    .bind(status.as_str()),
            )
            .await?;
        Ok(row.map(|r| r.try_get("n")).transpose()?.unwrap_or(0))
    }

    /// Whether a question was stored under this idempotency key.
    pub async fn has_key(&self, key: &str) -> Result<bool, StoreError> {
        let query = sqlx::query("SELECT 1 FROM questions WHERE idempotency_key = $1").bind(key);
        let row = self.database.first_row(query).await?;
        Ok(row.is_some())
    }

    /// Applies the retention period: questions still `pending` or `rejected` after `days`
    /// are deleted, and published ones keep only what was published of the question
    /// itself: the asker's name, organisation, e-mail address, the page it was asked on
    /// and the request's fingerprint are cleared. Returns (deleted, anonymised).
    pub async fn apply_retention(&self, days: u32) -> Result<(u64, u64), StoreError> {
        let cutoff = rfc3339(OffsetDateTime::now_utc() - time::Duration::days(i64::from(days)));
        let _turn = self.database.turn_to_write().await;
        let deleted = sqlx::query(
            "DELETE FROM questions WHERE status IN ('pending', 'rejected') AND created_at < $1",
        )
        .bind(&cutoff)
        .execute(self.database.pool())
        .await?
        .rows_affected();
        let anonymised = sqlx::query(
            "UPDATE questions SET name = NULL, email = NULL, organisation = NULL, page_url = NULL, \
             consent_contact = 0, public_name = 0, notify = 0, request_fingerprint = '', updated_at = $1 \
             WHERE created_at < $2 AND (name IS NOT NULL OR email IS NOT NULL \
             OR organisation IS NOT NULL OR page_url IS NOT NULL OR request_fingerprint <> '')",
        )
        .bind(now_rfc3339())
        .bind(&cutoff)
        .execute(self.database.pool())
        .await?
        .rows_affected();
        Ok((deleted, anonymised))
    }

    /// Replaces fingerprints kept as the request's JSON (which holds the asker's details)
    /// by their hash, which is what a fingerprint is now: a data step of the migrations
    /// (SQL alone cannot hash on both backends), run when the store is opened.
    pub async fn hash_stored_requests(&self) -> Result<(), StoreError> {
        let rows = sqlx::query(
            "SELECT id, request_fingerprint FROM questions WHERE request_fingerprint LIKE '{%'",
        )
        .fetch_all(self.database.pool())
        .await?;
        if rows.is_empty() {
            return Ok(());
        }
        {
            let _turn = self.database.turn_to_write().await;
            for row in &rows {
                let id: String = row.try_get("id")?;
                let request: String = row.try_get("request_fingerprint")?;
                sqlx::query("UPDATE questions SET request_fingerprint = $1 WHERE id = $2")
                    .bind(hash_hex(request.as_bytes()))
                    .bind(&id)
                    .execute(self.database.pool())
                    .await?;
            }
        }
        self.database.shred_old_versions().await
    }

    /// Deletes one question with everything stored about it, on the asker's request;
    /// `false` when there is no such question.
    pub async fn erase(&self, id: &str) -> Result<bool, StoreError> {
        let _turn = self.database.turn_to_write().await;
        let done = sqlx::query("DELETE FROM questions WHERE id = $1")
            .bind(id)
            .execute(self.database.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// One question by public id.
    pub async fn get(&self, id: &str) -> Result<Option<StoredQuestion>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM questions WHERE id = $1");
        let row = self.database.first_row(sqlx::query(&sql).bind(id)).await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Publishes a moderator's answer (and marks the question `answered`); `false` when
    /// there is no such question. Logged as `actor`'s.
    pub async fn answer(
        &self,
        id: &str,
        text: &str,
        url: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<bool, StoreError> {
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        // `answered_at`: when the moderators' answer was first published; an edit of it
        // keeps that time.
        let now = now_rfc3339();
        let done = sqlx::query(
            "UPDATE questions SET status = 'answered', answer = $1, answer_url = $2, updated_at = $3, \
             answered_at = CASE WHEN status = 'answered' AND answered_at IS NOT NULL \
             THEN answered_at ELSE $5 END \
             WHERE id = $4",
        )
        .bind(text)
        .bind(url)
        .bind(&now)
        .bind(id)
        .bind(&now)
        .execute(&mut *transaction)
        .await?;
        let found = done.rows_affected() == 1;
        if found {
            // The moderators' own answer: one mail, however often it is edited.
            let event = format!("answer:{id}:moderator");
            Outbox::queue_for_asker(&mut transaction, &event, MailKind::Answer, id, None).await?;
            AuditLog::record(&mut transaction, id, None, "answer", actor, Some(text)).await?;
        }
        transaction.commit().await?;
        Ok(found)
    }

    /// Moves a question to another status, with the moderator's reason when they refuse
    /// it; `false` when there is no such question. See [`QuestionStore::decide`].
    pub async fn moderate(
        &self,
        id: &str,
        status: Status,
        reason: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<bool, StoreError> {
        Ok(self.decide(id, status, reason, actor, None, None).await? == Moderated::Done)
    }

    /// Moves a question to another status (only from `from`, when given: of two moderators
    /// deciding on one pending question, the first decides), with the reason of a refusal,
    /// and the moderator's `edited` text (personal details taken out) in place of the
    /// asker's, whose text the audit log keeps; queues the asker's mail about it
    /// (published, refused) and the audit entries in the same transaction.
    pub async fn decide(
        &self,
        id: &str,
        status: Status,
        reason: Option<&str>,
        actor: Actor<'_>,
        from: Option<Status>,
        edited: Option<&str>,
    ) -> Result<Moderated, StoreError> {
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT question FROM questions WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *transaction)
                .await?;
        let done = sqlx::query(
            "UPDATE questions SET status = $1, reject_reason = $2, updated_at = $3 \
             WHERE id = $4 AND ($5 = '' OR status = $6)",
        )
        .bind(status.as_str())
        .bind(reason.filter(|_| status == Status::Rejected))
        .bind(now_rfc3339())
        .bind(id)
        .bind(from.map_or("", Status::as_str))
        .bind(from.map_or("", Status::as_str))
        .execute(&mut *transaction)
        .await?;
        if done.rows_affected() != 1 {
            transaction.rollback().await?;
            return Ok(if self.get(id).await?.is_some() {
                Moderated::AlreadyDecided
            } else {
                Moderated::NotFound
            });
        }
        if let (Some(edited), Some(before)) = (edited, before) {
            if edited != before {
                sqlx::query("UPDATE questions SET question = $1 WHERE id = $2")
                    .bind(edited)
                    .bind(id)
                    .execute(&mut *transaction)
                    .await?;
                AuditLog::record(&mut transaction, id, None, "edit", actor, Some(&before)).await?;
            }
        }
        queue_mail_about(&mut transaction, id, status, None).await?;
        let action = match status {
            Status::Approved => "approve",
            Status::Rejected => "reject",
            Status::Pending => "hold",
            Status::Answered => "answered",
        };
        AuditLog::record(&mut transaction, id, None, action, actor, reason).await?;
        transaction.commit().await?;
        Ok(Moderated::Done)
    }

    /// Stops every mail to the asker of `id`, those already queued included (they are
    /// dropped when their turn comes); `false` when there is no such question.
    pub async fn stop_mail(&self, id: &str) -> Result<bool, StoreError> {
        let _turn = self.database.turn_to_write().await;
        let done = sqlx::query("UPDATE questions SET notify = 0, updated_at = $1 WHERE id = $2")
            .bind(now_rfc3339())
            .bind(id)
            .execute(self.database.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }
}

fn lang_tag<S: serde::Serializer>(lang: &Lang, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(lang.tag())
}

/// Queues the asker's mail about a question now `status` (published or refused; nothing
/// for other states) in the event's transaction.
async fn queue_mail_about(
    transaction: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    status: Status,
    answer_id: Option<&str>,
) -> Result<(), StoreError> {
    let kind = match status {
        Status::Approved => MailKind::Published,
        Status::Rejected => MailKind::Rejected,
        _ => return Ok(()),
    };
    let event = format!("{}:{id}", kind.as_str());
    Outbox::queue_for_asker(transaction, &event, kind, id, answer_id).await?;
    Ok(())
}

/// What tells a retry (the same question again) from a reused key (another question): a
/// SHA-256 of the validated question as JSON, in hex. Only the hash is kept, so the
/// fingerprint holds none of the asker's details.
fn fingerprint(input: &QuestionInput) -> String {
    hash_hex(serde_json::to_string(input).unwrap_or_default().as_bytes())
}

/// SHA-256 in lower-case hex.
pub(super) fn hash_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn from_row(row: &AnyRow) -> Result<StoredQuestion, StoreError> {
    let topics: String = row.try_get("topics")?;
    let status: String = row.try_get("status")?;
    Ok(StoredQuestion {
        id: row.try_get("id")?,
        question: row.try_get("question")?,
        topics: serde_json::from_str(&topics).unwrap_or_default(),
        page_url: row.try_get("page_url")?,
        organisation: row.try_get("organisation")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        consent_contact: row.try_get::<i64, _>("consent_contact")? != 0,
        public_name: row.try_get::<i64, _>("public_name")? != 0,
        status: Status::parse(&status).unwrap_or(Status::Pending),
        answer: row.try_get("answer")?,
        answer_url: row.try_get("answer_url")?,
        notify: row.try_get::<i64, _>("notify")? != 0,
        lang: Lang::from_tag(&row.try_get::<String, _>("lang")?).unwrap_or_default(),
        reject_reason: row.try_get("reject_reason")?,
        hidden: row.try_get::<Option<String>, _>("hidden_at")?.is_some(),
        duplicate_of: row.try_get("duplicate_of")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// `count` placeholders numbered from `first`: `$3, $4, $5`.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Now as RFC 3339 in UTC, see [`rfc3339`].
pub(super) fn now_rfc3339() -> String {
    rfc3339(OffsetDateTime::now_utc())
}

/// RFC 3339 in UTC with a fixed width (microseconds), so that text order is time order and
/// retention can compare stored timestamps as text.
pub(super) fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.microsecond()
    )
}
