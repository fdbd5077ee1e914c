//! The desk's session cookie: reading it, setting it, and the session it names.

use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};

use super::super::state::AppState;
use crate::store::Session;

/// The cookie's name.
const COOKIE: &str = "elders_desk";

/// The rate limiter's key prefix for failed sign-ins (counted with wrong admin tokens).
pub const SIGN_IN_FAILURES: &str = "desk-sign-in:";

/// The `Set-Cookie` value for a new session: only for the desk's paths, never to
/// scripts, never with a request from another site, over HTTPS only when the server is
/// reached by HTTPS. No `Max-Age`: it ends with the browser, or after 8 idle hours on the
/// server.
pub fn cookie(session: &str, secure: bool) -> String {
    format!(
        "{COOKIE}={session}; Path=/admin; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the cookie.
pub fn expired_cookie() -> String {
    format!("{COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// The session id in the request's cookie.
pub fn cookie_value(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

/// The request's live session, or the redirect to the sign-in page.
pub async fn signed_in(state: &AppState, headers: &HeaderMap) -> Result<Session, Response> {
    let to_sign_in = || Redirect::to("/admin").into_response();
    let Some(id) = cookie_value(headers) else {
        return Err(to_sign_in());
    };
    match state.moderators.session(&id).await {
        Ok(Some(session)) => Ok(session),
        Ok(None) => Err(to_sign_in()),
        Err(error) => {
            tracing::error!(%error, "the desk's session could not be read");
            Err(to_sign_in())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_strict_and_read_back_among_others() {
        let set = cookie("abc", true);
        for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/admin"] {
            assert!(set.contains(part), "{set}");
        }
        assert!(!cookie("abc", false).contains("Secure"));
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; elders_desk=abc; b=2".parse().unwrap());
        assert_eq!(cookie_value(&headers).as_deref(), Some("abc"));
        headers.insert(header::COOKIE, "elders_desk=".parse().unwrap());
        assert_eq!(cookie_value(&headers), None);
    }
}
