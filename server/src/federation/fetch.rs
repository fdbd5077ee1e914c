//! Getting a source's text: another organisation's server is not ours to trust with our
//! availability, so every fetch is conditional (an unchanged feed costs a `304`), bounded in
//! time, and bounded in size *after* decompression (a small gzip body cannot unpack into
//! gigabytes here).

use std::path::Path;
use std::time::{Duration, SystemTime};

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;

/// What fetching a URL gave.
#[derive(Debug)]
pub enum Fetched {
    /// The server says the copy we have is current.
    NotModified,
    /// A new body, with the validators to send next time.
    Body {
        /// The feed's text.
        text: String,
        /// `ETag`, to send as `If-None-Match`.
        etag: Option<String>,
        /// `Last-Modified`, to send as `If-Modified-Since`.
        last_modified: Option<String>,
        /// `Content-Type`, for the feed checker's hints.
        content_type: Option<String>,
        /// `Access-Control-Allow-Origin`, for the feed checker's hints.
        allow_origin: Option<String>,
    },
}

/// Most redirects followed for one fetch.
const MAX_REDIRECTS: usize = 5;

/// Whether a feed fetch may follow a redirect from `from` (the URL first asked for) to `to`:
/// only to `https:` on the same host, on the same port or the default one. A partner's
/// feed server otherwise decides where this server connects: to any host, any port, inside
/// the intranet, over plain `http:`.
pub fn may_follow(from: &reqwest::Url, to: &reqwest::Url) -> Result<(), String> {
    let same_host = to.host_str().is_some() && to.host_str() == from.host_str();
    let port = to.port_or_known_default();
    let same_port = port == from.port_or_known_default() || port == Some(443);
    if to.scheme() == "https" && same_host && same_port {
        Ok(())
    } else {
        Err(format!(
            "the feed redirects to {}; only https: on the same host is followed",
            crate::redact::password(to.as_str())
        ))
    }
}

/// The HTTP client for feeds: rustls with the system's CA store, gzip, a connect timeout
/// and an overall one, a few redirects within the feed's own host ([`may_follow`]), and a
/// User-Agent that tells publishers who asks.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(concat!(
            "Elders/",
            env!("CARGO_PKG_VERSION"),
            " (feed aggregator)"
        ))
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
            }
            let verdict = match attempt.previous().first() {
                Some(from) => may_follow(from, attempt.url()),
                None => Ok(()),
            };
            match verdict {
                Ok(()) => attempt.follow(),
                Err(refused) => attempt.error(refused),
            }
        }))
        .build()
        .expect("the TLS backend and the system's CA store load")
}

/// Fetches `url`, sending the validators of the copy we have, and reads at most
/// `max_bytes` of (decompressed) body.
pub async fn fetch_url(
    client: &reqwest::Client,
    url: &str,
    etag: Option<&str>,
    last_modified: Option<&str>,
    max_bytes: usize,
) -> Result<Fetched, String> {
    let mut request = client.get(url).header(
        reqwest::header::ACCEPT,
        "application/feed+json, application/json;q=0.9",
    );
    if let Some(etag) = etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(date) = last_modified {
        request = request.header(IF_MODIFIED_SINCE, date);
    }
    let mut response = request.send().await.map_err(describe)?;
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED {
        return Ok(Fetched::NotModified);
    }
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    if response
        .content_length()
        .is_some_and(|n| n > max_bytes as u64)
    {
        return Err(too_large(max_bytes));
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
    let content_type = header(reqwest::header::CONTENT_TYPE);
    let allow_origin = header(reqwest::header::ACCESS_CONTROL_ALLOW_ORIGIN);
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(describe)? {
        if body.len() + chunk.len() > max_bytes {
            return Err(too_large(max_bytes));
        }
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(body).map_err(|e| {
        format!(
            "the feed is not UTF-8 (invalid byte at {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Fetched::Body {
        text,
        etag,
        last_modified,
        content_type,
        allow_origin,
    })
}

/// A file's modification time and length: when both are unchanged, so is the file.
pub type Stamp = (SystemTime, u64);

/// The file's stamp.
pub fn file_stamp(path: &Path) -> Result<Stamp, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read the file: {e}"))?;
    Ok((
        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
        meta.len(),
    ))
}

/// Reads a feed file of at most `max_bytes`.
pub fn read_file(path: &Path, max_bytes: usize) -> Result<String, String> {
    let (_, len) = file_stamp(path)?;
    if len > max_bytes as u64 {
        return Err(too_large(max_bytes));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the file: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the feed is not UTF-8 (invalid byte at {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn too_large(max_bytes: usize) -> String {
    format!("the feed is larger than {max_bytes} bytes")
}

/// A reqwest error in words an admin can act on.
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        "timed out".into()
    } else if error.is_connect() {
        format!("cannot connect: {}", root_cause(&error))
    } else if error.is_redirect() {
        root_cause(&error)
    } else if error.is_decode() || error.is_body() {
        format!("the body could not be read: {}", root_cause(&error))
    } else {
        root_cause(&error)
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::may_follow;

    fn url(text: &str) -> reqwest::Url {
        reqwest::Url::parse(text).unwrap()
    }

    #[test]
    fn redirects_are_followed_only_to_https_on_the_same_host() {
        let from = url("https://feeds.example/feed.json");
        assert!(may_follow(&from, &url("https://feeds.example/v2/feed.json")).is_ok());
        assert!(may_follow(
            &url("http://feeds.example/f"),
            &url("https://feeds.example/f")
        )
        .is_ok());
        assert!(may_follow(&from, &url("http://feeds.example/feed.json")).is_err());
        assert!(may_follow(&from, &url("https://elsewhere.example/feed.json")).is_err());
        assert!(may_follow(&from, &url("https://feeds.example:6379/")).is_err());
        let refused = may_follow(&from, &url("http://127.0.0.1:5432/")).unwrap_err();
        assert!(
            refused.contains("only https: on the same host"),
            "{refused}"
        );
    }
}
