//! The moderators' desk as the browser tests drive it: a question asked through the API,
//! the page's text, and moving through a desk page with Tab alone.

use fantoccini::Client;
use serde_json::{json, Value};

use super::{press, EldersServer, TAB};

/// Asks `question` about speech technology from Dienst Toeslagen, with an address; its id.
pub async fn ask(elders: &EldersServer, key: &str, question: &str) -> String {
    let asked: Value = reqwest::Client::new()
        .post(elders.url("/api/questions"))
        .header("idempotency-key", key)
        .json(&json!({
            "question": question,
            "topics": ["spraaktechnologie"],
            "organisation": "Dienst Toeslagen",
            "email": "vrager@toeslagen.example",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    asked["id"].as_str().unwrap().to_string()
}

/// The text a reader sees on the page.
pub async fn text(client: &Client) -> String {
    client
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Tabs until the focused element's text, label or value is `label` (and, with `near`,
/// inside the item that holds `near`); fails after 80 tabs.
pub async fn tab_to(client: &Client, label: &str, near: Option<&str>) {
    for _ in 0..80 {
        press(client, TAB).await;
        let found = client
            .execute(
                "const [label, near] = arguments; const e = document.activeElement;
                 const own = (e.labels?.[0]?.innerText || e.innerText || '').trim();
                 const item = e.closest('.item') || e.closest('form');
                 return own === label && (!near || (item && item.textContent.includes(near)));",
                vec![json!(label), json!(near)],
            )
            .await
            .unwrap();
        if found == json!(true) {
            return;
        }
    }
    panic!("{label:?} cannot be reached with Tab");
}
