//! The audit log of moderation (`docs/architecture.md` §9): who did what to which
//! question or answer, when, written in the transaction of the action itself, so that the
//! log and the data never disagree. Entries go with their question, so the log is kept as
//! long as the item it speaks of.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::database::{Database, StoreError};
use super::questions::now_rfc3339;

/// One entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// The question, or the answer's question.
    pub question_id: String,
    /// The answer, when the action was on one.
    pub answer_id: Option<String>,
    /// What was done: `approve`, `reject`, `answer`, `accept`, …
    pub action: String,
    /// Who: a moderator's name, `admin` (the token), `cli`, `asker`.
    pub actor: String,
    /// A refusal's reason, the text before an edit, …
    pub detail: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// Who acts, and on which item, for the log.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a>(pub &'a str);

/// The `audit_log` table.
#[derive(Debug, Clone)]
pub struct AuditLog {
    database: Database,
}

impl AuditLog {
    /// The log in `database`.
    pub fn new(database: Database) -> AuditLog {
        AuditLog { database }
    }

    /// Writes one entry in the action's transaction.
    pub(super) async fn record(
        connection: &mut AnyConnection,
        question_id: &str,
        answer_id: Option<&str>,
        action: &str,
        actor: Actor<'_>,
        detail: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO audit_log (id, question_id, answer_id, action, actor, detail, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(question_id)
        .bind(answer_id)
        .bind(action)
        .bind(actor.0)
        .bind(detail)
        .bind(now_rfc3339())
        .execute(&mut *connection)
        .await?;
        Ok(())
    }

    /// A question's entries, its answers' included, oldest first.
    pub async fn for_question(&self, question_id: &str) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT question_id, answer_id, action, actor, detail, created_at FROM audit_log \
             WHERE question_id = $1 ORDER BY created_at, id",
        )
        .bind(question_id)
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(entry).collect()
    }

    /// The newest entry about a question (`answer_id` `None`) or one of its answers.
    pub async fn last_for(
        &self,
        question_id: &str,
        answer_id: Option<&str>,
    ) -> Result<Option<AuditEntry>, StoreError> {
        let entries = self.for_question(question_id).await?;
        Ok(entries
            .into_iter()
            .rev()
            .find(|e| e.answer_id.as_deref() == answer_id))
    }

    /// The newest `limit` entries.
    pub async fn recent(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT question_id, answer_id, action, actor, detail, created_at FROM audit_log \
             ORDER BY created_at DESC, id LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(entry).collect()
    }
}

fn entry(row: &AnyRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        question_id: row.try_get("question_id")?,
        answer_id: row.try_get("answer_id")?,
        action: row.try_get("action")?,
        actor: row.try_get("actor")?,
        detail: row.try_get("detail")?,
        created_at: row.try_get("created_at")?,
    })
}
