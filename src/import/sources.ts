/**
 * What the person hands to `import`: zips, or folders holding zips or their unpacked files. Each
 * becomes a source of entries classified by name (metadata JSON, media files), checked before
 * anything is written: a missing path, a file that is not a zip, a truncated zip or a zip that holds
 * nothing from a Flickr export is refused with a one-line reason.
 * @module
 */
import { basename, join, relative, resolve } from "node:path";
import { openZip, type ZipEntry, ZipError } from "./zip_reader.ts";
import { type MediaName, readMediaName } from "./media_match.ts";
import { EntryListBuilder, type MediaList } from "./entry_list.ts";
import type { ExportSource, SourceEntry } from "./source_types.ts";

export type { ExportSource, MediaEntry, SourceEntry } from "./source_types.ts";

/** Bad input: one line for the person, exit code 2. */
export class ImportInputError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "ImportInputError";
  }
}

const PHOTO_JSON = /^photo_(\d+)\.json$/;
/** Every JSON file name the export is known to write (only some are imported). */
const EXPORT_JSON =
  /^(photo_\d+|account_profile|account_testimonials|albums(_part\d+)?|galleries|groups|group_discussions|(faves|contacts|followers|photos_comments|sets_comments|galleries_comments|apps_comments|received_flickrmail|sent_flickrmail)_part\d+)\.json$/;

/**
 * The numbered zips of an export: metadata `<digits>_<hex>_partN.zip`, media `data-download-N.zip`
 * and, since 2025, media `data_<digits>_<hex>_N.zip`. Each yields its series (the name before the
 * number) and its number, so a gap can be named under the scheme the export uses. A browser that
 * downloads a zip a second time names the copy `data-download-1 (1).zip` (Chrome, Edge) or
 * `data-download-1(1).zip` (Firefox): the copy is the same zip, with the same place in its series.
 */
const ZIP_SERIES: { kind: "metadata" | "media"; re: RegExp }[] = [
  { kind: "metadata", re: /^(\d+_[0-9a-z]+_part)(\d+)(?: ?\(\d+\))?\.zip$/i },
  { kind: "media", re: /^(data-download-)(\d+)(?: ?\(\d+\))?\.zip$/i },
  { kind: "media", re: /^(data_\d+_[0-9a-f]+_)(\d+)(?: ?\(\d+\))?\.zip$/i },
];

/** A zip's place in its series (`data-download-` and 2 for `data-download-2.zip`). */
export interface ZipNumber {
  kind: "metadata" | "media";
  series: string;
  n: number;
}

/** The series and number of an export zip's file name, if it is a numbered one. */
export function zipNumber(fileName: string): ZipNumber | undefined {
  for (const { kind, re } of ZIP_SERIES) {
    const m = re.exec(fileName);
    if (m) return { kind, series: m[1], n: Number(m[2]) };
  }
  return undefined;
}

/** A loose file in a folder is taken as media only when its name holds a candidate id. */
function looseMediaName(name: string): MediaName | undefined {
  const m = readMediaName(name);
  return m && m.candidates.length > 0 ? m : undefined;
}

/** The photo id of a `photo_<id>.json` entry. */
export function photoJsonId(name: string): string | undefined {
  return PHOTO_JSON.exec(basename(name))?.[1];
}

/** Whether an entry is a JSON file of the export. */
export function isExportJson(name: string): boolean {
  return EXPORT_JSON.test(basename(name));
}

/** The sources of an import, sorted into metadata and media. */
export interface ExportInputs {
  sources: ExportSource[];
  /** Sources holding export JSON. */
  metadata: ExportSource[];
  /** The media files, held compactly (`entry_list.ts`); not in the sources' `entries`. */
  media: MediaList;
  /** The numbered zips read whole (a broken one is not counted as seen). */
  numbered: ZipNumber[];
  /** Zips that are cut short or damaged: named, skipped, the rest imported. */
  broken: { label: string; message: string }[];
  /**
   * Lets go of every source's list of entries once the metadata is read (the media files stay in
   * `media`): 166,000 entries at 100,000 items.
   */
  forgetEntries(): void;
  close(): void;
}

/**
 * Opens every input (zip files, folders of zips or unpacked files). A zip cut short or damaged (a
 * broken download) is set aside in `broken`; throws {@link ImportInputError}, with every source
 * closed, for the first input that cannot be used at all (missing, not a zip, not from Flickr).
 */
export async function openInputs(inputs: readonly string[]): Promise<ExportInputs> {
  if (inputs.length === 0) {
    throw new ImportInputError(
      "Cannot import: no zips or folders given",
      "pass the zips Flickr sent, or the folder you downloaded them into",
    );
  }
  const sources: ExportSource[] = [];
  const close = () => sources.forEach((s) => s.close());
  try {
    const zips: string[] = [];
    const folders: string[] = [];
    for (const input of inputs) {
      let info: Deno.FileInfo;
      try {
        info = await Deno.stat(input);
      } catch {
        throw new ImportInputError(`Cannot import: ${input} does not exist`);
      }
      if (info.isDirectory) folders.push(input);
      else zips.push(input);
    }
    for (const folder of folders) {
      const { zipFiles, loose } = await scanFolder(folder);
      zips.push(...zipFiles);
      if (loose.length > 0) sources.push(folderSource(folder, loose, await modifiedAt(folder)));
      if (zipFiles.length === 0 && loose.length === 0) {
        throw new ImportInputError(
          `Cannot import: ${folder} holds no Flickr export zips or files`,
          "Flickr's export comes as <digits>_<hex>_part1.zip and data-download-N.zip",
        );
      }
    }
    const broken: ExportInputs["broken"] = [];
    const numbered: ZipNumber[] = [];
    for (const path of [...new Set(zips.map((z) => resolve(z)))]) {
      let zip;
      try {
        zip = await openZip(path);
      } catch (e) {
        if (e instanceof ZipError && e.broken) {
          broken.push({ label: path, message: e.message });
          continue;
        }
        if (e instanceof ZipError) {
          throw new ImportInputError(
            `Cannot import: ${e.message}`,
            "download that zip from Flickr again; nothing was imported",
          );
        }
        throw e;
      }
      // The reader's functions only, not the reader: its list of entries is let go with the
      // source's (`forgetEntries`).
      const { read, bytes, close: closeZip } = zip;
      const source: ExportSource = {
        kind: "zip",
        label: path,
        modified: await modifiedAt(path),
        entries: zip.entries.filter((e) => !e.isDirectory),
        read: (e) => read(e as ZipEntry),
        bytes: (e) => bytes(e as ZipEntry),
        close: closeZip,
      };
      sources.push(source);
      if (!source.entries.some((e) => isExportJson(e.name) || looseMediaName(e.name))) {
        throw new ImportInputError(
          `Cannot import: ${basename(path)} is not part of a Flickr data export ` +
            "(it holds no photo_<id>.json, albums.json or <name>_<id>_o.<ext> files)",
          "pass only the zips Flickr sent",
        );
      }
      const number = zipNumber(basename(path));
      if (number) numbered.push(number);
    }
    if (sources.length === 0 && broken.length > 0) {
      throw new ImportInputError(
        `Cannot import: ${broken[0].message}`,
        "download that zip from Flickr again; nothing was imported",
      );
    }
    const metadata = sources.filter((s) => s.entries.some((e) => isExportJson(e.name)));
    const media = new EntryListBuilder();
    for (const source of sources) {
      const rest: SourceEntry[] = [];
      for (const entry of source.entries) {
        // In a zip any photo or video is the export's (its name is judged when matching).
        const isMedia = !isExportJson(entry.name) &&
          (source.kind === "zip" ? readMediaName(entry.name) : looseMediaName(entry.name));
        if (isMedia) media.add(source, entry);
        else rest.push(entry);
      }
      // Each media entry is held once, in `media`; the zip's own object for it is let go.
      source.entries = rest;
    }
    const forgetEntries = () => sources.forEach((s) => s.entries = []);
    return {
      sources,
      metadata,
      media: media.doneAsMedia(),
      numbered,
      broken,
      forgetEntries,
      close,
    };
  } catch (e) {
    close();
    throw e;
  }
}

async function scanFolder(root: string): Promise<{ zipFiles: string[]; loose: SourceEntry[] }> {
  const zipFiles: string[] = [];
  const loose: SourceEntry[] = [];
  const walk = async (dir: string) => {
    for await (const e of Deno.readDir(dir)) {
      if (e.name.startsWith(".")) continue;
      const path = join(dir, e.name);
      if (e.isDirectory) await walk(path);
      else if (!e.isFile) continue;
      else if (/\.zip$/i.test(e.name)) zipFiles.push(path);
      else if (isExportJson(e.name) || looseMediaName(e.name)) {
        const { size } = await Deno.stat(path);
        loose.push({ name: relative(root, path).split("\\").join("/"), size });
      }
    }
  };
  await walk(root);
  zipFiles.sort();
  loose.sort((a, b) => a.name.localeCompare(b.name));
  return { zipFiles, loose };
}

/** When `path` was last modified (epoch ms), 0 when the system does not say. */
async function modifiedAt(path: string): Promise<number> {
  return (await Deno.stat(path)).mtime?.getTime() ?? 0;
}

function folderSource(root: string, entries: SourceEntry[], modified: number): ExportSource {
  async function* read(entry: SourceEntry): AsyncGenerator<Uint8Array> {
    const file = await Deno.open(join(root, entry.name), { read: true });
    try {
      const buf = new Uint8Array(1 << 20);
      while (true) {
        const n = await file.read(buf);
        if (n === null) break;
        yield buf.slice(0, n);
      }
    } finally {
      file.close();
    }
  }
  return {
    kind: "folder",
    label: resolve(root),
    modified,
    entries,
    read,
    bytes: (entry) => Deno.readFile(join(root, entry.name)),
    close() {},
  };
}
