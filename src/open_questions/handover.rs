//! What the cards module hands the answers module when a reader opens the questions panel:
//! the ids of the questions chosen for the page, best first, in one string, so that the
//! glue between the modules passes one value. The answers module reads the questions
//! themselves, with their answers, from the questions API's JSON. Pure, unit-tested
//! natively.

/// The questions chosen for this page: their ids, best first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub open: Vec<String>,
    pub answered: Vec<String>,
}

impl Chosen {
    /// How many questions the panel shows.
    pub fn len(&self) -> usize {
        self.open.len() + self.answered.len()
    }

    /// Whether it shows none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// One line of open ids, then one of answered ids (each separated by spaces: ids have
    /// none).
    pub fn encode(&self) -> String {
        format!("{}\n{}", self.open.join(" "), self.answered.join(" "))
    }

    /// Reads what [`Chosen::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Chosen> {
        let (open, answered) = text.split_once('\n')?;
        let ids = |line: &str| line.split_whitespace().map(str::to_string).collect();
        Some(Chosen {
            open: ids(open),
            answered: ids(answered),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_questions_cross_as_one_string_and_back() {
        let chosen = Chosen {
            open: vec!["q1".into(), "q2".into()],
            answered: vec!["q3".into()],
        };
        assert_eq!(Chosen::decode(&chosen.encode()), Some(chosen.clone()));
        assert_eq!(chosen.len(), 3);
        assert_eq!(Chosen::decode("q1 q2"), None);
        assert_eq!(
            Chosen::decode(&Chosen::default().encode()),
            Some(Chosen::default())
        );
        assert!(Chosen::default().is_empty());
    }
}
