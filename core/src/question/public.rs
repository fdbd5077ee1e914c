//! A published question on the wire, and the one feed item it becomes.
//!
//! `GET /api/questions` is a JSON Feed: each published question is an item (so that any
//! feed reader can show it, and the widget ranks it with the same index and rules as the
//! projects), with the question itself in the item's `_elders_question` extension. The
//! server writes that extension from a [`PublicQuestion`]; the widget reads it back into
//! one. Both make the item with [`PublicQuestion::to_item`], so the item the server
//! publishes and the item the widget ranks are the same.
//!
//! The invariants: the item of any question that passed [`super::QuestionInput::validate`]
//! is a valid feed item (title and summary within the feed's limits, the whole question in
//! `content_text`); and an e-mail address or answer link is only ever read in when it would
//! be safe to show as a link.

use serde::{Deserialize, Deserializer, Serialize};

use crate::feed::{Elders, Item, Organisation};
use crate::json::{self, Json, JsonError};
use crate::link::{check_web_link, is_email_address};
use crate::validate::{MAX_CONTENT_CHARS, MAX_SUMMARY_CHARS, MAX_TITLE_CHARS};

use super::answer::PublicAnswer;
use super::MAX_QUESTION_CHARS;

/// How many characters of the question its item's title holds: enough for a card's
/// heading, and well within a feed title's limit.
pub const MAX_QUESTION_TITLE_CHARS: usize = 120;

// A question's item is a valid feed item: its title, and the whole question as its
// content, fit the feed's limits.
const _: () = assert!(MAX_QUESTION_TITLE_CHARS <= MAX_TITLE_CHARS);
const _: () = assert!(MAX_QUESTION_CHARS <= MAX_CONTENT_CHARS);

/// Where a question is in moderation. Only [`QuestionStatus::Approved`] and
/// [`QuestionStatus::Answered`] questions are ever published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Waiting for a moderator; never shown publicly.
    Pending,
    /// Public.
    Approved,
    /// Refused; never shown publicly.
    Rejected,
    /// Public, with an answer.
    Answered,
}

impl QuestionStatus {
    /// The name on the wire and in storage, e.g. `answered`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionStatus::Pending => "pending",
            QuestionStatus::Approved => "approved",
            QuestionStatus::Rejected => "rejected",
            QuestionStatus::Answered => "answered",
        }
    }

    /// Reads a name as [`QuestionStatus::as_str`] writes it; `None` for any other text.
    pub fn parse(name: &str) -> Option<QuestionStatus> {
        [
            QuestionStatus::Pending,
            QuestionStatus::Approved,
            QuestionStatus::Rejected,
            QuestionStatus::Answered,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }

    /// Whether a question with this status may be shown to the public.
    pub fn is_public(self) -> bool {
        matches!(self, QuestionStatus::Approved | QuestionStatus::Answered)
    }

    /// The status of a published question that does not say which it has: published, so
    /// approved at least.
    fn published() -> QuestionStatus {
        QuestionStatus::Approved
    }
}

/// What the public may see of a question: the `_elders_question` extension of each item
/// of `GET /api/questions` (and the body of the answer to `POST /api/questions`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicQuestion {
    /// Public id; also the id of its feed item.
    pub id: String,
    /// The question, as the asker wrote it (trimmed).
    pub question: String,
    /// What it is about.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The asker's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The asker's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The asker's e-mail address: published only when they consented to be contacted,
    /// and read only when it is one e-mail address ([`is_email_address`]).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "email_address"
    )]
    pub email: Option<String>,
    /// Where it is in moderation; read as [`QuestionStatus::Approved`] when absent.
    #[serde(default = "QuestionStatus::published")]
    pub status: QuestionStatus,
    /// A moderator's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// A link with the answer, read only when it is a safe `https:`/`http:` link.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "web_link"
    )]
    pub answer_url: Option<String>,
    /// When it was asked, RFC 3339.
    pub created_at: String,
    /// When it last changed (approved, answered), RFC 3339. Servers that do not send it
    /// leave it out; the item then has no `date_modified`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

/// A published question with colleagues' published answers: the whole `_elders_question`
/// extension as `GET /api/questions` and `GET /api/questions/{id}` write it, the question's
/// fields with `answers` beside them (the accepted one first, then the newest). Apart from
/// [`PublicQuestion`] so that a reader that only wants the question reads it as before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnsweredQuestion {
    /// The question.
    #[serde(flatten)]
    pub question: PublicQuestion,
    /// Its published answers; servers that do not send them leave them out.
    #[serde(default)]
    pub answers: Vec<PublicAnswer>,
}

/// `email` as serde reads it, kept only when it is one e-mail address.
fn email_address<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|e| is_email_address(e)))
}

/// `answer_url` as serde reads it, kept only when it is a safe web link.
fn web_link<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|u| check_web_link(u).is_ok()))
}

/// The first `max` characters of `text`, without white space at either end: what the
/// feed's validation keeps of a field, so that the item reads back unchanged.
fn first_chars(text: &str, max: usize) -> String {
    let cut = text
        .char_indices()
        .nth(max)
        .map_or(text.len(), |(at, _)| at);
    text[..cut].trim().to_string()
}

/// One item of the `GET /api/questions` feed as it is written: the question's feed item
/// ([`PublicQuestion::to_item`]) with the question itself in `_elders_question` (a
/// [`PublicQuestion`], or an [`AnsweredQuestion`] with its answers).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionFeedItem<'q, Q = PublicQuestion> {
    /// The item every reader of the feed sees.
    #[serde(flatten)]
    pub item: Item,
    /// The question, for readers that know the extension.
    #[serde(rename = "_elders_question")]
    pub question: &'q Q,
}

impl PublicQuestion {
    /// The feed item of this question, the same on the server (which publishes it) and in
    /// the widget (which ranks it like a project):
    ///
    /// - `title`: the question's first [`MAX_QUESTION_TITLE_CHARS`] characters;
    /// - `summary`: its first [`MAX_SUMMARY_CHARS`] characters (a feed's limit), which
    ///   is the whole question unless it is longer;
    /// - both without white space at their ends, as a feed reader would trim them;
    /// - `content_text`: the whole question;
    /// - `date_published`: `created_at`; `date_modified`: `updated_at`;
    /// - `tags`: the topics; `_elders.organisation`: the asker's organisation, so that a
    ///   page's own organisation's questions are left out like its projects (no `_elders`
    ///   without one).
    pub fn to_item(&self) -> Item {
        Item {
            id: self.id.clone(),
            url: None,
            title: first_chars(&self.question, MAX_QUESTION_TITLE_CHARS),
            summary: first_chars(&self.question, MAX_SUMMARY_CHARS),
            content_text: Some(self.question.clone()),
            date_published: Some(self.created_at.clone()),
            date_modified: self.updated_at.clone(),
            tags: self.topics.clone(),
            language: None,
            authors: Vec::new(),
            elders: self.organisation.clone().map(|name| Elders {
                organisation: Some(Organisation { name, uri: None }),
                ..Elders::default()
            }),
        }
    }

    /// This question as an item of the `GET /api/questions` feed, ready to serialise.
    pub fn feed_item(&self) -> QuestionFeedItem<'_> {
        QuestionFeedItem {
            item: self.to_item(),
            question: self,
        }
    }

    /// Reads one `_elders_question` object with the crate's JSON reader (no derived
    /// deserialiser, which would add its own code to the widget's Wasm). `None` without an
    /// `id`, a `question` or a `created_at` string. Any other field of the wrong type is
    /// left out, as are topics that are not strings, an e-mail address that is not one
    /// address ([`is_email_address`]) and an answer link that is not a safe web link.
    pub fn from_json(fields: &Json<'_>) -> Option<PublicQuestion> {
        let text = |key: &str| fields.get_str(key).map(str::to_string);
        let topics = fields.get("topics").and_then(Json::as_array);
        Some(PublicQuestion {
            id: text("id")?,
            question: text("question")?,
            topics: topics
                .into_iter()
                .flatten()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            organisation: text("organisation"),
            name: text("name"),
            email: text("email").filter(|e| is_email_address(e)),
            status: fields
                .get_str("status")
                .and_then(QuestionStatus::parse)
                .unwrap_or_else(QuestionStatus::published),
            answer: text("answer"),
            answer_url: text("answer_url").filter(|u| check_web_link(u).is_ok()),
            created_at: text("created_at")?,
            updated_at: text("updated_at"),
        })
    }

    /// The questions in a `GET /api/questions` body: the `_elders_question` of each item,
    /// skipping items without a usable one ([`PublicQuestion::from_json`]). A body that is
    /// not JSON is an error; one without an `items` array holds no questions.
    pub fn read_feed(body: &[u8]) -> Result<Vec<PublicQuestion>, JsonError> {
        read_questions(body, PublicQuestion::from_json)
    }
}

/// The member of a `GET /api/questions` body, beside `items`, that says the server sends
/// askers e-mail about their question (`true`); absent when it does not. The question
/// form offers that mail only then (the widget learns it from the questions' pack,
/// [`super::pack`], which carries the same flag).
pub const MAIL_MEMBER: &str = "_elders_mail";

/// The `_elders_question` of each item of a `GET /api/questions` body, as `read` reads
/// it; items it cannot read are skipped.
fn read_questions<T>(
    body: &[u8],
    read: impl Fn(&Json<'_>) -> Option<T>,
) -> Result<Vec<T>, JsonError> {
    let feed = json::parse(body)?;
    let items = feed.get("items").and_then(Json::as_array);
    Ok(items
        .into_iter()
        .flatten()
        .filter_map(|item| read(item.get("_elders_question")?))
        .collect())
}

impl AnsweredQuestion {
    /// Whether it has an answer: the moderators' own, or colleagues' published ones.
    pub fn is_answered(&self) -> bool {
        self.question.answer.is_some() || !self.answers.is_empty()
    }

    /// This question with its answers as an item of the `GET /api/questions` feed: the
    /// same item as [`PublicQuestion::feed_item`] (answers are not part of it), with the
    /// answers in `_elders_question`.
    pub fn feed_item(&self) -> QuestionFeedItem<'_, AnsweredQuestion> {
        QuestionFeedItem {
            item: self.question.to_item(),
            question: self,
        }
    }

    /// Reads one `_elders_question` object: the question as [`PublicQuestion::from_json`]
    /// reads it, with the `answers` that [`PublicAnswer::from_json`] can read (malformed
    /// ones are skipped; no array, no answers).
    pub fn from_json(fields: &Json<'_>) -> Option<AnsweredQuestion> {
        let answers = fields.get("answers").and_then(Json::as_array);
        Some(AnsweredQuestion {
            question: PublicQuestion::from_json(fields)?,
            answers: answers
                .into_iter()
                .flatten()
                .filter_map(PublicAnswer::from_json)
                .collect(),
        })
    }

    /// The questions with their answers in a `GET /api/questions` body, as
    /// [`PublicQuestion::read_feed`] reads the questions.
    pub fn read_feed(body: &[u8]) -> Result<Vec<AnsweredQuestion>, JsonError> {
        read_questions(body, AnsweredQuestion::from_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::JSON_FEED_VERSION;
    use crate::question::QuestionInput;
    use crate::validate::parse_feed;
    use serde_json::{json, Value};

    fn answered() -> PublicQuestion {
        PublicQuestion {
            id: "q1".into(),
            question: "Wie werkt met spraakherkenning aan de telefoon?".into(),
            topics: vec!["spraak".into(), "klantcontact".into()],
            organisation: Some("UWV".into()),
            name: Some("Ans".into()),
            email: Some("ans@example.nl".into()),
            status: QuestionStatus::Answered,
            answer: Some("Zie het lab.".into()),
            answer_url: Some("https://example.nl/lab".into()),
            created_at: "2026-11-01T10:00:00Z".into(),
            updated_at: Some("2026-11-03T09:00:00Z".into()),
        }
    }

    /// A feed of these questions, written as the server writes `GET /api/questions`.
    fn feed_of(questions: &[PublicQuestion]) -> String {
        let items: Vec<QuestionFeedItem<'_>> =
            questions.iter().map(PublicQuestion::feed_item).collect();
        json!({"version": JSON_FEED_VERSION, "title": "Elders: open vragen", "items": items})
            .to_string()
    }

    #[test]
    fn a_short_question_is_its_own_title_summary_and_content() {
        let q = answered();
        let item = q.to_item();
        assert_eq!(item.id, "q1");
        assert_eq!(item.title, q.question);
        assert_eq!(item.summary, q.question);
        assert_eq!(item.content_text.as_deref(), Some(q.question.as_str()));
        assert_eq!(item.tags, ["spraak", "klantcontact"]);
        assert_eq!(item.date_published.as_deref(), Some("2026-11-01T10:00:00Z"));
        assert_eq!(item.date_modified.as_deref(), Some("2026-11-03T09:00:00Z"));
        assert_eq!(item.organisation().map(|o| o.name.as_str()), Some("UWV"));
        assert_eq!(item.url, None);
    }

    #[test]
    fn a_long_question_is_cut_for_title_and_summary_and_kept_whole_as_content() {
        let long: String = "é".repeat(MAX_QUESTION_CHARS);
        let q = PublicQuestion {
            question: long.clone(),
            ..answered()
        };
        let item = q.to_item();
        assert_eq!(item.title.chars().count(), MAX_QUESTION_TITLE_CHARS);
        assert_eq!(
            first_chars("  een vraag  ", 5),
            "een",
            "cut, then trimmed at both ends"
        );
        assert!(long.starts_with(&item.title));
        assert_eq!(item.summary.chars().count(), MAX_SUMMARY_CHARS);
        assert!(long.starts_with(&item.summary));
        assert_eq!(item.content_text, Some(long));
    }

    #[test]
    fn the_published_feed_is_a_valid_feed_of_the_same_items() {
        let long = PublicQuestion {
            id: "q2".into(),
            question: format!("Wie {}?", "weet ".repeat(390)),
            topics: Vec::new(),
            organisation: None,
            name: None,
            email: None,
            status: QuestionStatus::Approved,
            answer: None,
            answer_url: None,
            updated_at: None,
            ..answered()
        };
        assert!(long.question.chars().count() <= MAX_QUESTION_CHARS);
        let questions = [answered(), long];
        let parsed = parse_feed(&feed_of(&questions)).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let items: Vec<Item> = questions.iter().map(PublicQuestion::to_item).collect();
        assert_eq!(parsed.feed.items, items);
    }

    #[test]
    fn the_feed_carries_the_extension_fields_and_reads_back_unchanged() {
        let questions = [answered()];
        let text = feed_of(&questions);
        let feed: Value = serde_json::from_str(&text).unwrap();
        let item = &feed["items"][0];
        assert_eq!(item["id"], "q1");
        assert_eq!(item["content_text"], answered().question);
        assert_eq!(item["tags"], json!(["spraak", "klantcontact"]));
        let extension = &item["_elders_question"];
        assert_eq!(extension["status"], "answered");
        assert_eq!(extension["email"], "ans@example.nl");
        assert_eq!(extension["answer_url"], "https://example.nl/lab");
        assert_eq!(extension["created_at"], "2026-11-01T10:00:00Z");

        assert_eq!(
            PublicQuestion::read_feed(text.as_bytes()).unwrap(),
            questions
        );
        let with_serde: PublicQuestion = serde_json::from_value(extension.clone()).unwrap();
        assert_eq!(with_serde, answered());
    }

    #[test]
    fn unsafe_links_and_addresses_are_never_read_in() {
        let extension = json!({"id": "q2", "question": "En chatbots?",
            "email": "geen adres", "answer_url": "javascript:alert(1)", "answer": null,
            "created_at": "2026-11-02T10:00:00Z"});
        let body = json!({"items": [{"id": "q2", "_elders_question": extension}]}).to_string();
        let read = &PublicQuestion::read_feed(body.as_bytes()).unwrap()[0];
        let with_serde: PublicQuestion = serde_json::from_value(extension).unwrap();
        assert_eq!(read, &with_serde);
        assert_eq!(
            (&read.email, &read.answer, &read.answer_url),
            (&None, &None, &None)
        );
        assert_eq!(
            read.status,
            QuestionStatus::Approved,
            "published, so approved"
        );
    }

    #[test]
    fn a_published_address_that_adds_recipients_is_not_read_in() {
        for bad in [
            "ceo%40min.example?cc=spy@evil.example",
            "Ans <ans@example.nl>",
            "ans@example.nl, spy@evil.example",
        ] {
            let extension = json!({"id": "q2", "question": "En chatbots?", "email": bad,
                "created_at": "2026-11-02T10:00:00Z"});
            let body = json!({"items": [{"id": "q2", "_elders_question": extension}]});
            let read = PublicQuestion::read_feed(body.to_string().as_bytes()).unwrap();
            assert_eq!(read[0].email, None, "{bad:?}");
            let with_serde: PublicQuestion = serde_json::from_value(extension).unwrap();
            assert_eq!(with_serde.email, None, "{bad:?}");
        }
    }

    #[test]
    fn entries_without_what_a_question_needs_are_skipped() {
        let body = br#"{"items": [
            {"id": "a"},
            {"_elders_question": {"question": "no id", "created_at": "2026-11-01T10:00:00Z"}},
            {"_elders_question": {"id": "b", "question": 7, "created_at": "2026-11-01T10:00:00Z"}},
            {"_elders_question": {"id": "c", "question": "no date"}},
            {"_elders_question": "not an object"},
            {"_elders_question": {"id": "d", "question": "kept", "topics": ["x", 3],
              "created_at": "2026-11-01T10:00:00Z"}}
        ]}"#;
        let read = PublicQuestion::read_feed(body).unwrap();
        let ids: Vec<&str> = read.iter().map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["d"]);
        assert_eq!(read[0].topics, ["x"]);
        assert!(PublicQuestion::read_feed(b"<html>").is_err());
        assert_eq!(PublicQuestion::read_feed(b"{}").unwrap(), []);
        assert_eq!(
            PublicQuestion::read_feed(br#"{"items": {"not": "a list"}}"#).unwrap(),
            []
        );
    }

    #[test]
    fn answers_read_back_and_malformed_ones_are_skipped_without_changing_the_item() {
        let with_answers = AnsweredQuestion {
            question: answered(),
            answers: vec![PublicAnswer {
                id: "a1".into(),
                answer: "Bij de SVB draait een proef.".into(),
                url: Some("https://svb.example/lab".into()),
                name: None,
                organisation: Some("SVB".into()),
                created_at: "2026-11-02T10:00:00Z".into(),
                accepted: true,
            }],
        };
        let item = serde_json::to_value(with_answers.feed_item()).unwrap();
        let plain = serde_json::to_value(answered().feed_item()).unwrap();
        assert_eq!(item["_elders_question"]["answers"][0]["id"], "a1");
        assert_eq!(item["title"], plain["title"], "answers are not in the item");
        let body = json!({"items": [item.clone()]}).to_string();
        assert_eq!(
            AnsweredQuestion::read_feed(body.as_bytes()).unwrap(),
            std::slice::from_ref(&with_answers)
        );
        assert_eq!(
            PublicQuestion::read_feed(body.as_bytes()).unwrap(),
            [answered()],
            "a reader of questions reads the question as before"
        );
        let with_serde: AnsweredQuestion =
            serde_json::from_value(item["_elders_question"].clone()).unwrap();
        assert_eq!(with_serde, with_answers);

        let extension = json!({"id": "q4", "question": "Wie werkt met spraak?",
        "created_at": "2026-11-01T10:00:00Z", "answers": [
            {"id": "a1", "answer": "Bel het lab.", "created_at": "2026-11-02T10:00:00Z",
             "accepted": true, "url": "https://svb.example/lab"},
            {"id": "a2", "answer": 7, "created_at": "2026-11-02T10:00:00Z"},
            "not an object",
            {"id": "a3", "answer": "Zie de wiki.", "created_at": "2026-11-03T10:00:00Z",
             "url": "ftp://svb.example/wiki"}
        ]});
        let body = json!({"items": [{"id": "q4", "_elders_question": extension}]});
        let read = &AnsweredQuestion::read_feed(body.to_string().as_bytes()).unwrap()[0];
        let ids: Vec<&str> = read.answers.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a1", "a3"]);
        assert!(read.answers[0].accepted && !read.answers[1].accepted);
        assert_eq!(read.answers[1].url, None, "an ftp: link is not read in");
        let none = json!({"items": [{"_elders_question": {"id": "q5", "question": "En?",
            "created_at": "2026-11-01T10:00:00Z", "answers": {"not": "a list"}}}]});
        assert!(
            AnsweredQuestion::read_feed(none.to_string().as_bytes()).unwrap()[0]
                .answers
                .is_empty()
        );
    }

    #[test]
    fn statuses_read_as_they_are_written_and_only_two_are_public() {
        for status in [
            QuestionStatus::Pending,
            QuestionStatus::Approved,
            QuestionStatus::Rejected,
            QuestionStatus::Answered,
        ] {
            assert_eq!(QuestionStatus::parse(status.as_str()), Some(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                json!(status.as_str())
            );
        }
        assert_eq!(QuestionStatus::parse("Approved"), None);
        assert!(QuestionStatus::Approved.is_public() && QuestionStatus::Answered.is_public());
        assert!(!QuestionStatus::Pending.is_public() && !QuestionStatus::Rejected.is_public());
    }

    #[test]
    fn every_valid_question_makes_a_valid_feed_item() {
        let input = QuestionInput {
            question: format!("  {}  ", "Hoe ".repeat(MAX_QUESTION_CHARS / 4)),
            topics: vec!["spraak".into()],
            ..QuestionInput::default()
        };
        let clean = input.validate().unwrap();
        let q = PublicQuestion {
            id: "q3".into(),
            question: clean.question,
            topics: clean.topics,
            organisation: clean.organisation,
            name: clean.name,
            email: None,
            status: QuestionStatus::Approved,
            answer: None,
            answer_url: None,
            created_at: "2026-11-01T10:00:00Z".into(),
            updated_at: None,
        };
        let parsed = parse_feed(&feed_of(std::slice::from_ref(&q))).unwrap();
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(parsed.feed.items, [q.to_item()]);
    }
}
