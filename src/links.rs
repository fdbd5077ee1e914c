//! Addresses the widget derives from its configuration.

/// The public page of a question, on the same host as the questions API: for
/// `https://elders.example/api/questions` → `https://elders.example/questions/ID`; for a
/// path on the page's own host (`/api/questions`) → `/questions/ID`.
pub fn question_page_url(endpoint: &str, id: &str) -> String {
    let id = safe_id(id);
    match endpoint.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            format!("{scheme}://{host}/questions/{id}")
        }
        None => format!("/questions/{id}"),
    }
}

/// Where answers to a question are posted: `{endpoint}/{id}/answers`, keeping any query
/// the endpoint has.
pub fn answers_url(endpoint: &str, id: &str) -> String {
    under_question(endpoint, id, "answers")
}

/// Where a question (`answer` `None`) or one of its answers is reported:
/// `{endpoint}/{id}/reports` or `{endpoint}/{id}/answers/{answer}/reports`, keeping any
/// query the endpoint has.
pub fn reports_url(endpoint: &str, id: &str, answer: Option<&str>) -> String {
    match answer {
        Some(answer) => under_question(
            endpoint,
            id,
            &format!("answers/{}/reports", safe_id(answer)),
        ),
        None => under_question(endpoint, id, "reports"),
    }
}

fn under_question(endpoint: &str, id: &str, tail: &str) -> String {
    let (path, query) = endpoint
        .split_once('?')
        .map_or((endpoint, ""), |(p, q)| (p, q));
    let path = path.trim_end_matches('/');
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{path}/{}/{tail}{query}", safe_id(id))
}

/// A question's id as it may appear in a path or an element id: letters, digits and `-`
/// (the server's ids are UUIDs), so that an id cannot break out of either.
pub fn safe_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_page_lives_beside_the_api() {
        assert_eq!(
            question_page_url("https://elders.example:8443/api/questions?x=1", "3f2a-9b"),
            "https://elders.example:8443/questions/3f2a-9b"
        );
        assert_eq!(question_page_url("/api/questions", "abc"), "/questions/abc");
        assert_eq!(
            question_page_url("/api/questions", "a/../b\"<"),
            "/questions/ab",
            "ids cannot break out"
        );
    }

    #[test]
    fn answers_are_posted_under_their_question() {
        assert_eq!(
            answers_url("https://elders.example/api/questions", "3f2a-9b"),
            "https://elders.example/api/questions/3f2a-9b/answers"
        );
        assert_eq!(
            answers_url("/api/questions/?site=x", "a/../b"),
            "/api/questions/ab/answers?site=x"
        );
    }

    #[test]
    fn reports_are_posted_under_their_item() {
        assert_eq!(
            reports_url("https://elders.example/api/questions", "q-1", None),
            "https://elders.example/api/questions/q-1/reports"
        );
        assert_eq!(
            reports_url("/api/questions?site=x", "q-1", Some("a/../2")),
            "/api/questions/q-1/answers/a2/reports?site=x",
            "ids cannot break out"
        );
    }
}
