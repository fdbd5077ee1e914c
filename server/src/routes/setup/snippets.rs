//! The code an admin copies from the configurator: the script tag exactly as the README
//! documents it, the `<iframe>` of `/embed` for pages that cannot have scripts, and the
//! Content-Security-Policy lines each needs on the admin's page. Built for the address
//! readers reach this server at, so that the code is right on the admin's page, not only
//! here. The tags are askama templates (`templates/setup/`): attribute values are
//! HTML-escaped, so a topic with quotes or `<` in it stays inside its attribute; the
//! iframe's query values are percent-encoded.

use askama::Template;
use elders_core::Lang;

use super::settings::{Settings, Theme};

/// The iframe's height in CSS pixels: room for a heading and two rows of cards; the admin
/// adjusts it to their page (the page says so).
pub const IFRAME_HEIGHT: u32 = 600;

/// Where readers reach this server: its base URL (scheme, host, port and any path, no
/// trailing slash) and its origin (what a Content-Security-Policy names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EldersHost {
    pub base: String,
    pub origin: String,
}

impl EldersHost {
    /// From `--public-url`, or else from the request's `Host` header (over plain HTTP, as
    /// this server listens). `None` when neither makes an `http(s)` URL.
    pub fn new(public_url: Option<&str>, host_header: Option<&str>) -> Option<EldersHost> {
        let candidate = match public_url {
            Some(url) => url.to_string(),
            None => format!("http://{}", host_header?.trim()),
        };
        let url = url::Url::parse(&candidate).ok()?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return None;
        }
        if !url.username().is_empty() || url.password().is_some() {
            return None;
        }
        let origin = url.origin().ascii_serialization();
        let path = url.path().trim_end_matches('/');
        Some(EldersHost {
            base: format!("{origin}{path}"),
            origin,
        })
    }
}

/// Everything the page shows to copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippets {
    pub script_tag: String,
    /// The policy lines the admin's page needs for the script tag.
    pub script_csp: String,
    pub iframe: String,
    /// The policy line the admin's page needs for the iframe.
    pub iframe_csp: String,
}

#[derive(Template)]
#[template(path = "setup/script_tag.html")]
struct ScriptTag<'a> {
    base: &'a str,
    topics: String,
    organisation: Option<&'a str>,
    lang: &'static str,
    limit: u8,
    /// Only when it is not the default, as the README's example leaves it out.
    theme: Option<&'static str>,
    lazy: bool,
}

#[derive(Template)]
#[template(path = "setup/iframe.html")]
struct Iframe<'a> {
    /// Already escaped for the attribute ([`escape_url`]).
    src: &'a str,
    title: &'static str,
    lazy: bool,
    height: u32,
}

/// Percent-encodes a query value (spaces as `%20`, not `+`, which reads as a plus sign in
/// more places than a query string).
fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

/// A URL escaped for a double-quoted attribute, as admins know it: `&amp;` between the
/// query's parameters rather than askama's `&#38;`, which is as correct but reads as noise.
/// Percent-encoding has left no `"`, `<` or `>` in the query; the host's path may have
/// any of the four, and they are escaped too.
fn escape_url(url: &str) -> String {
    url.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The address of `/embed` for these settings: the same choices as the script tag, as
/// query parameters (`topics` comma-separated).
pub fn embed_url(settings: &Settings, host: &EldersHost) -> String {
    let mut query = Vec::new();
    if !settings.topics.is_empty() {
        query.push(format!("topics={}", encode(&settings.topics.join(","))));
    }
    if let Some(organisation) = &settings.organisation {
        query.push(format!("organisation={}", encode(organisation)));
    }
    query.push(format!("lang={}", settings.lang.tag()));
    query.push(format!("limit={}", settings.limit));
    query.push(format!("theme={}", settings.theme.value()));
    format!("{}/embed?{}", host.base, query.join("&"))
}

/// The iframe's title (its accessible name), in the widget's language.
fn iframe_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "Verwant werk elders",
        Lang::En => "Related work elsewhere",
    }
}

/// Builds every snippet for `settings` on `host`.
pub fn build(settings: &Settings, host: &EldersHost) -> Snippets {
    let script_tag = ScriptTag {
        base: &host.base,
        topics: settings.topics_attribute(),
        organisation: settings.organisation.as_deref(),
        lang: settings.lang.tag(),
        limit: settings.limit,
        theme: (settings.theme != Theme::Light).then(|| settings.theme.value()),
        lazy: settings.lazy,
    }
    .render()
    .unwrap_or_default();
    let src = escape_url(&embed_url(settings, host));
    let iframe = Iframe {
        src: &src,
        title: iframe_title(settings.lang),
        lazy: settings.lazy,
        height: IFRAME_HEIGHT,
    }
    .render()
    .unwrap_or_default();
    let origin = &host.origin;
    Snippets {
        script_tag,
        // What the widget needs and no more: its loader, glue and Wasm (`script-src`, with
        // the right to compile Wasm), and the Wasm, feed and questions API (`connect-src`).
        // Its styles are a constructable stylesheet in its shadow root: no `style-src`.
        script_csp: format!(
            "script-src 'self' {origin} 'wasm-unsafe-eval';\nconnect-src 'self' {origin};"
        ),
        iframe_csp: format!("frame-src {origin};"),
        iframe,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host() -> EldersHost {
        EldersHost::new(Some("https://elders.example.nl"), None).unwrap()
    }

    fn settings() -> Settings {
        Settings {
            topics: vec!["spraaktechnologie".into(), "klantcontact".into()],
            organisation: Some("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034".into()),
            ..Settings::new(Lang::Nl)
        }
    }

    #[test]
    fn the_script_tag_is_the_readmes() {
        assert_eq!(
            build(&settings(), &host()).script_tag,
            r#"<script type="module" src="https://elders.example.nl/elders/elders.js"
        data-feed="https://elders.example.nl/feed.json"
        data-questions="https://elders.example.nl/api/questions"
        data-topics="spraaktechnologie, klantcontact"
        data-organisation="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
        data-lang="nl" data-limit="6"></script>"#
        );
    }

    #[test]
    fn theme_and_lazy_loading_are_added_and_empty_fields_left_out() {
        let settings = Settings {
            lang: Lang::En,
            limit: 3,
            theme: Theme::Dark,
            lazy: true,
            ..Settings::new(Lang::En)
        };
        assert_eq!(
            build(&settings, &host()).script_tag,
            r#"<script type="module" src="https://elders.example.nl/elders/elders.js"
        data-feed="https://elders.example.nl/feed.json"
        data-questions="https://elders.example.nl/api/questions"
        data-lang="en" data-limit="3" data-theme="dark" data-loading="lazy"></script>"#
        );
    }

    #[test]
    fn a_hostile_topic_cannot_leave_its_attribute() {
        let settings = Settings {
            topics: vec![r#""><script>alert(1)</script>"#.into(), "a&b".into()],
            organisation: Some("O'Brien \"&\" Zn".into()),
            ..Settings::new(Lang::Nl)
        };
        let snippets = build(&settings, &host());
        assert!(
            snippets.script_tag.contains(
                "data-topics=\"&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;, a&#38;b\""
            ),
            "{}",
            snippets.script_tag
        );
        assert!(snippets
            .script_tag
            .contains("data-organisation=\"O&#39;Brien &#34;&#38;&#34; Zn\""));
        assert_eq!(snippets.script_tag.matches('"').count() % 2, 0);
        assert_eq!(snippets.script_tag.matches("<script").count(), 1);
        assert!(
            snippets
                .iframe
                .contains("topics=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%2Ca%26b"),
            "{}",
            snippets.iframe
        );
        assert!(snippets
            .iframe
            .contains("organisation=O%27Brien%20%22%26%22%20Zn"));
        // An odd --public-url path stays inside the attribute too.
        let odd = EldersHost::new(Some("https://elders.example.nl/a&b\"<c>"), None).unwrap();
        let iframe = build(&Settings::new(Lang::Nl), &odd).iframe;
        assert!(
            iframe.starts_with(
                "<iframe class=\"elders-embed\" src=\"https://elders.example.nl/a&amp;b%22%3Cc%3E\
                 /embed?lang=nl&amp;limit=6&amp;theme=light\"\n"
            ),
            "{iframe}"
        );
    }

    #[test]
    fn the_iframe_asks_embed_for_the_same_choices() {
        let settings = Settings {
            topics: vec!["spraak technologie".into(), "klantcontact".into()],
            organisation: Some("Gemeente Utrecht".into()),
            lang: Lang::En,
            limit: 4,
            theme: Theme::Auto,
            lazy: true,
        };
        let snippets = build(&settings, &host());
        assert_eq!(
            snippets.iframe,
            "<iframe class=\"elders-embed\" src=\"https://elders.example.nl/embed?\
             topics=spraak%20technologie%2Cklantcontact&amp;organisation=Gemeente%20Utrecht&amp;\
             lang=en&amp;limit=4&amp;theme=auto\"\n        title=\"Related work elsewhere\" \
             loading=\"lazy\" height=\"600\"></iframe>"
        );
        assert_eq!(
            embed_url(&Settings::new(Lang::Nl), &host()),
            "https://elders.example.nl/embed?lang=nl&limit=6&theme=light"
        );
    }

    #[test]
    fn the_policy_lines_name_the_elders_origin() {
        let host = EldersHost::new(Some("https://elders.example.nl:8443/elders"), None).unwrap();
        assert_eq!(host.base, "https://elders.example.nl:8443/elders");
        let snippets = build(&settings(), &host);
        assert!(snippets
            .script_tag
            .contains("src=\"https://elders.example.nl:8443/elders/elders/elders.js\""));
        assert_eq!(
            snippets.script_csp,
            "script-src 'self' https://elders.example.nl:8443 'wasm-unsafe-eval';\n\
             connect-src 'self' https://elders.example.nl:8443;"
        );
        assert_eq!(
            snippets.iframe_csp,
            "frame-src https://elders.example.nl:8443;"
        );
    }

    #[test]
    fn the_host_comes_from_the_public_url_or_the_request() {
        assert_eq!(
            EldersHost::new(None, Some("127.0.0.1:8080")),
            Some(EldersHost {
                base: "http://127.0.0.1:8080".into(),
                origin: "http://127.0.0.1:8080".into(),
            })
        );
        assert_eq!(
            EldersHost::new(Some("https://elders.example.nl/"), Some("127.0.0.1:8080"))
                .unwrap()
                .base,
            "https://elders.example.nl"
        );
        assert_eq!(EldersHost::new(None, None), None);
        assert_eq!(EldersHost::new(None, Some("a b\"<")), None);
        assert_eq!(EldersHost::new(None, Some("user@evil.example")), None);
    }
}
