//! `elders mail`: what the outbox holds (`docs/architecture.md` §8). `elders mail list`
//! counts the mails by state; `--failed` lists those the SMTP server refused for good,
//! with its reason, so that an admin can fix an address or the mail server's settings;
//! `elders mail retry` then sends what waits at once (`--failed`: those too).

use std::process::ExitCode;

use clap::Subcommand;

use super::CommandError;

use crate::redact;
use crate::store::{self, Outbox};

#[derive(Debug, Subcommand)]
pub enum MailCommand {
    /// Count the outbox's mails by state; with --failed, list the mails refused for good.
    List {
        /// List the mails the SMTP server refused for good, newest first, with its reason.
        #[arg(long)]
        failed: bool,
        /// List the mails still waiting to be sent, with their last error.
        #[arg(long, conflicts_with = "failed")]
        queued: bool,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Make every waiting mail due now (a running `elders serve` sends it within a second),
    /// e.g. after the SMTP server was fixed.
    Retry {
        /// Queue the mails refused for good again too.
        #[arg(long)]
        failed: bool,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
}

async fn open(database: &str) -> Result<Outbox, CommandError> {
    store::open(database)
        .await
        .map(Outbox::new)
        .map_err(|cause| CommandError::OpenDatabase {
            url: redact::password(database),
            cause,
        })
}

pub async fn run(command: MailCommand) -> Result<ExitCode, CommandError> {
    match command {
        MailCommand::List {
            failed,
            queued,
            database,
        } => {
            let outbox = open(&database).await?;
            let status = match (failed, queued) {
                (true, _) => "failed",
                (_, true) => "queued",
                _ => {
                    let (queued, sent, failed, dropped) = outbox.counts().await?;
                    println!("queued {queued}  sent {sent}  failed {failed}  dropped {dropped}");
                    return Ok(ExitCode::SUCCESS);
                }
            };
            let mails = outbox.list(status, 1_000).await?;
            for mail in &mails {
                println!(
                    "{}  {}  {}  question {}  tries {}  {}",
                    mail.id,
                    mail.created_at,
                    mail.kind.as_str(),
                    mail.question_id.as_deref().unwrap_or("-"),
                    mail.attempts,
                    mail.last_error.as_deref().unwrap_or("").replace('\n', " ")
                );
            }
            eprintln!("{} {status} mail(s)", mails.len());
            Ok(ExitCode::SUCCESS)
        }
        MailCommand::Retry { failed, database } => {
            let due = open(&database).await?.retry_now(failed).await?;
            println!("{due} mail(s) due now");
            Ok(ExitCode::SUCCESS)
        }
    }
}
