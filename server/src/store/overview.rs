//! What the desk's weekly overview (`/admin/overview`, `docs/architecture.md` §9) reads:
//! the questions asked since a week's Monday with the time of their first published
//! answer, the open questions, and the themes and pages of all questions. Read only;
//! the counting is `crate::overview`'s, in plain Rust, because topics are a JSON array
//! that the two backends' SQL cannot take apart alike.

use sqlx::any::AnyRow;
use sqlx::Row;
use time::OffsetDateTime;

use super::database::{Database, StoreError};
use super::questions::rfc3339;

/// A question asked in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedRow {
    /// Its topics as asked.
    pub topics: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// When its first published answer was published (a colleague's approved answer, or
    /// the moderators' own), RFC 3339, UTC; `None` when it has none.
    pub first_answer_at: Option<String>,
}

/// A published question without a published answer.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenRow {
    /// Public id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Its topics as asked.
    pub topics: Vec<String>,
    /// The page it was asked on.
    pub page_url: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A combination of topics and page some question was asked with.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicsOnPage {
    /// The topics as asked.
    pub topics: Vec<String>,
    /// The page, when known (retention clears it after the retention period).
    pub page_url: Option<String>,
}

/// The overview's reads, over the `questions` and `answers` tables.
#[derive(Debug, Clone)]
pub struct OverviewReader {
    database: Database,
}

impl OverviewReader {
    /// The overview of `database`.
    pub fn new(database: Database) -> OverviewReader {
        OverviewReader { database }
    }

    /// Every question asked at or after `since`, whatever its status, oldest first, with
    /// the time of its first published answer.
    pub async fn asked_since(&self, since: OffsetDateTime) -> Result<Vec<AskedRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT q.topics, q.created_at, \
             CASE WHEN q.status = 'answered' THEN q.answered_at END AS moderator_answer_at, \
             (SELECT MIN(a.published_at) FROM answers a \
              WHERE a.question_id = q.id AND a.status = 'approved') AS first_published_at \
             FROM questions q WHERE q.created_at >= $1 ORDER BY q.created_at, q.id",
        )
        .bind(rfc3339(since))
        .fetch_all(self.database.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let moderator: Option<String> = row.try_get("moderator_answer_at")?;
                let colleague: Option<String> = row.try_get("first_published_at")?;
                // Fixed-width RFC 3339 in UTC: text order is time order.
                let first_answer_at = match (moderator, colleague) {
                    (Some(m), Some(c)) => Some(m.min(c)),
                    (m, c) => m.or(c),
                };
                Ok(AskedRow {
                    topics: topics(row)?,
                    created_at: row.try_get("created_at")?,
                    first_answer_at,
                })
            })
            .collect()
    }

    /// Published (`approved`) questions without a published answer, oldest first; not
    /// those that readers' reports hide until a moderator decides, nor those marked as
    /// asked before (their original is the one to answer).
    pub async fn open(&self) -> Result<Vec<OpenRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT q.id, q.question, q.topics, q.page_url, q.created_at FROM questions q \
             WHERE q.status = 'approved' AND q.hidden_at IS NULL \
             AND q.duplicate_of IS NULL AND NOT EXISTS \
             (SELECT 1 FROM answers a WHERE a.question_id = q.id AND a.status = 'approved') \
             ORDER BY q.created_at, q.id",
        )
        .fetch_all(self.database.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OpenRow {
                    id: row.try_get("id")?,
                    question: row.try_get("question")?,
                    topics: topics(row)?,
                    page_url: row.try_get("page_url")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// Each distinct combination of topics and page among all questions: the themes the
    /// form offers, and the pages that raised each theme.
    pub async fn topics_on_pages(&self) -> Result<Vec<TopicsOnPage>, StoreError> {
        let rows = sqlx::query("SELECT DISTINCT topics, page_url FROM questions")
            .fetch_all(self.database.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TopicsOnPage {
                    topics: topics(row)?,
                    page_url: row.try_get("page_url")?,
                })
            })
            .collect()
    }
}

/// The `topics` column, a JSON array of strings; an unreadable one as none.
fn topics(row: &AnyRow) -> Result<Vec<String>, StoreError> {
    let topics: String = row.try_get("topics")?;
    Ok(serde_json::from_str(&topics).unwrap_or_default())
}
