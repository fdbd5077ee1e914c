//! What the browser tests stand on: the real `elders` binary with the built widget, a
//! second web server for host pages on another origin, and Debian's chromedriver driving
//! headless Chromium.

#![allow(dead_code)]

pub mod desk;

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

/// What a [`HostSite`] serves: path → (status line, body).
type Served = HashMap<String, (String, Vec<u8>)>;

/// A minimal static web server for host pages, on its own port (= its own origin). Pages
/// can be added after it started, so that a page can name a server that must know the
/// site's origin first.
pub struct HostSite {
    pub base: String,
    pages: Arc<Mutex<Served>>,
    headers: Arc<Mutex<String>>,
}

impl HostSite {
    /// Starts serving; every response carries `headers` (e.g. a Content-Security-Policy).
    pub fn start(headers: Vec<(&str, &str)>) -> HostSite {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let pages: Arc<Mutex<Served>> = Arc::default();
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
        self.answer(path, "200 OK", html)
    }

    /// Answers requests for `path` with `status` (e.g. `"500 Internal Server Error"`) and
    /// `body`: a publisher having a bad day.
    pub fn answer(&self, path: &str, status: &str, body: String) -> String {
        self.file(path, status, body.into_bytes())
    }

    /// Serves `body` at `path` with `status`, the content type told by the path's extension
    /// (see [`serve_one`]).
    pub fn file(&self, path: &str, status: &str, body: Vec<u8>) -> String {
        self.pages
            .lock()
            .unwrap()
            .insert(path.to_string(), (status.to_string(), body));
        self.url(path)
    }

    /// Serves the widget's files (`cargo xtask dist`'s build) under `/elders/`, as a web
    /// server that knows nothing of Wasm would: `.wasm` as `application/octet-stream`.
    pub fn widget_files(&self) {
        for entry in std::fs::read_dir(dist()).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".js") || name.ends_with(".wasm") {
                let body = std::fs::read(entry.path()).unwrap();
                self.file(&format!("/elders/{name}"), "200 OK", body);
            }
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

fn serve_one(mut stream: TcpStream, pages: &Mutex<Served>, headers: &str) {
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
    let (status, body) =
        page.unwrap_or_else(|| ("404 Not Found".to_string(), b"not found".to_vec()));
    let content_type = if path.ends_with(".js") {
        "text/javascript"
    } else if path.ends_with(".css") {
        "text/css"
    } else if path.ends_with(".wasm") {
        // Not `application/wasm`: the loader must cope with servers that do not know it.
        "application/octet-stream"
    } else {
        "text/html; charset=utf-8"
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n{headers}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&[head.as_bytes(), &body].concat());
    let _ = reader.read(&mut [0u8; 0]);
}

/// A file from `tests/hosts/` (a host page or a script it loads) with each `{{key}}` replaced
/// by its value. The pages live there as files so that they can be read and opened on their
/// own; what differs per run (server addresses, topics) is filled in here. A placeholder left
/// unfilled, or a key the file does not have, panics: a typo would otherwise serve a page
/// that quietly tests something else. Values go in as they are, never scanned for
/// placeholders themselves. The file's final newline is dropped, so that a page ends at
/// `</html>` as it did when the tests wrote it inline.
pub fn host_file(name: &str, values: &[(&str, &str)]) -> String {
    let path = repo_root().join("tests/hosts").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (see tests/hosts/README.md)", path.display()));
    let text = text.strip_suffix('\n').unwrap_or(&text);
    let (mut page, mut rest, mut unfilled) = (String::new(), text, vec![]);
    while let Some((before, key, after)) = next_placeholder(rest) {
        page.push_str(before);
        match values.iter().find(|(k, _)| *k == key) {
            Some((_, value)) => page.push_str(value),
            None if !unfilled.contains(&key) => unfilled.push(key),
            None => {}
        }
        rest = after;
    }
    page.push_str(rest);
    let unknown: Vec<&str> = values
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| !text.contains(&format!("{{{{{k}}}}}")))
        .collect();
    assert!(
        unfilled.is_empty() && unknown.is_empty(),
        "tests/hosts/{name}: placeholders left unfilled {unfilled:?}, \
         keys given that the file does not have {unknown:?}"
    );
    page
}

/// The first `{{key}}` in `text`, as the text before it, the key and the text after it.
/// Only lowercase words count as keys, so that the braces of inline JavaScript or CSS are
/// never taken for a placeholder.
fn next_placeholder(text: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    loop {
        let start = from + text[from..].find("{{")?;
        let after = &text[start + 2..];
        let key = &after[..after.find("}}")?];
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return Some((&text[..start], key, &after[key.len() + 2..]));
        }
        from = start + 1;
    }
}

#[test]
#[should_panic(expected = "keys given that the file does not have [\"eldrs\"]")]
fn host_file_refuses_a_key_the_page_does_not_have() {
    host_file(
        "lazy.html",
        &[("elders", "http://x"), ("eldrs", "http://x")],
    );
}

#[test]
#[should_panic(expected = "placeholders left unfilled [\"feed\"]")]
fn host_file_refuses_to_leave_a_placeholder_unfilled() {
    host_file("debug.html", &[("elders", "http://x")]);
}

/// The usual host page (`tests/hosts/intranet.html`): an intranet article that embeds the
/// widget from `elders` with only the script tag, with `head` added to its `<head>`.
pub fn host_page(elders: &EldersServer, head: &str, topics: &str) -> String {
    host_file(
        "intranet.html",
        &[("head", head), ("elders", &elders.base), ("topics", topics)],
    )
}

static DRIVER: OnceLock<(Child, u16)> = OnceLock::new();

/// Where this test process keeps its Chromium profiles: a folder of its own under
/// `elders-browser-tests` in the system's temporary folder. A test process ends without
/// dropping its statics, so it can neither remove its profiles nor stop its chromedriver;
/// the next run does both for every process that is gone (the driver only if that
/// process id is still a chromedriver), so that runs do not pile up in `/tmp`. It also
/// stops the browsers still running on those profiles: a test that fails never closes
/// its session, and its Chromium outlives the driver, idling at a few per cent of a core,
/// enough to skew a benchmark run afterwards.
fn profiles_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let parent = std::env::temp_dir().join("elders-browser-tests");
        for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name
                .parse::<u32>()
                .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists())
            {
                continue;
            }
            if let Ok(driver) = std::fs::read_to_string(entry.path().join("chromedriver.pid")) {
                let driver = driver.trim();
                let command = std::fs::read_to_string(format!("/proc/{driver}/comm"));
                if command.is_ok_and(|c| c.trim() == "chromedriver") {
                    let _ = Command::new("kill").arg(driver).status();
                }
            }
            stop_browsers_using(&entry.path());
            let _ = std::fs::remove_dir_all(entry.path());
        }
        let dir = parent.join(std::process::id().to_string());
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// Stops every process whose command line names `profiles` (Chromium's processes name
/// their `--user-data-dir`), and waits a moment for them to go, so that they do not write
/// to the folder as it is removed.
fn stop_browsers_using(profiles: &Path) {
    let mut stopped = Vec::new();
    for process in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = process
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(command) = std::fs::read(process.path().join("cmdline")) else {
            continue;
        };
        let command = String::from_utf8_lossy(&command);
        let uses_profiles = command.split('\0').any(|arg| {
            arg.strip_prefix("--user-data-dir=")
                .is_some_and(|dir| Path::new(dir).starts_with(profiles))
        });
        if uses_profiles {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            stopped.push(pid);
        }
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline
        && stopped
            .iter()
            // A process that is gone but not yet reaped has an empty command line.
            .any(|pid| std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| !c.is_empty()))
    {
        std::thread::sleep(Duration::from_millis(50));
    }
}

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
            let _ = std::fs::write(
                profiles_dir().join("chromedriver.pid"),
                child.id().to_string(),
            );
            let deadline = Instant::now() + Duration::from_secs(20);
            while TcpStream::connect(("127.0.0.1", port)).is_err() {
                assert!(Instant::now() < deadline, "chromedriver did not start");
                std::thread::sleep(Duration::from_millis(50));
            }
            (child, port)
        })
        .1
}

/// Where `program` is on `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A fresh headless Chromium session, of Debian's `chromium` on `PATH`.
pub async fn browser() -> Client {
    session(json!({})).await
}

/// A fresh session with JavaScript turned off for every page, as an intranet's locked-down
/// browser may have it: Chromium's content setting, through its preferences. WebDriver's
/// own commands (finding, clicking, typing, and the scripts a test runs) still work.
pub async fn browser_without_javascript() -> Client {
    session(json!({ "profile.managed_default_content_settings.javascript": 2 })).await
}

/// A fresh session with these Chromium preferences (`goog:chromeOptions.prefs`).
async fn session(prefs: Value) -> Client {
    let chromium = on_path("chromium").expect("the browser tests need Debian's chromium on PATH");
    let port = driver_port();
    static PROFILES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = PROFILES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let profile = profiles_dir().join(format!("profile-{n}"));
    std::fs::create_dir_all(&profile).unwrap();
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": prefs
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
    axe_violations(client, "{ include: [['elders-widget']] }").await
}

/// The WCAG 2.1 A and AA violations axe-core finds in `context` (axe's context argument,
/// as JavaScript), as `rule: target` lines.
async fn axe_violations(client: &Client, context: &str) -> Vec<String> {
    client
        .execute(&format!("{}\nreturn true;", axe_source()), vec![])
        .await
        .expect("axe-core loads");
    let result = client
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
                 axe.run({context},
                         {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }} }})
                   .then(r => done(r.violations.flatMap(v =>
                       v.nodes.map(n => v.id + ': ' + JSON.stringify(n.target) + ' ' + n.failureSummary))))
                   .catch(e => done(['axe failed: ' + e]));"
            ),
            vec![],
        )
        .await
        .expect("axe-core runs");
    serde_json::from_value(result).unwrap_or_default()
}

/// The element that has focus, seen through the widget's shadow root: `host>id` inside it.
pub async fn focused(client: &Client) -> String {
    client
        .execute(
            "const a = document.activeElement;
             if (a && a.localName === 'elders-widget') {
               const inner = a.shadowRoot.activeElement;
               return 'widget>' + (inner ? (inner.id || inner.className || inner.localName) : '');
             }
             return a ? a.localName : '';",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string()
}

pub const TAB: &str = "\u{E004}";
pub const SPACE: &str = "\u{E00D}";
pub const ENTER: &str = "\u{E007}";

/// Sends `keys` to the element that has focus, as a keyboard does.
pub async fn press(client: &Client, keys: &str) {
    client
        .active_element()
        .await
        .unwrap()
        .send_keys(keys)
        .await
        .unwrap();
}

/// The question a colleague at another organisation asked, in the browser tests.
pub const QUESTION: &str = "Heeft iemand een voicebot gebouwd voor telefoonvragen over toeslagen?";

/// Asks [`QUESTION`] through the API, with topics, organisation and a consented e-mail
/// address, under the idempotency key `key`; returns its id. With `--moderation off` it is
/// public at once.
pub async fn ask_elsewhere(elders: &EldersServer, key: &str) -> String {
    let asked: Value = reqwest::Client::new()
        .post(elders.url("/api/questions"))
        .header("idempotency-key", key)
        .json(&json!({
            "question": QUESTION,
            "topics": ["spraaktechnologie", "klantcontact"],
            "organisation": "Dienst Toeslagen",
            "email": "vrager@toeslagen.example",
            "consent_contact": true
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    asked["id"].as_str().unwrap().to_string()
}

/// Fails with every violation when axe-core finds any in the widget in `state`.
pub async fn assert_accessible(client: &Client, state: &str) {
    let violations = wcag_violations(client).await;
    assert!(
        violations.is_empty(),
        "WCAG 2.1 AA violations with {state}:\n{}",
        violations.join("\n")
    );
}

/// The element `selector` inside the (first) widget's shadow root, through the W3C
/// shadow-root API, as a reader's keyboard and mouse reach it.
pub async fn in_widget(client: &Client, selector: &str) -> fantoccini::elements::Element {
    let host = client
        .find(fantoccini::Locator::Css("elders-widget"))
        .await
        .unwrap();
    let shadow = host.shadow_root().await.unwrap();
    shadow
        .find(fantoccini::Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector} in the widget: {e}"))
}

/// Types `text` into the field `selector` of the widget.
pub async fn type_in_widget(client: &Client, selector: &str, text: &str) {
    in_widget(client, selector)
        .await
        .send_keys(text)
        .await
        .unwrap();
}

/// Clicks `selector` in the widget.
pub async fn click_in_widget(client: &Client, selector: &str) {
    in_widget(client, selector).await.click().await.unwrap();
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

/// The Wasm's name (`elders_widget_bg.HASH.wasm`) in the widget build the server was started
/// with (`ELDERS_DIST`, or `dist/elders/`), so that it names a file the server has.
pub fn shipped_wasm() -> String {
    let dist = dist();
    std::fs::read_dir(&dist)
        .unwrap_or_else(|e| panic!("{}: {e}", dist.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.starts_with("elders_widget_bg.") && n.ends_with(".wasm"))
        .unwrap_or_else(|| panic!("no elders_widget_bg.*.wasm in {}", dist.display()))
}

/// Fails with every violation when axe-core finds any in the whole page (a server-rendered
/// page, not the widget) in `state`.
pub async fn assert_page_accessible(client: &Client, state: &str) {
    let violations = axe_violations(client, "document").await;
    assert!(
        violations.is_empty(),
        "WCAG 2.1 AA violations with {state}:\n{}",
        violations.join("\n")
    );
}

/// Runs the `elders` command line against the server's database; its standard output.
pub fn elders_cli(elders: &EldersServer, args: &[&str]) -> String {
    let out = Command::new(elders_bin())
        .args(args)
        .args(["--database", &elders.database()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "elders {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
