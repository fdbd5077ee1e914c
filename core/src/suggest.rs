//! "Misschien is dit al beantwoord": while a colleague types a question, the few answered
//! questions and projects that may already answer it.
//!
//! The widget builds one [`Index`] over the feed's items and the published questions
//! ([`crate::question::PublicQuestion::to_item`]), and calls [`suggest`] on each
//! debounced keystroke. The ranking is the one the cards use ([`Index::rank`]); what this
//! module adds is when to look at all ([`worth_looking`]), how a half-typed question
//! becomes a query ([`query`]), and when to say nothing ([`MIN_SHARE`]).
//!
//! The invariant: a suggestion is only shown on evidence. A colleague asking about their
//! leave days must see no project at all, rather than the least unrelated one: a wrong
//! suggestion teaches people to ignore the box.

use crate::page::{PageContext, Query};
use crate::rank::{Index, RankOptions, Ranked};
use crate::text::{fold, words};

/// Most suggestions shown: the box sits next to a form being filled in, and more than a
/// few lines would push the form down while the colleague types.
pub const MAX: usize = 3;

/// Content words a question needs before suggestions are looked for ([`worth_looking`]).
const MIN_WORDS: usize = 3;

/// Letters a word needs to count as a content word.
const MIN_LETTERS: usize = 3;

/// The least [`Index::match_share`] a suggestion needs: the share of the most the question
/// could score that the item actually scores. A floor on the raw score would not do: it
/// grows with every word typed, while the share stays comparable from a short question to a
/// long one. A question on a subject of the feed meets a good part of itself in the right
/// items (its subject's words are rare, and the right items have them in title and tags);
/// an unrelated one meets only a common word or two ("volgend", "gebouw") and the words it
/// has that no item has count against it. Chosen on the dev split of the suggestion set
/// (`tests/fixtures/relevance/questions.json`): there the right first suggestions met 0.18
/// to 0.56 of their question, and the unrelated questions without shared subject words
/// at most 0.13; see docs/benchmarks.md.
pub const MIN_SHARE: f32 = 0.15;

/// Whether `text` says enough to look for suggestions: at least three content words of at
/// least three letters (stop words such as "hoe", "wie" and "de" do not count). One or two
/// words match nearly anything ("Hoe werkt" → everything that works), and suggestions
/// that change on every letter of the first words are noise next to a form; by the third
/// word a question usually has its subject.
pub fn worth_looking(text: &str) -> bool {
    let folded = fold(text);
    let content = words(&folded).filter(|word| word.chars().count() >= MIN_LETTERS);
    content.count() >= MIN_WORDS
}

/// The query for a question being typed: the question as the page's heading, so that it
/// is analysed exactly as a page is (folding, stop words, stemming, compound parts) and
/// every word weighs the same. A question is short and says each thing once, so as main
/// text (which keeps only words that recur) it would lose most of its words.
pub fn query(index: &Index, text: &str) -> Query {
    index.query(&PageContext {
        heading: Some(text.to_string()),
        ..PageContext::default()
    })
}

/// Up to [`MAX`] answered questions and projects for a question being typed, best first;
/// none when the text says too little ([`worth_looking`]) or nothing meets enough of it
/// ([`MIN_SHARE`]). `options` are those of the cards (the host's organisation is left
/// out, recent work preferred); its `limit` lowers the number further when it is between
/// 1 and [`MAX`], and 0 (the default) means [`MAX`].
pub fn suggest(index: &Index, text: &str, options: &RankOptions<'_>) -> Vec<Ranked> {
    if !worth_looking(text) {
        return Vec::new();
    }
    let query = query(index, text);
    let limit = match options.limit {
        0 => MAX,
        n => n.min(MAX),
    };
    let options = RankOptions {
        limit,
        ..options.clone()
    };
    let mut ranked = index.rank(&query, &options);
    ranked.retain(|r| index.match_share(&query, r.index) >= MIN_SHARE);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{Elders, Item, Organisation};
    use crate::question::{PublicQuestion, QuestionStatus};

    fn item(id: &str, title: &str, summary: &str, tags: &[&str], org: &str) -> Item {
        Item {
            id: id.into(),
            url: None,
            title: title.into(),
            summary: summary.into(),
            content_text: None,
            date_published: Some("2025-01-01T00:00:00Z".into()),
            date_modified: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            language: None,
            authors: vec![],
            elders: Some(Elders {
                organisation: Some(Organisation {
                    name: org.into(),
                    uri: None,
                }),
                ..Elders::default()
            }),
        }
    }

    fn corpus() -> Vec<Item> {
        vec![
            item(
                "speech",
                "Spraakherkenning aan de telefoon",
                "Bellers zeggen hun vraag en worden sneller doorverbonden.",
                &["spraakherkenning", "klantcontact", "telefonie"],
                "SVB",
            ),
            item(
                "voicebot",
                "Voicebot plant afspraken",
                "Een voicebot op het gemeentenummer maakt afspraken met bellers.",
                &["voicebot", "telefonie", "afspraken"],
                "Gemeente Utrecht",
            ),
            item(
                "hydrogen",
                "Waterstofbussen in het streekvervoer",
                "Lessen na vijf jaar rijden met bussen op waterstof.",
                &["waterstof", "openbaar vervoer"],
                "Provincie Groningen",
            ),
            item(
                "letters",
                "Begrijpelijke brieven",
                "Standaardbrieven herschreven in heldere taal op taalniveau B1.",
                &["heldere taal", "brieven"],
                "Gemeente Zwolle",
            ),
            item(
                "drones",
                "Drones bij verkeersongevallen",
                "De politie maakt met drones een 3D-model van de plek van een ongeval.",
                &["drones", "opsporing"],
                "Politie",
            ),
            item(
                "heat",
                "Koele plekken tijdens een hittegolf",
                "Een kaart helpt ouderen een koele plek te vinden als het heet is.",
                &["hittestress", "ouderen"],
                "Gemeente Rotterdam",
            ),
        ]
    }

    fn ids(items: &[Item], ranked: &[Ranked]) -> Vec<String> {
        ranked.iter().map(|r| items[r.index].id.clone()).collect()
    }

    #[test]
    fn a_question_about_x_suggests_the_project_about_x() {
        let items = corpus();
        let index = Index::build(&items);
        let text = "Wie heeft ervaring met spraakherkenning aan de telefoon voor bellers?";
        let ranked = suggest(&index, text, &RankOptions::default());
        assert_eq!(
            ids(&items, &ranked).first().map(String::as_str),
            Some("speech")
        );
        assert!(!ids(&items, &ranked).contains(&"hydrogen".to_string()));
    }

    #[test]
    fn an_unrelated_question_gets_no_suggestion() {
        let items = corpus();
        let index = Index::build(&items);
        for text in [
            "Hoeveel verlofdagen mag ik meenemen naar volgend jaar?",
            "Waarom is de kantine op vrijdag dicht?",
        ] {
            assert_eq!(suggest(&index, text, &RankOptions::default()), [], "{text}");
        }
    }

    #[test]
    fn a_few_shared_common_words_are_not_enough() {
        let items = corpus();
        let index = Index::build(&items);
        // "vijf jaar" is in the hydrogen item, but the question is about something else.
        let text = "Kan ik na vijf jaar dienst een extra week verlof krijgen?";
        assert_eq!(suggest(&index, text, &RankOptions::default()), []);
    }

    #[test]
    fn two_words_are_not_enough_to_look() {
        assert!(!worth_looking("Hoe werkt spraakherkenning"));
        assert!(
            !worth_looking("Is er AI in de BRP?"),
            "short words do not count"
        );
        assert!(!worth_looking(""));
        assert!(worth_looking(
            "Wie gebruikt spraakherkenning bij klantcontact"
        ));
        let items = corpus();
        let index = Index::build(&items);
        let options = RankOptions::default();
        assert_eq!(suggest(&index, "spraakherkenning telefoon", &options), []);
    }

    #[test]
    fn at_most_three_suggestions_best_first() {
        let items: Vec<Item> = (0..6)
            .map(|i| {
                item(
                    &format!("speech-{i}"),
                    "Spraakherkenning aan de telefoon",
                    &"Bellers met spraakherkenning doorverbinden. ".repeat(i + 1),
                    &["spraakherkenning"],
                    &format!("Organisatie {i}"),
                )
            })
            .chain(corpus())
            .collect();
        let index = Index::build(&items);
        let text = "Wie verbindt bellers door met spraakherkenning aan de telefoon?";
        let ranked = suggest(&index, text, &RankOptions::default());
        assert_eq!(ranked.len(), MAX);
        assert!(ranked.windows(2).all(|w| w[0].score >= w[1].score));
        let one = RankOptions {
            limit: 1,
            ..RankOptions::default()
        };
        assert_eq!(suggest(&index, text, &one), ranked[..1]);
        let many = RankOptions {
            limit: 10,
            ..RankOptions::default()
        };
        assert_eq!(suggest(&index, text, &many), ranked, "never more than MAX");
    }

    #[test]
    fn an_answered_question_is_suggested_like_a_project() {
        let asked = PublicQuestion {
            id: "q1".into(),
            question: "Welke provincie rijdt al met waterstofbussen in het streekvervoer?".into(),
            topics: vec!["waterstof".into()],
            organisation: Some("Provincie Drenthe".into()),
            name: None,
            email: None,
            status: QuestionStatus::Answered,
            answer: None,
            answer_url: None,
            created_at: "2026-10-01T10:00:00Z".into(),
            updated_at: None,
        };
        let mut items = corpus();
        items.push(asked.to_item());
        let index = Index::build(&items);
        let text = "Hebben jullie ervaring met waterstofbussen in het streekvervoer?";
        let found = ids(&items, &suggest(&index, text, &RankOptions::default()));
        assert!(found.contains(&"q1".to_string()), "{found:?}");
        assert!(found.contains(&"hydrogen".to_string()), "{found:?}");
        let mine = RankOptions {
            exclude_organisation: Some("Provincie Groningen"),
            ..RankOptions::default()
        };
        let found = ids(&items, &suggest(&index, text, &mine));
        assert!(
            !found.contains(&"hydrogen".to_string()),
            "the host's own work is left out"
        );
    }

    #[test]
    fn the_question_is_read_as_a_page_would_be() {
        let index = Index::build(&corpus());
        let query = query(&index, "Wie test spraakherkenning – of een voicebot?");
        let stems: Vec<&str> = query.terms.iter().map(|t| t.stem.as_str()).collect();
        assert!(
            stems.contains(&"voicebot"),
            "nothing is cut as a site name: {stems:?}"
        );
        assert!(
            !stems.contains(&"wie"),
            "stop words are left out: {stems:?}"
        );
        assert!(
            query.phrases.is_empty(),
            "a question has no topics to match tags with"
        );
    }
}
