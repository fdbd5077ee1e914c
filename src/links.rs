//! Addresses the widget derives from its configuration.

/// The public page of a question, on the same host as the questions API: for
/// `https://elders.example/api/questions` → `https://elders.example/questions/ID`; for a
/// path on the page's own host (`/api/questions`) → `/questions/ID`.
pub fn question_page_url(endpoint: &str, id: &str) -> String {
    let id: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    match endpoint.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or("");
            format!("{scheme}://{host}/questions/{id}")
        }
        None => format!("/questions/{id}"),
    }
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
}
