//! Every string the widget shows, in plain Dutch (B1) and English. Components ask for a
//! [`Texts`] (or the question form's [`FormTexts`]) once and never spell out words
//! themselves, so a new string cannot be forgotten in one language.

use elders_core::Lang;

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
    /// While the form's code loads, after the reader opened it.
    pub form_loading: &'static str,
    /// The form's code could not be loaded.
    pub form_failed: &'static str,
    /// Mailto alternative when there is no questions API.
    pub ask_by_mail: &'static str,
    /// Heading of the questions asked elsewhere.
    pub open_questions: &'static str,
    /// Label before who asked.
    pub asked_by: &'static str,
    /// Label before a moderator's answer.
    pub answer: &'static str,
    /// Link to more about the answer.
    pub answer_link: &'static str,
    /// Mail link to help the asker.
    pub can_help: &'static str,
}

/// The question form's strings in one language: apart from [`Texts`], so that each of the
/// widget's two Wasm modules holds only its own strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormTexts {
    /// Retry button (sending again after a failure).
    pub retry: &'static str,
    /// Form heading.
    pub ask_heading: &'static str,
    /// Form introduction.
    pub ask_intro: &'static str,
    /// Question label.
    pub question_label: &'static str,
    /// Question hint.
    pub question_hint: &'static str,
    /// Topics label.
    pub topics_label: &'static str,
    /// Topics hint.
    pub topics_hint: &'static str,
    /// Name label.
    pub name_label: &'static str,
    /// Organisation label.
    pub organisation_label: &'static str,
    /// E-mail label.
    pub email_label: &'static str,
    /// Marker on optional fields.
    pub optional: &'static str,
    /// Consent checkbox label.
    pub consent_label: &'static str,
    /// Checkbox label: the name and organisation may be published.
    pub public_name_label: &'static str,
    /// Submit button.
    pub submit: &'static str,
    /// Submit button while sending.
    pub sending: &'static str,
    /// Error summary heading.
    pub error_summary: &'static str,
    /// After a successful send.
    pub sent: &'static str,
    /// After a send that waits for moderation.
    pub sent_pending: &'static str,
    /// After a send that is public at once.
    pub sent_public: &'static str,
    /// Ask another question.
    pub ask_another: &'static str,
    /// Link to the page of the question just sent.
    pub view_question: &'static str,
    /// The network failed while sending.
    pub send_failed: &'static str,
    /// Stop resending a queued question.
    pub stop_sending: &'static str,
    /// What happens with the asker's data.
    pub privacy_notice: &'static str,
    /// Link to the privacy statement.
    pub privacy_link: &'static str,
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
    form_loading: "Het formulier laden…",
    form_failed:
        "Het formulier kon niet worden geladen. Controleer de verbinding en probeer het opnieuw.",
    ask_by_mail: "Mail je vraag aan de community",
    open_questions: "Open vragen elders",
    asked_by: "Gesteld door",
    answer: "Antwoord",
    answer_link: "Meer over dit antwoord",
    can_help: "Ik kan helpen",
};

const FORM_NL: FormTexts = FormTexts {
    retry: "Opnieuw proberen",
    ask_heading: "Stel een vraag aan collega's elders",
    ask_intro: "Weet je niet of iemand dit al heeft geprobeerd? Stel je vraag. Collega's bij andere organisaties zien hem bij dit onderwerp.",
    question_label: "Je vraag",
    question_hint: "Schrijf kort wat je wilt weten, zodat iemand anders het kan beantwoorden.",
    topics_label: "Onderwerpen",
    topics_hint: "Scheid onderwerpen met een komma.",
    name_label: "Naam",
    organisation_label: "Organisatie",
    email_label: "E-mailadres",
    optional: "(niet verplicht)",
    consent_label: "Collega's elders mogen mij mailen over deze vraag. Zij zien dan mijn e-mailadres.",
    public_name_label: "Mijn naam en organisatie mogen bij de vraag staan. Iedereen die de vraag ziet, ziet ze dan.",
    submit: "Vraag versturen",
    sending: "Bezig met versturen…",
    error_summary: "Er is een probleem",
    sent: "Bedankt, je vraag is verstuurd.",
    sent_pending: "Een moderator bekijkt hem eerst. Daarna zien collega's elders hem.",
    sent_public: "Collega's elders kunnen hem nu zien.",
    ask_another: "Nog een vraag stellen",
    view_question: "Bekijk je vraag",
    send_failed: "Je vraag is nog niet verstuurd: er is geen verbinding met de server. Je vraag is bewaard, ook als je deze pagina sluit. We proberen het steeds opnieuw.",
    stop_sending: "Stoppen met versturen",
    privacy_notice: "Je vraag komt op de Elders-server van de overheid. Een moderator bekijkt hem. Je naam en organisatie staan alleen bij je vraag als je dat aanvinkt, je e-mailadres alleen als collega's je mogen mailen. Na de bewaartermijn (standaard 180 dagen) verwijderen we je naam, organisatie, e-mailadres en de pagina waarop je de vraag stelde. Tot hij verstuurd is, bewaart deze browser je vraag hoogstens 30 dagen.",
    privacy_link: "Lees hoe we met je gegevens omgaan",
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
    form_loading: "Loading the form…",
    form_failed: "The form could not be loaded. Check the connection and try again.",
    ask_by_mail: "E-mail your question to the community",
    open_questions: "Open questions elsewhere",
    asked_by: "Asked by",
    answer: "Answer",
    answer_link: "More about this answer",
    can_help: "I can help",
};

const FORM_EN: FormTexts = FormTexts {
    retry: "Try again",
    ask_heading: "Ask colleagues elsewhere",
    ask_intro: "Not sure whether someone already tried this? Ask. Colleagues at other organisations see your question with this topic.",
    question_label: "Your question",
    question_hint: "Say briefly what you want to know, so that someone else can answer it.",
    topics_label: "Topics",
    topics_hint: "Separate topics with a comma.",
    name_label: "Name",
    organisation_label: "Organisation",
    email_label: "E-mail address",
    optional: "(optional)",
    consent_label: "Colleagues elsewhere may e-mail me about this question. They will see my e-mail address.",
    public_name_label: "My name and organisation may be shown with the question. Everyone who sees the question will see them.",
    submit: "Send question",
    sending: "Sending…",
    error_summary: "There is a problem",
    sent: "Thank you, your question has been sent.",
    sent_pending: "A moderator looks at it first. Then colleagues elsewhere will see it.",
    sent_public: "Colleagues elsewhere can see it now.",
    ask_another: "Ask another question",
    view_question: "View your question",
    send_failed: "Your question has not been sent yet: the server cannot be reached. It is kept, even if you close this page, and we keep trying.",
    stop_sending: "Stop sending",
    privacy_notice: "Your question goes to the government's Elders server, where a moderator looks at it. Your name and organisation are shown with it only if you tick that box, your e-mail address only if colleagues may e-mail you. After the retention period (180 days unless set otherwise) we delete your name, organisation, e-mail address and the page you asked on. Until it is sent, this browser keeps your question for 30 days at most.",
    privacy_link: "How we handle your data",
};

/// The strings for a language.
pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// The question form's strings for a language.
pub fn form_texts(lang: Lang) -> &'static FormTexts {
    match lang {
        Lang::Nl => &FORM_NL,
        Lang::En => &FORM_EN,
    }
}

/// The open-questions button: "Open vragen elders (3)".
pub fn open_questions_toggle(lang: Lang, count: usize) -> String {
    format!("{} ({count})", texts(lang).open_questions)
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
            ] {
                assert!(!debug.contains(": \"\""), "{debug}");
            }
        }
    }
}
