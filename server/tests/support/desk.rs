//! The moderators' desk as a test drives it over HTTP: a personal sign-in link from the
//! real CLI, the session cookie, a page, its CSRF token, and a form posted from the desk
//! itself.

use std::process::Command;

use reqwest::{Client, StatusCode};

use super::{Database, Server};

/// Runs `elders ARGS --database URL` and gives its standard output.
pub fn elders(database: &Database, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(args)
        .args(["--database", &database.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "elders {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A client that keeps redirects to itself, so that each step can be looked at.
pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Signs `name` in with a new personal link; the session cookie (`elders_desk=…`).
pub async fn signed_in(
    client: &Client,
    server: &Server,
    database: &Database,
    name: &str,
) -> String {
    let link = elders(database, &["moderators", "add", name]);
    let token = link.split("link=").nth(1).unwrap().to_string();
    let signed = client
        .post(server.url("/admin/sign-in"))
        .form(&[("link", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = signed.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// A desk page with the session `cookie`: its status and its HTML.
pub async fn page(
    client: &Client,
    server: &Server,
    cookie: &str,
    path: &str,
) -> (StatusCode, String) {
    let response = client
        .get(server.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The CSRF token on a desk page.
pub fn csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a CSRF token") + 19;
    html[at..at + 64].to_string()
}

/// Posts `form` to `path` as the desk's own form does.
pub async fn post(
    client: &Client,
    server: &Server,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    client
        .post(server.url(path))
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap()
}
