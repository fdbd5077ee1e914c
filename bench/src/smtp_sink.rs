//! A running SMTP server for the server benchmark: postfix's `smtp-sink` on a free port of
//! 127.0.0.1, which answers every transaction with `250` and throws the message away (no
//! `-d`/`-D`), so that what is measured is the Elders sender, not a mail server's disk.
//! The server's mail tests start it the same way (`server/tests/support/mail_sink.rs`),
//! there keeping every message.

use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// Connections smtp-sink lets wait to be accepted (its backlog argument).
const BACKLOG: &str = "256";

/// smtp-sink on a free port of 127.0.0.1; stopped when dropped.
pub struct SmtpSink {
    child: Child,
    /// `smtp://127.0.0.1:PORT`: plain SMTP, as smtp-sink speaks no TLS.
    pub url: String,
}

impl SmtpSink {
    /// Starts `program` on a free port and waits until it greets with its own name;
    /// tries another port when the one found free was taken before smtp-sink bound it.
    pub fn start(program: &Path) -> Result<SmtpSink> {
        let mut failures = Vec::new();
        for attempt in 0..5 {
            let port = free_port()?;
            let hostname = format!("elders-bench-sink-{}-{attempt}", std::process::id());
            match launch(program, port, &hostname) {
                Ok(child) => {
                    return Ok(SmtpSink {
                        child,
                        url: format!("smtp://127.0.0.1:{port}"),
                    })
                }
                Err(error) => failures.push(format!("{error:#}")),
            }
        }
        bail!("smtp-sink did not start: {}", failures.join("; "))
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `smtp://127.0.0.1:PORT` on a port nothing listens on: a mail server that is down.
pub fn closed_url() -> Result<String> {
    Ok(format!("smtp://127.0.0.1:{}", free_port()?))
}

/// A port nothing listens on right now.
fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn launch(program: &Path, port: u16, hostname: &str) -> Result<Child> {
    let mut command = Command::new(program);
    command.args(["-4", "-h", hostname]);
    if running_as_root() {
        // smtp-sink refuses to keep root's privileges after binding.
        command.args(["-u", "nobody"]);
    }
    let mut child = command
        .arg(format!("127.0.0.1:{port}"))
        .arg(BACKLOG)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot run {}", program.display()))?;
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("smtp-sink on port {port} exited ({status})");
        }
        if greets(port, hostname) {
            return Ok(child);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("smtp-sink did not answer on port {port}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Whether the sink called `hostname` answers on `port` (and not some other process).
fn greets(port: u16, hostname: &str) -> bool {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut greeting = String::new();
    let _ = BufReader::new(stream).read_line(&mut greeting);
    greeting.starts_with("220 ") && greeting.contains(hostname)
}

/// Whether this process runs as root, when smtp-sink insists on `-u`.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    Path::new("/proc/self")
        .metadata()
        .is_ok_and(|meta| meta.uid() == 0)
}
