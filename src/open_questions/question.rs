//! A published question, as `GET /api/questions` gives it: a JSON Feed whose items carry
//! the question in an `_elders_question` extension. The type and its feed item are
//! `elders-core`'s [`PublicQuestion`], the same the server publishes, so that a question
//! is ranked for the page exactly like a project, with the very item the server wrote.

pub use elders_core::question::QuestionList;
pub use elders_core::{AnsweredQuestion, PublicQuestion};

/// A question as the cards module reads it: the question, and whether it is answered.
pub type Listed = (PublicQuestion, bool);

/// The questions in a `GET /api/questions` body, each marked answered or not, without
/// their answers (the answers' module reads those, from the same body), and whether the
/// server mails askers (`_elders_mail`, which the question form needs). An entry without
/// an id, a question or a date is skipped, as is a field of the wrong type; links and
/// addresses are kept only when they pass the same checks as a feed's.
///
/// Read with the JSON reader the widget has for feeds: derived deserialisers would add
/// code of their own for these few fields to the Wasm that every page view loads.
pub fn parse(body: &[u8]) -> Result<QuestionList, String> {
    PublicQuestion::read_feed_marking_answered(body).map_err(|e| e.to_string())
}

/// The questions in a `GET /api/questions` body with their published answers, as the
/// questions panel shows them.
pub fn parse_with_answers(body: &[u8]) -> Result<Vec<AnsweredQuestion>, String> {
    AnsweredQuestion::read_feed(body).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_questions_and_checks_their_links() {
        let body = br#"{"version": "https://jsonfeed.org/version/1.1", "items": [
            {"id": "q1", "_elders_question": {"id": "q1", "question": "Wie werkt met spraak?",
              "topics": ["spraak", 3, "klantcontact"], "organisation": "UWV", "name": "Ans",
              "email": "ans@example.nl", "answer": "Zie het lab.", "answer_url": "https://example.nl/lab",
              "created_at": "2026-11-01T10:00:00Z"}},
            {"id": "q2", "_elders_question": {"id": "q2", "question": "En chatbots?",
              "email": "geen adres", "answer_url": "javascript:alert(1)", "answer": null,
              "created_at": "2026-11-02T10:00:00Z",
              "answers": [{"id": "a1", "answer": "Bij de SVB.", "url": "javascript:alert(1)",
                "created_at": "2026-11-03T10:00:00Z", "accepted": true}]}}
        ]}"#;
        let list = parse(body).unwrap();
        assert!(!list.mail);
        let questions = list.questions;
        assert_eq!(
            questions[0],
            (
                PublicQuestion {
                    id: "q1".into(),
                    question: "Wie werkt met spraak?".into(),
                    topics: vec!["spraak".into(), "klantcontact".into()],
                    organisation: Some("UWV".into()),
                    name: Some("Ans".into()),
                    email: Some("ans@example.nl".into()),
                    answer: Some("Zie het lab.".into()),
                    answer_url: Some("https://example.nl/lab".into()),
                    created_at: "2026-11-01T10:00:00Z".into(),
                    status: elders_core::QuestionStatus::Approved,
                    updated_at: None,
                },
                true
            )
        );
        let (second, answered) = &questions[1];
        assert!(answered, "answered by a colleague");
        assert_eq!((second.id.as_str(), second.topics.len()), ("q2", 0));
        assert_eq!(
            (&second.email, &second.answer, &second.answer_url),
            (&None, &None, &None)
        );
        let with_answers = parse_with_answers(body).unwrap();
        let answer = &with_answers[1].answers[0];
        assert_eq!(
            (answer.id.as_str(), answer.accepted, &answer.url),
            ("a1", true, &None)
        );
    }

    #[test]
    fn skips_entries_without_what_a_question_needs() {
        let body = br#"{"items": [
            {"id": "a"},
            {"_elders_question": {"question": "no id", "created_at": "2026-11-01T10:00:00Z"}},
            {"_elders_question": {"id": "b", "question": 7, "created_at": "2026-11-01T10:00:00Z"}},
            {"_elders_question": {"id": "c", "question": "no date"}},
            {"_elders_question": "not an object"},
            {"_elders_question": {"id": "d", "question": "kept", "created_at": "2026-11-01T10:00:00Z"}}
        ]}"#;
        let ids: Vec<String> = parse(body)
            .unwrap()
            .questions
            .into_iter()
            .map(|(q, _)| q.id)
            .collect();
        assert_eq!(ids, ["d"]);
    }

    #[test]
    fn a_body_that_is_no_feed_is_an_error_or_empty() {
        assert!(parse(b"<html>").is_err());
        assert_eq!(parse(b"{}").unwrap(), QuestionList::default());
        assert_eq!(
            parse(br#"{"items": {"not": "a list"}}"#).unwrap(),
            QuestionList::default()
        );
    }
}
