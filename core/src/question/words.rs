//! The question form's words, in plain Dutch (B1) and English: the widget's form and the
//! server's form without JavaScript (`/ask`) show the same labels, hints, privacy notice
//! and confirmation, so they live here, once, and neither side can drift from the other.
//!
//! [`FormTexts`] are what every form of the community shares (the question form and the
//! answer form); [`ComposeTexts`] what a question and an answer say differently. The
//! answer form's own words stay in the widget, the only side that shows them.
//!
//! The words are constants, which the widget names itself (`src/i18n.rs`): a constant is
//! laid out by the crate that uses it, so the widget's Wasm holds them where it held them
//! before they moved here, and compresses as well as it did.

use crate::lang::Lang;

/// The strings both forms share, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormTexts {
    /// Retry button (sending again after a failure).
    pub retry: &'static str,
    /// Name label.
    pub name_label: &'static str,
    /// Organisation label.
    pub organisation_label: &'static str,
    /// E-mail label.
    pub email_label: &'static str,
    /// Marker after optional labels.
    pub optional: &'static str,
    /// Submit button while sending.
    pub sending: &'static str,
    /// Error summary heading.
    pub error_summary: &'static str,
    /// Button that stops resending a queued question or answer.
    pub stop_sending: &'static str,
    /// Link to the privacy statement.
    pub privacy_link: &'static str,
}

/// The strings in which the question form and the answer form differ, in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComposeTexts {
    /// Form heading.
    pub heading: &'static str,
    /// Form introduction.
    pub intro: &'static str,
    /// The text's label.
    pub label: &'static str,
    /// The text's hint.
    pub hint: &'static str,
    /// The field after the text: the question's topics, the answer's link (label, hint).
    pub extra: (&'static str, &'static str),
    /// The consent to show the name and organisation.
    pub public_name_label: &'static str,
    /// The asker's consent to be e-mailed; answers have none.
    pub consent_label: Option<&'static str>,
    /// Mail to the asker when there is an answer (label, hint), offered when the server
    /// sends it; answers have none.
    pub notify: Option<(&'static str, &'static str)>,
    /// Submit button.
    pub submit: &'static str,
    /// Confirmation after sending.
    pub sent: &'static str,
    /// Added when a moderator reviews first.
    pub sent_pending: &'static str,
    /// Added when it is public at once.
    pub sent_public: &'static str,
    /// After sending: the link to the question's page, and the button to write another
    /// (the question form's only).
    pub after_sending: Option<(&'static str, &'static str)>,
    /// Shown while it is queued because the server is unreachable.
    pub send_failed: &'static str,
    /// What happens with the data. Its last sentence says how long the browser keeps a
    /// draft, which only the widget does: the server's form shows
    /// [`privacy_notice_without_draft`].
    pub privacy_notice: &'static str,
}

/// The strings both forms share, in Dutch.
pub const FORM_NL: FormTexts = FormTexts {
    retry: "Opnieuw proberen",
    name_label: "Naam",
    organisation_label: "Organisatie",
    email_label: "E-mailadres",
    optional: "(niet verplicht)",
    sending: "Bezig met versturen…",
    error_summary: "Er is een probleem",
    stop_sending: "Stoppen met versturen",
    privacy_link: "Lees hoe we met je gegevens omgaan",
};

/// The strings both forms share, in English.
pub const FORM_EN: FormTexts = FormTexts {
    retry: "Try again",
    name_label: "Name",
    organisation_label: "Organisation",
    email_label: "E-mail address",
    optional: "(optional)",
    sending: "Sending…",
    error_summary: "There is a problem",
    stop_sending: "Stop sending",
    privacy_link: "How we handle your data",
};

/// The question form's own strings, in Dutch.
pub const QUESTION_NL: ComposeTexts = ComposeTexts {
    heading: "Stel een vraag aan collega's elders",
    intro: "Weet je niet of iemand dit al heeft geprobeerd? Stel je vraag. Collega's bij andere organisaties zien hem bij dit onderwerp.",
    label: "Je vraag",
    hint: "Schrijf kort wat je wilt weten, zodat iemand anders het kan beantwoorden.",
    extra: ("Onderwerpen", "Scheid onderwerpen met een komma."),
    public_name_label: "Mijn naam en organisatie mogen bij de vraag staan. Iedereen die de vraag ziet, ziet ze dan.",
    consent_label: Some("Collega's elders mogen mij mailen over deze vraag. Zij zien dan mijn e-mailadres."),
    notify: Some(("Mail mij als er een antwoord is", "In de mail staat een link alleen voor jou: om je vraag te zien, de mails te stoppen of je vraag te verwijderen.")),
    submit: "Vraag versturen",
    sent: "Bedankt, je vraag is verstuurd.",
    sent_pending: "Een moderator bekijkt hem eerst. Daarna zien collega's elders hem.",
    sent_public: "Collega's elders kunnen hem nu zien.",
    after_sending: Some(("Bekijk je vraag", "Nog een vraag stellen")),
    send_failed: "Je vraag is nog niet verstuurd: er is geen verbinding met de server. Je vraag is bewaard, ook als je deze pagina sluit. We proberen het steeds opnieuw.",
    privacy_notice: "Je vraag komt op de Elders-server van de overheid. Een moderator bekijkt hem. Je naam en organisatie staan alleen bij je vraag als je dat aanvinkt, je e-mailadres alleen als collega's je mogen mailen. Na de bewaartermijn (standaard 180 dagen) verwijderen we je naam, organisatie, e-mailadres en de pagina waarop je de vraag stelde. Tot hij verstuurd is, bewaart deze browser je vraag hoogstens 30 dagen.",
};

/// The question form's own strings, in English.
pub const QUESTION_EN: ComposeTexts = ComposeTexts {
    heading: "Ask colleagues elsewhere",
    intro: "Not sure whether someone already tried this? Ask. Colleagues at other organisations see your question with this topic.",
    label: "Your question",
    hint: "Say briefly what you want to know, so that someone else can answer it.",
    extra: ("Topics", "Separate topics with a comma."),
    public_name_label: "My name and organisation may be shown with the question. Everyone who sees the question will see them.",
    consent_label: Some("Colleagues elsewhere may e-mail me about this question. They will see my e-mail address."),
    notify: Some(("E-mail me when there is an answer", "The e-mail has a private link to see your question, stop the e-mails or delete the question.")),
    submit: "Send question",
    sent: "Thank you, your question has been sent.",
    sent_pending: "A moderator looks at it first. Then colleagues elsewhere will see it.",
    sent_public: "Colleagues elsewhere can see it now.",
    after_sending: Some(("View your question", "Ask another question")),
    send_failed: "Your question has not been sent yet: the server cannot be reached. It is kept, even if you close this page, and we keep trying.",
    privacy_notice: "Your question goes to the government's Elders server, where a moderator looks at it. Your name and organisation are shown with it only if you tick that box, your e-mail address only if colleagues may e-mail you. After the retention period (180 days unless set otherwise) we delete your name, organisation, e-mail address and the page you asked on. Until it is sent, this browser keeps your question for 30 days at most.",
};

/// The strings both forms share, for a language.
pub fn form_texts(lang: Lang) -> &'static FormTexts {
    match lang {
        Lang::Nl => &FORM_NL,
        Lang::En => &FORM_EN,
    }
}

/// The question form's own strings.
pub fn question_texts(lang: Lang) -> &'static ComposeTexts {
    match lang {
        Lang::Nl => &QUESTION_NL,
        Lang::En => &QUESTION_EN,
    }
}

/// The question form's privacy notice without its last sentence, the one about the draft
/// the widget keeps in the browser: for the server's form, which keeps none. Cut here
/// rather than kept as a string of its own, so that the widget's Wasm holds the notice
/// once.
pub fn privacy_notice_without_draft(lang: Lang) -> &'static str {
    let notice = question_texts(lang).privacy_notice;
    notice.rfind(". ").map_or(notice, |end| &notice[..=end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_string_is_left_empty_in_either_language() {
        for lang in [Lang::Nl, Lang::En] {
            for debug in [
                format!("{:?}", form_texts(lang)),
                format!("{:?}", question_texts(lang)),
            ] {
                assert!(!debug.contains(": \"\""), "{debug}");
            }
        }
    }

    #[test]
    fn the_servers_notice_is_the_widgets_without_the_draft_in_the_browser() {
        assert!(privacy_notice_without_draft(Lang::Nl)
            .ends_with("en de pagina waarop je de vraag stelde."));
        assert!(privacy_notice_without_draft(Lang::En).ends_with("and the page you asked on."));
        for lang in [Lang::Nl, Lang::En] {
            let full = question_texts(lang).privacy_notice;
            let cut = privacy_notice_without_draft(lang);
            assert!(
                full.starts_with(cut) && full.contains("browser"),
                "{lang:?}"
            );
            assert!(!cut.contains("browser"), "{lang:?}");
        }
    }
}
