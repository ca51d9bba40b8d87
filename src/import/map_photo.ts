/**
 * Turns one `photo_<id>.json` of the data export into catalog rows: the item, its comments, tags,
 * notes and people tagged, and the people they name.
 *
 * What the export gives is recorded as it is; what it lacks stays empty for a later `archive` run
 * to fill: no `lastupdate` (so `info_last_update` stays null and getInfo runs later), no names of
 * commenters (people rows carry only the NSID), no list of who faved. Pipeline state is set only
 * where nothing is left to fetch: `comments_synced` is 0 when the photo has no comments (a list of
 * comments is fetched once by `archive` for the commenters' names and deleted accounts, which the
 * export lacks), `faves_synced` is 0 when the photo has no faves.
 * @module
 */
import type { ChildRows } from "../catalog/writes.ts";
import type {
  NewComment,
  NewItem,
  NewNote,
  NewPerson,
  NewPhotoPerson,
  NewTag,
} from "../catalog/schema.ts";
import { licenseId } from "../catalog/licenses.ts";
import {
  type ExportPhotoJson,
  exportTime,
  int,
  isNsid,
  list,
  parseOriginalUrl,
  personSegment,
  text,
} from "./records.ts";

/** Who the account is, for telling the owner apart from others. */
export interface AccountIdentity {
  nsid: string;
  /** The owner's path alias, which profile URLs may use instead of the NSID. */
  pathAlias?: string | null;
}

/** The rows of one imported photo or video. */
export interface MappedPhoto {
  item: NewItem;
  comments: ChildRows<NewComment>[];
  tags: ChildRows<NewTag>[];
  notes: ChildRows<NewNote>[];
  photoPeople: ChildRows<NewPhotoPerson>[];
  /** Everyone named (commenters, note authors, people tagged), the owner left out. */
  people: NewPerson[];
  /** Groups whose pool holds the photo. */
  groups: { id: string; name: string; url: string | null }[];
}

/** Flickr's machine tags: `namespace:predicate=value`. */
const MACHINE_TAG = /^[a-z_][a-z0-9_]*:[a-z0-9_]+=.+$/i;

/** Whether a raw tag is a machine tag. */
export function isMachineTag(raw: string): boolean {
  return MACHINE_TAG.test(raw.trim());
}

/**
 * Flickr's normalised form of a tag (the one in URLs and listings): plain tags lower-cased without
 * spaces or punctuation, machine tags lower-cased with quotes removed.
 *
 * @example
 * ```ts
 * normaliseTag("New York"); // "newyork"
 * normaliseTag("geo:lat=38.7"); // "geo:lat=38.7"
 * ```
 */
export function normaliseTag(raw: string): string {
  const t = raw.trim();
  if (isMachineTag(t)) return t.toLowerCase().replace(/"/g, "");
  return t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

/**
 * `[is_public, is_friend, is_family]` from the export's privacy word. Flickr writes "friend &
 * family" for friends-only and family-only photos alike (and for both): not public, but which of
 * the two is unknown, so those stay null. A word not known here leaves all three null: unknown,
 * which every reader treats as not public.
 */
export function privacyFlags(
  privacy: unknown,
): [number, number, number] | [0, null, null] | [null, null, null] {
  const p = (text(privacy) ?? "").toLowerCase().replace(/\s+/g, " ").trim();
  if (p === "public") return [1, 0, 0];
  if (p === "private" || p === "only you") return [0, 0, 0];
  if (p === "friends" || p === "friends only") return [0, 1, 0];
  if (p === "family" || p === "family only") return [0, 0, 1];
  if (/^friends? ?(&|and|&amp;) ?family$/.test(p)) return [0, null, null];
  return [null, null, null];
}

/** Flickr's safety level (0 safe, 1 moderate, 2 restricted) from the export's word. */
export function safetyLevel(safety: unknown): number | null {
  const s = (text(safety) ?? "").toLowerCase().trim();
  return s === "safe" ? 0 : s === "moderate" ? 1 : s === "restricted" ? 2 : null;
}

/** The export's EXIF in `flickr.photos.getExif`'s shape, so the viewer reads both alike. */
export function exportExif(
  exif: unknown,
): {
  tagspace: string;
  tag: string;
  label: string;
  raw: { _content: string };
  clean?: { _content: string };
}[] {
  if (!exif || typeof exif !== "object" || Array.isArray(exif)) return [];
  const out = [];
  for (const [key, value] of Object.entries(exif as Record<string, unknown>)) {
    if (!value || typeof value !== "object") continue;
    const v = value as Record<string, unknown>;
    const [tagspace, tag] = key.includes(":") ? key.split(":", 2) : ["", key];
    const raw = text(v.raw_value) ?? text(v.value) ?? "";
    const clean = text(v.value);
    out.push({
      tagspace,
      tag,
      label: text(v.label) ?? tag,
      raw: { _content: raw },
      ...(clean !== undefined && clean !== raw ? { clean: { _content: clean } } : {}),
    });
  }
  return out;
}

/** Maps one export record. `now` is the ISO time stamped on new rows. */
export function mapPhoto(rec: ExportPhotoJson, account: AccountIdentity, now: string): MappedPhoto {
  const id = String(rec.id);
  const original = parseOriginalUrl(rec.original);
  const nsidOf = (v: unknown): string | undefined => {
    const seg = personSegment(v);
    if (!seg) return undefined;
    if (isNsid(seg)) return seg;
    return account.pathAlias && seg === account.pathAlias ? account.nsid : undefined;
  };
  const people = new Map<string, NewPerson>();
  const mention = (nsid: string | undefined, extra: Partial<NewPerson> = {}) => {
    if (!nsid || nsid === account.nsid) return;
    people.set(nsid, { ...people.get(nsid), nsid, updated_at: now, ...extra });
  };

  const comments: ChildRows<NewComment>[] = [];
  list<Record<string, unknown>>(rec.comments).forEach((c, k) => {
    const author = nsidOf(c.user) ?? text(c.user) ?? "";
    mention(isNsid(author) ? author : undefined);
    comments.push({
      id: text(c.id) || `${id}-export-${k}`,
      author,
      authorname: null,
      realname: null,
      date_create: exportTime(c.date),
      permalink: text(c.url) ?? null,
      html: text(c.comment) ?? "",
      raw_json: JSON.stringify(c),
    });
  });

  const tags: ChildRows<NewTag>[] = [];
  const seenTags = new Set<string>();
  for (const t of list<Record<string, unknown>>(rec.tags)) {
    const raw = text(t.tag)?.trim();
    if (!raw) continue;
    const tag = normaliseTag(raw);
    if (!tag || seenTags.has(tag)) continue;
    seenTags.add(tag);
    tags.push({ tag, raw, author: nsidOf(t.user) ?? null, is_machine: isMachineTag(raw) ? 1 : 0 });
  }

  const notes: ChildRows<NewNote>[] = [];
  list<Record<string, unknown>>(rec.notes).forEach((n, k) => {
    const author = nsidOf(n.user ?? n.author);
    mention(author);
    notes.push({
      id: text(n.id) || `${id}-note-${k}`,
      author: author ?? text(n.user) ?? null,
      authorname: null,
      x: int(n.x) ?? 0,
      y: int(n.y) ?? 0,
      w: int(n.w) ?? 0,
      h: int(n.h) ?? 0,
      text: text(n.note) ?? text(n.text) ?? "",
    });
  });

  const photoPeople: ChildRows<NewPhotoPerson>[] = [];
  for (const p of list<Record<string, unknown>>(rec.people)) {
    const nsid = (text(p.nsid) && isNsid(text(p.nsid)!) ? text(p.nsid) : undefined) ??
      nsidOf(p.userurl);
    if (!nsid) continue;
    const alias = personSegment(p.userurl);
    mention(nsid, {
      ...(text(p.username) ? { username: text(p.username) } : {}),
      ...(alias && !isNsid(alias) ? { path_alias: alias } : {}),
    });
    photoPeople.push({
      nsid,
      added_by: null,
      x: int(p.x),
      y: int(p.y),
      w: int(p.w),
      h: int(p.h),
    });
  }

  const groups = list<Record<string, unknown>>(rec.groups)
    .map((g) => ({ id: text(g.id) ?? "", name: text(g.name) ?? "", url: text(g.url) ?? null }))
    .filter((g) => g.id !== "");

  const geo = rec.geo && !Array.isArray(rec.geo) ? rec.geo : undefined;
  const lat = int(geo?.latitude);
  const lon = int(geo?.longitude);
  const hasGeo = lat !== null && lon !== null && !(lat === 0 && lon === 0);
  const [isPublic, isFriend, isFamily] = privacyFlags(rec.privacy);
  const countComments = int(rec.count_comments) ?? comments.length;
  // A record without a count says nothing of faves: unknown, fetched once by a later `archive`.
  const countFaves = int(rec.count_faves);
  const exif = exportExif(rec.exif);
  const exifValue = (k: string) => exif.find((e) => `${e.tagspace}:${e.tag}` === k)?.raw._content;
  const dateTaken = text(rec.date_taken);
  const taggedNormalised = tags.map((t) => t.tag);
  const rotation = int(rec.rotation);

  const item: NewItem = {
    id,
    owner: account.nsid,
    media: original.isVideo ? "video" : "photo",
    is_mine: 1,
    title: text(rec.name) ?? "",
    description: text(rec.description) ?? "",
    date_taken: dateTaken && !dateTaken.startsWith("0000") ? dateTaken : null,
    date_uploaded: exportTime(rec.date_imported),
    license: licenseId(rec.license),
    is_public: isPublic,
    is_friend: isFriend,
    is_family: isFamily,
    safety_level: safetyLevel(rec.safety),
    views: int(rec.count_views),
    count_comments: countComments,
    count_faves: countFaves,
    // As Flickr lists them: every normalised tag in `tags`, the machine ones again apart.
    tags: taggedNormalised.join(" "),
    machine_tags: tags.filter((t) => t.is_machine === 1).map((t) => t.tag).join(" "),
    latitude: hasGeo ? lat! / 1e6 : null,
    longitude: hasGeo ? lon! / 1e6 : null,
    accuracy: hasGeo ? int(geo?.accuracy) : null,
    server: original.server ?? null,
    original_secret: original.secret ?? null,
    original_format: original.format ?? null,
    rotation,
    path_alias: account.pathAlias || null,
    has_people: photoPeople.length > 0 ? 1 : undefined,
    photopage_url: text(rec.photopage) ?? null,
    exif_json: exif.length > 0 ? JSON.stringify(exif) : undefined,
    exif_source: exif.length > 0 ? "export" : undefined,
    camera_make: exifValue("IFD0:Make"),
    camera_model: exifValue("IFD0:Model"),
    listing_json: "{}",
    // Nothing left to fetch is marked synced; anything else stays null (fetched later).
    // Only an empty list is complete: the API's list names each commenter and says who deleted
    // their account, which the export's NSIDs do not, so `archive` fetches the others once.
    comments_synced: countComments === 0 && comments.length === 0 ? 0 : undefined,
    faves_synced: countFaves === 0 ? 0 : undefined,
    first_seen_at: now,
    updated_at: now,
  };
  return { item, comments, tags, notes, photoPeople, people: [...people.values()], groups };
}
