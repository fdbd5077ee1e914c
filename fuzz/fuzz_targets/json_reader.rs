//! The feed's JSON reader against `serde_json` on arbitrary bytes; see `check_json`.

#![no_main]

#[path = "../checks.rs"]
// Each target uses one of the shared checks.
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::check_json(data));
