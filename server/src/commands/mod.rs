//! One module per `elders` subcommand, and [`CommandError`], why one failed.

pub mod answers;
pub mod feed;
pub mod mail;
pub mod moderators;
pub mod questions;
pub mod serve;

use std::net::SocketAddr;

use crate::federation::StartError;
use crate::store::StoreError;

/// The database used when neither `--database` nor `DATABASE_URL` says otherwise.
pub const DEFAULT_DATABASE: &str = "sqlite://elders.db";

/// Why a command failed. The binary prints it with its causes (`error: cannot open the
/// database …: database error: …`), so each message names what the admin gave and leaves
/// the detail to its cause.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// `--database` (or `DATABASE_URL`) cannot be opened or migrated.
    #[error("cannot open the database {url}")]
    OpenDatabase {
        /// The database URL as given.
        url: String,
        /// What went wrong.
        #[source]
        cause: StoreError,
    },
    /// `--addr` cannot be listened on (in use, or not this machine's).
    #[error("cannot listen on {addr}")]
    Listen {
        /// The address as given.
        addr: SocketAddr,
        /// What went wrong.
        #[source]
        cause: std::io::Error,
    },
    /// A `--feed` cannot be used at start.
    #[error(transparent)]
    Feeds(#[from] StartError),
    /// A feed argument of `elders feed check` names neither a file nor a URL.
    #[error("{0}")]
    FeedArgument(String),
    /// The database failed during a command.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A command-line argument or setting that cannot be used, with what to do.
    #[error("{0}")]
    Argument(String),
    /// A moderator's answer is not one that can be published.
    #[error("{0}")]
    InvalidAnswer(String),
    /// A question could not be printed as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}
