//! The languages Elders speaks. Dutch is the default: the audience is Dutch government.

/// A user-interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Dutch, the default.
    #[default]
    Nl,
    /// English.
    En,
}

impl Lang {
    /// Reads a BCP 47 tag such as `nl`, `nl-NL` or `en-GB`; anything else is `None` so that
    /// the caller can fall back to the next source (e.g. `<html lang>`).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_subtags_and_case_are_ignored() {
        assert_eq!(Lang::from_tag("nl-NL"), Some(Lang::Nl));
        assert_eq!(Lang::from_tag(" EN_gb "), Some(Lang::En));
        assert_eq!(Lang::from_tag("fy"), None);
        assert_eq!(Lang::from_tag(""), None);
    }
}
