//! Readers' reports ("Melden") over real HTTP (`docs/architecture.md` §9): a report of a
//! published question or answer waits in the desk's reported queue while the item stays
//! public; three open reports from different clients hide it until a moderator decides;
//! one client counts once, and only new reports count against its rate limit; a
//! moderator keeps the item (shown again, reports settled) or takes it down, once.
//!
//! Clients are told apart as the rate limits tell them apart: the server trusts
//! `127.0.0.1` as a proxy here, so each `X-Forwarded-For` address is another reader.
//!
//! Runs on SQLite, and on PostgreSQL when `ELDERS_TEST_DATABASE` says so.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::desk::{client, csrf, page, post, signed_in};
use support::{Database, Server};

fn server(database: &Database, extra: &[&str]) -> Server {
    let mut args = vec!["--moderation", "off", "--trusted-proxy", "127.0.0.1"];
    args.extend_from_slice(extra);
    Server::start_on(database, &args)
}

async fn ask(client: &Client, server: &Server, key: &str) -> String {
    ask_from(client, server, key, "10.9.9.9").await
}

async fn ask_from(client: &Client, server: &Server, key: &str, from: &str) -> String {
    let reply: Value = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .header("x-forwarded-for", from)
        .json(&json!({
            "question": "Wie werkt al met slimme meters in de uitvoering van toeslagen?",
            "topics": ["energie"],
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["id"].as_str().unwrap().to_string()
}

async fn answer(client: &Client, server: &Server, question: &str) -> String {
    let reply: Value = client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", format!("answer-{question}"))
        .json(&json!({ "answer": "Bij de SVB loopt een proef met slimme meters; vraag naar het lab." }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["id"].as_str().unwrap().to_string()
}

/// Reports `path` (`/api/questions/ID/reports` or an answer's) as the reader at `from`.
async fn report(
    client: &Client,
    server: &Server,
    path: &str,
    from: &str,
    reason: &str,
) -> reqwest::Response {
    client
        .post(server.url(path))
        .header("x-forwarded-for", from)
        .json(&json!({ "reason": reason }))
        .send()
        .await
        .unwrap()
}

async fn listed(client: &Client, server: &Server) -> Vec<Value> {
    let feed: Value = client
        .get(server.url("/api/questions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    feed["items"].as_array().unwrap().clone()
}

async fn status_of(client: &Client, server: &Server, id: &str) -> StatusCode {
    client
        .get(server.url(&format!("/api/questions/{id}")))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn three_readers_hide_a_question_until_a_moderator_keeps_it() {
    let database = Database::fresh();
    let server = server(&database, &[]);
    let client = client();
    let id = ask(&client, &server, "report-1").await;
    let path = format!("/api/questions/{id}/reports");

    let first = report(&client, &server, &path, "10.0.0.1", "spam").await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "open");
    // The same reader again counts once, whatever the reason.
    let again = report(&client, &server, &path, "10.0.0.1", "offensive").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Value>().await.unwrap()["id"], first["id"]);
    let second = report(&client, &server, &path, "10.0.0.2", "personal").await;
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(
        status_of(&client, &server, &id).await,
        StatusCode::OK,
        "two reports: still public"
    );
    assert_eq!(listed(&client, &server).await.len(), 1);

    // The reported queue shows it with its reports, while it is still public.
    let cookie = signed_in(&client, &server, &database, "Ans").await;
    let (status, html) = page(&client, &server, &cookie, "/admin/reported").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("slimme meters"), "{html}");
    assert!(
        html.contains("2: spam of reclame (1), persoonsgegevens (1)"),
        "{html}"
    );
    assert!(!html.contains("Verborgen tot een besluit"));
    assert!(
        html.contains(r#"<span class="count">1</span>"#),
        "the count in the navigation"
    );

    let third = report(&client, &server, &path, "10.0.0.3", "spam").await;
    assert_eq!(third.status(), StatusCode::CREATED);
    assert_eq!(third.json::<Value>().await.unwrap()["status"], "hidden");
    assert_eq!(
        status_of(&client, &server, &id).await,
        StatusCode::NOT_FOUND,
        "hidden"
    );
    assert!(listed(&client, &server).await.is_empty());
    let page_status = client
        .get(server.url(&format!("/questions/{id}")))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(page_status, StatusCode::NOT_FOUND);
    // Nobody can answer a hidden question either.
    let answered = client
        .post(server.url(&format!("/api/questions/{id}/answers")))
        .header("idempotency-key", "to-a-hidden-one")
        .json(&json!({ "answer": "Een antwoord op een verborgen vraag, dat niet mag." }))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::NOT_FOUND);

    let (_, html) = page(&client, &server, &cookie, "/admin/reported").await;
    assert!(
        html.contains("3: spam of reclame (2), persoonsgegevens (1)"),
        "{html}"
    );
    assert!(html.contains("Verborgen tot een besluit"));
    let token = csrf(&html);
    let keep = format!("approve:{id}");
    let kept = post(
        &client,
        &server,
        &cookie,
        "/admin/reported",
        &[("csrf", &token), ("decide", &keep)],
    )
    .await;
    assert_eq!(kept.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        status_of(&client, &server, &id).await,
        StatusCode::OK,
        "shown again"
    );
    let (_, html) = page(&client, &server, &cookie, "/admin/reported").await;
    assert!(!html.contains("slimme meters"), "the queue is empty");

    // A second moderator, a moment late, changes nothing and is told who decided.
    let other = signed_in(&client, &server, &database, "Bo").await;
    let (_, html) = page(&client, &server, &other, "/admin/reported").await;
    let late = post(
        &client,
        &server,
        &other,
        "/admin/reported",
        &[("csrf", &csrf(&html)), ("decide", &format!("reject:{id}"))],
    )
    .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let told = late.text().await.unwrap();
    assert!(told.contains("goedgekeurd na meldingen door Ans"), "{told}");
    assert_eq!(status_of(&client, &server, &id).await, StatusCode::OK);

    // Every step is in the log; the reporters are not named.
    let (_, log) = page(&client, &server, &cookie, "/admin/log").await;
    for action in [
        "gemeld",
        "verborgen na meldingen",
        "goedgekeurd na meldingen",
    ] {
        assert!(log.contains(action), "{action} in {log}");
    }
    assert!(!log.contains("10.0.0."));

    // Settled reports no longer count: the same reader may report it again, and it takes
    // three new ones to hide it again.
    let anew = report(&client, &server, &path, "10.0.0.1", "wrong").await;
    assert_eq!(anew.status(), StatusCode::CREATED);
    assert_eq!(status_of(&client, &server, &id).await, StatusCode::OK);
}

#[tokio::test]
async fn a_moderator_takes_a_reported_answer_down_and_edits_a_reported_question() {
    let database = Database::fresh();
    let server = server(&database, &[]);
    let client = client();
    let question = ask(&client, &server, "report-2").await;
    let answer = answer(&client, &server, &question).await;
    let reported = report(
        &client,
        &server,
        &format!("/api/questions/{question}/answers/{answer}/reports"),
        "10.0.0.9",
        "wrong",
    )
    .await;
    assert_eq!(reported.status(), StatusCode::CREATED);
    let on_question = report(
        &client,
        &server,
        &format!("/api/questions/{question}/reports"),
        "10.0.0.9",
        "personal",
    )
    .await;
    assert_eq!(
        on_question.status(),
        StatusCode::CREATED,
        "the question and its answer are two items"
    );
    let one: Value = client
        .get(server.url(&format!("/api/questions/{question}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        one["_elders_question"]["answers"].as_array().unwrap().len(),
        1,
        "one report hides nothing"
    );

    let cookie = signed_in(&client, &server, &database, "Ans").await;
    let (_, html) = page(&client, &server, &cookie, "/admin/reported").await;
    assert!(
        html.contains("Antwoord op: Wie werkt al met slimme meters"),
        "{html}"
    );
    assert!(html.contains("onjuist of verouderd (1)"));
    let token = csrf(&html);
    let take_down = format!("reject:{answer}");
    let reason = format!("reason-{answer}");
    let done = post(
        &client,
        &server,
        &cookie,
        "/admin/reported",
        &[
            ("csrf", &token),
            ("decide", &take_down),
            (&reason, "Verouderd: de proef is gestopt."),
        ],
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    let one: Value = client
        .get(server.url(&format!("/api/questions/{question}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        one["_elders_question"]["answers"]
            .as_array()
            .is_none_or(|a| a.is_empty()),
        "{one}"
    );

    // Keeping the question with a personal detail taken out: the text changes, the
    // original stays in the log. A text that breaks the question's rules changes nothing.
    let keep = format!("approve:{question}");
    let text = format!("text-{question}");
    let too_short = post(
        &client,
        &server,
        &cookie,
        "/admin/reported",
        &[("csrf", &token), ("decide", &keep), (&text, "Wie?")],
    )
    .await;
    assert_eq!(too_short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let edited = "Wie werkt al met slimme meters in de uitvoering?";
    let kept = post(
        &client,
        &server,
        &cookie,
        "/admin/reported",
        &[("csrf", &token), ("decide", &keep), (&text, edited)],
    )
    .await;
    assert_eq!(kept.status(), StatusCode::SEE_OTHER);
    let one: Value = client
        .get(server.url(&format!("/api/questions/{question}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["_elders_question"]["question"], edited);
    let (_, log) = page(&client, &server, &cookie, "/admin/log").await;
    assert!(
        log.contains("in de uitvoering van toeslagen?"),
        "the original in the log"
    );
    assert!(log.contains("Verouderd: de proef is gestopt."));
}

#[tokio::test]
async fn bad_reports_are_refused_and_only_new_ones_count_against_the_limit() {
    let database = Database::fresh();
    let server = server(&database, &["--rate-limit", "2"]);
    let client = client();
    let mut ids = Vec::new();
    for n in 1..=3 {
        ids.push(
            ask_from(
                &client,
                &server,
                &format!("report-{n}"),
                &format!("10.9.0.{n}"),
            )
            .await,
        );
    }
    let path = |id: &str| format!("/api/questions/{id}/reports");

    let unknown = report(&client, &server, &path(&ids[0]), "10.0.1.1", "boring").await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let error: Value = unknown.json().await.unwrap();
    assert!(
        error["error"]
            .as_str()
            .unwrap()
            .contains("spam, personal, offensive, wrong, other"),
        "{error}"
    );
    let not_json = client
        .post(server.url(&path(&ids[0])))
        .header("x-forwarded-for", "10.0.1.1")
        .body("reason=spam")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let extra = client
        .post(server.url(&path(&ids[0])))
        .header("x-forwarded-for", "10.0.1.1")
        .json(&json!({"reason": "spam", "name": "Piet"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        extra.status(),
        StatusCode::BAD_REQUEST,
        "no fields beyond the reason"
    );
    let nobody = report(
        &client,
        &server,
        &path("no-such-question"),
        "10.0.1.1",
        "spam",
    )
    .await;
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
    let no_answer = format!("/api/questions/{}/answers/no-such-answer/reports", ids[0]);
    let no_answer = report(&client, &server, &no_answer, "10.0.1.1", "spam").await;
    assert_eq!(no_answer.status(), StatusCode::NOT_FOUND);

    // The limit (two a minute, shared with questions and answers) counts new reports only.
    support::away_from_a_minute_boundary().await;
    let reader = "10.0.1.2";
    assert_eq!(
        report(&client, &server, &path(&ids[0]), reader, "spam")
            .await
            .status(),
        StatusCode::CREATED
    );
    assert_eq!(
        report(&client, &server, &path(&ids[0]), reader, "spam")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        report(&client, &server, &path(&ids[1]), reader, "spam")
            .await
            .status(),
        StatusCode::CREATED
    );
    let limited = report(&client, &server, &path(&ids[2]), reader, "spam").await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().contains_key("retry-after"));
    let said: Value = limited.json().await.unwrap();
    assert!(
        said["error"].as_str().unwrap().contains("meldingen"),
        "{said}"
    );
    // Its open reports still answer, without counting.
    assert_eq!(
        report(&client, &server, &path(&ids[0]), reader, "spam")
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn reports_from_a_page_off_the_allow_list_are_refused_readably() {
    let database = Database::fresh();
    let server = server(&database, &["--allow-origin", "https://intranet.example"]);
    let client = client();
    let id = ask_from(&client, &server, "report-origin", "10.9.1.1").await;
    let refused = client
        .post(server.url(&format!("/api/questions/{id}/reports")))
        .header("origin", "https://elsewhere.example")
        .json(&json!({ "reason": "spam" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        refused.headers()["access-control-allow-origin"],
        "https://elsewhere.example"
    );
    let allowed = client
        .post(server.url(&format!("/api/questions/{id}/reports")))
        .header("origin", "https://intranet.example")
        .json(&json!({ "reason": "spam" }))
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), StatusCode::CREATED);
    let preflight = client
        .request(
            reqwest::Method::OPTIONS,
            server.url(&format!("/api/questions/{id}/reports")),
        )
        .header("origin", "https://intranet.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
}
