/**
 * Reshapes the simulator's data export the ways real exports and their owners' downloads differ:
 * shorter photo ids (8 to 10 digits, as older accounts have), other media file names (id first,
 * date prefixes, camera names with digit runs, upper-case extensions), files left out, files added.
 * Every JSON file and media name is rewritten consistently, so the result is still one export.
 * @module
 */
import { unzipSync, type Zippable, zipSync } from "fflate";
import { join } from "node:path";

/** How {@link rewriteExport} reshapes an export. */
export interface VariantOptions {
  /** Photo id → the id it gets, everywhere (records, lists, URLs, media names). */
  ids?: ReadonlyMap<string, string>;
  /**
   * The new name of a media entry (`id` is the photo's new id, `name` its name with the new id),
   * or null to leave the file out.
   */
  media?: (name: string, id: string) => string | null;
}

/** The simulator names media `<slug>_<id>_o.<ext>` or `<id>_<secret>_o.<ext>`, ids 11 digits. */
const SIM_ID = /(?<!\d)\d{11}(?!\d)/;

/**
 * Writes every zip of `src` into `dst` (same zip names), reshaped by `opts`. Returns the media
 * entries written, as `zip name → entry names`.
 */
export async function rewriteExport(
  src: string,
  dst: string,
  opts: VariantOptions,
): Promise<Map<string, string[]>> {
  await Deno.mkdir(dst, { recursive: true });
  const ids = opts.ids ?? new Map<string, string>();
  const swap = (s: string) => s.replace(/\d+/g, (d) => ids.get(d) ?? d);
  const written = new Map<string, string[]>();
  const names = [...Deno.readDirSync(src)].map((e) => e.name).filter((n) => n.endsWith(".zip"));
  for (const zipName of names.sort()) {
    const entries = unzipSync(await Deno.readFile(join(src, zipName)));
    const out: Zippable = {};
    const media: string[] = [];
    for (const [name, bytes] of Object.entries(entries)) {
      if (name.endsWith(".json")) {
        out[swap(name)] = [
          new TextEncoder().encode(swap(new TextDecoder().decode(bytes))),
          { level: 6 },
        ];
        continue;
      }
      const old = SIM_ID.exec(name)?.[0];
      const id = old ? ids.get(old) ?? old : "";
      const renamed = opts.media ? opts.media(swap(name), id) : swap(name);
      if (renamed === null) continue;
      out[renamed] = [bytes, { level: 0 }];
      media.push(renamed);
    }
    await Deno.writeFile(join(dst, zipName), zipSync(out));
    if (media.length > 0) written.set(zipName, media);
  }
  return written;
}

/** Adds entries to a zip (rewritten whole). */
export async function addToZip(path: string, add: Record<string, Uint8Array>): Promise<void> {
  const entries = unzipSync(await Deno.readFile(path));
  const out: Zippable = {};
  for (const [name, bytes] of Object.entries({ ...entries, ...add })) {
    out[name] = [bytes, { level: 0 }];
  }
  await Deno.writeFile(path, zipSync(out));
}

/** Unpacks a zip's entries into a folder, as a person double-clicking it would. */
export async function unpack(zip: string, dir: string): Promise<void> {
  for (const [name, bytes] of Object.entries(unzipSync(await Deno.readFile(zip)))) {
    const path = join(dir, name);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    await Deno.writeFile(path, bytes);
  }
}
