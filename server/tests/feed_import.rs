//! `elders feed import` as a publisher runs it: a spreadsheet saved as CSV by a Dutch
//! spreadsheet program (byte-order mark, `;` between cells, quoted cells with line breaks
//! and quotes), the same as `,`-separated, and `publiccode.yml` files; each problem with
//! its row and column or file and key, bad rows skipped, and `elders feed check` passing
//! with every output.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn elders(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_elders"))
        .args(args)
        .output()
        .unwrap()
}

fn import_fixture(name: &str) -> String {
    let path = support::repo_root()
        .join("server/tests/fixtures/import")
        .join(name);
    path.display().to_string()
}

/// `elders feed check` on a file: its last line, after asserting it passed.
fn checked(path: &Path) -> String {
    let out = elders(&["feed", "check", &path.display().to_string()]);
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{printed}");
    printed.lines().last().unwrap_or_default().to_string()
}

#[test]
fn a_spreadsheet_becomes_a_feed_with_each_problem_at_its_row_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("feed.json");
    let out = elders(&[
        "feed",
        "import",
        &import_fixture("spreadsheet.csv"),
        "--output",
        &output.display().to_string(),
        "--title",
        "Innovatie bij uitvoeringsorganisaties",
    ]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    for line in [
        "warning: row 1, column notities: not a column an import reads",
        "warning: row 3, column contact_email: \"geen adres\" is not one e-mail address",
        "error: row 4, column summary: is required; the item was skipped",
        "warning: row 5, column phase: \"klaar\" is not a phase",
        "3 of 4 items imported, 1 skipped",
    ] {
        assert!(report.contains(line), "{line:?} in\n{report}");
    }
    let feed: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert_eq!(feed["title"], "Innovatie bij uitvoeringsorganisaties");
    let items = feed["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["svb-voicebot", "uwv-chat", "rvo-slim"]);
    let voicebot = &items[0];
    assert_eq!(
        voicebot["summary"],
        "Een voicebot beantwoordt eenvoudige vragen over de AOW.\nMoeilijke vragen gaan naar een medewerker."
    );
    assert_eq!(
        voicebot["tags"],
        serde_json::json!(["spraaktechnologie", "voicebot"])
    );
    assert_eq!(
        voicebot["_elders"]["phase"], "in_use",
        "from the label \"In gebruik\""
    );
    assert_eq!(
        voicebot["_elders"]["organisation"]["uri"],
        "https://identifier.overheid.nl/tooi/id/zbo/zb000143"
    );
    assert_eq!(
        voicebot["_elders"]["contact"]["email"],
        "klantcontact@svb.example"
    );
    assert!(items[2]["summary"].as_str().unwrap().contains("\"proef\""));
    assert!(items[2]["_elders"].get("phase").is_none());
    assert_eq!(
        checked(&output),
        format!("{}: 3 items valid, 0 skipped, 0 warnings", output.display())
    );
}

#[test]
fn commas_work_as_well_as_semicolons() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("projecten.csv");
    std::fs::write(
        &csv,
        "title,id,summary,organisation,tags\r\n\
         Algoritmeregister,alg-1,\"Alle algoritmes van de gemeente, met uitleg.\",Gemeente Utrecht,algoritmes;transparantie\r\n",
    )
    .unwrap();
    let out = elders(&["feed", "import", &csv.display().to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let feed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = &feed["items"][0];
    assert_eq!(
        item["summary"],
        "Alle algoritmes van de gemeente, met uitleg."
    );
    assert_eq!(
        item["tags"],
        serde_json::json!(["algoritmes", "transparantie"])
    );
    assert_eq!(item["_elders"]["organisation"]["name"], "Gemeente Utrecht");
}

#[test]
fn publiccode_files_become_items_of_one_feed() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("feed.json");
    let out = elders(&[
        "feed",
        "import",
        &import_fixture("publiccode.yml"),
        &import_fixture("publiccode-no-owner.yml"),
        "--output",
        &output.display().to_string(),
    ]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("publiccode-no-owner.yml, key organisation: names no organisation"),
        "{report}"
    );
    assert!(
        report.contains("2 of 2 items imported, 0 skipped"),
        "{report}"
    );
    let feed: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let signalen = &feed["items"][0];
    assert_eq!(signalen["id"], "https://github.com/Amsterdam/signals");
    assert_eq!(signalen["url"], "https://signalen.org");
    assert_eq!(signalen["language"], "nl", "the Dutch description first");
    assert_eq!(
        signalen["summary"],
        "Meldingen over de openbare ruimte ontvangen, verdelen en afhandelen."
    );
    assert_eq!(signalen["_elders"]["phase"], "in_use");
    assert_eq!(
        signalen["_elders"]["organisation"]["name"],
        "Gemeente Amsterdam"
    );
    assert!(signalen["tags"]
        .as_array()
        .unwrap()
        .contains(&"citizen-engagement".into()));
    assert_eq!(signalen["_elders"]["contact"]["name"], "Team Signalen");
    let english = &feed["items"][1];
    assert_eq!(english["language"], "en");
    assert_eq!(english["_elders"]["phase"], "pilot");
    assert!(checked(&output).ends_with("2 items valid, 0 skipped, 0 warnings"));
}

#[test]
fn an_import_with_nothing_to_import_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("leeg.csv");
    std::fs::write(
        &csv,
        "id;title;summary\n;Zonder id;Een samenvatting zonder id.\n",
    )
    .unwrap();
    let output = dir.path().join("feed.json");
    let out = elders(&[
        "feed",
        "import",
        &csv.display().to_string(),
        "--output",
        &output.display().to_string(),
    ]);
    assert!(!out.status.success());
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(
        report.contains("error: row 2, column id: is required"),
        "{report}"
    );
    assert!(
        report.contains("0 of 1 items imported, 1 skipped"),
        "{report}"
    );
    assert!(!output.exists());

    let header = dir.path().join("verkeerd.csv");
    std::fs::write(&header, "naam;omschrijving\nx;y\n").unwrap();
    let out = elders(&["feed", "import", &header.display().to_string()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("at least the columns id, title, summary"),
        "{said}"
    );

    let yaml = dir.path().join("publiccode.yml");
    std::fs::write(&yaml, "- geen\n- mapping\n").unwrap();
    let out = elders(&["feed", "import", &yaml.display().to_string()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("its top is not a mapping"));
}

#[test]
fn an_rss_feed_becomes_an_elders_feed_with_the_organisation_given() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("feed.json");
    let rss = support::repo_root().join("tests/fixtures/other-feeds/nieuws.rss");
    let out = elders(&[
        "feed",
        "import",
        &rss.display().to_string(),
        "--organisation",
        "UWV,https://identifier.overheid.nl/tooi/id/zbo/zb000144",
        "--output",
        &output.display().to_string(),
    ]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("$.items[0].summary (item \"https://uwv.example/lab/terugbellen\"): missing; made from the plain text of content_html"),
        "{report}"
    );
    let feed: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let item = &feed["items"][0];
    assert_eq!(
        item["summary"],
        "Wie langer dan vijf minuten wacht, wordt teruggebeld."
    );
    assert_eq!(
        item["_elders"]["organisation"]["uri"],
        "https://identifier.overheid.nl/tooi/id/zbo/zb000144"
    );
    assert!(checked(&output).ends_with("1 items valid, 0 skipped, 0 warnings"));

    // Checked as it is, the RSS feed passes with its warning and a note on the organisation.
    let out = elders(&["feed", "check", &rss.display().to_string()]);
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("note: 1 items name no organisation"),
        "{printed}"
    );
}

#[test]
fn a_feed_organisation_for_a_feed_not_given_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("elders.db").display());
    let feed = support::repo_root()
        .join("feeds/sample.json")
        .display()
        .to_string();
    let out = elders(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--database",
        &database,
        "--feed",
        &feed,
        "--feed-organisation",
        "https://elders.example/other.rss=UWV",
    ]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "--feed-organisation names https://elders.example/other.rss, which no --feed gives"
        ),
        "{said}"
    );
}
