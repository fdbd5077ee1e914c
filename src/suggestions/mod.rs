//! "Misschien is dit al beantwoord": while a reader types a question, up to three answered
//! questions and projects that match it, so that nobody asks again what was answered.
//!
//! The matching runs in the cards module, which already holds the feed's items and the
//! ranking code ([`source`]): the question form's module asks it through a JavaScript
//! function that the cards module hands over when it loads the form, and shows what
//! comes back ([`list`]). Ranking in the form's module as well would put the ranking code
//! in the Wasm twice. The matching itself is `elders_core::suggest`.
//!
//! What crosses between the modules is [`wire`]: plain, unit-tested natively.

pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod list;
#[cfg(target_arch = "wasm32")]
pub mod source;
