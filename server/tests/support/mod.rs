//! Starts the real `elders` binary on a free port with a database of its own: a SQLite
//! file, or, when `ELDERS_TEST_DATABASE` names a PostgreSQL server
//! (`postgres://USER:PASSWORD@HOST:PORT`, a role that may create databases), a fresh
//! PostgreSQL database that is dropped afterwards. `cargo xtask test` runs this suite once
//! on each.
//!
//! [`mail_sink`] is a real SMTP server for the mail tests.

#![allow(dead_code)]

pub mod desk;
pub mod mail_sink;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A database for one test, of the backend this run tests.
pub struct Database {
    pub url: String,
    /// PostgreSQL: the server's URL and the database to drop at the end.
    postgres: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl Database {
    pub fn fresh() -> Database {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = tempfile::tempdir().unwrap();
        match std::env::var("ELDERS_TEST_DATABASE") {
            Ok(server) if !server.is_empty() => {
                let server = server.trim_end_matches('/').to_string();
                let name = format!(
                    "elders_test_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, Ordering::Relaxed)
                );
                // A leftover of an earlier run with the same process id, if any.
                let _ = try_psql(
                    &server,
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                );
                psql(&server, &format!("CREATE DATABASE {name}"));
                Database {
                    url: format!("{server}/{name}"),
                    postgres: Some((server, name)),
                    _dir: dir,
                }
            }
            _ => Database {
                url: format!("sqlite://{}", dir.path().join("elders.db").display()),
                postgres: None,
                _dir: dir,
            },
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

impl Drop for Database {
    /// Drops the test database. A failure here is the test server's housekeeping, not the
    /// test's result: it is reported, and the database is left for a later run to drop.
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(error) = try_psql(server, &sql) {
                eprintln!("note: test database {name} not dropped: {error}");
            }
        }
    }
}

/// Runs one statement on the PostgreSQL server's maintenance database.
fn psql(server: &str, sql: &str) {
    if let Err(error) = try_psql(server, sql) {
        panic!("{sql}: {error}");
    }
}

fn try_psql(server: &str, sql: &str) -> Result<(), String> {
    let out = Command::new("psql")
        .arg(format!("{server}/postgres"))
        .args(["-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
        .output()
        .expect("psql runs (Debian's postgresql-client)");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

/// The admin token test servers get with [`Server::start_with_admin_token`]: as long as
/// `elders serve` asks.
pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789-abcdefghij";

pub struct Server {
    child: Child,
    pub base: String,
    pub dir: tempfile::TempDir,
    database: String,
    /// The database when this server has one of its own.
    _owned: Option<Database>,
}

impl Server {
    pub fn start(extra: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        Server::start_in(dir, extra)
    }

    /// With the admin API on, under `token`.
    pub fn start_with_admin_token(extra: &[&str], token: &str) -> Server {
        Server::start_with_env(extra, &[("ELDERS_ADMIN_TOKEN", token)])
    }

    /// With these environment variables set for the server.
    pub fn start_with_env(extra: &[&str], env: &[(&str, &str)]) -> Server {
        let db = Database::fresh();
        let url = db.url.clone();
        Server::launch(tempfile::tempdir().unwrap(), &url, Some(db), extra, env)
    }

    pub fn start_in(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        let db = Database::fresh();
        let url = db.url.clone();
        Server::launch(dir, &url, Some(db), extra, &[])
    }

    /// On a database shared with other servers (several instances behind one balancer),
    /// with the admin API on under [`ADMIN_TOKEN`].
    pub fn start_on(database: &Database, extra: &[&str]) -> Server {
        Server::launch(
            tempfile::tempdir().unwrap(),
            &database.url,
            None,
            extra,
            &[("ELDERS_ADMIN_TOKEN", ADMIN_TOKEN)],
        )
    }

    fn launch(
        dir: tempfile::TempDir,
        db: &str,
        owned: Option<Database>,
        extra: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_elders"))
            .args(["serve", "--addr", "127.0.0.1:0", "--database", db, "--dist"])
            .arg(dir.path().join("no-dist"))
            .args(extra)
            .env("ELDERS_LOG", "warn")
            .env("ELDERS_ADMIN_TOKEN", "")
            .envs(env.iter().copied())
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
        Server {
            child,
            base,
            dir,
            database: db.to_string(),
            _owned: owned,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn database(&self) -> String {
        self.database.clone()
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server the hard way (SIGKILL), as a crash or an OOM kill would.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits, when the clock is in the last seconds of a minute, for the next one: rate-limit
/// windows are whole minutes of the clock, and a test that counts requests in one window
/// must not straddle two.
pub async fn away_from_a_minute_boundary() {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if seconds >= 50 {
        tokio::time::sleep(std::time::Duration::from_secs(61 - seconds)).await;
    }
}

/// GETs an admin path (`/api/admin/…`) with [`ADMIN_TOKEN`] and reads the answer as JSON.
pub async fn admin_json(
    client: &reqwest::Client,
    server: &Server,
    path: &str,
) -> serde_json::Value {
    client
        .get(server.url(path))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// GETs `url` and reads the answer as JSON.
pub async fn get_json(client: &reqwest::Client, url: String) -> serde_json::Value {
    client.get(url).send().await.unwrap().json().await.unwrap()
}

/// Everything the database holds, as text: a SQLite database's raw files (the database,
/// its write-ahead log and shared memory), or every row of every table of a PostgreSQL
/// database.
pub fn everything_stored(database: &str) -> String {
    if let Some(path) = database.strip_prefix("sqlite://") {
        let mut all = Vec::new();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            if let Ok(bytes) = std::fs::read(format!("{path}{suffix}")) {
                all.extend(bytes);
            }
        }
        return String::from_utf8_lossy(&all).into_owned();
    }
    let psql = |sql: &str| {
        let out = std::process::Command::new("psql")
            .args([database, "-At", "-c", sql])
            .output()
            .expect("psql runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let tables =
        psql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    tables
        .lines()
        .map(|table| psql(&format!("SELECT t::text FROM \"{table}\" t")))
        .collect::<Vec<_>>()
        .join("\n")
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

/// A private CA and a certificate it issued for 127.0.0.1 and localhost, as on a government
/// network with its own PKI; a server trusts the CA through `SSL_CERT_FILE`, which the
/// system's CA store honours.
pub struct PrivatePki {
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: String,
    pub cert_der: Vec<u8>,
    pub key_der: Vec<u8>,
}

pub fn private_pki() -> PrivatePki {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "Elders test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let cert = params.signed_by(&key, &ca, &ca_key).unwrap();
    PrivatePki {
        ca_pem: ca.pem(),
        cert_pem: cert.pem(),
        key_pem: key.serialize_pem(),
        cert_der: cert.der().to_vec(),
        key_der: key.serialize_der(),
    }
}
