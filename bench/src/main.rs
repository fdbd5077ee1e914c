//! `cargo xtask bench rank` runs this (the xtask builds the Wasm module and the web folder
//! first). It measures, in one run on one machine:
//!
//! - Elders natively: parse + validate, index build, and query time for 1,000 / 10,000 /
//!   50,000 items;
//! - Elders as Wasm and MiniSearch (npm, pinned) side by side in headless Chromium, on the
//!   same corpora and page queries: two plain configurations and the strong baseline
//!   (`bench/web/strong.js`: Dutch stop words and stems, Elders' weighted page context);
//! - the relevance of all of them on the hand-judged test set (nDCG@5, P@5), the *dev* and
//!   *test* contexts apart, each mean with a bootstrap confidence interval, and Elders'
//!   paired difference from each baseline with its own;
//!
//! and writes the tables into `docs/benchmarks.md` between the `rank` markers.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use elders_bench::report::{self, write_section};
use elders_bench::static_site::StaticSite;
use elders_bench::{grow_corpus, TestPage};
use elders_core::eval::{bootstrap_difference, bootstrap_mean, Interval, TestSet};
use elders_core::feed::Feed;
use elders_core::rank::{Index, RankOptions};
use elders_core::validate::parse_feed;
use serde_json::{json, Value};

const SIZES: [usize; 3] = [1_000, 10_000, 50_000];
/// 2026-11-01T00:00:00Z, the same fixed "now" as the relevance test.
const NOW: i64 = 1_793_491_200;
const ENGINES: [(&str, &str); 4] = [
    ("elders", "Elders (Wasm)"),
    (
        "minisearch_strong",
        "strong: MiniSearch 7.2.0, Dutch stems, Elders' page query",
    ),
    ("minisearch_exact", "MiniSearch 7.2.0, exact terms"),
    ("minisearch_fuzzy", "MiniSearch 7.2.0, prefix + fuzzy 0.2"),
];
/// The baselines Elders' relevance is compared with, pair by pair (keys of [`ENGINES`]).
const BASELINES: [&str; 3] = ["minisearch_strong", "minisearch_exact", "minisearch_fuzzy"];
/// Bootstrap resamples for the relevance intervals, their level, and the fixed seed that
/// makes the report the same every time.
const RESAMPLES: usize = 10_000;
const LEVEL: f64 = 0.95;
const SEED: u64 = 0x0E1D_E45B;

mod start;
mod trace;

struct Args {
    root: PathBuf,
    web: PathBuf,
    /// Only the native measurements, printed, nothing written: for quick iteration.
    native_only: bool,
    /// The start-up benchmark (`cargo xtask bench web`) instead of the ranking one, with
    /// its choice of feed sizes, runs and embeds.
    web_startup: Option<start::Selection>,
}

const USAGE: &str =
    "usage: elders-bench [web [--items N,…] [--runs N] [--embeds NAME,…] [--trace DIR]] \
                     --root DIR --web DIR [--native-only]";

fn args() -> Result<Args> {
    let mut all = std::env::args().skip(1).peekable();
    let web_startup = all.next_if(|a| a == "web").is_some();
    let (mut root, mut web, mut native_only) = (None, None, false);
    let mut selection = start::Selection::default();
    while let Some(flag) = all.next() {
        if flag == "--native-only" {
            native_only = true;
            continue;
        }
        let Some(value) = all.next() else {
            bail!("{USAGE} ({flag} needs a value)");
        };
        match flag.as_str() {
            "--root" => root = Some(PathBuf::from(value)),
            "--web" => web = Some(PathBuf::from(value)),
            "--items" | "--runs" | "--embeds" | "--trace" if web_startup => {
                selection.set(&flag, &value)?
            }
            _ => bail!("{USAGE} (unknown {flag})"),
        }
    }
    match (root, web) {
        (Some(root), Some(web)) => Ok(Args {
            root,
            web,
            native_only,
            web_startup: web_startup.then_some(selection),
        }),
        _ => bail!("{USAGE} (--root and --web are required)"),
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

fn millis(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<()> {
    let args = args()?;
    if let Some(selection) = args.web_startup {
        return start::run(&args.root, &args.web, &selection).await;
    }
    let fixtures = args.root.join("tests/fixtures/relevance");
    let feed_text = std::fs::read_to_string(fixtures.join("feed.json"))?;
    let base = parse_feed(&feed_text)?.feed;
    let judgments: TestSet =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("judgments.json"))?)?;
    let pages: Vec<TestPage> = judgments.contexts.iter().map(|c| c.page.clone()).collect();

    std::fs::write(args.web.join("relevance.json"), &feed_text)?;
    let mut native = Vec::new();
    for n in SIZES {
        let feed = Feed {
            items: grow_corpus(&base.items, n),
            ..base.clone()
        };
        let text = serde_json::to_string(&feed)?;
        std::fs::write(args.web.join(format!("corpus-{n}.json")), &text)?;
        let times = measure_native(&text, &pages)?;
        eprintln!(
            "native {n}: parse {:.1} ms, index {:.1} ms, query {:.3} ms (of which page analysis {:.3}; max {:.2}); one page's index from JSON {:.1} ms, from the pack {:.1} ms",
            times.parse_ms,
            times.index_ms,
            times.query_ms,
            times.analyse_ms,
            times.query_max_ms,
            times.json_to_page_ms,
            times.pack_to_page_ms
        );
        native.push((n, text.len(), times));
    }
    if args.native_only {
        return Ok(());
    }

    let server = StaticSite::start(&args.web)?;
    let driver = Driver::start()?;
    let client = driver.session(false).await?;
    client
        .goto(&format!("{}/elders/index.html", server.base))
        .await?;
    wait_ready(&client).await?;
    let mut web = Vec::new();
    for n in SIZES {
        let (load_runs, query_runs) = if n >= 50_000 { (3, 3) } else { (5, 5) };
        let result = client
            .execute_async(
                "const [name, pages, lr, qr, now, done] = arguments;
                 window.eldersBench.speed(name, pages, lr, qr, now).then(done, e => done({error: String(e)}));",
                vec![json!(format!("corpus-{n}.json")), json!(pages), json!(load_runs), json!(query_runs), json!(NOW)],
            )
            .await?;
        if let Some(error) = result.get("error") {
            bail!("browser benchmark for {n} items failed: {error}");
        }
        eprintln!("browser {n}: done");
        web.push((n, result));
    }
    let rankings = client
        .execute_async(
            "const [name, pages, now, done] = arguments;
             window.eldersBench.rankings(name, pages, now).then(done, e => done({error: String(e)}));",
            vec![json!("relevance.json"), json!(pages), json!(NOW)],
        )
        .await?;
    if let Some(error) = rankings.get("error") {
        bail!("browser relevance run failed: {error}");
    }
    client.close().await?;

    let native_rankings = rank_natively(&base, &pages);
    let report = render(
        &native,
        &web,
        &rankings,
        &native_rankings,
        &judgments,
        base.items.len(),
    )?;
    println!("{report}");
    write_section(&args.root.join("docs/benchmarks.md"), "rank", &report)?;
    Ok(())
}

struct NativeTimes {
    parse_ms: f64,
    index_ms: f64,
    /// JSON text → the index for one page (`load::load_for_page`), as the reader module does.
    json_to_page_ms: f64,
    /// The server's pack → the index for one page (`pack::read_for_page`), as the widget does.
    pack_to_page_ms: f64,
    /// The pack's size in bytes.
    pack_bytes: usize,
    /// Page context → query alone (part of `query_ms`).
    analyse_ms: f64,
    query_ms: f64,
    query_max_ms: f64,
}

fn measure_native(text: &str, pages: &[TestPage]) -> Result<NativeTimes> {
    let runs = 5;
    let (mut parses, mut builds) = (Vec::new(), Vec::new());
    let mut kept = None;
    for _ in 0..runs {
        let t = Instant::now();
        let items = parse_feed(text)?.feed.items;
        parses.push(millis(t));
        let t = Instant::now();
        let index = Index::build(&items);
        builds.push(millis(t));
        kept = Some(index);
    }
    let index = kept.context("no run")?;
    let pack = elders_core::pack::write(&parse_feed(text)?, &index);
    let (mut from_json, mut from_pack) = (Vec::new(), Vec::new());
    for page in pages.iter().take(10) {
        let page = page.context();
        let t = Instant::now();
        std::hint::black_box(elders_core::load::load_for_page(text, &page)?);
        from_json.push(millis(t));
        let t = Instant::now();
        std::hint::black_box(
            elders_core::pack::read_for_page(&pack, &page).map_err(|e| anyhow::anyhow!("{e}"))?,
        );
        from_pack.push(millis(t));
    }
    let (mut queries, mut analyses) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        for page in pages {
            let t = Instant::now();
            std::hint::black_box(index.query(&page.context()));
            analyses.push(millis(t));
            let t = Instant::now();
            let options = RankOptions {
                exclude_organisation: page.organisation.as_deref(),
                now: Some(NOW),
                limit: 10,
            };
            std::hint::black_box(index.rank(&index.query(&page.context()), &options));
            queries.push(millis(t));
        }
    }
    let query_max_ms = queries.iter().copied().fold(0.0, f64::max);
    Ok(NativeTimes {
        parse_ms: median(parses),
        index_ms: median(builds),
        json_to_page_ms: median(from_json),
        pack_to_page_ms: median(from_pack),
        pack_bytes: pack.len(),
        analyse_ms: median(analyses),
        query_ms: median(queries),
        query_max_ms,
    })
}

fn rank_natively(feed: &Feed, pages: &[TestPage]) -> Vec<Vec<String>> {
    let index = Index::build(&feed.items);
    pages
        .iter()
        .map(|page| {
            let options = RankOptions {
                exclude_organisation: page.organisation.as_deref(),
                now: Some(NOW),
                limit: 10,
            };
            index
                .rank(&index.query(&page.context()), &options)
                .iter()
                .map(|r| feed.items[r.index].id.clone())
                .collect()
        })
        .collect()
}

fn render(
    native: &[(usize, usize, NativeTimes)],
    web: &[(usize, Value)],
    rankings: &Value,
    native_rankings: &[Vec<String>],
    judgments: &TestSet,
    items: usize,
) -> Result<String> {
    let mut out = String::new();
    let step = web
        .first()
        .and_then(|(_, r)| r["timer_step_ms"].as_f64())
        .unwrap_or(f64::NAN);
    out.push_str(&format!("Measured on {}.\n\n", machine()));
    out.push_str(&format!(
        "**Browser** (headless Chromium; load = JSON text → ready index, median of the runs; \
         query = one page context → top 10, each timed over repeated calls for at least 20 ms \
         since the page's clock steps by {step:.3} ms; median and slowest over the contexts and runs):\n\n"
    ));
    out.push_str("| items | feed size | engine | load ms | query ms (median) | query ms (max) |\n|---:|---:|---|---:|---:|---:|\n");
    for ((n, result), (_, size, _)) in web.iter().zip(native) {
        for (key, label) in ENGINES {
            let r = &result[key];
            let ms = |key: &str| significant(r[key].as_f64().unwrap_or(f64::NAN));
            out.push_str(&format!(
                "| {n} | {:.1} MB | {label} | {:.1} | {} | {} |\n",
                *size as f64 / 1e6,
                r["load_ms"].as_f64().unwrap_or(f64::NAN),
                ms("query_ms"),
                ms("query_max_ms"),
            ));
        }
    }
    out.push_str("\nQuery speed-up of Elders over MiniSearch in the same run (medians):\n\n| items | vs strong | vs exact | vs prefix + fuzzy |\n|---:|---:|---:|---:|\n");
    for (n, result) in web {
        let q = |k: &str| result[k]["query_ms"].as_f64().unwrap_or(f64::NAN);
        out.push_str(&format!(
            "| {n} | {:.1}× | {:.1}× | {:.1}× |\n",
            q("minisearch_strong") / q("elders"),
            q("minisearch_exact") / q("elders"),
            q("minisearch_fuzzy") / q("elders")
        ));
    }
    out.push_str("\n**Native** (release build, same machine, median):\n\n| items | parse + validate ms | index ms | query ms (median) | of which page analysis | query ms (max) |\n|---:|---:|---:|---:|---:|---:|\n");
    for (n, _, t) in native {
        out.push_str(&format!(
            "| {n} | {:.1} | {:.1} | {:.3} | {:.3} | {:.2} |\n",
            t.parse_ms, t.index_ms, t.query_ms, t.analyse_ms, t.query_max_ms
        ));
    }
    out.push_str("\n**From the feed to one page's index** (native, median over 10 of the pages): the JSON read and indexed for the page (what the reader module does), against the server's pack read for the page (what the widget does with a feed from an Elders server):\n\n| items | JSON | JSON → page index ms | pack | pack → page index ms |\n|---:|---:|---:|---:|---:|\n");
    for (n, size, t) in native {
        out.push_str(&format!(
            "| {n} | {:.1} MB | {:.1} | {:.1} MB | {:.1} |\n",
            *size as f64 / 1e6,
            t.json_to_page_ms,
            t.pack_bytes as f64 / 1e6,
            t.pack_to_page_ms
        ));
    }
    let mut rows: Vec<(&str, String, Vec<Vec<String>>)> =
        vec![("native", "Elders (native)".into(), native_rankings.to_vec())];
    for (key, label) in ENGINES {
        let lists: Vec<Vec<String>> = serde_json::from_value(rankings[key].clone())?;
        rows.push((key, label.to_string(), lists));
    }
    out.push_str(&relevance(judgments, items, &rows));
    Ok(out)
}

/// The relevance tables: each engine's mean nDCG@5 and P@5 on the *test* and *dev*
/// contexts, nDCG@5 with its bootstrap interval, and Elders' paired difference from each
/// baseline. `rows` are (key, label, rankings in context order); the first is Elders.
fn relevance(
    judgments: &TestSet,
    items: usize,
    rows: &[(&str, String, Vec<Vec<String>>)],
) -> String {
    const SPLITS: [&str; 2] = ["test", "dev"];
    let count = |split: &str| {
        judgments
            .contexts
            .iter()
            .filter(|c| c.split == split)
            .count()
    };
    let mut out = format!(
        "\n**Relevance** on the hand-judged test set (`tests/fixtures/relevance/`, {items} items; \
         {} held-out *test* and {} *dev* contexts): mean nDCG@5 with its {:.0} % bootstrap \
         interval ({} resamples of the contexts), and mean P@5:\n\n\
         | engine | test nDCG@5 | test P@5 | dev nDCG@5 | dev P@5 |\n|---|---:|---:|---:|---:|\n",
        count("test"),
        count("dev"),
        LEVEL * 100.0,
        thousands(RESAMPLES),
    );
    // nDCG@5 per context, by engine and split.
    let ndcg = |lists: &[Vec<String>], split: &str| -> Vec<f64> {
        judgments
            .scores_at_5(lists, split)
            .iter()
            .map(|s| s.1)
            .collect()
    };
    for (_, label, lists) in rows {
        out.push_str(&format!("| {label} |"));
        for split in SPLITS {
            let (_, p) = judgments.mean_at_5(lists, split);
            let interval = bootstrap_mean(&ndcg(lists, split), RESAMPLES, LEVEL, SEED);
            out.push_str(&format!(" {} | {p:.3} |", with_interval(interval, false)));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "\nElders − each baseline, mean nDCG@5 difference per context with its {:.0} % bootstrap \
         interval (the same contexts resampled for both; an interval above 0 means Elders ranks \
         better on such contexts):\n\n| baseline | test | dev |\n|---|---:|---:|\n",
        LEVEL * 100.0
    ));
    let Some((_, _, elders)) = rows.first() else {
        return out;
    };
    for key in BASELINES {
        let Some((_, label, lists)) = rows.iter().find(|(k, _, _)| *k == key) else {
            continue;
        };
        out.push_str(&format!("| {label} |"));
        for split in SPLITS {
            let difference = bootstrap_difference(
                &ndcg(elders, split),
                &ndcg(lists, split),
                RESAMPLES,
                LEVEL,
                SEED,
            );
            out.push_str(&format!(" {} |", with_interval(difference, true)));
        }
        out.push('\n');
    }
    out
}

/// A time in milliseconds to about three significant digits (at least one decimal):
/// 0.275, 9.52, 43.1, 523.1.
fn significant(ms: f64) -> String {
    let decimals = match ms.abs() {
        x if x < 1.0 => 3,
        x if x < 10.0 => 2,
        _ => 1,
    };
    format!("{ms:.decimals$}")
}

/// 10000 → "10,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// "0.824 (0.751–0.893)", or with `signed` "+0.181 (+0.080 to +0.290)"; "–" for no contexts.
fn with_interval(interval: Option<Interval>, signed: bool) -> String {
    match interval {
        None => "–".to_string(),
        Some(i) if signed => format!("{:+.3} ({:+.3} to {:+.3})", i.mean, i.low, i.high),
        Some(i) => format!("{:.3} ({:.3}–{:.3})", i.mean, i.low, i.high),
    }
}

fn machine() -> String {
    let chromium = Command::new("chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{}, {chromium}", report::machine())
}

async fn wait_ready(client: &fantoccini::Client) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if client
            .execute("return window.eldersBenchReady === true", vec![])
            .await?
            == Value::Bool(true)
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the benchmark page did not load (see the browser console)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start() -> Result<Driver> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("chromedriver is not installed (cargo xtask test installs it)")?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                bail!("chromedriver did not start");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Driver { child, port })
    }

    /// A fresh browser session; with `trace`, chromedriver records its trace
    /// ([`trace::record`]).
    async fn session(&self, trace: bool) -> Result<fantoccini::Client> {
        let chromium = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.is_file())
            .context("the browser benchmark needs Debian's chromium on PATH")?;
        let mut capabilities = json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--disable-quic"]
            }
        });
        if trace {
            trace::record(&mut capabilities);
        }
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let client = fantoccini::ClientBuilder::new(
            hyper_util::client::legacy::connect::HttpConnector::new(),
        )
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", self.port))
        .await?;
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(900)),
                Some(Duration::from_secs(60)),
                None,
            ))
            .await?;
        Ok(client)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_three_significant_digits() {
        assert_eq!(significant(0.27531), "0.275");
        assert_eq!(significant(9.5167), "9.52");
        assert_eq!(significant(43.15), "43.1");
        assert_eq!(significant(523.15), "523.1");
    }

    #[test]
    fn large_counts_get_thousands_separators() {
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn intervals_print_signed_differences() {
        let interval = Some(Interval {
            mean: 0.023,
            low: -0.039,
            high: 0.078,
        });
        assert_eq!(with_interval(interval, true), "+0.023 (-0.039 to +0.078)");
        assert_eq!(with_interval(interval, false), "0.023 (-0.039–0.078)");
        assert_eq!(with_interval(None, false), "–");
    }
}
