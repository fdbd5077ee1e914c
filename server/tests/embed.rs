//! `GET /embed` over real HTTP against the real binary and database: the cards for an
//! iframe, framed only by the `--allow-origin` origins and running no script, the reader's
//! own organisation left out, ranked on the topics, revalidated with an ETag that follows
//! the feed and (within the few seconds the server keeps them) the published answers,
//! every feed text escaped, and a clear `400` page for a wrong link.

mod support;

use std::path::Path;
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::{Server, ADMIN_TOKEN};

const INTRANET: &str = "https://intranet.example";

/// A small feed: two organisations' work on speech, one on hydrogen, the reader's own
/// organisation's speech project, and an item full of markup.
fn feed(extra: &[Value]) -> String {
    let item = |id: &str, title: &str, tags: &[&str], org: Value| {
        json!({
            "id": id,
            "url": format!("https://example.nl/{id}"),
            "title": title,
            "summary": format!("Over {title}."),
            "tags": tags,
            "date_published": "2026-01-01T00:00:00Z",
            "_elders": {"organisation": org, "phase": "pilot",
                        "outcome": "Het werkte beter dan gedacht.",
                        "contact": {"name": "Team", "email": "team@example.nl"}}
        })
    };
    let mut items = vec![
        item(
            "speech-svb",
            "Spraakherkenning aan de telefoon",
            &["spraakherkenning", "klantcontact"],
            json!({"name": "Sociale Verzekeringsbank", "uri": "https://identifier.overheid.nl/tooi/id/zbo/zb000143"}),
        ),
        item(
            "hydrogen",
            "Waterstof in de haven",
            &["waterstof", "energie"],
            json!({"name": "Gemeente Rotterdam"}),
        ),
        item(
            "speech-own",
            "Spraakherkenning bij ons eigen ministerie",
            &["spraakherkenning"],
            json!({"name": "Ministerie van BZK", "uri": "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"}),
        ),
        json!({
            "id": "hostile",
            "url": "javascript:alert(1)",
            "title": "<script>alert('titel')</script> Klantcontact & \"aanhalingstekens\"",
            "summary": "<img src=x onerror=alert(1)> klantcontact",
            "tags": ["klantcontact"],
            "_elders": {"organisation": {"name": "<b>Vette</b> Organisatie"}}
        }),
    ];
    items.extend(extra.iter().cloned());
    json!({"version": "https://jsonfeed.org/version/1.1", "title": "Test", "items": items})
        .to_string()
}

fn write_feed(dir: &Path, extra: &[Value]) -> String {
    let path = dir.join("feed.json");
    std::fs::write(&path, feed(extra)).unwrap();
    path.display().to_string()
}

/// `text` as the page's templates escape it.
fn escaped(text: &str) -> String {
    text.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

struct Page {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Page {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The cards' titles, in order.
    fn card_titles(&self) -> Vec<String> {
        self.body
            .split("<h2 class=\"elders-card__title\"")
            .skip(1)
            .map(|card| {
                let start = card.find("part=\"card-link\">").map_or_else(
                    || card.find('>').unwrap() + 1,
                    |at| at + "part=\"card-link\">".len(),
                );
                let end = card[start..].find("</").unwrap() + start;
                card[start..end].to_string()
            })
            .collect()
    }
}

async fn get(client: &Client, server: &Server, path: &str) -> Page {
    get_with(client, server, path, None).await
}

async fn get_with(client: &Client, server: &Server, path: &str, etag: Option<&str>) -> Page {
    let mut request = client.get(server.url(path));
    if let Some(etag) = etag {
        request = request.header("if-none-match", etag);
    }
    let response = request.send().await.unwrap();
    Page {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}

fn started(extra: &[&str]) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let feed = write_feed(dir.path(), &[]);
    let mut args = vec!["--feed", &feed];
    args.extend_from_slice(extra);
    Server::start_in(dir, &args)
}

#[tokio::test]
async fn only_the_allowed_intranets_may_frame_it_and_no_script_may_run() {
    let client = Client::new();
    let allowed = started(&["--allow-origin", INTRANET, "--allow-origin", "*"]);
    let page = get(&client, &allowed, "/embed?topics=klantcontact").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header("content-security-policy"),
        Some(
            "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors https://intranet.example"
        ),
        "a star is not a wildcard"
    );
    assert_eq!(
        page.header("x-frame-options"),
        None,
        "it would forbid every frame"
    );
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("content-type", "text/html; charset=utf-8"),
        ("cache-control", "public, max-age=60, must-revalidate"),
    ] {
        assert_eq!(page.header(name), Some(value), "{name}");
    }
    assert!(!page.body.contains("<script"), "no script element at all");
    assert!(page
        .body
        .contains("<title>Verwant werk elders: klantcontact – Elders</title>"));
    assert!(page.body.contains("<main"));

    let stylesheet = client
        .get(allowed.url("/embed/embed.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(stylesheet.status(), StatusCode::OK);
    assert_eq!(
        stylesheet.headers()["content-type"],
        "text/css; charset=utf-8"
    );
    let css = stylesheet.text().await.unwrap();
    assert!(css.contains(":root[data-theme=\"dark\"]") && css.contains(".elders-card"));

    let nobody = started(&[]);
    let page = get(&client, &nobody, "/embed").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .ends_with("frame-ancestors 'none'"));
    assert!(page
        .body
        .contains("Er is nog geen werk van andere organisaties gevonden over dit onderwerp."));
}

#[tokio::test]
async fn the_cards_follow_the_topics_and_leave_out_the_readers_own_organisation() {
    let client = Client::new();
    let server = started(&[]);
    let water = get(&client, &server, "/embed?topics=waterstof").await;
    assert_eq!(water.card_titles(), ["Waterstof in de haven"]);
    assert!(water.body.contains("Gedeelde onderwerpen: waterstof"));
    assert!(water.body.contains(
        "href=\"https://example.nl/hydrogen\" target=\"_top\" rel=\"noopener noreferrer\""
    ));

    let speech = get(&client, &server, "/embed?topics=spraakherkenning").await;
    let titles = speech.card_titles();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.contains(&"Spraakherkenning aan de telefoon".to_string()));
    assert!(titles.contains(&"Spraakherkenning bij ons eigen ministerie".to_string()));

    for own in [
        "Ministerie+van+BZK",
        "https%3A%2F%2Fidentifier.overheid.nl%2Ftooi%2Fid%2Fministerie%2Fmnre1034",
    ] {
        let page = get(
            &client,
            &server,
            &format!("/embed?topics=spraakherkenning&organisation={own}"),
        )
        .await;
        assert_eq!(
            page.card_titles(),
            ["Spraakherkenning aan de telefoon"],
            "{own}"
        );
        assert!(
            page.body.contains(&format!(
                "/ask?topics=spraakherkenning&#38;organisation={own}"
            )),
            "the ask link keeps the organisation"
        );
    }

    // The host page's title ranks too, below the topics.
    let titled = get(
        &client,
        &server,
        "/embed?title=Waterstof+%E2%80%93+Intranet+BZK&limit=1",
    )
    .await;
    assert_eq!(titled.card_titles(), ["Waterstof in de haven"]);
    let limited = get(
        &client,
        &server,
        "/embed?topics=klantcontact,spraakherkenning&limit=1",
    )
    .await;
    assert_eq!(limited.card_titles().len(), 1);
}

#[tokio::test]
async fn feed_text_is_shown_as_text_and_only_allowed_links_are_links() {
    let client = Client::new();
    let server = started(&[]);
    let page = get(&client, &server, "/embed?topics=klantcontact").await;
    assert!(
        page.body.contains(&escaped(
            "<script>alert('titel')</script> Klantcontact & \"aanhalingstekens\""
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains(&escaped("<b>Vette</b> Organisatie")));
    assert!(!page.body.contains("<script"));
    assert!(!page.body.contains("<img"));
    assert!(!page.body.contains("<b>Vette"));
    assert!(!page.body.contains("javascript:"));
}

#[tokio::test]
async fn english_with_lang_en() {
    let client = Client::new();
    let server = started(&[]);
    let page = get(
        &client,
        &server,
        "/embed?topics=waterstof&lang=en&theme=dark",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"en\" data-theme=\"dark\">"));
    assert!(page.body.contains("Shared topics: waterstof"));
    assert!(page
        .body
        .contains("<title>Related work elsewhere: waterstof – Elders</title>"));
    assert!(page.body.contains(">Ask a question</a>"));
    assert!(
        page.body
            .contains("href=\"/ask?topics=waterstof&#38;lang=en\"")
            || page
                .body
                .contains("href=\"/ask?topics=waterstof&amp;lang=en\"")
    );
    assert!(page.body.contains(">Pilot<") && page.body.contains("What they learned"));
}

#[tokio::test]
async fn a_wrong_link_gets_a_page_that_says_what_to_fix() {
    let client = Client::new();
    let server = started(&["--allow-origin", INTRANET]);
    for (query, says) in [
        (
            "limit=0",
            "limit moet een heel getal van 1 tot en met 12 zijn",
        ),
        (
            "limit=13&lang=en",
            "limit must be a whole number from 1 to 12",
        ),
        ("lang=fr", "lang moet nl of en zijn"),
        ("theme=roze", "theme moet light, dark of auto zijn"),
        (
            "topics=a&topics=b",
            "topics staat meer dan één keer in de link",
        ),
    ] {
        let page = get(&client, &server, &format!("/embed?{query}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(page.body.contains(says), "{query}: {}", page.body);
        assert_eq!(
            page.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(
            page.header("content-security-policy")
                .unwrap()
                .ends_with("frame-ancestors https://intranet.example"),
            "shown in the admin's frame"
        );
        assert_eq!(page.header("x-frame-options"), None);
        assert_eq!(page.header("etag"), None);
    }
}

/// A little longer than the server keeps the questions on a set of topics.
const KEPT: Duration = Duration::from_millis(3_500);

/// The page at `path` once its ETag is no longer `etag` (within 10 s).
async fn changed(client: &Client, server: &Server, path: &str, etag: &str) -> Page {
    for _ in 0..50 {
        let page = get_with(client, server, path, Some(etag)).await;
        if page.status != StatusCode::NOT_MODIFIED {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{path} still has the ETag {etag}");
}

async fn ask(client: &Client, server: &Server, key: &str, body: Value) -> String {
    let response = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.unwrap();
    stored["id"].as_str().unwrap().to_string()
}

async fn approve(client: &Client, server: &Server, path: String) {
    let response = client
        .post(server.url(&path))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
}

#[tokio::test]
async fn the_etag_changes_with_published_answers_and_the_feed() {
    let client = Client::new();
    let dir = tempfile::tempdir().unwrap();
    let feed = write_feed(dir.path(), &[]);
    let server =
        Server::start_with_admin_token(&["--feed", &feed, "--feed-refresh", "1"], ADMIN_TOKEN);
    let path = "/embed?topics=klantcontact";

    let first = get(&client, &server, path).await;
    let etag = first.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"'), "a strong ETag: {etag}");
    let again = get_with(&client, &server, path, Some(&etag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    assert_eq!(again.header("x-frame-options"), None);
    let other = get(&client, &server, "/embed?topics=klantcontact&lang=en").await;
    assert_ne!(
        other.header("etag"),
        Some(etag.as_str()),
        "another request, another tag"
    );

    // A question waits for a moderator: nothing changes until it is approved.
    let question = ask(
        &client,
        &server,
        "q-1",
        json!({
            "question": "Wie heeft ervaring met een voicebot in het klantcontact?",
            "topics": ["Klantcontact"],
            "name": "Ans Geheimnaam",
            "email": "ans.geheim@example.nl",
            "consent_contact": true,
            "public_name": false,
        }),
    )
    .await;
    // Past the few seconds the server keeps the questions on these topics.
    tokio::time::sleep(KEPT).await;
    let pending = get_with(&client, &server, path, Some(&etag)).await;
    assert_eq!(
        pending.status,
        StatusCode::NOT_MODIFIED,
        "a pending question is not shown"
    );
    approve(
        &client,
        &server,
        format!("/api/admin/questions/{question}/approve"),
    )
    .await;
    let published = changed(&client, &server, path, &etag).await;
    assert_eq!(published.status, StatusCode::OK);
    assert!(published
        .body
        .contains("Wie heeft ervaring met een voicebot in het klantcontact?"));
    assert!(published
        .body
        .contains(&format!("href=\"/questions/{question}\" target=\"_top\"")));
    assert!(
        !published.body.contains("Geheimnaam"),
        "no name without consent"
    );
    assert!(
        !published.body.contains("ans.geheim@example.nl"),
        "no e-mail address"
    );
    let etag = published.header("etag").unwrap().to_string();
    let unrelated = get(&client, &server, "/embed?topics=waterstof").await;
    assert!(
        !unrelated.body.contains("voicebot"),
        "only questions on the page's topics"
    );

    // An answer waits too; once approved it shows, and the tag changes.
    let response = client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", "a-1")
        .json(&json!({
            "answer": "Wij gebruiken er een <b>sinds</b> 2025.",
            "url": "https://svb.example/voicebot",
            "name": "Rik Antwoord",
            "organisation": "SVB",
            "public_name": true,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let answer: Value = response.json().await.unwrap();
    let answer = answer["id"].as_str().unwrap().to_string();
    tokio::time::sleep(KEPT).await;
    assert_eq!(
        get_with(&client, &server, path, Some(&etag)).await.status,
        StatusCode::NOT_MODIFIED,
        "a pending answer is not shown"
    );
    approve(
        &client,
        &server,
        format!("/api/admin/answers/{answer}/approve"),
    )
    .await;
    let answered = changed(&client, &server, path, &etag).await;
    assert_eq!(answered.status, StatusCode::OK);
    assert!(answered
        .body
        .contains(&escaped("Wij gebruiken er een <b>sinds</b> 2025.")));
    assert!(answered.body.contains("Beantwoord door: Rik Antwoord, SVB"));
    assert!(answered
        .body
        .contains("href=\"https://svb.example/voicebot\" target=\"_top\""));
    let etag = answered.header("etag").unwrap().to_string();

    // The feed changes on disk: within a few refreshes the page, and its tag, follow.
    write_feed(
        dir.path(),
        &[json!({
            "id": "new", "title": "Nieuw klantcontactproject", "summary": "Nieuw.",
            "tags": ["klantcontact"], "_elders": {"organisation": {"name": "UWV"}}
        })],
    );
    let new_feed = changed(&client, &server, path, &etag).await;
    assert_eq!(new_feed.status, StatusCode::OK);
    assert!(new_feed.body.contains("Nieuw klantcontactproject"));
    assert_ne!(new_feed.header("etag"), Some(etag.as_str()));
}
