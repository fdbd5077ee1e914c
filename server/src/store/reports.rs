//! Readers' reports of published questions and answers ("Melden", `docs/architecture.md`
//! §9) and the moderators' decisions on them.
//!
//! Invariants, kept by the `reports` table's unique index and by doing each step in one
//! transaction:
//! - one client, one open report per item: a client is its rate-limit key (an address, or
//!   an IPv6 /64), stored only as its SHA-256 and cleared when a moderator decides;
//! - a reported item stays public until a moderator decides, unless
//!   [`HIDE_AFTER_REPORTS`] open reports from different clients hide it first;
//! - a decision settles every open report on the item at once: the first moderator
//!   decides, a second finds nothing open and is told who did.

use elders_core::question::HIDE_AFTER_REPORTS;
use elders_core::ReportReason;
use sqlx::{AnyConnection, Row};

use super::audit::{Actor, AuditLog};
use super::database::{Database, StoreError};
use super::questions::{hash_hex, now_rfc3339, Moderated};

/// What is reported: a question, or one of its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reportable<'a> {
    /// A published question, by id.
    Question(&'a str),
    /// A published answer, by its question's id and its own.
    Answer {
        /// The question it answers.
        question: &'a str,
        /// The answer.
        answer: &'a str,
    },
}

impl Reportable<'_> {
    fn item(&self) -> &str {
        match self {
            Reportable::Question(id) => id,
            Reportable::Answer { answer, .. } => answer,
        }
    }

    fn question(&self) -> &str {
        match self {
            Reportable::Question(id) => id,
            Reportable::Answer { question, .. } => question,
        }
    }

    fn answer(&self) -> Option<&str> {
        match self {
            Reportable::Question(_) => None,
            Reportable::Answer { answer, .. } => Some(answer),
        }
    }
}

/// What a report came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reported {
    /// The client's open report of the item: stored now (`new`), or earlier, when this
    /// client had reported it already and nothing changed.
    Stored {
        /// The report's id.
        id: String,
        /// Whether this request stored it.
        new: bool,
        /// Whether the item is hidden now, until a moderator decides.
        hidden: bool,
    },
    /// There is no such published item.
    NotFound,
}

/// One reported item waiting for a moderator, with its open reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReports {
    /// The question, or the answer's question.
    pub question_id: String,
    /// The answer, when an answer is reported.
    pub answer_id: Option<String>,
    /// How many open reports, from as many clients.
    pub count: i64,
    /// How many gave each reason, in [`ReportReason::ALL`]'s order, those given only.
    pub reasons: Vec<(ReportReason, i64)>,
    /// Whether the reports have hidden the item.
    pub hidden: bool,
    /// The first open report's time, RFC 3339 UTC.
    pub first_at: String,
}

/// What a moderator decides about a reported item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportDecision<'a> {
    /// It may stay: the reports are settled and the item shown again if hidden, with the
    /// moderator's `edited` text (personal details taken out) in place of the old, which
    /// the audit log keeps.
    Keep(Option<&'a str>),
    /// It goes: refused (a question with the reason, which the audit log keeps).
    Refuse(Option<&'a str>),
}

/// The `reports` table.
#[derive(Debug, Clone)]
pub struct ReportStore {
    database: Database,
}

impl ReportStore {
    /// The reports in `database`.
    pub fn new(database: Database) -> ReportStore {
        ReportStore { database }
    }

    /// Whether the client with rate-limit key `client` has an open report on `item`: a
    /// repeated report is answered without counting against the client's rate limit.
    pub async fn has_open(&self, item: Reportable<'_>, client: &str) -> Result<bool, StoreError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM reports WHERE item = $1 AND client = $2 AND decided_at IS NULL",
        )
        .bind(item.item())
        .bind(client_hash(client))
        .fetch_optional(self.database.pool())
        .await?;
        Ok(found.is_some())
    }

    /// Stores a report of a published `item` by the client with rate-limit key `client`,
    /// once per client while it is open, and hides the item when it makes
    /// [`HIDE_AFTER_REPORTS`] open reports; both in the audit log.
    pub async fn report(
        &self,
        item: Reportable<'_>,
        client: &str,
        reason: ReportReason,
    ) -> Result<Reported, StoreError> {
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        if !is_published(&mut transaction, item).await? {
            transaction.rollback().await?;
            return Ok(Reported::NotFound);
        }
        let id = uuid::Uuid::new_v4().to_string();
        let client = client_hash(client);
        let stored = sqlx::query(
            "INSERT INTO reports (id, question_id, answer_id, item, client, reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(item.question())
        .bind(item.answer())
        .bind(item.item())
        .bind(&client)
        .bind(reason.as_str())
        .bind(now_rfc3339())
        .execute(&mut *transaction)
        .await?;
        if stored.rows_affected() == 0 {
            let id: String = sqlx::query_scalar(
                "SELECT id FROM reports WHERE item = $1 AND client = $2 AND decided_at IS NULL",
            )
            .bind(item.item())
            .bind(&client)
            .fetch_one(&mut *transaction)
            .await?;
            let hidden = is_hidden(&mut transaction, item).await?;
            transaction.rollback().await?;
            return Ok(Reported::Stored {
                id,
                new: false,
                hidden,
            });
        }
        AuditLog::record(
            &mut transaction,
            item.question(),
            item.answer(),
            "report",
            Actor("reader"),
            Some(reason.as_str()),
        )
        .await?;
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM reports WHERE item = $1 AND decided_at IS NULL",
        )
        .bind(item.item())
        .fetch_one(&mut *transaction)
        .await?;
        let hidden = if open >= HIDE_AFTER_REPORTS {
            let hid = sqlx::query(&format!(
                "UPDATE {} SET hidden_at = $1 WHERE id = $2 AND hidden_at IS NULL",
                table(item)
            ))
            .bind(now_rfc3339())
            .bind(item.item())
            .execute(&mut *transaction)
            .await?;
            if hid.rows_affected() == 1 {
                let detail = format!("{open} reports");
                AuditLog::record(
                    &mut transaction,
                    item.question(),
                    item.answer(),
                    "hide",
                    Actor("reports"),
                    Some(&detail),
                )
                .await?;
            }
            true
        } else {
            is_hidden(&mut transaction, item).await?
        };
        transaction.commit().await?;
        Ok(Reported::Stored {
            id,
            new: true,
            hidden,
        })
    }

    /// The items with open reports, the longest waiting first, at most `limit`.
    pub async fn open(&self, limit: u32) -> Result<Vec<OpenReports>, StoreError> {
        let rows = sqlx::query(
            "SELECT item, MIN(question_id) AS question_id, MIN(answer_id) AS answer_id, \
             MIN(created_at) AS first_at FROM reports WHERE decided_at IS NULL \
             GROUP BY item ORDER BY first_at, item LIMIT $1",
        )
        .bind(i64::from(limit))
        .fetch_all(self.database.pool())
        .await?;
        let mut connection = self.database.pool().acquire().await?;
        let mut open = Vec::with_capacity(rows.len());
        for row in rows {
            let item: String = row.try_get("item")?;
            let question_id: String = row.try_get("question_id")?;
            let answer_id: Option<String> = row.try_get("answer_id")?;
            let reasons = sqlx::query(
                "SELECT reason, COUNT(*) AS n FROM reports WHERE item = $1 AND decided_at IS NULL \
                 GROUP BY reason",
            )
            .bind(&item)
            .fetch_all(&mut *connection)
            .await?;
            let mut counted = Vec::new();
            for row in &reasons {
                let reason: String = row.try_get("reason")?;
                if let Some(reason) = ReportReason::parse(&reason) {
                    counted.push((reason, row.try_get::<i64, _>("n")?));
                }
            }
            counted.sort_by_key(|(reason, _)| ReportReason::ALL.iter().position(|r| r == reason));
            let reportable = match &answer_id {
                Some(answer) => Reportable::Answer {
                    question: &question_id,
                    answer,
                },
                None => Reportable::Question(&question_id),
            };
            let hidden = is_hidden(&mut connection, reportable).await?;
            open.push(OpenReports {
                count: counted.iter().map(|(_, n)| n).sum(),
                reasons: counted,
                hidden,
                first_at: row.try_get("first_at")?,
                question_id,
                answer_id,
            });
        }
        Ok(open)
    }

    /// How many items have open reports: the reported queue's count.
    pub async fn count_open_items(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(DISTINCT item) FROM reports WHERE decided_at IS NULL")
                .fetch_one(self.database.pool())
                .await?,
        )
    }

    /// Settles every open report on the item `item` (a question's or an answer's id) as
    /// `decision` by `actor`, in one transaction with the item's change and the audit
    /// entry. [`Moderated::AlreadyDecided`] when it has no open reports any more (another
    /// moderator decided), [`Moderated::NotFound`] when it never had any.
    pub async fn decide(
        &self,
        item: &str,
        decision: ReportDecision<'_>,
        actor: Actor<'_>,
    ) -> Result<Moderated, StoreError> {
        let (_turn, mut transaction) = self.database.write_transaction().await?;
        let Some(row) =
            sqlx::query("SELECT question_id, answer_id FROM reports WHERE item = $1 LIMIT 1")
                .bind(item)
                .fetch_optional(&mut *transaction)
                .await?
        else {
            transaction.rollback().await?;
            return Ok(Moderated::NotFound);
        };
        let question_id: String = row.try_get("question_id")?;
        let answer_id: Option<String> = row.try_get("answer_id")?;
        let now = now_rfc3339();
        let settled = sqlx::query(
            "UPDATE reports SET decided_at = $1, decided_by = $2, client = NULL \
             WHERE item = $3 AND decided_at IS NULL",
        )
        .bind(&now)
        .bind(actor.0)
        .bind(item)
        .execute(&mut *transaction)
        .await?;
        if settled.rows_affected() == 0 {
            transaction.rollback().await?;
            return Ok(Moderated::AlreadyDecided);
        }
        let reportable = match &answer_id {
            Some(answer) => Reportable::Answer {
                question: &question_id,
                answer,
            },
            None => Reportable::Question(&question_id),
        };
        let (action, reason) = match decision {
            ReportDecision::Keep(edited) => {
                sqlx::query(&format!(
                    "UPDATE {} SET hidden_at = NULL WHERE id = $1",
                    table(reportable)
                ))
                .bind(item)
                .execute(&mut *transaction)
                .await?;
                if let Some(edited) = edited {
                    edit(&mut transaction, reportable, edited, actor).await?;
                }
                ("keep", None)
            }
            ReportDecision::Refuse(reason) => {
                let reason = reason.map(str::trim).filter(|r| !r.is_empty());
                match reportable {
                    Reportable::Question(_) => sqlx::query(
                        "UPDATE questions SET status = 'rejected', reject_reason = $1, \
                         hidden_at = NULL, updated_at = $2 WHERE id = $3",
                    )
                    .bind(reason)
                    .bind(&now)
                    .bind(item),
                    Reportable::Answer { .. } => sqlx::query(
                        "UPDATE answers SET status = 'rejected', accepted = 0, \
                         hidden_at = NULL, published_at = NULL, updated_at = $1 WHERE id = $2",
                    )
                    .bind(&now)
                    .bind(item),
                }
                .execute(&mut *transaction)
                .await?;
                ("reject", reason)
            }
        };
        AuditLog::record(
            &mut transaction,
            &question_id,
            answer_id.as_deref(),
            action,
            actor,
            reason,
        )
        .await?;
        transaction.commit().await?;
        Ok(Moderated::Done)
    }
}

/// Puts the moderator's `edited` text in place of the item's, the old text in the audit
/// log; nothing when the text is unchanged.
async fn edit(
    connection: &mut AnyConnection,
    item: Reportable<'_>,
    edited: &str,
    actor: Actor<'_>,
) -> Result<(), StoreError> {
    let column = match item {
        Reportable::Question(_) => "question",
        Reportable::Answer { .. } => "answer",
    };
    let before: Option<String> = sqlx::query_scalar(&format!(
        "SELECT {column} FROM {} WHERE id = $1",
        table(item)
    ))
    .bind(item.item())
    .fetch_optional(&mut *connection)
    .await?;
    let Some(before) = before.filter(|before| before != edited) else {
        return Ok(());
    };
    sqlx::query(&format!(
        "UPDATE {} SET {column} = $1 WHERE id = $2",
        table(item)
    ))
    .bind(edited)
    .bind(item.item())
    .execute(&mut *connection)
    .await?;
    AuditLog::record(
        connection,
        item.question(),
        item.answer(),
        "edit",
        actor,
        Some(&before),
    )
    .await
}

/// The table an item lives in.
fn table(item: Reportable<'_>) -> &'static str {
    match item {
        Reportable::Question(_) => "questions",
        Reportable::Answer { .. } => "answers",
    }
}

/// How a client is kept: the SHA-256 of its rate-limit key, so that the table holds no
/// address. (An IPv4 address can still be found from its hash by trying them all: this
/// is why the column is cleared once a moderator has decided.)
fn client_hash(client: &str) -> String {
    use sha2::Digest;
    hash_hex(&sha2::Sha256::digest(
        format!("elders-report:{client}").as_bytes(),
    ))
}

/// Whether the item exists and the public may see it (hidden or not: more reports of a
/// hidden item still count).
async fn is_published(
    connection: &mut AnyConnection,
    item: Reportable<'_>,
) -> Result<bool, StoreError> {
    let question: Option<String> = sqlx::query_scalar("SELECT status FROM questions WHERE id = $1")
        .bind(item.question())
        .fetch_optional(&mut *connection)
        .await?;
    if !matches!(question.as_deref(), Some("approved" | "answered")) {
        return Ok(false);
    }
    match item.answer() {
        None => Ok(true),
        Some(answer) => {
            let status: Option<String> =
                sqlx::query_scalar("SELECT status FROM answers WHERE id = $1 AND question_id = $2")
                    .bind(answer)
                    .bind(item.question())
                    .fetch_optional(&mut *connection)
                    .await?;
            Ok(status.as_deref() == Some("approved"))
        }
    }
}

async fn is_hidden(
    connection: &mut AnyConnection,
    item: Reportable<'_>,
) -> Result<bool, StoreError> {
    let hidden: Option<Option<String>> = sqlx::query_scalar(&format!(
        "SELECT hidden_at FROM {} WHERE id = $1",
        table(item)
    ))
    .bind(item.item())
    .fetch_optional(&mut *connection)
    .await?;
    Ok(hidden.flatten().is_some())
}
