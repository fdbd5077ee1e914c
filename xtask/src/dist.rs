//! `cargo xtask dist`: the widget as an intranet page loads it, in `dist/elders/`:
//! `elders.js` (the stable-named loader), `elders_widget.HASH.js` (wasm-bindgen glue),
//! `elders_widget_bg.HASH.wasm` (HASH: 16 hex digits of the content), each with a `.gz` and a `.br` beside it for the server to send
//! precompressed. The stylesheet (`style/elders.css`) is built into the loader, so that the
//! widget is styled and its room reserved from the loader's first frame.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{cargo, run, tools};

const TARGET: &str = "wasm32-unknown-unknown";

/// The loader: the one file a page names, so its name never changes (short cache).
const LOADER: &str = "elders.js";
/// The loader's data-debug part, which it imports only for a widget with `data-debug`;
/// its name does not change either.
const DEBUG: &str = "elders_debug.js";
/// The glue and the Wasm as wasm-bindgen writes them; `dist` gives them their content's
/// hash in the name (`elders_widget.0123456789abcdef.js`), so that they can be cached for
/// a year, and writes those names into the loader.
const HASHED: [(&str, &str); 8] = [
    ("elders_widget", "js"),
    ("elders_widget_bg", "wasm"),
    ("elders_ask", "js"),
    ("elders_ask_bg", "wasm"),
    ("elders_answers", "js"),
    ("elders_answers_bg", "wasm"),
    ("elders_reader", "js"),
    ("elders_reader_bg", "wasm"),
];

/// What a shipped file is part of: what every page view loads, or one of the modules
/// loaded only when a reader opens what they hold, counted apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The loader, the cards' glue and Wasm.
    Start,
    /// The question form's module.
    Form,
    /// The questions panel's module, with the answer form.
    Answers,
    /// The reader of feeds that arrive as JSON rather than as a pack.
    Reader,
}

/// The part a shipped file (by its name) belongs to.
pub fn part(name: &str) -> Part {
    let is = |stem: &str| {
        name.starts_with(&format!("{stem}.")) || name.starts_with(&format!("{stem}_bg."))
    };
    if is("elders_ask") {
        Part::Form
    } else if is("elders_answers") {
        Part::Answers
    } else if is("elders_reader") {
        Part::Reader
    } else {
        Part::Start
    }
}

/// FNV-1a, 64 bits, as 16 hex digits: enough to tell builds apart, no dependency.
fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// What a page downloads, in `dist`: the loader (with the stylesheet), the glue and the
/// Wasm, by their shipped names.
pub fn shipped(dist: &Path) -> Result<Vec<String>> {
    let mut names = vec![LOADER.to_string()];
    for (stem, extension) in HASHED {
        let found = std::fs::read_dir(dist)
            .with_context(|| format!("{} is missing: run cargo xtask dist", dist.display()))?
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .find(|name| {
                name.strip_prefix(stem)
                    .and_then(|rest| rest.strip_prefix('.'))
                    .and_then(|rest| rest.strip_suffix(extension))
                    .is_some_and(|hash| hash.len() == 17 && hash.ends_with('.'))
            })
            .with_context(|| {
                format!(
                    "no {stem}.HASH.{extension} in {}: run cargo xtask dist",
                    dist.display()
                )
            })?;
        names.push(found);
    }
    Ok(names)
}

/// Where the loader's source holds the place of the stylesheet.
const CSS_PLACEHOLDER: &str = "\"/*@elders-css@*/\"";

/// The stylesheet as shipped: without its comments (which document it for us, not for
/// readers' browsers), and every run of white space one space. Nothing else changes, so
/// no rule can change meaning (a space before `:` in a selector matters, for one).
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
        out.push(' ');
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The loader as shipped: without the lines that are only a `//` comment. Comments at the
/// end of a line of code stay (telling them from `//` inside a string takes a parser).
fn strip_comment_lines(js: &str) -> String {
    js.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

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
pub fn sizes(dist: &Path) -> Result<Vec<(String, [u64; 3])>> {
    shipped(dist)?
        .into_iter()
        .map(|name| {
            let size = |suffix: &str| -> Result<u64> {
                let path = dist.join(format!("{name}{suffix}"));
                Ok(std::fs::metadata(&path)
                    .with_context(|| {
                        format!("{} is missing: run cargo xtask dist", path.display())
                    })?
                    .len())
            };
            Ok((name.clone(), [size("")?, size(".gz")?, size(".br")?]))
        })
        .collect()
}

/// Raw, gzip and brotli totals: what every page view loads, the modules loaded when a
/// reader opens the question form or the questions panel, and the reader of JSON feeds.
pub struct Totals {
    pub start: [u64; 3],
    pub form: [u64; 3],
    pub answers: [u64; 3],
    pub reader: [u64; 3],
}

/// Prints the size table and returns the totals.
pub fn print_sizes(dist: &Path) -> Result<Totals> {
    let mut totals = Totals {
        start: [0; 3],
        form: [0; 3],
        answers: [0; 3],
        reader: [0; 3],
    };
    println!("dist/elders/:                                bytes     gzip   brotli");
    for (name, sizes) in sizes(dist)? {
        let [raw, gz, br] = sizes;
        println!("  {name:<40} {raw:>8} {gz:>8} {br:>8}");
        let total = match part(&name) {
            Part::Start => &mut totals.start,
            Part::Form => &mut totals.form,
            Part::Answers => &mut totals.answers,
            Part::Reader => &mut totals.reader,
        };
        for (sum, size) in total.iter_mut().zip(sizes) {
            *sum += size;
        }
    }
    for (label, [raw, gz, br]) in [
        ("at start (loader, glue, Wasm)", totals.start),
        ("question form, when opened", totals.form),
        ("questions and answers, when opened", totals.answers),
        ("reader, for a feed sent as JSON", totals.reader),
    ] {
        println!("  {label:<40} {raw:>8} {gz:>8} {br:>8}");
    }
    Ok(totals)
}

pub fn build(root: &Path) -> Result<PathBuf> {
    let dist = root.join("dist/elders");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist)?;
    wasm_module(root, "elders-widget", &["cards"], "elders_widget", &dist)?;
    wasm_module(root, "elders-widget", &["ask"], "elders_ask", &dist)?;
    wasm_module(root, "elders-widget", &["answers"], "elders_answers", &dist)?;
    wasm_module(root, "elders-widget", &["reader"], "elders_reader", &dist)?;
    let mut loader = std::fs::read_to_string(root.join("loader/elders.js"))?;
    for (stem, extension) in HASHED {
        let plain = format!("{stem}.{extension}");
        let bytes = std::fs::read(dist.join(&plain))?;
        let hashed = format!("{stem}.{}.{extension}", content_hash(&bytes));
        std::fs::rename(dist.join(&plain), dist.join(&hashed))?;
        anyhow::ensure!(
            loader.matches(&format!("\"{plain}\"")).count()
                + loader.matches(&format!("\"./{plain}\"")).count()
                == 1,
            "loader/elders.js must name \"{plain}\" (or \"./{plain}\") exactly once"
        );
        loader = loader.replace(&format!("\"{plain}\""), &format!("\"{hashed}\""));
        loader = loader.replace(&format!("\"./{plain}\""), &format!("\"./{hashed}\""));
    }
    let css = std::fs::read_to_string(root.join("style/elders.css"))?;
    let loader = loader_with_css(&strip_comment_lines(&loader), &minify_css(&css))?;
    let unminified = crate::target_dir(root).join("elders.unminified.js");
    std::fs::write(&unminified, loader)?;
    minify_js(&unminified, &dist.join(LOADER))?;
    // The loader's data-debug part, a file of its own that only a page with data-debug
    // downloads: not counted with what every page view loads.
    let debug = strip_comment_lines(&std::fs::read_to_string(root.join("loader/debug.js"))?);
    let unminified = crate::target_dir(root).join("elders_debug.unminified.js");
    std::fs::write(&unminified, debug)?;
    minify_js(&unminified, &dist.join(DEBUG))?;

    for name in shipped(&dist)?.into_iter().chain([DEBUG.to_string()]) {
        let bytes =
            std::fs::read(dist.join(&name)).with_context(|| format!("cannot read {name}"))?;
        std::fs::write(dist.join(format!("{name}.gz")), gzip(&bytes)?)?;
        std::fs::write(dist.join(format!("{name}.br")), brotli(&bytes)?)?;
    }
    print_sizes(&dist)?;
    Ok(dist)
}

/// Builds `package`'s library as release Wasm (the workspace's size-tuned profile, as
/// shipped) with only `features` (none: its defaults), runs wasm-bindgen and wasm-opt, and
/// writes `{name}.js` and `{name}_bg.wasm` into `out`.
///
/// Source paths are remapped to short, machine-independent names: panic locations keep
/// them in the Wasm, and the cargo registry's absolute source path on every one costs
/// bytes and makes the build (and so its content hash) differ between machines.
pub fn wasm_module(
    root: &Path,
    package: &str,
    features: &[&str],
    name: &str,
    out: &Path,
) -> Result<()> {
    tools::ensure_wasm_target()?;
    tools::ensure_rust_src()?;
    let version = tools::locked_version(root, "wasm-bindgen")?;
    let bindgen = tools::wasm_bindgen(&version)?;

    // `cargo rustc --crate-type cdylib` rather than a cdylib in Cargo.toml: with
    // `["cdylib", "rlib"]`, fat LTO is silently not applied and the Wasm grows by ~40 %.
    //
    // `std` is rebuilt with the size-tuned profile rather than linked precompiled (built
    // for speed), and a panic traps at once instead of formatting a message nobody reads
    // in a reader's browser: 13.5 KB brotli less (8 %). Both are
    // unstable options of the pinned stable toolchain, hence `RUSTC_BOOTSTRAP`, scoped to
    // this one build. A panic stops the widget as before; its message is not lost, as
    // without a panic hook it never reached the console on wasm32 anyway.
    let mut flags = remap_paths(root);
    flags.push_str(" -Zunstable-options -Cpanic=immediate-abort");
    let mut command = cargo();
    command
        .current_dir(root)
        .args([
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
            "-Zbuild-std=std,panic_abort",
        ])
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", flags)
        // Linked by this program, without the exports of classes the widget never uses
        // (see `link_filter`).
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER",
            std::env::current_exe().context("this program's path")?,
        )
        .env(
            crate::link_filter::REAL_LINKER,
            crate::link_filter::rust_lld()?,
        );
    if !features.is_empty() {
        command.args(["--no-default-features", "--features", &features.join(",")]);
    }
    run(&mut command)?;
    let target = crate::target_dir(root);
    let artifact = package.replace('-', "_");
    let wasm = target.join(TARGET).join(format!("release/{artifact}.wasm"));
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
    let glue_name = format!("{name}.js");
    let (wasm, glue, _) = crate::unused_exports::remove(
        &std::fs::read(bindgen_out.join(&bg))?,
        &std::fs::read_to_string(bindgen_out.join(&glue_name))?,
        &crate::unused_exports::UNUSED_CLASSES,
    )?;
    let short = crate::short_names::shorten(&wasm, &glue)?;
    println!(
        "{name}: {} import and export names shortened, exports the glue never names dropped: {}",
        short.renamed,
        if short.dropped.is_empty() {
            "none".to_string()
        } else {
            short.dropped.join(", ")
        }
    );
    std::fs::write(bindgen_out.join(&bg), short.wasm)?;
    std::fs::write(bindgen_out.join(&glue_name), &short.glue)?;
    minify_js(&bindgen_out.join(&glue_name), &out.join(&glue_name))?;
    match tools::wasm_opt()? {
        Some(wasm_opt) => run(std::process::Command::new(wasm_opt)
            .args(WASM_OPT_FLAGS)
            .arg(bindgen_out.join(&bg))
            .arg("-o")
            .arg(out.join(&bg)))?,
        None => {
            std::fs::copy(bindgen_out.join(&bg), out.join(&bg))?;
        }
    }
    Ok(())
}

/// What `wasm-opt` is asked to do, measured on the cards module (brotli):
/// `-Oz`, and `--low-memory-unused`: the first 1,024 bytes of memory are never used, so a
/// constant added to an address can become the load's or store's offset (0.5 KB less).
/// That is true of Rust's Wasm: the stack comes first and grows down towards address 0,
/// which it would reach only by overflowing the whole 1 MB stack.
///
/// Measured and not used: `--flatten --rereloop` before `-Oz` twice (0.9 KB less, but
/// loading a 10,000-item feed took about 10 % longer: fastest of 15 runs in node, three
/// rounds); `--converge` (0.1 KB, three times the time); `--gufa`, `--monomorphize`,
/// `--merge-similar-functions` (each under 0.2 KB); and `--traps-never-happen`, which would
/// let a panic, a trap here, run on.
const WASM_OPT_FLAGS: [&str; 2] = ["--low-memory-unused", "-Oz"];

/// Minifies the JavaScript file `from` into `to` with esbuild (white space, syntax and
/// local names; exported names stay), or copies it when esbuild cannot be had. The glue
/// is written for reading, with its doc comments: 1.5 KB of the cards module's 6.1 KB
/// brotli, and 0.5 KB of the loader's 4.0 (measured).
fn minify_js(from: &Path, to: &Path) -> Result<()> {
    match tools::esbuild()? {
        Some(esbuild) => run(std::process::Command::new(esbuild)
            .arg(from)
            .args(["--minify", "--format=esm", "--log-level=warning"])
            .arg(format!("--outfile={}", to.display()))),
        None => {
            std::fs::copy(from, to)?;
            Ok(())
        }
    }
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

/// `--remap-path-prefix` flags: the registry's source folders to `crates`, the checkout
/// to `elders`.
fn remap_paths(root: &Path) -> String {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .unwrap_or_default();
    let mut flags = vec![format!("--remap-path-prefix={}=elders", root.display())];
    if let Ok(registries) = std::fs::read_dir(cargo_home.join("registry/src")) {
        for registry in registries.flatten() {
            flags.push(format!(
                "--remap-path-prefix={}=crates",
                registry.path().display()
            ));
        }
    }
    flags.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stylesheet_loses_comments_and_spare_white_space_only() {
        let css = "/* About it.\n */\n.a :hover,\n.b  > .c {\n  margin: 0 calc(1px + 2px); /* why */\n}\n";
        assert_eq!(
            minify_css(css),
            ".a :hover, .b > .c { margin: 0 calc(1px + 2px); }"
        );
        assert_eq!(minify_css("a{}/* unclosed"), "a{}");
    }

    #[test]
    fn the_loader_loses_its_comment_lines_only() {
        let js = "// Loader.\nconst a = \"https://x\"; // kept\n  // gone\nf();\n";
        assert_eq!(
            strip_comment_lines(js),
            "const a = \"https://x\"; // kept\nf();"
        );
    }
}
