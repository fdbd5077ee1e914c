//! Starts the real `elders` binary on a free port with its own SQLite file.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub struct Server {
    child: Child,
    pub base: String,
    pub dir: tempfile::TempDir,
}

impl Server {
    pub fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        Server::start_in(dir, extra)
    }

    /// With the admin API on, under `token`.
    pub fn start_with_admin_token(extra: &[&str], token: &str) -> Server {
        Server::launch(tempfile::tempdir().unwrap(), extra, Some(token))
    }

    pub fn start_in(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        Server::launch(dir, extra, None)
    }

    fn launch(dir: tempfile::TempDir, extra: &[&str], admin_token: Option<&str>) -> Server {
        let db = format!("sqlite://{}", dir.path().join("elders.db").display());
        let mut child = Command::new(env!("CARGO_BIN_EXE_elders"))
            .args([
                "serve",
                "--addr",
                "127.0.0.1:0",
                "--database",
                &db,
                "--dist",
            ])
            .arg(dir.path().join("no-dist"))
            .args(extra)
            .env("ELDERS_LOG", "warn")
            .env("ELDERS_ADMIN_TOKEN", admin_token.unwrap_or(""))
            .stdout(Stdio::piped())
            .spawn()
            .expect("the elders binary starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .trim()
            .strip_prefix("Elders is listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, base, dir }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn database(&self) -> String {
        format!("sqlite://{}", self.dir.path().join("elders.db").display())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

pub fn sample_feed() -> String {
    repo_root().join("feeds/sample.json").display().to_string()
}

pub fn fixture(name: &str) -> String {
    repo_root()
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}
