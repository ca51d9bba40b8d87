import { assert, assertEquals } from "../../../tests/assert.ts";
import { itemId, locateItem, longId, signedIndex } from "./ids.ts";

const COUNTS = { own: 500, other: 50 };

Deno.test("itemId and locateItem: 11-digit ids that increase with the index and resolve back to their item", () => {
  for (const kind of ["own", "other"] as const) {
    let last = 0;
    for (let i = 0; i < COUNTS[kind]; i++) {
      const id = itemId(7, kind, i);
      assert(/^\d{11}$/.test(id), id);
      assert(Number(id) > last, `${kind} ${i}: ids increase`);
      last = Number(id);
      assertEquals(locateItem(7, id, COUNTS), { kind, index: i });
    }
  }
  assertEquals(itemId(7, "own", 3), itemId(7, "own", 3), "the same every time");
});

Deno.test("locateItem: an id no item of this account has resolves to nothing", () => {
  const id = itemId(7, "own", 10);
  assertEquals(locateItem(8, id, COUNTS), undefined, "another seed's account");
  assertEquals(locateItem(7, itemId(7, "own", 500), COUNTS), undefined, "past the last item");
  assertEquals(
    locateItem(7, String(Number(id) + 1), COUNTS),
    undefined,
    "a neighbour of a real id",
  );
  for (const bad of ["", "123", "5100000000x", `0${id}`, "99999999999"]) {
    assertEquals(locateItem(7, bad, COUNTS), undefined, bad);
  }
});

Deno.test("longId and signedIndex: Flickr-style 17-digit ids; own and others' indices never meet", () => {
  assertEquals(longId(42), "72157000000000042");
  assertEquals(longId(42).length, 17);
  assertEquals([signedIndex("own", 0), signedIndex("other", 0), signedIndex("other", 5)], [
    0,
    -1,
    -6,
  ]);
});
