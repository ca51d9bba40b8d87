import { sql } from "kysely";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { listFiles, withArchiveContext, withSimulator } from "../../tests/simulator_fixture.ts";
import { md5File, sha256File } from "../files/hash.ts";
import { recordMd5s } from "../tree/md5s.ts";
import { disableFilesystemSync } from "../files/filesystem_sync.ts";
import { runListing } from "./listing.ts";
import { runOriginals } from "./originals.ts";

Deno.test("originals: through 500s, 429s, truncated and stalled bodies, every file arrives whole", async () => {
  await withSimulator(
    {
      photos: 40,
      videos: 3,
      favorites: 8,
      seed: 77,
      faults: "500:0.08,503:0.04,429:0.02,truncate:0.08,stall:0.04",
    },
    async (f) => {
      await withArchiveContext(f, async (ctx) => {
        await runListing(ctx, { origin: f.sim.origin });
        const result = await runOriginals(ctx, {
          origin: f.sim.origin,
          retryBaseMs: 10,
          attempts: 8,
        });
        assertEquals(ctx.attention, []);
        assertEquals(result.failed, 0);
        assertEquals(result.items, 51);
        const truth = await f.truth();
        const rows = await ctx.catalog.db.selectFrom("files").selectAll()
          .where("is_current", "=", 1).execute();
        const originals = new Map(
          rows.filter((r) => r.kind === "original").map((r) => [r.item_id, r]),
        );
        for (const item of truth.items) {
          assertEquals(originals.get(item.id)?.sha256 ?? null, item.original_sha256, item.id);
        }
        // Every recorded file is on disk as recorded; nothing partial is left.
        for (const r of rows) {
          assertEquals(await sha256File(`${f.archive}/${r.path}`), {
            bytes: r.bytes,
            sha256: r.sha256,
          });
        }
        assertEquals((await listFiles(f.archive)).filter((p) => p.includes(".part-")), []);
        // The faults were met.
        const stats = await f.stats();
        assert(
          stats.bytes_served > rows.reduce((n, r) => n + r.bytes, 0),
          "some bodies were sent more than once",
        );
        // Video originals Flickr refuses are left to the video phase, not reported as failures.
        const refused = truth.items.filter((i) => i.media === "video" && !i.original_sha256);
        assertEquals(result.videosWithoutOriginal.sort(), refused.map((i) => i.id).sort());
      }, { stallTimeoutMs: 300 });
    },
  );
});

Deno.test("originals: a replaced photo is fetched again and its previous original kept as a version", async () => {
  await withSimulator({ photos: 12, videos: 0, favorites: 2, seed: 8 }, async (f) => {
    await withArchiveContext(f, async (ctx) => {
      await runListing(ctx);
      const first = await runOriginals(ctx);
      const { db } = ctx.catalog;
      const recorded = await db.selectFrom("files").select("path").execute();
      assertEquals(first.downloaded, recorded.length);
      // An original, a display copy and a thumbnail each (small photos' display is their original).
      assertEquals(first.downloaded, 14 * 3);
      const own = await db.selectFrom("files").select(["item_id", "path", "sha256", "secret"])
        .where("kind", "=", "original").where("is_current", "=", 1)
        .where("item_id", "like", "5%").execute();
      const before = own[0];
      await f.mutate("replace", before.item_id);

      await runListing(ctx);
      const second = await runOriginals(ctx);
      // The original, display copy and thumbnail of that photo, nothing else.
      assertEquals({ downloaded: second.downloaded, versions: second.versions }, {
        downloaded: 3,
        versions: 1,
      });
      const files = await db.selectFrom("files").selectAll()
        .where("item_id", "=", before.item_id).where("kind", "=", "original").orderBy("is_current")
        .execute();
      assertEquals(files.length, 2);
      const [old, current] = files;
      assertEquals(old.is_current, 0);
      assertEquals(old.sha256, before.sha256);
      assertEquals(old.secret, before.secret);
      assert(old.path.startsWith(`versions/${before.item_id}/`), old.path);
      assertEquals((await sha256File(`${f.archive}/${old.path}`)).sha256, before.sha256);
      assertEquals(current.path, before.path, "the original keeps its name");
      const truth = await f.truth();
      const expected = truth.items.find((i) => i.id === before.item_id)!.original_sha256;
      assertEquals(current.sha256, expected);
      assert(current.sha256 !== before.sha256, "new bytes");
      assertEquals((await sha256File(`${f.archive}/${current.path}`)).sha256, expected);

      // A third pass has nothing to do.
      const third = await runOriginals(ctx);
      assertEquals(third.downloaded + third.adopted, 0);
    });
  });
});

Deno.test("originals: a file deleted from disk is fetched again", async () => {
  await withSimulator({ photos: 5, videos: 0, favorites: 1, seed: 4 }, async (f) => {
    await withArchiveContext(f, async (ctx) => {
      await runListing(ctx);
      await runOriginals(ctx);
      const row = await ctx.catalog.db.selectFrom("files").select(["path", "sha256"])
        .where("kind", "=", "original").executeTakeFirstOrThrow();
      await Deno.remove(`${f.archive}/${row.path}`);
      const again = await runOriginals(ctx);
      assertEquals(again.downloaded, 1);
      assertEquals((await sha256File(`${f.archive}/${row.path}`)).sha256, row.sha256);
    });
  });
});

Deno.test("originals: files a killed run put in place are recorded as what they were, even after a replace", async () => {
  await withSimulator({ photos: 6, videos: 0, favorites: 1, seed: 11 }, async (f) => {
    await withArchiveContext(f, async (ctx) => {
      const { db } = ctx.catalog;
      await runListing(ctx);
      const victim = await db.selectFrom("items").select(["id", "original_secret"])
        .where("is_mine", "=", 1).orderBy("id").executeTakeFirstOrThrow();
      // The run dies after its files are renamed into place and before the rows that record
      // them: here the catalog refuses the batch that holds this photo's row.
      await sql`CREATE TRIGGER killed BEFORE INSERT ON files WHEN NEW.item_id = ${
        sql.lit(victim.id)
      } BEGIN SELECT RAISE(ABORT, 'killed'); END`.execute(db);
      await assertRejects(() => runOriginals(ctx));
      await sql`DROP TRIGGER killed`.execute(db);
      const journal = await db.selectFrom("commit_journal").selectAll().execute();
      const recorded = new Set(
        (await db.selectFrom("files").select("path").execute()).map((r) => r.path),
      );
      const original = journal.find((j) =>
        j.path.startsWith("photos/") && j.path.includes(victim.id)
      );
      assert(original, "the photo's original is in the journal");
      for (const j of journal) {
        assert(!recorded.has(j.path), `${j.path} has no row`);
        assertEquals((await sha256File(`${f.archive}/${j.path}`)).sha256, j.sha256, j.path);
      }

      // Before the next run, the photo is replaced on Flickr.
      await f.mutate("replace", victim.id);
      await runListing(ctx);
      const second = await runOriginals(ctx);
      assertEquals(
        { recovered: second.recovered, adopted: second.adopted, versions: second.versions },
        { recovered: journal.length, adopted: 0, versions: 1 },
      );
      assertEquals(
        second.downloaded,
        3,
        "the replaced photo's original, display copy and thumbnail",
      );
      assertEquals(await db.selectFrom("commit_journal").selectAll().execute(), []);
      const files = await db.selectFrom("files").selectAll().where("item_id", "=", victim.id)
        .where("kind", "=", "original").orderBy("is_current").execute();
      const [old, current] = files;
      assertEquals([old.is_current, old.secret, old.sha256], [
        0,
        victim.original_secret,
        original.sha256,
      ]);
      assertEquals((await sha256File(`${f.archive}/${old.path}`)).sha256, original.sha256);
      const truth = await f.truth();
      const expected = truth.items.find((i) => i.id === victim.id)!.original_sha256;
      assertEquals([current.is_current, current.sha256], [1, expected]);
      assert(current.secret !== victim.original_secret, "the new secret");
      assertEquals((await sha256File(`${f.archive}/${current.path}`)).sha256, expected);
    });
  });
});

Deno.test("originals: without syncfs, the journal is written under synchronous = FULL, then NORMAL again", async () => {
  // Off Linux no syncfs flushes the catalog's WAL with the files: the journal's own commit must.
  disableFilesystemSync(true);
  try {
    await withSimulator({ photos: 3, videos: 0, favorites: 1, seed: 5 }, async (f) => {
      await withArchiveContext(f, async (ctx) => {
        const { db } = ctx.catalog;
        await runListing(ctx);
        await sql`CREATE TRIGGER durable BEFORE INSERT ON commit_journal
          WHEN (SELECT synchronous FROM pragma_synchronous) != 2
          BEGIN SELECT RAISE(ABORT, 'journal written without a flush at commit'); END`.execute(db);
        const result = await runOriginals(ctx);
        assert(result.downloaded > 0, "files were journaled and recorded");
        const { rows } = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db);
        assertEquals(rows[0].synchronous, 1, "NORMAL again for everything else");
      });
    });
  } finally {
    disableFilesystemSync(false);
  }
});

Deno.test("originals: with checksum tags in the account, each original's MD5 is taken as it arrives", async () => {
  // Seed 7 (the demo's) has photos tagged checksum:md5=.
  await withSimulator({ photos: 60, videos: 0, favorites: 6, seed: 7 }, async (f) => {
    await withArchiveContext(f, async (ctx) => {
      await runListing(ctx);
      await runOriginals(ctx);
      const rows = await ctx.catalog.db.selectFrom("files").select(["path", "kind", "md5"])
        .where("is_current", "=", 1).execute();
      const best = rows.filter((r) => r.kind === "original" || r.kind === "largest");
      assert(best.length > 50, `originals (${best.length})`);
      for (const r of best) {
        assertEquals(r.md5, await md5File(`${f.archive}/${r.path}`), `MD5 of ${r.path}`);
      }
      assert(rows.every((r) => best.includes(r) || r.md5 === null), "no MD5 for display copies");
      // Nothing is left for the checksum pass to read back.
      assertEquals(await recordMd5s(ctx.catalog.db, f.archive), 0);
    });
  });
});
