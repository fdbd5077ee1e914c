//! What the form holds: the fields a reader filled in and the hidden ones the page carries
//! (the idempotency key, the language, the page asked from, that page's title), read from
//! a link's query or a posted body, and turned into the same [`QuestionInput`] the widget
//! sends as JSON. Plain Rust, no I/O.

use elders_core::link::{check_web_link, MAX_URL_LEN};
use elders_core::page::split_list;
use elders_core::{Lang, QuestionInput};

/// Longest page title shown above the form: a title is context, not content.
const MAX_TITLE_CHARS: usize = 200;

/// The form's fields as text, as typed or as a link gave them. Every field name is the
/// JSON name of the widget's question (`question`, `topics`, …), so that the two forms
/// speak of one thing by one name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// The idempotency key this rendering of the form carries.
    pub key: String,
    /// The page's language.
    pub lang: Lang,
    /// The page the reader asks from, as it is recorded (see [`recorded_page`]).
    pub page_url: Option<String>,
    /// That page's title, shown as context.
    pub title: Option<String>,
    pub question: String,
    /// Comma-separated, as the reader edits them.
    pub topics: String,
    pub name: String,
    pub organisation: String,
    pub email: String,
    pub public_name: bool,
    pub notify: bool,
    pub consent_contact: bool,
}

impl Fields {
    /// A new form from a link's query (`topics`, `organisation`, `lang`, `page`, `title`),
    /// under a fresh `key`: the topics listed as the widget lists them, and the
    /// organisation given as the reader's, to change or clear, unless it is an identifier
    /// (a TOOI URI), which names no organisation in words.
    pub fn from_link(query: &[(String, String)], key: String) -> Fields {
        let get = |name: &str| {
            query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        Fields {
            key,
            lang: language(get("lang")),
            page_url: get("page").map(str::to_string),
            title: get("title").map(short_title),
            topics: get("topics")
                .map(|t| split_list(t).join(", "))
                .unwrap_or_default(),
            organisation: get("organisation")
                .filter(|o| !o.contains("://"))
                .map(str::to_string)
                .unwrap_or_default(),
            ..Fields::default()
        }
    }

    /// The form as posted (`application/x-www-form-urlencoded`). A field sent twice counts
    /// once, as the first; a box counts as ticked when it is sent at all, as a browser
    /// sends only ticked ones; names the form does not have are ignored.
    pub fn from_body(body: &[u8]) -> Fields {
        let mut fields = Fields::default();
        let mut seen: Vec<String> = Vec::new();
        for (name, value) in url::form_urlencoded::parse(body) {
            if seen.iter().any(|s| *s == name) {
                continue;
            }
            seen.push(name.to_string());
            let value = value.into_owned();
            match name.as_ref() {
                "key" => fields.key = value.trim().to_string(),
                "lang" => fields.lang = language(Some(&value)),
                "page_url" => fields.page_url = Some(value).filter(|v| !v.trim().is_empty()),
                "title" => fields.title = Some(short_title(&value)).filter(|t| !t.is_empty()),
                "question" => fields.question = value,
                "topics" => fields.topics = value,
                "name" => fields.name = value,
                "organisation" => fields.organisation = value,
                "email" => fields.email = value,
                "public_name" => fields.public_name = true,
                "notify" => fields.notify = true,
                "consent_contact" => fields.consent_contact = true,
                _ => {}
            }
        }
        fields
    }

    /// The question as the widget would send it from these fields: core's rules then
    /// judge it, and the store keeps it, exactly as they do the API's.
    pub fn input(&self) -> QuestionInput {
        QuestionInput {
            question: self.question.clone(),
            topics: split_list(&self.topics),
            page_url: self.page_url.clone(),
            organisation: Some(self.organisation.clone()),
            name: Some(self.name.clone()),
            email: Some(self.email.clone()),
            consent_contact: self.consent_contact,
            public_name: self.public_name,
            notify: self.notify,
            lang: Some(self.lang.tag().to_string()),
        }
    }
}

/// `nl` unless `en` is asked for: the intranets Elders serves are Dutch first.
fn language(tag: Option<&str>) -> Lang {
    tag.and_then(Lang::from_tag).unwrap_or_default()
}

/// A title to show: trimmed, on one line, without invisible characters, at most
/// [`MAX_TITLE_CHARS`].
fn short_title(title: &str) -> String {
    let plain: String = title
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .filter(|c| !elders_core::plain_text::is_unwanted_control(*c))
        .collect();
    let words: Vec<&str> = plain.split_whitespace().collect();
    words.join(" ").chars().take(MAX_TITLE_CHARS).collect()
}

/// The page a question was asked from, recorded as the widget records its own page: the
/// link's `page`, else the browser's `Referer`, and only a web address on an origin that
/// may post questions (`may_post`: the server's own and `--allow-origin`'s), so that a
/// link from anywhere cannot put any address it likes before a moderator. A `Referer` cut
/// to its bare origin (as most intranets' referrer policies cut it for another site) says
/// nothing about the page, and is left out. Core keeps it without query and fragment.
pub fn recorded_page(
    page: Option<&str>,
    referer: Option<&str>,
    may_post: impl Fn(&str) -> bool,
) -> Option<String> {
    let allowed = |address: &str| {
        let address = address.trim();
        if address.len() > MAX_URL_LEN || check_web_link(address).is_err() {
            return None;
        }
        let url = url::Url::parse(address).ok()?;
        let web = matches!(url.scheme(), "https" | "http");
        (web && may_post(&url.origin().ascii_serialization())).then_some(url)
    };
    if let Some(page) = page.filter(|p| !p.trim().is_empty()) {
        return allowed(page).map(|url| url.to_string());
    }
    referer
        .and_then(allowed)
        .filter(|url| url.path() != "/" || url.query().is_some())
        .map(|url| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_link_fills_in_the_topics_and_a_named_organisation() {
        let fields = Fields::from_link(
            &query(&[
                ("topics", " spraaktechnologie ,klantcontact,, "),
                ("organisation", "Sociale Verzekeringsbank"),
                ("lang", "en"),
                ("title", "Spraak\n  aan de\ttelefoon"),
            ]),
            "k".into(),
        );
        assert_eq!(fields.topics, "spraaktechnologie, klantcontact");
        assert_eq!(fields.organisation, "Sociale Verzekeringsbank");
        assert_eq!(fields.lang, Lang::En);
        assert_eq!(fields.title.as_deref(), Some("Spraak aan de telefoon"));
        let tooi = Fields::from_link(
            &query(&[(
                "organisation",
                "https://identifier.overheid.nl/tooi/id/zbo/zb000143",
            )]),
            "k".into(),
        );
        assert_eq!(tooi.organisation, "", "an identifier names no one in words");
        assert_eq!(tooi.lang, Lang::Nl, "Dutch first");
    }

    #[test]
    fn a_posted_form_becomes_the_question_the_widget_would_send() {
        let fields = Fields::from_body(
            b"key=form-1&lang=en&question=Wie+heeft+een+voicebot%3F&topics=a%2C+b&name=&\
              email=a%40b.example&notify=yes&public_name=yes&key=other&unknown=1",
        );
        assert_eq!(fields.key, "form-1", "the first of a field sent twice");
        let input = fields.input();
        assert_eq!(input.question, "Wie heeft een voicebot?");
        assert_eq!(input.topics, ["a", "b"]);
        assert_eq!(input.email.as_deref(), Some("a@b.example"));
        assert!(input.notify && input.public_name && !input.consent_contact);
        assert_eq!(input.lang.as_deref(), Some("en"));
        let clean = input.validate().unwrap();
        assert_eq!(
            clean.name, None,
            "a blank field is absent, as in the widget"
        );
    }

    #[test]
    fn only_pages_on_origins_that_may_post_are_recorded() {
        let intranet = |origin: &str| origin == "https://intranet.example";
        assert_eq!(
            recorded_page(Some("https://intranet.example/spraak?q=x"), None, intranet).as_deref(),
            Some("https://intranet.example/spraak?q=x")
        );
        assert_eq!(
            recorded_page(Some("https://elsewhere.example/p"), None, intranet),
            None
        );
        assert_eq!(
            recorded_page(Some("javascript:alert(1)"), None, intranet),
            None
        );
        assert_eq!(
            recorded_page(None, Some("https://intranet.example/spraak"), intranet).as_deref(),
            Some("https://intranet.example/spraak")
        );
        assert_eq!(
            recorded_page(None, Some("https://intranet.example/"), intranet),
            None,
            "a referer cut to its origin"
        );
        assert_eq!(
            recorded_page(
                Some("https://elsewhere.example/p"),
                Some("https://intranet.example/spraak"),
                intranet
            ),
            None,
            "a page given is not replaced by the referer"
        );
    }
}
