//! What of an address may be shown where. Database and feed URLs can carry secrets (a
//! password in `user:PASSWORD@`, a token in the path or the query): messages and logs
//! show them without the password ([`password`]), and public pages and endpoints name a
//! feed source by its origin alone ([`origin`]).

/// `url` with the password of its `user:PASSWORD@` part replaced by `***`: for messages,
/// logs and the admin's view. Every message that names a database URL shows it through
/// this.
pub fn password(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let userinfo = &rest[..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            let shown = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_string()
            };
            format!("{}{shown}{}", &url[..scheme_end], &rest[at..])
        }
        None => url.to_string(),
    }
}

/// `scheme://host[:port]` of a URL, without user, password, path, query or fragment: how
/// the public sees a feed source. `None` when `url` has no host.
pub fn origin(url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let host = parsed.host_str().filter(|h| !h.is_empty())?;
    Some(match parsed.port() {
        Some(port) => format!("{}://{host}:{port}", parsed.scheme()),
        None => format!("{}://{host}", parsed.scheme()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_url_is_shown_without_its_password() {
        assert_eq!(
            password("postgres://elders:s3cr3t@db.example:5432/elders?sslmode=require"),
            "postgres://elders:***@db.example:5432/elders?sslmode=require"
        );
        assert_eq!(
            password("postgres://p%40ss:w@rd@db.example/x"),
            "postgres://p%40ss:***@db.example/x"
        );
        assert_eq!(password("sqlite://elders.db"), "sqlite://elders.db");
        assert_eq!(
            password("postgres://db.example/x"),
            "postgres://db.example/x"
        );
        assert_eq!(password("no url"), "no url");
    }

    #[test]
    fn a_feed_source_is_named_by_its_origin_alone() {
        assert_eq!(
            origin("https://user:pw@feeds.example:8443/p/feed.json?token=abc#x").as_deref(),
            Some("https://feeds.example:8443")
        );
        assert_eq!(
            origin("https://feeds.example/secret-path/feed.json").as_deref(),
            Some("https://feeds.example")
        );
        assert_eq!(origin("not a url"), None);
    }
}
