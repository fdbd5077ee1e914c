//! A feed fetched over HTTPS from a publisher whose certificate chains to a private CA, as on
//! a government network with its own PKI: trusted once the CA is in the system's CA store
//! (here through `SSL_CERT_FILE`, which the store honours), refused with a clear error
//! without it.

mod support;

use reqwest::Client;
use serde_json::{json, Value};
use support::{admin_json, get_json, private_pki, Server, ADMIN_TOKEN};

/// Serves a two-item feed over HTTPS; returns its URL.
async fn https_publisher(cert: String, key: String) -> String {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config =
        axum_server::tls_rustls::RustlsConfig::from_pem(cert.into_bytes(), key.into_bytes())
            .await
            .unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}/feed.json", listener.local_addr().unwrap());
    let body = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Logius",
        "items": [
            { "id": "logius-1", "title": "Digitale post", "summary": "Een proef met berichten." },
            { "id": "logius-2", "title": "Inloggen", "summary": "Een proef met inloggen." }
        ]
    })
    .to_string();
    let app = axum::Router::new().route(
        "/feed.json",
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([("content-type", "application/feed+json")], body) }
        }),
    );
    tokio::spawn(async move {
        axum_server::from_tcp_rustls(listener, config)
            .serve(app.into_make_service())
            .await
            .unwrap()
    });
    url
}

async fn source(client: &Client, server: &Server) -> Value {
    admin_json(client, server, "/api/admin/sources").await["sources"][0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_feeds_are_fetched_when_their_ca_is_trusted_and_refused_otherwise() {
    let pki = private_pki();
    let url = https_publisher(pki.cert_pem, pki.key_pem).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, pki.ca_pem).unwrap();
    let client = Client::new();
    let args = ["--feed", &url, "--feed-timeout", "5"];

    let trusting = Server::start_with_env(
        &args,
        &[
            ("SSL_CERT_FILE", ca_file.to_str().unwrap()),
            ("ELDERS_ADMIN_TOKEN", ADMIN_TOKEN),
        ],
    );
    let fetched = source(&client, &trusting).await;
    assert_eq!(fetched["status"], "ok", "{fetched}");
    let feed = get_json(&client, trusting.url("/feed.json")).await;
    assert_eq!(feed["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        feed["items"][0]["_elders"]["source_feed"],
        url.trim_end_matches("/feed.json"),
        "the source by its origin"
    );

    // Without the CA (an empty store): the publisher is not trusted, and the error says so.
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let refusing = Server::start_with_env(
        &args,
        &[
            ("SSL_CERT_FILE", empty.to_str().unwrap()),
            ("ELDERS_ADMIN_TOKEN", ADMIN_TOKEN),
        ],
    );
    let refused = source(&client, &refusing).await;
    assert_eq!(refused["status"], "failing", "{refused}");
    let error = refused["error"].as_str().unwrap_or_default();
    assert!(
        error.contains("certificate") || error.contains("UnknownIssuer"),
        "{error}"
    );
}
