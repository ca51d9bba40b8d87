/**
 * `flickrvault export` end to end: copies of every item, by album and by date, whose embedded XMP
 * ExifTool reads back (videos: a sidecar beside); the archive is untouched and each copy's image
 * is the original's; a re-run writes nothing; after an edit on Flickr and an archive run, exactly
 * that item's copies are rewritten; bad usage exits 2.
 */
import { assert, assertEquals, assertStringIncludes } from "./assert.ts";
import { type ExifToolTags, readTags } from "./exiftool.ts";
import { runMain } from "./cli_process.ts";
import { withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { sha256File } from "../src/files/hash.ts";
import { MANIFEST } from "../src/export/export.ts";

async function walk(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    const p = `${dir}/${e.name}`;
    if (e.isDirectory) out.push(...await walk(p, base));
    else out.push(p.slice(base.length + 1));
  }
  return out.sort();
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await walk(dir)) {
    if (rel === MANIFEST) continue;
    const st = await Deno.stat(`${dir}/${rel}`);
    out.set(rel, `${st.ino}:${st.mtime?.getTime()}:${st.size}`);
  }
  return out;
}

/** The file with all metadata removed by ExifTool: the image itself. */
async function imageOnly(path: string): Promise<Uint8Array> {
  const out = await new Deno.Command("exiftool", { args: ["-all=", "-o", "-", path] }).output();
  assert(out.success);
  return out.stdout;
}

Deno.test("export: copies by album and by date carry the metadata; re-runs write only what changed", async () => {
  await withSimulator({ photos: 24, videos: 2, favorites: 4, seed: 52, albums: 4 }, async (f) => {
    assertEquals((await runArchive(f.runOptions)).status, "done");
    const truth = await f.truth();
    const catalog = await openCatalog(f.archive, { create: false, readonly: true });
    const files = await catalog.db.selectFrom("files").selectAll().where("is_current", "=", 1)
      .execute();
    const albums = await catalog.db.selectFrom("albums").select(["id", "title"]).execute();
    const owners = await catalog.db.selectFrom("items").leftJoin(
      "people",
      "people.nsid",
      "items.owner",
    )
      .select(["items.id", "people.realname", "people.username", "items.is_favorite_of_mine"])
      .execute();
    await catalog.close();
    const best = new Map<string, (typeof files)[number]>();
    // The best file: the original, else the largest size its owner permits, else the stream.
    for (const kind of ["display", "video", "largest", "original"]) {
      for (const r of files) if (r.kind === kind) best.set(r.item_id, r);
    }

    const out = `${f.dir}/export`;
    const run = await runMain(["export", out, "--archive", f.archive], {});
    assertEquals(run.code, 0, run.stdout + run.stderr);
    assertStringIncludes(run.stdout, "Exported");
    const written = await walk(out);
    const title = new Map(albums.map((a) => [a.id, a.title]));
    // Every item in each of its albums, 'Not in an album' otherwise, favourites apart.
    const expected: string[] = [];
    for (const t of truth.items) {
      const name = best.get(t.id)!.path.split("/").pop()!;
      const places = t.is_favorite_of_mine
        ? [`Favorites/${name}`]
        : t.albums.length
        ? t.albums.map((a) => `${title.get(a)!.replace(/[\/\\:*?"<>|]/g, "_")}/${name}`)
        : [`Not in an album/${name}`];
      for (const p of places) {
        expected.push(p);
        if (!/\.(jpe?g|png)$/i.test(name)) expected.push(`${p}.xmp`);
      }
    }
    assertEquals(written.filter((w) => w !== MANIFEST), [...new Set(expected)].sort());

    // ExifTool reads the metadata from each copy (JPEG: embedded; video: the sidecar beside).
    const readable = written.filter((w) => /\.(jpe?g|png|xmp)$/i.test(w));
    const tags = await readTags(readable.map((w) => `${out}/${w}`));
    const byPath = new Map<string, ExifToolTags>(readable.map((w, k) => [w, tags[k]]));
    for (const t of truth.items) {
      const name = best.get(t.id)!.path.split("/").pop()!;
      const rel = expected.find((e) => e.endsWith(`/${name}`))!;
      const x = byPath.get(/\.(jpe?g|png)$/i.test(name) ? rel : `${rel}.xmp`)!;
      assertEquals(x["XMP-dc:Title"] ?? "", t.title, rel);
      assertEquals(String(x["XMP-flickrvault:Id"]), t.id);
      const o = owners.find((r) => r.id === t.id)!;
      if (t.is_favorite_of_mine) {
        assertEquals(
          x["XMP-dc:Creator"],
          [o.realname || o.username],
          "a favourite's creator is its owner",
        );
      }
      for (const a of t.albums) {
        assert(x["XMP-lr:HierarchicalSubject"].includes(`Flickr|Albums|${title.get(a)}`));
      }
    }
    // The archive is untouched; a copy's image is the original's.
    for (const r of files.filter((r) => r.kind === "original").slice(0, 40)) {
      assertEquals((await sha256File(`${f.archive}/${r.path}`)).sha256, r.sha256, r.path);
    }
    const jpegs = truth.items.filter((t) => /\.jpe?g$/i.test(best.get(t.id)!.path)).slice(0, 4);
    assert(jpegs.length > 0);
    for (const t of jpegs) {
      const src = `${f.archive}/${best.get(t.id)!.path}`;
      const rel = expected.find((e) => e.endsWith(`/${src.split("/").pop()}`))!;
      assertEquals(await imageOnly(`${out}/${rel}`), await imageOnly(src), rel);
    }

    // A re-run writes nothing.
    const before = await snapshot(out);
    const again = await runMain(["export", out, "--archive", f.archive], {});
    assertEquals(again.code, 0);
    assertStringIncludes(again.stdout, "0 files written");
    assertEquals(await snapshot(out), before);

    // An edit on Flickr, archived: exactly that item's copies are rewritten.
    const own = truth.items.find((t) => !t.is_favorite_of_mine && t.media === "photo")!;
    await f.mutate("edit_title", own.id);
    await runArchive(f.runOptions);
    assertEquals((await runMain(["export", out, "--archive", f.archive], {})).code, 0);
    const after = await snapshot(out);
    const name = best.get(own.id)!.path.split("/").pop()!;
    for (const [rel, v] of before) {
      if (rel.endsWith(`/${name}`)) assert(after.get(rel) !== v, `${rel} rewritten`);
      else assertEquals(after.get(rel), v, `${rel} untouched`);
    }

    // By date: YEAR/MONTH (or YEAR for a year-only date) folders.
    const byDate = `${f.dir}/by-date`;
    assertEquals(
      (await runMain(["export", byDate, "--by", "date", "--archive", f.archive], {})).code,
      0,
    );
    const dated = (await walk(byDate)).filter((w) => w !== MANIFEST && !w.startsWith("Favorites/"));
    assert(
      dated.length > 0 && dated.every((w) => /^(\d{4}\/(\d{2}\/)?|Undated\/)[^/]+$/.test(w)),
      dated.join("\n"),
    );

    // Bad usage.
    assertEquals((await runMain(["export", "--archive", f.archive], {})).code, 2);
    assertEquals(
      (await runMain(["export", out, "--by", "colour", "--archive", f.archive], {})).code,
      2,
    );
    const inside = await runMain(["export", `${f.archive}/copies`, "--archive", f.archive], {});
    assertEquals(inside.code, 2);
    assertStringIncludes(inside.stderr, "inside the archive");
  });
});
