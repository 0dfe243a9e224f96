//! Sending one delivery: an e-mail through the configured SMTP relay
//! (lettre), or a JSON body to a webhook signed with HMAC-SHA256 over a
//! timestamp and the body, so the receiver can check both origin and
//! freshness (`X-Siaga-Signature: t=<unix>,v1=<hex>`), under the secret
//! of the delivery's mission (`keys`). A group's e-mail carries its
//! roster as a CSV attachment; an addition answers the first send's
//! Message-ID, so the mission's mail shows it in the case's thread.

use std::time::Duration;

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sha2::Sha256;

use super::keys::WebhookKeys;
use super::packet::{attachment, email_text, json_body, subject};
use super::settings::{EscalationConfig, SmtpConfig, Tls};
use crate::model::escalation::{Delivery, Escalation, Route};
use crate::model::missions::Missions;
use crate::source::http::{self, PostError};
use crate::source::secret::read_secret;

/// Header names of a webhook delivery.
pub const SIGNATURE_HEADER: &str = "X-Siaga-Signature";
pub const DELIVERY_HEADER: &str = "X-Siaga-Delivery";

/// Everything needed to send deliveries, built once from the config.
pub struct Deliverer {
    mailer: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox)>,
    /// The whole of one SMTP exchange, greeting to the answer after DATA
    /// (`[smtp] timeout_secs`); lettre's own timeout is per command.
    mail_deadline: Duration,
    /// Why e-mail cannot be sent, if it cannot.
    mail_problem: Option<String>,
    http: reqwest::Client,
    /// Every mission's webhook secret, read once.
    keys: WebhookKeys,
}

impl Deliverer {
    pub fn new(smtp: &SmtpConfig, config: &EscalationConfig, missions: &Missions) -> Deliverer {
        let (mailer, mail_problem) = match mailer(smtp) {
            Ok(m) => (Some(m), None),
            Err(e) => (None, Some(e)),
        };
        Deliverer {
            mailer,
            mail_deadline: Duration::from_secs(smtp.timeout_secs.max(1)),
            mail_problem,
            http: http::client(Duration::from_secs(config.webhook_timeout_secs.max(1))),
            keys: WebhookKeys::read(missions, config),
        }
    }

    /// The domain for Message-IDs: the sender address's.
    pub fn domain(&self) -> String {
        self.mailer
            .as_ref()
            .map(|(_, from)| from.email.domain().to_string())
            .unwrap_or_else(|| "siaga.invalid".into())
    }

    pub async fn send(&self, e: &Escalation, d: &Delivery) -> Result<(), PostError> {
        match d.route {
            Route::Email => self.email(e, d).await,
            Route::Webhook => self.webhook(e, d).await,
            // Made by the officer and recorded as sent: never due.
            Route::Phone | Route::WhatsApp => Ok(()),
        }
    }

    async fn email(&self, e: &Escalation, d: &Delivery) -> Result<(), PostError> {
        let Some((transport, from)) = &self.mailer else {
            return Err(PostError::Refused {
                status: 0,
                detail: self.mail_problem.clone().unwrap_or_default(),
            });
        };
        let to: Mailbox = d.to.parse().map_err(|err| PostError::Refused {
            status: 0,
            detail: format!("bad address {:?}: {err}", d.to),
        })?;
        let message = message(e, d, from.clone(), to).map_err(|err| PostError::Refused {
            status: 0,
            detail: err.to_string(),
        })?;
        let sent = tokio::time::timeout(self.mail_deadline, transport.send(message)).await;
        let Ok(sent) = sent else {
            // Stalled somewhere in the exchange: after DATA the relay may
            // have taken it, so it counts as maybe-sent and goes again
            // with the same Message-ID.
            return Err(PostError::Unknown(format!(
                "the SMTP server did not finish within {} s",
                self.mail_deadline.as_secs()
            )));
        };
        match sent {
            Ok(_) => Ok(()),
            Err(err) if err.is_permanent() => Err(PostError::Refused {
                status: err.status().map_or(0, u16::from),
                detail: err.to_string(),
            }),
            // A 4xx: the relay said "not now"; nothing was accepted.
            Err(err) if err.is_transient() => Err(PostError::NotSent(err.to_string())),
            // No connection (refused, no route, TLS failed): nothing left.
            Err(err) if never_connected(&err) => Err(PostError::NotSent(err.to_string())),
            // A broken connection or a timeout: it may have been accepted.
            Err(err) => Err(PostError::Unknown(err.to_string())),
        }
    }

    async fn webhook(&self, e: &Escalation, d: &Delivery) -> Result<(), PostError> {
        let secret = self
            .keys
            .for_delivery(e, d)
            .map_err(|detail| PostError::Refused { status: 0, detail })?;
        let body = json_body(e, d);
        let signature = sign(secret, Timestamp::now().as_second(), &body);
        let response = self
            .http
            .post(&d.to)
            .header("Content-Type", "application/json")
            .header(SIGNATURE_HEADER, signature)
            .header(DELIVERY_HEADER, &d.message_id)
            .body(body)
            .send()
            .await
            .map_err(http::post_network_error)?;
        let status = response.status();
        let reset = http::retry_after(&response);
        let body = http::read_body(response)
            .await
            .map_err(|err| PostError::Unknown(err.to_string()))?;
        if status.is_success() {
            return Ok(());
        }
        Err(http::post_status_error(status, &body, reset))
    }
}

/// The e-mail of delivery `d`: its plain text, and for a group the
/// roster sheet attached.
fn message(
    e: &Escalation,
    d: &Delivery,
    from: Mailbox,
    to: Mailbox,
) -> Result<Message, lettre::error::Error> {
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(subject(e, d))
        .message_id(Some(format!("<{}>", d.message_id)));
    // An addition follows its first send in the mission's mailbox.
    if let Some(first) = e.first_send_of(d).filter(|f| !f.message_id.is_empty()) {
        builder = builder
            .in_reply_to(format!("<{}>", first.message_id))
            .references(format!("<{}>", first.message_id));
    }
    let Some((file, sheet)) = attachment(e, d) else {
        return builder
            .header(header::ContentType::TEXT_PLAIN)
            .body(email_text(e, d));
    };
    let csv = header::ContentType::parse("text/csv; charset=utf-8").expect("a valid content type");
    builder.multipart(
        MultiPart::mixed()
            .singlepart(SinglePart::plain(email_text(e, d)))
            .singlepart(Attachment::new(file).body(sheet, csv)),
    )
}

/// Whether an SMTP error happened before any connection stood: then the
/// message certainly did not leave.
fn never_connected(err: &lettre::transport::smtp::Error) -> bool {
    use std::error::Error as _;
    if err.is_tls() || err.to_string().starts_with("Connection error") {
        return true;
    }
    let mut source = err.source();
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionRefused
                    | std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::AddrNotAvailable
                    | std::io::ErrorKind::HostUnreachable
                    | std::io::ErrorKind::NetworkUnreachable
            );
        }
        source = e.source();
    }
    false
}

/// `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
pub fn sign(secret: &[u8], unix: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(unix.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("t={unix},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Check a signature header as a receiver would: the right secret, and
/// a timestamp within `tolerance` seconds of `now` (against replay).
pub fn verify(secret: &[u8], header: &str, body: &[u8], now: i64, tolerance: i64) -> bool {
    let mut t = None;
    let mut v1 = None;
    for part in header.split(',') {
        match part.split_once('=') {
            Some(("t", value)) => t = value.parse::<i64>().ok(),
            Some(("v1", value)) => v1 = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else {
        return false;
    };
    if (now - t).abs() > tolerance {
        return false;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.verify_slice(&v1).is_ok()
}

fn mailer(smtp: &SmtpConfig) -> Result<(AsyncSmtpTransport<Tokio1Executor>, Mailbox), String> {
    if smtp.host.trim().is_empty() {
        return Err("no [smtp] host is configured".into());
    }
    let from: Mailbox = smtp
        .from
        .parse()
        .map_err(|e| format!("[smtp] from {:?}: {e}", smtp.from))?;
    let builder = match smtp.tls {
        Tls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        Tls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
            .map_err(|e| e.to_string())?,
        Tls::Tls => {
            AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?
        }
    };
    let mut builder = builder
        .port(smtp.port)
        .timeout(Some(Duration::from_secs(smtp.timeout_secs.max(1))));
    if !smtp.username.is_empty() {
        let password = read_secret(smtp.password_env.as_deref(), smtp.password_file.as_deref())
            .map_err(|e| format!("SMTP password: {e}"))?;
        builder = builder.credentials(Credentials::new(smtp.username.clone(), password));
    }
    Ok((builder.build(), from))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_and_refuse_tampering_and_replay() {
        let sig = sign(b"s3cret", 1_700_000_000, b"{\"a\":1}");
        assert!(verify(b"s3cret", &sig, b"{\"a\":1}", 1_700_000_010, 300));
        assert!(!verify(b"s3cret", &sig, b"{\"a\":2}", 1_700_000_010, 300));
        assert!(!verify(b"other", &sig, b"{\"a\":1}", 1_700_000_010, 300));
        assert!(!verify(b"s3cret", &sig, b"{\"a\":1}", 1_700_009_999, 300));
    }
}
