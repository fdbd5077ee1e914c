//! `GET /setup`: the embed configurator. An intranet admin fills in the page's topics
//! (suggested from the merged feed's tags and themes), their organisation (suggested from
//! the feed's organisations), the widget's language, number of cards, colours and lazy
//! loading; sees the real widget with the live feed; and copies the script tag, the
//! `<iframe>` alternative and the Content-Security-Policy lines their page needs.
//!
//! The page works without JavaScript: the fields are a `GET` form to `/setup`, and the
//! server renders the snippets and the preview's `<elders-widget>` for the submitted
//! values. Its own small script (`setup.js`, served from here, under `script-src 'self'`)
//! adds what needs one: the snippets and the preview follow the fields as the admin types
//! (it fetches this same page for the new values, so the snippets are built in one place,
//! `snippets.rs`), the suggestion lists become an ARIA 1.2 combobox, and the copy buttons.
//!
//! | file | what |
//! | --- | --- |
//! | `settings.rs` | the form, checked: the widget's settings or each field's problem |
//! | `snippets.rs` | the script tag, the iframe and the policy lines for a host |
//! | `suggestions.rs` | topics and organisations from the feed, most used first |
//! | `words.rs` | the page's words, Dutch and English |

mod settings;
mod snippets;
mod suggestions;
mod words;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::Lang;

use self::settings::{check, Form, Settings, Theme};
use self::snippets::{EldersHost, Snippets};
use self::suggestions::Suggestions;
use self::words::{words, Words};
use super::state::AppState;

/// The page's policy: its own script and stylesheet, and what the widget in the preview
/// needs (its files, compiling its Wasm, fetching the feed and the questions API from
/// this server), as on the demo page; the form goes to this page only.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                       connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; \
                       frame-ancestors 'none'";

const SCRIPT: &str = include_str!("setup.js");
const STYLESHEET: &str = include_str!("setup.css");

/// A field's error as the page shows it.
struct ShownError {
    id: &'static str,
    message: String,
}

/// One choice of a radio group.
struct Choice {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Template)]
#[template(path = "setup/page.html")]
struct Page<'a> {
    lang: &'static str,
    w: &'static Words,
    /// The same page in the other language, with the same values.
    other_language_href: String,
    /// The page's own `lang` for the form, when not Dutch.
    page_lang: Option<&'static str>,
    errors: Vec<ShownError>,
    topics: &'a str,
    organisation: &'a str,
    limit: String,
    languages: Vec<Choice>,
    themes: Vec<Choice>,
    lazy: bool,
    suggestions: &'a Suggestions,
    /// `None` while a field has an error.
    preview: Option<Preview>,
    snippets: Option<Snippets>,
    public_url_set: bool,
}

/// The `<elders-widget>` of the preview: the live feed on this server.
struct Preview {
    topics: String,
    organisation: Option<String>,
    lang: &'static str,
    limit: u8,
    theme: &'static str,
    lazy: bool,
}

impl Preview {
    fn new(settings: &Settings) -> Preview {
        Preview {
            topics: settings.topics_attribute(),
            organisation: settings.organisation.clone(),
            lang: settings.lang.tag(),
            limit: settings.limit,
            theme: settings.theme.value(),
            lazy: settings.lazy,
        }
    }
}

impl Page<'_> {
    fn error_for(&self, id: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.id == id)
            .map(|e| e.message.as_str())
    }
}

/// The page's language: `?lang=en`, Dutch otherwise.
fn page_language(form: &Form) -> Lang {
    form.lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_default()
}

/// This page's address in `lang`, keeping the admin's values.
fn in_language(form: &Form, lang: Lang) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    if lang == Lang::En {
        query.append_pair("lang", "en");
    }
    let fields = [
        ("topics", &form.topics),
        ("organisation", &form.organisation),
        ("language", &form.language),
        ("limit", &form.limit),
        ("theme", &form.theme),
        ("loading", &form.loading),
    ];
    for (name, value) in fields {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            query.append_pair(name, value);
        }
    }
    let query = query.finish();
    if query.is_empty() {
        "/setup".to_string()
    } else {
        format!("/setup?{query}")
    }
}

/// A radio group's choices with the submitted one checked (the settings' value when none
/// was submitted; none when the submitted value is not one of them, as its error says).
fn choices(
    all: &[(&'static str, &'static str)],
    submitted: Option<&str>,
    current: &str,
) -> Vec<Choice> {
    let chosen = submitted.map(str::trim).unwrap_or(current);
    all.iter()
        .map(|&(value, label)| Choice {
            value,
            label,
            checked: value == chosen,
        })
        .collect()
}

/// `GET /setup`: the page for the submitted values, `200`, or `400` with each field's
/// problem and no code while a value is wrong.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let form = Form::from_query(query.as_deref().unwrap_or_default());
    let lang = page_language(&form);
    let w = words(lang);
    let host_header = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let Some(host) = EldersHost::new(state.public_url.as_deref(), host_header) else {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            w.bad_host,
        )
            .into_response();
    };
    let suggestions = Suggestions::for_snapshot(state.feed.current()).await;
    let checked = check(&form, lang);
    let shown = checked.clone().unwrap_or_else(|_| Settings::new(lang));
    let errors: Vec<ShownError> = checked
        .as_ref()
        .err()
        .into_iter()
        .flatten()
        .map(|e| ShownError {
            id: e.field.id(),
            message: words::problem(lang, e.field, e.problem),
        })
        .collect();
    let language_choices = [("nl", w.dutch), ("en", w.english)];
    let theme_choices = [
        (Theme::Light.value(), w.light),
        (Theme::Dark.value(), w.dark),
        (Theme::Auto.value(), w.auto),
    ];
    let page = Page {
        lang: lang.tag(),
        w,
        other_language_href: in_language(&form, if lang == Lang::Nl { Lang::En } else { Lang::Nl }),
        page_lang: (lang == Lang::En).then_some("en"),
        topics: form.topics.as_deref().unwrap_or_default(),
        organisation: form.organisation.as_deref().unwrap_or_default(),
        limit: form
            .limit
            .clone()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| shown.limit.to_string()),
        languages: choices(
            &language_choices,
            form.language.as_deref().filter(|v| !v.trim().is_empty()),
            shown.lang.tag(),
        ),
        themes: choices(
            &theme_choices,
            form.theme.as_deref().filter(|v| !v.trim().is_empty()),
            shown.theme.value(),
        ),
        lazy: shown.lazy,
        suggestions: &suggestions,
        preview: checked.as_ref().ok().map(Preview::new),
        snippets: checked.as_ref().ok().map(|s| snippets::build(s, &host)),
        public_url_set: state.public_url.is_some(),
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    match page.render() {
        Ok(html) => (
            status,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::CONTENT_SECURITY_POLICY, CSP),
                (header::CACHE_CONTROL, "no-store"),
            ],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!("rendering /setup: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        SCRIPT,
    )
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        STYLESHEET,
    )
}
