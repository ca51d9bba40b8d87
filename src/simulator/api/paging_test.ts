import { assert, assertEquals } from "../../../tests/assert.ts";
import { fixturePath } from "../../../tests/fixtures.ts";
import type { ApiCall } from "./request.ts";
import { continuationPage, maybeShort, paginate, photosWrapper } from "./paging.ts";

Deno.test("paginate: per_page defaults to 100 and is capped; a page past the end is the last page", () => {
  assertEquals(paginate(250, "2", "100", 500), {
    page: 2,
    pages: 3,
    perPage: 100,
    start: 100,
    end: 200,
  });
  assertEquals(paginate(250, undefined, undefined, 500).perPage, 100);
  assertEquals(paginate(250, "1", "1000", 500).perPage, 500, "capped at the method's maximum");
  // What Flickr reads as no value: the default.
  for (const bad of ["0", "-5", "2.5", "abc", ""]) {
    assertEquals(paginate(250, "1", bad, 500).perPage, 100, `per_page ${bad}`);
    assertEquals(paginate(250, bad, "100", 500).page, 1, `page ${bad}`);
  }
  // Past the end: the last page again, never an empty one.
  assertEquals(paginate(250, "9", "100", 500), {
    page: 3,
    pages: 3,
    perPage: 100,
    start: 200,
    end: 250,
  });
  // An empty listing has no pages and answers page 1, empty.
  assertEquals(paginate(0, "4", "100", 500), { page: 1, pages: 0, perPage: 100, start: 0, end: 0 });
  assertEquals(paginate(10, "1", undefined, 50, 20).perPage, 20, "a method's own default");
});

Deno.test("continuationPage: the window starts where the continuation says, always page 1", () => {
  assertEquals(continuationPage(120, "0", "50", 500), {
    page: 1,
    pages: 3,
    perPage: 50,
    start: 0,
    end: 50,
  });
  assertEquals(continuationPage(120, "100", "50", 500), {
    page: 1,
    pages: 3,
    perPage: 50,
    start: 100,
    end: 120,
  });
  assertEquals(continuationPage(120, "junk", undefined, 500).start, 0);
  assertEquals(continuationPage(120, "-3", undefined, 500).start, 0);
});

Deno.test("maybeShort: only a page before the last loses entries, and only when the injector asks", () => {
  const call = (short: boolean) => ({ shortPage: () => short }) as unknown as ApiCall;
  const entries = Array.from({ length: 100 }, (_, i) => i);
  const middle = paginate(250, "1", "100", 500);
  const short = maybeShort(call(true), entries, middle);
  assertEquals(short.length, 90, "a tenth dropped");
  assert(short.every((x) => entries.includes(x)), "nothing added");
  assertEquals(maybeShort(call(false), entries, middle), entries);
  const last = paginate(250, "3", "100", 500);
  assertEquals(
    maybeShort(call(true), entries.slice(0, 50), last).length,
    50,
    "the last page is whole",
  );
  assertEquals(maybeShort(call(true), [1], middle), [1]);
});

Deno.test("photosWrapper: the fields and their types of a real people.getPhotos answer (total as a string)", async () => {
  const real = JSON.parse(
    await Deno.readTextFile(
      fixturePath(
        "flickr-api",
        "flickr.people.getPhotos__janko_flickr-objects__flickr-people-getPhotos-0-v3.json",
      ),
    ),
  ).photos as Record<string, unknown>;
  const ours = photosWrapper(paginate(5, "1", "100", 500), 5, []);
  const shape = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, Array.isArray(v) ? "array" : typeof v]),
    );
  assertEquals(shape(ours), shape(real));
  assertEquals([ours.page, ours.pages, ours.perpage, ours.total], [
    real.page,
    real.pages,
    real.perpage,
    real.total,
  ]);
});
