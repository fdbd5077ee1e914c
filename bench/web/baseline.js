// The baseline of `cargo xtask bench web` (never shipped): the "related work" widget a
// careful developer would write by hand in plain JavaScript. It fetches the same feed,
// parses it with JSON.parse, indexes it with MiniSearch (the same pinned version as the
// ranking benchmark, with the same field boosts), searches with the page's topics, title
// and heading, and renders the best cards as plain DOM after its script tag. Like most such
// widgets it reserves no room for the cards, so the page below moves when they arrive.
import MiniSearch from "./minisearch.js";

const script = document.querySelector("script[src$='baseline.js']");
const feedUrl = script.dataset.feed;
const limit = Number(script.dataset.limit ?? 6);
const own = script.dataset.organisation ?? "";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .bl-cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1em;
    grid-template-columns: repeat(auto-fill, minmax(18em, 1fr)); }
  .bl-card { padding: 1em; border: 1px solid #8a8f98; border-radius: 4px; background: #f5f7fa; }
  .bl-card h3 { margin: 0 0 0.5em; font-size: 1.125em; }
  .bl-card p { margin: 0.25em 0; }
  .bl-meta { color: #545454; font-size: 0.9375em; }
`);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

const host = document.createElement("section");
host.className = "bl";
host.setAttribute("aria-label", "Gerelateerd werk elders");
script.after(host);

function text(name, content, className) {
  const element = document.createElement(name);
  element.textContent = content;
  if (className) element.className = className;
  return element;
}

function card(item) {
  const li = document.createElement("li");
  li.className = "bl-card";
  const title = document.createElement("h3");
  if (item.url) {
    const a = text("a", item.title);
    a.href = item.url;
    title.append(a);
  } else {
    title.textContent = item.title;
  }
  const organisation = item._elders?.organisation?.name ?? "";
  const phase = item._elders?.phase ?? "";
  li.append(title, text("p", [organisation, phase].filter(Boolean).join(" · "), "bl-meta"), text("p", item.summary ?? ""));
  if (item._elders?.outcome) li.append(text("p", `Wat zij leerden: ${item._elders.outcome}`));
  return li;
}

const response = await fetch(feedUrl, { credentials: "omit" });
const feed = await response.json();
const items = feed.items.filter((item) => item && item.id && item.title);
const index = new MiniSearch({
  fields: ["title", "summary", "tags", "themes", "outcome", "content"],
  searchOptions: {
    boost: { title: 3, tags: 2.5, themes: 2.5, summary: 1.5, outcome: 1, content: 0.7 },
    prefix: true,
    fuzzy: 0.2,
  },
});
index.addAll(
  items.map((item, id) => ({
    id,
    title: item.title,
    summary: item.summary ?? "",
    tags: (item.tags ?? []).join(" "),
    themes: (item._elders?.themes ?? []).join(" "),
    outcome: item._elders?.outcome ?? "",
    content: item.content_text ?? "",
  })),
);
const query = [
  script.dataset.topics ?? "",
  document.title.split(/ [–|-] /)[0],
  document.querySelector("h1")?.textContent ?? "",
].join(" ");
const best = index
  .search(query)
  .filter((hit) => (items[hit.id]._elders?.organisation?.uri ?? items[hit.id]._elders?.organisation?.name) !== own)
  .slice(0, limit);
const list = document.createElement("ul");
list.className = "bl-cards";
list.append(...best.map((hit) => card(items[hit.id])));
host.replaceChildren(list);
