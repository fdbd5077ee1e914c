//! `parse_feed` on arbitrary text; see `check_text`.

#![no_main]

#[path = "../checks.rs"]
// Each target uses one of the shared checks.
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_text(data));
