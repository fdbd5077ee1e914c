//! Every word of `/embed`, Dutch first, English with `lang=en`. The cards' words are the
//! widget's own (`src/i18n.rs`: its `Texts` and `QuestionsTexts`), so that a reader sees
//! the same labels in the frame as in the widget; the widget's strings live in the Wasm
//! crate, which the server does not build, hence this copy of the few it shows. Keep the
//! two in step.

use elders_core::Lang;

/// The words of one language.
pub struct Words {
    /// The page's heading: the widget's region name.
    pub heading: &'static str,
    /// The start of the `<title>`, before the topics.
    pub title: &'static str,
    /// No matching work (the widget's `empty`).
    pub empty: &'static str,
    /// The widget's `by`.
    pub by: &'static str,
    /// The widget's `phase`.
    pub phase: &'static str,
    /// The widget's `lessons`.
    pub lessons: &'static str,
    /// The widget's `shared_topics`: before a card's reasons.
    pub shared_topics: &'static str,
    /// The widget's `contact`.
    pub contact: &'static str,
    /// The widget's `website`.
    pub website: &'static str,
    /// The widget's `lessons_and_contact`.
    pub lessons_and_contact: &'static str,
    /// The link to `/ask` (the widget's `ask_toggle`).
    pub ask: &'static str,
    /// What the link to `/ask` leads to.
    pub ask_explained: &'static str,
    /// The questions' heading (the widget's `questions_toggle`).
    pub questions: &'static str,
    /// The widget's `asked_by`.
    pub asked_by: &'static str,
    /// The widget's `answer`: a moderator's answer.
    pub answer: &'static str,
    /// The widget's `answer_link`.
    pub answer_link: &'static str,
    /// The widget's `answered_by`.
    pub answered_by: &'static str,
    /// The widget's `accepted`.
    pub accepted: &'static str,
    /// The widget's `answers`.
    pub answers: &'static str,
    /// The error page's heading.
    pub error_heading: &'static str,
    /// The error page's advice to the admin.
    pub error_advice: &'static str,
}

const NL: Words = Words {
    heading: "Gerelateerd werk elders in de overheid",
    title: "Verwant werk elders",
    empty: "Er is nog geen werk van andere organisaties gevonden over dit onderwerp.",
    by: "Organisatie",
    phase: "Fase",
    lessons: "Wat zij leerden",
    shared_topics: "Gedeelde onderwerpen",
    contact: "Contact",
    website: "Website",
    lessons_and_contact: "Wat zij leerden en contact",
    ask: "Stel een vraag",
    ask_explained: "aan collega's bij andere organisaties",
    questions: "Vragen elders",
    asked_by: "Gesteld door",
    answer: "Antwoord",
    answer_link: "Meer over dit antwoord",
    answered_by: "Beantwoord door",
    accepted: "Dit hielp de vraagsteller",
    answers: "Antwoorden",
    error_heading: "Deze module is nog niet goed ingesteld",
    error_advice: "De beheerder van deze pagina kan dat oplossen in de link van het iframe:",
};

const EN: Words = Words {
    heading: "Related work elsewhere in government",
    title: "Related work elsewhere",
    empty: "No work by other organisations was found on this topic yet.",
    by: "Organisation",
    phase: "Phase",
    lessons: "What they learned",
    shared_topics: "Shared topics",
    contact: "Contact",
    website: "Website",
    lessons_and_contact: "What they learned, and contact",
    ask: "Ask a question",
    ask_explained: "to colleagues at other organisations",
    questions: "Questions elsewhere",
    asked_by: "Asked by",
    answer: "Answer",
    answer_link: "More about this answer",
    answered_by: "Answered by",
    accepted: "This helped the asker",
    answers: "Answers",
    error_heading: "This module is not set up correctly yet",
    error_advice: "The administrator of this page can fix it in the iframe's link:",
};

/// The words for `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}
