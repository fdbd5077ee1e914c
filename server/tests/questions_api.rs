//! The questions API over real HTTP against a real SQLite file.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::{away_from_a_minute_boundary, Database, Server, ADMIN_TOKEN};

fn question() -> Value {
    json!({
        "question": "Wie heeft al spraakherkenning in het klantcontact geprobeerd?",
        "topics": ["spraaktechnologie", "klantcontact"],
        "page_url": "https://intranet.example/spraak",
        "email": "vrager@bzk.example",
        "consent_contact": false
    })
}

async fn post(client: &Client, server: &Server, key: &str, body: &Value) -> reqwest::Response {
    client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn published(client: &Client, server: &Server, query: &str) -> Vec<Value> {
    let feed: Value = client
        .get(server.url(&format!("/api/questions{query}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    feed["items"].as_array().unwrap().clone()
}

#[tokio::test]
async fn posted_question_is_stored_and_listed() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();
    let response = post(&client, &server, "key-1", &question()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.unwrap();
    assert_eq!(stored["status"], "approved");
    assert_eq!(
        stored["topics"],
        json!(["spraaktechnologie", "klantcontact"])
    );

    let items = published(&client, &server, "?topics=klantcontact").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], stored["id"]);
    assert_eq!(items[0]["content_text"], question()["question"]);
    assert!(
        items[0]["_elders_question"].get("email").is_none(),
        "no e-mail without consent"
    );
    assert!(published(&client, &server, "?topics=waterstof")
        .await
        .is_empty());
}

#[tokio::test]
async fn same_idempotency_key_stores_one_question_even_when_concurrent() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (client, url, body) = (client.clone(), server.url("/api/questions"), question());
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .header("idempotency-key", "same-key")
                .json(&body)
                .send()
                .await
                .unwrap()
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        let response = task.await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let v: Value = response.json().await.unwrap();
        ids.push(v["id"].as_str().unwrap().to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every retry returns the same question");
    assert_eq!(published(&client, &server, "").await.len(), 1);

    let mut other = question();
    other["question"] = json!("Een heel andere vraag over waterstof in de haven?");
    let reused = post(&client, &server, "same-key", &other).await;
    assert_eq!(reused.status(), StatusCode::CONFLICT);
    assert_eq!(published(&client, &server, "").await.len(), 1);
}

#[tokio::test]
async fn invalid_questions_get_json_errors_naming_the_field() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();

    let mut short = question();
    short["question"] = json!("Kort?");
    short["consent_contact"] = json!(true);
    short["email"] = json!("");
    let response = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "k-short")
        .header("accept-language", "en-GB,en;q=0.8")
        .json(&short)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["field"], "question");
    assert_eq!(error["code"], "too_short");
    assert_eq!(
        error["error"],
        "Make your question longer: at least 15 characters."
    );
    assert_eq!(error["errors"][1]["field"], "email");
    assert_eq!(error["errors"][1]["code"], "consent_needs_email");

    let no_key = client
        .post(server.url("/api/questions"))
        .json(&question())
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        no_key.json::<Value>().await.unwrap()["code"],
        "idempotency_key_missing"
    );

    let not_json = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "k2")
        .header("content-type", "application/json")
        .body("{\"question\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        not_json.json::<Value>().await.unwrap()["code"],
        "invalid_json"
    );

    let form = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "k3")
        .body("question=hallo")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let mut huge = question();
    huge["question"] = json!("x".repeat(20_000));
    let too_large = post(&client, &server, "k4", &huge).await;
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);

    let mut unknown = question();
    unknown["status"] = json!("approved");
    assert_eq!(
        post(&client, &server, "k5", &unknown).await.status(),
        StatusCode::BAD_REQUEST
    );

    assert!(
        published(&client, &server, "").await.is_empty(),
        "nothing invalid was stored"
    );
}

#[tokio::test]
async fn only_allowed_origins_may_post() {
    let server = Server::start(&[
        "--moderation",
        "off",
        "--allow-origin",
        "http://intranet.example:8000",
    ]);
    let client = Client::new();
    let allowed = client
        .post(server.url("/api/questions"))
        .header("origin", "http://intranet.example:8000")
        .header("idempotency-key", "o1")
        .json(&question())
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), StatusCode::CREATED);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://intranet.example:8000"
    );

    let preflight = client
        .request(reqwest::Method::OPTIONS, server.url("/api/questions"))
        .header("origin", "http://intranet.example:8000")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert!(preflight.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .contains("idempotency-key"));

    let denied = client
        .post(server.url("/api/questions"))
        .header("origin", "https://elsewhere.example")
        .header("idempotency-key", "o2")
        .json(&question())
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        denied.headers()["access-control-allow-origin"],
        "https://elsewhere.example",
        "the refusal is readable by the page, so the widget can say why"
    );
    let reason: Value = denied.json().await.unwrap();
    assert_eq!(reason["code"], "origin_not_allowed");
    assert!(reason["error"]
        .as_str()
        .unwrap()
        .contains("--allow-origin https://elsewhere.example"));

    let listing = client
        .get(server.url("/api/questions"))
        .header("origin", "https://elsewhere.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        listing.headers()["access-control-allow-origin"],
        "*",
        "reading is public"
    );
    assert_eq!(published(&client, &server, "").await.len(), 1);
}

#[tokio::test]
async fn pending_questions_stay_private_until_approved() {
    let server = Server::start(&[]);
    let client = Client::new();
    let stored: Value = post(&client, &server, "p1", &question())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stored["status"], "pending");
    assert!(published(&client, &server, "").await.is_empty());

    let approve = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args([
            "questions",
            "approve",
            stored["id"].as_str().unwrap(),
            "--database",
            &server.database(),
        ])
        .output()
        .unwrap();
    assert!(
        approve.status.success(),
        "{}",
        String::from_utf8_lossy(&approve.stderr)
    );
    let items = published(&client, &server, "").await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["_elders_question"]["status"], "approved");
}

#[tokio::test]
async fn a_moderator_answer_is_published_with_the_question() {
    let server = Server::start(&[]);
    let client = Client::new();
    let stored: Value = post(&client, &server, "a1", &question())
        .await
        .json()
        .await
        .unwrap();
    let id = stored["id"].as_str().unwrap();
    let cli = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
            .arg("questions")
            .args(args)
            .args(["--database", &server.database()])
            .output()
            .unwrap()
    };
    let bad_link = cli(&[
        "answer",
        id,
        "--text",
        "Zie de handreiking.",
        "--url",
        "javascript:alert(1)",
    ]);
    assert!(!bad_link.status.success(), "unsafe links are refused");
    assert!(published(&client, &server, "").await.is_empty());

    let answered = cli(&[
        "answer",
        id,
        "--text",
        "De SVB heeft dit getest; zie de handreiking.",
        "--url",
        "https://svb.example/spraak",
    ]);
    assert!(
        answered.status.success(),
        "{}",
        String::from_utf8_lossy(&answered.stderr)
    );
    let items = published(&client, &server, "?topics=spraaktechnologie").await;
    assert_eq!(items.len(), 1);
    let q = &items[0]["_elders_question"];
    assert_eq!(q["status"], "answered");
    assert_eq!(q["answer"], "De SVB heeft dit getest; zie de handreiking.");
    assert_eq!(q["answer_url"], "https://svb.example/spraak");

    let shown = cli(&["show", id]);
    let shown: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(
        shown["email"], "vrager@bzk.example",
        "the moderator sees the e-mail address"
    );
    assert!(!cli(&["show", "no-such-id"]).status.success());
}

#[tokio::test]
async fn too_many_new_questions_from_one_client_get_429_but_resends_do_not() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "3"]);
    let client = Client::new();
    away_from_a_minute_boundary().await;
    let numbered = |i: usize| {
        let mut q = question();
        q["question"] = json!(format!(
            "Vraag nummer {i} over spraakherkenning in het klantcontact?"
        ));
        q
    };
    for i in 0..3 {
        assert_eq!(
            post(&client, &server, &format!("r{i}"), &numbered(i))
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    let refused = post(&client, &server, "r3", &numbered(3)).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(
        refused.json::<Value>().await.unwrap()["code"],
        "rate_limited"
    );
    assert_eq!(
        post(&client, &server, "r0", &numbered(0)).await.status(),
        StatusCode::CREATED,
        "a resend of a stored question is not limited"
    );
    assert_eq!(published(&client, &server, "").await.len(), 3);
}

#[tokio::test]
async fn retries_spread_over_two_instances_store_one_question() {
    let database = Database::fresh();
    let args = ["--moderation", "off", "--rate-limit", "0"];
    let instances = [
        Server::start_on(&database, &args),
        Server::start_on(&database, &args),
    ];
    let client = Client::new();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let url = instances[i % 2].url("/api/questions");
        let (client, body) = (client.clone(), question());
        tasks.push(tokio::spawn(async move {
            let response = client
                .post(url)
                .header("idempotency-key", "balanced-key")
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        }));
    }
    let mut ids = Vec::new();
    for task in tasks {
        ids.push(task.await.unwrap());
    }
    ids.dedup();
    assert_eq!(
        ids.len(),
        1,
        "both instances return the one stored question"
    );
    assert_eq!(published(&client, &instances[1], "").await.len(), 1);
}

#[tokio::test]
async fn instances_on_one_database_share_one_rate_limit() {
    let database = Database::fresh();
    let args = ["--moderation", "off", "--rate-limit", "3"];
    let (a, b) = (
        Server::start_on(&database, &args),
        Server::start_on(&database, &args),
    );
    let client = Client::new();
    let numbered = |i: usize| {
        let mut q = question();
        q["question"] = json!(format!("Gedeelde limiet, vraag {i} over spraakherkenning?"));
        q
    };
    away_from_a_minute_boundary().await;
    for (i, server) in [&a, &b, &a].into_iter().enumerate() {
        let sent = post(&client, server, &format!("s{i}"), &numbered(i)).await;
        assert_eq!(sent.status(), StatusCode::CREATED, "question {i}");
    }
    let fourth = post(&client, &b, "s3", &numbered(3)).await;
    assert_eq!(
        fourth.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "the other instance counts the same client's questions"
    );
    let restarted = Server::start_on(&database, &args);
    let fifth = post(&client, &restarted, "s4", &numbered(4)).await;
    assert_eq!(
        fifth.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a new instance does not reset the count"
    );
    assert_eq!(published(&client, &b, "").await.len(), 3);
}

#[tokio::test]
async fn retention_deletes_unpublished_questions_and_contact_data() {
    let server = Server::start(&[]);
    let client = Client::new();
    let pending: Value = post(&client, &server, "keep-1", &question())
        .await
        .json()
        .await
        .unwrap();
    let mut with_consent = question();
    with_consent["consent_contact"] = json!(true);
    with_consent["name"] = json!("Sam");
    let published_one: Value = post(&client, &server, "keep-2", &with_consent)
        .await
        .json()
        .await
        .unwrap();
    let cli = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
            .arg("questions")
            .args(args)
            .args(["--database", &server.database()])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    cli(&["approve", published_one["id"].as_str().unwrap()]);
    let purged = cli(&["purge", "--retention-days", "30"]);
    assert!(
        purged.starts_with("0 deleted, 0 anonymised, 0 "),
        "nothing is old yet: {purged}"
    );
    let purged = cli(&["purge", "--retention-days", "0"]);
    assert!(purged.starts_with("1 deleted, 1 anonymised, "), "{purged}");

    let items = published(&client, &server, "").await;
    assert_eq!(items.len(), 1, "the published question stays");
    let kept = &items[0]["_elders_question"];
    assert!(
        kept.get("email").is_none() && kept.get("name").is_none(),
        "{kept}"
    );
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args([
            "questions",
            "show",
            pending["id"].as_str().unwrap(),
            "--database",
            &server.database(),
        ])
        .output()
        .unwrap();
    assert!(!shown.status.success(), "the pending question is gone");
}

#[tokio::test]
async fn the_admin_api_needs_the_token_and_moderates() {
    let server = Server::start_with_admin_token(&[], ADMIN_TOKEN);
    let client = Client::new();
    let stored: Value = post(&client, &server, "adm-1", &question())
        .await
        .json()
        .await
        .unwrap();
    let id = stored["id"].as_str().unwrap();
    let admin = |method: reqwest::Method, path: &str, token: &str| {
        client
            .request(method, server.url(path))
            .header("authorization", format!("Bearer {token}"))
    };

    let no_token = client
        .get(server.url("/api/admin/questions"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    let wrong = admin(reqwest::Method::GET, "/api/admin/questions", "s3cret-tokeN")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let pending: Value = admin(reqwest::Method::GET, "/api/admin/questions", ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pending["questions"][0]["id"], id);
    assert_eq!(
        pending["questions"][0]["email"], "vrager@bzk.example",
        "moderators see contact data"
    );

    let approve = admin(
        reqwest::Method::POST,
        &format!("/api/admin/questions/{id}/approve"),
        ADMIN_TOKEN,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(approve.status(), StatusCode::OK);
    assert_eq!(published(&client, &server, "").await.len(), 1);

    let bad_answer = admin(
        reqwest::Method::POST,
        &format!("/api/admin/questions/{id}/answer"),
        ADMIN_TOKEN,
    )
    .json(&json!({"text": "Zie hier.", "url": "javascript:alert(1)"}))
    .send()
    .await
    .unwrap();
    assert_eq!(bad_answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let answer = admin(
        reqwest::Method::POST,
        &format!("/api/admin/questions/{id}/answer"),
        ADMIN_TOKEN,
    )
    .json(&json!({"text": "UWV heeft een voicebot getest.", "url": "https://uwv.example/voicebot"}))
    .send()
    .await
    .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let items = published(&client, &server, "").await;
    assert_eq!(
        items[0]["_elders_question"]["answer"],
        "UWV heeft een voicebot getest."
    );

    let missing = admin(
        reqwest::Method::POST,
        "/api/admin/questions/nope/reject",
        ADMIN_TOKEN,
    )
    .send()
    .await
    .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let off = Server::start(&[]);
    let disabled = client
        .get(off.url("/api/admin/questions"))
        .header("authorization", "Bearer ")
        .send()
        .await
        .unwrap();
    assert_eq!(
        disabled.status(),
        StatusCode::NOT_FOUND,
        "no token configured: the admin API is off"
    );
}

#[tokio::test]
async fn each_question_has_a_plain_public_page_without_contact_data() {
    let server = Server::start(&[]);
    let client = Client::new();
    let mut marked_up = question();
    marked_up["question"] = json!("Werkt <script>alert(1)</script> spraakherkenning & telefonie?");
    let stored: Value = post(&client, &server, "page-1", &marked_up)
        .await
        .json()
        .await
        .unwrap();
    let id = stored["id"].as_str().unwrap();
    let pending = client
        .get(server.url(&format!("/questions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        pending.status(),
        StatusCode::NOT_FOUND,
        "a question waiting for a moderator has no public page"
    );
    let approve = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["questions", "approve", id, "--database", &server.database()])
        .output()
        .unwrap();
    assert!(approve.status.success());
    let page = client
        .get(server.url(&format!("/questions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .starts_with("default-src 'none'"));
    let html = page.text().await.unwrap();
    assert!(
        html.contains(
            "Werkt &lt;script&gt;alert(1)&lt;/script&gt; spraakherkenning &amp; telefonie?"
        ),
        "{html}"
    );
    assert!(!html.contains("<script>"), "markup is shown as text");
    assert!(
        html.contains("Collega&#39;s bij andere organisaties zien deze vraag"),
        "{html}"
    );
    assert!(
        !html.contains("vrager@bzk.example"),
        "no contact data on the public page"
    );
    let css = client
        .get(server.url("/questions/question.css"))
        .send()
        .await
        .unwrap();
    assert!(css.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/css"));

    let reject = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["questions", "reject", id, "--database", &server.database()])
        .output()
        .unwrap();
    assert!(reject.status.success());
    let gone = client
        .get(server.url(&format!("/questions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        gone.status(),
        StatusCode::NOT_FOUND,
        "refused questions are not shown"
    );
    let unknown = client
        .get(server.url("/questions/no-such-id"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_widget_gets_the_same_questions_as_a_pack_with_their_answered_marks() {
    let server = Server::start(&["--moderation", "off"]);
    let client = Client::new();
    let open: Value = post(&client, &server, "p1", &question())
        .await
        .json()
        .await
        .unwrap();
    let mut other = question();
    other["question"] = json!("Wie heeft ervaring met een voicebot voor de telefoon?");
    let answered: Value = post(&client, &server, "p2", &other)
        .await
        .json()
        .await
        .unwrap();
    let answered_id = answered["id"].as_str().unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args([
            "questions",
            "answer",
            answered_id,
            "--text",
            "Zie het lab van de SVB.",
        ])
        .args(["--database", &server.database()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let response = client
        .get(server.url("/api/questions?limit=200"))
        .header("accept", elders_core::pack::MEDIA_TYPE)
        .header("origin", "https://intranet.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("content-type"), elders_core::pack::MEDIA_TYPE);
    assert_eq!(header("vary"), "Accept");
    assert_eq!(header("access-control-allow-origin"), "*");
    let bytes = response.bytes().await.unwrap();
    let page = elders_core::PageContext {
        topics: vec!["klantcontact".into()],
        ..Default::default()
    };
    let read = elders_core::question::pack::read_for_page(&bytes, &page).unwrap();
    assert!(!read.mail, "this server sends no mail");
    let marks: Vec<(&str, bool)> = read
        .loaded
        .parsed
        .feed
        .items
        .iter()
        .map(|item| item.id.as_str())
        .zip(read.answered.iter().copied())
        .collect();
    let mut expected = vec![(open["id"].as_str().unwrap(), false), (answered_id, true)];
    let mut got = marks.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    // The same questions, in the same order, as the JSON lists.
    let listed: Vec<String> = published(&client, &server, "?limit=200")
        .await
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect();
    let packed: Vec<&str> = marks.iter().map(|(id, _)| *id).collect();
    assert_eq!(listed, packed);
}
