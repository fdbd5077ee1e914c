//! Answering in place: the questions panel ([`list`]) with each question's published
//! answers and the form to add one (`crate::ask::form::answer_form`, the question form's
//! twin). All of it lives in the form's module, loaded when a reader opens the panel: the
//! cards module only fetches and ranks the questions (see `crate::open_questions`) and
//! counts them on its button. Each question and answer has a "Melden" button
//! ([`report`]) that reports it to the moderators.

#[cfg(target_arch = "wasm32")]
pub mod list;
#[cfg(target_arch = "wasm32")]
mod report;
