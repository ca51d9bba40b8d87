import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "../catalog/test_helpers.ts";
import { upsertItems } from "../catalog/writes.ts";
import type { Located, ReadJson } from "./export_files.ts";
import { importFavourites, importOwnComments } from "./favourites.ts";
import { emptyReport } from "./report.ts";
import type { ExportSource } from "./sources.ts";

const ME = { nsid: "1000@N01", pathAlias: "me" };
const NOW = "2025-01-01T00:00:00.000Z";

/** The export's numbered JSON files, held in memory. */
function parts(...bodies: Record<string, unknown>[]): { files: Located[]; readJson: ReadJson } {
  const source = { label: "/x/part1.zip" } as ExportSource;
  const files = bodies.map((_, i) => ({ source, entry: { name: `part${i + 1}.json`, size: 0 } }));
  const readJson: ReadJson = (at) => Promise.resolve(bodies[files.indexOf(at)]);
  return { files, readJson };
}

Deno.test("importFavourites: others' photos the person faved, with their owner where the URL names one", async () => {
  await withCatalog(async (catalog) => {
    const { files, readJson } = parts(
      {
        faves: [
          { photo_id: "501", photo_url: "https://www.flickr.com/photos/2000@N01/501/" },
          { photo_url: "https://www.flickr.com/photos/bob_the_owner/502/" },
          { photo_id: "not-an-id" },
          "junk",
        ],
      },
      { faves: [{ photo_id: "503", photo_url: "https://www.flickr.com/photos/1000@N01/503/" }] },
    );
    const report = emptyReport();
    await importFavourites(catalog, files, readJson, ME, NOW, report);
    const rows = await catalog.db.selectFrom("items")
      .select(["id", "owner", "path_alias", "is_mine", "is_favorite_of_mine", "photopage_url"])
      .orderBy("id").execute();
    assertEquals(rows.map((r) => [r.id, r.owner, r.path_alias, r.is_mine, r.is_favorite_of_mine]), [
      ["501", "2000@N01", null, 0, 1],
      // A path alias is not an NSID: the owner is unknown until the API says.
      ["502", "", "bob_the_owner", 0, 1],
      ["503", "1000@N01", null, 0, 1],
    ]);
    assertEquals(report.favorites, 3);
    const people = await catalog.db.selectFrom("people").select("nsid").execute();
    assertEquals(people.map((p) => p.nsid), ["2000@N01"], "owners, not the account itself");
  });
});

Deno.test("importFavourites: a favourite the API archived is left alone; importing again changes nothing", async () => {
  await withCatalog(async (catalog) => {
    await upsertItems(catalog.db, [
      item("501", {
        owner: "2000@N01",
        is_mine: 0,
        is_favorite_of_mine: 1,
        title: "From the API",
        listing_json: '{"id":"501"}',
      }),
    ]);
    const { files, readJson } = parts({
      faves: [{ photo_id: "501" }, {
        photo_id: "502",
        photo_url: "https://www.flickr.com/photos/2000@N01/502/",
      }],
    });
    await importFavourites(catalog, files, readJson, ME, NOW, emptyReport());
    await importFavourites(catalog, files, readJson, ME, "2026-01-01T00:00:00.000Z", emptyReport());
    const rows = await catalog.db.selectFrom("items").select([
      "id",
      "title",
      "listing_json",
      "updated_at",
    ])
      .orderBy("id").execute();
    assertEquals(rows, [
      {
        id: "501",
        title: "From the API",
        listing_json: '{"id":"501"}',
        updated_at: "2024-01-01T00:00:00.000Z",
      },
      { id: "502", title: "", listing_json: "{}", updated_at: NOW },
    ]);
  });
});

Deno.test("importOwnComments: the person's comments go on favourites whose comments were never fetched", async () => {
  await withCatalog(async (catalog) => {
    await upsertItems(catalog.db, [
      item("501", { is_mine: 0, owner: "2000@N01" }),
      item("502", { is_mine: 0, owner: "2000@N01", comments_synced: 1 }),
      item("503"),
    ]);
    const { files, readJson } = parts({
      comments: [
        {
          photo_id: "501",
          comment_id: "c1",
          comment: "Lovely <b>light</b>",
          date: "2019-07-04 10:00:00",
        },
        { photo_id: "501", comment: "Again", date: "not a date" },
        { photo_id: "502", comment_id: "c2", comment: "Already fetched" },
        { photo_id: "503", comment_id: "c3", comment: "On my own photo" },
        { photo_id: "999", comment_id: "c4", comment: "On a photo not archived" },
      ],
    });
    const report = emptyReport();
    await importOwnComments(catalog, files, readJson, ME, report);
    const comments = await catalog.db.selectFrom("comments")
      .select(["id", "item_id", "author", "html", "date_create"]).orderBy("id").execute();
    assertEquals(comments.map((c) => [c.id, c.item_id, c.author, c.html]), [
      ["501-export-own-1", "501", "1000@N01", "Again"],
      ["c1", "501", "1000@N01", "Lovely <b>light</b>"],
    ]);
    assertEquals(comments[1].date_create, Date.UTC(2019, 6, 4, 10) / 1000);
    assertEquals(report.comments, 2);
    // Without the account's NSID there is no author to give them.
    const none = emptyReport();
    await importOwnComments(catalog, files, readJson, { nsid: "" }, none);
    assertEquals(none.comments, 0);
  });
});
