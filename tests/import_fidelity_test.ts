/**
 * `flickrvault import` against the simulator's own data export: what the export carries arrives in
 * the catalog exactly as the simulator's truth says, files carry the truth's sha256, re-runs change
 * nothing, partial sets say what is missing.
 */
import { diffSnapshots, snapshotArchive } from "./archive_snapshot.ts";
import { basename, join } from "node:path";
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { archiveStatus } from "../src/catalog/status.ts";
import { sha256File } from "../src/files/hash.ts";
import { importExitCode, importExport } from "../src/import/pipeline.ts";
import { Account, PEOPLE } from "../src/simulator/account.ts";
import { writeExport } from "../src/simulator/export.ts";
import { startSimulator } from "../src/simulator/server.ts";
import type { Truth } from "../src/simulator/truth.ts";

const SIM = { photos: 60, videos: 8, seed: 11 };

async function tempDir(prefix: string): Promise<string> {
  return await Deno.makeTempDir({ prefix });
}

/** What an import of the account's export must give, computed from the account model. */
function expectedFromExport(account: Account, truth: Truth) {
  const own = truth.items.filter((i) => !i.is_favorite_of_mine);
  const people = new Uint8Array(PEOPLE);
  let ownCommentsOnFavourites = 0;
  for (const i of account.ownLive()) {
    for (const c of account.comments("own", i)) if (c.author >= 0) people[c.author] = 1;
    for (const n of account.notes("own", i)) if (n.author >= 0) people[n.author] = 1;
    for (const t of account.tagged("own", i)) people[t.person] = 1;
  }
  for (let j = 0; j < account.favoritesCount; j++) {
    const owner = account.item("other", j).owner;
    // The export names a favourite's owner only through its page URL: an NSID unless an alias.
    if (!owner.pathAlias) people[owner.index] = 1;
    ownCommentsOnFavourites += account.comments("other", j).filter((c) => c.author === -1).length;
  }
  const withOriginal = own.filter((i) => i.original_sha256 !== null);
  return {
    photos: truth.photos,
    videos: truth.videos,
    favorites: truth.favorites,
    albums: truth.albums,
    galleries: truth.galleries,
    groups: truth.groups,
    collections: 0,
    faves: 0,
    comments: own.reduce((n, i) => n + i.comments, 0) + ownCommentsOnFavourites,
    notes: own.reduce((n, i) => n + i.notes, 0),
    people: people.reduce((n, v) => n + v, 0),
    // Each photo's original comes with a thumbnail and a display copy made from it.
    files: withOriginal.length + 2 * withOriginal.filter((i) => i.media === "photo").length,
    // Favourites have no media in an export; nor do videos whose original Flickr withholds.
    missing_files: truth.favorites + own.length - withOriginal.length,
  };
}

function pick<T extends object>(status: T, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, (status as Record<string, unknown>)[k]]));
}

Deno.test("import of the simulator's export matches the truth for what an export carries", async () => {
  const exportDir = await tempDir("fv_export_");
  const archive = await tempDir("fv_archive_");
  const sim = await startSimulator({ ...SIM, exportDir });
  try {
    const truth = await (await fetch(`${sim.origin}/__simulator/truth`)).json() as Truth;
    const expected = expectedFromExport(new Account(SIM), truth);
    const report = await importExport({ archiveDir: archive, inputs: [exportDir] });
    // Videos whose original Flickr withholds have no media file: reported, exit 1.
    assertEquals(report.damaged, []);
    assertEquals(report.unmatched, []);
    assertEquals(report.photosWithoutMedia.count, truth.videos_needing_manual_download);
    assertEquals(importExitCode(report), truth.videos_needing_manual_download > 0 ? 1 : 0);

    const catalog = await openCatalog(archive);
    try {
      const status = await archiveStatus(catalog, archive);
      assertEquals(pick(status, Object.keys(expected)), expected);

      // Every original's bytes on disk hash to the truth's sha256.
      const files = await catalog.db.selectFrom("files").selectAll()
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const truthSha = new Map(truth.items.map((i) => [i.id, i.original_sha256]));
      for (const f of files) {
        assertEquals(f.sha256, truthSha.get(f.item_id), `sha256 of ${f.item_id}`);
        const onDisk = await sha256File(join(archive, f.path));
        assertEquals(onDisk, { bytes: f.bytes, sha256: f.sha256 }, `file ${f.path}`);
        assert(f.path.startsWith("photos/"), f.path);
      }

      // Per item: comments complete where the export listed them all, media type, albums.
      const items = await catalog.db.selectFrom("items").selectAll().execute();
      const byId = new Map(items.map((i) => [i.id, i]));
      for (const t of truth.items) {
        const row = byId.get(t.id);
        assert(row, `item ${t.id} imported`);
        assertEquals(row.is_favorite_of_mine === 1, t.is_favorite_of_mine);
        if (t.is_favorite_of_mine) continue;
        assertEquals(row.media, t.media);
        assertEquals(row.title, t.title);
        // Only an empty list is complete: names and deleted accounts come from the API.
        assertEquals(
          row.comments_synced,
          t.comments === 0 ? 0 : null,
          `comments_synced of ${t.id}`,
        );
        assertEquals(row.faves_synced, t.faves === 0 ? 0 : null);
        assertEquals(row.info_last_update, null);
        const albums = await catalog.db.selectFrom("album_items").select("album_id")
          .where("item_id", "=", t.id).execute();
        assertEquals(albums.map((a) => a.album_id).sort(), [...t.albums].sort());
      }
      const nsid = await catalog.db.selectFrom("meta").select("value")
        .where("key", "=", "user_nsid").executeTakeFirst();
      assertEquals(nsid?.value, sim.userNsid);
    } finally {
      await catalog.close();
    }
  } finally {
    await sim.close();
    await Deno.remove(exportDir, { recursive: true });
    await Deno.remove(archive, { recursive: true });
  }
});

async function countRows(archive: string): Promise<Record<string, number>> {
  const catalog = await openCatalog(archive);
  try {
    const out: Record<string, number> = {};
    for (const t of ["items", "files", "comments", "tags", "notes", "people", "album_items"]) {
      const { rows } = await catalog.db.executeQuery<{ n: number }>({
        sql: `SELECT count(*) AS n FROM ${t}`,
        parameters: [],
        query: { kind: "RawNode" } as never,
        queryId: { queryId: t },
      });
      out[t] = Number(rows[0].n);
    }
    return out;
  } finally {
    await catalog.close();
  }
}

Deno.test("import in parts: says what is missing, then completes; re-running changes nothing", async () => {
  const exportDir = await tempDir("fv_export_");
  const archive = await tempDir("fv_archive_");
  try {
    const account = new Account(SIM);
    const written = await writeExport(account, exportDir, { mediaFilesPerZip: 15 });
    assert(written.mediaZips.length >= 4, `${written.mediaZips.length} media zips`);
    const path = (n: string) => join(exportDir, n);

    // Metadata and the second media zip only.
    const first = await importExport({
      archiveDir: archive,
      inputs: [...written.metadataZips.map(path), path("data-download-2.zip")],
    });
    assertEquals(importExitCode(first), 1);
    assertEquals(first.mediaWritten, 15);
    assertEquals(first.missingParts, ["media zip data-download-1.zip"]);
    assert(first.photosWithoutMedia.count > 15, "photos without media are reported");

    // What an import killed mid-batch leaves: files complete under temporary names only.
    const stale = join(archive, "photos", "undated", "1_x.jpg.part-k3x9");
    await Deno.mkdir(join(archive, "photos", "undated"), { recursive: true });
    await Deno.writeTextFile(stale, "unfinished");

    // Media only, once the metadata is in: matched against the catalog.
    const second = await importExport({
      archiveDir: archive,
      inputs: written.mediaZips.map(path),
    });
    assertEquals(second.mediaAlreadyPresent, 15);
    assertEquals(second.mediaWritten, written.mediaFiles - 15);
    assertEquals(second.missingParts, []);
    assertEquals(second.photosWithoutMedia.count, written.withoutMedia.length);
    assertEquals((await listFiles(archive)).filter((f) => f.includes(".part-")), []);
    const before = await countRows(archive);
    const snapshot = await snapshotArchive(archive);

    // Everything again, as a folder: nothing new.
    const stats = new Map<string, number>();
    for await (const e of Deno.readDir(join(archive, "photos"))) stats.set(e.name, 0);
    const third = await importExport({ archiveDir: archive, inputs: [exportDir] });
    assertEquals(third.mediaWritten, 0);
    assertEquals(third.mediaAlreadyPresent, written.mediaFiles);
    assertEquals(await countRows(archive), before);
    assertEquals(third.photos, written.photos);
    // Not a value changed either: the export's EXIF does not replace what was read from the
    // files, nor its silence a video's format.
    assertEquals(diffSnapshots(snapshot, await snapshotArchive(archive)), []);
  } finally {
    await Deno.remove(exportDir, { recursive: true });
    await Deno.remove(archive, { recursive: true });
  }
});

Deno.test("media with no photo and photos with no media are both reported", async () => {
  const exportDir = await tempDir("fv_export_");
  const archive = await tempDir("fv_archive_");
  try {
    const written = await writeExport(new Account(SIM), exportDir, { mediaFilesPerZip: 1000 });
    // A media file for an id the export does not describe.
    const { zipSync } = await import("fflate");
    await Deno.writeFile(
      join(exportDir, "data-download-2.zip"),
      zipSync({ "stray_99999999999_o.jpg": new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) }),
    );
    const report = await importExport({ archiveDir: archive, inputs: [exportDir] });
    assertEquals(report.unmatched, [{
      file: "data-download-2.zip: stray_99999999999_o.jpg",
      reason: "no photo_<id>.json for 99999999999 among the imported records",
    }]);
    assertEquals(report.photosWithoutMedia.count, written.withoutMedia.length);
    assertEquals(importExitCode(report), 1);
  } finally {
    await Deno.remove(exportDir, { recursive: true });
    await Deno.remove(archive, { recursive: true });
  }
});

/** Every file under `dir`, relative (SQLite's WAL side files left out: they come and go). */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for await (const e of Deno.readDir(d)) {
      if (e.isDirectory) await walk(join(d, e.name), `${rel}${e.name}/`);
      else if (!/^catalog\.db-(wal|shm|journal)$/.test(e.name)) out.push(`${rel}${e.name}`);
    }
  };
  try {
    await walk(dir, "");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}

const MAIN = new URL("../main.ts", import.meta.url).pathname;

async function cli(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("bad input gives one clear line, exit 2, and leaves the archive as it was", async () => {
  const exportDir = await tempDir("fv_export_");
  const archive = await tempDir("fv_archive_");
  const bad = await tempDir("fv_bad_");
  try {
    const written = await writeExport(new Account({ photos: 12, videos: 2, seed: 5 }), exportDir);
    const metadata = written.metadataZips.map((n) => join(exportDir, n));
    const media = join(exportDir, written.mediaZips[0]);
    const { zipSync } = await import("fflate");
    await Deno.writeTextFile(join(bad, "notes.zip"), "a text file that only has a zip's name");
    const full = await Deno.readFile(media);
    // A zip whose central directory is garbled (its end record still points at it).
    const garbled = full.slice();
    const cd = new DataView(garbled.buffer).getUint32(garbled.length - 6, true);
    garbled.fill(0x20, cd, cd + 16);
    await Deno.writeFile(join(bad, "malformed.zip"), garbled);
    await Deno.writeFile(join(bad, "data-download-9.zip"), full.subarray(0, full.length >> 1));
    await Deno.writeFile(
      join(bad, "holiday.zip"),
      zipSync({ "readme.txt": new TextEncoder().encode("not from Flickr") }),
    );

    // A good first import, so "as it was" means something.
    await importExport({ archiveDir: archive, inputs: [...metadata, media] });
    const filesBefore = await listFiles(archive);
    const rowsBefore = await countRows(archive);

    const cases: [string[], string][] = [
      [[join(bad, "notes.zip")], "notes.zip is not a zip file"],
      [[join(bad, "malformed.zip")], "malformed.zip is damaged"],
      [[join(bad, "data-download-9.zip")], "data-download-9.zip is truncated"],
      [[join(bad, "holiday.zip")], "holiday.zip is not part of a Flickr data export"],
      [[join(bad, "nowhere.zip")], "does not exist"],
    ];
    for (const [inputs, message] of cases) {
      const r = await cli("import", ...inputs, "--archive", archive);
      assertEquals(r.code, 2, `${inputs}: ${r.stderr}`);
      assertStringIncludes(r.stderr, message);
      assertEquals(r.stderr.split("\n").filter((l) => l.startsWith("flickrvault")).length, 1);
      assert(!r.stderr.includes("    at "), "no stack trace");
    }
    assertEquals(await listFiles(archive), filesBefore);
    assertEquals(await countRows(archive), rowsBefore);

    // Media without any metadata, into an empty archive.
    const empty = join(bad, "empty-archive");
    const r = await cli("import", media, "--archive", empty);
    assertEquals(r.code, 2);
    assertStringIncludes(r.stderr, "no metadata zip among the inputs");
    assertEquals((await listFiles(empty)).filter((f) => !f.startsWith("catalog.db")), []);
  } finally {
    for (const d of [exportDir, archive, bad]) await Deno.remove(d, { recursive: true });
  }
});

Deno.test("a damaged entry in a media zip is skipped whole; the rest is imported", async () => {
  const exportDir = await tempDir("fv_export_");
  const archive = await tempDir("fv_archive_");
  try {
    const written = await writeExport(new Account({ photos: 6, videos: 0, seed: 9 }), exportDir);
    const mediaPath = join(exportDir, written.mediaZips[0]);
    const bytes = await Deno.readFile(mediaPath);
    // Corrupt the middle of the first stored file (after its local header and name).
    for (let i = 400; i < 420; i++) bytes[i] ^= 0xff;
    await Deno.writeFile(mediaPath, bytes);
    const report = await importExport({ archiveDir: archive, inputs: [exportDir] });
    assertEquals(report.damaged.length, 1);
    assertStringIncludes(report.damaged[0], "fails its CRC-32 check");
    assertEquals(importExitCode(report), 1);
    assertEquals(report.mediaWritten, written.mediaFiles - 1);
    const files = await listFiles(archive);
    assert(!files.some((f) => f.includes(".part-")), "no temporary file left");
    const media = files.filter((f) => f.startsWith("photos/") && !f.endsWith(".xmp"));
    assertEquals(media.length, written.mediaFiles - 1);
    // Each media file imported has its XMP sidecar beside it.
    for (const m of media) assert(files.includes(`${m}.xmp`), `${m}.xmp`);
    assertEquals(basename(files[0]).length > 0, true);
  } finally {
    await Deno.remove(exportDir, { recursive: true });
    await Deno.remove(archive, { recursive: true });
  }
});

Deno.test("albums split into albums_part1.json, albums_part2.json are imported whole", async () => {
  const exportDir = await tempDir("fv_export_");
  const archive = await tempDir("fv_archive_");
  try {
    const written = await writeExport(new Account(SIM), exportDir);
    const { unzipSync, zipSync } = await import("fflate");
    const meta = join(exportDir, written.metadataZips[0]);
    const entries = unzipSync(await Deno.readFile(meta));
    const albums = JSON.parse(new TextDecoder().decode(entries["albums.json"])).albums;
    assert(albums.length >= 2, `${albums.length} albums`);
    const half = Math.ceil(albums.length / 2);
    delete entries["albums.json"];
    const part = (list: unknown[]) => new TextEncoder().encode(JSON.stringify({ albums: list }));
    entries["albums_part2.json"] = part(albums.slice(half));
    entries["albums_part1.json"] = part(albums.slice(0, half));
    await Deno.writeFile(meta, zipSync(entries));

    await importExport({ archiveDir: archive, inputs: [exportDir] });
    const catalog = await openCatalog(archive);
    try {
      const rows = await catalog.db.selectFrom("albums").select(["id", "position"])
        .orderBy("position").execute();
      assertEquals(rows.map((r) => r.id), albums.map((a: { id: string }) => a.id));
      const members = await catalog.db.selectFrom("album_items").select("album_id").execute();
      assertEquals(
        members.length,
        albums.reduce((n: number, a: { photos: string[] }) => n + a.photos.length, 0),
      );
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(exportDir, { recursive: true });
    await Deno.remove(archive, { recursive: true });
  }
});
