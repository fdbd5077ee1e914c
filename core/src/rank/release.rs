//! Freeing a large index a part at a time, so that no single step is a long task on the
//! host page's main thread.
//!
//! The invariant: an [`IndexRelease`] answers no queries, and after its last step every
//! part of the index is freed.

use super::Index;

/// An [`Index`] being freed one large part at a time ([`Index::into_release`]): a
/// 10,000-item index is hundreds of thousands of small strings and lists, and freeing it
/// in one go took 20–50 ms in a browser, a long task on the host page's main thread after
/// the cards. It answers no queries.
#[derive(Debug)]
pub struct IndexRelease(Index);

impl IndexRelease {
    /// Frees the next large part of the index (its documents, terms, lists, labels or
    /// words); whether there was one.
    pub fn step(&mut self) -> bool {
        let index = &mut self.0;
        if !index.docs.is_empty() {
            drop(std::mem::take(&mut index.docs));
        } else if !index.dictionary.is_empty() {
            drop(std::mem::take(&mut index.dictionary));
        } else if !index.postings.is_empty() {
            drop(std::mem::take(&mut index.postings));
        } else if !index.labels.is_empty() || !index.label_items.is_empty() {
            drop(std::mem::take(&mut index.labels));
            drop(std::mem::take(&mut index.label_items));
        } else if !index.vocabulary.is_empty() {
            drop(std::mem::take(&mut index.vocabulary));
        } else {
            return false;
        }
        true
    }
}

impl Index {
    /// Hands the index over to be freed a part at a time ([`IndexRelease::step`]).
    pub fn into_release(self) -> IndexRelease {
        IndexRelease(self)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::corpus;
    use super::*;

    #[test]
    fn an_index_is_freed_a_large_part_at_a_time() {
        let items = corpus();
        let mut release = Index::build(&items).into_release();
        let mut steps = 0;
        while release.step() {
            steps += 1;
            assert!(steps <= 5, "the release never ends");
        }
        assert_eq!(steps, 5, "documents, terms, lists, labels, words");
        let index = &release.0;
        assert!(index.docs.is_empty() && index.dictionary.is_empty() && index.postings.is_empty());
        assert!(
            index.labels.is_empty() && index.label_items.is_empty() && index.vocabulary.is_empty()
        );
        assert!(!release.step(), "and it stays done");
    }
}
