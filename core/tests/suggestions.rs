//! Suggestions while a question is typed, measured: the 36 judged question texts in
//! `tests/fixtures/relevance/questions.json` (judged before the suggestion function existed,
//! split into 12 dev and 24 held-out test questions) against one index over the relevance
//! feed and the answered questions of `answered.json`, as the widget builds it. Prints each
//! question's first suggestion and whether it is right, and fails when the held-out numbers
//! drop below the floors, which were set from an honest measurement.

use std::path::Path;

use elders_core::question::public::PublicQuestion;
use elders_core::rank::{Index, RankOptions};
use elders_core::suggest::suggest;
use elders_core::validate::parse_feed;
use serde::Deserialize;

/// Floors for the held-out test split, a little below what was measured (1.00, 0.95 and
/// 0.40; see docs/benchmarks.md): one more wrong first suggestion, one more missed
/// question or one more unrelated question answered with a suggestion still passes.
const PRECISION_FLOOR: f64 = 0.90;
const ANSWERED_FLOOR: f64 = 0.85;
const SILENT_FLOOR: f64 = 0.20;

#[derive(Deserialize)]
struct QuestionSet {
    questions: Vec<JudgedQuestion>,
}

/// One question text with the ids that would be a right first suggestion (none: nothing
/// should be suggested).
#[derive(Deserialize)]
struct JudgedQuestion {
    id: String,
    split: String,
    text: String,
    right: Vec<String>,
}

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/relevance")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The numbers for one split.
#[derive(Debug, Default)]
struct Tally {
    /// Questions with judged ids, those that got a suggestion, and those whose first
    /// suggestion is right.
    judged: usize,
    suggested: usize,
    right: usize,
    /// Unrelated questions, and those that got no suggestion.
    unrelated: usize,
    silent: usize,
}

impl Tally {
    /// Top-1 precision: of the judged questions that got a suggestion, the share whose
    /// first one is right.
    fn precision(&self) -> f64 {
        self.right as f64 / self.suggested.max(1) as f64
    }

    /// Of the judged questions, the share that got a right first suggestion.
    fn answered(&self) -> f64 {
        self.right as f64 / self.judged.max(1) as f64
    }

    /// Of the unrelated questions, the share that got no suggestion.
    fn silent(&self) -> f64 {
        self.silent as f64 / self.unrelated.max(1) as f64
    }
}

#[test]
fn suggestions_on_the_held_out_questions_stay_above_the_floor() {
    let feed = parse_feed(&fixture("feed.json")).expect("the relevance feed parses");
    let mut items = feed.feed.items;
    let body = fixture("answered.json");
    let answered = PublicQuestion::read_feed(body.as_bytes()).expect("answered.json is JSON");
    assert_eq!(answered.len(), 13);
    let as_feed = parse_feed(&body).expect("answered.json is a feed");
    assert!(as_feed.problems.is_empty(), "{:?}", as_feed.problems);
    let answered_items: Vec<_> = answered.iter().map(PublicQuestion::to_item).collect();
    assert_eq!(
        as_feed.feed.items, answered_items,
        "the items are the ones the server writes for these questions"
    );
    items.extend(answered_items);
    let index = Index::build(&items);

    let set: QuestionSet = serde_json::from_str(&fixture("questions.json")).unwrap();
    assert_eq!(set.questions.len(), 36);
    // As the widget ranks its suggestions: without the recency preference, since an old
    // answer is as good an answer.
    let options = RankOptions::default();
    let (mut dev, mut test) = (Tally::default(), Tally::default());
    println!(
        "{:<32} {:>5}  {:<8} first suggestion",
        "question", "split", "verdict"
    );
    for q in &set.questions {
        for id in &q.right {
            assert!(items.iter().any(|i| &i.id == id), "{}: no item {id}", q.id);
        }
        let suggestions = suggest(&index, &q.text, &options);
        let first = suggestions.first().map(|r| items[r.index].id.as_str());
        let tally = if q.split == "dev" {
            &mut dev
        } else {
            &mut test
        };
        let verdict = match (q.right.is_empty(), first) {
            (true, None) => "silent",
            (true, Some(_)) => "wrong",
            (false, None) => "missed",
            (false, Some(id)) if q.right.iter().any(|r| r == id) => "right",
            (false, Some(_)) => "wrong",
        };
        if q.right.is_empty() {
            tally.unrelated += 1;
            tally.silent += usize::from(first.is_none());
        } else {
            tally.judged += 1;
            tally.suggested += usize::from(first.is_some());
            tally.right += usize::from(verdict == "right");
        }
        println!(
            "{:<32} {:>5}  {verdict:<8} {}",
            q.id,
            q.split,
            first.unwrap_or("—")
        );
    }
    for (split, t) in [("dev", &dev), ("test", &test)] {
        println!(
            "{split:>4}: top-1 precision {:.2} ({}/{}), answered {:.2} ({}/{}), \
             silent on unrelated {:.2} ({}/{})",
            t.precision(),
            t.right,
            t.suggested,
            t.answered(),
            t.right,
            t.judged,
            t.silent(),
            t.silent,
            t.unrelated
        );
    }
    assert!(
        test.precision() >= PRECISION_FLOOR,
        "held-out top-1 precision {:.2} fell below {PRECISION_FLOOR}",
        test.precision()
    );
    assert!(
        test.answered() >= ANSWERED_FLOOR,
        "held-out answered rate {:.2} fell below {ANSWERED_FLOOR}",
        test.answered()
    );
    assert!(
        test.silent() >= SILENT_FLOOR,
        "held-out silence on unrelated questions {:.2} fell below {SILENT_FLOOR}",
        test.silent()
    );
}
