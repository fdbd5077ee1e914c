// Probe: every text the widget's status line shows, in order, with when it first showed
// (`window.__statuses`, `{ text, at }` with `at` on the page's clock). Watches the shadow
// root from the moment the loader gives the widget one.
window.__statuses = [];
const note = (root) => {
  const text = root.querySelector('.elders-status')?.textContent;
  const last = window.__statuses[window.__statuses.length - 1];
  if (text && text !== last?.text) window.__statuses.push({ text, at: performance.now() });
};
const watch = () => {
  const root = document.querySelector('elders-widget')?.shadowRoot;
  if (!root) return requestAnimationFrame(watch);
  new MutationObserver(() => note(root)).observe(root, { subtree: true, childList: true, characterData: true });
  note(root);
};
requestAnimationFrame(watch);
