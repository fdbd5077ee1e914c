//! The desk's weekly overview (`/admin/overview`, `docs/architecture.md` §9) as a
//! community manager meets it, in headless Chromium against the real server: questions
//! and answers asked through the API and moderated with the command line, a sign-in with a
//! personal link, and the overview's table, theme filter, open questions and CSV download
//! showing exactly what was done; a wrong value in the form explained on the page; axe-core
//! clean on every page; usable at 320 px. Run by `cargo xtask test`.

mod support;

use fantoccini::{Client, Locator};
use serde_json::{json, Value};
use support::{assert_page_accessible, browser, elders_cli, wait_for, EldersServer};

async fn ask(elders: &EldersServer, key: &str, topics: &[&str], page: &str) -> String {
    let asked: Value = reqwest::Client::new()
        .post(elders.url("/api/questions"))
        .header("idempotency-key", key)
        .json(&json!({
            "question": format!("Vraag {key}: wie heeft hier al ervaring mee in de uitvoering?"),
            "topics": topics,
            "page_url": page,
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    asked["id"].as_str().unwrap().to_string()
}

async fn answer(elders: &EldersServer, question: &str, key: &str) -> String {
    let answered: Value = reqwest::Client::new()
        .post(elders.url(&format!("/api/questions/{question}/answers")))
        .header("idempotency-key", key)
        .json(&json!({"answer": format!("Antwoord {key}: wij doen dit al een jaar, bel gerust.")}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    answered["id"].as_str().unwrap().to_string()
}

/// The cells of the table's rows (`tbody` and `tfoot`), the row's header first.
async fn table(client: &Client) -> Vec<Vec<String>> {
    let rows = client
        .execute(
            "return [...document.querySelectorAll('table.overview tbody tr, table.overview tfoot tr')]
                .map(r => [...r.cells].map(c => c.innerText.trim()));",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(rows).unwrap()
}

/// The open questions' texts and related-page counts, in order.
async fn open_questions(client: &Client) -> Vec<(String, String)> {
    let rows = client
        .execute(
            "return [...document.querySelectorAll('table.open tbody tr')]
                .map(r => [r.cells[0].innerText.trim(), r.cells[3].innerText.trim()]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(rows).unwrap()
}

async fn no_sideways_scroll(client: &Client, state: &str) {
    let overflow = client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        overflow.as_i64().unwrap() <= 0,
        "sideways scroll with {state}: {overflow}"
    );
}

#[tokio::test]
async fn the_overview_shows_what_was_asked_and_answered_this_week() {
    let elders = EldersServer::start(&["--rate-limit", "100"]);
    let both = ask(
        &elders,
        "ov-1",
        &["energie", "wonen"],
        "https://intranet.example/energie",
    )
    .await;
    let meters = ask(
        &elders,
        "ov-2",
        &["energie"],
        "https://intranet.example/meters?tab=2",
    )
    .await;
    let rent = ask(
        &elders,
        "ov-3",
        &["wonen"],
        "https://intranet.example/huren",
    )
    .await;
    ask(&elders, "ov-4", &["zorg"], "https://intranet.example/zorg").await;
    for id in [&both, &meters, &rent] {
        elders_cli(&elders, &["questions", "approve", id]);
    }
    let published = answer(&elders, &both, "ov-a1").await;
    answer(&elders, &both, "ov-a2").await;
    let refused = answer(&elders, &rent, "ov-a3").await;
    elders_cli(&elders, &["answers", "approve", &published]);
    elders_cli(&elders, &["answers", "reject", &refused]);
    // Now: four asked (one still pending), one answered (the first); open are the two
    // published ones without a published answer, each raised on two pages (energie: the
    // energy page and the meters page; wonen: the energy page and the rent page), the
    // older first.

    let link = elders_cli(&elders, &["moderators", "add", "Ans"])
        .trim()
        .to_string();
    let client = browser().await;
    client.goto(&elders.url(&link)).await.unwrap();
    client
        .find(Locator::Css("main form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        &client,
        "the questions queue",
        "return document.querySelector('h1')?.innerText.startsWith('Vragen');",
    )
    .await;
    client
        .find(Locator::LinkText("Overzicht"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        &client,
        "the overview",
        "return document.querySelector('h1')?.innerText === 'Overzicht' && document.querySelector('table.overview');",
    )
    .await;
    let rows = table(&client).await;
    assert_eq!(rows.len(), 12 + 1, "twelve weeks and the whole period");
    let this_week = &rows[11];
    assert_eq!(this_week[1..], ["4", "1", "< 1 min"], "{rows:?}");
    for earlier in &rows[..11] {
        assert_eq!(earlier[1..], ["0", "0", "–"], "{rows:?}");
    }
    assert_eq!(rows[12][1..], ["4", "1", "< 1 min"]);
    let week = client
        .execute(
            "return document.querySelector('table.overview tbody tr:last-child time').getAttribute('datetime');",
            vec![],
        )
        .await
        .unwrap();
    let week = week.as_str().unwrap().to_string();
    assert!(this_week[0].starts_with(&week), "{this_week:?}");
    let open = open_questions(&client).await;
    assert_eq!(open.len(), 2, "{open:?}");
    assert!(
        open[0].0.starts_with("Vraag ov-2:") && open[0].1 == "2",
        "{open:?}"
    );
    assert!(
        open[1].0.starts_with("Vraag ov-3:") && open[1].1 == "2",
        "{open:?}"
    );
    let chart = client
        .execute(
            "const svg = document.querySelector('svg[role=img]');
             return [svg.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent).join(' | '),
                     svg.querySelectorAll('rect.bar-asked').length, svg.querySelectorAll('rect.bar-answered').length];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        chart[0]
            .as_str()
            .unwrap()
            .contains("4 gesteld, 1 beantwoord"),
        "{chart}"
    );
    assert_eq!((chart[1].clone(), chart[2].clone()), (json!(12), json!(12)));
    assert_page_accessible(&client, "the overview").await;

    // The CSV behind the link, downloaded with the browser's session cookie (the desk's
    // CSP lets no script on the page fetch anything, so the test fetches it itself).
    let href = client
        .execute(
            "return [...document.querySelectorAll('a[download]')].find(a => a.href.includes('/admin/overview.csv'))?.href;",
            vec![],
        )
        .await
        .unwrap();
    let href = href.as_str().expect("a CSV link").to_string();
    let session = client.get_named_cookie("elders_desk").await.unwrap();
    let response = reqwest::Client::new()
        .get(&href)
        .header("cookie", format!("elders_desk={}", session.value()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"elders-overzicht-alle-themas-"));
    let csv = response.text().await.unwrap();
    let csv = csv.as_str();
    for line in [
        format!("{week},"),
        "alle thema's,4,1,< 1 min,0".to_string(),
        "energie,2,1,< 1 min,0".to_string(),
        "wonen,2,1,< 1 min,0".to_string(),
        "zorg,1,0,,".to_string(),
    ] {
        assert!(
            csv.lines()
                .any(|l| l.starts_with(&week) && l.contains(&line)),
            "{line} in\n{csv}"
        );
    }

    // One theme, chosen in the form.
    client
        .find(Locator::Css("#theme option[value=energie]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("form.filters button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(
        &client,
        "the overview of one theme",
        "return location.search.includes('theme=energie') && document.querySelector('table.overview');",
    )
    .await;
    let rows = table(&client).await;
    assert_eq!(rows[11][1..], ["2", "1", "< 1 min"], "{rows:?}");
    let open = open_questions(&client).await;
    assert_eq!(open.len(), 1, "{open:?}");
    assert!(open[0].0.starts_with("Vraag ov-2:"));
    assert_page_accessible(&client, "the overview of one theme").await;

    // A wrong number of weeks: said on the page, next to the form.
    client
        .goto(&elders.url("/admin/overview?weeks=99"))
        .await
        .unwrap();
    let problem = wait_for(
        &client,
        "the problem",
        "return document.querySelector('.problem')?.innerText;",
    )
    .await;
    assert!(
        problem.as_str().unwrap().contains("1 tot en met 52"),
        "{problem}"
    );
    assert_page_accessible(&client, "a wrong number of weeks").await;

    // At 320 px wide: the page does not scroll sideways (the chart and the table scroll in
    // their own boxes), and the form's button is within reach. In English too.
    client.set_window_size(320, 800).await.unwrap();
    client
        .goto(&elders.url("/admin/overview?lang=en"))
        .await
        .unwrap();
    wait_for(
        &client,
        "the English overview",
        "return document.querySelector('h1')?.innerText === 'Overview';",
    )
    .await;
    no_sideways_scroll(&client, "the overview at 320 px").await;
    let button = client
        .execute(
            "const r = document.querySelector('form.filters button').getBoundingClientRect();
             return r.right <= document.documentElement.clientWidth && r.width > 0;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(button, json!(true));
    let newest_in_view = client
        .execute(
            "const box = document.querySelector('.chart-box').getBoundingClientRect();
             const labels = document.querySelectorAll('.chart text.label');
             const newest = labels[labels.length - 1].getBoundingClientRect();
             return newest.left >= box.left && newest.right <= box.right;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        newest_in_view,
        json!(true),
        "the chart opens at its newest week"
    );
    let rows = table(&client).await;
    assert_eq!(rows[11][1..], ["4", "1", "< 1 min"]);
    assert_page_accessible(&client, "the overview at 320 px").await;
    client.close().await.unwrap();
}
