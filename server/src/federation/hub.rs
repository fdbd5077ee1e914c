//! The sources' last good copies and the merged feed they make.
//!
//! Every source is loaded at start and then refreshed on an interval, all at once, each
//! bounded by the fetch timeout. A source that fails (unreachable, slow, an HTTP error, too
//! large, not a feed, or every item invalid) keeps its last good copy in the merged feed and
//! is reported as failing on `/api/sources`; the others carry on. The merged feed is
//! serialised and compressed again only when some source actually changed.
//!
//! The last good copy of each URL source is also saved in the database, with its
//! validators: a restarted server, or another instance, starts from it, so a publisher's
//! outage during a restart does not take its items away, and an unchanged feed costs the
//! publisher a `304` even on the first fetch after the restart.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use elders_core::feed::Feed;
use elders_core::feed::Organisation;
use elders_core::validate::ParsedFeed;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tokio::task::JoinSet;

use super::fetch::{self, Fetched, Stamp};
use super::merge::{merge, Part};
use super::source::{Health, Location, Source, Status, MAX_PROBLEMS_SHOWN};
use crate::feed_formats::read_feed;
use crate::feed_snapshot::FeedSnapshot;
use crate::store::{FeedCopies, FeedCopy};

/// Why the feeds could not be loaded at start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A `--feed` argument names neither a file nor an http(s) URL.
    #[error("{0}")]
    Argument(String),
    /// A feed file cannot be used: this admin's own mistake, so the server does not start.
    #[error("--feed {spec}: {error}")]
    File {
        /// The `--feed` argument.
        spec: String,
        /// Why it cannot be used.
        error: String,
    },
}

/// How sources are fetched.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Time between refreshes.
    pub refresh: Duration,
    /// Longest a single fetch may take, connecting included.
    pub timeout: Duration,
    /// Largest feed accepted, after decompression.
    pub max_bytes: usize,
    /// `--feed-organisation`: the organisation of a feed's items that name none, by the
    /// feed as `--feed` names it.
    pub organisations: Vec<(String, Organisation)>,
}

/// One source and what we have of it.
struct Slot {
    source: Source,
    /// The last good copy, served while the source fails.
    feed: Option<Feed>,
    /// The URL recorded on its items as `_elders.source_feed`.
    provenance: Option<String>,
    etag: Option<String>,
    last_modified: Option<String>,
    stamp: Option<Stamp>,
    health: Health,
    /// Restored from the database and not yet part of the merged feed.
    restored: bool,
}

/// What one attempt at a source gave.
enum Outcome {
    Unchanged,
    Parsed {
        parsed: Box<ParsedFeed>,
        /// The text as fetched, to save (URL sources only).
        text: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
        stamp: Option<Stamp>,
    },
    Failed(String),
}

/// The merged feed and its sources.
pub struct FeedHub {
    snapshot: RwLock<Arc<FeedSnapshot>>,
    health: RwLock<Vec<Health>>,
    /// Only the refresh (at start, then on the interval) takes this.
    slots: tokio::sync::Mutex<Vec<Slot>>,
    client: reqwest::Client,
    settings: Settings,
    /// Where the last good copies of URL sources are saved.
    copies: Option<FeedCopies>,
}

impl FeedHub {
    /// Reads the `--feed` arguments and loads every source once. A file that cannot be
    /// used stops the start (it is this admin's own mistake); a URL that fails does not
    /// (another organisation's outage must not keep this server down): it is retried on
    /// the interval.
    pub async fn start(
        specs: &[String],
        settings: Settings,
        copies: Option<FeedCopies>,
    ) -> Result<Arc<FeedHub>, StartError> {
        let mut slots = Vec::new();
        for (named, _) in &settings.organisations {
            if !specs.iter().any(|spec| spec.trim() == named) {
                return Err(StartError::Argument(format!(
                    "--feed-organisation names {named}, which no --feed gives"
                )));
            }
        }
        for spec in specs {
            let mut source = Source::parse(spec).map_err(StartError::Argument)?;
            source.organisation = settings
                .organisations
                .iter()
                .find(|(named, _)| *named == source.spec)
                .map(|(_, organisation)| organisation.clone());
            slots.push(Slot {
                health: Health::pending(&source),
                source,
                feed: None,
                provenance: None,
                etag: None,
                last_modified: None,
                stamp: None,
                restored: false,
            });
        }
        if let Some(copies) = &copies {
            for slot in &mut slots {
                restore(slot, copies).await;
            }
        }
        let hub = FeedHub {
            snapshot: RwLock::new(Arc::new(FeedSnapshot::from_feed(merge(&[]).feed))),
            health: RwLock::new(slots.iter().map(|s| s.health.clone()).collect()),
            slots: tokio::sync::Mutex::new(slots),
            client: fetch::client(settings.timeout),
            settings,
            copies,
        };
        hub.refresh().await;
        for health in hub.health() {
            let is_file = !Source::parse(&health.source).is_ok_and(|s| s.is_remote());
            if is_file && health.status == Status::Failing {
                return Err(StartError::File {
                    spec: health.source,
                    error: health.error.unwrap_or_default(),
                });
            }
        }
        Ok(Arc::new(hub))
    }

    /// The merged feed as served now.
    pub fn current(&self) -> Arc<FeedSnapshot> {
        self.snapshot
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Every source's health, in `--feed` order.
    pub fn health(&self) -> Vec<Health> {
        self.health
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Refreshes on the interval, for ever.
    pub async fn run(self: Arc<Self>) {
        let mut tick = tokio::time::interval(self.settings.refresh);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is now: `start` has just loaded everything
        loop {
            tick.tick().await;
            self.refresh().await;
        }
    }

    /// Tries every source once, all at once; rebuilds the merged feed when one changed.
    pub async fn refresh(&self) {
        let mut slots = self.slots.lock().await;
        let mut attempts = JoinSet::new();
        for (index, slot) in slots.iter().enumerate() {
            let attempt = attempt(
                self.client.clone(),
                slot.source.location.clone(),
                slot.source.organisation.clone(),
                slot.etag.clone(),
                slot.last_modified.clone(),
                slot.stamp,
                self.settings.max_bytes,
            );
            attempts.spawn(async move { (index, attempt.await) });
        }
        let mut changed = false;
        for slot in slots.iter_mut() {
            changed |= std::mem::take(&mut slot.restored);
        }
        let mut to_save = Vec::new();
        while let Some(joined) = attempts.join_next().await {
            let Ok((index, mut outcome)) = joined else {
                continue;
            };
            let text = match &mut outcome {
                Outcome::Parsed { text, .. } => text.take(),
                _ => None,
            };
            let now = now();
            if apply(&mut slots[index], outcome, &now) {
                changed = true;
                if let Some(text) = text {
                    let slot = &slots[index];
                    let copy = FeedCopy {
                        body: text,
                        etag: slot.etag.clone(),
                        last_modified: slot.last_modified.clone(),
                        fetched_at: now,
                    };
                    to_save.push((slot.source.spec.clone(), copy));
                }
            }
        }
        if let Some(copies) = &self.copies {
            for (source, copy) in to_save {
                if let Err(e) = copies.save(&source, &copy).await {
                    tracing::warn!(feed = %source, "cannot save the feed's copy: {e}");
                }
            }
        }
        if changed {
            self.publish_merged(&slots).await;
        }
        // Health last: once a source reads as updated, /feed.json already serves it.
        *self
            .health
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) =
            slots.iter().map(|s| s.health.clone()).collect();
    }

    /// Merges the sources' copies and swaps the result in as the served feed. Serialising
    /// and compressing a large feed takes a while, so it runs off the async threads.
    async fn publish_merged(&self, slots: &[Slot]) {
        let parts: Vec<Part<'_>> = slots
            .iter()
            .filter_map(|slot| {
                Some(Part {
                    name: &slot.source.spec,
                    provenance: slot.provenance.as_deref(),
                    feed: slot.feed.as_ref()?,
                })
            })
            .collect();
        let merged = merge(&parts);
        for duplicate in &merged.duplicates {
            tracing::warn!(
                id = %duplicate.id,
                kept_from = %duplicate.kept_from,
                dropped_from = %duplicate.dropped_from,
                "duplicate id across feeds; the first source's item is served"
            );
        }
        let feed = merged.feed;
        let Ok(snapshot) = tokio::task::spawn_blocking(move || FeedSnapshot::from_feed(feed)).await
        else {
            tracing::warn!("serialising the merged feed failed; the previous one is served");
            return;
        };
        tracing::info!(items = snapshot.indexed.items.len(), "merged feed updated");
        *self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(snapshot);
    }
}

/// One attempt at a source: fetch or read, then parse and validate off the async threads.
async fn attempt(
    client: reqwest::Client,
    location: Location,
    organisation: Option<Organisation>,
    etag: Option<String>,
    last_modified: Option<String>,
    stamp: Option<Stamp>,
    max_bytes: usize,
) -> Outcome {
    let remote = matches!(location, Location::Url(_));
    let (text, etag, last_modified, stamp) = match location {
        Location::Url(url) => {
            match fetch::fetch_url(
                &client,
                &url,
                etag.as_deref(),
                last_modified.as_deref(),
                max_bytes,
            )
            .await
            {
                Ok(Fetched::NotModified) => return Outcome::Unchanged,
                Ok(Fetched::Body {
                    text,
                    etag,
                    last_modified,
                    ..
                }) => (text, etag, last_modified, None),
                Err(error) => return Outcome::Failed(error),
            }
        }
        Location::File(path) => {
            let read = tokio::task::spawn_blocking(move || {
                let now = fetch::file_stamp(&path)?;
                if stamp == Some(now) {
                    return Ok(None);
                }
                fetch::read_file(&path, max_bytes).map(|text| Some((text, now)))
            })
            .await;
            match read {
                Ok(Ok(Some((text, now)))) => (text, None, None, Some(now)),
                Ok(Ok(None)) => return Outcome::Unchanged,
                Ok(Err(error)) => return Outcome::Failed(error),
                Err(panic) => return Outcome::Failed(format!("reading failed: {panic}")),
            }
        }
    };
    let read = move || read_feed(&text, organisation.as_ref()).map(|p| (p, text));
    match tokio::task::spawn_blocking(read).await {
        Ok(Ok((parsed, text))) => Outcome::Parsed {
            parsed: Box::new(parsed),
            text: remote.then_some(text),
            etag,
            last_modified,
            stamp,
        },
        Ok(Err(error)) => Outcome::Failed(format!("not a usable feed: {error}")),
        Err(panic) => Outcome::Failed(format!("validation failed: {panic}")),
    }
}

/// Records an attempt's outcome on its slot; whether the slot's content changed.
fn apply(slot: &mut Slot, outcome: Outcome, now: &str) -> bool {
    let source = slot.source.spec.clone();
    match outcome {
        Outcome::Unchanged => {
            slot.health.succeeded(now, false);
            false
        }
        Outcome::Parsed {
            parsed,
            etag,
            last_modified,
            stamp,
            ..
        } => {
            let skipped = parsed.skipped_items();
            if parsed.feed.items.is_empty() && skipped > 0 && slot.feed.is_some() {
                let error = format!(
                    "every item ({skipped}) is invalid; the last good copy is kept (first problem: {})",
                    parsed.problems.first().map(ToString::to_string).unwrap_or_default()
                );
                tracing::warn!(feed = %source, "{error}");
                slot.health.failed(now, error);
                return false;
            }
            for problem in parsed.problems.iter().take(MAX_PROBLEMS_SHOWN) {
                tracing::warn!(feed = %source, "{problem}");
            }
            tracing::info!(feed = %source, items = parsed.feed.items.len(), skipped, "feed loaded");
            // Named publicly by its origin only: a feed URL may carry a token.
            slot.provenance = match &slot.source.location {
                Location::Url(url) => crate::redact::origin(url),
                Location::File(_) => parsed
                    .feed
                    .feed_url
                    .as_deref()
                    .and_then(crate::redact::origin),
            };
            describe_copy(&mut slot.health, &parsed);
            slot.feed = Some(parsed.feed);
            slot.etag = etag;
            slot.last_modified = last_modified;
            slot.stamp = stamp;
            slot.health.succeeded(now, true);
            true
        }
        Outcome::Failed(error) => {
            let kept = if slot.feed.is_some() {
                "; its last good copy is still served"
            } else {
                ""
            };
            tracing::warn!(feed = %source, "{error}{kept}");
            slot.health.failed(now, error);
            false
        }
    }
}

/// Starts a URL source from its copy saved in the database, if there is one that still
/// reads as a feed.
async fn restore(slot: &mut Slot, copies: &FeedCopies) {
    let Location::Url(url) = &slot.source.location else {
        return;
    };
    let copy = match copies.get(&slot.source.spec).await {
        Ok(Some(copy)) => copy,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(feed = %slot.source.spec, "cannot read the saved copy: {e}");
            return;
        }
    };
    let body = copy.body;
    let organisation = slot.source.organisation.clone();
    let read = move || read_feed(&body, organisation.as_ref());
    let Ok(Ok(parsed)) = tokio::task::spawn_blocking(read).await else {
        return;
    };
    tracing::info!(
        feed = %slot.source.spec,
        items = parsed.feed.items.len(),
        fetched_at = %copy.fetched_at,
        "starting from the saved copy"
    );
    slot.provenance = crate::redact::origin(url);
    describe_copy(&mut slot.health, &parsed);
    slot.health.last_success = Some(copy.fetched_at.clone());
    slot.health.last_change = Some(copy.fetched_at);
    slot.feed = Some(parsed.feed);
    slot.etag = copy.etag;
    slot.last_modified = copy.last_modified;
    slot.restored = true;
}

/// What a source's health says of the copy it serves: its items, what was skipped, and the
/// first problems.
fn describe_copy(health: &mut Health, parsed: &ParsedFeed) {
    health.items = parsed.feed.items.len();
    health.skipped = parsed.skipped_items();
    health.problems = parsed
        .problems
        .iter()
        .take(MAX_PROBLEMS_SHOWN)
        .map(ToString::to_string)
        .collect();
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}
