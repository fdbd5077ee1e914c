//! The askers' private links (`/questions/{id}/manage?key=…`, `docs/architecture.md` §8).
//! Each mail carries a key of its own, made as the mail is sent: 256 random bits, shown
//! only in that mail and kept here only as its SHA-256, so that the database (a backup, a
//! copy) opens no asker's question. A key goes with its question (`ON DELETE CASCADE`).

use sqlx::Row;

use super::database::{Database, StoreError};
use super::questions::{hash_hex, now_rfc3339};

/// The `manage_keys` table.
#[derive(Debug, Clone)]
pub struct ManageKeys {
    database: Database,
}

impl ManageKeys {
    /// The keys in `database`.
    pub fn new(database: Database) -> ManageKeys {
        ManageKeys { database }
    }

    /// A new key for the question `question_id`, kept as its hash: the key itself, to put
    /// in one mail.
    pub async fn issue(&self, question_id: &str) -> Result<String, StoreError> {
        let key = new_key();
        let _turn = self.database.turn_to_write().await;
        sqlx::query(
            "INSERT INTO manage_keys (key_hash, question_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(hash_hex(key.as_bytes()))
        .bind(question_id)
        .bind(now_rfc3339())
        .execute(self.database.pool())
        .await?;
        Ok(key)
    }

    /// Whether `key` opens the question `question_id`.
    pub async fn opens(&self, question_id: &str, key: &str) -> Result<bool, StoreError> {
        // A key of the wrong shape is not looked up: it opens nothing.
        if key.len() != KEY_HEX_CHARS || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let row = self
            .database
            .first_row(
                sqlx::query("SELECT question_id FROM manage_keys WHERE key_hash = $1")
                    .bind(hash_hex(key.to_ascii_lowercase().as_bytes())),
            )
            .await?;
        Ok(match row {
            Some(row) => row.try_get::<String, _>("question_id")? == question_id,
            None => false,
        })
    }
}

/// A key's length in hex digits: 256 bits.
const KEY_HEX_CHARS: usize = 64;

fn new_key() -> String {
    super::secret()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_different() {
        let (a, b) = (new_key(), new_key());
        assert_eq!(a.len(), KEY_HEX_CHARS);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
