import { assert, assertEquals } from "../../tests/assert.ts";
import { type ExifToolTags, readTags } from "../../tests/exiftool.ts";
import { OWNER_NAME, seedCatalog } from "../../tests/seed_catalog.ts";
import { openCatalog } from "../catalog/db.ts";
import { loadSetNames, loadSidecarPage, type SidecarItem } from "../catalog/sidecar_items.ts";
import { sidecarPath, verifySidecars, writeSidecars } from "./sidecars.ts";
import { sidecarTarget } from "../catalog/sidecar_items.ts";
import { canSyncFilesystems, disableFilesystemSync } from "../files/filesystem_sync.ts";
import { listFiles } from "../../tests/simulator_fixture.ts";

/** Title, description and tag text that must come back from ExifTool exactly. */
export const TEXTS = {
  hostile: `<script>alert("x")</script> & 'quotes' "double" ]]> \u0000nul\u0007bell\ttab`,
  cjk: "東京の夜景 — 桜と富士山",
  rtl: "שלום עולם مرحبا بالعالم",
  emoji: "Family 👨‍👩‍👧‍👦 at the 🏖️ beach 🎉",
  long: "Λ".repeat(6000) + " end",
};

async function withSeeded(
  fn: (dir: string, seeded: Awaited<ReturnType<typeof seedCatalog>>) => Promise<void>,
) {
  const dir = await Deno.makeTempDir({ prefix: "fv_sidecars_" });
  try {
    const seeded = await seedCatalog(dir, { photos: 30, videos: 3, favorites: 8 });
    await fn(dir, seeded);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function allItems(dir: string): Promise<SidecarItem[]> {
  const catalog = await openCatalog(dir);
  try {
    const names = await loadSetNames(catalog.db);
    const out: SidecarItem[] = [];
    for (let after = "";;) {
      const page = await loadSidecarPage(catalog.db, names, after, 7);
      if (page.length === 0) return out;
      out.push(...page);
      after = page[page.length - 1].xmp.id;
    }
  } finally {
    await catalog.close();
  }
}

function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

Deno.test("sidecars: every field reads back with ExifTool, hostile and non-Latin text intact", async () => {
  await withSeeded(async (dir, seeded) => {
    const ids = seeded.ownIds;
    const catalog = await openCatalog(dir);
    try {
      const set = (id: string, title: string, description = "") =>
        catalog.db.updateTable("items").set({ title, description }).where("id", "=", id)
          .execute();
      await set(
        ids[1],
        TEXTS.hostile,
        `<b>bold</b> &amp; <a href="https://x.org/?a=1&amp;b=2">link</a>`,
      );
      await set(ids[2], TEXTS.cjk, TEXTS.rtl);
      await set(ids[3], TEXTS.emoji, TEXTS.emoji);
      await set(ids[4], TEXTS.long, TEXTS.long);
      await catalog.db.updateTable("tags").set({ raw: TEXTS.cjk }).where("item_id", "=", ids[2])
        .execute();
      const s = await writeSidecars(catalog, dir, { naming: "file" });
      assert(s.written > 0 && s.written === s.items - s.unchanged);
    } finally {
      await catalog.close();
    }

    const items = await allItems(dir);
    const withTarget = items.filter((i) => sidecarTarget(i));
    assertEquals(withTarget.length, items.length, "every seeded item has a file to sit beside");
    const paths = withTarget.map((i) => `${dir}/${sidecarPath(sidecarTarget(i)!, "file")}`);
    const read = await readTags(paths);
    const byId = new Map<string, ExifToolTags>();
    read.forEach((t, k) => byId.set(withTarget[k].xmp.id, t));
    const tagsOf = (id: string) => byId.get(id)!;

    // Text survives: escaping, NUL and other controls XML cannot carry removed, tab kept.
    assertEquals(
      tagsOf(ids[1])["XMP-dc:Title"],
      `<script>alert("x")</script> & 'quotes' "double" ]]> nulbell\ttab`,
    );
    assertEquals(tagsOf(ids[1])["XMP-dc:Description"], "bold & link (https://x.org/?a=1&b=2)");
    assertEquals(tagsOf(ids[2])["XMP-dc:Title"], TEXTS.cjk);
    assertEquals(tagsOf(ids[2])["XMP-dc:Description"], TEXTS.rtl);
    assertEquals(list(tagsOf(ids[2])["XMP-dc:Subject"]), [TEXTS.cjk]);
    assertEquals(tagsOf(ids[3])["XMP-dc:Title"], TEXTS.emoji);
    assertEquals(tagsOf(ids[4])["XMP-dc:Title"], TEXTS.long);
    assertEquals(tagsOf(ids[4])["XMP-dc:Description"], TEXTS.long);

    // The rich photo: description as text with its link, tags raw, machine tags apart, place.
    const rich = tagsOf(seeded.richId);
    assertEquals(
      rich["XMP-dc:Description"],
      "Shot from the pier.\nSee the harbour (https://example.com/harbour).",
    );
    assertEquals(list(rich["XMP-dc:Subject"]).sort(), ["Harbour", "New York", "travel"]);
    assert(!list(rich["XMP-lr:HierarchicalSubject"]).some((k) => k.includes("dc:subject")));
    assertEquals(list(rich["XMP-flickrvault:MachineTags"]), ["dc:subject=harbour"]);
    assert(typeof rich["XMP-photoshop:City"] === "string" && rich["XMP-photoshop:City"]);
    assertEquals(rich["XMP-iptcExt:LocationShown"][0].City, rich["XMP-photoshop:City"]);
    assertEquals(
      rich["XMP-xmpRights:WebStatement"],
      "https://creativecommons.org/licenses/by/4.0/",
    );

    for (const it of withTarget) {
      const t = tagsOf(it.xmp.id);
      const x = it.xmp;
      assertEquals(String(t["XMP-flickrvault:Id"]), x.id);
      assertEquals(t["XMP-flickrvault:PhotoPage"], x.photoPage);
      // Creator: the owner, also for a favourite of someone else's photo.
      const creator = list(t["XMP-dc:Creator"]);
      if (x.isFavoriteOfMine) {
        assert(creator.length === 1 && creator[0] !== OWNER_NAME, `${x.id}: ${creator}`);
        assertEquals(creator[0], x.creator);
      } else {
        assertEquals(creator, [OWNER_NAME]);
      }
      assertEquals(list(t["XMP-dc:Subject"]).sort(), [...new Set(x.tags)].sort());
      const hier = list(t["XMP-lr:HierarchicalSubject"]);
      for (const a of x.albums) assert(hier.includes(`Flickr|Albums|${a.replaceAll("|", "/")}`));
      for (const g of x.groups) assert(hier.includes(`Flickr|Groups|${g.replaceAll("|", "/")}`));
      for (const c of x.collections) {
        assert(hier.includes(["Flickr", "Collections", ...c].join("|")));
      }
      // Dates with each granularity; unknown: none at all.
      const taken = t["XMP-exif:DateTimeOriginal"];
      if (x.dateTakenUnknown) {
        assertEquals(taken, undefined);
        assertEquals(t["XMP-photoshop:DateCreated"], undefined);
      } else if (x.dateTakenGranularity === 6 || x.dateTakenGranularity === 8) {
        // A year or circa date: 1 January at midnight, every date property alike.
        assertEquals(taken, `${x.dateTaken!.slice(0, 4)}:01:01 00:00:00`);
        assertEquals(t["XMP-photoshop:DateCreated"], taken);
        assertEquals(t["XMP-xmp:CreateDate"], taken);
        assertEquals(
          t["XMP-flickrvault:DateTakenGranularity"],
          x.dateTakenGranularity === 6 ? "year" : "circa",
        );
      } else if (x.dateTakenGranularity === 4) {
        assertEquals(taken, `${x.dateTaken!.slice(0, 7).replace("-", ":")}:01 00:00:00`);
        assertEquals(t["XMP-photoshop:DateCreated"], taken);
        assertEquals(t["XMP-flickrvault:DateTakenGranularity"], "month");
      } else {
        assertEquals(taken, x.dateTaken!.replaceAll("-", ":"));
        assertEquals(t["XMP-xmp:CreateDate"], taken);
      }
      // GPS as signed decimal degrees (-n), or none.
      if (x.geo) {
        const lat = t["XMP-exif:GPSLatitude"];
        const lon = t["XMP-exif:GPSLongitude"];
        assert(Math.abs(lat - x.geo.latitude) < 1e-6, `${lat} vs ${x.geo.latitude}`);
        assert(Math.abs(lon - x.geo.longitude) < 1e-6, `${lon} vs ${x.geo.longitude}`);
      } else {
        assertEquals(t["XMP-exif:GPSLatitude"], undefined);
      }
      if (x.dateUploaded !== null) {
        const up = new Date(x.dateUploaded * 1000).toISOString().slice(0, 19).replaceAll("-", ":")
          .replace("T", " ");
        assertEquals(t["XMP-flickrvault:DateUploaded"], `${up}Z`);
      }
      assertEquals(
        list(t["XMP-iptcExt:PersonInImage"]).sort(),
        [...new Set(x.people.map((p) => p.name))].sort(),
      );
      // Regions are the people with a box, never a note; every person is a People| keyword.
      const regions = t["XMP-mwg-rs:RegionInfo"]?.RegionList ?? [];
      const boxed = x.people.filter((p) => p.box).length;
      assertEquals(regions.length, x.size ? boxed : 0, `${x.id} regions`);
      for (const r of regions) {
        assertEquals(r.Type, "Face");
        for (const k of ["X", "Y", "W", "H"]) assert(r.Area[k] >= 0 && r.Area[k] <= 1);
      }
      for (const p of x.people) assert(hier.includes(`People|${p.name}`), `${x.id} ${p.name}`);
      assertEquals(list(t["XMP-flickrvault:Notes"]).length, x.notes.length, `${x.id} notes`);
    }
    const granularities = new Set(
      withTarget.map((i) => i.xmp.dateTakenUnknown ? -1 : i.xmp.dateTakenGranularity),
    );
    for (const g of [-1, 0, 4, 6, 8]) assert(granularities.has(g), `granularity ${g} covered`);
    assert(withTarget.some((i) => !i.xmp.geo), "a photo without geo");
    assert(withTarget.some((i) => i.xmp.isFavoriteOfMine), "a favourite");
  });
});

Deno.test("sidecars: unchanged items cost no write; a changed item rewrites exactly its sidecar; verify and repair", async () => {
  await withSeeded(async (dir, seeded) => {
    const catalog = await openCatalog(dir);
    try {
      await writeSidecars(catalog, dir, { naming: "file" });
      const items = await allItems(dir);
      const snapshot = async () => {
        const m = new Map<string, string>();
        for (const i of items) {
          const p = `${dir}/${sidecarPath(sidecarTarget(i)!, "file")}`;
          const st = await Deno.stat(p);
          m.set(i.xmp.id, `${st.ino}:${st.mtime?.getTime()}:${st.size}`);
        }
        return m;
      };
      const before = await snapshot();
      assertEquals((await writeSidecars(catalog, dir, { naming: "file" })).written, 0);
      assertEquals(await snapshot(), before, "nothing rewritten");

      const changed = seeded.ownIds[5];
      await catalog.db.updateTable("items").set({ title: "A new title" }).where("id", "=", changed)
        .execute();
      assertEquals((await writeSidecars(catalog, dir, { naming: "file" })).written, 1);
      const after = await snapshot();
      for (const [id, v] of before) {
        if (id === changed) assert(after.get(id) !== v, "the changed item's sidecar is new");
        else assertEquals(after.get(id), v, `${id} untouched`);
      }

      // verify: a deleted and an edited sidecar are reported; archive's phase repairs both.
      const gone = items.find((i) => i.xmp.id === seeded.ownIds[6])!;
      const edited = items.find((i) => i.xmp.id === seeded.ownIds[7])!;
      await Deno.remove(`${dir}/${sidecarPath(sidecarTarget(gone)!, "file")}`);
      const editedPath = `${dir}/${sidecarPath(sidecarTarget(edited)!, "file")}`;
      const text = await Deno.readTextFile(editedPath);
      await Deno.writeTextFile(editedPath, text.replace("flickrvault:Id>", "flickrvault:Id >"));
      const v = await verifySidecars(catalog, dir);
      assertEquals(v.checked, items.length);
      assertEquals(
        v.problems.map((p) => [p.item_id, p.status]).sort(),
        [[gone.xmp.id, "missing"], [edited.xmp.id, "stale"]].sort(),
      );
      assertEquals((await writeSidecars(catalog, dir, { naming: "file" })).written, 2);
      assertEquals((await verifySidecars(catalog, dir)).problems, []);
      assertEquals(await Deno.readTextFile(editedPath), text);

      // Lightroom naming: the sidecars move to <basename>.xmp, the old ones are removed.
      const moved = await writeSidecars(catalog, dir, { naming: "basename" });
      assertEquals(moved.written, items.length);
      assertEquals(moved.removed, items.length);
      const one = sidecarTarget(items[0])!;
      assertEquals(sidecarPath(one, "basename"), one.replace(/\.[a-z0-9]+$/, ".xmp"));
      await Deno.stat(`${dir}/${sidecarPath(one, "basename")}`);
      let old = true;
      await Deno.stat(`${dir}/${sidecarPath(one, "file")}`).catch(() => old = false);
      assert(!old, "the <file>.xmp sidecar is gone");
    } finally {
      await catalog.close();
    }
  });
});

Deno.test("sidecars: one written by a run killed before recording it is kept, not written again", async () => {
  await withSeeded(async (dir) => {
    const catalog = await openCatalog(dir);
    try {
      await writeSidecars(catalog, dir, { naming: "file" });
      const items = await allItems(dir);
      const path = `${dir}/${sidecarPath(sidecarTarget(items[0])!, "file")}`;
      const before = await Deno.stat(path);
      // As after a kill between the renames and the transaction that records them.
      await catalog.db.deleteFrom("sidecars").execute();
      const s = await writeSidecars(catalog, dir, { naming: "file" });
      assertEquals([s.written, s.unchanged], [0, items.length]);
      const after = await Deno.stat(path);
      assertEquals([after.ino, after.mtime?.getTime()], [before.ino, before.mtime?.getTime()]);
      assertEquals((await writeSidecars(catalog, dir, { naming: "file" })).written, 0, "recorded");
    } finally {
      await catalog.close();
    }
  });
});

Deno.test("sidecars: one another app changed is kept through edits, a new naming and verify", async () => {
  await withSeeded(async (dir, seeded) => {
    const catalog = await openCatalog(dir);
    try {
      await writeSidecars(catalog, dir, { naming: "file" });
      const items = await allItems(dir);
      const theirs = items.find((i) => i.xmp.id === seeded.ownIds[3])!;
      const path = `${dir}/${sidecarPath(sidecarTarget(theirs)!, "file")}`;
      // An app writes its edit into the sidecar, as darktable and digiKam do (through exiv2);
      // ExifTool rewrites the packet the same way, with its own toolkit name.
      const out = await new Deno.Command("exiftool", {
        args: [
          "-overwrite_original",
          "-XMP-xmp:Rating=4",
          "-XMP-dc:Title=Edited in darktable",
          path,
        ],
        stdout: "null",
      }).output();
      assert(out.success, "exiftool wrote the edit");
      const edited = await Deno.readFile(path);

      // The item changes on Flickr, and so does another: only the other's sidecar is rewritten.
      await catalog.db.updateTable("items").set({ title: "New on Flickr" })
        .where("id", "in", [theirs.xmp.id, seeded.ownIds[4]]).execute();
      const s = await writeSidecars(catalog, dir, { naming: "file" });
      assertEquals([s.written, s.kept], [1, 1]);
      assertEquals(await Deno.readFile(path), edited);

      // verify names it as kept, not as a problem to repair.
      const v = await verifySidecars(catalog, dir);
      assertEquals(v.problems, []);
      assertEquals(v.kept, [sidecarPath(sidecarTarget(theirs)!, "file")]);

      // A switch to Lightroom's naming removes flickrvault's old sidecars, never this one.
      const moved = await writeSidecars(catalog, dir, { naming: "basename" });
      assertEquals([moved.removed, moved.kept], [items.length - 1, 1]);
      assertEquals(await Deno.readFile(path), edited);
      const [tags] = await readTags([path]);
      assertEquals([tags["XMP-dc:Title"], tags["XMP-xmp:Rating"]], ["Edited in darktable", 4]);

      // Deleted by the person: flickrvault writes its own again.
      await Deno.remove(path);
      await writeSidecars(catalog, dir, { naming: "file" });
      const [back] = await readTags([path]);
      assertEquals(back["XMP-dc:Title"], "New on Flickr");
    } finally {
      await catalog.close();
    }
  });
});

Deno.test("sidecars: a run stopped while moving them to a new naming leaves no sidecar of the old one behind", async () => {
  await withSeeded(async (dir) => {
    const catalog = await openCatalog(dir);
    try {
      await writeSidecars(catalog, dir, { naming: "file" });
      const items = await allItems(dir);
      const old = items.flatMap((i) => {
        const target = sidecarTarget(i);
        return target ? [`${dir}/${sidecarPath(target, "file")}`] : [];
      });
      // The run dies as it removes the first sidecar of the old naming (the crash campaign's
      // SIGKILL there left the old sidecars behind for good: the catalog had recorded the new
      // paths already).
      const remove = Deno.remove;
      Deno.remove = (path, opts) => {
        if (String(path).endsWith(".jpg.xmp")) return Promise.reject(new Error("killed"));
        return remove(path, opts);
      };
      try {
        await writeSidecars(catalog, dir, { naming: "basename" }).then(
          () => assert(false, "the run was stopped"),
          (e) => assertEquals(e.message, "killed"),
        );
      } finally {
        Deno.remove = remove;
      }
      await writeSidecars(catalog, dir, { naming: "basename" });
      const left = old.filter((p) => {
        try {
          Deno.statSync(p);
          return true;
        } catch {
          return false;
        }
      });
      assertEquals(left, [], "every sidecar of the old naming is gone");
      for (const i of items) {
        const target = sidecarTarget(i);
        if (target) Deno.statSync(`${dir}/${sidecarPath(target, "basename")}`);
      }
    } finally {
      await catalog.close();
    }
  });
});

Deno.test("sidecars: written in many batches, every one renamed and recorded, with syncfs and with fsync", async () => {
  for (const fsync of [false, true]) {
    if (!fsync && !canSyncFilesystems()) continue;
    disableFilesystemSync(fsync);
    try {
      await withSeeded(async (dir) => {
        const catalog = await openCatalog(dir);
        try {
          const sidecarsOf = async (naming: "file" | "basename") =>
            (await allItems(dir)).map((i) => sidecarPath(sidecarTarget(i)!, naming));
          const first = await writeSidecars(catalog, dir, { naming: "file", batch: 4 });
          assertEquals(first.written, first.items, "a sidecar for every item");
          let files = new Set(await listFiles(dir));
          for (const path of await sidecarsOf("file")) assert(files.has(path), path);
          const rows = await catalog.db.selectFrom("sidecars").select("path").execute();
          assertEquals(rows.length, first.items, "every batch recorded, the last ones too");

          // A new naming across batches: every old sidecar removed once its new one is in place.
          const moved = await writeSidecars(catalog, dir, { naming: "basename", batch: 4 });
          assertEquals([moved.written, moved.removed], [first.items, first.items]);
          files = new Set(await listFiles(dir));
          for (const path of await sidecarsOf("basename")) assert(files.has(path), path);
          for (const path of await sidecarsOf("file")) assert(!files.has(path), path);
          assertEquals(
            [...files].filter((f) => f.includes(".part-")),
            [],
            "no temporary file left",
          );
        } finally {
          await catalog.close();
        }
      });
    } finally {
      disableFilesystemSync(false);
    }
  }
});
