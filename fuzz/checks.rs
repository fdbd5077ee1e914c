//! What the fuzz targets check, shared with `core/tests/fuzz_regressions.rs`, which runs
//! every input in `fuzz/regressions/` through the same checks on every test run.

use elders_core::json::{self, Json};
use elders_core::load::FeedLoader;
use elders_core::validate::parse_feed;
use serde_json::Value;

/// `parse_feed` on arbitrary text never panics, and what it accepts is clean: the
/// validated feed, written out and read again, gives the same feed with no problem at all
/// (so a server that merges it republishes a feed every widget accepts as is).
pub fn check_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = parse_feed(text) else {
        return;
    };
    let mut ids = std::collections::HashSet::new();
    for item in &parsed.feed.items {
        assert!(!item.id.trim().is_empty(), "an item without an id was kept");
        assert!(
            ids.insert(item.id.as_str()),
            "a duplicate id was kept: {}",
            item.id
        );
    }
    let written = serde_json::to_string(&parsed.feed).expect("a validated feed serialises");
    let again = parse_feed(&written).expect("a validated feed parses again");
    assert!(
        again.problems.is_empty(),
        "a validated feed has problems when read again: {:?}",
        again.problems
    );
    assert_eq!(
        again.feed, parsed.feed,
        "reading a validated feed again changes it"
    );
}

/// The stepped `FeedLoader` (what the widget runs) on arbitrary bytes never panics,
/// always finishes within a bounded number of steps, and on text that `parse_feed`
/// accepts gives the same feed.
pub fn check_loader(data: &[u8]) {
    let Ok(mut loader) = FeedLoader::from_bytes(data) else {
        return;
    };
    // Every step scans 64 KB or handles one item: a byte-count bound with room to spare.
    let max_steps = 3 * data.len() + 16;
    let mut steps = 0;
    let loaded = loop {
        steps += 1;
        assert!(steps <= max_steps, "the loader does not finish");
        match loader.step() {
            Ok(Some(loaded)) => break Some(loaded),
            Ok(None) => continue,
            Err(_) => break None,
        }
    };
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let (Some((stepped, index)), Ok(whole)) = (loaded, parse_feed(text)) {
        assert_eq!(
            stepped.feed, whole.feed,
            "stepped and whole parsing disagree"
        );
        assert_eq!(index.len(), whole.feed.items.len());
    }
}

/// The feed's JSON reader on arbitrary bytes agrees with `serde_json`: both refuse the
/// bytes, or both read the same value. The one documented difference is a number too
/// large for a float, which the reader keeps as written.
pub fn check_json(data: &[u8]) {
    match (json::parse(data), serde_json::from_slice::<Value>(data)) {
        (Ok(ours), Ok(theirs)) => assert_eq!(as_serde(&ours), theirs, "the readers disagree"),
        (Err(_), Err(_)) => {}
        (Ok(_), Err(e)) if e.to_string().starts_with("number out of range") => {}
        (ours, theirs) => panic!(
            "{:?}: the reader says {:?}, serde_json {:?}",
            String::from_utf8_lossy(data),
            ours.map(|v| as_serde(&v)),
            theirs
        ),
    }
}

/// The reader's value in `serde_json`'s terms, its numbers read by `serde_json`.
pub fn as_serde(value: &Json<'_>) -> Value {
    match value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(written) => serde_json::from_str(written).expect("a number serde_json reads"),
        Json::String(s) => Value::String(s.to_string()),
        Json::Array(elements) => Value::Array(elements.iter().map(as_serde).collect()),
        // Inserting in document order keeps the last of a repeated key, as `get` does.
        Json::Object(object) => Value::Object(
            object
                .iter()
                .map(|(k, v)| (k.to_string(), as_serde(v)))
                .collect(),
        ),
    }
}
