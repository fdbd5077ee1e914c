//! Per-client limits on new questions (`--rate-limit N` per minute): a flood from one
//! address is refused with `429` and `Retry-After` before the question is stored.
//!
//! Only requests that would store a *new* question count: a retry of an already stored
//! question (same idempotency key) is answered from the store, so a widget resending its
//! queued question is never locked out. Clients are told apart as `client.rs` says: by
//! address (behind a proxy listed with `--trusted-proxy`, the one it forwards), an IPv6
//! client by its /64. The same counting limits wrong admin tokens per client
//! (`routes/admin.rs`), under keys of their own.
//!
//! The counts live in the database, not in this process: several `elders serve` instances
//! behind a load balancer share one limit, and a restart does not reset it. Windows are
//! fixed minutes of the clock (a client may send up to twice the limit across a minute's
//! boundary); the arithmetic is the pure [`window`] and [`verdict`], the counting one upsert
//! in [`RateWindows::count_new_question`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::store::{RateWindows, StoreError};

/// The length of one window, in seconds.
pub const WINDOW_SECONDS: i64 = 60;

/// How often old windows are swept out of the database.
pub const SWEEP_EVERY: Duration = Duration::from_secs(300);

/// New questions per client per minute, counted in the database.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    windows: RateWindows,
}

impl RateLimiter {
    /// `per_minute` = 0 turns limiting off; the counts are kept in `windows`.
    pub fn new(per_minute: u32, windows: RateWindows) -> RateLimiter {
        RateLimiter {
            per_minute,
            windows,
        }
    }

    /// Counts one more event (a new question, a wrong token) for the client counted under
    /// `key`: `Ok(Err(seconds))` until its window ends when it is over the limit.
    pub async fn check(&self, key: &str) -> Result<Result<(), u64>, StoreError> {
        if self.per_minute == 0 {
            return Ok(Ok(()));
        }
        let (start, left) = window(unix_now());
        let count = self.windows.count_new_question(key, start).await?;
        Ok(verdict(count, self.per_minute, left))
    }

    /// Whether the client counted under `key` is over the limit already, without counting:
    /// `Ok(Err(seconds))` until its window ends when it is.
    pub async fn is_over(&self, key: &str) -> Result<Result<(), u64>, StoreError> {
        if self.per_minute == 0 {
            return Ok(Ok(()));
        }
        let (start, left) = window(unix_now());
        let count = self.windows.hits(key, start).await?;
        Ok(verdict(count + 1, self.per_minute, left))
    }
}

/// The window that `now` (Unix seconds) falls in: its start and the seconds left in it.
pub fn window(now: i64) -> (i64, u64) {
    let start = now - now.rem_euclid(WINDOW_SECONDS);
    let left = (start + WINDOW_SECONDS - now) as u64;
    (start, left)
}

/// Whether the `count`-th new question in a window is allowed; otherwise how many seconds
/// to wait (at least one, for `Retry-After`).
pub fn verdict(count: i64, per_minute: u32, seconds_left: u64) -> Result<(), u64> {
    if count <= i64::from(per_minute) {
        Ok(())
    } else {
        Err(seconds_left.max(1))
    }
}

/// Sweeps windows that ended a while ago, at start and then every [`SWEEP_EVERY`].
pub async fn sweep_old_windows(windows: RateWindows) {
    let mut tick = tokio::time::interval(SWEEP_EVERY);
    loop {
        tick.tick().await;
        let (current, _) = window(unix_now());
        if let Err(e) = windows
            .forget_windows_before(current - WINDOW_SECONDS)
            .await
        {
            tracing::warn!("cannot sweep old rate-limit windows: {e}");
        }
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_whole_minutes_of_the_clock() {
        assert_eq!(window(120), (120, 60));
        assert_eq!(window(121), (120, 59));
        assert_eq!(window(179), (120, 1));
        assert_eq!(window(180), (180, 60));
    }

    #[test]
    fn a_client_over_the_limit_waits_for_its_window() {
        assert_eq!(verdict(1, 2, 45), Ok(()));
        assert_eq!(verdict(2, 2, 45), Ok(()));
        assert_eq!(verdict(3, 2, 45), Err(45));
        assert_eq!(verdict(3, 2, 0), Err(1), "Retry-After is never zero");
    }
}
