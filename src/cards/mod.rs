//! "Related work elsewhere": the cards every page view shows. [`pipeline`] is the one way
//! from a feed URL to ranked cards (the first load and every retry); [`fetch`] downloads
//! and reads the feed in small steps, falling back to the last good copy that [`cache`]
//! keeps; [`list`] is the status line and the list, [`card`] one project.
//!
//! Browser-only: the logic underneath (reading, validating, ranking) is `elders-core`.

pub mod cache;
pub mod card;
pub mod fetch;
pub mod list;
pub mod pipeline;
