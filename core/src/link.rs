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

/// A `mailto:` link (RFC 6068) to `address`, with `subject` and `body`; `None` when
/// `address` is not one e-mail address ([`is_email_address`]). This is the only way a
/// `mailto:` link is made, so that no part can reach into another.
///
/// Each part is percent-encoded on its own: the local part and the domain (with the `@`
/// between them kept, and an internationalised domain as percent-encoded UTF-8), the
/// subject and the body. Only RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`)
/// stay as they are. An empty subject or body is left out. Line breaks in the body are
/// written as CRLF (`%0D%0A`), as RFC 6068 asks; in the subject, one header line, they
/// become spaces.
pub fn mailto(address: &str, subject: &str, body: &str) -> Option<String> {
    if !is_email_address(address) {
        return None;
    }
    let (local, domain) = address.split_once('@')?;
    let mut link = String::with_capacity(16 + 3 * (address.len() + subject.len() + body.len()));
    link.push_str("mailto:");
    percent_encode(local, "", &mut link);
    link.push('@');
    percent_encode(domain, "", &mut link);
    let mut separator = '?';
    for (name, value, line_break) in [("subject=", subject, "%20"), ("body=", body, "%0D%0A")] {
        if !value.is_empty() {
            link.push(separator);
            link.push_str(name);
            percent_encode(value, line_break, &mut link);
            separator = '&';
        }
    }
    Some(link)
}

/// Appends `text` to `out` with every byte but the unreserved ones percent-encoded, and
/// each line break (CRLF, CR or LF) written as `line_break`.
fn percent_encode(text: &str, line_break: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut after_cr = false;
    for b in text.bytes() {
        match b {
            b'\n' if after_cr => {}
            b'\r' | b'\n' => out.push_str(line_break),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xF)]));
            }
        }
        after_cr = b == b'\r';
    }
}

#[cfg(test)]
mod mailto_tests {
    use super::*;

    #[test]
    fn a_plain_address_is_kept_as_it_is() {
        assert_eq!(
            mailto("team@svb.example", "", "").as_deref(),
            Some("mailto:team@svb.example")
        );
    }

    #[test]
    fn a_cc_header_in_an_address_gives_no_link() {
        assert_eq!(
            mailto("ceo%40min.example?cc=spy@evil.example", "s", "b"),
            None
        );
        assert_eq!(mailto("ceo@min.example?cc=spy@evil.example", "", ""), None);
        assert_eq!(mailto("ceo@min.example&bcc=spy@evil.example", "", ""), None);
    }

    #[test]
    fn an_encoded_at_sign_gives_no_link() {
        assert_eq!(mailto("ceo%40min.example@evil.example", "", ""), None);
    }

    #[test]
    fn a_display_name_or_a_second_address_gives_no_link() {
        assert_eq!(mailto("Jan <jan@svb.example>", "", ""), None);
        assert_eq!(mailto("\"Jan\" <jan@svb.example>", "", ""), None);
        assert_eq!(mailto("jan@svb.example, spy@evil.example", "", ""), None);
        assert_eq!(mailto("", "", ""), None);
    }

    #[test]
    fn every_part_is_percent_encoded_on_its_own() {
        assert_eq!(
            mailto(
                "o'brien+lab@müller.example",
                "Vraag & antwoord?",
                "a=b&cc=x@y.example"
            )
            .as_deref(),
            Some(
                "mailto:o%27brien%2Blab@m%C3%BCller.example\
                 ?subject=Vraag%20%26%20antwoord%3F\
                 &body=a%3Db%26cc%3Dx%40y.example"
            )
        );
    }

    #[test]
    fn a_subject_or_body_cannot_add_a_header() {
        let link = mailto(
            "a@b.example",
            "Hoi\r\nBcc: spy@evil.example",
            "x&bcc=spy@evil.example#y",
        )
        .unwrap();
        assert_eq!(
            link,
            "mailto:a@b.example?subject=Hoi%20Bcc%3A%20spy%40evil.example\
             &body=x%26bcc%3Dspy%40evil.example%23y"
        );
        assert_eq!(link.matches('?').count(), 1);
        assert_eq!(link.matches('&').count(), 1);
        assert_eq!(link.matches('@').count(), 1);
    }

    #[test]
    fn line_breaks_in_the_body_are_crlf() {
        assert_eq!(
            mailto("a@b.example", "", "> vraag\n\nen\r\nmeer\r").as_deref(),
            Some("mailto:a@b.example?body=%3E%20vraag%0D%0A%0D%0Aen%0D%0Ameer%0D%0A")
        );
    }

    #[test]
    fn only_the_subject_or_only_the_body_is_fine() {
        assert_eq!(
            mailto("a@b.example", "", "tekst").as_deref(),
            Some("mailto:a@b.example?body=tekst")
        );
        assert_eq!(
            mailto("a@b.example", "onderwerp", "").as_deref(),
            Some("mailto:a@b.example?subject=onderwerp")
        );
    }
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
