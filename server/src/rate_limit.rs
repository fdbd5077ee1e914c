//! Per-client limits on new questions (`--rate-limit N` per minute): a flood from one
//! address is refused with `429` and `Retry-After` before it reaches the database.
//!
//! Only requests that would store a *new* question count: a retry of an already stored
//! question (same idempotency key) is answered from the store, so a widget resending its
//! queued question is never locked out. Clients are told apart by peer address; behind a
//! reverse proxy every reader shares the proxy's address, so set the limit accordingly.
//! The counts live in this process; several instances each keep their own.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Above this many tracked clients, expired windows are swept out.
const SWEEP_ABOVE: usize = 10_000;

/// Fixed one-minute windows per client address.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    /// `per_minute` = 0 turns limiting off.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one new question from `client`; `Err(seconds)` until its window ends when it
    /// is over the limit.
    pub fn check(&self, client: IpAddr) -> Result<(), u64> {
        self.check_at(client, Instant::now())
    }

    fn check_at(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let mut windows = self
            .windows
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if windows.len() > SWEEP_ABOVE {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(client).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(*start));
            return Err(left.as_secs().max(1));
        }
        *count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_over_the_limit_waits_for_its_window() {
        let limiter = RateLimiter::new(2);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        assert!(limiter.check_at(a, t0).is_ok());
        assert!(limiter.check_at(a, t0).is_ok());
        assert_eq!(limiter.check_at(a, t0 + Duration::from_secs(15)), Err(45));
        assert!(
            limiter.check_at(b, t0).is_ok(),
            "other clients are not affected"
        );
        assert!(
            limiter.check_at(a, t0 + WINDOW).is_ok(),
            "a new window starts"
        );
    }

    #[test]
    fn zero_means_off() {
        let limiter = RateLimiter::new(0);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        assert!((0..1000).all(|_| limiter.check(a).is_ok()));
    }
}
