//! The question's page described for search engines: schema.org `QAPage` as JSON-LD in a
//! `<script type="application/ld+json">` element, so that an intranet search (or any
//! other) can show the question with the answer that helped.
//!
//! What it says is what the page shows, no more: the question (never the asker, whom the
//! page never names), the moderator's answer, the published answers (the accepted one as
//! `acceptedAnswer`, the others as `suggestedAnswer`), and an answerer's name and
//! organisation only when they agreed to show them (`public_name`). A question without
//! answers is described too, with `answerCount` 0: schema.org allows it, and search
//! engines that want an answer before they show a rich result simply show none.
//!
//! Each answer's `url` is the page's own path with the fragment of its list item
//! (`/questions/{id}#answer-{answer}`): a relative reference, which JSON-LD resolves
//! against the page's address. The server does not know under which name it is reached;
//! the `Host` header is the client's to choose, so an absolute address built from it
//! could name any host.
//!
//! The JSON is built with `serde_json` and then made safe for a script element: `<`, `>`
//! and `&` are written as `\u003c`, `\u003e` and `\u0026`, which JSON reads back as the
//! same characters, so no text (a `</script>` or `<!--` in a question) can end the element.
//! The page's Content-Security-Policy needs no change for it: a data block is never
//! executed, so `script-src` does not apply.

use serde_json::{json, Map, Value};

use crate::store::{StoredAnswer, StoredQuestion};

/// The fragment id of a published answer on the page, for its list item and its `url`.
pub fn answer_anchor(answer_id: &str) -> String {
    format!("answer-{answer_id}")
}

/// The fragment id of the moderator's answer on the page.
pub const MODERATOR_ANSWER_ANCHOR: &str = "answer";

/// The whole `<script type="application/ld+json">` element for a published question and
/// its published answers (the accepted one first, as the store lists them).
pub fn script_element(q: &StoredQuestion, answers: &[StoredAnswer]) -> String {
    format!(
        "<script type=\"application/ld+json\">{}</script>",
        safe_in_script(&qa_page(q, answers))
    )
}

/// schema.org `QAPage` with the question as its `mainEntity`.
fn qa_page(q: &StoredQuestion, answers: &[StoredAnswer]) -> Value {
    let page = format!("/questions/{}", q.id);
    let mut suggested: Vec<Value> = Vec::new();
    let mut accepted: Option<Value> = None;
    if let Some(text) = &q.answer {
        suggested.push(json!({
            "@type": "Answer",
            "text": text,
            "url": format!("{page}#{MODERATOR_ANSWER_ANCHOR}"),
        }));
    }
    for a in answers {
        let answer = answer(a, &page);
        if a.accepted && accepted.is_none() {
            accepted = Some(answer);
        } else {
            suggested.push(answer);
        }
    }
    let mut question = Map::new();
    question.insert("@type".into(), json!("Question"));
    question.insert("name".into(), json!(q.question));
    question.insert("text".into(), json!(q.question));
    question.insert("dateCreated".into(), json!(q.created_at));
    question.insert(
        "answerCount".into(),
        json!(suggested.len() + usize::from(accepted.is_some())),
    );
    if let Some(accepted) = accepted {
        question.insert("acceptedAnswer".into(), accepted);
    }
    if !suggested.is_empty() {
        question.insert("suggestedAnswer".into(), Value::Array(suggested));
    }
    json!({
        "@context": "https://schema.org",
        "@type": "QAPage",
        "mainEntity": question,
    })
}

/// One published answer; its author only with the answerer's consent: a `Person` with
/// their organisation as `affiliation`, or the `Organization` alone when no name was given.
fn answer(a: &StoredAnswer, page: &str) -> Value {
    let mut answer = Map::new();
    answer.insert("@type".into(), json!("Answer"));
    answer.insert("text".into(), json!(a.answer));
    answer.insert("dateCreated".into(), json!(a.created_at));
    answer.insert(
        "url".into(),
        json!(format!("{page}#{}", answer_anchor(&a.id))),
    );
    let consented = |value: &Option<String>| value.clone().filter(|_| a.public_name);
    let organisation =
        consented(&a.organisation).map(|name| json!({"@type": "Organization", "name": name}));
    let author = match (consented(&a.name), organisation) {
        (Some(name), Some(organisation)) => {
            Some(json!({"@type": "Person", "name": name, "affiliation": organisation}))
        }
        (Some(name), None) => Some(json!({"@type": "Person", "name": name})),
        (None, organisation) => organisation,
    };
    if let Some(author) = author {
        answer.insert("author".into(), author);
    }
    Value::Object(answer)
}

/// JSON text that cannot end or confuse the script element it is put in: `<`, `>` and `&`
/// escaped as JSON `\u` escapes. They can only occur inside JSON strings, where the escape
/// means the same character.
fn safe_in_script(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AnswerStatus, Status};

    fn question(text: &str) -> StoredQuestion {
        StoredQuestion {
            id: "q1".into(),
            question: text.into(),
            topics: vec!["spraak".into()],
            page_url: None,
            organisation: Some("Vragersorganisatie".into()),
            name: Some("Vera Vrager".into()),
            email: Some("vera@example.org".into()),
            consent_contact: true,
            public_name: true,
            status: Status::Approved,
            answer: None,
            answer_url: None,
            notify: false,
            lang: elders_core::Lang::Nl,
            reject_reason: None,
            hidden: false,
            duplicate_of: None,
            created_at: "2020-01-02T03:04:05Z".into(),
            updated_at: "2020-01-02T03:04:05Z".into(),
        }
    }

    fn answer(id: &str, public_name: bool, accepted: bool) -> StoredAnswer {
        StoredAnswer {
            id: id.into(),
            question_id: "q1".into(),
            answer: format!("Antwoord {id}"),
            url: None,
            name: Some("Rik".into()),
            organisation: Some("SVB".into()),
            email: Some("rik@example.org".into()),
            public_name,
            status: AnswerStatus::Approved,
            accepted,
            hidden: false,
            created_at: "2020-02-03T04:05:06Z".into(),
            updated_at: "2020-02-03T04:05:06Z".into(),
        }
    }

    fn parsed(element: &str) -> Value {
        let json = element
            .strip_prefix("<script type=\"application/ld+json\">")
            .and_then(|rest| rest.strip_suffix("</script>"))
            .unwrap();
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn text_that_would_end_the_script_element_is_escaped_and_reads_back_the_same() {
        let text = "Werkt </script><script>alert(1)</script> & <!-- dit?";
        let element = script_element(&question(text), &[]);
        assert_eq!(element.matches("</script>").count(), 1, "{element}");
        assert!(!element.contains("<!--") && !element.contains(" & "));
        assert_eq!(parsed(&element)["mainEntity"]["text"], text);
    }

    #[test]
    fn the_accepted_answer_apart_and_authors_only_with_consent() {
        let element = script_element(
            &question("Wie weet iets van spraakherkenning?"),
            &[answer("a1", true, true), answer("a2", false, false)],
        );
        let q = &parsed(&element)["mainEntity"];
        assert_eq!(q["answerCount"], 2);
        assert_eq!(q["acceptedAnswer"]["url"], "/questions/q1#answer-a1");
        assert_eq!(
            q["acceptedAnswer"]["author"],
            json!({"@type": "Person", "name": "Rik",
                   "affiliation": {"@type": "Organization", "name": "SVB"}})
        );
        assert_eq!(q["suggestedAnswer"][0]["text"], "Antwoord a2");
        assert!(q["suggestedAnswer"][0].get("author").is_none());
        assert!(q.get("author").is_none(), "the page never names the asker");
        assert!(!element.contains("example.org") && !element.contains("Vera"));
    }

    #[test]
    fn an_organisation_without_a_name_is_the_author_itself() {
        let mut a = answer("a1", true, false);
        a.name = None;
        let element = script_element(&question("Wie weet iets van spraakherkenning?"), &[a]);
        assert_eq!(
            parsed(&element)["mainEntity"]["suggestedAnswer"][0]["author"],
            json!({"@type": "Organization", "name": "SVB"})
        );
    }

    #[test]
    fn the_moderators_answer_is_one_of_the_suggested_answers() {
        let mut q = question("Wie weet iets van spraakherkenning?");
        q.answer = Some("Kijk bij het spraaklab.".into());
        let element = script_element(&q, &[answer("a1", false, true)]);
        let q = &parsed(&element)["mainEntity"];
        assert_eq!(q["answerCount"], 2);
        assert_eq!(q["acceptedAnswer"]["text"], "Antwoord a1");
        assert_eq!(q["suggestedAnswer"][0]["text"], "Kijk bij het spraaklab.");
        assert_eq!(q["suggestedAnswer"][0]["url"], "/questions/q1#answer");
    }

    #[test]
    fn an_unanswered_question_has_answer_count_zero_and_no_answers() {
        let q = parsed(&script_element(&question("Wie weet iets?"), &[]))["mainEntity"].clone();
        assert_eq!(q["answerCount"], 0);
        assert!(q.get("acceptedAnswer").is_none() && q.get("suggestedAnswer").is_none());
    }
}
