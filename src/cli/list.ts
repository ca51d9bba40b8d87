/**
 * `flickrvault list [--json]`: one line per archived photo or video.
 *
 * Tested by tests/bad_input_test.ts and tests/fault_messages_test.ts.
 * @module
 */
import { DEFAULTS } from "../defaults.ts";
import { archiveDir, archiveOption, type Command, parseCommandArgs } from "./command.ts";
import { openExistingCatalog } from "./status.ts";
import { type ListEntry, listItems } from "../catalog/listing.ts";

/** `flickrvault list`. */
export const listCommand: Command = {
  name: "list",
  summary: "One line per archived photo or video",
  help: `flickrvault list: one line per archived photo or video

Usage: flickrvault list [--json] [--archive DIR]

Options:
  --json         One JSON object per line: id, media, owner, title, date_taken, date_uploaded,
                 is_favorite_of_mine, original, original_bytes, original_sha256, comments, faves,
                 albums, needs_manual_download
  --archive DIR  The archive (default: $FLICKRVAULT_ARCHIVE, else ${DEFAULTS.archiveDir})
  -h, --help     Show this help

Without --json each line is: id  media  date  title (date taken, else the upload date).`,
  async run(argv) {
    const { values } = parseCommandArgs("list", argv, {
      ...archiveOption,
      json: { type: "boolean" },
    });
    const catalog = await openExistingCatalog(archiveDir(values.archive), { readonly: true });
    const out = new LineWriter(Deno.stdout);
    try {
      for await (const entry of listItems(catalog)) {
        const ok = await out.line(values.json ? JSON.stringify(entry) : humanLine(entry));
        if (!ok) return 0; // the reader went away (`list | head`)
      }
      await out.flush();
      return 0;
    } finally {
      await catalog.close();
    }
  },
};

/** `id  media  date  title`. */
export function humanLine(e: ListEntry): string {
  const date = e.date_taken ?? e.date_uploaded?.slice(0, 19).replace("T", " ") ?? "-";
  return `${e.id}  ${e.media}  ${date}  ${e.title.replace(/[\r\n\t]+/g, " ")}`;
}

/** Buffers lines and writes them in blocks; reports a closed pipe instead of throwing. */
class LineWriter {
  #parts: string[] = [];
  #size = 0;
  #closed = false;
  readonly #encoder = new TextEncoder();

  constructor(private readonly target: { write(p: Uint8Array): Promise<number> }) {}

  async line(text: string): Promise<boolean> {
    this.#parts.push(text, "\n");
    this.#size += text.length + 1;
    if (this.#size >= 64 * 1024) return await this.flush();
    return !this.#closed;
  }

  async flush(): Promise<boolean> {
    if (this.#closed) return false;
    const bytes = this.#encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
    try {
      let written = 0;
      while (written < bytes.length) written += await this.target.write(bytes.subarray(written));
      return true;
    } catch (e) {
      if (e instanceof Deno.errors.BrokenPipe) {
        this.#closed = true;
        return false;
      }
      throw e;
    }
  }
}
