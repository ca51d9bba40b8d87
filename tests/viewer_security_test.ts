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
import { checkPage, PAYLOADS, seedPayloads } from "./xss_corpus.ts";
import type { Browser } from "playwright-core";
import { assert, assertEquals } from "./assert.ts";
import { type CliResult, runMain, simulatorEnv, spawnMain } from "./cli_process.ts";
import { listFiles, withSimulator } from "./simulator_fixture.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { startServer } from "../src/server/app.ts";

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
