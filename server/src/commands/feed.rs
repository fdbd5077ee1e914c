//! `elders feed check`: what a publisher runs before publishing a feed.

use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use elders_core::validate::{parse_feed, Severity};

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Check a feed file: print every problem with its JSON path; exit 1 when an item would be skipped.
    Check {
        /// The feed file.
        file: String,
    },
}

pub fn run(command: FeedCommand) -> anyhow::Result<ExitCode> {
    match command {
        FeedCommand::Check { file } => check(&file),
    }
}

fn check(file: &str) -> anyhow::Result<ExitCode> {
    if file.starts_with("http://") || file.starts_with("https://") {
        anyhow::bail!(
            "checking feeds by URL is not supported yet; download the feed and check the file"
        );
    }
    let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {file}"))?;
    let parsed = match parse_feed(&text) {
        Ok(parsed) => parsed,
        Err(error) => {
            println!("error: {error}");
            println!("{file}: not a usable feed");
            return Ok(ExitCode::FAILURE);
        }
    };
    for problem in &parsed.problems {
        println!("{problem}");
    }
    let warnings = parsed
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count();
    let skipped = parsed.skipped_items();
    println!(
        "{file}: {} items valid, {skipped} skipped, {warnings} warnings",
        parsed.feed.items.len()
    );
    Ok(if skipped > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
