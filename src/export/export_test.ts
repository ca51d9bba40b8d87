import { assert, assertEquals } from "../../tests/assert.ts";
import { readTags } from "../../tests/exiftool.ts";
import { seedCatalog } from "../../tests/seed_catalog.ts";
import { openCatalog } from "../catalog/db.ts";
import { exportArchive, MANIFEST } from "./export.ts";
import { folderName } from "./folders.ts";
import { EXPORT_JOURNAL } from "../files/output_markers.ts";

Deno.test("folderName: any title becomes one safe folder name", () => {
  assertEquals(folderName("Summer / Winter: 2019?", "x"), "Summer _ Winter_ 2019_");
  assertEquals(folderName("  ..hidden. ", "x"), "hidden");
  assertEquals(folderName("CON", "Album 1"), "Album 1");
  assertEquals(folderName("", "Album 1"), "Album 1");
  assertEquals(folderName("東京\u0000夜", "x"), "東京_夜");
  assert(new TextEncoder().encode(folderName("é".repeat(500), "x")).length <= 200);
});

Deno.test("export: non-Latin and hostile text, a favourite, an XMP too large for a JPEG segment", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_export_" });
  try {
    const seeded = await seedCatalog(dir, { photos: 30, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir);
    try {
      const [cjk, big] = [seeded.ownIds[1], seeded.ownIds[2]];
      await catalog.db.updateTable("items").set({ title: "桜 🌸 שלום", description: "" })
        .where("id", "=", cjk).execute();
      await catalog.db.updateTable("items").set({ description: "Ω".repeat(40_000) })
        .where("id", "=", big).execute();
      const out = `${dir}-out`;
      const s = await exportArchive(catalog, dir, out, { by: "date" });
      // The seeded archive has one file recorded as missing on disk: reported, nothing else.
      assert(s.problems.every((p) => p.includes("missing from the archive")), s.problems.join());
      assert(s.problems.length <= 1);
      const rows = await catalog.db.selectFrom("files").select(["item_id", "path", "kind"])
        .where("kind", "=", "original").where("is_current", "=", 1).execute();
      const name = (id: string) => rows.find((r) => r.item_id === id)!.path.split("/").pop()!;
      const manifest = JSON.parse(await Deno.readTextFile(`${out}/${MANIFEST}`)).files;
      const placeOf = (id: string) =>
        Object.keys(manifest).find((k) => k.endsWith(`/${name(id)}`))!;
      const fav = seeded.favoriteIds[0];
      assert(placeOf(fav).startsWith("Favorites/"), placeOf(fav));
      const [a, b, bSide, f] = await readTags([
        `${out}/${placeOf(cjk)}`,
        `${out}/${placeOf(big)}`,
        `${out}/${placeOf(big)}.xmp`,
        `${out}/${placeOf(fav)}`,
      ]);
      assertEquals(a["XMP-dc:Title"], "桜 🌸 שלום");
      assertEquals(b["XMP-dc:Description"], undefined, "the copy itself carries no XMP");
      assertEquals(bSide["XMP-dc:Description"], "Ω".repeat(40_000), "the sidecar beside does");
      assertEquals(manifest[placeOf(big)].how, "sidecar");
      const owner = await catalog.db.selectFrom("items").innerJoin(
        "people",
        "people.nsid",
        "items.owner",
      )
        .select(["people.realname", "people.username"]).where("items.id", "=", fav)
        .executeTakeFirstOrThrow();
      assertEquals(f["XMP-dc:Creator"], [owner.realname || owner.username]);
      // Back under the limit: embedded again, and the sidecar beside is gone.
      await catalog.db.updateTable("items").set({ description: "short" }).where("id", "=", big)
        .execute();
      const again = await exportArchive(catalog, dir, out, { by: "date" });
      assertEquals(again.written, 1);
      let side = true;
      await Deno.stat(`${out}/${placeOf(big)}.xmp`).catch(() => side = false);
      assert(!side, "no sidecar left beside an embedded copy");
      // --by album afterwards: the date tree is removed (only what export wrote), album folders made.
      await Deno.writeTextFile(`${out}/mine.txt`, "not the export's");
      const byAlbum = await exportArchive(catalog, dir, out, { by: "album" });
      assert(byAlbum.removed > 0);
      const top = [...Deno.readDirSync(out)].map((e) => e.name).sort();
      assert(top.includes("mine.txt") && top.includes("Favorites"), top.join(", "));
      assert(!top.some((t) => /^\d{4}$/.test(t)), `date folders gone: ${top.join(", ")}`);
    } finally {
      await catalog.close();
      await Deno.remove(`${dir}-out`, { recursive: true }).catch(() => {});
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("export: a copy a killed run put in place before its sidecar is kept; only the sidecar is written", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_export_" });
  const out = `${dir}-out`;
  try {
    const seeded = await seedCatalog(dir, { photos: 30, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir);
    try {
      // An XMP too large for a JPEG segment: the copy is plain, its metadata in a sidecar.
      const big = seeded.ownIds[2];
      await catalog.db.updateTable("items").set({ description: "Ω".repeat(40_000) })
        .where("id", "=", big).execute();
      await exportArchive(catalog, dir, out, { by: "date" });
      const manifest = JSON.parse(await Deno.readTextFile(`${out}/${MANIFEST}`));
      const place = Object.keys(manifest.files).find((k) =>
        manifest.files[k].item === big && manifest.files[k].how === "sidecar"
      )!;
      assert(place, "the item was exported with a sidecar");
      // What a run killed between the copy's rename and the sidecar's leaves: the journal names
      // both, the copy is in place, the sidecar is not, and no manifest lists either.
      delete manifest.files[place];
      delete manifest.files[`${place}.xmp`];
      await Deno.writeTextFile(`${out}/${MANIFEST}`, JSON.stringify(manifest));
      await Deno.remove(`${out}/${place}.xmp`);
      await Deno.writeTextFile(
        `${out}/${EXPORT_JOURNAL}`,
        `${JSON.stringify({ p: place })}\n${JSON.stringify({ p: `${place}.xmp` })}\n`,
      );
      const before = await Deno.stat(`${out}/${place}`);
      const s = await exportArchive(catalog, dir, out, { by: "date" });
      const after = await Deno.stat(`${out}/${place}`);
      assertEquals([after.ino, after.mtime?.getTime()], [before.ino, before.mtime?.getTime()]);
      assertEquals((await Deno.stat(`${out}/${place}.xmp`)).isFile, true, "the sidecar is written");
      assertEquals(s.leftAlone, 0);
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
});

Deno.test("export: the manifest's temporary file, left by a kill while it was replaced, is removed by the next run", async () => {
  const dir = await Deno.makeTempDir({ prefix: "fv_export_" });
  const out = `${dir}-out`;
  try {
    await seedCatalog(dir, { photos: 30, videos: 3, favorites: 8 });
    const catalog = await openCatalog(dir);
    try {
      await exportArchive(catalog, dir, out, { by: "date" });
      // A run killed while writing the new manifest: its journal is still there, and so is the
      // manifest's temporary file. A person's own `.part-` file beside it is not the export's.
      const tmp = `${MANIFEST}.part-abc123`;
      await Deno.writeTextFile(`${out}/${tmp}`, '{"version":1,"fi');
      await Deno.writeTextFile(`${out}/${EXPORT_JOURNAL}`, "");
      await Deno.writeTextFile(`${out}/notes.txt.part-2`, "mine");
      await exportArchive(catalog, dir, out, { by: "date" });
      const names = [...Deno.readDirSync(out)].map((e) => e.name);
      assert(!names.includes(tmp), "the manifest's temporary file is removed");
      assert(names.includes("notes.txt.part-2"), "a person's file stays");
      assert(!names.includes(EXPORT_JOURNAL), "the run completed");
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(out, { recursive: true }).catch(() => {});
  }
});
