window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    window.__shifts.push({
      value: e.value, at: e.startTime, recentInput: e.hadRecentInput,
      moved: (e.sources || []).map((s) => `${s.node?.nodeName}#${s.node?.id} ${s.previousRect.y}->${s.currentRect.y}`),
    });
  }
}).observe({ type: 'layout-shift', buffered: true });
// The widget counts as drawn two frames after its element first holds anything (the
// loader's skeleton): from then on, nothing may move.
const drawn = () => {
  const widget = document.querySelector('elders-widget');
  if (!widget?.shadowRoot?.querySelector('.elders')) return requestAnimationFrame(drawn);
  requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__drawn = performance.now();
    window.__firstHeight = widget.getBoundingClientRect().height;
  }));
};
requestAnimationFrame(drawn);
