//! A real SMTP server for the escalation tests: Python's aiosmtpd, started
//! as a child process on a free port of 127.0.0.1, storing every message it
//! accepts in a maildir that the test reads back (headers decoded, body
//! decoded from its transfer encoding).
//!
//! Needs `python3` with `aiosmtpd` (`pip install aiosmtpd`; `.ci/run`
//! installs it). `SmtpServer::start_slow` uses the handler of
//! `tests/data/siaga_smtp.py`, which stores a message and then waits before
//! it answers "250 OK": a client killed in that window resends.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One running aiosmtpd; killed when dropped.
pub struct SmtpServer {
    pub port: u16,
    child: Child,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

/// One message as the server stored it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// The maildir file it came from.
    pub file: PathBuf,
    /// Every header, unfolded and decoded (RFC 2047), in order.
    pub headers: Vec<(String, String)>,
    /// `Message-ID`, as written (with its angle brackets).
    pub message_id: String,
    pub subject: String,
    pub to: String,
    pub from: String,
    /// The envelope, as aiosmtpd recorded it (`X-MailFrom`, `X-RcptTo`).
    pub mail_from: String,
    pub rcpt_to: String,
    /// The body, decoded from its Content-Transfer-Encoding.
    pub body: String,
}

impl Mail {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Mail {
    /// The parts of a `multipart/*` message, each parsed as a message of
    /// its own (its headers, its body decoded); none for a single part.
    pub fn parts(&self) -> Vec<Mail> {
        let content_type = self.header("Content-Type").unwrap_or("");
        let Some(boundary) = content_type.split(';').find_map(|p| {
            let value = p.trim().strip_prefix("boundary=")?;
            Some(value.trim_matches('"').to_string())
        }) else {
            return Vec::new();
        };
        let delimiter = format!("--{boundary}");
        self.body
            .split(delimiter.as_str())
            .skip(1)
            .take_while(|part| !part.starts_with("--"))
            .map(|part| parse(&self.file, part.trim_start_matches('\n').as_bytes()))
            .collect()
    }
}

fn require_aiosmtpd() {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        panic!(
            "the escalation tests need python3 with aiosmtpd, a real SMTP server: \
             pip install aiosmtpd; .ci/run installs it"
        );
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl SmtpServer {
    /// aiosmtpd with its own Mailbox handler.
    pub fn start() -> SmtpServer {
        SmtpServer::launch(None)
    }

    /// aiosmtpd storing each message, then waiting `delay_ms` before "250";
    /// it refuses recipients `reject-*` (550) and `later-*` (451).
    pub fn start_slow(delay_ms: u64) -> SmtpServer {
        SmtpServer::launch(Some(delay_ms))
    }

    fn launch(delay_ms: Option<u64>) -> SmtpServer {
        require_aiosmtpd();
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("maildir");
        let mut last_error = String::new();
        // The free port may be taken between asking and binding: try again.
        for _ in 0..5 {
            let port = free_port();
            let mut cmd = Command::new("python3");
            cmd.args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")]);
            match delay_ms {
                None => {
                    cmd.args(["-c", "aiosmtpd.handlers.Mailbox"]).arg(&maildir);
                }
                Some(ms) => {
                    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
                    cmd.env("PYTHONPATH", data)
                        .args(["-c", "siaga_smtp.SlowMailbox"])
                        .arg(&maildir)
                        .arg(ms.to_string());
                }
            }
            let mut child = cmd
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot run python3 ({e}): pip install aiosmtpd; .ci/run installs it")
                });
            match wait_ready(port, &mut child) {
                Ok(()) => {
                    return SmtpServer {
                        port,
                        child,
                        maildir,
                        _dir: dir,
                    };
                }
                Err(e) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    last_error = e;
                }
            }
        }
        panic!("aiosmtpd did not start: {last_error}");
    }

    pub fn maildir(&self) -> &Path {
        &self.maildir
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Mail> {
        let new = self.maildir.join("new");
        let Ok(entries) = std::fs::read_dir(&new) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(Result::ok)
            .map(|e| {
                let modified = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .unwrap_or(std::time::UNIX_EPOCH);
                (modified, e.path())
            })
            .collect();
        files.sort();
        files
            .into_iter()
            .filter_map(|(_, path)| {
                let raw = std::fs::read(&path).ok()?;
                Some(parse(&path, &raw))
            })
            .collect()
    }

    /// Wait until at least `n` messages arrived; panics after `timeout`.
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Mail> {
        let deadline = Instant::now() + timeout;
        loop {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            if Instant::now() > deadline {
                panic!("expected {n} message(s), got {}: {got:#?}", got.len());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Until the server greets a connection with 220, or the child died.
fn wait_ready(port: u16, child: &mut Child) -> Result<(), String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut e, &mut err);
            }
            return Err(format!("aiosmtpd exited ({status}): {err}"));
        }
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_ok() && line.starts_with("220") {
                let _ = std::io::Write::write_all(&mut &stream, b"QUIT\r\n");
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            return Err(format!("nothing answered on 127.0.0.1:{port}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Split a stored message into decoded headers and decoded body.
pub fn parse(file: &Path, raw: &[u8]) -> Mail {
    let text = String::from_utf8_lossy(raw).replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n").unwrap_or((text.as_str(), ""));
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    for (_, v) in &mut headers {
        *v = decode_words(v);
    }
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let encoding = get("Content-Transfer-Encoding").to_ascii_lowercase();
    let body = match encoding.trim() {
        "base64" => String::from_utf8_lossy(&base64(body)).into_owned(),
        "quoted-printable" => String::from_utf8_lossy(&quoted_printable(body)).into_owned(),
        _ => body.to_string(),
    };
    Mail {
        file: file.to_path_buf(),
        message_id: get("Message-ID"),
        subject: get("Subject"),
        to: get("To"),
        from: get("From"),
        mail_from: get("X-MailFrom"),
        rcpt_to: get("X-RcptTo"),
        body,
        headers: headers.clone(),
    }
}

/// RFC 2047: `=?utf-8?b?...?=` and `=?utf-8?q?...?=` words; the space
/// between two encoded words is dropped, and their bytes join before they
/// are read as UTF-8 (a character may be split across two words).
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut gap = String::new();
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(start) = rest.find("=?")
            && let Some((bytes, len)) = encoded_word(&rest[start..])
        {
            let before = &rest[..start];
            if before.trim().is_empty() && !pending.is_empty() {
                // Between two encoded words: dropped.
            } else {
                out.push_str(&String::from_utf8_lossy(&pending));
                pending.clear();
                out.push_str(&gap);
                out.push_str(before);
            }
            gap.clear();
            pending.extend(bytes);
            rest = &rest[start + len..];
            continue;
        }
        out.push_str(&String::from_utf8_lossy(&pending));
        pending.clear();
        out.push_str(rest);
        rest = "";
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out
}

/// The bytes of one encoded word at the start of `s`, and its length.
fn encoded_word(s: &str) -> Option<(Vec<u8>, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (_charset, inner) = inner.split_once('?')?;
    let (enc, inner) = inner.split_once('?')?;
    let end = inner.find("?=")?;
    let text = &inner[..end];
    if text.contains(' ') {
        return None;
    }
    // Up to where `inner` starts, then the text and its "?=".
    let len = (s.len() - inner.len()) + end + 2;
    let bytes = match enc {
        "b" | "B" => base64(text),
        "q" | "Q" => quoted_printable(&text.replace('_', " ")),
        _ => return None,
    };
    Some((bytes, len))
}

pub fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= d << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..chunk.len().saturating_sub(1)]);
    }
    out
}

pub fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            // A soft line break.
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            if let Some(hex) = bytes.get(i + 1..i + 3)
                && let Ok(b) = u8::from_str_radix(std::str::from_utf8(hex).unwrap_or("zz"), 16)
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
