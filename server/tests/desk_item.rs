//! One question's page on the moderators' desk (`docs/architecture.md` §9) over real HTTP:
//! answering as the community (published, the asker's mail), marking the accepted answer,
//! marking a question as asked before (not of itself, never a chain, an unknown original
//! refused; the duplicate leaves the listing and points to its original in the API, on its
//! page and in the asker's mail) and clearing that mark; an action someone already did
//! says who and when and changes nothing, a form without the CSRF token changes nothing,
//! and the page shows the question's audit log.
//!
//! Runs on SQLite, and on PostgreSQL when `ELDERS_TEST_DATABASE` says so.

mod support;

use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::desk::{client, csrf, elders, page, signed_in};
use support::mail_sink::MailSink;
use support::{get_json, Database, Server, ADMIN_TOKEN};

/// Where the test servers say they are reached, in mails.
const PUBLIC: &str = "https://elders.example";
/// How long a test waits for mail that must come.
const PATIENCE: Duration = Duration::from_secs(30);

/// A server on `database` that mails through `sink`.
fn start(database: &Database, sink: &MailSink) -> Server {
    let url = sink.url();
    Server::start_on(
        database,
        &[
            "--smtp-url",
            &url,
            "--mail-from",
            "Elders <elders@example.nl>",
            "--public-url",
            PUBLIC,
            "--mail-retry",
            "1",
        ],
    )
}

/// Asks a question about `topic` and has the admin publish it; its id.
async fn published(
    client: &Client,
    server: &Server,
    n: usize,
    topic: &str,
    notify: bool,
) -> String {
    let reply: Value = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", format!("item-{n}"))
        .json(&json!({
            "question": format!("Vraag {n}: wie werkt al met slimme meters in de uitvoering?"),
            "topics": [topic],
            "email": format!("vrager{n}@example.nl"),
            "notify": notify,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = reply["id"].as_str().unwrap().to_string();
    admin(
        client,
        server,
        &format!("/api/admin/questions/{id}/approve"),
    )
    .await;
    id
}

/// POSTs an admin action (`/api/admin/…`).
async fn admin(client: &Client, server: &Server, path: &str) {
    let response = client
        .post(server.url(path))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
}

/// A colleague's answer to `question` (waiting for a moderator); its id.
async fn colleague_answers(client: &Client, server: &Server, question: &str, n: usize) -> String {
    let reply: Value = client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", format!("answer-{n}"))
        .json(&json!({"answer": format!("Antwoord {n}: kijk bij de netbeheerder.")}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["id"].as_str().unwrap().to_string()
}

/// POSTs a form to a question's desk page; the status and the page or the redirect's
/// target.
async fn act(
    client: &Client,
    server: &Server,
    cookie: &str,
    question: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let response = client
        .post(server.url(&format!("/admin/questions/{question}")))
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status();
    match response.headers().get("location") {
        Some(location) => (status, location.to_str().unwrap().to_string()),
        None => (status, response.text().await.unwrap()),
    }
}

/// The question as `GET /api/questions/{id}` shows it (`_elders_question`).
async fn public(client: &Client, server: &Server, id: &str) -> Value {
    get_json(client, server.url(&format!("/api/questions/{id}"))).await["_elders_question"].clone()
}

/// The ids `GET /api/questions` lists.
async fn listed(client: &Client, server: &Server) -> Vec<String> {
    let feed = get_json(client, server.url("/api/questions")).await;
    feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_moderator_answers_as_the_community_and_marks_the_accepted_answer_once() {
    let sink = MailSink::start();
    let database = Database::fresh();
    let server = start(&database, &sink);
    let client = client();
    let question = published(&client, &server, 1, "energie", true).await;
    sink.wait_for(1, PATIENCE).await; // "your question is online"

    // The item is linked from the log, and shows the question with its context.
    let cookie = signed_in(&client, &server, &database, "Ans").await;
    let (_, log) = page(&client, &server, &cookie, "/admin/log").await;
    assert!(log.contains(&format!("href=\"/admin/questions/{question}\"")));
    let path = format!("/admin/questions/{question}");
    let (status, html) = page(&client, &server, &cookie, &path).await;
    assert_eq!(status, StatusCode::OK);
    for shown in ["Vraag 1:", "gepubliceerd", "energie", "vrager1@example.nl"] {
        assert!(html.contains(shown), "{shown} on the page");
    }
    let token = csrf(&html);

    // Without the CSRF token: refused, nothing published.
    let answer = "Bij de netbeheerder loopt een pilot; vraag naar het lab.";
    let (status, _) = act(
        &client,
        &server,
        &cookie,
        &question,
        &[("do", "answer"), ("answer", answer)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        public(&client, &server, &question).await["answer"],
        Value::Null
    );

    // With it: published as the community's answer, and mailed to the asker.
    let (status, location) = act(
        &client,
        &server,
        &cookie,
        &question,
        &[
            ("csrf", &token),
            ("do", "answer"),
            ("answer", answer),
            ("url", "https://netbeheer.example/lab"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}?done=answer&n=1"));
    let shown = public(&client, &server, &question).await;
    assert_eq!(shown["answer"], answer);
    assert_eq!(shown["answer_url"], "https://netbeheer.example/lab");
    assert_eq!(shown["status"], "answered");
    let mails = sink.wait_for(2, PATIENCE).await;
    assert_eq!(mails[1].to, vec!["vrager1@example.nl".to_string()]);
    assert!(
        mails[1].text.contains("vraag naar het lab"),
        "{}",
        mails[1].text
    );
    let (_, html) = page(&client, &server, &cookie, &location).await;
    assert!(html.contains("1 item beantwoord."), "the done message");

    // An answer that is not published cannot be the accepted one.
    let waiting = colleague_answers(&client, &server, &question, 1).await;
    let accept_waiting = format!("accept:{waiting}");
    let (status, text) = act(
        &client,
        &server,
        &cookie,
        &question,
        &[("csrf", &token), ("do", &accept_waiting)],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("niet gepubliceerd"), "{text}");

    // A published one is marked, once: a second moderator's try says who and when.
    let good = colleague_answers(&client, &server, &question, 2).await;
    admin(
        &client,
        &server,
        &format!("/api/admin/answers/{good}/approve"),
    )
    .await;
    let (_, html) = page(&client, &server, &cookie, &path).await;
    let accept_good = format!("accept:{good}");
    assert!(html.contains(&format!("value=\"{accept_good}\"")));
    assert!(!html.contains(&format!("value=\"{accept_waiting}\"")));
    assert!(html.contains("wacht op een moderator"), "any status shown");
    let (status, location) = act(
        &client,
        &server,
        &cookie,
        &question,
        &[("csrf", &token), ("do", &accept_good)],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}?done=accept&n=1"));
    let shown = public(&client, &server, &question).await;
    assert_eq!(shown["answers"][0]["id"], good.as_str());
    assert_eq!(shown["answers"][0]["accepted"], true);

    let other = signed_in(&client, &server, &database, "Bram").await;
    let (_, html) = page(&client, &server, &other, &path).await;
    let (status, text) = act(
        &client,
        &server,
        &other,
        &question,
        &[("csrf", &csrf(&html)), ("do", &accept_good)],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        text.contains("als behulpzaam gemarkeerd door Ans op"),
        "{text}"
    );

    // The item's log: who did what, when; the second try left nothing.
    let (_, html) = page(&client, &server, &cookie, &format!("{path}?lang=en")).await;
    let log = &html[html.find("id=\"item-log\"").unwrap()..];
    assert!(log.contains("<td>Ans</td><td>answered</td>"), "{log}");
    assert!(
        log.contains("<td>Ans</td><td>marked as helpful</td>"),
        "{log}"
    );
    assert!(log.contains("<td>admin</td><td>approved</td>"), "{log}");
    assert!(!log.contains("<td>Bram</td>"), "{log}");
    assert!(log.contains(&format!("Answers {good}")), "{log}");
}

#[tokio::test]
async fn a_duplicate_points_to_its_original_never_in_a_chain_and_the_mark_can_be_cleared() {
    let sink = MailSink::start();
    let database = Database::fresh();
    let server = start(&database, &sink);
    let client = client();
    let original = published(&client, &server, 1, "energie", false).await;
    let duplicate = published(&client, &server, 2, "energie", true).await;
    let third = published(&client, &server, 3, "Energie", false).await;
    let elsewhere = published(&client, &server, 4, "wonen", false).await;
    sink.wait_for(1, PATIENCE).await; // the second asker's "online" mail
    let good = colleague_answers(&client, &server, &original, 1).await;
    admin(
        &client,
        &server,
        &format!("/api/admin/answers/{good}/approve"),
    )
    .await;

    let cookie = signed_in(&client, &server, &database, "Ans").await;
    let path = format!("/admin/questions/{duplicate}");
    let (_, html) = page(&client, &server, &cookie, &path).await;
    let token = csrf(&html);
    // The likely originals: published, sharing a topic, not itself.
    assert!(html.contains(&format!("value=\"{original}\"")));
    assert!(html.contains(&format!("value=\"{third}\"")));
    assert!(!html.contains(&format!("name=\"original\" value=\"{duplicate}\"")));
    assert!(!html.contains(&format!("value=\"{elsewhere}\"")));

    // Refused, and nothing changes: of itself (by its address), an unknown one, no CSRF.
    let own_address = format!("{PUBLIC}/questions/{duplicate}");
    for (form, status, says) in [
        (
            vec![
                ("csrf", token.as_str()),
                ("do", "duplicate"),
                ("original_other", own_address.as_str()),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
            "geen dubbel van zichzelf",
        ),
        (
            vec![
                ("csrf", token.as_str()),
                ("do", "duplicate"),
                ("original_other", "no-such-question"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
            "no-such-question",
        ),
        (
            vec![("do", "duplicate"), ("original", original.as_str())],
            StatusCode::FORBIDDEN,
            "niets veranderd",
        ),
    ] {
        let (got, text) = act(&client, &server, &cookie, &duplicate, &form).await;
        assert_eq!(got, status, "{text}");
        assert!(text.contains(says), "{text}");
        assert_eq!(
            public(&client, &server, &duplicate)
                .await
                .get("duplicate_of"),
            None
        );
    }

    // Marked: it leaves the listing, and points to the original with its answers.
    let (status, location) = act(
        &client,
        &server,
        &cookie,
        &duplicate,
        &[
            ("csrf", &token),
            ("do", "duplicate"),
            ("original", &original),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}?done=duplicate&n=1"));
    let ids = listed(&client, &server).await;
    assert!(!ids.contains(&duplicate) && ids.contains(&original) && ids.contains(&third));
    let topic_ids: Vec<String> = get_json(&client, server.url("/api/questions?topics=energie"))
        .await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!topic_ids.contains(&duplicate) && topic_ids.contains(&original));
    let shown = public(&client, &server, &duplicate).await;
    assert_eq!(shown["duplicate_of"]["id"], original.as_str());
    assert_eq!(
        shown["duplicate_of"]["url"],
        format!("/questions/{original}")
    );
    assert_eq!(shown["duplicate_of"]["answers"][0]["id"], good.as_str());
    let page_html = client
        .get(server.url(&format!("/questions/{duplicate}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page_html.contains("Eerder gesteld"));
    assert!(page_html.contains(&format!("href=\"/questions/{original}\"")));
    assert!(page_html.contains("Antwoord 1: kijk bij de netbeheerder."));

    // The asker hears where the original is.
    let mails = sink.wait_for(2, PATIENCE).await;
    let told = &mails[1];
    assert_eq!(told.to, vec!["vrager2@example.nl".to_string()]);
    assert!(
        told.subject.starts_with("Je vraag is al eerder gesteld"),
        "{}",
        told.subject
    );
    assert!(
        told.text
            .contains(&format!("{PUBLIC}/questions/{original}")),
        "{}",
        told.text
    );

    // A duplicate of the duplicate points to the original: no chain.
    let (_, html) = page(
        &client,
        &server,
        &cookie,
        &format!("/admin/questions/{third}"),
    )
    .await;
    let by_address = format!("{}/questions/{duplicate}", server.base);
    let (status, _) = act(
        &client,
        &server,
        &cookie,
        &third,
        &[
            ("csrf", &csrf(&html)),
            ("do", "duplicate"),
            ("original_other", &by_address),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        public(&client, &server, &third).await["duplicate_of"]["id"],
        original.as_str()
    );

    // Marked already: a second moderator's try says who and when, and changes nothing.
    let other = signed_in(&client, &server, &database, "Bram").await;
    let (_, html) = page(&client, &server, &other, &path).await;
    assert!(
        html.contains("gemarkeerd als dubbel van"),
        "the mark and its undo"
    );
    let other_token = csrf(&html);
    let (status, text) = act(
        &client,
        &server,
        &other,
        &duplicate,
        &[
            ("csrf", &other_token),
            ("do", "duplicate"),
            ("original", &elsewhere),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("als dubbel gemarkeerd door Ans op"), "{text}");
    assert_eq!(
        public(&client, &server, &duplicate).await["duplicate_of"]["id"],
        original.as_str()
    );

    // Cleared: listed again, standing on its own; clearing twice changes nothing.
    let (status, location) = act(
        &client,
        &server,
        &other,
        &duplicate,
        &[("csrf", &other_token), ("do", "not_duplicate")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(location, format!("{path}?done=not_duplicate&n=1"));
    assert_eq!(
        public(&client, &server, &duplicate)
            .await
            .get("duplicate_of"),
        None
    );
    assert!(listed(&client, &server).await.contains(&duplicate));
    let (status, text) = act(
        &client,
        &server,
        &cookie,
        &duplicate,
        &[("csrf", &token), ("do", "not_duplicate")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        text.contains("niet meer als dubbel gemarkeerd door Bram op"),
        "{text}"
    );

    // An original marked as a duplicate hands its duplicates on: still no chain.
    let (_, html) = page(
        &client,
        &server,
        &cookie,
        &format!("/admin/questions/{original}"),
    )
    .await;
    let (status, _) = act(
        &client,
        &server,
        &cookie,
        &original,
        &[
            ("csrf", &csrf(&html)),
            ("do", "duplicate"),
            ("original_other", &elsewhere),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for moved in [&original, &third] {
        assert_eq!(
            public(&client, &server, moved).await["duplicate_of"]["id"],
            elsewhere.as_str()
        );
    }
    // Erasing the original leaves its duplicates standing on their own, listed again.
    elders(&database, &["questions", "erase", &elsewhere]);
    assert_eq!(
        public(&client, &server, &third).await.get("duplicate_of"),
        None
    );
    assert!(listed(&client, &server).await.contains(&third));

    // Clearing a mark that was never there changes nothing, and names nobody.
    let never = published(&client, &server, 5, "energie", false).await;
    let (status, text) = act(
        &client,
        &server,
        &cookie,
        &never,
        &[("csrf", &token), ("do", "not_duplicate")],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(
        text.contains("niet (meer) gemarkeerd als dubbel") && !text.contains(" door "),
        "{text}"
    );

    // The item's log keeps both, with who did them.
    let (_, html) = page(&client, &server, &cookie, &path).await;
    assert!(
        html.contains("<td>Ans</td><td>als dubbel gemarkeerd</td>"),
        "{html}"
    );
    assert!(
        html.contains(&format!("<td>{original}</td>")),
        "the original as detail"
    );
    assert!(html.contains("<td>Bram</td><td>niet meer als dubbel gemarkeerd</td>"));
}

#[tokio::test]
async fn an_unknown_question_has_no_page_and_the_queues_link_to_theirs() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &[]);
    let client = client();
    let reply: Value = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "waiting")
        .json(&json!({
            "question": "Wie werkt al met slimme meters in de uitvoering?",
            "topics": ["energie"],
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let waiting = reply["id"].as_str().unwrap();
    let (status, _) = page(&client, &server, "", &format!("/admin/questions/{waiting}")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "signed in only");
    let cookie = signed_in(&client, &server, &database, "Ans").await;
    let (_, queue) = page(&client, &server, &cookie, "/admin/questions?lang=en").await;
    assert!(queue.contains(&format!("href=\"/admin/questions/{waiting}?lang=en\"")));
    let (status, html) = page(
        &client,
        &server,
        &cookie,
        &format!("/admin/questions/{waiting}?lang=en"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<html lang=\"en\">") && html.contains("waits for a moderator"));
    let (status, _) = page(
        &client,
        &server,
        &cookie,
        "/admin/questions/no-such-question",
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
