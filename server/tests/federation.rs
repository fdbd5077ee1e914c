//! Federated feeds over real HTTP: the server merges feeds that real local publishers
//! serve, revalidates them with `If-None-Match`, and when a publisher fails in any way
//! (an HTTP error, a hang, a feed too large or unpacking too large, not a feed, every item
//! invalid) keeps that source's last good copy and says so on `/api/sources`.
//!
//! The tests run on a multi-threaded runtime: starting the server blocks one thread until
//! the server has made its first round of fetches, which the publishers on the other
//! thread answer. The server refreshes every second here; the tests wait for what they expect by polling
//! `/api/sources`, with a generous deadline, instead of sleeping for fixed times.

mod support;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use reqwest::Client;
use serde_json::{json, Value};
use support::{admin_json, get_json, sample_feed, Database, Server, ADMIN_TOKEN};

/// How a publisher answers.
#[derive(Clone)]
enum Behaviour {
    /// A feed with this ETag; `304` when the client already has it.
    Serve { body: String, etag: String },
    /// A feed with only a `Last-Modified` date (no ETag); `304` on `If-Modified-Since`.
    Dated { body: String, date: String },
    /// This HTTP status.
    Fail(u16),
    /// Never answers in time.
    Hang,
    /// A small gzip body that unpacks to far more than the limit, no length announced.
    GzipBomb,
    /// An HTML page instead of a feed.
    NotAFeed,
    /// A redirect to this URL.
    Redirect(String),
}

/// A feed publisher on a local port.
#[derive(Clone)]
struct Publisher {
    behaviour: Arc<Mutex<Behaviour>>,
    requests: Arc<AtomicUsize>,
    not_modified: Arc<AtomicUsize>,
    url: String,
}

impl Publisher {
    async fn start(behaviour: Behaviour) -> Publisher {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/feed.json", listener.local_addr().unwrap());
        let publisher = Publisher {
            behaviour: Arc::new(Mutex::new(behaviour)),
            requests: Arc::new(AtomicUsize::new(0)),
            not_modified: Arc::new(AtomicUsize::new(0)),
            url,
        };
        let state = publisher.clone();
        let app = axum::Router::new().route(
            "/feed.json",
            axum::routing::get(move |headers: HeaderMap| {
                let state = state.clone();
                async move { state.answer(&headers).await }
            }),
        );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        publisher
    }

    /// Waits (30 s at most) until this publisher has answered `count` requests with `304`.
    async fn answered_not_modified(&self, count: usize) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while self.not_modified.load(Ordering::SeqCst) < count {
            assert!(
                tokio::time::Instant::now() < deadline,
                "no conditional requests"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }

    async fn answer(&self, headers: &HeaderMap) -> Response {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let behaviour = self.behaviour.lock().unwrap().clone();
        match behaviour {
            Behaviour::Serve { body, etag } => {
                if headers
                    .get(header::IF_NONE_MATCH)
                    .is_some_and(|v| v.to_str().unwrap_or_default() == etag)
                {
                    self.not_modified.fetch_add(1, Ordering::SeqCst);
                    return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
                }
                (
                    [
                        (header::ETAG, etag),
                        (header::CONTENT_TYPE, "application/feed+json".into()),
                    ],
                    body,
                )
                    .into_response()
            }
            Behaviour::Dated { body, date } => {
                if headers
                    .get(header::IF_MODIFIED_SINCE)
                    .is_some_and(|v| v.to_str().unwrap_or_default() == date)
                {
                    self.not_modified.fetch_add(1, Ordering::SeqCst);
                    return StatusCode::NOT_MODIFIED.into_response();
                }
                ([(header::LAST_MODIFIED, date)], body).into_response()
            }
            Behaviour::Fail(code) => StatusCode::from_u16(code).unwrap().into_response(),
            Behaviour::Hang => {
                tokio::time::sleep(Duration::from_secs(120)).await;
                StatusCode::OK.into_response()
            }
            Behaviour::GzipBomb => {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                encoder.write_all(&vec![b' '; 4_000_000]).unwrap();
                let packed = encoder.finish().unwrap();
                (
                    [
                        (header::CONTENT_ENCODING, "gzip"),
                        (header::CONTENT_TYPE, "application/json"),
                    ],
                    packed,
                )
                    .into_response()
            }
            Behaviour::Redirect(to) => {
                (StatusCode::FOUND, [(header::LOCATION, to)]).into_response()
            }
            Behaviour::NotAFeed => (
                [(header::CONTENT_TYPE, "text/html")],
                "<!doctype html><title>Onderhoud</title><p>We zijn zo terug.",
            )
                .into_response(),
        }
    }
}

/// A feed from `organisation` with items `ids`.
fn feed(organisation: &str, ids: &[&str]) -> Behaviour {
    let items: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({
                "id": id,
                "title": format!("{organisation}: project {id}"),
                "summary": format!("Een project van {organisation} over slimme meters."),
                "tags": ["energie"],
                "_elders": { "organisation": { "name": organisation }, "phase": "pilot" }
            })
        })
        .collect();
    let body = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": organisation,
        "items": items
    })
    .to_string();
    Behaviour::Serve {
        etag: format!("\"{organisation}-{}\"", ids.join("-")),
        body,
    }
}

/// `(id, source_feed)` of every item served.
async fn served(client: &Client, server: &Server) -> Vec<(String, String)> {
    let feed = get_json(client, server.url("/feed.json")).await;
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap().to_string(),
                item["_elders"]["source_feed"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

/// The health of the source named `source`, once `ready` holds for it (30 s at most).
async fn source_when(
    client: &Client,
    server: &Server,
    source: &str,
    ready: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let sources = admin_json(client, server, "/api/admin/sources").await;
        let found = sources["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["source"] == source)
            .cloned()
            .unwrap_or_else(|| panic!("no source {source} in {sources}"));
        if ready(&found) {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "source {source} never got there: {found}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// `http://HOST:PORT` of a publisher's URL: how a source is named publicly.
fn origin(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap();
    format!("http://{}", rest.split('/').next().unwrap())
}

fn start_server(feeds: &[&str], extra: &[&str]) -> Server {
    let mut args = vec!["--feed-refresh", "1", "--feed-timeout", "2"];
    for feed in feeds {
        args.extend(["--feed", feed]);
    }
    args.extend(extra);
    Server::start_with_admin_token(&args, ADMIN_TOKEN)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_from_files_and_urls_are_merged_without_duplicates_and_with_provenance() {
    let rijk = Publisher::start(feed("Rijkswaterstaat", &["rws-1", "shared-1"])).await;
    let gemeente = Publisher::start(feed("Gemeente Zwolle", &["shared-1", "zwolle-1"])).await;
    let sample = sample_feed();
    let server = start_server(&[&rijk.url, &gemeente.url, &sample], &[]);
    let client = Client::new();

    let items = served(&client, &server).await;
    let ids: Vec<&str> = items.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        &ids[..3],
        ["rws-1", "shared-1", "zwolle-1"],
        "in --feed order"
    );
    assert_eq!(
        ids.iter().filter(|id| **id == "shared-1").count(),
        1,
        "a duplicate id is served once"
    );
    assert_eq!(
        items[1].1,
        origin(&rijk.url),
        "the first source's copy, with its provenance (the origin alone)"
    );
    assert_eq!(items[2].1, origin(&gemeente.url));
    assert!(ids.len() > 40, "the sample file is merged in too");

    let health = admin_json(&client, &server, "/api/admin/health").await;
    assert_eq!(health["feed_sources"], 3);
    assert_eq!(health["feed_sources_failing"], 0);
    assert_eq!(health["feed_items"], items.len());
    let gemeente_health =
        source_when(&client, &server, &gemeente.url, |s| s["status"] == "ok").await;
    assert_eq!(
        gemeente_health["items"], 2,
        "its own valid items, before de-duplication"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unchanged_feeds_are_revalidated_with_if_none_match() {
    let publisher = Publisher::start(feed("Belastingdienst", &["bd-1"])).await;
    let server = start_server(&[&publisher.url], &[]);
    let client = Client::new();
    let first = source_when(&client, &server, &publisher.url, |s| s["status"] == "ok").await;
    let changed_at = first["last_change"].clone();
    publisher.answered_not_modified(2).await;
    let later = source_when(&client, &server, &publisher.url, |s| s["status"] == "ok").await;
    assert_eq!(later["last_change"], changed_at, "a 304 is no change");

    publisher.set(feed("Belastingdienst", &["bd-1", "bd-2"]));
    source_when(&client, &server, &publisher.url, |s| s["items"] == 2).await;
    let ids: Vec<String> = served(&client, &server)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["bd-1", "bd-2"], "the new version is served");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feeds_with_only_a_date_are_revalidated_with_if_modified_since() {
    let Behaviour::Serve { body, .. } = feed("Kadaster", &["kad-1"]) else {
        unreachable!()
    };
    let date = "Wed, 25 Nov 2026 10:00:00 GMT".to_string();
    let publisher = Publisher::start(Behaviour::Dated { body, date }).await;
    let server = start_server(&[&publisher.url], &[]);
    let client = Client::new();
    source_when(&client, &server, &publisher.url, |s| s["items"] == 1).await;
    publisher.answered_not_modified(2).await;
    let ids: Vec<String> = served(&client, &server)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["kad-1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_source_keeps_its_last_good_copy_whatever_the_failure() {
    let steady = Publisher::start(feed("UWV", &["uwv-1"])).await;
    let flaky = Publisher::start(feed("Politie", &["politie-1", "politie-2"])).await;
    let server = start_server(&[&steady.url, &flaky.url], &["--feed-max-bytes", "1000000"]);
    let client = Client::new();
    source_when(&client, &server, &flaky.url, |s| s["items"] == 2).await;

    let every_item_invalid = Behaviour::Serve {
        body: json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Politie",
            "items": [{ "id": "p-broken", "title": "Geen samenvatting" }]
        })
        .to_string(),
        etag: "\"broken\"".into(),
    };
    let failures = [
        (Behaviour::Fail(500), "HTTP 500"),
        (Behaviour::Fail(404), "HTTP 404"),
        (Behaviour::Hang, "timed out"),
        (Behaviour::GzipBomb, "larger than 1000000 bytes"),
        (Behaviour::NotAFeed, "not a usable feed"),
        (every_item_invalid, "every item (1) is invalid"),
    ];
    for (behaviour, expected) in failures {
        flaky.set(behaviour);
        let failing = source_when(&client, &server, &flaky.url, |s| {
            s["status"] == "failing" && s["error"].as_str().unwrap_or_default().contains(expected)
        })
        .await;
        assert!(failing["last_success"].is_string(), "{failing}");
        assert_eq!(
            failing["items"], 2,
            "the last good copy's items are still counted"
        );
        let ids: Vec<String> = served(&client, &server)
            .await
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(
            ids,
            ["uwv-1", "politie-1", "politie-2"],
            "while failing with {expected:?}, the last good copy is served"
        );
        let health = admin_json(&client, &server, "/api/admin/health").await;
        assert_eq!(
            health["status"], "ok",
            "a failing source does not fail the instance"
        );
        assert_eq!(health["feed_sources_failing"], 1);
        // Back to normal before the next kind of failure.
        flaky.set(feed("Politie", &["politie-1", "politie-2"]));
        source_when(&client, &server, &flaky.url, |s| s["status"] == "ok").await;
    }
    assert_eq!(
        source_when(&client, &server, &steady.url, |s| s["status"] == "ok").await
            ["consecutive_failures"],
        0,
        "the other source was never affected"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_down_at_start_does_not_stop_the_server_and_is_picked_up_later() {
    let late = Publisher::start(Behaviour::Fail(503)).await;
    let server = start_server(&[&late.url, &sample_feed()], &[]);
    let client = Client::new();
    let down = source_when(&client, &server, &late.url, |s| s["status"] == "failing").await;
    assert!(down["last_success"].is_null(), "{down}");
    let before = served(&client, &server).await.len();
    assert!(before > 40, "the file source is served meanwhile");

    late.set(feed("DUO", &["duo-1"]));
    source_when(&client, &server, &late.url, |s| s["status"] == "ok").await;
    let after = served(&client, &server).await;
    assert_eq!(after.len(), before + 1);
    assert_eq!(after[0], ("duo-1".to_string(), origin(&late.url)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_server_starts_from_the_saved_copy() {
    let publisher = Publisher::start(feed("CBS", &["cbs-1", "cbs-2"])).await;
    let database = Database::fresh();
    let args = [
        "--feed",
        &publisher.url,
        "--feed-refresh",
        "1",
        "--feed-timeout",
        "2",
    ];
    let client = Client::new();
    let first = Server::start_on(&database, &args);
    source_when(&client, &first, &publisher.url, |s| s["items"] == 2).await;
    drop(first);

    // Down while the server restarts: the saved copy is served, and the source says why.
    publisher.set(Behaviour::Fail(503));
    let second = Server::start_on(&database, &args);
    let ids: Vec<String> = served(&client, &second)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ["cbs-1", "cbs-2"], "the saved copy is served at once");
    let failing = source_when(&client, &second, &publisher.url, |s| {
        s["status"] == "failing"
    })
    .await;
    assert!(failing["last_success"].is_string(), "{failing}");
    assert_eq!(failing["items"], 2);
    drop(second);

    // Back and unchanged: the first fetch after a restart is already a 304.
    publisher.set(feed("CBS", &["cbs-1", "cbs-2"]));
    let (requests, not_modified) = (
        publisher.requests.load(Ordering::SeqCst),
        publisher.not_modified.load(Ordering::SeqCst),
    );
    let third = Server::start_on(&database, &args);
    source_when(&client, &third, &publisher.url, |s| s["status"] == "ok").await;
    let asked = publisher.requests.load(Ordering::SeqCst) - requests;
    let unchanged = publisher.not_modified.load(Ordering::SeqCst) - not_modified;
    assert!(
        asked >= 1 && asked == unchanged,
        "{asked} requests, {unchanged} answered 304"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_file_or_a_bad_feed_argument_stops_the_start_with_a_clear_error() {
    for (feed, expected) in [
        ("/no/such/feed.json", "cannot read the file"),
        (
            "ftp://feeds.example/feed.json",
            "only files and http:// or https:// URLs",
        ),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
            .args(["serve", "--addr", "127.0.0.1:0", "--feed", feed])
            .args(["--database", "sqlite::memory:"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{feed}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected), "{feed}: {stderr}");
    }
}

/// `elders feed check TARGET`: (success, stdout).
async fn feed_check(target: &str) -> (bool, String) {
    let target = target.to_string();
    tokio::task::spawn_blocking(move || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
            .args(["feed", "check", &target, "--timeout", "5"])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publisher_checks_the_published_feed_by_its_url() {
    let publisher = Publisher::start(feed("Kadaster", &["kadaster-1", "kadaster-2"])).await;
    let (ok, out) = feed_check(&publisher.url).await;
    assert!(ok, "{out}");
    assert!(
        out.contains("2 items valid, 0 skipped, 0 warnings"),
        "{out}"
    );
    assert!(
        out.contains("note: no Access-Control-Allow-Origin header"),
        "a hint for widgets that read it directly: {out}"
    );

    publisher.set(Behaviour::Serve {
        body: json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Kadaster",
            "items": [
                { "id": "k-1", "title": "Goed", "summary": "Een goed item." },
                { "id": "k-2", "title": "Zonder samenvatting" }
            ]
        })
        .to_string(),
        etag: "\"k\"".into(),
    });
    let (ok, out) = feed_check(&publisher.url).await;
    assert!(!ok, "{out}");
    assert!(
        out.contains("error: $.items[1].summary (item \"k-2\"): is required"),
        "{out}"
    );

    for (behaviour, expected) in [
        (Behaviour::Fail(500), "error: HTTP 500"),
        (
            Behaviour::NotAFeed,
            "error: the feed is neither JSON nor RSS or Atom",
        ),
    ] {
        publisher.set(behaviour);
        let (ok, out) = feed_check(&publisher.url).await;
        assert!(!ok, "{out}");
        assert!(out.contains(expected), "{out}");
        assert!(out.contains("not a usable feed"), "{out}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_urls_credentials_and_token_are_never_shown_in_public() {
    let publisher = Publisher::start(feed("Kadaster", &["kad-1"])).await;
    let address = publisher.url.trim_start_matches("http://");
    let secret = format!("http://elders:pa55w0rd@{address}?token=t0k3n-abc");
    let server = start_server(&[&secret], &[]);
    let client = Client::new();
    source_when(&client, &server, &server_spec(&secret), |s| {
        s["status"] == "ok"
    })
    .await;

    let feed = client
        .get(server.url("/feed.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(feed.contains("kad-1"), "{feed}");
    let sources = client
        .get(server.url("/api/sources"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let health = client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for (what, text) in [
        ("/feed.json", &feed),
        ("/api/sources", &sources),
        ("/healthz", &health),
    ] {
        for secret in ["pa55w0rd", "t0k3n-abc", "elders:"] {
            assert!(!text.contains(secret), "{what} shows {secret}: {text}");
        }
    }
    let public: Value = serde_json::from_str(&sources).unwrap();
    assert_eq!(
        public["sources"][0],
        json!({"source": origin(&publisher.url), "status": "ok", "items": 1})
    );
    let served: Value = serde_json::from_str(&feed).unwrap();
    assert_eq!(
        served["items"][0]["_elders"]["source_feed"],
        origin(&publisher.url)
    );
    // The admin sees the source, without its password.
    let admin = admin_json(&client, &server, "/api/admin/sources").await;
    let shown = admin["sources"][0]["source"].as_str().unwrap().to_string();
    assert!(
        shown.contains("t0k3n-abc") && !shown.contains("pa55w0rd"),
        "{shown}"
    );
}

/// How the admin's view names a `--feed` URL: as given, without its password.
fn server_spec(url: &str) -> String {
    url.replace(":pa55w0rd@", ":***@")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_to_another_scheme_or_port_is_refused_and_the_public_hears_only_unavailable() {
    let inside = Publisher::start(feed("Binnen", &["binnen-1"])).await;
    let redirecting = Publisher::start(Behaviour::Redirect(inside.url.clone())).await;
    let server = start_server(&[&redirecting.url], &[]);
    let client = Client::new();
    let failing = source_when(&client, &server, &redirecting.url, |s| {
        s["status"] == "failing"
    })
    .await;
    let error = failing["error"].as_str().unwrap_or_default();
    assert!(error.contains("only https: on the same host"), "{error}");
    assert_eq!(
        inside.requests.load(Ordering::SeqCst),
        0,
        "the redirect's target was never asked"
    );
    let public = get_json(&client, server.url("/api/sources")).await;
    assert_eq!(
        public["sources"][0],
        json!({"source": origin(&redirecting.url), "status": "unavailable", "items": 0}),
        "no error text in public: it would tell what answers on which port"
    );
}
