/**
 * The folder `site` or `export` writes into, and the journal each keeps there while it writes.
 *
 * Such a command writes only into a folder that is new, empty, or marked as its own (its manifest
 * or its journal is there, see `output_markers.ts`): pointed at a home folder by mistake, it
 * refuses, saying what it found, before it writes anything. Inside its own folder it overwrites
 * and removes only what it wrote; the person's other files stay as they are.
 *
 * The journal records, before each file is put in place, that the run may write it, and once it
 * is in place, what it wrote. A run killed before it saved its manifest leaves the journal behind:
 * the next run reads it, so the files the killed run wrote count as its own (to be kept, replaced
 * or removed) rather than as the person's.
 * @module
 */
import { join } from "node:path";
import { UsageError } from "../usage_error.ts";

/**
 * What an operating system or a file manager puts in any folder (Finder's `.DS_Store`, Explorer's
 * `Thumbs.db`, a fresh disk's `lost+found`): a folder holding only these is empty to a person.
 */
const LITTER = new Set([
  ".DS_Store",
  ".localized",
  ".directory",
  "Thumbs.db",
  "desktop.ini",
  "lost+found",
  "System Volume Information",
  "$RECYCLE.BIN",
  ".Trashes",
  ".Spotlight-V100",
  ".fseventsd",
  ".TemporaryItems",
]);

/** Names listed in the refusal before "and N more". */
const SHOWN = 5;

/**
 * Refuses (with a {@link UsageError}) a folder that holds anything besides OS litter and none of
 * `markers`; a folder that does not exist yet is fine. `command` names the writer in the message
 * ("site", "export").
 *
 * @example
 * ```ts
 * await refuseForeignFolder("/home/me", "site", [SITE_MANIFEST, SITE_JOURNAL]);
 * // UsageError: Cannot write the site into /home/me: it holds 12 files and folders flickrvault
 * // did not write (.bashrc, Documents/, Pictures/, todo.txt, …)
 * ```
 */
export async function refuseForeignFolder(
  dir: string,
  command: "site" | "export",
  markers: readonly string[],
): Promise<void> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return;
    if (e instanceof Deno.errors.NotADirectory) {
      throw new UsageError(
        `Cannot write the ${command} into ${dir}: it is a file, not a folder`,
        `name a new or empty folder, e.g. '${dir}-${command}'`,
      );
    }
    throw e;
  }
  if (entries.some((e) => markers.includes(e.name))) return;
  const found = entries.filter((e) => !LITTER.has(e.name))
    .map((e) => e.isDirectory ? `${e.name}/` : e.name)
    .sort((a, b) => a.localeCompare(b, "en"));
  if (found.length === 0) return;
  const shown = found.slice(0, SHOWN).join(", ") +
    (found.length > SHOWN ? ` and ${found.length - SHOWN} more` : "");
  const what = command === "site" ? "the site" : "the export";
  throw new UsageError(
    `Cannot write ${what} into ${dir}: it holds ${found.length} ${
      found.length === 1 ? "file or folder" : "files and folders"
    } flickrvault did not write (${shown}), and ${command} writes only into a new or empty ` +
      `folder, or one an earlier '${command}' made`,
    `name a new folder, e.g. '${join(dir, `flickr-${command}`)}'; nothing was written`,
  );
}

/** A run's journal in its output folder (see the module doc). */
export class Journal {
  #file: Deno.FsFile;
  #path: string;
  #closed = false;

  private constructor(path: string, file: Deno.FsFile) {
    this.#path = path;
    this.#file = file;
  }

  /**
   * Opens the journal at `path` for appending, creating it; answers it with the lines an
   * interrupted run left there, and whether there was one (a completed run removes its journal).
   */
  static open(path: string): { journal: Journal; left: string[]; interrupted: boolean } {
    let text = "";
    let interrupted = true;
    try {
      text = Deno.readTextFileSync(path);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      interrupted = false;
    }
    const left = text.split("\n");
    // The last line, when cut short, is of no use: the file it names was not written yet.
    left.pop();
    const journal = new Journal(path, Deno.openSync(path, { create: true, append: true }));
    // What this run appends starts on a line of its own.
    if (text !== "" && !text.endsWith("\n")) journal.append("\n");
    return { journal, left: left.filter((l) => l !== ""), interrupted };
  }

  /** Appends `text` (whole lines, each ending with "\n") in one write. */
  append(text: string): void {
    const bytes = new TextEncoder().encode(text);
    let off = 0;
    while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
  }

  /** Closes and removes the journal: the run completed and its manifest says it all. */
  async finish(): Promise<void> {
    this.close();
    await Deno.remove(this.#path).catch((e) => {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    });
  }

  /** Closes the journal and leaves it for the next run (a run that stopped early); idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
  }
}
