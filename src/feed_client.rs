//! Fetching the project feed. No cookies and no referrer go along: the feed host learns
//! nothing about who reads which intranet page.

use elders_core::validate::{parse_feed, FeedError, ParsedFeed};
use gloo_net::http::Request;
use web_sys::{ReferrerPolicy, RequestCredentials};

/// Why there is no feed to show.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedLoadError {
    /// The request failed (offline, DNS, CORS, CSP).
    Network(String),
    /// The server answered with an error status.
    Status(u16),
    /// The document is not a usable feed.
    Invalid(FeedError),
}

impl std::fmt::Display for FeedLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FeedLoadError::Network(e) => write!(f, "the feed could not be fetched ({e}); check the URL, CORS and the page's Content-Security-Policy connect-src"),
            FeedLoadError::Status(s) => write!(f, "the feed server answered HTTP {s}"),
            FeedLoadError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

/// Fetches and validates the feed. Items that fail validation are skipped and reported
/// in one console message, so the admin sees them without the console filling up.
pub async fn load(url: &str) -> Result<ParsedFeed, FeedLoadError> {
    let response = Request::get(url)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .map_err(|e| FeedLoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(FeedLoadError::Status(response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| FeedLoadError::Network(e.to_string()))?;
    let parsed = parse_feed(&text).map_err(FeedLoadError::Invalid)?;
    if !parsed.problems.is_empty() {
        let lines: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        web_sys::console::warn_1(
            &format!(
                "[elders] {url}: {} item(s) skipped, {} problem(s):\n{}",
                parsed.skipped_items(),
                lines.len(),
                lines.join("\n")
            )
            .into(),
        );
    }
    Ok(parsed)
}
