/**
 * Feeds per-item work to a p-queue a page at a time. Queueing one task per item up front (`await
 * Promise.all(items.map((w) => queue.add(...)))`) holds every item's row, closure and promise for
 * the whole phase: at 100,000 items that is the largest thing in an archive run's heap. Here the
 * next page is read (keyset-paged from the catalog) only when the queue runs low, so memory stays
 * flat whatever the size of the account.
 * @module
 */
import type PQueue from "p-queue";

/** Options of {@link feedQueue}. */
export interface FeedOptions {
  /** Stop taking new pages (tasks already queued still run; they check the signal themselves). */
  signal?: AbortSignal;
  /** The next page is read when fewer than this many tasks wait (default 2 × concurrency, min 16). */
  lowWater?: number;
}

/**
 * Runs `run` for every item of `pages` on `queue`, reading a page only when the queue runs low.
 * The first task to fail stops the feed, clears what waits, lets the running tasks end, and is
 * rethrown; so is a failure to read a page.
 *
 * @example
 * ```ts
 * const queue = new PQueue({ concurrency: 8 });
 * await feedQueue(queue, keysetPages((after) => readPage(after), (row) => row.id), async (row) => {
 *   await work(row);
 * });
 * ```
 */
export async function feedQueue<T>(
  queue: PQueue,
  pages: AsyncIterable<readonly T[]>,
  run: (item: T) => Promise<void>,
  opts: FeedOptions = {},
): Promise<void> {
  const lowWater = opts.lowWater ?? Math.max(16, 2 * queue.concurrency);
  let failure: { error: unknown } | undefined;
  const fail = (error: unknown) => {
    failure ??= { error };
    queue.clear();
  };
  try {
    for await (const page of pages) {
      for (const item of page) {
        if (failure || opts.signal?.aborted) break;
        queue.add(() => run(item)).catch(fail);
      }
      if (failure || opts.signal?.aborted) break;
      await queue.onSizeLessThan(lowWater);
      if (failure || opts.signal?.aborted) break;
    }
  } catch (e) {
    fail(e);
  } finally {
    await queue.onIdle();
  }
  if (failure) throw failure.error;
}

/**
 * Pages of a keyset-paged query: `read(undefined)` is the first page, then `read(cursor)` with the
 * cursor of the last row of the page before, until a page comes back empty.
 *
 * @example
 * ```ts
 * const pages = keysetPages(
 *   (after) => db.selectFrom("items").select("id").where("id", ">", after ?? "")
 *     .orderBy("id").limit(500).execute(),
 *   (row) => row.id,
 * );
 * ```
 */
export async function* keysetPages<T, C>(
  read: (after: C | undefined) => Promise<readonly T[]>,
  cursorOf: (last: T) => C,
): AsyncGenerator<readonly T[]> {
  let after: C | undefined;
  while (true) {
    const page = await read(after);
    if (page.length === 0) return;
    yield page;
    after = cursorOf(page[page.length - 1]);
  }
}
