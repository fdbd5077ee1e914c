//! The query string of `/embed`: the same settings as the widget's `data-*` attributes
//! (`topics`, `organisation`, `lang`, `limit`, plus the host page's `title` and the
//! `theme`), read strictly. The widget falls back to a default and logs a hint for the
//! admin's console; an iframe has no console the admin looks at, so a wrong value here is
//! answered with a `400` page inside the frame that names the parameter and the fix.
//! Unknown parameters are ignored, so that a snippet made for a later version still shows.
//! Pure, unit-tested here.

use elders_core::page::split_list;
use elders_core::Lang;

/// Cards shown when `limit` is absent: the widget's default for `data-limit`.
pub const DEFAULT_LIMIT: usize = 6;
/// Most cards an iframe shows. The widget shows up to 50 behind its "show more" button,
/// which needs a script; a frame of fixed height has room for a dozen at most.
pub const MAX_LIMIT: usize = 12;
/// Longest value of any one parameter, in characters: far beyond a real page title or
/// topic list, and it bounds the work a request can ask for.
pub const MAX_CHARS: usize = 500;
/// Most topics.
pub const MAX_TOPICS: usize = 20;

/// The light or dark look, as the widget's `data-theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Always light (the widget's default too).
    #[default]
    Light,
    /// Always dark.
    Dark,
    /// Dark when the reader's system prefers it.
    Auto,
}

impl Theme {
    /// The value of `data-theme` on the page, which the stylesheet reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// What one `/embed` request asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbedRequest {
    /// `topics`, split on commas (and semicolons, as `data-topics`).
    pub topics: Vec<String>,
    /// `organisation`: the reader's own organisation, whose items are not shown.
    pub organisation: Option<String>,
    /// `lang`.
    pub lang: Lang,
    /// `limit`.
    pub limit: usize,
    /// `title`: the host page's title, a weaker ranking input than the topics.
    pub title: Option<String>,
    /// `theme`.
    pub theme: Theme,
}

/// A parameter the page cannot be made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name.
    pub name: &'static str,
    /// The value given, as given.
    pub value: String,
    /// What it must be, per language.
    problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Lang,
    Limit,
    Theme,
    TooLong,
    TooManyTopics,
    Repeated,
}

impl ParamError {
    /// What is wrong and how to fix it, in the reader's (or admin's) language.
    pub fn message(&self, lang: Lang) -> String {
        let name = self.name;
        match (self.problem, lang) {
            (Problem::Lang, Lang::Nl) => "lang moet nl of en zijn.".into(),
            (Problem::Lang, Lang::En) => "lang must be nl or en.".into(),
            (Problem::Limit, Lang::Nl) => {
                format!("limit moet een heel getal van 1 tot en met {MAX_LIMIT} zijn; zonder limit zijn het er {DEFAULT_LIMIT}.")
            }
            (Problem::Limit, Lang::En) => {
                format!("limit must be a whole number from 1 to {MAX_LIMIT}; without limit it is {DEFAULT_LIMIT}.")
            }
            (Problem::Theme, Lang::Nl) => "theme moet light, dark of auto zijn.".into(),
            (Problem::Theme, Lang::En) => "theme must be light, dark or auto.".into(),
            (Problem::TooLong, Lang::Nl) => {
                format!("{name} mag hoogstens {MAX_CHARS} tekens lang zijn.")
            }
            (Problem::TooLong, Lang::En) => {
                format!("{name} may be {MAX_CHARS} characters long at most.")
            }
            (Problem::TooManyTopics, Lang::Nl) => {
                format!("topics mag hoogstens {MAX_TOPICS} onderwerpen bevatten, gescheiden door komma's.")
            }
            (Problem::TooManyTopics, Lang::En) => {
                format!("topics may hold {MAX_TOPICS} topics at most, separated by commas.")
            }
            (Problem::Repeated, Lang::Nl) => {
                format!("{name} staat meer dan één keer in de link; geef het één keer.")
            }
            (Problem::Repeated, Lang::En) => {
                format!("{name} is in the link more than once; give it once.")
            }
        }
    }
}

/// The language to write an error in: `lang` when it is valid, else Dutch.
pub fn error_lang(query: &str) -> Lang {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "lang")
        .and_then(|(_, value)| Lang::from_tag(value.trim()))
        .unwrap_or_default()
}

impl EmbedRequest {
    /// Reads a query string (without the `?`). Empty values count as absent, as empty
    /// `data-*` attributes do in the widget.
    pub fn parse(query: &str) -> Result<EmbedRequest, ParamError> {
        const NAMES: [&str; 6] = ["topics", "organisation", "lang", "limit", "title", "theme"];
        let mut values: [Option<String>; 6] = Default::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let Some(at) = NAMES.iter().position(|n| *n == name) else {
                continue;
            };
            let error = |problem| ParamError {
                name: NAMES[at],
                value: value.to_string(),
                problem,
            };
            if values[at].is_some() {
                return Err(error(Problem::Repeated));
            }
            if value.chars().count() > MAX_CHARS {
                return Err(error(Problem::TooLong));
            }
            values[at] = Some(value.trim().to_string());
        }
        let [topics, organisation, lang, limit, title, theme] =
            values.map(|v| v.filter(|v| !v.is_empty()));
        let error = |name: &'static str, value: String, problem| ParamError {
            name,
            value,
            problem,
        };
        let topics = topics.map(|t| split_list(&t)).unwrap_or_default();
        if topics.len() > MAX_TOPICS {
            return Err(error("topics", topics.join(", "), Problem::TooManyTopics));
        }
        let lang = match lang {
            None => Lang::default(),
            Some(tag) => match tag.as_str() {
                "nl" => Lang::Nl,
                "en" => Lang::En,
                _ => return Err(error("lang", tag, Problem::Lang)),
            },
        };
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => return Err(error("limit", raw, Problem::Limit)),
            },
        };
        let theme = match theme.as_deref() {
            None | Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            Some("auto") => Theme::Auto,
            Some(other) => return Err(error("theme", other.to_string(), Problem::Theme)),
        };
        Ok(EmbedRequest {
            topics,
            organisation,
            lang,
            limit,
            title,
            theme,
        })
    }

    /// The request written out in one fixed form, for the ETag: two links that ask for the
    /// same page (other order, spaces, unknown parameters) share it.
    pub fn canonical(&self) -> String {
        // Unit separators cannot occur in a query parameter's meaning here.
        format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.topics.join("\u{1e}"),
            self.organisation.as_deref().unwrap_or(""),
            self.lang.tag(),
            self.limit,
            self.title.as_deref().unwrap_or(""),
            self.theme.as_str()
        )
    }

    /// The query string of the "ask a question" link (`/ask`): the same topics,
    /// organisation and language.
    pub fn ask_query(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if !self.topics.is_empty() {
            query.append_pair("topics", &self.topics.join(", "));
        }
        if let Some(organisation) = &self.organisation {
            query.append_pair("organisation", organisation);
        }
        query.append_pair("lang", self.lang.tag());
        query.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parameter_is_read() {
        let request = EmbedRequest::parse(
            "topics=spraak%2C+klantcontact&organisation=SVB&lang=en&limit=3&title=Spraak+%E2%80%93+Intranet&theme=dark&utm=x",
        )
        .unwrap();
        assert_eq!(
            request,
            EmbedRequest {
                topics: vec!["spraak".into(), "klantcontact".into()],
                organisation: Some("SVB".into()),
                lang: Lang::En,
                limit: 3,
                title: Some("Spraak – Intranet".into()),
                theme: Theme::Dark,
            }
        );
    }

    #[test]
    fn absent_and_empty_parameters_take_the_widgets_defaults() {
        let request = EmbedRequest::parse("topics=&limit=&lang=").unwrap();
        assert_eq!(request.limit, DEFAULT_LIMIT);
        assert_eq!(request.lang, Lang::Nl);
        assert_eq!(request.theme, Theme::Light);
        assert!(request.topics.is_empty() && request.organisation.is_none());
    }

    #[test]
    fn wrong_values_name_the_parameter_and_the_fix() {
        for (query, name) in [
            ("limit=0", "limit"),
            ("limit=13", "limit"),
            ("limit=zes", "limit"),
            ("lang=fr", "lang"),
            ("theme=pink", "theme"),
            ("topics=a&topics=b", "topics"),
        ] {
            let error = EmbedRequest::parse(query).unwrap_err();
            assert_eq!(error.name, name, "{query}");
            assert!(error.message(Lang::Nl).contains(name), "{query}");
            assert!(error.message(Lang::En).contains(name), "{query}");
        }
        let long = format!("title={}", "a".repeat(MAX_CHARS + 1));
        assert_eq!(EmbedRequest::parse(&long).unwrap_err().name, "title");
        let many = format!("topics={}", vec!["x"; MAX_TOPICS + 1].join(","));
        assert_eq!(EmbedRequest::parse(&many).unwrap_err().name, "topics");
        assert!(EmbedRequest::parse("limit=13")
            .unwrap_err()
            .message(Lang::En)
            .contains("1 to 12"));
    }

    #[test]
    fn the_same_page_asked_differently_is_one_canonical_request() {
        let a = EmbedRequest::parse("topics=spraak,klantcontact&lang=nl").unwrap();
        let b = EmbedRequest::parse("lang=nl&x=1&topics=+spraak+,+klantcontact").unwrap();
        assert_eq!(a.canonical(), b.canonical());
        let c = EmbedRequest::parse("topics=spraak,klantcontact&lang=en").unwrap();
        assert_ne!(a.canonical(), c.canonical());
    }

    #[test]
    fn the_ask_link_keeps_topics_organisation_and_language() {
        let request =
            EmbedRequest::parse("topics=spraak,klant%26contact&organisation=SVB&lang=en&limit=2")
                .unwrap();
        assert_eq!(
            request.ask_query(),
            "topics=spraak%2C+klant%26contact&organisation=SVB&lang=en"
        );
        assert_eq!(error_lang("lang=en&limit=99"), Lang::En);
        assert_eq!(error_lang("lang=fr"), Lang::Nl);
    }
}
