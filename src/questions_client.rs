//! Sending a question to the questions API (DESIGN.md §4).

use elders_core::{Lang, QuestionInput};
use gloo_net::http::Request;
use serde::Deserialize;
use web_sys::{ReferrerPolicy, RequestCredentials};

/// What the server kept.
#[derive(Debug, Clone, Deserialize)]
pub struct Stored {
    /// Public id.
    pub id: String,
    /// `pending` or `approved`.
    pub status: String,
}

/// One field error as the server reports it.
#[derive(Debug, Clone, Deserialize)]
pub struct ServerFieldError {
    /// The JSON field name.
    pub field: String,
    /// The message, in the language the widget asked for.
    pub message: String,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    errors: Vec<ServerFieldError>,
}

/// Why a question was not stored.
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

/// Posts a question with its idempotency key.
pub async fn send(
    url: &str,
    key: &str,
    lang: Lang,
    question: &QuestionInput,
) -> Result<Stored, SendError> {
    let request = Request::post(url)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .header("Idempotency-Key", key)
        .header("Accept-Language", lang.tag())
        .json(question)
        .map_err(|_| SendError::Network)?;
    let response = request.send().await.map_err(|_| SendError::Network)?;
    let status = response.status();
    // Bodies are read as bytes, like every JSON the widget reads: one JSON reader in
    // the Wasm.
    let body = response.binary().await.map_err(|_| SendError::Network)?;
    if (200..300).contains(&status) {
        return serde_json::from_slice::<Stored>(&body).map_err(|_| SendError::Network);
    }
    if status >= 500 || status == 408 || status == 429 {
        return Err(SendError::Network);
    }
    match serde_json::from_slice::<ErrorBody>(&body) {
        Ok(body) => Err(SendError::Rejected {
            message: body.error,
            fields: body.errors,
        }),
        Err(_) => Err(SendError::Rejected {
            message: format!("HTTP {status}"),
            fields: Vec::new(),
        }),
    }
}
