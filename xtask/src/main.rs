//! Build orchestration for Elders, so that a fresh machine needs nothing but rustup, cargo
//! and apt: `cargo xtask dist | demo | test`.
//!
//! Tools the build needs and cargo does not bring (the wasm-bindgen CLI of the exact
//! version in Cargo.lock, binaryen's wasm-opt from npm) are installed once into a
//! per-version folder under `~/.cache/elders/` and reused by every clone and CI run.

mod bench;
mod dist;
mod fuzz;
mod link_filter;
mod postgres;
mod short_names;
mod tools;
mod unused_exports;
mod wasm_binary;

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const USAGE: &str = "\
cargo xtask <command>

  dist     build the widget (release Wasm, wasm-bindgen, wasm-opt) into dist/elders/
  demo     build, then serve the demo intranet page on http://127.0.0.1:8080
  test     check formatting and lints, build, install the browser, PostgreSQL and smtp-sink
           when needed, run every test
  size     the widget's download size (raw, gzip, brotli); fails above the README's budget
  lint     formatting and clippy, natively and for the widget's wasm32 code (test runs it too)
  audit    cargo deny: licences, banned and duplicate crates, sources, advisories (test runs it too)
  bench server
           HTTP load on the server (feed 200/304, new questions) on SQLite and PostgreSQL,
           written to docs/benchmarks.md
  fuzz [SECONDS]
           fuzz the feed parser and the stepped loader (nightly, libFuzzer), SECONDS per
           target (default 60)
  bench rank
           ranking speed (native, Wasm in Chromium) and relevance against MiniSearch,
           written to docs/benchmarks.md
  bench web [--items N,…] [--runs N] [--embeds NAME,…] [--trace DIR]
           start-up in Chromium (script tag to cards, long tasks, layout shift, bytes)
           against a plain-JS widget, written to docs/benchmarks.md; with options, a
           narrower run that is only printed (embeds: elders, elders-reserved,
           elders-json, baseline-strong, baseline, page); --trace writes each run's
           Chromium trace into DIR and prints its long tasks
";

fn main() -> Result<()> {
    // Run by `rustc` as the Wasm's linker (see `link_filter`).
    if let Some(real) = std::env::var_os(link_filter::REAL_LINKER) {
        return link_filter::run(real);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("dist") => dist::build(&root).map(|_| ()),
        Some("demo") => demo(&root, &args[1..]),
        Some("test") => test(&root, &args[1..]),
        Some("size") => size(&root),
        Some("lint") => lint(&root),
        Some("audit") => audit(&root),
        Some("bench") => bench::run_bench(
            &root,
            args.get(1).map(String::as_str),
            args.get(2..).unwrap_or_default(),
        ),
        Some("fuzz") => fuzz::run_fuzz(&root, args.get(1).map(String::as_str)),
        Some("help") | Some("--help") | Some("-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

/// Where cargo puts build output: `CARGO_TARGET_DIR` or `target/` in the workspace.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Runs a command, failing with its command line when it fails.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn demo(root: &Path, extra: &[String]) -> Result<()> {
    dist::build(root)?;
    run(cargo()
        .current_dir(root)
        .args(["build", "--quiet", "-p", "elders-server"]))?;
    println!("\nStarting the demo: open http://127.0.0.1:8080/ (Ctrl-C stops it).\n");
    run(Command::new(target_dir(root).join("debug/elders"))
        .current_dir(root)
        .args([
            "serve",
            "--addr",
            "127.0.0.1:8080",
            "--feed",
            "feeds/sample.json",
        ])
        .args([
            "--database",
            "sqlite://demo.db",
            "--moderation",
            "off",
            "--dist",
            "dist/elders",
        ])
        .args(extra))
}

fn test(root: &Path, extra: &[String]) -> Result<()> {
    lint(root)?;
    audit(root)?;
    tools::ensure_browser()?;
    let postgres = postgres::ensure_server()?;
    let smtp_sink = tools::smtp_sink()?;
    let axe = tools::npm_package("axe-core", tools::AXE_VERSION)?.join("axe.min.js");
    let dist = dist::build(root)?;
    check_size_budget(root, &dist)?;
    run(cargo()
        .current_dir(root)
        .args(["build", "-p", "elders-server"]))?;
    // Everything but the server, then the server suite on its own, twice: on SQLite and on
    // PostgreSQL. The two server runs share one build; had the server stayed inside
    // `--workspace`, the PostgreSQL run (`-p elders-server`) would resolve its dependencies'
    // features differently and compile them all once more.
    let mut command = cargo();
    command
        .current_dir(root)
        .args(["test", "--workspace", "--exclude", "elders-server"])
        .env("ELDERS_BIN", target_dir(root).join("debug/elders"))
        .env("ELDERS_DIST", root.join("dist/elders"))
        .env("ELDERS_AXE", axe)
        .env("ELDERS_SMTP_SINK", &smtp_sink)
        .args(extra);
    let (passed, failed, ok) = run_counting_tests(&mut command)?;
    let mut on_sqlite = cargo();
    on_sqlite
        .current_dir(root)
        .args(["test", "-p", "elders-server"])
        .env_remove("ELDERS_TEST_DATABASE")
        .env("ELDERS_SMTP_SINK", &smtp_sink)
        .args(extra);
    let (lite_passed, lite_failed, lite_ok) = run_counting_tests(&mut on_sqlite)?;
    println!("\nThe server tests again, on PostgreSQL ({postgres}):");
    let mut on_postgres = cargo();
    on_postgres
        .current_dir(root)
        .args(["test", "-p", "elders-server"])
        .env("ELDERS_TEST_DATABASE", &postgres)
        .env("ELDERS_SMTP_SINK", &smtp_sink)
        .args(extra);
    let (pg_passed, pg_failed, pg_ok) = run_counting_tests(&mut on_postgres)?;
    // One closing line for the whole run: cargo's own last line is the (empty) doc-test run.
    println!(
        "\ntests: {} passed, {} failed (the server suite: {lite_passed} passed and {lite_failed} \
         failed on SQLite, {pg_passed} passed and {pg_failed} failed on PostgreSQL)",
        passed + lite_passed + pg_passed,
        failed + lite_failed + pg_failed
    );
    let ok = ok && lite_ok && pg_ok;
    if !ok {
        bail!("some tests failed");
    }
    Ok(())
}

/// Runs `cargo test`, passing its output through, and adds up its `test result:` lines.
fn run_counting_tests(command: &mut Command) -> Result<(u64, u64, bool)> {
    use std::io::{BufRead, BufReader};
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let (mut passed, mut failed) = (0, 0);
    let stdout = child.stdout.take().context("no stdout")?;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if let Some(rest) = line.strip_prefix("test result: ") {
            let count = |word: &str| -> u64 {
                rest.split(';')
                    .find_map(|part| {
                        part.trim()
                            .trim_start_matches("ok. ")
                            .trim_start_matches("FAILED. ")
                            .strip_suffix(word)
                    })
                    .and_then(|n| n.trim().parse().ok())
                    .unwrap_or(0)
            };
            passed += count(" passed");
            failed += count(" failed");
        }
    }
    let status = child.wait()?;
    Ok((passed, failed, status.success()))
}

/// `cargo deny` with `deny.toml`: licences, banned and duplicate crates, sources; and the
/// RustSec advisories when their database can be fetched. Where it cannot (a network
/// without github.com), that check is reported as not run, loudly, and the rest still
/// counts.
fn audit(root: &Path) -> Result<()> {
    let deny = tools::cargo_deny()?;
    run(Command::new(&deny)
        .current_dir(root)
        .args(["deny", "check", "licenses", "bans", "sources"]))?;
    let advisories = Command::new(&deny)
        .current_dir(root)
        .args(["deny", "check", "advisories"])
        .output()
        .context("cannot run cargo-deny")?;
    let said = String::from_utf8_lossy(&advisories.stderr);
    if advisories.status.success() {
        println!("advisories ok");
    } else if said.contains("failed to fetch advisory database") {
        println!(
            "NOTE: the RustSec advisory database could not be fetched from here, so advisories \
             were not checked; run `cargo deny check advisories` where it can be reached."
        );
    } else {
        eprint!("{said}");
        bail!("cargo deny found advisories for the dependencies (see above and deny.toml)");
    }
    Ok(())
}

/// Formatting and clippy, natively and for the widget's wasm32-only code.
fn lint(root: &Path) -> Result<()> {
    tools::ensure_wasm_target()?;
    run(cargo()
        .current_dir(root)
        .args(["fmt", "--all", "--", "--check"]))?;
    run(cargo().current_dir(root).args([
        "clippy",
        "--quiet",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cargo().current_dir(root).args([
        "clippy",
        "--quiet",
        "-p",
        "elders-widget",
        "--lib",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))
}

/// `cargo xtask size`: builds the widget and checks its brotli size against the budget
/// that README.md states in a line `Size budget: N KB brotli`, so the README is the one place
/// the number lives.
fn size(root: &Path) -> Result<()> {
    let dist = dist::build(root)?;
    check_size_budget(root, &dist)
}

fn check_size_budget(root: &Path, dist: &Path) -> Result<()> {
    let totals = dist::print_sizes(dist)?;
    let readme =
        std::fs::read_to_string(root.join("README.md")).context("cannot read README.md")?;
    let budget = |label: &str| -> Result<u64> {
        readme
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix(label)?
                    .strip_prefix(": ")?
                    .strip_suffix(" KB brotli")?
                    .parse()
                    .ok()
            })
            .with_context(|| format!("README.md has no line `{label}: N KB brotli`"))
    };
    for (label, what, total) in [
        ("Size budget", "what a page loads", totals.start),
        ("Question form budget", "the question form", totals.form),
        (
            "Answers budget",
            "the questions and answers",
            totals.answers,
        ),
        ("Reader budget", "the reader of JSON feeds", totals.reader),
    ] {
        let budget_kb = budget(label)?;
        let brotli_kb = total[2].div_ceil(1000);
        if brotli_kb > budget_kb {
            bail!(
                "{what} is {brotli_kb} KB brotli, over the {budget_kb} KB `{label}` in README.md"
            );
        }
        println!("{what}: {brotli_kb} KB brotli, within the {budget_kb} KB budget");
    }
    Ok(())
}
