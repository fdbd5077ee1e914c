//! `cargo xtask bench web --trace DIR`: each run's Chromium trace, for finding out what a
//! long task did. The page's own timing (Long Animation Frames) names the scripts in a
//! frame but not the rest of a task, such as a layout the browser forces when the page
//! has loaded; a trace shows every step of every task.
//!
//! Chromedriver records the trace from the session's start (its performance log with
//! trace categories) and hands it over when the log is read. Each run's trace is written
//! as a Trace Event file (`{"traceEvents": […]}`, which Perfetto and `chrome://tracing`
//! open), and the log gets a line per long task of the page's main thread, with the steps
//! that took most of it. Tracing slows the browser down: a traced run is never the docs'
//! table.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{json, Value};

/// What is recorded: tasks, scripts, style and layout, parsing, garbage collection.
const CATEGORIES: &str = "toplevel,v8,blink,loading,devtools.timeline,\
    disabled-by-default-devtools.timeline,disabled-by-default-v8.gc";

/// Main-thread tasks at least this long get a line in the log.
const REPORTED_MS: f64 = 30.0;

/// Steps of a task that get named in its line: at least this long.
const STEP_MS: f64 = 2.0;

/// Adds to a session's capabilities what makes chromedriver record a trace.
pub fn record(capabilities: &mut Value) {
    capabilities["goog:loggingPrefs"] = json!({ "performance": "ALL" });
    capabilities["goog:chromeOptions"]["perfLoggingPrefs"] = json!({
        "enableNetwork": false,
        "enablePage": false,
        "traceCategories": CATEGORIES,
    });
}

/// Chromedriver's performance log, read (and emptied) through its W3C endpoint.
#[derive(Debug)]
struct PerformanceLog;

impl WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"performance"}"#.into()))
    }
}

/// Reads the session's trace, writes it to `file` and returns one line per long task on
/// the main thread of the page at `page_url`.
pub async fn save(client: &fantoccini::Client, page_url: &str, file: &Path) -> Result<Vec<String>> {
    let log = client
        .issue_cmd(PerformanceLog)
        .await
        .context("reading chromedriver's performance log")?;
    let events: Vec<Value> = log
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(|entry| serde_json::from_str::<Value>(entry["message"].as_str()?).ok())
        .filter(|message| message["message"]["method"] == "Tracing.dataCollected")
        .map(|mut message| message["message"]["params"].take())
        .collect();
    let lines = long_tasks(&events, page_url);
    std::fs::write(file, serde_json::to_vec(&json!({ "traceEvents": events }))?)
        .with_context(|| format!("writing {}", file.display()))?;
    Ok(lines)
}

/// One line per task over [`REPORTED_MS`] on the page's main thread: its length, when it
/// began (ms after the first event that names the page, as its request is sent) and
/// its steps of [`STEP_MS`] or more, a step named once with its total (nested steps, such
/// as a layout inside a script, count in both).
fn long_tasks(events: &[Value], page_url: &str) -> Vec<String> {
    let ms = |e: &Value, key: &str| e[key].as_f64().unwrap_or(0.0) / 1000.0;
    // The page's main thread: the one whose events name the page (its commit, its
    // scripts).
    let Some((pid, tid, origin)) = events
        .iter()
        .filter(|e| e["args"]["data"]["url"].as_str() == Some(page_url))
        .min_by(|a, b| ms(a, "ts").total_cmp(&ms(b, "ts")))
        .and_then(|e| Some((e["pid"].as_u64()?, e["tid"].as_u64()?, ms(e, "ts"))))
    else {
        return vec!["trace: no event names the page".into()];
    };
    let mut steps: Vec<&Value> = events
        .iter()
        .filter(|e| {
            e["pid"].as_u64() == Some(pid) && e["tid"].as_u64() == Some(tid) && e["ph"] == "X"
        })
        .collect();
    steps.sort_by(|a, b| ms(a, "ts").total_cmp(&ms(b, "ts")));
    steps
        .iter()
        .copied()
        .filter(|e| e["name"] == "ThreadControllerImpl::RunTask" && ms(e, "dur") >= REPORTED_MS)
        .map(|task| {
            let (start, end) = (ms(task, "ts"), ms(task, "ts") + ms(task, "dur"));
            let mut named: Vec<(String, f64)> = Vec::new();
            let mut at: HashMap<String, usize> = HashMap::new();
            for step in &steps {
                let (from, length) = (ms(step, "ts"), ms(step, "dur"));
                if std::ptr::eq(*step, task)
                    || from < start
                    || from + length > end
                    || length < STEP_MS
                {
                    continue;
                }
                let mut name = step["name"].as_str().unwrap_or("?").to_string();
                if let Some(function) = step["args"]["data"]["functionName"].as_str() {
                    let file = step["args"]["data"]["url"].as_str().unwrap_or("");
                    let file = file.rsplit('/').next().unwrap_or(file);
                    name = format!("{name} {function} ({file})");
                }
                let i = *at.entry(name.clone()).or_insert_with(|| {
                    named.push((name, 0.0));
                    named.len() - 1
                });
                named[i].1 += length;
            }
            let named: Vec<String> = named
                .iter()
                .map(|(name, length)| format!("{name} {length:.1}"))
                .collect();
            format!(
                "task {:.1} ms at +{:.0} ms: {}",
                end - start,
                start - origin,
                named.join(", ")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(name: &str, ts_ms: f64, dur_ms: f64, tid: u64) -> Value {
        json!({ "name": name, "ph": "X", "pid": 7, "tid": tid,
                "ts": ts_ms * 1000.0, "dur": dur_ms * 1000.0, "args": {} })
    }

    #[test]
    fn a_long_task_is_listed_with_its_longer_steps_on_the_pages_main_thread_only() {
        let page = "http://127.0.0.1:1/elders/elders-100.html";
        let mut script = step("FunctionCall", 101.0, 12.0, 1);
        script["args"] = json!({ "data": { "functionName": "start", "url": "http://127.0.0.1:1/elders/elders.js" } });
        let events = vec![
            json!({ "name": "ResourceSendRequest", "ph": "I", "pid": 7, "tid": 1, "ts": 90_000.0,
                    "args": { "data": { "url": page } } }),
            step("ThreadControllerImpl::RunTask", 100.0, 45.0, 1),
            script,
            step("Document::UpdateStyleAndLayout", 115.0, 25.0, 1),
            step("Layout", 115.5, 24.0, 1),
            step("Layout", 141.0, 1.0, 1),
            // Short tasks, and long ones on other threads, are left out.
            step("ThreadControllerImpl::RunTask", 150.0, 20.0, 1),
            step("ThreadControllerImpl::RunTask", 100.0, 90.0, 2),
        ];
        assert_eq!(
            long_tasks(&events, page),
            [
                "task 45.0 ms at +10 ms: FunctionCall start (elders.js) 12.0, \
              Document::UpdateStyleAndLayout 25.0, Layout 24.0"
            ]
        );
        assert_eq!(
            long_tasks(&events, "http://elsewhere/"),
            ["trace: no event names the page"]
        );
    }
}
