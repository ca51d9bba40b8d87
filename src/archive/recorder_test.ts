import { createHash } from "node:crypto";
import { join } from "node:path";
import { assert, assertEquals } from "../../tests/assert.ts";
import type { Catalog } from "../catalog/db.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import type { ArchiveContext } from "./context.ts";
import type { FileTask } from "./file_task.ts";
import { type Done, RECORD_BATCH, RecordBatches, Recorder } from "./recorder.ts";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

function task(itemId: string, rel: string, over: Partial<FileTask> = {}): FileTask {
  return {
    itemId,
    kind: "original",
    url: `https://live.staticflickr.com/1/${itemId}_abc_o.jpg`,
    rel,
    secret: "abc",
    expect: "image",
    width: 640,
    height: 480,
    keepPrevious: false,
    exif: false,
    media: "photo",
    ...over,
  };
}

function done(itemId: string, rel: string, content: string, over: Partial<Done> = {}): Done {
  return {
    task: task(itemId, rel),
    result: { bytes: content.length, sha256: sha(content), contentType: "image/jpeg" },
    rel,
    ...over,
  };
}

async function put(dir: string, rel: string, content: string): Promise<void> {
  await Deno.mkdir(join(dir, rel, ".."), { recursive: true });
  await Deno.writeTextFile(join(dir, rel), content);
}

async function files(c: Catalog) {
  return await c.db.selectFrom("files").select([
    "item_id",
    "path",
    "sha256",
    "is_current",
    "secret",
  ])
    .orderBy("path").execute();
}

function recorder(catalog: Catalog, archiveDir: string): Recorder {
  return new Recorder({ catalog, archiveDir } as ArchiveContext);
}

Deno.test("RecordBatches: a batch at the file count or the byte count, the rest on flush", () => {
  const batches: number[][] = [];
  const b = new RecordBatches<number>((items) => batches.push(items));
  for (let i = 0; i < RECORD_BATCH.files; i++) b.add(i, 1);
  assertEquals(batches.map((x) => x.length), [RECORD_BATCH.files], "the count fills a batch");
  b.add(1, RECORD_BATCH.bytes);
  assertEquals(batches.map((x) => x.length), [RECORD_BATCH.files, 1], "so do the bytes");
  b.add(2, 10);
  b.add(3, 10);
  b.flush();
  b.flush(); // nothing gathered: no empty batch
  assertEquals(batches.at(-1), [2, 3]);
  assertEquals(batches.length, 3);
});

Deno.test("RecordBatches: what is gathered goes on its own after the delay", async () => {
  const batches: string[][] = [];
  const b = new RecordBatches<string>((items) => batches.push(items));
  b.add("a", 0);
  assertEquals(batches, []);
  await new Promise((r) => setTimeout(r, RECORD_BATCH.delayMs + 100));
  assertEquals(batches, [["a"]]);
});

Deno.test("Recorder: downloads are put in place and recorded; files found on disk are recorded as they are", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1"), item("2")]);
    const tmp = join(dir, ".tmp-download");
    await Deno.writeTextFile(tmp, "bytes of 1");
    await put(dir, "originals/2.jpg", "bytes of 2");
    const r = recorder(catalog, dir);
    r.add(done("1", "originals/1.jpg", "bytes of 1", {
      pending: { tmp, dest: join(dir, "originals/1.jpg") },
      exif: { exif_json: "[]", exif_error: null, camera_make: "Canon", camera_model: "EOS 5D" },
    }));
    r.add(done("2", "originals/2.jpg", "bytes of 2"));
    assertEquals(await files(catalog), [], "nothing recorded before the batch is written");
    await r.flush();
    assertEquals(await Deno.readTextFile(join(dir, "originals/1.jpg")), "bytes of 1");
    assertEquals(await files(catalog), [
      {
        item_id: "1",
        path: "originals/1.jpg",
        sha256: sha("bytes of 1"),
        is_current: 1,
        secret: "abc",
      },
      {
        item_id: "2",
        path: "originals/2.jpg",
        sha256: sha("bytes of 2"),
        is_current: 1,
        secret: "abc",
      },
    ]);
    const one = await catalog.db.selectFrom("items").select(["camera_make", "exif_source"])
      .where("id", "=", "1").executeTakeFirstOrThrow();
    assertEquals(one, { camera_make: "Canon", exif_source: "file" });
    assertEquals(await catalog.db.selectFrom("commit_journal").selectAll().execute(), []);
  });
});

Deno.test("Recorder: a replaced original keeps the old one as a version; a renamed file's old name goes", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1")]);
    await put(dir, "originals/1.jpg", "old bytes");
    await recorder(catalog, dir).recordNow([done("1", "originals/1.jpg", "old bytes")]);
    const previous = { path: "originals/1.jpg", secret: "abc", sha256: sha("old bytes"), bytes: 9 };
    // The old bytes were moved to versions/ by the originals phase; the new ones are in place
    // under a new name (another extension).
    await put(dir, "versions/1_abc.jpg", "old bytes");
    await put(dir, "originals/1.png", "new bytes");
    await recorder(catalog, dir).recordNow([{
      ...done("1", "originals/1.png", "new bytes"),
      task: task("1", "originals/1.png", { secret: "def", previous, keepPrevious: true }),
      version: "versions/1_abc.jpg",
    }]);
    assertEquals(await files(catalog), [
      {
        item_id: "1",
        path: "originals/1.png",
        sha256: sha("new bytes"),
        is_current: 1,
        secret: "def",
      },
      {
        item_id: "1",
        path: "versions/1_abc.jpg",
        sha256: sha("old bytes"),
        is_current: 0,
        secret: "abc",
      },
    ]);
    // The file under the old name was ours and is kept under versions/: it goes.
    assertEquals(await Deno.stat(join(dir, "originals/1.jpg")).catch(() => null), null);
  });
});

Deno.test("Recorder.recordNow: what is written alongside is in the same transaction as the rows", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1", { media: "video" })]);
    await put(dir, "originals/1.mp4", "video");
    let failed = false;
    try {
      await recorder(catalog, dir).recordNow(
        [done("1", "originals/1.mp4", "video")],
        async (trx) => {
          await trx.updateTable("items").set({ title: "changed" }).execute();
          throw new Error("the item's state could not be written");
        },
      );
    } catch {
      failed = true;
    }
    assert(failed);
    assertEquals(await files(catalog), [], "no row without its item's state");
  });
});

Deno.test("Recorder.recover: files a killed run put in place are recorded from its journal; others dropped", async () => {
  await withCatalog(async (catalog, dir) => {
    await upsertItems(catalog.db, [item("1"), item("2"), item("3")]);
    const entry = (d: Done) => ({
      path: d.rel,
      sha256: d.result.sha256,
      entry_json: JSON.stringify(d),
    });
    const renamed = done("1", "originals/1.jpg", "in place");
    const neverRenamed = done("2", "originals/2.jpg", "lost");
    const replaced = done("3", "originals/3.jpg", "journaled bytes");
    await catalog.db.insertInto("commit_journal").values([
      entry(renamed),
      entry(neverRenamed),
      entry(replaced),
    ])
      .execute();
    await put(dir, "originals/1.jpg", "in place");
    // Other bytes under that name than the journal says: not recorded as what the journal names.
    await put(dir, "originals/3.jpg", "other bytes");
    assertEquals(await recorder(catalog, dir).recover(), 1);
    assertEquals((await files(catalog)).map((f) => f.path), ["originals/1.jpg"]);
    assertEquals(await catalog.db.selectFrom("commit_journal").selectAll().execute(), []);
    assertEquals(await recorder(catalog, dir).recover(), 0, "nothing journaled: nothing to do");
  });
});
