/**
 * Finding the export's JSON files among the opened inputs, and reading one as a JSON object. A file
 * that cannot be read is noted in the report as damaged and skipped, so one bad entry does not
 * stop the import.
 * @module
 */
import { basename } from "node:path";
import { type EntryList, EntryListBuilder } from "./entry_list.ts";
import type { ImportReport } from "./report.ts";
import { type ExportInputs, photoJsonId } from "./sources.ts";
import type { Located } from "./source_types.ts";

export type { Located } from "./source_types.ts";

/** The export's JSON files by what they are. */
export interface ExportFiles {
  /** The first entry of each JSON base name other than photo records (`albums.json`...). */
  named: Map<string, Located>;
  /** Every `photo_<id>.json`, one per photo id, held as columns (`entry_list.ts`). */
  photos: EntryList;
  /** The numbered parts of a file (`faves_part` → `faves_part1.json`, ...), in name order. */
  parts(prefix: string): Located[];
}

/** Reads an entry as a JSON object, or `undefined` (noted as damaged) when it is not one. */
export type ReadJson = (at: Located) => Promise<Record<string, unknown> | undefined>;

/**
 * Indexes the JSON entries of the metadata sources. Where several hold the same file (a newer
 * export's zips downloaded beside an older one's), the source modified last wins: Flickr's zips
 * say nothing of when the export was made, and the one downloaded last is the newer export.
 * Among sources of the same time, the first given wins.
 */
export function locate(inputs: ExportInputs): ExportFiles {
  const named = new Map<string, Located>();
  const photos = new EntryListBuilder();
  const photoIds = new Set<string>();
  const newestFirst = [...inputs.metadata].sort((a, b) => b.modified - a.modified);
  for (const source of newestFirst) {
    for (const entry of source.entries) {
      const base = basename(entry.name);
      const id = photoJsonId(base);
      if (id) {
        if (!photoIds.has(id)) photos.add(source, entry);
        photoIds.add(id);
      } else if (!named.has(base)) named.set(base, { source, entry });
    }
  }
  const parts = (prefix: string) =>
    [...named.keys()].filter((n) => n.startsWith(prefix)).sort().map((n) => named.get(n)!);
  return { named, photos: photos.done(), parts };
}

/** A {@link ReadJson} that notes unreadable entries in `report.damaged`. */
export function jsonReader(report: ImportReport): ReadJson {
  return async (at) => {
    try {
      const value = JSON.parse(new TextDecoder().decode(await at.source.bytes(at.entry)));
      if (value && typeof value === "object" && !Array.isArray(value)) return value;
      throw new Error("not a JSON object");
    } catch (e) {
      report.damaged.push(
        `${basename(at.source.label)}: ${at.entry.name} cannot be read (${(e as Error).message})`,
      );
      return undefined;
    }
  };
}
