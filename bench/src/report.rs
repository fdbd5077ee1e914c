//! Writing benchmark results: the machine they were measured on, and the section of
//! `docs/benchmarks.md` each benchmark owns. The docs keep the latest results only (no
//! dates: `git log` has the history).

use std::path::Path;

use anyhow::{Context, Result};

/// "2 cores of <CPU model>, 24 GiB of memory".
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
    let memory_gib = std::fs::read_to_string("/proc/meminfo").ok().and_then(|s| {
        let line = s.lines().find(|l| l.starts_with("MemTotal:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some((kib / (1024.0 * 1024.0)).round())
    });
    match memory_gib {
        Some(gib) => format!("{cores} cores of {cpu}, {gib} GiB of memory"),
        None => format!("{cores} cores of {cpu}"),
    }
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
