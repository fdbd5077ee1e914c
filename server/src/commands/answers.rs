//! `elders answers`: moderating colleagues' answers from the command line, as
//! `elders questions` moderates questions: list, show, approve, reject, and accept (mark the
//! one published answer that helped the asker, which is then shown first).

use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::CommandError;

use crate::redact;
use crate::store::{self, Accept, AnswerStatus, AnswerStore};

use super::questions::CLI;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AnswerStatusArg {
    Pending,
    Approved,
    Rejected,
}

impl From<AnswerStatusArg> for AnswerStatus {
    fn from(s: AnswerStatusArg) -> AnswerStatus {
        match s {
            AnswerStatusArg::Pending => AnswerStatus::Pending,
            AnswerStatusArg::Approved => AnswerStatus::Approved,
            AnswerStatusArg::Rejected => AnswerStatus::Rejected,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum AnswersCommand {
    /// List answers, newest first.
    List {
        /// Only answers with this status (default: pending).
        #[arg(long, value_enum, default_value = "pending")]
        status: AnswerStatusArg,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Print one answer with everything stored about it.
    Show {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Publish a pending answer with its question.
    Approve {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Refuse an answer; it is never shown.
    Reject {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Mark a published answer as the one that helped the asker: it is shown first, marked
    /// so, and no other answer to the question is.
    Accept {
        id: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
}

pub async fn run(command: AnswersCommand) -> Result<ExitCode, CommandError> {
    let open = |url: String| async move {
        store::open(&url)
            .await
            .map(AnswerStore::new)
            .map_err(|cause| CommandError::OpenDatabase {
                url: redact::password(&url),
                cause,
            })
    };
    match command {
        AnswersCommand::List { status, database } => {
            let answers = open(database).await?.list(status.into(), 1_000).await?;
            for a in &answers {
                println!(
                    "{}  {}  question {}  {}",
                    a.id,
                    a.created_at,
                    a.question_id,
                    a.answer.replace('\n', " ")
                );
            }
            eprintln!("{} answer(s)", answers.len());
            Ok(ExitCode::SUCCESS)
        }
        AnswersCommand::Show { id, database } => match open(database).await?.get(&id).await? {
            Some(answer) => {
                println!("{}", serde_json::to_string_pretty(&answer)?);
                Ok(ExitCode::SUCCESS)
            }
            None => Ok(no_answer(&id)),
        },
        AnswersCommand::Approve { id, database } => {
            set(open(database).await?, &id, AnswerStatus::Approved).await
        }
        AnswersCommand::Reject { id, database } => {
            set(open(database).await?, &id, AnswerStatus::Rejected).await
        }
        AnswersCommand::Accept { id, database } => {
            match open(database).await?.accept(&id, CLI).await? {
                Accept::Accepted => {
                    println!("{id}: accepted");
                    Ok(ExitCode::SUCCESS)
                }
                Accept::NotFound => Ok(no_answer(&id)),
                Accept::NotPublished => {
                    eprintln!("error: answer {id} is not published; approve it first");
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}

async fn set(store: AnswerStore, id: &str, status: AnswerStatus) -> Result<ExitCode, CommandError> {
    if store.set_status(id, status, CLI).await? {
        println!("{id}: {}", status.as_str());
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(no_answer(id))
    }
}

fn no_answer(id: &str) -> ExitCode {
    eprintln!("error: no answer with id {id}");
    ExitCode::FAILURE
}
