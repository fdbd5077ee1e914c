//! A validated feed in the pack: the feed's own fields, its items field by field, and the
//! problems found while validating it, so that the widget shows and reports exactly what
//! it would have shown and reported reading the JSON itself.

use super::wire::{Reader, Writer};
use super::PackError;
use crate::feed::{Author, Contact, Elders, Feed, Item, Organisation, Phase};
use crate::validate::{ParsedFeed, Problem, Severity};

/// The fewest bytes an item takes in a pack (its id's and title's lengths and the rest's
/// markers), for refusing counts that the pack cannot hold.
const LEAST_ITEM_BYTES: usize = 11;

fn organisation(w: &mut Writer, o: &Organisation) {
    w.text(&o.name);
    w.maybe_text(o.uri.as_deref());
}

fn read_organisation(r: &mut Reader) -> Result<Organisation, PackError> {
    Ok(Organisation {
        name: r.text()?.to_string(),
        uri: r.maybe_text()?,
    })
}

fn phase_number(phase: Option<Phase>) -> u64 {
    phase.map_or(0, |p| {
        Phase::ALL.iter().position(|&q| q == p).unwrap_or(0) as u64 + 1
    })
}

fn read_phase(r: &mut Reader) -> Result<Option<Phase>, PackError> {
    match r.number()? {
        0 => Ok(None),
        n => Phase::ALL
            .get(n as usize - 1)
            .copied()
            .map(Some)
            .ok_or(PackError::Malformed("an unknown phase")),
    }
}

fn elders(w: &mut Writer, e: &Elders) {
    match &e.organisation {
        None => w.number(0),
        Some(o) => {
            w.number(1);
            organisation(w, o);
        }
    }
    w.count(e.partners.len());
    for p in &e.partners {
        organisation(w, p);
    }
    w.number(phase_number(e.phase));
    w.maybe_text(e.start_date.as_deref());
    w.maybe_text(e.end_date.as_deref());
    w.texts(&e.themes);
    w.maybe_text(e.outcome.as_deref());
    match &e.contact {
        None => w.number(0),
        Some(c) => {
            w.number(1);
            w.maybe_text(c.name.as_deref());
            w.maybe_text(c.email.as_deref());
            w.maybe_text(c.url.as_deref());
        }
    }
    w.maybe_text(e.source_feed.as_deref());
}

fn read_elders(r: &mut Reader) -> Result<Elders, PackError> {
    let organisation = match r.number()? {
        0 => None,
        _ => Some(read_organisation(r)?),
    };
    let partners = (0..r.count(2)?)
        .map(|_| read_organisation(r))
        .collect::<Result<_, _>>()?;
    Ok(Elders {
        organisation,
        partners,
        phase: read_phase(r)?,
        start_date: r.maybe_text()?,
        end_date: r.maybe_text()?,
        themes: r.texts()?,
        outcome: r.maybe_text()?,
        contact: match r.number()? {
            0 => None,
            _ => Some(Contact {
                name: r.maybe_text()?,
                email: r.maybe_text()?,
                url: r.maybe_text()?,
            }),
        },
        source_feed: r.maybe_text()?,
    })
}

fn item(w: &mut Writer, item: &Item) {
    w.text(&item.id);
    w.maybe_text(item.url.as_deref());
    w.text(&item.title);
    w.text(&item.summary);
    w.maybe_text(item.content_text.as_deref());
    w.maybe_text(item.date_published.as_deref());
    w.maybe_text(item.date_modified.as_deref());
    w.texts(&item.tags);
    w.maybe_text(item.language.as_deref());
    w.count(item.authors.len());
    for a in &item.authors {
        w.maybe_text(a.name.as_deref());
        w.maybe_text(a.url.as_deref());
    }
    match &item.elders {
        None => w.number(0),
        Some(e) => {
            w.number(1);
            elders(w, e);
        }
    }
}

/// One item, as [`write`] wrote it.
pub(super) fn read_item(r: &mut Reader) -> Result<Item, PackError> {
    Ok(Item {
        id: r.text()?.to_string(),
        url: r.maybe_text()?,
        title: r.text()?.to_string(),
        summary: r.text()?.to_string(),
        content_text: r.maybe_text()?,
        date_published: r.maybe_text()?,
        date_modified: r.maybe_text()?,
        tags: r.texts()?,
        language: r.maybe_text()?,
        authors: (0..r.count(2)?)
            .map(|_| {
                Ok(Author {
                    name: r.maybe_text()?,
                    url: r.maybe_text()?,
                })
            })
            .collect::<Result<_, PackError>>()?,
        elders: match r.number()? {
            0 => None,
            _ => Some(read_elders(r)?),
        },
    })
}

/// Writes the feed's own fields, then the problems, then how many items follow; the
/// items themselves follow, each with [`write_item`].
pub(super) fn write_start(w: &mut Writer, parsed: &ParsedFeed) {
    let feed = &parsed.feed;
    w.text(&feed.version);
    w.text(&feed.title);
    w.maybe_text(feed.home_page_url.as_deref());
    w.maybe_text(feed.feed_url.as_deref());
    w.maybe_text(feed.description.as_deref());
    w.maybe_text(feed.language.as_deref());
    w.count(parsed.problems.len());
    for p in &parsed.problems {
        w.text(&p.path);
        w.maybe_text(p.item_id.as_deref());
        w.text(&p.message);
        w.number(match p.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
    }
    w.count(feed.items.len());
}

/// Writes one item, after [`write_start`] and the items before it.
pub(super) fn write_item(w: &mut Writer, i: &Item) {
    item(w, i);
}

/// Reads what [`write_start`] wrote: the feed without them, its problems, and
/// how many items follow, each to be read with [`read_item`].
pub(super) fn read_start(r: &mut Reader) -> Result<(ParsedFeed, usize), PackError> {
    let version = r.text()?.to_string();
    let title = r.text()?.to_string();
    let home_page_url = r.maybe_text()?;
    let feed_url = r.maybe_text()?;
    let description = r.maybe_text()?;
    let language = r.maybe_text()?;
    let problems = (0..r.count(4)?)
        .map(|_| {
            Ok(Problem {
                path: r.text()?.to_string(),
                item_id: r.maybe_text()?,
                message: r.text()?.to_string(),
                severity: match r.number()? {
                    0 => Severity::Error,
                    _ => Severity::Warning,
                },
            })
        })
        .collect::<Result<_, PackError>>()?;
    let n = r.count(LEAST_ITEM_BYTES)?;
    let parsed = ParsedFeed {
        feed: Feed {
            version,
            title,
            home_page_url,
            feed_url,
            description,
            language,
            items: Vec::with_capacity(n),
        },
        problems,
    };
    Ok((parsed, n))
}
