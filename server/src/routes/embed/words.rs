//! Every word of `/embed`, Dutch first, English with `lang=en`. The cards' and the
//! questions' words are the widget's own (`elders_core::words`, which the widget names
//! too), so that a reader sees the same labels in the frame as in the widget; only what a
//! page without a script says besides is written here.

use elders_core::words::{ReasonTexts, EN as CARDS_EN, NL as CARDS_NL, REASONS_EN, REASONS_NL};
use elders_core::words::{QUESTIONS_EN, QUESTIONS_NL};
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
    /// The widget's words for the line of a card's reasons (`ReasonTexts::line`).
    pub reasons: &'static ReasonTexts,
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
    heading: CARDS_NL.region,
    title: "Verwant werk elders",
    empty: CARDS_NL.empty,
    by: CARDS_NL.by,
    phase: CARDS_NL.phase,
    lessons: CARDS_NL.lessons,
    reasons: &REASONS_NL,
    contact: CARDS_NL.contact,
    website: CARDS_NL.website,
    lessons_and_contact: CARDS_NL.lessons_and_contact,
    ask: CARDS_NL.ask_toggle,
    ask_explained: "aan collega's bij andere organisaties",
    questions: CARDS_NL.questions_toggle,
    asked_by: QUESTIONS_NL.asked_by,
    answer: QUESTIONS_NL.answer,
    answer_link: QUESTIONS_NL.answer_link,
    answered_by: QUESTIONS_NL.answered_by,
    accepted: QUESTIONS_NL.accepted,
    answers: QUESTIONS_NL.answers,
    error_heading: "Deze module is nog niet goed ingesteld",
    error_advice: "De beheerder van deze pagina kan dat oplossen in de link van het iframe:",
};

const EN: Words = Words {
    heading: CARDS_EN.region,
    title: "Related work elsewhere",
    empty: CARDS_EN.empty,
    by: CARDS_EN.by,
    phase: CARDS_EN.phase,
    lessons: CARDS_EN.lessons,
    reasons: &REASONS_EN,
    contact: CARDS_EN.contact,
    website: CARDS_EN.website,
    lessons_and_contact: CARDS_EN.lessons_and_contact,
    ask: CARDS_EN.ask_toggle,
    ask_explained: "to colleagues at other organisations",
    questions: CARDS_EN.questions_toggle,
    asked_by: QUESTIONS_EN.asked_by,
    answer: QUESTIONS_EN.answer,
    answer_link: QUESTIONS_EN.answer_link,
    answered_by: QUESTIONS_EN.answered_by,
    accepted: QUESTIONS_EN.accepted,
    answers: QUESTIONS_EN.answers,
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
