//! `feeds/elders-feed.schema.json` says what the validator says: the sample feed passes
//! both, and each kind of mistake a publisher makes fails both (the validator with a
//! problem on that item, the schema as invalid). A feed that passes the schema gets no
//! problem from the validator.

use std::path::Path;

use elders_core::validate::parse_feed;
use serde_json::{json, Value};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("feeds/elders-feed.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

fn feed_with(item: Value) -> Value {
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Schema test",
        "items": [item]
    })
}

fn good_item() -> Value {
    json!({
        "id": "svb-spraak",
        "url": "https://svb.example/innovatie/spraak",
        "title": "Spraakherkenning aan de telefoon",
        "summary": "Een proef met spraakherkenning in het klantcontact.",
        "content_text": "Langere tekst.\nMet een tweede regel en een\ttab.",
        "date_published": "2025-03-14T09:00:00+01:00",
        "date_modified": "2025-04-01T12:30:00Z",
        "tags": ["spraaktechnologie", "klantcontact"],
        "language": "nl",
        "authors": [{ "name": "Innovatielab SVB" }],
        "_elders": {
            "organisation": { "name": "Sociale Verzekeringsbank", "uri": "https://identifier.overheid.nl/tooi/id/zbo/zb000143" },
            "partners": [{ "name": "UWV" }],
            "phase": "pilot",
            "start_date": "2024-03-01",
            "end_date": null,
            "themes": ["digitale dienstverlening"],
            "outcome": "Wat werkte en wat niet.",
            "contact": { "name": "Innovatielab", "email": "innovatielab@svb.example" },
            "source_feed": "https://svb.example/feed.json"
        }
    })
}

#[test]
fn the_sample_feed_passes_the_schema_and_the_validator() {
    let text = std::fs::read_to_string(root().join("feeds/sample.json")).unwrap();
    let sample: Value = serde_json::from_str(&text).unwrap();
    let validator = validator();
    let errors: Vec<String> = validator
        .iter_errors(&sample)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let parsed = parse_feed(&text).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
}

#[test]
fn a_complete_item_passes_both() {
    let feed = feed_with(good_item());
    assert!(validator().is_valid(&feed));
    let parsed = parse_feed(&feed.to_string()).unwrap();
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.feed.items.len(), 1);
}

/// Each mistake: a JSON pointer into the good item and the value that breaks it (`null`
/// in `remove` means the field is removed).
#[test]
fn every_kind_of_mistake_fails_both() {
    let validator = validator();
    let mistakes: Vec<(&str, &str, Option<Value>)> = vec![
        ("no id", "/id", None),
        ("no title", "/title", None),
        ("no summary", "/summary", None),
        ("blank title", "/title", Some(json!("   "))),
        ("title as a number", "/title", Some(json!(42))),
        ("title too long", "/title", Some(json!("t".repeat(201)))),
        (
            "summary too long",
            "/summary",
            Some(json!("s".repeat(1001))),
        ),
        (
            "control character",
            "/summary",
            Some(json!("Een \u{7} piep.")),
        ),
        (
            "direction override",
            "/title",
            Some(json!("Spraak \u{202e}kaerps")),
        ),
        (
            "javascript link",
            "/url",
            Some(json!("javascript:alert(1)")),
        ),
        (
            "mailto as a web link",
            "/url",
            Some(json!("mailto:a@b.example")),
        ),
        ("relative link", "/url", Some(json!("/innovatie/spraak"))),
        (
            "link with a space",
            "/url",
            Some(json!("https://svb.example/a b")),
        ),
        (
            "date without time",
            "/date_published",
            Some(json!("2025-03-14")),
        ),
        (
            "month 13",
            "/date_modified",
            Some(json!("2025-13-01T00:00:00Z")),
        ),
        ("tag too long", "/tags/0", Some(json!("t".repeat(61)))),
        ("tags as a string", "/tags", Some(json!("spraak"))),
        (
            "too many tags",
            "/tags",
            Some(json!((0..31)
                .map(|i| format!("tag{i}"))
                .collect::<Vec<_>>())),
        ),
        ("unknown phase", "/_elders/phase", Some(json!("done"))),
        (
            "start date with time",
            "/_elders/start_date",
            Some(json!("2024-03-01T00:00:00Z")),
        ),
        (
            "organisation without a name",
            "/_elders/organisation",
            Some(json!({ "uri": "https://a.example" })),
        ),
        (
            "organisation as a string",
            "/_elders/organisation",
            Some(json!("SVB")),
        ),
        (
            "bad contact e-mail",
            "/_elders/contact/email",
            Some(json!("innovatielab")),
        ),
        (
            "outcome too long",
            "/_elders/outcome",
            Some(json!("o".repeat(4001))),
        ),
        (
            "unsafe organisation uri",
            "/_elders/organisation/uri",
            Some(json!("data:text/html,x")),
        ),
        ("an empty contact", "/_elders/contact", Some(json!({}))),
        ("an empty author", "/authors/0", Some(json!({}))),
        (
            "too many partners",
            "/_elders/partners",
            Some(json!((0..21)
                .map(|i| json!({ "name": format!("Partner {i}") }))
                .collect::<Vec<_>>())),
        ),
    ];
    for (what, pointer, value) in mistakes {
        let mut item = good_item();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = item
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{what}: {parent}"));
        match (target, value) {
            (Value::Object(obj), None) => {
                obj.remove(key);
            }
            (Value::Object(obj), Some(v)) => {
                obj.insert(key.to_string(), v);
            }
            (Value::Array(arr), Some(v)) => arr[key.parse::<usize>().unwrap()] = v,
            _ => panic!("{what}: cannot edit {pointer}"),
        }
        let feed = feed_with(item);
        assert!(
            !validator.is_valid(&feed),
            "{what}: the schema lets it through"
        );
        let parsed = parse_feed(&feed.to_string()).unwrap();
        assert!(
            !parsed.problems.is_empty(),
            "{what}: the validator lets it through"
        );
    }
}

#[test]
fn broken_feeds_fail_both() {
    let validator = validator();
    for (what, feed) in [
        (
            "no items",
            json!({ "version": "https://jsonfeed.org/version/1.1", "title": "x" }),
        ),
        (
            "no title",
            json!({ "version": "https://jsonfeed.org/version/1.1", "items": [] }),
        ),
        (
            "another format",
            json!({ "version": "https://example.org/rss", "title": "x", "items": [] }),
        ),
        (
            "items as an object",
            json!({ "version": "https://jsonfeed.org/version/1.1", "title": "x", "items": {} }),
        ),
    ] {
        assert!(
            !validator.is_valid(&feed),
            "{what}: the schema lets it through"
        );
        let parsed = parse_feed(&feed.to_string());
        assert!(
            parsed.is_err() || !parsed.unwrap().problems.is_empty(),
            "{what}: the validator lets it through"
        );
    }
}
