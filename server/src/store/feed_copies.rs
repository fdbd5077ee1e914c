//! Federation's last good copy of each feed fetched from a URL, with its validators. A
//! restarted server, or another instance, starts from it: a publisher's outage during a
//! restart does not take its items away, and an unchanged feed costs the publisher a `304`
//! even on the first fetch after the restart.

use sqlx::Row;

use super::database::{Database, StoreError};

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

/// The `feed_copies` table: one copy per source, the newest replacing the one before.
#[derive(Debug, Clone)]
pub struct FeedCopies {
    database: Database,
}

impl FeedCopies {
    /// The copies in `database`.
    pub fn new(database: Database) -> FeedCopies {
        FeedCopies { database }
    }

    /// Saves the last good copy of the feed at `source` (a URL), replacing the one before.
    pub async fn save(&self, source: &str, copy: &FeedCopy) -> Result<(), StoreError> {
        let _turn = self.database.turn_to_write().await;
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
        .execute(self.database.pool())
        .await?;
        Ok(())
    }

    /// The saved copy of the feed at `source`, if any.
    pub async fn get(&self, source: &str) -> Result<Option<FeedCopy>, StoreError> {
        let query = sqlx::query(
            "SELECT body, etag, last_modified, fetched_at FROM feed_copies WHERE source = $1",
        )
        .bind(source);
        let row = self.database.first_row(query).await?;
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
}
