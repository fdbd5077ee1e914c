//! Elders' pure logic, shared by the widget (compiled to WebAssembly), the server and the
//! benchmarks, so that all three validate, rank and judge questions identically.
//!
//! Nothing in this crate does I/O or touches the browser: it receives strings and returns
//! values. That keeps it unit-testable natively and identical on every side.
//!
//! - [`feed`]: the JSON Feed 1.1 + `_elders` model.
//! - [`json`]: a small JSON reader that borrows from the feed text.
//! - [`validate`]: turning untrusted feed text into a [`feed::Feed`], skipping bad items with
//!   a JSON path and a reason instead of failing the whole feed.
//! - [`plain_text`]: what untrusted text may not hold, its length, and quoting it back.
//! - [`link`]: which links may ever be rendered.
//! - [`text`]: normalisation (case, diacritics, stop words, Dutch stemming) into terms.
//! - [`stem`]: the Dutch Snowball stemmer, exactly as `rust-stemmers` has it, but quicker.
//! - [`page`]: the page context a widget reads, turned into a weighted query.
//! - [`rank`]: a BM25F index built once per feed and queried per page.
//! - [`pack`]: a validated feed and its index as one binary document, written once per
//!   feed version by a server and read by a widget instead of the JSON.
//! - [`scan`] and [`load`]: feed text → feed + index in small steps, so that a large feed
//!   never blocks a browser's main thread.
//! - [`suggest`]: the answered questions and projects suggested while a question is typed,
//!   and when to suggest nothing.
//! - [`question`]: the rules a community question must meet, on both sides of the wire, and
//!   what a published question looks like there ([`question::public`]); the same for a
//!   colleague's answer to one ([`question::answer`]).
//! - [`words`]: the cards' and the questions panel's words, which the widget and the
//!   server's cards for an iframe (`/embed`) show alike.

pub mod compound;
pub mod date;
pub mod eval;
pub mod feed;
pub mod json;
pub mod lang;
pub mod link;
pub mod load;
mod order;
pub mod pack;
pub mod page;
pub mod plain_text;
pub mod question;
pub mod rank;
pub mod scan;
pub mod stem;
pub mod suggest;
pub mod text;
pub mod themes;
pub mod validate;
pub mod words;

pub use feed::{Contact, Elders, Feed, Item, Organisation, Phase};
pub use lang::Lang;
pub use page::{PageContext, Query};
pub use question::{
    AnswerInput, AnsweredQuestion, FieldError, PublicAnswer, PublicQuestion, QuestionField,
    QuestionInput, QuestionProblem, QuestionStatus, ReportReason,
};
pub use rank::{Index, Ranked};
pub use validate::{parse_feed, FeedError, ParsedFeed, Problem, Severity};
