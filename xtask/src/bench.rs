//! `cargo xtask bench rank`: prepares the benchmark page (the Elders Wasm module built like
//! the shipped widget, MiniSearch from npm, the harness) in `target/bench-web/` and runs the
//! `elders-bench` runner, which writes its tables into `docs/benchmarks.md`.

use std::path::Path;

use anyhow::{bail, Result};

use crate::{cargo, dist, run, target_dir, tools};

pub fn run_bench(root: &Path, what: Option<&str>) -> Result<()> {
    match what {
        Some("rank") => rank(root),
        other => bail!("unknown benchmark {other:?}; available: rank"),
    }
}

fn rank(root: &Path) -> Result<()> {
    tools::ensure_browser()?;
    let web = target_dir(root).join("bench-web");
    let _ = std::fs::remove_dir_all(&web);
    std::fs::create_dir_all(&web)?;
    dist::wasm_module(root, "elders-bench", "elders_bench", &web)?;
    let minisearch = tools::npm_package("minisearch", tools::MINISEARCH_VERSION)?;
    std::fs::copy(
        minisearch.join("dist/es/index.js"),
        web.join("minisearch.js"),
    )?;
    for file in ["index.html", "harness.js"] {
        std::fs::copy(root.join("bench/web").join(file), web.join(file))?;
    }
    run(cargo()
        .current_dir(root)
        .args(["build", "--quiet", "-p", "elders-server"]))?;
    run(cargo()
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "--profile",
            "bench",
            "-p",
            "elders-bench",
            "--",
            "--root",
        ])
        .arg(root)
        .arg("--web")
        .arg(&web)
        .arg("--elders-bin")
        .arg(target_dir(root).join("debug/elders")))
}
