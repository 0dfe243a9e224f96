//! The courier: delivers escalations from the store's outbox and watches
//! their deadlines. Each delivery is marked `Sending`, durably, before it
//! leaves; one whose outcome was lost (a timeout, a crash) is sent again
//! with the same Message-ID or delivery id, so the receiving desk's mail
//! system or webhook folds the two. An escalation past its deadline
//! without acknowledgement is marked overdue, once, in its history, and
//! sent to the supervisor.

use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::Notify;

use crate::escalate::deliver::Deliverer;
use crate::escalate::settings::EscalationConfig;
use crate::model::escalation::{Delivery, DeliveryState, Escalation, EscalationId, Purpose, Route};
use crate::queue::{LocalQueue, QueueEvent, QueueService};
use crate::source::http::PostError;
use crate::store::{FieldChange, StoreError};

/// The name the courier's history entries carry.
pub const COURIER: &str = "siaga";

/// Most receivers delivered to at once.
const PARALLEL: usize = 8;

#[derive(Clone)]
pub struct Courier {
    queue: Arc<LocalQueue>,
    deliverer: Arc<Deliverer>,
    config: EscalationConfig,
    wake: Arc<Notify>,
}

impl Courier {
    pub fn new(queue: Arc<LocalQueue>, deliverer: Deliverer, config: EscalationConfig) -> Courier {
        Courier {
            queue,
            deliverer: Arc::new(deliverer),
            config,
            wake: Arc::new(Notify::new()),
        }
    }

    /// One pass: mark what is overdue, then make every delivery due now.
    /// Deliveries go in lanes, one per receiver (all e-mail through the
    /// relay, each webhook URL on its own), one at a time within a lane and
    /// up to `PARALLEL` lanes at once: a receiver that stalls (an SMTP
    /// server that never answers) holds up only its own lane, and only
    /// until its deadline, while a crash interrupts at most one delivery
    /// per receiver. Returns the escalations as they ended up.
    pub async fn work_due(&self) -> Result<Vec<Escalation>, StoreError> {
        let now = Timestamp::now();
        let mut seen = Vec::new();
        let mut lanes: std::collections::BTreeMap<String, Vec<(EscalationId, usize)>> =
            std::collections::BTreeMap::new();
        // Read first: the store is not held across the deliveries (a
        // rewrite after an erasure waits until nobody holds it).
        let open = self.queue.store().open_escalations()?;
        for e in open {
            let e = if e.is_overdue(now) && e.overdue_at.is_none() {
                self.mark_overdue(e.id)?
            } else {
                e
            };
            let due: Vec<usize> = (0..e.deliveries.len())
                .filter(|&n| e.deliveries[n].is_due(now))
                .collect();
            for &n in &due {
                lanes
                    .entry(lane(&e.deliveries[n]))
                    .or_default()
                    .push((e.id, n));
            }
            seen.push((e, !due.is_empty()));
        }
        futures::stream::iter(lanes.into_values())
            .map(|lane| self.work_lane(lane))
            .buffer_unordered(PARALLEL)
            .collect::<Vec<()>>()
            .await;
        // Only those delivered to have changed since they were read.
        let store = self.queue.store();
        seen.into_iter()
            .map(|(e, delivered)| match delivered {
                true => store.escalation(e.id),
                false => Ok(e),
            })
            .collect()
    }

    /// The deliveries of one receiver, in order.
    async fn work_lane(&self, lane: Vec<(EscalationId, usize)>) {
        for (id, n) in lane {
            if let Err(e) = self.deliver(id, n).await {
                tracing::warn!(escalation = %id, delivery = n, "could not record a delivery: {e}");
            }
        }
    }

    /// Work until nothing is due, waiting out backoffs, for at most
    /// `patience` (the CLI's "deliver it now").
    pub async fn drain(&self, patience: Duration) -> Result<Vec<Escalation>, StoreError> {
        let deadline = tokio::time::Instant::now() + patience;
        let mut last = std::collections::BTreeMap::new();
        loop {
            for e in self.work_due().await? {
                last.insert(e.id, e);
            }
            let Some(wait) = self.next_due_in()? else {
                break;
            };
            if tokio::time::Instant::now() + wait > deadline {
                break;
            }
            tokio::time::sleep(wait).await;
        }
        Ok(last.into_values().collect())
    }

    /// Run forever: deliver, watch deadlines, sleep until the next thing
    /// is due or an escalation arrives.
    pub async fn run(self) {
        let mut events = self.queue.subscribe();
        let wake = self.wake.clone();
        tokio::spawn(async move {
            loop {
                match events.recv().await {
                    Ok(QueueEvent::Escalation { .. }) => wake.notify_one(),
                    Ok(_) | Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        });
        loop {
            if let Err(e) = self.work_due().await {
                tracing::error!("escalations: {e}");
            }
            let wait = self
                .next_due_in()
                .ok()
                .flatten()
                .unwrap_or(Duration::from_secs(30))
                .min(Duration::from_secs(30));
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// Until the next delivery or deadline is due (None: nothing open).
    fn next_due_in(&self) -> Result<Option<Duration>, StoreError> {
        let now = Timestamp::now();
        let open = self.queue.store().open_escalations()?;
        let times = open.iter().flat_map(|e| {
            let deadline = (e.ack.is_none() && e.overdue_at.is_none()).then_some(e.deadline);
            e.deliveries
                .iter()
                .filter(|d| !d.state.is_final())
                .map(|d| crate::model::retry_wait(d.next_attempt_at, now))
                .chain(deadline.map(|t| t.duration_since(now).max(SignedDuration::ZERO)))
        });
        Ok(times.min().map(|d| {
            Duration::try_from(d)
                .unwrap_or_default()
                .max(Duration::from_millis(50))
                // Look at the wall clock again within a minute: it may step.
                .min(Duration::from_secs(60))
        }))
    }

    fn mark_overdue(&self, id: EscalationId) -> Result<Escalation, StoreError> {
        let now = Timestamp::now();
        let supervisor = self.config.supervisor_email.trim().to_string();
        let (e, _) = self.queue.update_escalation(id, COURIER, |e, _| {
            if e.ack.is_some() || e.overdue_at.is_some() {
                return Ok(Vec::new());
            }
            e.overdue_at = Some(now);
            let told = if supervisor.is_empty() {
                "no supervisor_email is configured".to_string()
            } else {
                e.deliveries.push(Delivery::new(
                    Route::Email,
                    &supervisor,
                    Purpose::Supervisor,
                ));
                format!("sent to the supervisor {supervisor}")
            };
            Ok(vec![FieldChange::new(
                "escalation_overdue",
                None,
                Some(format!(
                    "{} not acknowledged by {}; {told}",
                    e.id,
                    e.deadline.strftime("%H:%M UTC")
                )),
            )])
        })?;
        Ok(e)
    }

    async fn deliver(&self, id: EscalationId, n: usize) -> Result<Escalation, StoreError> {
        let max = self.config.max_attempts.max(1);
        let domain = self.deliverer.domain();
        let now = Timestamp::now();
        let marked = self.queue.update_escalation(id, COURIER, |e, inq| {
            // Restricted since it was made: processing must stop.
            crate::store::check_usable(inq, "delivered")?;
            let message_id = e.message_id(n, &domain);
            let d = &mut e.deliveries[n];
            if d.state.is_final() {
                return Err(StoreError::Refused(
                    format!("delivery {n} of {id} is done").into(),
                ));
            }
            if d.attempts >= max {
                d.state = DeliveryState::Failed;
                return Ok(Vec::new());
            }
            d.state = DeliveryState::Sending;
            d.attempts += 1;
            d.first_attempt_at.get_or_insert(now);
            d.last_attempt_at = Some(now);
            d.next_attempt_at = None;
            if d.message_id.is_empty() {
                d.message_id = message_id;
            }
            Ok(Vec::new())
        });
        let e = match marked {
            Err(StoreError::Withheld(why)) => {
                return self.finish(
                    id,
                    n,
                    Err(PostError::Refused {
                        status: 0,
                        detail: why.to_string(),
                    }),
                );
            }
            other => other?.0,
        };
        let d = e.deliveries[n].clone();
        if d.state != DeliveryState::Sending {
            return self.finish(
                id,
                n,
                Err(PostError::Refused {
                    status: 0,
                    detail: format!("gave up after {} attempts", d.attempts),
                }),
            );
        }
        let outcome = self.deliverer.send(&e, &d).await;
        self.finish(id, n, outcome)
    }

    fn finish(
        &self,
        id: EscalationId,
        n: usize,
        outcome: Result<(), PostError>,
    ) -> Result<Escalation, StoreError> {
        let now = Timestamp::now();
        let (e, _) = self.queue.update_escalation(id, COURIER, |e, _| {
            let eid = e.id;
            let d = &mut e.deliveries[n];
            let what = d.describe();
            match &outcome {
                Ok(()) => {
                    d.state = DeliveryState::Sent;
                    d.sent_at = Some(now);
                    d.last_error = None;
                    Ok(vec![FieldChange::new(
                        "escalation_delivered",
                        None,
                        Some(format!("{eid} {} to {} ({})", route(d), d.to, d.message_id)),
                    )])
                }
                Err(PostError::Refused { detail, .. }) => {
                    d.state = DeliveryState::Failed;
                    d.last_error = Some(detail.clone());
                    Ok(vec![FieldChange::new(
                        "escalation_failed",
                        Some(what),
                        Some(format!("{eid} {} to {}: {detail}", route(d), d.to)),
                    )])
                }
                Err(err) => {
                    d.state = if err.may_be_posted() {
                        DeliveryState::Unknown
                    } else {
                        DeliveryState::Pending
                    };
                    d.last_error = Some(err.to_string());
                    d.next_attempt_at = Some(match err {
                        PostError::RateLimited { until } => crate::model::rate_limited_retry(
                            *until,
                            now,
                            super::sender::backoff(d.attempts),
                        ),
                        _ => now + super::sender::backoff(d.attempts),
                    });
                    Ok(Vec::new())
                }
            }
        })?;
        Ok(e)
    }
}

/// The receiver a delivery waits on: the relay for every e-mail, the URL
/// for a webhook.
fn lane(d: &Delivery) -> String {
    match d.route {
        Route::Email => "smtp".into(),
        Route::Webhook => format!("webhook {}", d.to),
        Route::Phone | Route::WhatsApp => "by hand".into(),
    }
}

fn route(d: &Delivery) -> &'static str {
    match d.route {
        Route::Email => "e-mail",
        Route::Webhook => "webhook",
        Route::Phone => "phone",
        Route::WhatsApp => "WhatsApp",
    }
}
