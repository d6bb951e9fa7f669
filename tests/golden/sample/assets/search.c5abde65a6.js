// The search page: Pagefind's JS API behind a plain form, so the header's GET form (/search/?q=...) just works.
// The URL keeps the query and filters (shareable, and restored on Back); the status line is a live region that
// announces how many results were found; results are ordinary links, reachable with Tab.
const PAGE_SIZE = 10;
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const earlier = document.getElementById("search-earlier");
const selects = [...form.querySelectorAll("select[data-filter]")];
const sortSelect = document.getElementById("search-sort");
const base = form.dataset.base;
const RECENT = "recent";
let pagefind = null;
// A split index lists its parts in pagefind/parts.json, newest first (contract: boardpapers/search/pagefind.py).
// A query opens only the parts it can match, in the order of its sort, until `tier` pages; the reader opens more
// with the "earlier years" button. After a small edit the changed pages are in an extra "recent" part, and
// parts.json lists the ids of their stale copies in the other parts ("hide"), their new ids ("replace") and the
// part each new copy belongs to ("home": it is shown once that part is searched).
let manifest = null;
let loaded = new Set();
let hidden = new Set();
let replace = {};
let home = {};
let current = [];
let shown = 0;
let currentFilters = {};
let generation = 0;
// A page in another language than the site's main one gives the script's texts in its language (data-words:
// {English text: translation}, from the layouts' translation file); a text it lacks is shown as written here.
const words = form.dataset.words ? JSON.parse(form.dataset.words) : {};
const locale = document.documentElement.lang || "en-GB";

function t(text, values = {}) {
  return (words[text] || text).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

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
  const parts = Object.entries(filters).map(([name, value]) => `${t(name)}: ${name === "type" ? t(value) : value}`);
  return (query ? " " + t("for “{query}”", { query }) : "") + (parts.length ? ` (${parts.join(", ")})` : "");
}

// -- the parts of a split index

// The parts a search with these filters can match, in the order its results are shown (oldest first for "asc").
function needed(filters, order) {
  const parts = manifest.parts.filter((p) => p.name !== RECENT && matches(p, filters));
  return order === "asc" ? parts.reverse() : parts;
}

function matches(part, filters) {
  if (filters.type && part.types && !part.types.includes(filters.type)) return false;
  if (filters.year) return Boolean(part.from) && part.from.slice(0, 4) <= filters.year && filters.year <= part.to.slice(0, 4);
  return true;
}

// The next parts to open: the first of `wanted` not open yet, until they hold `pages` pages of dated papers
// (parts of undated pages alone, people and boards, come with the first of them). `all`: open or not.
function nextTier(wanted, pages, all = false) {
  const tier = [];
  let count = 0;
  for (const part of wanted) {
    if (!all && loaded.has(part.name)) continue;
    if (count >= pages && tier.some((p) => p.from)) break;
    tier.push(part);
    if (part.from) count += part.pages;
  }
  return tier;
}

async function open(parts) {
  for (const part of parts) {
    if (loaded.has(part.name)) continue;
    const bundle = base + part.bundle;
    if (!pagefind) {
      pagefind = await import(bundle + "pagefind.js");
      await pagefind.options({ basePath: bundle, baseUrl: base, excerptLength: 30, noWorker: true,
                               mergeFilter: { part: part.name } });
      await pagefind.init();
    } else {
      await pagefind.mergeIndex(bundle, { baseUrl: base, excerptLength: 30, mergeFilter: { part: part.name } });
    }
    loaded.add(part.name);
  }
}

// Opens what a search needs before it runs: the first tier of its parts (and the recent changes), half a part's
// worth of dated papers (a newest part just begun is not a first tier alone). A search no part can match still
// opens one, the newest, so that there is an index to answer it (with nothing).
async function prepare(wanted) {
  const tier = nextTier(wanted, manifest.tier / 2, true);
  if (!pagefind && !tier.length) tier.push(manifest.parts[0]);
  await open([...tier, ...manifest.parts.filter((p) => p.name === RECENT)]);
}

// "2005–2006", "2024", "1 Jul 2024 – 31 Dec 2024": the dates that parts cover, joined where they meet.
function span(parts) {
  const ranges = parts.filter((p) => p.from).map((p) => [p.from, p.to]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const joined = [];
  for (const [from, to] of ranges) {
    const last = joined[joined.length - 1];
    if (last && dayAfter(last[1]) >= from) last[1] = to > last[1] ? to : last[1];
    else joined.push([from, to]);
  }
  return joined.map(([from, to]) => label(from, to)).join(", ");
}

function dayAfter(iso) {
  const d = new Date(iso + "T12:00:00Z");
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function label(from, to) {
  if (from.endsWith("-01-01") && to.endsWith("-12-31")) {
    return from.slice(0, 4) === to.slice(0, 4) ? from.slice(0, 4) : `${from.slice(0, 4)}–${to.slice(0, 4)}`;
  }
  const day = (iso) => new Date(iso + "T12:00:00Z").toLocaleDateString(locale,
    { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return from === to ? day(from) : `${day(from)} – ${day(to)}`;
}

// -- searching

async function search(query, filters, order) {
  const options = { filters };
  if (order) options.sort = { date: order };
  if (!manifest) return unique((await pagefind.search(query, options)).results);
  const searched = (r) => !home[r.id] || loaded.has(home[r.id]);  // a changed page shows with its part
  if (!order) return inPlace((await pagefind.search(query, options)).results.filter(searched));
  // Sorted by date: part by part (Pagefind merges parts by score, not by date); the parts are spans of dates,
  // so their results one after the other are in date order. A changed page's new copy takes its stale copy's
  // place, and a new page comes first (or last, oldest first) in its part.
  const recent = loaded.has(RECENT) ? (await pagefind.search(query, partOf(options, RECENT))).results : [];
  const newer = new Map(recent.filter(searched).map((r) => [r.id, r]));
  const placed = new Set();
  const found = [];
  for (const part of needed(filters, order).filter((p) => loaded.has(p.name))) {
    const own = [];
    for (const result of (await pagefind.search(query, partOf(options, part.name))).results) {
      const copy = replace[result.id];
      if (copy === undefined) {
        own.push(result);
      } else if (newer.has(copy) && !placed.has(copy)) {
        own.push(newer.get(copy));
        placed.add(copy);
      }
    }
    const fresh = [...newer.values()].filter((r) => home[r.id] === part.name && !placed.has(r.id));
    for (const r of fresh) placed.add(r.id);
    found.push(...(order === "asc" ? [...own, ...fresh] : [...fresh, ...own]));
  }
  const rest = [...newer.values()].filter((r) => !placed.has(r.id));
  return unique(order === "asc" ? [...found, ...rest] : [...rest, ...found]);
}

// Best match: a changed page's new copy takes its stale copy's rank. Pagefind scores each bundle's pages against
// that bundle's own word counts, and in the small "recent" bundle every word is common: its pages would sink to
// the end of the results (an item edited by one sentence, last among 19 for its own title at 10k items). The
// stale copy was scored among its part's pages, on nearly the same text. A new copy whose stale copy the query
// does not match (the words it gained) keeps its own rank.
function inPlace(results) {
  const ids = new Set(results.map((r) => r.id));
  const byId = new Map(results.map((r) => [r.id, r]));
  const moved = new Set(results.filter((r) => ids.has(replace[r.id])).map((r) => replace[r.id]));
  const placed = [];
  for (const result of results) {
    const copy = replace[result.id];
    if (copy !== undefined && moved.has(copy)) placed.push(byId.get(copy));
    else if (!moved.has(result.id)) placed.push(result);
  }
  return unique(placed);
}

function partOf(options, name) {
  return { ...options, filters: { ...options.filters, part: name } };
}

// Without stale copies and without a page twice (an identical copy in two parts has the same id).
function unique(results) {
  const seen = new Set();
  return results.filter((r) => !hidden.has(r.id) && !seen.has(r.id) && seen.add(r.id));
}

async function run() {
  const mine = ++generation;
  const query = input.value.trim();
  const filters = chosenFilters();
  writeUrl();
  if (!query && !Object.keys(filters).length) {
    current = [];
    currentFilters = {};
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    earlier.hidden = true;
    say(t("Type a word or phrase to search, or choose a filter."));
    return;
  }
  say(t("Searching…"));
  const order = sortSelect.value || (query ? "" : "desc");
  if (manifest) await prepare(needed(filters, order));
  const found = await search(query || null, filters, order);
  if (mine !== generation || !found) return;
  current = found;
  currentFilters = filters;
  shown = 0;
  list.replaceChildren();
  await showMore(false);
  if (mine !== generation) return;
  announce(query, filters, order);
}

function announce(query, filters, order) {
  const n = current.length;
  const kind = `${filters.type}s`;  // decisions or actions: found on the items that carry them
  const count = CARRIED[filters.type]
    ? t(n === 0 ? `No items with ${kind}` : n === 1 ? `1 item with ${kind}` : `{n} items with ${kind}`, { n })
    : (n === 0 ? t("No results") : n === 1 ? t("1 result") : t("{n} results", { n }));
  let text = count + describe(query, filters);
  const wanted = manifest ? needed(filters, order) : [];
  const left = wanted.filter((p) => !loaded.has(p.name));
  if (left.length) {
    const searched = span(wanted.filter((p) => loaded.has(p.name)));
    text += (searched ? " " + t("in {years}", { years: searched }) : "") + " " +
      t(order === "asc" ? "(later years not searched yet)" : "(earlier years not searched yet)");
    const next = nextTier(wanted, opened(wanted));
    earlier.textContent = t(order === "asc" ? "Search later years too: {years}" : "Search earlier years too: {years}",
      { years: span(next) || t("people and boards") });
  }
  earlier.hidden = !left.length;
  say(text + ".");
}

function opened(wanted) {
  return Math.max(manifest.tier, wanted.filter((p) => p.from && loaded.has(p.name)).reduce((n, p) => n + p.pages, 0));
}

// The reader asks for earlier (or later) years: open the next tier, twice as many pages as are open, and add
// its results below the ones shown.
async function searchFurther() {
  const mine = ++generation;
  const query = input.value.trim();
  const filters = chosenFilters();
  const order = sortSelect.value || (query ? "" : "desc");
  const wanted = needed(filters, order);
  say(t("Searching…"));
  await open(nextTier(wanted, opened(wanted)));
  const found = await search(query || null, filters, order);
  if (mine !== generation) return;
  const known = new Set(current.map((r) => r.id));
  const added = found.filter((r) => !known.has(r.id));
  const before = shown;
  const allShown = shown >= current.length;
  current = [...current, ...added];
  if (allShown) await showMore(false);
  else more.hidden = shown >= current.length;
  if (mine !== generation) return;
  announce(query, filters, order);
  const first = list.querySelectorAll("li.search-result")[before];
  if (first && shown > before) first.querySelector("a").focus();
}

// Batches are shown one after another: a second "More results" click while a batch loads waits for it (each
// batch is read from `shown` only when its turn comes), so no batch is added twice or out of order.
let showing = Promise.resolve();
function showMore(moveFocus) {
  showing = showing.catch(() => {}).then(() => showBatch(moveFocus));
  return showing;
}

async function showBatch(moveFocus) {
  const mine = generation;
  const batch = current.slice(shown, shown + PAGE_SIZE);
  const data = await Promise.all(batch.map((r) => r.data()));
  if (mine !== generation) return;
  const items = data.flatMap((d) => (CARRIED[currentFilters.type] ? carried(d, currentFilters) : [renderResult(d)]));
  list.append(...items);
  shown += batch.length;
  more.hidden = shown >= current.length;
  if (moveFocus && items.length) items[0].querySelector("a").focus();
}

// Decisions and actions are not indexed as pages of their own: their item's page carries them (one search
// fragment per item, not per decision; layouts/item.html), with its type, verb and status filters including
// theirs and their [url, id, title, verb or statuses] as meta. A search for decisions (or actions) finds the
// items; each shows those of its decisions that the query matched (the words between the decision's anchor on
// the item's page and the next one), or all of them when the words matched elsewhere in the item, each as a
// result linking to its own page.
const CARRIED = { decision: "decisions", action: "actions" };

function entries(d, type) {
  try {
    return JSON.parse(d.meta[CARRIED[type]] || "[]");
  } catch (error) {
    return [];
  }
}

function matched(d, rows) {
  if (!input.value.trim() || !d.anchors || !d.locations) return rows;
  const hit = hits(d, rows);
  return hit.length ? hit : rows;
}

// The rows whose text the query's words are in.
function hits(d, rows) {
  if (!d.anchors || !d.locations) return [];
  const ids = new Set(rows.map((r) => r[1]));
  const anchors = [...d.anchors].sort((a, b) => a.location - b.location);
  return rows.filter((row) => {
    const at = anchors.findIndex((a) => a.id === row[1]);
    if (at < 0) return false;
    const from = anchors[at].location;
    const next = anchors.slice(at + 1).find((a) => a.location > from && (ids.has(a.id) || /^h\d$/i.test(a.element)
                                                                       || a.id === "actions" || a.id === "updates"));
    const to = next ? next.location : Infinity;
    return d.locations.some((l) => l >= from && l < to);
  });
}

function carried(d, filters) {
  const type = filters.type;
  let rows = entries(d, type);
  if (type === "decision" && filters.verb) rows = rows.filter((r) => r[3] === filters.verb);
  if (type === "action" && filters.status) rows = rows.filter((r) => (r[3] || []).includes(filters.status));
  return matched(d, rows).map((row) => {
    const li = el("li", "search-result");
    const heading = el("h2", "search-result-title");
    const link = el("a", "", row[2]);
    link.href = row[0];
    heading.append(link);
    const meta = el("p", "search-result-meta");
    meta.append(el("strong", "tag tag-type", type.charAt(0).toUpperCase() + type.slice(1)), " ");
    const facts = [...(d.filters.board || [])];
    if (d.meta.date) facts.push(d.meta.date);
    meta.append(facts.join(" · ") + (facts.length ? " · " : ""));
    const item = el("a", "", d.meta.title || d.url);
    item.href = d.url + "#" + row[1];
    meta.append(item);
    li.append(heading, meta);
    return li;
  });
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
  if (type) meta.append(el("strong", "tag tag-type", t(type.charAt(0).toUpperCase() + type.slice(1))), " ");
  const facts = [...(d.filters.board || [])];
  if (d.meta.date) facts.push(d.meta.date);
  if (d.meta.item) facts.push(d.meta.item);
  meta.append(facts.join(" · "));
  li.append(heading, meta);
  if (d.excerpt) li.append(excerpt(d.excerpt));
  let subs = (d.sub_results || []).filter((s) => s.url !== d.url && s.title && s.title !== d.meta.title);
  if (input.value.trim()) {
    const found = hits(d, [...entries(d, "decision"), ...entries(d, "action")]);
    subs = [...found.map((r) => ({ url: r[0], title: r[2] })), ...subs];
  }
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
  const pdf = el("a", "", page ? t("Open the PDF at page {page}", { page }) : t("Open the PDF"));
  pdf.href = d.meta.pdf + (page ? `#page=${page}` : "");
  p.append(pdf);
  if (d.meta.item_url) {
    const item = el("a", "", d.meta.item || t("The item"));
    item.href = d.meta.item_url;
    p.append(` · ${t("Attached to")} `, item);
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

// One index: pagefind/pagefind.js. Split: parts.json (the page has data-parts only when the build wrote it),
// and each part is opened when a search needs it.
async function loadPagefind() {
  try {
    const response = form.dataset.parts ? await fetch(form.dataset.parts, { cache: "no-store" }) : null;
    if (response && response.ok) {
      const doc = await response.json();
      if (doc.parts && doc.parts.length) {
        manifest = { tier: doc.tier || 5000, parts: doc.parts };
        hidden = new Set(doc.hide || []);
        replace = doc.replace || {};
        home = doc.home || {};
        return;
      }
    }
  } catch (error) {
    manifest = null;
  }
  pagefind = await import(form.dataset.pagefind);
  await pagefind.options({ baseUrl: base, excerptLength: 30, noWorker: true });
  await pagefind.init();
}

async function start() {
  form.hidden = false;
  readUrl();
  try {
    await loadPagefind();
  } catch (error) {
    say(t("Search could not be loaded. Browse the decisions, actions and meetings registers instead."));
    throw error;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  for (const select of [...selects, sortSelect]) select.addEventListener("change", run);
  more.addEventListener("click", () => showMore(true));
  earlier.addEventListener("click", searchFurther);
  window.addEventListener("popstate", () => {
    readUrl();
    run();
  });
  await run();
  form.dataset.ready = "true";
}

start();
