/// <reference lib="dom" />
/**
 * Viewer security suite, on an archive made by a real `archive` run against the simulator:
 *
 * - a corpus of XSS payloads written into titles, descriptions, comments, tags, album, gallery,
 *   group and collection names, notes and people's names (SQL updates on the real catalog): in
 *   Chromium none runs (a `window.__pwned` trap, dialogs, console) and none leaves an element or
 *   attribute that could run;
 * - path traversal and encoded paths on every file route, sent as raw HTTP so nothing normalises
 *   them first: 404, and nothing of the catalog or the system in the answer;
 * - foreign Host headers (DNS rebinding): refused;
 * - `flickrvault auth` stores the credentials with mode 0600, and no secret (API secret, token
 *   secret) appears in what auth, archive, status, list, verify print, nor in the catalog.
 * @module
 */
import { launchChromium } from "./chromium.ts";
import type { Browser, Page } from "playwright-core";
import { assert, assertEquals } from "./assert.ts";
import { type CliResult, runMain, simulatorEnv, spawnMain } from "./cli_process.ts";
import { listFiles, withSimulator } from "./simulator_fixture.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { refreshSearch } from "../src/catalog/writes.ts";
import { startServer } from "../src/server/app.ts";

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
const PAYLOADS = TEMPLATES.map((t, i) => t(i + 1));

/** Attributes whose value is script (event handlers, htmx hooks, inline styles, frame documents). */
const SCRIPT_ATTRIBUTE = /^(on|hx-|data-hx-)|^(style|srcdoc)$/i;
/** Attributes whose value is a URL: dangerous only with a script scheme. */
const URL_ATTRIBUTE = /^(href|src|action|formaction|data|xlink:href|poster|background|ping)$/i;

interface PageFinding {
  hits: number[];
  injected: string[];
  console: string[];
}

/** Runs in the page: what a payload could have left or done. */
function inspect(patterns: [string, string]): { hits: number[]; injected: string[] } {
  const w = window as unknown as { __hits: number[] };
  const scriptAttr = new RegExp(patterns[0], "i");
  const urlAttr = new RegExp(patterns[1], "i");
  const injected: string[] = [];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (["iframe", "object", "embed", "base", "frame", "frameset"].includes(tag)) {
      injected.push(`<${tag}>`);
    }
    if (tag === "script" && !(el.getAttribute("src") ?? "").startsWith("/assets/")) {
      if ((el.textContent ?? "").includes("__pwned") || el.getAttribute("src")) {
        injected.push(`<script ${el.getAttribute("src") ?? "inline"}>`);
      }
    }
    if (tag === "meta" && el.getAttribute("http-equiv")) injected.push("<meta http-equiv>");
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

async function checkPage(page: Page, url: string): Promise<PageFinding> {
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
  const found = await page.evaluate(inspect, [SCRIPT_ATTRIBUTE.source, URL_ATTRIBUTE.source] as [
    string,
    string,
  ]);
  page.off("console", onConsole);
  return { ...found, console: consoleSeen };
}

Deno.test({
  name: "viewer security: XSS corpus, traversal, Host header, credentials mode, no secret printed",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    assert(PAYLOADS.length >= 50, `${PAYLOADS.length} payloads`);
    await withSimulator(
      { photos: 14, videos: 1, favorites: 3, seed: 61, autoApprove: true },
      async (f) => {
        const outputs: [string, CliResult | { stdout: string; stderr: string }][] = [];

        // Sign in through `auth` (the simulator approves at once): credentials stored 0600.
        const auth = spawnMain([
          "auth",
          "--no-browser",
          "--archive",
          f.archive,
          "--api-key",
          f.sim.apiKey,
          "--api-secret",
          f.sim.apiSecret,
          "--flickr-origin",
          f.sim.origin,
        ], {});
        const urlLine = await auth.waitForLine(/https?:\/\/\S+\/services\/oauth\/authorize\S*/);
        assert(urlLine, "auth printed the authorise address");
        const authorize = /https?:\/\/\S+\/services\/oauth\/authorize\S*/.exec(urlLine.text)![0];
        const approved = await fetch(authorize);
        await approved.body?.cancel();
        const authEnd = await auth.finished;
        const authOut = {
          stdout: authEnd.stdout,
          stderr: auth.lines.map((l) => l.text).join("\n"),
        };
        assertEquals(authEnd.code, 0, `auth: ${authOut.stdout}\n${authOut.stderr}`);
        outputs.push(["auth", authOut]);
        const credPath = `${f.archive}/credentials.json`;
        const mode = (await Deno.stat(credPath)).mode! & 0o777;
        assertEquals(mode.toString(8), "600", "credentials.json is readable by its owner only");
        const stored = JSON.parse(await Deno.readTextFile(credPath));
        const secrets = [f.sim.apiSecret, f.sim.oauthTokenSecret, stored.oauth_token_secret];
        assert(stored.api_secret === f.sim.apiSecret && stored.oauth_token_secret, "stored");

        // A real archive run (signed in by the stored credentials), then the read commands.
        const cliEnv = { FLICKR_API_KEY: "", FLICKR_API_SECRET: "" };
        const archive = await runMain(
          ["archive", "--archive", f.archive, "--flickr-origin", f.sim.origin, "--rate", "0"],
          cliEnv,
        );
        assertEquals(archive.code, 0, archive.stderr);
        outputs.push(["archive (stored credentials)", archive]);
        const envArchive = `${f.dir}/env-archive`;
        const byEnv = await runMain(
          ["archive", "--archive", envArchive, "--flickr-origin", f.sim.origin, "--rate", "0"],
          simulatorEnv(f.sim),
        );
        assertEquals(byEnv.code, 0, byEnv.stderr);
        outputs.push(["archive (environment)", byEnv]);
        const refused = await runMain(
          ["archive", "--archive", envArchive, "--flickr-origin", f.sim.origin, "--rate", "0"],
          simulatorEnv(f.sim, { FLICKR_API_SECRET: "f".repeat(16) }),
        );
        assertEquals(refused.code, 2);
        outputs.push(["archive (wrong secret)", refused]);
        for (const cmd of [["status"], ["status", "--json"], ["list", "--json"], ["verify"]]) {
          outputs.push([cmd.join(" "), await runMain([...cmd, "--archive", f.archive], {})]);
        }
        await seedPayloads(f.archive);

        const server = await startServer({ archiveDir: f.archive, port: 0 });
        let browser: Browser | undefined;
        try {
          const traversal = await traversalAttempts(server.port, f.archive);
          const hosts = await hostAttempts(server.port);

          browser = await launchChromium();
          const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
          const dialogs: string[] = [];
          page.on("dialog", async (d) => {
            dialogs.push(`${d.type()}: ${d.message()}`);
            await d.dismiss();
          });
          await page.addInitScript(() => {
            const w = window as unknown as {
              __hits: number[];
              __pwned: (n: number) => void;
            };
            w.__hits = [];
            w.__pwned = (n) => {
              w.__hits.push(n);
              console.log(`XSS-RAN ${n}`);
            };
          });
          const urls = await pagesToVisit(server.url, f.archive);
          const problems: string[] = [];
          for (const url of urls) {
            const found = await checkPage(page, url);
            if (found.hits.length || found.injected.length || found.console.length) {
              problems.push(
                `${url}: ran ${JSON.stringify(found.hits)}, left ${
                  JSON.stringify(found.injected.slice(0, 5))
                }, console ${JSON.stringify(found.console)}`,
              );
            }
          }
          assertEquals(problems, [], "no payload runs or leaves anything that could run");
          assertEquals(dialogs, [], "no dialog opened");

          // No secret in anything printed, nor in the catalog or its WAL.
          const leaks: string[] = [];
          for (const [name, out] of outputs) {
            for (const s of secrets) {
              if (out.stdout.includes(s) || out.stderr.includes(s)) {
                leaks.push(`${name} prints secret #${secrets.indexOf(s)}`);
              }
            }
          }
          for (const rel of await listFiles(f.archive)) {
            if (rel === "credentials.json") continue;
            const text = new TextDecoder("latin1").decode(
              await Deno.readFile(`${f.archive}/${rel}`),
            );
            for (const s of secrets) {
              if (text.includes(s)) leaks.push(`${rel} holds secret #${secrets.indexOf(s)}`);
            }
          }
          assertEquals(leaks, [], "no secret leaks");

          console.log(
            `viewer security: ${PAYLOADS.length} XSS payloads in titles, descriptions, comments, ` +
              `tags, albums, galleries, groups, collections, notes and names; ${urls.length} ` +
              `pages in Chromium: none ran (no __pwned hit, dialog or console trace), none left ` +
              `an active element or attribute\n  ${traversal} traversal and encoded-path ` +
              `requests on /files, /media, /avatars, /assets and pages: all 404 (/avatars: the ` +
              `default icon), nothing leaked\n` +
              `  ${hosts} foreign Host headers refused; credentials.json mode 0600; ` +
              `${secrets.length} secrets absent from ${outputs.length} command outputs and ` +
              `every archive file`,
          );
        } finally {
          await browser?.close();
          await server.close();
        }
      },
    );
  },
});

/** Writes the payloads over the catalog's text, every payload at least once. */
async function seedPayloads(archive: string): Promise<void> {
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

/** Every page kind, and every item's page. */
async function pagesToVisit(base: string, archive: string): Promise<string[]> {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    const { db } = catalog;
    const items = await db.selectFrom("items").select("id").orderBy("id").execute();
    const albums = await db.selectFrom("albums").select("id").execute();
    const tags = await db.selectFrom("tags").select("tag").distinct().limit(3).execute();
    const people = await db.selectFrom("comments").select("author").distinct().limit(3)
      .execute();
    return [
      "/",
      "/albums",
      "/tags",
      "/people",
      "/favorites",
      "/status",
      "/videos/manual",
      "/search?q=pwned",
      "/search?q=%3Cscript%3E__pwned(1000)%3C%2Fscript%3E",
      ...items.map((i) => `/photos/${i.id}`),
      ...albums.map((a) => `/albums/${a.id}`),
      ...tags.map((t) => `/tags/${encodeURIComponent(t.tag)}`),
      ...people.map((p) => `/people/${encodeURIComponent(p.author)}`),
    ].map((p) => base.replace(/\/$/, "") + p);
  } finally {
    await catalog.close();
  }
}

/** One raw HTTP/1.1 request (no URL normalisation); the status and the body. */
async function rawRequest(
  port: number,
  path: string,
  host = `127.0.0.1:${port}`,
): Promise<{ status: number; body: string }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    await conn.write(
      new TextEncoder().encode(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      ),
    );
    const text = new TextDecoder("latin1").decode(
      await new Response(conn.readable).arrayBuffer(),
    );
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text };
  } catch (e) {
    try {
      conn.close();
    } catch { /* closed by the response */ }
    throw e;
  }
}

async function traversalAttempts(port: number, archive: string): Promise<number> {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  let item: string, nsid: string, fileId: number;
  try {
    const f = await catalog.db.selectFrom("files").select(["id", "item_id"]).orderBy("id")
      .executeTakeFirstOrThrow();
    item = f.item_id;
    fileId = f.id;
    nsid =
      (await catalog.db.selectFrom("people").select("nsid").where("avatar_path", "is not", null)
        .orderBy("nsid").executeTakeFirstOrThrow()).nsid;
  } finally {
    await catalog.close();
  }
  // Sanity: the routes serve real files, so the 404s below are refusals, not dead routes.
  assertEquals((await rawRequest(port, `/files/${fileId}`)).status, 200);
  const paths = [
    "/catalog.db",
    "/credentials.json",
    "/.flickrvault.lock",
    "/files/..%2f..%2fcatalog.db",
    `/files/${fileId}%2f..%2f..%2fcatalog.db`,
    `/files/${fileId}/../../catalog.db`,
    "/files/-1",
    "/files/0",
    "/files/999999999999",
    "/files/%2e%2e",
    "/media/..%2f..%2fcatalog.db/original",
    `/media/${item}/..%2f..%2fcatalog.db`,
    "/media/%2e%2e/original",
    `/media/${item}/%2e%2e%2f%2e%2e%2fcredentials.json`,
    `/media/${item}/original%00.jpg`,
    `/media/${item}/..%5c..%5ccatalog.db`,
    "/media/../catalog.db",
    `/avatars/..%2fcatalog.db`,
    "/avatars/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/avatars/..%5c..%5ccatalog.db",
    "/avatars/%252e%252e%252fcatalog.db",
    `/avatars/${encodeURIComponent(nsid)}%2f..%2f..%2fcatalog.db`,
    "/avatars/../../../etc/passwd",
    "/assets/..%2fcatalog.db",
    "/assets/%2e%2e%2f%2e%2e%2fcatalog.db",
    "/assets/....//....//catalog.db",
    "/assets/../../catalog.db",
    "/photos/../catalog.db",
    "/photos/%2e%2e%2fcatalog.db",
    "//etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/favicon.ico/../../catalog.db",
  ];
  // /avatars/<nsid> answers the default icon for anyone without one of their own (the name is
  // only looked up in the catalog): that same icon, byte for byte, is the only other answer allowed.
  const bodyOf = (raw: string) => raw.slice(raw.indexOf("\r\n\r\n") + 4);
  const defaultIcon = bodyOf((await rawRequest(port, "/avatars/0000000%40N00")).body);
  assert(defaultIcon.includes("<svg"), "the default icon is an SVG");
  const wrong: string[] = [];
  for (const p of paths) {
    const r = await rawRequest(port, p);
    const isDefaultIcon = p.startsWith("/avatars/") && r.status === 200 &&
      bodyOf(r.body) === defaultIcon;
    if (r.status !== 404 && !isDefaultIcon) wrong.push(`${p} → ${r.status}`);
    if (/SQLite format 3|root:x:0|oauth_token_secret|api_secret/i.test(r.body)) {
      wrong.push(`${p} leaked content`);
    }
  }
  assertEquals(wrong, [], "every traversal attempt is a plain 404 (or the default icon)");
  return paths.length;
}

async function hostAttempts(port: number): Promise<number> {
  const ok = await rawRequest(port, "/", `127.0.0.1:${port}`);
  assertEquals(ok.status, 200, "the viewer answers its own address");
  assertEquals((await rawRequest(port, "/", `localhost:${port}`)).status, 200);
  const foreign = [
    "evil.example",
    `evil.example:${port}`,
    `rebind.example:${port}`,
    `127.0.0.1.evil.example:${port}`,
    `localhost.evil.example`,
    `127.0.0.2:${port}`,
    "0.0.0.0",
  ];
  const wrong: string[] = [];
  for (const host of foreign) {
    for (const path of ["/", "/files/1", "/status"]) {
      const r = await rawRequest(port, path, host);
      if (r.status < 400 || r.status >= 500) wrong.push(`${host} ${path} → ${r.status}`);
    }
  }
  assertEquals(wrong, [], "foreign Host headers are refused");
  return foreign.length;
}
