//! The asker's private page (`/questions/{id}/manage`, `docs/architecture.md` §8) as the
//! asker meets it: from the link in a real mail (sent through postfix's `smtp-sink`), in
//! headless Chromium, with the keyboard alone and no JavaScript of its own. The answer
//! marked there as the one that helped shows so in the widget on another page; deleting
//! leaves a page that says so; every state is checked with axe-core. Run by
//! `cargo xtask test`.

mod support;

#[allow(dead_code)]
#[path = "../server/tests/support/mail_sink.rs"]
mod mail_sink;

use std::time::Duration;

use fantoccini::Client;
use mail_sink::MailSink;
use serde_json::{json, Value};
use support::{
    assert_page_accessible, browser, host_page, press, wait_for, EldersServer, HostSite, ENTER,
    QUESTION, SHADOW, SPACE, TAB,
};

const PUBLIC: &str = "https://elders.example";

/// Tabs through the page until `text` is the focused element's text; fails after 20 tabs.
async fn tab_to(client: &Client, text: &str) {
    for _ in 0..20 {
        press(client, TAB).await;
        let focused = client
            .execute(
                "const e = document.activeElement; \
                 return (e.innerText || e.labels?.[0]?.innerText || e.value || '').trim();",
                vec![],
            )
            .await
            .unwrap();
        if focused.as_str().is_some_and(|f| f.contains(text)) {
            return;
        }
    }
    panic!("{text:?} cannot be reached with Tab");
}

async fn page_text(client: &Client) -> String {
    client
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_asker_marks_the_answer_that_helped_and_deletes_everything_with_the_keyboard() {
    let sink = MailSink::start();
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&[
        "--allow-origin",
        &site.base,
        "--moderation",
        "off",
        "--smtp-url",
        &sink.url(),
        "--mail-from",
        "elders@example.nl",
        "--public-url",
        PUBLIC,
        "--mail-retry",
        "1",
    ]);
    let http = reqwest::Client::new();
    let asked: Value = http
        .post(elders.url("/api/questions"))
        .header("idempotency-key", "private-page-question")
        .json(&json!({
            "question": QUESTION,
            "topics": ["spraaktechnologie", "klantcontact"],
            "email": "vrager@toeslagen.example",
            "notify": true,
            "lang": "nl",
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = asked["id"].as_str().unwrap().to_string();
    let answered = http
        .post(elders.url(&format!("/api/questions/{id}/answers")))
        .header("idempotency-key", "private-page-answer")
        .json(&json!({"answer": "Ja: de SVB belt al een jaar met een voicebot."}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 201);
    let mails = sink.wait_for(2, Duration::from_secs(30)).await;
    let link = mails[1]
        .text
        .split_whitespace()
        .find(|w| w.contains("/manage?key="))
        .expect("the private link")
        .replace(PUBLIC, &elders.base);

    let client = browser().await;
    client.goto(&link).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("Je vraag staat online"), "{text}");
    assert!(text.contains("de SVB belt al een jaar"), "{text}");
    assert_page_accessible(&client, "the asker's page").await;

    // Keyboard only: to the answer's button, and press it.
    tab_to(&client, "Dit antwoord hielp mij").await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the confirmation",
        "return document.querySelector('[role=status]')?.innerText;",
    )
    .await;
    let text = page_text(&client).await;
    assert!(text.contains("Dank je"), "{text}");
    assert!(text.contains("Dit hielp je"), "{text}");
    assert_page_accessible(&client, "the answer that helped marked").await;

    // The widget on another organisation's page shows it as the answer that helped.
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let widget = browser().await;
    widget.goto(&page).await.unwrap();
    let script = format!(
        "const b = {SHADOW}?.querySelector('[part=open-questions-toggle]');
         if (b && b.getAttribute('aria-expanded') === 'false') b.click();
         return [...({SHADOW}?.querySelectorAll('[part=answer]') ?? [])].map(a => a.innerText).join('\\n');"
    );
    let shown = wait_for(&widget, "the answers in the widget", &script).await;
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains("Dit hielp de vraagsteller"),
        "{shown}"
    );
    widget.close().await.unwrap();

    // Delete: the box must be ticked first (Space), then the button.
    tab_to(&client, "Ja, verwijder alles").await;
    press(&client, SPACE).await;
    tab_to(&client, "Verwijder mijn vraag en gegevens").await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the deleted page",
        "return document.querySelector('h1')?.innerText === 'Verwijderd';",
    )
    .await;
    assert_page_accessible(&client, "the deleted page").await;
    client.goto(&link).await.unwrap();
    let text = page_text(&client).await;
    assert!(text.contains("Deze link werkt niet"), "{text}");
    let gone = http
        .get(elders.url(&format!("/api/questions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), 404);
    client.close().await.unwrap();
}
