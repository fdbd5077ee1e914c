//! The moderators' desk (`/admin`, `docs/architecture.md` §9) as a community manager meets
//! it, in headless Chromium against the real server: signing in with a personal link,
//! approving a pending question with the keyboard alone and seeing it in the widget on a
//! host page, refusing one with a reason, approving three answers at once, a form posted
//! from another site without the CSRF token changing nothing, axe-core clean on every
//! page, and usable at 320 px. Run by `cargo xtask test`.

mod support;

use serde_json::{json, Value};
use support::desk::{ask, tab_to, text};
use support::{
    assert_page_accessible, browser, elders_cli, host_page, press, wait_for, EldersServer,
    HostSite, ENTER, SHADOW,
};

#[tokio::test]
async fn a_community_manager_moderates_in_the_browser_with_the_keyboard() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&["--allow-origin", &site.base]);
    let approve = ask(
        &elders,
        "desk-1",
        "Heeft iemand een voicebot gebouwd voor telefoonvragen over toeslagen? Mail me op jan.jansen@toeslagen.example.",
    )
    .await;
    ask(
        &elders,
        "desk-2",
        "Wat is het telefoonnummer van mijn collega Jan bij de Belastingdienst?",
    )
    .await;
    let link = elders_cli(&elders, &["moderators", "add", "Ans"])
        .trim()
        .to_string();

    let client = browser().await;
    client.goto(&elders.url(&link)).await.unwrap();
    assert_page_accessible(&client, "the sign-in page").await;
    tab_to(&client, "Inloggen", None).await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the questions queue",
        "return document.querySelector('h1')?.innerText.startsWith('Vragen (2)');",
    )
    .await;
    let shown = text(&client).await;
    assert!(shown.contains("Dienst Toeslagen") && shown.contains("spraaktechnologie"));
    assert_page_accessible(&client, "the questions queue").await;

    // Take the address out of the first, then approve it, with the keyboard alone.
    tab_to(
        &client,
        "Tekst (haal persoonlijke gegevens weg vóór je goedkeurt; het origineel blijft in het logboek)",
        Some("voicebot"),
    )
    .await;
    let field = client.active_element().await.unwrap();
    field.send_keys("\u{E009}a\u{E009}").await.unwrap();
    field
        .send_keys("Heeft iemand een voicebot gebouwd voor telefoonvragen over toeslagen?")
        .await
        .unwrap();
    tab_to(&client, "Goedkeuren", Some("voicebot")).await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the confirmation",
        "return document.querySelector('[role=status]')?.innerText;",
    )
    .await;
    assert!(text(&client).await.contains("1 item goedgekeurd"));
    assert_page_accessible(&client, "a confirmation").await;

    // Refuse the second with a reason.
    tab_to(
        &client,
        "Reden bij afwijzen (optioneel, gaat naar de vraagsteller)",
        Some("Jan"),
    )
    .await;
    client
        .active_element()
        .await
        .unwrap()
        .send_keys("Een vraag naar een persoon; bel de servicedesk.")
        .await
        .unwrap();
    tab_to(&client, "Afwijzen", Some("Jan")).await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the empty queue",
        "return document.body.innerText.includes('Er wacht niets');",
    )
    .await;
    assert!(elders_cli(&elders, &["questions", "list", "--status", "rejected"]).contains("Jan"));

    // The approved question shows in the widget on a host page.
    let page = site.page("/page", host_page(&elders, "", "spraaktechnologie"));
    let widget = browser().await;
    widget.goto(&page).await.unwrap();
    let script = format!(
        "const b = {SHADOW}?.querySelector('[part=open-questions-toggle]');
         if (b && b.getAttribute('aria-expanded') === 'false') b.click();
         return [...({SHADOW}?.querySelectorAll('[part=open-question]') ?? [])].map(q => q.innerText).join('\\n');"
    );
    let listed = wait_for(&widget, "the question in the widget", &script).await;
    assert!(listed.as_str().unwrap().contains("voicebot"), "{listed}");
    assert!(!listed.as_str().unwrap().contains("jan.jansen"), "{listed}");
    widget.close().await.unwrap();

    // Three answers approved at once.
    for n in 0..3 {
        let answered = reqwest::Client::new()
            .post(elders.url(&format!("/api/questions/{approve}/answers")))
            .header("idempotency-key", format!("desk-answer-{n}"))
            .json(&json!({"answer": format!("Antwoord {n}: de SVB belt al met een voicebot.")}))
            .send()
            .await
            .unwrap();
        assert_eq!(answered.status(), 201);
    }
    client.goto(&elders.url("/admin/answers")).await.unwrap();
    assert_page_accessible(&client, "the answers queue").await;
    for n in 0..3 {
        tab_to(&client, "Selecteren", Some(&format!("Antwoord {n}:"))).await;
        press(&client, " ").await;
    }
    tab_to(&client, "Geselecteerde goedkeuren", None).await;
    press(&client, ENTER).await;
    wait_for(
        &client,
        "the bulk confirmation",
        "return document.querySelector('[role=status]')?.innerText.includes('3 items goedgekeurd');",
    )
    .await;
    let published: Value = reqwest::get(elders.url(&format!("/api/questions/{approve}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        published["_elders_question"]["answers"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // The log, at 320 px wide: readable without sideways scrolling of the page.
    client.set_window_size(320, 800).await.unwrap();
    client.goto(&elders.url("/admin/log")).await.unwrap();
    let log = text(&client).await;
    assert!(log.contains("Ans") && log.contains("bewerkt"), "{log}");
    assert!(
        log.contains("jan.jansen@toeslagen.example"),
        "the original, for the audit"
    );
    assert_page_accessible(&client, "the log").await;
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "sideways scroll: {overflow}"
    );
    client.close().await.unwrap();
}

#[tokio::test]
async fn a_form_from_another_site_changes_nothing() {
    let site = HostSite::start(vec![]);
    let elders = EldersServer::start(&[]);
    let id = ask(
        &elders,
        "desk-forged",
        "Heeft iemand een voicebot gebouwd voor telefoonvragen over toeslagen?",
    )
    .await;
    let link = elders_cli(&elders, &["moderators", "add", "Bram"])
        .trim()
        .to_string();
    let client = browser().await;
    client.goto(&elders.url(&link)).await.unwrap();
    client
        .execute("document.querySelector('form').submit();", vec![])
        .await
        .unwrap();
    wait_for(
        &client,
        "the queue",
        "return document.querySelector('h1')?.innerText.startsWith('Vragen');",
    )
    .await;
    // Another site's page posts a decision into the signed-in browser, without the token.
    let evil = site.page(
        "/evil",
        format!(
            "<!doctype html><html lang=\"en\"><title>x</title><body>
             <form method=\"post\" action=\"{}/admin/questions\">
             <input name=\"decide\" value=\"approve:{id}\"></form>
             <script>document.forms[0].submit()</script></body></html>",
            elders.base
        ),
    );
    client.goto(&evil).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let listed = elders_cli(&elders, &["questions", "list"]);
    assert!(listed.contains(&id), "still pending: {listed}");
    client.close().await.unwrap();
}
