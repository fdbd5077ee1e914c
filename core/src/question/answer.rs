//! A colleague's answer to a published question: the rules it must meet (checked by the
//! widget before sending and by the server again, as for questions) and what the public
//! may see of it once it is published.
//!
//! The invariants are those of questions: one implementation of the rules on both sides of
//! the wire, field errors in the same [`FieldError`] type (so the form shows them the same
//! way), and a link that is only ever read in when it is safe to show as a link.

use serde::{Deserialize, Deserializer, Serialize};

use crate::json::Json;
use crate::link::check_web_link;

use super::{check_link, check_person, check_text, FieldError, Person, QuestionField};

/// Shortest answer accepted: a "yes" helps nobody who finds it later.
pub const MIN_ANSWER_CHARS: usize = 10;
/// Longest answer accepted.
pub const MAX_ANSWER_CHARS: usize = 5_000;

/// An answer as a colleague typed it; also the JSON body of
/// `POST /api/questions/{id}/answers`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    /// The answer itself, plain text.
    pub answer: String,
    /// A link with more (`https:` or `http:`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The answerer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The answerer's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The answerer's e-mail address; never published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the name and organisation may be shown with the answer. Without it, no
    /// public page, endpoint or feed shows them.
    #[serde(default)]
    pub public_name: bool,
}

impl AnswerInput {
    /// Checks every field and returns the answer cleaned up (trimmed, blank optional fields
    /// removed), or every problem at once so that the form can show them all together.
    pub fn validate(&self) -> Result<AnswerInput, Vec<FieldError>> {
        use QuestionField as F;
        let mut errors = Vec::new();
        let answer = check_text(
            F::Answer,
            &self.answer,
            MIN_ANSWER_CHARS,
            MAX_ANSWER_CHARS,
            &mut errors,
        );
        let url = check_link(F::Url, &self.url, &mut errors);
        let Person {
            name,
            organisation,
            email,
        } = check_person(&self.name, &self.organisation, &self.email, &mut errors);

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AnswerInput {
            answer: answer.to_string(),
            url: url.map(str::to_string),
            name: name.map(str::to_string),
            organisation: organisation.map(str::to_string),
            email: email.map(str::to_string),
            public_name: self.public_name,
        })
    }
}

/// What the public may see of a published answer: one entry of a question's
/// `_elders_question.answers`. Never the answerer's e-mail address; the name and
/// organisation only when they agreed (`public_name`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicAnswer {
    /// Public id.
    pub id: String,
    /// The answer, as the answerer wrote it (trimmed).
    pub answer: String,
    /// A link with more, read only when it is a safe `https:`/`http:` link.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "web_link"
    )]
    pub url: Option<String>,
    /// The answerer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The answerer's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// When it was given, RFC 3339.
    pub created_at: String,
    /// Whether the asker (through a moderator) marked it as the answer that helped.
    #[serde(default)]
    pub accepted: bool,
}

/// `url` as serde reads it, kept only when it is a safe web link.
fn web_link<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.filter(|u| check_web_link(u).is_ok()))
}

impl PublicAnswer {
    /// Reads one entry of `answers` with the crate's JSON reader. `None` without an `id`,
    /// an `answer` or a `created_at` string; a link that is not a safe web link is left
    /// out, and `accepted` is only `true` when it says so.
    pub fn from_json(fields: &Json<'_>) -> Option<PublicAnswer> {
        let text = |key: &str| fields.get_str(key).map(str::to_string);
        Some(PublicAnswer {
            id: text("id")?,
            answer: text("answer")?,
            url: text("url").filter(|u| check_web_link(u).is_ok()),
            name: text("name"),
            organisation: text("organisation"),
            created_at: text("created_at")?,
            accepted: matches!(fields.get("accepted"), Some(Json::Bool(true))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::question::{QuestionProblem, MAX_NAME_CHARS};
    use crate::Lang;

    fn valid() -> AnswerInput {
        AnswerInput {
            answer: "  Bij de SVB draait een proef; bel het lab.  ".into(),
            url: Some(" https://svb.example/lab ".into()),
            name: Some(" ".into()),
            organisation: Some(" SVB ".into()),
            email: Some("lab@svb.example".into()),
            public_name: true,
        }
    }

    #[test]
    fn a_valid_answer_is_cleaned_up() {
        let clean = valid().validate().unwrap();
        assert_eq!(clean.answer, "Bij de SVB draait een proef; bel het lab.");
        assert_eq!(clean.url.as_deref(), Some("https://svb.example/lab"));
        assert_eq!(clean.name, None);
        assert_eq!(clean.organisation.as_deref(), Some("SVB"));
        assert!(clean.public_name);
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_field() {
        let input = AnswerInput {
            answer: "Ja.".into(),
            url: Some("javascript:alert(1)".into()),
            name: Some("n".repeat(MAX_NAME_CHARS + 1)),
            organisation: Some("o\u{202e}".into()),
            email: Some("geen adres".into()),
            public_name: false,
        };
        let got: Vec<(&str, &str)> = input
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("answer", "too_short"),
                ("url", "invalid_url"),
                ("name", "too_long"),
                ("organisation", "control_characters"),
                ("email", "invalid_email"),
            ]
        );
    }

    #[test]
    fn answers_have_limits_and_plain_messages_in_both_languages() {
        let empty = AnswerInput::default().validate().unwrap_err();
        assert_eq!(empty[0].message(Lang::Nl), "Vul je antwoord in.");
        assert_eq!(empty[0].message(Lang::En), "Enter your answer.");
        let long = AnswerInput {
            answer: "é".repeat(MAX_ANSWER_CHARS + 1),
            ..AnswerInput::default()
        };
        let errors = long.validate().unwrap_err();
        assert_eq!(errors[0].code(), "too_long");
        assert_eq!(
            errors[0].message(Lang::Nl),
            "Maak je antwoord korter: hoogstens 5000 tekens."
        );
        let longest = AnswerInput {
            answer: "é".repeat(MAX_ANSWER_CHARS),
            ..AnswerInput::default()
        };
        assert!(longest.validate().is_ok());
        let ftp = AnswerInput {
            url: Some("ftp://svb.example/lab".into()),
            ..valid()
        };
        assert_eq!(
            ftp.validate().unwrap_err()[0].message(Lang::En),
            "This is not a valid web address."
        );
    }

    #[test]
    fn control_and_direction_overriding_characters_are_refused() {
        for sneaky in ["\u{0}", "\u{1b}[31m", "\u{202e}", "\u{2066}"] {
            let input = AnswerInput {
                answer: format!("Bel het lab {sneaky} van de SVB."),
                ..valid()
            };
            let errors = input.validate().unwrap_err();
            assert_eq!(
                (errors[0].field, errors[0].problem),
                (QuestionField::Answer, QuestionProblem::ControlCharacters),
                "{sneaky:?}"
            );
        }
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        assert!(serde_json::from_str::<AnswerInput>(r#"{"answer":"x","accepted":true}"#).is_err());
        let read: AnswerInput = serde_json::from_str(r#"{"answer":"x"}"#).unwrap();
        assert!(!read.public_name, "absent means no consent");
    }

    #[test]
    fn a_public_answer_reads_back_alike_and_unsafe_links_are_left_out() {
        let answer = PublicAnswer {
            id: "a1".into(),
            answer: "Bel het lab.".into(),
            url: Some("https://svb.example/lab".into()),
            name: Some("Ans".into()),
            organisation: None,
            created_at: "2026-12-01T10:00:00Z".into(),
            accepted: true,
        };
        let text = serde_json::to_string(&answer).unwrap();
        let parsed = json::parse(text.as_bytes()).unwrap();
        assert_eq!(PublicAnswer::from_json(&parsed), Some(answer.clone()));
        assert_eq!(serde_json::from_str::<PublicAnswer>(&text).unwrap(), answer);

        let sneaky = r#"{"id": "a2", "answer": "Zie daar.", "url": "javascript:alert(1)",
            "created_at": "2026-12-01T10:00:00Z", "accepted": "yes"}"#;
        let parsed = json::parse(sneaky.as_bytes()).unwrap();
        let read = PublicAnswer::from_json(&parsed).unwrap();
        assert_eq!((read.url, read.accepted), (None, false));
        let missing = json::parse(br#"{"id": "a3", "answer": "Zonder datum."}"#).unwrap();
        assert_eq!(PublicAnswer::from_json(&missing), None);
    }
}
