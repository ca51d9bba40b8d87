import PQueue from "p-queue";
import { assert, assertEquals, assertRejects } from "../../tests/assert.ts";
import { feedQueue, keysetPages } from "./work_feed.ts";

/** Pages of `n` numbers, `size` at a time, noting how many pages were read. */
function numberPages(n: number, size: number) {
  const state = { reads: 0 };
  const pages = keysetPages(
    (after: number | undefined) => {
      state.reads++;
      const start = (after ?? -1) + 1;
      return Promise.resolve(
        Array.from({ length: Math.max(0, Math.min(size, n - start)) }, (_, i) => start + i),
      );
    },
    (last) => last,
  );
  return { pages, state };
}

Deno.test("keysetPages: pages on from the last row until a page comes back empty", async () => {
  const { pages, state } = numberPages(7, 3);
  const seen: number[][] = [];
  for await (const page of pages) seen.push([...page]);
  assertEquals(seen, [[0, 1, 2], [3, 4, 5], [6]]);
  assertEquals(state.reads, 4);
});

Deno.test("feedQueue: runs every item once, reading pages only as the queue runs low", async () => {
  const { pages, state } = numberPages(1000, 100);
  const queue = new PQueue({ concurrency: 4 });
  const done: number[] = [];
  let maxWaiting = 0;
  await feedQueue(queue, pages, async (n) => {
    maxWaiting = Math.max(maxWaiting, queue.size);
    await new Promise((r) => setTimeout(r, 0));
    done.push(n);
  }, { lowWater: 10 });
  assertEquals(done.length, 1000);
  assertEquals(new Set(done).size, 1000);
  assertEquals(state.reads, 11);
  // Never more than a page plus the low-water mark waiting: not every item queued at once.
  assert(maxWaiting <= 110, `at most 110 tasks waited, not ${maxWaiting}`);
});

Deno.test("feedQueue: the first failure stops the feed and is rethrown after running tasks end", async () => {
  const { pages, state } = numberPages(10_000, 50);
  const queue = new PQueue({ concurrency: 2 });
  let ran = 0;
  await assertRejects(
    () =>
      feedQueue(queue, pages, async (n) => {
        ran++;
        await new Promise((r) => setTimeout(r, 0));
        if (n === 20) throw new Error("boom at 20");
      }),
    "boom at 20",
  );
  assertEquals(queue.pending, 0);
  assertEquals(queue.size, 0);
  assert(ran < 200, `stopped early (${ran} ran)`);
  assert(state.reads < 5, `stopped reading pages (${state.reads} read)`);
});

Deno.test("feedQueue: an aborted signal stops taking pages", async () => {
  const { pages, state } = numberPages(10_000, 50);
  const queue = new PQueue({ concurrency: 2 });
  const ac = new AbortController();
  let ran = 0;
  await feedQueue(queue, pages, async () => {
    if (++ran === 10) ac.abort();
    await new Promise((r) => setTimeout(r, 0));
  }, { signal: ac.signal });
  assert(state.reads <= 2, `${state.reads} pages read`);
  assert(ran < 150, `${ran} ran`);
});
