//! Proof that the mail tests' SMTP server (`support::mail_sink`, postfix's smtp-sink) is a
//! real one and reads back what a client sent, before any Elders mail code relies on it:
//! a message made as the server's will be (lettre, multipart/alternative, Dutch accents)
//! comes back decoded whole; an outage refuses connections until the sink restarts on the
//! same port; a rejecting sink gives a permanent error.

mod support;

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use support::mail_sink::MailSink;

const WITHIN: Duration = Duration::from_secs(5);

const UNSUBSCRIBE: &str =
    "<https://elders.example/afmelden?sleutel=abc123>, <mailto:afmelden@elders.example>";

/// A plain-SMTP client of `sink`, opening a connection per message as lettre does without
/// its pool.
fn mailer(sink: &MailSink) -> AsyncSmtpTransport<Tokio1Executor> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(&sink.url())
        .unwrap()
        .timeout(Some(Duration::from_secs(5)))
        .build()
}

/// A message with only a subject and a text that says `text`.
fn short_message(subject: &str, text: &str) -> Message {
    Message::builder()
        .from("Elders <noreply@elders.example>".parse().unwrap())
        .to("anna@example.org".parse().unwrap())
        .subject(subject)
        .body(text.to_string())
        .unwrap()
}

/// Whether a send failed because nothing listens on the port.
fn is_refused(error: &lettre::transport::smtp::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return io.kind() == std::io::ErrorKind::ConnectionRefused;
        }
        source = cause.source();
    }
    false
}

#[tokio::test]
async fn a_multipart_message_comes_back_with_its_envelope_parts_and_headers_decoded() {
    let sink = MailSink::start();
    // Quoted-printable text and base64 HTML, so that both decodings are exercised; a line
    // that starts with a dot (SMTP stuffs it) and one longer than a QP line.
    let text = "Goedendag Anna,\n\n\
                Er is één antwoord op uw vraag over de subsidieregeling voor gemeentelijke \
                samenwerking in de regio.\n\
                .NET-teams lezen mee.\n";
    let html = "<p>Goedendag Anna,</p><p>Er is <strong>één antwoord</strong> op uw vraag.</p>";
    let message = Message::builder()
        .from("Elders één <noreply@elders.example>".parse().unwrap())
        .to("Anna de Vries <anna@example.org>".parse().unwrap())
        .bcc("redactie@example.org".parse().unwrap())
        .subject("Er is één antwoord op uw vraag")
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            UNSUBSCRIBE.to_string(),
        ))
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder().header(ContentType::TEXT_PLAIN).body(
                        Body::new_with_encoding(
                            text.to_string(),
                            ContentTransferEncoding::QuotedPrintable,
                        )
                        .unwrap(),
                    ),
                )
                .singlepart(
                    SinglePart::builder().header(ContentType::TEXT_HTML).body(
                        Body::new_with_encoding(html.to_string(), ContentTransferEncoding::Base64)
                            .unwrap(),
                    ),
                ),
        )
        .unwrap();

    mailer(&sink).send(message).await.unwrap();

    let mails = sink.wait_for(1, WITHIN).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "noreply@elders.example");
    assert_eq!(mail.to, ["anna@example.org", "redactie@example.org"]);
    assert_eq!(mail.subject, "Er is één antwoord op uw vraag");
    assert_eq!(mail.text, text);
    assert_eq!(mail.html.as_deref(), Some(html));
    assert_eq!(
        mail.header("list-unsubscribe").as_deref(),
        Some(UNSUBSCRIBE)
    );
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Er is één antwoord op uw vraag")
    );
    let from = mail.header("From").unwrap();
    assert!(
        from.contains("één") && from.contains("noreply@elders.example"),
        "{from}"
    );
    assert_eq!(mail.header("X-Not-There"), None);
    // The message as sent: encoded, and without the blind copy's address.
    assert!(mail.raw.contains("multipart/alternative"), "{}", mail.raw);
    assert!(!mail.raw.contains("één"), "{}", mail.raw);
    assert!(!mail.raw.contains("redactie@"), "{}", mail.raw);
}

#[tokio::test]
async fn a_stopped_sink_refuses_connections_and_restarts_on_its_port_with_its_mails() {
    let mut sink = MailSink::start();
    let mailer = mailer(&sink);
    mailer
        .send(short_message("Eerste", "vóór de storing"))
        .await
        .unwrap();

    sink.stop();
    let error = mailer
        .send(short_message("Verloren", "tijdens de storing"))
        .await
        .unwrap_err();
    assert!(is_refused(&error), "{error:?}");

    let port = sink.port();
    sink.restart();
    assert_eq!(sink.port(), port);
    assert_eq!(sink.url(), format!("smtp://127.0.0.1:{port}"));
    mailer
        .send(short_message("Tweede", "na de storing"))
        .await
        .unwrap();

    let mails = sink.wait_for(2, WITHIN).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(subjects, ["Eerste", "Tweede"]);
    assert_eq!(mails[0].text.trim_end(), "vóór de storing");
    assert_eq!(mails[0].html, None);
}

#[tokio::test]
async fn a_rejecting_sink_gives_a_permanent_error_and_keeps_nothing() {
    let mut sink = MailSink::start_rejecting();
    let mailer = mailer(&sink);
    for attempt in ["before a restart", "after a restart"] {
        let error = mailer
            .send(short_message("Afgewezen", "niemand ontvangt dit"))
            .await
            .unwrap_err();
        assert!(error.is_permanent(), "{attempt}: {error:?}");
        assert_eq!(
            error.status().map(|code| code.to_string()).as_deref(),
            Some("550"),
            "{attempt}"
        );
        sink.restart();
    }
    assert!(sink.mails().is_empty());
}
