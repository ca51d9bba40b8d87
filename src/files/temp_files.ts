/**
 * Temporary names: every file is written to `<dest>.part-<random>` beside its destination and
 * renamed into place only when complete, so an interrupted write leaves a `*.part-*` file and never
 * a partial file under the final name. The next run sweeps them ({@link removeStaleTempFiles}).
 * @module
 */
import { join } from "node:path";
import { OUTPUT_MARKERS } from "./output_markers.ts";

/** Random per process, then counted: unique names without a random draw per file. */
const TEMP_PREFIX = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(36))
  .join("");
let tempCount = 0;

const TEMP_PATTERN = /\.part-[0-9a-z]+$/;

/** A temporary name beside `dest` (`<dest>.part-<random>`), as {@link removeStaleTempFiles} knows. */
export function tempName(dest: string): string {
  return `${dest}.part-${TEMP_PREFIX}${(tempCount++).toString(36)}`;
}

/** Removes a file; one that is already gone is not an error. */
export async function removeIfPresent(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * Removes the temporary files (`*.part-*`) that interrupted writes left anywhere under `root`
 * (symbolic links are not followed), except in the folders of a `site` or an `export` kept inside
 * the archive (see `output_markers.ts`). With `only`, removes just those whose final name (the
 * path relative to `root`, `/`-separated, without `.part-*`) it accepts: a site or an export
 * removes the temporary files of what it was writing, never a person's `thesis.part-2`. Returns
 * how many were removed; a missing root counts as none.
 */
export async function removeStaleTempFiles(
  root: string,
  only?: (finalName: string) => boolean,
): Promise<number> {
  let removed = 0;
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: Deno.DirEntry[];
    try {
      entries = await Array.fromAsync(Deno.readDir(dir));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    if (dir !== root && entries.some((e) => e.isFile && OUTPUT_MARKERS.has(e.name))) return;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory) await walk(path, relPath);
      else if (entry.isFile && TEMP_PATTERN.test(entry.name)) {
        if (only && !only(relPath.replace(TEMP_PATTERN, ""))) continue;
        await removeIfPresent(path);
        removed++;
      }
    }
  };
  await walk(root, "");
  return removed;
}
