/**
 * Helpers for the catalog's tests: a fresh catalog in a temp dir, and item rows.
 *
 * Tested by src/catalog/browse_sets_test.ts, src/catalog/writes_sets_test.ts and
 * src/import/sets_test.ts, which build on it.
 * @module
 */
import { type Catalog, openCatalog } from "./db.ts";
import type { NewItem } from "./schema.ts";

/** Runs `fn` with a new catalog in a temporary archive directory, then removes both. */
export async function withCatalog(
  fn: (catalog: Catalog, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "fv_catalog_" });
  const catalog = await openCatalog(dir);
  try {
    await fn(catalog, dir);
  } finally {
    await catalog.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** An item row with the required columns filled; `over` wins. */
export function item(id: string, over: Partial<NewItem> = {}): NewItem {
  const stamp = "2024-01-01T00:00:00.000Z";
  return {
    id,
    owner: "1000@N01",
    media: "photo",
    is_mine: 1,
    listing_json: JSON.stringify({ id }),
    first_seen_at: stamp,
    updated_at: stamp,
    ...over,
  };
}

/** Writes `content` at `rel` under `dir` and returns the file row fields describing it. */
export async function writeArchiveFile(
  dir: string,
  rel: string,
  content: string | Uint8Array<ArrayBuffer>,
): Promise<{ path: string; bytes: number; sha256: string }> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const full = `${dir}/${rel}`;
  await Deno.mkdir(full.slice(0, full.lastIndexOf("/")), { recursive: true });
  await Deno.writeFile(full, bytes);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
  return { path: rel, bytes: bytes.length, sha256 };
}
