//! The Elders server as a library: the `elders` binary (`src/main.rs`) only reads its
//! command line and runs one of the [`commands`]. The map of the crate, and why it is cut
//! this way, is in `docs/architecture.md`.
//!
//! Dependencies go one way, from the commands down to storage:
//!
//! - [`commands`]: one module per subcommand; `serve` wires everything below together.
//! - `routes`: the HTTP surface, one module per path; handlers stay thin.
//! - `cors`, `security`, `listen`: who may call from another origin, the headers and
//!   limits on every response, and accepting connections.
//! - `federation`: the merged feed from every `--feed` source; `feed_snapshot`: that feed
//!   as served bytes.
//! - `client`: who a request comes from (the peer, or the client a trusted proxy names).
//! - `rate_limit`: per-client limits on new questions and wrong admin tokens.
//! - `feed_formats`: reading any feed where one is accepted: Elders feeds, plain JSON
//!   Feeds (summaries and titles filled in), RSS and Atom.
//! - `import`: feeds made from spreadsheets and `publiccode.yml` files (`elders feed
//!   import`), pure.
//! - `mail`: e-mail to askers and moderators, sent from the outbox `store` keeps.
//! - `redact`: what of a database or feed URL may be shown where.
//! - `store`: the database: questions, the rate limiter's counts and feeds' last good copies.
//! - `error`: the JSON error body every API failure answers with.

mod client;
pub mod commands;
mod cors;
mod error;
mod federation;
mod feed_formats;
mod feed_snapshot;
mod import;
mod listen;
mod mail;
mod overview;
mod rate_limit;
mod redact;
mod routes;
mod security;
mod store;
