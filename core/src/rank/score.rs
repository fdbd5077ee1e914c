//! BM25F scoring: how well an item's terms meet the page's query, times the boosts for
//! exact topic matches and recent work.
//!
//! The invariant: scores are only compared within one query, and ties break on date, then
//! id (ids are unique), so the order of the cards is a total order and never depends on
//! the order of the feed.

use super::{Doc, Index, RankOptions, Ranked, TermId};
use crate::feed::OrganisationKey;
use crate::order::{best_by, sort_numbers};
use crate::page::Query;

/// BM25's term-frequency saturation.
pub(super) const K1: f32 = 1.2;
/// BM25's length normalisation strength.
pub(super) const B: f32 = 0.75;
/// Score multiplier per exact tag/theme match with a page topic, up to three matches.
const TAG_BOOST: f32 = 0.3;
/// Largest recency multiplier (for work updated today), decaying with a two-year scale.
const RECENCY_BOOST: f32 = 0.15;
/// Score multiplier per feedback label an item carries, up to three: a tag or theme that
/// at least [`FEEDBACK_VOTES`] of the [`FEEDBACK_ITEMS`] best items share. Pseudo-relevance
/// feedback from the labels alone, which every index holds in full (one focused on a page,
/// or read from a pack, holds only the postings of the page's terms). Chosen on the dev
/// split of the relevance test set.
const FEEDBACK_BOOST: f32 = 0.4;
/// How many of the best items vote for feedback labels.
const FEEDBACK_ITEMS: usize = 3;
/// How many of them must carry a label for it to count.
const FEEDBACK_VOTES: u8 = 2;
/// For the recency preference's age in years.
const SECONDS_PER_YEAR: f32 = 365.25 * 86_400.0;

/// The multiplier on an item's text score: exact tag/theme matches with the page's topics
/// (up to three count) and how recently it was updated.
fn boost(doc: &Doc, exact_matches: u8, now: Option<i64>) -> f32 {
    let mut boost = 1.0 + TAG_BOOST * f32::from(exact_matches.min(3));
    if let (Some(now), Some(updated)) = (now, doc.updated_at) {
        let age_years = ((now - updated).max(0) as f32) / SECONDS_PER_YEAR;
        boost *= 1.0 + RECENCY_BOOST * (-age_years / 2.0).exp();
    }
    boost
}

impl Index {
    fn idf(&self, document_frequency: usize) -> f32 {
        let n = self.docs.len() as f32;
        let df = document_frequency as f32;
        (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
    }

    /// How much of `query` the item at `index` meets, from 0 to 1: its text score (the
    /// BM25F sum that [`Index::rank`] starts from, before the boosts) as a share of the
    /// most that any item could score for the query, every term present and saturated. A
    /// term the index does not know counts in full towards that most, as a term no item
    /// has; a related term only when the item has it. Unlike a score, the share compares across queries: a caller that must say
    /// "nothing fits" (suggestions while a question is typed) needs a measure of evidence
    /// that does not grow with the length of the query.
    pub fn match_share(&self, query: &Query, index: usize) -> f32 {
        let Some(doc) = self.docs.get(index) else {
            return 0.0;
        };
        let (mut met, mut most) = (0.0f32, 0.0f32);
        for term in &query.terms {
            let id = self.dictionary.get(&term.stem);
            let list = id.map_or(&[][..], |&id| &self.postings[id as usize]);
            let idf = self.idf(list.len());
            let at = list.binary_search_by_key(&(index as u32), |p| p.0);
            // A related term ([`crate::themes`]) is evidence when the item has it, and
            // no evidence against it when not: the page never wrote it.
            if at.is_ok() || !term.related {
                most += term.weight * idf * (K1 + 1.0);
            }
            if let Ok(at) = at {
                let tf = list[at].1;
                met += term.weight * idf * tf * (K1 + 1.0) / (tf + doc.norm);
            }
        }
        if most > 0.0 {
            met / most
        } else {
            0.0
        }
    }

    /// Ranks the items for a query: only items that match at least one query term, best
    /// first, at most `options.limit`.
    pub fn rank(&self, query: &Query, options: &RankOptions<'_>) -> Vec<Ranked> {
        let mut scores = vec![0.0f32; self.docs.len()];
        let mut matched: Vec<(TermId, &str, bool)> = Vec::with_capacity(query.terms.len());
        for term in &query.terms {
            let Some(&id) = self.dictionary.get(&term.stem) else {
                continue;
            };
            let weight = term.weight;
            matched.push((id, &term.surface, term.related));
            let list = &self.postings[id as usize];
            let idf = self.idf(list.len());
            for &(doc, tf) in list {
                let norm = self.docs[doc as usize].norm;
                scores[doc as usize] += weight * idf * tf * (K1 + 1.0) / (tf + norm);
            }
        }
        // Exact tag/theme matches with the page's topics, counted per item.
        let mut exact = vec![0u8; self.docs.len()];
        for phrase in &query.phrases {
            let place = self.labels.get(phrase);
            let docs = place.map_or(&[][..], |&place| &self.label_items[place as usize]);
            for &doc in docs {
                exact[doc as usize] = exact[doc as usize].saturating_add(1);
            }
        }
        let host = options.exclude_organisation.map(OrganisationKey::host);
        let excluded = |doc: &Doc| match (&host, &doc.organisation) {
            (Some(host), Some(org)) => org.matches(host),
            _ => false,
        };
        let mut hits: Vec<(usize, f32)> = scores
            .iter()
            .enumerate()
            .filter(|&(i, &s)| s > 0.0 && !excluded(&self.docs[i]))
            .map(|(i, &s)| (i, s * boost(&self.docs[i], exact[i], options.now)))
            .collect();
        // A total order (ids are unique), so the best are exactly determined.
        let by_rank = |a: &(usize, f32), b: &(usize, f32)| {
            let (da, db) = (&self.docs[a.0], &self.docs[b.0]);
            b.1.total_cmp(&a.1)
                .then_with(|| db.updated_at.cmp(&da.updated_at))
                .then_with(|| da.id.cmp(&db.id))
        };
        // Feedback: the labels the best items share lift the other items that carry them.
        let mut votes = vec![0u8; self.label_items.len()];
        for (doc, _) in best_by(hits.iter().copied(), FEEDBACK_ITEMS, by_rank) {
            let mut places = self.label_places(doc);
            sort_numbers(&mut places);
            places.dedup();
            for place in places {
                votes[place as usize] += 1;
            }
        }
        let feedback: Vec<u32> = (0..votes.len() as u32)
            .filter(|&place| votes[place as usize] >= FEEDBACK_VOTES)
            .collect();
        let mut lifts = vec![0u8; self.docs.len()];
        for &place in &feedback {
            for &doc in &self.label_items[place as usize] {
                lifts[doc as usize] = lifts[doc as usize].saturating_add(1);
            }
        }
        for (i, s) in &mut hits {
            *s *= 1.0 + FEEDBACK_BOOST * f32::from(lifts[*i].min(3));
        }
        best_by(hits, options.limit, by_rank)
            .into_iter()
            .map(|(index, score)| {
                let (reasons, related) = self.reasons(index, &matched, &feedback);
                Ranked {
                    index,
                    score,
                    reasons,
                    related,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{corpus, item, query};
    use super::*;

    #[test]
    fn a_topic_match_ranks_above_a_non_match() {
        let items = corpus();
        let index = Index::build(&items);
        let ranked = index.rank(
            &query("spraakherkenning"),
            &RankOptions {
                limit: 10,
                ..Default::default()
            },
        );
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert!(ids.contains(&"speech"));
        assert!(
            !ids.contains(&"hydrogen"),
            "items that share nothing are not shown"
        );
        assert_eq!(ranked[0].reasons, ["spraakherkenning"]);
    }

    #[test]
    fn the_host_organisation_is_hidden() {
        let items = corpus();
        let index = Index::build(&items);
        let options = RankOptions {
            exclude_organisation: Some("bzk"),
            limit: 10,
            now: None,
        };
        let ranked = index.rank(&query("spraakherkenning"), &options);
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert_eq!(ids, ["speech"]);
    }

    #[test]
    fn more_shared_topics_rank_higher_and_ties_are_deterministic() {
        let items = corpus();
        let index = Index::build(&items);
        let options = RankOptions {
            limit: 10,
            ..Default::default()
        };
        let ranked = index.rank(&query("spraakherkenning, klantcontact"), &options);
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert_eq!(ids[0], "speech");
        assert_eq!(ids, ["speech", "own", "letters"]);
        assert_eq!(
            ranked,
            index.rank(&query("spraakherkenning, klantcontact"), &options)
        );
    }

    #[test]
    fn limit_keeps_the_best() {
        let items = corpus();
        let index = Index::build(&items);
        let ranked = index.rank(
            &query("klantcontact spraakherkenning"),
            &RankOptions {
                limit: 1,
                ..Default::default()
            },
        );
        assert_eq!(ranked.len(), 1);
        assert_eq!(items[ranked[0].index].id, "speech");
    }

    #[test]
    fn the_match_share_is_a_share_and_words_no_item_has_lower_it() {
        let items = corpus();
        let index = Index::build(&items);
        let speech = 1;
        let share = |topics: &str| index.match_share(&query(topics), speech);
        let one = share("spraakherkenning");
        assert!(one > 0.0 && one < 1.0, "{one}");
        assert!(
            share("spraakherkenning, kantine") < one,
            "an unknown word counts against it"
        );
        let both = query("spraakherkenning, klantcontact");
        let letters = 2;
        assert!(
            index.match_share(&both, speech) > index.match_share(&both, letters),
            "more of the query met"
        );
        assert_eq!(share("waterstof"), 0.0);
        assert_eq!(index.match_share(&query("spraakherkenning"), 99), 0.0);
        assert_eq!(index.match_share(&Query::default(), speech), 0.0);
    }

    #[test]
    fn a_label_the_best_items_share_lifts_an_item_and_says_so() {
        let items = [
            item("first", "Waterstof", &["energietransitie"], "A"),
            item("second", "Waterstof", &["energietransitie"], "B"),
            item("a-plain", "Haven en waterstof", &["logistiek"], "C"),
            item("z-lifted", "Haven en waterstof", &["energietransitie"], "D"),
        ];
        let index = Index::build(&items);
        let ranked = index.rank(
            &query("waterstof"),
            &RankOptions {
                limit: 10,
                ..Default::default()
            },
        );
        let ids: Vec<&str> = ranked.iter().map(|r| items[r.index].id.as_str()).collect();
        assert_eq!(ids, ["first", "second", "z-lifted", "a-plain"]);
        assert_eq!(ranked[2].reasons, ["waterstof"]);
        assert_eq!(ranked[2].related, ["energietransitie"], "the lift is told");
        assert!(ranked[3].related.is_empty(), "{:?}", ranked[3].related);
    }

    #[test]
    fn recent_work_wins_a_tie() {
        let mut old = item("old", "Waterstof", &["waterstof"], "A");
        old.date_published = Some("2019-01-01T00:00:00Z".into());
        let new = item("new", "Waterstof", &["waterstof"], "A");
        let index = Index::build(&[old, new]);
        let now = crate::date::parse_rfc3339("2026-01-01T00:00:00Z");
        let ranked = index.rank(
            &query("waterstof"),
            &RankOptions {
                limit: 2,
                now,
                ..Default::default()
            },
        );
        assert_eq!(ranked[0].index, 1);
        assert!(ranked[0].score > ranked[1].score);
    }
}
