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
//!   each time, to one of those questions;
//! - on that same database, a server with a 10,000-item feed: `GET /feed.json` with gzip,
//!   and `GET /embed?topics=…` (the cards for an iframe: the feed ranked for the page,
//!   the questions on its topics with their answers, rendered) answered `200` from the
//!   page the server kept, `200` with another title on each request (ranked and written
//!   anew, the questions still kept), and `304` with `If-None-Match`, as a browser
//!   revalidating the frame sends;
//! - the same answers on the same database, on a server that sends mail to postfix's
//!   `smtp-sink` ([`elders_bench::smtp_sink`], which discards what it takes), to a question
//!   asked with `notify` and an address: each answer queues a mail in its own transaction
//!   while the sender sends in the background. `elders mail list` reads the outbox as the
//!   measured seconds begin and end, and the run fails unless mail was sent meanwhile;
//! - the mail backlog: 10,000 new questions that ask for mail, posted to a server whose
//!   SMTP server is down (a closed port, retried after an hour), so 10,000 mails wait;
//!   `elders mail retry` makes them due, and a server sending to smtp-sink is timed from its
//!   start until `elders mail list` (every 100 ms) counts them all sent.
//!
//! Each HTTP scenario: 16 connections kept alive, 1 s of warm-up, then 10 s measured;
//! requests per second, median, p99 and the slowest latency; any unexpected status is
//! counted and fails the run. The load generator runs on the same machine as the server.
//! The tables go into `docs/benchmarks.md` between the `server` markers.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use elders_bench::elders_server::EldersServer;
use elders_bench::grow_corpus;
use elders_bench::report::{machine, write_section};
use elders_bench::smtp_sink::{self, SmtpSink};
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
/// The feed of the `/embed` scenarios: as large as the ranking benchmarks' largest.
const EMBED_FEED_ITEMS: usize = 10_000;
/// An iframe's link as `/setup` writes it: topics, the reader's organisation, the title.
const EMBED_PATH: &str = "/embed?topics=klantcontact%2C+spraaktechnologie\
    &organisation=Gemeente+Utrecht&lang=nl&limit=6&title=Spraak+in+het+klantcontact+%E2%80%93+Intranet";
/// The same link without its title, which [`embed_title`] adds per request.
const EMBED_PATH_WITHOUT_TITLE: &str = "/embed?topics=klantcontact%2C+spraaktechnologie\
    &organisation=Gemeente+Utrecht&lang=nl&limit=6";
/// The questions, and answers to each, on the database the answer scenarios run on.
const QUESTIONS: usize = 1_000;
const ANSWERS_PER_QUESTION: usize = 5;
/// The queued mails the drain scenario starts from.
const BACKLOG: usize = 10_000;
/// How often the drain scenario asks `elders mail list` how far the sender is.
const DRAIN_POLL: Duration = Duration::from_millis(100);
/// Longest the drain may take before the run fails.
const DRAIN_LIMIT: Duration = Duration::from_secs(600);
/// The asker's address on the questions that ask for mail.
const ASKER: &str = "asker@bench.example";

type HttpClient = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

struct Args {
    root: PathBuf,
    elders_bin: PathBuf,
    postgres: String,
    smtp_sink: PathBuf,
}

fn args() -> Result<Args> {
    let all: Vec<String> = std::env::args().skip(1).collect();
    let get = |name: &str| -> Result<String> {
        all.iter()
            .position(|a| a == name)
            .and_then(|i| all.get(i + 1))
            .cloned()
            .with_context(|| {
                format!(
                    "usage: load --root DIR --elders-bin PATH --postgres URL --smtp-sink PATH \
                     (missing {name})"
                )
            })
    };
    Ok(Args {
        root: get("--root")?.into(),
        elders_bin: get("--elders-bin")?.into(),
        postgres: get("--postgres")?,
        smtp_sink: get("--smtp-sink")?.into(),
    })
}

/// One kind of request.
struct Scenario {
    name: &'static str,
    method: Method,
    path: String,
    headers: Vec<(&'static str, String)>,
    /// Appended to `path` with request number `n`, for requests that must each differ
    /// (a page nothing has been kept for).
    vary: Option<fn(u64) -> String>,
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

/// A host page title of its own for request `n`, so that no page is kept for it.
fn embed_title(n: u64) -> String {
    format!("&title=Spraak+in+het+klantcontact+{n}+%E2%80%93+Intranet")
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

/// A question whose asker wants mail: when it is published, and for each answer.
fn question_with_mail(n: u64) -> Bytes {
    Bytes::from(
        serde_json::json!({
            "question": format!("Vraag {n}: wie heeft ervaring met spraakherkenning in het klantcontact?"),
            "topics": ["spraaktechnologie", "klantcontact"],
            "consent_contact": false,
            "email": ASKER,
            "notify": true
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

/// POSTs each body to its path under a key of its own (starting with `keys`, unique to
/// the database), [`CONNECTIONS`] at a time, and returns the ids of what was stored, in
/// the order of `posts`.
async fn store_all(
    client: &HttpClient,
    base: &str,
    keys: &'static str,
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
                    .header("idempotency-key", format!("{keys}-{n}-{path}"))
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
    let ids = store_all(client, base, "seed", questions).await?;
    let answers = (0..QUESTIONS * ANSWERS_PER_QUESTION)
        .map(|n| {
            let path = format!("/api/questions/{}/answers", ids[n / ANSWERS_PER_QUESTION]);
            (path, answer(n as u64))
        })
        .collect();
    store_all(client, base, "seed", answers).await?;
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
        let path = scenario.path.clone();
        let vary = scenario.vary;
        let base = base.to_string();
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
                let url = match vary {
                    Some(vary) => format!("{base}{path}{}", vary(n)),
                    None => format!("{base}{path}"),
                };
                let mut request = Request::builder().method(method.clone()).uri(&url);
                for (name, value) in &headers {
                    request = request.header(*name, value);
                }
                if body.is_some() {
                    // Unique per request and path: two scenarios may post to one database.
                    request = request.header("content-type", "application/json").header(
                        "idempotency-key",
                        format!("load-{n}-{}-{path}", std::process::id()),
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

/// Where a server sends mail: the SMTP server's URL, the wait before a mail it could not
/// send is tried again, and whether that server is down on purpose (then the sender's
/// warning for each mail it could not send is not shown).
struct MailTo<'a> {
    smtp_url: &'a str,
    retry: Duration,
    down: bool,
}

/// `elders serve` on `database` with `feed`, open to any number of new questions, sending
/// mail when `mail` says where.
fn start_server(
    bin: &Path,
    database: &str,
    feed: &Path,
    mail: Option<MailTo>,
) -> Result<EldersServer> {
    let mut args: Vec<std::ffi::OsString> = vec![
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
    let mut log = "warn";
    if let Some(mail) = mail {
        if mail.down {
            log = "error";
        }
        args.extend([
            "--smtp-url".into(),
            mail.smtp_url.into(),
            "--mail-from".into(),
            "Elders <elders@bench.example>".into(),
            "--public-url".into(),
            "https://elders.bench.example".into(),
            "--mail-retry".into(),
            mail.retry.as_secs().to_string().into(),
        ]);
    }
    EldersServer::start(bin, &args, log)
}

/// The outbox's mails by state, as `elders mail list` counts them.
#[derive(Debug, Clone, Copy, Default)]
struct MailCounts {
    queued: u64,
    sent: u64,
    failed: u64,
    dropped: u64,
}

/// `elders mail list --database URL`: `queued N  sent N  failed N  dropped N`.
fn mail_counts(bin: &Path, database: &str) -> Result<MailCounts> {
    let output = Command::new(bin)
        .args(["mail", "list", "--database", database])
        .env("ELDERS_LOG", "warn")
        .output()
        .with_context(|| format!("cannot run {} mail list", bin.display()))?;
    if !output.status.success() {
        bail!(
            "elders mail list failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let line = String::from_utf8_lossy(&output.stdout).into_owned();
    let mut counts = MailCounts::default();
    let mut words = line.split_whitespace();
    while let (Some(state), Some(n)) = (words.next(), words.next()) {
        let n: u64 = n
            .parse()
            .with_context(|| format!("elders mail list printed {line:?}"))?;
        match state {
            "queued" => counts.queued = n,
            "sent" => counts.sent = n,
            "failed" => counts.failed = n,
            "dropped" => counts.dropped = n,
            _ => bail!("elders mail list printed {line:?}"),
        }
    }
    Ok(counts)
}

/// `elders mail retry --database URL`: every queued mail due now.
fn mail_retry(bin: &Path, database: &str) -> Result<()> {
    let status = Command::new(bin)
        .args(["mail", "retry", "--database", database])
        .env("ELDERS_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("cannot run {} mail retry", bin.display()))?;
    if !status.success() {
        bail!("elders mail retry failed ({status})");
    }
    Ok(())
}

/// What the answer scenario with mail saw of the sender: the outbox at the end of the
/// warm-up and at the end of the measured seconds.
struct MailDuring {
    before: MailCounts,
    after: MailCounts,
}

/// How long a server took to hand a backlog to the SMTP server.
struct Drained {
    mails: u64,
    seconds: f64,
}

/// Fills `database` with [`BACKLOG`] queued mails (new questions that ask for mail, on a
/// server whose SMTP server is down and retries only after an hour), makes them all due,
/// then times a server with `smtp_sink` from its start until `elders mail list` counts
/// them all sent.
async fn drain_backlog(
    client: &HttpClient,
    args: &Args,
    database: &str,
    feed: &Path,
) -> Result<Drained> {
    let down = smtp_sink::closed_url()?;
    let server = start_server(
        &args.elders_bin,
        database,
        feed,
        Some(MailTo {
            smtp_url: &down,
            retry: Duration::from_secs(3600),
            down: true,
        }),
    )?;
    let questions = (0..BACKLOG as u64)
        .map(|n| ("/api/questions".to_string(), question_with_mail(n)))
        .collect();
    store_all(client, &server.base, "backlog", questions).await?;
    drop(server);
    let filled = mail_counts(&args.elders_bin, database)?;
    if filled.queued != BACKLOG as u64 || filled.sent > 0 {
        bail!("the backlog should be {BACKLOG} queued mails, the outbox holds {filled:?}");
    }
    mail_retry(&args.elders_bin, database)?;

    let sink = SmtpSink::start(&args.smtp_sink)?;
    let start = Instant::now();
    let mut server = start_server(
        &args.elders_bin,
        database,
        feed,
        Some(MailTo {
            smtp_url: &sink.url,
            retry: Duration::from_secs(3600),
            down: false,
        }),
    )?;
    let counts = loop {
        let counts = mail_counts(&args.elders_bin, database)?;
        if counts.queued == 0 {
            break counts;
        }
        if let Some(status) = server.exited() {
            bail!("the server stopped ({status}) before it sent the backlog: {counts:?}");
        }
        if start.elapsed() > DRAIN_LIMIT {
            bail!("the backlog was not sent within {DRAIN_LIMIT:?}: {counts:?}");
        }
        tokio::time::sleep(DRAIN_POLL).await;
    };
    let seconds = start.elapsed().as_secs_f64();
    drop(server);
    drop(sink);
    if counts.sent != BACKLOG as u64 {
        bail!("of the backlog of {BACKLOG} mails, not all were sent: {counts:?}");
    }
    Ok(Drained {
        mails: counts.sent,
        seconds,
    })
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
    feed.items = grow_corpus(&base.items, EMBED_FEED_ITEMS);
    let large_feed_path = work.join("feed-10000.json");
    std::fs::write(&large_feed_path, serde_json::to_vec(&feed)?)?;

    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(CONNECTIONS)
        .build_http();

    // One database for the first scenarios, another that holds exactly the questions and
    // answers the answer scenarios name, and one for the mail backlog.
    let pg_databases = ["elders_load", "elders_load_answers", "elders_load_backlog"];
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
            format!("sqlite://{}", work.join("backlog.db").display()),
        ),
        (
            format!("PostgreSQL {}", postgres_version(&args.postgres)),
            format!("{}/{}", args.postgres, pg_databases[0]),
            format!("{}/{}", args.postgres, pg_databases[1]),
            format!("{}/{}", args.postgres, pg_databases[2]),
        ),
    ];

    let mut rows = Vec::new();
    let mut mail_during = Vec::new();
    let mut drained = Vec::new();
    for (backend, url, answers_url, backlog_url) in &backends {
        let server = start_server(&args.elders_bin, url, &feed_path, None)?;
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
                vary: None,
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /feed.json, 200 (gzip)",
                method: Method::GET,
                path: "/feed.json".into(),
                headers: vec![("accept-encoding", "gzip".into())],
                vary: None,
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
                vary: None,
                body: None,
                expect: StatusCode::NOT_MODIFIED,
            },
            Scenario {
                name: "POST /api/questions (new question)",
                method: Method::POST,
                path: "/api/questions".into(),
                headers: Vec::new(),
                vary: None,
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

        let server = start_server(&args.elders_bin, answers_url, &feed_path, None)?;
        let questions = store_questions_and_answers(&client, &server.base).await?;
        let scenarios = [
            Scenario {
                name: "GET /api/questions?topics=… (50 of 1,000 questions, 250 answers)",
                method: Method::GET,
                path: "/api/questions?topics=klantcontact".into(),
                headers: Vec::new(),
                vary: None,
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /api/questions?limit=200 (200 of 1,000 questions, 1,000 answers)",
                method: Method::GET,
                path: "/api/questions?limit=200".into(),
                headers: Vec::new(),
                vary: None,
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "POST /api/questions/{id}/answers (new answer)",
                method: Method::POST,
                path: format!("/api/questions/{}/answers", questions[0]),
                headers: Vec::new(),
                vary: None,
                body: Some(answer),
                expect: StatusCode::CREATED,
            },
        ];
        for scenario in &scenarios {
            let measured = measure(&client, &server.base, scenario).await?;
            report(backend, scenario, &measured);
            rows.push((backend.clone(), scenario.name, measured, feed_bytes));
        }
        drop(server);

        // The same questions and answers, with the 10,000-item feed: the cards in an iframe.
        let server = start_server(&args.elders_bin, answers_url, &large_feed_path, None)?;
        // The first request builds the index for this feed version; its ETag is the one a
        // browser revalidates with.
        let first = client
            .request(
                Request::get(format!("{}{EMBED_PATH}", server.base))
                    .body(Full::new(Bytes::new()))?,
            )
            .await?;
        if first.status() != StatusCode::OK {
            bail!("GET {EMBED_PATH}: {}", first.status());
        }
        let embed_etag = first.headers()["etag"].to_str()?.to_string();
        let page = first.into_body().collect().await?.to_bytes();
        let cards = page
            .windows(b"class=\"elders-card\"".len())
            .filter(|w| *w == b"class=\"elders-card\"")
            .count();
        if cards == 0 {
            bail!("GET {EMBED_PATH} shows no cards");
        }
        let scenarios = [
            Scenario {
                name: "GET /feed.json, 200 (gzip), 10,000 items",
                method: Method::GET,
                path: "/feed.json".into(),
                headers: vec![("accept-encoding", "gzip".into())],
                vary: None,
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /embed?topics=…, 200 (10,000 items, 5 questions; the page as kept)",
                method: Method::GET,
                path: EMBED_PATH.into(),
                headers: Vec::new(),
                vary: None,
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name:
                    "GET /embed?topics=…, 200, each request another title (ranked and written anew)",
                method: Method::GET,
                path: EMBED_PATH_WITHOUT_TITLE.into(),
                headers: Vec::new(),
                vary: Some(embed_title),
                body: None,
                expect: StatusCode::OK,
            },
            Scenario {
                name: "GET /embed?topics=…, 304 (If-None-Match)",
                method: Method::GET,
                path: EMBED_PATH.into(),
                headers: vec![("if-none-match", embed_etag)],
                vary: None,
                body: None,
                expect: StatusCode::NOT_MODIFIED,
            },
        ];
        for scenario in &scenarios {
            let measured = measure(&client, &server.base, scenario).await?;
            report(backend, scenario, &measured);
            rows.push((backend.clone(), scenario.name, measured, feed_bytes));
        }
        drop(server);

        // The same database, now on a server that sends mail to a running SMTP server; the
        // question answered asks for mail, so each answer queues one in its transaction.
        let sink = SmtpSink::start(&args.smtp_sink)?;
        let server = start_server(
            &args.elders_bin,
            answers_url,
            &feed_path,
            Some(MailTo {
                smtp_url: &sink.url,
                retry: Duration::from_secs(30),
                down: false,
            }),
        )?;
        let asked = store_all(
            &client,
            &server.base,
            "asker",
            vec![("/api/questions".to_string(), question_with_mail(0))],
        )
        .await?;
        let scenario = Scenario {
            name: "POST /api/questions/{id}/answers (new answer), the asker gets mail",
            method: Method::POST,
            path: format!("/api/questions/{}/answers", asked[0]),
            headers: Vec::new(),
            vary: None,
            body: Some(answer),
            expect: StatusCode::CREATED,
        };
        // The outbox as the measured seconds begin, read while the load runs.
        let before = {
            let (bin, database) = (args.elders_bin.clone(), answers_url.clone());
            tokio::spawn(async move {
                tokio::time::sleep(WARM_UP).await;
                tokio::task::spawn_blocking(move || mail_counts(&bin, &database)).await?
            })
        };
        let measured = measure(&client, &server.base, &scenario).await?;
        let after = mail_counts(&args.elders_bin, answers_url)?;
        let before = before.await??;
        drop(server);
        drop(sink);
        report(backend, &scenario, &measured);
        println!(
            "{backend:<18} mail during the 10 s: {} sent, {} queued at the end, {} failed",
            after.sent - before.sent,
            after.queued,
            after.failed
        );
        if after.sent <= before.sent || after.failed > 0 {
            bail!("{backend}: no mail flowed while answering: {before:?} → {after:?}");
        }
        rows.push((backend.clone(), scenario.name, measured, feed_bytes));
        mail_during.push((backend.clone(), MailDuring { before, after }));

        let drain = drain_backlog(&client, &args, backlog_url, &feed_path).await?;
        println!(
            "{backend:<18} backlog of {BACKLOG} mails sent in {:.1} s: {:.0} mails/s",
            drain.seconds,
            drain.mails as f64 / drain.seconds
        );
        drained.push((backend.clone(), drain));
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
         ({feed_bytes} bytes gzip-compressed), {EMBED_FEED_ITEMS} where a row says so; the \
         answer and `/embed` scenarios run on a database of {QUESTIONS} published questions \
         with {ANSWERS_PER_QUESTION} published answers each.\n\n",
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
    table.push_str(
        "\nMail while answering (the row above marked \"the asker gets mail\"): the outbox \
         when the measured seconds began and when they ended.\n\n\
         | database | answers published | mails sent meanwhile | queued at the end |\n\
         |---|---:|---:|---:|\n",
    );
    let answered = rows.iter().filter(|r| r.1.ends_with("gets mail"));
    for ((backend, during), (_, _, m, _)) in mail_during.iter().zip(answered) {
        table.push_str(&format!(
            "| {backend} | {} | {} | {} |\n",
            m.requests,
            during.after.sent - during.before.sent,
            during.after.queued
        ));
    }
    table.push_str(&format!(
        "\nMails handed to the SMTP server per second, from a backlog of {BACKLOG} (from the \
         server's start until `elders mail list` counts them all sent, polled every {} ms):\n\n\
         | database | mails | time | mails/s |\n|---|---:|---:|---:|\n",
        DRAIN_POLL.as_millis()
    ));
    for (backend, drain) in &drained {
        table.push_str(&format!(
            "| {backend} | {} | {:.1} s | {:.0} |\n",
            drain.mails,
            drain.seconds,
            drain.mails as f64 / drain.seconds
        ));
    }
    write_section(&args.root.join("docs/benchmarks.md"), "server", &table)?;
    println!("\nWritten to docs/benchmarks.md.");
    Ok(())
}
