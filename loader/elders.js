// Elders loader: the only file an intranet page names.
//
// It finds its own <script> tag(s), puts an <elders-widget> element right after each, and
// also renders every <elders-widget> element in the page (including ones added later).
// Each widget gets an open shadow root with the Elders stylesheet adopted into it, then
// the WebAssembly app mounts inside. Nothing else is added to the page: no globals, no
// global CSS, no listeners outside the widget elements.

const base = new URL("./", import.meta.url);

// The stylesheet is built into this file by `cargo xtask dist` (from style/elders.css), so
// the widget is styled, and its space reserved, from the first frame: no extra request,
// no flash of unstyled content, no layout shift when it arrives.
const css = "/*@elders-css@*/";
let sheet = null;
function stylesheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

// The glue and the Wasm load once, for all widgets on the page, in parallel. The glue is
// imported when first needed rather than statically, so that this file runs, and draws the
// skeletons, as soon as it arrives.
let ready = null;
function load() {
  if (!ready) {
    // The Wasm download starts now, alongside the glue's, not after it, and the browser
    // compiles it as it arrives, before the glue is even evaluated: the glue only
    // instantiates it.
    const wasm = compile(new URL("elders_widget_bg.wasm", base));
    ready = import("./elders_widget.js").then(async (glue) => {
      await glue.default({ module_or_path: wasm });
      return glue.mount;
    });
  }
  return ready;
}

// A Wasm module compiled while it downloads. Streaming compilation needs the server to say
// `application/wasm`; from one that does not, the module is compiled once downloaded.
// The caller awaits the module later (once the glue has arrived): a failure here is its to
// report, not an unhandled rejection meanwhile.
function compile(url) {
  const module = fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    return /^application\/wasm\b/i.test(response.headers.get("content-type") ?? "")
      ? WebAssembly.compileStreaming(response)
      : response.arrayBuffer().then((bytes) => WebAssembly.compile(bytes));
  });
  module.catch(() => {});
  return module;
}

// What a reader opens is in modules of their own, loaded for all widgets on the page the
// first time a reader opens one (the widget calls `startForm` with the entry it wants):
// the question form, and the questions panel with the answer form. So is the reader of
// JSON feeds, loaded the first time a feed arrives as JSON rather than as the pack an
// Elders server sends. A failed load is not kept: the widget's "try again" loads anew,
// under a new URL, since browsers may remember a failed module import for its URL.
const MODULES = {
  mount_ask: ["./elders_ask.js", "elders_ask_bg.wasm"],
  mount_questions: ["./elders_answers.js", "elders_answers_bg.wasm"],
  pack_feed: ["./elders_reader.js", "elders_reader_bg.wasm"],
};
const opened = {};
let tries = 0;
function loadModule(entry) {
  if (!opened[entry]) {
    const [glue, wasm] = MODULES[entry];
    const module = compile(new URL(wasm, base));
    opened[entry] = import(glue + (tries++ ? `?retry=${tries}` : ""))
      .then(async (glue) => {
        await glue.default({ module_or_path: module });
        return glue;
      })
      .catch((error) => {
        delete opened[entry];
        throw error;
      });
  }
  return opened[entry];
}
// `entry` is the function to call in that module; `arg` the widget's argument for it.
const startForm = (entry, host, script, container, arg) =>
  loadModule(entry).then((glue) => glue[entry](host, script, container, arg));

// Feed downloads, started here so that they run while the Wasm compiles instead of after.
// One download per URL for the page; each widget gets the same bytes. They ask for the
// feed's pack, as the widget does (src/cards/fetch.rs, `ACCEPT`): an Elders server sends
// the feed with its index; a static file host sends the JSON.
const ACCEPT = "application/vnd.elders.pack, application/feed+json;q=0.9, */*;q=0.8";
const TIMEOUT_MS = 10_000;
const feeds = new Map();
function download(host) {
  const feed = attribute(host, "data-feed");
  if (!feed) return null;
  let url;
  try {
    url = new URL(feed, document.baseURI).href;
  } catch {
    return null; // The app reports the bad attribute.
  }
  if (!feeds.has(url)) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    feeds.set(
      url,
      fetch(url, {
        credentials: "omit",
        referrerPolicy: "no-referrer",
        signal: controller.signal,
        headers: { Accept: ACCEPT },
      })
        .then(async (r) => ({ status: r.status, body: r.ok ? await r.arrayBuffer() : null }))
        .finally(() => clearTimeout(timer)),
    );
  }
  return feeds.get(url);
}

const DEFAULT_LIMIT = 6;
const MAX_LIMIT = 50;

// data-limit, as src/config.rs reads it; null when absent or invalid.
function limitAttribute(host) {
  const raw = attribute(host, "data-limit");
  const n = raw === null ? NaN : Number(raw.trim());
  return Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT ? n : null;
}

// How many cards fit in the height the page reserved for the widget: whole rows of the
// grid as it lays out at this width, under the row of buttons. Measured on a skeleton.
function cardsThatFit(container, reserved) {
  container.replaceChildren(skeleton(12));
  const section = container.firstElementChild;
  const list = section.querySelector(".elders-cards");
  const items = [...list.children];
  const columns = items.filter((item) => item.offsetTop === items[0].offsetTop).length;
  const row = items[0].getBoundingClientRect().height;
  const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
  const rest = section.getBoundingClientRect().height - list.getBoundingClientRect().height;
  const rows = Math.max(1, Math.floor((reserved - rest + gap) / (row + gap)));
  return Math.min(MAX_LIMIT, rows * columns);
}

function element(name, className) {
  const e = document.createElement(name);
  if (className) e.className = className;
  return e;
}

// What the widget looks like while it loads, drawn before the Wasm has arrived so that
// the page does not move when it does. Must stay the same as the Rust app's loading state
// (src/cards/list.rs, src/cards/card.rs and src/app.rs): `slots` card outlines and the
// row of three button cells.
function skeleton(slots) {
  const section = element("section", "elders");
  section.setAttribute("aria-busy", "true");
  const results = element("div", "elders-results");
  const cards = element("ul", "elders-cards elders-cards--loading");
  cards.setAttribute("aria-hidden", "true");
  for (let i = 0; i < slots; i++) {
    const card = element("div", "elders-skeleton");
    for (const part of ["title", "meta", "summary", "reasons", "more"]) {
      card.append(element("div", `elders-card__${part}`));
    }
    const item = element("li");
    item.append(card);
    cards.append(item);
  }
  results.append(cards);
  const bar = element("div", "elders-bar");
  for (let i = 0; i < 3; i++) bar.append(element("div", "elders-bar__cell"));
  section.append(results, bar);
  return section;
}

const ownScripts = () =>
  [...document.querySelectorAll("script[src]")].filter((s) => s.src === import.meta.url);
const scriptOf = new WeakMap();
const started = new WeakSet();

// The script tag whose data-* attributes a host falls back to.
const scriptFor = (host) => scriptOf.get(host) ?? ownScripts()[0] ?? null;
const attribute = (host, name) => host.getAttribute(name) ?? scriptFor(host)?.getAttribute(name) ?? null;

function start(host) {
  if (started.has(host)) return;
  started.add(host);
  const lazy = attribute(host, "data-loading") === "lazy" && "IntersectionObserver" in window;
  // Nothing but this in the task that runs this file. That task is the page's: it runs
  // all of the page's deferred scripts, finishes parsing and, when nothing holds up the
  // load event, fires it and lays the page out for the first time, font look-ups and all
  // (8–30 ms in traces of the benchmark's page, more on a busy machine). Starting the
  // downloads (2–19 ms there) belongs in a task of its own, the first after that one.
  if (!lazy) {
    // The Wasm and the feed start downloading before anything is drawn or measured, so
    // that the network never waits for the page. Both downloads happen once; `render`
    // takes them up.
    setTimeout(() => {
      load();
      download(host);
    });
  }
  // Everything else in the task after. The empty element takes no room meanwhile.
  setTimeout(() => draw(host, lazy));
}

// Gives `host` its shadow root, the stylesheet and the skeleton, then renders it (or waits
// for it to near the viewport when `lazy`).
function draw(host, lazy) {
  const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, stylesheet()];
  const container = element("div", "elders-root");
  root.append(container);
  // The stylesheet themes by the host's own attribute; take the script tag's when it has none.
  const theme = scriptFor(host)?.getAttribute("data-theme");
  if (theme && !host.hasAttribute("data-theme")) host.setAttribute("data-theme", theme);
  const begin = (limit) => {
    const shifts = debugging(host) ? watchShifts(host) : null;
    container.replaceChildren(skeleton(limit));
    if (lazy) {
      // data-loading="lazy": nothing is downloaded until the widget comes near the viewport.
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            observer.disconnect();
            render(host, container, limit, shifts);
          }
        },
        { rootMargin: "300px" },
      );
      observer.observe(host);
    } else {
      render(host, container, limit, shifts);
    }
  };
  if (reservesRoom(host)) {
    // Room the page reserved in its own CSS: the widget shows as many cards as fit in it
    // (at most data-limit), so not even its first appearance moves the page. Measuring it
    // takes a layout, which before the page's first frame would be the page's first, all
    // in one long task. Since the room is reserved, the empty widget moves nothing
    // meanwhile; after the page's first frame only the widget's own layout is left to do.
    afterFrame(() => {
      const reserved = host.getBoundingClientRect().height;
      const data = limitAttribute(host);
      begin(reserved > 0 ? Math.min(cardsThatFit(container, reserved), data ?? MAX_LIMIT) : (data ?? DEFAULT_LIMIT));
    });
  } else {
    begin(limitAttribute(host) ?? DEFAULT_LIMIT);
  }
}

// data-debug: present, even empty, and not "false" (as src/config.rs reads it).
function debugging(host) {
  const debug = attribute(host, "data-debug");
  return debug !== null && debug.trim() !== "false";
}

// data-debug only: whether the widget's first appearance moved the page (see
// loader/debug.js, `elders_debug.js` once built). Loaded only with data-debug, so that no
// other page view downloads it; the layout shifts it looks for are buffered by the browser,
// so it sees them however late it arrives. Resolves with the note for the admin or null.
function watchShifts(host) {
  const since = performance.now();
  return import("./elders_debug.js")
    .then((debug) => debug.watchShifts(host, since, afterFrame))
    .catch(() => null);
}

// Whether the page reserves the widget's room (`elders-widget { min-height: … }`). The
// computed min-height takes the page's style, not its layout.
function reservesRoom(host) {
  return parseFloat(getComputedStyle(host).minHeight) > 0;
}

// Runs `f` in a task after the page's next frame, or in the next task in a hidden tab,
// which draws no frames.
function afterFrame(f) {
  if (document.hidden) setTimeout(f);
  else requestAnimationFrame(() => setTimeout(f));
}

// The first text the widget shows is its cards, and the browser looks up and loads the
// fonts for text as it first lays it out: the bold titles, the smaller lines (and, until
// the stylesheet drew it, a fallback font for the "more" marker). Done in the frame that
// draws the cards, that took 30–50 ms on a cold page. Laying out one sample line of each
// kind while the Wasm and the feed are still on their way, each in a task of its own,
// fills the browser's font caches (which are for the whole page) beforehand. The samples
// are removed in the task that adds them, so they never reach the screen. Once per page.
let fontsWarmed = false;
const SAMPLE_TEXT = "Aa\u00eb\u00e9 \u2013 1,2.";
function warmFonts(container) {
  if (fontsWarmed) return;
  fontsWarmed = true;
  const samples = ["title", "meta", "summary", "more"].map((part) => () => {
    const sample = element("div", "elders");
    sample.setAttribute("aria-hidden", "true");
    const line = part === "more" ? element("summary") : element("div", `elders-card__${part}`);
    line.textContent = SAMPLE_TEXT;
    if (part === "more") {
      const more = element("details", "elders-card__more");
      more.append(line);
      sample.append(more);
    } else {
      sample.append(line);
    }
    container.append(sample);
    sample.getBoundingClientRect();
    sample.remove();
  });
  const next = () => {
    samples.shift()();
    if (samples.length) setTimeout(next);
  };
  afterFrame(next);
}

// `shifts`: with data-debug, `watchShifts`'s promise of a note for the admin; otherwise null.
function render(host, container, limit, shifts) {
  const feed = download(host);
  warmFonts(container);
  Promise.all([load(), shifts])
    // A task of its own for mounting: instantiating the Wasm and first running its code
    // (which the browser compiles as it goes) must not add up to one long task.
    .then((started) => new Promise((resolve) => setTimeout(() => resolve(started))))
    .then(([mount, note]) => {
      // The app reads the feed, then replaces the skeleton with its cards in one task (or
      // with its own loading state, the same, when the feed takes long).
      mount(host, scriptFor(host), container, feed, limit, startForm, note);
    })
    .catch((error) => {
      const message = "The widget could not start. Check that the page's Content-Security-Policy allows " +
        `${base.origin} in script-src and connect-src, and 'wasm-unsafe-eval' in script-src.`;
      console.error(`[elders] ${message}`, error);
      // data-debug: say it on screen too, where the admin is looking.
      if (debugging(host)) {
        const panel = element("p", "elders-debug");
        panel.lang = "en";
        panel.textContent = `Elders diagnostics (data-debug): ${message} (${error})`;
        container.replaceChildren(panel);
      }
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

// A script tag in the <body> renders a widget where it stands; one in the <head> only
// defines the element, for pages that place <elders-widget> elements themselves.
for (const script of ownScripts()) {
  if (script.closest("head")) continue;
  const next = script.nextElementSibling;
  if (next && next.localName === "elders-widget" && scriptOf.get(next) === script) continue;
  const host = document.createElement("elders-widget");
  scriptOf.set(host, script);
  script.after(host);
}
