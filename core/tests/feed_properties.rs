//! Properties of feed validation on generated input: it never panics, whatever JSON it gets;
//! whatever it accepts, it accepts again unchanged after serialisation; and a bad item
//! never costs a good one its place. Loading in steps (`elders_core::load`, what the widget
//! does) gives exactly what parsing whole gives, for any JSON text, pretty or compact.

use elders_core::load::load;
use elders_core::validate::{parse_feed, FeedError, ParsedFeed};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Arbitrary JSON, a few levels deep, with strings that look like the fields it may meet.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-z:/._ -]{0,20}".prop_map(Value::String),
        Just(json!("javascript:alert(1)")),
        Just(json!("2025-03-14T09:00:00+01:00")),
        Just(json!("pilot")),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("title".to_string()),
                    Just("summary".to_string()),
                    Just("url".to_string()),
                    Just("tags".to_string()),
                    Just("_elders".to_string()),
                    Just("organisation".to_string()),
                    Just("phase".to_string()),
                    Just("contact".to_string()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Validation of a document as the widget and the server meet it: as text.
fn validate_feed(document: &Value) -> Result<ParsedFeed, FeedError> {
    parse_feed(&document.to_string())
}

fn feed_of(items: Vec<Value>) -> Value {
    json!({"version": "https://jsonfeed.org/version/1.1", "title": "Eigenschappen", "items": items})
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn validation_never_panics_on_any_json(items in prop::collection::vec(any_json(), 0..8), top in any_json()) {
        let _ = validate_feed(&feed_of(items));
        let _ = validate_feed(&top);
        let _ = parse_feed(&top.to_string());
    }

    #[test]
    fn accepted_feeds_are_accepted_again_unchanged(items in prop::collection::vec(any_json(), 0..8)) {
        if let Ok(parsed) = validate_feed(&feed_of(items)) {
            let again = parse_feed(&serde_json::to_string(&parsed.feed).unwrap()).unwrap();
            prop_assert_eq!(&again.feed, &parsed.feed);
            prop_assert!(again.problems.is_empty(), "{:?}", again.problems);
        }
    }

    #[test]
    fn a_bad_item_never_costs_a_good_one(bad in prop::collection::vec(any_json(), 0..6), at in 0usize..6) {
        let good = json!({"id": "good-item", "title": "Goed", "summary": "Een geldig item."});
        let mut items = bad;
        items.retain(|v| v.get("id") != Some(&json!("good-item")));
        let at = at.min(items.len());
        items.insert(at, good);
        let parsed = validate_feed(&feed_of(items)).unwrap();
        prop_assert!(parsed.feed.items.iter().any(|i| i.id == "good-item"));
    }

    #[test]
    fn loading_in_steps_equals_parsing_whole(items in prop::collection::vec(any_json(), 0..8), top in any_json(), pretty in any::<bool>()) {
        for doc in [feed_of(items), top] {
            let text = if pretty { serde_json::to_string_pretty(&doc) } else { serde_json::to_string(&doc) }.unwrap();
            match (parse_feed(&text), load(&text)) {
                (Ok(whole), Ok((stepped, index))) => {
                    prop_assert_eq!(&stepped, &whole);
                    prop_assert_eq!(index.len(), whole.feed.items.len());
                }
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "whole {:?} vs stepped {:?}", a, b.map(|(f, _)| f)),
            }
        }
    }
}
