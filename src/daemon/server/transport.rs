//! The wire under a session: lines read with a bound on their length,
//! one line said to a peer that may not read it, and each client's queue
//! of lines to write, bounded so that a client that does not read is
//! found out (and disconnected) without anybody waiting on it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use super::super::protocol::{MAX_LINE, ServerMsg, encode};

/// Bytes waiting to be written to one client before it counts as stuck
/// (two of the longest lines: a full page of answers and its events).
pub const OUT_BYTES: usize = 2 * MAX_LINE;
/// Lines waiting for one client before it counts as stuck, however short.
pub const OUT_LINES: usize = 4096;
/// Why reading a line stopped.
pub(super) enum LineError {
    TooLong,
    Io,
}

/// One line, without its newline; None at a clean end. Never holds more
/// than `max` bytes of a line, however long the peer makes it.
pub(super) async fn read_line<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    max: usize,
) -> Result<Option<Vec<u8>>, LineError> {
    let mut line = Vec::new();
    loop {
        let buf = reader.fill_buf().await.map_err(|_| LineError::Io)?;
        if buf.is_empty() {
            return Ok((!line.is_empty()).then_some(line));
        }
        if let Some(pos) = buf.iter().position(|b| *b == b'\n') {
            if line.len() + pos > max {
                return Err(LineError::TooLong);
            }
            line.extend_from_slice(&buf[..pos]);
            reader.consume(pos + 1);
            return Ok(Some(line));
        }
        let n = buf.len();
        if line.len() + n > max {
            return Err(LineError::TooLong);
        }
        line.extend_from_slice(buf);
        reader.consume(n);
    }
}

/// One line to a peer that may not read it: given up on after a second.
pub(super) async fn say(stream: &mut (impl AsyncWriteExt + Unpin), msg: &ServerMsg) {
    let line = encode(msg);
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(&line).await;
        let _ = stream.flush().await;
    })
    .await;
}

/// The lines waiting to be written to one client, bounded: a line that
/// would take it past `OUT_BYTES` or `OUT_LINES` is dropped and the client
/// marked stuck (the session then disconnects it). Nobody waits here.
#[derive(Clone)]
pub(super) struct Outbound {
    lines: mpsc::UnboundedSender<Vec<u8>>,
    /// Bytes and lines queued, not yet written.
    bytes: Arc<AtomicUsize>,
    count: Arc<AtomicUsize>,
    pub(super) stuck: Arc<tokio::sync::Notify>,
}

impl Outbound {
    pub(super) fn new() -> (Outbound, mpsc::UnboundedReceiver<Vec<u8>>) {
        let (lines, rx) = mpsc::unbounded_channel();
        let out = Outbound {
            lines,
            bytes: Arc::new(AtomicUsize::new(0)),
            count: Arc::new(AtomicUsize::new(0)),
            stuck: Arc::new(tokio::sync::Notify::new()),
        };
        (out, rx)
    }

    /// Queue `msg`; false when the client is too far behind.
    pub(super) fn push(&self, msg: &ServerMsg) -> bool {
        let line = encode(msg);
        let len = line.len();
        let over_bytes = self.bytes.fetch_add(len, Ordering::SeqCst) + len > OUT_BYTES;
        let over_lines = self.count.fetch_add(1, Ordering::SeqCst) >= OUT_LINES;
        if over_bytes || over_lines {
            self.bytes.fetch_sub(len, Ordering::SeqCst);
            self.count.fetch_sub(1, Ordering::SeqCst);
            self.stuck.notify_one();
            return false;
        }
        self.lines.send(line).is_ok()
    }

    /// Write queued lines until the client goes or the queue closes.
    pub(super) async fn drain(
        self,
        mut rx: mpsc::UnboundedReceiver<Vec<u8>>,
        mut write: tokio::net::unix::OwnedWriteHalf,
    ) {
        // Only the counters: the sender side must close when the session
        // drops its own `Outbound`.
        let (bytes, count) = (self.bytes.clone(), self.count.clone());
        drop(self);
        while let Some(line) = rx.recv().await {
            if write.write_all(&line).await.is_err() {
                break;
            }
            bytes.fetch_sub(line.len(), Ordering::SeqCst);
            count.fetch_sub(1, Ordering::SeqCst);
        }
    }
}
