//! "Mail mij als er een antwoord is" in the question form, in real headless Chromium
//! against the real server: offered only when the server sends mail (`--smtp-url`, which
//! the questions list says with `_elders_mail`), kept apart from the consent that
//! colleagues may write, refused without an address next to the e-mail field, and stored
//! with the question and the widget's language. Run by `cargo xtask test`.

mod support;

use std::net::TcpListener;

use fantoccini::Client;
use serde_json::Value;
use support::{
    ask_elsewhere, assert_accessible, browser, click_in_widget, elders_cli, host_file, host_page,
    type_in_widget, wait_for, EldersServer, HostSite, SHADOW,
};

/// A published question on the page's topic, so that the test can tell when the widget
/// has read the questions list: its button shows.
async fn publish_a_question(elders: &EldersServer) -> String {
    let id = ask_elsewhere(elders, "asked-elsewhere").await;
    elders_cli(elders, &["questions", "approve", &id]);
    id
}

/// Opens the question form once the page's questions are read (their button shows), as a
/// reader who starts a while after the page opened.
async fn open_question_form(client: &Client) {
    wait_for(
        client,
        "the questions button",
        &format!("return {SHADOW}?.querySelector('[part=open-questions-toggle]')?.innerText;"),
    )
    .await;
    let open = format!(
        "const b = {SHADOW}.querySelector('#elders-ask-toggle');
         if (b.getAttribute('aria-expanded') === 'false') b.click();
         return !!{SHADOW}.querySelector('#elders-question');"
    );
    wait_for(client, "the question form", &open).await;
}

/// Keeps the body of every request the page sends with `fetch`, in `window.sentBodies`.
async fn record_sent_bodies(client: &Client) {
    client
        .execute(
            "window.sentBodies = [];
             const fetch = window.fetch;
             window.fetch = function (input, init) {
               if (input instanceof Request && input.method === 'POST') {
                 input.clone().text().then((body) => window.sentBodies.push(body));
               }
               return fetch.apply(this, arguments);
             };
             return true;",
            vec![],
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn the_question_form_offers_mail_about_answers_when_the_server_sends_mail() {
    // Nothing listens on this port: nothing is mailed unless a question the asker wants
    // mail about is published, and this one stays pending.
    let smtp = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let smtp_url = format!("smtp://127.0.0.1:{smtp}");
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&[
        "--moderation",
        "pre",
        "--allow-origin",
        &site.base,
        "--smtp-url",
        &smtp_url,
        "--mail-from",
        "elders@example.nl",
        "--public-url",
        "http://127.0.0.1",
    ]);
    let elsewhere = publish_a_question(&elders).await;
    let page = site.page(
        "/en",
        host_file("english-dark.html", &[("elders", &elders.base)]),
    );
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_question_form(&client).await;
    record_sent_bodies(&client).await;

    // The box is its own, after the e-mail field and before the consent to be written to,
    // described by its hint and the privacy notice.
    let shown = client
        .execute(
            &format!(
                "const r = {SHADOW}, box = r.querySelector('#elders-notify');
                 const ids = [...r.querySelectorAll('[part=question-form] input')].map(i => i.id);
                 return [r.querySelector('label[for=elders-notify]')?.innerText,
                         box.getAttribute('aria-describedby'),
                         r.querySelector('#elders-notify-hint')?.innerText,
                         box.checked,
                         ids.indexOf('elders-email') + 1 === ids.indexOf('elders-notify')
                           && ids.indexOf('elders-notify') + 1 === ids.indexOf('elders-consent-contact')];"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(shown[0], "E-mail me when there is an answer", "{shown}");
    assert_eq!(shown[1], "elders-notify-hint elders-privacy", "{shown}");
    assert!(
        shown[2].as_str().unwrap().contains("private link"),
        "{shown}"
    );
    assert_eq!(shown[3], false, "not ticked unless the reader ticks it");
    assert_eq!(shown[4], true, "next to the e-mail field: {shown}");

    // Ticked without an address: the error is the e-mail field's, and nothing is sent.
    type_in_widget(
        &client,
        "#elders-question",
        "Who has tried a voicebot for questions about benefits?",
    )
    .await;
    click_in_widget(&client, "#elders-notify").await;
    click_in_widget(&client, "button[type=submit]").await;
    let error = wait_for(
        &client,
        "the e-mail field's error",
        &format!("return {SHADOW}.querySelector('#elders-email-error')?.innerText;"),
    )
    .await;
    assert!(
        error.as_str().unwrap().contains("when an answer comes"),
        "{error}"
    );
    let state = client
        .execute(
            &format!(
                "const r = {SHADOW}, email = r.querySelector('#elders-email');
                 return [email.getAttribute('aria-invalid'), email.getAttribute('aria-describedby'),
                         r.querySelector('.elders-error-summary a')?.getAttribute('href'),
                         window.sentBodies.length];"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(state[0], "true");
    assert_eq!(state[1], "elders-email-error");
    assert_eq!(
        state[2], "#elders-email",
        "the summary links to the e-mail field"
    );
    assert_eq!(state[3], 0, "nothing was sent");
    assert_accessible(&client, "the mail box ticked without an address").await;

    // With an address it is sent, with the box and the widget's language.
    type_in_widget(&client, "#elders-email", "asker@example.nl").await;
    click_in_widget(&client, "button[type=submit]").await;
    wait_for(
        &client,
        "the confirmation",
        &format!("return {SHADOW}.querySelector('.elders-message--success')?.innerText;"),
    )
    .await;
    let sent = client
        .execute("return window.sentBodies;", vec![])
        .await
        .unwrap();
    let body: Value = serde_json::from_str(sent[0].as_str().unwrap()).unwrap();
    assert_eq!(
        (&body["notify"], &body["lang"], &body["consent_contact"]),
        (&Value::Bool(true), &Value::from("en"), &Value::Bool(false)),
        "{body}"
    );
    let pending = elders_cli(&elders, &["questions", "list", "--status", "pending"]);
    let id = pending
        .split_whitespace()
        .next()
        .expect("the question waits for a moderator");
    assert_ne!(id, elsewhere);
    let stored: Value =
        serde_json::from_str(&elders_cli(&elders, &["questions", "show", id])).unwrap();
    assert_eq!(
        (&stored["notify"], &stored["lang"], &stored["email"]),
        (
            &Value::Bool(true),
            &Value::from("en"),
            &Value::from("asker@example.nl")
        ),
        "{stored}"
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn without_mail_the_question_form_does_not_offer_it() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "pre", "--allow-origin", &site.base]);
    publish_a_question(&elders).await;
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_question_form(&client).await;
    let offered = client
        .execute(
            &format!(
                "const r = {SHADOW};
                 return [!!r.querySelector('#elders-notify'),
                         r.querySelector('[part=question-form]').innerText.includes('Mail mij als er een antwoord is'),
                         !!r.querySelector('#elders-consent-contact')];"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        offered,
        serde_json::json!([false, false, true]),
        "no mail box, the consent box as ever"
    );
    client.close().await.unwrap();
}
