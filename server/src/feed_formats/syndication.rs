//! RSS 2.0 and Atom (what most government sites publish), read by feed-rs and written as
//! the JSON Feed 1.1 items they amount to, for [`super::fill`] and then core's checks: an
//! entry's id, title, first link, dates, categories (as tags) and authors; its content
//! (`content:encoded`, Atom's `content`) or else its description or summary as
//! `content_html` or `content_text`, from which the summary is made. Titles are plain
//! text (an HTML title is reduced to its text); HTML is never passed on as HTML: core
//! keeps no `content_html`, only the plain summary made from it.

use elders_core::feed::JSON_FEED_VERSION;
use feed_rs::model::{Entry, Text};
use serde_json::{json, Map, Value};

use super::html_text::plain_text;

/// The JSON Feed that an RSS or Atom document amounts to; `Err` with why it is neither.
pub fn to_json_feed(text: &str) -> Result<Value, String> {
    let feed = feed_rs::parser::parse(text.as_bytes())
        .map_err(|e| format!("the feed is neither JSON nor RSS or Atom: {e}"))?;
    let mut out = json!({
        "version": JSON_FEED_VERSION,
        "title": feed.title.as_ref().map(plain).filter(|t| !t.is_empty()).unwrap_or_else(|| "Feed".into()),
        "items": feed.entries.iter().map(item).collect::<Vec<_>>(),
    });
    if let Some(link) = feed.links.iter().find(|l| l.rel.as_deref() != Some("self")) {
        out["home_page_url"] = link.href.clone().into();
    }
    if let Some(language) = &feed.language {
        out["language"] = language.clone().into();
    }
    let authors: Vec<Value> = feed
        .authors
        .iter()
        .filter(|a| !a.name.trim().is_empty())
        .map(|a| json!({ "name": a.name.trim() }))
        .collect();
    if !authors.is_empty() {
        out["authors"] = authors.into();
    }
    Ok(out)
}

/// A text construct as plain text: HTML reduced to its text, plain text as it is.
fn plain(text: &Text) -> String {
    if is_html(text.content_type.as_ref()) {
        plain_text(&text.content)
    } else {
        text.content
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn is_html(media_type: &str) -> bool {
    media_type.contains("html")
}

fn item(entry: &Entry) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), entry.id.clone().into());
    if let Some(title) = entry.title.as_ref().map(plain).filter(|t| !t.is_empty()) {
        item.insert("title".into(), title.into());
    }
    if let Some(link) = entry
        .links
        .iter()
        .find(|l| matches!(l.rel.as_deref(), None | Some("alternate")))
        .or(entry.links.first())
    {
        item.insert("url".into(), link.href.clone().into());
    }
    let body = entry
        .content
        .as_ref()
        .and_then(|c| Some((c.body.clone()?, c.content_type.to_string())))
        .or_else(|| {
            let text = entry.summary.as_ref()?;
            Some((text.content.clone(), text.content_type.to_string()))
        });
    if let Some((body, media_type)) = body {
        let field = if is_html(&media_type) {
            "content_html"
        } else {
            "content_text"
        };
        item.insert(field.into(), body.into());
    }
    if let Some(published) = entry.published {
        item.insert("date_published".into(), published.to_rfc3339().into());
    }
    if let Some(updated) = entry.updated {
        item.insert("date_modified".into(), updated.to_rfc3339().into());
    }
    let tags: Vec<Value> = entry
        .categories
        .iter()
        .map(|c| c.label.clone().unwrap_or_else(|| c.term.clone()))
        .filter(|t| !t.trim().is_empty())
        .map(Value::from)
        .collect();
    if !tags.is_empty() {
        item.insert("tags".into(), tags.into());
    }
    let authors: Vec<Value> = entry
        .authors
        .iter()
        .filter(|a| !a.name.trim().is_empty())
        .map(|a| json!({ "name": a.name.trim() }))
        .collect();
    if !authors.is_empty() {
        item.insert("authors".into(), authors.into());
    }
    if let Some(language) = &entry.language {
        item.insert("language".into(), language.clone().into());
    }
    item.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Innovatieblog UWV</title>
  <link>https://uwv.example/innovatie</link>
  <language>nl</language>
  <item>
    <title>Proef met een &lt;b&gt;chatbot&lt;/b&gt;</title>
    <link>https://uwv.example/innovatie/chatbot</link>
    <guid>https://uwv.example/innovatie/chatbot</guid>
    <pubDate>Tue, 03 Mar 2026 10:00:00 +0100</pubDate>
    <category>chatbots</category>
    <description><![CDATA[<p>We testten een chatbot voor <em>WW-vragen</em>.</p><script>alert(1)</script>]]></description>
  </item>
</channel>
</rss>"#;

    #[test]
    fn an_rss_item_becomes_a_json_feed_item() {
        let feed = to_json_feed(RSS).unwrap();
        assert_eq!(feed["title"], "Innovatieblog UWV");
        assert_eq!(feed["language"], "nl");
        let item = &feed["items"][0];
        assert_eq!(item["id"], "https://uwv.example/innovatie/chatbot");
        assert_eq!(item["url"], "https://uwv.example/innovatie/chatbot");
        assert_eq!(item["tags"], json!(["chatbots"]));
        assert!(item["date_published"]
            .as_str()
            .unwrap()
            .starts_with("2026-03-03T09:00:00"));
        assert!(item["content_html"]
            .as_str()
            .unwrap()
            .contains("<em>WW-vragen</em>"));
        // RSS titles are plain text: escaped markup is text, shown as written.
        assert_eq!(item["title"], "Proef met een <b>chatbot</b>");
    }

    #[test]
    fn an_atom_entry_becomes_a_json_feed_item() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Lab Belastingdienst</title>
  <id>urn:uuid:60a76c80-d399-11d9-b91C-0003939e0af6</id>
  <updated>2026-02-01T12:00:00Z</updated>
  <author><name>Innovatielab Belastingdienst</name></author>
  <entry>
    <title type="html">Slim &lt;i&gt;formulier&lt;/i&gt;</title>
    <link href="https://belastingdienst.example/lab/formulier"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2026-02-01T12:00:00Z</updated>
    <summary>Een formulier dat vooraf invult wat de dienst al weet.</summary>
  </entry>
</feed>"#;
        let feed = to_json_feed(atom).unwrap();
        assert_eq!(feed["authors"][0]["name"], "Innovatielab Belastingdienst");
        let item = &feed["items"][0];
        assert_eq!(item["title"], "Slim formulier");
        assert_eq!(item["url"], "https://belastingdienst.example/lab/formulier");
        assert_eq!(
            item["content_text"],
            "Een formulier dat vooraf invult wat de dienst al weet."
        );
    }

    #[test]
    fn what_is_neither_is_refused() {
        assert!(to_json_feed("<html><body>geen feed</body></html>").is_err());
    }
}
