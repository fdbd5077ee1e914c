//! `/embed` in a real browser: an intranet page on another origin, under a policy that
//! allows no script at all, shows the cards in an `<iframe>` when its origin is on the
//! `--allow-origin` list, with nothing running in the frame, no axe-core WCAG 2.1 AA
//! violation and no horizontal scrolling at 320 px; on an origin that is not on the list
//! the browser refuses the frame.

mod support;

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::Value;
use support::{assert_page_accessible, browser, host_file, wait_for, EldersServer, HostSite};

/// The host page's own policy: no script, frames only from Elders.
fn strict_policy(elders: &EldersServer) -> String {
    format!(
        "default-src 'none'; script-src 'none'; style-src 'none'; frame-src {}; \
         base-uri 'none'; form-action 'none'",
        elders.base
    )
}

/// Opens `embed-frame.html` on `site` with the frame `width` pixels wide.
async fn open_host_page(client: &Client, site: &HostSite, elders: &EldersServer, width: &str) {
    let page = site.page(
        "/intranet",
        host_file(
            "embed-frame.html",
            &[("elders", &elders.base), ("width", width)],
        ),
    );
    client.goto(&page).await.unwrap();
}

/// Runs `script` in the current frame; `Null` when the frame cannot run it (an error
/// page).
async fn in_frame(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap_or(Value::Null)
}

/// Switches the browser into the host page's `/embed` frame.
async fn enter_embed_frame(client: &Client) {
    client
        .find(Locator::Css("iframe#elders"))
        .await
        .unwrap()
        .enter_frame()
        .await
        .unwrap();
}

#[tokio::test]
async fn an_allowed_intranet_shows_the_cards_in_a_frame_without_any_script() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--allow-origin", &site.base]);
    site.set_headers(vec![("Content-Security-Policy", &strict_policy(&elders))]);
    let client = browser().await;
    open_host_page(&client, &site, &elders, "900").await;

    enter_embed_frame(&client).await;
    let cards = wait_for(
        &client,
        "the cards in the frame",
        "return document.querySelectorAll('.elders-card').length;",
    )
    .await;
    let cards = cards.as_u64().unwrap();
    assert!(
        (1..=4).contains(&cards),
        "limit=4 shows 1 to 4 cards: {cards}"
    );
    let facts = in_frame(
        &client,
        "const card = document.querySelector('.elders-card');
         const links = [...document.querySelectorAll('a[href]')];
         return {
           origin: location.origin,
           lang: document.documentElement.lang,
           title: document.title,
           scripts: document.scripts.length,
           border: getComputedStyle(card).borderTopStyle,
           reasons: document.querySelector('.elders-card__reasons').textContent,
           organisations: [...document.querySelectorAll('[part=card-organisation]')].map(e => e.textContent),
           notTop: links.filter(a => !a.href.startsWith('mailto:') && a.target !== '_top').map(a => a.href),
           ask: document.querySelector('a.elders-button').href,
         };",
    )
    .await;
    assert_eq!(
        facts["origin"],
        elders.base.as_str(),
        "the frame is Elders' page"
    );
    assert_eq!(facts["lang"], "nl");
    assert_eq!(
        facts["title"],
        "Verwant werk elders: spraaktechnologie, klantcontact – Elders"
    );
    assert_eq!(facts["scripts"], 0);
    assert_eq!(
        facts["border"], "solid",
        "the widget's stylesheet applies in the frame"
    );
    assert!(
        facts["reasons"]
            .as_str()
            .unwrap()
            .starts_with("Gedeelde onderwerpen: "),
        "{facts}"
    );
    assert!(
        !facts["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
        "the reader's own organisation is left out: {facts}"
    );
    assert_eq!(
        facts["notTop"],
        Value::Array(vec![]),
        "every link opens in the top window"
    );
    assert!(facts["ask"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{}/ask?topics=spraaktechnologie", elders.base)));

    // The frame's own policy stops any script, even one put into its page.
    let ran = in_frame(
        &client,
        "window.__ran = false;
         const s = document.createElement('script');
         s.textContent = 'window.__ran = true;';
         document.body.append(s);
         return new Promise(done => setTimeout(() => done(window.__ran), 200));",
    )
    .await;
    assert_eq!(ran, Value::Bool(false), "a script ran inside the frame");

    assert_page_accessible(&client, "/embed in a frame").await;

    // 320 px wide, the frame's text reflows: nothing to scroll sideways.
    client.enter_parent_frame().await.unwrap();
    open_host_page(&client, &site, &elders, "320").await;
    enter_embed_frame(&client).await;
    wait_for(
        &client,
        "the cards in a narrow frame",
        "return document.querySelectorAll('.elders-card').length;",
    )
    .await;
    let widths = in_frame(
        &client,
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];",
    )
    .await;
    assert!(
        widths[0].as_u64() <= widths[1].as_u64(),
        "horizontal scrolling at 320 px: {widths}"
    );
    assert_page_accessible(&client, "/embed in a 320 px frame").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_intranet_not_on_the_list_gets_no_cards_in_its_frame() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--allow-origin", "https://another-intranet.example"]);
    site.set_headers(vec![("Content-Security-Policy", &strict_policy(&elders))]);
    let client = browser().await;
    open_host_page(&client, &site, &elders, "900").await;
    // The page itself loads the frame; give the browser time to fetch and refuse it.
    wait_for(
        &client,
        "the host page",
        "return document.readyState === 'complete';",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    enter_embed_frame(&client).await;
    let seen = in_frame(
        &client,
        "return { cards: document.querySelectorAll('.elders-card').length, origin: location.origin };",
    )
    .await;
    assert_ne!(
        seen["origin"],
        elders.base.as_str(),
        "the frame holds the browser's error page, not Elders': {seen}"
    );
    assert!(
        seen.is_null() || seen["cards"] == 0,
        "no cards in a refused frame: {seen}"
    );
    client.close().await.unwrap();
}
