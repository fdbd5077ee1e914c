//! The stepped `FeedLoader` on arbitrary bytes; see `check_loader`.

#![no_main]

#[path = "../checks.rs"]
// Each target uses one of the shared checks.
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_loader(data));
