//! A spreadsheet exported as CSV → items. The header names the columns (any order; see
//! [`COLUMNS`]); lists in a cell are `;`-separated. Spreadsheets export in more than one
//! way, and each is read: UTF-8 with or without a byte-order mark, `,` or `;` between
//! cells (Dutch Excel writes `;`), quoted cells with line breaks in them.

use elders_core::feed::Phase;
use elders_core::validate::Severity;
use elders_core::Lang;
use serde_json::{Map, Value};

use super::{list, Draft, ImportProblem, Origin};

/// The columns an import reads, as `DESIGN`'s header lists them.
pub const COLUMNS: [&str; 15] = [
    "id",
    "title",
    "summary",
    "url",
    "organisation",
    "organisation_uri",
    "phase",
    "themes",
    "tags",
    "start_date",
    "end_date",
    "outcome",
    "contact_name",
    "contact_email",
    "contact_url",
];

/// Columns without which no row can be an item.
const REQUIRED: [&str; 3] = ["id", "title", "summary"];

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The first row is not a header with the columns an item needs.
    #[error("the first row must be the header, with at least the columns {missing}; the full header is: {}", COLUMNS.join(","))]
    Header {
        /// The required columns it lacks.
        missing: String,
    },
    /// Nothing to read.
    #[error("the file is empty")]
    Empty,
}

/// The items of a CSV file, and the problems found reading it (a cell with a value the
/// feed has no word for, a column no item has, a row that is not text).
pub fn read(bytes: &[u8]) -> Result<(Vec<Draft>, Vec<ImportProblem>), CsvError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CsvError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(bytes))
        .flexible(true)
        .from_reader(bytes);
    let header: Vec<String> = reader
        .byte_headers()
        .map_err(|_| CsvError::Empty)?
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_lowercase())
        .collect();
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|r| !header.iter().any(|h| h == r))
        .collect();
    if !missing.is_empty() {
        return Err(CsvError::Header {
            missing: missing.join(", "),
        });
    }
    let mut problems = Vec::new();
    for name in header.iter().filter(|h| !h.is_empty()) {
        if !COLUMNS.contains(&name.as_str()) {
            problems.push(ImportProblem {
                origin: Origin::Row(1),
                field: Some(name.clone()),
                message: format!(
                    "not a column an import reads; it is left out (the columns: {})",
                    COLUMNS.join(",")
                ),
                severity: Severity::Warning,
            });
        }
    }
    let mut drafts = Vec::new();
    for (index, record) in reader.byte_records().enumerate() {
        let origin = Origin::Row(index + 2);
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                problems.push(ImportProblem {
                    origin,
                    field: None,
                    message: format!("cannot be read: {error}"),
                    severity: Severity::Error,
                });
                continue;
            }
        };
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            continue; // an empty row, as spreadsheets leave at the end
        }
        let mut cells = Map::new();
        for (name, cell) in header.iter().zip(record.iter()) {
            match std::str::from_utf8(cell) {
                Ok(text) if !text.trim().is_empty() => {
                    cells.insert(name.clone(), Value::from(text.trim()));
                }
                Ok(_) => {}
                Err(_) => problems.push(ImportProblem {
                    origin: origin.clone(),
                    field: Some(name.clone()),
                    message: "not UTF-8 text; save the sheet as \"CSV UTF-8\"".into(),
                    severity: Severity::Warning,
                }),
            }
        }
        let item = item(&cells, &origin, &mut problems);
        drafts.push(Draft { origin, item });
    }
    Ok((drafts, problems))
}

/// `;` when the header has more of them than `,`, outside quotes: Dutch spreadsheets
/// write `;` because `,` is their decimal comma.
fn delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// One row's item, in the feed's shape; a phase that names none is reported and left out.
fn item(cells: &Map<String, Value>, origin: &Origin, problems: &mut Vec<ImportProblem>) -> Value {
    let text = |name: &str| cells.get(name).and_then(Value::as_str);
    let mut item = Map::new();
    for name in ["id", "title", "summary", "url"] {
        if let Some(value) = text(name) {
            item.insert(name.into(), value.into());
        }
    }
    if let Some(tags) = text("tags") {
        item.insert("tags".into(), list(tags).into());
    }
    let mut elders = Map::new();
    if let Some(name) = text("organisation") {
        let mut organisation = Map::new();
        organisation.insert("name".into(), name.into());
        if let Some(uri) = text("organisation_uri") {
            organisation.insert("uri".into(), uri.into());
        }
        elders.insert("organisation".into(), organisation.into());
    }
    if let Some(phase) = text("phase") {
        match phase_named(phase) {
            Some(phase) => {
                elders.insert("phase".into(), phase.as_str().into());
            }
            None => problems.push(ImportProblem {
                origin: origin.clone(),
                field: Some("phase".into()),
                message: format!(
                    "{phase:?} is not a phase; it is left out (one of {}, or the Dutch or English label)",
                    Phase::ALL.map(Phase::as_str).join(", ")
                ),
                severity: Severity::Warning,
            }),
        }
    }
    if let Some(themes) = text("themes") {
        elders.insert("themes".into(), list(themes).into());
    }
    for name in ["start_date", "end_date", "outcome"] {
        if let Some(value) = text(name) {
            elders.insert(name.into(), value.into());
        }
    }
    let mut contact = Map::new();
    for (column, key) in [
        ("contact_name", "name"),
        ("contact_email", "email"),
        ("contact_url", "url"),
    ] {
        if let Some(value) = text(column) {
            contact.insert(key.into(), value.into());
        }
    }
    if !contact.is_empty() {
        elders.insert("contact".into(), contact.into());
    }
    if !elders.is_empty() {
        item.insert("_elders".into(), elders.into());
    }
    item.into()
}

/// A phase by its wire name or its Dutch or English label, in any case: a spreadsheet's
/// drop-down says "In gebruik", the feed `in_use`.
fn phase_named(name: &str) -> Option<Phase> {
    let key = name.trim().to_lowercase().replace([' ', '-'], "_");
    Phase::ALL.into_iter().find(|p| {
        p.as_str() == key
            || [Lang::Nl, Lang::En]
                .into_iter()
                .any(|lang| p.label(lang).to_lowercase().replace(' ', "_") == key)
    })
}

/// The column a feed path (below the item) comes from.
pub fn column(path: &str) -> Option<String> {
    let path = path.split('[').next().unwrap_or(path);
    let column = match path {
        "id" | "title" | "summary" | "url" | "tags" => path,
        "_elders.organisation" | "_elders.organisation.name" => "organisation",
        "_elders.organisation.uri" => "organisation_uri",
        "_elders.contact.name" => "contact_name",
        "_elders.contact.email" => "contact_email",
        "_elders.contact.url" | "_elders.contact" => "contact_url",
        other => other.strip_prefix("_elders.")?,
    };
    Some(column.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_are_read_by_wire_name_and_by_label() {
        assert_eq!(phase_named("in_use"), Some(Phase::InUse));
        assert_eq!(phase_named("In gebruik"), Some(Phase::InUse));
        assert_eq!(phase_named("Scaling up"), Some(Phase::Scaling));
        assert_eq!(phase_named("opschalen"), Some(Phase::Scaling));
        assert_eq!(phase_named("klaar"), None);
    }

    #[test]
    fn the_delimiter_is_what_the_header_uses_outside_quotes() {
        assert_eq!(delimiter(b"id;title;summary\n1,2;3"), b';');
        assert_eq!(delimiter(b"id,title,summary\n"), b',');
        assert_eq!(delimiter(b"\"a;b;c\",title\n"), b',');
    }

    #[test]
    fn feed_paths_map_back_to_columns() {
        assert_eq!(
            column("_elders.organisation.uri").as_deref(),
            Some("organisation_uri")
        );
        assert_eq!(column("tags[2]").as_deref(), Some("tags"));
        assert_eq!(column("_elders.start_date").as_deref(), Some("start_date"));
        assert_eq!(
            column("_elders.contact.email").as_deref(),
            Some("contact_email")
        );
    }

    #[test]
    fn a_header_without_the_needed_columns_is_refused() {
        let error = read(b"naam;omschrijving\nx;y\n").unwrap_err();
        assert!(error.to_string().contains("id, title, summary"), "{error}");
        assert_eq!(read(b"\xEF\xBB\xBF \n").unwrap_err(), CsvError::Empty);
    }
}
