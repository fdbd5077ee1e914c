//! A `publiccode.yml` → one item. The standard for public code's metadata file (the
//! government's open-source register reads it), mapped onto the feed:
//!
//! | `publiccode.yml` | item |
//! |---|---|
//! | `url` (the repository) | `id` |
//! | `description.nl.localisedName`, else `name` | `title` |
//! | `description.{nl,en,…}.shortDescription` (Dutch first) | `summary`, `language` |
//! | its `longDescription` | `content_text` |
//! | `landingURL`, else `url` | `url` |
//! | `developmentStatus` | `_elders.phase` (concept → idea, development → experiment, beta → pilot, stable → in use, obsolete → stopped) |
//! | `organisation.name` and `.uri`, else `legal.repoOwner`, else `legal.mainCopyrightOwner` | `_elders.organisation` |
//! | `categories` and the description's `features` | `tags` |
//! | `maintenance.contacts[0]` | `_elders.contact` |
//! | `releaseDate` | `date_modified` |

use elders_core::validate::Severity;
use serde_json::{json, Map, Value};

use super::{Draft, ImportProblem, Origin};

/// The item of one `publiccode.yml` (named `file` in the report), and what was noted
/// reading it; `Err` with the reason when it is not YAML with a mapping at its top.
pub fn read(file: &str, text: &str) -> Result<(Draft, Vec<ImportProblem>), String> {
    let yaml: Value = yaml_serde::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
    if !yaml.is_object() {
        return Err("not a publiccode.yml: its top is not a mapping of keys".into());
    }
    let origin = Origin::File(file.to_string());
    let mut problems = Vec::new();
    let note = |problems: &mut Vec<ImportProblem>, key: &str, message: String| {
        problems.push(ImportProblem {
            origin: origin.clone(),
            field: Some(key.into()),
            message,
            severity: Severity::Warning,
        })
    };
    let text_at = |pointer: &str| {
        yaml.pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let (lang, description) = description(&yaml);
    let mut item = Map::new();
    if let Some(id) = text_at("/url") {
        item.insert("id".into(), id.into());
    }
    let title = description
        .and_then(|d| d.get("localisedName"))
        .and_then(Value::as_str)
        .or_else(|| text_at("/name"));
    if let Some(title) = title {
        item.insert("title".into(), title.into());
    }
    if let Some(d) = description {
        for (key, field) in [
            ("shortDescription", "summary"),
            ("longDescription", "content_text"),
        ] {
            if let Some(text) = d.get(key).and_then(Value::as_str) {
                item.insert(field.into(), text.trim().into());
            }
        }
    }
    if let Some(lang) = lang {
        item.insert("language".into(), lang.into());
    }
    if let Some(url) = text_at("/landingURL").or_else(|| text_at("/url")) {
        item.insert("url".into(), url.into());
    }
    if let Some(date) = text_at("/releaseDate") {
        item.insert("date_modified".into(), format!("{date}T00:00:00Z").into());
    }
    let mut tags: Vec<Value> = strings(yaml.pointer("/categories"));
    if let Some(d) = description {
        tags.extend(strings(d.get("features")));
    }
    if !tags.is_empty() {
        item.insert("tags".into(), tags.into());
    }
    let mut elders = Map::new();
    let organisation = text_at("/organisation/name")
        .or_else(|| text_at("/legal/repoOwner"))
        .or_else(|| text_at("/legal/mainCopyrightOwner"));
    match organisation {
        Some(name) => {
            let mut organisation = json!({ "name": name });
            if let Some(uri) = text_at("/organisation/uri") {
                organisation["uri"] = uri.into();
            }
            elders.insert("organisation".into(), organisation);
        }
        None => note(
            &mut problems,
            "organisation",
            "names no organisation (organisation.name, legal.repoOwner or legal.mainCopyrightOwner): \
             without one, the widget cannot tell whether the work is elsewhere"
                .into(),
        ),
    }
    if let Some(status) = text_at("/developmentStatus") {
        match phase(status) {
            Some(phase) => {
                elders.insert("phase".into(), phase.into());
            }
            None => note(
                &mut problems,
                "developmentStatus",
                format!("{status:?} is not one of concept, development, beta, stable, obsolete; no phase"),
            ),
        }
    }
    if let Some(contact) = yaml.pointer("/maintenance/contacts/0") {
        let mut fields = Map::new();
        for key in ["name", "email"] {
            if let Some(value) = contact.get(key).and_then(Value::as_str) {
                fields.insert(key.into(), value.trim().into());
            }
        }
        if !fields.is_empty() {
            elders.insert("contact".into(), fields.into());
        }
    }
    if !elders.is_empty() {
        item.insert("_elders".into(), elders.into());
    }
    Ok((
        Draft {
            origin,
            item: item.into(),
        },
        problems,
    ))
}

/// The description to use and its language: Dutch, else English, else the first.
fn description(yaml: &Value) -> (Option<&str>, Option<&Value>) {
    let Some(all) = yaml.get("description").and_then(Value::as_object) else {
        return (None, None);
    };
    for lang in ["nl", "en"] {
        if let Some(d) = all.get(lang) {
            return (Some(lang), Some(d));
        }
    }
    match all.iter().next() {
        Some((lang, d)) => (Some(lang.as_str()), Some(d)),
        None => (None, None),
    }
}

fn strings(list: Option<&Value>) -> Vec<Value> {
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|s| Value::from(s.trim()))
        .collect()
}

/// `developmentStatus` → the feed's phase.
fn phase(status: &str) -> Option<&'static str> {
    Some(match status {
        "concept" => "idea",
        "development" => "experiment",
        "beta" => "pilot",
        "stable" => "in_use",
        "obsolete" => "stopped",
        _ => return None,
    })
}

/// The key a feed path (below the item) comes from.
pub fn key(path: &str) -> Option<String> {
    let path = path.split('[').next().unwrap_or(path);
    Some(
        match path {
            "id" => "url",
            "title" => "name",
            "summary" => "description.*.shortDescription",
            "content_text" => "description.*.longDescription",
            "url" => "landingURL",
            "tags" => "categories",
            "date_modified" => "releaseDate",
            "_elders.phase" => "developmentStatus",
            "_elders.organisation" | "_elders.organisation.name" => "organisation.name",
            "_elders.organisation.uri" => "organisation.uri",
            other if other.starts_with("_elders.contact") => "maintenance.contacts",
            _ => return None,
        }
        .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_become_phases() {
        assert_eq!(phase("stable"), Some("in_use"));
        assert_eq!(phase("concept"), Some("idea"));
        assert_eq!(phase("Stable"), None);
    }

    #[test]
    fn not_a_mapping_is_refused() {
        assert!(read("x.yml", "- a\n- b\n").is_err());
        assert!(read("x.yml", "name: [unclosed").is_err());
    }
}
