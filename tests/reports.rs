//! Reporting ("Melden") as readers and moderators meet it, in headless Chromium against
//! the real server: a reader reports an answer with the mouse and a question with the
//! keyboard alone, from the questions panel of the widget on an intranet page; both land
//! in the desk's reported queue with their reasons, while they stay public; axe-core finds
//! nothing in the widget's report panel or on the queue's page. Run by `cargo xtask test`.

mod support;

use fantoccini::Client;
use serde_json::json;
use support::{
    ask_elsewhere, assert_accessible, assert_page_accessible, browser, click_in_widget, elders_cli,
    host_page, press, wait_for, EldersServer, HostSite, ENTER, SHADOW, TAB,
};

/// Opens the questions panel with its button and waits for its questions.
async fn open_questions(client: &Client) {
    let script = format!(
        "const b = {SHADOW}?.querySelector('[part=open-questions-toggle]');
         if (b && b.getAttribute('aria-expanded') === 'false') b.click();
         return !!{SHADOW}?.querySelector('#elders-questions-panel [part=answer] [part=report]');"
    );
    wait_for(client, "the questions panel with an answer", &script).await;
}

/// The text of the report panel's status line under `item` (a question's or an answer's
/// id), once it says something.
async fn said_under(client: &Client, item: &str) -> String {
    let script = format!(
        "return {SHADOW}.querySelector('#elders-{item}-report [role=status]')?.innerText || null;"
    );
    wait_for(client, "the report's confirmation", &script)
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// The text of the element that has the focus in the widget.
async fn focused_text(client: &Client) -> String {
    client
        .execute(
            &format!("return {SHADOW}.activeElement?.innerText ?? '';"),
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn a_report_from_the_widget_lands_in_the_reported_queue() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let question = ask_elsewhere(&elders, "report-question").await;
    let answered: serde_json::Value = reqwest::Client::new()
        .post(elders.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", "report-answer")
        .json(&json!({"answer": "Bel Piet de Vries op 06-12345678, die weet het."}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let answer = answered["id"].as_str().unwrap().to_string();

    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_questions(&client).await;

    // The answer, with the mouse: "Melden", then the reason, which sends it.
    let button = format!("[aria-controls=elders-{answer}-report]");
    click_in_widget(&client, &button).await;
    let expanded = client
        .execute(
            &format!("return {SHADOW}.querySelector('{button}').getAttribute('aria-expanded');"),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(expanded, json!("true"));
    assert_accessible(&client, "the report panel open").await;
    let reasons = client
        .execute(
            &format!(
                "return [...{SHADOW}.querySelectorAll('#elders-{answer}-report [role=group] button')]
                    .map(b => b.innerText);"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        reasons,
        json!([
            "Spam of reclame",
            "Persoonsgegevens",
            "Kwetsend of ongepast",
            "Onjuist of verouderd",
            "Iets anders"
        ])
    );
    click_in_widget(
        &client,
        &format!("#elders-{answer}-report [role=group] button:nth-of-type(2)"),
    )
    .await;
    assert_eq!(
        said_under(&client, &answer).await,
        "Bedankt. Een moderator kijkt ernaar."
    );

    // The question, with the keyboard alone: its "Melden", Enter, Tab to the third
    // reason, Enter.
    client
        .execute(
            &format!("{SHADOW}.querySelector('[aria-controls=elders-{question}-report]').focus();"),
            vec![],
        )
        .await
        .unwrap();
    assert!(focused_text(&client).await.contains("Melden"));
    press(&client, ENTER).await;
    for _ in 0..3 {
        press(&client, TAB).await;
    }
    assert!(focused_text(&client).await.contains("Kwetsend of ongepast"));
    press(&client, ENTER).await;
    assert_eq!(
        said_under(&client, &question).await,
        "Bedankt. Een moderator kijkt ernaar."
    );
    assert_accessible(&client, "two reports sent").await;

    // Both are in the reported queue, with their reasons, and still public.
    let one: serde_json::Value = reqwest::get(elders.url(&format!("/api/questions/{question}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        one["_elders_question"]["answers"].as_array().unwrap().len(),
        1
    );
    let link = elders_cli(&elders, &["moderators", "add", "Ans"])
        .trim()
        .to_string();
    let desk = browser().await;
    desk.goto(&elders.url(&link)).await.unwrap();
    desk.execute("document.querySelector('form button').click();", vec![])
        .await
        .unwrap();
    wait_for(
        &desk,
        "the questions queue",
        "return document.querySelector('h1')?.innerText.startsWith('Vragen');",
    )
    .await;
    desk.goto(&elders.url("/admin/reported")).await.unwrap();
    let queue = wait_for(
        &desk,
        "the reported queue",
        "return document.querySelector('h1')?.innerText.startsWith('Gemelde vragen en antwoorden (2)') ? document.body.innerText + [...document.querySelectorAll('textarea')].map(t => t.value).join('\\n') : null;",
    )
    .await;
    let queue = queue.as_str().unwrap();
    assert!(queue.contains("Bel Piet de Vries"), "{queue}");
    assert!(queue.contains("1: persoonsgegevens (1)"), "{queue}");
    assert!(queue.contains("1: kwetsend of ongepast (1)"), "{queue}");
    assert_page_accessible(&desk, "the reported queue").await;
    desk.close().await.unwrap();
    client.close().await.unwrap();
}
