//! `elders questions`: moderation from the command line.

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::CommandError;

use crate::redact;
use crate::store::{self, retention, Actor, QuestionStore, Status};

/// Who the audit log names for what is done from the command line.
pub(super) const CLI: Actor<'static> = Actor("cli");

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Pending,
    Approved,
    Rejected,
    Answered,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Pending => Status::Pending,
            StatusArg::Approved => Status::Approved,
            StatusArg::Rejected => Status::Rejected,
            StatusArg::Answered => Status::Answered,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum QuestionsCommand {
    /// List questions, newest first.
    List {
        /// Only questions with this status (default: pending).
        #[arg(long, value_enum, default_value = "pending")]
        status: StatusArg,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Publish a pending question.
    Approve {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Refuse a question; it is never shown.
    Reject {
        id: String,
        /// Why, for the asker's mail (when they asked for mail).
        #[arg(long)]
        reason: Option<String>,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Apply the retention period now: delete unpublished questions older than N days and
    /// remove the asker's name, organisation, e-mail address and page from older published
    /// ones (0: everything until now).
    Purge {
        #[arg(long)]
        retention_days: u32,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Delete one question with every personal detail stored with it (a person's request
    /// under the AVG/GDPR).
    Erase {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Print one question with everything stored about it.
    Show {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Publish an answer to a question (it becomes `answered` and public).
    Answer {
        id: String,
        /// The answer, plain text.
        #[arg(long)]
        text: String,
        /// A link with more (https: or http:).
        #[arg(long)]
        url: Option<String>,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
}

pub async fn run(command: QuestionsCommand) -> Result<ExitCode, CommandError> {
    let open_database = |url: String| async move {
        store::open(&url)
            .await
            .map_err(|cause| CommandError::OpenDatabase {
                url: redact::password(&url),
                cause,
            })
    };
    let open = |url: String| async move { open_database(url).await.map(QuestionStore::new) };
    match command {
        QuestionsCommand::List { status, database } => {
            let store = open(database).await?;
            let questions = store.list(&[status.into()], 1_000).await?;
            for q in &questions {
                println!(
                    "{}  {}  [{}]  {}",
                    q.id,
                    q.created_at,
                    q.topics.join(", "),
                    q.question.replace('\n', " ")
                );
            }
            eprintln!("{} question(s)", questions.len());
            Ok(ExitCode::SUCCESS)
        }
        QuestionsCommand::Approve { id, database } => {
            set(open(database).await?, &id, Status::Approved, None).await
        }
        QuestionsCommand::Reject {
            id,
            reason,
            database,
        } => {
            set(
                open(database).await?,
                &id,
                Status::Rejected,
                reason.as_deref(),
            )
            .await
        }
        QuestionsCommand::Purge {
            retention_days,
            database,
        } => {
            let done = retention::apply(&open_database(database).await?, retention_days).await?;
            println!(
                "{} deleted, {} anonymised, {} answers deleted, {} answers anonymised, \
                 {} rate-limit windows forgotten",
                done.deleted,
                done.anonymised,
                done.answers_deleted,
                done.answers_anonymised,
                done.windows
            );
            Ok(ExitCode::SUCCESS)
        }
        QuestionsCommand::Erase { id, database } => {
            if retention::erase_question(&open_database(database).await?, &id).await? {
                println!("{id}: erased");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("error: no question with id {id}");
                Ok(ExitCode::FAILURE)
            }
        }
        QuestionsCommand::Show { id, database } => match open(database).await?.get(&id).await? {
            Some(question) => {
                println!("{}", serde_json::to_string_pretty(&question)?);
                Ok(ExitCode::SUCCESS)
            }
            None => {
                eprintln!("error: no question with id {id}");
                Ok(ExitCode::FAILURE)
            }
        },
        QuestionsCommand::Answer {
            id,
            text,
            url,
            database,
        } => {
            let (text, url) = elders_core::question::validate_answer(&text, url.as_deref())
                .map_err(CommandError::InvalidAnswer)?;
            if open(database)
                .await?
                .answer(&id, &text, url.as_deref(), CLI)
                .await?
            {
                println!("{id}: answered");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("error: no question with id {id}");
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

async fn set(
    store: QuestionStore,
    id: &str,
    status: Status,
    reason: Option<&str>,
) -> Result<ExitCode, CommandError> {
    if store.moderate(id, status, reason, CLI).await? {
        println!("{id}: {}", status.as_str());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("error: no question with id {id}");
        Ok(ExitCode::FAILURE)
    }
}
