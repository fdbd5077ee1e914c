//! Reading the published questions (`GET /api/questions`), a JSON Feed whose items carry an
//! `_elders_question` extension. Each question becomes a core [`Item`] too, so that it is
//! ranked for the page exactly like a project.

use elders_core::feed::{Elders, Item, Organisation};
use gloo_net::http::Request;
use serde::Deserialize;
use web_sys::{ReferrerPolicy, RequestCredentials};

/// Most questions fetched; the widget ranks them and shows a few.
const FETCH_LIMIT: u32 = 200;

/// A published question as the widget shows it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct OpenQuestion {
    /// Public id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Its topics.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The asker's organisation.
    pub organisation: Option<String>,
    /// The asker's name.
    pub name: Option<String>,
    /// The asker's e-mail address, present only with their consent.
    pub email: Option<String>,
    /// A moderator's answer.
    pub answer: Option<String>,
    /// A link with the answer.
    pub answer_url: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

#[derive(Deserialize)]
struct Feed {
    #[serde(default)]
    items: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "_elders_question")]
    question: Option<OpenQuestion>,
}

impl OpenQuestion {
    /// The question as a feed item, for ranking.
    pub fn as_item(&self) -> Item {
        Item {
            id: self.id.clone(),
            url: None,
            title: self.question.chars().take(120).collect(),
            summary: self.question.clone(),
            content_text: None,
            date_published: Some(self.created_at.clone()),
            date_modified: None,
            tags: self.topics.clone(),
            language: None,
            authors: Vec::new(),
            elders: Some(Elders {
                organisation: self
                    .organisation
                    .clone()
                    .map(|name| Organisation { name, uri: None }),
                ..Elders::default()
            }),
        }
    }
}

/// The URL of the questions list: the API URL with `limit`, keeping any query it has.
fn list_url(endpoint: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}limit={FETCH_LIMIT}")
}

/// Fetches the published questions. Entries that do not have the expected shape are
/// skipped; a failure is returned for the console, not shown to readers.
pub async fn load(endpoint: &str) -> Result<Vec<OpenQuestion>, String> {
    let response = Request::get(&list_url(endpoint))
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    // Read as bytes, like every JSON the widget reads: one JSON reader in the Wasm.
    let body = response.binary().await.map_err(|e| e.to_string())?;
    let feed: Feed = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    Ok(feed
        .items
        .into_iter()
        .filter_map(|e| e.question)
        .map(|mut q| {
            // Shown as links: only what passes the same checks as feed links.
            q.answer_url = q
                .answer_url
                .filter(|u| elders_core::link::check_web_link(u).is_ok());
            q.email = q.email.filter(|e| elders_core::link::is_plausible_email(e));
            q
        })
        .collect())
}
