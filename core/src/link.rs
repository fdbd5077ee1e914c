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

/// Longest e-mail address accepted (RFC 5321's path limit), in bytes.
pub const MAX_EMAIL_LEN: usize = 254;
/// Longest part before the `@` (RFC 5321), in bytes.
pub const MAX_EMAIL_LOCAL_LEN: usize = 64;

/// Whether `address` is one e-mail address as a person types it, `local@domain`, and
/// nothing more. It is the one check for every address that enters (a question's, a feed
/// contact's, a published question's, `data-contact`), because each ends up in a `mailto:`
/// link: anything that could add recipients, headers or a second address to that link is
/// refused.
///
/// - exactly one `@`; at most [`MAX_EMAIL_LEN`] bytes, the local part at most
///   [`MAX_EMAIL_LOCAL_LEN`];
/// - the local part is a dot-atom (RFC 5322): ASCII letters, digits and
///   ``!#$'*+-/^_`{|}~``, in parts joined by single dots. Not `?`, `&`, `%` or `=` (which
///   would mean something in a `mailto:` link), no quotes, spaces, commas or `<…>`;
/// - the domain is at least two labels joined by dots; a label is letters, digits and
///   hyphens, not starting or ending with a hyphen, and its letters may be non-ASCII
///   (an internationalised domain name as typed).
///
/// White space around the address is not trimmed here: callers trim what a person typed.
pub fn is_email_address(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    address.len() <= MAX_EMAIL_LEN
        && local.len() <= MAX_EMAIL_LOCAL_LEN
        && dot_separated(local, is_atom_char)
        && domain.contains('.')
        && dot_separated(domain, is_label_char)
        && domain
            .split('.')
            .all(|label| !label.starts_with('-') && !label.ends_with('-'))
}

/// Non-empty parts of `allowed` characters, joined by single dots.
fn dot_separated(text: &str, allowed: fn(char) -> bool) -> bool {
    text.split('.')
        .all(|part| !part.is_empty() && part.chars().all(allowed))
}

/// RFC 5322's `atext` without `%`, `&`, `=` and `?`.
fn is_atom_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$'*+-/^_`{|}~".contains(c)
}

/// A domain label's character: an ASCII letter, digit or hyphen, or a non-ASCII letter
/// or digit ([`crate::text::is_word_char`], which refuses white space, punctuation,
/// invisible and direction-changing characters).
fn is_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && crate::text::is_word_char(c))
}

#[cfg(test)]
mod email_tests {
    use super::*;

    #[test]
    fn addresses_as_people_type_them_pass() {
        for good in [
            "team@svb.example",
            "a.b+c@sub.gemeente.example",
            "o'brien@uwv.example",
            "x!#$'*+-/^_`{|}~@a-b.example",
            "jan@müller.example",
            "info@xn--mller-kva.example",
            "1@2.nl",
        ] {
            assert!(is_email_address(good), "{good:?}");
        }
    }

    #[test]
    fn a_cc_header_in_an_address_is_refused() {
        assert!(!is_email_address("ceo%40min.example?cc=spy@evil.example"));
        assert!(!is_email_address("ceo@min.example?cc=spy@evil.example"));
        assert!(!is_email_address("ceo@min.example&bcc=spy@evil.example"));
    }

    #[test]
    fn an_encoded_at_sign_is_refused() {
        assert!(!is_email_address("ceo%40min.example@evil.example"));
    }

    #[test]
    fn display_names_lists_and_quotes_are_refused() {
        for bad in [
            "Jan <jan@svb.example>",
            "<jan@svb.example>",
            "jan@svb.example, spy@evil.example",
            "jan@svb.example,spy@evil.example",
            "\"jan jansen\"@svb.example",
            "jan=1@svb.example",
            "jan@svb.example;spy@evil.example",
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn broken_addresses_are_refused() {
        for bad in [
            "",
            "a",
            "a@b",
            "@b.example",
            "a@",
            "a@@b.example",
            "a@b@c.example",
            "a b@c.example",
            " a@b.example",
            "a@b.example\n",
            ".a@b.example",
            "a.@b.example",
            "a..b@c.example",
            "a@.example",
            "a@b.example.",
            "a@b..example",
            "a@-b.example",
            "a@b-.example",
            "a@b_c.example",
            "a@[127.0.0.1]",
            "a@b.example:25",
            "a@b.example/x",
            "jan@svb\u{202e}.example",
            "jan@svb\u{200b}x.example",
            "jän@svb.example",
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }

    #[test]
    fn lengths_are_within_rfc_5321() {
        let local = "l".repeat(MAX_EMAIL_LOCAL_LEN);
        assert!(is_email_address(&format!("{local}@a.example")));
        assert!(!is_email_address(&format!("{local}l@a.example")));
        let too_long = format!("a@{}.example", "d".repeat(MAX_EMAIL_LEN - 9));
        assert!(!is_email_address(&too_long));
        let longest = format!("a@{}.example", "d".repeat(MAX_EMAIL_LEN - 10));
        assert_eq!(longest.len(), MAX_EMAIL_LEN);
        assert!(is_email_address(&longest));
    }
}
