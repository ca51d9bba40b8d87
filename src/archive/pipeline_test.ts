import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import {
  listFiles,
  recordingFetch,
  watchedFiles,
  withSimulator,
} from "../../tests/simulator_fixture.ts";
import { UsageError } from "../usage_error.ts";
import { sql } from "kysely";
import { openCatalog } from "../catalog/db.ts";
import { refreshSearch } from "../catalog/writes.ts";
import { LOCK_FILE } from "../catalog/lock.ts";
import { sha256File } from "../files/hash.ts";
import { runArchive } from "./pipeline.ts";
import { LAST_RUN_META, USER_NSID_META } from "../catalog/meta_keys.ts";

Deno.test("pipeline: Ctrl-C stops taking work, finishes files in flight, records the run as interrupted", async () => {
  await withSimulator({ photos: 80, videos: 3, favorites: 6, seed: 31 }, async (f) => {
    const controller = new AbortController();
    const traffic = recordingFetch();
    // Ctrl-C once 30 files have come in, through the archive's own file client.
    const files = watchedFiles(() => {
      if (traffic.events.filter((e) => e.type === "file-done").length >= 30) controller.abort();
    }, traffic.files);
    const first = await runArchive({
      ...f.runOptions,
      fetch: traffic.fetch,
      files,
      signal: controller.signal,
    });
    assertEquals(first.status, "interrupted");
    const catalog = await openCatalog(f.archive);
    let recorded;
    try {
      const runs = await catalog.db.selectFrom("runs").select(["status", "api_calls"]).execute();
      assertEquals(runs.map((r) => r.status), ["interrupted"]);
      assertEquals(runs[0].api_calls, first.apiCalls);
      assertEquals(
        await catalog.db.selectFrom("meta").select("value")
          .where("key", "=", LAST_RUN_META).executeTakeFirst(),
        undefined,
      );
      recorded = await catalog.db.selectFrom("files").select(["path", "sha256", "bytes"]).execute();
    } finally {
      await catalog.close();
    }
    // What is on disk is complete and recorded, nothing more: files in flight were finished.
    const onDisk = (await listFiles(f.archive)).filter((p) => !p.startsWith("catalog.db"));
    assertEquals(onDisk.filter((p) => p.includes(".part-") || p === LOCK_FILE), []);
    assertEquals(onDisk, recorded.map((r) => r.path).sort());
    for (const r of recorded) {
      assertEquals(await sha256File(`${f.archive}/${r.path}`), {
        bytes: r.bytes,
        sha256: r.sha256,
      });
    }
    assert(recorded.length >= 30 && recorded.length < 200, `${recorded.length} files recorded`);
    // No per-photo API call was made: the run stopped within the originals phase.
    assertEquals(first.byMethod["flickr.photos.getInfo"], undefined);

    const second = await runArchive({
      ...f.runOptions,
    });
    assertEquals(second.status, "done");
    assertEquals(second.attention, []);
    const truth = await f.truth();
    const reopened = await openCatalog(f.archive);
    try {
      const originals = await reopened.db.selectFrom("files").select(["item_id", "sha256"])
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const ours = new Map(originals.map((r) => [r.item_id, r.sha256]));
      for (const item of truth.items) {
        assertEquals(ours.get(item.id) ?? null, item.original_sha256, item.id);
      }
      const all = await reopened.db.selectFrom("files").select("path").execute();
      // The second run fetched only what the first had not.
      assertEquals(all.length - recorded.length, second.files);
      const last = await reopened.db.selectFrom("meta").select("value")
        .where("key", "=", LAST_RUN_META).executeTakeFirstOrThrow();
      assert(!Number.isNaN(Date.parse(last.value)), last.value);
      // The search index covers what the interrupted run listed.
      const indexed = await reopened.db.selectFrom("search").select("item_id").execute();
      assertEquals(indexed.length, truth.items.length);
    } finally {
      await reopened.close();
    }
  });
});

Deno.test("pipeline: an archive of one account refuses the sign-in of another", async () => {
  await withSimulator({ photos: 3, videos: 0, favorites: 1, seed: 2 }, async (f) => {
    await Deno.mkdir(f.archive, { recursive: true });
    const catalog = await openCatalog(f.archive);
    try {
      await catalog.db.insertInto("meta").values({ key: USER_NSID_META, value: "12345@N01" })
        .execute();
    } finally {
      await catalog.close();
    }
    const error = await assertRejects(
      () =>
        runArchive({
          ...f.runOptions,
        }),
      "holds the account 12345@N01",
    );
    assert(error instanceof UsageError, String(error));
    // Refused before anything was written: no run row.
    const after = await openCatalog(f.archive);
    try {
      assertEquals(await after.db.selectFrom("runs").selectAll().execute(), []);
    } finally {
      await after.close();
    }
  });
});

Deno.test("pipeline: the search index matches the catalog after a first archive and after edits on Flickr", async () => {
  await withSimulator({ photos: 40, videos: 2, favorites: 8, seed: 37 }, async (f) => {
    /** The index as it stands, then as a rebuild of every item writes it: they must agree. */
    const compare = async (label: string) => {
      const catalog = await openCatalog(f.archive);
      try {
        const { db } = catalog;
        const read = async () =>
          (await sql<Record<string, unknown>>`SELECT rowid, item_id, title, description, tags,
            comments, places FROM search ORDER BY item_id`.execute(db)).rows;
        const kept = await read();
        const ids = (await db.selectFrom("items").select("id").execute()).map((r) => r.id);
        await refreshSearch(db, ids);
        assertEquals(kept, await read(), label);
        assertEquals(kept.length, ids.length, label);
      } finally {
        await catalog.close();
      }
    };
    assertEquals((await runArchive(f.runOptions)).status, "done");
    await compare("after the first archive");
    const truth = await f.truth();
    const own = truth.items.filter((i) => !i.is_favorite_of_mine).map((i) => i.id);
    await f.mutate("edit_title", own[0]);
    await f.mutate("add_tag", own[1]);
    await f.mutate("comment", own[2]);
    assertEquals((await runArchive(f.runOptions)).status, "done");
    await compare("after a title, a tag and a comment changed on Flickr");
  });
});

Deno.test("pipeline: a first archive killed between creating catalog.db and its first write is resumed, without the sign-in's NSID", async () => {
  await withSimulator({ photos: 6, videos: 0, favorites: 1, seed: 41 }, async (f) => {
    await Deno.mkdir(f.archive, { recursive: true });
    await Deno.writeFile(`${f.archive}/catalog.db`, new Uint8Array());
    const { userNsid: _, ...credentials } = f.runOptions.credentials;
    const summary = await runArchive({ ...f.runOptions, credentials });
    assertEquals(summary.status, "done");
    assertEquals(summary.own, 6);
  });
});
