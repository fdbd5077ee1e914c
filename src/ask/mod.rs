//! "Ask colleagues elsewhere": the question form and the promise that nothing typed is
//! lost. [`draft`] is what the reader typed, kept by [`storage`] in `localStorage`;
//! [`outbox`] decides when it is sent and resent (with the same idempotency key) and when
//! it is cleared; [`client`] sends one request and [`reply`] reads the server's answer;
//! [`form`] is the form, and [`panel`] the place in the cards module where the form's own
//! Wasm module is loaded when a reader first opens it.
//!
//! `draft`, `outbox` and `reply` are plain Rust, unit-tested natively; the rest runs in
//! the browser only.

pub mod draft;
pub mod outbox;
pub mod reply;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod form;
#[cfg(target_arch = "wasm32")]
pub mod panel;
#[cfg(target_arch = "wasm32")]
pub mod storage;
