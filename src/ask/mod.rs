//! "Ask colleagues elsewhere", and answer them: the form and the promise that nothing
//! typed is lost. [`draft`] is what the reader typed, kept by [`storage`] in
//! `localStorage`; [`outbox`] decides when it is sent and resent (with the same
//! idempotency key) and when it is cleared; [`client`] sends one request and [`reply`]
//! reads the server's reply; [`fields`] are the pieces a form is built from, and [`form`]
//! is the question form and the answer form, one component with two faces.
//!
//! `draft`, `outbox` and `reply` are plain Rust, unit-tested natively; the rest runs in
//! the browser only.

pub mod draft;
pub mod outbox;
pub mod reply;

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod fields;
#[cfg(target_arch = "wasm32")]
pub mod form;
#[cfg(target_arch = "wasm32")]
pub mod storage;
