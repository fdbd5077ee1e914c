//! Sending a question or an answer to the questions API (`docs/architecture.md`,
//! "Questions API"). One request, one reply: whether and when to send again is the [`super::outbox`]'s call.

use elders_core::Lang;
use gloo_net::http::Request;
use web_sys::{ReferrerPolicy, RequestCredentials};

use super::outbox::Delivery;
use super::reply::{refusal, stored};
pub use super::reply::{ServerFieldError, Stored};

/// Why a question or an answer was not stored.
#[derive(Debug, Clone)]
pub enum SendError {
    /// Not sent or no answer: keep the draft and the key, and try again.
    Network,
    /// The server refused it: show the messages; resending unchanged will not help.
    Rejected {
        /// The overall message.
        message: String,
        /// Per-field messages.
        fields: Vec<ServerFieldError>,
    },
}

/// Posts a question, an answer or a report (`json`, the body as JSON text) with its
/// idempotency key. The body comes as text, not as a value to serialise, so that this
/// function and the serialiser exist once in the Wasm whatever is sent.
pub async fn send(url: &str, key: &str, lang: Lang, json: String) -> Result<Stored, SendError> {
    let request = Request::post(url)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .header("Idempotency-Key", key)
        .header("Accept-Language", lang.tag())
        .header("Content-Type", "application/json")
        .body(json)
        .map_err(|_| SendError::Network)?;
    let response = request.send().await.map_err(|_| SendError::Network)?;
    let status = response.status();
    // Bodies are read as bytes, like every JSON the widget reads: one JSON reader in
    // the Wasm.
    let body = response.binary().await.map_err(|_| SendError::Network)?;
    if (200..300).contains(&status) {
        return stored(&body).ok_or(SendError::Network);
    }
    if Delivery::from_error_status(status) == Delivery::Unreachable {
        return Err(SendError::Network);
    }
    match refusal(&body) {
        Some(refusal) => Err(SendError::Rejected {
            message: refusal.message,
            fields: refusal.fields,
        }),
        None => Err(SendError::Rejected {
            message: format!("HTTP {status}"),
            fields: Vec::new(),
        }),
    }
}
