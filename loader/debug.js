// Elders loader, data-debug only (`elders_debug.js` once built; loaded by elders.js only
// when a widget has data-debug): whether the widget's first appearance moved what follows
// it on the page, and if so a note for the admin with the fix. That happens when the page
// was drawn before the loader ran (a module script in the <body> cannot hold the page's
// first frame back) and reserves no room: the skeleton then pushes the text below it
// down, once. The loader asks just before the skeleton is drawn; resolves a frame later with
// the note (or null), which the app logs and lists with the configuration's problems.
// `since` is when the loader began to draw the widget; `afterFrame` the loader's.
export function watchShifts(host, since, afterFrame) {
  if (!PerformanceObserver.supportedEntryTypes?.includes("layout-shift")) return null;
  let score = 0;
  const below = (node) =>
    node?.getRootNode() === document &&
    !host.contains(node) &&
    (host.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  const count = (entries) => {
    for (const e of entries) {
      if (e.startTime >= since && !e.hadRecentInput && e.sources.some((s) => below(s.node))) score += e.value;
    }
  };
  const observer = new PerformanceObserver((list) => count(list.getEntries()));
  observer.observe({ type: "layout-shift", buffered: true });
  return new Promise((resolve) =>
    afterFrame(() => {
      count(observer.takeRecords());
      observer.disconnect();
      resolve(
        score > 0
          ? `the widget's first appearance moved the page below it (layout shift ${score.toFixed(3)}): the page was drawn ` +
              "before the script ran. Reserve the widget's room in the page's CSS (elders-widget { display: block; " +
              "min-height: 40em; }), with the script tag in the <head> and an <elders-widget> where the cards go " +
              '(README: "No cost to the page")'
          : null,
      );
    }),
  );
}

