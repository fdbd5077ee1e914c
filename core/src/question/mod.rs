//! The rules a community question must meet. The widget checks them before sending (so the
//! reader sees a mistake at once, even offline) and the server checks them again (because
//! anyone can POST): one implementation, so the two never disagree.
//!
//! What the public may see of a question once it is published, and the feed item it
//! becomes, is in [`public`]; a colleague's answer to a published question, its rules and
//! its public form, in [`answer`]. Both forms report problems as [`FieldError`]s. The
//! question form's words, which the widget and the server's own form share, are in
//! [`words`]; the published questions in the binary form the widget reads, in [`pack`].

use serde::{Deserialize, Serialize};

pub mod answer;
pub mod pack;
pub mod public;
pub mod report;
pub mod words;

pub use answer::{AnswerInput, PublicAnswer, MAX_ANSWER_CHARS, MIN_ANSWER_CHARS};
pub use public::{
    AnsweredQuestion, PublicQuestion, QuestionFeedItem, QuestionStatus, MAIL_MEMBER,
    MAX_QUESTION_TITLE_CHARS,
};
pub use report::{ReportReason, HIDE_AFTER_REPORTS};

use crate::lang::Lang;
use crate::link::{check_web_link, is_email_address, MAX_EMAIL_LEN, MAX_URL_LEN};

/// Shortest question accepted: shorter ones cannot be answered.
pub const MIN_QUESTION_CHARS: usize = 15;
/// Longest question accepted.
pub const MAX_QUESTION_CHARS: usize = 2_000;
/// Most topics on one question.
pub const MAX_TOPICS: usize = 8;
/// Longest topic.
pub const MAX_TOPIC_CHARS: usize = 60;
/// Longest name or organisation.
pub const MAX_NAME_CHARS: usize = 200;

/// A question as the reader typed it; also the JSON body of `POST /api/questions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionInput {
    /// The question itself.
    pub question: String,
    /// What it is about; the widget pre-fills the page's topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The page it was asked on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// The asker's organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The asker's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The asker's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether colleagues elsewhere may see the e-mail address and write to the asker.
    #[serde(default)]
    pub consent_contact: bool,
    /// Whether the asker's name and organisation may be shown with the question. Without
    /// it, no public page, endpoint or feed shows them. Left out of the JSON when false,
    /// so that a question's fingerprint (see the server's store) is what it was before the
    /// field existed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub public_name: bool,
    /// Whether the asker wants an e-mail when the question is published and when an
    /// answer comes (`docs/architecture.md` §8); needs an e-mail address. Like
    /// `public_name`, left out of the JSON when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub notify: bool,
    /// The language the asker wrote in (`nl`, `en`), for those e-mails; anything else is
    /// read as absent (Dutch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A page address as it is kept: without its query and fragment, which often hold a
/// session, a search or a person's details, and say nothing about what the page is.
pub fn page_address(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    &url[..end]
}

/// The fields of the community's forms, by their JSON names: a question's, and an
/// answer's (`answer`, `url`, and the person's details the two share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionField {
    /// `question`
    Question,
    /// `topics`
    Topics,
    /// `page_url`
    PageUrl,
    /// `organisation`
    Organisation,
    /// `name`
    Name,
    /// `email`
    Email,
    /// `consent_contact`
    ConsentContact,
    /// `answer`, of an answer
    Answer,
    /// `url`, an answer's link
    Url,
}

impl QuestionField {
    /// The JSON field name.
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionField::Question => "question",
            QuestionField::Topics => "topics",
            QuestionField::PageUrl => "page_url",
            QuestionField::Organisation => "organisation",
            QuestionField::Name => "name",
            QuestionField::Email => "email",
            QuestionField::ConsentContact => "consent_contact",
            QuestionField::Answer => "answer",
            QuestionField::Url => "url",
        }
    }

    /// Parses a JSON field name.
    pub fn parse(name: &str) -> Option<QuestionField> {
        use QuestionField::*;
        [
            Question,
            Topics,
            PageUrl,
            Organisation,
            Name,
            Email,
            ConsentContact,
            Answer,
            Url,
        ]
        .into_iter()
        .find(|f| f.as_str() == name)
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum QuestionProblem {
    /// Empty.
    Required,
    /// Fewer characters than `min`.
    TooShort {
        /// The minimum.
        min: usize,
    },
    /// More characters than `max`.
    TooLong {
        /// The maximum.
        max: usize,
    },
    /// More entries than `max`.
    TooMany {
        /// The maximum.
        max: usize,
    },
    /// Not an e-mail address.
    InvalidEmail,
    /// Not an `https:`/`http:` link.
    InvalidUrl,
    /// Contact was allowed but no e-mail address given.
    ConsentNeedsEmail,
    /// E-mail about answers was asked for but no e-mail address given.
    NotifyNeedsEmail,
    /// Control characters.
    ControlCharacters,
}

/// One field's problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    /// Which field.
    pub field: QuestionField,
    /// What is wrong.
    pub problem: QuestionProblem,
}

impl FieldError {
    /// The message for the reader, in plain language, saying how to fix it.
    pub fn message(&self, lang: Lang) -> String {
        use QuestionProblem::*;
        let what = field_label(self.field, lang);
        match (self.problem, lang) {
            (Required, Lang::Nl) => format!("Vul {what} in."),
            (Required, Lang::En) => format!("Enter {what}."),
            (TooShort { min }, Lang::Nl) => format!("Maak {what} langer: minstens {min} tekens."),
            (TooShort { min }, Lang::En) => {
                format!("Make {what} longer: at least {min} characters.")
            }
            (TooLong { max }, Lang::Nl) => format!("Maak {what} korter: hoogstens {max} tekens."),
            (TooLong { max }, Lang::En) => {
                format!("Make {what} shorter: at most {max} characters.")
            }
            (TooMany { max }, Lang::Nl) => format!("Kies hoogstens {max} onderwerpen."),
            (TooMany { max }, Lang::En) => format!("Choose at most {max} topics."),
            (InvalidEmail, Lang::Nl) => "Vul een e-mailadres in zoals naam@organisatie.nl.".into(),
            (InvalidEmail, Lang::En) => "Enter an e-mail address like name@organisation.nl.".into(),
            (InvalidUrl, Lang::Nl) => "Dit is geen geldig webadres.".into(),
            (InvalidUrl, Lang::En) => "This is not a valid web address.".into(),
            (ConsentNeedsEmail, Lang::Nl) => {
                "Vul je e-mailadres in, zodat collega's je kunnen mailen. Of zet het vinkje uit."
                    .into()
            }
            (ConsentNeedsEmail, Lang::En) => {
                "Enter your e-mail address so colleagues can write to you, or untick the box."
                    .into()
            }
            (NotifyNeedsEmail, Lang::Nl) => {
                "Vul je e-mailadres in, zodat we je kunnen mailen als er een antwoord is. Of zet het vinkje uit."
                    .into()
            }
            (NotifyNeedsEmail, Lang::En) => {
                "Enter your e-mail address so we can write to you when an answer comes, or untick the box."
                    .into()
            }
            (ControlCharacters, Lang::Nl) => format!("Haal onzichtbare tekens uit {what}."),
            (ControlCharacters, Lang::En) => format!("Remove invisible characters from {what}."),
        }
    }

    /// A short machine-readable code, e.g. `too_short`.
    pub fn code(&self) -> &'static str {
        use QuestionProblem::*;
        match self.problem {
            Required => "required",
            TooShort { .. } => "too_short",
            TooLong { .. } => "too_long",
            TooMany { .. } => "too_many",
            InvalidEmail => "invalid_email",
            InvalidUrl => "invalid_url",
            ConsentNeedsEmail => "consent_needs_email",
            NotifyNeedsEmail => "notify_needs_email",
            ControlCharacters => "control_characters",
        }
    }
}

fn field_label(field: QuestionField, lang: Lang) -> &'static str {
    match (field, lang) {
        (QuestionField::Question, Lang::Nl) => "je vraag",
        (QuestionField::Question, Lang::En) => "your question",
        (QuestionField::Topics, Lang::Nl) => "een onderwerp",
        (QuestionField::Topics, Lang::En) => "a topic",
        (QuestionField::PageUrl, Lang::Nl) => "het webadres",
        (QuestionField::PageUrl, Lang::En) => "the web address",
        (QuestionField::Organisation, Lang::Nl) => "je organisatie",
        (QuestionField::Organisation, Lang::En) => "your organisation",
        (QuestionField::Name, Lang::Nl) => "je naam",
        (QuestionField::Name, Lang::En) => "your name",
        (QuestionField::Email, Lang::Nl) => "je e-mailadres",
        (QuestionField::Email, Lang::En) => "your e-mail address",
        (QuestionField::ConsentContact, _) => "",
        (QuestionField::Answer, Lang::Nl) => "je antwoord",
        (QuestionField::Answer, Lang::En) => "your answer",
        (QuestionField::Url, Lang::Nl) => "de link",
        (QuestionField::Url, Lang::En) => "the link",
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(crate::plain_text::is_unwanted_control)
}

fn check_len(field: QuestionField, s: &str, max: usize, errors: &mut Vec<FieldError>) {
    if has_control(s) {
        errors.push(FieldError {
            field,
            problem: QuestionProblem::ControlCharacters,
        });
    } else if s.chars().count() > max {
        errors.push(FieldError {
            field,
            problem: QuestionProblem::TooLong { max },
        });
    }
}

/// Blank optional text counts as absent.
fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Checks the text a person wrote (a question, an answer): required, `min` to `max`
/// characters of plain text. Returns it trimmed; problems go to `errors`.
pub(super) fn check_text<'a>(
    field: QuestionField,
    text: &'a str,
    min: usize,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> &'a str {
    let text = text.trim();
    let chars = text.chars().count();
    if chars == 0 {
        errors.push(FieldError {
            field,
            problem: QuestionProblem::Required,
        });
    } else if chars < min {
        errors.push(FieldError {
            field,
            problem: QuestionProblem::TooShort { min },
        });
    } else {
        check_len(field, text, max, errors);
    }
    text
}

/// Checks an optional link: an `https:`/`http:` address of at most [`MAX_URL_LEN`]
/// bytes. Returns it trimmed (`None` when blank); a problem goes to `errors`.
pub(super) fn check_link<'a>(
    field: QuestionField,
    url: &'a Option<String>,
    errors: &mut Vec<FieldError>,
) -> Option<&'a str> {
    let url = present(url);
    if let Some(url) = url {
        if url.len() > MAX_URL_LEN || check_web_link(url).is_err() {
            errors.push(FieldError {
                field,
                problem: QuestionProblem::InvalidUrl,
            });
        }
    }
    url
}

/// Who asks or answers, as checked: name, organisation and e-mail address, trimmed, the
/// blank ones left out.
pub(super) struct Person<'a> {
    pub(super) name: Option<&'a str>,
    pub(super) organisation: Option<&'a str>,
    pub(super) email: Option<&'a str>,
}

/// Checks who asks or answers, the same for questions and answers: name and organisation
/// within [`MAX_NAME_CHARS`], and one plain e-mail address (see
/// [`is_email_address`]). Problems go to `errors`, in the form's order.
pub(super) fn check_person<'a>(
    name: &'a Option<String>,
    organisation: &'a Option<String>,
    email: &'a Option<String>,
    errors: &mut Vec<FieldError>,
) -> Person<'a> {
    use QuestionField as F;
    let name = present(name);
    if let Some(name) = name {
        check_len(F::Name, name, MAX_NAME_CHARS, errors);
    }
    let organisation = present(organisation);
    if let Some(org) = organisation {
        check_len(F::Organisation, org, MAX_NAME_CHARS, errors);
    }
    let email = present(email);
    match email {
        Some(email) if email.len() > MAX_EMAIL_LEN => errors.push(FieldError {
            field: F::Email,
            problem: QuestionProblem::TooLong { max: MAX_EMAIL_LEN },
        }),
        Some(email) if !is_email_address(email) => errors.push(FieldError {
            field: F::Email,
            problem: QuestionProblem::InvalidEmail,
        }),
        _ => {}
    }
    Person {
        name,
        organisation,
        email,
    }
}

impl QuestionInput {
    /// Checks every field and returns the question cleaned up (trimmed, blank optional
    /// fields removed, duplicate topics merged), or every problem at once so that the form
    /// can show them all together.
    pub fn validate(&self) -> Result<QuestionInput, Vec<FieldError>> {
        use QuestionField as F;
        let mut errors = Vec::new();
        let question = check_text(
            F::Question,
            &self.question,
            MIN_QUESTION_CHARS,
            MAX_QUESTION_CHARS,
            &mut errors,
        );

        let mut topics: Vec<String> = Vec::new();
        for topic in self
            .topics
            .iter()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
        {
            let before = errors.len();
            check_len(F::Topics, topic, MAX_TOPIC_CHARS, &mut errors);
            if errors.len() == before && !topics.iter().any(|t| t.eq_ignore_ascii_case(topic)) {
                topics.push(topic.to_string());
            }
        }
        if topics.len() > MAX_TOPICS {
            errors.push(FieldError {
                field: F::Topics,
                problem: QuestionProblem::TooMany { max: MAX_TOPICS },
            });
        }

        let page_url = check_link(F::PageUrl, &self.page_url, &mut errors);
        let Person {
            name,
            organisation,
            email,
        } = check_person(&self.name, &self.organisation, &self.email, &mut errors);
        // One message for the address, however many boxes need it.
        if email.is_none() && self.consent_contact {
            errors.push(FieldError {
                field: F::Email,
                problem: QuestionProblem::ConsentNeedsEmail,
            });
        } else if email.is_none() && self.notify {
            errors.push(FieldError {
                field: F::Email,
                problem: QuestionProblem::NotifyNeedsEmail,
            });
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(QuestionInput {
            question: question.to_string(),
            topics,
            page_url: page_url.map(|url| page_address(url).to_string()),
            organisation: organisation.map(str::to_string),
            name: name.map(str::to_string),
            email: email.map(str::to_string),
            consent_contact: self.consent_contact,
            public_name: self.public_name,
            notify: self.notify,
            lang: self
                .lang
                .as_deref()
                .and_then(Lang::from_tag)
                .map(|lang| lang.tag().to_string()),
        })
    }
}

/// Checks a moderator's answer: 1 to [`MAX_QUESTION_CHARS`] characters of plain text, and
/// an optional `https:`/`http:` link. Returns both trimmed, or what to fix.
pub fn validate_answer(text: &str, url: Option<&str>) -> Result<(String, Option<String>), String> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_QUESTION_CHARS {
        return Err(format!(
            "the answer must be 1 to {MAX_QUESTION_CHARS} characters"
        ));
    }
    if has_control(text) {
        return Err("the answer contains control characters".into());
    }
    let url = match url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Some(
            check_web_link(u)
                .map_err(|e| format!("the answer's link: {e}"))?
                .to_string(),
        ),
        None => None,
    };
    Ok((text.to_string(), url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> QuestionInput {
        QuestionInput {
            question: "Wie heeft ervaring met spraakherkenning aan de telefoon?".into(),
            topics: vec![
                "spraaktechnologie".into(),
                " Spraaktechnologie ".into(),
                " ".into(),
            ],
            page_url: Some("https://intranet.example/spraak".into()),
            organisation: Some(" BZK ".into()),
            name: Some("".into()),
            email: Some("a@bzk.example".into()),
            consent_contact: true,
            public_name: false,
            notify: true,
            lang: Some("en-GB".into()),
        }
    }

    #[test]
    fn a_page_address_is_kept_without_its_query_or_fragment() {
        let input = QuestionInput {
            page_url: Some(
                "https://intranet.example/zoek?q=Jan+Jansen&sessie=42#resultaten".into(),
            ),
            ..valid()
        };
        assert_eq!(
            input.validate().unwrap().page_url.as_deref(),
            Some("https://intranet.example/zoek")
        );
        assert_eq!(page_address("https://a.example/p#x"), "https://a.example/p");
        assert_eq!(page_address("https://a.example/p"), "https://a.example/p");
    }

    #[test]
    fn a_question_without_public_name_serialises_as_before_the_field_existed() {
        let json = serde_json::to_string(&valid()).unwrap();
        assert!(!json.contains("public_name"), "{json}");
        let named = QuestionInput {
            public_name: true,
            ..valid()
        };
        assert!(serde_json::to_string(&named)
            .unwrap()
            .contains("\"public_name\":true"));
        let read: QuestionInput = serde_json::from_str(r#"{"question": "x"}"#).unwrap();
        assert!(!read.public_name, "absent means no consent");
    }

    #[test]
    fn a_valid_question_is_cleaned_up() {
        let clean = valid().validate().unwrap();
        assert_eq!(clean.topics, ["spraaktechnologie"]);
        assert_eq!(clean.organisation.as_deref(), Some("BZK"));
        assert_eq!(clean.name, None);
    }

    #[test]
    fn mail_about_answers_needs_an_address_and_keeps_the_language() {
        let cleaned = valid().validate().unwrap();
        assert!(cleaned.notify);
        assert_eq!(cleaned.lang.as_deref(), Some("en"));
        let unknown = QuestionInput {
            lang: Some("fy".into()),
            ..valid()
        };
        assert_eq!(unknown.validate().unwrap().lang, None);
        let without_address = QuestionInput {
            email: None,
            consent_contact: false,
            ..valid()
        };
        let errors = without_address.validate().unwrap_err();
        assert_eq!(
            (errors[0].field, errors[0].code()),
            (QuestionField::Email, "notify_needs_email")
        );
        assert!(errors[0].message(Lang::Nl).contains("antwoord"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let input = QuestionInput {
            question: "Kort?".into(),
            topics: (0..9).map(|i| format!("t{i}")).collect(),
            page_url: Some("javascript:alert(1)".into()),
            organisation: None,
            name: Some("n".repeat(201)),
            email: None,
            consent_contact: true,
            public_name: false,
            notify: true,
            lang: None,
        };
        let errors = input.validate().unwrap_err();
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("question", "too_short"),
                ("topics", "too_many"),
                ("page_url", "invalid_url"),
                ("name", "too_long"),
                ("email", "consent_needs_email"),
            ]
        );
    }

    #[test]
    fn empty_question_and_bad_email_have_plain_messages() {
        let input = QuestionInput {
            email: Some("nope".into()),
            ..QuestionInput::default()
        };
        let errors = input.validate().unwrap_err();
        assert_eq!(errors[0].message(Lang::Nl), "Vul je vraag in.");
        assert_eq!(
            errors[1].message(Lang::En),
            "Enter an e-mail address like name@organisation.nl."
        );
    }

    #[test]
    fn an_address_that_adds_recipients_is_an_email_field_error() {
        for bad in [
            "ceo%40min.example?cc=spy@evil.example",
            "Jan <jan@bzk.example>",
            "jan@bzk.example, spy@evil.example",
            "jan@bzk.example?subject=x",
        ] {
            let input = QuestionInput {
                email: Some(bad.into()),
                ..valid()
            };
            let errors = input.validate().unwrap_err();
            assert_eq!(errors.len(), 1, "{bad:?}");
            assert_eq!(errors[0].field, QuestionField::Email);
            assert_eq!(errors[0].code(), "invalid_email");
            assert_eq!(
                errors[0].message(Lang::Nl),
                "Vul een e-mailadres in zoals naam@organisatie.nl."
            );
        }
        let spaced = QuestionInput {
            email: Some("  a@bzk.example ".into()),
            ..valid()
        };
        assert_eq!(
            spaced.validate().unwrap().email.as_deref(),
            Some("a@bzk.example"),
            "white space around a typed address is trimmed"
        );
    }

    #[test]
    fn answers_need_text_and_a_safe_link() {
        assert_eq!(
            validate_answer(" Ja. ", Some(" https://svb.example/a ")),
            Ok(("Ja.".into(), Some("https://svb.example/a".into())))
        );
        assert!(validate_answer("  ", None).is_err());
        assert!(validate_answer("Ja", Some("javascript:alert(1)")).is_err());
        assert_eq!(validate_answer("Ja", Some("")), Ok(("Ja".into(), None)));
    }

    #[test]
    fn invisible_and_direction_overriding_characters_are_refused() {
        for sneaky in [
            "\u{0}",
            "\u{1b}[31m",
            "\u{7f}",
            "\u{202e}",
            "\u{2066}",
            "\u{85}",
        ] {
            let mut input = valid();
            input.question = format!("Wie heeft al eens {sneaky} een pilot gedaan met chatbots?");
            let errors = input.validate().unwrap_err();
            assert_eq!(
                errors[0].problem,
                QuestionProblem::ControlCharacters,
                "{sneaky:?}"
            );
        }
        let mut rtl = valid();
        rtl.question = "Wie kent \u{200f}مشروع\u{200e} bij de gemeente, met tabs\tbinnenin?".into();
        assert!(rtl.validate().is_ok(), "RTL marks and tabs are fine");
    }

    #[test]
    fn unknown_json_fields_are_refused() {
        let err = serde_json::from_str::<QuestionInput>(r#"{"question":"x","admin":true}"#);
        assert!(err.is_err());
    }
}
