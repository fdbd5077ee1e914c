//! Where questions (and the last good copies of feeds fetched from URLs) live: SQLite (a file, the default) or PostgreSQL, through sqlx's `Any`
//! driver, so that both backends run the very same SQL. Queries use `$1`-style
//! placeholders, which both accept; the migrations in `server/migrations/` are plain SQL
//! that both accept, and columns keep to types both share (TEXT, INTEGER, BIGINT), with
//! times as fixed-width RFC 3339 text.
//!
//! Invariant: one idempotency key, one row. The insert is `ON CONFLICT DO NOTHING` on the
//! unique key followed by a read of the row that holds the key, so concurrent retries of
//! the same POST all get the same question back, and a key reused for a *different*
//! question is refused instead of silently returning the old one.

use std::sync::Arc;
use std::time::Duration;

use elders_core::QuestionInput;
use serde::Serialize;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use time::OffsetDateTime;

/// Where a question is in moderation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for a moderator; never shown publicly.
    Pending,
    /// Public.
    Approved,
    /// Refused; never shown publicly.
    Rejected,
    /// Public, with an answer.
    Answered,
}

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Answered => "answered",
        }
    }

    fn parse(s: &str) -> Status {
        match s {
            "approved" => Status::Approved,
            "rejected" => Status::Rejected,
            "answered" => Status::Answered,
            _ => Status::Pending,
        }
    }
}

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
    /// Moderation status.
    pub status: Status,
    /// A moderator's answer.
    pub answer: Option<String>,
    /// A link with the answer.
    pub answer_url: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// What storing a question did.
#[derive(Debug)]
pub enum Insert {
    /// A new row.
    Created(StoredQuestion),
    /// The key was seen before with the same question: the stored one.
    Replayed(StoredQuestion),
    /// The key was seen before with a different question.
    KeyReused,
}

/// A feed as last fetched from a URL, with the validators to revalidate it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedCopy {
    /// The feed's text.
    pub body: String,
    /// Its `ETag`.
    pub etag: Option<String>,
    /// Its `Last-Modified`.
    pub last_modified: Option<String>,
    /// When it was fetched, RFC 3339.
    pub fetched_at: String,
}

/// Storage failures.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is not one Elders can use.
    #[error(
        "unsupported database URL {0:?}: use sqlite://PATH (e.g. sqlite://elders.db) \
         or postgres://USER:PASSWORD@HOST/DATABASE"
    )]
    UnsupportedUrl(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A file on this machine: one `elders serve` process.
    Sqlite,
    /// A server: any number of `elders serve` processes.
    Postgres,
}

impl Backend {
    /// Its name, as `/healthz` reports it.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The backend for a database URL, by its scheme.
    pub fn of(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split(':').next().unwrap_or_default();
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            _ => Err(StoreError::UnsupportedUrl(url.to_string())),
        }
    }
}

/// The question store.
#[derive(Debug, Clone)]
pub struct QuestionStore {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: one writer at a time, queued here. SQLite allows one writer per file;
    /// writers that meet inside SQLite wait in its busy handler, which sleeps in growing
    /// steps (up to 100 ms each), and under a burst of questions some waited over a second.
    /// Queued here, each waits only for the writes ahead of it (`docs/benchmarks.md`).
    writer: Option<Arc<tokio::sync::Mutex<()>>>,
}

const COLUMNS: &str =
    "id, question, topics, page_url, organisation, name, email, consent_contact, \
                       status, answer, answer_url, created_at, updated_at";

impl QuestionStore {
    /// Opens (creating if needed) the database and runs the migrations.
    ///
    /// A SQLite file is created when missing; a PostgreSQL database must exist (the
    /// tables are created in it).
    pub async fn open(url: &str) -> Result<QuestionStore, StoreError> {
        sqlx::any::install_default_drivers();
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let backend = Backend::of(url)?;
        let pool = match backend {
            Backend::Sqlite => {
                // An in-memory database exists per connection: keep exactly one, for ever.
                let in_memory = url.contains(":memory:");
                let options = if in_memory {
                    options
                        .max_connections(1)
                        .min_connections(1)
                        .idle_timeout(None)
                        .max_lifetime(None)
                } else {
                    options.max_connections(8)
                };
                options
                    .after_connect(|connection, _| {
                        Box::pin(async move {
                            // A question that got its 201 survives a crash: WAL with a full
                            // sync on every commit. Writers queue instead of failing at once.
                            for pragma in [
                                "PRAGMA journal_mode = WAL",
                                "PRAGMA synchronous = FULL",
                                "PRAGMA busy_timeout = 10000",
                                "PRAGMA foreign_keys = ON",
                            ] {
                                connection.execute(pragma).await?;
                            }
                            Ok(())
                        })
                    })
                    .connect(&sqlite_creating(url))
                    .await?
            }
            Backend::Postgres => options.max_connections(16).connect(url).await?,
        };
        sqlx::migrate!("./migrations").run(&pool).await?;
        let writer = (backend == Backend::Sqlite).then(|| Arc::new(tokio::sync::Mutex::new(())));
        Ok(QuestionStore {
            pool,
            backend,
            writer,
        })
    }

    /// Waits for this process's turn to write (SQLite), or returns at once (PostgreSQL).
    async fn turn_to_write(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match &self.writer {
            Some(writer) => Some(writer.lock().await),
            None => None,
        }
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Stores a validated question under its idempotency key.
    pub async fn insert(
        &self,
        key: &str,
        input: &QuestionInput,
        status: Status,
    ) -> Result<Insert, StoreError> {
        let fingerprint = serde_json::to_string(input).unwrap_or_default();
        let now = now_rfc3339();
        let id = uuid::Uuid::new_v4().to_string();
        let topics = serde_json::to_string(&input.topics).unwrap_or_else(|_| "[]".into());
        let turn = self.turn_to_write().await;
        let inserted = sqlx::query(
            "INSERT INTO questions (id, idempotency_key, request_fingerprint, question, topics, page_url, \
             organisation, name, email, consent_contact, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(&id)
        .bind(key)
        .bind(&fingerprint)
        .bind(&input.question)
        .bind(&topics)
        .bind(&input.page_url)
        .bind(&input.organisation)
        .bind(&input.name)
        .bind(&input.email)
        .bind(i32::from(input.consent_contact))
        .bind(status.as_str())
        .bind(&now)
        .bind(&now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        drop(turn);
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS}, request_fingerprint FROM questions WHERE idempotency_key = $1"
        ))
        .bind(key)
        .fetch_one(&self.pool)
        .await?;
        let stored_fingerprint: String = row.try_get("request_fingerprint")?;
        let question = from_row(&row)?;
        Ok(if inserted == 1 {
            Insert::Created(question)
        } else if stored_fingerprint == fingerprint {
            Insert::Replayed(question)
        } else {
            Insert::KeyReused
        })
    }

    /// Questions with the given statuses, newest first.
    pub async fn list(
        &self,
        statuses: &[Status],
        limit: u32,
    ) -> Result<Vec<StoredQuestion>, StoreError> {
        if statuses.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = (1..=statuses.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(", ");
        let limit_at = statuses.len() + 1;
        let sql = format!(
            "SELECT {COLUMNS} FROM questions WHERE status IN ({placeholders}) \
             ORDER BY created_at DESC, id LIMIT ${limit_at}"
        );
        let mut query = sqlx::query(&sql);
        for status in statuses {
            query = query.bind(status.as_str());
        }
        let rows = query.bind(i64::from(limit)).fetch_all(&self.pool).await?;
        rows.iter().map(from_row).collect()
    }

    /// Whether a question was stored under this idempotency key.
    pub async fn has_key(&self, key: &str) -> Result<bool, StoreError> {
        let row = sqlx::query("SELECT 1 FROM questions WHERE idempotency_key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }

    /// Applies the retention period: questions still `pending` or `rejected` after `days`
    /// are deleted, and published ones lose the asker's name and e-mail address. Returns
    /// (deleted, anonymised).
    pub async fn apply_retention(&self, days: u32) -> Result<(u64, u64), StoreError> {
        let cutoff = rfc3339(OffsetDateTime::now_utc() - time::Duration::days(i64::from(days)));
        let _turn = self.turn_to_write().await;
        let deleted = sqlx::query(
            "DELETE FROM questions WHERE status IN ('pending', 'rejected') AND created_at < $1",
        )
        .bind(&cutoff)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let anonymised = sqlx::query(
            "UPDATE questions SET name = NULL, email = NULL, consent_contact = 0, updated_at = $1 \
             WHERE created_at < $2 AND (name IS NOT NULL OR email IS NOT NULL)",
        )
        .bind(now_rfc3339())
        .bind(&cutoff)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok((deleted, anonymised))
    }

    /// Counts one more new question from `client` in the window that starts at
    /// `window_start` (Unix seconds) and returns the window's count so far. One upsert, so
    /// that concurrent requests on any number of instances each count exactly once.
    pub async fn count_new_question(
        &self,
        client: &str,
        window_start: i64,
    ) -> Result<i64, StoreError> {
        let _turn = self.turn_to_write().await;
        let row = sqlx::query(
            "INSERT INTO rate_windows (client, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (client, window_start) DO UPDATE SET hits = rate_windows.hits + 1 \
             RETURNING hits",
        )
        .bind(client)
        .bind(window_start)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// Forgets rate-limit windows that started before `before` (Unix seconds).
    pub async fn forget_windows_before(&self, before: i64) -> Result<u64, StoreError> {
        let _turn = self.turn_to_write().await;
        let done = sqlx::query("DELETE FROM rate_windows WHERE window_start < $1")
            .bind(before)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Saves the last good copy of the feed at `source` (a URL), replacing the one before.
    pub async fn save_feed_copy(&self, source: &str, copy: &FeedCopy) -> Result<(), StoreError> {
        let _turn = self.turn_to_write().await;
        sqlx::query(
            "INSERT INTO feed_copies (source, body, etag, last_modified, fetched_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source) DO UPDATE SET \
             body = excluded.body, etag = excluded.etag, \
             last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
        )
        .bind(source)
        .bind(&copy.body)
        .bind(&copy.etag)
        .bind(&copy.last_modified)
        .bind(&copy.fetched_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The saved copy of the feed at `source`, if any.
    pub async fn feed_copy(&self, source: &str) -> Result<Option<FeedCopy>, StoreError> {
        let row = sqlx::query(
            "SELECT body, etag, last_modified, fetched_at FROM feed_copies WHERE source = $1",
        )
        .bind(source)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| {
            Ok(FeedCopy {
                body: row.try_get("body")?,
                etag: row.try_get("etag")?,
                last_modified: row.try_get("last_modified")?,
                fetched_at: row.try_get("fetched_at")?,
            })
        })
        .transpose()
    }

    /// One question by public id.
    pub async fn get(&self, id: &str) -> Result<Option<StoredQuestion>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM questions WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Publishes a moderator's answer (and marks the question `answered`); `false` when
    /// there is no such question.
    pub async fn answer(
        &self,
        id: &str,
        text: &str,
        url: Option<&str>,
    ) -> Result<bool, StoreError> {
        let _turn = self.turn_to_write().await;
        let done = sqlx::query(
            "UPDATE questions SET status = 'answered', answer = $1, answer_url = $2, updated_at = $3 \
             WHERE id = $4",
        )
        .bind(text)
        .bind(url)
        .bind(now_rfc3339())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Moves a question to another status; `false` when there is no such question.
    pub async fn set_status(&self, id: &str, status: Status) -> Result<bool, StoreError> {
        let _turn = self.turn_to_write().await;
        let done = sqlx::query("UPDATE questions SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(now_rfc3339())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }
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
        status: Status::parse(&status),
        answer: row.try_get("answer")?,
        answer_url: row.try_get("answer_url")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A SQLite URL that creates its file when missing (`mode=rwc`) unless it says otherwise.
fn sqlite_creating(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Now as RFC 3339 in UTC, see [`rfc3339`].
fn now_rfc3339() -> String {
    rfc3339(OffsetDateTime::now_utc())
}

/// RFC 3339 in UTC with a fixed width (microseconds), so that text order is time order and
/// retention can compare stored timestamps as text.
fn rfc3339(t: OffsetDateTime) -> String {
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
