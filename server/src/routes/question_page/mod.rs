//! `GET /questions/{id}`: a plain page for one published question, which the widget links
//! to after a question was published. A question that waits for a moderator, or was
//! refused, has no public page (`404`): whatever it says has not been approved for the
//! official host. Below the question, its published answers: the one that helped the asker
//! first, marked so, then the newest. Never shows an e-mail address, nor the asker's name;
//! an answerer's name and organisation only when they agreed (`public_name`). All text is
//! HTML-escaped, and the page carries a strict Content-Security-Policy. A question a
//! moderator marked as asked before says so, with the original and its published answers. The same content is
//! described for search engines as schema.org `QAPage` (`structured_data.rs`).

mod structured_data;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::Lang;

use self::structured_data::{answer_anchor, script_element, MODERATOR_ANSWER_ANCHOR};
use super::language::language;
use super::state::AppState;
use crate::store::{Status, StoredAnswer, StoredQuestion};

const CSP: &str = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const STYLESHEET: &str = include_str!("question_page.css");

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A whole page; `head` is put at the end of its `<head>` as it is.
fn page(lang: Lang, title: &str, head: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} – Elders</title><link rel=\"stylesheet\" href=\"/questions/question.css\">{head}</head>\
         <body><main>{body}</main></body></html>\n",
        lang.tag(),
        escape(title)
    )
}

/// The published answers, in the order given (the accepted one first), under a heading
/// `<h{level}>`.
fn render_answers(answers: &[StoredAnswer], lang: Lang, level: u8) -> String {
    if answers.is_empty() {
        return String::new();
    }
    let (heading, helped, link_label) = match lang {
        Lang::Nl => (
            "Antwoorden van collega's",
            "Dit hielp de vraagsteller",
            "Meer over dit antwoord",
        ),
        Lang::En => (
            "Answers from colleagues",
            "This helped the asker",
            "More about this answer",
        ),
    };
    let mut html = format!("<h{level}>{heading}</h{level}><ol class=\"answers\">");
    for a in answers {
        html.push_str(&format!(
            "<li class=\"{}\" id=\"{}\">",
            if a.accepted {
                "answer accepted"
            } else {
                "answer"
            },
            escape(&answer_anchor(&a.id))
        ));
        if a.accepted {
            html.push_str(&format!(
                "<p class=\"helped\"><strong>{helped}</strong></p>"
            ));
        }
        html.push_str(&format!(
            "<p>{}</p>",
            escape(&a.answer).replace('\n', "<br>")
        ));
        if let Some(url) = &a.url {
            html.push_str(&format!(
                "<p><a href=\"{}\" rel=\"noreferrer\">{link_label}</a></p>",
                escape(url)
            ));
        }
        let by: Vec<&str> = [&a.name, &a.organisation]
            .into_iter()
            .filter(|_| a.public_name)
            .filter_map(|v| v.as_deref())
            .collect();
        if !by.is_empty() {
            html.push_str(&format!("<p class=\"by\">— {}</p>", escape(&by.join(", "))));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    html
}

/// The original of a question asked before, with its answers, on the duplicate's page.
fn render_original(original: &StoredQuestion, answers: &[StoredAnswer], lang: Lang) -> String {
    let (heading, lead, link, answer_label) = match lang {
        Lang::Nl => (
            "Eerder gesteld",
            "Deze vraag is al eerder gesteld. Antwoorden staan bij de eerdere vraag.",
            "Naar de eerdere vraag",
            "Antwoord",
        ),
        Lang::En => (
            "Asked before",
            "This question was asked before. Answers are with the earlier question.",
            "To the earlier question",
            "Answer",
        ),
    };
    let mut html = format!(
        "<section class=\"original\" aria-labelledby=\"original\"><h2 id=\"original\">{heading}</h2>\
         <p>{lead}</p><blockquote><p>{}</p></blockquote>\
         <p><a href=\"/questions/{}\">{link}</a></p>",
        escape(&original.question).replace('\n', "<br>"),
        escape(&original.id)
    );
    if let Some(answer) = &original.answer {
        html.push_str(&format!(
            "<h3>{answer_label}</h3><p>{}</p>",
            escape(answer).replace('\n', "<br>")
        ));
    }
    html.push_str(&render_answers(answers, lang, 3));
    html.push_str("</section>");
    html
}

fn render(
    q: &StoredQuestion,
    answers: &[StoredAnswer],
    original: Option<(&StoredQuestion, &[StoredAnswer])>,
    lang: Lang,
) -> String {
    let (heading, status) = match (lang, q.status) {
        (Lang::Nl, Status::Answered) => ("Vraag aan collega's elders", "Deze vraag is beantwoord."),
        (Lang::Nl, _) => (
            "Vraag aan collega's elders",
            "Collega's bij andere organisaties zien deze vraag bij hun onderwerpen.",
        ),
        (Lang::En, Status::Answered) => (
            "Question to colleagues elsewhere",
            "This question has been answered.",
        ),
        (Lang::En, _) => (
            "Question to colleagues elsewhere",
            "Colleagues at other organisations see this question with their topics.",
        ),
    };
    let (topics_label, answer_label, link_label) = match lang {
        Lang::Nl => ("Onderwerpen", "Antwoord", "Meer over dit antwoord"),
        Lang::En => ("Topics", "Answer", "More about this answer"),
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"status\">{}</p><blockquote><p>{}</p></blockquote>",
        escape(heading),
        escape(status),
        escape(&q.question).replace('\n', "<br>")
    );
    if let Some((original, original_answers)) = original {
        body.push_str(&render_original(original, original_answers, lang));
    }
    if !q.topics.is_empty() {
        body.push_str(&format!(
            "<p>{}: {}</p>",
            topics_label,
            escape(&q.topics.join(", "))
        ));
    }
    if let Some(answer) = &q.answer {
        body.push_str(&format!(
            "<h2 id=\"{MODERATOR_ANSWER_ANCHOR}\">{answer_label}</h2><p>{}</p>",
            escape(answer).replace('\n', "<br>")
        ));
        if let Some(url) = &q.answer_url {
            body.push_str(&format!(
                "<p><a href=\"{}\" rel=\"noreferrer\">{link_label}</a></p>",
                escape(url)
            ));
        }
    }
    body.push_str(&render_answers(answers, lang, 2));
    page(lang, heading, &script_element(q, answers), &body)
}

pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = language(&headers);
    let found = match state.questions.get(&id).await {
        Ok(found) => found.filter(|q| q.is_visible()),
        Err(e) => {
            tracing::error!(%e, "question page");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let answers = match &found {
        Some(q) => match state.answers.published_for(&[q.id.as_str()]).await {
            Ok(mut answers) => answers.remove(&q.id).unwrap_or_default(),
            Err(e) => {
                tracing::error!(%e, "question page");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        None => Vec::new(),
    };
    // A question asked before points to its original, when that is still published.
    let original = match found.as_ref().and_then(|q| q.duplicate_of.as_deref()) {
        Some(id) => match original_with_answers(&state, id).await {
            Ok(original) => original,
            Err(e) => {
                tracing::error!(%e, "question page");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
        None => None,
    };
    let (status, html) = match found {
        Some(q) => (
            StatusCode::OK,
            render(
                &q,
                &answers,
                original.as_ref().map(|(o, a)| (o, a.as_slice())),
                lang,
            ),
        ),
        None => {
            let text = match lang {
                Lang::Nl => "Deze vraag bestaat niet (meer).",
                Lang::En => "This question does not exist (any more).",
            };
            (
                StatusCode::NOT_FOUND,
                page(lang, text, "", &format!("<h1>{}</h1>", escape(text))),
            )
        }
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, CSP),
            (header::CACHE_CONTROL, "no-cache"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        html,
    )
        .into_response()
}

/// A published original with its published answers; `None` when it is not published.
async fn original_with_answers(
    state: &AppState,
    id: &str,
) -> Result<Option<(StoredQuestion, Vec<StoredAnswer>)>, crate::store::StoreError> {
    let Some(original) = state
        .questions
        .get(id)
        .await?
        .filter(|q| q.status.is_public())
    else {
        return Ok(None);
    };
    let answers = state
        .answers
        .published_for(&[id])
        .await?
        .remove(id)
        .unwrap_or_default();
    Ok(Some((original, answers)))
}

pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_questions_is_shown_as_text() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
