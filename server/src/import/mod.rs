//! `elders feed import`: a feed from what publishers already keep (`docs/architecture.md`
//! §10): a spreadsheet exported as CSV ([`csv_rows`]) or `publiccode.yml` files
//! ([`publiccode`]). Each source becomes items as JSON, in the feed's own shape; then the
//! feed is checked by core's `parse_feed`, the very rules `elders feed check` and the
//! server apply, so that an import can never write what a server would refuse. Each
//! problem is reported where the publisher can fix it: the row and column of the
//! spreadsheet, or the file and key of the YAML.
//!
//! Pure: text in, feed text and report out; the command (`commands/feed.rs`) reads the
//! files and writes the result.

pub mod csv_rows;
pub mod publiccode;

use elders_core::feed::JSON_FEED_VERSION;
use elders_core::validate::{parse_feed, Severity};
use serde_json::{json, Value};

/// Where an item came from, as the publisher finds it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A spreadsheet row, numbered as the spreadsheet shows it (the header is row 1).
    Row(usize),
    /// A file.
    File(String),
}

impl Origin {
    fn describe(&self) -> String {
        match self {
            Origin::Row(n) => format!("row {n}"),
            Origin::File(name) => name.clone(),
        }
    }
}

/// One problem with the source, where to find it and whether the item was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// Where the item came from.
    pub origin: Origin,
    /// The column (CSV) or key (YAML), when the problem is in one.
    pub field: Option<String>,
    /// What is wrong, and what to do.
    pub message: String,
    /// Whether the item was skipped ([`Severity::Error`]) or only the value dropped.
    pub severity: Severity,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.origin.describe())?;
        if let Some(field) = &self.field {
            let what = match self.origin {
                Origin::Row(_) => "column",
                Origin::File(_) => "key",
            };
            write!(f, ", {what} {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An item made from a source, before core checks it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// Where it came from.
    pub origin: Origin,
    /// The item as JSON Feed 1.1 with `_elders`.
    pub item: Value,
}

/// What an import came to.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The feed as pretty JSON, with the valid items only.
    pub feed: String,
    /// How many items are in it.
    pub items: usize,
    /// How many were skipped.
    pub skipped: usize,
    /// Every problem, in the source's order.
    pub problems: Vec<ImportProblem>,
}

/// Makes the feed titled `title` from `drafts`, checked by core's rules; `problems` are
/// those found while reading the source. Each problem core finds is put back where the
/// item came from, its field named as the source names it (`column` maps a feed path
/// such as `_elders.phase` to it).
pub fn feed(
    title: &str,
    drafts: Vec<Draft>,
    mut problems: Vec<ImportProblem>,
    column: fn(&str) -> Option<String>,
) -> Imported {
    let origins: Vec<Origin> = drafts.iter().map(|d| d.origin.clone()).collect();
    let items: Vec<Value> = drafts.into_iter().map(|d| d.item).collect();
    let text = json!({ "version": JSON_FEED_VERSION, "title": title, "items": items }).to_string();
    let parsed = match parse_feed(&text) {
        Ok(parsed) => parsed,
        // What is built here is always a JSON object with items: not reachable, but
        // reported rather than trusted.
        Err(error) => {
            problems.push(ImportProblem {
                origin: Origin::File(title.into()),
                field: None,
                message: error.to_string(),
                severity: Severity::Error,
            });
            return Imported {
                feed: String::new(),
                items: 0,
                skipped: origins.len(),
                problems,
            };
        }
    };
    for problem in &parsed.problems {
        let Some((index, rest)) = item_path(&problem.path) else {
            continue;
        };
        let Some(origin) = origins.get(index) else {
            continue;
        };
        problems.push(ImportProblem {
            origin: origin.clone(),
            field: column(rest).or_else(|| (!rest.is_empty()).then(|| rest.to_string())),
            message: problem.message.clone(),
            severity: problem.severity,
        });
    }
    // Core's problems come per item in order; the source's own go first within an item.
    problems.sort_by_key(|p| match &p.origin {
        Origin::Row(n) => (*n, String::new()),
        Origin::File(name) => (0, name.clone()),
    });
    let skipped = parsed.skipped_items();
    Imported {
        feed: serde_json::to_string_pretty(&parsed.feed).unwrap_or_default(),
        items: parsed.feed.items.len(),
        skipped,
        problems,
    }
}

/// `$.items[3]._elders.phase` → `(3, "_elders.phase")`.
fn item_path(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("$.items[")?;
    let (index, rest) = rest.split_once(']')?;
    Some((index.parse().ok()?, rest.trim_start_matches('.')))
}

/// A cell's list: `;`-separated, each trimmed, empty ones left out.
pub fn list(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_feed_path_names_its_item_and_field() {
        assert_eq!(
            item_path("$.items[3]._elders.phase"),
            Some((3, "_elders.phase"))
        );
        assert_eq!(item_path("$.items[0]"), Some((0, "")));
        assert_eq!(item_path("$.title"), None);
    }

    #[test]
    fn lists_are_split_on_semicolons() {
        assert_eq!(list(" ai; ;chatbots ;"), ["ai", "chatbots"]);
        assert!(list("").is_empty());
    }
}
