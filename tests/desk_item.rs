//! One question's page on the moderators' desk (`/admin/questions/{id}`,
//! `docs/architecture.md` §9) in headless Chromium against the real server, with the
//! keyboard alone: signing in with a personal link, opening a question from the queue,
//! answering it as the community, marking a colleague's answer on another question as the
//! accepted one, marking the first question as a duplicate of the other and seeing its
//! public page point to the original; axe-core clean on the page, and usable at 320 px.
//! Run by `cargo xtask test`.

mod support;

use fantoccini::Client;
use serde_json::{json, Value};
use support::desk::{ask, tab_to, text};
use support::{
    assert_page_accessible, browser, elders_cli, press, wait_for, EldersServer, ENTER, SPACE,
};

/// Waits for the confirmation `done` after a form was sent.
async fn confirmed(client: &Client, done: &str) {
    wait_for(
        client,
        done,
        &format!(
            "return document.querySelector('[role=status]')?.innerText.includes({});",
            json!(done)
        ),
    )
    .await;
}

/// Fails when the page scrolls sideways.
async fn fits(client: &Client, what: &str) {
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "{what} scrolls sideways: {overflow}"
    );
}

#[tokio::test]
async fn a_moderator_answers_accepts_and_marks_a_duplicate_on_a_questions_page() {
    let elders = EldersServer::start(&[]);
    let original = ask(
        &elders,
        "item-original",
        "Heeft iemand een voicebot gebouwd voor telefoonvragen over toeslagen?",
    )
    .await;
    elders_cli(&elders, &["questions", "approve", &original]);
    let answered: Value = reqwest::Client::new()
        .post(elders.url(&format!("/api/questions/{original}/answers")))
        .header("idempotency-key", "item-answer")
        .json(&json!({"answer": "De SVB belt al met een voicebot; vraag naar hun lab."}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let colleague = answered["id"].as_str().unwrap().to_string();
    elders_cli(&elders, &["answers", "approve", &colleague]);
    let again = ask(
        &elders,
        "item-again",
        "Wie heeft er al een voicebot voor vragen over toeslagen aan de telefoon?",
    )
    .await;
    let link = elders_cli(&elders, &["moderators", "add", "Ans"])
        .trim()
        .to_string();

    let client = browser().await;
    client.set_window_size(320, 900).await.unwrap();
    client.goto(&elders.url(&link)).await.unwrap();
    tab_to(&client, "Inloggen", None).await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the questions queue",
        "return document.querySelector('h1')?.innerText.startsWith('Vragen (1)');",
    )
    .await;

    // From the queue to the question's page.
    tab_to(
        &client,
        "Open de vraag",
        Some("Wie heeft er al een voicebot"),
    )
    .await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the question's page",
        "return document.querySelector('h1')?.innerText.startsWith('Vraag: Wie heeft');",
    )
    .await;
    let shown = text(&client).await;
    for context in [
        "wacht op een moderator",
        "spraaktechnologie",
        "Dienst Toeslagen",
    ] {
        assert!(shown.contains(context), "{context} in {shown}");
    }
    assert_page_accessible(&client, "a question's page").await;
    fits(&client, "a question's page at 320 px").await;

    // Answer as the community.
    tab_to(&client, "Antwoord", None).await;
    press(
        &client,
        "Vraag het lab van de SVB: die belt al met een voicebot.",
    )
    .await;
    tab_to(&client, "Publiceren als de community", None).await;
    press(&client, ENTER).await;
    confirmed(&client, "1 item beantwoord.").await;
    let public: Value = reqwest::get(elders.url(&format!("/api/questions/{again}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        public["_elders_question"]["answer"],
        "Vraag het lab van de SVB: die belt al met een voicebot."
    );
    assert!(text(&client).await.contains("beantwoord"), "in the log");

    // The other question, from the log: mark the colleague's answer as the accepted one.
    client.goto(&elders.url("/admin/log")).await.unwrap();
    tab_to(&client, &format!("Vragen {original}"), None).await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the original's page",
        "return document.querySelector('h1')?.innerText.startsWith('Vraag: Heeft iemand');",
    )
    .await;
    tab_to(
        &client,
        "Markeren als geaccepteerd antwoord",
        Some("De SVB belt al"),
    )
    .await;
    press(&client, ENTER).await;
    confirmed(&client, "1 item als behulpzaam gemarkeerd.").await;
    assert!(text(&client)
        .await
        .contains("Geaccepteerd: dit hielp de vraagsteller"));
    assert_page_accessible(&client, "a question's page with an accepted answer").await;

    // Back to the first: mark it as asked before, choosing the original from the list.
    client
        .goto(&elders.url(&format!("/admin/questions/{again}")))
        .await
        .unwrap();
    tab_to(
        &client,
        "Heeft iemand een voicebot gebouwd voor telefoonvragen over toeslagen?",
        None,
    )
    .await;
    press(&client, SPACE).await;
    tab_to(&client, "Markeren als dubbel", None).await;
    press(&client, ENTER).await;
    confirmed(&client, "1 item als dubbel gemarkeerd.").await;
    let shown = text(&client).await;
    assert!(
        shown.contains("Deze vraag is gemarkeerd als dubbel van:"),
        "{shown}"
    );
    assert_page_accessible(&client, "a duplicate's page").await;
    fits(&client, "a duplicate's page at 320 px").await;

    // Its public page points to the original, with the original's answers.
    client
        .goto(&elders.url(&format!("/questions/{again}")))
        .await
        .unwrap();
    let shown = text(&client).await;
    // In the browser's language: Chromium asks for English.
    assert!(
        shown.contains("Eerder gesteld") || shown.contains("Asked before"),
        "{shown}"
    );
    assert!(shown.contains("De SVB belt al met een voicebot"), "{shown}");
    let href = client
        .execute(
            "return document.querySelector('.original a')?.getAttribute('href');",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(href, json!(format!("/questions/{original}")));
    assert_page_accessible(&client, "a duplicate's public page").await;
    let listed = elders.published_questions().await;
    assert!(
        listed.iter().all(|q| q["id"] != again.as_str()),
        "left the open questions"
    );
    client.close().await.unwrap();
}
