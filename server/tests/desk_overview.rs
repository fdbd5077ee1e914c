//! The desk's weekly overview over real HTTP (`docs/architecture.md` §9): questions and
//! answers go in through the API and are moderated through the admin API, their times are
//! then moved into earlier weeks in the database (the server stamps the present), and the
//! page and the CSV must count exactly those: per ISO week and theme, the median time to
//! the first published answer, the open questions ranked by related pages. Also: a
//! publication time set once and kept by "this helped", a form with a wrong value, and
//! no overview without a session.
//!
//! Runs on SQLite, and on PostgreSQL when `ELDERS_TEST_DATABASE` says so.

mod support;

use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use sqlx::AnyPool;
use support::desk::client;
use support::{Database, Server, ADMIN_TOKEN};
use time::{Duration, OffsetDateTime};

/// The stored form of a time: RFC 3339 in UTC with microseconds.
fn stamp(t: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000000Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

async fn ask(client: &Client, server: &Server, key: &str, topics: &[&str], page: &str) -> String {
    let response = client
        .post(server.url("/api/questions"))
        .header("idempotency-key", key)
        .json(&json!({
            "question": format!("Vraag {key}: wie heeft hier al ervaring mee in de uitvoering?"),
            "topics": topics,
            "page_url": page,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.unwrap();
    stored["id"].as_str().unwrap().to_string()
}

async fn admin(client: &Client, server: &Server, path: &str, body: Option<Value>) {
    let mut request = client.post(server.url(path)).bearer_auth(ADMIN_TOKEN);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
}

async fn answer(client: &Client, server: &Server, question: &str, key: &str) -> String {
    let response = client
        .post(server.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", key)
        .json(&json!({"answer": format!("Antwoord {key}: wij doen dit al een jaar, bel gerust.")}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let stored: Value = response.json().await.unwrap();
    stored["id"].as_str().unwrap().to_string()
}

async fn sign_in(client: &Client, server: &Server) -> String {
    let signed = client
        .post(server.url("/admin/sign-in"))
        .form(&[("token", ADMIN_TOKEN)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let cookie = signed.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

async fn get(client: &Client, server: &Server, cookie: &str, path: &str) -> reqwest::Response {
    client
        .get(server.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

async fn pool(database: &Database) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(&database.url).await.unwrap()
}

async fn set(pool: &AnyPool, sql: &str, value: &str, id: &str) {
    let done = sqlx::query(sql)
        .bind(value)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
    assert_eq!(done.rows_affected(), 1, "{sql} {id}");
}

async fn published_at(pool: &AnyPool, answer: &str) -> Option<String> {
    sqlx::query_scalar("SELECT published_at FROM answers WHERE id = $1")
        .bind(answer)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The cells of the table row `data-week="…"`, as text.
fn row(html: &str, week: &str) -> Vec<String> {
    let start = html
        .find(&format!("data-week=\"{week}\""))
        .unwrap_or_else(|| panic!("no row for {week}"));
    let end = start + html[start..].find("</tr>").unwrap();
    let mut cells = Vec::new();
    let mut rest = &html[start..end];
    while let Some(at) = rest.find("<td class=\"number\">") {
        rest = &rest[at + 19..];
        let close = rest.find("</td>").unwrap();
        cells.push(rest[..close].to_string());
        rest = &rest[close..];
    }
    cells
}

fn week_code(t: OffsetDateTime) -> String {
    let (year, week, _) = t.date().to_iso_week_date();
    format!("{year}-W{week:02}")
}

#[tokio::test]
async fn the_overview_counts_what_was_asked_and_answered_per_week_and_theme() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &["--rate-limit", "100"]);
    let client = client();
    let pool = pool(&database).await;

    let now = OffsetDateTime::now_utc();
    let monday = (now - Duration::days(i64::from(now.weekday().number_days_from_monday())))
        .date()
        .midnight()
        .assume_utc();
    let (w0, w1, w2) = (
        monday,
        monday - Duration::weeks(1),
        monday - Duration::weeks(2),
    );
    let page = |path: &str| format!("https://intranet.example{path}");

    // Two weeks ago: A (energie, wonen) answered by a colleague after 3 h 20 min (a later
    // second answer does not count), B (energie) answered by the moderators after 1 h,
    // G (wonen) published with only a pending answer.
    let a = ask(
        &client,
        &server,
        "a",
        &["energie", "wonen"],
        &page("/energie?tab=1"),
    )
    .await;
    let b = ask(&client, &server, "b", &["energie"], &page("/energie#boven")).await;
    let g = ask(&client, &server, "g", &["wonen"], &page("/g")).await;
    // Last week: C (wonen) pending, D (Energie) rejected, F (energie) published and open.
    let c = ask(&client, &server, "c", &["wonen"], &page("/c")).await;
    let d = ask(&client, &server, "d", &["Energie"], &page("/d")).await;
    let f = ask(&client, &server, "f", &["energie"], &page("/b")).await;
    // This week: E (zorg) published and open; H (zorg) answered now.
    let e = ask(&client, &server, "e", &["zorg"], &page("/zorg")).await;
    let h = ask(&client, &server, "h", &["zorg"], &page("/zorg?x")).await;
    // Twenty weeks ago, outside the period but still open: Old (energie).
    let old = ask(&client, &server, "old", &["energie"], &page("/old")).await;

    for id in [&a, &b, &g, &f, &e, &h, &old] {
        admin(
            &client,
            &server,
            &format!("/api/admin/questions/{id}/approve"),
            None,
        )
        .await;
    }
    admin(
        &client,
        &server,
        &format!("/api/admin/questions/{d}/reject"),
        None,
    )
    .await;
    let a_first = answer(&client, &server, &a, "a1").await;
    let a_second = answer(&client, &server, &a, "a2").await;
    let g_pending = answer(&client, &server, &g, "g1").await;
    let h_answer = answer(&client, &server, &h, "h1").await;
    assert_eq!(
        published_at(&pool, &a_first).await,
        None,
        "not yet published"
    );
    for id in [&a_first, &a_second, &h_answer] {
        admin(
            &client,
            &server,
            &format!("/api/admin/answers/{id}/approve"),
            None,
        )
        .await;
    }
    admin(
        &client,
        &server,
        &format!("/api/admin/questions/{b}/answer"),
        Some(json!({"text": "Kijk bij de werkgroep energie van het Rijk, die heeft dit al."})),
    )
    .await;
    assert_eq!(published_at(&pool, &g_pending).await, None);

    // Publishing stamps the answer once; "this helped" and a second approval keep it.
    let stamped = published_at(&pool, &h_answer).await.expect("published_at");
    admin(
        &client,
        &server,
        &format!("/api/admin/answers/{h_answer}/accept"),
        None,
    )
    .await;
    admin(
        &client,
        &server,
        &format!("/api/admin/answers/{h_answer}/approve"),
        None,
    )
    .await;
    assert_eq!(published_at(&pool, &h_answer).await, Some(stamped));

    // Into their weeks.
    let asked_at = [
        (&a, w2 + Duration::hours(9)),
        (&b, w2 + Duration::days(1) + Duration::hours(10)),
        (&g, w2 + Duration::days(6) + Duration::hours(23)),
        (&c, w1 + Duration::days(2)),
        (&d, w1 + Duration::days(3)),
        (&f, w1 + Duration::days(3) + Duration::hours(1)),
        (&old, w0 - Duration::weeks(20)),
    ];
    for (id, at) in asked_at {
        set(
            &pool,
            "UPDATE questions SET created_at = $1 WHERE id = $2",
            &stamp(at),
            id,
        )
        .await;
    }
    let a_asked = w2 + Duration::hours(9);
    set(
        &pool,
        "UPDATE answers SET published_at = $1 WHERE id = $2",
        &stamp(a_asked + Duration::minutes(200)),
        &a_first,
    )
    .await;
    set(
        &pool,
        "UPDATE answers SET published_at = $1 WHERE id = $2",
        &stamp(a_asked + Duration::hours(5)),
        &a_second,
    )
    .await;
    let answered_at: Option<String> =
        sqlx::query_scalar("SELECT answered_at FROM questions WHERE id = $1")
            .bind(&b)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(answered_at.is_some(), "the moderators' answer is stamped");
    set(
        &pool,
        "UPDATE questions SET answered_at = $1 WHERE id = $2",
        &stamp(w2 + Duration::days(1) + Duration::hours(11)),
        &b,
    )
    .await;

    // Without a session: the sign-in page, no numbers.
    let anonymous = get(&client, &server, "", "/admin/overview").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert_eq!(anonymous.headers()["location"], "/admin");
    let anonymous = get(&client, &server, "", "/admin/overview.csv").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(anonymous.headers().get("content-disposition").is_none());

    let cookie = sign_in(&client, &server).await;
    let response = get(&client, &server, &cookie, "/admin/overview?weeks=3").await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    assert!(
        html.contains("aria-current=\"page\">Overzicht</a>"),
        "in the navigation"
    );
    assert!(html.contains("ISO-weken") && html.contains("UTC"));
    assert!(html.contains("role=\"img\"") && html.contains("<title id=\"chart-title\">"));
    assert!(!html.contains("style="), "nothing the CSP would block");
    let (c0, c1, c2) = (week_code(w0), week_code(w1), week_code(w2));
    // Two weeks ago: A, B, G asked; A and B answered, after 3 h 20 min and 1 h.
    assert_eq!(row(&html, &c2), ["3", "2", "2 u 10 min"]);
    assert_eq!(row(&html, &c1), ["3", "0", "–"]);
    assert_eq!(row(&html, &c0)[..2], ["2", "1"]);
    assert_eq!(row(&html, "total")[..2], ["8", "3"]);
    assert!(html.find(&c2) < html.find(&c0), "oldest week first");
    // The default is twelve weeks; the old question is in none of them.
    let twelve = get(&client, &server, &cookie, "/admin/overview")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(twelve.matches("<tr data-week=\"20").count(), 12);
    assert_eq!(row(&twelve, "total")[..2], ["8", "3"]);

    // One theme: a question counts in each of its themes, whatever the case.
    let energy = get(
        &client,
        &server,
        &cookie,
        "/admin/overview?weeks=3&theme=Energie",
    )
    .await
    .text()
    .await
    .unwrap();
    assert_eq!(row(&energy, &c2), ["2", "2", "2 u 10 min"]);
    assert_eq!(row(&energy, &c1), ["2", "0", "–"]);
    assert_eq!(row(&energy, &c0), ["0", "0", "–"]);
    let housing = get(
        &client,
        &server,
        &cookie,
        "/admin/overview?weeks=3&theme=wonen",
    )
    .await
    .text()
    .await
    .unwrap();
    assert_eq!(row(&housing, &c2), ["2", "1", "3 u 20 min"]);
    assert_eq!(row(&housing, &c1), ["1", "0", "–"]);

    // Open questions: energie was raised on /energie, /d, /b and /old (4 pages), wonen on
    // /energie, /g and /c (3), zorg on /zorg (1); a tie goes to the oldest.
    let open_part = &html[html.find("id=\"open\"").unwrap()..];
    let order: Vec<usize> = [&old, &f, &g, &e]
        .iter()
        .map(|id| open_part.find(id.as_str()).expect("listed"))
        .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "{order:?}");
    for id in [&a, &b, &c, &d, &h] {
        assert!(!open_part.contains(id.as_str()), "not open: {id}");
    }
    let counts: Vec<&str> = open_part
        .split("<td class=\"number\">")
        .skip(1)
        .map(|cell| &cell[..cell.find('<').unwrap()])
        .collect();
    assert_eq!(counts, ["4", "4", "3", "1"]);
    // A question that readers' reports hide is not listed until a moderator decides.
    set(
        &pool,
        "UPDATE questions SET hidden_at = $1 WHERE id = $2",
        &stamp(now),
        &e,
    )
    .await;
    let hidden = get(&client, &server, &cookie, "/admin/overview?weeks=3")
        .await
        .text()
        .await
        .unwrap();
    let hidden_open = &hidden[hidden.find("id=\"open\"").unwrap()..];
    assert!(!hidden_open.contains(e.as_str()) && hidden_open.contains(g.as_str()));
    // Nor one marked as asked before: its original is the one to answer.
    set(
        &pool,
        "UPDATE questions SET duplicate_of = $1 WHERE id = $2",
        &f,
        &old,
    )
    .await;
    let marked = get(&client, &server, &cookie, "/admin/overview?weeks=3")
        .await
        .text()
        .await
        .unwrap();
    let marked_open = &marked[marked.find("id=\"open\"").unwrap()..];
    assert!(!marked_open.contains(old.as_str()) && marked_open.contains(f.as_str()));
    let energy_open = &energy[energy.find("id=\"open\"").unwrap()..];
    assert!(energy_open.contains(old.as_str()) && energy_open.contains(f.as_str()));
    assert!(!energy_open.contains(g.as_str()) && !energy_open.contains(e.as_str()));

    // The CSV: the same numbers, all themes first, then each theme.
    let response = get(&client, &server, &cookie, "/admin/overview.csv?weeks=3").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=utf-8"
    );
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"elders-overzicht-alle-themas-{c2}-{c0}.csv\"")
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "week,maandag,thema,gesteld,beantwoord,mediaan tot eerste antwoord,mediaan tot eerste antwoord (minuten)"
    );
    let monday_of = |t: OffsetDateTime| t.date().to_string();
    assert_eq!(
        lines[1],
        format!("{c2},{},alle thema's,3,2,2 u 10 min,130", monday_of(w2))
    );
    assert_eq!(
        lines[2],
        format!("{c1},{},alle thema's,3,0,,", monday_of(w1))
    );
    assert!(lines[3].starts_with(&format!("{c0},{},alle thema's,2,1,", monday_of(w0))));
    assert_eq!(
        lines[4],
        format!("{c2},{},energie,2,2,2 u 10 min,130", monday_of(w2))
    );
    assert_eq!(
        lines[7],
        format!("{c2},{},wonen,2,1,3 u 20 min,200", monday_of(w2))
    );
    assert_eq!(lines.len(), 1 + 3 * 4, "all themes, energie, wonen, zorg");
    let english = get(
        &client,
        &server,
        &cookie,
        "/admin/overview.csv?weeks=1&theme=zorg&lang=en",
    )
    .await;
    assert!(english.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&format!("elders-overzicht-zorg-{c0}-{c0}.csv")));
    let english = english.text().await.unwrap();
    assert!(english.starts_with("week,monday,theme,asked,answered,"));
    assert!(english.contains(&format!("{c0},{},zorg,2,1,", monday_of(w0))));
}

#[tokio::test]
async fn a_wrong_form_value_gets_a_message_not_an_error() {
    let database = Database::fresh();
    let server = Server::start_on(&database, &[]);
    let client = client();
    ask(
        &client,
        &server,
        "x",
        &["energie"],
        "https://intranet.example/x",
    )
    .await;
    let cookie = sign_in(&client, &server).await;
    for (query, message) in [
        ("weeks=0", "Kies een aantal weken van 1 tot en met 52."),
        ("weeks=53", "Kies een aantal weken van 1 tot en met 52."),
        ("weeks=twaalf", "Kies een aantal weken van 1 tot en met 52."),
        (
            "theme=onbekend",
            "Dat thema komt bij geen enkele vraag voor.",
        ),
        ("theme=onbekend&lang=en", "No question has that theme."),
    ] {
        for path in ["/admin/overview", "/admin/overview.csv"] {
            let response = get(&client, &server, &cookie, &format!("{path}?{query}")).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}?{query}");
            assert!(response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"));
            let html = response.text().await.unwrap();
            assert!(html.contains(message), "{path}?{query}: {html}");
            assert!(html.contains("aria-invalid=\"true\""), "{path}?{query}");
        }
    }
    let fine = get(
        &client,
        &server,
        &cookie,
        "/admin/overview?weeks=52&theme=energie",
    )
    .await;
    assert_eq!(fine.status(), StatusCode::OK);
    let html = fine.text().await.unwrap();
    assert!(html.contains("<option value=\"energie\" selected>"));
    assert_eq!(html.matches("<tr data-week=\"20").count(), 52);
}
