// The strong JavaScript baseline's search, shared by the start-up widget
// (`baseline-strong.js`) and the ranking harness (`harness.js`), so that both measure the
// same thing: MiniSearch 7.2.0 set up as a careful developer would for a Dutch intranet.
//
// - Terms: MiniSearch's own tokenizer, then `processTerm`: lower case, the Snowball Dutch
//   stop words dropped (@orama/stopwords 3.1.18, the Snowball project's list of 101
//   words), the rest stemmed with the Snowball Dutch stemmer (@orama/stemmers 3.1.18, a
//   port of the Snowball algorithms; it also folds ä, ë, é, … to plain vowels). MiniSearch
//   applies `processTerm` to every indexed field and to queries.
// - Fields and boosts: the same as the plain baseline's and Elders' (title 3, tags and
//   themes 2.5, summary 1.5, outcome 1, content 0.7).
// - The query: the same page context Elders reads (`core/src/page.rs`,
//   `PageContext::to_query`), weighted the same way per term with MiniSearch's
//   `boostTerm`: topics 4, meta keywords 2.5, the title without its site name and the
//   first h1 1.5, the meta description 1, and the main text's recurring terms (at most
//   its first 5,000 characters; terms seen at least twice, the 20 most frequent, each
//   0.3 × its count up to 3). What it leaves out, and Elders does: splitting Dutch
//   compounds into their parts, and Elders' boost for an exact topic tag.
// - Search options: prefix search and fuzzy 0.2 (MiniSearch's usual setting for typed
//   search). Chosen on the *dev* contexts of the relevance set alone, as Elders' one tuned
//   parameter was: mean nDCG@5 there 0.910, against 0.887 for exact terms, 0.899 prefix
//   alone, 0.889 fuzzy alone (see docs/benchmarks.md, "The strong baseline").
import { stemmer } from "./stemmer-nl.js";
import { stopwords } from "./stopwords-nl.js";

const STOP = new Set(stopwords);
const STEMS = new Map();

/// Lower case, no stop words, Snowball Dutch stems. `null` drops a term (MiniSearch's
/// convention). Each word's stem is kept once worked out (a feed's vocabulary is some
/// tens of thousands of words, its text millions): indexing 10,000 items took about a
/// quarter less time so.
export function processTerm(term) {
  const lower = term.toLowerCase();
  if (lower.length < 2 || STOP.has(lower)) return null;
  let stem = STEMS.get(lower);
  if (stem === undefined) {
    stem = stemmer(lower);
    STEMS.set(lower, stem);
  }
  return stem;
}

/// Forgets the stems kept so far, so that a benchmark's every timed load starts as a
/// page does, with none.
export function forgetStems() {
  STEMS.clear();
}

/// MiniSearch's default tokenizer (Unicode space and punctuation), for counting terms the
/// way MiniSearch will see them.
const SPACE_OR_PUNCTUATION = /[\n\r\p{Z}\p{P}]+/u;

export const BOOST = { title: 3, tags: 2.5, themes: 2.5, summary: 1.5, outcome: 1, content: 0.7 };
export const FIELDS = Object.keys(BOOST);

/// The search options chosen on the dev contexts (see the top of this file).
export const SEARCH = { boost: BOOST, prefix: true, fuzzy: 0.2 };

/// The MiniSearch options: the fields above, `processTerm`, and the organisation kept with
/// each result so that the host's own items can be left out.
export const INDEX_OPTIONS = {
  fields: FIELDS,
  storeFields: ["organisations"],
  processTerm,
  searchOptions: SEARCH,
};

/// One feed item as the document MiniSearch indexes: its text fields flattened to strings.
/// `id` is the item's place in the feed.
export function document(item, id) {
  const e = item._elders ?? {};
  return {
    id,
    title: item.title ?? "",
    summary: item.summary ?? "",
    tags: (item.tags ?? []).join(" "),
    themes: (e.themes ?? []).join(" "),
    outcome: e.outcome ?? "",
    content: item.content_text ?? "",
    // Pages name their organisation by URI or by name.
    organisations: [e.organisation?.uri, e.organisation?.name].filter(Boolean),
  };
}

const MAX_MAIN_TEXT_CHARS = 5000;
const MAIN_TEXT_TERMS = 20;

/// "Onderwerp – BZK Intranet" → "Onderwerp": the part before the last separator.
export function stripSiteName(title) {
  for (const separator of [" – ", " — ", " | ", " - ", " :: "]) {
    const at = title.lastIndexOf(separator);
    if (at >= 0 && title.slice(0, at).trim()) return title.slice(0, at).trim();
  }
  return title.trim();
}

/// The page context as weighted terms: stem → weight, in the weights Elders gives each
/// part of the page (see the top of this file). `page` has `topics` and `keywords`
/// (lists), `title`, `heading`, `description` and `mainText` (strings or missing).
export function queryWeights(page) {
  const weights = new Map();
  const add = (text, weight) => {
    for (const token of String(text ?? "").split(SPACE_OR_PUNCTUATION)) {
      const term = token && processTerm(token);
      if (term) weights.set(term, (weights.get(term) ?? 0) + weight);
    }
  };
  for (const topic of page.topics ?? []) add(topic, 4);
  for (const keyword of page.keywords ?? []) add(keyword, 2.5);
  if (page.title) add(stripSiteName(page.title), 1.5);
  add(page.heading, 1.5);
  add(page.description, 1);
  const counts = new Map();
  for (const token of String(page.mainText ?? "").slice(0, MAX_MAIN_TEXT_CHARS).split(SPACE_OR_PUNCTUATION)) {
    const term = token && processTerm(token);
    if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const recurring = [...counts].filter(([, n]) => n >= 2);
  recurring.sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0));
  for (const [term, n] of recurring.slice(0, MAIN_TEXT_TERMS)) {
    weights.set(term, (weights.get(term) ?? 0) + 0.3 * Math.min(n, 3));
  }
  return weights;
}

/// The best `limit` results for a page: the ids of MiniSearch's results, the host's own
/// items (`own`, its organisation's URI or name) left out. `options` override [`SEARCH`].
export function search(index, weights, own, limit, options = {}) {
  // The terms are stems already: the query's `processTerm` leaves them as they are.
  const query = [...weights.keys()].join(" ");
  const results = index.search(query, {
    ...SEARCH,
    ...options,
    processTerm: (term) => term,
    boostTerm: (term) => weights.get(term) ?? 1,
    filter: own ? (result) => !result.organisations.includes(own) : undefined,
  });
  return results.slice(0, limit).map((result) => result.id);
}
