// The search page: Pagefind's JS API behind a plain form, so the header's GET form (/search/?q=...) just works.
// The URL keeps the query and filters (shareable, and restored on Back); the status line is a live region that
// announces how many results were found; results are ordinary links, reachable with Tab.
const PAGE_SIZE = 20;
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const selects = [...form.querySelectorAll("select[data-filter]")];
const sortSelect = document.getElementById("search-sort");
let pagefind = null;
// After a small edit the changed pages are in an extra "recent" bundle, and parts.json lists the ids of their
// stale copies in the year bundles ("hide") and those copies' filter values ("stale"): see boardpapers/search.py.
let hidden = new Set();
let staleCounts = {};
let current = [];
let shown = 0;
let generation = 0;

function say(text) {
  statusLine.textContent = text;
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";
  for (const select of selects) setSelect(select, params.get(select.name) || "");
  setSelect(sortSelect, params.get("sort") || "");
}

function setSelect(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
  select.value = value;
}

function writeUrl() {
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value.trim());
  for (const select of [...selects, sortSelect]) if (select.value) params.set(select.name, select.value);
  const query = params.toString();
  history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
}

function chosenFilters() {
  const filters = {};
  for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
  return filters;
}

function describe(query, filters) {
  const parts = Object.entries(filters).map(([name, value]) => `${name}: ${value}`);
  return (query ? ` for “${query}”` : "") + (parts.length ? ` (${parts.join(", ")})` : "");
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const filters = chosenFilters();
  writeUrl();
  if (!query && !Object.keys(filters).length) {
    current = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    say("Type a word or phrase to search, or choose a filter.");
    return;
  }
  say("Searching…");
  const options = { filters };
  const order = sortSelect.value || (query ? "" : "desc");
  if (order) options.sort = { date: order };
  const found = await pagefind.search(query || null, options);
  if (mine !== generation || !found) return;
  const seen = new Set();
  current = found.results.filter((r) => !hidden.has(r.id) && !seen.has(r.id) && seen.add(r.id));
  shown = 0;
  list.replaceChildren();
  await showMore(false);
  if (mine !== generation) return;
  const n = current.length;
  say(`${n === 0 ? "No" : n} result${n === 1 ? "" : "s"}${describe(query, filters)}.`);
}

async function showMore(moveFocus) {
  const mine = generation;
  const batch = current.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return;
  const items = data.map(renderResult);
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= current.length;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

function renderResult(d) {
  const li = el("li", "search-result");
  const heading = el("h2", "search-result-title");
  const link = el("a");
  link.href = d.url;
  link.textContent = d.meta.title || d.url;
  heading.append(link);
  const meta = el("p", "search-result-meta");
  const type = (d.filters.type || [])[0];
  if (type) meta.append(el("strong", "tag tag-type", type.charAt(0).toUpperCase() + type.slice(1)), " ");
  const facts = [...(d.filters.board || [])];
  if (d.meta.date) facts.push(d.meta.date);
  meta.append(facts.join(" · "));
  li.append(heading, meta);
  if (d.excerpt) li.append(excerpt(d.excerpt));
  const subs = (d.sub_results || []).filter((s) => s.url !== d.url && s.title && s.title !== d.meta.title);
  if (subs.length && input.value.trim()) {
    const ul = el("ul", "search-result-sub");
    for (const s of subs.slice(0, 3)) {
      const a = el("a", "", s.title);
      a.href = s.url;
      ul.append(el("li", "", a));
    }
    li.append(ul);
  }
  if (d.meta.pdf) li.append(attachmentLinks(d, subs));
  return li;
}

// A PDF attachment's text page (layouts/attachment.html) carries the PDF's address and its item's: the result
// links both, the PDF at the page of the first match where a sub-result (one per PDF page, #page-N) gives it.
function attachmentLinks(d, subs) {
  const p = el("p", "search-result-sub");
  const page = input.value.trim() && subs.length ? (subs[0].url.match(/#page-(\d+)$/) || [])[1] : null;
  const pdf = el("a", "", page ? `Open the PDF at page ${page}` : "Open the PDF");
  pdf.href = d.meta.pdf + (page ? `#page=${page}` : "");
  p.append(pdf);
  if (d.meta.item_url) {
    const item = el("a", "", d.meta.item || "The item");
    item.href = d.meta.item_url;
    p.append(" · Attached to ", item);
  }
  return p;
}

// Pagefind's excerpt is HTML with <mark> around the matched words: keep the text and the marks, nothing else.
function excerpt(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const p = el("p", "search-result-excerpt");
  for (const node of template.content.childNodes) {
    p.append(node.nodeName === "MARK" ? el("mark", "", node.textContent) : node.textContent);
  }
  return p;
}

function el(tag, className = "", child = null) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (child !== null) node.append(child);
  return node;
}

async function addIndexedValues() {
  const counts = await pagefind.filters();
  for (const select of selects) {
    const name = select.dataset.filter;
    const stale = staleCounts[name] || {};
    for (const [value, count] of Object.entries(counts[name] || {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (count - (stale[value] || 0) <= 0) continue;
      if (![...select.options].some((o) => o.value === value)) select.add(new Option(value, value));
    }
  }
}

// A split index (build --search-parts) lists one Pagefind bundle per year in pagefind/parts.json: load the first
// and merge the others, so results, filters and sorting span every year (contract: boardpapers/search.py).
async function loadPagefind() {
  const base = form.dataset.base;
  let parts = null;
  try {
    const response = await fetch(base + "pagefind/parts.json", { cache: "no-store" });
    if (response.ok) {
      const doc = await response.json();
      parts = doc.parts;
      hidden = new Set(doc.hide || []);
      staleCounts = doc.stale || {};
    }
  } catch (error) {
    parts = null;
  }
  if (!parts || !parts.length) {
    const single = await import(form.dataset.pagefind);
    await single.options({ baseUrl: base, excerptLength: 30 });
    return single;
  }
  const first = await import(base + parts[0].bundle + "pagefind.js");
  await first.options({ baseUrl: base, excerptLength: 30 });
  for (const part of parts.slice(1)) await first.mergeIndex(base + part.bundle, { baseUrl: base });
  return first;
}

async function start() {
  form.hidden = false;
  readUrl();
  try {
    pagefind = await loadPagefind();
    await pagefind.init();
  } catch (error) {
    say("Search could not be loaded. Browse the decisions, actions and meetings registers instead.");
    throw error;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  for (const select of [...selects, sortSelect]) select.addEventListener("change", run);
  more.addEventListener("click", () => showMore(true));
  window.addEventListener("popstate", () => {
    readUrl();
    run();
  });
  await addIndexedValues();
  await run();
  form.dataset.ready = "true";
}

start();
