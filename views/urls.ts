/**
 * URLs of the viewer's pages and files, in one place so that views and routes agree.
 * @module
 */
import type { Thumb } from "../src/catalog/browse.ts";

/** A file by catalog id; the sha256 prefix makes the URL change whenever the bytes do. */
export function fileUrl(
  file: { fileId: number; sha256: string } | { id: number; sha256: string },
): string {
  const id = "fileId" in file ? file.fileId : file.id;
  return `/files/${id}?v=${file.sha256.slice(0, 12)}`;
}

/**
 * An original shown with EXIF orientation `turn` (see src/catalog/turn.ts), or as it is when
 * `turn` is null: the viewer serves it turned, the site links a turned copy.
 */
export function originalUrl(
  file: { id: number; sha256: string },
  turn: number | null,
): string {
  return turn === null ? fileUrl(file) : `${fileUrl(file)}&turn=${turn}`;
}

/** The thumbnail URL of a grid item, or null. */
export function thumbUrl(thumb: Thumb | null): string | null {
  return thumb ? fileUrl(thumb) : null;
}

/**
 * The viewer's fixed pages. A page with an id has a builder below and a route pattern in
 * {@link PATTERNS}; `urls_test.ts` checks that each builder's URLs match its pattern.
 */
export const URLS = {
  stream: "/",
  timeline: "/timeline",
  favorites: "/favorites",
  albums: "/albums",
  collections: "/collections",
  galleries: "/galleries",
  groups: "/groups",
  tags: "/tags",
  machineTags: "/tags?machine=1",
  people: "/people",
  search: "/search",
  status: "/status",
  manualVideos: "/videos/manual",
  duplicates: "/duplicates",
} as const;

/** Hono route patterns of the pages with an id, in the form of the builders below. */
export const PATTERNS = {
  photo: "/photos/:id",
  album: "/albums/:id",
  gallery: "/galleries/:id",
  group: "/groups/:id",
  tag: "/tags/:tag",
  person: "/people/:nsid",
  /** A person's comments or one of their lists (`faved`, `tagged`, `favorites`). */
  personSection: (section: string) => `/people/:nsid/${section}`,
} as const;

/** The photostream in `order` (the default order, taken, is the bare `/`). */
export function streamUrl(order: "taken" | "uploaded" = "taken"): string {
  return order === "uploaded" ? `${URLS.stream}?order=uploaded` : URLS.stream;
}

/** The list of tags, or of machine tags. */
export function tagsUrl(machine: boolean): string {
  return machine ? URLS.machineTags : URLS.tags;
}

/** An album's page. */
export function albumUrl(id: string): string {
  return `/albums/${encodeURIComponent(id)}`;
}

/** A gallery's page. */
export function galleryUrl(id: string): string {
  return `/galleries/${encodeURIComponent(id)}`;
}

/** A group's page (the person's photos in its pool). */
export function groupUrl(id: string): string {
  return `/groups/${encodeURIComponent(id)}`;
}

/** A person's comments (`comments`) or one of their lists (`faved`, `tagged`, `favorites`). */
export function personSectionUrl(nsid: string, section: string): string {
  return `${personUrl(nsid)}/${section}`;
}

/** A photo page, opened from the list named by `inList` (an `?in=` value). */
export function photoUrl(id: string, inList?: string | null): string {
  return `/photos/${encodeURIComponent(id)}${inList ? `?in=${encodeURIComponent(inList)}` : ""}`;
}

/** A current file of an item by kind (original, display, thumb, video). */
export function mediaUrl(id: string, kind: string): string {
  return `/media/${encodeURIComponent(id)}/${kind}`;
}

/** A person's avatar. */
export function avatarUrl(nsid: string): string {
  return `/avatars/${encodeURIComponent(nsid)}`;
}

/** A person's page. */
export function personUrl(nsid: string): string {
  return `/people/${encodeURIComponent(nsid)}`;
}

/** A tag's page. */
export function tagUrl(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}

/** `path` with these query parameters set (undefined or null removes one). */
export function withQuery(
  path: string,
  params: Record<string, string | number | null | undefined>,
): string {
  const [base, query = ""] = path.split("?");
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === "") q.delete(k);
    else q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

/** The JSON twin of a page's URL: every page answers JSON to `?format=json`. */
export function jsonTwinUrl(url: string): string {
  return withQuery(url, { format: "json" });
}
