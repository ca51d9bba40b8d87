// Long on purpose: the export read top to bottom (plan, copies, sidecars, journal, prune), its folder naming in folders.ts.
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
 * written, the source's SHA-256, the XMP's and the file's own, so a re-run writes only what
 * changed and removes the copies it made that no longer belong (an item that left an album, a
 * changed `--by`). DIR must be new, empty or an export's (`output_folder.ts`); in it, a file the
 * manifest does not list, or one changed since the export wrote it (an app that edits in place),
 * is never overwritten nor removed, only reported. Each copy appears complete (temporary name,
 * fsync, rename), and the journal (`.flickrvault-export-running`) names it before it is put in
 * place and records it after: the files a killed run wrote are the next run's own, and those
 * complete are not copied again.
 * @module
 */
import { EXPORT_JOURNAL, EXPORT_MANIFEST } from "../files/output_markers.ts";
import { Journal, refuseForeignFolder } from "../files/output_folder.ts";
import { albumFolders, type ExportLayout, placesOf } from "./folders.ts";
import { dirname, join, relative, resolve } from "node:path";
import type { Catalog } from "../catalog/db.ts";
import { type Audience, shownTo } from "../catalog/audience.ts";
import {
  bestFile,
  loadSetNames,
  loadSidecarPage,
  type SidecarFile,
  type SidecarItem,
} from "../catalog/sidecar_items.ts";
import { removeIfPresent, removeStaleTempFiles } from "../files/temp_files.ts";
import { copyFileAtomic, writeFileAtomic } from "../files/durable.ts";
import { sha256Bytes, sha256FileSync } from "../files/hash.ts";
import type { Progress } from "../progress.ts";
import { buildXmp } from "../xmp/xmp.ts";
import { canEmbed, copyWithMetadata } from "../xmp/copy.ts";
import { JpegFormatError } from "../xmp/jpeg.ts";
import { XmlFormatError } from "../xmp/merge.ts";
import { PngFormatError } from "../xmp/png.ts";

/** The manifest's file name inside DIR. */
export const MANIFEST = EXPORT_MANIFEST;

/** One file the export wrote. */
interface ManifestEntry {
  item: string;
  /** SHA-256 of the archive file it was made from. */
  source: string;
  /** SHA-256 of the XMP embedded or written beside. */
  xmp: string;
  /** Size of the file written; -1 for a file a killed run was writing (its journal said no more). */
  bytes: number;
  /** 'embedded' or 'sidecar' (the XMP is in `<file>.xmp`, also listed). */
  how: "embedded" | "sidecar" | "xmp";
  /** SHA-256 of the file as written (absent in manifests of earlier versions). */
  sha256?: string;
}

/** A file a killed run's journal names as about to be written: the export's, content unknown. */
const UNKNOWN: ManifestEntry = { item: "", source: "", xmp: "", bytes: -1, how: "embedded" };
/** Paths of files left alone kept for the report; the rest are only counted. */
const LEFT_ALONE_NAMED = 20;

interface Manifest {
  version: 1;
  files: Record<string, ManifestEntry>;
}

/** Options of {@link exportArchive}. */
export interface ExportOptions {
  by: ExportLayout;
  /** Only items Flickr showed to this audience (default: all). */
  privacy?: Audience;
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
  /**
   * Files the export would have written or removed that are not its own (put there by someone,
   * or changed since the export wrote them): left as they are.
   */
  leftAlone: number;
  /** The first few of them, relative to DIR. */
  leftAlonePaths: string[];
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
  await refuseForeignFolder(out, "export", [EXPORT_MANIFEST, EXPORT_JOURNAL]);
  await Deno.mkdir(out, { recursive: true });
  const { db } = catalog;
  const manifest = await readManifest(out);
  const { journal, left, interrupted } = Journal.open(join(out, EXPORT_JOURNAL));
  for (const line of left) {
    try {
      const { p, e } = JSON.parse(line);
      if (typeof p === "string") manifest.files[p] = e ?? UNKNOWN;
    } catch {
      // not a line this version wrote
    }
  }
  // The last run was interrupted: the temporary files of what it was writing are of no use, the
  // manifest's own included (a kill while it was being replaced). Only the export's own: a
  // person's `notes.part-2` stays.
  if (interrupted) {
    await removeStaleTempFiles(out, (path) => path === MANIFEST || path in manifest.files);
  }
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
    leftAlone: 0,
    leftAlonePaths: [],
  };
  const names = await loadSetNames(db);
  const folders = opts.by === "album" ? await albumFolders(catalog) : new Map<string, string>();
  const total = await db.selectFrom("items").select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  opts.progress?.phase("export", { total: Number(total.n), unit: "items", plannedCalls: 0 });
  const encoder = new TextEncoder();
  let after = "";
  let completed = false;
  const files: Files = { out, manifest, next, journal, summary, leftAlone: new Set() };
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
        const xmpHash = sha256Bytes(xmpBytes);
        for (const place of placesOf(item, file, opts.by, albumsOf, folders)) {
          try {
            bytesInPage += await exportOne(
              { root, out, item, file, place, xmp, xmpBytes, xmpHash },
              files,
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
    completed = !opts.signal?.aborted;
    if (completed) {
      for (const [k, v] of Object.entries(manifest.files)) {
        if (next.files[k]) continue;
        if (!await removeOwn(files, k)) continue;
        if (v.how !== "xmp") summary.removed++;
        await removeEmptyParents(out, dirname(join(out, k)));
      }
    }
  } finally {
    if (!completed) {
      // Interrupted, or failed: what was not reached keeps its entry, so the next run still
      // knows it.
      for (const [k, v] of Object.entries(manifest.files)) {
        if (!next.files[k] && !files.leftAlone.has(k)) next.files[k] = v;
      }
    }
    await writeFileAtomic(join(out, MANIFEST), JSON.stringify(next));
    await journal.finish();
  }
  return summary;
}

/** Where the export's files are, what it knows of them, and what it reports. */
interface Files {
  out: string;
  /** What the export wrote before this run (the manifest, and a killed run's journal). */
  manifest: Manifest;
  /** What this run writes or keeps. */
  next: Manifest;
  journal: Journal;
  summary: ExportSummary;
  /** Every path left alone this run: the person's, no longer listed. */
  leftAlone: Set<string>;
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

/**
 * Writes one copy (and its sidecar when needed) unless the manifest shows it as it should be, or a
 * file that is not the export's stands where it goes.
 */
async function exportOne(f: OneFile, files: Files): Promise<number> {
  const { manifest, next, summary } = files;
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
  const sourceBytes = sizeOf(source);
  if (sourceBytes < 0) throw new Error("missing from the archive (run 'flickrvault verify')");
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
  const how: ManifestEntry["how"] = copy ? "embedded" : "sidecar";
  const entry: ManifestEntry = {
    item: f.item.xmp.id,
    source: f.file.sha256,
    xmp: f.xmpHash,
    bytes: copy ? copy.length : sourceBytes,
    how,
    // A plain copy's bytes are the archive file's, whose hash the catalog keeps.
    sha256: copy ? sha256Bytes(copy) : f.file.sha256,
  };
  const side: ManifestEntry | null = how === "sidecar"
    ? { ...entry, bytes: f.xmpBytes.length, how: "xmp", sha256: f.xmpHash }
    : null;
  const sidePath = join(f.out, sidecarRel);
  // What a run killed before its journal recorded it put in place is kept when it is the very
  // file this run would write: complete copies are not made twice (a copy in place whose sidecar
  // the kill cut off keeps its bytes; only the sidecar is written).
  const killed = was !== undefined && was.bytes < 0;
  const copyAdopted = killed && holds(dest, entry);
  const sideAdopted = side !== null && manifest.files[sidecarRel]?.bytes === -1 &&
    holds(sidePath, side);
  const adopted = copyAdopted && (!side || sideAdopted);
  if (adopted) {
    summary.unchanged++;
  } else {
    // Where a file that is not the export's stands, neither the copy nor its sidecar is written.
    for (const rel of side ? [f.place, sidecarRel] : [f.place]) {
      if (!mayReplace(files, rel)) {
        leaveAlone(files, rel);
        return 0;
      }
    }
    files.journal.append(
      (copyAdopted ? "" : JSON.stringify({ p: f.place }) + "\n") +
        (side && !sideAdopted ? JSON.stringify({ p: sidecarRel }) + "\n" : ""),
    );
    if (!copyAdopted) {
      if (copy) await writeFileAtomic(dest, copy);
      else entry.bytes = await copyFileAtomic(source, dest);
    }
    if (side && !sideAdopted) await writeFileAtomic(sidePath, f.xmpBytes);
    summary.written++;
    summary.bytes += copyAdopted ? 0 : entry.bytes;
  }
  next.files[f.place] = entry;
  let done = JSON.stringify({ p: f.place, e: entry }) + "\n";
  if (side) {
    next.files[sidecarRel] = side;
    done += JSON.stringify({ p: sidecarRel, e: side }) + "\n";
    summary.withSidecar++;
  } else if (manifest.files[sidecarRel]) {
    // It had a sidecar before (e.g. the XMP did not fit): no longer needed.
    await removeOwn(files, sidecarRel);
  }
  files.journal.append(done);
  return copyAdopted ? 0 : entry.bytes;
}

/** Whether the file at `path` holds exactly the bytes `entry` describes. */
function holds(path: string, entry: ManifestEntry): boolean {
  return sizeOf(path) === entry.bytes && sha256FileSync(path) === entry.sha256;
}

/**
 * Whether the export may write at `rel`: nothing is there, or the export's own file as it left it
 * (the manifest or a killed run's journal lists it; same size, and same bytes when the manifest
 * has their hash).
 */
function mayReplace(files: Files, rel: string): boolean {
  const path = join(files.out, rel);
  let there: Deno.FileInfo;
  try {
    there = Deno.lstatSync(path);
  } catch {
    return true;
  }
  const was = files.manifest.files[rel] ?? files.next.files[rel];
  if (!was || !there.isFile) return false;
  if (was.bytes < 0) return true;
  if (there.size !== was.bytes) return false;
  return !was.sha256 || sha256FileSync(path) === was.sha256;
}

/** Removes a file the export wrote, unless it is no longer as the export left it. */
async function removeOwn(files: Files, rel: string): Promise<boolean> {
  if (!mayReplace(files, rel)) {
    leaveAlone(files, rel);
    return false;
  }
  await removeIfPresent(join(files.out, rel));
  return true;
}

function leaveAlone(files: Files, rel: string): void {
  if (files.leftAlone.has(rel)) return;
  files.leftAlone.add(rel);
  files.summary.leftAlone++;
  if (files.summary.leftAlonePaths.length < LEFT_ALONE_NAMED) {
    files.summary.leftAlonePaths.push(rel);
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  using file = await Deno.open(path, { read: true });
  const head = new Uint8Array(16);
  const n = await file.read(head);
  return head.subarray(0, n ?? 0);
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
