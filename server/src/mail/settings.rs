//! How `elders serve` sends mail: `--smtp-url`, `--mail-from`, `--public-url`,
//! `--moderator-mail` (`docs/architecture.md` §8), read and checked once at start.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};

use crate::redact;

/// The SMTP transport every mail goes through.
pub type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// Everything the mail sender needs; without `--smtp-url` there is none, and no mail.
#[derive(Clone)]
pub struct MailSettings {
    /// `smtp://`, `smtps://` or `smtp://…?tls=starttls`, with credentials perhaps: never
    /// shown except through [`MailSettings::server`].
    smtp_url: String,
    /// The sender of every mail.
    pub from: Mailbox,
    /// The base of links in mails, without a trailing `/`.
    pub public_url: String,
    /// Who gets the daily overview of the moderation queues.
    pub moderators: Vec<Mailbox>,
    /// The wait before the first retry of a mail that could not be sent; doubled for each
    /// retry after, up to an hour.
    pub retry: Duration,
    /// Longest an SMTP conversation may take.
    pub timeout: Duration,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("server", &self.server())
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl MailSettings {
    /// Reads the settings; `Err` says which one is wrong and how to fix it.
    pub fn new(
        smtp_url: &str,
        from: Option<&str>,
        public_url: Option<&str>,
        moderators: &[String],
    ) -> Result<MailSettings, String> {
        let shown = redact::password(smtp_url);
        let parsed = url::Url::parse(smtp_url)
            .map_err(|e| format!("--smtp-url {shown} is not a URL: {e}"))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host_str().is_none() {
            return Err(format!(
                "--smtp-url {shown}: use smtp://HOST:PORT, smtp://HOST:PORT?tls=starttls or smtps://HOST:PORT"
            ));
        }
        let from = from
            .ok_or("--smtp-url needs --mail-from ADDRESS (the sender of every mail)")?
            .parse::<Mailbox>()
            .map_err(|e| format!("--mail-from is not an e-mail address: {e}"))?;
        let public_url = public_url
            .ok_or("--smtp-url needs --public-url https://HOST (the base of links in mails)")?
            .trim_end_matches('/')
            .to_string();
        match url::Url::parse(&public_url) {
            Ok(url) if matches!(url.scheme(), "https" | "http") && url.host_str().is_some() => {}
            _ => return Err(format!("--public-url {public_url}: use https://HOST")),
        }
        let moderators = moderators
            .iter()
            .map(|m| {
                m.parse::<Mailbox>()
                    .map_err(|e| format!("--moderator-mail {m} is not an e-mail address: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let settings = MailSettings {
            smtp_url: smtp_url.to_string(),
            from,
            public_url,
            moderators,
            retry: Duration::from_secs(30),
            timeout: Duration::from_secs(30),
        };
        // Checked now, built when the sender starts (building one starts its pool).
        settings.builder()?;
        Ok(settings)
    }

    /// The SMTP server as logs may show it: without the password.
    pub fn server(&self) -> String {
        redact::password(&self.smtp_url)
    }

    /// The transport for the URL. `?tls=starttls` is lettre's `?tls=required`: a server
    /// that does not offer STARTTLS gets no mail, rather than mail in the clear.
    pub fn transport(&self) -> Result<Transport, String> {
        Ok(self.builder()?.timeout(Some(self.timeout)).build())
    }

    fn builder(&self) -> Result<lettre::transport::smtp::AsyncSmtpTransportBuilder, String> {
        let url = self.smtp_url.replace("tls=starttls", "tls=required");
        AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| format!("--smtp-url {}: {e}", self.server()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str) -> Result<MailSettings, String> {
        MailSettings::new(
            url,
            Some("Elders <elders@example.nl>"),
            Some("https://elders.example.nl/"),
            &["moderator@example.nl".into()],
        )
    }

    #[test]
    fn reads_the_three_kinds_of_smtp_url_and_hides_the_password() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://mail.example.nl:587?tls=starttls",
            "smtps://user:geheim@mail.example.nl",
        ] {
            let s = settings(url).unwrap();
            assert!(!s.server().contains("geheim"));
            assert!(!format!("{s:?}").contains("geheim"));
            assert_eq!(s.public_url, "https://elders.example.nl");
        }
        assert!(settings("http://mail.example.nl").is_err());
        assert!(settings("smtp:///nohost").is_err());
        let error = settings("smtps://user:geheim@").unwrap_err();
        assert!(!error.contains("geheim"), "{error}");
    }

    #[test]
    fn needs_a_sender_and_a_public_url() {
        assert!(MailSettings::new("smtp://h:25", None, Some("https://e.nl"), &[]).is_err());
        assert!(MailSettings::new("smtp://h:25", Some("a@b.nl"), None, &[]).is_err());
        assert!(MailSettings::new("smtp://h:25", Some("a@b.nl"), Some("ftp://e.nl"), &[]).is_err());
        assert!(MailSettings::new(
            "smtp://h:25",
            Some("a@b.nl"),
            Some("https://e.nl"),
            &["x".into()]
        )
        .is_err());
    }
}
