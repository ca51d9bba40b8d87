/**
 * "Import a newer export" on a later start (issue 31): an archive made from Flickr's export
 * through the first-run pages; then the account changes on Flickr (a new upload, an edited title,
 * a new comment) and Flickr makes a newer export, which the person downloads into the same
 * Downloads folder, beside the old zips. The import the start page leads to picks that folder's
 * zips, old and new: the archive ends with the changes, as importing the old export and then the
 * newer one alone gives them, and the old zips undo nothing. Over `app.request`, against the
 * simulator.
 */
import { join } from "node:path";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "./assert.ts";
import { diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { says, setupApp, withDir } from "./first_run_pages.ts";
import { importExport } from "../src/import/pipeline.ts";
import { startSimulator } from "../src/simulator/server.ts";

/** A free account (its export is the way in); seed 8 names the newer export's zips after the old. */
const ACCOUNT = {
  photos: 6,
  videos: 1,
  favorites: 2,
  seed: 8,
  port: 0,
  account: "free",
  exportZipNames: "2025",
} as const;

async function control(origin: string, path: string, body?: unknown) {
  const res = await fetch(`${origin}/__simulator/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  const answer = await res.json();
  assertEquals(res.status, 200, JSON.stringify(answer));
  return answer;
}

Deno.test("first run: 'Import a newer export' brings the account's changes in; the old zips beside it undo nothing", async () => {
  await withDir(async (dir) => {
    const downloads = join(dir, "home", "Downloads");
    const sim = await startSimulator({ ...ACCOUNT, exportDir: downloads });
    const s = setupApp(dir, sim.origin);
    try {
      const oldZips = [...Deno.readDirSync(downloads)].map((e) => e.name).sort();
      const started = await s.post("/setup/import", { folder: downloads }, "/setup/flickr-export");
      assertEquals(started.status, 303);
      await s.runs.settled();
      assertMatch(s.runs.latest()?.state ?? "", /^(done|attention)$/);

      // ---- the account changes on Flickr, and Flickr makes a newer export ----
      const truth = await (await fetch(`${sim.origin}/__simulator/truth?sha256=0`)).json();
      const imported = truth.items.find((i: { media: string; is_favorite_of_mine: boolean }) =>
        i.media === "photo" && !i.is_favorite_of_mine
      );
      const upload = await control(sim.origin, "mutate", { action: "upload" });
      const edit = await control(sim.origin, "mutate", { action: "edit_title", id: imported.id });
      const comment = await control(sim.origin, "mutate", { action: "comment", id: edit.id });
      const written = await control(sim.origin, "export");
      const newZips = [...written.metadata_zips, ...written.media_zips] as string[];
      for (const name of newZips) assert(!oldZips.includes(name), `${name} is a new name`);
      const inFolder = [...Deno.readDirSync(downloads)].map((e) => e.name).sort();
      assertEquals(inFolder, [...oldZips, ...newZips].sort(), "the old zips are still there");
      // The old export's metadata zip comes first by name: read in name order, its records
      // would be taken for the photos both exports hold.
      const oldMetadata = oldZips.find((n) => n.endsWith("_part1.zip"))!;
      assert(oldMetadata < written.metadata_zips[0], `${oldMetadata} sorts first`);

      // ---- a later start: the page offers the newer export, and imports the folder's zips ----
      const home = await says(await s.get("/setup"), 200, /Your Flickr archive/);
      assertMatch(home, /<a href="\/setup\/flickr-export"[^>]*>Import a newer export<\/a>/);
      // Downloads is listed with both exports' zips.
      await says(
        await s.get("/setup/flickr-export"),
        200,
        /Downloads<\/span> <span class="muted">2 metadata zips, 2 media zips/,
      );
      const again = await s.post("/setup/import", { folder: downloads }, "/setup/flickr-export");
      assertEquals(again.status, 303);
      await s.runs.settled();
      const run = s.runs.latest()!;
      assertMatch(run.state, /^(done|attention)$/, JSON.stringify(run.failure));

      // The photo pages show the changes.
      const edited = await says(await s.get(`/photos/${edit.id}`), 200, /<h1/);
      assertStringIncludes(edited, escapeHtml(edit.title));
      await says(await s.get(`/photos/${upload.id}`), 200, /<h1/);
      assertStringIncludes(
        await (await s.get(`/photos/${edit.id}?format=json`)).text(),
        comment.comment_id,
      );

      // And the archive is the one the old export, then the newer export alone, make.
      const clean = join(dir, "clean");
      for (const zips of [oldZips, newZips]) {
        await importExport({ archiveDir: clean, inputs: zips.map((n) => join(downloads, n)) });
      }
      assertEquals(
        diffSnapshots(await snapshotArchive(clean), await snapshotArchive(s.archiveDir)),
        [],
      );
    } finally {
      await s.viewer.close();
      await sim.close();
    }
  });
});

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}
