/**
 * Writes the simulated account as Flickr's own data export ("Your Flickr data"), so that
 * `flickrvault import` can be tested end to end: metadata zips `<digits>_<hex>_partN.zip` and media
 * zips `data-download-N.zip` (or, as since 2025, `data_<digits>_<hex>_N.zip`), shaped like the real ones (the real records and their notes are in
 * `tests/fixtures/flickr-export/`).
 *
 * What it holds is what the API answers at the moment of writing, with the export's gaps: no
 * `lastupdate`, no list of who faved, commenters as NSIDs only, friends and family privacy merged
 * into one word, machine tags mixed into tags, favourites as bare photo ids and page URLs. Media
 * files carry exactly the bytes the CDN serves as originals, and on a free account also the
 * originals the API and the CDN limit to 1,024 px; video originals Flickr refuses to scripts are
 * absent, as the truth has no sha256 for them.
 *
 * Metadata zip layout: `account_profile.json`, `albums.json`, `galleries.json`, `groups.json`,
 * `faves_partNNN.json` and `photos_comments_partNNN.json` (the person's comments on others' photos)
 * in part 1, then `photo_<id>.json` files spread over the parts.
 *
 * @example
 * ```ts
 * const account = new Account({ seed: 1, photos: 100, videos: 5 });
 * const written = await writeExport(account, "/tmp/export");
 * console.log(written.metadataZips, written.mediaZips);
 * ```
 * @module
 */
import { Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { join } from "node:path";
import { type Account, formatTaken, type Item, type ItemKind, type Person } from "./account.ts";
import { exifOf, exifTags } from "./exif.ts";
import { FileStore } from "./files.ts";
import type { Json, JsonObject } from "./photo_json.ts";
import { tagsOf } from "./photo_json.ts";
import { hash32 } from "./prng.ts";
import { LICENSES } from "./vocabulary.ts";

/** Options of {@link writeExport}. */
export interface ExportOptions {
  /** The file store of a running simulator (shares its cache); a new one by default. */
  files?: FileStore;
  /** Media files per `data-download-N.zip` (default 500). */
  mediaFilesPerZip?: number;
  /** `photo_<id>.json` files per metadata zip (default 50,000). */
  photosPerMetadataPart?: number;
  /**
   * How the media zips are named: `data-download` (`data-download-N.zip`, the default) or `2025`
   * (`data_<digits>_<hex>_N.zip`, as exports made since 2025 also name them).
   */
  mediaZipNames?: MediaZipNames;
  /**
   * Which export of the account this is, from 1 (the default). Each export's zips have a hex of
   * their own (`<digits>_<hex>_partN.zip`, `data_<digits>_<hex>_N.zip`), so a later export sits
   * beside the earlier one; `data-download-N.zip` names repeat, and a later one replaces them.
   */
  sequence?: number;
}

/** The two namings of media zips Flickr's exports use. */
export type MediaZipNames = "data-download" | "2025";

/** What {@link writeExport} wrote (file names inside the export directory). */
export interface ExportResult {
  metadataZips: string[];
  mediaZips: string[];
  /** `photo_<id>.json` records written. */
  photos: number;
  /** Media files written. */
  mediaFiles: number;
  /** Ids of own items whose original is not in the media zips (the CDN cannot serve it). */
  withoutMedia: string[];
}

const WWW = "https://www.flickr.com";
const STATIC = "https://live.staticflickr.com";
/** Entries of list files (`faves_partNNN.json`, ...) per part. */
const LIST_PART = 500;
/** A fixed time for zip entries, so the same account gives the same bytes. */
const ZIP_MTIME = new Date(Date.UTC(2024, 5, 1));

/** Writes the export of `account` into `dir` (created when missing). */
export async function writeExport(
  account: Account,
  dir: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  const files = opts.files ?? new FileStore(account);
  const mediaPerZip = Math.max(1, opts.mediaFilesPerZip ?? 500);
  const photosPerPart = Math.max(1, opts.photosPerMetadataPart ?? 50_000);
  await Deno.mkdir(dir, { recursive: true });
  const ctx = { account, files, origin: WWW, isOwner: true };
  const owner = account.owner;
  const ownerNum = owner.nsid.split("@")[0];
  // The first export's names are those of every export written before `sequence` existed.
  const later = Math.max(1, opts.sequence ?? 1) - 1;
  const hex = (salt: number) => hash32(account.seed, salt, later).toString(16).padStart(8, "0");
  const stem = `${ownerNum}_${hex(0xe7)}`;
  const result: ExportResult = {
    metadataZips: [],
    mediaZips: [],
    photos: 0,
    mediaFiles: 0,
    withoutMedia: [],
  };

  // Oldest first, as Flickr numbers its exports.
  const live = [...account.ownLive()].reverse();
  const groupsOf = new Map<number, number[]>();
  for (const g of account.groups) {
    for (const entry of g.pool) {
      if (entry.kind !== "own") continue;
      const list = groupsOf.get(entry.index) ?? [];
      if (!list.includes(g.index)) list.push(g.index);
      groupsOf.set(entry.index, list);
    }
  }

  const parts = Math.max(1, Math.ceil(live.length / photosPerPart));
  for (let part = 1; part <= parts; part++) {
    const name = `${stem}_part${part}.zip`;
    const zip = await ZipFile.create(join(dir, name));
    if (part === 1) {
      await zip.addJson("account_profile.json", accountProfile(account));
      await zip.addJson("albums.json", albums(account));
      await zip.addJson("galleries.json", galleries(account));
      await zip.addJson("groups.json", groups(account));
      const faves = favourites(account);
      for (let k = 0; k * LIST_PART < Math.max(1, faves.length); k++) {
        await zip.addJson(`faves_part${pad3(k + 1)}.json`, {
          faves: faves.slice(k * LIST_PART, (k + 1) * LIST_PART),
        });
      }
      const comments = ownCommentsOnOthers(account);
      for (let k = 0; k * LIST_PART < Math.max(1, comments.length); k++) {
        await zip.addJson(`photos_comments_part${pad3(k + 1)}.json`, {
          comments: comments.slice(k * LIST_PART, (k + 1) * LIST_PART),
        });
      }
    }
    for (const i of live.slice((part - 1) * photosPerPart, part * photosPerPart)) {
      const item = account.item("own", i);
      await zip.addJson(`photo_${item.id}.json`, photoRecord(ctx, item, groupsOf.get(i) ?? []));
      result.photos++;
    }
    await zip.close();
    result.metadataZips.push(name);
  }

  let media: ZipFile | undefined;
  let inZip = 0;
  for (const i of live) {
    const item = account.item("own", i);
    const bytes = files.exportOriginal(item);
    if (!bytes) {
      result.withoutMedia.push(item.id);
      continue;
    }
    if (!media || inZip >= mediaPerZip) {
      await media?.close();
      const n = result.mediaZips.length + 1;
      const name = opts.mediaZipNames === "2025"
        ? `data_${ownerNum}_${hex(0xd5)}_${n}.zip`
        : `data-download-${n}.zip`;
      media = await ZipFile.create(join(dir, name));
      result.mediaZips.push(name);
      inZip = 0;
    }
    await media.add(mediaFileName(item), bytes, false);
    inZip++;
    result.mediaFiles++;
  }
  await media?.close();
  return result;
}

/**
 * The name of an item's original in the media zips: `<title-slug>_<id>_o.<ext>`, or for an item
 * without a title (nothing left of it once slugged) `<id>_<originalsecret>_o.<ext>`, as real
 * exports name untitled uploads (`30410016513_b941ab820b_o.jpg`).
 */
export function mediaFileName(item: Item): string {
  const slug = item.title.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60).replace(/-+$/, "");
  const ext = item.media === "video" ? "mp4" : item.originalformat;
  return slug ? `${slug}_${item.id}_o.${ext}` : `${item.id}_${item.originalsecret}_o.${ext}`;
}

function pad3(n: number): string {
  return String(n).padStart(3, "0");
}

function alias(p: Person): string {
  return p.pathAlias || p.nsid;
}

function profileUrl(p: Person): string {
  return `${WWW}/photos/${alias(p)}/`;
}

function pageOf(item: Item): string {
  return `${WWW}/photos/${alias(item.owner)}/${item.id}/`;
}

/**
 * Flickr's export merges friends and family into one privacy word: friends-only, family-only and
 * friends-and-family photos all say "friend & family".
 */
function privacy(item: Item): string {
  if (item.ispublic) return "public";
  if (item.isfriend || item.isfamily) return "friend & family";
  return "private";
}

/** The export's `original`: the file URL for photos, the "Video Original" play page for videos. */
function originalUrl(item: Item): string {
  if (item.media === "video") {
    return `${WWW}/photos/${alias(item.owner)}/${item.id}/play/orig/${item.originalsecret}/`;
  }
  return `${STATIC}/${item.server}/${item.id}_${item.originalsecret}_o.${item.originalformat}`;
}

function exifRecord(item: Item): JsonObject {
  const exif = item.media === "photo" ? exifOf(item) : undefined;
  const out: JsonObject = {};
  if (!exif) return out;
  for (const { tagspace, tag, label, raw, clean } of exifTags(item, exif)) {
    const key = `${tagspace}:${tag}`;
    out[key] = { full: key, label, value: clean ?? raw, raw_value: raw };
  }
  return out;
}

/** One `photo_<id>.json`, keys in the order of the real export. */
function photoRecord(
  ctx: { account: Account; files: FileStore; origin: string; isOwner: boolean },
  item: Item,
  groupIndices: number[],
): JsonObject {
  const { account } = ctx;
  const comments = account.comments(item.kind, item.index);
  const notes = account.notes(item.kind, item.index);
  const tags = tagsOf(ctx, item);
  const imported = formatTaken(item.dateupload);
  const license = LICENSES.find((l) => l.id === item.license)?.name ?? null;
  return {
    id: item.id,
    name: item.title,
    description: item.description,
    count_views: String(item.views),
    count_faves: String(item.faves),
    count_comments: String(comments.length),
    date_taken: item.datetaken,
    count_tags: String(tags.length),
    count_notes: String(notes.length),
    date_imported: imported,
    photopage: pageOf(item),
    original: originalUrl(item),
    license,
    geo: item.geo
      ? {
        latitude: String(Math.round(item.geo.latitude * 1e6)),
        longitude: String(Math.round(item.geo.longitude * 1e6)),
        accuracy: String(item.geo.accuracy),
      }
      : [],
    exif: exifRecord(item),
    groups: groupIndices.map((g) => {
      const group = account.groups[g];
      return { id: group.nsid, name: group.name, url: `${WWW}/groups/${group.nsid}/` };
    }),
    albums: (account.albumsOf.get(item.index) ?? []).map((a) => {
      const album = account.albums[a];
      return {
        id: album.id,
        title: album.title,
        url: `${WWW}/photos/${alias(account.owner)}/albums/${album.id}`,
      };
    }),
    tags: tags.map((t) => ({
      tag: t.raw,
      user: profileUrl(account.person(t.author)),
      date_create: imported,
    })),
    people: account.tagged(item.kind, item.index).map((t) => {
      const p = account.person(t.person);
      return { nsid: p.nsid, username: p.username, userurl: profileUrl(p) };
    }),
    notes: notes.map((n) => ({
      id: n.id,
      user: account.person(n.author).nsid,
      x: String(n.x),
      y: String(n.y),
      w: String(n.w),
      h: String(n.h),
      note: n.text,
    })),
    privacy: privacy(item),
    comment_permissions: "any flickr member",
    tagging_permissions: "people you follow",
    safety: ["safe", "moderate", "restricted"][item.safetyLevel],
    comments: comments.map((c) => ({
      id: c.id,
      date: formatTaken(c.date),
      user: account.person(c.author).nsid,
      comment: c.html,
      url: `${pageOf(item)}#comment${c.id.split("-").pop()}`,
    })),
  };
}

function accountProfile(account: Account): JsonObject {
  const o = account.owner;
  const [city, country] = o.location.split(",").map((s) => s.trim());
  return {
    real_name: o.realname,
    join_date: formatTaken(o.firstdate).slice(0, 10),
    screen_name: o.username,
    path_alias: o.pathAlias ?? "",
    description: o.description,
    profile_url: `${WWW}/people/${alias(o)}/`,
    nsid: o.nsid,
    pro_user: o.isPro ? "yes" : "no",
    city: city ?? "",
    country: country ?? "",
  };
}

function albums(account: Account): JsonObject {
  const out: Json[] = [];
  for (const album of account.albums) {
    const members = account.albumMembers(album.index);
    if (members.length === 0) continue;
    out.push({
      photo_count: String(members.length),
      id: album.id,
      url: `${WWW}/photos/${alias(account.owner)}/albums/${album.id}`,
      title: album.title,
      description: album.description,
      view_count: String(album.views),
      created: String(album.dateCreate),
      last_updated: String(album.dateUpdate),
      cover_photo: pageOf(account.item("own", members[0])),
      photos: members.map((i) => account.idOf("own", i)),
    });
  }
  return { albums: out };
}

function galleries(account: Account): JsonObject {
  return {
    galleries: account.galleries.map((g) => ({
      id: g.id,
      url: `${WWW}/photos/${alias(account.owner)}/galleries/${g.galleryId}/`,
      title: g.title,
      description: g.description,
      photo_count: String(g.photos.length),
      view_count: String(g.views),
      created: String(g.dateCreate),
      last_updated: String(g.dateUpdate),
      photos: g.photos.map((p) => account.idOf("other", p.other)),
    })),
  };
}

function groups(account: Account): JsonObject {
  return {
    groups: account.groups.map((g) => ({
      id: g.nsid,
      name: g.name,
      url: `${WWW}/groups/${g.nsid}/`,
      user_role: g.admin ? "admin" : "member",
    })),
  };
}

/** The person's favourites, most recently faved first: only ids and page URLs. */
function favourites(account: Account): Json[] {
  const out: Json[] = [];
  for (let j = 0; j < account.favoritesCount; j++) {
    const item = account.item("other", j);
    out.push({ photo_id: item.id, photo_url: pageOf(item) });
  }
  return out;
}

/** Comments the person wrote on others' photos (their favourites, in the simulator). */
function ownCommentsOnOthers(account: Account): Json[] {
  const out: Json[] = [];
  const kind: ItemKind = "other";
  for (let j = 0; j < account.favoritesCount; j++) {
    const item = account.item(kind, j);
    for (const c of account.comments(kind, j)) {
      if (c.author !== -1) continue;
      out.push({
        photo_id: item.id,
        comment_id: c.id,
        comment: c.html,
        date: formatTaken(c.date),
        url: `${pageOf(item)}#comment${c.id.split("-").pop()}`,
      });
    }
  }
  return out;
}

/** A zip written entry by entry with fflate, to a temporary name renamed when complete. */
class ZipFile {
  #pending: Uint8Array[] = [];
  #error: Error | null = null;
  #zip: Zip;

  private constructor(readonly path: string, readonly file: Deno.FsFile) {
    this.#zip = new Zip((err, chunk) => {
      if (err) this.#error = err;
      else this.#pending.push(chunk);
    });
  }

  static async create(path: string): Promise<ZipFile> {
    const file = await Deno.open(`${path}.part`, { write: true, create: true, truncate: true });
    return new ZipFile(path, file);
  }

  addJson(name: string, value: unknown): Promise<void> {
    return this.add(name, new TextEncoder().encode(JSON.stringify(value, null, "\t")), true);
  }

  /** Adds one entry: deflated (JSON) or stored (media, which is compressed already). */
  async add(name: string, data: Uint8Array, deflate: boolean): Promise<void> {
    const entry = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    entry.mtime = ZIP_MTIME;
    this.#zip.add(entry);
    entry.push(data, true);
    await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#error) throw this.#error;
    for (const chunk of this.#pending.splice(0)) {
      let written = 0;
      while (written < chunk.length) written += await this.file.write(chunk.subarray(written));
    }
  }

  async close(): Promise<void> {
    this.#zip.end();
    await this.#flush();
    this.file.close();
    await Deno.rename(`${this.path}.part`, this.path);
  }
}
