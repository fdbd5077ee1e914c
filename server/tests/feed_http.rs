//! `/feed.json`, `/healthz` and `elders feed check` against the real binary.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::Value;
use support::{admin_json, fixture, sample_feed, Server, ADMIN_TOKEN};

#[tokio::test]
async fn feed_is_served_with_an_etag_and_revalidates_to_304() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let client = Client::new();
    let response = client.get(server.url("/feed.json")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/feed+json"));
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    let feed: Value = response.json().await.unwrap();
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert!(feed["items"].as_array().unwrap().len() >= 40);

    let again = client
        .get(server.url("/feed.json"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());

    let stale = client
        .get(server.url("/feed.json"))
        .header("if-none-match", "\"other\"")
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::OK);
}

#[tokio::test]
async fn feed_goes_out_gzipped_to_clients_that_accept_it() {
    let server = Server::start(&["--feed", &sample_feed()]);
    // A client that shows the bytes as sent, not one that unpacks them on the way.
    let client = Client::builder().no_gzip().build().unwrap();
    let plain = client.get(server.url("/feed.json")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain_etag = plain.headers()["etag"].to_str().unwrap().to_string();
    let plain = plain.bytes().await.unwrap();

    let gzipped = client
        .get(server.url("/feed.json"))
        .header("accept-encoding", "br;q=1, gzip;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    assert_eq!(gzipped.headers()["vary"], "Accept, Accept-Encoding");
    let etag = gzipped.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(
        etag, plain_etag,
        "each representation has its own strong ETag"
    );
    let compressed = gzipped.bytes().await.unwrap();
    assert!(
        compressed.len() * 3 < plain.len(),
        "{} of {}",
        compressed.len(),
        plain.len()
    );
    let mut unpacked = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut unpacked,
    )
    .unwrap();
    assert_eq!(unpacked, plain, "the same feed");

    let again = client
        .get(server.url("/feed.json"))
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    let refused = client
        .get(server.url("/feed.json"))
        .header("accept-encoding", "gzip;q=0, identity")
        .send()
        .await
        .unwrap();
    assert!(refused.headers().get("content-encoding").is_none());
}

/// The widget's request: the pack of the feed and its index, gzip-compressed.
#[tokio::test]
async fn a_widget_that_asks_for_the_pack_gets_the_feed_with_its_index() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let client = Client::builder().no_gzip().build().unwrap();
    let json: elders_core::Feed = client
        .get(server.url("/feed.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let accept = "application/vnd.elders.pack, application/feed+json;q=0.9";
    let packed = client
        .get(server.url("/feed.json"))
        .header("accept", accept)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(packed.status(), StatusCode::OK);
    assert_eq!(
        packed.headers()["content-type"],
        "application/vnd.elders.pack"
    );
    assert_eq!(packed.headers()["content-encoding"], "gzip");
    assert_eq!(packed.headers()["vary"], "Accept, Accept-Encoding");
    assert_eq!(packed.headers()["access-control-allow-origin"], "*");
    let etag = packed.headers()["etag"].to_str().unwrap().to_string();
    let compressed = packed.bytes().await.unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut bytes,
    )
    .unwrap();
    let page = elders_core::PageContext {
        topics: vec!["spraakherkenning".into()],
        ..Default::default()
    };
    let loaded = elders_core::pack::read_for_page(&bytes, &page).unwrap();
    assert_eq!(loaded.parsed.feed, json, "the same feed as the JSON");
    let query = loaded.query.unwrap();
    let ranked = loaded.index.rank(&query, &Default::default());
    let whole = elders_core::rank::Index::build(&json.items);
    assert_eq!(ranked, whole.rank(&whole.query(&page), &Default::default()));

    let again = client
        .get(server.url("/feed.json"))
        .header("accept", accept)
        .header("accept-encoding", "gzip")
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    // Browsers' own defaults, and a pack refused, get the JSON.
    for accept in [
        "*/*",
        "application/json, */*;q=0.8",
        "application/vnd.elders.pack;q=0, */*",
    ] {
        let response = client
            .get(server.url("/feed.json"))
            .header("accept", accept)
            .send()
            .await
            .unwrap();
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/feed+json"),
            "{accept}"
        );
    }
}

#[tokio::test]
async fn broken_items_are_skipped_and_the_rest_merged() {
    let server = Server::start(&[
        "--feed",
        &fixture("one-bad-item.json"),
        "--feed",
        &sample_feed(),
    ]);
    let feed: Value = Client::new()
        .get(server.url("/feed.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"fixture-good"));
    assert!(!ids.contains(&"fixture-no-summary"));
    assert!(ids.len() > 40, "the sample feed was merged in");
    let unsafe_item = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "fixture-unsafe-link")
        .unwrap();
    assert!(
        unsafe_item.get("url").is_none(),
        "the javascript: link was dropped"
    );
}

#[tokio::test]
async fn health_reports_database_and_feed() {
    let server = Server::start_with_admin_token(&["--feed", &sample_feed()], ADMIN_TOKEN);
    let client = Client::new();
    let public: Value = client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        public,
        serde_json::json!({"status": "ok"}),
        "the public hears ok or not ok, nothing about the backend"
    );
    let health = admin_json(&client, &server, "/api/admin/health").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    let expected = if std::env::var("ELDERS_TEST_DATABASE").is_ok_and(|v| !v.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(health["backend"], expected, "this run tests {expected}");
    assert!(health["feed_items"].as_u64().unwrap() >= 40);
}

fn feed_check(file: &str) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["feed", "check", file])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn feed_check_passes_the_sample_and_names_each_problem() {
    let (ok, out) = feed_check(&sample_feed());
    assert!(ok, "{out}");
    assert!(out.contains("0 skipped, 0 warnings"), "{out}");

    let (ok, out) = feed_check(&fixture("one-bad-item.json"));
    assert!(!ok);
    assert!(
        out.contains("error: $.items[1].summary (item \"fixture-no-summary\"): is required"),
        "{out}"
    );
    assert!(out.contains("warning: $.items[2].url (item \"fixture-unsafe-link\"): only https:, http: and mailto:"), "{out}");
    assert!(
        out.contains("2 items valid, 1 skipped, 1 warnings"),
        "{out}"
    );
}
