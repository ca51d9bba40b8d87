/**
 * The first-run pages over `app.request` (no browser), against the simulator over loopback where
 * Flickr is asked: each fault ends in a page that says what happened and what to do, never a
 * stack trace; forms need their token; the key pages refuse once the archive is signed in; the
 * folder chooser tells names only.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../../tests/assert.ts";
import { says, setupApp as setup, withDir } from "../../tests/first_run_pages.ts";
import { LOCK_FILE } from "../catalog/lock.ts";
import { startSimulator } from "../simulator/server.ts";
import { seedCatalog } from "../../tests/seed_catalog.ts";

const HOST = "127.0.0.1:8080";

Deno.test("setup pages: an empty archive opens at the two doors; forms need their token; other hosts are refused", async () => {
  await withDir(async (dir) => {
    const s = setup(dir);
    try {
      const root = await s.get("/");
      assertEquals([root.status, root.headers.get("location")], [303, "/setup"]);
      const doors = await says(await s.get("/setup"), 200, /Which way in\?/);
      assertStringIncludes(doors, "Flickr&#39;s data export");
      assertStringIncludes(doors, "Connect with an API key");

      const forged = await s.app.request("/setup/import", {
        method: "POST",
        headers: { host: HOST, "content-type": "application/x-www-form-urlencoded" },
        body: "folder=/tmp",
      });
      await says(forged, 400, /This form has expired/);
      const rebinding = await s.app.request("/setup", { headers: { host: "evil.example" } });
      assertEquals(rebinding.status, 403);
      assertEquals(s.runs.latest(), undefined, "nothing started");
    } finally {
      await s.viewer.close();
    }
  });
});

Deno.test("setup pages: the folder chooser tells names only; a folder without an export, and a broken zip, say what to do", async () => {
  await withDir(async (dir) => {
    const s = setup(dir);
    try {
      const folder = join(dir, "home", "Downloads");
      await Deno.mkdir(join(folder, "holiday"), { recursive: true });
      await Deno.writeTextFile(join(folder, "notes.txt"), "PRIVATE-CONTENT");
      await Deno.writeTextFile(join(folder, "other.zip"), "PRIVATE-ZIP");
      const listing = await says(
        await s.get(`/setup/flickr-export?path=${encodeURIComponent(folder)}`),
        200,
        /holds no Flickr export/,
      );
      assertStringIncludes(listing, "holiday/");
      for (const hidden of ["PRIVATE-CONTENT", "PRIVATE-ZIP", "notes.txt", "other.zip"]) {
        assert(!listing.includes(hidden), `${hidden} is not shown`);
      }
      await says(
        await s.post("/setup/import", { folder }),
        400,
        /There is no Flickr export in .*Downloads/,
      );
      assertEquals(s.runs.latest(), undefined, "no run for a folder without an export");

      // A zip named as Flickr names them, but broken (a download cut short).
      await Deno.writeTextFile(join(folder, "12345678_0a1b2c3d_part1.zip"), "PK\x03\x04 cut");
      const started = await s.post("/setup/import", { folder: "~/Downloads" });
      assertEquals([started.status, started.headers.get("location")], [303, "/setup"]);
      await s.runs.settled();
      assertEquals(s.runs.latest()?.state, "failed");
      const page = await says(await s.get("/setup"), 200, /12345678_0a1b2c3d_part1\.zip/);
      assertMatch(page, /is not a zip file.*What to do: download that zip from Flickr again/s);
    } finally {
      await s.viewer.close();
    }
  });
});

Deno.test("setup pages: a wrong key, a wrong secret, a lost network and a sign-in without its verifier each say what to do; once signed in, the key pages refuse", async () => {
  const sim = await startSimulator({ photos: 2, videos: 0, seed: 5, port: 0 });
  try {
    await withDir(async (dir) => {
      const s = setup(dir, sim.origin);
      try {
        const wrongKey = await s.post("/setup/api-key", {
          api_key: "0123456789abcdef0123456789abcdef",
          api_secret: sim.apiSecret,
        }, "/setup/api-key");
        await says(wrongKey, 400, /Flickr does not know this key/);
        const wrongSecret = await s.post("/setup/api-key", {
          api_key: sim.apiKey,
          api_secret: "0000000000000000",
        }, "/setup/api-key");
        const html = await says(wrongSecret, 400, /this secret is not its secret/);
        assertStringIncludes(html, sim.apiKey, "the key stays in its field to be corrected");
        assert(!html.includes("0000000000000000"), "a secret is never shown back");

        const noVerifier = await s.get("/setup/api-key/callback?oauth_token=abc");
        await says(noVerifier, 400, /without the sign-in/);
        const stray = await s.get("/setup/api-key/callback?oauth_token=abc&oauth_verifier=x");
        await says(stray, 400, /no sign-in is waiting/);

        // Signed in already (as `auth` leaves it): the key pages change nothing.
        const creds = {
          api_key: sim.apiKey,
          api_secret: sim.apiSecret,
          oauth_token: sim.oauthToken,
          oauth_token_secret: sim.oauthTokenSecret,
          user_nsid: "1@N01",
          username: "someone",
        };
        await Deno.mkdir(s.archiveDir, { recursive: true });
        const file = join(s.archiveDir, "credentials.json");
        await Deno.writeTextFile(file, JSON.stringify(creds));
        const before = await Deno.readTextFile(file);
        const refused = await s.post("/setup/api-key", {
          api_key: sim.apiKey,
          api_secret: sim.apiSecret,
        }, "/setup/api-key");
        await says(refused, 400, /signed in as someone already/);
        assertEquals(await Deno.readTextFile(file), before);
      } finally {
        await s.viewer.close();
      }
    });
  } finally {
    await sim.close();
  }
  await withDir(async (dir) => {
    // Nothing listens there: the network is lost.
    const s = setup(dir, "http://127.0.0.1:9");
    try {
      const lost = await s.post("/setup/api-key", {
        api_key: "0123456789abcdef0123456789abcdef",
        api_secret: "0123456789abcdef",
      }, "/setup/api-key");
      await says(lost, 400, /internet connection/);
    } finally {
      await s.viewer.close();
    }
  });
});

Deno.test("setup pages: a run that ends on a full disk says so on the start page, with what to do", async () => {
  await withDir(async (dir) => {
    const s = setup(dir);
    try {
      s.runs.start({
        kind: "import",
        title: "Importing Flickr's export",
        pausable: false,
        run: () => {
          const e = new Error("No space left on device (os error 28)") as Error & {
            code: string;
          };
          e.code = "ENOSPC";
          return Promise.reject(e);
        },
      });
      await s.runs.settled();
      const page = await says(await s.get("/setup"), 200, /the disk is full/);
      assertMatch(page, /What to do: free some space on that disk/);
    } finally {
      await s.viewer.close();
    }
  });
});

Deno.test("setup pages: a run of a command in a terminal holds the archive: the page shows it and starts nothing", async () => {
  await withDir(async (dir) => {
    const s = setup(dir);
    // A live process of this host holds the lock, as `flickrvault archive` in a terminal does.
    const other = new Deno.Command("sleep", { args: ["30"] }).spawn();
    try {
      await Deno.mkdir(s.archiveDir, { recursive: true });
      await Deno.writeTextFile(
        join(s.archiveDir, LOCK_FILE),
        JSON.stringify({
          pid: other.pid,
          host: hostname(),
          started_at: new Date().toISOString(),
          token: "t",
        }),
      );
      const page = await says(await s.get("/setup"), 200, /id="held-by"/);
      assertStringIncludes(page, String(other.pid));
      const folder = join(dir, "home", "Downloads");
      await Deno.mkdir(folder, { recursive: true });
      await Deno.writeTextFile(join(folder, "12345678_0a1b2c3d_part1.zip"), "PK");
      await says(
        await s.post("/setup/import", { folder }),
        400,
        new RegExp(`Another flickrvault run \\(process ${other.pid}\\) is using this archive`),
      );
      assertEquals(s.runs.latest(), undefined, "nothing started");
    } finally {
      other.kill();
      await other.status;
      await s.viewer.close();
    }
  });
});

Deno.test("setup pages: an archive run that cannot reach Flickr ends in a page that says so and what to do", async () => {
  await withDir(async (dir) => {
    // Nothing listens there: the network is lost.
    const s = setup(dir, "http://127.0.0.1:9");
    try {
      await Deno.mkdir(s.archiveDir, { recursive: true });
      await Deno.writeTextFile(
        join(s.archiveDir, "credentials.json"),
        JSON.stringify({
          api_key: "0123456789abcdef0123456789abcdef",
          api_secret: "0123456789abcdef",
          oauth_token: "72157-abc",
          oauth_token_secret: "0123456789abcdef",
        }),
        { mode: 0o600 },
      );
      const started = await s.post("/setup/archive", {});
      assertEquals([started.status, started.headers.get("location")], [303, "/setup"]);
      await s.runs.settled();
      assertEquals(s.runs.latest()?.state, "failed");
      await says(
        await s.get("/setup"),
        200,
        /Cannot reach Flickr.*What to do: check the network connection/s,
      );
    } finally {
      await s.viewer.close();
    }
  });
});

Deno.test("setup pages: the copy for family asks who it is for; the site run gets the choice and says what the copy holds", async () => {
  await withDir(async (dir) => {
    const s = setup(dir);
    try {
      const seeded = await seedCatalog(s.archiveDir, { photos: 40, videos: 2, favorites: 6 });
      const form = await says(await s.get("/setup/family-copy"), 200, /Make a copy for family/);
      for (const who of ["public", "friends", "family", "all"]) {
        assertMatch(form, new RegExp(`name="privacy" value="${who}"`));
      }
      assertMatch(form, /value="all" checked/);
      const folder = join(dir, "home", "For family");
      const res = await s.post(
        "/setup/family-copy",
        { folder, privacy: "public" },
        "/setup/family-copy",
      );
      assertEquals(res.status, 303, await res.text());
      await s.runs.settled();
      const run = s.runs.latestOf("site")!;
      assertEquals(run.state, "done", JSON.stringify(run));
      assertMatch(run.title, /only what Flickr showed to public/);
      assertMatch(
        run.summary.join("\n"),
        /; 0 not public \(friends, family, private or unknown\) included; \d+ not shown to public on Flickr, left out/,
      );
      // The seed's every tenth own photo is for friends and family only.
      await Deno.stat(join(folder, "photos", `${seeded.ownIds[1]}.html`));
      let hidden = true;
      await Deno.stat(join(folder, "photos", `${seeded.ownIds[0]}.html`)).then(
        () => hidden = false,
        () => {},
      );
      assert(hidden, "a photo for friends and family is not in a public copy");
      // The page keeps the choice for the next copy.
      assertMatch(await (await s.get("/setup/family-copy")).text(), /value="public" checked/);
    } finally {
      await s.viewer.close();
    }
  });
});
