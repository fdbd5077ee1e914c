//! What `/embed` keeps between requests, so that a frame that thousands of readers open
//! costs no database query and no ranking each time: the questions on each set of topics
//! (for [`QUESTIONS_FRESH_FOR`]) and each page as last written, under its ETag. The
//! feed's index is the served snapshot's, built once per feed version with its pack.
//!
//! The questions are the one thing kept by time rather than by version: a new answer may
//! be published by another instance on the same PostgreSQL database, which this one hears
//! nothing of. So a newly published answer shows in a frame within a few seconds, well
//! inside the minute a browser may keep the page anyway (`Cache-Control`). A page is kept
//! under its ETag, which names everything it was made of, so a kept page is never served
//! for anything else. Both maps are bounded: when one is full, it is emptied.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::store::{StoredAnswer, StoredQuestion};

/// How long the questions on a set of topics are used before they are read again.
pub const QUESTIONS_FRESH_FOR: Duration = Duration::from_secs(3);
/// Most sets of topics, and most pages, kept at once: far more than the distinct frames
/// of an intranet, few enough that memory stays small (a page is a few KB).
const MOST_KEPT: usize = 1_000;

/// Published questions on some topics, each with its published answers.
pub type Questions = Arc<Vec<(StoredQuestion, Vec<StoredAnswer>)>>;

/// Everything kept.
#[derive(Default)]
pub struct Kept {
    questions: Mutex<HashMap<String, (Instant, Questions)>>,
    pages: Mutex<HashMap<String, (String, Bytes)>>,
}

impl Kept {
    /// The questions kept for `topics` (a key made from them), when read less than
    /// [`QUESTIONS_FRESH_FOR`] ago.
    pub fn questions(&self, topics: &str) -> Option<Questions> {
        let kept = self.questions.lock().unwrap_or_else(|p| p.into_inner());
        kept.get(topics)
            .filter(|(read, _)| read.elapsed() < QUESTIONS_FRESH_FOR)
            .map(|(_, questions)| questions.clone())
    }

    /// Keeps the questions just read for `topics`.
    pub fn keep_questions(&self, topics: &str, questions: Questions) {
        let mut kept = self.questions.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MOST_KEPT && !kept.contains_key(topics) {
            kept.retain(|_, (read, _)| read.elapsed() < QUESTIONS_FRESH_FOR);
            if kept.len() >= MOST_KEPT {
                kept.clear();
            }
        }
        kept.insert(topics.to_string(), (Instant::now(), questions));
    }

    /// The page kept for `request` (its canonical form), when it was kept under `etag`.
    pub fn page(&self, request: &str, etag: &str) -> Option<Bytes> {
        let kept = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        kept.get(request)
            .filter(|(tag, _)| tag == etag)
            .map(|(_, body)| body.clone())
    }

    /// Keeps a page just written, under its ETag.
    pub fn keep_page(&self, request: &str, etag: &str, body: Bytes) {
        let mut kept = self.pages.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MOST_KEPT && !kept.contains_key(request) {
            kept.clear();
        }
        kept.insert(request.to_string(), (etag.to_string(), body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_served_only_under_the_etag_it_was_kept_with() {
        let kept = Kept::default();
        kept.keep_page("topics=a", "\"1\"", Bytes::from_static(b"page"));
        assert_eq!(
            kept.page("topics=a", "\"1\""),
            Some(Bytes::from_static(b"page"))
        );
        assert_eq!(kept.page("topics=a", "\"2\""), None);
        assert_eq!(kept.page("topics=b", "\"1\""), None);
    }

    #[test]
    fn questions_are_kept_for_a_few_seconds_and_the_maps_stay_bounded() {
        let kept = Kept::default();
        kept.keep_questions("a", Arc::new(Vec::new()));
        assert!(kept.questions("a").is_some());
        assert!(kept.questions("b").is_none());
        for n in 0..MOST_KEPT + 10 {
            kept.keep_questions(&n.to_string(), Arc::new(Vec::new()));
            kept.keep_page(&n.to_string(), "\"t\"", Bytes::new());
        }
        assert!(kept.questions.lock().unwrap().len() <= MOST_KEPT);
        assert!(kept.pages.lock().unwrap().len() <= MOST_KEPT);
    }
}
