//! Colleagues' answers over real HTTP against the real binary and database: stored once per
//! key, moderated like questions, published with their question (the accepted one first),
//! names only by consent, every bad request refused with a reason, and nothing of the
//! answerer left after retention or an erased question.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::{away_from_a_minute_boundary, everything_stored, Server, ADMIN_TOKEN};

/// The answerer's details, each unique enough to find in raw bytes.
const EMAIL: &str = "beantwoorder.geheim@svb.example";
const NAME: &str = "Rik Antwoordnaam";
const ORGANISATION: &str = "Afdeling Antwoordzaken";

fn question() -> Value {
    json!({
        "question": "Wie heeft ervaring met spraakherkenning in het klantcontact?",
        "topics": ["spraak"],
    })
}

fn answer(text: &str) -> Value {
    json!({
        "answer": text,
        "url": "https://svb.example/spraaklab",
        "name": NAME,
        "organisation": ORGANISATION,
        "email": EMAIL,
    })
}

fn elders(args: &[&str], database: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(args)
        .args(["--database", database])
        .output()
        .unwrap()
}

fn succeeded(out: &std::process::Output) -> bool {
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    }
    out.status.success()
}

/// Posts a question and returns its id.
async fn ask(client: &Client, server: &Server, key: &str, body: &Value) -> String {
    let response = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.unwrap();
    stored["id"].as_str().unwrap().to_string()
}

async fn post_answer(
    client: &Client,
    server: &Server,
    question: &str,
    key: &str,
    body: &Value,
) -> reqwest::Response {
    client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn one(client: &Client, server: &Server, question: &str) -> Value {
    let response = client
        .get(server.url(&format!("/api/questions/{question}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn page(client: &Client, server: &Server, question: &str, lang: &str) -> String {
    client
        .get(server.url(&format!("/questions/{question}")))
        .header("accept-language", lang)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_answer_is_stored_once_per_key_and_published_at_once_without_moderation() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();
    let question = ask(&client, &server, "q-1", &question()).await;
    let body = answer("Bij de SVB draait een proef met spraakherkenning; bel het lab.");
    let first = post_answer(&client, &server, &question, "a-1", &body).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["status"], "approved");
    assert_eq!(first["question_id"], question.as_str());
    assert_eq!(first["email"], EMAIL, "the answerer sees their own details");
    let again: Value = post_answer(&client, &server, &question, "a-1", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["id"], first["id"], "a retry gets the stored answer");

    let item = one(&client, &server, &question).await;
    let answers = item["_elders_question"]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 1, "{item}");
    assert_eq!(answers[0]["id"], first["id"]);
    assert_eq!(answers[0]["url"], "https://svb.example/spraaklab");
    assert_eq!(answers[0]["accepted"], false);
    assert!(answers[0].get("name").is_none() && answers[0].get("organisation").is_none());

    let feed: Value = client
        .get(server.url("/api/questions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        feed["items"][0]["_elders_question"]["answers"],
        json!(answers)
    );
    assert!(
        !feed.to_string().contains(EMAIL),
        "never the e-mail address"
    );
    assert!(
        page(&client, &server, &question, "nl")
            .await
            .contains("bel het lab."),
        "the answer is on the question's page"
    );
}

#[tokio::test]
async fn under_pre_moderation_an_answer_waits_until_elders_answers_approve() {
    let server = Server::start(&[]);
    let client = Client::new();
    let database = server.database();
    let question = ask(&client, &server, "q-1", &question()).await;
    assert!(succeeded(&elders(
        &["questions", "approve", &question],
        &database
    )));
    let stored: Value = post_answer(
        &client,
        &server,
        &question,
        "a-1",
        &answer("Wij gebruiken het al een jaar aan de telefoon."),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(stored["status"], "pending");
    let id = stored["id"].as_str().unwrap();
    let before = one(&client, &server, &question).await;
    assert_eq!(before["_elders_question"]["answers"], json!([]));
    assert!(!page(&client, &server, &question, "nl")
        .await
        .contains("een jaar"));

    let listed = elders(&["answers", "list"], &database);
    assert!(succeeded(&listed));
    assert!(String::from_utf8_lossy(&listed.stdout).contains(id));
    let shown = elders(&["answers", "show", id], &database);
    assert!(succeeded(&shown));
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(
        shown["email"], EMAIL,
        "the moderator sees the e-mail address"
    );
    assert!(
        !succeeded(&elders(&["answers", "accept", id], &database)),
        "only a published answer can be the one that helped"
    );
    assert!(succeeded(&elders(&["answers", "approve", id], &database)));
    let after = one(&client, &server, &question).await;
    assert_eq!(after["_elders_question"]["answers"][0]["id"], id);
    assert!(!succeeded(&elders(&["answers", "show", "nope"], &database)));
}

#[tokio::test]
async fn bad_answers_are_refused_with_a_reason() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let database = server.database();
    let question = ask(&client, &server, "q-1", &question()).await;
    let good = answer("Bij de SVB draait een proef met spraakherkenning.");

    let unknown = post_answer(&client, &server, "no-such-question", "k-0", &good).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.json::<Value>().await.unwrap()["code"],
        "question_not_found"
    );
    let rejected = ask(
        &client,
        &server,
        "q-2",
        &json!({"question": "Wie weet iets over een geweigerde vraag?"}),
    )
    .await;
    assert!(succeeded(&elders(
        &["questions", "reject", &rejected],
        &database
    )));
    let refused = post_answer(&client, &server, &rejected, "k-1", &good).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    let missing = client
        .get(server.url(&format!("/api/questions/{rejected}")))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["code"],
        "question_not_found"
    );

    let field_of = |response: reqwest::Response| async move {
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let error: Value = response.json().await.unwrap();
        (
            error["field"].as_str().unwrap().to_string(),
            error["code"].as_str().unwrap().to_string(),
        )
    };
    let cases = [
        (json!({"answer": "Ja hoor."}), "answer", "too_short"),
        (json!({"answer": "a".repeat(5_001)}), "answer", "too_long"),
        (
            json!({"answer": "Bel het lab \u{202e} van de SVB."}),
            "answer",
            "control_characters",
        ),
        (
            json!({"answer": "Bel het lab \u{0} van de SVB."}),
            "answer",
            "control_characters",
        ),
        (
            json!({"answer": "Zie de pagina van het lab.", "url": "javascript:alert(1)"}),
            "url",
            "invalid_url",
        ),
        (
            json!({"answer": "Zie de pagina van het lab.", "url": "ftp://svb.example/lab"}),
            "url",
            "invalid_url",
        ),
        (
            json!({"answer": "Zie de pagina van het lab.", "email": "a@b.example?cc=c@d.example"}),
            "email",
            "invalid_email",
        ),
    ];
    for (n, (body, field, code)) in cases.into_iter().enumerate() {
        let response = post_answer(&client, &server, &question, &format!("bad-{n}"), &body).await;
        assert_eq!(
            field_of(response).await,
            (field.to_string(), code.to_string()),
            "{body}"
        );
    }

    assert_eq!(
        post_answer(&client, &server, &question, "k-2", &good)
            .await
            .status(),
        StatusCode::CREATED
    );
    let other = answer("Een heel ander antwoord onder dezelfde sleutel.");
    let reused = post_answer(&client, &server, &question, "k-2", &other).await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    assert_eq!(
        reused.json::<Value>().await.unwrap()["code"],
        "idempotency_key_reused"
    );
    let no_key = client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), StatusCode::BAD_REQUEST);
    let not_json = client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", "k-3")
        .body("answer=hallo")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn an_answer_to_a_pending_question_is_not_found() {
    let server = Server::start(&[]);
    let client = Client::new();
    let pending = ask(&client, &server, "q-1", &question()).await;
    let response = post_answer(
        &client,
        &server,
        &pending,
        "a-1",
        &answer("Bij de SVB draait een proef met spraakherkenning."),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_answer_to_a_question_erased_while_it_is_stored_is_not_found_not_a_server_error() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let question = ask(&client, &server, "q-1", &question()).await;
    // Answers keep arriving while the question is erased, so that some have passed the
    // check that the question is published when the erase removes it.
    let stored = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let posters: Vec<_> = (0..8)
        .map(|poster| {
            let (client, url, stored) = (
                client.clone(),
                server.url(&format!("/api/questions/{question}/answers")),
                stored.clone(),
            );
            tokio::spawn(async move {
                let mut statuses = Vec::new();
                for n in 0.. {
                    let response = client
                        .post(&url)
                        .header("idempotency-key", format!("a-{poster}-{n}"))
                        .json(&answer("Bij de SVB draait een proef met spraakherkenning."))
                        .send()
                        .await
                        .unwrap();
                    let status = response.status();
                    let body: Value = response.json().await.unwrap();
                    statuses.push((status, body));
                    if status != StatusCode::CREATED {
                        break;
                    }
                    stored.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                statuses
            })
        })
        .collect();
    while stored.load(std::sync::atomic::Ordering::Relaxed) < 16 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let database = server.database();
    let erased = tokio::task::spawn_blocking(move || {
        succeeded(&elders(&["questions", "erase", &question], &database))
    });
    assert!(erased.await.unwrap());
    for poster in posters {
        let statuses = poster.await.unwrap();
        let (last, body) = statuses.last().unwrap();
        assert_eq!(*last, StatusCode::NOT_FOUND, "{body}");
        assert_eq!(body["code"], "question_not_found", "{body}");
    }
}

#[tokio::test]
async fn answers_count_against_the_same_rate_limit_as_questions_but_resends_do_not() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "3"]);
    let client = Client::new();
    away_from_a_minute_boundary().await;
    let question = ask(&client, &server, "q-1", &question()).await;
    let numbered = |i: usize| answer(&format!("Antwoord nummer {i} over de spraakproef."));
    for i in 0..2 {
        let stored =
            post_answer(&client, &server, &question, &format!("a-{i}"), &numbered(i)).await;
        assert_eq!(stored.status(), StatusCode::CREATED);
    }
    let over = post_answer(&client, &server, &question, "a-2", &numbered(2)).await;
    assert_eq!(over.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(over.headers().contains_key("retry-after"));
    let refused: Value = over.json().await.unwrap();
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .contains("veel antwoorden"),
        "{refused}"
    );
    let resent = post_answer(&client, &server, &question, "a-0", &numbered(0)).await;
    assert_eq!(
        resent.status(),
        StatusCode::CREATED,
        "a resend is answered from the store"
    );
}

#[tokio::test]
async fn names_only_with_consent_and_the_accepted_answer_first_and_marked() {
    let server = Server::start_with_admin_token(&["--moderation", "off"], ADMIN_TOKEN);
    let client = Client::new();
    let question = ask(&client, &server, "q-1", &question()).await;
    let mut named = answer("Het eerste antwoord: bel het spraaklab van de SVB.");
    named["public_name"] = json!(true);
    let older: Value = post_answer(&client, &server, &question, "a-1", &named)
        .await
        .json()
        .await
        .unwrap();
    let newer: Value = post_answer(
        &client,
        &server,
        &question,
        "a-2",
        &answer("Het tweede antwoord: kijk bij de gemeente Utrecht."),
    )
    .await
    .json()
    .await
    .unwrap();

    let answers = one(&client, &server, &question).await["_elders_question"]["answers"].clone();
    assert_eq!(answers[0]["id"], newer["id"], "newest first");
    assert!(answers[0].get("name").is_none(), "no consent, no name");
    assert_eq!(answers[1]["name"], NAME);
    assert_eq!(answers[1]["organisation"], ORGANISATION);
    assert!(!answers.to_string().contains(EMAIL));

    let admin = |path: String| {
        client
            .post(server.url(&path))
            .bearer_auth(ADMIN_TOKEN)
            .send()
    };
    let wrong = client
        .post(server.url(&format!(
            "/api/admin/answers/{}/accept",
            older["id"].as_str().unwrap()
        )))
        .bearer_auth("not-the-token")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let accepted = admin(format!(
        "/api/admin/answers/{}/accept",
        older["id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);
    let answers = one(&client, &server, &question).await["_elders_question"]["answers"].clone();
    assert_eq!(answers[0]["id"], older["id"], "the accepted answer first");
    assert_eq!(answers[0]["accepted"], true);
    assert_eq!(answers[1]["accepted"], false);

    let html = page(&client, &server, &question, "nl").await;
    // What readers see (the head describes the same answers for search engines).
    let shown = &html[html.find("<main>").unwrap()..];
    let marked = shown.find("Dit hielp de vraagsteller").unwrap();
    let first = shown.find("Het eerste antwoord").unwrap();
    let second = shown.find("Het tweede antwoord").unwrap();
    assert!(marked < first && first < second, "{html}");
    assert!(shown.contains(NAME) && !html.contains(EMAIL));
    assert!(page(&client, &server, &question, "en")
        .await
        .contains("This helped the asker"));

    let rejected = admin(format!(
        "/api/admin/answers/{}/reject",
        older["id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(rejected.status(), StatusCode::OK);
    let answers = one(&client, &server, &question).await["_elders_question"]["answers"].clone();
    assert_eq!(answers.as_array().unwrap().len(), 1, "{answers}");
    let listed: Value = client
        .get(server.url("/api/admin/answers?status=rejected"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["answers"][0]["id"], older["id"]);
    assert_eq!(listed["answers"][0]["accepted"], false);
    let approved = admin(format!(
        "/api/admin/answers/{}/approve",
        older["id"].as_str().unwrap()
    ))
    .await
    .unwrap();
    assert_eq!(approved.status(), StatusCode::OK);
    let unknown = admin("/api/admin/answers/nope/accept".into())
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

/// The page's JSON-LD: the text of its one `<script type="application/ld+json">` element,
/// parsed.
fn structured_data(html: &str) -> Value {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    assert_eq!(html.matches(OPEN).count(), 1, "{html}");
    let start = html.find(OPEN).unwrap() + OPEN.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("{e}: {html}"))
}

#[tokio::test]
async fn the_page_describes_itself_as_a_qa_page_with_the_accepted_answer_and_consented_names() {
    let server = Server::start_with_admin_token(&["--moderation", "off"], ADMIN_TOKEN);
    let client = Client::new();
    let text = "Wie heeft ervaring met </script><script>alert(1)</script> in het klantcontact?";
    let mut asked = question();
    asked["question"] = json!(text);
    let question = ask(&client, &server, "q-1", &asked).await;

    let html = page(&client, &server, &question, "nl").await;
    let empty = structured_data(&html);
    assert_eq!(empty["@context"], "https://schema.org");
    assert_eq!(empty["@type"], "QAPage");
    assert_eq!(empty["mainEntity"]["@type"], "Question");
    assert_eq!(empty["mainEntity"]["text"], text, "read back unchanged");
    assert_eq!(empty["mainEntity"]["name"], text);
    assert_eq!(empty["mainEntity"]["answerCount"], 0, "{empty}");
    assert!(empty["mainEntity"].get("suggestedAnswer").is_none());
    assert!(!html.contains("<script>alert"), "{html}");

    let mut named = answer("Het eerste antwoord: bel het </script> spraaklab van de SVB.");
    named["public_name"] = json!(true);
    let helped: Value = post_answer(&client, &server, &question, "a-1", &named)
        .await
        .json()
        .await
        .unwrap();
    let other: Value = post_answer(
        &client,
        &server,
        &question,
        "a-2",
        &answer("Het tweede antwoord: kijk bij de gemeente Utrecht."),
    )
    .await
    .json()
    .await
    .unwrap();
    let helped_id = helped["id"].as_str().unwrap();
    let accepted = client
        .post(server.url(&format!("/api/admin/answers/{helped_id}/accept")))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), StatusCode::OK);

    let html = page(&client, &server, &question, "nl").await;
    let data = structured_data(&html);
    let q = &data["mainEntity"];
    assert_eq!(q["answerCount"], 2);
    assert_eq!(
        q["dateCreated"],
        one(&client, &server, &question).await["_elders_question"]["created_at"]
    );
    let accepted = &q["acceptedAnswer"];
    assert_eq!(accepted["@type"], "Answer");
    assert_eq!(
        accepted["text"],
        "Het eerste antwoord: bel het </script> spraaklab van de SVB."
    );
    assert_eq!(accepted["dateCreated"], helped["created_at"]);
    assert_eq!(
        accepted["url"],
        format!("/questions/{question}#answer-{helped_id}")
    );
    assert!(
        html.contains(&format!("id=\"answer-{helped_id}\"")),
        "{html}"
    );
    assert_eq!(
        accepted["author"],
        json!({"@type": "Person", "name": NAME,
               "affiliation": {"@type": "Organization", "name": ORGANISATION}})
    );
    let suggested = q["suggestedAnswer"].as_array().unwrap();
    assert_eq!(suggested.len(), 1, "{data}");
    assert_eq!(suggested[0]["text"], other["answer"]);
    assert!(
        suggested[0].get("author").is_none(),
        "no consent, no author"
    );
    let other_id = other["id"].as_str().unwrap();
    assert!(
        html.contains(&format!("id=\"answer-{other_id}\"")),
        "{html}"
    );
    assert!(
        !data.to_string().contains(EMAIL),
        "never the e-mail address"
    );

    let csp = client
        .get(server.url(&format!("/questions/{question}")))
        .send()
        .await
        .unwrap()
        .headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        !csp.contains("script-src"),
        "a data block needs no script-src: {csp}"
    );
}

#[tokio::test]
async fn answers_are_posted_only_from_allowed_origins_and_readable_by_the_page() {
    let server = Server::start(&[
        "--moderation",
        "off",
        "--allow-origin",
        "https://intranet.example",
    ]);
    let client = Client::new();
    let question = ask(&client, &server, "q-1", &question()).await;
    let path = format!("/api/questions/{question}/answers");
    let preflight = client
        .request(reqwest::Method::OPTIONS, server.url(&path))
        .header("origin", "https://elsewhere.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert!(preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("idempotency-key"));
    let body = answer("Bij de SVB draait een proef met spraakherkenning.");
    let denied = client
        .post(server.url(&path))
        .header("origin", "https://elsewhere.example")
        .header("idempotency-key", "a-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        denied.headers()["access-control-allow-origin"],
        "https://elsewhere.example"
    );
    let refused: Value = denied.json().await.unwrap();
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .starts_with("Antwoorden vanaf deze pagina (https://elsewhere.example)"),
        "{refused}"
    );
    let allowed = client
        .post(server.url(&path))
        .header("origin", "https://intranet.example")
        .header("idempotency-key", "a-2")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), StatusCode::CREATED);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://intranet.example"
    );
    let read = client
        .get(server.url(&format!("/api/questions/{question}")))
        .header("origin", "https://anywhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(read.headers()["access-control-allow-origin"], "*");
}

#[tokio::test]
async fn retention_and_erase_leave_no_trace_of_an_answerer() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();
    let database = server.database();
    let question = ask(&client, &server, "q-1", &question()).await;
    let mut named = answer("Gepubliceerd antwoord over de spraakproef blijft staan.");
    named["public_name"] = json!(true);
    let published: Value = post_answer(&client, &server, &question, "a-1", &named)
        .await
        .json()
        .await
        .unwrap();
    let refused: Value = post_answer(
        &client,
        &server,
        &question,
        "a-2",
        &answer("Geweigerd antwoord dat verdwijnen moet."),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(succeeded(&elders(
        &["answers", "reject", refused["id"].as_str().unwrap()],
        &database
    )));
    let stored = everything_stored(&database);
    assert!(
        stored.contains(EMAIL) && stored.contains(NAME),
        "the test would find the details if they were there"
    );

    let purge = elders(&["questions", "purge", "--retention-days", "0"], &database);
    assert!(succeeded(&purge));
    let left = everything_stored(&database);
    // Its id is gone too: the audit log's entry about refusing it went with it.
    let refused_id = refused["id"].as_str().unwrap();
    for marker in [EMAIL, NAME, ORGANISATION, "Geweigerd antwoord", refused_id] {
        assert!(!left.contains(marker), "{marker} found after retention");
    }
    assert!(
        left.contains("Gepubliceerd antwoord"),
        "the published answer stays"
    );
    let answers = one(&client, &server, &question).await["_elders_question"]["answers"].clone();
    assert_eq!(answers[0]["id"], published["id"]);
    assert!(answers[0].get("name").is_none());

    assert!(succeeded(&elders(
        &["questions", "erase", &question],
        &database
    )));
    assert!(!everything_stored(&database).contains("Gepubliceerd antwoord"));
    assert!(!succeeded(&elders(
        &["answers", "show", published["id"].as_str().unwrap()],
        &database
    )));
}
