//! The feed as a pack: a page whose feed comes from an Elders server gets the feed with its
//! index (`elders_core::pack`) and needs no JSON reader; the same feed as a static JSON file
//! is read by the reader module, loaded for it. Both show the same cards. Run by
//! `cargo xtask test`.

mod support;

use serde_json::Value;
use support::{browser, host_file, wait_for, EldersServer, HostSite, SHADOW};

/// The card titles once they are shown, and whether the page loaded the reader module.
async fn cards_and_reader(page: &str) -> (Vec<String>, bool) {
    let client = browser().await;
    client.goto(page).await.unwrap();
    let titles = wait_for(
        &client,
        "the cards",
        &format!(
            "const t = [...({SHADOW}?.querySelectorAll('[part=card-title]') ?? [])]
                .map(e => e.innerText.trim());
             return t.length ? t : null;"
        ),
    )
    .await;
    let reader = client
        .execute(
            "return performance.getEntriesByType('resource')
                .some(e => e.name.includes('elders_reader'));",
            vec![],
        )
        .await
        .unwrap();
    client.close().await.unwrap();
    let titles = titles
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    (titles, reader == Value::Bool(true))
}

#[tokio::test]
async fn a_pack_from_the_server_and_the_same_feed_as_json_show_the_same_cards() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--allow-origin", &site.base]);
    // The feed exactly as the server serves it as JSON, now as a static file.
    let json = reqwest::get(elders.url("/feed.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    site.page("/feed.json", json);
    let server_feed = elders.url("/feed.json");
    let from_server = site.page(
        "/from-server",
        host_file(
            "feed-from.html",
            &[("elders", &elders.base), ("feed", &server_feed)],
        ),
    );
    let from_file = site.page(
        "/from-file",
        host_file(
            "feed-from.html",
            &[("elders", &elders.base), ("feed", "/feed.json")],
        ),
    );

    let (packed, reader) = cards_and_reader(&from_server).await;
    assert!(!reader, "a pack needs no reader");
    assert!(packed.len() >= 3, "{packed:?}");
    let (read, reader) = cards_and_reader(&from_file).await;
    assert!(reader, "the JSON is read by the reader module");
    assert_eq!(read, packed, "the same cards either way");
}
