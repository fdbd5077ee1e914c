//! The outbox: where a question stands between "send" and the server's confirmation, and
//! what happens next. This is the promise that nothing typed is lost, as a plain state
//! machine with no browser in it, so that it is unit-tested natively; the form
//! (`ask::form`) only drives it: it sends when the outbox says so, reports how the send
//! ended, and sets the timers the outbox asks for.
//!
//! The invariants it keeps:
//! - a question is cleared only when the server confirms that it stored it;
//! - one idempotency key per question, kept through every resend and across reloads (the
//!   key travels with the draft), so the server stores it once however often it arrives;
//! - a send that failed for a reason that may pass (no network, a timeout, a server error,
//!   a rate limit) is queued and resent with a growing delay, up to a minute;
//! - a refusal (any other `4xx`) is never resent: the same question would be refused
//!   again. The key is dropped with it, so that the edited question is a new one.

/// Where sending stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Being written.
    Editing,
    /// A request is under way.
    Sending,
    /// Not sent yet; a resend is scheduled (or due at once, after a reload).
    Waiting,
    /// Stored by the server; `pending` when a moderator must approve it first.
    Sent {
        /// Whether it waits for a moderator.
        pending: bool,
    },
}

impl Status {
    /// Sending or waiting to resend: the fields are read-only meanwhile.
    pub fn is_busy(self) -> bool {
        matches!(self, Status::Sending | Status::Waiting)
    }
}

/// How one send ended, as far as the outbox cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The server stored it; `pending` when a moderator must approve it first.
    Stored {
        /// Whether it waits for a moderator.
        pending: bool,
    },
    /// No answer, or one that says "try again later": keep it and resend.
    Unreachable,
    /// The server refused it: resending the same question cannot help.
    Refused,
}

impl Delivery {
    /// How an HTTP status that is not a success ends a send: worth another try when the
    /// fault may pass (`5xx`, `408` Request Timeout, `429` Too Many Requests), refused
    /// otherwise.
    pub fn from_error_status(status: u16) -> Delivery {
        if status >= 500 || status == 408 || status == 429 {
            Delivery::Unreachable
        } else {
            Delivery::Refused
        }
    }
}

/// A resend the form must schedule: call [`Outbox::due`] with `attempt` after
/// `delay_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resend {
    /// Which attempt this is (1 = the first resend); a timer whose attempt is no longer
    /// the outbox's was overtaken (by "try now", "stop" or a new send) and does nothing.
    pub attempt: u32,
    /// How long to wait.
    pub delay_ms: u32,
}

/// One question's way to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbox {
    status: Status,
    /// The idempotency key of the question under way; `None` until a send is attempted
    /// and again once the server confirmed or refused it.
    key: Option<String>,
    /// Resends so far.
    attempt: u32,
}

impl Default for Outbox {
    fn default() -> Outbox {
        Outbox {
            status: Status::Editing,
            key: None,
            attempt: 0,
        }
    }
}

impl Outbox {
    /// The outbox as a kept draft left it: a question that was queued when the page
    /// closed (it has a key and was waiting) is due at once, and [`Outbox::begin`] sends
    /// it. A key without the queued mark is kept for the next send.
    pub fn restore(key: Option<String>, queued: bool) -> Outbox {
        let status = if queued && key.is_some() {
            Status::Waiting
        } else {
            Status::Editing
        };
        Outbox {
            status,
            key,
            attempt: 0,
        }
    }

    /// Where sending stands.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The idempotency key of the question under way.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// Whether the question must be kept as queued (sending or waiting to resend), so
    /// that a reload sends it again.
    pub fn is_queued(&self) -> bool {
        self.status.is_busy()
    }

    /// The reader pressed "send" on a valid question: a first send, with a new key
    /// from `new_key` unless the question already has one. `false` (nothing to do) while
    /// a send or a resend is under way.
    pub fn submit(&mut self, new_key: impl FnOnce() -> String) -> bool {
        if self.status.is_busy() {
            return false;
        }
        if self.key.is_none() {
            self.key = Some(new_key());
        }
        self.attempt = 0;
        self.status = Status::Waiting;
        true
    }

    /// Starts a send: the key to send with, or `None` when nothing is due (nothing was
    /// submitted, or it was stopped, sent or is being sent).
    pub fn begin(&mut self) -> Option<String> {
        if self.status != Status::Waiting {
            return None;
        }
        let key = self.key.clone()?;
        self.status = Status::Sending;
        Some(key)
    }

    /// A send ended. Returns the resend to schedule, if any.
    pub fn settle(&mut self, delivery: Delivery) -> Option<Resend> {
        if self.status != Status::Sending {
            return None;
        }
        match delivery {
            Delivery::Stored { pending } => {
                self.key = None;
                self.attempt = 0;
                self.status = Status::Sent { pending };
                None
            }
            Delivery::Unreachable => {
                self.attempt += 1;
                self.status = Status::Waiting;
                Some(Resend {
                    attempt: self.attempt,
                    delay_ms: retry_delay_ms(self.attempt),
                })
            }
            Delivery::Refused => {
                self.key = None;
                self.attempt = 0;
                self.status = Status::Editing;
                None
            }
        }
    }

    /// A resend timer for `attempt` fired: whether to send now (see [`Outbox::begin`]).
    pub fn due(&self, attempt: u32) -> bool {
        self.status == Status::Waiting && self.attempt == attempt
    }

    /// "Try now" while waiting: whether to send now (see [`Outbox::begin`]). The timer
    /// already set then finds the outbox sending, or a later attempt under way, and does
    /// nothing.
    pub fn resend_now(&self) -> bool {
        self.status == Status::Waiting
    }

    /// The question can no longer be sent as it stands (it became invalid): back to
    /// editing, keeping the key for when it can.
    pub fn hold(&mut self) {
        if self.status.is_busy() {
            self.status = Status::Editing;
        }
    }

    /// "Stop sending": back to editing. The key is dropped, so an edited question is a
    /// new one (a resend of changed text under the old key would be refused).
    pub fn stop(&mut self) {
        self.attempt = 0;
        self.key = None;
        self.status = Status::Editing;
    }

    /// "Ask another question" after one was sent.
    pub fn write_another(&mut self) {
        if matches!(self.status, Status::Sent { .. }) {
            self.status = Status::Editing;
        }
    }
}

/// Milliseconds to wait before resend attempt `attempt` (1 = the first resend): doubling
/// from one second up to a minute, so a short outage costs seconds and a long one does not
/// hammer the server.
pub fn retry_delay_ms(attempt: u32) -> u32 {
    1_000u32
        .saturating_mul(1 << attempt.saturating_sub(1).min(6))
        .min(60_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn submitted(key: &str) -> Outbox {
        let mut outbox = Outbox::default();
        assert!(outbox.submit(|| key.to_string()));
        outbox
    }

    #[test]
    fn a_send_that_is_stored_clears_the_question() {
        let mut outbox = submitted("k1");
        assert_eq!(outbox.begin().as_deref(), Some("k1"));
        assert_eq!(outbox.status(), Status::Sending);
        assert!(outbox.is_queued(), "kept as queued while under way");
        assert_eq!(outbox.settle(Delivery::Stored { pending: true }), None);
        assert_eq!(outbox.status(), Status::Sent { pending: true });
        assert_eq!(outbox.key(), None);
        assert!(!outbox.is_queued());
        assert_eq!(outbox.begin(), None, "nothing left to send");
        outbox.write_another();
        assert_eq!(outbox.status(), Status::Editing);
    }

    #[test]
    fn a_failed_send_is_queued_and_resent_with_the_same_key() {
        let mut outbox = submitted("k1");
        outbox.begin();
        let resend = outbox.settle(Delivery::Unreachable);
        assert_eq!(
            resend,
            Some(Resend {
                attempt: 1,
                delay_ms: 1_000
            })
        );
        assert_eq!(outbox.status(), Status::Waiting);
        assert!(outbox.is_queued());
        assert!(outbox.due(1));
        assert_eq!(outbox.begin().as_deref(), Some("k1"), "the same key");
        // A second submit while waiting or sending starts nothing new.
        assert!(!outbox.submit(|| "k2".into()));
        assert_eq!(outbox.key(), Some("k1"));
    }

    #[test]
    fn backoff_grows_and_stops_at_a_minute() {
        let mut outbox = submitted("k1");
        let mut delays = Vec::new();
        for _ in 0..9 {
            outbox.begin();
            let resend = outbox.settle(Delivery::Unreachable).unwrap();
            assert!(outbox.due(resend.attempt));
            delays.push(resend.delay_ms);
        }
        assert_eq!(
            delays,
            [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
        );
    }

    #[test]
    fn retries_back_off_to_a_minute() {
        let delays: Vec<u32> = (1..=9).map(retry_delay_ms).collect();
        assert_eq!(
            delays,
            [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
        );
        assert_eq!(retry_delay_ms(u32::MAX), 60_000);
    }

    #[test]
    fn a_queued_question_is_resent_after_a_reload() {
        let mut outbox = Outbox::restore(Some("k1".into()), true);
        assert_eq!(outbox.status(), Status::Waiting);
        assert!(outbox.is_queued());
        assert_eq!(outbox.begin().as_deref(), Some("k1"));
        // A draft that was only being written is not sent by itself.
        let mut editing = Outbox::restore(Some("k2".into()), false);
        assert_eq!(editing.begin(), None);
        assert!(editing.submit(|| "new".into()));
        assert_eq!(
            editing.begin().as_deref(),
            Some("k2"),
            "the kept key is reused"
        );
        // Queued without a key (an old draft): nothing to resend.
        assert_eq!(Outbox::restore(None, true).status(), Status::Editing);
    }

    #[test]
    fn the_question_is_cleared_only_on_the_servers_confirmation() {
        let mut outbox = submitted("k1");
        for _ in 0..5 {
            outbox.begin();
            outbox.settle(Delivery::Unreachable);
            assert_eq!(outbox.key(), Some("k1"));
            assert!(outbox.is_queued());
        }
        // "Try now": the timer already set finds the outbox sending and does nothing.
        assert!(outbox.resend_now());
        assert_eq!(outbox.begin().as_deref(), Some("k1"));
        assert!(!outbox.due(5));
        // A late answer for a send that is not under way changes nothing.
        let mut idle = Outbox::default();
        assert_eq!(idle.settle(Delivery::Stored { pending: false }), None);
        assert_eq!(idle.status(), Status::Editing);
        outbox.settle(Delivery::Stored { pending: false });
        assert_eq!(outbox.key(), None);
        assert!(!outbox.is_queued());
    }

    #[test]
    fn a_refusal_is_not_retried() {
        for status in [400, 404, 409, 413, 415, 422] {
            assert_eq!(
                Delivery::from_error_status(status),
                Delivery::Refused,
                "{status}"
            );
        }
        for status in [408, 429, 500, 502, 503, 504] {
            assert_eq!(
                Delivery::from_error_status(status),
                Delivery::Unreachable,
                "{status}"
            );
        }
        let mut outbox = submitted("k1");
        outbox.begin();
        assert_eq!(outbox.settle(Delivery::Refused), None, "no resend");
        assert_eq!(outbox.status(), Status::Editing);
        assert_eq!(outbox.key(), None, "the edited question gets a new key");
        assert!(!outbox.is_queued());
        assert!(outbox.submit(|| "k2".into()));
        assert_eq!(outbox.begin().as_deref(), Some("k2"));
    }

    #[test]
    fn stopping_drops_the_key_and_cancels_the_timer() {
        let mut outbox = submitted("k1");
        outbox.begin();
        let resend = outbox.settle(Delivery::Unreachable).unwrap();
        outbox.stop();
        assert!(!outbox.due(resend.attempt));
        assert_eq!(outbox.key(), None);
        assert!(!outbox.resend_now());
        assert_eq!(outbox.status(), Status::Editing);
    }

    #[test]
    fn a_question_that_became_invalid_is_held_with_its_key() {
        let mut outbox = Outbox::restore(Some("k1".into()), true);
        outbox.hold();
        assert_eq!(outbox.status(), Status::Editing);
        assert_eq!(outbox.key(), Some("k1"));
        assert!(!outbox.is_queued());
    }
}
