//! The configurator's form as submitted (`GET /setup?topics=…&organisation=…`), and the
//! widget settings it stands for once checked. The form is read leniently (every field is
//! optional, an empty field means the widget's default) and checked strictly: a value the
//! widget would refuse or misread is named back to the admin with what to enter instead,
//! never silently dropped from the code they copy.

use elders_core::page::split_list;
use elders_core::Lang;

/// Most cards `data-limit` allows (the widget's own bound, `src/config.rs`).
pub const MAX_LIMIT: u8 = 50;
/// Cards shown when the admin says nothing (the widget's default).
pub const DEFAULT_LIMIT: u8 = 6;
/// Most characters of the topics field: a page's topics are a few words, and the snippet
/// has to stay readable.
pub const MAX_TOPICS_CHARS: usize = 500;
/// Most topics: more than this no longer describes one page.
pub const MAX_TOPICS: usize = 20;
/// Most characters of the organisation field (a TOOI URI is about 60).
pub const MAX_ORGANISATION_CHARS: usize = 300;

/// The query of `GET /setup`, as sent. `lang` is the page's own language; `language` the
/// widget's.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Form {
    pub lang: Option<String>,
    pub topics: Option<String>,
    pub organisation: Option<String>,
    pub language: Option<String>,
    pub limit: Option<String>,
    pub theme: Option<String>,
    pub loading: Option<String>,
}

impl Form {
    /// Reads a query string. Read by hand rather than by a strict deserializer: a field
    /// given twice (a link edited by hand, a form sent twice over) takes its last value,
    /// and a field this page does not know is ignored, instead of the whole page failing.
    pub fn from_query(query: &str) -> Form {
        let mut form = Form::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let field = match name.as_ref() {
                "lang" => &mut form.lang,
                "topics" => &mut form.topics,
                "organisation" => &mut form.organisation,
                "language" => &mut form.language,
                "limit" => &mut form.limit,
                "theme" => &mut form.theme,
                "loading" => &mut form.loading,
                _ => continue,
            };
            *field = Some(value.into_owned());
        }
        form
    }
}

/// `data-theme`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    Auto,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    /// The attribute's value.
    pub fn value(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// What the admin chose, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `data-topics`, trimmed, without empty entries.
    pub topics: Vec<String>,
    /// `data-organisation`: a TOOI URI or a name.
    pub organisation: Option<String>,
    /// `data-lang`.
    pub lang: Lang,
    /// `data-limit`.
    pub limit: u8,
    pub theme: Theme,
    /// `data-loading="lazy"`.
    pub lazy: bool,
}

impl Settings {
    /// The defaults, in the reader's language.
    pub fn new(lang: Lang) -> Settings {
        Settings {
            topics: Vec::new(),
            organisation: None,
            lang,
            limit: DEFAULT_LIMIT,
            theme: Theme::Light,
            lazy: false,
        }
    }

    /// `data-topics` as the widget reads it: comma-separated.
    pub fn topics_attribute(&self) -> String {
        self.topics.join(", ")
    }
}

/// The form's fields, in the order the page shows them (the error summary follows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Topics,
    Organisation,
    Language,
    Limit,
    Theme,
    Loading,
}

impl Field {
    /// The field's `id` and `name` in the page.
    pub fn id(self) -> &'static str {
        match self {
            Field::Topics => "topics",
            Field::Organisation => "organisation",
            Field::Language => "language",
            Field::Limit => "limit",
            Field::Theme => "theme",
            Field::Loading => "loading",
        }
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    TooManyTopics,
    TopicsTooLong,
    OrganisationTooLong,
    /// A control character (a pasted tab or line break) where the widget reads one line.
    ControlCharacter,
    UnknownLanguage,
    LimitNotANumber,
    LimitOutOfRange,
    UnknownTheme,
    UnknownLoading,
}

/// One field's problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

/// A value as given, trimmed; `None` when empty.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// Checks the form. `page_lang` is the widget's language when the form does not say.
pub fn check(form: &Form, page_lang: Lang) -> Result<Settings, Vec<FieldError>> {
    let mut settings = Settings::new(page_lang);
    let mut errors = Vec::new();
    let mut fail = |field, problem| errors.push(FieldError { field, problem });

    if let Some(topics) = given(&form.topics) {
        let list = split_list(topics);
        if topics.chars().any(char::is_control) {
            fail(Field::Topics, Problem::ControlCharacter);
        } else if topics.chars().count() > MAX_TOPICS_CHARS {
            fail(Field::Topics, Problem::TopicsTooLong);
        } else if list.len() > MAX_TOPICS {
            fail(Field::Topics, Problem::TooManyTopics);
        } else {
            settings.topics = list;
        }
    }
    if let Some(organisation) = given(&form.organisation) {
        if organisation.chars().any(char::is_control) {
            fail(Field::Organisation, Problem::ControlCharacter);
        } else if organisation.chars().count() > MAX_ORGANISATION_CHARS {
            fail(Field::Organisation, Problem::OrganisationTooLong);
        } else {
            settings.organisation = Some(organisation.to_string());
        }
    }
    if let Some(language) = given(&form.language) {
        match language {
            "nl" => settings.lang = Lang::Nl,
            "en" => settings.lang = Lang::En,
            _ => fail(Field::Language, Problem::UnknownLanguage),
        }
    }
    if let Some(limit) = given(&form.limit) {
        match limit.parse::<i64>() {
            Ok(n) if (1..=i64::from(MAX_LIMIT)).contains(&n) => settings.limit = n as u8,
            Ok(_) => fail(Field::Limit, Problem::LimitOutOfRange),
            Err(_) => fail(Field::Limit, Problem::LimitNotANumber),
        }
    }
    if let Some(theme) = given(&form.theme) {
        match Theme::ALL.into_iter().find(|t| t.value() == theme) {
            Some(t) => settings.theme = t,
            None => fail(Field::Theme, Problem::UnknownTheme),
        }
    }
    if let Some(loading) = given(&form.loading) {
        match loading {
            "lazy" => settings.lazy = true,
            "eager" => settings.lazy = false,
            _ => fail(Field::Loading, Problem::UnknownLoading),
        }
    }
    if errors.is_empty() {
        Ok(settings)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Form {
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        };
        Form {
            lang: value("lang"),
            topics: value("topics"),
            organisation: value("organisation"),
            language: value("language"),
            limit: value("limit"),
            theme: value("theme"),
            loading: value("loading"),
        }
    }

    fn problems(pairs: &[(&str, &str)]) -> Vec<(Field, Problem)> {
        check(&form(pairs), Lang::Nl)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_query_is_read_field_by_field_the_last_value_winning() {
        assert_eq!(
            Form::from_query("topics=a%2C+b&limit=2&limit=zes&unknown=1&lang=en"),
            Form {
                lang: Some("en".into()),
                topics: Some("a, b".into()),
                limit: Some("zes".into()),
                ..Form::default()
            }
        );
        assert_eq!(Form::from_query(""), Form::default());
    }

    #[test]
    fn an_empty_form_is_the_widgets_defaults_in_the_pages_language() {
        assert_eq!(check(&form(&[]), Lang::Nl), Ok(Settings::new(Lang::Nl)));
        let english = check(&form(&[]), Lang::En).unwrap();
        assert_eq!(english.lang, Lang::En);
        assert_eq!(english.limit, DEFAULT_LIMIT);
        assert_eq!(english.theme, Theme::Light);
        assert!(!english.lazy);
    }

    #[test]
    fn every_field_is_read() {
        let settings = check(
            &form(&[
                ("topics", " spraaktechnologie,, klantcontact , "),
                (
                    "organisation",
                    " https://identifier.overheid.nl/tooi/id/zbo/zb000143 ",
                ),
                ("language", "en"),
                ("limit", " 3 "),
                ("theme", "auto"),
                ("loading", "lazy"),
            ]),
            Lang::Nl,
        )
        .unwrap();
        assert_eq!(settings.topics, ["spraaktechnologie", "klantcontact"]);
        assert_eq!(
            settings.topics_attribute(),
            "spraaktechnologie, klantcontact"
        );
        assert_eq!(
            settings.organisation.as_deref(),
            Some("https://identifier.overheid.nl/tooi/id/zbo/zb000143")
        );
        assert_eq!(settings.lang, Lang::En);
        assert_eq!(settings.limit, 3);
        assert_eq!(settings.theme, Theme::Auto);
        assert!(settings.lazy);
    }

    #[test]
    fn values_the_widget_would_refuse_are_named_per_field() {
        assert_eq!(
            problems(&[("limit", "zes"), ("theme", "pink"), ("language", "de")]),
            [
                (Field::Language, Problem::UnknownLanguage),
                (Field::Limit, Problem::LimitNotANumber),
                (Field::Theme, Problem::UnknownTheme),
            ]
        );
        assert_eq!(
            problems(&[("limit", "0")]),
            [(Field::Limit, Problem::LimitOutOfRange)]
        );
        assert_eq!(
            problems(&[("limit", "51")]),
            [(Field::Limit, Problem::LimitOutOfRange)]
        );
        assert_eq!(
            problems(&[("loading", "soon")]),
            [(Field::Loading, Problem::UnknownLoading)]
        );
        assert_eq!(
            problems(&[("topics", "water\nvoer")]),
            [(Field::Topics, Problem::ControlCharacter)]
        );
        let many = vec!["x"; MAX_TOPICS + 1].join(",");
        assert_eq!(
            problems(&[("topics", &many)]),
            [(Field::Topics, Problem::TooManyTopics)]
        );
        let long = "a".repeat(MAX_TOPICS_CHARS + 1);
        assert_eq!(
            problems(&[("topics", &long)]),
            [(Field::Topics, Problem::TopicsTooLong)]
        );
        let long = "a".repeat(MAX_ORGANISATION_CHARS + 1);
        assert_eq!(
            problems(&[("organisation", &long)]),
            [(Field::Organisation, Problem::OrganisationTooLong)]
        );
    }
}
