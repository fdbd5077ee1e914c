//! What a `--feed` argument names, and the health of each source: in full for the admin
//! (`/api/admin/sources`), and as little as tells a reader or publisher whether it works
//! for the public (`/api/sources`), since a feed URL may carry a secret.

use std::path::PathBuf;

use elders_core::feed::Organisation;
use serde::Serialize;

/// Where a feed comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file on this machine, read again when it changes.
    File(PathBuf),
    /// An `http://` or `https://` URL, fetched on an interval.
    Url(String),
}

/// One `--feed` source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The argument as given.
    pub spec: String,
    /// Where it points.
    pub location: Location,
    /// The organisation of its items that name none (`--feed-organisation`): a blog's
    /// feed or an RSS feed does not say whose work it describes.
    pub organisation: Option<Organisation>,
}

impl Source {
    /// Reads a `--feed` argument: a URL when it starts with `http://` or `https://`, a file
    /// path otherwise.
    pub fn parse(spec: &str) -> Result<Source, String> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err("an empty --feed".into());
        }
        let lower = spec.to_ascii_lowercase();
        let location = if lower.starts_with("http://") || lower.starts_with("https://") {
            let url = reqwest::Url::parse(spec)
                .map_err(|e| format!("--feed {spec}: not a usable URL ({e})"))?;
            if url.host_str().is_none_or(str::is_empty) {
                return Err(format!("--feed {spec}: the URL has no host"));
            }
            Location::Url(url.to_string())
        } else if lower.contains("://") {
            return Err(format!(
                "--feed {spec}: only files and http:// or https:// URLs are supported"
            ));
        } else {
            Location::File(PathBuf::from(spec))
        };
        Ok(Source {
            spec: spec.to_string(),
            location,
            organisation: None,
        })
    }

    /// Reads a `--feed-organisation` value, `FEED=NAME` or `FEED=NAME,URI` (the URI, such
    /// as a TOOI identifier, after the last comma when it starts with `http` or `urn:`; a
    /// name may have commas of its own): the feed as its `--feed` names it, and the
    /// organisation.
    pub fn parse_organisation(value: &str) -> Result<(String, Organisation), String> {
        let Some((feed, who)) = value.split_once('=') else {
            return Err(format!(
                "--feed-organisation {value:?}: expected FEED=NAME or FEED=NAME,URI"
            ));
        };
        let (name, uri) = match who.rsplit_once(',') {
            Some((name, uri))
                if uri.trim().starts_with("http") || uri.trim().starts_with("urn:") =>
            {
                (name.trim(), Some(uri.trim().to_string()))
            }
            _ => (who.trim(), None),
        };
        if feed.trim().is_empty() || name.is_empty() {
            return Err(format!(
                "--feed-organisation {value:?}: both the feed and the organisation's name are needed"
            ));
        }
        Ok((
            feed.trim().to_string(),
            Organisation {
                name: name.to_string(),
                uri,
            },
        ))
    }

    /// Whether this source is fetched over the network.
    pub fn is_remote(&self) -> bool {
        matches!(self.location, Location::Url(_))
    }

    /// How the public sees this source: a URL by its origin (no user, password, path or
    /// query, which may hold a token), a file by its name (not where it lies on the
    /// server).
    pub fn public_name(&self) -> String {
        match &self.location {
            Location::Url(url) => {
                crate::redact::origin(url).unwrap_or_else(|| "a feed URL".to_string())
            }
            Location::File(path) => path.file_name().map_or_else(
                || "a file".to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }
}

/// How a source is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The last attempt succeeded (or the source had not changed).
    Ok,
    /// The last attempt failed; the last good copy, if any, is still served.
    Failing,
    /// Never loaded yet.
    Pending,
}

/// Most item problems kept per source for `/api/sources`.
pub const MAX_PROBLEMS_SHOWN: usize = 20;

/// A source's health, as the admin sees it (`/api/admin/sources`).
#[derive(Debug, Clone, Serialize)]
pub struct Health {
    /// The `--feed` argument, without a password.
    pub source: String,
    /// The source as the public sees it ([`Source::public_name`]).
    #[serde(skip)]
    pub public_name: String,
    /// Ok, failing or pending.
    pub status: Status,
    /// Items served from it (from its last good copy).
    pub items: usize,
    /// Items of its last good copy skipped as invalid.
    pub skipped: usize,
    /// The first problems of its last good copy, with JSON paths.
    pub problems: Vec<String>,
    /// Why the last attempt failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Failed attempts since the last success.
    pub consecutive_failures: u32,
    /// RFC 3339 times, UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_attempt: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_success: Option<String>,
    /// When its content last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_change: Option<String>,
}

/// A source's health as the public sees it (`/api/sources`).
#[derive(Debug, Clone, Serialize)]
pub struct PublicHealth {
    /// The source's public name.
    pub source: String,
    /// `ok`, `unavailable` or `pending`.
    pub status: &'static str,
    /// Items served from it.
    pub items: usize,
}

impl Health {
    /// A source not loaded yet.
    pub fn pending(source: &Source) -> Health {
        Health {
            source: crate::redact::password(&source.spec),
            public_name: source.public_name(),
            status: Status::Pending,
            items: 0,
            skipped: 0,
            problems: Vec::new(),
            error: None,
            consecutive_failures: 0,
            last_attempt: None,
            last_success: None,
            last_change: None,
        }
    }

    /// Records a successful attempt at `now`; `changed` when the content was new.
    pub fn succeeded(&mut self, now: &str, changed: bool) {
        self.status = Status::Ok;
        self.error = None;
        self.consecutive_failures = 0;
        self.last_attempt = Some(now.to_string());
        self.last_success = Some(now.to_string());
        if changed {
            self.last_change = Some(now.to_string());
        }
    }

    /// What the public may see of it: the source by its public name, whether it works,
    /// and how many items it gives; not why it fails (an error can name hosts, ports and
    /// paths behind the source).
    pub fn public(&self) -> PublicHealth {
        PublicHealth {
            source: self.public_name.clone(),
            status: match self.status {
                Status::Ok => "ok",
                Status::Failing => "unavailable",
                Status::Pending => "pending",
            },
            items: self.items,
        }
    }

    /// Records a failed attempt at `now`.
    pub fn failed(&mut self, now: &str, error: String) {
        self.status = Status::Failing;
        self.error = Some(error);
        self.consecutive_failures += 1;
        self.last_attempt = Some(now.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_files_are_told_apart() {
        assert_eq!(
            Source::parse("https://feeds.example/innovatie.json")
                .unwrap()
                .location,
            Location::Url("https://feeds.example/innovatie.json".into())
        );
        assert_eq!(
            Source::parse("feeds/sample.json").unwrap().location,
            Location::File("feeds/sample.json".into())
        );
        assert!(Source::parse("ftp://feeds.example/x.json")
            .unwrap_err()
            .contains("only files and http"));
        assert!(Source::parse("https://").is_err());
        assert!(Source::parse("  ").is_err());
    }

    #[test]
    fn a_feed_organisation_names_the_feed_and_who_publishes_it() {
        let (feed, who) = Source::parse_organisation(
            "https://uwv.example/blog.rss=UWV, Innovatielab,https://identifier.overheid.nl/tooi/id/zbo/zb000144",
        )
        .unwrap();
        assert_eq!(feed, "https://uwv.example/blog.rss");
        assert_eq!(who.name, "UWV, Innovatielab");
        assert_eq!(
            who.uri.as_deref(),
            Some("https://identifier.overheid.nl/tooi/id/zbo/zb000144")
        );
        let (_, plain) = Source::parse_organisation("feeds/blog.json=Gemeente Utrecht").unwrap();
        assert_eq!((plain.name.as_str(), plain.uri), ("Gemeente Utrecht", None));
        assert!(Source::parse_organisation("zonder-is-teken").is_err());
        assert!(Source::parse_organisation("feed.json= ").is_err());
    }

    #[test]
    fn a_failure_keeps_the_last_success_and_counts() {
        let source = Source::parse("https://feeds.example/a.json").unwrap();
        let mut health = Health::pending(&source);
        health.succeeded("t1", true);
        health.failed("t2", "HTTP 500".into());
        health.failed("t3", "timed out".into());
        assert_eq!(health.status, Status::Failing);
        assert_eq!(health.consecutive_failures, 2);
        assert_eq!(health.last_success.as_deref(), Some("t1"));
        assert_eq!(health.last_change.as_deref(), Some("t1"));
        health.succeeded("t4", false);
        assert_eq!(
            (health.status, health.consecutive_failures),
            (Status::Ok, 0)
        );
        assert_eq!(
            health.last_change.as_deref(),
            Some("t1"),
            "a 304 changes nothing"
        );
        assert!(health.error.is_none());
    }
}
