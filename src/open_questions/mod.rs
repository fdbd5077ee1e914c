//! Questions asked elsewhere that match this page, in the cards module: [`question`]
//! reads the published questions (`GET /api/questions`) with their answers, [`select`]
//! ranks them for the page and picks the open and the answered ones to show, [`client`]
//! fetches them, and [`panel`] shows the count on the widget's button and, when a reader
//! opens the panel, hands the chosen ones ([`handover`]) to the answers module, which
//! shows them (`crate::answers`).
//!
//! `question`, `select` and `handover` are plain Rust, unit-tested natively; the rest runs in the
//! browser only.

pub mod handover;
pub mod question;
pub mod select;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod panel;
