//! Every string the widget shows, in plain Dutch (B1) and English. Components ask for a
//! [`Texts`] (or the question form's [`FormTexts`]) once and never spell out words
//! themselves, so a new string cannot be forgotten in one language. The question form's
//! words are core's (`elders_core::question::words`), because the server's form without
//! JavaScript shows the same ones; so are the cards' and the questions panel's
//! (`elders_core::words`), which the server's cards for an iframe (`/embed`) show.

use elders_core::Lang;

pub use elders_core::question::words::{ComposeTexts, FormTexts};
use elders_core::question::words::{FORM_EN, FORM_NL, QUESTION_EN, QUESTION_NL};
pub use elders_core::words::{QuestionsTexts, ReasonTexts, Texts};
use elders_core::words::{EN, NL, QUESTIONS_EN, QUESTIONS_NL, REASONS_EN, REASONS_NL};

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

const SUGGESTIONS_NL: SuggestionTexts = SuggestionTexts {
    heading: "Misschien is dit al beantwoord",
    intro: "Je vraag blijft bewaard als je een van deze bekijkt.",
    question: "Beantwoorde vraag",
    project: "Project bij",
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

/// The words of a card's line of reasons, for a language.
pub fn reason_texts(lang: Lang) -> &'static ReasonTexts {
    match lang {
        Lang::Nl => &REASONS_NL,
        Lang::En => &REASONS_EN,
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
                format!("{:?}", reason_texts(lang)),
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
