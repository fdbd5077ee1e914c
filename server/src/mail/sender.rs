//! The background task that sends the outbox's mails (`docs/architecture.md` §8): every
//! second it takes the mails that are due, writes each from the question as it is now,
//! hands it to the SMTP server, and records how that went.
//!
//! - Taken (SMTP `250`): `sent`.
//! - Not taken for now (the server is down, times out, or answers `4xx`): tried again
//!   after [`MailSettings::retry`], doubled for each failed try, at most an hour apart.
//! - Refused for good (`5xx`): `failed`, with the server's reason (`elders mail list
//!   --failed`).
//! - No longer wanted (the asker stopped mails, the answer was withdrawn): `dropped`.
//!
//! A mail is marked `sent` right after the SMTP server took it. A crash in between (a
//! few milliseconds) sends it again after the restart, with the same `Message-ID`, which
//! mail programs use to show it once; nothing is ever lost.

use std::sync::Arc;
use std::time::Duration;

use elders_core::Lang;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncTransport, Message};

use super::compose::{self, AnswerView, Asker, Composed, Event};
use super::settings::{MailSettings, Transport};
use crate::store::{
    retry_at, AnswerStatus, AnswerStore, Claim, Database, MailKind, ManageKeys, Outbox, OutboxMail,
    Outcome, QuestionStore, ReportStore, Status, StoreError,
};

/// How often the outbox is looked at.
const POLL: Duration = Duration::from_secs(1);
/// Mails taken from the outbox per query.
const BATCH: u32 = 100;

/// Sends the outbox's mails.
pub struct Sender {
    settings: Arc<MailSettings>,
    transport: Transport,
    outbox: Outbox,
    questions: QuestionStore,
    answers: AnswerStore,
    reports: ReportStore,
    keys: ManageKeys,
}

/// A mail written, or why it is not sent.
enum Prepared {
    Mail(Box<Message>),
    Drop(String),
}

impl Sender {
    /// A sender for the outbox in `database`.
    pub fn new(settings: Arc<MailSettings>, database: Database) -> Result<Sender, String> {
        Ok(Sender {
            transport: settings.transport()?,
            settings,
            outbox: Outbox::new(database.clone()),
            questions: QuestionStore::new(database.clone()),
            answers: AnswerStore::new(database.clone()),
            reports: ReportStore::new(database.clone()),
            keys: ManageKeys::new(database),
        })
    }

    /// Sends what is due, for ever.
    pub async fn run(self) {
        tracing::info!(server = %self.settings.server(), "sending mail");
        loop {
            if let Err(error) = self.send_due().await {
                tracing::error!(%error, "the outbox could not be read");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Sends every mail that is due now; how many were taken by the SMTP server.
    pub async fn send_due(&self) -> Result<usize, StoreError> {
        let mut sent = 0;
        loop {
            let due = self.outbox.due(BATCH).await?;
            let mut progress = false;
            for mail in &due {
                let Some(claim) = self.outbox.claim(&mail.id).await? else {
                    continue; // another instance has it, or it was sent meanwhile
                };
                progress = true;
                if self.send(claim).await? == Outcome::Sent {
                    sent += 1;
                }
            }
            if due.len() < BATCH as usize || !progress {
                return Ok(sent);
            }
        }
    }

    /// Tries one claimed mail and records the outcome.
    async fn send(&self, claim: Claim) -> Result<Outcome, StoreError> {
        let outcome = match self.prepare(&claim.mail).await {
            Ok(Prepared::Drop(reason)) => Outcome::Dropped(reason),
            Ok(Prepared::Mail(message)) => self.deliver(&claim.mail, &message).await,
            Err(error) => claim_retry(
                &claim,
                &self.settings,
                format!("the database failed: {error}"),
            ),
        };
        match &outcome {
            Outcome::Sent => {
                tracing::info!(mail = %claim.mail.id, kind = claim.mail.kind.as_str(), "mail sent")
            }
            Outcome::Dropped(reason) => {
                tracing::info!(mail = %claim.mail.id, %reason, "mail dropped")
            }
            Outcome::Retry { error, at } => {
                tracing::warn!(mail = %claim.mail.id, %error, retry_at = %at, "mail not sent, will retry")
            }
            Outcome::Failed(error) => {
                tracing::error!(mail = %claim.mail.id, %error, "mail refused for good")
            }
        }
        claim.finish(outcome.clone()).await?;
        Ok(outcome)
    }

    /// Hands `message` to the SMTP server.
    async fn deliver(&self, mail: &OutboxMail, message: &Message) -> Outcome {
        match self.transport.send(message.clone()).await {
            Ok(_) => Outcome::Sent,
            Err(error) if error.is_permanent() => Outcome::Failed(error.to_string()),
            Err(error) => Outcome::Retry {
                error: error.to_string(),
                at: retry_at(mail.attempts + 1, self.settings.retry),
            },
        }
    }

    /// Writes the mail from the question (or the queues) as they are now.
    async fn prepare(&self, mail: &OutboxMail) -> Result<Prepared, StoreError> {
        if mail.kind == MailKind::Digest {
            return self.prepare_digest(mail).await;
        }
        let Some(question_id) = mail.question_id.as_deref() else {
            return Ok(Prepared::Drop("no question".into()));
        };
        let Some(question) = self.questions.get(question_id).await? else {
            return Ok(Prepared::Drop("the question was erased".into()));
        };
        let Some(address) = question.email.clone().filter(|_| question.notify) else {
            return Ok(Prepared::Drop("the asker stopped mails".into()));
        };
        let public = question.status.is_public();
        let page = format!("{}/questions/{}", self.settings.public_url, question.id);
        let answer;
        let original_url;
        let event = match mail.kind {
            MailKind::Published if public => Event::Published,
            MailKind::Rejected if question.status == Status::Rejected => Event::Rejected {
                reason: question.reject_reason.as_deref(),
            },
            MailKind::Answer => match mail.answer_id.as_deref() {
                Some(id) => {
                    answer = match self.answers.get(id).await? {
                        Some(a)
                            if a.status == AnswerStatus::Approved
                                && a.question_id == question.id =>
                        {
                            a
                        }
                        _ => return Ok(Prepared::Drop("the answer is not published".into())),
                    };
                    let by = [answer.name.as_deref(), answer.organisation.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ");
                    Event::Answer(AnswerView {
                        text: &answer.answer,
                        url: answer.url.as_deref(),
                        by: Some(by).filter(|b| answer.public_name && !b.is_empty()),
                    })
                }
                None => match question.answer.as_deref() {
                    Some(text) => Event::Answer(AnswerView {
                        text,
                        url: question.answer_url.as_deref(),
                        by: None,
                    }),
                    None => return Ok(Prepared::Drop("the answer was withdrawn".into())),
                },
            },
            MailKind::Duplicate => match question.duplicate_of.as_deref() {
                Some(original) => {
                    original_url = format!("{}/questions/{original}", self.settings.public_url);
                    Event::Duplicate {
                        original_url: &original_url,
                    }
                }
                None => return Ok(Prepared::Drop("no longer marked as asked before".into())),
            },
            _ => return Ok(Prepared::Drop("the question's state changed".into())),
        };
        let key = self.keys.issue(&question.id).await?;
        let manage_url = format!("{page}/manage?key={key}");
        let question_url = public.then(|| match (&event, mail.answer_id.as_deref()) {
            (Event::Answer(_), Some(id)) => format!("{page}#answer-{id}"),
            _ => page.clone(),
        });
        let composed = compose::to_asker(
            &Asker {
                lang: question.lang,
                question: &question.question,
                question_url,
                manage_url: &manage_url,
            },
            &event,
        );
        Ok(self.message(mail, &address, composed, Some(&manage_url), question.lang))
    }

    /// A moderator's digest of what waits, or nothing when nothing does.
    async fn prepare_digest(&self, mail: &OutboxMail) -> Result<Prepared, StoreError> {
        let Some(address) = mail.recipient.clone() else {
            return Ok(Prepared::Drop("no recipient".into()));
        };
        let limit = 1000;
        let questions = self.questions.list(&[Status::Pending], limit).await?;
        let answers = self.answers.list(AnswerStatus::Pending, limit).await?;
        let mut reported = Vec::new();
        for open in self.reports.open(limit).await? {
            let text = match &open.answer_id {
                Some(id) => self.answers.get(id).await?.map(|a| a.answer),
                None => self
                    .questions
                    .get(&open.question_id)
                    .await?
                    .map(|q| q.question),
            };
            reported.extend(text);
        }
        // Oldest first: they have waited longest (the reports are so already).
        let oldest_first = |mut texts: Vec<String>| {
            texts.reverse();
            texts
        };
        let waiting = compose::Waiting {
            questions: oldest_first(questions.into_iter().map(|q| q.question).collect()),
            answers: oldest_first(answers.into_iter().map(|a| a.answer).collect()),
            reported,
        };
        if waiting.is_empty() {
            return Ok(Prepared::Drop("nothing waits".into()));
        }
        let composed = compose::digest(&format!("{}/admin", self.settings.public_url), &waiting);
        Ok(self.message(mail, &address, composed, None, Lang::Nl))
    }

    /// The SMTP message: both parts, the outbox row's id as `Message-ID`, and the private
    /// link as `List-Unsubscribe` (one click, RFC 8058) where there is one.
    fn message(
        &self,
        mail: &OutboxMail,
        address: &str,
        composed: Composed,
        manage_url: Option<&str>,
        lang: Lang,
    ) -> Prepared {
        let to = match address.parse::<Mailbox>() {
            Ok(to) => to,
            Err(e) => return Prepared::Drop(format!("the address cannot be used: {e}")),
        };
        let host = url::Url::parse(&self.settings.public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "elders".into());
        let mut builder = Message::builder()
            .from(self.settings.from.clone())
            .to(to)
            .subject(composed.subject)
            .message_id(Some(format!("<{}@{host}>", mail.id)))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Content-Language"),
                lang.tag().into(),
            ));
        if let Some(url) = manage_url {
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        match builder.multipart(MultiPart::alternative_plain_html(
            composed.text,
            composed.html,
        )) {
            Ok(message) => Prepared::Mail(Box::new(message)),
            Err(e) => Prepared::Drop(format!("the mail could not be built: {e}")),
        }
    }
}

fn claim_retry(claim: &Claim, settings: &MailSettings, error: String) -> Outcome {
    Outcome::Retry {
        error,
        at: retry_at(claim.mail.attempts + 1, settings.retry),
    }
}
