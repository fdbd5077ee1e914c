//! The plain text of an HTML fragment (a feed's `content_html`), by html5ever's parser
//! through `scraper`: the text a browser would show, never the markup, so that nothing of
//! a feed's HTML can reach a page as HTML. Script, style and template contents are not
//! text a reader sees and are left out; whitespace is collapsed.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements that start a new line where a browser shows them: text on either side of
/// one is not one word.
const BLOCKS: [&str; 22] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "p",
    "pre",
    "tr",
];

/// The visible text of `html`, on one line: text as written (so `<b>lab</b>.` stays
/// `lab.`), a space where a block ends or begins, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut text = String::new();
    let mut hidden = 0usize;
    for edge in fragment.tree.root().traverse() {
        let (node, opening) = match edge {
            Edge::Open(node) => (node, true),
            Edge::Close(node) => (node, false),
        };
        match node.value() {
            Node::Element(element) => {
                if matches!(element.name(), "script" | "style" | "template" | "noscript") {
                    if opening {
                        hidden += 1;
                    } else {
                        hidden = hidden.saturating_sub(1);
                    }
                } else if BLOCKS.contains(&element.name()) {
                    text.push(' ');
                }
            }
            Node::Text(t) if opening && hidden == 0 => text.push_str(t),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_and_its_text_stays() {
        assert_eq!(
            plain_text("<p>Een <b>voicebot</b> &amp; een chatbot.</p><p>Tweede\n alinea.</p>"),
            "Een voicebot & een chatbot. Tweede alinea."
        );
    }

    #[test]
    fn scripts_and_styles_are_not_text() {
        assert_eq!(
            plain_text("<style>p{}</style><p>Zichtbaar</p><script>alert(1)</script><img src=x onerror=alert(2)>"),
            "Zichtbaar"
        );
    }

    #[test]
    fn escaped_markup_stays_text() {
        assert_eq!(plain_text("&lt;script&gt;"), "<script>");
    }
}
