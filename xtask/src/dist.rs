//! `cargo xtask dist`: the widget as an intranet page loads it, in `dist/elders/`:
//! `elders.js` (the stable-named loader), `elders_widget.js` (wasm-bindgen glue),
//! `elders_widget_bg.wasm`, each with a `.gz` and a `.br` beside it for the server to send
//! precompressed. The stylesheet (`style/elders.css`) is built into the loader, so that the
//! widget is styled and its room reserved from the loader's first frame.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{cargo, run, tools};

const TARGET: &str = "wasm32-unknown-unknown";

/// What a page downloads: the loader (with the stylesheet), the glue and the Wasm.
pub const FILES: [&str; 3] = ["elders.js", "elders_widget.js", "elders_widget_bg.wasm"];

/// Where the loader's source holds the place of the stylesheet.
const CSS_PLACEHOLDER: &str = "\"/*@elders-css@*/\"";

/// The loader with the stylesheet in it, as a JavaScript string literal.
fn loader_with_css(loader: &str, css: &str) -> Result<String> {
    anyhow::ensure!(
        loader.matches(CSS_PLACEHOLDER).count() == 1,
        "loader/elders.js must hold the stylesheet placeholder {CSS_PLACEHOLDER} exactly once"
    );
    let mut literal = String::with_capacity(css.len() + 2);
    literal.push('"');
    for c in css.chars() {
        match c {
            '"' => literal.push_str("\\\""),
            '\\' => literal.push_str("\\\\"),
            '\n' => literal.push_str("\\n"),
            '\r' => {}
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                literal.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => literal.push(c),
        }
    }
    literal.push('"');
    Ok(loader.replace(CSS_PLACEHOLDER, &literal))
}

/// Raw, gzip and brotli bytes of what a page downloads, from the files in `dist`.
pub fn sizes(dist: &Path) -> Result<Vec<(&'static str, [u64; 3])>> {
    FILES
        .iter()
        .map(|name| {
            let size = |suffix: &str| -> Result<u64> {
                let path = dist.join(format!("{name}{suffix}"));
                Ok(std::fs::metadata(&path)
                    .with_context(|| {
                        format!("{} is missing: run cargo xtask dist", path.display())
                    })?
                    .len())
            };
            Ok((*name, [size("")?, size(".gz")?, size(".br")?]))
        })
        .collect()
}

/// Prints the size table and returns the totals.
pub fn print_sizes(dist: &Path) -> Result<[u64; 3]> {
    let mut total = [0u64; 3];
    println!("dist/elders/:              bytes     gzip   brotli");
    for (name, [raw, gz, br]) in sizes(dist)? {
        println!("  {name:<22} {raw:>8} {gz:>8} {br:>8}");
        total = [total[0] + raw, total[1] + gz, total[2] + br];
    }
    println!(
        "  {:<22} {:>8} {:>8} {:>8}",
        "total", total[0], total[1], total[2]
    );
    Ok(total)
}

pub fn build(root: &Path) -> Result<PathBuf> {
    let dist = root.join("dist/elders");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist)?;
    wasm_module(root, "elders-widget", "elders_widget", &dist)?;
    let loader = std::fs::read_to_string(root.join("loader/elders.js"))?;
    let css = std::fs::read_to_string(root.join("style/elders.css"))?;
    std::fs::write(dist.join("elders.js"), loader_with_css(&loader, &css)?)?;

    for name in FILES {
        let bytes =
            std::fs::read(dist.join(name)).with_context(|| format!("cannot read {name}"))?;
        std::fs::write(dist.join(format!("{name}.gz")), gzip(&bytes)?)?;
        std::fs::write(dist.join(format!("{name}.br")), brotli(&bytes)?)?;
    }
    print_sizes(&dist)?;
    Ok(dist)
}

/// Builds `package`'s library as release Wasm (the workspace's size-tuned profile, as
/// shipped), runs wasm-bindgen and wasm-opt, and writes `{name}.js` and `{name}_bg.wasm`
/// into `out`.
pub fn wasm_module(root: &Path, package: &str, name: &str, out: &Path) -> Result<()> {
    tools::ensure_wasm_target()?;
    let version = tools::locked_version(root, "wasm-bindgen")?;
    let bindgen = tools::wasm_bindgen(&version)?;

    // `cargo rustc --crate-type cdylib` rather than a cdylib in Cargo.toml: with
    // `["cdylib", "rlib"]`, fat LTO is silently not applied and the Wasm grows by ~40 %.
    run(cargo().current_dir(root).args([
        "rustc",
        "--quiet",
        "--release",
        "--target",
        TARGET,
        "-p",
        package,
        "--lib",
        "--crate-type",
        "cdylib",
    ]))?;
    let target = crate::target_dir(root);
    let wasm = target.join(TARGET).join(format!("release/{name}.wasm"));
    let bindgen_out = target.join(format!("bindgen-{name}"));
    let _ = std::fs::remove_dir_all(&bindgen_out);
    run(std::process::Command::new(&bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--out-name",
            name,
            "--out-dir",
        ])
        .arg(&bindgen_out)
        .arg(&wasm))?;
    let bg = format!("{name}_bg.wasm");
    match tools::wasm_opt()? {
        Some(wasm_opt) => run(std::process::Command::new(wasm_opt)
            .arg("-Oz")
            .arg(bindgen_out.join(&bg))
            .arg("-o")
            .arg(out.join(&bg)))?,
        None => {
            std::fs::copy(bindgen_out.join(&bg), out.join(&bg))?;
        }
    }
    std::fs::copy(
        bindgen_out.join(format!("{name}.js")),
        out.join(format!("{name}.js")),
    )?;
    Ok(())
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = ::brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    ::brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}
