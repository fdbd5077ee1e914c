//! What a privacy officer checks before an intranet may embed Elders (`docs/privacy.md`),
//! over real HTTP against the real binary and the real database: what is kept, who sees
//! it, and that nothing leaks.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::{away_from_a_minute_boundary, everything_stored, Server, ADMIN_TOKEN};

/// Details that must never outlive retention, each unique enough to find in raw bytes.
const EMAIL: &str = "geheim.adres@bzk.example";
const NAME: &str = "Sam Geheimnaam";
const ORGANISATION: &str = "Directie Geheimzaken";
const PAGE_QUERY: &str = "persoon=Jansen";

fn personal_question() -> Value {
    json!({
        "question": "Wie heeft ervaring met het anonimiseren van klantgesprekken?",
        "topics": ["privacy"],
        "page_url": format!("https://intranet.example/zoek?{PAGE_QUERY}"),
        "name": NAME,
        "organisation": ORGANISATION,
        "email": EMAIL,
        "consent_contact": true,
    })
}

async fn post(client: &Client, server: &Server, key: &str, body: &Value) -> reqwest::Response {
    client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn elders(args: &[&str], database: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(args)
        .args(["--database", database])
        .output()
        .unwrap()
}

fn traces(stored: &str) -> Vec<&'static str> {
    [EMAIL, NAME, ORGANISATION, PAGE_QUERY, "127.0.0.1"]
        .into_iter()
        .filter(|marker| stored.contains(marker))
        .collect()
}

#[tokio::test]
async fn after_retention_the_database_holds_no_trace_of_the_asker() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();
    let published = post(&client, &server, "privacy-1", &personal_question()).await;
    assert_eq!(published.status(), StatusCode::CREATED);
    let mut pending_one = personal_question();
    pending_one["question"] = json!("Wie kent een goede aanpak voor het verwijderen van dossiers?");
    post(&client, &server, "privacy-2", &pending_one).await;
    let database = server.database();
    assert!(
        !traces(&everything_stored(&database)).is_empty(),
        "the test would find the details if they were there"
    );

    let purge = elders(&["questions", "purge", "--retention-days", "0"], &database);
    assert!(
        purge.status.success(),
        "{}",
        String::from_utf8_lossy(&purge.stderr)
    );
    let left = everything_stored(&database);
    assert_eq!(traces(&left), Vec::<&str>::new(), "found after retention");
    assert!(
        left.contains("anonimiseren van klantgesprekken"),
        "the published question itself stays"
    );
}

#[tokio::test]
async fn erasing_a_question_removes_every_detail_of_it() {
    let server = Server::start(&[]);
    let client = Client::new();
    let stored: Value = post(&client, &server, "erase-1", &personal_question())
        .await
        .json()
        .await
        .unwrap();
    let id = stored["id"].as_str().unwrap();
    let database = server.database();
    let erase = elders(&["questions", "erase", id], &database);
    assert!(
        erase.status.success(),
        "{}",
        String::from_utf8_lossy(&erase.stderr)
    );
    assert!(!elders(&["questions", "show", id], &database)
        .status
        .success());
    let left = everything_stored(&database);
    for marker in [EMAIL, NAME, ORGANISATION, PAGE_QUERY, "anonimiseren"] {
        assert!(!left.contains(marker), "{marker} is still stored");
    }
    assert!(
        !elders(&["questions", "erase", id], &database)
            .status
            .success(),
        "an unknown id is an error"
    );
}

#[tokio::test]
async fn names_are_published_only_with_the_askers_consent() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();
    let without: Value = post(&client, &server, "name-1", &personal_question())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(without["name"], NAME, "the asker sees their own details");
    let mut consenting = personal_question();
    consenting["public_name"] = json!(true);
    consenting["question"] = json!("Wie heeft een spraakbot getest met echte bellers?");
    let with: Value = post(&client, &server, "name-2", &consenting)
        .await
        .json()
        .await
        .unwrap();

    let feed: Value = client
        .get(server.url("/api/questions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let item = |id: &Value| {
        feed["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == *id)
            .cloned()
            .unwrap()
    };
    let hidden = item(&without["id"]);
    assert!(hidden["_elders_question"].get("name").is_none(), "{hidden}");
    assert!(
        hidden["_elders_question"].get("organisation").is_none(),
        "{hidden}"
    );
    assert!(
        hidden.get("_elders").is_none(),
        "no organisation in the item: {hidden}"
    );
    assert!(!hidden.to_string().contains(ORGANISATION));
    let shown = item(&with["id"]);
    assert_eq!(shown["_elders_question"]["name"], NAME);
    assert_eq!(shown["_elders_question"]["organisation"], ORGANISATION);
    assert_eq!(shown["_elders"]["organisation"]["name"], ORGANISATION);

    let page = client
        .get(server.url(&format!("/questions/{}", without["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains(NAME) && !page.contains(ORGANISATION),
        "{page}"
    );
}

#[tokio::test]
async fn an_address_with_a_cc_or_an_escaped_at_is_refused_with_a_field_error() {
    let server = Server::start(&[]);
    let client = Client::new();
    for (n, address) in [
        "ceo%40min.example?cc=spy@evil.example",
        "ceo@min.example?cc=spy@evil.example",
        "Ceo <ceo@min.example>",
        "a@b.example&bcc=spy@evil.example",
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = personal_question();
        body["email"] = json!(address);
        let response = post(&client, &server, &format!("cc-{n}"), &body).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{address}"
        );
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["field"], "email", "{address}: {error}");
    }
}

#[tokio::test]
async fn forwarding_headers_count_only_from_a_trusted_proxy() {
    away_from_a_minute_boundary().await;
    let client = Client::new();
    let ask = |server: &Server, key: &str, forwarded_for: &str| {
        let mut body = personal_question();
        body["question"] = json!(format!("Wie weet meer over vraag nummer {key}?"));
        client
            .post(server.url("/api/questions"))
            .header("idempotency-key", key)
            .header("x-forwarded-for", forwarded_for)
            .json(&body)
            .send()
    };
    // From a peer that is no proxy of ours, the header is a claim anyone can make.
    let direct = Server::start(&["--rate-limit", "1"]);
    assert_eq!(
        ask(&direct, "d-1", "203.0.113.1").await.unwrap().status(),
        201
    );
    assert_eq!(
        ask(&direct, "d-2", "203.0.113.2").await.unwrap().status(),
        429,
        "a made-up address does not escape the limit"
    );
    // Behind a trusted proxy, each reader has a limit of their own.
    let proxied = Server::start(&["--rate-limit", "1", "--trusted-proxy", "127.0.0.0/8"]);
    assert_eq!(
        ask(&proxied, "p-1", "203.0.113.1").await.unwrap().status(),
        201
    );
    assert_eq!(
        ask(&proxied, "p-2", "203.0.113.2").await.unwrap().status(),
        201
    );
    assert_eq!(
        ask(&proxied, "p-3", "203.0.113.1").await.unwrap().status(),
        429
    );
    // An IPv6 reader is counted by its /64.
    assert_eq!(
        ask(&proxied, "p-4", "2001:db8:1:2::1")
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        ask(&proxied, "p-5", "2001:db8:1:2::ffff")
            .await
            .unwrap()
            .status(),
        429
    );
}

#[tokio::test]
async fn wrong_admin_tokens_are_throttled_and_short_tokens_refused() {
    away_from_a_minute_boundary().await;
    let server = Server::start_with_admin_token(&[], ADMIN_TOKEN);
    let client = Client::new();
    let admin = |token: &str| {
        client
            .get(server.url("/api/admin/questions"))
            .bearer_auth(token)
            .send()
    };
    for _ in 0..10 {
        assert_eq!(admin("guess").await.unwrap().status(), 401);
    }
    let throttled = admin("guess").await.unwrap();
    assert_eq!(throttled.status(), 429);
    assert!(throttled.headers().contains_key("retry-after"));
    assert_eq!(
        admin(ADMIN_TOKEN).await.unwrap().status(),
        429,
        "not even the right token gets through until the minute is over"
    );

    let short = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database",
            &server.database(),
        ])
        .env("ELDERS_ADMIN_TOKEN", "too-short")
        .output()
        .unwrap();
    assert!(!short.status.success());
    let said = String::from_utf8_lossy(&short.stderr);
    assert!(
        said.contains("ELDERS_ADMIN_TOKEN") && said.contains("32"),
        "{said}"
    );
}

#[tokio::test]
async fn a_database_password_never_reaches_a_message() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args([
            "--database",
            "postgres://elders:Sup3rGeheim@127.0.0.1:1/elders",
        ])
        .env("ELDERS_ADMIN_TOKEN", "")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!said.contains("Sup3rGeheim"), "{said}");
    assert!(said.contains("elders:***@127.0.0.1:1"), "{said}");
}

#[tokio::test]
async fn a_deeply_nested_item_is_skipped_and_the_rest_served() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let feed = format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "Diep", "items": [
            {{"id": "a", "title": "Eerste", "summary": "Een gewoon project."}},
            {{"id": "deep", "title": "Diep", "summary": "Te diep.", "_elders": {{"themes": {deep}}}}},
            {{"id": "c", "title": "Derde", "summary": "Nog een gewoon project."}}
        ]}}"#
    );
    let path = dir.path().join("deep.json");
    std::fs::write(&path, feed).unwrap();
    let server = Server::start(&["--feed", path.to_str().unwrap()]);
    let served: Value = Client::new()
        .get(server.url("/feed.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = served["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "c"]);
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["feed", "check", path.to_str().unwrap()])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(report.contains("$.items[1]"), "{report}");
}
