window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__shifts.push({
      value: e.value, at: e.startTime, recentInput: e.hadRecentInput,
      moved: (e.sources || []).map((s) => `${s.node?.nodeName}#${s.node?.id} ${s.previousRect.y}->${s.currentRect.y}`),
    });
  }
}).observe({ type: 'layout-shift', buffered: true });
new MutationObserver((records, observer) => {
  const widget = document.querySelector('elders-widget');
  if (!widget) return;
  observer.disconnect();
  requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__drawn = performance.now();
    window.__firstHeight = widget.getBoundingClientRect().height;
  }));
}).observe(document, { childList: true, subtree: true });
