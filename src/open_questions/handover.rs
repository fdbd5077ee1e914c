//! What the cards module hands the answers module when a reader opens the questions panel:
//! the questions chosen for the page (their ids, best first) and the questions API's body
//! they were read from, in one string, so that the glue between the modules passes one
//! value. Pure, unit-tested natively.

/// The questions chosen for this page: the body they came in and their ids, best first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Chosen {
    pub body: String,
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

    /// One line of open ids, one of answered ids (each separated by spaces: ids have
    /// none), then the body.
    pub fn encode(&self) -> String {
        format!(
            "{}\n{}\n{}",
            self.open.join(" "),
            self.answered.join(" "),
            self.body
        )
    }

    /// Reads what [`Chosen::encode`] wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Chosen> {
        let (open, rest) = text.split_once('\n')?;
        let (answered, body) = rest.split_once('\n')?;
        let ids = |line: &str| line.split_whitespace().map(str::to_string).collect();
        Some(Chosen {
            body: body.to_string(),
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
            body: "{\"items\": [\n]}".into(),
            open: vec!["q1".into(), "q2".into()],
            answered: vec![],
        };
        assert_eq!(Chosen::decode(&chosen.encode()), Some(chosen.clone()));
        assert_eq!(chosen.len(), 2);
        assert_eq!(Chosen::decode("q1 q2"), None);
        assert!(Chosen::default().is_empty());
    }
}
