//! The moderators of the desk, their one-time sign-in links and their sessions
//! (`docs/architecture.md` §9). Links and sessions are kept only as the SHA-256 of their
//! secret, so a copy of the database signs nobody in. Sessions live in the database so
//! that every instance knows them, and `elders moderators remove` ends a moderator's
//! sessions everywhere at once.

use sqlx::any::AnyRow;
use sqlx::Row;
use time::OffsetDateTime;

use super::database::{Database, StoreError};
use super::questions::{hash_hex, now_rfc3339, rfc3339};
use super::secret;

/// How long a sign-in link works.
pub const LINK_HOURS: i64 = 24;
/// How long a session lasts without being used.
pub const IDLE_HOURS: i64 = 8;

/// A moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderator {
    /// Their id.
    pub id: String,
    /// Their name, as the desk and the audit log show it; unique.
    pub name: String,
    /// Their e-mail address, if given.
    pub email: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// When they were removed, if they were.
    pub removed_at: Option<String>,
}

/// A signed-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Who, as the audit log names them: a moderator's name, or "admin" for the token.
    pub actor: String,
    /// The token every form of the session must carry.
    pub csrf: String,
}

/// What a sign-in link came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkUse {
    /// A new session: its cookie value.
    SignedIn(String),
    /// No such link, or its moderator was removed.
    Unknown,
    /// The link was used before.
    Used,
    /// The link is older than [`LINK_HOURS`].
    Expired,
}

/// The `moderators`, `sign_in_links` and `desk_sessions` tables.
#[derive(Debug, Clone)]
pub struct Moderators {
    database: Database,
}

impl Moderators {
    /// The moderators in `database`.
    pub fn new(database: Database) -> Moderators {
        Moderators { database }
    }

    /// Adds a moderator (or finds the one with this name, removed or not, and takes them
    /// back) and makes a sign-in link for them: the moderator and the link's token.
    pub async fn add(
        &self,
        name: &str,
        email: Option<&str>,
    ) -> Result<(Moderator, String), StoreError> {
        let name = name.trim();
        let now = now_rfc3339();
        {
            let _turn = self.database.turn_to_write().await;
            sqlx::query(
                "INSERT INTO moderators (id, name, email, created_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (name) DO UPDATE SET removed_at = NULL, \
                 email = COALESCE(excluded.email, moderators.email)",
            )
            .bind(uuid::Uuid::new_v4().to_string())
            .bind(name)
            .bind(email)
            .bind(&now)
            .execute(self.database.pool())
            .await?;
        }
        let moderator = self.find(name).await?.ok_or(sqlx::Error::RowNotFound)?;
        let token = secret();
        let expires = rfc3339(OffsetDateTime::now_utc() + time::Duration::hours(LINK_HOURS));
        let _turn = self.database.turn_to_write().await;
        sqlx::query(
            "INSERT INTO sign_in_links (token_hash, moderator_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(hash_hex(token.as_bytes()))
        .bind(&moderator.id)
        .bind(expires)
        .execute(self.database.pool())
        .await?;
        Ok((moderator, token))
    }

    /// The moderator with this name or id.
    pub async fn find(&self, name_or_id: &str) -> Result<Option<Moderator>, StoreError> {
        let row = self
            .database
            .first_row(
                sqlx::query(
                    "SELECT id, name, email, created_at, removed_at FROM moderators \
                     WHERE name = $1 OR id = $2",
                )
                .bind(name_or_id)
                .bind(name_or_id),
            )
            .await?;
        row.as_ref().map(moderator).transpose()
    }

    /// Every moderator, removed ones included, by name.
    pub async fn list(&self) -> Result<Vec<Moderator>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, name, email, created_at, removed_at FROM moderators ORDER BY name",
        )
        .fetch_all(self.database.pool())
        .await?;
        rows.iter().map(moderator).collect()
    }

    /// Removes a moderator: their links and sessions stop working at once; the row stays
    /// for the audit log. `false` when there is no such moderator.
    pub async fn remove(&self, name_or_id: &str) -> Result<bool, StoreError> {
        let Some(moderator) = self.find(name_or_id).await? else {
            return Ok(false);
        };
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        sqlx::query("UPDATE moderators SET removed_at = $1 WHERE id = $2")
            .bind(now_rfc3339())
            .bind(&moderator.id)
            .execute(&mut *transaction)
            .await?;
        for table in ["sign_in_links", "desk_sessions"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE moderator_id = $1"))
                .bind(&moderator.id)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await?;
        Ok(true)
    }

    /// Uses a sign-in link, once: a new session for its moderator.
    pub async fn use_link(&self, token: &str) -> Result<LinkUse, StoreError> {
        let now = now_rfc3339();
        let row = self
            .database
            .first_row(
                sqlx::query(
                    "SELECT l.moderator_id, l.expires_at, l.used_at, m.name FROM sign_in_links l \
                     JOIN moderators m ON m.id = l.moderator_id \
                     WHERE l.token_hash = $1 AND m.removed_at IS NULL",
                )
                .bind(hash_hex(token.as_bytes())),
            )
            .await?;
        let Some(row) = row else {
            return Ok(LinkUse::Unknown);
        };
        let moderator_id: String = row.try_get("moderator_id")?;
        let name: String = row.try_get("name")?;
        if row.try_get::<Option<String>, _>("used_at")?.is_some() {
            return Ok(LinkUse::Used);
        }
        if row.try_get::<String, _>("expires_at")? < now {
            return Ok(LinkUse::Expired);
        }
        // Marked used in the statement that checks it is unused: of two requests with the
        // same link, one signs in.
        let taken = {
            let _turn = self.database.turn_to_write().await;
            sqlx::query(
                "UPDATE sign_in_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
            )
            .bind(&now)
            .bind(hash_hex(token.as_bytes()))
            .execute(self.database.pool())
            .await?
            .rows_affected()
        };
        if taken != 1 {
            return Ok(LinkUse::Used);
        }
        Ok(LinkUse::SignedIn(
            self.open_session(Some(&moderator_id), &name).await?,
        ))
    }

    /// Opens a session for `actor` (a moderator, or the admin token's holder when
    /// `moderator_id` is `None`): the cookie's value.
    pub async fn open_session(
        &self,
        moderator_id: Option<&str>,
        actor: &str,
    ) -> Result<String, StoreError> {
        let id = secret();
        let now = now_rfc3339();
        let _turn = self.database.turn_to_write().await;
        sqlx::query(
            "INSERT INTO desk_sessions (id_hash, moderator_id, actor, csrf, created_at, last_seen_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash_hex(id.as_bytes()))
        .bind(moderator_id)
        .bind(actor)
        .bind(secret())
        .bind(&now)
        .bind(&now)
        .execute(self.database.pool())
        .await?;
        Ok(id)
    }

    /// The session with this cookie value, if it is there and was used within
    /// [`IDLE_HOURS`]; using it keeps it alive (written at most once a minute).
    pub async fn session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        let hash = hash_hex(id.as_bytes());
        let row = self
            .database
            .first_row(
                sqlx::query(
                    "SELECT actor, csrf, last_seen_at FROM desk_sessions WHERE id_hash = $1",
                )
                .bind(&hash),
            )
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let now = OffsetDateTime::now_utc();
        let last_seen: String = row.try_get("last_seen_at")?;
        if last_seen < rfc3339(now - time::Duration::hours(IDLE_HOURS)) {
            self.close_session(id).await?;
            return Ok(None);
        }
        if last_seen < rfc3339(now - time::Duration::minutes(1)) {
            let _turn = self.database.turn_to_write().await;
            sqlx::query("UPDATE desk_sessions SET last_seen_at = $1 WHERE id_hash = $2")
                .bind(rfc3339(now))
                .bind(&hash)
                .execute(self.database.pool())
                .await?;
        }
        Ok(Some(Session {
            actor: row.try_get("actor")?,
            csrf: row.try_get("csrf")?,
        }))
    }

    /// Ends a session (signing out).
    pub async fn close_session(&self, id: &str) -> Result<(), StoreError> {
        let _turn = self.database.turn_to_write().await;
        sqlx::query("DELETE FROM desk_sessions WHERE id_hash = $1")
            .bind(hash_hex(id.as_bytes()))
            .execute(self.database.pool())
            .await?;
        Ok(())
    }
}

fn moderator(row: &AnyRow) -> Result<Moderator, StoreError> {
    Ok(Moderator {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        created_at: row.try_get("created_at")?,
        removed_at: row.try_get("removed_at")?,
    })
}
