//! The suggestions as they cross from the cards module to the question form's module: one
//! string, the fields of every suggestion separated by U+001F (the unit separator), so
//! that neither module needs a serialiser, nor the glue between them a list. No field can
//! hold that character: feed texts and questions are checked for control characters
//! before they are shown or stored, and links cannot contain one.

/// A match for the question being typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Whether it is an answered question (else a project from the feed).
    pub question: bool,
    /// The question's text or the project's title.
    pub title: String,
    /// Where it is read: the project's page, or the question's id (the form's module makes
    /// the address of its page, as it does for a question just asked).
    pub target: String,
    /// The project's organisation; empty for a question.
    pub organisation: String,
}

/// Between two fields.
const SEPARATOR: char = '\u{1f}';

impl Suggestion {
    /// Adds this suggestion to `out`, as [`Suggestion::read_all`] reads it.
    pub fn write(&self, out: &mut String) {
        for field in [
            if self.question { "question" } else { "project" },
            &self.title,
            &self.target,
            &self.organisation,
        ] {
            out.push_str(field);
            out.push(SEPARATOR);
        }
    }

    /// Reads the suggestions [`Suggestion::write`] wrote one after the other; an
    /// incomplete last one is left out.
    pub fn read_all(text: &str) -> Vec<Suggestion> {
        let fields: Vec<&str> = text.split(SEPARATOR).collect();
        fields
            .chunks_exact(4)
            .map(|s| Suggestion {
                question: s[0] == "question",
                title: s[1].to_string(),
                target: s[2].to_string(),
                organisation: s[3].to_string(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_cross_as_one_string_and_back() {
        let list = [
            Suggestion {
                question: true,
                title: "Wie werkt met spraak?".into(),
                target: "q1".into(),
                organisation: String::new(),
            },
            Suggestion {
                question: false,
                title: "Spraakherkenning, \"aan\" de telefoon".into(),
                target: "https://uwv.example/spraak".into(),
                organisation: "UWV".into(),
            },
        ];
        let mut text = String::new();
        list.iter().for_each(|s| s.write(&mut text));
        assert_eq!(Suggestion::read_all(&text), list);
        assert_eq!(Suggestion::read_all(""), []);
        let mut cut = String::new();
        list[0].write(&mut cut);
        cut.push_str("project\u{1f}Half");
        assert_eq!(
            Suggestion::read_all(&cut),
            list[..1],
            "an incomplete one is left out"
        );
    }
}
