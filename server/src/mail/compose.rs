//! What each mail says, in the reader's language: pure functions from what happened to a
//! subject, a plain-text body and an HTML body (`templates/mail/`). No I/O here, so that
//! every mail's wording is tested without a server.

use askama::Template;
use elders_core::Lang;

/// A mail's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composed {
    /// The subject line.
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part: the same content.
    pub html: String,
}

/// What happened to the asker's question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event<'a> {
    /// It was published.
    Published,
    /// A moderator refused it, perhaps saying why.
    Rejected {
        /// The moderator's reason.
        reason: Option<&'a str>,
    },
    /// An answer to it was published.
    Answer(AnswerView<'a>),
    /// A moderator marked it as asked before: the original's public page.
    Duplicate {
        /// The original question's page.
        original_url: &'a str,
    },
}

/// A published answer as the asker's mail shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerView<'a> {
    /// The answer.
    pub text: &'a str,
    /// The answerer's link.
    pub url: Option<&'a str>,
    /// "Name, organisation", only when the answerer agreed to show them.
    pub by: Option<String>,
}

/// The asker's question, and the links their mail carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asker<'a> {
    /// The asker's language.
    pub lang: Lang,
    /// Their question.
    pub question: &'a str,
    /// The question's public page, once it is published.
    pub question_url: Option<String>,
    /// The private link (`/questions/{id}/manage?key=…`).
    pub manage_url: &'a str,
}

/// The words of the asker's mails in one language.
struct Words {
    your_question: &'static str,
    reason: &'static str,
    the_answer: &'static str,
    more: &'static str,
    see_online: &'static str,
    original: &'static str,
    manage: &'static str,
    manage_link: &'static str,
    keep_private: &'static str,
}

const NL: Words = Words {
    your_question: "Je vraag:",
    reason: "Waarom:",
    the_answer: "Het antwoord",
    more: "Meer:",
    see_online: "Bekijk je vraag en alle antwoorden online:",
    original: "De eerdere vraag, met de antwoorden:",
    manage: "Met je persoonlijke link zie je hoe het met je vraag staat, geef je aan welk antwoord je hielp, zet je deze e-mails uit of verwijder je je vraag met al je gegevens:",
    manage_link: "Je vraag beheren",
    keep_private: "Stuur deze e-mail niet door: met de link kan iedereen je vraag beheren.",
};

const EN: Words = Words {
    your_question: "Your question:",
    reason: "Why:",
    the_answer: "The answer",
    more: "More:",
    see_online: "See your question and every answer online:",
    original: "The earlier question, with its answers:",
    manage: "With your private link you can see how your question stands, mark the answer that helped you, stop these e-mails, or delete your question with all your details:",
    manage_link: "Manage your question",
    keep_private: "Do not forward this e-mail: anyone with the link can manage your question.",
};

#[derive(Template)]
#[template(path = "mail/asker.txt")]
struct AskerText<'a> {
    w: &'a Words,
    lead: &'a str,
    question: &'a str,
    reason: Option<&'a str>,
    answer: Option<&'a AnswerView<'a>>,
    original_url: Option<&'a str>,
    question_url: Option<&'a str>,
    manage_url: &'a str,
}

#[derive(Template)]
#[template(path = "mail/asker.html")]
struct AskerHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    w: &'a Words,
    lead: &'a str,
    question: &'a str,
    reason: Option<&'a str>,
    answer: Option<&'a AnswerView<'a>>,
    original_url: Option<&'a str>,
    question_url: Option<&'a str>,
    manage_url: &'a str,
}

/// The asker's mail about `event`.
pub fn to_asker(asker: &Asker<'_>, event: &Event<'_>) -> Composed {
    let w = match asker.lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    };
    let short = shortened(asker.question, 60);
    let (subject, lead) = match (event, asker.lang) {
        (Event::Published, Lang::Nl) => (
            format!("Je vraag staat online: {short}"),
            "Je vraag is goedgekeurd en staat nu online, waar collega's bij andere organisaties hem zien. We mailen je als er een antwoord is.",
        ),
        (Event::Published, Lang::En) => (
            format!("Your question is online: {short}"),
            "Your question was approved and is now online, where colleagues at other organisations see it. We will e-mail you when an answer comes.",
        ),
        (Event::Rejected { .. }, Lang::Nl) => (
            format!("Je vraag is niet geplaatst: {short}"),
            "Een moderator heeft je vraag niet geplaatst. Je kunt hem anders geformuleerd opnieuw stellen.",
        ),
        (Event::Rejected { .. }, Lang::En) => (
            format!("Your question was not published: {short}"),
            "A moderator did not publish your question. You may ask it again in other words.",
        ),
        (Event::Answer(_), Lang::Nl) => (
            format!("Een antwoord op je vraag: {short}"),
            "Een collega heeft je vraag beantwoord.",
        ),
        (Event::Answer(_), Lang::En) => (
            format!("An answer to your question: {short}"),
            "A colleague answered your question.",
        ),
        (Event::Duplicate { .. }, Lang::Nl) => (
            format!("Je vraag is al eerder gesteld: {short}"),
            "Een moderator zag dat je vraag al eerder is gesteld. Antwoorden komen bij de eerdere vraag; daar vind je ze.",
        ),
        (Event::Duplicate { .. }, Lang::En) => (
            format!("Your question was asked before: {short}"),
            "A moderator saw that your question was asked before. Answers come with the earlier question; you will find them there.",
        ),
    };
    let reason = match event {
        Event::Rejected { reason } => *reason,
        _ => None,
    };
    let answer = match event {
        Event::Answer(answer) => Some(answer),
        _ => None,
    };
    let original_url = match event {
        Event::Duplicate { original_url } => Some(*original_url),
        _ => None,
    };
    let question_url = match event {
        Event::Rejected { .. } => None,
        _ => asker.question_url.as_deref(),
    };
    let text = AskerText {
        w,
        lead,
        question: asker.question,
        reason,
        answer,
        original_url,
        question_url,
        manage_url: asker.manage_url,
    };
    let html = AskerHtml {
        lang: asker.lang.tag(),
        subject: &subject,
        w,
        lead,
        question: asker.question,
        reason,
        answer,
        original_url,
        question_url,
        manage_url: asker.manage_url,
    };
    Composed {
        text: text.render().unwrap_or_default(),
        html: html.render().unwrap_or_default(),
        subject,
    }
}

struct DigestWords {
    questions: &'static str,
    answers: &'static str,
    reported: &'static str,
    how: String,
}

#[derive(Template)]
#[template(path = "mail/digest.txt")]
struct DigestText<'a> {
    w: &'a DigestWords,
    lead: &'a str,
    questions: &'a [String],
    answers: &'a [String],
    reported: &'a [String],
}

#[derive(Template)]
#[template(path = "mail/digest.html")]
struct DigestHtml<'a> {
    lang: &'a str,
    subject: &'a str,
    w: &'a DigestWords,
    lead: &'a str,
    questions: &'a [String],
    answers: &'a [String],
    reported: &'a [String],
}

/// Most waiting items of each kind a digest names; the counts cover the rest.
pub const DIGEST_SHOWN: usize = 20;

/// What waits for a moderator, oldest first: the texts of the pending questions, of the
/// pending answers, and of the published items readers reported.
#[derive(Debug, Default)]
pub struct Waiting {
    pub questions: Vec<String>,
    pub answers: Vec<String>,
    pub reported: Vec<String>,
}

impl Waiting {
    /// Whether nothing waits.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty() && self.answers.is_empty() && self.reported.is_empty()
    }
}

/// A moderator's daily overview (in Dutch, the community's language): how many questions,
/// answers and reported items wait, and the first [`DIGEST_SHOWN`] of each, oldest first.
pub fn digest(desk_url: &str, waiting: &Waiting) -> Composed {
    let w = DigestWords {
        questions: "Vragen die wachten:",
        answers: "Antwoorden die wachten:",
        reported: "Gemeld door lezers:",
        how: format!("Keur ze goed of af op de moderatiepagina: {desk_url}"),
    };
    let counted =
        |n: usize, one: &str, more: &str| format!("{n} {}", if n == 1 { one } else { more });
    let mut parts = vec![
        counted(waiting.questions.len(), "vraag", "vragen"),
        counted(waiting.answers.len(), "antwoord", "antwoorden"),
    ];
    if !waiting.reported.is_empty() {
        parts.push(counted(waiting.reported.len(), "melding", "meldingen"));
    }
    let last = parts.pop().unwrap_or_default();
    let subject = format!(
        "Elders: {} en {last} wachten op een moderator",
        parts.join(", ")
    );
    let lead = "Goedemorgen. Dit wacht op een moderator:";
    let shown = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .take(DIGEST_SHOWN)
            .map(|s| shortened(s, 120))
            .collect()
    };
    let (questions, answers, reported) = (
        shown(&waiting.questions),
        shown(&waiting.answers),
        shown(&waiting.reported),
    );
    let text = DigestText {
        w: &w,
        lead,
        questions: &questions,
        answers: &answers,
        reported: &reported,
    };
    let html = DigestHtml {
        lang: "nl",
        subject: &subject,
        w: &w,
        lead,
        questions: &questions,
        answers: &answers,
        reported: &reported,
    };
    Composed {
        text: text.render().unwrap_or_default(),
        html: html.render().unwrap_or_default(),
        subject,
    }
}

/// `text` on one line, cut at a word to at most `max` characters with "…".
fn shortened(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asker(lang: Lang) -> Asker<'static> {
        Asker {
            lang,
            question: "Wie heeft <b>ervaring</b> met spraakherkenning aan de telefoon bij een uitvoeringsorganisatie?",
            question_url: Some("https://elders.example.nl/questions/q1".into()),
            manage_url: "https://elders.example.nl/questions/q1/manage?key=abc",
        }
    }

    #[test]
    fn the_answer_mail_holds_the_answer_and_the_private_link_in_both_parts() {
        let answer = AnswerView {
            text: "Bij het UWV: zie het lab & de evaluatie.",
            url: Some("https://uwv.example/lab"),
            by: Some("Ans, UWV".into()),
        };
        let mail = to_asker(&asker(Lang::Nl), &Event::Answer(answer));
        assert!(mail
            .subject
            .starts_with("Een antwoord op je vraag: Wie heeft"));
        assert!(mail.subject.ends_with('…'), "{}", mail.subject);
        for body in [&mail.text, &mail.html] {
            assert!(body.contains("manage?key=abc"));
            assert!(body.contains("https://uwv.example/lab"));
            assert!(body.contains("Ans, UWV"));
        }
        assert!(mail.text.contains("zie het lab & de evaluatie"));
        assert!(!mail.html.contains("lab & de"), "escaped in HTML");
        assert!(mail.html.contains("ervaring"));
        assert!(
            !mail.html.contains("<b>"),
            "the question is text, not markup"
        );
        assert!(mail.html.contains("<html lang=\"nl\">"));
    }

    #[test]
    fn each_event_in_each_language() {
        let published = to_asker(&asker(Lang::En), &Event::Published);
        assert!(published.subject.starts_with("Your question is online"));
        assert!(published.text.contains("We will e-mail you"));
        assert!(published.text.contains("/questions/q1\n"));
        let refused = to_asker(
            &asker(Lang::Nl),
            &Event::Rejected {
                reason: Some("Dit is een persoonlijke vraag."),
            },
        );
        assert!(refused.subject.starts_with("Je vraag is niet geplaatst"));
        assert!(refused
            .text
            .contains("Waarom: Dit is een persoonlijke vraag."));
        assert!(!refused.text.contains("/questions/q1\n"), "no public page");
        let without_reason = to_asker(&asker(Lang::Nl), &Event::Rejected { reason: None });
        assert!(!without_reason.text.contains("Waarom"));
    }

    #[test]
    fn the_duplicate_mail_points_to_the_original_in_both_parts() {
        let original = "https://elders.example.nl/questions/q0";
        let mail = to_asker(
            &asker(Lang::Nl),
            &Event::Duplicate {
                original_url: original,
            },
        );
        assert!(mail.subject.starts_with("Je vraag is al eerder gesteld"));
        assert!(mail.text.contains(&format!(
            "De eerdere vraag, met de antwoorden: {original}\n"
        )));
        assert!(mail.html.contains(&format!("<a href=\"{original}\">")));
        assert!(mail.text.contains("manage?key=abc"), "the private link too");
        let english = to_asker(
            &asker(Lang::En),
            &Event::Duplicate {
                original_url: original,
            },
        );
        assert!(english
            .subject
            .starts_with("Your question was asked before"));
        assert!(english.text.contains(original));
    }

    #[test]
    fn the_digest_counts_and_names_what_waits() {
        let waiting = Waiting {
            questions: (0..25).map(|i| format!("Vraag {i}")).collect(),
            answers: vec!["Een antwoord".into()],
            reported: Vec::new(),
        };
        let mail = digest("https://elders.example.nl/admin", &waiting);
        assert_eq!(
            mail.subject,
            "Elders: 25 vragen en 1 antwoord wachten op een moderator"
        );
        assert!(mail.text.contains("- Vraag 19\n"));
        assert!(!mail.text.contains("Vraag 20"));
        assert!(mail.html.contains("<li>Een antwoord</li>"));
        assert!(!mail.text.contains("Gemeld"), "no empty list");
        assert!(mail.text.contains("https://elders.example.nl/admin"));

        let reported = Waiting {
            reported: vec!["Bel Piet op 06-12345678.".into()],
            ..Waiting::default()
        };
        let mail = digest("https://elders.example.nl/admin", &reported);
        assert_eq!(
            mail.subject,
            "Elders: 0 vragen, 0 antwoorden en 1 melding wachten op een moderator"
        );
        assert!(mail
            .text
            .contains("Gemeld door lezers:\n- Bel Piet op 06-12345678.\n"));
        assert!(mail.html.contains("<li>Bel Piet op 06-12345678.</li>"));
    }
}
