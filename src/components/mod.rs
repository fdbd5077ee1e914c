//! The widget's UI, one component per file, in the order a reader meets them:
//! [`app`] (the region) → [`related_work`] (status line and list) → [`card`] (one project)
//! → [`open_questions`] (questions asked elsewhere) → [`ask_panel`] (where the question
//! form appears) → [`ask_form`] (the form, a module of its own); [`debug`] is the admin's
//! `data-debug` panel.

pub mod app;
pub mod ask_form;
pub mod ask_panel;
pub mod card;
pub mod debug;
pub mod heading;
pub mod open_questions;
pub mod related_work;
