/**
 * `flickrvault export DIR`: copies of the archive's originals (or best copies) in a plain folder
 * tree, by album or by date, with the same XMP the sidecars hold embedded in each copy (JPEG: an
 * APP1 segment; PNG: an iTXt chunk; see src/xmp/copy.ts for the EXIF, IPTC and orientation
 * brought in line), for apps that ignore sidecars. Formats this cannot write into (HEIC, TIFF,
 * GIF, WebP, videos), a JPEG or PNG too damaged to follow or whose own XMP is unreadable, and a
 * JPEG whose XMP exceeds one segment are copied as they are with a `<file>.xmp` sidecar beside
 * them. `privacy` leaves out what Flickr did not show to the chosen audience.
 *
 * The archive is only read. A manifest in DIR (`.flickrvault-export.json`) remembers, per file
 * written, the source's SHA-256 and the XMP's, so a re-run writes only what changed and removes
 * the copies it made that no longer belong (an item that left an album, a changed `--by`); files
 * it did not write are never touched. Each copy appears complete (temporary name, fsync, rename).
 * @module
 */
import { EXPORT_MANIFEST } from "../output_markers.ts";
import { createHash } from "node:crypto";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Catalog } from "../catalog/db.ts";
import {
  bestFile,
  loadSetNames,
  loadSidecarPage,
  type SidecarFile,
  type SidecarItem,
} from "../catalog/sidecar_items.ts";
import {
  removeIfPresent,
  removeStaleTempFiles,
  tempName,
  writeFileAtomic,
} from "../archive/file_writer.ts";
import type { Progress } from "../archive/progress.ts";
import { buildXmp, type Privacy } from "../xmp/xmp.ts";
import { canEmbed, copyWithMetadata } from "../xmp/copy.ts";
import { JpegFormatError } from "../xmp/jpeg.ts";
import { XmlFormatError } from "../xmp/merge.ts";
import { PngFormatError } from "../xmp/png.ts";

/** How the copies are arranged. */
export type ExportLayout = "album" | "date";

/** Who the copies are for: what Flickr showed them ("all": every item). */
export type ExportAudience = "public" | "friends" | "family" | "all";

/**
 * Whether an item of `privacy` (null: unknown) may go to `audience`. Unknown never counts as
 * public. Flickr's data export says "friend & family" for friends-only and family-only alike;
 * such an item goes to either audience.
 */
export function shownTo(privacy: Privacy | null, audience: ExportAudience): boolean {
  if (audience === "all") return true;
  if (privacy === "public") return true;
  if (audience === "friends") return privacy === "friends" || privacy === "friends & family";
  if (audience === "family") return privacy === "family" || privacy === "friends & family";
  return false;
}

/** The manifest's file name inside DIR. */
export const MANIFEST = EXPORT_MANIFEST;

/** One file the export wrote. */
interface ManifestEntry {
  item: string;
  /** SHA-256 of the archive file it was made from. */
  source: string;
  /** SHA-256 of the XMP embedded or written beside. */
  xmp: string;
  /** Size of the file written. */
  bytes: number;
  /** 'embedded' or 'sidecar' (the XMP is in `<file>.xmp`, also listed). */
  how: "embedded" | "sidecar" | "xmp";
}

interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
}

/** Options of {@link exportArchive}. */
export interface ExportOptions {
  by: ExportLayout;
  /** Only items Flickr showed to this audience (default: all). */
  privacy?: ExportAudience;
  progress?: Progress;
  signal?: AbortSignal;
}

/** What {@link exportArchive} did. */
export interface ExportSummary {
  items: number;
  /** Files (copies and sidecars) written. */
  written: number;
  unchanged: number;
  /** Copies this export made earlier that no longer belong, removed. */
  removed: number;
  /** Copies whose XMP went into a sidecar beside them (formats not written into). */
  withSidecar: number;
  /** Items with no file in the archive (nothing to copy). */
  withoutFile: number;
  /** Items left out by `privacy` (their earlier copies are removed). */
  notShared: number;
  bytes: number;
  /** Items whose file could not be read or embedded into (one line each). */
  problems: string[];
}

// deno-lint-ignore no-control-regex -- control characters are what must not reach a file name
const FOLDER_UNSAFE = /[\u0000-\u001f<>:"/\\|?*\u007f]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A title as one folder name that every common file system accepts. */
export function folderName(title: string, fallback: string): string {
  let name = title.replace(FOLDER_UNSAFE, "_").replace(/\s+/g, " ").trim()
    .replace(/^\.+/, "").replace(/[. ]+$/, "");
  // 255 bytes is the usual limit of one name; leave room for " (id)".
  while (new TextEncoder().encode(name).length > 200) name = [...name].slice(0, -1).join("");
  if (!name || WINDOWS_RESERVED.test(name)) name = fallback;
  return name;
}

/** Folders for albums: titles, made unique (by album id) where two albums share one. */
async function albumFolders(catalog: Catalog): Promise<Map<string, string>> {
  const albums = await catalog.db.selectFrom("albums").select(["id", "title"]).orderBy("position")
    .execute();
  const reserved = new Set(["favorites", "not in an album"]);
  const seen = new Map<string, number>();
  for (const a of albums) {
    const key = folderName(a.title, `Album ${a.id}`).toLowerCase();
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const a of albums) {
    const name = folderName(a.title, `Album ${a.id}`);
    const clash = (seen.get(name.toLowerCase()) ?? 0) > 1 || reserved.has(name.toLowerCase());
    out.set(a.id, clash ? `${name} (${a.id})` : name);
  }
  return out;
}

/** "2019/07" from Flickr's date taken (else the upload date), or "Undated". */
function dateFolder(item: SidecarItem): string {
  const x = item.xmp;
  if (!x.dateTakenUnknown && x.dateTaken && /^\d{4}-\d{2}/.test(x.dateTaken)) {
    const year = x.dateTaken.slice(0, 4);
    if (year !== "0000") {
      return x.dateTakenGranularity === 6 || x.dateTakenGranularity === 8
        ? year
        : `${year}/${x.dateTaken.slice(5, 7)}`;
    }
  }
  if (x.dateUploaded !== null) {
    const d = new Date(x.dateUploaded * 1000);
    return `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
  }
  return "Undated";
}

/** Where the copies of an item go, relative to DIR ('/' separated). */
function placesOf(
  item: SidecarItem,
  file: SidecarFile,
  by: ExportLayout,
  albumsOf: Map<string, string[]>,
  folders: Map<string, string>,
): string[] {
  const name = basename(file.path);
  if (item.xmp.isFavoriteOfMine) return [`Favorites/${name}`];
  if (by === "date") return [`${dateFolder(item)}/${name}`];
  const albums = (albumsOf.get(item.xmp.id) ?? []).flatMap((a) => {
    const f = folders.get(a);
    return f ? [`${f}/${name}`] : [];
  });
  return albums.length > 0 ? albums : [`Not in an album/${name}`];
}

async function readManifest(dir: string): Promise<Manifest> {
  try {
    const m = JSON.parse(await Deno.readTextFile(join(dir, MANIFEST)));
    if (m?.version === 1 && m.files && typeof m.files === "object") return m;
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound) && !(e instanceof SyntaxError)) throw e;
  }
  return { version: 1, files: {} };
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function sizeOf(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return -1;
  }
}

/**
 * Exports the archive into `dir` (see the module doc). Throws a RangeError when `dir` is inside
 * the archive or the archive inside `dir` (the CLI makes that a usage error).
 *
 * @example
 * ```ts
 * const s = await exportArchive(catalog, "./flickr-archive", "./for-photos", { by: "album" });
 * ```
 */
export async function exportArchive(
  catalog: Catalog,
  archiveDir: string,
  dir: string,
  opts: ExportOptions,
): Promise<ExportSummary> {
  const root = resolve(archiveDir);
  const out = resolve(dir);
  const rel = relative(root, out);
  if (!rel || (!rel.startsWith("..") && !rel.startsWith("/"))) {
    throw new RangeError(`the export folder ${out} is inside the archive`);
  }
  if (!relative(out, root).startsWith("..")) {
    throw new RangeError(`the archive is inside the export folder ${out}`);
  }
  await Deno.mkdir(out, { recursive: true });
  await removeStaleTempFiles(out);
  const { db } = catalog;
  const manifest = await readManifest(out);
  const next: Manifest = { version: 1, files: {} };
  const summary: ExportSummary = {
    items: 0,
    written: 0,
    unchanged: 0,
    removed: 0,
    withSidecar: 0,
    withoutFile: 0,
    notShared: 0,
    bytes: 0,
    problems: [],
  };
  const names = await loadSetNames(db);
  const folders = opts.by === "album" ? await albumFolders(catalog) : new Map<string, string>();
  const total = await db.selectFrom("items").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  opts.progress?.phase("export", { total: Number(total.n), unit: "items", plannedCalls: 0 });
  const encoder = new TextEncoder();
  let after = "";
  try {
    while (!opts.signal?.aborted) {
      const page = await loadSidecarPage(db, names, after);
      if (page.length === 0) break;
      const first = page[0].xmp.id;
      after = page[page.length - 1].xmp.id;
      const albumsOf = new Map<string, string[]>();
      if (opts.by === "album") {
        const rows = await db.selectFrom("album_items").select(["item_id", "album_id"])
          .where("item_id", ">=", first).where("item_id", "<=", after).orderBy("position")
          .execute();
        for (const r of rows) {
          const l = albumsOf.get(r.item_id) ?? [];
          l.push(r.album_id);
          albumsOf.set(r.item_id, l);
        }
      }
      let bytesInPage = 0;
      for (const item of page) {
        if (opts.signal?.aborted) break;
        summary.items++;
        if (!shownTo(item.xmp.privacy, opts.privacy ?? "all")) {
          summary.notShared++;
          continue;
        }
        const file = bestFile(item);
        if (!file) {
          summary.withoutFile++;
          continue;
        }
        const xmp = buildXmp(item.xmp);
        const xmpBytes = encoder.encode(xmp);
        const xmpHash = sha256(xmpBytes);
        for (const place of placesOf(item, file, opts.by, albumsOf, folders)) {
          try {
            bytesInPage += await exportOne(
              { root, out, item, file, place, xmp, xmpBytes, xmpHash },
              manifest,
              next,
              summary,
            );
          } catch (e) {
            summary.problems.push(
              `item ${item.xmp.id}: ${file.path}: ${e instanceof Error ? e.message : e}`,
            );
          }
        }
      }
      opts.progress?.advance(page.length, 0, bytesInPage);
    }
  } finally {
    if (opts.signal?.aborted) {
      // Interrupted: what was not reached keeps its entry, so the next run still knows it.
      for (const [k, v] of Object.entries(manifest.files)) next.files[k] ??= v;
    } else {
      for (const [k, v] of Object.entries(manifest.files)) {
        if (next.files[k]) continue;
        await removeIfPresent(join(out, k));
        if (v.how !== "xmp") summary.removed++;
        await removeEmptyParents(out, dirname(join(out, k)));
      }
    }
    await writeFileAtomic(join(out, MANIFEST), JSON.stringify(next));
  }
  return summary;
}

interface OneFile {
  root: string;
  out: string;
  item: SidecarItem;
  file: SidecarFile;
  /** Relative to `out`. */
  place: string;
  xmp: string;
  xmpBytes: Uint8Array;
  xmpHash: string;
}

/** Writes one copy (and its sidecar when needed) unless the manifest shows it as it should be. */
async function exportOne(
  f: OneFile,
  manifest: Manifest,
  next: Manifest,
  summary: ExportSummary,
): Promise<number> {
  const dest = join(f.out, f.place);
  const was = manifest.files[f.place];
  const sidecarRel = `${f.place}.xmp`;
  if (
    was && was.item === f.item.xmp.id && was.source === f.file.sha256 && was.xmp === f.xmpHash &&
    sizeOf(dest) === was.bytes &&
    (was.how !== "sidecar" || sizeOf(join(f.out, sidecarRel)) === f.xmpBytes.length)
  ) {
    next.files[f.place] = was;
    const side = manifest.files[sidecarRel];
    if (was.how === "sidecar" && side) next.files[sidecarRel] = side;
    summary.unchanged++;
    if (was.how === "sidecar") summary.withSidecar++;
    return 0;
  }
  const source = join(f.root, f.file.path);
  let how: ManifestEntry["how"] = "sidecar";
  let bytes: number;
  const small = sizeOf(source);
  if (small < 0) throw new Error("missing from the archive (run 'flickrvault verify')");
  const head = await readHead(source);
  let copy: Uint8Array | null = null;
  if (canEmbed(head)) {
    const data = await Deno.readFile(source);
    try {
      copy = copyWithMetadata(data, f.item.xmp);
    } catch (e) {
      // A file other readers may still open, or XMP too large for a JPEG segment: copied as it
      // is, its metadata beside it.
      if (
        !(e instanceof JpegFormatError || e instanceof PngFormatError ||
          e instanceof XmlFormatError || e instanceof RangeError)
      ) throw e;
    }
  }
  if (copy) {
    await writeFileAtomic(dest, copy);
    bytes = copy.length;
    how = "embedded";
  } else {
    bytes = await copyAtomic(source, dest);
  }
  next.files[f.place] = {
    item: f.item.xmp.id,
    source: f.file.sha256,
    xmp: f.xmpHash,
    bytes,
    how,
  };
  summary.written++;
  summary.bytes += bytes;
  if (how === "sidecar") {
    await writeFileAtomic(join(f.out, sidecarRel), f.xmpBytes);
    next.files[sidecarRel] = {
      item: f.item.xmp.id,
      source: f.file.sha256,
      xmp: f.xmpHash,
      bytes: f.xmpBytes.length,
      how: "xmp",
    };
    summary.withSidecar++;
  } else if (manifest.files[sidecarRel]) {
    // It had a sidecar before (e.g. the XMP did not fit): no longer needed.
    await removeIfPresent(join(f.out, sidecarRel));
  }
  return bytes;
}

async function readHead(path: string): Promise<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  const head = new Uint8Array(16);
  const n = await file.read(head);
  return head.subarray(0, n ?? 0);
}

/** Copies a file (videos may be large: no reading it whole) under a temporary name, then renames. */
async function copyAtomic(source: string, dest: string): Promise<number> {
  await Deno.mkdir(dirname(dest), { recursive: true });
  const tmp = tempName(dest);
  try {
    await Deno.copyFile(source, tmp);
    {
      using f = await Deno.open(tmp, { write: true });
      await f.sync();
    }
    await Deno.rename(tmp, dest);
  } catch (e) {
    await removeIfPresent(tmp);
    throw e;
  }
  return (await Deno.stat(dest)).size;
}

/** Removes folders the export emptied, up to (not including) DIR. */
async function removeEmptyParents(out: string, dir: string): Promise<void> {
  while (dir.length > out.length && dir.startsWith(out)) {
    try {
      await Deno.remove(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}
