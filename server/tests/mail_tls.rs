//! Mail over `smtps://` (TLS from the first byte) to an SMTP server whose certificate
//! chains to a private CA, as on a government network: sent once the CA is in the system's
//! CA store (here through `SSL_CERT_FILE`), and kept, not sent in the clear, with the
//! certificate error on record when it is not. The SMTP server is postfix's `smtp-sink`
//! behind a TLS terminator in this test.

mod support;

use std::sync::Arc;
use std::time::Duration;

use reqwest::Client;
use serde_json::json;
use support::mail_sink::MailSink;
use support::{private_pki, Server};

/// Terminates TLS on a free port of 127.0.0.1 and passes each connection on to `port`;
/// the TLS port.
async fn tls_in_front_of(port: u16, cert: Vec<u8>, key: Vec<u8>) -> u16 {
    use tokio_rustls::rustls;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.into()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let tls_port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return; // a client that does not trust us: nothing to pass on
                };
                if let Ok(mut plain) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                }
            });
        }
    });
    tls_port
}

fn mail_list(server: &Server, flag: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(["mail", "list", flag, "--database", &server.database()])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn ask(client: &Client, server: &Server) {
    let response = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", "tls-question")
        .json(&json!({
            "question": "Wie stuurt al post over een versleutelde verbinding?",
            "email": "vrager@example.nl",
            "notify": true
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtps_sends_when_the_ca_is_trusted_and_keeps_the_mail_when_it_is_not() {
    let pki = private_pki();
    let sink = MailSink::start();
    let tls_port = tls_in_front_of(sink.port(), pki.cert_der, pki.key_der).await;
    let dir = tempfile::tempdir().unwrap();
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, pki.ca_pem).unwrap();
    let smtp_url = format!("smtps://localhost:{tls_port}");
    let args = [
        "--moderation",
        "off",
        "--smtp-url",
        &smtp_url,
        "--mail-from",
        "elders@example.nl",
        "--public-url",
        "https://elders.example",
        "--mail-retry",
        "1",
    ];
    let client = Client::new();

    // Not trusted (an empty CA store): nothing is sent, the mail waits with the reason.
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "").unwrap();
    let refusing = Server::start_with_env(&args, &[("SSL_CERT_FILE", empty.to_str().unwrap())]);
    ask(&client, &refusing).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let queued = loop {
        let queued = mail_list(&refusing, "--queued");
        if queued.contains("tries") && !queued.contains("tries 0") {
            break queued;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "never tried: {queued}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        queued.to_lowercase().contains("certificate") || queued.contains("UnknownIssuer"),
        "{queued}"
    );
    assert!(sink.mails().is_empty(), "nothing in the clear");

    // Trusted: the mail goes through TLS.
    let trusting = Server::start_with_env(&args, &[("SSL_CERT_FILE", ca_file.to_str().unwrap())]);
    ask(&client, &trusting).await;
    let mails = sink.wait_for(1, Duration::from_secs(30)).await;
    assert_eq!(mails[0].to, vec!["vrager@example.nl".to_string()]);
}
