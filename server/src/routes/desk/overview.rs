//! `/admin/overview` and `/admin/overview.csv`: the weekly overview a community manager
//! brings to the innovation community's agenda meeting (`docs/architecture.md` §9). Per
//! ISO week and theme: questions asked, answered, the median time to the first published
//! answer, as a table and a bar chart drawn here as inline SVG (no script: the desk's CSP
//! allows none); the open questions that the most intranet pages raised; the same weeks as
//! a CSV file. Signed-in only, like every desk page.
//!
//! The counting is `crate::overview`'s (pure), the reads `store::OverviewReader`'s; this
//! module checks the form, puts them together and draws the page.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use elders_core::Lang;
use serde::Deserialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::session::signed_in;
use super::words::{overview_words, words, OverviewWords};
use super::{html, internal, lang_query, nav, Page};
use crate::overview::{
    self, Asked, AskedOn, Chart, Open, Theme, Week, DEFAULT_WEEKS, OPEN_LIMIT, WEEKS,
};
use crate::routes::state::AppState;
use crate::store::OverviewReader;

/// Longest question text in the list of open questions.
const QUESTION_CHARS: usize = 140;

/// The form: `?theme=…&weeks=…&lang=en`, read as text so that a wrong value gets a clear
/// message instead of a bare `400`.
#[derive(Debug, Default, Deserialize)]
pub struct OverviewQuery {
    lang: Option<String>,
    theme: Option<String>,
    weeks: Option<String>,
}

impl OverviewQuery {
    fn lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::from_tag)
            .unwrap_or_default()
    }

    /// The theme asked for, as the overview compares themes; `None` for all themes.
    fn theme(&self) -> Option<String> {
        self.theme
            .as_deref()
            .map(overview::theme_key)
            .filter(|t| !t.is_empty())
    }

    /// The query string that asks for the same overview, for the CSV link.
    fn same_query(&self, theme: &Theme, weeks: u8) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Theme::One(theme) = theme {
            query.append_pair("theme", theme);
        }
        query.append_pair("weeks", &weeks.to_string());
        if self.lang() == Lang::En {
            query.append_pair("lang", "en");
        }
        query.finish()
    }
}

/// What was wrong with the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Weeks,
    Theme,
}

/// The form's problem as the page shows it: the field's id and the message.
struct ProblemView {
    field: &'static str,
    message: &'static str,
}

/// A theme in the form's list.
struct ThemeOption {
    value: String,
    selected: bool,
}

/// One week in the table.
struct WeekRow {
    code: String,
    monday: String,
    asked: u32,
    answered: u32,
    median: String,
}

/// One open question in the list.
struct OpenRow {
    href: String,
    text: String,
    themes: String,
    age: String,
    pages: usize,
}

/// The overview itself, when the form was right.
struct Report {
    caption: String,
    rows: Vec<WeekRow>,
    total_asked: u32,
    total_answered: u32,
    total_median: String,
    chart: Chart,
    chart_summary: String,
    csv_href: String,
    open: Vec<OpenRow>,
}

#[derive(Template)]
#[template(path = "desk/overview.html")]
struct OverviewPage {
    page: Page,
    o: &'static OverviewWords,
    english: bool,
    themes: Vec<ThemeOption>,
    weeks: String,
    problem: Option<ProblemView>,
    report: Option<Report>,
}

/// What the database holds for an overview.
struct Loaded {
    weeks: Vec<Week>,
    theme: Theme,
    asked: Vec<Asked>,
    open: Vec<(Open, usize)>,
}

/// The form's choice checked against what is stored, and what the overview needs read.
/// `Ok(Err(_))`: the form was wrong; the list of themes comes with it either way.
async fn load(
    reader: &OverviewReader,
    query: &OverviewQuery,
    now: OffsetDateTime,
) -> Result<(Vec<String>, Result<Loaded, Problem>), crate::store::StoreError> {
    let pages: Vec<AskedOn> = reader
        .topics_on_pages()
        .await?
        .into_iter()
        .map(|row| AskedOn {
            themes: overview::themes_of(&row.topics),
            page_url: row.page_url,
        })
        .collect();
    let mut known: Vec<String> = pages.iter().flat_map(|p| p.themes.clone()).collect();
    known.sort();
    known.dedup();
    let weeks = match query.weeks.as_deref().map(str::trim) {
        None | Some("") => Some(DEFAULT_WEEKS),
        Some(n) => n.parse::<u8>().ok().filter(|n| WEEKS.contains(n)),
    };
    let Some(weeks) = weeks else {
        return Ok((known, Err(Problem::Weeks)));
    };
    let theme = match query.theme() {
        None => Theme::All,
        Some(theme) if known.contains(&theme) => Theme::One(theme),
        Some(_) => return Ok((known, Err(Problem::Theme))),
    };
    let weeks = overview::weeks_until(now, weeks);
    let since = overview::start_of(&weeks).unwrap_or(now);
    let asked = reader
        .asked_since(since)
        .await?
        .into_iter()
        .filter_map(|row| {
            Some(Asked {
                themes: overview::themes_of(&row.topics),
                created_at: parse_time(&row.created_at)?,
                first_answer_at: row.first_answer_at.as_deref().and_then(parse_time),
            })
        })
        .collect();
    let open = reader
        .open()
        .await?
        .into_iter()
        .filter_map(|row| {
            Some(Open {
                created_at: parse_time(&row.created_at)?,
                id: row.id,
                question: row.question,
                themes: overview::themes_of(&row.topics),
                page_url: row.page_url,
            })
        })
        .collect();
    let open = overview::rank_open(open, &pages, &theme, OPEN_LIMIT);
    Ok((
        known,
        Ok(Loaded {
            weeks,
            theme,
            asked,
            open,
        }),
    ))
}

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// `GET /admin/overview`.
pub async fn page(
    State(state): State<AppState>,
    Query(query): Query<OverviewQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = query.lang();
    let (w, o) = (words(lang), overview_words(lang));
    let session = match signed_in(&state, &headers).await {
        Ok(session) => session,
        Err(redirect) => return redirect,
    };
    let now = OffsetDateTime::now_utc();
    let reader = OverviewReader::new(state.database.clone());
    let (known, loaded) = match load(&reader, &query, now).await {
        Ok(loaded) => loaded,
        Err(e) => return internal(e),
    };
    let nav = match nav(&state, &session).await {
        Ok(nav) => nav,
        Err(e) => return e,
    };
    let chosen = query.theme();
    let themes = known
        .into_iter()
        .map(|value| ThemeOption {
            selected: chosen.as_deref() == Some(value.as_str()),
            value,
        })
        .collect();
    let (status, problem, report) = match loaded {
        Ok(loaded) => (
            StatusCode::OK,
            None,
            Some(report(&loaded, &query, lang, now)),
        ),
        Err(problem) => {
            let problem = match problem {
                Problem::Weeks => ProblemView {
                    field: "weeks",
                    message: o.weeks_out_of_range,
                },
                Problem::Theme => ProblemView {
                    field: "theme",
                    message: o.unknown_theme,
                },
            };
            (StatusCode::BAD_REQUEST, Some(problem), None)
        }
    };
    html(
        status,
        OverviewPage {
            page: Page {
                lang: lang.tag(),
                title: w.overview.into(),
                w,
                nav: Some(nav),
                current: "overview",
                query: lang_query(lang),
                message: None,
            },
            o,
            english: lang == Lang::En,
            themes,
            weeks: query
                .weeks
                .clone()
                .unwrap_or_else(|| DEFAULT_WEEKS.to_string()),
            problem,
            report,
        }
        .render(),
    )
}

/// The page's tables and chart from what was loaded.
fn report(loaded: &Loaded, query: &OverviewQuery, lang: Lang, now: OffsetDateTime) -> Report {
    let o = overview_words(lang);
    let counts = overview::count_weeks(&loaded.asked, &loaded.weeks, &loaded.theme);
    let (total_asked, total_answered, total_median) =
        overview::count_period(&loaded.asked, &loaded.weeks, &loaded.theme);
    let duration = |d: Option<time::Duration>| {
        d.map_or_else(|| o.none.to_string(), |d| overview::human_duration(d, lang))
    };
    let theme_name = match &loaded.theme {
        Theme::All => o.all_themes.to_string(),
        Theme::One(theme) => theme.clone(),
    };
    let period = match (loaded.weeks.first(), loaded.weeks.last()) {
        (Some(first), Some(last)) if first != last => {
            format!("{} – {}", first.code(), last.code())
        }
        (Some(only), _) => only.code(),
        _ => String::new(),
    };
    let chart_summary = match lang {
        Lang::Nl => format!(
            "{theme_name}, {period}: {total_asked} gesteld, {total_answered} beantwoord. De tabel hieronder geeft de getallen per week."
        ),
        Lang::En => format!(
            "{theme_name}, {period}: {total_asked} asked, {total_answered} answered. The table below gives the numbers per week."
        ),
    };
    Report {
        caption: format!("{} ({theme_name}, {period}, UTC)", o.per_week),
        chart: overview::chart(&counts),
        rows: counts
            .iter()
            .map(|c| WeekRow {
                code: c.week.code(),
                monday: c.week.monday_iso(),
                asked: c.asked,
                answered: c.answered,
                median: duration(c.median),
            })
            .collect(),
        total_asked,
        total_answered,
        total_median: duration(total_median),
        chart_summary,
        csv_href: format!(
            "/admin/overview.csv?{}",
            query.same_query(&loaded.theme, u8::try_from(loaded.weeks.len()).unwrap_or(0))
        ),
        open: loaded
            .open
            .iter()
            .map(|(q, pages)| OpenRow {
                href: format!("/questions/{}", q.id),
                text: overview::truncate(&q.question, QUESTION_CHARS),
                themes: if q.themes.is_empty() {
                    o.no_theme.to_string()
                } else {
                    q.themes.join(", ")
                },
                age: overview::human_duration(now - q.created_at, lang),
                pages: *pages,
            })
            .collect(),
    }
}

/// `GET /admin/overview.csv`: the same weeks as a file for a spreadsheet; for all themes,
/// each theme's weeks follow those of all themes together.
pub async fn csv(
    State(state): State<AppState>,
    Query(query): Query<OverviewQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = query.lang();
    if let Err(redirect) = signed_in(&state, &headers).await {
        return redirect;
    }
    let now = OffsetDateTime::now_utc();
    let reader = OverviewReader::new(state.database.clone());
    let loaded = match load(&reader, &query, now).await {
        Ok((_, Ok(loaded))) => loaded,
        // The form's page says what is wrong, with the form to put it right.
        Ok((_, Err(_))) => return page(State(state), Query(query), headers).await,
        Err(e) => return internal(e),
    };
    let rows = overview::csv_rows(&loaded.asked, &loaded.weeks, &loaded.theme);
    let body = match overview::csv_file(&rows, lang) {
        Ok(body) => body,
        Err(e) => return internal(e),
    };
    let name = file_name(&loaded.theme, &loaded.weeks);
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

/// `elders-overzicht-energie-2026-W38-2026-W49.csv`: the theme (letters, digits and
/// dashes only, so that the header needs no quoting) and the period.
fn file_name(theme: &Theme, weeks: &[Week]) -> String {
    let theme = match theme {
        Theme::All => "alle-themas".to_string(),
        Theme::One(theme) => {
            let safe: String = theme
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let safe = safe.trim_matches('-').to_string();
            if safe.is_empty() {
                "thema".to_string()
            } else {
                safe
            }
        }
    };
    let period = match (weeks.first(), weeks.last()) {
        (Some(first), Some(last)) => format!("{}-{}", first.code(), last.code()),
        _ => String::new(),
    };
    format!("elders-overzicht-{theme}-{period}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_file_name_holds_only_safe_characters() {
        let weeks = overview::weeks_until(datetime!(2026-12-07 12:00 UTC), 2);
        assert_eq!(
            file_name(&Theme::All, &weeks),
            "elders-overzicht-alle-themas-2026-W49-2026-W50.csv"
        );
        assert_eq!(
            file_name(&Theme::One("zorg & \"welzijn\"".into()), &weeks),
            "elders-overzicht-zorg----welzijn-2026-W49-2026-W50.csv"
        );
        assert_eq!(
            file_name(&Theme::One("ü".into()), &weeks),
            "elders-overzicht-thema-2026-W49-2026-W50.csv"
        );
    }

    #[test]
    fn the_csv_link_asks_for_the_same_overview() {
        let query = OverviewQuery {
            lang: Some("en".into()),
            ..OverviewQuery::default()
        };
        assert_eq!(
            query.same_query(&Theme::One("zorg & welzijn".into()), 4),
            "theme=zorg+%26+welzijn&weeks=4&lang=en"
        );
        assert_eq!(
            OverviewQuery::default().same_query(&Theme::All, 12),
            "weeks=12"
        );
    }
}
