// The strong baseline's feed reader (`baseline-strong.js`), in a Worker: parsing an 11 MB
// feed with `response.json()` is one task of about a second on the page's thread, and no
// JSON parser in the browser can be given turns. Here it takes the Worker's time instead.
// Only what the widget uses crosses back (the search documents and the card fields), in
// messages of `chunk` items: each message is copied into the page's thread as a task of
// its own, so that copying back is no long task either.
import { document } from "./strong.js";

onmessage = async ({ data: { url, chunk } }) => {
  try {
    const response = await fetch(url, { credentials: "omit" });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const feed = await response.json();
    const items = (feed.items ?? []).filter((item) => item && item.id && item.title);
    for (let start = 0; start < items.length; start += chunk) {
      const part = items.slice(start, start + chunk).map((item, i) => ({
        doc: document(item, start + i),
        card: {
          title: item.title,
          url: item.url,
          summary: item.summary,
          organisation: item._elders?.organisation?.name,
          phase: item._elders?.phase,
          outcome: item._elders?.outcome,
        },
      }));
      postMessage({ part });
    }
    // What the Worker downloaded, which the page's own Resource Timing does not list.
    const transferred = performance
      .getEntriesByType("resource")
      .reduce((sum, entry) => sum + (entry.transferSize || 0), 0);
    postMessage({ done: true, transferred });
  } catch (error) {
    postMessage({ error: String(error) });
  }
};
