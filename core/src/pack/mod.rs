//! The pack: a validated feed and its search index in one binary document, which a
//! server writes once per feed version with this crate and a widget reads instead of the
//! feed's JSON. Reading it is copying: no JSON to parse, nothing to validate, no word of
//! the feed to fold, stem or split again, and only the postings of the page's own query
//! terms are read at all.
//!
//! Layout: [`MAGIC`], then the feed ([`items`]: its own fields, the problems found while
//! validating it, its items), then its index (`rank::pack`). Numbers are unsigned LEB128,
//! floats four little-endian bytes, strings a length and UTF-8 ([`wire`]).
//!
//! The invariant: [`read_for_page`] gives the feed, the problems and the ranking for the
//! page that [`crate::load::load_for_page`] gives for the feed's JSON, and bad bytes give a
//! [`PackError`], never a panic.

mod items;
pub mod wire;

use crate::load::Loaded;
use crate::page::PageContext;
use crate::rank::{Index, Unpack};
use crate::validate::ParsedFeed;
use wire::{Reader, Writer};

/// The first bytes of every pack: its name and format version. A reader refuses any other
/// version rather than guess.
pub const MAGIC: &[u8; 5] = b"ELDP\x02";

/// The media type a pack is sent as.
pub const MEDIA_TYPE: &str = "application/vnd.elders.pack";

/// Why bytes are not a pack this reader can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackError {
    /// Not a pack, or a pack of another format version.
    NotAPack,
    /// The pack ends before what it announces.
    Truncated,
    /// The pack holds something no writer writes.
    Malformed(&'static str),
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PackError::NotAPack => f.write_str("not an Elders pack of this version"),
            PackError::Truncated => f.write_str("the pack is cut short"),
            PackError::Malformed(what) => write!(f, "the pack holds {what}"),
        }
    }
}

/// Whether `bytes` begin as a pack does (of any version).
pub fn is_pack(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC[..4])
}

/// A pack as text, one character per byte (U+0000 to U+00FF), for keeping it where only
/// text can be kept (a browser's `sessionStorage`, whose strings hold such characters as
/// one unit each, so the copy takes as many units as the pack has bytes).
pub fn as_text(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The pack [`as_text`] wrote; `None` for text that is not a pack kept that way.
pub fn from_text(text: &str) -> Option<Vec<u8>> {
    let bytes = text
        .chars()
        .map(|c| u8::try_from(c).ok())
        .collect::<Option<Vec<u8>>>()?;
    is_pack(&bytes).then_some(bytes)
}

/// The pack of a validated feed and the index built from its items ([`Index::build`]).
pub fn write(parsed: &ParsedFeed, index: &Index) -> Vec<u8> {
    let mut writer = PackWriter::new(parsed, index);
    while !writer.step() {}
    writer.finish()
}

/// Writing a pack in small steps, for a browser's main thread (the reader module writes
/// a 10,000-item feed's pack of about 12 MB): [`PackWriter::step`] writes up to
/// [`ENTRIES_PER_STEP`] items, then the index in one step.
pub struct PackWriter<'a> {
    parsed: &'a ParsedFeed,
    index: &'a Index,
    writer: Writer,
    /// Items written so far; past the last, the index is written.
    next: usize,
    done: bool,
}

impl<'a> PackWriter<'a> {
    /// Starts the pack: its magic bytes, the feed's own fields and problems.
    pub fn new(parsed: &'a ParsedFeed, index: &'a Index) -> PackWriter<'a> {
        let mut writer = Writer::default();
        writer.bytes.extend_from_slice(MAGIC);
        items::write_start(&mut writer, parsed);
        PackWriter {
            parsed,
            index,
            writer,
            next: 0,
            done: false,
        }
    }

    /// Writes the next items, or the index after the last; `true` once all is written.
    pub fn step(&mut self) -> bool {
        if self.done {
            return true;
        }
        let items = &self.parsed.feed.items;
        if self.next < items.len() {
            let end = items.len().min(self.next + ENTRIES_PER_STEP);
            for item in &items[self.next..end] {
                items::write_item(&mut self.writer, item);
            }
            self.next = end;
            return false;
        }
        self.index.pack(items, &mut self.writer);
        self.done = true;
        true
    }

    /// The pack's bytes, once [`PackWriter::step`] said all is written.
    pub fn finish(self) -> Vec<u8> {
        self.writer.bytes
    }
}

/// Entries read per [`PackLoader::advance`]: items, or entries of the index (a term
/// with its postings, a word, an item's numbers). Natively, a step of the 10,000-item
/// benchmark pack takes well under a tenth of a millisecond.
const ENTRIES_PER_STEP: usize = 256;

enum Stage {
    /// The feed's own fields and problems, and how many items follow.
    Start,
    /// Items read so far, and how many there are.
    Items(ParsedFeed, usize),
    /// The index, read after the items.
    Index(ParsedFeed, Box<Unpack>),
    /// Finished (the result was handed out) or failed.
    Done,
}

/// One pack being read for one page. Call [`PackLoader::advance`] until it hands out the
/// result, giving the browser a turn in between when it is on a browser's main thread.
pub struct PackLoader<'b> {
    reader: Reader<'b>,
    page: &'b PageContext,
    stage: Stage,
}

impl<'b> PackLoader<'b> {
    /// Starts reading `bytes` for `page`; fails at once when they are not a pack of this
    /// version.
    pub fn new(bytes: &'b [u8], page: &'b PageContext) -> Result<PackLoader<'b>, PackError> {
        let mut reader = Reader::new(bytes);
        if reader.take(MAGIC.len()).ok() != Some(&MAGIC[..]) {
            return Err(PackError::NotAPack);
        }
        Ok(PackLoader {
            reader,
            page,
            stage: Stage::Start,
        })
    }

    /// Does one small piece of work; returns the feed, its index for the page and the
    /// page's query after the last one. Once done or failed, further calls do nothing.
    pub fn advance(&mut self) -> Result<Option<Loaded>, PackError> {
        let r = &mut self.reader;
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Start => {
                let (parsed, n) = items::read_start(r)?;
                self.stage = Stage::Items(parsed, n);
            }
            Stage::Items(mut parsed, n) => {
                let items = &mut parsed.feed.items;
                let end = n.min(items.len() + ENTRIES_PER_STEP);
                while items.len() < end {
                    items.push(items::read_item(r)?);
                }
                self.stage = if items.len() == n {
                    Stage::Index(parsed, Box::new(Unpack::new()))
                } else {
                    Stage::Items(parsed, n)
                };
            }
            Stage::Index(parsed, mut unpack) => {
                if !unpack.step(r, &parsed.feed.items, self.page, ENTRIES_PER_STEP)? {
                    self.stage = Stage::Index(parsed, unpack);
                    return Ok(None);
                }
                if !r.is_at_end() {
                    return Err(PackError::Malformed("bytes after the index"));
                }
                let (index, query) = unpack.finish().ok_or(PackError::Truncated)?;
                return Ok(Some(Loaded {
                    parsed,
                    index,
                    query: Some(query),
                }));
            }
            Stage::Done => {}
        }
        Ok(None)
    }
}

/// Reads a whole pack for `page` in one go (for the server, tests and benchmarks).
pub fn read_for_page(bytes: &[u8], page: &PageContext) -> Result<Loaded, PackError> {
    let mut loader = PackLoader::new(bytes, page)?;
    loop {
        if let Some(loaded) = loader.advance()? {
            return Ok(loaded);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::TestSet;
    use crate::rank::RankOptions;

    const FEED: &str = include_str!("../../../tests/fixtures/relevance/feed.json");
    const JUDGMENTS: &str = include_str!("../../../tests/fixtures/relevance/judgments.json");

    fn pack() -> Vec<u8> {
        let (parsed, index) = crate::load::load(FEED).unwrap();
        write(&parsed, &index)
    }

    #[test]
    fn every_judged_page_ranks_from_the_pack_exactly_as_from_the_json() {
        let bytes = pack();
        let (parsed, whole) = crate::load::load(FEED).unwrap();
        let set: TestSet = serde_json::from_str(JUDGMENTS).unwrap();
        let mut ranked = 0;
        for c in &set.contexts {
            let page = c.page.context();
            let loaded = read_for_page(&bytes, &page).unwrap();
            let (read, index, query) = (loaded.parsed, loaded.index, loaded.query.unwrap());
            assert_eq!(read, parsed);
            assert_eq!(query, whole.query(&page), "{}", c.id);
            let options = RankOptions {
                exclude_organisation: c.page.organisation.as_deref(),
                now: Some(1_793_491_200),
                limit: 50,
            };
            let expected = whole.rank(&whole.query(&page), &options);
            assert_eq!(index.rank(&query, &options), expected, "{}", c.id);
            ranked += expected.len();
        }
        assert!(ranked > 100, "the pages match items: {ranked}");
    }

    #[test]
    fn a_pack_kept_as_text_comes_back_byte_for_byte() {
        let bytes = pack();
        assert_eq!(from_text(&as_text(&bytes)), Some(bytes));
        assert_eq!(
            from_text("{\"version\": \"https://jsonfeed.org/version/1.1\"}"),
            None
        );
        assert_eq!(from_text("ELDP✓"), None);
    }

    #[test]
    fn problems_found_in_the_json_travel_with_the_pack() {
        let text = r#"{"version":"https://jsonfeed.org/version/1.1","title":"T","items":[
            {"id":"a","title":"Waterstof","summary":"Over waterstof.","date_published":"2025-01-01T00:00:00Z",
             "_elders":{"organisation":{"name":"Gemeente Delft"},"phase":"pilot"}},
            {"id":"b"}]}"#;
        let (parsed, index) = crate::load::load(text).unwrap();
        assert!(!parsed.problems.is_empty());
        let read = read_for_page(&write(&parsed, &index), &PageContext::default()).unwrap();
        assert_eq!(read.parsed, parsed);
    }

    #[test]
    fn cut_or_changed_bytes_give_an_error_never_a_panic() {
        let bytes = pack();
        let page = PageContext {
            topics: vec!["spraakherkenning".into()],
            ..PageContext::default()
        };
        assert_eq!(
            read_for_page(b"{\"version\":1}", &page).unwrap_err(),
            PackError::NotAPack
        );
        // Another format version, older or newer: refused, not guessed at.
        for version in [MAGIC[4] - 1, MAGIC[4] + 1] {
            let mut other = bytes.clone();
            other[4] = version;
            assert_eq!(
                read_for_page(&other, &page).unwrap_err(),
                PackError::NotAPack
            );
        }
        // Cut anywhere: always an error.
        let step = (bytes.len() / 251).max(1);
        for end in (0..bytes.len()).step_by(step) {
            assert!(read_for_page(&bytes[..end], &page).is_err(), "cut at {end}");
        }
        // Any byte changed: an error or some feed, never a panic.
        for at in (MAGIC.len()..bytes.len()).step_by(step) {
            let mut changed = bytes.clone();
            changed[at] ^= 0x5a;
            let _ = read_for_page(&changed, &page);
        }
    }
}
