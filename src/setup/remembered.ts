/**
 * What the first-run pages remember between starts, per person rather than per archive (so that
 * an archive made through the pages holds exactly what the commands would make): the export
 * folders chosen before, and per archive the zips of its last import, so that an import stopped
 * by the program's end can be resumed from the page.
 *
 * Kept in `first-run.json` in the person's settings folder (`$XDG_CONFIG_HOME/flickrvault`, or
 * `~/.config/flickrvault`; `~/Library/Application Support/flickrvault` on macOS;
 * `%APPDATA%\flickrvault` on Windows). Losing it loses nothing but these conveniences.
 * @module
 */
import { dirname, join, resolve } from "node:path";

/** What is remembered. */
export interface Remembered {
  /** Export folders chosen, the latest first. */
  folders: string[];
  /** Archive (absolute path) → the inputs of its last import from the pages. */
  imports: Record<string, string[]>;
}

/** Folders kept. */
const KEPT = 5;

/** Where settings go on this system, or undefined when no home is known. */
export function settingsFolder(
  env: { get(key: string): string | undefined } = Deno.env,
  os: string = Deno.build.os,
): string | undefined {
  if (os === "windows") {
    const appData = env.get("APPDATA");
    return appData ? join(appData, "flickrvault") : undefined;
  }
  const home = env.get("HOME");
  if (os === "darwin") {
    return home ? join(home, "Library", "Application Support", "flickrvault") : undefined;
  }
  const config = env.get("XDG_CONFIG_HOME") || (home ? join(home, ".config") : undefined);
  return config ? join(config, "flickrvault") : undefined;
}

/** The remembered choices in `folder` (see the module doc). */
export class RememberedChoices {
  constructor(readonly folder: string | undefined) {}

  get path(): string | undefined {
    return this.folder ? join(this.folder, "first-run.json") : undefined;
  }

  /** What was remembered; empty when nothing (or the file cannot be read). */
  async read(): Promise<Remembered> {
    const empty: Remembered = { folders: [], imports: {} };
    if (!this.path) return empty;
    try {
      const data = JSON.parse(await Deno.readTextFile(this.path));
      const folders = Array.isArray(data?.folders)
        ? data.folders.filter((f: unknown) => typeof f === "string")
        : [];
      const imports: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(data?.imports ?? {})) {
        if (Array.isArray(v) && v.every((x) => typeof x === "string")) imports[k] = v;
      }
      return { folders, imports };
    } catch {
      return empty;
    }
  }

  /** Remembers an import of `inputs` from `folder` into `archiveDir`. Never throws. */
  async rememberImport(archiveDir: string, folder: string, inputs: string[]): Promise<void> {
    const now = await this.read();
    now.folders = [resolve(folder), ...now.folders.filter((f) => f !== resolve(folder))]
      .slice(0, KEPT);
    now.imports[resolve(archiveDir)] = inputs.map((i) => resolve(i));
    await this.#write(now);
  }

  /** The inputs of the last import into `archiveDir` from the pages, if remembered. */
  async lastImport(archiveDir: string): Promise<string[] | undefined> {
    return (await this.read()).imports[resolve(archiveDir)];
  }

  async #write(data: Remembered): Promise<void> {
    const path = this.path;
    if (!path) return;
    try {
      await Deno.mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.tmp-${crypto.randomUUID()}`;
      await Deno.writeTextFile(tmp, JSON.stringify(data, null, 2) + "\n");
      await Deno.rename(tmp, path);
    } catch {
      // A convenience only: the pages work without it.
    }
  }
}
