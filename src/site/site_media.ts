/**
 * The photos, videos and avatars the site shows. A site inside the archive links the archive's own
 * files (`../photos/2019/07/1_x.jpg`), so it costs no space; a site elsewhere gets its own copy
 * under `media/` (copied, or hard-linked when asked and the disk allows), so its folder can be
 * carried alone.
 * @module
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { type Kysely, sql } from "kysely";
import type { Database } from "../catalog/schema.ts";
import { tempName } from "../archive/file_writer.ts";
import { originalTurn } from "../catalog/turn.ts";
import { withOrientation } from "../xmp/copy.ts";

/** How media reach the site: the archive's files in place, or a copy or hard link under `media/`. */
export type MediaMode = "archive" | "copy" | "link";

/** The folder under the site that holds copied or linked media. */
export const MEDIA_DIR = "media";

/**
 * Under MEDIA_DIR, copies of originals turned on Flickr, carrying the EXIF orientation that shows
 * them as Flickr does (in every mode: the archive's own file says otherwise).
 */
const TURNED_DIR = "turned";

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

/** Resolves catalog files and avatars to site paths, placing copies when the mode asks. */
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
          kind: string;
          media: string | null;
          rotation: number | null;
          exif_source: string | null;
          orientation: number | null;
        }
      >`SELECT f.id, f.path, f.kind, i.media, i.rotation, i.exif_source,
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
        this.files.set(r.id, turn === null ? this.place(r.path) : this.placeTurned(r.path, turn));
      }
    }
    const people = [...new Set(nsids)];
    for (let i = 0; i < people.length; i += IN_LIST) {
      const rows = await this.db.selectFrom("people").select(["nsid", "avatar_path"])
        .where("nsid", "in", padded(people.slice(i, i + IN_LIST))).execute();
      for (const r of rows) {
        this.avatars.set(r.nsid, r.avatar_path ? this.place(r.avatar_path) : null);
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
   * Removes from `media/` the copies of what the archive no longer holds: earlier versions of
   * replaced photos, favourites removed, old avatars. The site may be handed on alone, and must
   * not carry what left the archive. Pages linking them were rewritten or removed by then.
   */
  async prune(): Promise<void> {
    // A site inside the archive holds only the turned copies under media/.
    const root = join(this.siteDir, MEDIA_DIR);
    let batch: string[] = [];
    const check = async () => {
      const keep = new Set<string>();
      // A turned copy stands for the archive's file at the same path.
      const archivePath = (p: string) =>
        p.startsWith(`${TURNED_DIR}/`) ? p.slice(TURNED_DIR.length + 1) : p;
      const list = padded(batch.map(archivePath));
      for (
        const r of await this.db.selectFrom("files").select("path")
          .where("is_current", "=", 1).where("path", "in", list).execute()
      ) keep.add(r.path);
      // Avatars: few, and the people table has no index on their paths.
      for (const p of batch) if (keep.has(archivePath(p))) keep.add(p);
      const rest = batch.filter((p) => !keep.has(p));
      if (rest.length) {
        for (
          const r of await this.db.selectFrom("people").select("avatar_path")
            .where("avatar_path", "in", padded(rest)).execute()
        ) keep.add(r.avatar_path!);
      }
      for (const path of batch) {
        if (keep.has(path)) continue;
        await Deno.remove(join(root, path));
        this.counts.pruned++;
      }
      batch = [];
    };
    const walk = async (dir: string, rel: string) => {
      let entries: Deno.DirEntry[];
      try {
        entries = [...Deno.readDirSync(dir)];
      } catch (e) {
        if (e instanceof Deno.errors.NotFound) return;
        throw e;
      }
      for (const e of entries) {
        const path = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory) await walk(join(dir, e.name), path);
        else {
          batch.push(path);
          if (batch.length >= IN_LIST) await check();
        }
      }
    };
    await walk(root, "");
    if (batch.length) await check();
  }

  /**
   * The site path of a copy of an original with EXIF orientation `turn`, written when missing or
   * different; the file as it is when it cannot be turned (not a JPEG or PNG).
   */
  private placeTurned(path: string, turn: number): string | null {
    const clean = cleanPath(path);
    if (!clean) return null;
    const site = `${MEDIA_DIR}/${TURNED_DIR}/${clean}`;
    if (this.placedPaths.has(site)) return site;
    let turned: Uint8Array | null;
    try {
      turned = withOrientation(Deno.readFileSync(join(this.archiveDir, clean)), turn);
    } catch {
      this.counts.missing++;
      return null;
    }
    if (!turned) return this.place(path);
    const to = join(this.siteDir, site);
    let there: Uint8Array | null = null;
    try {
      there = Deno.readFileSync(to);
    } catch {
      // not there yet
    }
    if (!there || there.length !== turned.length || !there.every((b, i) => b === turned[i])) {
      Deno.mkdirSync(dirname(to), { recursive: true });
      const tmp = tempName(to);
      Deno.writeFileSync(tmp, turned);
      Deno.renameSync(tmp, to);
      this.counts.placed++;
      this.counts.placedBytes += turned.length;
    }
    this.placedPaths.add(site);
    return site;
  }

  /** The site path of an archive file, copying or linking it first in those modes. */
  private place(path: string): string | null {
    const clean = cleanPath(path);
    if (!clean) return null;
    if (this.mode === "archive") return `${this.toArchive}/${clean}`;
    const site = `${MEDIA_DIR}/${clean}`;
    if (this.placedPaths.has(site)) return site;
    const from = join(this.archiveDir, clean);
    const to = join(this.siteDir, site);
    let source: Deno.FileInfo;
    try {
      source = Deno.statSync(from);
    } catch {
      this.counts.missing++;
      return null;
    }
    let same = false;
    try {
      const there = Deno.statSync(to);
      same = there.size === source.size &&
        (this.mode === "link" ? there.ino === source.ino : true);
    } catch {
      // not there yet
    }
    if (!same) {
      Deno.mkdirSync(dirname(to), { recursive: true });
      const tmp = tempName(to);
      let linked = false;
      if (this.mode === "link") {
        try {
          Deno.linkSync(from, tmp);
          linked = true;
        } catch {
          // another disk, or a file system without hard links: copy instead
        }
      }
      if (!linked) Deno.copyFileSync(from, tmp);
      Deno.renameSync(tmp, to);
      this.counts.placed++;
      this.counts.placedBytes += source.size;
    }
    this.placedPaths.add(site);
    return site;
  }
}
