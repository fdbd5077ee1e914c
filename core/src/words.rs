//! The words of the widget's cards and of its questions panel, in plain Dutch (B1) and
//! English. The server's page for an intranet that allows no script (`/embed`) shows the
//! same cards and questions, in the same words, so they live here, once, and neither side
//! can drift from the other.
//!
//! As with the question form's words ([`crate::question::words`]), they are constants that
//! the widget names itself (`src/i18n.rs`): a constant is laid out by the crate that uses
//! it, so the widget's Wasm holds them where it held them before they moved here.

/// The widget's fixed strings in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    /// The region's accessible name.
    pub region: &'static str,
    /// While the feed loads.
    pub loading: &'static str,
    /// No matching work.
    pub empty: &'static str,
    /// The feed could not be loaded.
    pub feed_failed: &'static str,
    /// Retry button.
    pub retry: &'static str,
    /// `data-feed` missing.
    pub not_configured: &'static str,
    /// Label before the organisation.
    pub by: &'static str,
    /// Label of the phase.
    pub phase: &'static str,
    /// Heading of the lessons learned.
    pub lessons: &'static str,
    /// Label before the contact.
    pub contact: &'static str,
    /// A contact's web link.
    pub website: &'static str,
    /// The card's disclosure when it has both lessons and a contact.
    pub lessons_and_contact: &'static str,
    /// Button that opens the question form.
    pub ask_toggle: &'static str,
    /// Show-more button.
    pub show_more: &'static str,
    /// While a panel's code (a form, the questions) loads, after the reader opened it.
    pub form_loading: &'static str,
    /// A panel's code could not be loaded.
    pub form_failed: &'static str,
    /// Mailto alternative when there is no questions API.
    pub ask_by_mail: &'static str,
    /// The questions button, before its count.
    pub questions_toggle: &'static str,
}

/// The words of a card's line of reasons. Apart from [`Texts`]: every module of the widget
/// that names [`Texts`] carries all of its strings, and only the cards say why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReasonTexts {
    /// Label before the subjects a card shares with the page.
    pub shared_topics: &'static str,
    /// Label before the subject a card was found by that is related to the page's, not
    /// on it ([`crate::themes`]).
    pub related_topic: &'static str,
}

impl ReasonTexts {
    /// The line that says why a card is shown, from a ranking's reasons
    /// ([`crate::rank::Ranked`]): "Gedeelde onderwerpen: klantcontact · Verwant
    /// onderwerp: voicebot"; empty when there are none. The widget and `/embed` both write
    /// it with this, so that the two say the same.
    pub fn line(&self, shared: &[String], related: &[String]) -> String {
        let mut line = String::new();
        for (label, reasons) in [(self.shared_topics, shared), (self.related_topic, related)] {
            if reasons.is_empty() {
                continue;
            }
            if !line.is_empty() {
                line.push_str(" · ");
            }
            line.push_str(label);
            line.push_str(": ");
            line.push_str(&reasons.join(", "));
        }
        line
    }
}

/// The reasons' words in Dutch.
pub const REASONS_NL: ReasonTexts = ReasonTexts {
    shared_topics: "Gedeelde onderwerpen",
    related_topic: "Verwant onderwerp",
};

/// The reasons' words in English.
pub const REASONS_EN: ReasonTexts = ReasonTexts {
    shared_topics: "Shared topics",
    related_topic: "Related topic",
};

/// The questions panel's strings, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuestionsTexts {
    /// Heading of the open questions.
    pub open_questions: &'static str,
    /// Heading of the answered questions that match the page.
    pub answered_questions: &'static str,
    /// "Asked by".
    pub asked_by: &'static str,
    /// Label of the moderator's answer.
    pub answer: &'static str,
    /// Link under an answer.
    pub answer_link: &'static str,
    /// "I can help" (e-mail) link.
    pub can_help: &'static str,
    /// Button that opens the answer form under a question.
    pub give_answer: &'static str,
    /// The accessible name of a question's published answers.
    pub answers: &'static str,
    /// "Answered by".
    pub answered_by: &'static str,
    /// The mark of the answer that helped the asker.
    pub accepted: &'static str,
    /// The button that opens a report of a question or an answer.
    pub report: &'static str,
    /// Label of the report's reason.
    pub report_reason: &'static str,
    /// The reasons, in `ReportReason::ALL`'s order.
    pub report_reasons: [&'static str; 5],
    /// Said when the report arrived.
    pub report_thanks: &'static str,
    /// Said when it could not be sent, before the server's reason if there is one.
    pub report_failed: &'static str,
}

/// The cards' words in Dutch.
pub const NL: Texts = Texts {
    region: "Gerelateerd werk elders in de overheid",
    loading: "Werk van andere organisaties laden…",
    empty: "Er is nog geen werk van andere organisaties gevonden over dit onderwerp.",
    feed_failed: "Het werk van andere organisaties kon niet worden geladen.",
    retry: "Opnieuw proberen",
    not_configured:
        "Deze module is nog niet goed ingesteld. De beheerder van deze pagina kan dat oplossen.",
    by: "Organisatie",
    phase: "Fase",
    lessons: "Wat zij leerden",
    contact: "Contact",
    website: "Website",
    lessons_and_contact: "Wat zij leerden en contact",
    ask_toggle: "Stel een vraag",
    show_more: "Meer tonen",
    form_loading: "Laden…",
    form_failed: "Dit kon niet worden geladen. Controleer de verbinding en probeer het opnieuw.",
    ask_by_mail: "Mail je vraag aan de community",
    questions_toggle: "Vragen elders",
};

/// The cards' words in English.
pub const EN: Texts = Texts {
    region: "Related work elsewhere in government",
    loading: "Loading work by other organisations…",
    empty: "No work by other organisations was found on this topic yet.",
    feed_failed: "The work by other organisations could not be loaded.",
    retry: "Try again",
    not_configured:
        "This module is not set up correctly yet. The administrator of this page can fix it.",
    by: "Organisation",
    phase: "Phase",
    lessons: "What they learned",
    contact: "Contact",
    website: "Website",
    lessons_and_contact: "What they learned, and contact",
    ask_toggle: "Ask a question",
    show_more: "Show more",
    form_loading: "Loading…",
    form_failed: "This could not be loaded. Check the connection and try again.",
    ask_by_mail: "E-mail your question to the community",
    questions_toggle: "Questions elsewhere",
};

/// The questions panel's words in Dutch.
pub const QUESTIONS_NL: QuestionsTexts = QuestionsTexts {
    open_questions: "Open vragen elders",
    answered_questions: "Al beantwoord elders",
    asked_by: "Gesteld door",
    answer: "Antwoord",
    answer_link: "Meer over dit antwoord",
    can_help: "Ik kan helpen",
    give_answer: "Antwoord geven",
    answers: "Antwoorden",
    answered_by: "Beantwoord door",
    accepted: "Dit hielp de vraagsteller",
    report: "Melden",
    report_reason: "Waarom meld je dit?",
    report_reasons: [
        "Spam of reclame",
        "Persoonsgegevens",
        "Kwetsend of ongepast",
        "Onjuist of verouderd",
        "Iets anders",
    ],
    report_thanks: "Bedankt. Een moderator kijkt ernaar.",
    report_failed: "De melding is niet verstuurd. Probeer het opnieuw.",
};

/// The questions panel's words in English.
pub const QUESTIONS_EN: QuestionsTexts = QuestionsTexts {
    open_questions: "Open questions elsewhere",
    answered_questions: "Answered elsewhere",
    asked_by: "Asked by",
    answer: "Answer",
    answer_link: "More about this answer",
    can_help: "I can help",
    give_answer: "Answer this question",
    answers: "Answers",
    answered_by: "Answered by",
    accepted: "This helped the asker",
    report: "Report",
    report_reason: "Why do you report this?",
    report_reasons: [
        "Spam or advertising",
        "Personal details",
        "Offensive or unfit",
        "Wrong or out of date",
        "Something else",
    ],
    report_thanks: "Thank you. A moderator will look at it.",
    report_failed: "The report was not sent. Please try again.",
};

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_reasons_line_names_shared_and_related_subjects_apart() {
        let shared = strings(&["klantcontact", "spraakherkenning"]);
        assert_eq!(
            REASONS_NL.line(&shared, &[]),
            "Gedeelde onderwerpen: klantcontact, spraakherkenning"
        );
        assert_eq!(
            REASONS_NL.line(&shared, &strings(&["voicebot"])),
            "Gedeelde onderwerpen: klantcontact, spraakherkenning · Verwant onderwerp: voicebot"
        );
        assert_eq!(
            REASONS_NL.line(&[], &strings(&["algoritmes"])),
            "Verwant onderwerp: algoritmes"
        );
        assert_eq!(
            REASONS_EN.line(&[], &strings(&["algoritmes"])),
            "Related topic: algoritmes"
        );
        assert_eq!(REASONS_NL.line(&[], &[]), "", "no reasons, an empty line");
    }
}
