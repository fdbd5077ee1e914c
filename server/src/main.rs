//! `elders`: the Elders server and its command-line tools (`docs/architecture.md`).
//!
//! Only the command line lives here: the work is done by the `elders_server` library, and
//! an error it returns is printed here with its causes.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use elders_server::commands;

/// Elders: related work elsewhere in government, inline on any intranet page.
#[derive(Debug, Parser)]
#[command(name = "elders", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the widget files, the merged feed, the questions API and a demo intranet page.
    Serve(Box<commands::serve::ServeArgs>),
    /// Work with feeds.
    #[command(subcommand)]
    Feed(commands::feed::FeedCommand),
    /// Moderate community questions.
    #[command(subcommand)]
    Questions(commands::questions::QuestionsCommand),
    /// Moderate colleagues' answers to community questions.
    #[command(subcommand)]
    Answers(commands::answers::AnswersCommand),
    /// Who may use the moderators' desk (/admin).
    #[command(subcommand)]
    Moderators(commands::moderators::ModeratorsCommand),
    /// See the mails in the outbox.
    #[command(subcommand)]
    Mail(commands::mail::MailCommand),
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ELDERS_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new("info,sqlx=warn,tower_http=warn")
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match Cli::parse().command {
        Command::Serve(args) => commands::serve::run(*args).await,
        Command::Feed(command) => commands::feed::run(command).await,
        Command::Questions(command) => commands::questions::run(command).await,
        Command::Answers(command) => commands::answers::run(command).await,
        Command::Mail(command) => commands::mail::run(command).await,
        Command::Moderators(command) => commands::moderators::run(command).await,
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {:#}", anyhow::Error::from(error));
            ExitCode::FAILURE
        }
    }
}
