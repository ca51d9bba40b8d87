/**
 * What the person hands to `import`: zips, or folders holding zips or their unpacked files. Each
 * becomes a source of entries classified by name (metadata JSON, media files), checked before
 * anything is written: a missing path, a file that is not a zip, a truncated zip or a zip that holds
 * nothing from a Flickr export is refused with a one-line reason.
 * @module
 */
import { basename, join, relative, resolve } from "node:path";
import { openZip, type ZipEntry, ZipError } from "./zip_reader.ts";
import { isVideoExtension } from "./records.ts";

/** Bad input: one line for the person, exit code 2. */
export class ImportInputError extends Error {
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = "ImportInputError";
  }
}

/** One file inside a source. */
export interface SourceEntry {
  /** Path inside the zip or folder, `/` separated. */
  name: string;
  size: number;
}

/** A zip or a folder of export files. */
export interface ExportSource {
  /** What the person passed (a path), for messages. */
  label: string;
  entries: SourceEntry[];
  read(entry: SourceEntry): AsyncGenerator<Uint8Array>;
  bytes(entry: SourceEntry): Promise<Uint8Array>;
  close(): void;
}

/** A media file: `<title-slug>_<id>_o.<ext>` (the `_o` is missing on some exports' videos). */
export interface MediaEntry {
  source: ExportSource;
  entry: SourceEntry;
  id: string;
  ext: string;
}

/** Image extensions a media zip holds; videos are whatever `isVideoExtension` knows. */
const IMAGE_EXTENSIONS = new Set([
  "jpg",
  "jpeg",
  "png",
  "gif",
  "tif",
  "tiff",
  "heic",
  "heif",
  "webp",
  "bmp",
]);
const MEDIA_NAME = /^(?:.*_)?(\d{5,})(?:_o)?\.([A-Za-z0-9]+)$/;
const PHOTO_JSON = /^photo_(\d+)\.json$/;
/** Every JSON file name the export is known to write (only some are imported). */
const EXPORT_JSON =
  /^(photo_\d+|account_profile|account_testimonials|albums|galleries|groups|group_discussions|(faves|contacts|followers|photos_comments|sets_comments|galleries_comments|apps_comments|received_flickrmail|sent_flickrmail)_part\d+)\.json$/;

/** The media file an entry is, if it is one. */
export function mediaOf(name: string): { id: string; ext: string } | undefined {
  const m = MEDIA_NAME.exec(basename(name));
  if (!m || !(IMAGE_EXTENSIONS.has(m[2].toLowerCase()) || isVideoExtension(m[2]))) {
    return undefined;
  }
  return { id: m[1], ext: m[2].toLowerCase() };
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
  media: MediaEntry[];
  /** Metadata part numbers seen (`..._part3.zip` → 3). */
  metadataParts: number[];
  /** Media zip numbers seen (`data-download-2.zip` → 2). */
  mediaZips: number[];
  close(): void;
}

/**
 * Opens every input (zip files, folders of zips or unpacked files). Throws
 * {@link ImportInputError} for the first input that cannot be used, with every source closed.
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
      if (loose.length > 0) sources.push(folderSource(folder, loose));
      if (zipFiles.length === 0 && loose.length === 0) {
        throw new ImportInputError(
          `Cannot import: ${folder} holds no Flickr export zips or files`,
          "Flickr's export comes as <digits>_<hex>_part1.zip and data-download-N.zip",
        );
      }
    }
    for (const path of [...new Set(zips.map((z) => resolve(z)))]) {
      let zip;
      try {
        zip = await openZip(path);
      } catch (e) {
        if (e instanceof ZipError) {
          throw new ImportInputError(
            `Cannot import: ${e.message}`,
            "download that zip from Flickr again; nothing was imported",
          );
        }
        throw e;
      }
      const source: ExportSource = {
        label: path,
        entries: zip.entries.filter((e) => !e.isDirectory),
        read: (e) => zip.read(e as ZipEntry),
        bytes: (e) => zip.bytes(e as ZipEntry),
        close: () => zip.close(),
      };
      sources.push(source);
      if (!source.entries.some((e) => isExportJson(e.name) || mediaOf(e.name))) {
        throw new ImportInputError(
          `Cannot import: ${basename(path)} is not part of a Flickr data export ` +
            "(it holds no photo_<id>.json, albums.json or <title>_<id>_o.<ext> files)",
          "pass only the zips Flickr sent",
        );
      }
    }
    const metadata = sources.filter((s) => s.entries.some((e) => isExportJson(e.name)));
    const media: MediaEntry[] = [];
    for (const source of sources) {
      for (const entry of source.entries) {
        const m = mediaOf(entry.name);
        if (m) media.push({ source, entry, ...m });
      }
    }
    const numbers = (re: RegExp) =>
      [...new Set(sources.map((s) => re.exec(basename(s.label))?.[1]).filter(Boolean))]
        .map(Number).sort((a, b) => a - b);
    return {
      sources,
      metadata,
      media,
      metadataParts: numbers(/_part(\d+)\.zip$/i),
      mediaZips: numbers(/^data-download-(\d+)\.zip$/i),
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
      else if (isExportJson(e.name) || mediaOf(e.name)) {
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

function folderSource(root: string, entries: SourceEntry[]): ExportSource {
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
    label: resolve(root),
    entries,
    read,
    bytes: (entry) => Deno.readFile(join(root, entry.name)),
    close() {},
  };
}
