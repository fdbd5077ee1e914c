//! The moderators' daily digest: once a day (UTC) each `--moderator-mail` address gets one
//! mail of what waits in the moderation queues (reported items included), and none on a
//! day when nothing waits. The
//! server looks at start and every hour after; the first look of a day that finds
//! something waiting queues the day's digest. The outbox's unique event key
//! (`digest:DAY:ADDRESS`) makes it one mail a day however many instances look; what it
//! lists is read when it is sent.

use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use super::MailSettings;
use crate::store::{
    AnswerStatus, AnswerStore, Database, Outbox, QuestionStore, ReportStore, Status,
};

/// Queues today's digests at start and then every hour (a day begun while the server was
/// down still gets its digest).
pub async fn run(settings: Arc<MailSettings>, database: Database) {
    let outbox = Outbox::new(database.clone());
    let questions = QuestionStore::new(database.clone());
    let answers = AnswerStore::new(database.clone());
    let reports = ReportStore::new(database);
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let waiting = match (
            questions.list(&[Status::Pending], 1).await,
            answers.list(AnswerStatus::Pending, 1).await,
            reports.count_open_items().await,
        ) {
            (Ok(q), Ok(a), Ok(r)) => !q.is_empty() || !a.is_empty() || r > 0,
            (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
                tracing::error!(%error, "the moderation queues could not be read");
                false
            }
        };
        if !waiting {
            continue;
        }
        let today = OffsetDateTime::now_utc().date().to_string();
        for moderator in &settings.moderators {
            let address = moderator.email.to_string();
            if let Err(error) = outbox.queue_digest(&today, &address).await {
                tracing::error!(%error, "the moderators' digest could not be queued");
            }
        }
    }
}
