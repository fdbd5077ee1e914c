//! `cargo xtask bench web`: what a reader's browser goes through, from the widget's script
//! tag to painted cards, for Elders and for two hand-written JavaScript baselines on the
//! same host page and the same feeds of 100 / 1,000 / 10,000 items: a strong one
//! (`bench/web/baseline-strong.js`: the feed parsed in a Worker, MiniSearch with Dutch
//! stemming indexing in chunks, the page's room reserved) and a plain one
//! (`bench/web/baseline.js`: `fetch`, `JSON.parse`, MiniSearch, plain DOM).
//!
//! Every run is a fresh browser session (an empty cache, as on a reader's first visit),
//! left to finish its own start-up before the page opens ([`SETTLE`]),
//! and each number is the median of [`RUNS`] runs, engines alternating so that all meet
//! the same machine load. A last row is the same page **without any widget**: how often
//! the page's own start-up has a task over 50 ms, which every other row counts too.
//! Measured in the page:
//!
//! - **script → cards**: from an inline `performance.mark` just before the widget's
//!   script tag (or element) to the first animation frame in which a card is in the DOM;
//!   the median with the quartiles (p25–p75) of the runs, which show the spread on a
//!   shared machine;
//! - **long tasks** (`longtask` observer, buffered): the longest, how many exceed 50 ms,
//!   and in how many runs any did, from navigation start until one second after the
//!   cards; each run's tasks over 50 ms are printed with when they began (from the
//!   script mark), to tell the page's own start-up from the widget's work;
//! - **CLS** (`layout-shift` observer, without shifts after input), with page text below
//!   the widget in view;
//! - **transferred bytes**: the sum of Resource Timing `transferSize` over every request
//!   (all same-origin, so the browser reports it), compressed as sent; a Worker's requests
//!   are in the Worker's own timeline, so the strong baseline's Worker sends its sum to
//!   the page, which marks it (`worker-transfer`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use elders_bench::grow_corpus;
use elders_bench::static_site::StaticSite;
use elders_core::feed::Feed;
use serde_json::Value;

use elders_bench::report::write_section;

use crate::{machine, median, Driver};

/// Feed sizes measured.
const SIZES: [usize; 3] = [100, 1_000, 10_000];
/// Runs per size and engine: enough for quartiles that mean something.
const RUNS: usize = 15;
/// How long a new browser session is left alone before the page is opened. Chromium loads
/// its own omnibox popup (`chrome://omnibox-popup.top-chrome/`, a WebUI page in a renderer
/// of its own) as it starts, and that took a core and more from 300 ms before the page's
/// script tag to 600 ms after it in a trace: on two cores, it ran alongside
/// every measurement, both widgets' and the baseline's, and made them slower and noisier.
/// The cache stays empty: the session has opened no page yet.
const SETTLE: Duration = Duration::from_millis(2500);
/// Every row of the table, in the order they take turns.
const ENGINES: [Engine; 6] = [
    Engine::Elders,
    Engine::EldersReserved,
    Engine::EldersJson,
    Engine::BaselineStrong,
    Engine::Baseline,
    Engine::PageAlone,
];

/// What one run of the benchmark measures. The default is the table in
/// `docs/benchmarks.md`; a narrower choice (`--items 10000 --runs 30 --embeds elders`) is
/// for telling a rare long task from chance, which takes many more runs of one cell than
/// the table has, and is printed only, never written into the docs.
pub struct Selection {
    sizes: Vec<usize>,
    runs: usize,
    engines: Vec<Engine>,
    /// `--trace DIR`: each run's Chromium trace written there ([`crate::trace`]).
    trace: Option<PathBuf>,
}

impl Default for Selection {
    fn default() -> Selection {
        Selection {
            sizes: SIZES.to_vec(),
            runs: RUNS,
            engines: ENGINES.to_vec(),
            trace: None,
        }
    }
}

impl Selection {
    /// Takes one command-line option: `--items 1000,10000`, `--runs 30`,
    /// `--embeds elders,page` (the slugs of [`Engine`]) or `--trace DIR`.
    pub fn set(&mut self, flag: &str, value: &str) -> Result<()> {
        let list = || value.split(',').map(str::trim).filter(|v| !v.is_empty());
        match flag {
            "--items" => {
                self.sizes = list()
                    .map(|v| v.replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .with_context(|| {
                        format!("--items takes feed sizes such as 1000,10000, not {value:?}")
                    })?;
            }
            "--runs" => {
                self.runs = value.parse().ok().filter(|&n| n > 0).with_context(|| {
                    format!("--runs takes a number of runs above 0, not {value:?}")
                })?;
            }
            "--embeds" => {
                self.engines = list()
                    .map(|v| {
                        ENGINES
                            .into_iter()
                            .find(|e| e.slug() == v)
                            .with_context(|| {
                                let known: Vec<&str> = ENGINES.iter().map(|e| e.slug()).collect();
                                format!("--embeds: no embed {v:?}; there are {}", known.join(", "))
                            })
                    })
                    .collect::<Result<_>>()?;
            }
            "--trace" => {
                std::fs::create_dir_all(value)
                    .with_context(|| format!("--trace: cannot make the folder {value:?}"))?;
                self.trace = Some(std::fs::canonicalize(value)?);
            }
            _ => bail!("the start-up benchmark has no option {flag}"),
        }
        if self.sizes.is_empty() || self.engines.is_empty() {
            bail!("{flag} {value:?} leaves nothing to measure");
        }
        Ok(())
    }

    /// Whether this is the docs' table, which is then written into `docs/benchmarks.md`.
    fn is_the_table(&self) -> bool {
        self.sizes == SIZES && self.runs == RUNS && self.engines == ENGINES && self.trace.is_none()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The script tag where the cards go (the simplest embed).
    Elders,
    /// An `<elders-widget>` element whose room the page reserves in its own CSS, the
    /// loader in the `<head>` (the embed the README gives for zero layout shift).
    EldersReserved,
    /// The script tag with the feed as a static JSON file, as from a host that is no
    /// Elders server: read by the reader module, which the widget loads for it.
    EldersJson,
    /// `bench/web/baseline-strong.js`: what a careful JavaScript developer would write
    /// (the feed parsed in a Worker, MiniSearch with Dutch stop words and stemming,
    /// indexing in chunks, Elders' page-context query), in room the page reserves, its
    /// script in the `<head>`.
    BaselineStrong,
    /// `bench/web/baseline.js`: `fetch`, `JSON.parse`, MiniSearch's defaults with prefix
    /// and fuzzy search, no room reserved.
    Baseline,
    /// The host page without any widget: how often the page's own start-up has a task
    /// over 50 ms on this machine, which every other row counts too.
    PageAlone,
}

impl Engine {
    fn label(self) -> &'static str {
        match self {
            Engine::Elders => "Elders, script tag",
            Engine::EldersReserved => "Elders, reserved element",
            Engine::EldersJson => "Elders, script tag, feed as static JSON",
            Engine::BaselineStrong => "strong JS: Worker + MiniSearch 7.2.0, Dutch stems, reserved",
            Engine::Baseline => "plain JS + MiniSearch 7.2.0",
            Engine::PageAlone => "the page alone, no widget",
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Engine::Elders => "elders",
            Engine::EldersReserved => "elders-reserved",
            Engine::EldersJson => "elders-json",
            Engine::BaselineStrong => "baseline-strong",
            Engine::Baseline => "baseline",
            Engine::PageAlone => "page",
        }
    }

    /// What goes in the `<head>` besides the measuring script.
    fn head(self, feed: &str) -> String {
        match self {
            Engine::EldersReserved => format!(
                r#"<style>elders-widget {{ display: block; min-height: 40em; }}</style>
<script type="module" src="/elders/elders.js" data-feed="/elders/{feed}"
  data-organisation="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"></script>"#
            ),
            Engine::BaselineStrong => format!(
                r#"<style>section.bl {{ display: block; min-height: 40em; }}</style>
<script type="module" src="/elders/baseline-strong.js" data-feed="/elders/{feed}"
  data-organisation="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"></script>"#
            ),
            _ => String::new(),
        }
    }

    /// The widget's markup where the cards go.
    fn script(self, feed: &str) -> String {
        let attributes = format!(
            r#"data-feed="/elders/{feed}" data-topics="spraaktechnologie, klantcontact" data-limit="6"
  data-organisation="https://identifier.overheid.nl/tooi/id/ministerie/mnre1034""#
        );
        match self {
            Engine::Elders => {
                format!(r#"<script type="module" src="/elders/elders.js" {attributes}></script>"#)
            }
            // `?json`: the site sends the JSON even to a widget that asks for the pack.
            Engine::EldersJson => format!(
                r#"<script type="module" src="/elders/elders.js" {}></script>"#,
                attributes.replace(&format!("/elders/{feed}"), &format!("/elders/{feed}?json"))
            ),
            Engine::EldersReserved => {
                r#"<elders-widget data-topics="spraaktechnologie, klantcontact" data-limit="6"></elders-widget>"#
                    .to_string()
            }
            Engine::BaselineStrong => {
                r#"<section class="bl" aria-label="Gerelateerd werk elders" data-topics="spraaktechnologie, klantcontact" data-limit="6"></section>"#
                    .to_string()
            }
            Engine::Baseline => {
                format!(r#"<script type="module" src="/elders/baseline.js" {attributes}></script>"#)
            }
            Engine::PageAlone => String::new(),
        }
    }

    /// Whether the page shows cards to wait for (all but the page alone, which counts as
    /// done once loaded).
    fn has_cards(self) -> bool {
        !matches!(self, Engine::PageAlone)
    }

    /// Script that finds a rendered card.
    fn card_probe(self) -> &'static str {
        match self {
            Engine::Elders | Engine::EldersReserved | Engine::EldersJson => {
                "document.querySelector('elders-widget')?.shadowRoot?.querySelector('.elders-card')"
            }
            Engine::BaselineStrong | Engine::Baseline => "document.querySelector('.bl-card')",
            // No cards: the page counts as done once loaded.
            Engine::PageAlone => "document.readyState === 'complete'",
        }
    }
}

/// The host page: an intranet article with the widget in the middle and text below it in
/// view, and the measuring scripts in the head. Its room for the scrollbar is kept from the
/// start (`scrollbar-gutter`): otherwise, when Chromium paints before the page has parsed
/// and the page then grows past the window, the scrollbar's arrival moves the centred page
/// sideways by 7.5 px, a shift of 0.005 that is the page's own, not the widget's (seen in
/// about one run in ten with room reserved).
fn page(engine: Engine, feed: &str) -> String {
    let probe = engine.card_probe();
    let script = engine.script(feed);
    let head = engine.head(feed);
    format!(
        r#"<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<title>Spraaktechnologie in het klantcontact – BZK Intranet</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script>
window.bench = {{ cls: 0, longTasks: [], frames: [], cardsAt: null }};
// What was behind each long frame: its scripts (what invoked them, from which file) and
// its rendering, for the log.
const short = (u) => String(u || "").replace(location.origin + "/elders/", "");
new PerformanceObserver((list) => {{
  for (const e of list.getEntries()) {{
    if (e.duration <= 50) continue;
    const scripts = e.scripts.map((s) => {{
      const from = s.sourceURL && !String(s.invoker).includes(s.sourceURL) ? ` in ${{short(s.sourceURL)}}` : "";
      const layout = s.forcedStyleAndLayoutDuration >= 1 ? `, ${{s.forcedStyleAndLayoutDuration.toFixed(0)}} ms forced layout` : "";
      return `${{s.invokerType}} ${{short(s.invoker)}}${{from}} ${{s.duration.toFixed(0)}} ms${{layout}}`;
    }});
    const end = e.startTime + e.duration;
    if (e.renderStart > 0) scripts.push(`rendering ${{(end - e.renderStart).toFixed(0)}} ms (style and layout ${{(end - e.styleAndLayoutStart).toFixed(0)}})`);
    const accounted = e.scripts.reduce((sum, s) => sum + s.duration, 0) + (e.renderStart > 0 ? end - e.renderStart : 0);
    scripts.push(`other ${{Math.max(0, e.duration - accounted).toFixed(0)}} ms`);
    bench.frames.push([e.startTime, e.duration, scripts.join("; ")]);
  }}
}}).observe({{ type: "long-animation-frame", buffered: true }});
new PerformanceObserver((list) => {{
  for (const e of list.getEntries()) if (!e.hadRecentInput) bench.cls += e.value;
}}).observe({{ type: "layout-shift", buffered: true }});
new PerformanceObserver((list) => {{
  for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]);
}}).observe({{ type: "longtask", buffered: true }});
const poll = () => {{
  if ({probe}) bench.cardsAt = performance.now();
  else requestAnimationFrame(poll);
}};
requestAnimationFrame(poll);
</script>
<style>html {{ scrollbar-gutter: stable; }} body {{ font-family: sans-serif; max-width: 60em; margin: 0 auto; padding: 1em; }}</style>
{head}
</head>
<body><main>
<h1>Spraaktechnologie in het klantcontact</h1>
<p>Elke dag bellen duizenden burgers met een vraag naar een overheidsloket. Het team
Dienstverlening onderzoekt of spraaktechnologie kan helpen om die gesprekken beter, sneller en
toegankelijker te maken.</p>
<h2>Gerelateerd werk elders</h2>
<script>performance.mark("widget-script");</script>
{script}
<p>Deze tekst staat onder de widget en is meteen in beeld: schuift hij op, dan telt dat als
layout shift.</p>
<p>Heb je zelf ervaring met spraaktechnologie? Neem contact op met het team.</p>
</main></body></html>
"#
    )
}

/// One run's numbers.
struct Run {
    to_cards_ms: f64,
    /// Every long task: when it began (ms from the script mark; negative before it) and
    /// how long it took.
    long_tasks: Vec<(f64, f64)>,
    cls: f64,
    transferred: f64,
    /// Every animation frame over 50 ms (Long Animation Frame timing): when it began (as
    /// above), how long it took, and what its time went to.
    long_frames: Vec<(f64, f64, String)>,
    /// Every other `performance.mark` of the page, with its time from the script mark.
    /// The shipped widget makes none; marks put into a working copy of the loader or
    /// the widget, to see where start-up time goes, show up in the log.
    marks: Vec<(String, f64)>,
}

/// What counts as a long task in the issue's terms.
const LONG_MS: f64 = 50.0;

impl Run {
    fn longest_task_ms(&self) -> f64 {
        self.long_tasks.iter().map(|t| t.1).fold(0.0, f64::max)
    }

    fn over_50(&self) -> impl Iterator<Item = &(f64, f64)> {
        self.long_tasks.iter().filter(|t| t.1 > LONG_MS)
    }

    /// One line for the log: the time to cards (to `done`: "cards", or "loaded" for the
    /// page alone) and the tasks over 50 ms.
    fn describe(&self, done: &str) -> String {
        let tasks: Vec<String> = self
            .over_50()
            .map(|&(at, ms)| {
                let frame = self
                    .long_frames
                    .iter()
                    .find(|(start, length, _)| *start <= at + 1.0 && at < start + length);
                match frame {
                    Some((_, length, what)) => {
                        format!("{ms:.0} ms at {at:+.0} ms [its frame {length:.0} ms: {what}]")
                    }
                    None => format!("{ms:.0} ms at {at:+.0} ms"),
                }
            })
            .collect();
        let marks: String = self
            .marks
            .iter()
            .map(|(name, at)| format!(" {name} {at:.0}"))
            .collect();
        format!(
            "{done} after {:.0} ms; tasks over 50 ms: {}{}",
            self.to_cards_ms,
            if tasks.is_empty() {
                "none".to_string()
            } else {
                tasks.join(", ")
            },
            if marks.is_empty() {
                String::new()
            } else {
                format!("; marks:{marks}")
            }
        )
    }
}

/// One run of the page at `url`; with `trace`, the run's trace is written to that file and
/// its long tasks are printed.
async fn measure(driver: &Driver, url: &str, trace: Option<&Path>) -> Result<Run> {
    let client = driver.session(trace.is_some()).await?;
    client.set_window_size(1280, 1000).await?;
    // A fresh browser is busy with pages of its own at first (see `SETTLE`); a reader's is
    // long past that when they open an intranet page.
    tokio::time::sleep(SETTLE).await;
    client.goto(url).await?;
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let done = client
            .execute(
                "return window.bench && window.bench.cardsAt !== null",
                vec![],
            )
            .await?;
        if done == Value::Bool(true) {
            break;
        }
        if Instant::now() > deadline {
            bail!("no cards at {url} within two minutes");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Long tasks and shifts that follow the first cards count too.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let seen = client
        .execute(
            "const start = performance.getEntriesByName('widget-script')[0].startTime;
             const bytes = performance.getEntriesByType('resource')
               .concat(performance.getEntriesByType('navigation'))
               .reduce((sum, r) => sum + (r.transferSize || 0), 0)
               + performance.getEntriesByName('worker-transfer').reduce((sum, m) => sum + (m.detail || 0), 0);
             return { toCards: bench.cardsAt - start, tasks: bench.longTasks.map(([at, ms]) => [at - start, ms]),
                      frames: bench.frames.map(([at, ms, what]) => [at - start, ms, what]),
                      marks: performance.getEntriesByType('mark')
                        .filter((m) => m.name !== 'widget-script' && m.name !== 'worker-transfer')
                        .map((m) => [m.name, m.startTime - start]),
                      cls: bench.cls, bytes };",
            vec![],
        )
        .await?;
    if let Some(file) = trace {
        for line in crate::trace::save(&client, url, file).await? {
            eprintln!("    {line}");
        }
    }
    client.close().await?;
    let number = |key: &str| seen[key].as_f64().unwrap_or(f64::NAN);
    // Each of these is a list of rows (arrays) of numbers and text.
    let rows = |key: &str| seen[key].as_array().cloned().unwrap_or_default();
    let num = |row: &Value, i: usize| row[i].as_f64().unwrap_or(f64::NAN);
    let text = |row: &Value, i: usize| row[i].as_str().unwrap_or("").to_string();
    let long_tasks = rows("tasks")
        .iter()
        .map(|t| (num(t, 0), num(t, 1)))
        .collect();
    let long_frames = rows("frames")
        .iter()
        .map(|f| (num(f, 0), num(f, 1), text(f, 2)))
        .collect();
    let marks = rows("marks")
        .iter()
        .map(|m| (text(m, 0), num(m, 1)))
        .collect();
    Ok(Run {
        to_cards_ms: number("toCards"),
        long_tasks,
        cls: number("cls"),
        transferred: number("bytes"),
        long_frames,
        marks,
    })
}

/// Runs the benchmark and writes its table into `docs/benchmarks.md`. `web` is the folder
/// served under `/elders/`: the built widget, both baselines with their modules
/// (`baseline.js`, `baseline-strong.js`, …) and `minisearch.js` are already there.
pub async fn run(root: &Path, web: &Path, selection: &Selection) -> Result<()> {
    let fixtures = root.join("tests/fixtures/relevance/feed.json");
    let base: Feed = elders_core::validate::parse_feed(&std::fs::read_to_string(fixtures)?)?.feed;
    let server = StaticSite::start(web)?;
    let driver = Driver::start()?;
    let engines = &selection.engines;
    let mut rows = Vec::new();
    for &n in &selection.sizes {
        let feed = Feed {
            items: grow_corpus(&base.items, n),
            ..base.clone()
        };
        let text = serde_json::to_string(&feed)?;
        let name = format!("feed-{n}.json");
        std::fs::write(web.join(&name), &text)?;
        // What the Elders server's `/feed.json` sends the widget, which asks for it.
        let (parsed, index) = elders_core::load::load(&text)?;
        std::fs::write(
            web.join(format!("{name}.pack")),
            elders_core::pack::write(&parsed, &index),
        )?;
        for &engine in engines {
            std::fs::write(
                web.join(format!("{}-{n}.html", engine.slug())),
                page(engine, &name),
            )?;
        }
        let mut runs: Vec<Vec<Run>> = engines.iter().map(|_| Vec::new()).collect();
        for number in 0..selection.runs {
            for (i, engine) in engines.iter().enumerate() {
                let url = format!("{}/elders/{}-{n}.html", server.base, engine.slug());
                let trace = selection
                    .trace
                    .as_ref()
                    .map(|dir| dir.join(format!("{n}-{}-{number:02}.json", engine.slug())));
                let run = measure(&driver, &url, trace.as_deref()).await?;
                let done = if engine.has_cards() {
                    "cards"
                } else {
                    "loaded"
                };
                eprintln!("  {n} items, {}: {}", engine.label(), run.describe(done));
                runs[i].push(run);
            }
        }
        for (engine, runs) in engines.iter().zip(runs) {
            let med = |f: fn(&Run) -> f64| median(runs.iter().map(f).collect());
            let with_long = runs.iter().filter(|r| r.over_50().next().is_some()).count();
            let to_cards = if engine.has_cards() {
                let (p25, p50, p75) = quartiles(runs.iter().map(|r| r.to_cards_ms).collect());
                format!("{p50:.0} ({p25:.0}–{p75:.0})")
            } else {
                "–".to_string()
            };
            let row = format!(
                "| {n} | {:.1} MB | {} | {to_cards} | {:.0} | {:.0} | {with_long} of {} | {:.3} | {:.0} |",
                text.len() as f64 / 1e6,
                engine.label(),
                med(Run::longest_task_ms),
                med(|r| r.over_50().count() as f64),
                runs.len(),
                med(|r| r.cls),
                med(|r| r.transferred) / 1000.0,
            );
            eprintln!("{row}");
            rows.push(row);
        }
    }
    let report = format!(
        "Measured on {}; median of {} cold runs each, with the quartiles (p25–p75) of script → cards.\n\n\
         | items | feed (raw) | widget | script → cards ms, median (p25–p75) | longest task ms | tasks > 50 ms | runs with a task > 50 ms | CLS | transferred KB |\n\
         |---:|---:|---|---:|---:|---:|---:|---:|---:|\n{}\n",
        machine(),
        selection.runs,
        rows.join("\n")
    );
    println!("{report}");
    if !selection.is_the_table() {
        eprintln!(
            "(a narrower run than the docs' table: printed, not written into docs/benchmarks.md)"
        );
        return Ok(());
    }
    write_section(&root.join("docs/benchmarks.md"), "web", &report)
}

/// The first quartile, the median and the third quartile of `xs`, each interpolated
/// between the two nearest runs (the usual definition, numpy's default): with 15 runs the
/// first quartile lies halfway between the 4th and 5th fastest, the third between the
/// 11th and 12th.
fn quartiles(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let Some(last) = xs.len().checked_sub(1) else {
            return f64::NAN;
        };
        let place = q * last as f64;
        let (below, share) = (place.floor() as usize, place.fract());
        let above = (below + 1).min(last);
        xs[below] + (xs[above] - xs[below]) * share
    };
    (at(0.25), at(0.5), at(0.75))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_of_fifteen_runs_lie_between_two_runs() {
        let runs: Vec<f64> = (1..=15).rev().map(f64::from).collect();
        assert_eq!(quartiles(runs), (4.5, 8.0, 11.5));
    }

    #[test]
    fn quartiles_interpolate_between_runs() {
        assert_eq!(quartiles(vec![10.0, 20.0]), (12.5, 15.0, 17.5));
        assert_eq!(quartiles(vec![7.0]), (7.0, 7.0, 7.0));
        assert!(quartiles(Vec::new()).1.is_nan());
    }

    #[test]
    fn every_row_has_a_slug_for_embeds() {
        let mut selection = Selection::default();
        selection
            .set("--embeds", "baseline-strong,baseline,elders-reserved")
            .unwrap();
        assert!(
            selection.engines
                == [
                    Engine::BaselineStrong,
                    Engine::Baseline,
                    Engine::EldersReserved
                ]
        );
        assert!(selection.set("--embeds", "strong").is_err());
    }
}
