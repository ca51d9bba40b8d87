/**
 * The folder chooser of the export door: where Flickr's export zips are on this computer. It looks
 * in the usual places (Downloads, Desktop, the home folder, one level below Downloads and Desktop,
 * and the folders chosen before) and in any folder the person types, and tells only names: the
 * subfolders, and the zips whose names are those of Flickr's export (`<digits>_<hex>_partN.zip`,
 * `data-download-N.zip`, `data_<digits>_<hex>_N.zip`) with their sizes. It never reads a file.
 *
 * The import is then given those zips, not the folder: a Downloads folder holds other zips and
 * files that an import of the whole folder would trip over.
 * @module
 */
import { isAbsolute, join, resolve } from "node:path";
import { photoJsonId, zipNumber } from "../import/sources.ts";

/** One zip of Flickr's export. */
export interface ExportZip {
  name: string;
  bytes: number;
  kind: "metadata" | "media";
}

/** What a folder holds, as far as the chooser tells. */
export interface FolderView {
  /** Absolute path. */
  path: string;
  /** The export's zips directly inside, by name. */
  zips: ExportZip[];
  /** Whether unpacked export files (`photo_<id>.json`) lie directly inside. */
  unpacked: boolean;
  /** Subfolders (hidden ones left out), by name; at most {@link MAX_LISTED}. */
  folders: string[];
  /** More subfolders than listed. */
  moreFolders: number;
  /** Why it cannot be listed, in words, when it cannot. */
  problem?: string;
}

/** Entries looked at per folder, and subfolders listed. */
const MAX_ENTRIES = 5000;
export const MAX_LISTED = 300;

/** Whether the folder holds something to import. */
export function holdsExport(view: FolderView): boolean {
  return view.zips.length > 0 || view.unpacked;
}

/** What to hand `import` for a folder: its export zips, or the folder of unpacked files. */
export function importInputs(view: FolderView): string[] {
  if (view.zips.length > 0) return view.zips.map((z) => join(view.path, z.name));
  return view.unpacked ? [view.path] : [];
}

/** Lists `path` (see the module doc). */
export async function listFolder(path: string): Promise<FolderView> {
  const view: FolderView = { path, zips: [], unpacked: false, folders: [], moreFolders: 0 };
  let seen = 0;
  try {
    for await (const e of Deno.readDir(path)) {
      if (++seen > MAX_ENTRIES) break;
      if (e.name.startsWith(".")) continue;
      if (e.isDirectory) {
        if (view.folders.length < MAX_LISTED) view.folders.push(e.name);
        else view.moreFolders++;
        continue;
      }
      if (!e.isFile) continue;
      const number = zipNumber(e.name);
      if (number) {
        const { size } = await Deno.stat(join(path, e.name)).catch(() => ({ size: 0 }));
        view.zips.push({ name: e.name, bytes: size, kind: number.kind });
      } else if (photoJsonId(e.name)) view.unpacked = true;
    }
  } catch (e) {
    view.problem = e instanceof Deno.errors.NotFound
      ? "there is no such folder"
      : e instanceof Deno.errors.NotADirectory
      ? "it is a file, not a folder"
      : e instanceof Deno.errors.PermissionDenied
      ? "this user may not open it"
      : (e as Error).message.replace(/ \(os error \d+\).*$/s, "");
  }
  const byName = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });
  view.folders.sort(byName);
  view.zips.sort((a, b) => byName(a.name, b.name));
  return view;
}

/** The person's home folder (HOME, or USERPROFILE on Windows), if known. */
export function homeFolder(
  env: { get(key: string): string | undefined } = Deno.env,
): string | undefined {
  return env.get("HOME") || env.get("USERPROFILE") || undefined;
}

/**
 * A typed path as an absolute one: quotes a file manager adds are dropped, `~` is the home
 * folder, and a relative path is taken from the home folder (where a person thinks from).
 */
export function typedPath(input: string, home: string | undefined): string | undefined {
  let s = input.trim();
  if (/^(["']).*\1$/.test(s)) s = s.slice(1, -1).trim();
  if (s === "") return undefined;
  if (home && (s === "~" || s.startsWith("~/") || s.startsWith("~\\"))) {
    return resolve(home, s.slice(2));
  }
  if (isAbsolute(s)) return resolve(s);
  return home ? resolve(home, s) : resolve(s);
}

/**
 * The folders that hold an export, among the usual places and `remembered` (each listed once,
 * remembered ones first).
 */
export async function foldersWithExports(
  home: string | undefined,
  remembered: readonly string[] = [],
): Promise<FolderView[]> {
  const places = [...remembered];
  const below: string[] = [];
  if (home) {
    for (const name of ["Downloads", "Desktop"]) {
      places.push(join(home, name));
      below.push(join(home, name));
    }
    places.push(home);
  }
  const found: FolderView[] = [];
  const looked = new Set<string>();
  const look = async (path: string) => {
    const abs = resolve(path);
    if (looked.has(abs)) return undefined;
    looked.add(abs);
    const view = await listFolder(abs);
    if (holdsExport(view)) found.push(view);
    return view;
  };
  for (const place of places) await look(place);
  for (const parent of below) {
    const view = await listFolder(parent);
    for (const name of view.folders.slice(0, 50)) await look(join(parent, name));
  }
  return found;
}
