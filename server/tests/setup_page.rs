//! `GET /setup`, the embed configurator, over real HTTP: what it suggests from the feed,
//! the code it gives for the values submitted (escaped, whatever they hold), the errors it
//! names, and its own strict policy. The page touches no database.

mod support;

use scraper::{Html, Selector};
use support::{sample_feed, Server};

const PUBLIC_URL: &str = "https://elders.example.nl";

async fn get(server: &Server, path_and_query: &str) -> (u16, reqwest::header::HeaderMap, Html) {
    let response = reqwest::get(server.url(path_and_query)).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    (status, headers, Html::parse_document(&body))
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

fn text(page: &Html, css: &str) -> String {
    select(page, css)
        .first()
        .unwrap_or_else(|| panic!("{css} is on the page"))
        .text()
        .collect()
}

fn attribute(page: &Html, css: &str, name: &str) -> Option<String> {
    select(page, css)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_string)
}

#[tokio::test]
async fn the_page_suggests_the_feeds_topics_and_organisations_most_used_first() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let (status, _, page) = get(&server, "/setup").await;
    assert_eq!(status, 200);
    assert_eq!(text(&page, "title"), "Elders op uw pagina – Elders");
    assert_eq!(attribute(&page, "html", "lang").as_deref(), Some("nl"));

    let topics: Vec<String> = select(&page, "datalist#topics-list option")
        .iter()
        .filter_map(|o| o.value().attr("value").map(str::to_string))
        .collect();
    // The sample feed's most used theme, then the others in order of use; tags too.
    assert_eq!(topics[0], "digitale dienstverlening");
    assert_eq!(topics[1], "kunstmatige intelligentie");
    for expected in ["klantcontact", "spraaktechnologie", "voicebot", "water"] {
        assert!(
            topics.iter().any(|t| t == expected),
            "{expected} in {topics:?}"
        );
    }
    let position = |t: &str| topics.iter().position(|x| x == t).unwrap();
    assert!(
        position("klantcontact") < position("voicebot"),
        "5 items before 3"
    );

    let organisations: Vec<(String, String)> = select(&page, "datalist#organisation-list option")
        .iter()
        .map(|o| {
            let value = |name| o.value().attr(name).unwrap_or_default().to_string();
            (value("value"), value("label"))
        })
        .collect();
    assert_eq!(
        organisations[0],
        (
            "https://politie.example/".to_string(),
            "Politie".to_string()
        )
    );
    assert!(organisations.contains(&(
        "https://identifier.overheid.nl/tooi/id/zbo/zb000143".to_string(),
        "Sociale Verzekeringsbank".to_string()
    )));
    // The fields are labelled and point to their hints.
    for id in ["topics", "organisation", "limit", "loading"] {
        assert_eq!(select(&page, &format!("label[for={id}]")).len(), 1, "{id}");
        assert!(attribute(&page, &format!("#{id}"), "aria-describedby")
            .is_some_and(|d| d.contains(&format!("{id}-hint"))));
    }
    // The default settings already give code and a preview.
    assert!(text(&page, "pre#script-tag").contains("data-limit=\"6\""));
    assert_eq!(select(&page, "#preview elders-widget").len(), 1);
}

#[tokio::test]
async fn the_code_is_built_for_the_values_given_on_the_public_url() {
    let server = Server::start(&["--feed", &sample_feed(), "--public-url", PUBLIC_URL]);
    let (status, _, page) = get(
        &server,
        "/setup?topics=spraaktechnologie%2C+klantcontact%2C&organisation=\
         https%3A%2F%2Fidentifier.overheid.nl%2Ftooi%2Fid%2Fministerie%2Fmnre1034\
         &language=en&limit=3&theme=dark&loading=lazy",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        text(&page, "pre#script-tag"),
        r#"<script type="module" src="https://elders.example.nl/elders/elders.js"
        data-feed="https://elders.example.nl/feed.json"
        data-questions="https://elders.example.nl/api/questions"
        data-topics="spraaktechnologie, klantcontact"
        data-organisation="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"
        data-lang="en" data-limit="3" data-theme="dark" data-loading="lazy"></script>"#
    );
    assert_eq!(
        text(&page, "pre#script-csp"),
        "script-src 'self' https://elders.example.nl 'wasm-unsafe-eval';\n\
         connect-src 'self' https://elders.example.nl;"
    );
    let iframe = text(&page, "pre#iframe");
    let src = Html::parse_fragment(&iframe);
    let frame = select(&src, "iframe");
    assert_eq!(
        frame[0].value().attr("src"),
        Some(
            "https://elders.example.nl/embed?topics=spraaktechnologie%2Cklantcontact\
             &organisation=https%3A%2F%2Fidentifier.overheid.nl%2Ftooi%2Fid%2Fministerie%2Fmnre1034\
             &lang=en&limit=3&theme=dark"
        )
    );
    assert_eq!(
        frame[0].value().attr("title"),
        Some("Related work elsewhere")
    );
    assert_eq!(frame[0].value().attr("loading"), Some("lazy"));
    assert_eq!(
        text(&page, "pre#iframe-csp"),
        "frame-src https://elders.example.nl;"
    );
    // The preview is the widget on this server's live feed, with the same choices.
    let widget = &select(&page, "#preview elders-widget")[0];
    let data = |name| widget.value().attr(name);
    assert_eq!(data("data-feed"), Some("/feed.json"));
    assert_eq!(data("data-topics"), Some("spraaktechnologie, klantcontact"));
    assert_eq!(data("data-lang"), Some("en"));
    assert_eq!(data("data-limit"), Some("3"));
    assert_eq!(data("data-theme"), Some("dark"));
    assert_eq!(data("data-loading"), Some("lazy"));
    // The fields keep what was typed; the radio buttons what was chosen.
    assert_eq!(
        attribute(&page, "#topics", "value").as_deref(),
        Some("spraaktechnologie, klantcontact,")
    );
    assert!(attribute(&page, "#language-en", "checked").is_some());
    assert!(attribute(&page, "#theme-dark", "checked").is_some());
    assert!(attribute(&page, "#loading", "checked").is_some());
    // With --public-url set, the page does not warn about it; --allow-origin is explained.
    let code = text(&page, "#code");
    assert!(!code.contains("--public-url"));
    assert!(code.contains("--allow-origin"));
}

#[tokio::test]
async fn without_a_public_url_the_code_names_the_address_the_page_was_opened_at() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let (_, _, page) = get(&server, "/setup?topics=water").await;
    let code = text(&page, "pre#script-tag");
    assert!(
        code.contains(&format!("src=\"{}/elders/elders.js\"", server.base)),
        "{code}"
    );
    assert!(text(&page, "#code").contains("--public-url"));
}

#[tokio::test]
async fn a_hostile_value_stays_inside_its_attribute() {
    let server = Server::start(&["--feed", &sample_feed(), "--public-url", PUBLIC_URL]);
    let topic = r#""><script>alert(1)</script>'"#;
    let organisation = r#"x" onload="alert(2)"#;
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("topics", topic)
        .append_pair("organisation", organisation)
        .finish();
    let (status, _, page) = get(&server, &format!("/setup?{query}")).await;
    assert_eq!(status, 200);
    // The page has its own two scripts, no more; the values come back whole.
    assert_eq!(select(&page, "script").len(), 2);
    assert_eq!(attribute(&page, "#topics", "value").as_deref(), Some(topic));
    let widget = &select(&page, "#preview elders-widget")[0];
    assert_eq!(widget.value().attr("data-topics"), Some(topic));
    assert_eq!(widget.value().attr("data-organisation"), Some(organisation));
    assert_eq!(widget.value().attr("onload"), None);
    // Pasted into a page, the script tag is one element with the values in their attributes.
    let pasted = Html::parse_fragment(&text(&page, "pre#script-tag"));
    let scripts = select(&pasted, "script");
    assert_eq!(scripts.len(), 1);
    assert_eq!(scripts[0].value().attr("data-topics"), Some(topic));
    assert_eq!(
        scripts[0].value().attr("data-organisation"),
        Some(organisation)
    );
    assert_eq!(scripts[0].value().attr("onload"), None);
    let frame = Html::parse_fragment(&text(&page, "pre#iframe"));
    let src = select(&frame, "iframe")[0]
        .value()
        .attr("src")
        .unwrap()
        .to_string();
    let parsed = url::Url::parse(&src).unwrap();
    let pairs: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
    assert!(
        pairs.contains(&("topics".into(), topic.into())),
        "{pairs:?}"
    );
    assert!(pairs.contains(&("organisation".into(), organisation.into())));
    assert!(!src.contains(['"', '<', '>', ' ', '\'']), "{src}");
}

#[tokio::test]
async fn values_the_widget_would_refuse_are_named_with_their_fix() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let (status, _, page) = get(&server, "/setup?limit=99&theme=pink&topics=water").await;
    assert_eq!(status, 400);
    assert!(text(&page, "title").starts_with("Er is een probleem: "));
    let links: Vec<(String, String)> = select(&page, ".error-summary a")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or_default().to_string(),
                a.text().collect(),
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "#limit".to_string(),
                "Het aantal kaarten moet van 1 tot 50 zijn.".to_string()
            ),
            (
                "#theme".to_string(),
                "Kies licht, donker of de instelling van de lezer.".to_string()
            ),
        ]
    );
    assert_eq!(
        attribute(&page, "#limit", "aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        attribute(&page, "#limit", "aria-describedby").as_deref(),
        Some("limit-hint limit-error")
    );
    assert_eq!(attribute(&page, "#limit", "value").as_deref(), Some("99"));
    assert!(
        select(&page, "#theme").len() == 1,
        "the summary's link has a target"
    );
    // No code and no preview for values that do not work.
    assert!(select(&page, "pre").is_empty());
    assert!(select(&page, "elders-widget").is_empty());

    // A field given twice (a link edited by hand) takes its last value, and still gets a
    // page, not a bare refusal.
    let (status, _, page) = get(&server, "/setup?lang=en&limit=2&limit=zes&x=1").await;
    assert_eq!(status, 400);
    assert_eq!(
        text(&page, ".error-summary a"),
        "The number of cards must be a number, from 1 to 50."
    );
}

#[tokio::test]
async fn the_page_has_its_own_strict_policy_and_speaks_english_on_request() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let (_, headers, page) = get(&server, "/setup?lang=en").await;
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(attribute(&page, "html", "lang").as_deref(), Some("en"));
    assert_eq!(text(&page, "title"), "Elders on your page – Elders");
    assert_eq!(text(&page, "h1"), "Elders on your page");
    // The English page keeps its language when the form is sent, and its widget is English.
    assert_eq!(
        attribute(&page, "input[name=lang]", "value").as_deref(),
        Some("en")
    );
    assert!(attribute(&page, "#language-en", "checked").is_some());
    assert_eq!(
        attribute(&page, "a[hreflang]", "href").as_deref(),
        Some("/setup")
    );
    let (_, _, page) = get(&server, "/setup?topics=water&limit=3").await;
    assert_eq!(
        attribute(&page, "a[hreflang]", "href").as_deref(),
        Some("/setup?lang=en&topics=water&limit=3")
    );
    for (path, content_type) in [
        ("/setup/setup.js", "text/javascript; charset=utf-8"),
        ("/setup/setup.css", "text/css; charset=utf-8"),
    ] {
        let response = reqwest::get(server.url(path)).await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], content_type, "{path}");
    }
    // The demo page links here.
    let demo = reqwest::get(server.url("/"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(demo.contains("href=\"/setup\""));
}
