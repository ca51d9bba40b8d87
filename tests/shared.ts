/**
 * Locates `../shared/` (real Flickr responses and camera files kept beside the project, never
 * copied into it). Tests that need it call {@link sharedPath}, which fails loudly, with the reason,
 * when the folder is absent rather than letting the test pass silently.
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

/** The absolute path of the shared folder: `$FLICKRVAULT_SHARED`, else `../shared` beside the repo. */
export const sharedDir: string = Deno.env.get("FLICKRVAULT_SHARED") ??
  join(projectRoot, "..", "shared");

/** The absolute path of a file under `../shared/`; throws a clear error if the folder is absent. */
export function sharedPath(...parts: string[]): string {
  try {
    Deno.statSync(sharedDir);
  } catch {
    throw new Error(
      `This test needs ../shared/ (fixtures beside the project) and it is absent at ${sharedDir}. ` +
        "Clone the project next to its shared folder or set FLICKRVAULT_SHARED.",
    );
  }
  return join(sharedDir, ...parts);
}

/** The project's root directory (absolute). */
export const rootDir: string = projectRoot;
