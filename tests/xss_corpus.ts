/// <reference lib="dom" />
/**
 * The XSS corpus of the viewer's security suite, shared with the static site's: payloads written
 * over an archive's text, and the in-page check that none ran or left anything that could run.
 * @module
 */
import type { Page } from "playwright-core";
import { openCatalog } from "../src/catalog/db.ts";
import { refreshSearch } from "../src/catalog/writes.ts";

/** Each template gets a number so a hit says which payload ran. */
const TEMPLATES: ((n: number) => string)[] = [
  (n) => `<script>__pwned(${n})</script>`,
  (n) => `<img src=x onerror=__pwned(${n})>`,
  (n) => `<svg onload=__pwned(${n})>`,
  (n) => `<svg/onload=__pwned(${n})>`,
  (n) => `<svg><script>__pwned(${n})</script></svg>`,
  (n) => `"><script>__pwned(${n})</script>`,
  (n) => `'><img src=x onerror=__pwned(${n})>`,
  (n) => `</title><script>__pwned(${n})</script>`,
  (n) => `</textarea><script>__pwned(${n})</script>`,
  (n) => `</script><script>__pwned(${n})</script>`,
  (n) => `<iframe src="javascript:parent.__pwned(${n})"></iframe>`,
  (n) => `<iframe srcdoc="<script>parent.__pwned(${n})</script>"></iframe>`,
  (n) => `<a href="javascript:__pwned(${n})">click</a>`,
  (n) => `<a href="jav&#x09;ascript:__pwned(${n})">tab</a>`,
  (n) => `<a href=" JaVaScRiPt:__pwned(${n})">case</a>`,
  (n) => `<body onload=__pwned(${n})>`,
  (n) => `<details open ontoggle=__pwned(${n})>`,
  (n) => `<input autofocus onfocus=__pwned(${n})>`,
  (n) => `<select autofocus onfocus=__pwned(${n})></select>`,
  (n) => `<textarea autofocus onfocus=__pwned(${n})></textarea>`,
  (n) => `<video src=x onerror=__pwned(${n})></video>`,
  (n) => `<audio src=x onerror=__pwned(${n})></audio>`,
  (n) => `<object data="javascript:parent.__pwned(${n})"></object>`,
  (n) => `<object data="data:text/html,<script>parent.__pwned(${n})</script>"></object>`,
  (n) => `<embed src="javascript:__pwned(${n})">`,
  (n) => `<math><mtext><table><mglyph><style><img src=x onerror=__pwned(${n})>`,
  (n) => `<noscript><p title="</noscript><img src=x onerror=__pwned(${n})>">`,
  (n) => `<style>@import 'javascript:__pwned(${n})';</style>`,
  (n) => `<meta http-equiv="refresh" content="0;url=javascript:__pwned(${n})">`,
  (n) => `<base href="javascript:__pwned(${n})//">`,
  (n) => `<form action="javascript:__pwned(${n})"><button>go</button></form>`,
  (n) => `<button formaction="javascript:__pwned(${n})">go</button>`,
  (n) => `<img src="x" onerror="&#95;&#95;pwned(${n})">`,
  (n) => `<IMG SRC=x OnErRoR=__pwned(${n})>`,
  (n) => `<scr<script>ipt>__pwned(${n})</scr</script>ipt>`,
  (n) => `<div style="background:url(javascript:__pwned(${n}))">bg</div>`,
  (n) => `{{constructor.constructor('__pwned(${n})')()}}`,
  (n) => `<div hx-get="/" hx-trigger="load" hx-on::before-request="__pwned(${n})">hx</div>`,
  (n) => `<div hx-on:click="__pwned(${n})" id="hx-${n}">hx-on</div>`,
  (n) => `<img src=x hx-on:error="__pwned(${n})">`,
  (n) => `<div data-hx-on:htmx:load="__pwned(${n})">data-hx</div>`,
  (n) => `<svg><animate onbegin=__pwned(${n}) attributeName=x dur=1s></svg>`,
  (n) => `<marquee onstart=__pwned(${n})>m</marquee>`,
  (n) => `<img src=x:alert onerror=eval('__pw'+'ned(${n})')>`,
  (n) => `" onmouseover="__pwned(${n})`,
  (n) => `' onfocus='__pwned(${n})' autofocus='`,
  (n) => `<img src=x onerror=__pwned(${n})//`,
  (n) => `<script src="data:text/javascript,__pwned(${n})"></script>`,
  (n) => `<x onclick=__pwned(${n})>click</x>`,
  (n) => `<template><img src=x onerror=__pwned(${n})></template>`,
  (n) => `%3Cscript%3E__pwned(${n})%3C/script%3E`,
  (n) => `&lt;script&gt;__pwned(${n})&lt;/script&gt;`,
  (n) => `<svg><a xlink:href="javascript:__pwned(${n})"><text y="20">x</text></a></svg>`,
  (n) => `<!--<img src="--><img src=x onerror=__pwned(${n})//">`,
  (n) => `<img srcset="x" onerror=__pwned(${n})>`,
  (n) => `<link rel=stylesheet href="javascript:__pwned(${n})">`,
  (n) => `javascript:__pwned(${n})`,
  (n) => `<img src=x onerror=alert(${n})>`,
  (n) => `<script>alert(${n})</script>`,
  (n) => `<svg onload=confirm(${n})>`,
];
export const PAYLOADS = TEMPLATES.map((t, i) => t(i + 1));

/** Attributes whose value is script (event handlers, htmx hooks, inline styles, frame documents). */
export const SCRIPT_ATTRIBUTE = /^(on|hx-|data-hx-)|^(style|srcdoc)$/i;
/** Attributes whose value is a URL: dangerous only with a script scheme. */
export const URL_ATTRIBUTE =
  /^(href|src|action|formaction|data|xlink:href|poster|background|ping)$/i;

export interface PageFinding {
  hits: number[];
  injected: string[];
  console: string[];
}

/** Runs in the page: what a payload could have left or done. */
function inspect(patterns: [string, string, string]): { hits: number[]; injected: string[] } {
  const w = window as unknown as { __hits: number[] };
  const scriptAttr = new RegExp(patterns[0], "i");
  const urlAttr = new RegExp(patterns[1], "i");
  const injected: string[] = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "object", "embed", "base", "frame", "frameset"].includes(tag)) {
      injected.push(`<${tag}>`);
    }
    if (tag === "script" && !new RegExp(patterns[2]).test(el.getAttribute("src") ?? "")) {
      if ((el.textContent ?? "").includes("__pwned") || el.getAttribute("src")) {
        injected.push(`<script ${el.getAttribute("src") ?? "inline"}>`);
      }
    }
    // The static site's own CSP is the one http-equiv a page may carry, first in its head.
    const csp = el === document.head.firstElementChild &&
      el.getAttribute("http-equiv") === "Content-Security-Policy";
    if (tag === "meta" && el.getAttribute("http-equiv") && !csp) {
      injected.push("<meta http-equiv>");
    }
    for (const a of el.attributes) {
      // Browsers ignore whitespace and control characters inside a scheme.
      const value = [...a.value].filter((c) => c.charCodeAt(0) > 32).join("").toLowerCase();
      if (
        scriptAttr.test(a.name) && (a.value.includes("__pwned") || /alert|confirm/.test(a.value))
      ) {
        injected.push(`${tag} ${a.name}=${a.value.slice(0, 60)}`);
      }
      if (urlAttr.test(a.name) && /^(javascript|vbscript|data):/.test(value)) {
        injected.push(`${tag} ${a.name}=${value.slice(0, 40)}`);
      }
    }
  }
  return { hits: [...w.__hits], injected };
}

export async function checkPage(
  page: Page,
  url: string,
  /** A pattern for the `src` of the page's own scripts. */
  ownScripts = "^/assets/",
): Promise<PageFinding> {
  const consoleSeen: string[] = [];
  const onConsole = (m: { text(): string }) => {
    if (/XSS-RAN/.test(m.text())) consoleSeen.push(m.text());
  };
  page.on("console", onConsole);
  await page.goto(url, { waitUntil: "load" });
  // onerror, onfocus and htmx's load triggers fire just after load.
  await page.waitForTimeout(250);
  await page.mouse.move(200, 300);
  await page.mouse.move(600, 500);
  const found = await page.evaluate(
    inspect,
    [SCRIPT_ATTRIBUTE.source, URL_ATTRIBUTE.source, ownScripts] as [string, string, string],
  );
  page.off("console", onConsole);
  return { ...found, console: consoleSeen };
}

/** Writes the payloads over the catalog's text, every payload at least once. */
export async function seedPayloads(archive: string): Promise<void> {
  const catalog = await openCatalog(archive);
  try {
    const { db } = catalog;
    let next = 0;
    const take = () => PAYLOADS[next++ % PAYLOADS.length];
    const items = await db.selectFrom("items").select("id").orderBy("id").execute();
    for (const { id } of items) {
      await db.updateTable("items").set({ title: take(), description: take() })
        .where("id", "=", id).execute();
    }
    const comments = await db.selectFrom("comments").select("id").orderBy("id").limit(30)
      .execute();
    for (const { id } of comments) {
      await db.updateTable("comments").set({ html: take(), authorname: take(), realname: take() })
        .where("id", "=", id).execute();
    }
    const tags = await db.selectFrom("tags").select(["item_id", "tag"]).orderBy("item_id")
      .limit(12).execute();
    for (const t of tags) {
      await db.updateTable("tags").set({ raw: take() }).where("item_id", "=", t.item_id)
        .where("tag", "=", t.tag).execute();
    }
    // One tag whose normalised form (in URLs) is itself hostile.
    if (tags[0]) {
      await db.updateTable("tags").set({ tag: `"><svg onload=__pwned(999)>` })
        .where("item_id", "=", tags[0].item_id).where("tag", "=", tags[0].tag).execute();
    }
    for (const table of ["albums", "galleries", "collections"] as const) {
      const rows = await db.selectFrom(table).select("id").execute();
      for (const { id } of rows) {
        await db.updateTable(table).set({ title: take(), description: take() })
          .where("id", "=", id).execute();
      }
    }
    for (const { id } of await db.selectFrom("groups").select("id").execute()) {
      await db.updateTable("groups").set({ name: take() }).where("id", "=", id).execute();
    }
    for (const { id } of await db.selectFrom("notes").select("id").execute()) {
      await db.updateTable("notes").set({ text: take() }).where("id", "=", id).execute();
    }
    const people = await db.selectFrom("people").select("nsid").orderBy("nsid").limit(40)
      .execute();
    for (const { nsid } of people) {
      await db.updateTable("people").set({ username: take(), realname: take(), location: take() })
        .where("nsid", "=", nsid).execute();
    }
    await refreshSearch(db, items.map((i) => i.id));
  } finally {
    await catalog.close();
  }
}
