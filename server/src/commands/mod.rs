//! One module per `elders` subcommand.

pub mod feed;
pub mod questions;
pub mod serve;

/// The database used when neither `--database` nor `DATABASE_URL` says otherwise.
pub const DEFAULT_DATABASE: &str = "sqlite://elders.db";
