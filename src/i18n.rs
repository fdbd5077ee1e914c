//! Every string the widget shows, in plain Dutch (B1) and English. Components ask for a
//! [`Texts`] (or the question form's [`FormTexts`]) once and never spell out words
//! themselves, so a new string cannot be forgotten in one language. The question form's
//! words are core's (`elders_core::question::words`), because the server's form without
//! JavaScript shows the same ones.

use elders_core::Lang;

pub use elders_core::question::words::{ComposeTexts, FormTexts};
use elders_core::question::words::{FORM_EN, FORM_NL, QUESTION_EN, QUESTION_NL};

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
    /// Label before the reasons a card is shown.
    pub shared_topics: &'static str,
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

/// The strings of the matches shown while a question is typed, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SuggestionTexts {
    /// Heading.
    pub heading: &'static str,
    /// Introduction.
    pub intro: &'static str,
    /// What a matching answered question is called.
    pub question: &'static str,
    /// What a matching project is called, before its organisation ("Project bij").
    pub project: &'static str,
}

const NL: Texts = Texts {
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
    shared_topics: "Gedeelde onderwerpen",
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

const ANSWER_NL: ComposeTexts = ComposeTexts {
    heading: "Antwoord geven",
    intro: "Weet je het antwoord, of heb je iets vergelijkbaars gedaan? Deel het. Je antwoord komt bij de vraag, zodat ook de volgende collega met dezelfde vraag het vindt.",
    label: "Je antwoord",
    hint: "Schrijf wat je weet of wat jullie hebben gedaan, en wat werkte.",
    extra: ("Link met meer informatie", "Bijvoorbeeld een projectpagina of een rapport. Begin met https://."),
    public_name_label: "Mijn naam en organisatie mogen bij het antwoord staan. Iedereen die het antwoord ziet, ziet ze dan.",
    consent_label: None,
    notify: None,
    submit: "Antwoord versturen",
    sent: "Bedankt, je antwoord is verstuurd.",
    sent_pending: "Een moderator bekijkt het eerst. Daarna staat het bij de vraag.",
    sent_public: "Het staat nu bij de vraag.",
    after_sending: None,
    send_failed: "Je antwoord is nog niet verstuurd: er is geen verbinding met de server. Je antwoord is bewaard, ook als je deze pagina sluit. We proberen het steeds opnieuw.",
    privacy_notice: "Je antwoord komt op de Elders-server van de overheid. Een moderator kan het bekijken. Je naam en organisatie staan alleen bij je antwoord als je dat aanvinkt. Je e-mailadres publiceren we nooit. Na de bewaartermijn (standaard 180 dagen) verwijderen we je naam, organisatie en e-mailadres. Tot het verstuurd is, bewaart deze browser je antwoord hoogstens 30 dagen.",
};

const QUESTIONS_NL: QuestionsTexts = QuestionsTexts {
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

const SUGGESTIONS_NL: SuggestionTexts = SuggestionTexts {
    heading: "Misschien is dit al beantwoord",
    intro: "Je vraag blijft bewaard als je een van deze bekijkt.",
    question: "Beantwoorde vraag",
    project: "Project bij",
};

const EN: Texts = Texts {
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
    shared_topics: "Shared topics",
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

const ANSWER_EN: ComposeTexts = ComposeTexts {
    heading: "Answer this question",
    intro: "Do you know the answer, or did you do something similar? Share it. Your answer is shown with the question, so that the next colleague with the same question finds it too.",
    label: "Your answer",
    hint: "Write what you know or what your team did, and what worked.",
    extra: ("Link with more information", "For example a project page or a report. Start with https://."),
    public_name_label: "My name and organisation may be shown with the answer. Everyone who sees the answer will see them.",
    consent_label: None,
    notify: None,
    submit: "Send answer",
    sent: "Thank you, your answer has been sent.",
    sent_pending: "A moderator looks at it first. Then it is shown with the question.",
    sent_public: "It is shown with the question now.",
    after_sending: None,
    send_failed: "Your answer has not been sent yet: the server cannot be reached. It is kept, even if you close this page, and we keep trying.",
    privacy_notice: "Your answer goes to the government's Elders server, where a moderator may look at it. Your name and organisation are shown with it only if you tick that box. Your e-mail address is never published. After the retention period (180 days unless set otherwise) we delete your name, organisation and e-mail address. Until it is sent, this browser keeps your answer for 30 days at most.",
};

const QUESTIONS_EN: QuestionsTexts = QuestionsTexts {
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

const SUGGESTIONS_EN: SuggestionTexts = SuggestionTexts {
    heading: "Perhaps this has been answered already",
    intro: "Your question is kept if you look at one of these.",
    question: "Answered question",
    project: "Project at",
};

/// The strings for a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// The strings both forms share, for a language: core's, named here rather than through
/// core's `form_texts`, so that the Wasm lays them out as the widget's own (see
/// `elders_core::question::words`).
pub fn form_texts(lang: Lang) -> &'static FormTexts {
    match lang {
        Lang::Nl => &FORM_NL,
        Lang::En => &FORM_EN,
    }
}

/// The question form's own strings: core's, as [`form_texts`].
pub fn question_texts(lang: Lang) -> &'static ComposeTexts {
    match lang {
        Lang::Nl => &QUESTION_NL,
        Lang::En => &QUESTION_EN,
    }
}

/// The answer form's own strings.
pub fn answer_texts(lang: Lang) -> &'static ComposeTexts {
    match lang {
        Lang::Nl => &ANSWER_NL,
        Lang::En => &ANSWER_EN,
    }
}

/// The questions panel's strings.
pub fn questions_texts(lang: Lang) -> &'static QuestionsTexts {
    match lang {
        Lang::Nl => &QUESTIONS_NL,
        Lang::En => &QUESTIONS_EN,
    }
}

/// The strings of the matches shown while a question is typed.
pub fn suggestion_texts(lang: Lang) -> &'static SuggestionTexts {
    match lang {
        Lang::Nl => &SUGGESTIONS_NL,
        Lang::En => &SUGGESTIONS_EN,
    }
}

/// The questions button: "Vragen elders (3)".
pub fn questions_toggle(lang: Lang, count: usize) -> String {
    format!("{} ({count})", texts(lang).questions_toggle)
}

/// "6 projecten gevonden bij andere organisaties", for the status region.
pub fn found(lang: Lang, shown: usize, total: usize) -> String {
    match (lang, total) {
        (Lang::Nl, 1) => "1 project gevonden bij een andere organisatie.".into(),
        (Lang::Nl, _) if shown < total => format!("{total} projecten gevonden bij andere organisaties. De {shown} meest passende staan hieronder."),
        (Lang::Nl, _) => format!("{total} projecten gevonden bij andere organisaties."),
        (Lang::En, 1) => "1 project found at another organisation.".into(),
        (Lang::En, _) if shown < total => format!("{total} projects found at other organisations. The {shown} best matches are below."),
        (Lang::En, _) => format!("{total} projects found at other organisations."),
    }
}

/// How old a kept copy is, in plain words: "5 minuten", "2 uur", "3 dagen".
pub fn age(lang: Lang, seconds: i64) -> String {
    let minutes = (seconds.max(0) / 60).max(1);
    let (n, unit) = if minutes < 60 {
        (minutes, 0)
    } else if minutes < 48 * 60 {
        (minutes / 60, 1)
    } else {
        (minutes / (24 * 60), 2)
    };
    let word = match (lang, unit, n == 1) {
        (Lang::Nl, 0, true) => "minuut",
        (Lang::Nl, 0, false) => "minuten",
        (Lang::Nl, 1, _) => "uur",
        (Lang::Nl, _, true) => "dag",
        (Lang::Nl, _, false) => "dagen",
        (Lang::En, 0, true) => "minute",
        (Lang::En, 0, false) => "minutes",
        (Lang::En, 1, true) => "hour",
        (Lang::En, 1, false) => "hours",
        (Lang::En, _, true) => "day",
        (Lang::En, _, false) => "days",
    };
    format!("{n} {word}")
}

/// The notice above cards from a kept copy of the feed.
pub fn stale_notice(lang: Lang, age_seconds: i64) -> String {
    match lang {
        Lang::Nl => format!(
            "Dit overzicht is van {} geleden. De nieuwste versie kon nu niet worden geladen.",
            age(lang, age_seconds)
        ),
        Lang::En => format!(
            "This overview is from {} ago. The latest version could not be loaded just now.",
            age(lang, age_seconds)
        ),
    }
}

/// "Characters: 120 of 2000".
pub fn characters(lang: Lang, used: usize, max: usize) -> String {
    match lang {
        Lang::Nl => format!("{used} van {max} tekens"),
        Lang::En => format!("{used} of {max} characters"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_naturally_in_both_languages() {
        assert_eq!(
            found(Lang::Nl, 1, 1),
            "1 project gevonden bij een andere organisatie."
        );
        assert_eq!(
            found(Lang::Nl, 6, 9),
            "9 projecten gevonden bij andere organisaties. De 6 meest passende staan hieronder."
        );
        assert_eq!(
            found(Lang::En, 3, 3),
            "3 projects found at other organisations."
        );
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age(Lang::Nl, 20), "1 minuut");
        assert_eq!(age(Lang::Nl, 5 * 60), "5 minuten");
        assert_eq!(age(Lang::Nl, 3 * 3600), "3 uur");
        assert_eq!(age(Lang::Nl, 3 * 86_400), "3 dagen");
        assert_eq!(age(Lang::En, 3600), "1 hour");
        assert_eq!(age(Lang::En, 86_400 * 2), "2 days");
    }

    #[test]
    fn no_string_is_left_empty_in_either_language() {
        for lang in [Lang::Nl, Lang::En] {
            for debug in [
                format!("{:?}", texts(lang)),
                format!("{:?}", form_texts(lang)),
                format!("{:?}", question_texts(lang)),
                format!("{:?}", answer_texts(lang)),
                format!("{:?}", questions_texts(lang)),
                format!("{:?}", suggestion_texts(lang)),
            ] {
                assert!(!debug.contains(": \"\""), "{debug}");
            }
        }
    }
}
