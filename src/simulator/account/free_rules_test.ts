import { assert, assertEquals } from "../../../tests/assert.ts";
import { Account } from "../account.ts";
import { limitedByFreeAccount } from "./free_rules.ts";

const freeOwner = { isPro: false } as Parameters<typeof limitedByFreeAccount>[0]["owner"];
const proOwner = { ...freeOwner, isPro: true };

Deno.test("free rules: a free member's photo is limited unless public and freely licensed; Pro owners' photos and videos never", () => {
  const photo = (over: Partial<Parameters<typeof limitedByFreeAccount>[0]>) =>
    limitedByFreeAccount({ media: "photo", owner: freeOwner, ispublic: 1, license: 0, ...over });
  assertEquals(photo({}), true, "public, all rights reserved");
  assertEquals(photo({ license: 4 }), false, "public, CC BY 2.0");
  assertEquals(photo({ license: 14 }), false, "public, CC BY-NC 4.0");
  assertEquals(photo({ license: 9 }), false, "public, CC0");
  assertEquals(photo({ license: 7 }), false, "Flickr Commons");
  assertEquals(photo({ license: 8 }), true, "US Government Work is no CC licence");
  assertEquals(photo({ license: 4, ispublic: 0 }), true, "CC but friends only");
  assertEquals(photo({ owner: proOwner }), false, "a Pro member's photo");
  assertEquals(photo({ media: "video" }), false, "videos");
});

Deno.test("free rules: only a free account's simulator applies them, to the owner's photos and to favourites of free members", () => {
  const free = new Account({ seed: 5, photos: 300, videos: 10, favorites: 60, plan: "free" });
  const pro = new Account({ seed: 5, photos: 300, videos: 10, favorites: 60 });
  assertEquals([free.owner.isPro, pro.owner.isPro], [false, true]);
  let own = 0;
  let favourites = 0;
  for (let i = 0; i < free.ownCount; i++) {
    const item = free.item("own", i);
    assertEquals(pro.limitedTo1024(pro.item("own", i)), false);
    // The same photo either way: only what Flickr serves of it differs.
    assertEquals(item.id, pro.item("own", i).id);
    if (free.limitedTo1024(item)) own++;
  }
  for (let j = 0; j < free.favoritesCount; j++) {
    const item = free.item("other", j);
    if (free.limitedTo1024(item)) {
      favourites++;
      assert(!item.owner.isPro, `favourite ${item.id} of a free member`);
    }
    assertEquals(pro.limitedTo1024(pro.item("other", j)), false);
  }
  // 70 % of own items are public, half of them under a free licence: about two thirds are limited.
  assert(own > 150 && own < 240, `limited own photos: ${own}`);
  assert(favourites > 10 && favourites < 50, `limited favourites: ${favourites}`);
});
