//! The pages of the form without JavaScript, as askama templates (`templates/ask/`) fed
//! by plain view models: the form (new, or again with the reader's input, its problems in
//! an error summary at the top and beside each field), the confirmation, and the page
//! that says why nothing was stored. The markup is the widget's (`src/ask/fields.rs`):
//! the same classes, ids, hints and ARIA wiring, so the widget's stylesheet gives it the
//! widget's look and a reader meets one form in two places.

use askama::Template;
use elders_core::question::words::{
    form_texts, privacy_notice_without_draft, question_texts, ComposeTexts, FormTexts,
};
use elders_core::{FieldError, Lang, QuestionField};

use super::fields::Fields;
use super::words::{length_hint, words, Words};

/// The prefix of every element id, the widget's question form's.
const ID_PREFIX: &str = "elders-";

/// The id of a field's input (`public_name` → `elders-public-name`), as the widget's.
fn id_of(field: &str) -> String {
    format!("{ID_PREFIX}{}", field.replace('_', "-"))
}

/// How a field is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    TextArea,
    Text,
    Checkbox,
}

/// One field as the template draws it.
#[derive(Debug)]
pub struct Field {
    pub kind: Kind,
    /// The input's `name`: the question's JSON name.
    pub name: &'static str,
    pub id: String,
    pub label: &'static str,
    pub hint: Option<String>,
    /// The "(optional)" marker.
    pub optional: Option<&'static str>,
    pub input_type: &'static str,
    pub autocomplete: Option<&'static str>,
    pub value: String,
    pub checked: bool,
    pub error: Option<String>,
    /// `aria-describedby`: its hint, its error while it has one, and for a box the
    /// privacy notice that says what ticking it means.
    pub described_by: String,
}

impl Field {
    pub fn is_checkbox(&self) -> bool {
        self.kind == Kind::Checkbox
    }

    pub fn is_textarea(&self) -> bool {
        self.kind == Kind::TextArea
    }

    /// `spellcheck="false"` for addresses, as the widget's.
    pub fn no_spellcheck(&self) -> bool {
        matches!(self.input_type, "email" | "url")
    }
}

/// One line of the error summary: a link to its field, when the form shows that field.
#[derive(Debug)]
pub struct SummaryLine {
    pub href: Option<String>,
    pub message: String,
}

#[derive(Template)]
#[template(path = "ask/form.html")]
pub struct FormPage {
    pub lang: &'static str,
    pub title: String,
    pub t: &'static FormTexts,
    pub c: &'static ComposeTexts,
    pub w: &'static Words,
    pub fields: Vec<Field>,
    pub summary: Vec<SummaryLine>,
    pub key: String,
    pub page_url: Option<String>,
    pub context: Option<String>,
    /// The widget's privacy notice, but for the draft it keeps in the browser.
    pub privacy_notice: &'static str,
}

/// What a re-rendered form says at its top.
pub enum Problems<'a> {
    /// A new form.
    None,
    /// Core's rules refused the question.
    Fields(&'a [FieldError]),
    /// Something about the form as a whole (the rate limit, a key reused, a failure).
    Form(String),
}

/// The form with `fields` filled in; `mail` whether the server mails askers (only then is
/// "Mail mij als er een antwoord is" offered, as in the widget).
pub fn form(fields: &Fields, problems: Problems<'_>, mail: bool) -> FormPage {
    let lang = fields.lang;
    let (t, c, w) = (form_texts(lang), question_texts(lang), words(lang));
    let errors: &[FieldError] = match &problems {
        Problems::Fields(errors) => errors,
        _ => &[],
    };
    let error_of = |field: QuestionField| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message(lang))
    };
    let text = |kind,
                name,
                label,
                hint: Option<String>,
                optional,
                input_type,
                autocomplete,
                value: &str| {
        let field = QuestionField::parse(name);
        let error = field.and_then(error_of);
        let id = id_of(name);
        let mut described = Vec::new();
        if hint.is_some() {
            described.push(format!("{id}-hint"));
        }
        if error.is_some() {
            described.push(format!("{id}-error"));
        }
        Field {
            kind,
            name,
            label,
            hint,
            optional,
            input_type,
            autocomplete,
            value: value.to_string(),
            checked: false,
            error,
            described_by: described.join(" "),
            id,
        }
    };
    let checkbox = |name, label, hint: Option<&'static str>, checked| {
        let id = id_of(name);
        let privacy = id_of("privacy");
        Field {
            kind: Kind::Checkbox,
            name,
            label,
            hint: hint.map(str::to_string),
            optional: None,
            input_type: "checkbox",
            autocomplete: None,
            value: String::new(),
            checked,
            error: None,
            described_by: match hint {
                Some(_) => format!("{id}-hint {privacy}"),
                None => privacy,
            },
            id,
        }
    };
    let optional = Some(t.optional);
    let mut list = vec![
        text(
            Kind::TextArea,
            "question",
            c.label,
            Some(format!("{} {}", c.hint, length_hint(lang))),
            None,
            "text",
            None,
            &fields.question,
        ),
        text(
            Kind::Text,
            "topics",
            c.extra.0,
            Some(c.extra.1.to_string()),
            None,
            "text",
            None,
            &fields.topics,
        ),
        text(
            Kind::Text,
            "name",
            t.name_label,
            None,
            optional,
            "text",
            Some("name"),
            &fields.name,
        ),
        text(
            Kind::Text,
            "organisation",
            t.organisation_label,
            None,
            optional,
            "text",
            Some("organization"),
            &fields.organisation,
        ),
        checkbox("public_name", c.public_name_label, None, fields.public_name),
        text(
            Kind::Text,
            "email",
            t.email_label,
            None,
            optional,
            "email",
            Some("email"),
            &fields.email,
        ),
    ];
    // Offered when the server mails askers; and whenever the form asks for it, so that a
    // reader can untick it even on a form shown before mail was turned off.
    if let Some((label, hint)) = c.notify.filter(|_| mail || fields.notify) {
        list.push(checkbox("notify", label, Some(hint), fields.notify));
    }
    if let Some(label) = c.consent_label {
        list.push(checkbox(
            "consent_contact",
            label,
            None,
            fields.consent_contact,
        ));
    }
    let summary = match &problems {
        Problems::None => Vec::new(),
        Problems::Form(message) => vec![SummaryLine {
            href: None,
            message: message.clone(),
        }],
        Problems::Fields(errors) => errors
            .iter()
            .map(|e| SummaryLine {
                // A field the form does not show (the page's address) has no link.
                href: list
                    .iter()
                    .any(|f| f.name == e.field.as_str())
                    .then(|| format!("#{}", id_of(e.field.as_str()))),
                message: e.message(lang),
            })
            .collect(),
    };
    let title = if summary.is_empty() {
        c.heading.to_string()
    } else {
        format!("{}: {}", w.error_title, c.heading)
    };
    FormPage {
        lang: lang.tag(),
        title,
        t,
        c,
        w,
        fields: list,
        summary,
        key: fields.key.clone(),
        page_url: fields.page_url.clone(),
        context: fields.title.clone(),
        privacy_notice: privacy_notice_without_draft(lang),
    }
}

#[derive(Template)]
#[template(path = "ask/sent.html")]
pub struct SentPage {
    pub lang: &'static str,
    pub title: &'static str,
    pub c: &'static ComposeTexts,
    /// What happens next: a moderator first, or public now.
    pub next: Option<&'static str>,
    /// The mail the asker asked for, and the private link it holds.
    pub mail: Option<(&'static str, &'static str)>,
    /// The question's public page, once it is published.
    pub question_url: Option<String>,
    /// The form again, for another question on the same topics.
    pub another_url: String,
}

/// Where a question stands, for its confirmation.
pub enum Standing {
    /// Waiting for a moderator.
    Pending,
    /// Published: its page.
    Public(String),
    /// Refused or hidden since: nothing more is said.
    Neither,
}

/// The confirmation: what happens next, as the widget says it, and the mail if asked.
pub fn sent(lang: Lang, standing: Standing, mail: bool, another_url: String) -> SentPage {
    let (c, w) = (question_texts(lang), words(lang));
    let (next, question_url) = match standing {
        Standing::Pending => (Some(c.sent_pending), None),
        Standing::Public(url) => (Some(c.sent_public), Some(url)),
        Standing::Neither => (Some(w.sent_only), None),
    };
    SentPage {
        lang: lang.tag(),
        title: w.sent_title,
        c,
        next,
        mail: mail
            .then_some(c.notify.map(|(_, hint)| (w.mail_next, hint)))
            .flatten(),
        question_url,
        another_url,
    }
}

#[derive(Template)]
#[template(path = "ask/message.html")]
pub struct MessagePage {
    pub lang: &'static str,
    pub title: &'static str,
    pub message: &'static str,
    pub back: Option<(&'static str, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::QuestionInput;

    fn filled() -> Fields {
        Fields {
            key: "form-1".into(),
            question: "Kort?".into(),
            topics: "spraak".into(),
            email: "nope".into(),
            public_name: true,
            ..Fields::default()
        }
    }

    #[test]
    fn each_problem_is_beside_its_field_and_linked_from_the_summary() {
        let fields = filled();
        let errors = QuestionInput {
            page_url: Some("javascript:x".into()),
            ..fields.input()
        }
        .validate()
        .unwrap_err();
        let page = form(&fields, Problems::Fields(&errors), false);
        let question = &page.fields[0];
        assert_eq!(question.id, "elders-question");
        assert_eq!(
            question.described_by,
            "elders-question-hint elders-question-error"
        );
        assert!(question.error.as_deref().unwrap().contains("15"));
        let hrefs: Vec<Option<&str>> = page.summary.iter().map(|l| l.href.as_deref()).collect();
        assert_eq!(
            hrefs,
            [Some("#elders-question"), None, Some("#elders-email")],
            "the page's address is not a field the reader can fix"
        );
        assert!(page.title.starts_with("Fout: "));
        let html = page.render().unwrap();
        assert!(html.contains("aria-invalid=\"true\""), "{html}");
        assert!(html.contains("value=\"nope\""), "input kept: {html}");
    }

    #[test]
    fn mail_is_offered_only_where_the_server_sends_it() {
        let names = |mail| -> Vec<&str> {
            form(&Fields::default(), Problems::None, mail)
                .fields
                .iter()
                .map(|f| f.name)
                .collect()
        };
        assert_eq!(
            names(true),
            [
                "question",
                "topics",
                "name",
                "organisation",
                "public_name",
                "email",
                "notify",
                "consent_contact"
            ],
            "the widget's order"
        );
        assert!(!names(false).contains(&"notify"));
    }

    #[test]
    fn markup_typed_into_the_form_comes_back_as_text() {
        let fields = Fields {
            question: "</textarea><script>alert(1)</script>".into(),
            name: "\"><b>".into(),
            ..Fields::default()
        };
        let html = form(&fields, Problems::None, false).render().unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("\"><b>"), "{html}");
    }

    #[test]
    fn the_confirmation_says_what_happens_next_and_about_the_mail() {
        let page = sent(Lang::Nl, Standing::Pending, true, "/ask".into());
        let html = page.render().unwrap();
        assert!(html.contains("Een moderator bekijkt hem eerst"), "{html}");
        assert!(html.contains("link alleen voor jou"), "{html}");
        let public = sent(
            Lang::En,
            Standing::Public("/questions/q1".into()),
            false,
            "/ask?lang=en".into(),
        )
        .render()
        .unwrap();
        assert!(public.contains("href=\"/questions/q1\""), "{public}");
        assert!(!public.contains("e-mail you"), "{public}");
    }
}
