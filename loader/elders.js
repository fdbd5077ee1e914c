// Elders loader: the only file an intranet page names.
//
// It finds its own <script> tag(s), puts an <elders-widget> element right after each, and
// also renders every <elders-widget> element in the page (including ones added later).
// Each widget gets an open shadow root with the Elders stylesheet adopted into it, then
// the WebAssembly app mounts inside. Nothing else is added to the page: no globals, no
// global CSS, no listeners outside the widget elements.
import init, { mount } from "./elders_widget.js";

const base = new URL("./", import.meta.url);
const fetchOptions = { credentials: "omit", referrerPolicy: "no-referrer" };

// The Wasm and the stylesheet load in parallel, once, for all widgets on the page.
let ready = null;
function load() {
  ready ??= Promise.all([
    init({ module_or_path: new URL("elders_widget_bg.wasm", base) }),
    fetch(new URL("elders.css", base), fetchOptions)
      .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((css) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        return sheet;
      })
      .catch((error) => {
        console.warn("[elders] the stylesheet did not load; the widget is shown unstyled.", error);
        return null;
      }),
  ]).then(([, sheet]) => sheet);
  return ready;
}

const ownScripts = () =>
  [...document.querySelectorAll("script[src]")].filter((s) => s.src === import.meta.url);
const scriptOf = new WeakMap();
const started = new WeakSet();

// The script tag whose data-* attributes a host falls back to.
const scriptFor = (host) => scriptOf.get(host) ?? ownScripts()[0] ?? null;

function start(host) {
  if (started.has(host)) return;
  started.add(host);
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  // The stylesheet themes by the host's own attribute; take the script tag's when it has none.
  const theme = scriptFor(host)?.getAttribute("data-theme");
  if (theme && !host.hasAttribute("data-theme")) host.setAttribute("data-theme", theme);
  const lazy = (host.getAttribute("data-loading") ?? scriptFor(host)?.getAttribute("data-loading")) === "lazy";
  if (lazy && "IntersectionObserver" in window) {
    // data-loading="lazy": nothing is downloaded until the widget comes near the viewport.
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) {
          observer.disconnect();
          render(host, root);
        }
      },
      { rootMargin: "300px" },
    );
    observer.observe(host);
  } else {
    render(host, root);
  }
}

function render(host, root) {
  load()
    .then((sheet) => {
      if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      const container = document.createElement("div");
      container.className = "elders-root";
      root.append(container);
      mount(host, scriptFor(host), container);
    })
    .catch((error) => {
      console.error("[elders] the widget could not start. Check that the page's Content-Security-Policy allows " +
        `${base.origin} in script-src and connect-src, and 'wasm-unsafe-eval' in script-src.`, error);
    });
}

if (!customElements.get("elders-widget")) {
  customElements.define(
    "elders-widget",
    class extends HTMLElement {
      connectedCallback() {
        start(this);
      }
    },
  );
}

for (const script of ownScripts()) {
  const next = script.nextElementSibling;
  if (next && next.localName === "elders-widget" && scriptOf.get(next) === script) continue;
  const host = document.createElement("elders-widget");
  scriptOf.set(host, script);
  script.after(host);
}
