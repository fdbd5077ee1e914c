//! Links the widget's Wasm without the exports of the classes it never uses
//! ([`crate::unused_exports::UNUSED_CLASSES`], from `wasm-streams`).
//!
//! Taking those exports out after `wasm-bindgen` ([`crate::unused_exports`]) leaves most
//! of their code in the Wasm: the closures they create are called through Rust's vtables,
//! which sit in the Wasm's data as indices into its function table, and `wasm-opt` cannot
//! tell which data is dead, so it keeps every function the table holds. Left out when
//! linking, the exports are never roots: the linker drops their code, their vtables and
//! the table's entries for them. 3.1 KB brotli less for the widget's module and 3.4 KB
//! for the form's.
//!
//! `dist` names this program as the linker (`-C linker`), with the real one in
//! [`REAL_LINKER`]; run so, it removes those exports from its arguments and runs the real
//! linker. Arguments in a response file (`@file`, which `rustc` uses only when a command
//! line is too long for the system) pass through as they are: the exports then stay, and
//! [`crate::unused_exports`] still takes them out of the export section.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Command;

use anyhow::{Context, Result};

use crate::unused_exports::{belongs_to, UNUSED_CLASSES};

/// The environment variable that holds the real linker, and makes this program one.
pub const REAL_LINKER: &str = "ELDERS_REAL_LINKER";

/// Whether the export `name` is one of `classes`' or describes one for `wasm-bindgen`.
fn unused(name: &str) -> bool {
    let name = name.strip_prefix("__wbindgen_describe_").unwrap_or(name);
    belongs_to(name, &UNUSED_CLASSES)
}

/// `args` without the exports of the unused classes, as `--export NAME` or
/// `--export=NAME`.
pub fn filter(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--export") => match args.next() {
                Some(name) if name.to_str().is_some_and(unused) => {}
                Some(name) => out.extend([arg, name]),
                None => out.push(arg),
            },
            Some(a) if a.strip_prefix("--export=").is_some_and(unused) => {}
            _ => out.push(arg),
        }
    }
    out
}

/// Runs `real` with this program's arguments, filtered; exits with its status.
pub fn run(real: OsString) -> Result<()> {
    let status = Command::new(&real)
        .args(filter(std::env::args_os().skip(1)))
        .status()
        .with_context(|| format!("running the linker {}", real.to_string_lossy()))?;
    std::process::exit(status.code().unwrap_or(1));
}

/// The linker `rustc` uses for Wasm: `rust-lld`, in the toolchain's host tools.
pub fn rust_lld() -> Result<PathBuf> {
    let output = |args: &[&str]| -> Result<String> {
        let out = Command::new("rustc")
            .args(args)
            .output()
            .context("running rustc")?;
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let sysroot = PathBuf::from(output(&["--print", "sysroot"])?.trim());
    let version = output(&["-vV"])?;
    let host = version
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .context("rustc -vV names no host")?;
    let lld = sysroot.join(format!("lib/rustlib/{host}/bin/rust-lld"));
    anyhow::ensure!(lld.is_file(), "no rust-lld at {}", lld.display());
    Ok(lld)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn only_the_unused_classes_exports_go() {
        let given = args(&[
            "-flavor",
            "wasm",
            "--export",
            "__wbg_intounderlyingsink_free_58a9338f50bce61c",
            "--export",
            "mount",
            "--export",
            "__wbindgen_describe_intounderlyingsource_pull_58a9338f50bce61c",
            "--export=intounderlyingbytesource_start_58a9338f50bce61c",
            "--export",
            "__wbindgen_describe___wbg_new_with_into_underlying_sink_2b75b7aedb25583d",
            "--export=__heap_base",
            "--export",
            "intounderlyingsinkhole_x",
            "--gc-sections",
        ]);
        assert_eq!(
            filter(given),
            args(&[
                "-flavor",
                "wasm",
                "--export",
                "mount",
                "--export",
                "__wbindgen_describe___wbg_new_with_into_underlying_sink_2b75b7aedb25583d",
                "--export=__heap_base",
                "--export",
                "intounderlyingsinkhole_x",
                "--gc-sections",
            ])
        );
    }
}
