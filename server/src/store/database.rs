//! The connection to the database, shared by every store: opening it (creating a SQLite
//! file when missing), running the migrations at start, and queueing SQLite's writers.
//!
//! A question that got its `201` survives a crash: SQLite runs in WAL mode with a full sync
//! on every commit. SQLite allows one writer per file; writers that meet inside SQLite wait
//! in its busy handler, which sleeps in growing steps (up to 100 ms each), and under a
//! burst of questions some waited over a second. So every store takes its turn from one
//! queue in this process ([`Database::turn_to_write`]), where each waits only for the
//! writes ahead of it (`docs/benchmarks.md`). PostgreSQL needs no such queue.

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Executor, Row};
use tokio::sync::{Mutex, MutexGuard};

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
            _ => Err(StoreError::UnsupportedUrl(crate::redact::password(url))),
        }
    }
}

/// The open database: cheap to clone, every clone shares the pool and the writer queue.
#[derive(Debug, Clone)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
    /// SQLite only: one writer at a time, queued here (see the module's documentation).
    writer: Option<Arc<Mutex<()>>>,
}

impl Database {
    /// Opens (creating if needed) the database and runs the migrations.
    ///
    /// A SQLite file is created when missing; a PostgreSQL database must exist (the
    /// tables are created in it).
    pub async fn open(url: &str) -> Result<Database, StoreError> {
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
                            // Deleted content is overwritten with zeros, so that what
                            // retention removes is not left in free pages.
                            for pragma in [
                                "PRAGMA journal_mode = WAL",
                                "PRAGMA synchronous = FULL",
                                "PRAGMA busy_timeout = 10000",
                                "PRAGMA foreign_keys = ON",
                                "PRAGMA secure_delete = ON",
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
        let writer = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Ok(Database {
            pool,
            backend,
            writer,
        })
    }

    /// After personal details were deleted: on SQLite, copies every change into the
    /// database file and empties the write-ahead log, which holds the pages' earlier
    /// versions (deleted content itself is zeroed by `secure_delete`). A checkpoint that
    /// meets a reader is tried again a few times. PostgreSQL keeps no copies that a query
    /// can see.
    pub async fn shred_old_versions(&self) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(());
        }
        for _ in 0..20 {
            let row = self
                .first_row(sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)"))
                .await?;
            let busy: i64 = match row {
                Some(row) => row.try_get(0)?,
                None => 0,
            };
            if busy == 0 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tracing::warn!("the write-ahead log could not be emptied: readers kept it busy");
        Ok(())
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

    /// The first row of `query`, with the query read to its end. Stopping after the first
    /// row (`fetch_one`, `fetch_optional`) can leave SQLite's statement open on its pooled
    /// connection, and with it a read snapshot that holds back checkpoints in every other
    /// connection and process, and so the shredding of deleted content (see
    /// [`Database::shred_old_versions`]). The stores read single rows through this.
    pub(super) async fn first_row<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<Option<sqlx::any::AnyRow>, StoreError> {
        Ok(query.fetch_all(&self.pool).await?.into_iter().next())
    }

    /// The pool the stores run their queries on.
    pub(super) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction for a write, with this process's turn to write (SQLite; see
    /// [`Database::turn_to_write`]): drop both, in any order, when done.
    pub(super) async fn write_transaction(
        &self,
    ) -> Result<
        (
            Option<MutexGuard<'_, ()>>,
            sqlx::Transaction<'static, sqlx::Any>,
        ),
        StoreError,
    > {
        let turn = self.turn_to_write().await;
        let transaction = self.pool.begin().await?;
        Ok((turn, transaction))
    }

    /// Waits for this process's turn to write (SQLite), or returns at once (PostgreSQL).
    /// Hold the guard for the write, and drop it before reading.
    pub(super) async fn turn_to_write(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.writer {
            Some(writer) => Some(writer.lock().await),
            None => None,
        }
    }
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
