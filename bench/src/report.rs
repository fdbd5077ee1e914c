//! Writing benchmark results: the machine they were measured on, the date, and the
//! section of `docs/benchmarks.md` each benchmark owns.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result};

/// Today as `YYYY-MM-DD`.
pub fn today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// "2 cores of <CPU model>".
pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "an unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    format!("{cores} cores of {cpu}")
}

/// Replaces the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` (appending the
/// section when the file has none).
pub fn write_section(path: &Path, name: &str, report: &str) -> Result<()> {
    let (begin, end) = (
        format!("<!-- {name}:begin -->"),
        format!("<!-- {name}:end -->"),
    );
    let (begin, end) = (begin.as_str(), end.as_str());
    let current = std::fs::read_to_string(path).unwrap_or_default();
    let section = format!("{begin}\n{report}{end}");
    let updated = match (current.find(begin), current.find(end)) {
        (Some(a), Some(b)) if a < b => {
            format!("{}{section}{}", &current[..a], &current[b + end.len()..])
        }
        _ => format!("{current}\n{section}\n"),
    };
    std::fs::write(path, updated).with_context(|| format!("cannot write {}", path.display()))
}
