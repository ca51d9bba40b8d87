/**
 * Where `export` puts each copy: folders named after album titles (made safe for every common file
 * system, and unique), or after the date taken; favourites of others' photos in their own folder.
 * @module
 */
import { basename } from "node:path";
import type { Catalog } from "../catalog/db.ts";
import type { SidecarFile, SidecarItem } from "../catalog/sidecar_items.ts";

/** How the copies are arranged. */
export type ExportLayout = "album" | "date";

// deno-lint-ignore no-control-regex -- control characters are what must not reach a file name
const FOLDER_UNSAFE = /[\u0000-\u001f<>:"/\\|?*\u007f]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** A title as one folder name that every common file system accepts. */
export function folderName(title: string, fallback: string): string {
  let name = title.replace(FOLDER_UNSAFE, "_").replace(/\s+/g, " ").trim()
    .replace(/^\.+/, "").replace(/[. ]+$/, "");
  // 255 bytes is the usual limit of one name; leave room for " (id)".
  while (new TextEncoder().encode(name).length > 200) name = [...name].slice(0, -1).join("");
  // A cut may end the name in a space or a dot, which Windows drops from a folder's name.
  name = name.replace(/[. ]+$/, "");
  if (!name || WINDOWS_RESERVED.test(name)) name = fallback;
  return name;
}

/** Folders for albums: titles, made unique (by album id) where two albums share one. */
export async function albumFolders(catalog: Catalog): Promise<Map<string, string>> {
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
export function placesOf(
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
