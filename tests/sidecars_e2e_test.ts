/**
 * Sidecars end to end against the simulator: after `archive`, every item has a `<file>.xmp` whose
 * fields ExifTool reads back as Flickr (the simulator's getInfo) says them; a run with nothing
 * changed writes no sidecar, and a run after `edit_title` and `add_tag` rewrites exactly those two
 * (asserted from inodes and mtimes); `--no-sidecars` writes none; `verify` reports a deleted
 * sidecar and `archive` repairs it.
 */
import { assert, assertEquals } from "./assert.ts";
import { type ExifToolTags, readTags } from "./exiftool.ts";
import { runMain } from "./cli_process.ts";
import { withSimulator } from "./simulator_fixture.ts";
import { runArchive } from "../src/archive/pipeline.ts";
import { openCatalog } from "../src/catalog/db.ts";
import { signedUrl } from "../src/simulator/oauth.ts";
import type { RunningSimulator } from "../src/simulator/server.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

async function getInfo(sim: RunningSimulator, id: string): Promise<Any> {
  const url = await signedUrl(`${sim.origin}/services/rest/`, {
    method: "flickr.photos.getInfo",
    photo_id: id,
    format: "json",
    nojsoncallback: "1",
  }, {
    apiKey: sim.apiKey,
    apiSecret: sim.apiSecret,
    token: sim.oauthToken,
    tokenSecret: sim.oauthTokenSecret,
  });
  return (await (await fetch(url)).json()).photo;
}

/** item id -> sidecar path (absolute), from the catalog's current files. */
async function sidecarsOf(archive: string): Promise<Map<string, string>> {
  const catalog = await openCatalog(archive, { create: false, readonly: true });
  try {
    const rows = await catalog.db.selectFrom("files").select(["item_id", "kind", "path"])
      .where("is_current", "=", 1).execute();
    const out = new Map<string, string>();
    for (const kind of ["display", "video", "largest", "original"]) {
      for (const r of rows) if (r.kind === kind) out.set(r.item_id, `${archive}/${r.path}.xmp`);
    }
    return out;
  } finally {
    await catalog.close();
  }
}

async function snapshot(paths: Map<string, string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [id, p] of paths) {
    const st = await Deno.stat(p);
    out.set(id, `${st.ino}:${st.mtime?.getTime()}:${st.size}`);
  }
  return out;
}

function list(v: unknown): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];
}

Deno.test("sidecars e2e: fields match Flickr; re-runs rewrite exactly what changed; verify and repair", async () => {
  await withSimulator({ photos: 40, videos: 3, favorites: 6, seed: 41 }, async (f) => {
    assertEquals((await runArchive(f.runOptions)).status, "done");
    const truth = await f.truth();
    const paths = await sidecarsOf(f.archive);
    assertEquals(paths.size, truth.items.length, "every item has a file and a sidecar beside it");
    const ids = [...paths.keys()];
    const tags = await readTags(ids.map((id) => paths.get(id)!));
    const byId = new Map<string, ExifToolTags>(ids.map((id, k) => [id, tags[k]]));

    const granularities = new Set<number>();
    let withoutGeo = 0;
    for (const t of truth.items) {
      const x = byId.get(t.id)!;
      const info = await getInfo(f.sim, t.id);
      assertEquals(x["XMP-dc:Title"] ?? "", t.title, `${t.id} title`);
      assertEquals(String(x["XMP-flickrvault:Id"]), t.id);
      // The creator is the photo's owner: for a favourite, someone else.
      const owner = info.owner.realname || info.owner.username;
      assertEquals(list(x["XMP-dc:Creator"]), [owner], `${t.id} creator`);
      if (t.is_favorite_of_mine) assert(info.owner.nsid !== f.sim.userNsid);
      const raw = info.tags.tag.filter((g: Any) => g.machine_tag === 0 || g.machine_tag === "0")
        .map((g: Any) => g.raw);
      const machine = info.tags.tag.filter((g: Any) => Number(g.machine_tag) === 1)
        .map((g: Any) => g.raw);
      assertEquals(list(x["XMP-dc:Subject"]).sort(), [...new Set<string>(raw)].sort(), t.id);
      assertEquals(list(x["XMP-flickrvault:MachineTags"]).sort(), machine.sort(), t.id);
      const hier = list(x["XMP-lr:HierarchicalSubject"]);
      assertEquals(hier.filter((h) => h.startsWith("Flickr|Albums|")).length, t.albums.length);
      const g = Number(info.dates.takengranularity);
      const unknown = Number(info.dates.takenunknown) === 1;
      granularities.add(unknown ? -1 : g);
      const taken = x["XMP-photoshop:DateCreated"];
      // A month, year or circa date: the first moment of its period, the granularity beside.
      if (unknown) assertEquals(taken, undefined);
      else if (g === 6 || g === 8) {
        assertEquals(taken, `${info.dates.taken.slice(0, 4)}:01:01 00:00:00`);
      } else if (g === 4) {
        assertEquals(taken, `${info.dates.taken.slice(0, 7).replace("-", ":")}:01 00:00:00`);
      } else assertEquals(taken, info.dates.taken.replaceAll("-", ":"));
      if (!unknown) {
        assertEquals(x["XMP-exif:DateTimeOriginal"], taken);
        assertEquals(x["XMP-xmp:CreateDate"], taken);
        assertEquals(
          x["XMP-flickrvault:DateTakenGranularity"],
          { 0: "second", 4: "month", 6: "year", 8: "circa" }[g],
        );
      }
      if (info.location) {
        assert(Math.abs(x["XMP-exif:GPSLatitude"] - Number(info.location.latitude)) < 1e-6);
        assert(Math.abs(x["XMP-exif:GPSLongitude"] - Number(info.location.longitude)) < 1e-6);
        const city = info.location.locality?._content;
        if (city) assertEquals(x["XMP-photoshop:City"], city);
      } else {
        withoutGeo++;
        assertEquals(x["XMP-exif:GPSLatitude"], undefined);
      }
      // Notes are not regions (digiKam would take each for a face): flickrvault's namespace.
      const regions: Any[] = x["XMP-mwg-rs:RegionInfo"]?.RegionList ?? [];
      assert(regions.every((r) => r.Type === "Face" && r.Name), `${t.id}: only named faces`);
      assertEquals(list(x["XMP-flickrvault:Notes"]).length, info.notes.note.length, t.id);
    }
    assert(granularities.size >= 2, "several granularities in the account");
    assert(withoutGeo > 0, "photos without geo");
    assert(truth.items.some((i) => i.is_favorite_of_mine), "favourites");

    // Nothing changed: no sidecar written.
    const first = await snapshot(paths);
    const again = await runArchive(f.runOptions);
    assertEquals(again.sidecars, 0);
    assertEquals(await snapshot(paths), first, "a run with nothing changed writes no sidecar");

    // edit_title and add_tag: exactly those two sidecars are rewritten.
    const own = truth.items.filter((i) => !i.is_favorite_of_mine && i.media === "photo");
    const titled = String((await f.mutate("edit_title", own[0].id)).id);
    const tagged = await f.mutate("add_tag", own[1].id);
    const third = await runArchive(f.runOptions);
    assertEquals(third.sidecars, 2);
    const after = await snapshot(paths);
    for (const [id, v] of first) {
      if (id === titled || id === tagged.id) assert(after.get(id) !== v, `${id} rewritten`);
      else assertEquals(after.get(id), v, `${id} untouched`);
    }
    const [t1, t2] = await readTags([paths.get(titled)!, paths.get(String(tagged.id))!]);
    assertEquals(t1["XMP-dc:Title"], (await f.truth()).items.find((i) => i.id === titled)!.title);
    assert(list(t2["XMP-dc:Subject"]).includes(String(tagged.tag)), "the added tag, raw");

    // --no-sidecars: an edit is not written, verify says the sidecar is stale; archive repairs.
    await f.mutate("edit_title", own[2].id);
    assertEquals((await runArchive({ ...f.runOptions, noSidecars: true })).sidecars, null);
    await Deno.remove(paths.get(own[3].id)!);
    const report = await runMain(["verify", "--json", "--archive", f.archive], {});
    assertEquals(report.code, 1, report.stdout);
    const json = JSON.parse(report.stdout);
    assertEquals(
      json.sidecars.problems.map((p: Any) => [p.item_id, p.status]).sort(),
      [[own[2].id, "stale"], [own[3].id, "missing"]].sort(),
    );
    const stats0 = await f.stats();
    const repair = await runArchive(f.runOptions);
    assertEquals(repair.sidecars, 2);
    const stats1 = await f.stats();
    // The repair needs no call beyond the run's usual listing pages.
    assertEquals(
      stats1.api_calls["flickr.photos.getInfo"] ?? 0,
      stats0.api_calls["flickr.photos.getInfo"] ?? 0,
    );
    const clean = await runMain(["verify", "--archive", f.archive], {});
    assertEquals(clean.code, 0, clean.stdout);
  });
});
