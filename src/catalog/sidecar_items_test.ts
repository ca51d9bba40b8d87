import { assert, assertEquals } from "../../tests/assert.ts";
import { OWNER_NAME, seedCatalog } from "../../tests/seed_catalog.ts";
import { loadSetNames, loadSidecarPage, type SidecarItem } from "./sidecar_items.ts";
import { openCatalog } from "./db.ts";
import { DETAIL_BATCH, getPhotoDetails } from "./browse_photo.ts";

// Two readers of an item's child rows, kept apart on purpose: the sidecars phase reads every item
// on every run, and `getPhotoDetails` (whole rows, comments and faves, by id) costs it 3 to 4
// times the time (scripts/bench/child_rows_readers.ts). So they must say the same about each item.
Deno.test("the sidecar reader and the photo page's reader agree on every item's tags, notes, people, sets, licence and files", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-readers-" });
  try {
    const seeded = await seedCatalog(dir, { photos: 60, favorites: 12 });
    const catalog = await openCatalog(dir, { readonly: true });
    try {
      const names = await loadSetNames(catalog.db);
      const all: SidecarItem[] = [];
      for (let after = "";;) {
        const page = await loadSidecarPage(catalog.db, names, after, 25);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1].xmp.id;
      }
      assert(all.length >= 70, `${all.length} items`);
      const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
      let withChildren = 0;
      for (let i = 0; i < all.length; i += DETAIL_BATCH) {
        const batch = all.slice(i, i + DETAIL_BATCH);
        const details = await getPhotoDetails(catalog.db, batch.map((s) => s.xmp.id));
        for (const { xmp, files } of batch) {
          const d = details.get(xmp.id)!;
          const at = `item ${xmp.id}`;
          // The XMP keeps Flickr's order of tags; the page sorts them: the same tags either way.
          assertEquals(sorted(xmp.tags), sorted(d.tags.map((t) => t.raw)), at);
          assertEquals(sorted(xmp.machineTags), sorted(d.machineTags.map((t) => t.raw)), at);
          assertEquals(
            xmp.notes,
            d.notes.map((n) => ({
              text: n.text,
              author: n.authorName,
              box: { x: n.x, y: n.y, w: n.w, h: n.h },
            })),
            at,
          );
          assertEquals(
            xmp.people,
            d.people.map((p) => ({ nsid: p.nsid, name: p.name, box: p.box })),
            at,
          );
          assertEquals(xmp.albums, d.albums.map((a) => a.title), at);
          assertEquals(sorted(xmp.galleries), sorted(d.galleries.map((g) => g.title)), at);
          assertEquals(xmp.groups, d.groups.map((g) => g.name), at);
          assertEquals(xmp.license?.id ?? null, d.license?.id ?? null, at);
          assertEquals(xmp.license?.name ?? null, d.license?.name ?? null, at);
          for (const [kind, file] of files) {
            const row = d.files.find((f) => f.kind === kind);
            assertEquals({ path: row?.path, sha256: row?.sha256 }, file, `${at} ${kind}`);
          }
          if (xmp.tags.length && xmp.notes.length && xmp.people.length && xmp.albums.length) {
            withChildren++;
          }
        }
      }
      // The seeded archive's rich photo has every kind of child row: the comparison had something to compare.
      assert(withChildren >= 1);
      assert(all.some((s) => s.xmp.id === seeded.richId));
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the sidecar reader names an owner absent from people by getInfo's answer, else the listing, alike on each of their items", async () => {
  const dir = await Deno.makeTempDir({ prefix: "flickrvault-owners-" });
  try {
    const seeded = await seedCatalog(dir, { photos: 30, favorites: 8 });
    const catalog = await openCatalog(dir);
    try {
      const read = async () => {
        const all: SidecarItem[] = [];
        const names = await loadSetNames(catalog.db);
        for (let after = "";;) {
          const page = await loadSidecarPage(catalog.db, names, after, 7);
          if (page.length === 0) return all;
          all.push(...page);
          after = page[page.length - 1].xmp.id;
        }
      };
      const creators = async (own: boolean) =>
        new Set(
          (await read()).filter((s) => s.xmp.isFavoriteOfMine !== own).map((s) => s.xmp.creator),
        );
      // The account holder is not in `people`: the listing's ownername, until getInfo answers.
      assertEquals(await creators(true), new Set([OWNER_NAME]));
      const info = JSON.stringify({ owner: { realname: "Ada Vault", username: OWNER_NAME } });
      await catalog.db.updateTable("items").set({ info_json: info })
        .where("id", "=", seeded.ownIds[3]).execute();
      assertEquals(
        await creators(true),
        new Set(["Ada Vault"]),
        "every own item, not only the one",
      );
      // Others are named by `people`.
      const favourites = await creators(false);
      assert(favourites.size >= 1 && !favourites.has("Ada Vault") && !favourites.has(OWNER_NAME));
    } finally {
      await catalog.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
