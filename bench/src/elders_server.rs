//! A running `elders serve` for the native benchmark runners.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use anyhow::{Context, Result};

/// `elders serve` on a free port of 127.0.0.1; stopped when dropped.
pub struct EldersServer {
    child: Child,
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
}

impl EldersServer {
    /// Starts `bin serve --addr 127.0.0.1:0 ARGS…`, logging at `log` level, and waits for
    /// the line that says where it listens.
    pub fn start(bin: &Path, args: &[OsString], log: &str) -> Result<EldersServer> {
        let mut child = Command::new(bin)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env("ELDERS_LOG", log)
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line)?;
        let base = line
            .trim()
            .strip_prefix("Elders is listening on ")
            .with_context(|| format!("unexpected first line {line:?}"))?
            .trim_end_matches('/')
            .to_string();
        Ok(EldersServer { child, base })
    }

    /// How the server ended, if it has (it should run until dropped).
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for EldersServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
