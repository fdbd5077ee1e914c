// Probe: every `fetch` the page makes, with whether the page had finished parsing when it
// was called (`window.__fetches`, `{ url, parsed }`). The page finishes parsing, and fires
// DOMContentLoaded, in the same task that runs its deferred and module scripts: a fetch
// called while the loader's module runs is made before it.
window.__fetches = [];
let parsed = false;
document.addEventListener("DOMContentLoaded", () => {
  parsed = true;
});
const fetchOf = window.fetch;
window.fetch = function (input, init) {
  window.__fetches.push({ url: String(input instanceof Request ? input.url : input), parsed });
  return fetchOf.call(this, input, init);
};
