//! `elders moderators`: who may use the desk (`docs/architecture.md` §9). `add` prints a
//! personal sign-in link (one-time, 24 hours; a moderator asks for a new one the same way),
//! `list` shows them, `remove` ends their sessions and links at once.

use std::process::ExitCode;

use clap::Subcommand;

use super::CommandError;

use crate::redact;
use crate::store::{self, Moderator, Moderators};

#[derive(Debug, Subcommand)]
pub enum ModeratorsCommand {
    /// Add a moderator (or take one back) and print their one-time sign-in link.
    Add {
        /// Their name, as the desk and its log show it.
        name: String,
        /// Their e-mail address, to note who they are.
        #[arg(long)]
        email: Option<String>,
        /// Where moderators reach this server (https://HOST), the start of the link.
        #[arg(long, env = "ELDERS_PUBLIC_URL")]
        public_url: Option<String>,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// List the moderators.
    List {
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
    /// Remove a moderator: their sign-in links and sessions stop working at once.
    Remove {
        /// Their name (or id).
        name: String,
        #[arg(long, env = "DATABASE_URL", default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
}

async fn open(database: &str) -> Result<Moderators, CommandError> {
    store::open(database)
        .await
        .map(Moderators::new)
        .map_err(|cause| CommandError::OpenDatabase {
            url: redact::password(database),
            cause,
        })
}

pub async fn run(command: ModeratorsCommand) -> Result<ExitCode, CommandError> {
    match command {
        ModeratorsCommand::Add {
            name,
            email,
            public_url,
            database,
        } => {
            if name.trim().is_empty() {
                return Err(CommandError::Argument("give the moderator a name".into()));
            }
            let (moderator, token) = open(&database).await?.add(&name, email.as_deref()).await?;
            let base = public_url.as_deref().unwrap_or("").trim_end_matches('/');
            println!("{base}/admin/sign-in?link={token}");
            eprintln!(
                "the sign-in link of {} (one-time, for {} hours){}",
                moderator.name,
                store::LINK_HOURS,
                if base.is_empty() {
                    "; put the server's address before it, or pass --public-url"
                } else {
                    ""
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        ModeratorsCommand::List { database } => {
            let moderators = open(&database).await?.list().await?;
            for m in &moderators {
                println!("{}", line(m));
            }
            eprintln!("{} moderator(s)", moderators.len());
            Ok(ExitCode::SUCCESS)
        }
        ModeratorsCommand::Remove { name, database } => {
            if open(&database).await?.remove(&name).await? {
                println!("{name}: removed");
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("error: no moderator {name}");
                Ok(ExitCode::FAILURE)
            }
        }
    }
}

fn line(m: &Moderator) -> String {
    format!(
        "{}  {}  {}  added {}{}",
        m.id,
        m.name,
        m.email.as_deref().unwrap_or("-"),
        m.created_at,
        m.removed_at
            .as_deref()
            .map(|r| format!("  removed {r}"))
            .unwrap_or_default()
    )
}
