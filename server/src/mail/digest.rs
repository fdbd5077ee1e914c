//! The moderators' daily digest: once a day (UTC) each `--moderator-mail` address gets one
//! mail of what waits in the moderation queues, and none on a day when nothing waits. The
//! outbox's unique event key (`digest:DAY:ADDRESS`) makes it one mail a day however many
//! instances queue it; whether anything waits is decided when it is sent.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use super::MailSettings;
use crate::store::{Database, Outbox};

/// Queues today's digests at start and then every hour (a day begun while the server was
/// down still gets its digest).
pub async fn run(settings: Arc<MailSettings>, database: Database) {
    let outbox = Outbox::new(database);
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let today = OffsetDateTime::now_utc().date().to_string();
        for moderator in &settings.moderators {
            let address = moderator.email.to_string();
            if let Err(error) = outbox.queue_digest(&today, &address).await {
                tracing::error!(%error, "the moderators' digest could not be queued");
            }
        }
    }
}
