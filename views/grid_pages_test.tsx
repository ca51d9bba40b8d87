import { gridItem, html } from "../tests/render.ts";
import { assert, assertEquals, assertStringIncludes } from "../tests/assert.ts";
import type { GridItem } from "../src/catalog/browse.ts";
import { GridSection, OrderTabs, StreamPage, Timeline } from "./grid_pages.tsx";

const tile = (id: string): GridItem =>
  gridItem(id, { dateTaken: "2019-07-04 10:00:00", dateTakenUnknown: false });

const MONTHS = [
  { month: "2020-02", count: 1 },
  { month: "2019-12", count: 1500 },
  { month: "2019-07", count: 3 },
];

Deno.test("Timeline: years with their months, each linking to the stream from that month in this order", async () => {
  const nav = await html(<Timeline order="uploaded" months={MONTHS} unknown={2} />);
  assertEquals(
    [...nav.matchAll(/<summary><a[^>]*>(\d{4})<\/a><span class="count">([\d,]+)</g)].map((m) =>
      `${m[1]}:${m[2]}`
    ),
    [
      "2020:1",
      "2019:1,503",
    ],
  );
  assertStringIncludes(nav, 'href="/?order=uploaded&amp;from=2019-07"');
  assertStringIncludes(nav, "2 items without a date");
  // The newest year is open when no month is current.
  assertEquals((nav.match(/<details open/g) ?? []).length, 1);
  assert(nav.indexOf("<details open") < nav.indexOf("2020"));
  const at = await html(<Timeline order="taken" months={MONTHS} unknown={0} current="2019-07" />);
  assertEquals((at.match(/aria-current="true"/g) ?? []).length, 1, "the current month is marked");
  assert(at.indexOf("<details open") > at.indexOf("2020"), "its year is the one open");
  assert(!at.includes("without a date"));
  assertStringIncludes(
    await html(<Timeline order="taken" months={[]} unknown={0} />),
    'id="timeline"',
  );
});

Deno.test("StreamPage: the count, the month it starts from, the order tabs, the timeline loaded after", async () => {
  const page = await html(
    <StreamPage
      order="taken"
      from="2019-07"
      items={[tile("1")]}
      nextUrl="/?after=c"
      total={1}
      owner="Ada"
    />,
  );
  assertStringIncludes(page, '<span class="owner">Ada</span>');
  assertStringIncludes(page, "1 photo and video, from July 2019 back");
  assertStringIncludes(page, 'href="/photos/1?in=taken"');
  assertStringIncludes(page, 'hx-get="/timeline?order=taken&amp;from=2019-07"');
  const rendered = await html(
    <StreamPage
      order="uploaded"
      from={null}
      items={[tile("1")]}
      nextUrl={null}
      total={5}
      timeline={<p id="in-place" />}
    />,
  );
  assert(!rendered.includes('hx-get="/timeline'), "a timeline given in place is not loaded");
  assertStringIncludes(rendered, 'id="in-place"');
  assertStringIncludes(rendered, "5 photos and videos</p>");
  const empty = await html(
    <StreamPage order="taken" from={null} items={[]} nextUrl={null} total={0} />,
  );
  assertStringIncludes(empty, "Nothing archived yet");
});

Deno.test("OrderTabs and GridSection: the current order marked; the empty state in place of an empty grid", async () => {
  const tabs = await html(<OrderTabs order="uploaded" />);
  assertStringIncludes(tabs, '<a href="/?order=uploaded" aria-current="true">');
  assert(/<a href="\/\?order=taken"\s*>/.test(tabs), "the other order is not marked");
  const empty = await html(
    <GridSection heading={<h1>Tag</h1>} items={[]} nextUrl={null} empty={<p>none here</p>} />,
  );
  assertStringIncludes(empty, "<p>none here</p>");
  assert(!empty.includes('class="grid"'));
  const full = await html(
    <GridSection
      heading={<h1>Tag</h1>}
      items={[tile("2")]}
      nextUrl={null}
      inList="tag:x"
      empty={<p>none</p>}
    />,
  );
  assertStringIncludes(full, 'href="/photos/2?in=tag%3Ax"');
  assert(!full.includes("none"));
});
