//! One project card, and the skeleton drawn in its place while the feed loads. Every value
//! is feed text rendered as text (never as HTML), and the only links are the ones
//! validation kept (`https:`, `http:`) and the contact's `mailto:`, made from the address
//! validation kept by core's `link::mailto`.
//!
//! A card is always equally tall, whatever its text (see "No layout shift" in
//! `style/elders.css`): title, meta line, summary and reasons have fixed heights, and the
//! lessons learned and contact sit in a disclosure whose closed row is always there.

use elders_core::feed::Item;
use elders_core::Lang;

use crate::heading;
use crate::i18n::{reason_texts, texts};
use crate::view::{el, El};

/// The card for `item`, shown for `reasons` (the page's subjects it shares) and `related`
/// (related subjects), in a list item.
pub fn card(item: &Item, reasons: &[String], related: &[String], lang: Lang, level: u8) -> El {
    let t = texts(lang);
    let default = Default::default();
    let elders = item.elders.as_ref().unwrap_or(&default);
    // At the level of `data-heading-level`, so that the card fits the page's outline.
    let heading = heading::heading(level, "elders-card__title").attr("part", "card-title");
    let heading = match &item.url {
        Some(url) => heading.child(
            el("a", "")
                .attr("href", url)
                .attr("rel", "noreferrer")
                .attr("part", "card-link")
                .text(&item.title),
        ),
        None => heading.text(&item.title),
    };
    let mut meta = el("dl", "elders-card__meta");
    // The phase first: it is short, and the line cuts off what does not fit.
    if let Some(phase) = elders.phase {
        let class = ["elders-phase elders-phase--", phase.as_str()].concat();
        let label = el("span", &class)
            .attr("part", "card-phase")
            .text(phase.label(lang));
        meta = meta.child(meta_row(t.phase, el("dd", "").child(label)));
    }
    if let Some(organisation) = &elders.organisation {
        let name = el("dd", "")
            .attr("part", "card-organisation")
            .text(&organisation.name);
        meta = meta.child(meta_row(t.by, name));
    }
    let contact = elders
        .contact
        .as_ref()
        .filter(|c| c.name.is_some() || c.email.is_some() || c.url.is_some());
    let outcome = elders.outcome.as_deref();
    let more_label = match (outcome, contact) {
        (Some(_), Some(_)) => Some(t.lessons_and_contact),
        (Some(_), None) => Some(t.lessons),
        (None, Some(_)) => Some(t.contact),
        (None, None) => None,
    };
    let more = match more_label {
        Some(label) => {
            let lessons = outcome.map(|outcome| {
                el("p", "elders-card__lessons")
                    .attr("part", "card-lessons")
                    .child(el("strong", "").text(&[t.lessons, ": "].concat()))
                    .text(outcome)
            });
            let contact = contact.map(|c| {
                let mut line = el("p", "elders-card__contact")
                    .attr("part", "card-contact")
                    .text(&[t.contact, ": "].concat());
                if let Some(name) = &c.name {
                    line = line.text(name);
                }
                if let Some((email, href)) = c
                    .email
                    .as_ref()
                    .and_then(|email| Some((email, elders_core::link::mailto(email, "", "")?)))
                {
                    line = line
                        .text(" ")
                        .child(el("a", "").attr("href", &href).text(email));
                }
                if let Some(url) = &c.url {
                    let link = el("a", "").attr("href", url).attr("rel", "noreferrer");
                    line = line.text(" ").child(link.text(t.website));
                }
                line
            });
            el("details", "elders-card__more")
                .attr("part", "card-details")
                .child(el("summary", "").text(label))
                .child_if(lessons)
                .child_if(contact)
        }
        // Keeps the row, so that every card is equally tall.
        None => el("div", "elders-card__more").attr("aria-hidden", "true"),
    };
    let article = el("article", "elders-card")
        .attr("part", "card")
        .child(heading)
        .child(meta)
        .child(el("p", "elders-card__summary").text(&item.summary))
        .child(
            el("p", "elders-card__reasons")
                .attr("part", "card-reasons")
                .text(&reason_texts(lang).line(reasons, related)),
        )
        .child(more);
    el("li", "elders-cards__item").child(article)
}

/// One line of the card's meta list: `<div><dt>term</dt><dd>…</dd></div>`.
fn meta_row(term: &str, description: El) -> El {
    el("div", "")
        .child(el("dt", "").text(term))
        .child(description)
}

/// A card's outline while the feed loads. `loader/elders.js` draws the same blocks before
/// the WebAssembly has arrived; keep the two in step.
pub fn skeleton() -> El {
    let mut outline = el("div", "elders-skeleton");
    for class in [
        "elders-card__title",
        "elders-card__meta",
        "elders-card__summary",
        "elders-card__reasons",
        "elders-card__more",
    ] {
        outline = outline.child(el("div", class));
    }
    outline
}
