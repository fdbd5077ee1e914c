//! `elders feed check`: what a publisher runs before publishing a feed, on the file or on
//! the published URL; `elders feed import`: a feed made from a spreadsheet or
//! `publiccode.yml` files (`crate::import`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use elders_core::validate::{Severity, MAX_FEED_BYTES};

use super::CommandError;
use crate::federation::fetch::{self, Fetched};
use crate::federation::source::{Location, Source};
use crate::feed_formats::read_feed;
use crate::import;

#[derive(Debug, Subcommand)]
pub enum FeedCommand {
    /// Check a feed file or URL: print every problem with its JSON path; exit 1 when the
    /// feed cannot be used or an item would be skipped.
    Check {
        /// The feed file, or its http(s):// URL.
        feed: String,
        /// Seconds the download of a URL may take.
        #[arg(long, default_value_t = 20)]
        timeout: u64,
    },
    /// Make an Elders feed from a spreadsheet saved as CSV (one item per row), from
    /// `publiccode.yml` files (one item each), or from a JSON Feed, RSS or Atom feed
    /// (`.json`, `.rss`, `.atom`, `.xml`): every problem is printed with its row and
    /// column, file and key, or JSON path; a bad item is skipped. Exits 1 only when no item
    /// could be made.
    Import {
        /// A `.csv` file, one or more `publiccode.yml` files, or one feed file.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// NAME or NAME,URI: the organisation of a feed's items that name none.
        #[arg(long)]
        organisation: Option<String>,
        /// Where to write the feed (default: standard output).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The feed's title.
        #[arg(long, default_value = "Elders feed")]
        title: String,
    },
}

pub async fn run(command: FeedCommand) -> Result<ExitCode, CommandError> {
    match command {
        FeedCommand::Check { feed, timeout } => check(&feed, Duration::from_secs(timeout)).await,
        FeedCommand::Import {
            files,
            output,
            title,
            organisation,
        } => {
            let is_feed = |path: &PathBuf| {
                path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["json", "rss", "atom", "xml"].contains(&e.to_ascii_lowercase().as_str())
                })
            };
            match files.as_slice() {
                [file] if is_feed(file) => {
                    import_feed(file, output.as_deref(), organisation.as_deref())
                }
                _ => import(&files, output.as_deref(), &title),
            }
        }
    }
}

async fn check(feed: &str, timeout: Duration) -> Result<ExitCode, CommandError> {
    let source = Source::parse(feed).map_err(CommandError::FeedArgument)?;
    let text = match &source.location {
        Location::File(path) => fetch::read_file(path, MAX_FEED_BYTES),
        Location::Url(url) => {
            match fetch::fetch_url(&fetch::client(timeout), url, None, None, MAX_FEED_BYTES).await {
                Ok(Fetched::Body {
                    text,
                    content_type,
                    allow_origin,
                    ..
                }) => {
                    for hint in http_hints(content_type.as_deref(), allow_origin.as_deref()) {
                        println!("{hint}");
                    }
                    Ok(text)
                }
                Ok(Fetched::NotModified) => Err("the server answered 304 to a plain GET".into()),
                Err(error) => Err(error),
            }
        }
    };
    let text = match text {
        Ok(text) => text,
        Err(error) => {
            println!("error: {error}");
            println!("{feed}: not a usable feed");
            return Ok(ExitCode::FAILURE);
        }
    };
    let parsed = match read_feed(&text, None) {
        Ok(parsed) => parsed,
        Err(error) => {
            println!("error: {error}");
            println!("{feed}: not a usable feed");
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
    let nameless = parsed
        .feed
        .items
        .iter()
        .filter(|i| i.organisation().is_none())
        .count();
    if nameless > 0 {
        println!(
            "note: {nameless} items name no organisation, so a widget cannot tell whether they are \
             elsewhere; add _elders.organisation, or run the server with \
             --feed-organisation {feed}=NAME[,URI]"
        );
    }
    println!(
        "{feed}: {} items valid, {skipped} skipped, {warnings} warnings",
        parsed.feed.items.len()
    );
    Ok(if skipped > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `elders feed import`: reads the files, prints the problems on standard error (the feed
/// may be going to standard output), writes the feed.
fn import(files: &[PathBuf], output: Option<&Path>, title: &str) -> Result<ExitCode, CommandError> {
    let is_csv = |path: &PathBuf| {
        path.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    };
    let (drafts, problems, column): (_, _, fn(&str) -> Option<String>) = if files.iter().any(is_csv)
    {
        let [file] = files else {
            return Err(CommandError::Argument(
                "import one CSV file at a time (several publiccode.yml files may go together)"
                    .into(),
            ));
        };
        let bytes = std::fs::read(file)
            .map_err(|e| CommandError::Argument(format!("cannot read {}: {e}", file.display())))?;
        let (drafts, problems) = import::csv_rows::read(&bytes)
            .map_err(|e| CommandError::Argument(format!("{}: {e}", file.display())))?;
        (drafts, problems, import::csv_rows::column)
    } else {
        let mut drafts = Vec::new();
        let mut problems = Vec::new();
        for file in files {
            let name = file.display().to_string();
            let read = std::fs::read_to_string(file)
                .map_err(|e| format!("cannot be read: {e}"))
                .and_then(|text| import::publiccode::read(&name, &text));
            match read {
                Ok((draft, noted)) => {
                    drafts.push(draft);
                    problems.extend(noted);
                }
                Err(message) => eprintln!("error: {name}: {message}"),
            }
        }
        (drafts, problems, import::publiccode::key)
    };
    let imported = import::feed(title, drafts, problems, column);
    for problem in &imported.problems {
        eprintln!("{problem}");
    }
    let read = imported.items + imported.skipped;
    eprintln!(
        "{} of {read} items imported, {} skipped",
        imported.items, imported.skipped
    );
    if imported.items == 0 {
        return Ok(ExitCode::FAILURE);
    }
    match output {
        Some(path) => std::fs::write(path, format!("{}\n", imported.feed))
            .map_err(|e| CommandError::Argument(format!("cannot write {}: {e}", path.display())))?,
        None => println!("{}", imported.feed),
    }
    Ok(ExitCode::SUCCESS)
}

/// `elders feed import FEED`: a JSON Feed, RSS or Atom file as an Elders feed, read as a
/// server reads it (`crate::feed_formats`), `organisation` for items that name none.
fn import_feed(
    file: &Path,
    output: Option<&Path>,
    organisation: Option<&str>,
) -> Result<ExitCode, CommandError> {
    let organisation = organisation
        .map(|who| Source::parse_organisation(&format!("{}={who}", file.display())))
        .transpose()
        .map_err(|e| CommandError::Argument(e.replace("--feed-organisation", "--organisation")))?
        .map(|(_, organisation)| organisation);
    let text = std::fs::read_to_string(file)
        .map_err(|e| CommandError::Argument(format!("cannot read {}: {e}", file.display())))?;
    let parsed = match read_feed(&text, organisation.as_ref()) {
        Ok(parsed) => parsed,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    for problem in &parsed.problems {
        eprintln!("{problem}");
    }
    let items = parsed.feed.items.len();
    let skipped = parsed.skipped_items();
    eprintln!(
        "{items} of {} items imported, {skipped} skipped",
        items + skipped
    );
    if items == 0 {
        return Ok(ExitCode::FAILURE);
    }
    let feed = serde_json::to_string_pretty(&parsed.feed)?;
    match output {
        Some(path) => std::fs::write(path, format!("{feed}\n"))
            .map_err(|e| CommandError::Argument(format!("cannot write {}: {e}", path.display())))?,
        None => println!("{feed}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Notes on how a feed is served: they do not stop an Elders server from merging it, but
/// they matter to widgets that read the feed directly.
fn http_hints(content_type: Option<&str>, allow_origin: Option<&str>) -> Vec<String> {
    let mut hints = Vec::new();
    let media = content_type
        .and_then(|t| t.split(';').next())
        .map(|t| t.trim().to_ascii_lowercase());
    if !matches!(
        media.as_deref(),
        Some("application/feed+json" | "application/json")
    ) {
        hints.push(format!(
            "note: served as {}; serve it as application/feed+json",
            content_type.unwrap_or("no Content-Type")
        ));
    }
    if allow_origin.is_none() {
        hints.push(
            "note: no Access-Control-Allow-Origin header: an Elders server can merge this feed, \
             but a widget on another site cannot read it directly; send Access-Control-Allow-Origin: *"
                .into(),
        );
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_well_served_feed_gets_no_notes() {
        assert!(http_hints(Some("application/feed+json; charset=utf-8"), Some("*")).is_empty());
        let notes = http_hints(Some("text/html"), None);
        assert_eq!(notes.len(), 2);
        assert!(notes[0].contains("served as text/html"));
        assert!(notes[1].contains("Access-Control-Allow-Origin"));
    }
}
