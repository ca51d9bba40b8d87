/**
 * A free account (Flickr's rules since 15 May 2025) against the simulator in free mode: `archive`
 * says what Flickr allows and the way out, and holds the 1,024 px copies as waiting for the export
 * without trying again on every run; `import` of the account's data export then replaces every one
 * of them with its original, `verify` is clean, the API's richer values survive, and a re-run of
 * either door changes nothing.
 */
import { assert, assertEquals } from "./assert.ts";
import { QUICK, withSimulator } from "./simulator_fixture.ts";
import { type ArchiveSnapshot, diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { memorySink } from "../src/progress.ts";
import { formatSummary } from "../src/cli/archive.ts";
import { formatStatus } from "../src/cli/status.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { verifyArchive } from "../src/catalog/verify.ts";
import { importExport } from "../src/import/pipeline.ts";
import { createApp } from "../src/server/app.ts";
import { Account } from "../src/simulator/account.ts";
import { FileStore } from "../src/simulator/files.ts";
import { computeTruth } from "../src/simulator/truth.ts";

const ACCOUNT = { photos: 60, videos: 4, favorites: 14, seed: 41 };

/** Current main file (original, or the largest copy) per item: kind, sha256, pixel size. */
async function mainFiles(archive: string) {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    const rows = await catalog.db.selectFrom("files")
      .select(["item_id", "kind", "sha256", "width", "height", "path"])
      .where("is_current", "=", 1).where("kind", "in", ["original", "largest"]).execute();
    return new Map(rows.map((r) => [r.item_id, r]));
  } finally {
    await catalog.close();
  }
}

/** Column names of a snapshot row (canonical JSON `[[column, value], ...]`). */
function withoutColumns(line: string, columns: ReadonlySet<string>): string {
  return JSON.stringify((JSON.parse(line) as [string, unknown][]).filter(([k]) => !columns.has(k)));
}

/**
 * What an import may change in an archive the API made of a free account: the 1,024 px copies
 * become the originals (file rows, bytes on disk, sidecars beside them), the items gain what only
 * the original file tells (EXIF, camera, format), and the export's raw records and profile are
 * kept beside the API's answers. Everything else must be as the API left it.
 */
const FROM_THE_ORIGINAL = new Set([
  "exif_json",
  "exif_source",
  "exif_error",
  "camera_make",
  "camera_model",
  "original_format",
]);

function assertApiValuesSurvive(api: ArchiveSnapshot, imported: ArchiveSnapshot): void {
  const differ: string[] = [];
  for (const [name, rows] of api.tables) {
    if (name === "files" || name === "sidecars") continue;
    let a = rows;
    let b = imported.tables.get(name) ?? [];
    if (name === "items") {
      a = a.map((r) => withoutColumns(r, FROM_THE_ORIGINAL)).sort();
      b = b.map((r) => withoutColumns(r, FROM_THE_ORIGINAL)).sort();
    }
    if (name === "api_responses") b = b.filter((r) => !r.includes('["method","export"]'));
    // The profile's names, and the import's own bookkeeping, are added beside the API's.
    if (name === "meta") {
      b = b.filter((r) => !/"(account_(username|realname|path_alias)|import_[a-z_]+)"/.test(r));
    }
    const sb = new Set(b);
    const lost = a.filter((r) => !sb.has(r));
    const sa = new Set(a);
    const added = b.filter((r) => !sa.has(r));
    if (lost.length || added.length) {
      differ.push(
        `${name}: ${lost.length} rows changed or lost, ${added.length} added\n  - ${
          lost[0]?.slice(0, 300)
        }\n  + ${added[0]?.slice(0, 300)}`,
      );
    }
  }
  assertEquals(differ, [], "the import changed what the API archived");
}

Deno.test("free account: archive holds 1,024 px copies as waiting for the export; import upgrades each to its original, the API's values survive, re-runs change nothing", async (t) => {
  const exportDir = await Deno.makeTempDir({ prefix: "fv_free_export_" });
  try {
    await withSimulator({ ...ACCOUNT, account: "free", exportDir }, async (f) => {
      const truth = await f.truth();
      const limited = truth.items.filter((i) => i.limited_to_1024 && !i.is_favorite_of_mine);
      assertEquals(limited.length, truth.photos_limited_to_1024);
      assert(limited.length > 20, `limited own photos (${limited.length})`);
      const proAccount = new Account(ACCOUNT);
      const proTruth = computeTruth(proAccount, new FileStore(proAccount));
      const originalOf = new Map(proTruth.items.map((i) => [i.id, i.original_sha256]));

      let afterArchive: ArchiveSnapshot;
      await t.step(
        "archive names the limit and the way out, and counts the copies as waiting for the export",
        async () => {
          const sink = memorySink();
          const run = await runArchive({ ...f.runOptions, ...QUICK, sink });
          assertEquals(run.status, "done");
          // Nothing for the person to fix by running again: exit code 0.
          assertEquals(run.attention, []);
          assertEquals([run.freeAccount, run.waitingForExport], [true, limited.length]);
          // Said before any file is fetched, and again in the summary.
          const said = sink.lines.findIndex((l) => l.startsWith("Free account: Flickr gives apps"));
          const originals = sink.lines.findIndex((l) => l.startsWith("originals:"));
          assert(said >= 0 && said < originals, sink.lines.join("\n"));
          assert(
            sink.lines[said].includes(`at most 1,024 px of ${limited.length} of your photos`),
            sink.lines[said],
          );
          const summary = formatSummary(run, 0);
          for (const words of ["Free account", "data export", "flickrvault import"]) {
            assert(summary.includes(words), summary);
          }
          assertEquals(run.byMethod["flickr.people.getInfo"], 1);

          const files = await mainFiles(f.archive);
          for (const item of limited) {
            const file = files.get(item.id);
            assertEquals(file?.kind, "largest", `the copy of ${item.id}`);
            assert(
              Math.max(file!.width ?? 0, file!.height ?? 0) <= 1024,
              `${item.id} at most 1,024`,
            );
          }
          // Favourites of free members: the 1,024 px copy is the best there is (as when an owner
          // disables downloads), neither waiting for this account's export nor a lesser copy.
          const limitedFavourites = truth.items.filter((i) =>
            i.limited_to_1024 && i.is_favorite_of_mine
          );
          assert(limitedFavourites.length > 0, "favourites of free members");
          for (const item of limitedFavourites) {
            assertEquals(files.get(item.id)?.kind, "largest", `favourite ${item.id}`);
          }
          // Public Creative Commons photos and videos have their originals, as on Pro.
          for (const item of truth.items.filter((i) => i.original_sha256)) {
            assertEquals(
              files.get(item.id)?.sha256,
              item.original_sha256,
              `original of ${item.id}`,
            );
          }

          const catalog = await openCatalog(f.archive, { create: false, readonly: true });
          try {
            const s = await archiveStatus(catalog, f.archive);
            assertEquals(
              [s.waiting_for_export, s.lesser_copies, s.missing_files, s.free_account],
              [limited.length, 0, 0, true],
            );
            assert(formatStatus(s).includes(`Waiting for the export: ${limited.length} photos`));
            const app = createApp({ archiveDir: f.archive, catalog, allowedHosts: ["localhost"] });
            const page = await (await app.request("http://localhost/status")).text();
            assert(page.includes('id="waiting-for-export"'), "the status page explains the copies");
            assert(page.includes("photos waiting for the export"), "and counts them");
          } finally {
            await catalog.close();
          }
        },
      );

      await t.step("a second archive run fetches nothing and asks for nothing again", async () => {
        const sink = memorySink();
        const before = await snapshotArchive(f.archive, f.sim.origin);
        const again = await runArchive({ ...f.runOptions, ...QUICK, sink });
        assertEquals(again.attention, []);
        assertEquals([again.files, again.waitingForExport], [0, limited.length]);
        assertEquals(again.byMethod["flickr.people.getInfo"], undefined);
        assert(again.apiCalls <= 2 + 3, `a re-run with nothing new: ${again.apiCalls} calls`);
        // Known from the first run: said at once, before the listing.
        assert(sink.lines[0].startsWith("Free account:"), sink.lines.join("\n"));
        afterArchive = await snapshotArchive(f.archive, f.sim.origin);
        assertEquals(diffSnapshots(before, afterArchive), []);
      });

      await t.step(
        "import of the account's export replaces every copy with its original; verify is clean; the API's values survive",
        async () => {
          const report = await importExport({ archiveDir: f.archive, inputs: [exportDir] });
          assertEquals(report.damaged, []);
          assertEquals(report.unmatched, []);
          const files = await mainFiles(f.archive);
          for (const item of truth.items.filter((i) => !i.is_favorite_of_mine)) {
            if (item.media === "video" && !originalOf.get(item.id)) continue;
            const file = files.get(item.id);
            assertEquals(
              [file?.kind, file?.sha256],
              ["original", originalOf.get(item.id)],
              `the original of ${item.id}${item.limited_to_1024 ? " (was a 1,024 px copy)" : ""}`,
            );
          }
          const catalog = await openCatalog(f.archive, { create: false });
          try {
            const s = await archiveStatus(catalog, f.archive);
            assertEquals(
              [s.waiting_for_export, s.lesser_copies, s.missing_files, s.altered_files],
              [0, 0, 0, 0],
            );
            const verified = await verifyArchive(catalog, f.archive);
            assertEquals([verified.missing, verified.altered], [[], []]);
            assertEquals(verified.checked, s.files);
          } finally {
            await catalog.close();
          }
          assertApiValuesSurvive(afterArchive, await snapshotArchive(f.archive, f.sim.origin));
        },
      );

      await t.step("a re-run of import, then of archive, changes no row and no file", async () => {
        const imported = await snapshotArchive(f.archive, f.sim.origin);
        const report = await importExport({ archiveDir: f.archive, inputs: [exportDir] });
        assertEquals(report.mediaWritten, 0);
        assertEquals(diffSnapshots(imported, await snapshotArchive(f.archive, f.sim.origin)), []);
        const again = await runArchive({ ...f.runOptions, ...QUICK });
        assertEquals([again.attention, again.files, again.waitingForExport], [[], 0, 0]);
        assertEquals(again.byMethod["flickr.people.getInfo"], undefined);
        assertEquals(diffSnapshots(imported, await snapshotArchive(f.archive, f.sim.origin)), []);
      });
    });
  } finally {
    await Deno.remove(exportDir, { recursive: true });
  }
});
