//! Which questions a page shows: ranked for the page with the index and page query the
//! questions' pack gives (`elders_core::question::pack`), built by the same code as the
//! projects', then split into open questions (which a reader might answer) and answered
//! ones (knowledge), at most [`SHOWN`] of each. Pure, unit-tested natively.

use elders_core::question::pack::PackedQuestions;
use elders_core::rank::RankOptions;

/// Most questions shown of each kind.
pub const SHOWN: usize = 3;

/// The questions to show, as indices into the pack's items, best first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub open: Vec<usize>,
    pub answered: Vec<usize>,
}

impl Selection {
    /// How many questions are shown in all.
    pub fn len(&self) -> usize {
        self.open.len() + self.answered.len()
    }

    /// Whether none is shown.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Ranks the `questions` read for the page and keeps the best [`SHOWN`] open and
/// answered ones. `options.limit` is ignored: every match is ranked before the split.
pub fn select(questions: &PackedQuestions, options: RankOptions<'_>) -> Selection {
    let loaded = &questions.loaded;
    let mut selection = Selection::default();
    // A pack read for a page always has the page's query.
    let Some(query) = &loaded.query else {
        return selection;
    };
    let options = RankOptions {
        limit: loaded.parsed.feed.items.len(),
        ..options
    };
    for ranked in loaded.index.rank(query, &options) {
        let list = if questions.answered.get(ranked.index) == Some(&true) {
            &mut selection.answered
        } else {
            &mut selection.open
        };
        if list.len() < SHOWN {
            list.push(ranked.index);
        }
    }
    selection
}

#[cfg(test)]
mod tests {
    use super::*;
    use elders_core::question::pack;
    use elders_core::{PageContext, PublicQuestion, QuestionStatus};

    /// The questions as the cards module reads them: through their pack, for `page`.
    fn read(questions: &[(PublicQuestion, bool)], page: &PageContext) -> PackedQuestions {
        pack::read_for_page(&pack::write(questions, false), page).unwrap()
    }

    fn question(id: &str, text: &str, topics: &[&str], answered: bool) -> (PublicQuestion, bool) {
        let question = PublicQuestion {
            id: id.into(),
            question: text.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            organisation: Some("SVB".into()),
            name: None,
            email: None,
            status: QuestionStatus::Approved,
            answer: None,
            answer_url: None,
            created_at: "2026-11-01T10:00:00Z".into(),
            updated_at: None,
        };
        (question, answered)
    }

    #[test]
    fn matching_questions_are_split_into_open_and_answered_best_first() {
        let questions = vec![
            question(
                "q1",
                "Wie gebruikt spraakherkenning aan de telefoon?",
                &["spraak"],
                false,
            ),
            question(
                "q2",
                "Hoe regel ik een parkeervergunning?",
                &["parkeren"],
                false,
            ),
            question(
                "q3",
                "Werkt spraakherkenning voor dialecten?",
                &["spraak"],
                true,
            ),
            question(
                "q4",
                "Spraakherkenning en spraak in het klantcontact: wie?",
                &["spraak", "klantcontact"],
                false,
            ),
        ];
        let page = PageContext {
            topics: vec!["spraak".into(), "klantcontact".into()],
            title: Some("Spraakherkenning in het klantcontact".into()),
            ..PageContext::default()
        };
        let selection = select(&read(&questions, &page), RankOptions::default());
        assert_eq!(selection.answered, [2]);
        assert_eq!(
            selection.open,
            [3, 0],
            "the closer match first; parking not at all"
        );
        assert_eq!(selection.len(), 3);
    }

    #[test]
    fn at_most_three_of_each_kind_are_shown() {
        let questions: Vec<_> = (0..8)
            .map(|n| {
                question(
                    &format!("q{n}"),
                    "Spraakherkenning bij de overheid?",
                    &["spraak"],
                    n % 2 == 1,
                )
            })
            .collect();
        let page = PageContext {
            topics: vec!["spraak".into()],
            ..PageContext::default()
        };
        let selection = select(&read(&questions, &page), RankOptions::default());
        assert_eq!(
            (selection.open.len(), selection.answered.len()),
            (SHOWN, SHOWN)
        );
    }
}
