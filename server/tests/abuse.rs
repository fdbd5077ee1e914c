//! The questions API under abuse, over real HTTP (and raw TCP where a well-behaved client
//! library refuses to send the bytes): malformed JSON, wrong types, huge and endless bodies,
//! deep nesting, invalid UTF-8, control characters, SQL-looking text and header abuse. Each
//! gets a clear `4xx` with a JSON reason, and nothing is stored that should not be.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use support::{get_json, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn question() -> Value {
    json!({
        "question": "Wie heeft al eens een chatbot voor het klantcontact ingezet?",
        "topics": ["chatbots", "klantcontact"],
        "consent_contact": false
    })
}

async fn post_raw(
    client: &Client,
    server: &Server,
    key: &str,
    content_type: &str,
    body: Vec<u8>,
) -> reqwest::Response {
    client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

/// The status and the JSON error's `code`; fails when the error is not JSON.
async fn refusal(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    let is_json = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let text = response.text().await.unwrap();
    assert!(is_json, "{status}: the error is not JSON: {text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    let message = body["error"].as_str().unwrap_or_default();
    assert!(
        !message.is_empty(),
        "{status}: the error says nothing: {body}"
    );
    (
        status,
        body["code"].as_str().unwrap_or_default().to_string(),
    )
}

async fn published_count(client: &Client, server: &Server) -> usize {
    let feed = get_json(client, server.url("/api/questions?limit=200")).await;
    feed["items"].as_array().unwrap().len()
}

/// Sends raw bytes over TCP and returns the status code of the answer.
async fn raw_status(server: &Server, request: &[u8]) -> u16 {
    let address = server.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    // Enough to read the status line; the server may close early on an oversized request.
    while !answer.windows(2).any(|w| w == b"\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => answer.extend_from_slice(&buf[..n]),
        }
    }
    let line = String::from_utf8_lossy(&answer);
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP status in {line:?}"))
}

fn raw_post(server: &Server, headers: &[u8], body: &[u8]) -> Vec<u8> {
    let host = server.base.trim_start_matches("http://");
    let mut request = format!(
        "POST /api/questions HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(headers);
    request.extend_from_slice(b"\r\n");
    request.extend_from_slice(body);
    request
}

#[tokio::test]
async fn broken_and_mistyped_json_gets_a_clear_400_and_stores_nothing() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("cut off", br#"{"question": "Wie heeft"#.to_vec()),
        ("empty", Vec::new()),
        ("an array", b"[]".to_vec()),
        ("null", b"null".to_vec()),
        ("a string", br#""Wie heeft al eens een chatbot ingezet?""#.to_vec()),
        ("trailing garbage", [serde_json::to_vec(&question()).unwrap(), b" x".to_vec()].concat()),
        (
            "question as a number",
            br#"{"question": 5, "topics": [], "consent_contact": false}"#.to_vec(),
        ),
        (
            "topics as a string",
            br#"{"question": "Wie heeft al eens een chatbot ingezet?", "topics": "chatbots", "consent_contact": false}"#.to_vec(),
        ),
        (
            "consent as a word",
            br#"{"question": "Wie heeft al eens een chatbot ingezet?", "topics": [], "consent_contact": "ja"}"#.to_vec(),
        ),
        (
            "a field twice",
            br#"{"question": "Wie heeft al eens een chatbot ingezet?", "question": "Of toch niet?", "topics": [], "consent_contact": false}"#.to_vec(),
        ),
        (
            "an unknown field",
            br#"{"question": "Wie heeft al eens een chatbot ingezet?", "topics": [], "consent_contact": false, "status": "approved"}"#.to_vec(),
        ),
        (
            "deep nesting",
            format!(r#"{{"question": "Wie heeft al eens een chatbot ingezet?", "topics": {deep}, "consent_contact": false}}"#).into_bytes(),
        ),
        (
            "invalid UTF-8",
            [
                br#"{"question": "Wie heeft al eens een chatbot "#.to_vec(),
                vec![0xff, 0xfe, 0xc3],
                br#" ingezet?", "topics": [], "consent_contact": false}"#.to_vec(),
            ]
            .concat(),
        ),
        (
            "a lone surrogate",
            br#"{"question": "Wie heeft al eens een chatbot \ud800 ingezet?", "topics": [], "consent_contact": false}"#.to_vec(),
        ),
    ];
    for (i, (what, body)) in cases.into_iter().enumerate() {
        let response = post_raw(
            &client,
            &server,
            &format!("bad-{i}"),
            "application/json",
            body,
        )
        .await;
        let (status, code) = refusal(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(code, "invalid_json", "{what}");
    }
    assert_eq!(published_count(&client, &server).await, 0);
    let fine = post_raw(
        &client,
        &server,
        "good",
        "application/json",
        serde_json::to_vec(&question()).unwrap(),
    )
    .await;
    assert_eq!(fine.status(), StatusCode::CREATED, "the server is unharmed");
}

#[tokio::test]
async fn invisible_characters_are_refused_field_by_field() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    for (i, (field, sneaky)) in [
        ("question", "\u{0}"),
        ("question", "\u{1b}[2J"),
        ("question", "\u{202e}"),
        ("topics", "\u{7}"),
        ("name", "\u{2066}"),
        ("organisation", "\u{8}"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = question();
        match field {
            "topics" => body["topics"] = json!([format!("chat{sneaky}bots")]),
            "question" => {
                body["question"] = json!(format!("Wie heeft al eens {sneaky} een chatbot ingezet?"))
            }
            _ => body[field] = json!(format!("Sam{sneaky} de Vries")),
        }
        let response = client
            .post(server.url("/api/questions"))
            .header("idempotency-key", format!("sneaky-{i}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        let (status, code) = refusal(response).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field} {sneaky:?}"
        );
        assert_eq!(code, "control_characters", "{field} {sneaky:?}");
    }
    assert_eq!(published_count(&client, &server).await, 0);
}

#[tokio::test]
async fn huge_and_endless_bodies_get_413() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let mut huge = question();
    huge["question"] = json!("Wie weet dit? ".repeat(100_000));
    let response = post_raw(
        &client,
        &server,
        "huge",
        "application/json",
        serde_json::to_vec(&huge).unwrap(),
    )
    .await;
    let (status, code) = refusal(response).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large")
    );

    // Chunked, with no length announced: refused once it passes the limit, not read to the end.
    let host = server.base.trim_start_matches("http://");
    let mut request = format!(
        "POST /api/questions HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: endless\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .into_bytes();
    let chunk = "a".repeat(8_192);
    for _ in 0..8 {
        request.extend_from_slice(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes());
    }
    assert_eq!(raw_status(&server, &request).await, 413);
    assert_eq!(published_count(&client, &server).await, 0);
}

#[tokio::test]
async fn sql_looking_text_is_stored_and_shown_as_plain_text() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let sneaky_question = "Robert'); DROP TABLE questions; -- wie heeft hier ervaring mee?";
    let sneaky_topic = "' OR '1'='1";
    let body = json!({
        "question": sneaky_question,
        "topics": [sneaky_topic, "x\"; DELETE FROM rate_windows; --"],
        "organisation": "1; UPDATE questions SET status = 'approved'",
        "consent_contact": false
    });
    let response = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "';DROP/**/TABLE/**/questions;--")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.unwrap();
    assert_eq!(stored["question"], sneaky_question);
    assert_eq!(stored["organisation"], body["organisation"]);

    let listed = |query: String| {
        let client = client.clone();
        async move {
            get_json(&client, query).await["items"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let url =
        reqwest::Url::parse_with_params(&server.url("/api/questions"), &[("topics", sneaky_topic)])
            .unwrap();
    let items = listed(url.to_string()).await;
    assert_eq!(items.len(), 1, "the topic is matched as text");
    assert_eq!(items[0]["content_text"], sneaky_question);
    let url = reqwest::Url::parse_with_params(
        &server.url("/api/questions"),
        &[("topics", "nothing' OR 1=1 --")],
    )
    .unwrap();
    assert!(
        listed(url.to_string()).await.is_empty(),
        "no injection through the query"
    );

    let again = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "after-the-injection")
        .json(&question())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CREATED, "the tables are intact");
    assert_eq!(published_count(&client, &server).await, 2);
}

#[tokio::test]
async fn abused_headers_get_clear_refusals() {
    let server = Server::start(&["--moderation", "off", "--rate-limit", "0"]);
    let client = Client::new();
    let body = || serde_json::to_vec(&question()).unwrap();

    let long_key = "k".repeat(201);
    let (status, code) =
        refusal(post_raw(&client, &server, &long_key, "application/json", body()).await).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::BAD_REQUEST, "idempotency_key_invalid")
    );
    let (status, code) =
        refusal(post_raw(&client, &server, "with space", "application/json", body()).await).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::BAD_REQUEST, "idempotency_key_invalid")
    );

    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
    ] {
        let (status, code) =
            refusal(post_raw(&client, &server, "ct", content_type, body()).await).await;
        assert_eq!(
            (status, code.as_str()),
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"),
            "{content_type}"
        );
    }

    let two_keys = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "first")
        .header("idempotency-key", "second")
        .json(&question())
        .send()
        .await
        .unwrap();
    let (status, code) = refusal(two_keys).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::BAD_REQUEST, "idempotency_key_invalid"),
        "two keys are ambiguous"
    );

    // Bytes a client library will not send: a key and an Origin that are not ASCII.
    let request = raw_post(
        &server,
        b"Content-Type: application/json\r\nIdempotency-Key: caf\xc3\xa9\r\n",
        &body(),
    );
    assert_eq!(raw_status(&server, &request).await, 400);
    let request = raw_post(
        &server,
        b"Content-Type: application/json\r\nIdempotency-Key: origin\r\nOrigin: https://\xff\xfe.example\r\n",
        &body(),
    );
    assert_eq!(raw_status(&server, &request).await, 403);
    // A header far larger than any real one.
    let huge = format!(
        "Content-Type: application/json\r\nIdempotency-Key: huge\r\nX-Padding: {}\r\n",
        "p".repeat(200_000)
    );
    let status = raw_status(&server, &raw_post(&server, huge.as_bytes(), &body())).await;
    assert_eq!(status, 431, "oversized headers");
    // A wild Accept-Language still gets an answer in a language.
    let wild = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "lang")
        .header("accept-language", "xx;q=abc, ".repeat(2_000))
        .header("content-type", "application/json")
        .body(r#"{"question": "Kort?", "topics": [], "consent_contact": false}"#)
        .send()
        .await
        .unwrap();
    let (status, code) = refusal(wild).await;
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "too_short")
    );

    assert_eq!(
        published_count(&client, &server).await,
        0,
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off() {
    let server = Server::start(&["--header-timeout", "1"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: elders\r\nX-Slow: ")
        .await
        .unwrap();
    // Never finishes its headers: the server hangs up after the timeout.
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match slow.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the slow connection is still open after 10 s"
    );

    // A client that sends its request at once is served as always.
    let health = get_json(&Client::new(), server.url("/healthz")).await;
    assert_eq!(health["status"], "ok");
}

#[tokio::test]
async fn a_body_that_never_finishes_gets_408() {
    let server = Server::start(&["--request-timeout", "1"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(
        b"POST /api/questions HTTP/1.1\r\nHost: elders\r\nContent-Type: application/json\r\n\
          Idempotency-Key: slow-body\r\nContent-Length: 200\r\n\r\n{\"question\": \"Wie",
    )
    .await
    .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        let mut buf = [0u8; 4096];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match slow.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "no answer within 10 s");
    let head = String::from_utf8_lossy(&answer);
    assert!(head.starts_with("HTTP/1.1 408"), "{head}");
    assert_eq!(published_count(&Client::new(), &server).await, 0);
}

#[tokio::test]
async fn connections_over_the_cap_wait_until_one_closes() {
    let server = Server::start(&["--max-connections", "2"]);
    let address = server.base.trim_start_matches("http://").to_string();
    // Two connections that send nothing hold both places.
    let first = tokio::net::TcpStream::connect(&address).await.unwrap();
    let second = tokio::net::TcpStream::connect(&address).await.unwrap();
    let client = Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let waiting = client
        .get(server.url("/healthz"))
        .timeout(std::time::Duration::from_millis(1500))
        .send()
        .await;
    assert!(
        waiting.is_err(),
        "a third connection is not served while two are open"
    );
    drop(first);
    drop(second);
    let served = client
        .get(server.url("/healthz"))
        .timeout(std::time::Duration::from_secs(10))
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK, "served once one closed");
}

#[tokio::test]
async fn an_idle_connection_is_closed_after_the_io_timeout() {
    let server = Server::start(&["--io-timeout", "1", "--header-timeout", "30"]);
    let address = server.base.trim_start_matches("http://").to_string();
    let mut idle = tokio::net::TcpStream::connect(&address).await.unwrap();
    // A request served, then nothing more on the kept-alive connection.
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: elders\r\n\r\n")
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            match idle.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => continue,
            }
        }
    })
    .await;
    assert!(
        closed.is_ok(),
        "the idle connection is still open after 10 s"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "closed by the timeout, not at once"
    );
}
