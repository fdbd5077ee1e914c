//! What the questions API answers to a question, read from its JSON body. Pure, so that
//! it is unit-tested natively; [`super::client`] does the sending.
//!
//! Read with the feed's JSON reader rather than derived deserialisers, so that the form's
//! module has one JSON reader, the same as the cards'.

use elders_core::json::{self, Json};

/// What the server kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// Public id.
    pub id: String,
    /// `pending` or `approved`.
    pub status: String,
}

/// One field error as the server reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerFieldError {
    /// The JSON field name.
    pub field: String,
    /// The message, in the language the widget asked for.
    pub message: String,
}

/// A refusal: the overall message and the per-field ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The overall message.
    pub message: String,
    /// Per-field messages; an entry without a field or a message is left out.
    pub fields: Vec<ServerFieldError>,
}

fn text(fields: &Json<'_>, key: &str) -> Option<String> {
    fields.get_str(key).map(str::to_string)
}

/// The body of a success: `{"id": …, "status": …}`. `None` when it is not that, which
/// the form treats like no answer (the draft and its key are kept and sent again).
pub fn stored(body: &[u8]) -> Option<Stored> {
    let value = json::parse(body).ok()?;
    Some(Stored {
        id: text(&value, "id")?,
        status: text(&value, "status")?,
    })
}

/// The body of a refusal: `{"error": …, "errors": [{"field": …, "message": …}]}`;
/// `None` when there is no `error` message.
pub fn refusal(body: &[u8]) -> Option<Refusal> {
    let value = json::parse(body).ok()?;
    let errors = value.get("errors").and_then(Json::as_array).unwrap_or(&[]);
    Some(Refusal {
        message: text(&value, "error")?,
        fields: errors
            .iter()
            .filter_map(|e| {
                Some(ServerFieldError {
                    field: text(e, "field")?,
                    message: text(e, "message")?,
                })
            })
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_server_kept() {
        assert_eq!(
            stored(br#"{"id": "q_1", "status": "pending", "extra": 1}"#),
            Some(Stored {
                id: "q_1".into(),
                status: "pending".into()
            })
        );
        assert_eq!(stored(br#"{"id": "q_1"}"#), None);
        assert_eq!(stored(b"<html>"), None);
    }

    #[test]
    fn reads_a_refusal_with_its_field_messages() {
        let body = br#"{"error": "Controleer de vraag.", "errors": [
            {"field": "question", "message": "Te kort."},
            {"field": "email"},
            {"field": "name", "message": "Te lang."}
        ]}"#;
        let refusal = refusal(body).unwrap();
        assert_eq!(refusal.message, "Controleer de vraag.");
        let fields: Vec<&str> = refusal.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["question", "name"]);
        assert_eq!(super::refusal(br#"{"error": "Nee."}"#).unwrap().fields, []);
        assert_eq!(super::refusal(br#"{"errors": []}"#), None);
    }
}
