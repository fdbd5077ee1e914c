//! The moderators' desk over real HTTP (`docs/architecture.md` §9): signing in with a
//! one-time link or the admin token, sessions (strict cookies, idle expiry, ended by
//! `elders moderators remove`), CSRF tokens, throttled sign-ins, deciding one item, a
//! reason, bulk decisions, a second decision that changes nothing, and the audit log.
//!
//! Runs on SQLite, and on PostgreSQL when `ELDERS_TEST_DATABASE` says so.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::desk::{client, csrf, elders, page, post};
use support::{Database, Server};

async fn ask(client: &Client, server: &Server, n: usize) -> String {
    let reply: Value = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", format!("desk-{n}"))
        .json(&json!({
            "question": format!("Vraag {n}: wie werkt al met slimme meters in de uitvoering?"),
            "topics": ["energie"],
            "email": format!("vrager{n}@example.nl"),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["id"].as_str().unwrap().to_string()
}

/// Signs in with a new link for `name`; the session cookie (`elders_desk=…`).
async fn sign_in(client: &Client, server: &Server, database: &Database, name: &str) -> String {
    let link = elders(database, &["moderators", "add", name]);
    let token = link.split("link=").nth(1).unwrap().to_string();
    let page = client.get(server.url(&link)).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text().await.unwrap().contains("name=\"link\""),
        "opening the link only shows a button"
    );
    let signed = client
        .post(server.url("/admin/sign-in"))
        .form(&[("link", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = signed.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["HttpOnly", "SameSite=Strict", "Path=/admin"] {
        assert!(cookie.contains(part), "{cookie}");
    }
    // Used once: the same link again signs nobody in.
    let again = client
        .post(server.url("/admin/sign-in"))
        .form(&[("link", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
    assert!(again.headers().get("set-cookie").is_none());
    cookie.split(';').next().unwrap().to_string()
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
async fn a_moderator_signs_in_with_a_link_and_decides_once_with_a_csrf_token() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &[]);
    let client = client();
    let first = ask(&client, &server, 1).await;
    let second = ask(&client, &server, 2).await;

    // Without a session every desk page leads to the sign-in page.
    let (status, _) = page(&client, &server, "", "/admin/questions").await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let cookie = sign_in(&client, &server, &database, "Ans").await;
    let (status, html) = page(&client, &server, &cookie, "/admin/questions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Vraag 1:") && html.contains("vrager1@example.nl"));
    assert!(
        html.find("Vraag 1:") < html.find("Vraag 2:"),
        "oldest first"
    );
    let token = csrf(&html);

    // Without the CSRF token, or from another site: refused, nothing changes.
    let approve_first = format!("approve:{first}");
    let forged = post(
        &client,
        &server,
        &cookie,
        "/admin/questions",
        &[("decide", &approve_first)],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let cross = client
        .post(server.url("/admin/questions"))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", token.as_str()), ("decide", &approve_first)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        status_of(&client, &server, &first).await,
        StatusCode::NOT_FOUND
    );

    // Approve one with a personal detail taken out of its text, reject the other with a
    // reason.
    let text_field = format!("text-{first}");
    let done = post(
        &client,
        &server,
        &cookie,
        "/admin/questions",
        &[
            ("csrf", &token),
            ("decide", &approve_first),
            (
                &text_field,
                "Vraag 1: wie werkt al met slimme meters in de uitvoering? Mail me.",
            ),
        ],
    )
    .await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        done.headers()["location"],
        "/admin/questions?done=approve&n=1"
    );
    let public: Value = client
        .get(server.url(&format!("/api/questions/{first}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(public["_elders_question"]["question"]
        .as_str()
        .unwrap()
        .ends_with("Mail me."));
    assert_eq!(status_of(&client, &server, &first).await, StatusCode::OK);
    let reject_second = format!("reject:{second}");
    let reason_field = format!("reason-{second}");
    post(
        &client,
        &server,
        &cookie,
        "/admin/questions",
        &[
            ("csrf", &token),
            ("decide", &reject_second),
            (&reason_field, "Dit is een persoonlijke vraag."),
        ],
    )
    .await;
    let shown: Value =
        serde_json::from_str(&elders(&database, &["questions", "show", &second])).unwrap();
    assert_eq!(shown["status"], "rejected");
    assert_eq!(shown["reject_reason"], "Dit is een persoonlijke vraag.");

    // Deciding again changes nothing and says who decided, when.
    let third = ask(&client, &server, 3).await;
    let short_field = format!("text-{third}");
    let approve_third = format!("approve:{third}");
    let too_short = post(
        &client,
        &server,
        &cookie,
        "/admin/questions",
        &[
            ("csrf", &token),
            ("decide", &approve_third),
            (&short_field, "Kort?"),
        ],
    )
    .await;
    assert_eq!(too_short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_short
        .text()
        .await
        .unwrap()
        .contains("minstens 15 tekens"));
    assert_eq!(
        status_of(&client, &server, &third).await,
        StatusCode::NOT_FOUND
    );
    let again = post(
        &client,
        &server,
        &cookie,
        "/admin/questions",
        &[
            ("csrf", &token),
            ("decide", &reject_second.replace("reject", "approve")),
        ],
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let text = again.text().await.unwrap();
    assert!(text.contains("afgewezen door Ans"), "{text}");
    assert_eq!(
        status_of(&client, &server, &second).await,
        StatusCode::NOT_FOUND
    );

    // The log says who did what.
    let (_, log) = page(&client, &server, &cookie, "/admin/log").await;
    assert!(log.contains("goedgekeurd") && log.contains("afgewezen") && log.contains("Ans"));
    assert!(log.contains("bewerkt"), "the edit, with the text before it");
    assert!(log.contains("Dit is een persoonlijke vraag."));

    // English with ?lang=en.
    let (_, english) = page(&client, &server, &cookie, "/admin/log?lang=en").await;
    assert!(english.contains("<html lang=\"en\">") && english.contains("approved"));
}

#[tokio::test]
async fn answers_are_approved_in_bulk() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &["--moderation", "off"]);
    let client = client();
    let question = ask(&client, &server, 1).await;
    // The answers wait: moderated by a second instance's setting is not needed; answers
    // posted under `off` publish at once, so post them to a server with `pre`.
    let moderated = Server::start_on(&database, &[]);
    let mut ids = Vec::new();
    for n in 0..4 {
        let reply: Value = client
            .post(moderated.url(&format!("/api/questions/{question}/answers")))
            .header("idempotency-key", format!("bulk-{n}"))
            .json(&json!({"answer": format!("Antwoord {n}: kijk bij de netbeheerder.")}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.push(reply["id"].as_str().unwrap().to_string());
    }
    let cookie = sign_in(&client, &server, &database, "Bram").await;
    let (_, html) = page(&client, &server, &cookie, "/admin/answers").await;
    assert!(
        html.contains("Antwoord op: Vraag 1"),
        "the question as context"
    );
    let token = csrf(&html);
    let mut form = vec![("csrf", token.as_str()), ("bulk", "approve")];
    for id in &ids[..3] {
        form.push(("id", id));
    }
    let done = post(&client, &server, &cookie, "/admin/answers", &form).await;
    assert_eq!(
        done.headers()["location"],
        "/admin/answers?done=approve&n=3"
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
        3
    );
    let (_, html) = page(&client, &server, &cookie, "/admin/answers").await;
    assert!(html.contains("Antwoord 3:") && !html.contains("Antwoord 0:"));
}

#[tokio::test]
async fn sessions_end_when_the_moderator_is_removed_or_idle_and_links_expire() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &[]);
    let client = client();
    let cookie = sign_in(&client, &server, &database, "Carla").await;
    let (status, _) = page(&client, &server, &cookie, "/admin/questions").await;
    assert_eq!(status, StatusCode::OK);
    elders(&database, &["moderators", "remove", "Carla"]);
    let (status, _) = page(&client, &server, &cookie, "/admin/questions").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "removed: the session is gone"
    );
    assert!(elders(&database, &["moderators", "list"]).contains("removed"));

    // Idle for more than 8 hours, and a link older than 24 hours.
    let cookie = sign_in(&client, &server, &database, "Dirk").await;
    let link = elders(&database, &["moderators", "add", "Dirk"]);
    let token = link.split("link=").nth(1).unwrap().to_string();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url).await.unwrap();
    sqlx::query("UPDATE desk_sessions SET last_seen_at = '2000-01-01T00:00:00.000000Z'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE sign_in_links SET expires_at = '2000-01-01T00:00:00.000000Z'")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    let (status, _) = page(&client, &server, &cookie, "/admin/questions").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "idle too long");
    let expired = client
        .post(server.url("/admin/sign-in"))
        .form(&[("link", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_admin_token_signs_in_and_guessing_it_is_throttled() {
    let database = Database::fresh();
    // `start_on` sets the admin token the tests use.
    let server = Server::start_on(&database, &["--rate-limit", "0"]);
    let client = client();
    let right = support::ADMIN_TOKEN;
    let signed = client
        .post(server.url("/admin/sign-in"))
        .form(&[("token", right)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = signed.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let (status, html) = page(&client, &server, &cookie, "/admin/questions").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("admin"));

    support::away_from_a_minute_boundary().await;
    for _ in 0..10 {
        let wrong = client
            .post(server.url("/admin/sign-in"))
            .form(&[("token", "wrong-token-wrong-token-wrong-token")])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    }
    let throttled = client
        .post(server.url("/admin/sign-in"))
        .form(&[("token", right)])
        .send()
        .await
        .unwrap();
    assert!(throttled.headers().get("set-cookie").is_none());
    assert!(throttled.text().await.unwrap().contains("Te veel pogingen"));
}
