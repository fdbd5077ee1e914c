//! Security headers on everything the server sends: pages, files, JSON, errors and 404s.

mod support;

use reqwest::{Client, Method};
use support::{sample_feed, Server};

/// What every response must carry.
const EVERYWHERE: [(&str, &str); 6] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "no-referrer"),
    ("strict-transport-security", "max-age=31536000"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

/// The policy for responses that are not pages.
const NOTHING_ALLOWED: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = Server::start(&["--feed", &sample_feed()]);
    let client = Client::new();
    let requests: [(Method, &str, u16); 12] = [
        (Method::GET, "/", 200),
        (Method::GET, "/demo/intranet.css", 200),
        (Method::GET, "/feed.json", 200),
        (Method::OPTIONS, "/feed.json", 204),
        (Method::GET, "/api/questions", 200),
        (Method::POST, "/api/questions", 415),
        (Method::OPTIONS, "/api/questions", 204),
        (Method::GET, "/api/admin/questions", 404),
        (Method::GET, "/questions/no-such-question", 404),
        (Method::GET, "/elders/elders.js", 404),
        (Method::GET, "/healthz", 200),
        (Method::GET, "/no/such/path", 404),
    ];
    for (method, path, expected) in requests {
        let response = client
            .request(method.clone(), server.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), expected, "{method} {path}");
        let headers = response.headers();
        for (name, value) in EVERYWHERE {
            assert_eq!(
                headers.get(name).and_then(|v| v.to_str().ok()),
                Some(value),
                "{name} on {method} {path}"
            );
        }
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no CSP on {method} {path}"));
        match path {
            // The demo page's policy is the one the README gives intranet admins.
            "/" => {
                assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("default-src 'none'"))
            }
            // A question's public page has its own, allowing its stylesheet and nothing else.
            "/questions/no-such-question" => {
                assert!(
                    csp.starts_with("default-src 'none'; style-src 'self'"),
                    "{csp}"
                )
            }
            _ => assert_eq!(csp, NOTHING_ALLOWED, "{method} {path}"),
        }
    }
}
