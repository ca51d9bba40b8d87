import { assertEquals } from "../../tests/assert.ts";
import { ACCOUNT_REALNAME_META, ACCOUNT_USERNAME_META, accountOwner } from "./account_owner.ts";
import { getPhotoDetail } from "./browse_photo.ts";
import { USER_NSID_META } from "./meta_keys.ts";
import { item, withCatalog } from "./test_helpers.ts";
import { setMeta, upsertItems, upsertPeople } from "./writes.ts";

const NSID = "1000@N01";

Deno.test("account owner: the export's profile names an imported account, on its photo pages too", async () => {
  await withCatalog(async ({ db }) => {
    assertEquals(await accountOwner(db), null);
    // What `import` leaves: the profile's names in meta, items with an empty listing.
    await setMeta(db, USER_NSID_META, NSID);
    await setMeta(db, ACCOUNT_USERNAME_META, "adal");
    await upsertItems(db, [item("51000001", { owner: NSID, listing_json: "{}" })]);
    assertEquals((await accountOwner(db))?.name, "adal");
    await setMeta(db, ACCOUNT_REALNAME_META, "Ada Lovelace");
    assertEquals(await accountOwner(db), {
      nsid: NSID,
      name: "Ada Lovelace",
      realname: "Ada Lovelace",
      username: "adal",
    });
    const detail = await getPhotoDetail(db, "51000001");
    assertEquals([detail?.owner.name, detail?.owner.username], ["Ada Lovelace", "adal"]);
  });
});

Deno.test("account owner: an archived account is named by its listing, or by its own people row", async () => {
  await withCatalog(async ({ db }) => {
    await setMeta(db, USER_NSID_META, NSID);
    await upsertItems(db, [
      item("51000001", { owner: NSID, listing_json: JSON.stringify({ ownername: "" }) }),
      item("51000002", { owner: NSID, listing_json: JSON.stringify({ ownername: "lovelace" }) }),
    ]);
    assertEquals((await accountOwner(db))?.name, "lovelace");
    await upsertPeople(db, [{
      nsid: NSID,
      username: "lovelace",
      realname: "Augusta Ada King",
      updated_at: "2024-01-01",
    }]);
    assertEquals((await accountOwner(db))?.name, "Augusta Ada King");
  });
});
