/**
 * Helpers of the view tests (`views/*_test.tsx`): a Hono JSX node rendered to its HTML, and a grid
 * tile with every field set to "unknown" but the ones a test names.
 * @module
 */
import type { Child } from "hono/jsx";
import type { GridItem } from "../src/catalog/browse.ts";

/** The HTML a Hono JSX node renders to (its `toString()` may be a promise). */
export async function html(node: Child): Promise<string> {
  return String(await (node as { toString(): string | Promise<string> }).toString());
}

/** A photo tile of the grid: `id`, a title from it, everything else unknown unless `over` says. */
export function gridItem(id: string, over: Partial<GridItem> = {}): GridItem {
  return {
    id,
    media: "photo",
    title: `Photo ${id}`,
    owner: "1000@N01",
    ownerName: null,
    dateTaken: null,
    dateTakenGranularity: 0,
    dateTakenUnknown: true,
    dateUploaded: null,
    duration: null,
    deletedOnFlickr: false,
    needsManualDownload: false,
    thumb: null,
    ...over,
  };
}
