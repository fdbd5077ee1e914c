//! Reading the published questions (`GET /api/questions`): as the questions' pack for the
//! cards module, which ranks them for the page (`elders_core::question::pack`), and as
//! JSON for the questions panel, which shows them with their answers.

use elders_core::pack::MEDIA_TYPE;
use gloo_net::http::Request;
use web_sys::{ReferrerPolicy, RequestCredentials};

use crate::dom;

/// Most questions fetched; the widget ranks them and shows a few.
const FETCH_LIMIT: u32 = 200;

/// The URL of the questions list: the API URL with `limit`, keeping any query it has.
fn list_url(endpoint: &str) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}limit={FETCH_LIMIT}")
}

/// The questions list's bytes, in the form `accept` asks for. A failure is returned for
/// the console, not shown to readers.
async fn fetch(endpoint: &str, accept: &str) -> Result<Vec<u8>, String> {
    let response = Request::get(&list_url(endpoint))
        .header("Accept", accept)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .send()
        .await
        .map_err(|e| dom::request_error(&e))?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    response.binary().await.map_err(|e| dom::request_error(&e))
}

/// The questions' pack, for the cards module.
pub async fn load_pack(endpoint: &str) -> Result<Vec<u8>, String> {
    fetch(endpoint, MEDIA_TYPE).await
}

/// The questions as a JSON Feed with their answers, for the questions panel.
pub async fn load_json(endpoint: &str) -> Result<Vec<u8>, String> {
    fetch(endpoint, "application/feed+json").await
}
