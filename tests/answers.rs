//! Answers as people meet them, in real headless Chromium against the real server: a
//! colleague answers a question in the widget on another organisation's page, the answer
//! shows under the question wherever the question shows, moderation holds it back until a
//! moderator approves it, an answer typed during an outage arrives exactly once, and the
//! question form says when a question looks answered already. Run by `cargo xtask test`.

mod support;

use std::time::Duration;

use fantoccini::Client;
use serde_json::{json, Value};
use support::{
    ask_elsewhere, assert_accessible, browser, click_in_widget, elders_cli, focused, host_file,
    host_page, press, type_in_widget, wait_for, EldersServer, HostSite, ENTER, QUESTION, SHADOW,
    TAB,
};

/// Answers the question `id` through the API, as a colleague elsewhere did.
async fn answer_elsewhere(elders: &EldersServer, id: &str, key: &str) {
    let answered = reqwest::Client::new()
        .post(elders.url(&format!("/api/questions/{id}/answers")))
        .header("idempotency-key", key)
        .json(&json!({"answer": "Ja: de SVB belt al een jaar met een voicebot."}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 201);
}

/// Waits until the cards module has chosen the page's questions: their button shows.
async fn questions_button(client: &Client) {
    wait_for(
        client,
        "the questions button",
        &format!("return {SHADOW}?.querySelector('[part=open-questions-toggle]')?.innerText;"),
    )
    .await;
}

/// A host page on its own site about "spraaktechnologie", at `path`, with a question on
/// it asked elsewhere (idempotency key `key`): the site, the server, the question's id and
/// the page's URL.
async fn page_with_a_question(key: &str, path: &str) -> (HostSite, EldersServer, String, String) {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, key).await;
    let page = site.page(path, host_page(&elders, "", "spraaktechnologie"));
    (site, elders, id, page)
}

/// Opens the question form once the page's questions are loaded (their button shows), as
/// a reader who starts typing a while after the page opened.
async fn open_question_form(client: &Client) {
    questions_button(client).await;
    let open = format!(
        "const b = {SHADOW}.querySelector('#elders-ask-toggle');
         if (b.getAttribute('aria-expanded') === 'false') b.click();
         return !!{SHADOW}.querySelector('#elders-question');"
    );
    wait_for(client, "the question form", &open).await;
}

/// The published answers of a question, through the public API.
async fn published_answers(elders: &EldersServer, question: &str) -> Vec<Value> {
    let one: Value = reqwest::get(elders.url(&format!("/api/questions/{question}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    one["_elders_question"]["answers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Opens the questions panel with its button, as a reader does, and waits for the
/// questions: they are shown by the forms' module, loaded when the panel first opens.
async fn open_questions(client: &Client) -> String {
    let script = format!(
        "const b = {SHADOW}?.querySelector('[part=open-questions-toggle]');
         if (b && b.getAttribute('aria-expanded') === 'false') b.click();
         const p = {SHADOW}?.querySelector('#elders-questions-panel');
         return b?.getAttribute('aria-expanded') === 'true'
           && p?.querySelector('[part=open-question]') ? p.innerText : null;"
    );
    wait_for(client, "the questions panel", &script)
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// Opens the answer form under the question `id` and fills and sends it.
async fn answer(client: &Client, id: &str, text: &str, name: Option<(&str, &str)>) {
    let toggle = format!(
        "const b = [...{SHADOW}.querySelectorAll('[part=answer-toggle]')]
            .find(b => b.getAttribute('aria-controls') === 'elders-{id}-answer-panel');
         if (b.getAttribute('aria-expanded') === 'false') b.click();
         return !!{SHADOW}.querySelector('#elders-{id}-answer');"
    );
    wait_for(client, "the answer form", &toggle).await;
    let field = |name: &str| format!("#elders-{id}-{name}");
    type_in_widget(client, &field("answer"), text).await;
    type_in_widget(client, &field("url"), "https://svb.example/voicebot").await;
    if let Some((name, organisation)) = name {
        type_in_widget(client, &field("name"), name).await;
        type_in_widget(client, &field("organisation"), organisation).await;
        click_in_widget(client, &field("public-name")).await;
    }
    click_in_widget(client, "[part=answer-form] button[type=submit]").await;
}

async fn answer_sent(client: &Client) -> String {
    let script = format!(
        "return {SHADOW}.querySelector('[part=answer-form] .elders-message--success')?.innerText;"
    );
    wait_for(client, "the answer's confirmation", &script)
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// The text of the answers shown in the questions panel.
async fn shown_answers(client: &Client) -> Value {
    client
        .execute(
            &format!(
                "return [...{SHADOW}.querySelectorAll('[part=answer]')].map(a => a.innerText);"
            ),
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn an_answer_given_under_a_strict_csp_shows_under_the_question_on_another_page() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, "strict-csp-question").await;
    // The policy from the README for a page on another host than Elders.
    let policy = format!(
        "default-src 'none'; script-src 'self' {e} 'wasm-unsafe-eval'; style-src 'self'; \
         connect-src {e}; img-src 'self'; base-uri 'none'; form-action 'none'",
        e = elders.base
    );
    site.set_headers(vec![("Content-Security-Policy", &policy)]);
    site.page("/probe.js", host_file("csp-violations.js", &[]));
    let page = site.page(
        "/strict",
        host_page(
            &elders,
            r#"<script src="/probe.js"></script>"#,
            "spraaktechnologie",
        ),
    );
    let client = browser().await;
    client.goto(&page).await.unwrap();
    let panel = open_questions(&client).await;
    assert!(panel.contains("Open vragen elders"), "{panel}");
    assert!(panel.contains(QUESTION), "{panel}");
    assert_accessible(&client, "the questions panel").await;

    answer(
        &client,
        &id,
        "Ja: de SVB belt al een jaar met een voicebot.\nBel het spraaklab voor de handreiking.",
        Some(("Sam de Vries", "Sociale Verzekeringsbank")),
    )
    .await;
    let sent = answer_sent(&client).await;
    assert!(sent.contains("Het staat nu bij de vraag"), "{sent}");
    assert_accessible(&client, "a sent answer").await;
    let here = shown_answers(&client).await;
    assert!(
        here.to_string().contains("de SVB belt al een jaar"),
        "shown under the question at once: {here}"
    );
    let violations = client
        .execute("return window.__violations", vec![])
        .await
        .unwrap();
    assert_eq!(violations, json!([]), "no CSP violations");
    client.close().await.unwrap();

    let stored = published_answers(&elders, &id).await;
    assert_eq!(stored.len(), 1, "stored once: {stored:?}");
    assert_eq!(stored[0]["name"], "Sam de Vries", "published with consent");
    assert_eq!(stored[0]["url"], "https://svb.example/voicebot");

    // Another organisation's page on a related topic: the question is answered now.
    let other = site.page(
        "/other",
        host_page(&elders, "", "spraakherkenning, telefonie"),
    );
    let client = browser().await;
    client.goto(&other).await.unwrap();
    let panel = open_questions(&client).await;
    assert!(panel.contains("Al beantwoord elders"), "{panel}");
    let shown = shown_answers(&client).await;
    let shown = shown[0].as_str().unwrap();
    assert!(shown.contains("Bel het spraaklab"), "{shown}");
    assert!(
        shown.contains("Beantwoord door: Sam de Vries, Sociale Verzekeringsbank"),
        "{shown}"
    );
    assert_accessible(&client, "an answered question").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn with_moderation_an_answer_shows_only_after_it_is_approved_and_the_accepted_one_is_marked()
{
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, "moderated-question").await;
    elders_cli(&elders, &["questions", "approve", &id]);
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_questions(&client).await;
    // Too short: the form says so, in its error summary and at the field.
    answer(&client, &id, "Ja.", None).await;
    let summary = wait_for(
        &client,
        "the answer form's error summary",
        &format!(
            "return {SHADOW}.querySelector('[part=answer-form] .elders-error-summary')?.innerText;"
        ),
    )
    .await;
    assert!(
        summary.as_str().unwrap().contains("Er is een probleem"),
        "{summary}"
    );
    let focused = client
        .execute(
            &format!("return {SHADOW}.activeElement?.className;"),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(focused, "elders-error-summary", "the summary takes focus");
    assert_accessible(&client, "answer form errors").await;
    client
        .execute(
            &format!(
                "const t = {SHADOW}.querySelector('#elders-{id}-answer'); t.value = '';
                 t.dispatchEvent(new Event('input', {{ bubbles: true }}));
                 const u = {SHADOW}.querySelector('#elders-{id}-url'); u.value = '';
                 u.dispatchEvent(new Event('input', {{ bubbles: true }}));"
            ),
            vec![],
        )
        .await
        .unwrap();
    answer(
        &client,
        &id,
        "Bij het UWV draait een proef met spraakherkenning aan de telefoon.",
        None,
    )
    .await;
    let sent = answer_sent(&client).await;
    assert!(sent.contains("Een moderator bekijkt het eerst"), "{sent}");
    assert_eq!(shown_answers(&client).await, json!([]), "not shown yet");
    assert!(published_answers(&elders, &id).await.is_empty());

    let listed = elders_cli(&elders, &["answers", "list"]);
    let answer_id = listed.split_whitespace().next().unwrap().to_string();
    elders_cli(&elders, &["answers", "approve", &answer_id]);
    elders_cli(&elders, &["answers", "accept", &answer_id]);
    client.refresh().await.unwrap();
    open_questions(&client).await;
    let shown = shown_answers(&client).await;
    let shown = shown[0].as_str().unwrap();
    assert!(shown.contains("Dit hielp de vraagsteller"), "{shown}");
    assert!(shown.contains("proef met spraakherkenning"), "{shown}");
    assert!(
        !shown.contains("Beantwoord door"),
        "no name without consent: {shown}"
    );
    assert_accessible(&client, "an accepted answer").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_answer_typed_while_the_server_is_down_arrives_exactly_once() {
    let site = HostSite::start(vec![]);
    let mut elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, "outage-question").await;
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    // The reader opens the panel, which loads its module, before the server goes away.
    open_questions(&client).await;

    elders.stop();
    answer(
        &client,
        &id,
        "Blijft mijn antwoord bewaard als de Elders-server even weg is?",
        None,
    )
    .await;
    let queued = format!(
        "return {SHADOW}.querySelector('[part=answer-form] .elders-queue .elders-message--warning')?.innerText;"
    );
    let waiting = wait_for(&client, "the 'not sent yet' message", &queued).await;
    assert!(
        waiting
            .as_str()
            .unwrap()
            .contains("Je antwoord is nog niet verstuurd"),
        "{waiting}"
    );
    assert_accessible(&client, "a queued answer").await;
    // Closed and opened again while it waits: it is still sent, once.
    for _ in 0..2 {
        click_in_widget(&client, &format!("#elders-{id}-answer-toggle")).await;
    }

    elders.restart();
    let sent = answer_sent(&client).await;
    assert!(sent.contains("Bedankt"), "{sent}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        published_answers(&elders, &id).await.len(),
        1,
        "stored exactly once"
    );
    let left = client
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('elders-answer:')).length;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(left, 0, "the draft is cleared once the server confirmed it");
    client.close().await.unwrap();
}

/// The suggestions shown under the question being typed, once typing has paused.
async fn suggestions(client: &Client) -> Value {
    client
        .execute(
            &format!(
                "return [...{SHADOW}.querySelectorAll('[part=suggestion]')]
                   .map(s => [s.innerText, s.querySelector('a').getAttribute('href')]);"
            ),
            vec![],
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn the_form_suggests_an_answered_question_that_matches_and_nothing_for_an_unrelated_one() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, "answered-before").await;
    answer_elsewhere(&elders, &id, "the-answer").await;

    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_question_form(&client).await;
    type_in_widget(
        &client,
        "#elders-question",
        "Wie heeft ervaring met een voicebot voor telefoonvragen?",
    )
    .await;
    let shown = wait_for(
        &client,
        "a suggestion",
        &format!(
            "const s = [...{SHADOW}.querySelectorAll('[part=suggestion]')];
             return s.length ? s.map(s => s.innerText).join('\\n') : null;"
        ),
    )
    .await;
    assert!(shown.as_str().unwrap().contains(QUESTION), "{shown}");
    let first = suggestions(&client).await;
    assert!(
        first[0][1]
            .as_str()
            .unwrap()
            .ends_with(&format!("/questions/{id}")),
        "links to the question's page: {first}"
    );
    let heading = client
        .execute(
            &format!(
                "return {SHADOW}.querySelector('.elders-suggestions [role=status]').innerText;"
            ),
            vec![],
        )
        .await
        .unwrap();
    assert!(
        heading
            .as_str()
            .unwrap()
            .contains("Misschien is dit al beantwoord"),
        "{heading}"
    );
    assert_accessible(&client, "suggestions while asking").await;

    // The question cleared (as selecting all and deleting would), and another typed.
    client
        .execute(
            &format!(
                "const t = {SHADOW}.querySelector('#elders-question'); t.value = '';
                 t.dispatchEvent(new Event('input', {{ bubbles: true }}));"
            ),
            vec![],
        )
        .await
        .unwrap();
    type_in_widget(
        &client,
        "#elders-question",
        "Hoe vraag ik een parkeervergunning aan voor de garage onder kantoor?",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        suggestions(&client).await,
        json!([]),
        "nothing is suggested for an unrelated question"
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn an_answer_being_written_survives_a_reload_and_its_form_opens_again() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, "draft-question").await;
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_questions(&client).await;
    let toggle = format!(
        "const b = {SHADOW}.querySelector('[part=answer-toggle]');
         if (b.getAttribute('aria-expanded') === 'false') b.click();
         return !!{SHADOW}.querySelector('#elders-{id}-answer');"
    );
    wait_for(&client, "the answer form", &toggle).await;
    type_in_widget(
        &client,
        &format!("#elders-{id}-answer"),
        "Het spraaklab van de SVB heeft dit gedaan.",
    )
    .await;

    // The reader reloads: the panel and the answer's form open by themselves, with the
    // text, without the reader asking.
    client.refresh().await.unwrap();
    let restored = wait_for(
        &client,
        "the restored answer",
        &format!(
            "const a = {SHADOW}?.querySelector('#elders-{id}-answer');
             return a && a.value && a.checkVisibility() ? a.value : null;"
        ),
    )
    .await;
    assert_eq!(restored, "Het spraaklab van de SVB heeft dit gedaan.");
    client.close().await.unwrap();
}

#[tokio::test]
async fn following_a_suggestion_and_coming_back_keeps_the_question() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--moderation", "off", "--allow-origin", &site.base]);
    let id = ask_elsewhere(&elders, "followed").await;
    answer_elsewhere(&elders, &id, "followed-answer").await;
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let client = browser().await;
    client.goto(&page).await.unwrap();
    open_question_form(&client).await;
    let question = "Wie heeft ervaring met een voicebot voor telefoonvragen?";
    type_in_widget(&client, "#elders-question", question).await;
    wait_for(
        &client,
        "a suggestion",
        &format!("return {SHADOW}.querySelector('[part=suggestion] a') ? true : null;"),
    )
    .await;
    click_in_widget(&client, "[part=suggestion] a").await;
    wait_for(
        &client,
        "the answered question's page",
        "return location.pathname.startsWith('/questions/') ? true : null;",
    )
    .await;
    client.back().await.unwrap();
    let kept = wait_for(
        &client,
        "the question, kept",
        &format!(
            "const q = {SHADOW}?.querySelector('#elders-question');
             return q && q.value ? q.value : null;"
        ),
    )
    .await;
    assert_eq!(kept, question);
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_question_can_be_answered_with_the_keyboard_alone() {
    let (_site, elders, id, page) = page_with_a_question("keyboard-question", "/page").await;
    let client = browser().await;
    client.goto(&page).await.unwrap();
    questions_button(&client).await;
    // Tab from the top of the page to the answer's field, opening the questions and the
    // answer form with Enter on their buttons on the way.
    let field = format!("widget>elders-{id}-answer");
    let mut steps = 0;
    while focused(&client).await != field {
        let at = focused(&client).await;
        if at == "widget>elders-questions-toggle"
            || at == format!("widget>elders-{id}-answer-toggle")
        {
            press(&client, ENTER).await;
            // The panel's module or the form arrives: wait for what comes next to exist.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
        press(&client, TAB).await;
        steps += 1;
        assert!(
            steps < 120,
            "the answer field is not reachable with Tab (at {})",
            focused(&client).await
        );
    }
    press(
        &client,
        "Het spraaklab van de SVB belt al een jaar met een voicebot.",
    )
    .await;
    for expected in ["url", "name", "organisation", "public-name", "email"] {
        press(&client, TAB).await;
        assert_eq!(
            focused(&client).await,
            format!("widget>elders-{id}-{expected}"),
            "tab order"
        );
    }
    press(&client, TAB).await;
    press(&client, ENTER).await;
    let sent = answer_sent(&client).await;
    assert!(sent.contains("Bedankt"), "{sent}");
    assert_eq!(published_answers(&elders, &id).await.len(), 1);
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_questions_panel_says_when_its_questions_cannot_be_had_and_tries_again() {
    let (_site, _elders, _, page) = page_with_a_question("panel-retry-question", "/retry").await;
    let client = browser().await;
    client.goto(&page).await.unwrap();
    // The cards module has chosen the page's question from the questions' pack.
    questions_button(&client).await;
    // Then the questions API stops answering, before the reader opens the panel, which
    // fetches the questions with their answers only then.
    support::cdp(&client, "Network.enable", json!({})).await;
    support::cdp(
        &client,
        "Network.setBlockedURLs",
        json!({ "urls": ["*/api/questions*"] }),
    )
    .await;
    let failed = format!(
        "const b = {SHADOW}.querySelector('[part=open-questions-toggle]');
         if (b.getAttribute('aria-expanded') === 'false') b.click();
         const p = {SHADOW}.querySelector('#elders-questions-panel');
         const error = p.querySelector('.elders-message--error');
         return error && p.querySelector('[role=status] button') ? error.innerText : null;"
    );
    let said = wait_for(&client, "the panel's failure", &failed).await;
    assert!(
        said.as_str()
            .unwrap()
            .contains("Dit kon niet worden geladen"),
        "{said}"
    );
    assert_accessible(&client, "a questions panel that could not load").await;

    support::cdp(&client, "Network.setBlockedURLs", json!({ "urls": [] })).await;
    click_in_widget(&client, "#elders-questions-panel [role=status] button").await;
    let shown = format!(
        "const p = {SHADOW}.querySelector('#elders-questions-panel');
         return p.querySelector('[part=open-question]') && !p.querySelector('.elders-message--error')
           ? p.innerText : null;"
    );
    let panel = wait_for(&client, "the questions after trying again", &shown).await;
    assert!(panel.as_str().unwrap().contains(QUESTION), "{panel}");
    client.close().await.unwrap();
}
