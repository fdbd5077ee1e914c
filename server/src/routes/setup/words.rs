//! Every word of the configurator, Dutch first, English with `?lang=en`.

use elders_core::Lang;

use super::settings::{
    Field, Problem, MAX_LIMIT, MAX_ORGANISATION_CHARS, MAX_TOPICS, MAX_TOPICS_CHARS,
};

/// The page's words in one language.
pub struct Words {
    pub title: &'static str,
    pub skip: &'static str,
    pub other_language: &'static str,
    pub other_language_name: &'static str,
    pub intro: &'static str,
    pub settings: &'static str,
    pub errors_title: &'static str,
    pub topics: &'static str,
    pub topics_hint: &'static str,
    pub organisation: &'static str,
    pub organisation_hint: &'static str,
    pub language: &'static str,
    pub dutch: &'static str,
    pub english: &'static str,
    pub limit: &'static str,
    pub limit_hint: &'static str,
    pub theme: &'static str,
    pub light: &'static str,
    pub dark: &'static str,
    pub auto: &'static str,
    pub lazy: &'static str,
    pub lazy_hint: &'static str,
    pub update: &'static str,
    pub preview: &'static str,
    pub preview_explained: &'static str,
    pub preview_unavailable: &'static str,
    pub code: &'static str,
    pub fix_first: &'static str,
    pub script_tag: &'static str,
    pub script_tag_explained: &'static str,
    pub script_csp: &'static str,
    pub script_csp_explained: &'static str,
    pub iframe: &'static str,
    pub iframe_explained: &'static str,
    pub iframe_csp: &'static str,
    pub iframe_csp_explained: &'static str,
    pub allow_origin: &'static str,
    pub no_public_url: &'static str,
    pub copy: &'static str,
    pub more: &'static str,
    pub demo: &'static str,
    pub bad_host: &'static str,
    /// For the page's script: the confirmations it announces.
    pub copied: &'static str,
    pub selected: &'static str,
    pub suggestions_count: &'static str,
}

const NL: Words = Words {
    title: "Elders op uw pagina",
    skip: "Naar de inhoud",
    other_language: "English",
    other_language_name: "en",
    intro: "Vul in waar uw pagina over gaat. Het voorbeeld toont meteen de echte widget met de \
            actuele feed; daaronder staat de code voor uw pagina, klaar om te kopiëren.",
    settings: "Instellingen",
    errors_title: "Er is een probleem",
    topics: "Onderwerpen",
    topics_hint: "Gescheiden door komma's, bijvoorbeeld: spraaktechnologie, klantcontact. \
                  Tijdens het typen ziet u onderwerpen die de feed al gebruikt, het meest \
                  gebruikte eerst (pijltjestoetsen en Enter om te kiezen).",
    organisation: "Uw organisatie",
    organisation_hint: "De TOOI-URI of naam van uw eigen organisatie. Haar projecten worden \
                        niet getoond: het gaat om werk elders. Organisaties uit de feed worden \
                        voorgesteld; een andere mag ook.",
    language: "Taal van de widget",
    dutch: "Nederlands",
    english: "Engels",
    limit: "Aantal kaarten",
    limit_hint:
        "Hoeveel kaarten de widget eerst toont, 1 tot 50. Met ‘Meer tonen’ ziet de lezer er meer.",
    theme: "Kleuren",
    light: "Licht",
    dark: "Donker",
    auto: "Volgt de instelling van de lezer",
    lazy: "Pas laden als de widget bijna in beeld is",
    lazy_hint: "Voor een widget onderaan een lange pagina: er wordt niets gedownload tot de \
                lezer erheen scrolt.",
    update: "Code bijwerken",
    preview: "Voorbeeld",
    preview_explained: "Dit is de echte widget met de actuele feed. Op uw pagina tellen ook de \
                        titel, kop en tekst van die pagina mee, dus de volgorde kan daar iets \
                        anders zijn. Een vraag die u hier stelt, gaat echt naar de moderatoren.",
    preview_unavailable: "Het voorbeeld verschijnt zodra de instellingen kloppen.",
    code: "Code voor uw pagina",
    fix_first: "Herstel eerst de fouten hierboven; dan verschijnt hier de code.",
    script_tag: "Scripttag",
    script_tag_explained: "Plak dit op de plek waar de kaarten moeten staan.",
    script_csp: "Content-Security-Policy voor de scripttag",
    script_csp_explained: "Heeft uw pagina een Content-Security-Policy, voeg dan deze \
                           regels toe (of vul de bestaande richtlijnen aan). Meer is niet \
                           nodig: de widget heeft geen 'unsafe-inline' en geen style-src nodig.",
    iframe: "Iframe, als uw pagina geen scripts toestaat",
    iframe_explained: "Voor een CMS dat geen eigen scripts toestaat, maar wel iframes van \
                       vertrouwde domeinen (zoals de embed-webpart van SharePoint Online): \
                       dezelfde kaarten, zonder script. Geef de iframe in uw stylesheet de \
                       volle breedte en pas de hoogte aan uw pagina aan, bijvoorbeeld:",
    iframe_csp: "Content-Security-Policy voor de iframe",
    iframe_csp_explained: "Heeft uw pagina een Content-Security-Policy, voeg dan deze regel toe.",
    allow_origin: "Vraag de beheerder van deze Elders-server om de origin van uw intranet \
                   (bijvoorbeeld https://intranet.organisatie.nl) op te nemen in --allow-origin. \
                   Dan kunnen collega's vanaf uw pagina vragen stellen, en mag de iframe op \
                   uw pagina staan (de frame-ancestors van de iframe komen uit --allow-origin).",
    no_public_url: "Deze server heeft geen --public-url: de code gebruikt het adres waarop u \
                    deze pagina opende. Klopt dat niet voor lezers van uw intranet, vraag de \
                    beheerder dan --public-url in te stellen.",
    copy: "Kopiëren",
    more: "Alles over inbedden staat in de README, onder ‘Voor intranetbeheerders’.",
    demo: "Bekijk de demopagina",
    bad_host: "Dit verzoek noemt geen geldig adres van deze server (Host). Open de pagina via \
               het adres van de server, of vraag de beheerder --public-url in te stellen.",
    copied: "Gekopieerd.",
    selected: "De code is geselecteerd: kopieer met Ctrl+C (of Cmd+C).",
    suggestions_count: "suggesties; kies met pijltjestoetsen en Enter",
};

const EN: Words = Words {
    title: "Elders on your page",
    skip: "Skip to content",
    other_language: "Nederlands",
    other_language_name: "nl",
    intro: "Fill in what your page is about. The preview shows the real widget with the live \
            feed at once; below it is the code for your page, ready to copy.",
    settings: "Settings",
    errors_title: "There is a problem",
    topics: "Topics",
    topics_hint: "Separated by commas, for example: spraaktechnologie, klantcontact. While you \
                  type you see the topics the feed already uses, most used first (arrow keys \
                  and Enter to choose).",
    organisation: "Your organisation",
    organisation_hint: "The TOOI URI or name of your own organisation. Its projects are not \
                        shown: the point is work elsewhere. Organisations in the feed are \
                        suggested; another one is fine too.",
    language: "Language of the widget",
    dutch: "Dutch",
    english: "English",
    limit: "Number of cards",
    limit_hint:
        "How many cards the widget shows at first, 1 to 50. ‘Show more’ shows the reader more.",
    theme: "Colours",
    light: "Light",
    dark: "Dark",
    auto: "Follows the reader's setting",
    lazy: "Load only when the widget is nearly in view",
    lazy_hint: "For a widget at the bottom of a long page: nothing is downloaded until the \
                reader scrolls there.",
    update: "Update the code",
    preview: "Preview",
    preview_explained: "This is the real widget with the live feed. On your page, that page's \
                        title, heading and text count too, so the order may differ a little \
                        there. A question you ask here really goes to the moderators.",
    preview_unavailable: "The preview appears once the settings are right.",
    code: "Code for your page",
    fix_first: "Fix the errors above first; the code then appears here.",
    script_tag: "Script tag",
    script_tag_explained: "Paste this where the cards should appear.",
    script_csp: "Content-Security-Policy for the script tag",
    script_csp_explained: "If your page has a Content-Security-Policy, add these lines (or \
                           extend the directives it has). Nothing more is needed: the widget \
                           needs no 'unsafe-inline' and no style-src.",
    iframe: "Iframe, if your page allows no scripts",
    iframe_explained: "For a CMS that allows no scripts of your own but does allow iframes \
                       from trusted domains (such as SharePoint Online's embed web part): the \
                       same cards, without a script. Give the iframe the full width in your \
                       stylesheet and adjust its height to your page, for example:",
    iframe_csp: "Content-Security-Policy for the iframe",
    iframe_csp_explained: "If your page has a Content-Security-Policy, add this line.",
    allow_origin: "Ask the admin of this Elders server to add your intranet's origin (for \
                   example https://intranet.organisation.nl) to --allow-origin. Colleagues \
                   can then ask questions from your page, and the iframe may be shown on your \
                   page (the iframe's frame-ancestors come from --allow-origin).",
    no_public_url: "This server has no --public-url: the code uses the address you opened \
                    this page at. If that is not right for your intranet's readers, ask the \
                    admin to set --public-url.",
    copy: "Copy",
    more: "Everything about embedding is in the README, under ‘For intranet admins’.",
    demo: "See the demo page",
    bad_host: "This request names no valid address of this server (Host). Open the page at \
               the server's address, or ask the admin to set --public-url.",
    copied: "Copied.",
    selected: "The code is selected: copy it with Ctrl+C (or Cmd+C).",
    suggestions_count: "suggestions; choose with the arrow keys and Enter",
};

/// The words in `lang`.
pub fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &NL,
        Lang::En => &EN,
    }
}

/// The message for a field's problem: what is wrong and what to enter instead.
pub fn problem(lang: Lang, field: Field, problem: Problem) -> String {
    let w = words(lang);
    let field_name = match field {
        Field::Topics => w.topics,
        Field::Organisation => w.organisation,
        Field::Language => w.language,
        Field::Limit => w.limit,
        Field::Theme => w.theme,
        Field::Loading => w.lazy,
    };
    match (lang, problem) {
        (Lang::Nl, Problem::TooManyTopics) => {
            format!("Geef ten hoogste {MAX_TOPICS} onderwerpen op.")
        }
        (Lang::En, Problem::TooManyTopics) => format!("Give at most {MAX_TOPICS} topics."),
        (Lang::Nl, Problem::TopicsTooLong) => {
            format!("De onderwerpen zijn samen langer dan {MAX_TOPICS_CHARS} tekens: kies de belangrijkste.")
        }
        (Lang::En, Problem::TopicsTooLong) => {
            format!("The topics are longer than {MAX_TOPICS_CHARS} characters together: choose the main ones.")
        }
        (Lang::Nl, Problem::OrganisationTooLong) => format!(
            "Uw organisatie is langer dan {MAX_ORGANISATION_CHARS} tekens: geef de TOOI-URI of de naam."
        ),
        (Lang::En, Problem::OrganisationTooLong) => format!(
            "Your organisation is longer than {MAX_ORGANISATION_CHARS} characters: give its TOOI URI or its name."
        ),
        (Lang::Nl, Problem::ControlCharacter) => format!(
            "{field_name} bevat een tab of regeleinde: zet alles op één regel."
        ),
        (Lang::En, Problem::ControlCharacter) => format!(
            "{field_name} contains a tab or line break: put everything on one line."
        ),
        (Lang::Nl, Problem::UnknownLanguage) => "Kies Nederlands of Engels.".to_string(),
        (Lang::En, Problem::UnknownLanguage) => "Choose Dutch or English.".to_string(),
        (Lang::Nl, Problem::LimitNotANumber) => {
            format!("Het aantal kaarten moet een getal zijn, van 1 tot {MAX_LIMIT}.")
        }
        (Lang::En, Problem::LimitNotANumber) => {
            format!("The number of cards must be a number, from 1 to {MAX_LIMIT}.")
        }
        (Lang::Nl, Problem::LimitOutOfRange) => {
            format!("Het aantal kaarten moet van 1 tot {MAX_LIMIT} zijn.")
        }
        (Lang::En, Problem::LimitOutOfRange) => {
            format!("The number of cards must be from 1 to {MAX_LIMIT}.")
        }
        (Lang::Nl, Problem::UnknownTheme) => {
            "Kies licht, donker of de instelling van de lezer.".to_string()
        }
        (Lang::En, Problem::UnknownTheme) => {
            "Choose light, dark or the reader's setting.".to_string()
        }
        (Lang::Nl, Problem::UnknownLoading) => {
            "Vink het vakje aan of laat het leeg.".to_string()
        }
        (Lang::En, Problem::UnknownLoading) => "Tick the box or leave it empty.".to_string(),
    }
}
