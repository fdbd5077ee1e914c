//! The weekly overview's arithmetic (`docs/architecture.md` §9, `/admin/overview`): which
//! ISO week a question falls in, how many were asked and answered per week and theme, the
//! median time to the first published answer, how that time reads, which open questions
//! the most intranet pages raised, the chart's geometry and the CSV rows. Pure: the store
//! (`store/overview.rs`) reads the rows, the desk's route (`routes/desk/overview.rs`)
//! draws the page; nothing here does I/O or reads the clock.
//!
//! Definitions, as the page's help text gives them:
//! - A week is an ISO week (Monday to Sunday) in UTC; a question belongs to the week it
//!   was asked in, whatever its status now.
//! - A theme is a question's topic, compared without case. A question with several
//!   topics counts in each of its themes, and once in "all themes".
//! - Answered: the question now has a published answer (a colleague's `approved` answer,
//!   or the moderators' own answer). The time to the first published answer runs from the
//!   question's `created_at` to the earliest such publication.
//! - Related pages of an open question: the distinct intranet pages (scheme, host and
//!   path; query and fragment dropped) among all questions that share at least one theme
//!   with it, its own page included.

use std::collections::{BTreeSet, HashMap, HashSet};

use elders_core::Lang;
use time::{Date, Duration, OffsetDateTime};

/// Fewest and most weeks one overview covers.
pub const WEEKS: std::ops::RangeInclusive<u8> = 1..=52;

/// Weeks shown when the form does not say.
pub const DEFAULT_WEEKS: u8 = 12;

/// Most open questions listed.
pub const OPEN_LIMIT: usize = 10;

/// An ISO week, named by its Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Week {
    /// The week's Monday (UTC).
    pub monday: Date,
}

impl Week {
    /// The week `date` falls in.
    pub fn of(date: Date) -> Week {
        Week {
            monday: date - Duration::days(i64::from(date.weekday().number_days_from_monday())),
        }
    }

    /// `2026-W49`, as ISO 8601 and `<time datetime>` write it.
    pub fn code(self) -> String {
        let (year, week, _) = self.monday.to_iso_week_date();
        format!("{year}-W{week:02}")
    }

    /// `W49`, short enough for the chart's axis.
    pub fn short(self) -> String {
        format!("W{:02}", self.monday.iso_week())
    }

    /// The Monday as `2026-11-30`.
    pub fn monday_iso(self) -> String {
        let d = self.monday;
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    }
}

/// The `count` weeks up to and including the one `now` falls in, oldest first.
pub fn weeks_until(now: OffsetDateTime, count: u8) -> Vec<Week> {
    let current = Week::of(now.to_offset(time::UtcOffset::UTC).date());
    (0..i64::from(count))
        .rev()
        .map(|back| Week {
            monday: current.monday - Duration::weeks(back),
        })
        .collect()
}

/// The first moment of the oldest of `weeks`: the store reads questions asked since.
pub fn start_of(weeks: &[Week]) -> Option<OffsetDateTime> {
    let oldest = weeks.first()?;
    Some(oldest.monday.midnight().assume_utc())
}

/// A theme as the overview compares it: a topic trimmed and in lower case.
pub fn theme_key(topic: &str) -> String {
    topic.trim().to_lowercase()
}

/// The themes of a question's topics, each once, in order.
pub fn themes_of(topics: &[String]) -> Vec<String> {
    let mut themes: Vec<String> = Vec::with_capacity(topics.len());
    for topic in topics {
        let key = theme_key(topic);
        if !key.is_empty() && !themes.contains(&key) {
            themes.push(key);
        }
    }
    themes
}

/// Which questions an overview counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Theme {
    /// Every question, once.
    All,
    /// The questions with this theme (a [`theme_key`]).
    One(String),
}

impl Theme {
    /// Whether a question with these themes counts.
    fn takes(&self, themes: &[String]) -> bool {
        match self {
            Theme::All => true,
            Theme::One(theme) => themes.iter().any(|t| t == theme),
        }
    }
}

/// A question asked in the period, as the weekly counts need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Asked {
    /// Its themes ([`themes_of`]).
    pub themes: Vec<String>,
    /// When it was asked.
    pub created_at: OffsetDateTime,
    /// When its first published answer was published; `None` when it has none.
    pub first_answer_at: Option<OffsetDateTime>,
}

/// One week of one theme.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekCount {
    /// The week.
    pub week: Week,
    /// Questions asked that week.
    pub asked: u32,
    /// Of those, how many now have a published answer.
    pub answered: u32,
    /// The median time from asking to the first published answer, of the answered ones.
    pub median: Option<Duration>,
}

/// The counts per week of `weeks` for `theme`, oldest first; every week is there, empty
/// ones with zeros. Questions outside the weeks are left out.
pub fn count_weeks(asked: &[Asked], weeks: &[Week], theme: &Theme) -> Vec<WeekCount> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); weeks.len()];
    let mut rows: Vec<WeekCount> = weeks
        .iter()
        .map(|&week| WeekCount {
            week,
            asked: 0,
            answered: 0,
            median: None,
        })
        .collect();
    for question in asked.iter().filter(|q| theme.takes(&q.themes)) {
        let week = Week::of(question.created_at.to_offset(time::UtcOffset::UTC).date());
        let Ok(at) = weeks.binary_search(&week) else {
            continue;
        };
        rows[at].asked += 1;
        if let Some(answered_at) = question.first_answer_at {
            rows[at].answered += 1;
            // A clock that went back counts as no time, not as negative time.
            times[at].push((answered_at - question.created_at).max(Duration::ZERO));
        }
    }
    for (row, mut durations) in rows.iter_mut().zip(times) {
        row.median = median(&mut durations);
    }
    rows
}

/// The whole period of `weeks` for `theme` at once: asked, answered and the median over
/// all its answered questions (not a median of the weekly medians).
pub fn count_period(
    asked: &[Asked],
    weeks: &[Week],
    theme: &Theme,
) -> (u32, u32, Option<Duration>) {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return (0, 0, None);
    };
    let mut count = (0, 0);
    let mut times = Vec::new();
    for question in asked.iter().filter(|q| theme.takes(&q.themes)) {
        let week = Week::of(question.created_at.to_offset(time::UtcOffset::UTC).date());
        if week < *first || week > *last {
            continue;
        }
        count.0 += 1;
        if let Some(answered_at) = question.first_answer_at {
            count.1 += 1;
            times.push((answered_at - question.created_at).max(Duration::ZERO));
        }
    }
    (count.0, count.1, median(&mut times))
}

/// The median: the middle one, or the mean of the two middle ones; `None` of nothing.
pub fn median(durations: &mut [Duration]) -> Option<Duration> {
    durations.sort_unstable();
    let n = durations.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(durations[n / 2]),
        _ => Some((durations[n / 2 - 1] + durations[n / 2]) / 2),
    }
}

/// Every theme of the questions asked in the period, sorted.
pub fn themes_asked(asked: &[Asked]) -> Vec<String> {
    let set: BTreeSet<&String> = asked.iter().flat_map(|q| &q.themes).collect();
    set.into_iter().cloned().collect()
}

/// A duration as a person reads it: `< 1 min`, `45 min`, `3 u 20 min` (`3 h 20 min`),
/// `2 d 4 u` (`2 d 4 h`), rounded down to the unit shown.
pub fn human_duration(duration: Duration, lang: Lang) -> String {
    let hour = match lang {
        Lang::Nl => "u",
        Lang::En => "h",
    };
    let minutes = duration.whole_minutes().max(0);
    let (days, hours, mins) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    match (days, hours, mins) {
        (0, 0, 0) => "< 1 min".into(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} {hour}"),
        (0, h, m) => format!("{h} {hour} {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} {hour}"),
    }
}

/// A page as the overview tells pages apart: scheme, host and path, without the query,
/// the fragment or a password; `None` for an empty address.
pub fn page_key(page_url: &str) -> Option<String> {
    let page_url = page_url.trim();
    if page_url.is_empty() {
        return None;
    }
    match url::Url::parse(page_url) {
        Ok(url) if url.has_host() => Some(format!(
            "{}://{}{}{}",
            url.scheme(),
            url.host_str().unwrap_or_default(),
            url.port().map(|p| format!(":{p}")).unwrap_or_default(),
            url.path()
        )),
        // Not a URL a browser sends: compared as it is, without query and fragment.
        _ => page_url.split(['?', '#']).next().map(str::to_string),
    }
}

/// A question stored with its page: what the related pages are counted from.
#[derive(Debug, Clone, PartialEq)]
pub struct AskedOn {
    /// Its themes ([`themes_of`]).
    pub themes: Vec<String>,
    /// The page it was asked on.
    pub page_url: Option<String>,
}

/// A published question without a published answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Open {
    /// Public id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Its themes ([`themes_of`]).
    pub themes: Vec<String>,
    /// The page it was asked on.
    pub page_url: Option<String>,
    /// When it was asked.
    pub created_at: OffsetDateTime,
}

/// The open questions (of `theme`) that the most distinct pages raised, most first, ties
/// oldest first, at most `limit`, each with its count of related pages (see the module's
/// definitions).
pub fn rank_open(
    open: Vec<Open>,
    asked_on: &[AskedOn],
    theme: &Theme,
    limit: usize,
) -> Vec<(Open, usize)> {
    let mut pages: HashMap<&str, HashSet<String>> = HashMap::new();
    for question in asked_on {
        let Some(page) = question.page_url.as_deref().and_then(page_key) else {
            continue;
        };
        for theme in &question.themes {
            pages
                .entry(theme.as_str())
                .or_default()
                .insert(page.clone());
        }
    }
    let mut ranked: Vec<(Open, usize)> = open
        .into_iter()
        .filter(|q| theme.takes(&q.themes))
        .map(|q| {
            let own = q.page_url.as_deref().and_then(page_key);
            let mut related: HashSet<&str> = q
                .themes
                .iter()
                .filter_map(|t| pages.get(t.as_str()))
                .flatten()
                .map(String::as_str)
                .collect();
            if let Some(own) = &own {
                related.insert(own.as_str());
            }
            let count = related.len();
            (q, count)
        })
        .collect();
    ranked.sort_by(|(a, n), (b, m)| {
        m.cmp(n)
            .then(a.created_at.cmp(&b.created_at))
            .then_with(|| a.id.cmp(&b.id))
    });
    ranked.truncate(limit);
    ranked
}

/// `text` cut at `max` characters (at a word when one is near), with `…`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = match cut.rfind(' ') {
        Some(space) if space >= cut.len() / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", at_word.trim_end())
}

/// One bar of the chart, in the SVG's own units.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    /// `asked` or `answered`: the CSS class, the legend and the table say which.
    pub kind: &'static str,
    /// The number, written above the bar.
    pub value: u32,
}

/// The chart: asked and answered per week as pairs of bars, scaled into a fixed
/// `viewBox` so that it shrinks with its box.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: u32,
    pub height: u32,
    /// The baseline's height from the top.
    pub baseline: u32,
    pub bars: Vec<Bar>,
    /// Each week's label under its bars.
    pub labels: Vec<AxisLabel>,
}

/// A week's name on the chart's axis, centred on `x`.
#[derive(Debug, Clone, PartialEq)]
pub struct AxisLabel {
    pub x: u32,
    pub text: String,
}

const BAR: u32 = 12;
const GAP: u32 = 2;
const SLOT: u32 = 2 * BAR + GAP + 14;
const PLOT: u32 = 120;
const TOP: u32 = 16;
const MARGIN: u32 = 8;

/// The chart of `rows`: the tallest count fills the plot; a zero is a bar of no height.
pub fn chart(rows: &[WeekCount]) -> Chart {
    let max = rows
        .iter()
        .map(|r| r.asked.max(r.answered))
        .max()
        .unwrap_or(0);
    let scale = |n: u32| (n * PLOT).checked_div(max).unwrap_or(0);
    let baseline = TOP + PLOT;
    let mut bars = Vec::with_capacity(rows.len() * 2);
    let mut labels = Vec::with_capacity(rows.len());
    for (i, row) in (0u32..).zip(rows) {
        let left = MARGIN + i * SLOT;
        for (offset, kind, value) in [
            (0, "asked", row.asked),
            (BAR + GAP, "answered", row.answered),
        ] {
            let height = scale(value);
            bars.push(Bar {
                x: left + offset,
                y: baseline - height,
                width: BAR,
                height,
                kind,
                value,
            });
        }
        labels.push(AxisLabel {
            x: left + BAR + GAP / 2,
            text: row.week.short(),
        });
    }
    Chart {
        width: 2 * MARGIN + SLOT * u32::try_from(rows.len()).unwrap_or(0),
        height: baseline + 20,
        baseline,
        bars,
        labels,
    }
}

/// A row of the CSV: one week of one theme (`None`: all themes).
#[derive(Debug, Clone, PartialEq)]
pub struct CsvRow {
    pub theme: Option<String>,
    pub count: WeekCount,
}

/// The CSV's rows for `theme`: its weeks; for all themes, the weeks of all themes
/// together first, then each theme asked in the period, theme by theme.
pub fn csv_rows(asked: &[Asked], weeks: &[Week], theme: &Theme) -> Vec<CsvRow> {
    let mut rows: Vec<CsvRow> = count_weeks(asked, weeks, theme)
        .into_iter()
        .map(|count| CsvRow {
            theme: match theme {
                Theme::All => None,
                Theme::One(t) => Some(t.clone()),
            },
            count,
        })
        .collect();
    if *theme == Theme::All {
        for each in themes_asked(asked) {
            let counts = count_weeks(asked, weeks, &Theme::One(each.clone()));
            rows.extend(counts.into_iter().map(|count| CsvRow {
                theme: Some(each.clone()),
                count,
            }));
        }
    }
    rows
}

/// The CSV file: a header row, then [`csv_rows`]; durations as the page writes them and
/// in whole minutes, for sums in a spreadsheet.
pub fn csv_file(rows: &[CsvRow], lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let (header, all) = match lang {
        Lang::Nl => (
            [
                "week",
                "maandag",
                "thema",
                "gesteld",
                "beantwoord",
                "mediaan tot eerste antwoord",
                "mediaan tot eerste antwoord (minuten)",
            ],
            "alle thema's",
        ),
        Lang::En => (
            [
                "week",
                "monday",
                "theme",
                "asked",
                "answered",
                "median to first answer",
                "median to first answer (minutes)",
            ],
            "all themes",
        ),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        let c = &row.count;
        writer.write_record([
            c.week.code(),
            c.week.monday_iso(),
            row.theme.clone().unwrap_or_else(|| all.to_string()),
            c.asked.to_string(),
            c.answered.to_string(),
            c.median
                .map(|d| human_duration(d, lang))
                .unwrap_or_default(),
            c.median
                .map(|d| d.whole_minutes().to_string())
                .unwrap_or_default(),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn asked(topics: &[&str], at: OffsetDateTime, answered: Option<OffsetDateTime>) -> Asked {
        Asked {
            themes: themes_of(&topics.iter().map(|t| t.to_string()).collect::<Vec<_>>()),
            created_at: at,
            first_answer_at: answered,
        }
    }

    #[test]
    fn weeks_are_iso_weeks_from_monday_in_utc_oldest_first() {
        // Sunday 2026-12-06, late evening in UTC: still week 49.
        let weeks = weeks_until(datetime!(2026-12-06 23:59 UTC), 3);
        let codes: Vec<String> = weeks.iter().map(|w| w.code()).collect();
        assert_eq!(codes, ["2026-W47", "2026-W48", "2026-W49"]);
        assert_eq!(weeks[2].monday, date!(2026 - 11 - 30));
        // A time in another offset counts in UTC: this one is Monday 00:30 UTC.
        let next = weeks_until(datetime!(2026-12-06 23:30 -01:00), 1);
        assert_eq!(next[0].code(), "2026-W50");
        // The ISO year of a week across New Year.
        assert_eq!(Week::of(date!(2027 - 01 - 01)).code(), "2026-W53");
        assert_eq!(Week::of(date!(2025 - 12 - 29)).code(), "2026-W01");
        assert_eq!(
            start_of(&weeks),
            Some(datetime!(2026-11-16 00:00 UTC)),
            "the oldest Monday at midnight"
        );
    }

    #[test]
    fn counts_per_week_and_theme_count_a_question_once_per_theme() {
        let weeks = weeks_until(datetime!(2026-12-07 12:00 UTC), 2);
        let questions = [
            // Week 49: two asked, one answered after 2 h.
            asked(
                &["Energie", "wonen"],
                datetime!(2026-11-30 08:00 UTC),
                Some(datetime!(2026-11-30 10:00 UTC)),
            ),
            asked(&["energie"], datetime!(2026-12-06 23:59 UTC), None),
            // Week 50: one, answered after 30 min.
            asked(
                &["wonen"],
                datetime!(2026-12-07 00:00 UTC),
                Some(datetime!(2026-12-07 00:30 UTC)),
            ),
            // Before the period: left out.
            asked(&["energie"], datetime!(2026-11-29 23:59 UTC), None),
        ];
        let all = count_weeks(&questions, &weeks, &Theme::All);
        assert_eq!(
            all.iter()
                .map(|r| (r.asked, r.answered))
                .collect::<Vec<_>>(),
            [(2, 1), (1, 1)]
        );
        assert_eq!(all[0].median, Some(Duration::hours(2)));
        assert_eq!(all[1].median, Some(Duration::minutes(30)));
        let energy = count_weeks(&questions, &weeks, &Theme::One("energie".into()));
        assert_eq!(
            energy
                .iter()
                .map(|r| (r.asked, r.answered))
                .collect::<Vec<_>>(),
            [(2, 1), (0, 0)]
        );
        assert_eq!(energy[1].median, None);
        assert_eq!(
            count_period(&questions, &weeks, &Theme::All),
            (3, 2, Some(Duration::minutes(75))),
            "the median of all answered ones in the period"
        );
        let housing = count_weeks(&questions, &weeks, &Theme::One("wonen".into()));
        assert_eq!(
            housing
                .iter()
                .map(|r| (r.asked, r.answered))
                .collect::<Vec<_>>(),
            [(1, 1), (1, 1)]
        );
        assert_eq!(themes_asked(&questions), ["energie", "wonen"]);
    }

    #[test]
    fn the_median_is_the_middle_or_the_mean_of_the_two_middles() {
        let mut none: Vec<Duration> = Vec::new();
        assert_eq!(median(&mut none), None);
        let mut odd = [9, 1, 5].map(Duration::minutes);
        assert_eq!(median(&mut odd), Some(Duration::minutes(5)));
        let mut even = [60, 10, 20, 1000].map(Duration::minutes);
        assert_eq!(median(&mut even), Some(Duration::minutes(40)));
    }

    #[test]
    fn an_answer_stamped_before_its_question_counts_as_no_time() {
        let weeks = weeks_until(datetime!(2026-12-07 12:00 UTC), 1);
        let questions = [asked(
            &[],
            datetime!(2026-12-07 10:00 UTC),
            Some(datetime!(2026-12-07 09:59 UTC)),
        )];
        let rows = count_weeks(&questions, &weeks, &Theme::All);
        assert_eq!(rows[0].median, Some(Duration::ZERO));
    }

    #[test]
    fn durations_read_in_the_largest_two_units() {
        let nl = |d| human_duration(d, Lang::Nl);
        assert_eq!(nl(Duration::seconds(59)), "< 1 min");
        assert_eq!(nl(Duration::minutes(45)), "45 min");
        assert_eq!(nl(Duration::minutes(3 * 60 + 20)), "3 u 20 min");
        assert_eq!(nl(Duration::hours(5)), "5 u");
        assert_eq!(nl(Duration::hours(52) + Duration::minutes(10)), "2 d 4 u");
        assert_eq!(nl(Duration::days(3)), "3 d");
        assert_eq!(human_duration(Duration::hours(52), Lang::En), "2 d 4 h");
        assert_eq!(
            human_duration(Duration::minutes(200), Lang::En),
            "3 h 20 min"
        );
    }

    #[test]
    fn a_page_is_its_scheme_host_and_path() {
        assert_eq!(
            page_key("https://Intranet.Example/energie/meters?tab=2#top").as_deref(),
            Some("https://intranet.example/energie/meters")
        );
        assert_eq!(
            page_key("https://user:secret@intranet.example:8443/a").as_deref(),
            Some("https://intranet.example:8443/a")
        );
        assert_eq!(page_key("  ").as_deref(), None);
        assert_eq!(page_key("/relative?x").as_deref(), Some("/relative"));
    }

    fn open(id: &str, topics: &[&str], page: Option<&str>, at: OffsetDateTime) -> Open {
        Open {
            id: id.into(),
            question: format!("Vraag {id}"),
            themes: themes_of(&topics.iter().map(|t| t.to_string()).collect::<Vec<_>>()),
            page_url: page.map(str::to_string),
            created_at: at,
        }
    }

    fn on(topics: &[&str], page: Option<&str>) -> AskedOn {
        AskedOn {
            themes: themes_of(&topics.iter().map(|t| t.to_string()).collect::<Vec<_>>()),
            page_url: page.map(str::to_string),
        }
    }

    #[test]
    fn open_questions_rank_by_distinct_related_pages_then_oldest() {
        let asked_on = [
            on(&["energie"], Some("https://i.example/a?x=1")),
            on(&["energie"], Some("https://i.example/a?x=2")),
            on(&["energie"], Some("https://i.example/b")),
            on(&["wonen"], Some("https://i.example/c")),
            on(&["wonen"], Some("https://i.example/d")),
            on(&["zorg"], Some("https://i.example/e")),
            on(&["zorg"], None),
        ];
        let open = vec![
            // energie: a, b → 2; wonen: c, d → 2; both → 4 (its own page a included).
            open(
                "both",
                &["Energie", "wonen"],
                Some("https://i.example/a"),
                datetime!(2026-12-01 00:00 UTC),
            ),
            open(
                "wonen-new",
                &["wonen"],
                None,
                datetime!(2026-12-03 00:00 UTC),
            ),
            open(
                "energie-old",
                &["energie"],
                None,
                datetime!(2026-11-01 00:00 UTC),
            ),
            // No theme: only its own page.
            open(
                "alone",
                &[],
                Some("https://i.example/z"),
                datetime!(2026-10-01 00:00 UTC),
            ),
        ];
        let ranked = rank_open(open.clone(), &asked_on, &Theme::All, 10);
        let got: Vec<(&str, usize)> = ranked.iter().map(|(q, n)| (q.id.as_str(), *n)).collect();
        assert_eq!(
            got,
            [
                ("both", 4),
                ("energie-old", 2),
                ("wonen-new", 2),
                ("alone", 1)
            ]
        );
        let energy = rank_open(open.clone(), &asked_on, &Theme::One("energie".into()), 10);
        let got: Vec<&str> = energy.iter().map(|(q, _)| q.id.as_str()).collect();
        assert_eq!(got, ["both", "energie-old"]);
        assert_eq!(rank_open(open, &asked_on, &Theme::All, 2).len(), 2);
    }

    #[test]
    fn long_questions_are_cut_near_a_word() {
        assert_eq!(truncate("kort", 10), "kort");
        assert_eq!(truncate("een twee drie vier", 12), "een twee…");
        assert_eq!(truncate("aaaaaaaaaaaaaaaa", 5), "aaaaa…");
    }

    #[test]
    fn the_chart_scales_the_tallest_count_to_the_plot() {
        let weeks = weeks_until(datetime!(2026-12-07 12:00 UTC), 2);
        let rows = vec![
            WeekCount {
                week: weeks[0],
                asked: 4,
                answered: 1,
                median: None,
            },
            WeekCount {
                week: weeks[1],
                asked: 0,
                answered: 0,
                median: None,
            },
        ];
        let chart = chart(&rows);
        assert_eq!(chart.bars.len(), 4);
        assert_eq!(chart.bars[0].height, PLOT);
        assert_eq!(chart.bars[0].y + chart.bars[0].height, chart.baseline);
        assert_eq!(chart.bars[1].height, PLOT / 4);
        assert_eq!(chart.bars[1].kind, "answered");
        assert_eq!(chart.bars[2].height, 0);
        assert_eq!(chart.labels[1].text, "W50");
        assert!(chart.bars.iter().all(|b| b.x + b.width <= chart.width));
        assert_eq!(super::chart(&[]).bars, Vec::new());
    }

    #[test]
    fn the_csv_has_a_header_all_themes_then_each_theme() {
        let weeks = weeks_until(datetime!(2026-12-07 12:00 UTC), 2);
        let questions = [
            asked(
                &["energie", "wonen"],
                datetime!(2026-11-30 08:00 UTC),
                Some(datetime!(2026-11-30 11:20 UTC)),
            ),
            asked(&["wonen, \"oud\""], datetime!(2026-12-07 09:00 UTC), None),
        ];
        let rows = csv_rows(&questions, &weeks, &Theme::All);
        assert_eq!(
            rows.len(),
            2 * 4,
            "all themes and three themes, two weeks each"
        );
        let text = String::from_utf8(csv_file(&rows, Lang::Nl).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "week,maandag,thema,gesteld,beantwoord,mediaan tot eerste antwoord,mediaan tot eerste antwoord (minuten)"
        );
        assert_eq!(
            lines[1],
            "2026-W49,2026-11-30,alle thema's,1,1,3 u 20 min,200"
        );
        assert_eq!(lines[2], "2026-W50,2026-12-07,alle thema's,1,0,,");
        assert_eq!(lines[3], "2026-W49,2026-11-30,energie,1,1,3 u 20 min,200");
        assert!(
            text.contains("\"wonen, \"\"oud\"\"\",1,0,,"),
            "quoted as CSV quotes: {text}"
        );
        let one = csv_rows(&questions, &weeks, &Theme::One("wonen".into()));
        assert_eq!(one.len(), 2);
        assert_eq!(one[0].theme.as_deref(), Some("wonen"));
    }
}
