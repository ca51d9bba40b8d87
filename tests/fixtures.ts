/**
 * The fixtures the tests read: real Flickr API responses, a real and a synthetic data-export
 * record, and real camera files, carried byte for byte in `tests/fixtures/` (sources and licence
 * terms in its README), so that a plain clone with nothing beside it passes its own tests.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root directory (absolute). */
export const rootDir: string = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/** The absolute path of `tests/fixtures/`. */
export const fixturesDir: string = join(rootDir, "tests", "fixtures");

/**
 * The absolute path of a file under `tests/fixtures/`.
 *
 * @example
 * ```ts
 * const manifest = Deno.readTextFileSync(fixturePath("media", "MANIFEST.tsv"));
 * ```
 */
export function fixturePath(...parts: string[]): string {
  return join(fixturesDir, ...parts);
}
