//! `cargo xtask bench server` runs this: HTTP load on a real `elders serve` (built with the
//! bench profile), once on a SQLite file and once on PostgreSQL, in one run:
//!
//! - `GET /healthz`: one database round trip, the floor every request stands on (the
//!   baseline of this benchmark);
//! - `GET /feed.json` with gzip, a 1,000-item feed: `200` with the body, and `304` with
//!   `If-None-Match`, as a widget revalidating its copy sends;
//! - `POST /api/questions`: a new question each time (its own `Idempotency-Key`), rate
//!   limit off, published at once;
//! - on a second database holding 1,000 published questions with 5 published answers each
//!   (stored through the API before measuring): `GET /api/questions?topics=…` as the widget
//!   asks it (50 questions listed, 250 answers), the same with `limit=200` (the most one
//!   request lists: 1,000 answers), and `POST /api/questions/{id}/answers`, a new answer
//!   each time, to one of those questions.
//!
//! Each scenario: 16 connections kept alive, 1 s of warm-up, then 10 s measured; requests
//! per second, median, p99 and the slowest latency; any unexpected status is counted and
//! fails the run. The load generator runs on the same machine as the server. The table goes
//! into `docs/benchmarks.md` between the `server` markers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use elders_bench::elders_server::EldersServer;
use elders_bench::grow_corpus;
use elders_bench::report::{machine, write_section};
use elders_core::feed::Feed;
use elders_core::validate::parse_feed;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

const CONNECTIONS: usize = 16;
const WARM_UP: Duration = Duration::from_secs(1);
const MEASURED: Duration = Duration::from_secs(10);
const FEED_ITEMS: usize = 1_000;
/// The questions, and answers to each, on the database the answer scenarios run on.
const QUESTIONS: usize = 1_000;
const ANSWERS_PER_QUESTION: usize = 5;

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

struct Args {
    root: PathBuf,
    elders_bin: PathBuf,
    postgres: String,
}

fn args() -> Result<Args> {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| -> Result<String> {
        all.iter()
            .position(|a| a == name)
            .and_then(|i| all.get(i + 1))
            .cloned()
            .with_context(|| {
                format!("usage: load --root DIR --elders-bin PATH --postgres URL (missing {name})")
            })
    };
    Ok(Args {
        root: get("--root")?.into(),
        elders_bin: get("--elders-bin")?.into(),
        postgres: get("--postgres")?,
    })
}

/// One kind of request.
struct Scenario {
    name: &'static str,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    /// A body for request number `n` (each must differ for new questions).
    body: Option<fn(u64) -> Bytes>,
    expect: StatusCode,
}

/// What one scenario measured.
struct Measured {
    requests: usize,
    per_second: f64,
    median_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

fn question(n: u64) -> Bytes {
    Bytes::from(
        serde_json::json!({
            "question": format!("Vraag {n}: wie heeft ervaring met spraakherkenning in het klantcontact?"),
            "topics": ["spraaktechnologie", "klantcontact"],
            "consent_contact": false
        })
        .to_string(),
    )
}

fn answer(n: u64) -> Bytes {
    Bytes::from(
        serde_json::json!({
            "answer": format!("Antwoord {n}: bij de SVB draait een proef met spraakherkenning; bel het lab."),
            "url": "https://svb.example/spraaklab",
            "public_name": false
        })
        .to_string(),
    )
}

/// POSTs each body to its path under a key of its own, [`CONNECTIONS`] at a time, and
/// returns the ids of what was stored, in the order of `posts`.
async fn store_all(
    client: &HttpClient,
    base: &str,
    posts: Vec<(String, Bytes)>,
) -> Result<Vec<String>> {
    let bodies = Arc::new(posts);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CONNECTIONS {
        let (client, bodies, next) = (client.clone(), bodies.clone(), next.clone());
        let base = base.to_string();
        workers.spawn(async move {
            let mut stored = Vec::new();
            loop {
                let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((path, body)) = bodies.get(n) else {
                    return Ok::<_, anyhow::Error>(stored);
                };
                let url = format!("{base}{path}");
                let request = Request::post(&url)
                    .header("content-type", "application/json")
                    .header("idempotency-key", format!("seed-{n}-{path}"))
                    .body(Full::new(body.clone()))?;
                let response = client.request(request).await?;
                if response.status() != StatusCode::CREATED {
                    bail!("storing {url} #{n}: {}", response.status());
                }
                let body = response.into_body().collect().await?.to_bytes();
                let reply: serde_json::Value = serde_json::from_slice(&body)?;
                let id = reply["id"].as_str().context("a stored row has an id")?;
                stored.push((n, id.to_string()));
            }
        });
    }
    let mut ids = vec![String::new(); bodies.len()];
    while let Some(done) = workers.join_next().await {
        for (n, id) in done?? {
            ids[n] = id;
        }
    }
    Ok(ids)
}

/// Fills a fresh server's database with [`QUESTIONS`] questions and
/// [`ANSWERS_PER_QUESTION`] answers to each, all published; returns the questions' ids.
async fn store_questions_and_answers(client: &HttpClient, base: &str) -> Result<Vec<String>> {
    let questions = (0..QUESTIONS as u64)
        .map(|n| ("/api/questions".to_string(), question(n)))
        .collect();
    let ids = store_all(client, base, questions).await?;
    let answers = (0..QUESTIONS * ANSWERS_PER_QUESTION)
        .map(|n| {
            let path = format!("/api/questions/{}/answers", ids[n / ANSWERS_PER_QUESTION]);
            (path, answer(n as u64))
        })
        .collect();
    store_all(client, base, answers).await?;
    Ok(ids)
}

/// Runs `scenario` against `base` with [`CONNECTIONS`] workers.
async fn measure(client: &HttpClient, base: &str, scenario: &Scenario) -> Result<Measured> {
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let start = Instant::now();
    let (warm_until, stop_at) = (start + WARM_UP, start + WARM_UP + MEASURED);
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..CONNECTIONS {
        let client = client.clone();
        let counter = counter.clone();
        let url = format!("{base}{}", scenario.path);
        let (method, headers, body, expect) = (
            scenario.method.clone(),
            scenario.headers.clone(),
            scenario.body,
            scenario.expect,
        );
        workers.spawn(async move {
            let mut latencies: Vec<u32> = Vec::new();
            let mut unexpected = 0usize;
            loop {
                let sent = Instant::now();
                if sent >= stop_at {
                    break;
                }
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let mut request = Request::builder().method(method.clone()).uri(&url);
                for (name, value) in &headers {
                    request = request.header(*name, value);
                }
                if body.is_some() {
                    request = request.header("content-type", "application/json").header(
                        "idempotency-key",
                        format!("load-{n}-{}", std::process::id()),
                    );
                }
                let payload = body.map_or_else(Bytes::new, |make| make(n));
                let request = request.body(Full::new(payload)).expect("a valid request");
                let ok = match client.request(request).await {
                    Ok(response) => {
                        let status = response.status();
                        // Read the whole body: a client that stops early measures nothing.
                        let read = response.into_body().collect().await.is_ok();
                        status == expect && read
                    }
                    Err(_) => false,
                };
                if sent >= warm_until {
                    if ok {
                        latencies.push(sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
                    } else {
                        unexpected += 1;
                    }
                }
            }
            (latencies, unexpected)
        });
    }
    let mut latencies = Vec::new();
    let mut unexpected = 0;
    while let Some(done) = workers.join_next().await {
        let (l, u) = done?;
        latencies.extend(l);
        unexpected += u;
    }
    if unexpected > 0 {
        bail!(
            "{}: {unexpected} requests did not get {}",
            scenario.name,
            scenario.expect
        );
    }
    latencies.sort_unstable();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |&us| f64::from(us) / 1000.0)
    };
    Ok(Measured {
        requests: latencies.len(),
        per_second: latencies.len() as f64 / MEASURED.as_secs_f64(),
        median_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: latencies.last().map_or(0.0, |&us| f64::from(us) / 1000.0),
    })
}

/// `elders serve` on `database` with `feed`, open to any number of new questions.
fn start_server(bin: &Path, database: &str, feed: &Path) -> Result<EldersServer> {
    let args = [
        "--database".into(),
        database.into(),
        "--feed".into(),
        feed.as_os_str().to_owned(),
        "--moderation".into(),
        "off".into(),
        "--rate-limit".into(),
        "0".into(),
        "--retention-days".into(),
        "0".into(),
    ];
    EldersServer::start(bin, &args, "warn")
}

fn psql(server: &str, sql: &str) -> Result<()> {
    let status = Command::new("psql")
        .arg(format!("{server}/postgres"))
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-c", sql])
        .status()
        .context("cannot run psql")?;
    if !status.success() {
        bail!("psql failed on {sql:?}");
    }
    Ok(())
}

fn postgres_version(server: &str) -> String {
    Command::new("psql")
        .arg(format!("{server}/postgres"))
        .args(["-tA", "-c", "SHOW server_version"])
        .output()
        .map(|o| {
            let version = String::from_utf8_lossy(&o.stdout);
            version
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .unwrap_or_default()
}

/// One line on the terminal as each scenario finishes.
fn report(backend: &str, scenario: &Scenario, measured: &Measured) {
    println!(
        "{backend:<18} {:<66} {:>8.0}/s  median {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms",
        scenario.name, measured.per_second, measured.median_ms, measured.p99_ms, measured.max_ms
    );
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    let work = std::env::temp_dir().join(format!("elders-load-{}", std::process::id()));
    std::fs::create_dir_all(&work)?;

    // A 1,000-item feed grown from the sample, as in the start-up benchmark.
    let sample = std::fs::read_to_string(args.root.join("feeds/sample.json"))?;
    let base: Feed = parse_feed(&sample)?.feed;
    let mut feed = base.clone();
    feed.items = grow_corpus(&base.items, FEED_ITEMS);
    let feed_path = work.join("feed.json");
    std::fs::write(&feed_path, serde_json::to_vec(&feed)?)?;

    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(CONNECTIONS)
        .build_http();

    // One database for the first scenarios, another that holds exactly the questions and
    // answers the answer scenarios name.
    let pg_databases = ["elders_load", "elders_load_answers"];
    for name in pg_databases {
        psql(
            &args.postgres,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )?;
        psql(&args.postgres, &format!("CREATE DATABASE {name}"))?;
    }
    let backends = [
        (
            "SQLite".to_string(),
            format!("sqlite://{}", work.join("load.db").display()),
            format!("sqlite://{}", work.join("answers.db").display()),
        ),
        (
            format!("PostgreSQL {}", postgres_version(&args.postgres)),
            format!("{}/{}", args.postgres, pg_databases[0]),
            format!("{}/{}", args.postgres, pg_databases[1]),
        ),
    ];

    let mut rows = Vec::new();
    for (backend, url, answers_url) in &backends {
        let server = start_server(&args.elders_bin, url, &feed_path)?;
        // The gzip ETag, as a widget that has the feed sends it back.
        let first = client
            .request(
                Request::get(format!("{}/feed.json", server.base))
                    .header("accept-encoding", "gzip")
                    .body(Full::new(Bytes::new()))?,
            )
            .await?;
        let etag = first.headers()["etag"].to_str()?.to_string();
        let feed_bytes = first.into_body().collect().await?.to_bytes().len();
        let scenarios = [
            Scenario {
                name: "GET /healthz (baseline: one database round trip)",
                method: Method::GET,
                path: "/healthz".into(),
                headers: Vec::new(),
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /feed.json, 200 (gzip)",
                method: Method::GET,
                path: "/feed.json".into(),
                headers: vec![("accept-encoding", "gzip".into())],
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /feed.json, 304 (If-None-Match)",
                method: Method::GET,
                path: "/feed.json".into(),
                headers: vec![
                    ("accept-encoding", "gzip".into()),
                    ("if-none-match", etag.clone()),
                ],
                body: None,
                expect: StatusCode::NOT_MODIFIED,
            },
            Scenario {
                name: "POST /api/questions (new question)",
                method: Method::POST,
                path: "/api/questions".into(),
                headers: Vec::new(),
                body: Some(question),
                expect: StatusCode::CREATED,
            },
        ];
        for scenario in &scenarios {
            let measured = measure(&client, &server.base, scenario).await?;
            report(backend, scenario, &measured);
            rows.push((backend.clone(), scenario.name, measured, feed_bytes));
        }
        drop(server);

        let server = start_server(&args.elders_bin, answers_url, &feed_path)?;
        let questions = store_questions_and_answers(&client, &server.base).await?;
        let scenarios = [
            Scenario {
                name: "GET /api/questions?topics=… (50 of 1,000 questions, 250 answers)",
                method: Method::GET,
                path: "/api/questions?topics=klantcontact".into(),
                headers: Vec::new(),
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /api/questions?limit=200 (200 of 1,000 questions, 1,000 answers)",
                method: Method::GET,
                path: "/api/questions?limit=200".into(),
                headers: Vec::new(),
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "POST /api/questions/{id}/answers (new answer)",
                method: Method::POST,
                path: format!("/api/questions/{}/answers", questions[0]),
                headers: Vec::new(),
                body: Some(answer),
                expect: StatusCode::CREATED,
            },
        ];
        for scenario in &scenarios {
            let measured = measure(&client, &server.base, scenario).await?;
            report(backend, scenario, &measured);
            rows.push((backend.clone(), scenario.name, measured, feed_bytes));
        }
    }
    for name in pg_databases {
        psql(
            &args.postgres,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )?;
    }
    let _ = std::fs::remove_dir_all(&work);

    let feed_bytes = rows.first().map_or(0, |r| r.3);
    let mut table = String::new();
    table.push_str(&format!(
        "Measured on {}, {} connections, {} s per scenario after {} s of warm-up; the load \
         generator shares the machine with the server. The feed has {FEED_ITEMS} items \
         ({feed_bytes} bytes gzip-compressed); the answer scenarios run on a database of \
         {QUESTIONS} published questions with {ANSWERS_PER_QUESTION} published answers \
         each.\n\n",
        machine(),
        CONNECTIONS,
        MEASURED.as_secs(),
        WARM_UP.as_secs()
    ));
    table.push_str("| database | request | requests/s | median | p99 | slowest |\n");
    table.push_str("|---|---|---:|---:|---:|---:|\n");
    for (backend, name, m, _) in &rows {
        table.push_str(&format!(
            "| {backend} | {name} | {:.0} | {:.2} ms | {:.2} ms | {:.1} ms |\n",
            m.per_second, m.median_ms, m.p99_ms, m.max_ms
        ));
    }
    let total: usize = rows.iter().map(|r| r.2.requests).sum();
    table.push_str(&format!(
        "\n{total} requests measured, every one answered with the expected status.\n"
    ));
    write_section(&args.root.join("docs/benchmarks.md"), "server", &table)?;
    println!("\nWritten to docs/benchmarks.md.");
    Ok(())
}
