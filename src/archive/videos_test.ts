import { sql } from "kysely";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { openBench } from "../../tests/archive_phases_harness.ts";
import type { Size } from "../flickr/types.ts";
import { syncDetails } from "./details.ts";
import { sha256File } from "../files/hash.ts";
import { sniffMedia } from "../files/sniff.ts";
import { Recorder } from "./recorder.ts";
import {
  bestStream,
  originalStream,
  photoPageOf,
  syncVideos,
  videoExtension,
  type VideoWork,
} from "./videos.ts";

const play = (label: string) => `https://www.flickr.com/photos/me/5/play/${label}/abc/`;
const sizes: Size[] = [
  { label: "Large", width: 1024, height: 576, source: "https://live/x_b.jpg", media: "photo" },
  { label: "Site MP4", width: 640, height: 360, source: play("site"), media: "video" },
  {
    label: "HD MP4",
    width: 1280,
    height: 720,
    source: play("hd"),
    url: "https://www.flickr.com/photos/me/5/",
    media: "video",
  },
  { label: "Video Original", width: 1920, height: 1080, source: play("orig"), media: "video" },
];

Deno.test("originalStream, bestStream and photoPageOf read getSizes", () => {
  assertEquals(originalStream(sizes)?.label, "Video Original");
  assertEquals(bestStream(sizes)?.label, "HD MP4");
  assertEquals(originalStream(sizes.slice(0, 3)), undefined);
  const w = { id: "5", owner: "1@N01", path_alias: null, photopage_url: null } as VideoWork;
  assertEquals(photoPageOf(w, sizes), "https://www.flickr.com/photos/me/5/");
  assertEquals(photoPageOf(w, []), "https://www.flickr.com/photos/1@N01/5/");
  assertEquals(photoPageOf({ ...w, photopage_url: "https://p/" }, sizes), "https://p/");
});

Deno.test("videoExtension names a video after its container, not its poster's format", () => {
  assertEquals(
    ["mov", "MOV", "avi", "mp4", "m2ts", "3g2", "ogg", "jpg", "png", null, "", "exe"]
      .map(videoExtension),
    ["mov", "mov", "avi", "mp4", "m2ts", "3g2", "ogv", "mp4", "mp4", "mp4", "mp4", "mp4"],
  );
});

Deno.test({
  name: "syncVideos: originals where Flickr gives them, else the best stream and a manual download",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 20, videos: 12, seed: 9 });
    const { db } = bench.catalog;
    try {
      await bench.list();
      await syncDetails(bench.ctx);
      await syncVideos(bench.ctx);
      const truth = await bench.truth();
      const videos = await db.selectFrom("items")
        .select([
          "id",
          "needs_manual_download",
          "manual_reason",
          "photopage_url",
          "sizes_synced",
          "last_update",
        ])
        .where("media", "=", "video").execute();
      assertEquals(videos.length, 12);
      assertEquals(bench.client.stats.byMethod["flickr.photos.getSizes"], 12);
      const files = await db.selectFrom("files").select(["item_id", "kind", "path", "sha256"])
        .where("is_current", "=", 1).execute();
      for (const v of videos) {
        const t = truth.items.find((i) => i.id === v.id)!;
        const original = files.find((f) => f.item_id === v.id && f.kind === "original");
        const stream = files.find((f) => f.item_id === v.id && f.kind === "video");
        assertEquals(v.sizes_synced, v.last_update);
        if (t.original_sha256) {
          assertEquals(original?.sha256, t.original_sha256, `original of ${v.id}`);
          assertEquals(v.needs_manual_download, 0);
        } else {
          assertEquals(original, undefined);
          assert(stream, `a stream of ${v.id} while the original waits`);
          const head = (await Deno.readFile(`${bench.dir}/${stream.path}`)).subarray(0, 32);
          assertEquals(sniffMedia(head), "mp4");
          assertEquals(v.needs_manual_download, 1);
          assert(v.manual_reason?.includes(v.photopage_url!), "the reason names the photo page");
        }
      }
      assertEquals(
        videos.filter((v) => v.needs_manual_download === 1).length,
        truth.videos_needing_manual_download,
      );
      // getSizes once per lastupdate: nothing more on the next run.
      const calls = bench.client.stats.calls;
      await syncVideos(bench.ctx);
      assertEquals(bench.client.stats.calls, calls);
    } finally {
      await bench.close();
    }
  },
});

Deno.test({
  name:
    "syncVideos: a video file a killed run put in place but did not record is taken, not fetched",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const first = await openBench({ photos: 4, videos: 12, seed: 9 });
    const second = await openBench({ photos: 4, videos: 12, seed: 9 });
    try {
      for (const bench of [first, second]) {
        await bench.list();
        await syncDetails(bench.ctx);
      }
      await syncVideos(first.ctx);
      const files = await first.catalog.db.selectFrom("files")
        .select(["item_id", "kind", "path", "sha256"]).where("is_current", "=", 1)
        .where("kind", "in", ["original", "video"]).execute();
      const kinds = new Set(files.map((f) => f.kind));
      assert(kinds.has("original") && kinds.has("video"), "both originals and streams to adopt");
      // The files as a run killed between the rename and the transaction leaves them.
      const inodes = new Map<string, number | null>();
      for (const f of files) {
        const to = `${second.dir}/${f.path}`;
        await Deno.mkdir(to.slice(0, to.lastIndexOf("/")), { recursive: true });
        await Deno.copyFile(`${first.dir}/${f.path}`, to);
        inodes.set(f.path, (await Deno.stat(to)).ino);
      }
      await syncVideos(second.ctx);
      const recorded = await second.catalog.db.selectFrom("files")
        .select(["item_id", "kind", "path", "sha256"]).where("is_current", "=", 1)
        .where("kind", "in", ["original", "video"]).execute();
      const key = (f: { item_id: string; kind: string; path: string; sha256: string }) =>
        `${f.item_id} ${f.kind} ${f.path} ${f.sha256}`;
      assertEquals(recorded.map(key).sort(), files.map(key).sort());
      for (const [path, ino] of inodes) {
        assertEquals((await Deno.stat(`${second.dir}/${path}`)).ino, ino, `${path} fetched again`);
      }
    } finally {
      await first.close();
      await second.close();
    }
  },
});

Deno.test({
  name: "syncVideos: a video a killed run put in place is journaled, and recorded as what it was",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const bench = await openBench({ photos: 4, videos: 6, seed: 9 });
    const { db } = bench.catalog;
    try {
      await bench.list();
      await syncDetails(bench.ctx);
      const victim = await db.selectFrom("items").select(["id", "original_secret", "secret"])
        .where("media", "=", "video").orderBy("id").executeTakeFirstOrThrow();
      // The run dies after the video is renamed into place and before the transaction that
      // records it: here the catalog refuses that transaction.
      await sql`CREATE TRIGGER killed BEFORE INSERT ON files WHEN NEW.item_id = ${
        sql.lit(victim.id)
      } BEGIN SELECT RAISE(ABORT, 'killed'); END`.execute(db);
      await assertRejects(() => syncVideos(bench.ctx));
      await sql`DROP TRIGGER killed`.execute(db);
      const journal = await db.selectFrom("commit_journal").selectAll().execute();
      const entry = journal.find((j) => j.path.includes(victim.id));
      assert(entry, "the video is in the journal");
      assertEquals((await sha256File(`${bench.dir}/${entry.path}`)).sha256, entry.sha256);
      assertEquals(
        await db.selectFrom("files").select("id").where("item_id", "=", victim.id).execute(),
        [],
        "no row yet",
      );

      // The next run's originals phase records it from the journal, with its secret then.
      assertEquals(await new Recorder(bench.ctx).recover(), journal.length);
      const row = await db.selectFrom("files").selectAll().where("path", "=", entry.path)
        .executeTakeFirstOrThrow();
      assertEquals([row.item_id, row.sha256, row.is_current], [victim.id, entry.sha256, 1]);
      const kind = row.kind as "original" | "video";
      assertEquals(row.secret, kind === "original" ? victim.original_secret : victim.secret);
      assertEquals(await db.selectFrom("commit_journal").selectAll().execute(), []);
    } finally {
      await bench.close();
    }
  },
});
