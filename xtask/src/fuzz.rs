//! `cargo xtask fuzz [SECONDS]`: runs each feed-parser fuzz target (`fuzz/`) with
//! libFuzzer for a bounded time, seeded with the sample feed and the test fixtures.
//!
//! Needs the nightly toolchain (`rustup toolchain install nightly`); cargo-fuzz of a pinned
//! version is installed once into `~/.cache/elders/`. A failure stops with the input's path:
//! fix the bug, then copy the input into `fuzz/regressions/` so that `cargo xtask test`
//! checks it for ever.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::{run, target_dir};

/// The cargo-fuzz version used.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The targets, in `fuzz/Cargo.toml`.
const TARGETS: [&str; 3] = ["feed_text", "feed_loader", "json_reader"];

pub fn run_fuzz(root: &Path, seconds: Option<&str>) -> Result<()> {
    let seconds: u64 = match seconds {
        Some(s) => s
            .parse()
            .with_context(|| format!("`cargo xtask fuzz SECONDS`: {s:?} is not a number"))?,
        None => 60,
    };
    let has_nightly = Command::new("rustup")
        .args(["toolchain", "list"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("nightly"));
    if !has_nightly {
        bail!("fuzzing needs the nightly toolchain: rustup toolchain install nightly");
    }
    let cargo_fuzz = cargo_fuzz()?;
    let work = target_dir(root).join("fuzz");
    for target in TARGETS {
        // A fresh corpus folder per target in target/, seeded from the repository: the
        // corpus libFuzzer grows is build output, not source.
        let corpus = work.join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        for seed in seeds(root)? {
            let name = seed.file_name().context("a seed without a name")?;
            std::fs::copy(&seed, corpus.join(name))?;
        }
        let artifacts = work.join("artifacts").join(target);
        std::fs::create_dir_all(&artifacts)?;
        println!("Fuzzing {target} for {seconds} s…");
        let status = Command::new(&cargo_fuzz)
            .current_dir(root.join("fuzz"))
            .env("RUSTUP_TOOLCHAIN", "nightly")
            .args([
                "fuzz",
                "run",
                "--release",
                "--debug-assertions",
                "--target-dir",
            ])
            .arg(work.join("build"))
            .arg(target)
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            // Small inputs run hundreds of times faster, and every structure a feed has
            // fits in 32 KB; the seeds that are larger are used from their start.
            .arg("-max_len=32768")
            .arg("-dict=json.dict")
            .arg(format!("-artifact_prefix={}/", artifacts.display()))
            .status()
            .with_context(|| format!("cannot start {}", cargo_fuzz.display()))?;
        if !status.success() {
            bail!(
                "fuzz target {target} failed; the input is in {}. Fix the bug, then copy the \
                 input into fuzz/regressions/ with a name that says what it found.",
                artifacts.display()
            );
        }
    }
    println!(
        "\nNo failures: {} targets, {seconds} s each.",
        TARGETS.len()
    );
    Ok(())
}

/// The seed inputs: `fuzz/seeds/`, the sample feed, the fixtures and the regressions.
fn seeds(root: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut seeds = vec![
        root.join("feeds/sample.json"),
        root.join("tests/fixtures/one-bad-item.json"),
    ];
    for folder in ["fuzz/seeds", "fuzz/regressions"] {
        for entry in std::fs::read_dir(root.join(folder))? {
            let path = entry?.path();
            if path.extension().is_none_or(|e| e != "md") {
                seeds.push(path);
            }
        }
    }
    Ok(seeds)
}

/// cargo-fuzz of the pinned version, installed once into the cache.
fn cargo_fuzz() -> Result<std::path::PathBuf> {
    let dir = crate::tools::cache_dir().join(format!("cargo-fuzz-{CARGO_FUZZ_VERSION}"));
    let bin = dir.join("bin/cargo-fuzz");
    if !bin.is_file() {
        println!(
            "Installing cargo-fuzz {CARGO_FUZZ_VERSION} into {} (once, about 2 minutes)…",
            dir.display()
        );
        run(crate::cargo()
            .args([
                "install",
                "cargo-fuzz",
                "--locked",
                "--version",
                CARGO_FUZZ_VERSION,
                "--root",
            ])
            .arg(&dir))?;
    }
    Ok(bin)
}
