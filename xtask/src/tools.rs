//! The external tools the build and tests use, found or installed on demand.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::run;

pub fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("elders")
}

/// The version of a package as Cargo.lock pins it.
pub fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).context("cannot read Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == format!("name = \"{package}\"") {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("{package} is not in Cargo.lock")
}

/// Adds the wasm32 target when rustup does not have it yet.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match installed {
        Ok(out)
            if String::from_utf8_lossy(&out.stdout)
                .lines()
                .any(|l| l == "wasm32-unknown-unknown") =>
        {
            Ok(())
        }
        Ok(_) => run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        Err(_) => Ok(()), // No rustup: the toolchain must already have the target.
    }
}

/// Adds the standard library's sources (rustup's `rust-src`) when the toolchain lacks them:
/// the shipped Wasm rebuilds `std` for size (see `dist::wasm_module`).
pub fn ensure_rust_src() -> Result<()> {
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .context("cannot run rustc")?;
    let sysroot = PathBuf::from(String::from_utf8_lossy(&sysroot.stdout).trim());
    if sysroot.join("lib/rustlib/src/rust/library/std").is_dir() {
        return Ok(());
    }
    run(Command::new("rustup").args(["component", "add", "rust-src"])).context(
        "the widget build needs the standard library's sources: rustup component add rust-src",
    )
}

/// The wasm-bindgen CLI of exactly `version` (it must equal the library's version).
pub fn wasm_bindgen(version: &str) -> Result<PathBuf> {
    let dir = cache_dir().join(format!("wasm-bindgen-cli-{version}"));
    let bin = dir.join("bin/wasm-bindgen");
    if !bin.is_file() {
        println!(
            "Installing wasm-bindgen-cli {version} into {} (once, about 5 minutes)…",
            dir.display()
        );
        // Without --locked: the CLI's lock file pins a crate version the registry no longer serves.
        run(crate::cargo()
            .args([
                "install",
                "wasm-bindgen-cli",
                "--version",
                version,
                "--root",
            ])
            .arg(&dir))?;
    }
    Ok(bin)
}

/// The cargo-deny version `cargo xtask test` checks the dependencies with.
pub const CARGO_DENY_VERSION: &str = "0.20.2";

/// cargo-deny of [`CARGO_DENY_VERSION`], installed once into the cache (a few minutes).
pub fn cargo_deny() -> Result<PathBuf> {
    let dir = cache_dir().join(format!("cargo-deny-{CARGO_DENY_VERSION}"));
    let bin = dir.join("bin/cargo-deny");
    if !bin.is_file() {
        println!(
            "Installing cargo-deny {CARGO_DENY_VERSION} into {} (once, a few minutes)…",
            dir.display()
        );
        run(crate::cargo()
            .args([
                "install",
                "cargo-deny",
                "--locked",
                "--version",
                CARGO_DENY_VERSION,
                "--root",
            ])
            .arg(&dir))?;
    }
    Ok(bin)
}

/// The axe-core version the browser tests check accessibility with.
pub const AXE_VERSION: &str = "4.14.1";

/// The MiniSearch version the ranking benchmark compares against.
pub const MINISEARCH_VERSION: &str = "7.2.0";

/// The version of Orama's Snowball stemmers (`@orama/stemmers`) and stop-word lists
/// (`@orama/stopwords`) the strong JavaScript baseline takes its Dutch stemmer and stop
/// words from: a maintained port of the Snowball algorithms, plain ES modules with no
/// dependencies, so the browser loads them without a bundler.
pub const ORAMA_TEXT_VERSION: &str = "3.1.18";

/// An npm package of an exact version, installed once into the cache; returns its folder.
/// A scoped name (`@scope/name`) gets the folder `scope-name-VERSION`.
pub fn npm_package(name: &str, version: &str) -> Result<PathBuf> {
    let folder = name.trim_start_matches('@').replace('/', "-");
    let dir = cache_dir().join(format!("{folder}-{version}"));
    let package = dir.join("node_modules").join(name);
    if !package.join("package.json").is_file() {
        ensure_apt_packages(&format!("{name}@{version} from npm"), &["npm"], &["npm"])?;
        std::fs::create_dir_all(&dir)?;
        println!(
            "Installing {name}@{version} from npm into {}…",
            dir.display()
        );
        run(Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(format!("{name}@{version}")))?;
    }
    Ok(package)
}

/// binaryen's wasm-opt from npm, or `None` (with a note) when npm is missing. Never
/// Debian's binaryen: its old version corrupts the Wasm without an error.
pub fn wasm_opt() -> Result<Option<PathBuf>> {
    let cached = cache_dir()
        .join("binaryen-132.0.0/node_modules/binaryen/package.json")
        .is_file();
    if !cached && ensure_apt_packages("wasm-opt", &["npm"], &["npm"]).is_err() {
        println!(
            "note: npm is not installed, so wasm-opt is skipped and the Wasm is about 40 % larger."
        );
        return Ok(None);
    }
    Ok(Some(
        npm_package("binaryen", "132.0.0")?.join("bin/wasm-opt"),
    ))
}

/// The esbuild version that minifies the shipped JavaScript.
pub const ESBUILD_VERSION: &str = "0.28.2";

/// esbuild from npm, or `None` (with a note) when npm is missing.
pub fn esbuild() -> Result<Option<PathBuf>> {
    let cached = cache_dir()
        .join(format!(
            "esbuild-{ESBUILD_VERSION}/node_modules/esbuild/package.json"
        ))
        .is_file();
    if !cached && ensure_apt_packages("esbuild", &["npm"], &["npm"]).is_err() {
        println!("note: npm is not installed, so the JavaScript is shipped unminified.");
        return Ok(None);
    }
    Ok(Some(
        npm_package("esbuild", ESBUILD_VERSION)?.join("bin/esbuild"),
    ))
}

/// Debian's chromium and chromedriver for the browser tests, installed when missing and
/// allowed; otherwise an error with the exact command to run.
pub fn ensure_browser() -> Result<()> {
    ensure_apt_packages(
        "the browser tests",
        &["chromium", "chromedriver"],
        &["chromium", "chromium-driver"],
    )
}

/// postfix's `smtp-sink`, the real SMTP server of the server's mail tests
/// (`server/tests/support/mail_sink.rs`): on `PATH`, or in `/usr/sbin`, where Debian puts
/// it and which a user's `PATH` may lack. Debian's `postfix` is installed when it is
/// missing and allowed, as a bare package (debconf's "No configuration"): the tests start
/// smtp-sink themselves and need no postfix service, nor its start to succeed.
pub fn smtp_sink() -> Result<PathBuf> {
    let find = || {
        on_path("smtp-sink")
            .or_else(|| Some(PathBuf::from("/usr/sbin/smtp-sink")).filter(|p| p.is_file()))
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    apt_install_answering(
        "the mail tests",
        &["postfix"],
        &["postfix postfix/main_mailer_type select No configuration"],
    )?;
    find().context("postfix is installed, yet smtp-sink is neither on PATH nor in /usr/sbin")
}

fn have(command: &str) -> bool {
    Command::new(command)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Makes sure `commands` exist, installing Debian's `packages` when they do not and this
/// runs as root on Debian/Ubuntu; otherwise fails with the exact command to run.
fn ensure_apt_packages(what_for: &str, commands: &[&str], packages: &[&str]) -> Result<()> {
    if commands.iter().all(|c| have(c)) {
        return Ok(());
    }
    apt_install(what_for, packages)
}

/// Whether this runs as root.
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Where `program` is on `PATH`.
pub fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Installs Debian's `packages` when this runs as root on Debian/Ubuntu; otherwise fails
/// with the exact command to run.
pub fn apt_install(what_for: &str, packages: &[&str]) -> Result<()> {
    apt_install_answering(what_for, packages, &[])
}

/// [`apt_install`], with debconf's questions answered beforehand (`answers` are lines for
/// `debconf-set-selections`), for packages that would otherwise ask them.
fn apt_install_answering(what_for: &str, packages: &[&str], answers: &[&str]) -> Result<()> {
    let list = packages.join(" ");
    if !is_root() || on_path("apt-get").is_none() {
        let preseed: String = answers
            .iter()
            .map(|answer| format!("echo \"{answer}\" | debconf-set-selections && "))
            .collect();
        bail!(
            "{what_for} need {list}; install them with:\n  sudo sh -c '{preseed}apt-get update \
             && DEBIAN_FRONTEND=noninteractive apt-get install -y {list}'"
        );
    }
    println!("Installing {list} for {what_for}…");
    if !answers.is_empty() {
        set_debconf_selections(answers)?;
    }
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    // Never at the cost of a package already there (postfix would replace another mail
    // server, such as Debian's default exim4): apt stops instead, and so does this.
    run(Command::new("apt-get")
        .args(["install", "-y", "-qq", "--no-remove"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
    .with_context(|| {
        format!(
            "{what_for} need {list}; if apt says above that it would have to remove packages for \
             it, nothing was changed: install {list} yourself if that is what you want"
        )
    })
}

/// Feeds `answers` to `debconf-set-selections` (debconf is part of every Debian system).
fn set_debconf_selections(answers: &[&str]) -> Result<()> {
    use std::io::Write;
    let mut child = Command::new("debconf-set-selections")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("cannot run debconf-set-selections")?;
    let mut stdin = child.stdin.take().context("no stdin")?;
    for answer in answers {
        writeln!(stdin, "{answer}")?;
    }
    drop(stdin);
    let status = child.wait()?;
    if !status.success() {
        bail!("debconf-set-selections failed ({status}) on: {answers:?}");
    }
    Ok(())
}
