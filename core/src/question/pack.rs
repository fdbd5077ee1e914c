//! The published questions as the widget's cards module reads them: a short head (whether
//! the server mails askers, and which questions are answered), then a pack
//! ([`crate::pack`]) of the questions as the feed items [`PublicQuestion::to_item`] makes,
//! with their index. The questions API sends it to a client that asks for
//! [`crate::pack::MEDIA_TYPE`]; everyone else, the questions panel included (it shows the
//! answers too), reads the JSON.
//!
//! Why: the cards module chooses the page's questions on every page view. From a pack it
//! ranks them with the code it already has for the feed's pack, so it holds no JSON reader
//! and builds no index for them (3 KB brotli less for every page view, measured).
//!
//! The invariant: [`read_for_page`] gives the questions, their index for the page and the
//! marks that [`write`] was given, and bad bytes give a [`PackError`], never a panic.

use super::public::PublicQuestion;
use crate::feed::{Feed, JSON_FEED_VERSION};
use crate::load::Loaded;
use crate::pack::wire::{Reader, Writer};
use crate::pack::{self, PackError};
use crate::page::PageContext;
use crate::rank::Index;
use crate::validate::ParsedFeed;

/// The first bytes of the questions' pack: its name and format version.
pub const MAGIC: &[u8; 5] = b"ELDQ\x01";

/// The questions' pack, read for one page.
#[derive(Debug)]
pub struct PackedQuestions {
    /// The questions as feed items, and their index for the page.
    pub loaded: Loaded,
    /// Whether each question (by its place in the items) has a published answer.
    pub answered: Vec<bool>,
    /// Whether the server mails askers about their question.
    pub mail: bool,
}

/// The questions' pack of `questions` (each with whether it has a published answer) for
/// a server that mails askers (`mail`) or not.
pub fn write(questions: &[(PublicQuestion, bool)], mail: bool) -> Vec<u8> {
    let items: Vec<_> = questions.iter().map(|(q, _)| q.to_item()).collect();
    let index = Index::build(&items);
    let parsed = ParsedFeed {
        feed: Feed {
            version: JSON_FEED_VERSION.into(),
            title: "Elders: open vragen".into(),
            home_page_url: None,
            feed_url: None,
            description: None,
            language: None,
            items,
        },
        problems: Vec::new(),
    };
    let mut w = Writer::default();
    w.bytes.extend_from_slice(MAGIC);
    w.number(u64::from(mail));
    w.count(questions.len());
    for (_, answered) in questions {
        w.number(u64::from(*answered));
    }
    w.bytes.extend(pack::write(&parsed, &index));
    w.bytes
}

/// Reads what [`write`] wrote, with the questions' index for `page`.
pub fn read_for_page(bytes: &[u8], page: &PageContext) -> Result<PackedQuestions, PackError> {
    let mut r = Reader::new(bytes);
    if r.take(MAGIC.len()).ok() != Some(&MAGIC[..]) {
        return Err(PackError::NotAPack);
    }
    let mail = r.number()? == 1;
    let answered = (0..r.count(1)?)
        .map(|_| Ok(r.number()? == 1))
        .collect::<Result<Vec<_>, PackError>>()?;
    let loaded = pack::read_for_page(&bytes[r.position()..], page)?;
    if loaded.parsed.feed.items.len() != answered.len() {
        return Err(PackError::Malformed(
            "marks for another number of questions",
        ));
    }
    Ok(PackedQuestions {
        loaded,
        answered,
        mail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::QuestionStatus;
    use crate::rank::RankOptions;

    fn question(id: &str, text: &str, topics: &[&str]) -> PublicQuestion {
        PublicQuestion {
            id: id.into(),
            question: text.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            organisation: Some("SVB".into()),
            name: Some("Ans".into()),
            email: None,
            status: QuestionStatus::Approved,
            answer: None,
            answer_url: None,
            created_at: "2026-11-01T10:00:00Z".into(),
            updated_at: None,
        }
    }

    fn questions() -> Vec<(PublicQuestion, bool)> {
        vec![
            (
                question(
                    "q1",
                    "Wie gebruikt spraakherkenning aan de telefoon?",
                    &["spraak"],
                ),
                false,
            ),
            (
                question("q2", "Hoe regel ik een parkeervergunning?", &[]),
                true,
            ),
            (
                question("q3", "Werkt spraakherkenning voor dialecten?", &["spraak"]),
                true,
            ),
        ]
    }

    #[test]
    fn questions_marks_and_ranking_come_back_as_written() {
        let questions = questions();
        let page = PageContext {
            topics: vec!["spraak".into()],
            title: Some("Spraakherkenning in het klantcontact".into()),
            ..PageContext::default()
        };
        let read = read_for_page(&write(&questions, true), &page).unwrap();
        assert!(read.mail);
        assert_eq!(read.answered, [false, true, true]);
        let items: Vec<_> = questions.iter().map(|(q, _)| q.to_item()).collect();
        assert_eq!(read.loaded.parsed.feed.items, items);
        // Ranked for the page exactly as an index built from the items ranks them.
        let whole = Index::build(&items);
        let options = RankOptions {
            limit: 10,
            ..RankOptions::default()
        };
        let query = read.loaded.query.unwrap();
        assert_eq!(query, whole.query(&page));
        let ranked = read.loaded.index.rank(&query, &options);
        assert_eq!(ranked, whole.rank(&whole.query(&page), &options));
        let ids: Vec<_> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert!(ids.contains(&"q1") && ids.contains(&"q3"), "{ids:?}");
        assert!(!ids.contains(&"q2"), "{ids:?}");
        assert!(!read_for_page(&write(&[], false), &page).unwrap().mail);
    }

    #[test]
    fn a_feed_pack_cut_or_changed_bytes_give_an_error_never_a_panic() {
        let page = PageContext::default();
        let bytes = write(&questions(), false);
        assert_eq!(
            read_for_page(crate::pack::MAGIC, &page).unwrap_err(),
            PackError::NotAPack,
            "a feed's pack is not the questions' pack"
        );
        // Cut anywhere: always an error. Any byte changed: an error or some questions.
        let step = (bytes.len() / 251).max(1);
        for end in (0..bytes.len()).step_by(step).chain(0..20) {
            assert!(read_for_page(&bytes[..end], &page).is_err(), "cut at {end}");
        }
        for at in (MAGIC.len()..bytes.len())
            .step_by(step)
            .chain(MAGIC.len()..20)
        {
            let mut changed = bytes.clone();
            changed[at] ^= 0x5a;
            let _ = read_for_page(&changed, &page);
        }
        // The marks and the pack must agree on how many questions there are.
        let mut other = write(&questions()[..2], false);
        other[MAGIC.len() + 1] = 3;
        other.insert(MAGIC.len() + 4, 0);
        assert!(read_for_page(&other, &page).is_err());
    }
}
