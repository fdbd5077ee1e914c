//! A published question, as `GET /api/questions` gives it: a JSON Feed whose items carry
//! the question in an `_elders_question` extension, with its published answers. The types
//! are `elders-core`'s, the same the server publishes. The questions panel reads them
//! here; the cards module ranks the same questions from the questions' pack
//! (`elders_core::question::pack`), whose items are the very items the server wrote.

pub use elders_core::{AnsweredQuestion, PublicQuestion};

/// The questions in a `GET /api/questions` body with their published answers, as the
/// questions panel shows them. An entry without an id, a question or a date is skipped,
/// as is a field of the wrong type; links and addresses are kept only when they pass the
/// same checks as a feed's.
///
/// Read with the crate's own JSON reader: derived deserialisers would add code of their
/// own for these few fields to the Wasm.
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
        let questions = parse_with_answers(body).unwrap();
        assert_eq!(
            questions[0],
            AnsweredQuestion {
                question: PublicQuestion {
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
                answers: Vec::new(),
            }
        );
        assert!(questions[0].is_answered(), "answered by the moderators");
        let second = &questions[1].question;
        assert!(questions[1].is_answered(), "answered by a colleague");
        assert_eq!((second.id.as_str(), second.topics.len()), ("q2", 0));
        assert_eq!(
            (&second.email, &second.answer, &second.answer_url),
            (&None, &None, &None)
        );
        let answer = &questions[1].answers[0];
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
        let ids: Vec<String> = parse_with_answers(body)
            .unwrap()
            .into_iter()
            .map(|q| q.question.id)
            .collect();
        assert_eq!(ids, ["d"]);
    }

    #[test]
    fn a_body_that_is_no_feed_is_an_error_or_empty() {
        assert!(parse_with_answers(b"<html>").is_err());
        assert_eq!(parse_with_answers(b"{}").unwrap(), []);
        assert_eq!(
            parse_with_answers(br#"{"items": {"not": "a list"}}"#).unwrap(),
            []
        );
    }
}
