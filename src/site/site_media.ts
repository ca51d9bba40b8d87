/**
 * The photos, videos and avatars the site shows. A site inside the archive links the archive's own
 * files (`../photos/2019/07/1_x.jpg`), so it costs no space; a site elsewhere gets its own copy
 * under `media/` (copied, or hard-linked when asked and the disk allows), so its folder can be
 * carried alone.
 * @module
 */
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Kysely, sql } from "kysely";
import type { Database } from "../catalog/schema.ts";
import { originalTurn } from "../catalog/turn.ts";
import { withOrientation } from "../xmp/copy.ts";
import type { SiteWriter } from "./site_writer.ts";

/** How media reach the site: the archive's files in place, or a copy or hard link under `media/`. */
export type MediaMode = "archive" | "copy" | "link";

/** The folder under the site that holds copied or linked media. */
export const MEDIA_DIR = "media";

/**
 * Under MEDIA_DIR, copies of originals turned on Flickr, carrying the EXIF orientation that shows
 * them as Flickr does (in every mode: the archive's own file says otherwise).
 */
const TURNED = `${MEDIA_DIR}/turned/`;

/** Whether `dir` lies inside `archiveDir` (not the archive folder itself). */
export function isInside(archiveDir: string, dir: string): boolean {
  const rel = relative(resolve(archiveDir), resolve(dir));
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/** An archive-relative path that stays inside the archive, `/`-separated; null otherwise. */
function cleanPath(path: string): string | null {
  if (!path || path.includes("\0") || isAbsolute(path)) return null;
  const parts = path.split(/[\\/]+/);
  if (parts.some((p) => p === ".." || p === "")) return null;
  return parts.join("/");
}

/**
 * Values per `IN` list. Lists are always this long (padded with a repeated value) so that one
 * prepared statement serves every batch: libsql never frees a statement (statement_cache.ts), and
 * preparing a long list costs more than running it.
 */
const IN_LIST = 500;

function padded<T>(values: T[]): T[] {
  return paddedTo(values, IN_LIST);
}

/**
 * `values` (at most `n`, at least one) padded to `n` with a repeated value, for an `IN` list of a
 * fixed length: one prepared statement then serves every batch.
 */
export function paddedTo<T>(values: T[], n: number): T[] {
  return values.length === n
    ? values
    : [...values, ...Array.from({ length: n - values.length }, () => values[0])];
}

/** Counts of the media the site points at. */
export interface MediaCounts {
  /** Files copied or linked this run. */
  placed: number;
  /** Copies removed: no longer a current file or avatar of the archive. */
  pruned: number;
  /** Catalogued files missing from the archive (their links are left out). */
  missing: number;
  placedBytes: number;
}

/**
 * Resolves catalog files and avatars to site paths, placing copies when the mode asks. The copies
 * are the site's own files, listed in its manifest ({@link SiteWriter.placeMedia}): a file the
 * person put under `media/` is never replaced nor removed.
 */
export class SiteMedia {
  readonly counts: MediaCounts = { placed: 0, pruned: 0, missing: 0, placedBytes: 0 };
  /** Site paths of the files of the current batch, by file id. */
  private files = new Map<number, string | null>();
  private avatars = new Map<string, string | null>();
  private placedPaths = new Set<string>();
  private readonly toArchive: string;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly archiveDir: string,
    private readonly siteDir: string,
    readonly mode: MediaMode,
    private readonly writer: SiteWriter,
  ) {
    this.toArchive = relative(resolve(siteDir), resolve(archiveDir)).split(sep).join("/");
  }

  /** Looks up (and places) the files and avatars of a batch of pages; forgets the last batch's. */
  async load(fileIds: Iterable<number>, nsids: Iterable<string>): Promise<void> {
    this.files.clear();
    this.avatars.clear();
    const ids = [...new Set(fileIds)];
    for (let i = 0; i < ids.length; i += IN_LIST) {
      const rows = (await sql<
        {
          id: number;
          path: string;
          sha256: string;
          kind: string;
          media: string | null;
          rotation: number | null;
          exif_source: string | null;
          orientation: number | null;
        }
      >`SELECT f.id, f.path, f.sha256, f.kind, i.media, i.rotation, i.exif_source,
          CASE WHEN i.exif_source = 'file' THEN json_extract(i.exif_json, '$.Orientation') END
            AS orientation
        FROM files f LEFT JOIN items i ON i.id = f.item_id
        WHERE f.id IN (${sql.join(padded(ids.slice(i, i + IN_LIST)))})`.execute(this.db)).rows;
      for (const r of rows) {
        const turn = r.kind === "original" && r.media
          ? originalTurn({
            media: r.media,
            rotation: r.rotation,
            exif_source: r.exif_source,
            exif_json: JSON.stringify({ Orientation: r.orientation }),
          })
          : null;
        this.files.set(
          r.id,
          turn === null ? this.place(r.path, r.sha256) : this.placeTurned(r.path, r.sha256, turn),
        );
      }
    }
    const people = [...new Set(nsids)];
    for (let i = 0; i < people.length; i += IN_LIST) {
      const rows = await this.db.selectFrom("people").select([
        "nsid",
        "avatar_path",
        "avatar_sha256",
      ])
        .where("nsid", "in", padded(people.slice(i, i + IN_LIST))).execute();
      for (const r of rows) {
        this.avatars.set(
          r.nsid,
          r.avatar_path ? this.place(r.avatar_path, r.avatar_sha256) : null,
        );
      }
    }
  }

  /** The site path of a file of the current batch, or null. */
  file(id: number): string | null {
    return this.files.get(id) ?? null;
  }

  /** The site path of an avatar of the current batch, or null for the neutral one. */
  avatar(nsid: string): string | null {
    return this.avatars.get(nsid) ?? null;
  }

  /**
   * Decides about the copies the last run made that this one has not placed (their pages were
   * kept unread, or no page links them any more): those of files the archive still holds are
   * kept (placed again if lost); those of what the archive no longer holds (earlier versions of
   * replaced photos, favourites removed, old avatars) are removed: the site may be handed on
   * alone, and must not carry what left the archive. Call after every page is written, before
   * {@link SiteWriter.finish}.
   */
  async prune(): Promise<void> {
    const left = this.writer.leftOver(`${MEDIA_DIR}/`);
    // A turned copy stands for the archive's file at the same path.
    const archiveOf = (p: string) =>
      p.startsWith(TURNED) ? p.slice(TURNED.length) : p.slice(MEDIA_DIR.length + 1);
    for (let i = 0; i < left.length; i += IN_LIST) {
      const batch = left.slice(i, i + IN_LIST);
      const archived = batch.map(archiveOf);
      const list = padded(archived);
      const still = new Map<string, string | null>();
      for (
        const r of await this.db.selectFrom("files").select(["path", "sha256"])
          .where("is_current", "=", 1).where("path", "in", list).execute()
      ) still.set(r.path, r.sha256);
      // Avatars: few, and the people table has no index on their paths.
      const rest = archived.filter((p) => !still.has(p));
      if (rest.length) {
        for (
          const r of await this.db.selectFrom("people").select(["avatar_path", "avatar_sha256"])
            .where("avatar_path", "in", padded(rest)).execute()
        ) still.set(r.avatar_path!, r.avatar_sha256);
      }
      for (const [j, path] of batch.entries()) {
        const archivePath = archived[j];
        if (!still.has(archivePath)) {
          if (this.writer.remove(path)) this.counts.pruned++;
        } else if (path.startsWith(TURNED)) {
          // Its page was kept unread: the same file, turned the same way.
          this.writer.keep(path);
        } else if (this.mode === "archive") {
          // A site moved into the archive: its pages link the archive's own files now.
          if (this.writer.remove(path)) this.counts.pruned++;
        } else if (this.place(archivePath, still.get(archivePath)!, false) === null) {
          // Missing from the archive for now (`verify` says so): the copy is the one left.
          this.writer.keep(path);
        }
      }
    }
  }

  /**
   * The site path of a copy of an original with EXIF orientation `turn`, written as the site's
   * own file when missing or different; the file as it is when it cannot be turned (not a JPEG or
   * PNG).
   */
  private placeTurned(path: string, sha256: string | null, turn: number): string | null {
    const clean = cleanPath(path);
    if (!clean) return null;
    const site = `${TURNED}${clean}`;
    if (this.placedPaths.has(site)) return site;
    let turned: Uint8Array | null;
    try {
      turned = withOrientation(Deno.readFileSync(join(this.archiveDir, clean)), turn);
    } catch {
      this.counts.missing++;
      return null;
    }
    if (!turned) return this.place(path, sha256);
    const done = this.writer.put(site, turned);
    if (done === "left alone") return null;
    if (done === "written") {
      this.counts.placed++;
      this.counts.placedBytes += turned.length;
    }
    this.placedPaths.add(site);
    return site;
  }

  /**
   * The site path of an archive file, copying or linking it first in those modes; null when it
   * is missing from the archive (counted when `countMissing`) or a file that is not the site's
   * stands where its copy goes.
   */
  private place(path: string, sha256: string | null, countMissing = true): string | null {
    const clean = cleanPath(path);
    if (!clean) return null;
    if (this.mode === "archive") return `${this.toArchive}/${clean}`;
    const site = `${MEDIA_DIR}/${clean}`;
    if (this.placedPaths.has(site)) return site;
    const from = join(this.archiveDir, clean);
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(from);
    } catch {
      if (countMissing) this.counts.missing++;
      return null;
    }
    const done = this.writer.placeMedia(site, {
      from,
      info,
      sha256,
      link: this.mode === "link",
    });
    if (done === "left alone") return null;
    if (done === "placed") {
      this.counts.placed++;
      this.counts.placedBytes += info.size;
    }
    this.placedPaths.add(site);
    return site;
  }
}
