//! Writes the theme vocabulary as the crate reads it (`core/src/themes.rs`): the lines of
//! `data/themes.txt` without their comments and spare spaces. The comments (sources,
//! groups) are for the people who keep the vocabulary; every page view downloads what the
//! crate holds, so only what the ranking reads is built in.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=data/themes.txt");
    let source = Path::new("data/themes.txt");
    let text =
        std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    let mut out = String::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let compact = line
            .replace(" = ", "=")
            .replace(" ~ ", "~")
            .replace(" > ", ">")
            .replace(", ", ",");
        out.push_str(&compact);
        out.push('\n');
    }
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let target = Path::new(&dir).join("themes.txt");
    std::fs::write(&target, out).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
