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
use leptos::prelude::*;

use crate::heading::Heading;
use crate::i18n::{reason_texts, texts};

#[component]
pub fn Card(
    item: Item,
    reasons: Vec<String>,
    related: Vec<String>,
    lang: Lang,
    heading_level: u8,
) -> impl IntoView {
    let t = texts(lang);
    let reasons = reason_texts(lang).line(&reasons, &related);
    let elders = item.elders.clone().unwrap_or_default();
    let title = match item.url.clone() {
        Some(url) => {
            view! { <a href=url rel="noreferrer" part="card-link">{item.title.clone()}</a> }
                .into_any()
        }
        None => item.title.clone().into_any(),
    };
    let organisation = elders.organisation.as_ref().map(|o| o.name.clone());
    let phase = elders.phase.map(|p| (p, p.label(lang)));
    let contact = elders
        .contact
        .clone()
        .filter(|c| c.name.is_some() || c.email.is_some() || c.url.is_some());
    let outcome = elders.outcome.clone();
    let more_label = match (&outcome, &contact) {
        (Some(_), Some(_)) => Some(t.lessons_and_contact),
        (Some(_), None) => Some(t.lessons),
        (None, Some(_)) => Some(t.contact),
        (None, None) => None,
    };
    let more = match more_label {
        Some(label) => view! {
            <details class="elders-card__more" part="card-details">
                <summary>{label}</summary>
                {outcome.map(|outcome| view! {
                    <p class="elders-card__lessons" part="card-lessons"><strong>{t.lessons}": "</strong>{outcome}</p>
                })}
                {contact.map(|c| view! {
                    <p class="elders-card__contact" part="card-contact">
                        {t.contact}": "
                        {c.name.clone()}
                        {c.email.clone().and_then(|email| {
                            let href = elders_core::link::mailto(&email, "", "")?;
                            Some(view! { " " <a href=href>{email}</a> })
                        })}
                        {c.url.clone().map(|url| view! {
                            " " <a href=url rel="noreferrer">{t.website}</a>
                        })}
                    </p>
                })}
            </details>
        }
        .into_any(),
        // Keeps the row, so that every card is equally tall.
        None => view! { <div class="elders-card__more" aria-hidden="true"></div> }.into_any(),
    };
    view! {
        <li class="elders-cards__item">
            <article class="elders-card" part="card">
                <Heading level=heading_level class="elders-card__title" part="card-title">{title}</Heading>
                <dl class="elders-card__meta">
                    // The phase first: it is short, and the line cuts off what does not fit.
                    {phase.map(|(p, label)| view! {
                        <div><dt>{t.phase}</dt><dd><span class=format!("elders-phase elders-phase--{}", p.as_str()) part="card-phase">{label}</span></dd></div>
                    })}
                    {organisation.map(|name| view! {
                        <div><dt>{t.by}</dt><dd part="card-organisation">{name}</dd></div>
                    })}
                </dl>
                <p class="elders-card__summary">{item.summary.clone()}</p>
                <p class="elders-card__reasons" part="card-reasons">
                    {reasons}
                </p>
                {more}
            </article>
        </li>
    }
}

/// A card's outline while the feed loads. `loader/elders.js` draws the same blocks before
/// the WebAssembly has arrived; keep the two in step.
#[component]
pub fn SkeletonCard() -> impl IntoView {
    view! {
        <div class="elders-skeleton">
            <div class="elders-card__title"></div>
            <div class="elders-card__meta"></div>
            <div class="elders-card__summary"></div>
            <div class="elders-card__reasons"></div>
            <div class="elders-card__more"></div>
        </div>
    }
}
