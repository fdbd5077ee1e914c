//! The widget's configuration: the `data-*` attributes of the embed contract
//! (`docs/architecture.md`, "Embed contract"), read from the `<elders-widget>` element with
//! the script tag's as fallback, and checked once.

use elders_core::page::split_list;
use elders_core::Lang;

/// Cards shown at first when `data-limit` is absent.
pub const DEFAULT_LIMIT: usize = 6;
/// Most cards `data-limit` may ask for.
pub const MAX_LIMIT: usize = 50;
/// The widget's heading level when `data-heading-level` is absent: it usually sits under a
/// page's `<h2>`.
pub const DEFAULT_HEADING_LEVEL: u8 = 3;

/// A configuration problem an intranet admin must fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// What is wrong and how to fix it, for the browser console.
    pub hint: String,
}

/// Everything the widget needs to know from its embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetConfig {
    /// `data-feed`: where the project feed is. Required.
    pub feed: Option<String>,
    /// `data-questions`: the questions API; without it there is no form.
    pub questions: Option<String>,
    /// `data-contact`: a community e-mail address, for a mailto link when there is no API;
    /// only one that passes [`elders_core::link::is_email_address`].
    pub contact: Option<String>,
    /// `data-topics`, split on commas.
    pub topics: Vec<String>,
    /// `data-organisation`: the host's own organisation (TOOI URI or name).
    pub organisation: Option<String>,
    /// `data-lang`, else `<html lang>`, else Dutch.
    pub lang: Lang,
    /// `data-limit`: cards shown at first.
    pub limit: usize,
    /// `data-privacy-url`: the privacy statement linked from the question form.
    pub privacy_url: Option<String>,
    /// `data-heading-level`: the level of the widget's headings (2–6, default 3); the error
    /// summary's title is one level below.
    pub heading_level: u8,
    /// `data-debug`: show configuration, feed and network problems on screen for the admin.
    pub debug: bool,
    /// Problems found while reading, logged once.
    pub problems: Vec<ConfigProblem>,
}

impl WidgetConfig {
    /// Reads the configuration through `attribute` (element first, then script tag).
    pub fn from_attributes(
        attribute: impl Fn(&str) -> Option<String>,
        html_lang: Option<&str>,
    ) -> WidgetConfig {
        let text = |name: &str| {
            attribute(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut problems = Vec::new();

        let feed = text("data-feed");
        if feed.is_none() {
            problems.push(ConfigProblem {
                hint: "data-feed is missing: add data-feed=\"https://ELDERS-HOST/feed.json\" to the script tag or <elders-widget>".into(),
            });
        }
        let lang = match text("data-lang") {
            Some(tag) => Lang::from_tag(&tag).unwrap_or_else(|| {
                problems.push(ConfigProblem {
                    hint: format!("data-lang=\"{tag}\" is not supported: use \"nl\" or \"en\""),
                });
                html_lang.and_then(Lang::from_tag).unwrap_or_default()
            }),
            None => html_lang.and_then(Lang::from_tag).unwrap_or_default(),
        };
        let limit = match text("data-limit") {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    problems.push(ConfigProblem {
                        hint: format!("data-limit=\"{raw}\" must be a whole number from 1 to {MAX_LIMIT}; using {DEFAULT_LIMIT}"),
                    });
                    DEFAULT_LIMIT
                }
            },
        };
        let privacy_url = text("data-privacy-url").and_then(|url| {
            match elders_core::link::check_web_link(&url) {
                Ok(url) => Some(url.to_string()),
                Err(e) => {
                    problems.push(ConfigProblem {
                        hint: format!("data-privacy-url=\"{url}\" is not used: {e}"),
                    });
                    None
                }
            }
        });
        let contact = text("data-contact").filter(|address| {
            let ok = elders_core::link::is_email_address(address);
            if !ok {
                problems.push(ConfigProblem {
                    hint: format!("data-contact=\"{address}\" is not used: give one e-mail address such as vragen@organisatie.nl, without a name, ?, &, % or ="),
                });
            }
            ok
        });
        let heading_level = match text("data-heading-level") {
            None => DEFAULT_HEADING_LEVEL,
            Some(raw) => match raw.parse::<u8>() {
                Ok(n) if (2..=6).contains(&n) => n,
                _ => {
                    problems.push(ConfigProblem {
                        hint: format!("data-heading-level=\"{raw}\" must be 2 to 6; using {DEFAULT_HEADING_LEVEL}"),
                    });
                    DEFAULT_HEADING_LEVEL
                }
            },
        };
        WidgetConfig {
            feed,
            privacy_url,
            heading_level,
            questions: text("data-questions"),
            contact,
            topics: text("data-topics")
                .map(|t| split_list(&t))
                .unwrap_or_default(),
            organisation: text("data-organisation"),
            lang,
            limit,
            // Present, even empty (`data-debug`), and not "false".
            debug: attribute("data-debug").is_some_and(|v| v.trim() != "false"),
            problems,
        }
    }

    /// Logs every configuration problem once, with its fix, to the browser console.
    #[cfg(target_arch = "wasm32")]
    pub fn log_problems(&self) {
        for problem in &self.problems {
            web_sys::console::warn_1(&format!("[elders] {}", problem.hint).into());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(
        element: &[(&str, &str)],
        script: &[(&str, &str)],
        html_lang: Option<&str>,
    ) -> WidgetConfig {
        let element: HashMap<_, _> = element.iter().copied().collect();
        let script: HashMap<_, _> = script.iter().copied().collect();
        WidgetConfig::from_attributes(
            |name| {
                element
                    .get(name)
                    .or_else(|| script.get(name))
                    .map(|v| v.to_string())
            },
            html_lang,
        )
    }

    #[test]
    fn element_attributes_override_the_script_tag() {
        let c = read(
            &[("data-topics", "waterstof")],
            &[
                ("data-feed", "/feed.json"),
                ("data-topics", "spraak, ai"),
                ("data-limit", "3"),
            ],
            None,
        );
        assert_eq!(c.feed.as_deref(), Some("/feed.json"));
        assert_eq!(c.topics, ["waterstof"]);
        assert_eq!(c.limit, 3);
        assert!(c.problems.is_empty());
    }

    #[test]
    fn missing_feed_and_bad_values_are_reported_with_a_fix() {
        let c = read(
            &[("data-limit", "lots"), ("data-lang", "fr")],
            &[],
            Some("en-GB"),
        );
        assert_eq!(c.feed, None);
        assert_eq!(c.limit, DEFAULT_LIMIT);
        assert_eq!(c.lang, Lang::En, "falls back to <html lang>");
        assert_eq!(c.problems.len(), 3);
        assert!(c.problems[0].hint.contains("data-feed is missing"));
    }

    #[test]
    fn privacy_links_must_be_web_links() {
        let ok = read(
            &[
                ("data-feed", "f"),
                ("data-privacy-url", "https://intranet.example/privacy"),
            ],
            &[],
            None,
        );
        assert_eq!(
            ok.privacy_url.as_deref(),
            Some("https://intranet.example/privacy")
        );
        let bad = read(
            &[
                ("data-feed", "f"),
                ("data-privacy-url", "javascript:alert(1)"),
            ],
            &[],
            None,
        );
        assert_eq!(bad.privacy_url, None);
        assert!(bad.problems[0].hint.contains("data-privacy-url"));
    }

    #[test]
    fn a_contact_address_must_be_one_email_address() {
        let ok = read(
            &[("data-feed", "f"), ("data-contact", " vragen@bzk.example ")],
            &[],
            None,
        );
        assert_eq!(ok.contact.as_deref(), Some("vragen@bzk.example"));
        assert!(ok.problems.is_empty());
        for bad in [
            "vragen@bzk.example?cc=spy@evil.example",
            "Vragen <vragen@bzk.example>",
            "ceo%40min.example@evil.example",
        ] {
            let c = read(&[("data-feed", "f"), ("data-contact", bad)], &[], None);
            assert_eq!(c.contact, None, "{bad:?}");
            assert!(c.problems[0].hint.contains("data-contact"), "{bad:?}");
        }
    }

    #[test]
    fn heading_levels_are_two_to_six() {
        assert_eq!(read(&[("data-feed", "f")], &[], None).heading_level, 3);
        assert_eq!(
            read(
                &[("data-feed", "f"), ("data-heading-level", "2")],
                &[],
                None
            )
            .heading_level,
            2
        );
        let bad = read(
            &[("data-feed", "f"), ("data-heading-level", "1")],
            &[],
            None,
        );
        assert_eq!(bad.heading_level, 3);
        assert!(bad.problems[0].hint.contains("data-heading-level"));
    }

    #[test]
    fn language_defaults_to_dutch() {
        assert_eq!(read(&[("data-feed", "f")], &[], None).lang, Lang::Nl);
        assert_eq!(
            read(&[("data-feed", "f"), ("data-lang", "en")], &[], Some("nl")).lang,
            Lang::En
        );
    }

    #[test]
    fn data_debug_is_on_when_present() {
        assert!(!read(&[("data-feed", "f")], &[], None).debug);
        assert!(read(&[("data-feed", "f"), ("data-debug", "")], &[], None).debug);
        assert!(read(&[("data-feed", "f")], &[("data-debug", "true")], None).debug);
        assert!(!read(&[("data-feed", "f"), ("data-debug", "false")], &[], None).debug);
    }
}
