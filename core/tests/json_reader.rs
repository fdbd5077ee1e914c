//! The feed's JSON reader (`elders_core::json`) against `serde_json` on generated text:
//! both accept the same documents and read the same values from them. Text is built from
//! JSON's own pieces, broken and whole, so that most cases are near-misses rather than
//! noise that both refuse at the first byte. `cargo xtask fuzz` runs the same check
//! (`fuzz/checks.rs`, `check_json`) under libFuzzer.

#[path = "../../fuzz/checks.rs"]
#[allow(dead_code)]
mod checks;

use checks::as_serde;
use elders_core::json;
use proptest::prelude::*;
use serde_json::Value;

/// Both readers on the same bytes: both refuse, or both read the same value (the fuzz
/// target's check, here as a property so that proptest shrinks what it finds).
fn agree(text: &[u8]) -> Result<(), TestCaseError> {
    std::panic::catch_unwind(|| checks::check_json(text))
        .map_err(|_| TestCaseError::fail(format!("{:?}", String::from_utf8_lossy(text))))
}

/// What [`write_with_slips`] writes in place of a value or a separator: near-misses of
/// JSON's grammar, and a few valid pieces.
const SLIPS: &[&str] = &[
    ".5",
    "01",
    "-",
    "-0",
    "1.",
    "1.e3",
    "1e-",
    "1E+2",
    "+1",
    "tru",
    "nul",
    "True",
    "NaN",
    "\"\\x\"",
    "\"\\ud83d\"",
    "\"\\ude00\"",
    "\"\\ud83d\\ude00\"",
    "\"\\u00\"",
    "\"\u{1}\"",
    "\"\u{7f}\"",
    "'a'",
    "\"a",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "",
    " ",
    "[,]",
    "{,}",
    "[1,]",
    "{\"a\":}",
    "{\"a\"}",
    "{1:2}",
    "\u{feff}",
    "\u{a0}",
];

/// Writes `value` as JSON, but where a die comes up low, a slip from [`SLIPS`] in place of
/// a value or a separator.
fn write_with_slips(value: &Value, dice: &mut impl Iterator<Item = u8>, out: &mut String) {
    let slip = |dice: &mut dyn Iterator<Item = u8>, out: &mut String, or: &str| match dice
        .next()
        .map(usize::from)
    {
        Some(roll) if roll < SLIPS.len() => out.push_str(SLIPS[roll]),
        _ => out.push_str(or),
    };
    match dice.next().map(usize::from) {
        Some(roll) if roll < SLIPS.len() => out.push_str(SLIPS[roll]),
        _ => match value {
            Value::Array(elements) => {
                out.push('[');
                for (i, element) in elements.iter().enumerate() {
                    if i > 0 {
                        slip(dice, out, ",");
                    }
                    write_with_slips(element, dice, out);
                }
                slip(dice, out, "]");
            }
            Value::Object(members) => {
                out.push('{');
                for (i, (key, member)) in members.iter().enumerate() {
                    if i > 0 {
                        slip(dice, out, ",");
                    }
                    write_with_slips(&Value::String(key.clone()), dice, out);
                    slip(dice, out, ":");
                    write_with_slips(member, dice, out);
                }
                slip(dice, out, "}");
            }
            scalar => out.push_str(&scalar.to_string()),
        },
    }
}

/// Arbitrary JSON values.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,6}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Pieces of JSON text, some of them broken; brackets and separators most often, since
/// that is where a reader's grammar is.
fn piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        3 => prop::sample::select(vec!["{", "}", "[", "]", ",", ":", "\"", " "]),
        1 => prop::sample::select(vec![
            "\n", "\t", "\"a\"", "\"é\"", "\\", "\\\"", "\\u", "\\u00e9", "\\ud83d", "\\ude00",
            "\\ud83d\\ude00", "\\n", "\\x", "\u{1}", "0", "-", "1", "01", "-0", "1.5", "1.", ".5",
            "1e5", "1E+2", "1e-", "true", "tru", "false", "null", "nul", "\u{7f}", "\u{a0}",
            "\u{feff}",
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn reads_what_serde_json_writes(value in any_value(), pretty in any::<bool>()) {
        let text = if pretty { serde_json::to_string_pretty(&value) } else { serde_json::to_string(&value) }.unwrap();
        let read = json::parse(text.as_bytes()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(as_serde(&read), value);
    }

    #[test]
    fn accepts_and_refuses_what_serde_json_does(pieces in prop::collection::vec(piece(), 0..24)) {
        agree(pieces.concat().as_bytes())?;
    }

    #[test]
    fn agrees_on_json_with_a_few_edits(
        value in any_value(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), piece(), any::<bool>()), 1..4),
    ) {
        // Written JSON with pieces inserted or bytes replaced: mostly near-misses.
        let mut text = serde_json::to_string(&value).unwrap().into_bytes();
        for (at, piece, replace) in edits {
            let at = at.index(text.len() + 1);
            if replace && at < text.len() {
                text.remove(at);
            }
            text.splice(at..at, piece.bytes());
        }
        agree(&text)?;
    }

    #[test]
    fn agrees_on_json_with_slips(value in any_value(), dice in prop::collection::vec(any::<u8>(), 0..96)) {
        let mut text = String::new();
        write_with_slips(&value, &mut dice.into_iter(), &mut text);
        agree(text.as_bytes())?;
    }

    #[test]
    fn agrees_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..32)) {
        agree(&bytes)?;
    }

    #[test]
    fn agrees_on_strings_with_any_escape(body in "([a-z]|\\\\[\"\\\\/bfnrtux]|\\\\u[0-9a-fA-F]{4}|\\\\u[dD][89abAB][0-9a-f]{2}|\\\\u[dD][c-fC-F][0-9a-f]{2}|[\\x00-\\x1f]|\\PC){0,10}") {
        agree(format!("\"{body}\"").as_bytes())?;
    }
}

#[test]
fn nesting_limit_is_serde_jsons() {
    for depth in [json::MAX_DEPTH - 1, json::MAX_DEPTH] {
        let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        agree(text.as_bytes()).unwrap();
        let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        agree(text.as_bytes()).unwrap();
    }
}

#[test]
fn every_feed_in_the_repository_reads_the_same() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    let mut seen = 0;
    for dir in ["feeds", "tests/fixtures", "fuzz/seeds"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                agree(&std::fs::read(&path).unwrap()).unwrap();
                seen += 1;
            }
        }
    }
    assert!(seen >= 3, "only {seen} feeds found");
}
