//! What the browser tests stand on: the real `elders` binary with the built widget, a
//! second web server for host pages on another origin, and Debian's chromedriver driving
//! headless Chromium.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn elders_bin() -> PathBuf {
    let bin = std::env::var_os("ELDERS_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/elders"));
    assert!(
        bin.is_file(),
        "{} is missing: run the browser tests with `cargo xtask test`",
        bin.display()
    );
    bin
}

fn dist() -> PathBuf {
    let dist = std::env::var_os("ELDERS_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("dist/elders"));
    assert!(
        dist.join("elders.js").is_file(),
        "{} has no widget build: run `cargo xtask test`",
        dist.display()
    );
    dist
}

/// The real Elders server on a free port, with the sample feed and its own SQLite file.
/// It can be stopped and started again on the same port and database, to play an outage.
pub struct EldersServer {
    child: Option<Child>,
    pub base: String,
    extra: Vec<String>,
    dir: tempfile::TempDir,
}

impl EldersServer {
    pub fn start(extra: &[&str]) -> EldersServer {
        let dir = tempfile::tempdir().unwrap();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        let (child, base) = Self::spawn("127.0.0.1:0", dir.path(), &extra);
        EldersServer {
            child: Some(child),
            base,
            extra,
            dir,
        }
    }

    fn spawn(addr: &str, dir: &Path, extra: &[String]) -> (Child, String) {
        let db = format!("sqlite://{}", dir.join("elders.db").display());
        let mut child = Command::new(elders_bin())
            .args(["serve", "--addr", addr, "--database", &db, "--dist"])
            .arg(dist())
            .arg("--feed")
            .arg(repo_root().join("feeds/sample.json"))
            .args(extra)
            .env("ELDERS_LOG", "warn")
            .stdout(Stdio::piped())
            .spawn()
            .expect("the elders binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("Elders is listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_string();
        (child, base)
    }

    /// Stops the server, as in an outage.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port with the same database.
    pub fn restart(&mut self) {
        self.stop();
        let addr = self.base.trim_start_matches("http://").to_string();
        let (child, base) = Self::spawn(&addr, self.dir.path(), &self.extra);
        assert_eq!(base, self.base);
        self.child = Some(child);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The database URL, for the `elders questions` commands.
    pub fn database(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("elders.db").display())
    }

    /// Published questions, through the public API.
    pub async fn published_questions(&self) -> Vec<Value> {
        let feed: Value = reqwest::get(self.url("/api/questions"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        feed["items"].as_array().unwrap().clone()
    }
}

impl Drop for EldersServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A minimal static web server for host pages, on its own port (= its own origin). Pages
/// can be added after it started, so that a page can name a server that must know the
/// site's origin first.
pub struct HostSite {
    pub base: String,
    pages: Arc<Mutex<HashMap<String, String>>>,
    headers: Arc<Mutex<String>>,
}

impl HostSite {
    /// Starts serving; every response carries `headers` (e.g. a Content-Security-Policy).
    pub fn start(headers: Vec<(&str, &str)>) -> HostSite {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let pages: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let site = HostSite {
            base,
            pages: pages.clone(),
            headers: Arc::default(),
        };
        site.set_headers(headers);
        let extra = site.headers.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (pages, extra) = (pages.clone(), extra.clone());
                std::thread::spawn(move || {
                    let headers = extra.lock().unwrap().clone();
                    serve_one(stream, &pages, &headers)
                });
            }
        });
        site
    }

    /// Replaces the extra response headers, e.g. once the policy can name the Elders origin.
    pub fn set_headers(&self, headers: Vec<(&str, &str)>) {
        *self.headers.lock().unwrap() = headers
            .iter()
            .map(|(k, v)| format!("{k}: {v}\r\n"))
            .collect();
    }

    /// Stops serving `path` (it answers 404).
    pub fn remove(&self, path: &str) {
        self.pages.lock().unwrap().remove(path);
    }

    /// Serves `html` at `path`.
    pub fn page(&self, path: &str, html: String) -> String {
        self.pages.lock().unwrap().insert(path.to_string(), html);
        self.url(path)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve_one(mut stream: TcpStream, pages: &Mutex<HashMap<String, String>>, headers: &str) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let page = pages.lock().unwrap().get(&path).cloned();
    let (status, body) = match page {
        Some(html) => ("200 OK", html),
        None => ("404 Not Found", "not found".to_string()),
    };
    let content_type = if path.ends_with(".js") {
        "text/javascript"
    } else {
        "text/html; charset=utf-8"
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{headers}Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes());
    let _ = reader.read(&mut [0u8; 0]);
}

/// A host page that embeds the widget from `elders` with only the script tag.
pub fn host_page(elders: &EldersServer, head: &str, topics: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Klantcontact – Testintranet</title>{head}</head>
<body><main id="main"><h1>Spraaktechnologie in het klantcontact</h1>
<p>Een pagina van een ander intranet.</p>
<script type="module" src="{base}/elders/elders.js" data-feed="{base}/feed.json"
  data-questions="{base}/api/questions" data-topics="{topics}"
  data-organisation="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"></script>
</main></body></html>"#,
        base = elders.base
    )
}

static DRIVER: OnceLock<(Child, u16)> = OnceLock::new();

fn driver_port() -> u16 {
    DRIVER
        .get_or_init(|| {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let child = Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver is installed (cargo xtask test installs it)");
            let deadline = Instant::now() + Duration::from_secs(20);
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "chromedriver did not start");
                std::thread::sleep(Duration::from_millis(50));
            }
            (child, port)
        })
        .1
}

/// A fresh headless Chromium session.
pub async fn browser() -> Client {
    let port = driver_port();
    let profile = tempfile::tempdir().unwrap().keep();
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let capabilities = match capabilities {
        Value::Object(map) => map,
        _ => unreachable!(),
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("a Chromium session starts")
}

/// Runs `script` (a function body returning a value) until it returns something truthy,
/// and returns that value; fails after 20 s with `what`.
pub async fn wait_for(client: &Client, what: &str, script: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = client.execute(script, vec![]).await.unwrap_or(Value::Null);
        let truthy = match &value {
            Value::Null | Value::Bool(false) => false,
            Value::Array(a) => !a.is_empty(),
            Value::String(s) => !s.is_empty(),
            _ => true,
        };
        if truthy {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// JavaScript that evaluates to the first widget's shadow root.
pub const SHADOW: &str = "document.querySelector('elders-widget').shadowRoot";

/// axe-core's source, installed by `cargo xtask test` (which passes its path).
fn axe_source() -> String {
    let path = std::env::var_os("ELDERS_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            home.join(".cache/elders/axe-core-4.14.1/node_modules/axe-core/axe.min.js")
        });
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run the browser tests with `cargo xtask test`",
            path.display()
        )
    })
}

/// The WCAG 2.1 A and AA violations axe-core finds in the widget (shadow root included),
/// as `rule: target` lines.
pub async fn wcag_violations(client: &Client) -> Vec<String> {
    client
        .execute(&format!("{}\nreturn true;", axe_source()), vec![])
        .await
        .expect("axe-core loads");
    let result = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run({ include: [['elders-widget']] },
                     { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then(r => done(r.violations.flatMap(v =>
                   v.nodes.map(n => v.id + ': ' + JSON.stringify(n.target) + ' ' + n.failureSummary))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(result).unwrap_or_default()
}

/// A Chrome DevTools Protocol command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs a DevTools command (emulation: media features, screen sizes) in the session.
pub async fn cdp(client: &Client, cmd: &'static str, params: serde_json::Value) {
    client
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
}

/// The Wasm's name in `dist/elders/` (`elders_widget_bg.HASH.wasm`).
pub fn shipped_wasm() -> String {
    std::fs::read_dir(repo_root().join("dist/elders"))
        .expect("dist/elders: run the browser tests with `cargo xtask test`")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("elders_widget_bg.") && n.ends_with(".wasm"))
        .expect("the Wasm in dist/elders")
}
