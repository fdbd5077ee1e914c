//! The feed model: JSON Feed 1.1 plus the `_elders` extension (see the README's feed
//! publisher section). Values of these types have passed [`crate::validate`]: required text
//! is present and within limits, links are safe, dates parse. Serialising a [`Feed`] gives a
//! valid feed again, which is how the server publishes the merged feed.

use serde::{Deserialize, Serialize};

/// The JSON Feed version Elders writes and prefers to read.
pub const JSON_FEED_VERSION: &str = "https://jsonfeed.org/version/1.1";

/// A whole feed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feed {
    /// The JSON Feed version URL.
    pub version: String,
    /// The feed's name.
    pub title: String,
    /// The publisher's home page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_page_url: Option<String>,
    /// Where this feed lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_url: Option<String>,
    /// What the feed is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The feed's main language (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The projects and experiments.
    pub items: Vec<Item>,
}

/// One project or experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Stable and unique within the feed; the server de-duplicates merged feeds by it.
    pub id: String,
    /// A safe (`https:`/`http:`) link to the project page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The project's name.
    pub title: String,
    /// One to three sentences, plain text.
    pub summary: String,
    /// Longer plain-text description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_text: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    /// Topic words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The item's language (BCP 47).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// JSON Feed authors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// The Elders extension.
    #[serde(rename = "_elders", default, skip_serializing_if = "Option::is_none")]
    pub elders: Option<Elders>,
}

impl Item {
    /// The most recent of `date_modified` and `date_published`, in Unix seconds.
    pub fn updated_at(&self) -> Option<i64> {
        let modified = self
            .date_modified
            .as_deref()
            .and_then(crate::date::parse_rfc3339);
        let published = self
            .date_published
            .as_deref()
            .and_then(crate::date::parse_rfc3339);
        modified.max(published)
    }

    /// The lead organisation, when the item names one.
    pub fn organisation(&self) -> Option<&Organisation> {
        self.elders.as_ref()?.organisation.as_ref()
    }
}

/// A JSON Feed author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Author {
    /// The author's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A safe link about the author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// The `_elders` extension of an item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Elders {
    /// Who leads the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
    /// Who else takes part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<Organisation>,
    /// How far the work is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Broader themes, matched like tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Lessons learned: what worked and what did not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Whom to ask.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The feed this item was taken from, set by a server that merges several feeds
    /// (provenance: which organisation's feed to ask about a wrong item).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_feed: Option<String>,
}

/// A government organisation, by name and ideally by TOOI URI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    /// The organisation's name as people know it.
    pub name: String,
    /// A stable identifier, preferably a TOOI URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

impl Organisation {
    /// Whether `who` (a URI or a name, as an admin writes it in `data-organisation`) names
    /// this organisation. URIs compare without case and trailing slash; names without case,
    /// diacritics and extra spaces.
    pub fn is(&self, who: &str) -> bool {
        OrganisationKey::of(self).matches(&OrganisationKey::host(who))
    }
}

/// An organisation reduced to what identity comparisons need, computed once so that
/// ranking thousands of items does not fold the same names again for every query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationKey {
    /// The URI without case and trailing slash.
    uri: Option<String>,
    /// The name without case, diacritics and extra spaces.
    name: String,
}

impl OrganisationKey {
    fn uri_key(uri: &str) -> String {
        uri.trim().trim_end_matches('/').to_ascii_lowercase()
    }

    /// The key of an item's organisation.
    pub fn of(organisation: &Organisation) -> OrganisationKey {
        OrganisationKey {
            uri: organisation.uri.as_deref().map(Self::uri_key),
            name: crate::text::phrase_key(&organisation.name),
        }
    }

    /// The key of how an admin names the host (`data-organisation`): a URI or a name.
    pub fn host(who: &str) -> OrganisationKey {
        OrganisationKey {
            uri: Some(Self::uri_key(who)),
            name: crate::text::phrase_key(who),
        }
    }

    /// The key's two parts, for writing it into a pack ([`crate::pack`]).
    pub(crate) fn parts(&self) -> (Option<&str>, &str) {
        (self.uri.as_deref(), &self.name)
    }

    /// A key from the parts [`OrganisationKey::parts`] gave.
    pub(crate) fn from_parts(uri: Option<String>, name: String) -> OrganisationKey {
        OrganisationKey { uri, name }
    }

    /// Whether an item's organisation (`self`) is the host.
    pub fn matches(&self, host: &OrganisationKey) -> bool {
        if host.name.is_empty() {
            return false;
        }
        (self.uri.is_some() && self.uri == host.uri) || self.name == host.name
    }
}

/// How far a project is. `stopped` projects stay in feeds: what they learned is the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// An idea, not yet explored.
    Idea,
    /// Exploring the problem and options.
    Exploration,
    /// A bounded experiment.
    Experiment,
    /// A pilot with real users.
    Pilot,
    /// Being rolled out more widely.
    Scaling,
    /// In everyday use.
    InUse,
    /// Stopped; see the outcome for why.
    Stopped,
}

impl Phase {
    /// Every phase, in the order a project goes through them.
    pub const ALL: [Phase; 7] = [
        Phase::Idea,
        Phase::Exploration,
        Phase::Experiment,
        Phase::Pilot,
        Phase::Scaling,
        Phase::InUse,
        Phase::Stopped,
    ];

    /// The wire name, e.g. `in_use`.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Idea => "idea",
            Phase::Exploration => "exploration",
            Phase::Experiment => "experiment",
            Phase::Pilot => "pilot",
            Phase::Scaling => "scaling",
            Phase::InUse => "in_use",
            Phase::Stopped => "stopped",
        }
    }

    /// Parses a wire name.
    pub fn parse(s: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// A label for people, in plain language.
    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        use crate::lang::Lang::{En, Nl};
        match (self, lang) {
            (Phase::Idea, Nl) => "Idee",
            (Phase::Exploration, Nl) => "Verkenning",
            (Phase::Experiment, Nl) => "Experiment",
            (Phase::Pilot, Nl) => "Pilot",
            (Phase::Scaling, Nl) => "Opschalen",
            (Phase::InUse, Nl) => "In gebruik",
            (Phase::Stopped, Nl) => "Gestopt",
            (Phase::Idea, En) => "Idea",
            (Phase::Exploration, En) => "Exploration",
            (Phase::Experiment, En) => "Experiment",
            (Phase::Pilot, En) => "Pilot",
            (Phase::Scaling, En) => "Scaling up",
            (Phase::InUse, En) => "In use",
            (Phase::Stopped, En) => "Stopped",
        }
    }
}

/// Whom to contact about an item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    /// A team or role name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// An e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// A safe web link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_matches_by_uri_or_by_name() {
        let svb = Organisation {
            name: "Sociale Verzekeringsbank".into(),
            uri: Some("https://identifier.overheid.nl/tooi/id/zbo/zb000143".into()),
        };
        assert!(svb.is("https://identifier.overheid.nl/tooi/id/zbo/zb000143/"));
        assert!(svb.is("HTTPS://IDENTIFIER.OVERHEID.NL/tooi/id/zbo/zb000143"));
        assert!(svb.is("  sociale   verzekeringsbank "));
        assert!(!svb.is("UWV"));
        assert!(!svb.is(""));
    }

    #[test]
    fn phases_round_trip_their_wire_names() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Some(p));
        }
        assert_eq!(Phase::parse("In_use"), None);
    }
}
