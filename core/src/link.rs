//! Which links may be rendered. Feed text comes from other organisations and is untrusted:
//! a `javascript:` or `data:` link in a card would run code on a ministry intranet page.

/// Longest link accepted anywhere.
pub const MAX_URL_LEN: usize = 2000;

/// Why a link was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link is empty.
    #[error("the link is empty")]
    Empty,
    /// The link is longer than [`MAX_URL_LEN`].
    #[error("the link is longer than {MAX_URL_LEN} characters")]
    TooLong,
    /// Spaces or control characters make a link ambiguous.
    #[error("the link contains spaces or control characters")]
    Whitespace,
    /// Only absolute `https:`, `http:` and `mailto:` links are rendered.
    #[error(
        "only https:, http: and mailto: links are allowed, not {}",
        crate::plain_text::quoted(.0)
    )]
    Scheme(String),
}

/// Checks that `url` is an absolute `https:`/`http:` link with a host, or a `mailto:` link.
/// Returns the link trimmed. Relative links are refused: a card is shown on another site
/// than the feed's, where a relative link would point somewhere else.
pub fn check_link(url: &str) -> Result<&str, LinkError> {
    let url = url.trim();
    if url.is_empty() {
        return Err(LinkError::Empty);
    }
    if url.len() > MAX_URL_LEN {
        return Err(LinkError::TooLong);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(LinkError::Whitespace);
    }
    let (scheme, rest) = url
        .split_once(':')
        .ok_or_else(|| LinkError::Scheme(String::new()))?;
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" => {
            let host = rest
                .strip_prefix("//")
                .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""));
            match host {
                Some(h) if !h.is_empty() => Ok(url),
                _ => Err(LinkError::Scheme(scheme.to_string())),
            }
        }
        "mailto" if !rest.is_empty() => Ok(url),
        _ => Err(LinkError::Scheme(scheme.to_string())),
    }
}

/// Checks an http(s) link only (no `mailto:`), for page URLs and web links.
pub fn check_web_link(url: &str) -> Result<&str, LinkError> {
    let checked = check_link(url)?;
    if checked.len() >= 7 && checked[..7].eq_ignore_ascii_case("mailto:") {
        return Err(LinkError::Scheme("mailto".into()));
    }
    Ok(checked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_http_and_mailto_links_are_kept() {
        assert_eq!(
            check_link(" https://svb.example/a "),
            Ok("https://svb.example/a")
        );
        assert!(check_link("HTTP://x.example").is_ok());
        assert!(check_link("mailto:team@svb.example").is_ok());
    }

    #[test]
    fn script_and_data_links_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "//evil.example/x",
            "/relative/path",
            "https:///nohost",
            "https://a.example/x y",
            "java\tscript:alert(1)",
        ] {
            assert!(check_link(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn web_links_refuse_mailto() {
        assert!(check_web_link("mailto:a@b.example").is_err());
        assert!(check_web_link("https://a.example").is_ok());
    }
}

/// Longest e-mail address accepted (RFC 5321's path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// A plausibility check for an e-mail address: one `@`, a non-empty local part, a domain
/// with a dot, no spaces. Deliberately loose: the only way to know an address works is to
/// write to it, and refusing a real address loses a question.
pub fn is_plausible_email(email: &str) -> bool {
    let email = email.trim();
    if email.len() > MAX_EMAIL_LEN || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains(['<', '>', '(', ')', ',', ';', ':', '"', '[', ']'])
        }
        None => false,
    }
}

#[cfg(test)]
mod email_tests {
    use super::is_plausible_email;

    #[test]
    fn plausible_addresses_pass_and_broken_ones_do_not() {
        assert!(is_plausible_email("team@svb.example"));
        assert!(is_plausible_email(" a.b+c@sub.gemeente.example "));
        for bad in [
            "",
            "a",
            "a@b",
            "@b.example",
            "a@@b.example",
            "a b@c.example",
            "a@.example",
            "a@b.example.",
        ] {
            assert!(!is_plausible_email(bad), "{bad:?}");
        }
    }
}
