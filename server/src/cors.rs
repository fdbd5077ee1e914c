//! Who may call what from another origin.
//!
//! Reading is public: the widget files, the feed and the list of published questions carry
//! `Access-Control-Allow-Origin: *` (no credentials are ever involved). Writing is not:
//! only the origins an admin lists with `--allow-origin`, and the server's own origin (its
//! demo page), may POST questions. A POST with any other `Origin` is refused by the server
//! itself with a `403` the widget can read and show (the preflight is answered for every
//! origin for that reason): the browser's CORS check is not what keeps the database clean.

use axum::http::HeaderMap;

/// The POST allow-list.
#[derive(Debug, Clone, Default)]
pub struct OriginPolicy {
    allowed: Vec<String>,
}

impl OriginPolicy {
    /// Builds the list from `--allow-origin` values (`https://intranet.example`, no path).
    pub fn new(origins: &[String]) -> OriginPolicy {
        OriginPolicy {
            allowed: origins.iter().map(|o| normalise(o)).collect(),
        }
    }

    /// Whether the request may post: yes without an `Origin` (not from a browser page) and
    /// for listed or own origins; `Err(origin)` otherwise.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), String> {
        let Some(origin) = headers.get(axum::http::header::ORIGIN) else {
            return Ok(());
        };
        let text = origin.to_str().unwrap_or_default();
        let own = headers
            .get(axum::http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .is_some_and(|host| {
                text.split_once("://")
                    .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host))
            });
        if own || self.allowed.iter().any(|a| *a == normalise(text)) {
            Ok(())
        } else {
            Err(text.to_string())
        }
    }
}

fn normalise(origin: &str) -> String {
    origin.trim().trim_end_matches('/').to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("host", HeaderValue::from_str(host).unwrap());
        if let Some(o) = origin {
            h.insert("origin", HeaderValue::from_str(o).unwrap());
        }
        h
    }

    #[test]
    fn listed_own_and_absent_origins_may_post_others_may_not() {
        let policy = OriginPolicy::new(&["https://Intranet.example/".into()]);
        assert!(policy
            .check(&headers(Some("https://intranet.example"), "elders.example"))
            .is_ok());
        assert!(policy
            .check(&headers(Some("http://127.0.0.1:8080"), "127.0.0.1:8080"))
            .is_ok());
        assert!(policy.check(&headers(None, "elders.example")).is_ok());
        assert_eq!(
            policy.check(&headers(Some("https://evil.example"), "elders.example")),
            Err("https://evil.example".into())
        );
    }
}
