/**
 * The round trip of issue 8: import the simulator's data export, then `archive` against the same
 * simulator. The archive reaches the whole truth, and spends nothing on what the export gave: no
 * original downloaded again, no comment list fetched for an item without comments.
 */
import { assert, assertEquals } from "./assert.ts";
import { type ArchiveSnapshot, diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { credentialsOf } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { importExport } from "../src/import/pipeline.ts";
import { startSimulator } from "../src/simulator/server.ts";
import { type Truth, TRUTH_COUNTERS } from "../src/simulator/truth.ts";

const COUNTERS = TRUTH_COUNTERS;

Deno.test("import, then archive: the whole truth, with no original fetched again", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_roundtrip_" });
  const exportDir = `${dir}/export`;
  const archive = `${dir}/archive`;
  const sim = await startSimulator({ photos: 80, videos: 8, favorites: 12, seed: 23, exportDir });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json() as Truth;
    const report = await importExport({ archiveDir: archive, inputs: [exportDir] });
    assertEquals(report.damaged, []);
    const imported = new Set<string>();
    {
      const catalog = await openCatalog(archive);
      const rows = await catalog.db.selectFrom("files").select("item_id")
        .where("kind", "=", "original").execute();
      for (const r of rows) imported.add(r.item_id);
      await catalog.close();
    }
    assert(imported.size > 70, `originals imported (${imported.size})`);

    // Watch the archive run's traffic: API methods with their photo, and files fetched.
    const calls: { method: string; photo?: string }[] = [];
    const files: string[] = [];
    const watching: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.startsWith("/services/rest")) {
        calls.push({
          method: url.searchParams.get("method") ?? "",
          photo: url.searchParams.get("photo_id") ?? undefined,
        });
      } else files.push(url.pathname);
      return fetch(input, init);
    };
    const summary = await runArchive({
      archiveDir: archive,
      credentials: credentialsOf(sim),
      origin: sim.origin,
      rate: 0,
      fetch: watching,
    });
    assertEquals(summary.status, "done");

    // No original the export gave was fetched again.
    const originalFetches = files.filter((p) =>
      /_o\.[a-z0-9]+$/.test(p) || /\/play\/orig\//.test(p)
    );
    const refetched = originalFetches.filter((p) => [...imported].some((id) => p.includes(id)));
    assertEquals(refetched, [], "originals fetched again");
    // Comments: one list per item that has any (the export names no commenter and marks no
    // deleted account), none for items without comments.
    const commentCalls = calls.filter((c) => c.method === "flickr.photos.comments.getList");
    const withComments = truth.items.filter((i) => i.comments > 0).map((i) => i.id).sort();
    assertEquals(commentCalls.map((c) => c.photo!).sort(), withComments);
    // Faves: only where there are some (the export has no list of who faved).
    const faveCalls = calls.filter((c) => c.method === "flickr.photos.getFavorites");
    for (const c of faveCalls) {
      assert(truth.items.find((i) => i.id === c.photo)!.faves > 0, `getFavorites of ${c.photo}`);
    }

    const catalog = await openCatalog(archive);
    try {
      const status = await archiveStatus(catalog, archive);
      const got = Object.fromEntries(COUNTERS.map((k) => [k, status[k]]));
      const want = Object.fromEntries(COUNTERS.map((k) => [k, truth[k]]));
      assertEquals(got, want);
      const rows = await catalog.db.selectFrom("files").select(["item_id", "sha256"])
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const ours = new Map(rows.map((r) => [r.item_id, r.sha256]));
      for (const item of truth.items) {
        assertEquals(ours.get(item.id) ?? null, item.original_sha256, `original of ${item.id}`);
      }
    } finally {
      await catalog.close();
    }
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/**
 * What only the export adds to an archive, left out when comparing with `archive` alone: the
 * export's own records (kept raw, as every API answer is), the profile's names from
 * `account_profile.json`, the import's note of the zips it saw, and its report of what the export
 * lacked.
 */
function withoutExportExtras(s: ArchiveSnapshot): ArchiveSnapshot {
  const tables = new Map(s.tables);
  tables.set(
    "api_responses",
    tables.get("api_responses")!.filter((r) => !r.includes('["method","export"]')),
  );
  tables.set(
    "meta",
    tables.get("meta")!.filter((r) => !/\["key","(account_|import_)/.test(r)),
  );
  const files = new Map(s.files);
  files.delete("missing-from-export.txt");
  return { tables, files };
}

Deno.test("import, then archive, equals archive alone table by table; a re-run of either changes nothing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_equal_" });
  const sim = await startSimulator({
    photos: 40,
    videos: 4,
    favorites: 8,
    seed: 29,
    exportDir: `${dir}/export`,
  });
  try {
    const run = (archiveDir: string) =>
      runArchive({ credentials: credentialsOf(sim), origin: sim.origin, rate: 0, archiveDir });
    assertEquals((await run(`${dir}/alone`)).status, "done");
    const both = `${dir}/both`;
    await importExport({ archiveDir: both, inputs: [`${dir}/export`] });
    assertEquals((await run(both)).status, "done");
    const alone = await snapshotArchive(`${dir}/alone`, sim.origin);
    const after = await snapshotArchive(both, sim.origin);
    assertEquals(diffSnapshots(alone, withoutExportExtras(after)), []);

    // Either door again: nothing changes, and the export overwrites none of the API's values.
    const again = await importExport({ archiveDir: both, inputs: [`${dir}/export`] });
    assertEquals(again.keptFromApi, again.photos + again.keptFromApi);
    assertEquals(again.setsKeptFromApi, true);
    const rerun = async () => withoutExportExtras(await snapshotArchive(both, sim.origin));
    assertEquals(diffSnapshots(withoutExportExtras(after), await rerun()), []);
    assertEquals((await run(both)).status, "done");
    assertEquals(diffSnapshots(withoutExportExtras(after), await rerun()), []);
  } finally {
    await sim.close();
    await Deno.remove(dir, { recursive: true });
  }
});
