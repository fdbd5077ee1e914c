//! Proof that nothing is lost: the server is killed with SIGKILL in the middle of a stream
//! of concurrent questions, and restarted on the same database. Every question that got a
//! `201` must be there, and after the senders resend what failed (as the widget's queue
//! does, with the same idempotency key) every question is there exactly once.
//!
//! Runs on SQLite, and on PostgreSQL when `ELDERS_TEST_DATABASE` says so.

mod support;

use std::collections::{BTreeMap, HashMap};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::{Database, Server};

/// Questions sent in all.
const QUESTIONS: usize = 300;
/// The server is killed once this many have been answered `201`.
const KILL_AFTER: usize = 100;

fn question(i: usize) -> Value {
    json!({
        "question": format!("Vraag {i:04}: wie heeft al een pilot met slimme meters gedaan?"),
        "topics": ["energie", "slimme meters"],
        "page_url": "https://intranet.example/energie",
        "consent_contact": false
    })
}

async fn send(client: &Client, base: &str, i: usize) -> Result<String, String> {
    let response = client
        .post(format!("{base}/api/questions"))
        .header("idempotency-key", format!("durable-{i}"))
        .json(&question(i))
        .send()
        .await
        .map_err(|e| format!("not sent: {e}"))?;
    let status = response.status();
    let body: Value = response
        .json()
        .await
        .map_err(|e| format!("no answer: {e}"))?;
    if status == StatusCode::CREATED {
        Ok(body["id"].as_str().unwrap_or_default().to_string())
    } else {
        Err(format!("{status}: {body}"))
    }
}

/// Every stored question, as `(id, question text)`, read with the `elders questions` CLI.
fn stored(database: &str) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_elders"))
        .args([
            "questions",
            "list",
            "--status",
            "approved",
            "--database",
            database,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| {
            let id = line.split_whitespace().next().unwrap().to_string();
            let text = line.split("]  ").nth(1).unwrap_or_default().to_string();
            (id, text)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_stream_loses_no_question_and_stores_none_twice() {
    let database = Database::fresh();
    let args = ["--moderation", "off", "--rate-limit", "0"];
    let mut server = Server::start_on(&database, &args);
    let client = Client::new();
    let answered = Arc::new(AtomicUsize::new(0));
    let pid = server.pid();

    let mut tasks = Vec::new();
    for i in 0..QUESTIONS {
        let (client, base, answered) = (client.clone(), server.base.clone(), answered.clone());
        tasks.push(tokio::spawn(async move {
            let result = send(&client, &base, i).await;
            if result.is_ok() && answered.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                let killed = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status()
                    .unwrap();
                assert!(killed.success());
            }
            (i, result)
        }));
    }
    let mut first: BTreeMap<usize, Result<String, String>> = BTreeMap::new();
    for task in tasks {
        let (i, result) = task.await.unwrap();
        first.insert(i, result);
    }
    server.kill();
    let created: HashMap<usize, String> = first
        .iter()
        .filter_map(|(i, r)| Some((*i, r.as_ref().ok()?.clone())))
        .collect();
    assert!(
        created.len() >= KILL_AFTER && created.len() < QUESTIONS,
        "the kill came mid-stream: {} of {QUESTIONS} answered",
        created.len()
    );

    eprintln!(
        "{} of {QUESTIONS} questions answered 201 before and around the kill",
        created.len()
    );

    // Every 201 survived the kill.
    let after_kill = stored(&database.url);
    let ids: HashMap<&str, &str> = after_kill
        .iter()
        .map(|(id, text)| (id.as_str(), text.as_str()))
        .collect();
    for (i, id) in &created {
        assert!(
            ids.contains_key(id.as_str()),
            "question {i} got a 201 (id {id}) but is gone after the kill"
        );
    }

    // The senders resend everything that failed, and some that did not (a reply can be lost
    // on the way), with the same keys.
    let restarted = Server::start_on(&database, &args);
    for i in 0..QUESTIONS {
        let result = send(&client, &restarted.base, i).await;
        let id = result.unwrap_or_else(|e| panic!("resending question {i}: {e}"));
        if let Some(before) = created.get(&i) {
            assert_eq!(
                &id, before,
                "a resend of question {i} returns the stored one"
            );
        }
    }

    let all = stored(&database.url);
    assert_eq!(all.len(), QUESTIONS, "every question once, none twice");
    let mut texts: Vec<&str> = all.iter().map(|(_, text)| text.as_str()).collect();
    texts.sort_unstable();
    texts.dedup();
    assert_eq!(texts.len(), QUESTIONS, "no question text is stored twice");
}
