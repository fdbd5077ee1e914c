//! Questions asked before (`docs/architecture.md` §9): a moderator marks a question as a
//! duplicate of a published original, and may clear the mark again. A duplicate leaves
//! the public listings, and its own page points to the original.
//!
//! Invariant: no chains. A duplicate always points to a question that is not itself a
//! duplicate: marking a question as a duplicate of a duplicate points it to that one's
//! original, and marking an original as a duplicate moves its own duplicates along to the
//! new original, in the same transaction. The mark, the asker's mail about it and the
//! audit entry are written together or not at all.

use super::audit::{Actor, AuditLog};
use super::database::StoreError;
use super::outbox::{MailKind, Outbox};
use super::questions::{now_rfc3339, QuestionStore, Status};

/// What marking a question as a duplicate came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Duplicate {
    /// Marked: it now points to this original (the chosen one's original when the chosen
    /// one was itself a duplicate).
    Marked {
        /// The original's id.
        original: String,
    },
    /// There is no such question.
    NotFound,
    /// The original is the question itself (or the question is the chosen one's original).
    OfItself,
    /// There is no published question with that id.
    UnknownOriginal,
    /// The question was already marked (by someone else, or before): nothing changed.
    AlreadyMarked {
        /// The original it points to.
        original: String,
    },
}

impl QuestionStore {
    /// Marks `id` as a duplicate of the published question `original` (see the module's
    /// invariant), queues the asker's mail pointing to the original, and logs it as
    /// `actor`'s. Only a question not yet marked is marked: of two moderators, the first
    /// decides.
    pub async fn mark_duplicate(
        &self,
        id: &str,
        original: &str,
        actor: Actor<'_>,
    ) -> Result<Duplicate, StoreError> {
        let Some(question) = self.get(id).await? else {
            return Ok(Duplicate::NotFound);
        };
        if let Some(original) = question.duplicate_of {
            return Ok(Duplicate::AlreadyMarked { original });
        }
        let Some(chosen) = self.get(original).await? else {
            return Ok(Duplicate::UnknownOriginal);
        };
        let original = chosen.duplicate_of.unwrap_or(chosen.id);
        if original == id {
            return Ok(Duplicate::OfItself);
        }
        let published = self
            .get(&original)
            .await?
            .is_some_and(|o| o.status.is_public());
        if !published {
            return Ok(Duplicate::UnknownOriginal);
        }
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let now = now_rfc3339();
        let done = sqlx::query(
            "UPDATE questions SET duplicate_of = $1, updated_at = $2 \
             WHERE id = $3 AND duplicate_of IS NULL",
        )
        .bind(&original)
        .bind(&now)
        .bind(id)
        .execute(&mut *transaction)
        .await?;
        if done.rows_affected() != 1 {
            transaction.rollback().await?;
            let original = self.get(id).await?.and_then(|q| q.duplicate_of);
            return Ok(match original {
                Some(original) => Duplicate::AlreadyMarked { original },
                None => Duplicate::NotFound,
            });
        }
        // Its own duplicates follow it to the original: no chains.
        sqlx::query(
            "UPDATE questions SET duplicate_of = $1, updated_at = $2 WHERE duplicate_of = $3",
        )
        .bind(&original)
        .bind(&now)
        .bind(id)
        .execute(&mut *transaction)
        .await?;
        // One mail per original it is pointed to, however often it is marked.
        let event = format!("{}:{id}:{original}", MailKind::Duplicate.as_str());
        Outbox::queue_for_asker(&mut transaction, &event, MailKind::Duplicate, id, None).await?;
        AuditLog::record(
            &mut transaction,
            id,
            None,
            "duplicate",
            actor,
            Some(&original),
        )
        .await?;
        transaction.commit().await?;
        Ok(Duplicate::Marked { original })
    }

    /// Clears the duplicate mark of `id`, logged as `actor`'s: the original it pointed to,
    /// or `None` when it was not marked (or there is no such question) and nothing changed.
    pub async fn clear_duplicate(
        &self,
        id: &str,
        actor: Actor<'_>,
    ) -> Result<Option<String>, StoreError> {
        let Some(original) = self.get(id).await?.and_then(|q| q.duplicate_of) else {
            return Ok(None);
        };
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let done = sqlx::query(
            "UPDATE questions SET duplicate_of = NULL, updated_at = $1 \
             WHERE id = $2 AND duplicate_of = $3",
        )
        .bind(now_rfc3339())
        .bind(id)
        .bind(&original)
        .execute(&mut *transaction)
        .await?;
        if done.rows_affected() != 1 {
            transaction.rollback().await?;
            return Ok(None);
        }
        AuditLog::record(
            &mut transaction,
            id,
            None,
            "not_duplicate",
            actor,
            Some(&original),
        )
        .await?;
        transaction.commit().await?;
        Ok(Some(original))
    }

    /// Up to `limit` published open questions sharing a topic with `topics` (compared
    /// as folded phrases), other than `id`, newest first: the likely originals of `id`.
    pub async fn originals_for(
        &self,
        id: &str,
        topics: &[String],
        limit: usize,
    ) -> Result<Vec<super::StoredQuestion>, StoreError> {
        use elders_core::text::phrase_key;
        let wanted: Vec<String> = topics.iter().map(|t| phrase_key(t)).collect();
        if wanted.is_empty() {
            return Ok(Vec::new());
        }
        let mut found = self
            .list_by_topics(
                &[Status::Approved, Status::Answered],
                1_000,
                limit + 1,
                |topics| topics.iter().any(|t| wanted.contains(&phrase_key(t))),
            )
            .await?;
        found.retain(|q| q.id != id);
        found.truncate(limit);
        Ok(found)
    }
}
