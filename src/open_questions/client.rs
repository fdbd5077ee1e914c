//! Reading the published questions (`GET /api/questions`); see [`super::question`] for
//! what is read from the answer.

use gloo_net::http::Request;
use web_sys::{ReferrerPolicy, RequestCredentials};

use super::question::{parse, QuestionList};
use crate::dom;

/// Most questions fetched; the widget ranks them and shows a few.
const FETCH_LIMIT: u32 = 200;

/// The URL of the questions list: the API URL with `limit`, keeping any query it has.
fn list_url(endpoint: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}limit={FETCH_LIMIT}")
}

/// Fetches the published questions: the body as it came (the form's module reads the
/// chosen ones from it again) and what was read from it. A failure is returned for the
/// console, not shown to readers.
pub async fn load(endpoint: &str) -> Result<(Vec<u8>, QuestionList), String> {
    let response = Request::get(&list_url(endpoint))
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .map_err(|e| dom::request_error(&e))?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    // Read as bytes, like every JSON the widget reads: one JSON reader in the Wasm.
    let body = response
        .binary()
        .await
        .map_err(|e| dom::request_error(&e))?;
    let questions = parse(&body)?;
    Ok((body, questions))
}
