//! One project card. Every value is feed text rendered as text (never as HTML), and the
//! only links are the ones validation kept (`https:`, `http:`, `mailto:`).

use elders_core::feed::Item;
use elders_core::Lang;
use leptos::prelude::*;

use super::heading::Heading;
use crate::i18n::texts;

#[component]
pub fn Card(item: Item, reasons: Vec<String>, lang: Lang, heading_level: u8) -> impl IntoView {
    let t = texts(lang);
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
    view! {
        <li class="elders-cards__item">
            <article class="elders-card" part="card">
                <Heading level=heading_level class="elders-card__title" part="card-title">{title}</Heading>
                <dl class="elders-card__meta">
                    {organisation.map(|name| view! {
                        <div><dt>{t.by}</dt><dd part="card-organisation">{name}</dd></div>
                    })}
                    {phase.map(|(p, label)| view! {
                        <div><dt>{t.phase}</dt><dd><span class=format!("elders-phase elders-phase--{}", p.as_str()) part="card-phase">{label}</span></dd></div>
                    })}
                </dl>
                <p class="elders-card__summary">{item.summary.clone()}</p>
                {elders.outcome.clone().map(|outcome| view! {
                    <p class="elders-card__lessons" part="card-lessons"><strong>{t.lessons}": "</strong>{outcome}</p>
                })}
                {(!reasons.is_empty()).then(|| view! {
                    <p class="elders-card__reasons" part="card-reasons">{t.shared_topics}": "{reasons.join(", ")}</p>
                })}
                {contact.map(|c| view! {
                    <p class="elders-card__contact" part="card-contact">
                        {t.contact}": "
                        {c.name.clone()}
                        {c.email.clone().map(|email| view! {
                            " " <a href=format!("mailto:{email}")>{email.clone()}</a>
                        })}
                        {c.url.clone().map(|url| view! {
                            " " <a href=url rel="noreferrer">{t.website}</a>
                        })}
                    </p>
                })}
            </article>
        </li>
    }
}
