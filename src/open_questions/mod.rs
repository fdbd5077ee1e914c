//! "Open vragen elders": questions colleagues elsewhere asked about this page's topics.
//! [`question`] reads the published questions (`GET /api/questions`) and ranks them as
//! feed items; [`client`] fetches them; [`list`] shows the best few with a way to help.
//!
//! `question` is plain Rust, unit-tested natively; the rest runs in the browser only.

pub mod question;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod list;
