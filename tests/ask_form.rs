//! The question form without JavaScript (`/ask`) as a reader on a locked-down intranet
//! meets it: in headless Chromium with JavaScript turned off (checked first, on a page
//! whose script would say otherwise), against the real server. A problem is shown in an
//! error summary that has focus and links to its field; a question is sent and confirmed;
//! going back and sending the same form again, or clicking twice, stores one question;
//! every state is checked with axe-core, and the form is usable 320 px wide. Run by
//! `cargo xtask test`.

mod support;

use fantoccini::{Client, Locator};
use support::{
    assert_page_accessible, browser, browser_without_javascript, EldersServer, HostSite, QUESTION,
};

/// The page's text, read through WebDriver, not through a script of the page; empty
/// while the page is being replaced.
async fn page_text(client: &Client) -> String {
    match client.find(Locator::Css("body")).await {
        Ok(body) => body.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// The `id` of the element that has focus.
async fn focused_id(client: &Client) -> String {
    client
        .active_element()
        .await
        .unwrap()
        .attr("id")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Types `text` into the field with id `id`, after what it holds.
async fn type_into(client: &Client, id: &str, text: &str) {
    client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|e| panic!("#{id}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

async fn send(client: &Client) {
    client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Waits for the page that came back with the form's problems (a busy machine may take a
/// while to load it after the click), and returns its error summary.
async fn error_summary(client: &Client) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(Locator::Css(".elders-error-summary"))
        .await
        .expect("an error summary")
}

/// Waits until the page is the confirmation, and returns its text.
async fn confirmation(client: &Client) -> String {
    confirmation_saying(client, "Bedankt, je vraag is verstuurd.").await
}

/// Waits until the page is the confirmation saying `thanks`, and returns its text.
async fn confirmation_saying(client: &Client, thanks: &str) -> String {
    for _ in 0..100 {
        if client
            .current_url()
            .await
            .unwrap()
            .path()
            .starts_with("/ask/sent/")
        {
            let text = page_text(client).await;
            if text.contains(thanks) {
                return text;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no confirmation: {}", page_text(client).await);
}

/// A session with JavaScript on, for axe-core, which runs asynchronously, and a page
/// without JavaScript runs nothing asynchronous. The pages of `/ask` have no script of
/// their own (their policy allows none), so with JavaScript on they are the same document.
async fn axe_session(width: u32) -> Client {
    let client = browser().await;
    client.set_window_size(width, 1000).await.unwrap();
    client
}

/// Fails with axe-core's findings on the page at `url`, `width` px wide.
async fn assert_accessible_at(url: &str, width: u32, state: &str) {
    let axe = axe_session(width).await;
    axe.goto(url).await.unwrap();
    assert_page_accessible(&axe, state).await;
    axe.close().await.unwrap();
}

/// Published questions with this text.
async fn stored_with(elders: &EldersServer, question: &str) -> usize {
    elders
        .published_questions()
        .await
        .iter()
        .filter(|q| q["content_text"] == question)
        .count()
}

#[tokio::test]
async fn a_question_is_asked_without_javascript_and_stored_once() {
    let elders = EldersServer::start(&["--moderation", "off"]);
    let client = browser_without_javascript().await;

    // JavaScript is really off: the page's script does not run, its <noscript> shows.
    let site = HostSite::start(vec![]);
    let probe = site.page(
        "/probe",
        "<!doctype html><html lang=\"nl\"><head><title>zonder script</title>\
         <script>document.title = 'met script';</script></head>\
         <body><noscript><p id=\"off\">JavaScript staat uit</p></noscript></body></html>"
            .into(),
    );
    client.goto(&probe).await.unwrap();
    assert_eq!(client.title().await.unwrap(), "zonder script");
    assert_eq!(
        client
            .find(Locator::Id("off"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "JavaScript staat uit"
    );

    client
        .goto(&elders.url("/ask?topics=spraaktechnologie,klantcontact"))
        .await
        .unwrap();
    assert_eq!(
        client.title().await.unwrap(),
        "Stel een vraag aan collega's elders – Elders"
    );
    let topics = client.find(Locator::Id("elders-topics")).await.unwrap();
    assert_eq!(
        topics.prop("value").await.unwrap().as_deref(),
        Some("spraaktechnologie, klantcontact")
    );
    let form_url = client.current_url().await.unwrap().to_string();
    assert_accessible_at(&form_url, 1280, "the new form").await;
    assert_accessible_at(&form_url, 320, "the new form, 320 px wide").await;

    // A question too short: the error summary has focus and leads to the field.
    type_into(&client, "elders-question", "Voicebot?").await;
    send(&client).await;
    let summary = error_summary(&client).await;
    assert!(summary
        .text()
        .await
        .unwrap()
        .contains("Maak je vraag langer: minstens 15 tekens."));
    assert_eq!(
        client
            .active_element()
            .await
            .unwrap()
            .attr("class")
            .await
            .unwrap()
            .as_deref(),
        Some("elders-error-summary"),
        "the summary takes focus without a script"
    );
    assert!(client.title().await.unwrap().starts_with("Fout: "));
    let axe = axe_session(1280).await;
    axe.goto(&form_url).await.unwrap();
    type_into(&axe, "elders-question", "Voicebot?").await;
    send(&axe).await;
    error_summary(&axe).await;
    assert_page_accessible(&axe, "a problem in the form").await;
    axe.close().await.unwrap();
    client
        .find(Locator::Css(".elders-error-summary a"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(focused_id(&client).await, "elders-question");
    let question = client.find(Locator::Id("elders-question")).await.unwrap();
    assert_eq!(
        question.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        question.prop("value").await.unwrap().as_deref(),
        Some("Voicebot?"),
        "what was typed is kept"
    );

    // Sent from a new form: confirmed.
    client
        .goto(&elders.url("/ask?topics=spraaktechnologie,klantcontact"))
        .await
        .unwrap();
    type_into(&client, "elders-question", QUESTION).await;
    type_into(&client, "elders-organisation", "Dienst Toeslagen").await;
    send(&client).await;
    let text = confirmation(&client).await;
    assert!(
        text.contains("Collega's elders kunnen hem nu zien."),
        "{text}"
    );
    assert!(text.contains("Bekijk je vraag"), "{text}");
    let confirmed_at = client.current_url().await.unwrap();
    assert_accessible_at(confirmed_at.as_str(), 1280, "the confirmation").await;
    assert_eq!(stored_with(&elders, QUESTION).await, 1);

    // Back to the form, and send it again: the same question, not a second one.
    client.back().await.unwrap();
    let again = client
        .wait()
        .at_most(std::time::Duration::from_secs(20))
        .for_element(Locator::Id("elders-question"))
        .await
        .expect("the form again");
    assert_eq!(
        again.prop("value").await.unwrap().as_deref(),
        Some(QUESTION)
    );
    send(&client).await;
    confirmation(&client).await;
    assert_eq!(client.current_url().await.unwrap(), confirmed_at);
    assert_eq!(stored_with(&elders, QUESTION).await, 1, "stored once");

    // Two clicks in a row on a new form: one question.
    let twice = "Welke gemeente gebruikt spraakherkenning voor de balie?";
    client.goto(&elders.url("/ask")).await.unwrap();
    type_into(&client, "elders-question", twice).await;
    let button = client
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap();
    button.clone().click().await.unwrap();
    let _ = button.click().await;
    confirmation(&client).await;
    assert_eq!(stored_with(&elders, twice).await, 1, "stored once");

    client.close().await.unwrap();
}

#[tokio::test]
async fn the_form_is_usable_320_px_wide_in_english() {
    let elders = EldersServer::start(&["--moderation", "pre"]);
    let client = browser_without_javascript().await;
    client.set_window_size(320, 800).await.unwrap();
    client
        .goto(&elders.url("/ask?topics=spraaktechnologie&lang=en"))
        .await
        .unwrap();
    assert_eq!(
        client.title().await.unwrap(),
        "Ask colleagues elsewhere – Elders"
    );
    let width = |selector: &'static str| {
        let client = client.clone();
        async move {
            client
                .find(Locator::Css(selector))
                .await
                .unwrap()
                .rectangle()
                .await
                .unwrap()
        }
    };
    let (_, _, page_width, _) = width("html").await;
    for selector in [
        "#elders-question",
        "#elders-email",
        "button[type=submit]",
        ".elders-privacy",
    ] {
        let (x, _, w, _) = width(selector).await;
        assert!(
            x >= 0.0 && x + w <= page_width + 0.5,
            "{selector} at {x}+{w} sticks out of {page_width}"
        );
    }
    type_into(&client, "elders-question", QUESTION).await;
    type_into(&client, "elders-email", "vrager@toeslagen.example").await;
    send(&client).await;
    for _ in 0..100 {
        if page_text(&client)
            .await
            .contains("Thank you, your question has been sent.")
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let text = page_text(&client).await;
    assert!(text.contains("A moderator looks at it first."), "{text}");
    assert!(
        !text.contains("View your question"),
        "not public yet: {text}"
    );
    let confirmed_at = client.current_url().await.unwrap().to_string();
    assert_accessible_at(&confirmed_at, 320, "the English confirmation, 320 px wide").await;
    client.close().await.unwrap();
}
