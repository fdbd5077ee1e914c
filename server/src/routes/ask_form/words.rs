//! The words only the form without JavaScript says, in Dutch and English. Everything the
//! widget's form says too (labels, hints, the privacy notice, the confirmation) is core's
//! (`elders_core::question::words`), so that the two forms never drift apart.

use elders_core::question::{MAX_QUESTION_CHARS, MIN_QUESTION_CHARS};
use elders_core::Lang;

/// The form's own strings in one language.
pub struct Words {
    /// Before the page's `<title>` when the form has problems, as screen readers announce
    /// the title first.
    pub error_title: &'static str,
    /// Before the title of the page the reader asks from.
    pub from_page: &'static str,
    /// The question was sent before with this form's key, but said something else: the
    /// reader went back and changed it.
    pub key_reused: &'static str,
    /// The form lacked its hidden key.
    pub incomplete: &'static str,
    /// The store failed.
    pub failed: &'static str,
    /// The confirmation's `<title>`.
    pub sent_title: &'static str,
    /// The confirmation, when the asker asked for mail.
    pub mail_next: &'static str,
    /// The confirmation of a question a moderator refused or readers' reports hid since.
    pub sent_only: &'static str,
    /// A form posted from another site: title and explanation.
    pub cross_site: (&'static str, &'static str),
    /// A confirmation for a question that does not exist (any more).
    pub not_found: (&'static str, &'static str),
    /// A body too large or not a form.
    pub unreadable: (&'static str, &'static str),
    /// The server could not show the page (the store or the random source failed).
    pub unavailable: (&'static str, &'static str),
    /// The link back to the form.
    pub to_the_form: &'static str,
}

const NL: Words = Words {
    error_title: "Fout",
    from_page: "Je stelt je vraag vanaf de pagina",
    key_reused: "Je vorige vraag met dit formulier is al verstuurd. Wil je deze vraag ook stellen? Verstuur het formulier dan nog een keer.",
    incomplete: "Het formulier was niet compleet. Kijk je vraag na en verstuur hem nog een keer.",
    failed: "Je vraag kon nu niet worden opgeslagen. Wat je schreef staat hieronder nog. Probeer het over een paar minuten opnieuw.",
    sent_title: "Je vraag is verstuurd",
    mail_next: "We mailen je als je vraag online staat en als er een antwoord is.",
    sent_only: "Je kunt dit formulier sluiten.",
    cross_site: (
        "Dit formulier werkt alleen op zijn eigen pagina",
        "Een andere website probeerde dit formulier voor je te versturen. Dat kan niet. Er is niets opgeslagen. Open het formulier zelf om je vraag te stellen.",
    ),
    not_found: (
        "Deze vraag bestaat niet (meer)",
        "De vraag is verwijderd, of het adres klopt niet.",
    ),
    unreadable: (
        "Je vraag kon niet worden gelezen",
        "Wat er verstuurd werd, is geen ingevuld formulier of is te groot. Er is niets opgeslagen. Open het formulier opnieuw.",
    ),
    unavailable: (
        "Er ging iets mis",
        "Deze pagina kon nu niet worden getoond. Probeer het over een paar minuten opnieuw.",
    ),
    to_the_form: "Naar het vraagformulier",
};

const EN: Words = Words {
    error_title: "Error",
    from_page: "You ask from the page",
    key_reused: "Your previous question with this form has been sent already. Do you want to ask this question too? Then send the form once more.",
    incomplete: "The form was not complete. Check your question and send it once more.",
    failed: "Your question could not be stored just now. What you wrote is still below. Please try again in a few minutes.",
    sent_title: "Your question has been sent",
    mail_next: "We e-mail you when your question is online and when there is an answer.",
    sent_only: "You can close this form.",
    cross_site: (
        "This form only works on its own page",
        "Another website tried to send this form for you. That is not possible. Nothing was stored. Open the form yourself to ask your question.",
    ),
    not_found: (
        "This question does not exist (any more)",
        "The question was deleted, or the address is wrong.",
    ),
    unreadable: (
        "Your question could not be read",
        "What was sent is not a filled-in form, or it is too large. Nothing was stored. Open the form again.",
    ),
    unavailable: (
        "Something went wrong",
        "This page could not be shown just now. Please try again in a few minutes.",
    ),
    to_the_form: "To the question form",
};

/// The strings for a language.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// How long a question may be, under its label: the widget counts as the reader types,
/// which a page without script cannot, so it says the bounds instead.
pub fn length_hint(lang: Lang) -> String {
    match lang {
        Lang::Nl => {
            format!("Minstens {MIN_QUESTION_CHARS} en hoogstens {MAX_QUESTION_CHARS} tekens.")
        }
        Lang::En => {
            format!("At least {MIN_QUESTION_CHARS} and at most {MAX_QUESTION_CHARS} characters.")
        }
    }
}
