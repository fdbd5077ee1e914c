//! Federated feeds: the server publishes at `/feed.json` one feed merged from every
//! `--feed` source, files on this machine and other organisations' feeds on the web, so that
//! communities do not stay islands.
//!
//! - [`source`]: what a `--feed` argument names, and how each source is doing (pure).
//! - [`merge`]: de-duplicating by `id` with provenance (pure).
//! - [`fetch`]: getting a source's text: conditional HTTP with a timeout and a size limit,
//!   or a file.
//! - [`hub`]: the sources' last good copies, refreshed on an interval, and the merged feed
//!   they make.

pub mod fetch;
pub mod hub;
pub mod merge;
pub mod source;

pub use hub::{FeedHub, Settings, StartError};
