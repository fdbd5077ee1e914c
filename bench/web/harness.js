// Browser side of `cargo xtask bench rank`: times Elders (Wasm, the same build profile as the
// shipped widget) and MiniSearch (pinned npm version) on the same corpora and page queries.
// All start from the feed's JSON text. The runner calls window.eldersBench.* through WebDriver.
import init, { BenchIndex } from "./elders_bench.js";
import MiniSearch from "./minisearch.js";
import * as strong from "./strong.js";

await init({ module_or_path: new URL("elders_bench_bg.wasm", import.meta.url) });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// The plain configurations: the same signals Elders' structured query uses, as one query
// string, without the main text. (The strong configuration, `strong.js`, weighs each
// part of the page as Elders does, main-text terms included.)
const stripSite = (t) => t.split(/ [–—|-] /)[0];
const queryText = (page) =>
  [...page.topics, ...page.keywords, stripSite(page.title ?? ""), page.heading ?? "", page.description ?? ""]
    .join(" ");

const BOOST = { title: 3, tags: 2.5, themes: 2.5, summary: 1.5, outcome: 1, content_text: 0.7 };
const CONFIGS = {
  minisearch_exact: {},
  minisearch_fuzzy: { prefix: true, fuzzy: 0.2 },
};

function miniSearch(items) {
  const ms = new MiniSearch({
    fields: Object.keys(BOOST),
    storeFields: ["organisation"],
    extractField: (doc, field) => {
      const e = doc._elders ?? {};
      if (field === "tags") return (doc.tags ?? []).join(" ");
      if (field === "themes") return (e.themes ?? []).join(" ");
      if (field === "outcome") return e.outcome ?? "";
      if (field === "organisation") return e.organisation?.name ?? "";
      return doc[field] ?? "";
    },
  });
  ms.addAll(items);
  return ms;
}

function miniSearchRank(ms, page, limit, config) {
  const own = page.organisation;
  const options = { ...config, boost: BOOST, filter: own ? (r) => r.organisation !== own : undefined };
  return ms.search(queryText(page), options).slice(0, limit).map((r) => r.id);
}

// The strong baseline (`strong.js`, the same search as `baseline-strong.js`): Dutch stop
// words and stems, Elders' weighted page-context query. Its load here is `JSON.parse` and
// a synchronous `addAll`, so that it compares with the others; the start-up widget indexes
// the same way in chunks. Each load starts without stems kept, as a page does.
function strongIndex(items) {
  strong.forgetStems();
  const index = new MiniSearch(strong.INDEX_OPTIONS);
  index.addAll(items.map(strong.document));
  return index;
}

function strongRank(index, page, limit) {
  const weights = strong.queryWeights({ ...page, mainText: page.main_text });
  return strong.search(index, weights, page.organisation, limit);
}

function time(f) {
  const t0 = performance.now();
  const value = f();
  return [performance.now() - t0, value];
}

// Without cross-origin isolation Chromium coarsens performance.now() to 0.1 ms, the size of
// a whole Elders query. So a query is timed by calling it again and again until at least
// MIN_SPAN_MS have passed, and the span divided by the calls: the clock's step is then at
// most 0.5 % of what is measured. A slow query (over MIN_SPAN_MS) runs once.
const MIN_SPAN_MS = 20;
let sink = 0;
function perCall(f) {
  const t0 = performance.now();
  let calls = 0;
  let span = 0;
  do {
    sink ^= f().length;
    calls++;
    span = performance.now() - t0;
  } while (span < MIN_SPAN_MS);
  return span / calls;
}

// The smallest step performance.now() takes in this page, for the report.
function timerStep() {
  let step = Infinity;
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    let b = a;
    while (b === a) b = performance.now();
    step = Math.min(step, b - a);
  }
  return step;
}

async function corpus(name) {
  const response = await fetch(name);
  if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
  return response.text();
}

window.eldersBench = {
  // Timings for one corpus: load (parse + index) and per-query medians, in milliseconds.
  async speed(name, pages, loadRuns, queryRuns, now) {
    const text = await corpus(name);
    const result = { timer_step_ms: timerStep(), isolated: self.crossOriginIsolated === true };
    const loads = [];
    let index = null;
    for (let i = 0; i < loadRuns; i++) {
      index?.free();
      const [ms, built] = time(() => new BenchIndex(text));
      loads.push(ms);
      index = built;
    }
    const queries = [];
    for (let r = 0; r < queryRuns; r++) {
      for (const page of pages) {
        const json = JSON.stringify(page);
        queries.push(perCall(() => index.rank(json, 10, now)));
      }
    }
    index.free();
    result.elders = { load_ms: median(loads), query_ms: median(queries), query_max_ms: Math.max(...queries) };
    for (const [label, config] of Object.entries(CONFIGS)) {
      const loadTimes = [];
      let ms = null;
      for (let i = 0; i < loadRuns; i++) {
        const [t, built] = time(() => miniSearch(JSON.parse(text).items));
        loadTimes.push(t);
        ms = built;
      }
      const q = [];
      for (let r = 0; r < queryRuns; r++) {
        for (const page of pages) q.push(perCall(() => miniSearchRank(ms, page, 10, config)));
      }
      result[label] = { load_ms: median(loadTimes), query_ms: median(q), query_max_ms: Math.max(...q) };
    }
    const loadTimes = [];
    let ms = null;
    for (let i = 0; i < loadRuns; i++) {
      const [t, built] = time(() => strongIndex(JSON.parse(text).items));
      loadTimes.push(t);
      ms = built;
    }
    const q = [];
    for (let r = 0; r < queryRuns; r++) {
      for (const page of pages) q.push(perCall(() => strongRank(ms, page, 10)));
    }
    result.minisearch_strong = { load_ms: median(loadTimes), query_ms: median(q), query_max_ms: Math.max(...q) };
    result.sink = sink;
    return result;
  },

  // The top 10 ids per page for each engine, for relevance scoring by the runner.
  async rankings(name, pages, now) {
    const text = await corpus(name);
    const index = new BenchIndex(text);
    const out = { elders: pages.map((p) => JSON.parse(index.rank(JSON.stringify(p), 10, now))) };
    index.free();
    const ms = miniSearch(JSON.parse(text).items);
    for (const [label, config] of Object.entries(CONFIGS)) {
      out[label] = pages.map((p) => miniSearchRank(ms, p, 10, config));
    }
    const items = JSON.parse(text).items;
    const strongMs = strongIndex(items);
    out.minisearch_strong = pages.map((p) => strongRank(strongMs, p, 10).map((id) => items[id].id));
    return out;
  },
};
window.eldersBenchReady = true;
