//! Feeds that are not Elders feeds, as publishers already publish them: an ordinary JSON
//! Feed of an innovation blog (no `summary`, HTML content), an RSS 2.0 feed and an Atom
//! feed, served over HTTP to `elders serve --feed URL`, show as cards in the widget in
//! headless Chromium, with their organisation from the feed's author or
//! `--feed-organisation`, and with none of their HTML reaching the page as markup (no
//! script runs, no element of theirs appears). Run by `cargo xtask test`.

mod support;

use serde_json::{json, Value};
use support::{assert_accessible, browser, host_page, wait_for, EldersServer, HostSite, SHADOW};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        support::repo_root()
            .join("tests/fixtures/other-feeds")
            .join(name),
    )
    .unwrap()
}

#[tokio::test]
async fn a_blog_json_feed_rss_and_atom_show_as_cards_without_their_html() {
    let publisher = HostSite::start(vec![]);
    let blog = publisher.file("/blog.json", "200 OK", fixture("blog.json"));
    let rss = publisher.file("/nieuws.rss", "200 OK", fixture("nieuws.rss"));
    let atom = publisher.file("/lab.atom", "200 OK", fixture("lab.atom"));
    let site = HostSite::start(vec![]);
    let uwv = format!("{rss}=UWV,https://identifier.overheid.nl/tooi/id/zbo/zb000144");
    let elders = EldersServer::start(&[
        "--allow-origin",
        &site.base,
        "--feed",
        &blog,
        "--feed",
        &rss,
        "--feed",
        &atom,
        "--feed-organisation",
        &uwv,
    ]);

    // The merged feed has them, with summaries made from their content and organisations.
    let merged: Value = reqwest::get(elders.url("/feed.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = merged["items"].as_array().unwrap();
    let by_url = |url: &str| {
        items
            .iter()
            .find(|i| i["url"] == url)
            .cloned()
            .unwrap_or_default()
    };
    let terugbellen = by_url("https://uwv.example/lab/terugbellen");
    assert_eq!(
        terugbellen["summary"],
        "Wie langer dan vijf minuten wacht, wordt teruggebeld."
    );
    assert_eq!(terugbellen["_elders"]["organisation"]["name"], "UWV");
    let wachtrij = by_url("https://duo.example/innovatie/wachtrijmuziek");
    assert_eq!(
        wachtrij["_elders"]["organisation"]["name"],
        "Innovatielab DUO"
    );
    assert!(
        wachtrij.get("content_html").is_none(),
        "no HTML is passed on"
    );
    let stilte = by_url("https://belastingdienst.example/lab/stilte");
    assert_eq!(stilte["title"], "Stilte als wachtrijmuziek");
    let sources: Value = reqwest::get(elders.url("/api/sources"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let counts: Vec<&Value> = sources["sources"].as_array().unwrap()[1..]
        .iter()
        .map(|s| &s["items"])
        .collect();
    assert_eq!(counts, [&json!(2), &json!(1), &json!(1)], "{sources}");

    let page = site.page("/page", host_page(&elders, "", "wachtrijmuziek"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    let titles = wait_for(
        &client,
        "the cards",
        &format!(
            "const cards = [...({SHADOW}?.querySelectorAll('[part=card]') ?? [])];
             return cards.length >= 4 ? cards.map(c => c.querySelector('h2, h3, h4, h5, h6')?.innerText ?? c.innerText) : null;"
        ),
    )
    .await;
    let titles = titles.to_string();
    for title in [
        "Wachtrijmuziek vervangen door uitleg",
        "Terugbellen in plaats van wachtrijmuziek",
        "Stilte als wachtrijmuziek",
        "Een bericht zonder titel over wachtrijmuziek en terugbellen.",
    ] {
        assert!(titles.contains(title), "{title} in {titles}");
    }
    let found = client
        .execute(
            &format!(
                "const root = {SHADOW};
                 return {{
                   title: document.title,
                   foreign: root.querySelectorAll('script, img, iframe').length
                     + [...root.querySelectorAll('b, em, strong, i')]
                         .filter(e => ['wachtrij', 'teruggebeld', 'stilte', 'als'].includes(e.textContent.trim())).length,
                   text: root.textContent.includes('teruggebeld') && root.textContent.includes('uitleg over hun studiefinanciering'),
                 }};"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(found["title"], json!("gehackt"), "no script of a feed ran");
    assert_eq!(
        found["foreign"],
        json!(0),
        "no element of a feed's HTML: {found}"
    );
    assert_eq!(found["text"], json!(true), "{found}");
    assert_accessible(&client, "cards from other feeds").await;
    client.close().await.unwrap();
}
