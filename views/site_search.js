// flickrvault static site: search in the browser, without a server. The index comes in shards,
// each a script (`search/shard-N.js`, loaded by <script src>: browsers refuse fetch() from
// file://) that hands its documents to fvSearchAdd; MiniSearch indexes them as they arrive and the
// results update as one types. Everything is built with DOM calls: no HTML from the index is parsed.
/* global MiniSearch */
(() => {
  const root = document.getElementById("site-search");
  const input = document.getElementById("q");
  const results = document.getElementById("results");
  if (!root || !input || !results) return;
  const shards = Number(root.dataset.shards || "0");
  const SHOW = 120;
  const index = new MiniSearch({
    idField: "i",
    fields: ["t", "d", "g", "c", "p"],
    storeFields: ["t", "u", "h", "v", "x"],
    searchOptions: { prefix: true, fuzzy: 0.15, combineWith: "AND", boost: { t: 3, g: 2 } },
  });
  let loaded = 0;
  let shown = SHOW;

  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  };

  function tile(doc) {
    const a = el("a", { class: "tile", href: doc.u, title: doc.t || "Untitled" });
    const title = doc.t || "Untitled";
    if (doc.h) a.append(el("img", { src: doc.h, alt: title, loading: "lazy", decoding: "async" }));
    else a.append(el("span", { class: "noimg" }, title));
    if (doc.v) a.append(el("span", { class: "badge" }, "▶ Video"));
    if (doc.x) a.append(el("span", { class: "badge right gone" }, "Gone from Flickr"));
    a.append(el("span", { class: "cap" }, title));
    return a;
  }

  function render() {
    const q = input.value.trim();
    const status = loaded < shards ? ` (index ${loaded} of ${shards} loaded…)` : "";
    results.replaceChildren();
    if (!q) {
      results.append(
        el(
          "p",
          { class: "muted" },
          "Titles, descriptions, tags, comments and place names, as you type." + status,
        ),
      );
      return;
    }
    const hits = index.search(q);
    if (!hits.length) {
      const empty = el("div", { class: "empty" });
      empty.append(el("div", { class: "glyph", "aria-hidden": "true" }, "🔍"));
      empty.append(el("h2", {}, `Nothing matches “${q}”${status}`));
      empty.append(
        el("p", {}, "Try fewer words, or the start of a word: search matches word beginnings too."),
      );
      results.append(empty);
      return;
    }
    results.append(
      el("p", { class: "muted", id: "result-count" }, `${hits.length} results for “${q}”${status}`),
    );
    const grid = el("div", { class: "grid", id: "grid" });
    for (const hit of hits.slice(0, shown)) grid.append(tile(hit));
    results.append(grid);
    if (hits.length > shown) {
      const more = el("button", { type: "button", class: "link more" }, "More results");
      more.addEventListener("click", () => {
        shown += SHOW;
        render();
      });
      results.append(more);
    }
  }

  globalThis.fvSearchAdd = (docs) => {
    index.addAll(docs.filter((d) => !index.has(d.i)));
    loaded++;
    render();
  };

  const q = new URLSearchParams(location.search).get("q");
  if (q) input.value = q;
  input.addEventListener("input", () => {
    shown = SHOW;
    render();
  });
  // The form would reload the page; searching happens as one types.
  input.form?.addEventListener("submit", (e) => {
    e.preventDefault();
    render();
  });
  const base = root.dataset.base || "search/";
  for (let n = 0; n < shards; n++) {
    const s = document.createElement("script");
    s.src = `${base}shard-${n}.js`;
    s.async = false;
    document.head.append(s);
  }
  render();
})();
