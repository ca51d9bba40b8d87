/**
 * Naming the file that stands where a folder should be, for errors a person can act on: the OS
 * only says "Not a directory (os error 20)" about a path below it.
 * @module
 */
import { dirname } from "node:path";

/** The hint that goes with such an error. */
export const ARCHIVE_FOLDER_HINT = "pass --archive with a folder (it is created when missing)";

/**
 * The file that is `dir` or one of its parents, when there is one.
 *
 * @example
 * ```ts
 * await fileInTheWay("/home/me/photos.zip/archive"); // "/home/me/photos.zip"
 * ```
 */
export async function fileInTheWay(dir: string): Promise<string | undefined> {
  for (let p = dir;; p = dirname(p)) {
    const info = await Deno.stat(p).catch(() => undefined);
    if (info) return info.isDirectory ? undefined : p;
    if (dirname(p) === p) return undefined;
  }
}
