//! What `data-debug` shows an intranet admin on screen: the configuration as the widget
//! read it, and every problem with the feed and the questions API, with its fix. Plain text
//! lines, built here without the browser so that they are unit-tested; the
//! `debug` panel only lists them. In English, like the console messages.

use elders_core::validate::ParsedFeed;

use crate::config::WidgetConfig;

/// Most feed problems listed; the console has them all.
pub const MAX_FEED_PROBLEMS: usize = 20;

/// The configuration as read, then its problems.
pub fn config_lines(config: &WidgetConfig) -> Vec<String> {
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".into());
    let mut lines = vec![
        format!("data-feed: {}", or_none(&config.feed)),
        format!("data-questions: {}", or_none(&config.questions)),
        format!(
            "data-topics: {}",
            if config.topics.is_empty() {
                "(none; the page's own title, headings and text decide)".to_string()
            } else {
                config.topics.join(", ")
            }
        ),
        format!("data-organisation: {}", or_none(&config.organisation)),
        format!(
            "language: {}, cards: {}, heading level: {}",
            config.lang.tag(),
            config.limit,
            config.heading_level
        ),
    ];
    lines.extend(
        config
            .problems
            .iter()
            .map(|p| format!("Configuration problem: {}", p.hint)),
    );
    lines
}

/// A feed that was read: how many items, what was skipped and why.
pub fn feed_lines(url: &str, feed: &ParsedFeed, kept_copy_age: Option<i64>) -> Vec<String> {
    let mut lines = vec![format!(
        "Feed {url}: {} item(s) shown, {} skipped, {} problem(s).",
        feed.feed.items.len(),
        feed.skipped_items(),
        feed.problems.len()
    )];
    if let Some(age) = kept_copy_age {
        lines.push(format!(
            "Feed {url} could not be read now; showing the copy kept {age} s ago (see the console for why)."
        ));
    }
    // "error" problems skipped their item; "warning" ones dropped a field.
    lines.extend(
        feed.problems
            .iter()
            .take(MAX_FEED_PROBLEMS)
            .map(|problem| format!("  {problem}")),
    );
    if feed.problems.len() > MAX_FEED_PROBLEMS {
        lines.push(format!(
            "  … and {} more (all are in the browser console; `elders feed check` lists them too).",
            feed.problems.len() - MAX_FEED_PROBLEMS
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::validate::parse_feed;

    #[test]
    fn configuration_lines_name_every_attribute_and_problem() {
        let config = WidgetConfig::from_attributes(
            |name| match name {
                "data-limit" => Some("0".into()),
                "data-topics" => Some("spraak, klantcontact".into()),
                _ => None,
            },
            None,
        );
        let lines = config_lines(&config).join("\n");
        assert!(lines.contains("data-feed: (none)"), "{lines}");
        assert!(
            lines.contains("data-topics: spraak, klantcontact"),
            "{lines}"
        );
        assert!(
            lines.contains("Configuration problem: data-feed is missing"),
            "{lines}"
        );
        assert!(lines.contains("data-limit=\"0\""), "{lines}");
    }

    #[test]
    fn feed_lines_list_skipped_items_with_their_paths() {
        let text = include_str!("../tests/fixtures/one-bad-item.json");
        let feed = parse_feed(text).unwrap();
        let lines = feed_lines("/feed.json", &feed, None);
        assert!(lines[0].contains("1 skipped"), "{lines:?}");
        assert!(
            lines.iter().any(|l| l.starts_with("  error: $.items[")),
            "{lines:?}"
        );
    }
}
