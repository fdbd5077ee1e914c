// The embed configurator's own script (server/src/routes/setup/mod.rs). The page works
// without it: the form is a GET to /setup and the server renders the code for its values.
// With it:
// - the code, the errors and the preview follow the fields as the admin types: the script
//   asks the server for this same page with the new values and takes those parts from it,
//   so the code is built in one place only (snippets.rs);
// - the suggestion lists (server-rendered <datalist>s) become ARIA 1.2 comboboxes, which
//   also work for the word after the last comma of the topics;
// - the copy buttons appear, with a visible, announced confirmation, and select the code
//   when the clipboard is not available.

const form = document.getElementById("settings");
const words = document.getElementById("words").dataset;
const DELAY_MS = 350;
const MOST_SUGGESTIONS = 8;

// ---- The page follows the fields ----

let timer = 0;
let latest = 0;

form.addEventListener("input", () => schedule());
form.addEventListener("change", () => schedule());
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  refresh(true);
});

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(() => refresh(false), DELAY_MS);
}

// Fetches the page for the form's values and takes its errors, code and preview.
// `submitted`: the admin pressed Enter or the button, so focus goes to any errors.
async function refresh(submitted) {
  const query = new URLSearchParams(new FormData(form)).toString();
  const ticket = ++latest;
  let html;
  try {
    const response = await fetch(`/setup?${query}`, { headers: { accept: "text/html" } });
    html = await response.text();
  } catch {
    return; // The server is out of reach: the code shown stays, and the form still submits.
  }
  if (ticket !== latest) return; // An answer for older values.
  const next = new DOMParser().parseFromString(html, "text/html");
  if (!next.getElementById("code")) return;
  history.replaceState(null, "", `/setup?${query}`);
  for (const id of ["errors", "code"]) {
    document.getElementById(id).replaceChildren(...next.getElementById(id).childNodes);
  }
  followFieldErrors(next);
  followPreview(next);
  document.title = next.title;
  const other = document.querySelector("a[hreflang]");
  other.href = next.querySelector("a[hreflang]").getAttribute("href");
  showCopyButtons();
  if (submitted) document.querySelector(".error-summary")?.focus();
}

// Each field's inline error and the attributes that point to it.
function followFieldErrors(next) {
  for (const field of form.querySelectorAll(".field")) {
    const fresh = next.getElementById(field.id);
    if (!fresh) continue;
    field.querySelector(".error-slot").replaceChildren(...fresh.querySelector(".error-slot").childNodes);
    for (const element of [field, ...field.querySelectorAll("input[id]")]) {
      const counterpart = element === field ? fresh : next.getElementById(element.id);
      for (const name of ["aria-describedby", "aria-invalid"]) {
        const value = counterpart?.getAttribute(name) ?? null;
        if (value === null) element.removeAttribute(name);
        else element.setAttribute(name, value);
      }
    }
  }
}

const attributesOf = (element) =>
  element ? [...element.attributes].map((a) => `${a.name}=${a.value}`).sort().join("\n") : "";

// A new <elders-widget> when its attributes changed: the loader renders every one added
// to the page, late ones too. An unchanged one is kept, cards and all.
function followPreview(next) {
  const preview = document.getElementById("preview");
  const fresh = next.querySelector("#preview elders-widget");
  if (fresh && attributesOf(fresh) === attributesOf(preview.querySelector("elders-widget"))) return;
  preview.replaceChildren(...[...next.getElementById("preview").childNodes].map((n) => document.importNode(n, true)));
}

// ---- Copy buttons ----

function showCopyButtons() {
  for (const button of document.querySelectorAll("button.copy")) button.hidden = false;
}
showCopyButtons();

document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.copy");
  if (!button) return;
  const code = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copied");
  try {
    await navigator.clipboard.writeText(code.textContent);
    say(status, words.copied);
  } catch {
    // No clipboard (a page over plain http, or a browser that refuses): select the code
    // for the admin to copy.
    const range = document.createRange();
    range.selectNodeContents(code);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    say(status, words.selected);
  }
});

// Shows and announces `text` in the live region `status`, and clears the others.
function say(status, text) {
  for (const other of document.querySelectorAll(".copied")) other.textContent = "";
  setTimeout(() => (status.textContent = text), 50);
}

// ---- Suggestions: ARIA 1.2 combobox with a listbox ----

const announcer = document.createElement("p");
announcer.className = "visually-hidden";
announcer.setAttribute("role", "status");
form.append(announcer);

for (const input of form.querySelectorAll("input[data-combobox]")) combobox(input);

// `data-combobox="list"`: comma-separated, suggestions for the word after the last comma;
// `"single"`: one value, free text allowed.
function combobox(input) {
  const datalist = document.getElementById(input.getAttribute("list"));
  const options = [...datalist.options].map((o) => ({
    value: o.value,
    label: o.label && o.label !== o.value ? o.label : "",
  }));
  const several = input.dataset.combobox === "list";
  const listbox = document.createElement("ul");
  listbox.id = `${input.id}-listbox`;
  listbox.className = "suggestions";
  listbox.setAttribute("role", "listbox");
  listbox.setAttribute("aria-label", datalist.closest(".field").querySelector("label").textContent);
  listbox.hidden = true;
  input.removeAttribute("list");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listbox.id);
  input.after(listbox);
  let shown = [];
  let active = -1;

  const lastComma = () => (several ? input.value.lastIndexOf(",") : -1);
  const typed = () => input.value.slice(lastComma() + 1).trim().toLowerCase();
  const taken = () =>
    several ? input.value.split(",").slice(0, -1).map((t) => t.trim().toLowerCase()) : [];

  function open() {
    const word = typed();
    if (!word) return close();
    const already = taken();
    const first = [];
    const then = [];
    for (const o of options) {
      const value = o.value.toLowerCase();
      const label = o.label.toLowerCase();
      if (value === word || already.includes(value)) continue;
      if (value.startsWith(word) || label.startsWith(word)) first.push(o);
      else if (value.includes(word) || label.includes(word)) then.push(o);
    }
    shown = [...first, ...then].slice(0, MOST_SUGGESTIONS);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (!shown.length) return close();
    listbox.replaceChildren(...shown.map(option));
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
    announcer.textContent = `${shown.length} ${words.suggestions}`;
  }

  function option(o, i) {
    const li = document.createElement("li");
    li.id = `${listbox.id}-${i}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    if (o.label) {
      const uri = document.createElement("small");
      uri.textContent = ` ${o.value}`;
      li.append(o.label, uri);
    } else {
      li.textContent = o.value;
    }
    // Not a click: the field keeps its focus.
    li.addEventListener("mousedown", (event) => {
      event.preventDefault();
      choose(i);
    });
    return li;
  }

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function move(by) {
    if (listbox.hidden) open();
    if (!shown.length) return;
    if (active < 0) active = by > 0 ? 0 : shown.length - 1;
    else active = (active + by + shown.length) % shown.length;
    listbox.querySelectorAll("[role=option]").forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === active));
      if (i === active) li.scrollIntoView({ block: "nearest" });
    });
    input.setAttribute("aria-activedescendant", `${listbox.id}-${active}`);
  }

  function choose(i) {
    const value = shown[i].value;
    if (several) {
      const before = input.value.slice(0, lastComma() + 1).trim();
      input.value = `${before ? `${before} ` : ""}${value}, `;
    } else {
      input.value = value;
    }
    close();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  input.addEventListener("input", (event) => {
    if (event.isTrusted) open();
  });
  input.addEventListener("blur", close);
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      move(1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      move(-1);
    } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === "Escape" && !listbox.hidden) {
      event.preventDefault();
      close();
    }
  });
}

// A page the server rendered with errors (the form was sent without this script's help):
// the summary takes the focus, as the error summary pattern asks.
document.querySelector(".error-summary")?.focus();
