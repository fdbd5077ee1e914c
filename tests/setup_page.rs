//! The embed configurator (`/setup`) as an intranet admin uses it: topics chosen from the
//! suggestions with the keyboard, the preview (the real widget) following, and the script
//! tag it gives pasted into a fresh page on another origin, under the policy lines it
//! gives, rendering the same cards. axe-core clean with the preview rendered, usable at
//! 320 px. Run by `cargo xtask test`.

mod support;

use fantoccini::{Client, Locator};
use serde_json::Value;
use support::{
    assert_page_accessible, browser, host_file, press, wait_for, EldersServer, HostSite, ENTER, TAB,
};

const ARROW_DOWN: &str = "\u{E015}";

/// The card titles of the widget `widget` (a CSS selector) once it shows cards.
async fn card_titles(client: &Client, widget: &str) -> Vec<String> {
    let script = format!(
        "const r = document.querySelector({widget:?})?.shadowRoot;
         const t = r ? [...r.querySelectorAll('.elders-card .elders-card__title')]
                         .map(e => e.innerText.trim()) : [];
         return t.length ? t : null;"
    );
    let value = wait_for(client, &format!("cards in {widget}"), &script).await;
    serde_json::from_value(value).unwrap()
}

async fn js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

#[tokio::test]
async fn the_code_from_setup_renders_on_a_fresh_page_what_the_preview_showed() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--allow-origin", &site.base]);
    let client = browser().await;
    client.goto(&elders.url("/setup")).await.unwrap();
    // The default settings already have a preview.
    card_titles(&client, "#preview elders-widget").await;

    // Topics from the suggestions, with the keyboard only: part of a word, arrow down,
    // Enter.
    client
        .find(Locator::Id("topics"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    press(&client, "spraakt").await;
    wait_for(
        &client,
        "the suggestions",
        "return document.getElementById('topics').getAttribute('aria-expanded') === 'true'
           && [...document.querySelectorAll('#topics-listbox [role=option]')]
                .map(o => o.textContent);",
    )
    .await;
    press(&client, ARROW_DOWN).await;
    let active = js(
        &client,
        "const id = document.getElementById('topics').getAttribute('aria-activedescendant');
         return document.getElementById(id)?.textContent;",
    )
    .await;
    assert_eq!(active, "spraaktechnologie");
    press(&client, ENTER).await;
    assert_eq!(
        js(&client, "return document.getElementById('topics').value").await,
        "spraaktechnologie, "
    );
    assert_eq!(
        js(
            &client,
            "return document.getElementById('topics').getAttribute('aria-expanded')"
        )
        .await,
        "false",
        "the list closes once a topic is chosen"
    );
    // The number of cards, typed over.
    let limit = client.find(Locator::Id("limit")).await.unwrap();
    limit.clear().await.unwrap();
    limit.send_keys("3").await.unwrap();

    // The preview follows, and so does the code.
    let preview = "#preview elders-widget[data-topics='spraaktechnologie'][data-limit='3']";
    let shown = card_titles(&client, preview).await;
    assert_eq!(shown.len(), 3, "{shown:?}");
    let snippet = wait_for(
        &client,
        "the script tag for the new values",
        "const code = document.getElementById('script-tag')?.textContent;
         return code && code.includes('data-limit=\"3\"') ? code : null;",
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    assert!(
        snippet.contains("data-topics=\"spraaktechnologie\""),
        "{snippet}"
    );
    assert!(
        snippet.contains(&format!("src=\"{}/elders/elders.js\"", elders.base)),
        "{snippet}"
    );
    let policy_lines = js(
        &client,
        "return document.getElementById('script-csp').textContent",
    )
    .await
    .as_str()
    .unwrap()
    .to_string();
    assert!(
        js(&client, "return location.search")
            .await
            .as_str()
            .unwrap()
            .contains("limit=3"),
        "the address keeps the values, to reload or share"
    );

    // A copy button, with the keyboard: a visible, announced confirmation.
    client
        .find(Locator::Css("button.copy[data-copy='script-tag']"))
        .await
        .unwrap()
        .send_keys(ENTER)
        .await
        .unwrap();
    let confirmed = wait_for(
        &client,
        "the copy confirmation",
        "const s = document.querySelector('button.copy[data-copy=\"script-tag\"]')
                     .parentElement.querySelector('[role=status]');
         return s.offsetHeight > 0 && s.textContent;",
    )
    .await;
    assert!(
        confirmed == "Gekopieerd."
            || confirmed == "De code is geselecteerd: kopieer met Ctrl+C (of Cmd+C).",
        "{confirmed}"
    );

    // axe-core clean with the preview rendered, and usable at 320 px.
    assert_page_accessible(&client, "the configurator with its preview").await;

    // Pasted into a fresh page on another origin, under the policy lines the page gave
    // (and nothing else allowed), the script tag renders the same cards.
    let policy = format!(
        "default-src 'none'; {} base-uri 'none'; form-action 'none'",
        policy_lines.replace('\n', " ")
    );
    site.set_headers(vec![("Content-Security-Policy", &policy)]);
    site.page("/probe.js", host_file("csp-violations.js", &[]));
    let page = site.page(
        "/pasted",
        format!(
            "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>Test</title>\
             <script src=\"/probe.js\"></script></head><body><main>{snippet}</main></body></html>"
        ),
    );
    client.goto(&page).await.unwrap();
    let pasted = card_titles(&client, "elders-widget").await;
    assert_eq!(pasted, shown, "the same cards as the preview");
    assert_eq!(
        js(&client, "return window.__violations").await,
        serde_json::json!([]),
        "no CSP violations under the lines the page gave ({policy})"
    );

    client.set_window_size(320, 900).await.unwrap();
    client
        .goto(&elders.url("/setup?topics=spraaktechnologie&limit=3"))
        .await
        .unwrap();
    card_titles(&client, "#preview elders-widget").await;
    let overflow = js(
        &client,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
    )
    .await;
    assert_eq!(overflow, 0, "no sideways scrolling at 320 px");
    assert_page_accessible(&client, "the configurator at 320 px").await;
    client.close().await.unwrap();
}

#[tokio::test]
async fn the_suggestions_work_for_the_word_after_the_last_comma_and_escape_closes_them() {
    let elders = EldersServer::start(&[]);
    let client = browser().await;
    client.goto(&elders.url("/setup")).await.unwrap();
    // From the top of the page, with Tab: the skip link, the other language, the topics.
    for _ in 0..3 {
        press(&client, TAB).await;
    }
    let focused = js(&client, "return document.activeElement.id").await;
    assert_eq!(focused, "topics");
    press(&client, "klantcontact, voice").await;
    let options = wait_for(
        &client,
        "suggestions for the second topic",
        "return document.getElementById('topics').getAttribute('aria-expanded') === 'true'
           && [...document.querySelectorAll('#topics-listbox [role=option]')]
                .map(o => o.textContent);",
    )
    .await;
    assert_eq!(options[0], "voicebot", "{options}");
    press(&client, "\u{E00C}").await; // Escape
    assert_eq!(
        js(
            &client,
            "return document.getElementById('topics').getAttribute('aria-expanded')"
        )
        .await,
        "false"
    );
    assert_eq!(
        js(&client, "return document.getElementById('topics').value").await,
        "klantcontact, voice",
        "Escape leaves what was typed"
    );
    // Arrow down opens them again; Enter takes the word in place of the part typed.
    press(&client, ARROW_DOWN).await;
    press(&client, ENTER).await;
    assert_eq!(
        js(&client, "return document.getElementById('topics').value").await,
        "klantcontact, voicebot, "
    );
    // The organisation: one value, from the feed's organisations, by name or URI.
    press(&client, TAB).await;
    assert_eq!(
        js(&client, "return document.activeElement.id").await,
        "organisation"
    );
    press(&client, "Sociale").await;
    wait_for(
        &client,
        "organisation suggestions",
        "return document.getElementById('organisation').getAttribute('aria-expanded') === 'true';",
    )
    .await;
    press(&client, ARROW_DOWN).await;
    press(&client, ENTER).await;
    assert_eq!(
        js(
            &client,
            "return document.getElementById('organisation').value"
        )
        .await,
        "https://identifier.overheid.nl/tooi/id/zbo/zb000143"
    );
    // A value the widget would refuse: the error shows as the admin types, and no code.
    let limit = client.find(Locator::Id("limit")).await.unwrap();
    limit.clear().await.unwrap();
    limit.send_keys("99").await.unwrap();
    wait_for(
        &client,
        "the error for the number of cards",
        "return document.querySelector('.error-summary a[href=\"#limit\"]')
           && document.getElementById('limit').getAttribute('aria-invalid') === 'true'
           && document.getElementById('limit-error')?.textContent;",
    )
    .await;
    assert_eq!(
        js(&client, "return document.getElementById('script-tag')").await,
        Value::Null
    );
    assert_page_accessible(&client, "the configurator with an error").await;
    client.close().await.unwrap();
}
