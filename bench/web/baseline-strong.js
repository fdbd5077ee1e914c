// The strong baseline of `cargo xtask bench web` (never shipped): the "related work"
// widget a careful JavaScript developer would write, to set against Elders.
//
// - The page reserves its room (a `section.bl` element with a `min-height` in the page's
//   own CSS, as the `elders-reserved` row does), and this script goes in the `<head>`.
// - The feed is fetched and parsed in a Worker (`baseline-strong-worker.js`), which hands
//   the items back in parts of `PART` items, so that neither parsing nor copying back is
//   a long task on the page's thread.
// - MiniSearch 7.2.0 indexes them with `addAllAsync`, in chunks of `CHUNK` items with a
//   turn for the page between chunks; Dutch stop words and Snowball Dutch stems
//   (`strong.js`, shared with the ranking benchmark).
// - The query is the page context Elders reads (`strong.js`, `queryWeights`): the
//   section's `data-topics`, meta keywords and dcterms.subject, the title, the first h1,
//   the meta description, and the text of `<main>` (or `[role=main]`, `<article>`)
//   without this widget, scripts and styles. The host's own items are left out.
// - The cards are plain DOM, as in the plain baseline (`baseline.js`, whose card code
//   this repeats so that the plain baseline stays one file, as measured before).
import MiniSearch from "./minisearch.js";
import { INDEX_OPTIONS, queryWeights, search } from "./strong.js";

/// Items per `addAllAsync` chunk, the largest round size whose chunks stayed under 50 ms at
/// 10,000 items on the benchmark's machine in a focused run (four runs): a chunk of 100
/// took 12–14 ms as a rule (median), 17 ms at the 90th percentile, and 30–49 ms for the
/// first, before V8 has optimised the indexing code; chunks of 500 took 67–182 ms (before
/// `processTerm` kept its stems). With more load on the machine early chunks can still
/// pass 50 ms: a count of items cannot follow the machine (docs/benchmarks.md). MiniSearch waits a `setTimeout(0)` between chunks, which
/// the browser stretches to 4 ms once timeouts nest five deep: 0.4 s of 10,000 items'
/// start-up is those waits.
const CHUNK = 100;
/// Items per message from the Worker: copying 1,000 items in took under 20 ms.
const PART = 1000;

const script = document.querySelector("script[src$='baseline-strong.js']");
const host = document.querySelector("section.bl");
const feedUrl = script.dataset.feed;
const own = script.dataset.organisation ?? "";
const limit = Number(host.dataset.limit ?? 6);

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
  li.append(title, text("p", [item.organisation, item.phase].filter(Boolean).join(" · "), "bl-meta"), text("p", item.summary ?? ""));
  if (item.outcome) li.append(text("p", `Wat zij leerden: ${item.outcome}`));
  return li;
}

const meta = (name) => document.querySelector(`meta[name="${name}" i]`)?.content ?? "";
const list = (value) => value.split(/[,;]/).map((v) => v.trim()).filter(Boolean);

/// The readable text of the page's main part, without this widget, scripts and styles.
function mainText() {
  const root = document.querySelector("main, [role=main], article");
  if (!root) return "";
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const parts = [];
  let length = 0;
  for (let node = walker.nextNode(); node && length < 10000; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest("script, style, noscript, template, section.bl")) continue;
    parts.push(node.data);
    length += node.data.length;
  }
  return parts.join(" ").replace(/\s+/g, " ").trim();
}

const weights = queryWeights({
  topics: list(host.dataset.topics ?? ""),
  keywords: [...list(meta("keywords")), ...list(meta("dcterms.subject"))],
  title: document.title,
  heading: document.querySelector("h1")?.textContent.replace(/\s+/g, " ").trim(),
  description: meta("description"),
  mainText: mainText(),
});

const cards = [];
const docs = [];
const worker = new Worker(new URL("./baseline-strong-worker.js", import.meta.url), { type: "module" });
await new Promise((resolve, reject) => {
  worker.onmessage = ({ data }) => {
    if (data.error) reject(new Error(data.error));
    else if (data.done) {
      // For `cargo xtask bench web`, which counts the bytes a page transferred.
      performance.mark("worker-transfer", { detail: data.transferred });
      resolve();
    }
    else {
      for (const { doc, card } of data.part) {
        docs.push(doc);
        cards.push(card);
      }
    }
  };
  worker.onerror = (event) => reject(new Error(event.message));
  worker.postMessage({ url: new URL(feedUrl, document.baseURI).href, chunk: PART });
});
worker.terminate();

const index = new MiniSearch(INDEX_OPTIONS);
await index.addAllAsync(docs, { chunkSize: CHUNK });
const best = search(index, weights, own, limit);
const ul = document.createElement("ul");
ul.className = "bl-cards";
ul.append(...best.map((id) => card(cards[id])));
host.replaceChildren(ul);
