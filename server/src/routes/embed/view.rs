//! What the page shows, worked out before it is written: the cards as the widget's
//! `Card` shows them (`src/cards/card.rs`) and the questions on the page's topics with
//! their answers, each value the text it will be and each link one that core's `link`
//! allows. The templates (`templates/embed/`) only lay these out, escaping every value.

use askama::Template;
use elders_core::feed::Item;
use elders_core::{Lang, Ranked};

use super::params::EmbedRequest;
use super::words::{words, Words};
use crate::store::{StoredAnswer, StoredQuestion};

/// One card.
pub struct Card {
    pub title: String,
    /// The project's page, when it has a link core allows.
    pub url: Option<String>,
    /// The phase's wire name (for its class) and its label.
    pub phase: Option<(&'static str, &'static str)>,
    pub organisation: Option<String>,
    pub summary: String,
    /// "Gedeelde onderwerpen: … · Verwant onderwerp: …", or empty (the line keeps its
    /// room, as in the widget).
    pub reasons: String,
    /// The disclosure's label, when there are lessons or a contact.
    pub more: Option<&'static str>,
    pub lessons: Option<String>,
    pub contact: Option<Contact>,
}

/// A card's contact.
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    /// `mailto:` made by core from an address it accepts.
    pub mailto: Option<String>,
    pub url: Option<String>,
}

impl Card {
    /// The card for one ranked item, as the widget draws it.
    pub fn new(item: &Item, ranked: &Ranked, lang: Lang) -> Card {
        let w = words(lang);
        let elders = item.elders.clone().unwrap_or_default();
        let contact = elders
            .contact
            .filter(|c| c.name.is_some() || c.email.is_some() || c.url.is_some())
            .map(|c| Contact {
                mailto: c
                    .email
                    .as_deref()
                    .and_then(|e| elders_core::link::mailto(e, "", "")),
                email: c.email,
                name: c.name,
                url: web_link(c.url.as_deref()),
            });
        let lessons = elders.outcome;
        let more = match (&lessons, &contact) {
            (Some(_), Some(_)) => Some(w.lessons_and_contact),
            (Some(_), None) => Some(w.lessons),
            (None, Some(_)) => Some(w.contact),
            (None, None) => None,
        };
        Card {
            title: item.title.clone(),
            url: web_link(item.url.as_deref()),
            phase: elders.phase.map(|p| (p.as_str(), p.label(lang))),
            organisation: elders.organisation.map(|o| o.name),
            summary: item.summary.clone(),
            reasons: w.reasons.line(&ranked.reasons, &ranked.related),
            more,
            lessons,
            contact,
        }
    }
}

/// A link core allows on a page (`http:` or `https:` with a host), as it was written.
fn web_link(url: Option<&str>) -> Option<String> {
    url.and_then(|u| elders_core::link::check_web_link(u).ok())
        .map(str::to_string)
}

/// A published question on the page's topics.
pub struct Question {
    pub id: String,
    pub text: String,
    /// The asker's name and organisation, only when they agreed to show them.
    pub asked_by: Option<String>,
    /// A moderator's answer, with its link.
    pub answer: Option<String>,
    pub answer_url: Option<String>,
    pub answers: Vec<Answer>,
}

/// A published answer.
pub struct Answer {
    pub text: String,
    pub url: Option<String>,
    /// The answerer's name and organisation, only when they agreed to show them.
    pub by: Option<String>,
    pub accepted: bool,
}

/// "Name, Organisation" of what is present, when the person agreed (`public_name`).
fn person(agreed: bool, name: &Option<String>, organisation: &Option<String>) -> Option<String> {
    let parts: Vec<&str> = [name, organisation]
        .into_iter()
        .filter(|_| agreed)
        .filter_map(|v| v.as_deref())
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

impl Question {
    /// What the public may see of a question and its published answers: never an e-mail
    /// address, a name only with the person's consent (as `questions::public` decides
    /// for the API).
    pub fn new(q: &StoredQuestion, answers: &[StoredAnswer]) -> Question {
        Question {
            id: q.id.clone(),
            text: q.question.clone(),
            asked_by: person(q.public_name, &q.name, &q.organisation),
            answer: q.answer.clone(),
            answer_url: web_link(q.answer_url.as_deref()),
            answers: answers
                .iter()
                .map(|a| Answer {
                    text: a.answer.clone(),
                    url: web_link(a.url.as_deref()),
                    by: person(a.public_name, &a.name, &a.organisation),
                    accepted: a.accepted,
                })
                .collect(),
        }
    }
}

/// The page.
#[derive(Template)]
#[template(path = "embed/page.html")]
pub struct EmbedPage {
    pub w: &'static Words,
    pub lang: &'static str,
    pub theme: &'static str,
    pub title: String,
    pub cards: Vec<Card>,
    pub ask_query: String,
    pub questions: Vec<Question>,
}

/// The `<title>`: "Verwant werk elders: spraak, klantcontact – Elders".
pub fn page_title(request: &EmbedRequest) -> String {
    let w = words(request.lang);
    if request.topics.is_empty() {
        format!("{} – Elders", w.title)
    } else {
        format!("{}: {} – Elders", w.title, request.topics.join(", "))
    }
}

/// The page for a wrong link.
#[derive(Template)]
#[template(path = "embed/error.html")]
pub struct ErrorPage {
    pub w: &'static Words,
    pub lang: &'static str,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::feed::{Contact as FeedContact, Elders, Organisation, Phase};

    fn item() -> Item {
        Item {
            id: "x".into(),
            url: Some("javascript:alert(1)".into()),
            title: "Spraak".into(),
            summary: "Over spraak.".into(),
            content_text: None,
            date_published: None,
            date_modified: None,
            tags: vec![],
            language: None,
            authors: vec![],
            elders: Some(Elders {
                organisation: Some(Organisation {
                    name: "SVB".into(),
                    uri: None,
                }),
                phase: Some(Phase::Pilot),
                outcome: Some("Het werkt.".into()),
                contact: Some(FeedContact {
                    name: Some("Team Spraak".into()),
                    email: Some("spraak@svb.example".into()),
                    url: Some("https://svb.example/spraak".into()),
                }),
                ..Elders::default()
            }),
        }
    }

    #[test]
    fn a_card_says_what_the_widgets_card_says() {
        let ranked = Ranked {
            index: 0,
            score: 1.0,
            reasons: vec!["spraak".into(), "klantcontact".into()],
            related: vec!["voicebot".into()],
        };
        let card = Card::new(&item(), &ranked, Lang::Nl);
        assert_eq!(card.url, None, "a link core does not allow is not shown");
        assert_eq!(card.phase, Some(("pilot", "Pilot")));
        assert_eq!(card.organisation.as_deref(), Some("SVB"));
        assert_eq!(
            card.reasons,
            "Gedeelde onderwerpen: spraak, klantcontact · Verwant onderwerp: voicebot"
        );
        assert_eq!(card.more, Some("Wat zij leerden en contact"));
        let contact = card.contact.unwrap();
        assert_eq!(contact.mailto.as_deref(), Some("mailto:spraak@svb.example"));
        let en = Card::new(&item(), &ranked, Lang::En);
        assert_eq!(
            en.reasons,
            "Shared topics: spraak, klantcontact · Related topic: voicebot"
        );
    }

    #[test]
    fn names_only_with_consent() {
        assert_eq!(
            person(true, &Some("Ans".into()), &Some("UWV".into())).as_deref(),
            Some("Ans, UWV")
        );
        assert_eq!(person(false, &Some("Ans".into()), &None), None);
        assert_eq!(person(true, &None, &None), None);
    }
}
