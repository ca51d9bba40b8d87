import { assertEquals } from "../../tests/assert.ts";
import { PAGES, SITE_PAGES } from "../pages/table.ts";
import { SITE_STEPS, unwrittenPages } from "./site.tsx";

Deno.test("site: every page of the table the site has is written by exactly one step", () => {
  assertEquals(unwrittenPages(), []);
  // A step left out, or one run twice, is found (and refused by writeSite).
  const withoutTags = SITE_STEPS.filter((s) => s.name !== "tags");
  assertEquals(unwrittenPages(withoutTags), [PAGES.tags.name, PAGES.tag.name]);
  const search = SITE_STEPS.find((s) => s.name === "search")!;
  assertEquals(unwrittenPages([...SITE_STEPS, search]), [PAGES.search.name]);
  // The viewer's own pages are not the site's.
  assertEquals(SITE_PAGES.includes(PAGES.duplicates), false);
  assertEquals(SITE_PAGES.includes(PAGES.timeline), false);
});

Deno.test("site: the photo pages are written before the search step writes their index", () => {
  const order = SITE_STEPS.map((s) => s.name);
  assertEquals(order.indexOf("photos") < order.indexOf("search"), true);
});
