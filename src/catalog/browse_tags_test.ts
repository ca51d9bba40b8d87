import { assertEquals } from "../../tests/assert.ts";
import { item, withCatalog } from "./test_helpers.ts";
import { getTag, isMachineTag, listTags } from "./browse_tags.ts";
import { replaceTagsBulk, upsertItems } from "./writes.ts";

const tag = (t: string, raw = t) => ({ tag: t, raw, author: null });

Deno.test("listTags and getTag: ordinary and machine tags apart, alphabetically, with counts, a page at a time", async () => {
  await withCatalog(async (c) => {
    await upsertItems(c.db, [item("1"), item("2"), item("3")]);
    await replaceTagsBulk(
      c.db,
      new Map([
        ["1", [
          tag("sunset", "Sunset"),
          tag("été", "Été"),
          tag("dc:subject=harbour", "dc:subject=Harbour"),
        ]],
        ["2", [tag("sunset", "SUNSET"), tag("a:b")]],
        ["3", [tag("zebra")]],
      ]),
    );
    const plain = await listTags(c.db);
    assertEquals(plain.items.map((t) => `${t.tag}:${t.count}`), [
      "a:b:1",
      "sunset:2",
      "zebra:1",
      "été:1",
    ]);
    assertEquals(plain.next, null);
    const machine = await listTags(c.db, { machine: true });
    assertEquals(machine.items.map((t) => [t.tag, t.raw]), [[
      "dc:subject=harbour",
      "dc:subject=Harbour",
    ]]);
    const first = await listTags(c.db, { limit: 2 });
    const rest = await listTags(c.db, { limit: 2, after: first.next });
    assertEquals([...first.items, ...rest.items].map((t) => t.tag), plain.items.map((t) => t.tag));
    assertEquals(rest.next, null);
    const sunset = await getTag(c.db, "sunset");
    assertEquals(sunset?.count, 2);
    assertEquals(["Sunset", "SUNSET"].includes(sunset!.raw), true, "one of its raw spellings");
    assertEquals(await getTag(c.db, "nowhere"), null);
    // When no item carries a tag any more, it is gone from the list and its page.
    await replaceTagsBulk(c.db, new Map([["3", []]]));
    assertEquals((await listTags(c.db)).items.map((t) => t.tag).includes("zebra"), false);
    assertEquals(await getTag(c.db, "zebra"), null);
  });
});

Deno.test("isMachineTag: the shape listTags files under machine tags", () => {
  for (const t of ["dc:subject=harbour", "geo:lat=1.5", "a:=b", "x:y=", "ns:pred=v=w"]) {
    assertEquals(isMachineTag(t), true, t);
  }
  for (const t of ["sunset", "a:b", "a=b", "a=b:c", "=:"]) assertEquals(isMachineTag(t), false, t);
});
