//! A real PostgreSQL server for the test suite, so that the server tests run on both
//! backends on every machine, CI included.
//!
//! `ELDERS_TEST_POSTGRES=postgres://USER:PASSWORD@HOST:PORT` points the tests at a server
//! of your own (the role must be allowed to create databases). Otherwise, as root on
//! Debian/Ubuntu, Debian's `postgresql` is installed when missing, its cluster started, and
//! a password role for the tests created on loopback. Anywhere else this fails with what
//! to do, rather than quietly testing one backend.

use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::run;

/// The role the tests connect as, on loopback only. A superuser of this throwaway test
/// cluster: dropping a test database `WITH (FORCE)` must be able to end the autovacuum
/// worker that may be inside it, which a role with only CREATEDB may not do.
const ROLE: &str = "elders_test";

/// The URL of a PostgreSQL server the tests may create databases on, without a database.
pub fn ensure_server() -> Result<String> {
    if let Ok(url) = std::env::var("ELDERS_TEST_POSTGRES") {
        if !url.trim().is_empty() {
            return Ok(url.trim().trim_end_matches('/').to_string());
        }
    }
    if !crate::tools::is_root() || crate::tools::on_path("apt-get").is_none() {
        bail!(
            "the server tests also run on PostgreSQL: set ELDERS_TEST_POSTGRES=postgres://USER:PASSWORD@HOST:PORT \
             (a role that may create databases), or run as root on Debian/Ubuntu to have Debian's postgresql \
             installed and started"
        );
    }
    if crate::tools::on_path("pg_lsclusters").is_none() {
        crate::tools::apt_install("the PostgreSQL tests", &["postgresql"])?;
    }
    let port = start_cluster()?;
    let sql = format!(
        "DO $$ BEGIN \
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN \
             CREATE ROLE {ROLE} LOGIN SUPERUSER PASSWORD '{ROLE}'; \
           ELSE \
             ALTER ROLE {ROLE} SUPERUSER; \
           END IF; \
         END $$"
    );
    run(Command::new("runuser")
        .args([
            "-u",
            "postgres",
            "--",
            "psql",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
        ])
        .args(["-p", &port.to_string(), "-c", &sql]))?;
    Ok(format!("postgres://{ROLE}:{ROLE}@127.0.0.1:{port}"))
}

/// Starts the first cluster `pg_lsclusters` lists (creating one when there is none) and
/// returns its port.
fn start_cluster() -> Result<u16> {
    let listed = clusters()?;
    let (version, name, port, online) = match listed.into_iter().next() {
        Some(cluster) => cluster,
        None => {
            let version = installed_version()?;
            run(Command::new("pg_createcluster").args([&version, "main"]))?;
            clusters()?
                .into_iter()
                .next()
                .context("pg_createcluster made no cluster")?
        }
    };
    if !online {
        println!("Starting PostgreSQL {version}/{name} on port {port} for the tests…");
        run(Command::new("pg_ctlcluster").args([&version, &name, "start"]))?;
    }
    Ok(port)
}

/// `(version, name, port, online)` for each cluster.
fn clusters() -> Result<Vec<(String, String, u16, bool)>> {
    let out = Command::new("pg_lsclusters")
        .arg("--no-header")
        .output()
        .context("cannot run pg_lsclusters")?;
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            let port = f.get(2)?.parse().ok()?;
            Some((
                f[0].to_string(),
                f[1].to_string(),
                port,
                f.get(3)?.starts_with("online"),
            ))
        })
        .collect())
}

/// The newest PostgreSQL major version installed under `/usr/lib/postgresql`.
fn installed_version() -> Result<String> {
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .context("PostgreSQL is not installed under /usr/lib/postgresql")?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    versions
        .last()
        .map(u32::to_string)
        .context("no PostgreSQL version under /usr/lib/postgresql")
}
