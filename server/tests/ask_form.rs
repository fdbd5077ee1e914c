//! The question form without JavaScript (`/ask`) over real HTTP, on SQLite and (with
//! `ELDERS_TEST_DATABASE`) PostgreSQL: the widget's fields with the topics of the link, a
//! posted form stored once under its hidden key and answered with `303` to its
//! confirmation, problems shown beside the reader's input, the rate limit, and a post from
//! another site refused with nothing stored.

mod support;

use std::net::TcpListener;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{redirect, Client, StatusCode};
use serde_json::Value;
use support::{admin_json, away_from_a_minute_boundary, Server, ADMIN_TOKEN};

const QUESTION: &str = "Wie heeft al spraakherkenning in het klantcontact geprobeerd?";

/// A client that shows redirects instead of following them, and sends what a browser
/// sends with a form from the page itself.
fn browser_like() -> Client {
    let mut headers = HeaderMap::new();
    headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
    Client::builder()
        .redirect(redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// A server with moderation, so that what is stored waits in the admin API's queue.
fn server(extra: &[&str]) -> Server {
    let mut args = vec![
        "--moderation",
        "pre",
        "--allow-origin",
        "https://intranet.example",
    ];
    args.extend_from_slice(extra);
    Server::start_with_admin_token(&args, ADMIN_TOKEN)
}

async fn form_page(client: &Client, server: &Server, query: &str) -> String {
    let response = client
        .get(server.url(&format!("/ask{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.unwrap()
}

/// The value of the hidden field or input `name` in a rendered form.
fn value_of(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\""))
        .unwrap_or_else(|| panic!("no field {name} in {html}"));
    let tag_end = at + html[at..].find('>').unwrap();
    let tag_start = html[..at].rfind('<').unwrap();
    let tag = &html[tag_start..tag_end];
    let value = tag.find("value=\"").map(|i| &tag[i + 7..]).unwrap_or("\"");
    value[..value.find('"').unwrap()].to_string()
}

async fn post(client: &Client, server: &Server, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(server.url("/ask"))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn pending(client: &Client, server: &Server) -> Vec<Value> {
    admin_json(client, server, "/api/admin/questions").await["questions"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn the_form_has_the_widgets_fields_with_the_topics_of_the_link() {
    // Nothing listens here: the form only needs to know that the server mails.
    let smtp = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let smtp_url = format!("smtp://{smtp}");
    let server = server(&[
        "--smtp-url",
        &smtp_url,
        "--mail-from",
        "elders@example.nl",
        "--public-url",
        "http://127.0.0.1",
    ]);
    let client = browser_like();
    let response = client
        .get(server.url(
            "/ask?topics=spraaktechnologie,klantcontact&organisation=Sociale%20Verzekeringsbank\
             &page=https%3A%2F%2Fintranet.example%2Fspraak&title=Spraak%20aan%20de%20telefoon",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    );
    let html = response.text().await.unwrap();
    assert!(
        html.starts_with("<!doctype html>\n<html lang=\"nl\""),
        "{html}"
    );
    assert!(!html.contains("<script"), "no script at all");
    for id in [
        "elders-question",
        "elders-topics",
        "elders-name",
        "elders-organisation",
        "elders-public-name",
        "elders-email",
        "elders-notify",
        "elders-consent-contact",
        "elders-privacy",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
    }
    assert!(html
        .contains("<label class=\"elders-field__label\" for=\"elders-question\">Je vraag</label>"));
    assert!(
        html.contains("Mail mij als er een antwoord is"),
        "mail is offered"
    );
    assert!(
        html.contains("Na de bewaartermijn"),
        "the widget's privacy notice"
    );
    assert_eq!(value_of(&html, "topics"), "spraaktechnologie, klantcontact");
    assert_eq!(value_of(&html, "organisation"), "Sociale Verzekeringsbank");
    assert_eq!(
        value_of(&html, "page_url"),
        "https://intranet.example/spraak"
    );
    assert!(html.contains("<q>Spraak aan de telefoon</q>"), "{html}");
    let key = value_of(&html, "key");
    assert!(key.starts_with("form-") && key.len() > 30, "{key}");
    let again = form_page(&client, &server, "").await;
    assert_ne!(value_of(&again, "key"), key, "a fresh key for every form");

    // English on request; and without mail, nothing about mail.
    let plain = Server::start(&[]);
    let english = form_page(
        &client,
        &plain,
        "?lang=en&page=https%3A%2F%2Felsewhere.example%2Fp",
    )
    .await;
    assert!(english.contains("<html lang=\"en\""));
    assert!(english.contains(">Send question</button>"));
    assert!(
        !english.contains("elders-notify"),
        "no mail offered without --smtp-url"
    );
    assert!(
        !english.contains("name=\"page_url\""),
        "a page on an origin that may not post is not recorded"
    );

    let css = client.get(server.url("/ask/ask.css")).send().await.unwrap();
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    let css = css.text().await.unwrap();
    assert!(css.contains(".elders-error-summary") && !css.contains(":host"));
}

#[tokio::test]
async fn a_sent_form_is_stored_once_and_redirected_to_its_confirmation() {
    let server = server(&[]);
    let client = browser_like();
    let html = form_page(
        &client,
        &server,
        "?topics=spraaktechnologie,klantcontact&page=https%3A%2F%2Fintranet.example%2Fspraak%3Fsessie%3D42",
    )
    .await;
    let key = value_of(&html, "key");
    let page_url = value_of(&html, "page_url");
    let form = [
        ("key", key.as_str()),
        ("lang", "nl"),
        ("page_url", page_url.as_str()),
        ("question", QUESTION),
        ("topics", "spraaktechnologie, klantcontact"),
        ("name", "Jan Jansen"),
        ("organisation", "BZK"),
        ("email", "jan@bzk.example"),
        ("consent_contact", "yes"),
    ];
    let first = post(&client, &server, &form).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let location = first.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/ask/sent/"), "{location}");
    assert!(!location.contains(&key), "the key stays in the form");

    // The same form again (a double click, or back and send): the same question.
    let second = post(&client, &server, &form).await;
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(second.headers()["location"], location.as_str());

    let stored = pending(&client, &server).await;
    assert_eq!(stored.len(), 1, "{stored:?}");
    let q = &stored[0];
    assert_eq!(q["question"], QUESTION);
    assert_eq!(
        q["topics"],
        serde_json::json!(["spraaktechnologie", "klantcontact"])
    );
    assert_eq!(
        q["page_url"], "https://intranet.example/spraak",
        "without its query"
    );
    assert_eq!(q["email"], "jan@bzk.example");
    assert_eq!(q["consent_contact"], true);
    assert_eq!(q["public_name"], false);
    assert_eq!(q["lang"], "nl");
    assert!(location.ends_with(q["id"].as_str().unwrap()));

    let confirmation = client.get(server.url(&location)).send().await.unwrap();
    assert_eq!(confirmation.status(), StatusCode::OK);
    let text = confirmation.text().await.unwrap();
    assert!(text.contains("Bedankt, je vraag is verstuurd."), "{text}");
    assert!(text.contains("Een moderator bekijkt hem eerst."), "{text}");
    assert!(
        !text.contains("/manage"),
        "the private link is only in the asker's mail"
    );
    assert!(
        text.contains("href=\"/ask?topics=spraaktechnologie%2Cklantcontact\""),
        "another question on the same topics: {text}"
    );

    // Changed after it was sent, under the same key: not stored over the first, and a
    // new key to send it as a question of its own.
    let mut changed = form;
    changed[3] = (
        "question",
        "En wie heeft een chatbot voor klantvragen gebouwd?",
    );
    let refused = post(&client, &server, &changed).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("Je vorige vraag met dit formulier is al verstuurd."),
        "{html}"
    );
    let new_key = value_of(&html, "key");
    assert_ne!(new_key, key);
    assert_eq!(pending(&client, &server).await.len(), 1);
    changed[0] = ("key", new_key.as_str());
    assert_eq!(
        post(&client, &server, &changed).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(pending(&client, &server).await.len(), 2);
}

#[tokio::test]
async fn without_moderation_the_confirmation_links_to_the_public_question() {
    let server = Server::start(&["--moderation", "off"]);
    let client = browser_like();
    let key = value_of(&form_page(&client, &server, "?lang=en").await, "key");
    let sent = post(
        &client,
        &server,
        &[
            ("key", &key),
            ("lang", "en"),
            ("question", QUESTION),
            ("topics", "spraak"),
        ],
    )
    .await;
    let location = sent.headers()["location"].to_str().unwrap().to_string();
    assert!(location.ends_with("?lang=en"), "{location}");
    let id = location
        .trim_start_matches("/ask/sent/")
        .trim_end_matches("?lang=en");
    let text = client
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("Colleagues elsewhere can see it now."),
        "{text}"
    );
    assert!(
        text.contains(&format!("href=\"/questions/{id}\"")),
        "{text}"
    );
    let missing = client
        .get(server.url("/ask/sent/no-such-question"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn problems_are_shown_beside_the_input_kept_and_nothing_is_stored() {
    let server = server(&[]);
    let client = browser_like();
    let key = value_of(&form_page(&client, &server, "?topics=spraak").await, "key");
    let response = post(
        &client,
        &server,
        &[
            ("key", &key),
            ("lang", "nl"),
            ("question", "Kort?"),
            ("topics", "spraak"),
            ("name", "<b>Jan</b>"),
            ("email", ""),
            ("consent_contact", "yes"),
        ],
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = response.text().await.unwrap();
    assert!(html.contains("<title>Fout: "), "{html}");
    assert!(
        html.contains("role=\"alert\" tabindex=\"-1\" autofocus"),
        "{html}"
    );
    // The same messages as the widget's (core's), linked from the summary and beside
    // their fields.
    for (id, message) in [
        (
            "elders-question",
            "Maak je vraag langer: minstens 15 tekens.",
        ),
        (
            "elders-email",
            "Vul je e-mailadres in, zodat collega&#39;s je kunnen mailen. Of zet het vinkje uit.",
        ),
    ] {
        assert!(
            html.contains(&format!("<a href=\"#{id}\">{message}</a>")),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "<p class=\"elders-field__error\" id=\"{id}-error\">{message}</p>"
            )),
            "{html}"
        );
        assert!(
            html.contains(&format!(
                "aria-describedby=\"{id}-hint {id}-error\" aria-invalid=\"true\""
            )) || html.contains(&format!(
                "aria-describedby=\"{id}-error\" aria-invalid=\"true\""
            )),
            "{id}: {html}"
        );
    }
    assert!(html.contains(">Kort?</textarea>"), "input kept");
    assert_eq!(
        value_of(&html, "name"),
        "&#60;b&#62;Jan&#60;/b&#62;",
        "kept, as text"
    );
    assert!(html.contains("id=\"elders-consent-contact\" name=\"consent_contact\" type=\"checkbox\" value=\"yes\" class=\"elders-checkbox__input\" aria-describedby=\"elders-privacy\" checked"));
    assert_eq!(
        value_of(&html, "key"),
        key,
        "the same key: nothing was stored under it"
    );
    assert!(pending(&client, &server).await.is_empty());

    // A form without its key, or a body that is no form: nothing stored either.
    let keyless = post(&client, &server, &[("question", QUESTION)]).await;
    assert_eq!(keyless.status(), StatusCode::BAD_REQUEST);
    assert!(value_of(&keyless.text().await.unwrap(), "key").starts_with("form-"));
    let json = client
        .post(server.url("/ask"))
        .json(&serde_json::json!({"question": QUESTION}))
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(pending(&client, &server).await.is_empty());
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_and_nothing_is_stored() {
    let server = server(&[]);
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    let key = value_of(&form_page(&client, &server, "").await, "key");
    let form = [("key", key.as_str()), ("question", QUESTION)];
    for (header, value) in [
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "https://intranet.example"),
        ("origin", "https://evil.example"),
    ] {
        let response = client
            .post(server.url("/ask"))
            .header(header, value)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{header}: {value}"
        );
        let html = response.text().await.unwrap();
        assert!(
            html.contains("Dit formulier werkt alleen op zijn eigen pagina"),
            "{html}"
        );
        assert!(html.contains("href=\"/ask\""), "a way to the form itself");
    }
    assert!(pending(&client, &server).await.is_empty());
}

#[tokio::test]
async fn over_the_rate_limit_the_form_says_when_to_try_again_and_keeps_the_input() {
    let server = server(&["--rate-limit", "2"]);
    let client = browser_like();
    away_from_a_minute_boundary().await;
    let mut first_key = String::new();
    for n in 0..2 {
        let key = value_of(&form_page(&client, &server, "").await, "key");
        let question = format!("{QUESTION} (vraag {n})");
        let sent = post(&client, &server, &[("key", &key), ("question", &question)]).await;
        assert_eq!(sent.status(), StatusCode::SEE_OTHER);
        if n == 0 {
            first_key = key;
        }
    }
    let key = value_of(&form_page(&client, &server, "").await, "key");
    let limited = post(
        &client,
        &server,
        &[
            ("key", &key),
            ("question", "Nog een vraag over spraakherkenning?"),
        ],
    )
    .await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let html = limited.text().await.unwrap();
    assert!(
        html.contains("Er zijn net veel vragen vanaf dit adres verstuurd. Probeer het over"),
        "{html}"
    );
    assert!(
        html.contains(">Nog een vraag over spraakherkenning?</textarea>"),
        "input kept"
    );
    assert_eq!(
        value_of(&html, "key"),
        key,
        "send it again later with the same key"
    );
    // A resend of a question already stored is answered from the store, as in the API.
    let resent = post(
        &client,
        &server,
        &[
            ("key", &first_key),
            ("question", &format!("{QUESTION} (vraag 0)")),
        ],
    )
    .await;
    assert_eq!(resent.status(), StatusCode::SEE_OTHER);
    assert_eq!(pending(&client, &server).await.len(), 2);
}
