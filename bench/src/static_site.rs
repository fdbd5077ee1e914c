//! The browser benchmarks' web server: one folder served as `/elders/*` on a free port of
//! 127.0.0.1.
//!
//! The Elders server cannot host the benchmark pages: every page it serves without a
//! policy of its own gets `Content-Security-Policy: default-src 'none'`
//! (`server/src/security.rs`), which blocks the pages' inline measuring scripts, as it
//! should in production. This server sends the folder as it is, with what the Elders server
//! would send for the widget's files: the right `Content-Type` (`application/wasm` for
//! streaming compilation), and the `.gz` copy `cargo xtask dist` made when the browser
//! accepts gzip (Chromium asks plain-`http:` hosts for gzip, not brotli). A request that
//! asks for the pack (`Accept: application/vnd.elders.pack`, as the widget does) gets the
//! file's pack (`NAME.pack` beside it) when there is one, as from the Elders server's
//! `/feed.json`; a file without one, or asked for with `?json`, goes out as it is, as from
//! a static host. Nothing is
//! cached (`no-store`): each run is a first visit anyway.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use anyhow::Result;

/// A running server; it stops with the process.
pub struct StaticSite {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl StaticSite {
    pub fn start(root: &Path) -> Result<StaticSite> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let base = format!("http://{}", listener.local_addr()?);
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                std::thread::spawn(move || serve(stream, &root));
            }
        });
        Ok(StaticSite { base })
    }
}

/// Answers the requests of one connection (kept alive, as browsers expect).
fn serve(stream: TcpStream, root: &Path) {
    let Ok(mut writer) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(stream);
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let (mut gzip, mut pack) = (false, false);
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            let lower = line.to_ascii_lowercase();
            if lower.starts_with("accept-encoding:") && lower.contains("gzip") {
                gzip = true;
            }
            if lower.starts_with("accept:") && lower.contains(elders_core::pack::MEDIA_TYPE) {
                pack = true;
            }
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/");
        let response = respond(root, path, gzip, pack);
        if writer.write_all(&response).is_err() {
            return;
        }
    }
}

fn respond(root: &Path, path: &str, gzip: bool, pack: bool) -> Vec<u8> {
    // `?json`: the file as a static host sends it, whatever the request asks for.
    let pack = pack && !path.ends_with("?json");
    let path = path.split('?').next().unwrap_or(path);
    let packed = pack
        .then(|| file_for(root, &format!("{path}.pack")))
        .flatten()
        .filter(|file| file.exists());
    let Some(file) = packed.or_else(|| file_for(root, path)) else {
        return head("404 Not Found", "text/plain", None, 9)
            .into_iter()
            .chain(*b"not found")
            .collect();
    };
    let compressed = PathBuf::from(format!("{}.gz", file.display()));
    let (body, encoding) = match std::fs::read(&compressed) {
        Ok(body) if gzip => (body, Some("gzip")),
        _ => match std::fs::read(&file) {
            Ok(body) => (body, None),
            Err(_) => return head("404 Not Found", "text/plain", None, 0),
        },
    };
    let mut response = head("200 OK", content_type(&file), encoding, body.len());
    response.extend(body);
    response
}

/// `/elders/NAME` → `root/NAME`, for plain names only.
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let name = path.strip_prefix("/elders/")?;
    let plain = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
        && !name.starts_with('.');
    plain.then(|| root.join(name))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("pack") => elders_core::pack::MEDIA_TYPE,
        _ => "application/octet-stream",
    }
}

fn head(status: &str, content_type: &str, encoding: Option<&str>, length: usize) -> Vec<u8> {
    let encoding = encoding
        .map(|e| format!("Content-Encoding: {e}\r\nVary: Accept-Encoding\r\n"))
        .unwrap_or_default();
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {length}\r\n\
         {encoding}Cache-Control: no-store\r\n\r\n"
    )
    .into_bytes()
}
