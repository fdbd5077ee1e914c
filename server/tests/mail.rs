//! The asker hears back (`docs/architecture.md` §8), tested against a real SMTP server
//! (postfix's `smtp-sink`, see `support/mail_sink.rs`) on loopback: one mail per event
//! for an asker who asked for mail and none for one who did not, in the asker's language,
//! with a private link that works; an SMTP outage, a killed server and two instances on one
//! PostgreSQL database delay mails but never lose or double them; a permanent refusal is
//! listed with its reason.
//!
//! Runs on SQLite, and on PostgreSQL when `ELDERS_TEST_DATABASE` says so.

mod support;

use std::process::Command;
use std::time::Duration;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::mail_sink::{Mail, MailSink};
use support::{everything_stored, get_json, Database, Server, ADMIN_TOKEN};

/// Where the test servers say they are reached, in mails.
const PUBLIC: &str = "https://elders.example";
/// How long a test waits for mail that must come.
const PATIENCE: Duration = Duration::from_secs(30);

/// `elders serve` flags for mail through `sink`, retrying after a second.
fn mail_flags(sink: &MailSink) -> Vec<String> {
    [
        "--smtp-url",
        &sink.url(),
        "--mail-from",
        "Elders <elders@example.nl>",
        "--public-url",
        PUBLIC,
        "--mail-retry",
        "1",
    ]
    .map(String::from)
    .to_vec()
}

fn start(database: &Database, flags: &[String], extra: &[&str]) -> Server {
    let mut args: Vec<&str> = flags.iter().map(String::as_str).collect();
    args.extend_from_slice(extra);
    Server::start_on(database, &args)
}

/// Asks a question; its id.
async fn ask(client: &Client, server: &Server, email: &str, notify: bool, lang: &str) -> String {
    let reply: Value = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", format!("q-{email}-{notify}-{lang}"))
        .json(&json!({
            "question": format!("Wie heeft ervaring met slimme meters bij de uitvoering? ({email})"),
            "topics": ["energie"],
            "email": email,
            "consent_contact": false,
            "notify": notify,
            "lang": lang,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["notify"], json!(notify), "{reply}");
    reply["id"].as_str().unwrap().to_string()
}

/// Answers question `id`; the answer's id.
async fn answer(client: &Client, server: &Server, id: &str, text: &str) -> String {
    let reply: Value = client
        .post(server.url(&format!("/api/questions/{id}/answers")))
        .header(
            "idempotency-key",
            format!(
                "a-{id}-{}",
                text.replace(|c: char| !c.is_ascii_alphanumeric(), "")
            ),
        )
        .json(&json!({"answer": text, "name": "Ans", "organisation": "UWV", "public_name": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    reply["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{reply}"))
        .to_string()
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

/// The private link in a mail, pointed at the test server.
fn private_link(mail: &Mail, server: &Server) -> String {
    let link = mail
        .text
        .split_whitespace()
        .find(|w| w.starts_with(PUBLIC) && w.contains("/manage?key="))
        .expect("the private link");
    link.replace(PUBLIC, &server.base)
}

/// Waits a few poll rounds of the sender, so that a mail that should not come would have.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(3)).await;
}

fn mail_list(database: &Database, flag: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["mail", "list", "--database", &database.url])
        .args((!flag.is_empty()).then_some(flag))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn the_asker_who_asked_gets_one_mail_per_event_in_their_language_and_nobody_else_any() {
    let sink = MailSink::start();
    let database = Database::fresh();
    let server = start(&database, &mail_flags(&sink), &[]);
    let client = Client::new();
    let listed = get_json(&client, server.url("/api/questions")).await;
    assert_eq!(
        listed["_elders_mail"],
        json!(true),
        "the form may offer mail"
    );

    let wants = ask(&client, &server, "vera@example.nl", true, "en").await;
    let quiet = ask(&client, &server, "stil@example.nl", false, "nl").await;
    for id in [&wants, &quiet] {
        admin(
            &client,
            &server,
            &format!("/api/admin/questions/{id}/approve"),
        )
        .await;
    }
    let mails = sink.wait_for(1, PATIENCE).await;
    let published = &mails[0];
    assert_eq!(published.to, vec!["vera@example.nl".to_string()]);
    assert!(
        published.subject.starts_with("Your question is online"),
        "{}",
        published.subject
    );
    assert_eq!(published.header("Content-Language").as_deref(), Some("en"));
    let unsubscribe = published
        .header("List-Unsubscribe")
        .expect("List-Unsubscribe");
    assert!(unsubscribe.contains(&format!("{PUBLIC}/questions/{wants}/manage?key=")));
    assert!(published
        .html
        .as_deref()
        .unwrap_or("")
        .contains("/manage?key="));

    // An answer to each; approved twice, it is still one mail.
    let first = answer(
        &client,
        &server,
        &wants,
        "Bij het UWV loopt een pilot met slimme meters.",
    )
    .await;
    answer(&client, &server, &quiet, "Vraag het de netbeheerder.").await;
    for _ in 0..2 {
        admin(
            &client,
            &server,
            &format!("/api/admin/answers/{first}/approve"),
        )
        .await;
    }
    let mails = sink.wait_for(2, PATIENCE).await;
    let answered = &mails[1];
    assert!(
        answered.subject.starts_with("An answer to your question"),
        "{}",
        answered.subject
    );
    assert!(answered.text.contains("Bij het UWV loopt een pilot"));
    assert!(
        answered.text.contains("Ans, UWV"),
        "the answerer agreed to be named"
    );
    assert!(answered
        .text
        .contains(&format!("{PUBLIC}/questions/{wants}#answer-{first}")));
    assert_ne!(
        private_link(published, &server),
        private_link(answered, &server),
        "each mail has a key of its own"
    );
    // The community's own answer is an answer too; edited, still one mail.
    for text in [
        "Zie ook de community-pagina.",
        "Zie ook de community-pagina over meters.",
    ] {
        let response = client
            .post(server.url(&format!("/api/admin/questions/{wants}/answer")))
            .bearer_auth(ADMIN_TOKEN)
            .json(&json!({"text": text}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    let mails = sink.wait_for(3, PATIENCE).await;
    assert!(
        mails[2].text.contains("Zie ook de community-pagina"),
        "{}",
        mails[2].text
    );
    settle().await;
    let all = sink.mails();
    assert_eq!(
        all.len(),
        3,
        "one mail per event: {:?}",
        all.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    assert!(all
        .iter()
        .all(|m| m.to == vec!["vera@example.nl".to_string()]));
}

#[tokio::test]
async fn the_private_link_accepts_an_answer_stops_mails_and_erases_everything() {
    let sink = MailSink::start();
    let database = Database::fresh();
    let server = start(&database, &mail_flags(&sink), &["--moderation", "off"]);
    let client = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let id = ask(&client, &server, "vraagsteller@example.nl", true, "nl").await;
    let other = ask(&client, &server, "ander@example.nl", true, "nl").await;
    let helped = answer(
        &client,
        &server,
        &id,
        "Kijk bij de Belastingdienst, daar liep dit al.",
    )
    .await;
    let mails = sink.wait_for(3, PATIENCE).await;
    let mine: Vec<&Mail> = mails
        .iter()
        .filter(|m| m.to == vec!["vraagsteller@example.nl".to_string()])
        .collect();
    assert_eq!(mine.len(), 2, "published, then answered");
    assert!(
        mine[0].subject.starts_with("Je vraag staat online"),
        "{}",
        mine[0].subject
    );
    let link = private_link(mine[1], &server);
    let key = link.split("key=").nth(1).unwrap().to_string();

    // The page: the question, its state and the answer, in Dutch.
    let page = client.get(&link).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = page.text().await.unwrap();
    assert!(html.contains("<html lang=\"nl\">"));
    assert!(html.contains("Je vraag staat online"));
    assert!(html.contains("Kijk bij de Belastingdienst"));
    assert!(html.contains("Dit antwoord hielp mij"));

    // Wrong keys open nothing: another question's, a made-up one, none.
    let other_link = format!("{}/questions/{other}/manage?key={key}", server.base);
    for url in [
        other_link,
        format!(
            "{}/questions/{id}/manage?key={}",
            server.base,
            "0".repeat(64)
        ),
        format!("{}/questions/{id}/manage", server.base),
    ] {
        assert_eq!(
            client.get(&url).send().await.unwrap().status(),
            StatusCode::NOT_FOUND,
            "{url}"
        );
    }

    // Mark the answer that helped: the widget's API shows it.
    let action = format!("{}/questions/{id}/manage", server.base);
    let posted = client
        .post(&action)
        .form(&[
            ("key", key.as_str()),
            ("action", "accept"),
            ("answer", helped.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    let question = get_json(&client, server.url(&format!("/api/questions/{id}"))).await;
    assert_eq!(
        question["_elders_question"]["answers"][0]["accepted"],
        json!(true),
        "{question}"
    );
    // A form from another site is refused, key or not.
    let forged = client
        .post(&action)
        .header("sec-fetch-site", "cross-site")
        .form(&[("key", key.as_str()), ("action", "stop")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);

    // Stop the mails: the next answer sends none.
    let stopped = client
        .post(&action)
        .form(&[("key", key.as_str()), ("action", "stop")])
        .send()
        .await
        .unwrap();
    assert_eq!(stopped.status(), StatusCode::SEE_OTHER);
    answer(&client, &server, &id, "Ook de SVB heeft hier ervaring mee.").await;
    settle().await;
    assert_eq!(sink.mails().len(), 3, "no mail after stopping");
    assert!(
        mail_list(&database, "").contains("queued 0"),
        "nothing waits either"
    );

    // Erase: everything about the asker goes, and the key opens nothing any more.
    let erased = client
        .post(&action)
        .form(&[
            ("key", key.as_str()),
            ("action", "erase"),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(erased.status(), StatusCode::OK);
    assert_eq!(
        client.get(&link).send().await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    let stored = everything_stored(&database.url);
    assert!(
        !stored.contains("vraagsteller@example.nl"),
        "the address is gone from the raw database"
    );
    assert!(!stored.contains("Kijk bij de Belastingdienst"));
    assert!(
        stored.contains("ander@example.nl"),
        "the other asker's question stays"
    );
}

#[tokio::test]
async fn an_smtp_outage_delays_the_answer_mail_and_it_arrives_once() {
    let mut sink = MailSink::start();
    let database = Database::fresh();
    let server = start(&database, &mail_flags(&sink), &["--moderation", "off"]);
    let client = Client::new();
    let id = ask(&client, &server, "wachter@example.nl", true, "nl").await;
    sink.wait_for(1, PATIENCE).await;

    sink.stop();
    answer(
        &client,
        &server,
        &id,
        "Het lab van de gemeente deed dit vorig jaar.",
    )
    .await;
    settle().await;
    let queued = mail_list(&database, "--queued");
    assert!(queued.contains("answer"), "waiting in the outbox: {queued}");

    sink.restart();
    let mails = sink.wait_for(2, PATIENCE).await;
    assert!(mails[1].text.contains("Het lab van de gemeente"));
    settle().await;
    assert_eq!(sink.mails().len(), 2, "exactly once");
}

#[tokio::test]
async fn a_killed_server_sends_its_outbox_once_after_the_restart() {
    let mut sink = MailSink::start();
    sink.stop();
    let database = Database::fresh();
    let flags = mail_flags(&sink);
    let mut server = start(&database, &flags, &["--moderation", "off"]);
    let client = Client::new();
    const ASKERS: usize = 8;
    for i in 0..ASKERS {
        ask(
            &client,
            &server,
            &format!("asker{i}@example.nl"),
            true,
            "nl",
        )
        .await;
    }
    settle().await;
    server.kill();
    sink.restart();
    // The SMTP server is back: the admin makes the waiting mails due now, as after an
    // outage. Without it each mail waits for its next try, which doubles with every
    // failed one: on a busy machine the first server tried often enough for some to wait
    // past the test's patience.
    let out = Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["mail", "retry", "--database", &database.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _server = start(&database, &flags, &["--moderation", "off"]);
    sink.wait_for(ASKERS, PATIENCE).await;
    settle().await;
    let mut to: Vec<String> = sink.mails().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    let expected: Vec<String> = {
        let mut e: Vec<String> = (0..ASKERS)
            .map(|i| format!("asker{i}@example.nl"))
            .collect();
        e.sort();
        e
    };
    assert_eq!(to, expected, "each mail once");
}

#[tokio::test]
async fn two_instances_on_one_postgres_database_send_each_mail_once() {
    let database = Database::fresh();
    if !database.is_postgres() {
        eprintln!("skipped: several instances share a PostgreSQL database only");
        return;
    }
    let mut sink = MailSink::start();
    sink.stop();
    let flags = mail_flags(&sink);
    let extra = ["--moderation", "off", "--rate-limit", "0"];
    let one = start(&database, &flags, &extra);
    let _two = start(&database, &flags, &extra);
    let client = Client::new();
    const ASKERS: usize = 40;
    for i in 0..ASKERS {
        ask(&client, &one, &format!("pg{i}@example.nl"), true, "en").await;
    }
    // Both instances find the whole backlog due at once when the SMTP server comes back.
    settle().await;
    sink.restart();
    sink.wait_for(ASKERS, PATIENCE).await;
    settle().await;
    let mut to: Vec<String> = sink.mails().into_iter().flat_map(|m| m.to).collect();
    to.sort();
    to.dedup();
    assert_eq!(sink.mails().len(), ASKERS, "each mail once");
    assert_eq!(to.len(), ASKERS);
}

#[tokio::test]
async fn a_permanent_refusal_is_listed_with_its_reason_and_not_retried() {
    let sink = MailSink::start_rejecting();
    let database = Database::fresh();
    let _server = start(&database, &mail_flags(&sink), &["--moderation", "off"]);
    let client = Client::new();
    ask(&client, &_server, "bestaat-niet@example.nl", true, "nl").await;
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        let failed = mail_list(&database, "--failed");
        if failed.contains("published") {
            assert!(
                failed.contains("550") || failed.contains("5."),
                "the server's reason: {failed}"
            );
            assert!(failed.contains("tries 1"), "not retried: {failed}");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "not marked failed");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // Once the address or the server is fixed, an admin sends it again.
    let out = Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["mail", "retry", "--failed", "--database", &database.url])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1 mail(s) due now\n");
    loop {
        if mail_list(&database, "--failed").contains("tries 2") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "not tried again");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test]
async fn moderators_get_one_digest_a_day_of_what_waits() {
    let sink = MailSink::start();
    let database = Database::fresh();
    let mut flags = mail_flags(&sink);
    flags.extend(["--moderator-mail".into(), "moderator@example.nl".into()]);
    let client = Client::new();
    let mut server = start(&database, &flags, &[]);
    ask(&client, &server, "wacht1@example.nl", false, "nl").await;
    ask(&client, &server, "wacht2@example.nl", false, "nl").await;
    // The server looks at start and every hour; a restart is the next look.
    server.kill();
    let server_again = start(&database, &flags, &[]);
    let mails = sink.wait_for(1, PATIENCE).await;
    assert_eq!(mails[0].to, vec!["moderator@example.nl".to_string()]);
    assert!(
        mails[0].subject.contains("2 vragen"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].text.contains("(wacht1@example.nl)"));
    // Past the moment the mail is recorded as sent (see "the one window" in
    // `docs/architecture.md` §8), then down again.
    settle().await;
    drop(server_again);
    let _server = start(&database, &flags, &[]);
    settle().await;
    assert_eq!(sink.mails().len(), 1, "one digest a day");
}

#[tokio::test]
async fn an_item_readers_reported_brings_the_digest_on_its_own() {
    let sink = MailSink::start();
    let database = Database::fresh();
    let mut flags = mail_flags(&sink);
    flags.extend(["--moderator-mail".into(), "moderator@example.nl".into()]);
    let client = Client::new();
    let mut server = start(&database, &flags, &["--moderation", "off"]);
    let id = ask(&client, &server, "gemeld@example.nl", false, "nl").await;
    let reported = client
        .post(server.url(&format!("/api/questions/{id}/reports")))
        .json(&json!({"reason": "personal"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reported.status(), 201);
    // Nothing is pending: the report alone is what waits. The next look is a restart.
    server.kill();
    let _server = start(&database, &flags, &["--moderation", "off"]);
    // The asker's mail that the question is online may come first, from either server.
    let digest = mail_to(&sink, "moderator@example.nl").await;
    assert_eq!(
        digest.subject,
        "Elders: 0 vragen, 0 antwoorden en 1 melding wachten op een moderator"
    );
    assert!(
        digest
            .text
            .contains("Gemeld door lezers:\n- Wie heeft ervaring met slimme meters"),
        "{}",
        digest.text
    );
}

/// The first mail the sink received for `to`, waiting for it as long as [`PATIENCE`].
async fn mail_to(sink: &MailSink, to: &str) -> Mail {
    let mut count = 1;
    loop {
        let mails = sink.wait_for(count, PATIENCE).await;
        if let Some(mail) = mails.iter().find(|m| m.to.iter().any(|t| t == to)) {
            return mail.clone();
        }
        count = mails.len() + 1;
    }
}

#[tokio::test]
async fn without_an_smtp_server_nothing_offers_or_queues_mail() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &["--moderation", "off"]);
    let client = Client::new();
    let listed = get_json(&client, server.url("/api/questions")).await;
    assert!(listed.get("_elders_mail").is_none(), "{listed}");
    ask(&client, &server, "geen-mail@example.nl", false, "nl").await;
    let reply: Value = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "asks-anyway")
        .json(&json!({"question": "Mag ik toch mail over de antwoorden op deze vraag?", "email": "a@example.nl", "notify": true}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reply["notify"], json!(false), "{reply}");
    assert!(mail_list(&database, "").contains("queued 0"));
}
