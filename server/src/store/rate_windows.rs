//! The rate limiter's counts: new questions per client per window, in the database rather
//! than in this process, so that several `elders serve` instances behind a load balancer
//! share one limit and a restart does not reset it. The arithmetic of windows and verdicts
//! is `rate_limit`'s; this only counts and forgets.

use sqlx::Row;

use super::database::{Database, StoreError};

/// The `rate_windows` table.
#[derive(Debug, Clone)]
pub struct RateWindows {
    database: Database,
}

impl RateWindows {
    /// The counts in `database`.
    pub fn new(database: Database) -> RateWindows {
        RateWindows { database }
    }

    /// Counts one more new question from `client` in the window that starts at
    /// `window_start` (Unix seconds) and returns the window's count so far. One upsert, so
    /// that concurrent requests on any number of instances each count exactly once.
    pub async fn count_new_question(
        &self,
        client: &str,
        window_start: i64,
    ) -> Result<i64, StoreError> {
        let _turn = self.database.turn_to_write().await;
        let query = sqlx::query(
            "INSERT INTO rate_windows (client, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (client, window_start) DO UPDATE SET hits = rate_windows.hits + 1 \
             RETURNING hits",
        )
        .bind(client)
        .bind(window_start);
        let row = self
            .database
            .first_row(query)
            .await?
            .ok_or(sqlx::Error::RowNotFound)?;
        Ok(row.try_get::<i64, _>(0)?)
    }

    /// How many events the client counted under `client` had in the window that starts at
    /// `window_start`.
    pub async fn hits(&self, client: &str, window_start: i64) -> Result<i64, StoreError> {
        let query =
            sqlx::query("SELECT hits FROM rate_windows WHERE client = $1 AND window_start = $2")
                .bind(client)
                .bind(window_start);
        let row = self.database.first_row(query).await?;
        match row {
            Some(row) => Ok(row.try_get::<i64, _>(0)?),
            None => Ok(0),
        }
    }

    /// Forgets windows that started before `before` (Unix seconds).
    pub async fn forget_windows_before(&self, before: i64) -> Result<u64, StoreError> {
        let _turn = self.database.turn_to_write().await;
        let done = sqlx::query("DELETE FROM rate_windows WHERE window_start < $1")
            .bind(before)
            .execute(self.database.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
