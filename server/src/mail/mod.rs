//! E-mail to askers and moderators (`docs/architecture.md` §8). The events that cause a
//! mail queue it in the database's outbox, in their own transaction (`store::outbox`);
//! this module writes and sends them.
//!
//! - `settings`: `--smtp-url`, `--mail-from`, `--public-url`, `--moderator-mail`.
//! - `compose`: what each mail says, in the reader's language (pure).
//! - `sender`: the background task that sends the outbox's mails, with retries.
//! - `digest`: queues each moderator's daily overview of what waits.

pub mod compose;
pub mod digest;
pub mod sender;
pub mod settings;

pub use settings::MailSettings;
