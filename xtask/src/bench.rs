//! `cargo xtask bench rank`: prepares the benchmark page (the Elders Wasm module built like
//! the shipped widget, MiniSearch from npm, the harness) in `target/bench-web/` and runs the
//! `elders-bench` runner, which writes its tables into `docs/benchmarks.md`.
//! `cargo xtask bench web` does the same for start-up: the shipped widget against a strong
//! and a plain JavaScript baseline, from script tag to painted cards.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use crate::{cargo, dist, run, target_dir, tools};

/// Runs the benchmark `what`; `options` go to it (only `web` takes any: `--items`,
/// `--runs`, `--embeds`, `--trace`).
pub fn run_bench(root: &Path, what: Option<&str>, options: &[String]) -> Result<()> {
    if !options.is_empty() && what != Some("web") {
        bail!("only `bench web` takes options, not {options:?}");
    }
    match what {
        Some("rank") => rank(root),
        Some("web") => web(root, options),
        Some("server") => server(root),
        other => bail!("unknown benchmark {other:?}; available: rank, web, server"),
    }
}

/// A fresh benchmark folder under `target/`, with MiniSearch and the strong baseline's
/// Dutch stemmer and stop words (npm, pinned) in it, and the strong baseline's search
/// (`strong.js`), which both benchmarks use.
fn prepare(root: &Path, folder: &str) -> Result<PathBuf> {
    tools::ensure_browser()?;
    let web = target_dir(root).join(folder);
    let _ = std::fs::remove_dir_all(&web);
    std::fs::create_dir_all(&web)?;
    let minisearch = tools::npm_package("minisearch", tools::MINISEARCH_VERSION)?;
    std::fs::copy(
        minisearch.join("dist/es/index.js"),
        web.join("minisearch.js"),
    )?;
    // Self-contained ES modules: `export function stemmer(word)`, `export const stopwords`.
    let stemmers = tools::npm_package("@orama/stemmers", tools::ORAMA_TEXT_VERSION)?;
    std::fs::copy(stemmers.join("dist/nl.js"), web.join("stemmer-nl.js"))?;
    let stopwords = tools::npm_package("@orama/stopwords", tools::ORAMA_TEXT_VERSION)?;
    std::fs::copy(stopwords.join("dist/nl.js"), web.join("stopwords-nl.js"))?;
    std::fs::copy(root.join("bench/web/strong.js"), web.join("strong.js"))?;
    Ok(web)
}

/// Runs the `elders-bench` runner on `web` (`mode`: none for the ranking benchmark, `web`
/// for start-up, followed by its options).
fn run_runner(root: &Path, web: &Path, mode: &[String]) -> Result<()> {
    run(bench_binary(root, "elders-bench")
        .args(mode)
        .arg("--root")
        .arg(root)
        .arg("--web")
        .arg(web))
}

fn rank(root: &Path) -> Result<()> {
    let web = prepare(root, "bench-web")?;
    dist::wasm_module(root, "elders-bench", &[], "elders_bench", &web)?;
    for file in ["index.html", "harness.js"] {
        std::fs::copy(root.join("bench/web").join(file), web.join(file))?;
    }
    run_runner(root, &web, &[])
}

/// `cargo xtask bench web`: the shipped widget (`dist/elders/`) and the strong and plain
/// JavaScript baselines with MiniSearch side by side in `target/bench-startup/`, served under `/elders/` (see
/// `bench/src/static_site.rs`); the `elders-bench web` runner makes the feeds and pages
/// and times them.
fn web(root: &Path, options: &[String]) -> Result<()> {
    let dist = dist::build(root)?;
    let web = prepare(root, "bench-startup")?;
    for entry in std::fs::read_dir(&dist)? {
        let entry = entry?;
        std::fs::copy(entry.path(), web.join(entry.file_name()))?;
    }
    for file in [
        "baseline.js",
        "baseline-strong.js",
        "baseline-strong-worker.js",
    ] {
        std::fs::copy(root.join("bench/web").join(file), web.join(file))?;
    }
    let mode: Vec<String> = std::iter::once("web".to_string())
        .chain(options.iter().cloned())
        .collect();
    run_runner(root, &web, &mode)
}

/// `cargo xtask bench server`: HTTP load on the server built with the bench profile, on
/// SQLite and on PostgreSQL (started like for the tests), and its mail sent to postfix's
/// smtp-sink (installed like for the tests); see `bench/src/bin/load.rs`.
fn server(root: &Path) -> Result<()> {
    let postgres = crate::postgres::ensure_server()?;
    let smtp_sink = tools::smtp_sink()?;
    run(cargo().current_dir(root).args([
        "build",
        "--quiet",
        "--profile",
        "bench",
        "-p",
        "elders-server",
    ]))?;
    run(bench_binary(root, "load")
        .arg("--root")
        .arg(root)
        .arg("--elders-bin")
        // The built-in bench profile writes into release/.
        .arg(target_dir(root).join("release/elders"))
        .args(["--postgres", &postgres])
        .arg("--smtp-sink")
        .arg(smtp_sink))
}

/// `cargo run` of one of the benchmark crate's binaries, built with the bench profile;
/// its arguments follow.
fn bench_binary(root: &Path, bin: &str) -> std::process::Command {
    let mut command = cargo();
    command.current_dir(root).args([
        "run",
        "--quiet",
        "--profile",
        "bench",
        "-p",
        "elders-bench",
        "--bin",
        bin,
        "--",
    ]);
    command
}
