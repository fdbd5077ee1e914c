//! A question or an answer being written, and the rules for keeping and resending it. Pure, so that it
//! is unit-tested natively; [`super::storage`] puts it in the browser's `localStorage`, and
//! [`super::outbox`] decides when it is sent.
//!
//! The promise to the reader: what they typed survives a reload, and a question that could
//! not be sent is kept and sent again until the server confirms it, exactly once, because the
//! idempotency key travels with the draft. And the promise to their privacy officer: a
//! draft holds personal details in the intranet's own browser storage, so it is kept only
//! while it has a question in it, for at most [`LIFETIME_SECONDS`], and is gone once sent.

use elders_core::json::{self, Json};
use serde::Serialize;

/// How long a draft is kept: 30 days after it was last saved.
pub const LIFETIME_SECONDS: i64 = 30 * 24 * 60 * 60;

/// Everything the form holds, plus where sending stands. Written as JSON with serde (by
/// the form's module only), read with [`Draft::from_json`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Draft {
    /// The question, or the answer in an answer's draft.
    pub text: String,
    /// The topics, as typed (comma-separated); a question's only.
    pub topics: String,
    /// The link with more; an answer's only.
    pub url: String,
    /// The asker's name.
    pub name: String,
    /// The asker's organisation.
    pub organisation: String,
    /// The asker's e-mail address.
    pub email: String,
    /// Whether colleagues may write to the asker.
    pub consent: bool,
    /// Whether the name and organisation may be published with the question.
    pub public_name: bool,
    /// Whether the asker wants an e-mail when there is an answer; a question's only.
    pub notify: bool,
    /// The idempotency key, once a send was attempted; kept until the server confirms.
    pub key: Option<String>,
    /// Whether the question is waiting to be (re)sent.
    pub queued: bool,
    /// When it was last saved (Unix seconds); 0 when unknown.
    pub saved_at: i64,
}

impl Draft {
    /// Reads a kept draft; `None` when the text is no JSON object. A field that is missing
    /// or of the wrong type is left empty rather than losing the rest. Read with the feed's
    /// JSON reader because every page view reads the draft (a waiting one opens the form
    /// at once): a derived deserialiser would add code of its own to what every page loads.
    pub fn from_json(text: &[u8]) -> Option<Draft> {
        let value = json::parse(text).ok()?;
        let fields = value.as_object()?;
        let text = |key: &str| fields.get_str(key).map(str::to_string);
        let flag = |key: &str| matches!(fields.get(key), Some(Json::Bool(true)));
        Some(Draft {
            // Drafts kept before answers had a draft of their own called it `question`.
            text: text("text")
                .or_else(|| text("question"))
                .unwrap_or_default(),
            topics: text("topics").unwrap_or_default(),
            url: text("url").unwrap_or_default(),
            name: text("name").unwrap_or_default(),
            organisation: text("organisation").unwrap_or_default(),
            email: text("email").unwrap_or_default(),
            consent: flag("consent"),
            public_name: flag("public_name"),
            notify: flag("notify"),
            key: text("key"),
            queued: flag("queued"),
            saved_at: match fields.get("saved_at") {
                Some(Json::Number(at)) => at.parse().unwrap_or(0),
                _ => 0,
            },
        })
    }

    /// Whether the reader left something the form must show at once: a question being
    /// written, or one queued to be sent again. (What a kept draft's text says of this,
    /// the cards module reads with [`kept_is_waiting`].)
    pub fn is_waiting(&self) -> bool {
        self.queued || !self.text.trim().is_empty()
    }

    /// Whether the draft is worth keeping: only with a question in it. A name or an
    /// address alone (or the topics, pre-filled from the page) is not kept, and so not
    /// after the question was sent either.
    pub fn is_worth_keeping(&self) -> bool {
        !self.text.trim().is_empty()
    }

    /// Whether the draft is older than [`LIFETIME_SECONDS`] at `now` (Unix seconds); one
    /// saved at an unknown time is.
    pub fn is_expired(&self, now: i64) -> bool {
        self.saved_at <= 0 || now - self.saved_at > LIFETIME_SECONDS
    }
}

/// The storage key of the question draft for one widget on one page: the page's path and
/// the widget's questions endpoint and topics, so that two widgets on a page keep two
/// drafts.
pub fn storage_key(page_path: &str, endpoint: &str, topics: &[String]) -> String {
    let identity = format!("{endpoint}|{}", topics.join(","));
    key(&format!("elders-draft:{page_path}:"), &identity)
}

/// The storage key of the draft of an answer on one page: the page's path and where the
/// answer is posted (`answers_url`, which names the question). Answer drafts have a prefix
/// of their own ([`answer_prefix`]), so that the cards module can tell that one is waiting
/// on this page without reading any.
pub fn answer_key(page_path: &str, answers_url: &str) -> String {
    key(&answer_prefix(page_path), answers_url)
}

/// What the keys of every answer draft kept on a page start with.
pub fn answer_prefix(page_path: &str) -> String {
    format!("elders-answer:{page_path}:")
}

/// `prefix` and a hash of `identity` (FNV-1a, 64 bits): short, and no address in the key.
fn key(prefix: &str, identity: &str) -> String {
    let hash = identity.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{prefix}{hash:016x}")
}

/// Whether a draft kept as `text` (the JSON [`Draft`] is saved as) must open the form at
/// `now`: it is waiting unless it expired. Every kept draft has a question in it (only
/// such drafts are kept: [`Draft::is_worth_keeping`]), and so is waiting
/// ([`Draft::is_waiting`]) while it lives. The cards module asks this on every page view
/// and holds no JSON reader, so only the last member is read: `saved_at`, which serde
/// writes last (the struct's order). Text that does not end so reads as expired.
pub fn kept_is_waiting(text: &str, now: i64) -> bool {
    let saved_at = || {
        let body = text.trim_end().strip_suffix('}')?;
        let before = body.trim_end_matches(|c: char| c.is_ascii_digit());
        before.strip_suffix("\"saved_at\":")?;
        body[before.len()..].parse::<i64>().ok()
    };
    saved_at().is_some_and(|saved_at| {
        !Draft {
            saved_at,
            ..Draft::default()
        }
        .is_expired(now)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_draft_is_waiting_until_it_expires_read_from_its_last_member() {
        let now = 1_800_000_000;
        let draft = Draft {
            text: "Wie heeft \"saved_at\": 1 geprobeerd?}".into(),
            queued: true,
            saved_at: now - 60,
            ..Draft::default()
        };
        let kept = serde_json::to_string(&draft).unwrap();
        assert!(kept_is_waiting(&kept, now));
        assert!(kept_is_waiting(&format!("{kept}\n"), now));
        // Exactly as reading the whole draft decides it.
        let read = Draft::from_json(kept.as_bytes()).unwrap();
        assert!(read.is_waiting() && !read.is_expired(now));
        let old = serde_json::to_string(&Draft {
            saved_at: now - LIFETIME_SECONDS - 1,
            ..draft.clone()
        })
        .unwrap();
        assert!(!kept_is_waiting(&old, now), "expired");
        let unknown = serde_json::to_string(&Draft {
            saved_at: 0,
            ..draft
        })
        .unwrap();
        assert!(!kept_is_waiting(&unknown, now), "saved at an unknown time");
        for text in ["", "{}", "not json", "{\"saved_at\":}", "{\"text\":\"a\"}"] {
            assert!(!kept_is_waiting(text, now), "{text:?}");
        }
    }

    #[test]
    fn drafts_round_trip_through_json_and_tolerate_missing_fields() {
        let draft = Draft {
            text: "Wie?".into(),
            url: "https://example.nl/lab".into(),
            notify: true,
            key: Some("k".into()),
            queued: true,
            ..Draft::default()
        };
        let json = serde_json::to_string(&draft).unwrap();
        assert_eq!(Draft::from_json(json.as_bytes()), Some(draft));
        let old = Draft::from_json(br#"{"question":"x"}"#).unwrap();
        assert_eq!(old.text, "x");
        assert!(!old.queued);
        let odd = Draft::from_json(br#"{"question":"y","queued":"yes","key":7}"#).unwrap();
        assert_eq!((odd.text.as_str(), odd.queued, odd.key), ("y", false, None));
        assert_eq!(Draft::from_json(b"[]"), None);
        assert_eq!(Draft::from_json(b"{\"question\":"), None);
    }

    #[test]
    fn only_a_draft_with_a_question_is_worth_keeping() {
        assert!(!Draft {
            topics: "spraak".into(),
            ..Draft::default()
        }
        .is_worth_keeping());
        assert!(
            !Draft {
                name: "Sam".into(),
                email: "sam@example.nl".into(),
                organisation: "UWV".into(),
                ..Draft::default()
            }
            .is_worth_keeping(),
            "personal details alone are not kept"
        );
        assert!(Draft {
            text: "Wie weet".into(),
            ..Draft::default()
        }
        .is_worth_keeping());
        assert!(!Draft {
            text: "  ".into(),
            ..Draft::default()
        }
        .is_worth_keeping());
    }

    #[test]
    fn a_draft_expires_thirty_days_after_it_was_saved() {
        let now = 1_800_000_000;
        let saved = |saved_at| Draft {
            text: "Wie?".into(),
            saved_at,
            ..Draft::default()
        };
        assert!(!saved(now).is_expired(now));
        assert!(!saved(now - LIFETIME_SECONDS).is_expired(now));
        assert!(saved(now - LIFETIME_SECONDS - 1).is_expired(now));
        assert!(saved(0).is_expired(now), "an unknown age counts as expired");
        let json = serde_json::to_string(&saved(now - 5)).unwrap();
        assert_eq!(Draft::from_json(json.as_bytes()).unwrap().saved_at, now - 5);
    }

    #[test]
    fn each_widget_on_a_page_has_its_own_key() {
        let a = storage_key("/spraak", "/api/questions", &["spraak".into()]);
        let b = storage_key("/spraak", "/api/questions", &["waterstof".into()]);
        assert_ne!(a, b);
        assert!(a.starts_with("elders-draft:/spraak:"));
        assert_eq!(
            a,
            storage_key("/spraak", "/api/questions", &["spraak".into()])
        );
    }

    #[test]
    fn each_answer_draft_has_its_own_key_under_the_pages_answer_prefix() {
        let a = answer_key("/spraak", "/api/questions/q1/answers");
        let b = answer_key("/spraak", "/api/questions/q2/answers");
        assert_ne!(a, b);
        assert!(a.starts_with(&answer_prefix("/spraak")), "{a}");
        assert!(
            !a.starts_with("elders-draft:"),
            "apart from question drafts"
        );
        assert!(!answer_key("/water", "/api/questions/q1/answers")
            .starts_with(&answer_prefix("/spraak")));
    }

    #[test]
    fn a_question_being_written_or_queued_is_waiting() {
        assert!(!Draft::default().is_waiting());
        let topics_only = Draft {
            topics: "spraak".into(),
            name: "Sam".into(),
            ..Draft::default()
        };
        assert!(!topics_only.is_waiting(), "no question yet");
        let written = Draft {
            text: "Wie?".into(),
            ..Draft::default()
        };
        assert!(written.is_waiting());
        let queued = Draft {
            queued: true,
            ..Draft::default()
        };
        assert!(queued.is_waiting());
    }
}
