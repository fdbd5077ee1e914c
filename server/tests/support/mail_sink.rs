//! A real SMTP server for the mail tests: postfix's `smtp-sink` on a free loopback port,
//! keeping every message it accepts, so that a test sees exactly what a mail server would
//! have received (envelope, headers, MIME parts) rather than what a mock was told.
//!
//! `cargo xtask test` installs Debian's `postfix` for it and passes the program's path as
//! `ELDERS_SMTP_SINK`; without that variable the sink looks for `smtp-sink` on `PATH` and
//! in `/usr/sbin`.
//!
//! smtp-sink appends each completed transaction to one dump file (`-D`), each preceded by
//! [`MARKER`] (`-S`): the envelope as records of its own (`X-Mail-Args: <from> …`,
//! `X-Rcpt-Args: <to> …`, one per recipient), its three-line `Received:` header, then the
//! message as received, dot-unstuffed, with bare LF line ends, and one empty line. It is a
//! single-threaded event loop that writes a message whole, before it answers the final
//! `.` with 250: once a send has succeeded the message is in the file, in arrival order,
//! and an aborted or rejected transaction leaves nothing.
//!
//! As root, smtp-sink must drop its privileges after binding (`-u`): it runs as `nobody`,
//! and its dump folder is writable by everyone.
//!
//! smtp-sink offers no STARTTLS, so clients speak plain SMTP ([`MailSink::url`]); it
//! announces `AUTH PLAIN LOGIN` and answers any `AUTH` with 250, whatever the credentials.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use mail_parser::{HeaderName, MessageParser};

/// The line smtp-sink writes before each message (`-S`, in its C-escape syntax): a control
/// character no mail text contains, so the dump splits unambiguously.
const MARKER: &str = "\u{1}elders-smtp-sink\u{1}\n";
const MARKER_ARG: &str = "\\001elders-smtp-sink\\001\\n";

/// The reply to every `RCPT TO` of a rejecting sink: permanent, as for an unknown mailbox.
const REJECTION: &str = "550 5.1.1 Recipient address rejected by the test sink";

/// The dump file, inside the sink's own folder.
const DUMP: &str = "mails";

/// A real SMTP server (postfix's smtp-sink) on loopback that keeps every message it accepts.
pub struct MailSink {
    program: PathBuf,
    rejecting: bool,
    port: u16,
    /// The greeting name, unique to this sink, by which [`MailSink::launch`] knows that the
    /// port it probes is this sink's and not some other process's.
    hostname: String,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl MailSink {
    /// A sink that accepts every message, on a free port, with its own dump folder.
    pub fn start() -> MailSink {
        MailSink::start_in_mode(false)
    }

    /// A sink that answers every `RCPT TO` with a permanent error (550), so that no message
    /// is ever accepted.
    pub fn start_rejecting() -> MailSink {
        MailSink::start_in_mode(true)
    }

    fn start_in_mode(rejecting: bool) -> MailSink {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = tempfile::tempdir().unwrap();
        if running_as_root() {
            // smtp-sink writes its dump as `nobody` then.
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        }
        let mut sink = MailSink {
            program: program(),
            rejecting,
            port: 0,
            hostname: format!(
                "elders-sink-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ),
            dir,
            child: None,
        };
        // A port found free may be taken before smtp-sink binds it: then try another.
        let mut failures = Vec::new();
        for _ in 0..5 {
            sink.port = free_port();
            match sink.launch() {
                Ok(child) => {
                    sink.child = Some(child);
                    return sink;
                }
                Err(error) => failures.push(error),
            }
        }
        panic!("smtp-sink did not start: {failures:#?}");
    }

    /// `smtp://127.0.0.1:PORT`: plain SMTP, as smtp-sink speaks no TLS.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills smtp-sink and waits for it, so that the port refuses connections from now on,
    /// as a mail server that is down would. The messages received so far stay.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts smtp-sink again on the same port, with the same dump and the same accepting
    /// or rejecting mode, retrying the bind for a few seconds while the port is busy.
    pub fn restart(&mut self) {
        self.stop();
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.launch() {
                Ok(child) => {
                    self.child = Some(child);
                    return;
                }
                Err(error) if Instant::now() >= deadline => {
                    panic!(
                        "smtp-sink did not start again on port {}: {error}",
                        self.port
                    )
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }

    /// Every message received so far, parsed, in arrival order.
    pub fn mails(&self) -> Vec<Mail> {
        let dump = match std::fs::read(self.dir.path().join(DUMP)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(error) => panic!("cannot read smtp-sink's dump: {error}"),
        };
        parse_dump(&dump)
    }

    /// Waits until at least `count` messages have arrived and returns them all; panics with
    /// those there are after `within`.
    pub async fn wait_for(&self, count: usize, within: Duration) -> Vec<Mail> {
        let deadline = Instant::now() + within;
        loop {
            let mails = self.mails();
            if mails.len() >= count {
                return mails;
            }
            if Instant::now() >= deadline {
                panic!(
                    "expected {count} mails within {within:?}, the sink received {}: {mails:#?}",
                    mails.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Starts smtp-sink on `self.port` and waits until it greets with its own name; an
    /// error (with smtp-sink's log) when it exits first, as when the port is taken.
    fn launch(&self) -> Result<Child, String> {
        let log_path = self.dir.path().join("smtp-sink.log");
        // Its warnings go to a file: a pipe nobody reads would fill up and stall it.
        let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let mut command = Command::new(&self.program);
        command.args(["-4", "-h", &self.hostname, "-S", MARKER_ARG, "-D"]);
        command.arg(self.dir.path().join(DUMP));
        if running_as_root() {
            command.args(["-u", "nobody"]);
        }
        if self.rejecting {
            // A hard error for RCPT, with a 550 rather than smtp-sink's default 500.
            command.args(["-f", "RCPT", "-B", REJECTION]);
        }
        let mut child = command
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("64")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", self.program.display()))?;
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                return Err(format!("smtp-sink exited ({status}): {}", log.trim()));
            }
            if self.greets() {
                return Ok(child);
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("smtp-sink did not answer on port {}", self.port));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Whether this sink answers on its port: its greeting carries its own name.
    fn greets(&self) -> bool {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let Ok(stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut greeting = String::new();
        let _ = BufReader::new(stream).read_line(&mut greeting);
        greeting.starts_with("220 ") && greeting.contains(&self.hostname)
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// One message as the sink received it.
#[derive(Clone, Debug)]
pub struct Mail {
    /// The envelope sender (`MAIL FROM`), without angle brackets; empty for `<>`.
    pub from: String,
    /// The envelope recipients (`RCPT TO`), in the order sent.
    pub to: Vec<String>,
    /// The whole message as received, headers and body, dot-unstuffed and with the bare LF
    /// line ends smtp-sink writes.
    pub raw: String,
    /// The Subject, RFC 2047 decoded; empty when there is none.
    pub subject: String,
    /// The decoded text/plain part; empty when there is none.
    pub text: String,
    /// The decoded text/html part, if any.
    pub html: Option<String>,
    /// Every header of the message, RFC 2047 decoded and unfolded, in order.
    headers: Vec<(String, String)>,
}

impl Mail {
    /// The first header called `name` (in any case), RFC 2047 decoded and unfolded.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.clone())
    }

    /// Parses one message of the dump: the envelope records, then the message after
    /// smtp-sink's `Received:` header.
    fn parse(transaction: &str) -> Mail {
        let mut from = String::new();
        let mut to = Vec::new();
        let mut lines = transaction.split_inclusive('\n').peekable();
        while let Some(line) = lines.next() {
            if let Some(args) = line.strip_prefix("X-Mail-Args: ") {
                from = envelope_address(args);
            } else if let Some(args) = line.strip_prefix("X-Rcpt-Args: ") {
                to.push(envelope_address(args));
            } else if line.starts_with("Received: ") {
                // Its continuation lines; the message's own first line is a header, which
                // never starts with white space.
                while lines.next_if(|l| l.starts_with([' ', '\t'])).is_some() {}
                break;
            }
        }
        let message: String = lines.collect();
        // The last LF is the one of the `.` line that ended the data.
        let raw = message.strip_suffix('\n').unwrap_or(&message).to_string();
        let parsed = MessageParser::default()
            .parse(raw.as_bytes())
            .unwrap_or_else(|| panic!("smtp-sink received no parsable message: {raw:?}"));
        let text = parsed
            .text_bodies()
            .find(|part| !part.is_text_html())
            .and_then(|part| part.text_contents())
            .unwrap_or_default()
            .to_string();
        let html = parsed
            .html_bodies()
            .find(|part| part.is_text_html())
            .and_then(|part| part.text_contents())
            .map(str::to_string);
        Mail {
            from,
            to,
            subject: parsed.subject().unwrap_or_default().to_string(),
            text,
            html,
            headers: decoded_headers(&raw),
            raw,
        }
    }
}

/// All messages of a dump; the last one only when smtp-sink has written it to the end
/// (its closing empty line), since a poll may come in the middle of that write.
fn parse_dump(dump: &str) -> Vec<Mail> {
    let mut transactions: Vec<&str> = dump.split(MARKER).skip(1).collect();
    if transactions
        .last()
        .is_some_and(|last| !last.ends_with("\n\n"))
    {
        transactions.pop();
    }
    transactions.into_iter().map(Mail::parse).collect()
}

/// Every header with its value read as unstructured text, RFC 2047 decoded: whatever its
/// name, which mail-parser would otherwise parse as an address list, a date, an id….
fn decoded_headers(raw: &str) -> Vec<(String, String)> {
    // A parser with a header map of its own applies the default to every other header.
    let parser = MessageParser::new()
        .header_text(HeaderName::Subject)
        .default_header_text();
    let Some(message) = parser.parse_headers(raw.as_bytes()) else {
        return Vec::new();
    };
    message
        .headers()
        .iter()
        .map(|header| {
            let value = header.value().as_text().unwrap_or_default().to_string();
            (header.name().to_string(), value)
        })
        .collect()
}

/// The address of an `X-Mail-Args`/`X-Rcpt-Args` record (`<a@example.org> SIZE=123`).
fn envelope_address(args: &str) -> String {
    let args = args.trim();
    match args.strip_prefix('<') {
        Some(rest) => rest.split('>').next().unwrap_or_default().to_string(),
        None => args
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string(),
    }
}

/// smtp-sink as `cargo xtask test` installs it, or where Debian puts it.
fn program() -> PathBuf {
    if let Some(path) = std::env::var_os("ELDERS_SMTP_SINK").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        assert!(
            path.is_file(),
            "ELDERS_SMTP_SINK names {}, which does not exist",
            path.display()
        );
        return path;
    }
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("smtp-sink"))
            .find(|candidate| candidate.is_file())
    });
    on_path
        .or_else(|| Some(PathBuf::from("/usr/sbin/smtp-sink")).filter(|p| p.is_file()))
        .unwrap_or_else(|| {
            panic!(
                "the mail tests need postfix's smtp-sink, which is not installed: `cargo xtask \
                 test` installs it (Debian's postfix), or set ELDERS_SMTP_SINK to its path"
            )
        })
}

/// A port nothing listens on right now.
fn free_port() -> u16 {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether this process runs as root, when smtp-sink insists on `-u`.
fn running_as_root() -> bool {
    Path::new("/proc/self")
        .metadata()
        .is_ok_and(|meta| meta.uid() == 0)
}
