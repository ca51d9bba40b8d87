/**
 * Flickr's licences (ids 0–16, named as `flickr.photos.licenses.getInfo` names them) and the names
 * the data export writes in place of the id, in their long and short forms. The one table: the
 * import records it for an archive the API never filled, and the viewer falls back on it for an
 * id the catalog has no row for.
 * @module
 */

/** One Flickr licence. */
export interface FlickrLicense {
  id: number;
  name: string;
  url: string;
  /** Other names the export may use for it (short Creative Commons forms). */
  aliases: string[];
}

/** Flickr's licences. */
export const FLICKR_LICENSES: readonly FlickrLicense[] = [
  { id: 0, name: "All Rights Reserved", url: "", aliases: ["©", "Copyright"] },
  {
    id: 1,
    name: "Attribution-NonCommercial-ShareAlike License",
    url: "https://creativecommons.org/licenses/by-nc-sa/2.0/",
    aliases: ["CC BY-NC-SA 2.0", "Attribution-NonCommercial-ShareAlike"],
  },
  {
    id: 2,
    name: "Attribution-NonCommercial License",
    url: "https://creativecommons.org/licenses/by-nc/2.0/",
    aliases: ["CC BY-NC 2.0", "Attribution-NonCommercial"],
  },
  {
    id: 3,
    name: "Attribution-NonCommercial-NoDerivs License",
    url: "https://creativecommons.org/licenses/by-nc-nd/2.0/",
    aliases: ["CC BY-NC-ND 2.0", "Attribution-NonCommercial-NoDerivs"],
  },
  {
    id: 4,
    name: "Attribution License",
    url: "https://creativecommons.org/licenses/by/2.0/",
    aliases: ["CC BY 2.0", "Attribution"],
  },
  {
    id: 5,
    name: "Attribution-ShareAlike License",
    url: "https://creativecommons.org/licenses/by-sa/2.0/",
    aliases: ["CC BY-SA 2.0", "Attribution-ShareAlike"],
  },
  {
    id: 6,
    name: "Attribution-NoDerivs License",
    url: "https://creativecommons.org/licenses/by-nd/2.0/",
    aliases: ["CC BY-ND 2.0", "Attribution-NoDerivs"],
  },
  {
    id: 7,
    name: "No known copyright restrictions",
    url: "https://www.flickr.com/commons/usage/",
    aliases: [],
  },
  {
    id: 8,
    name: "United States Government Work",
    url: "http://www.usa.gov/copyright.shtml",
    aliases: [],
  },
  {
    id: 9,
    name: "Public Domain Dedication (CC0)",
    url: "https://creativecommons.org/publicdomain/zero/1.0/",
    aliases: ["CC0", "CC0 1.0", "Public Domain Dedication"],
  },
  {
    id: 10,
    name: "Public Domain Mark",
    url: "https://creativecommons.org/publicdomain/mark/1.0/",
    aliases: ["Public Domain Mark 1.0"],
  },
  {
    id: 11,
    name: "CC BY 4.0",
    url: "https://creativecommons.org/licenses/by/4.0/",
    aliases: ["Attribution 4.0 International"],
  },
  {
    id: 12,
    name: "CC BY-SA 4.0",
    url: "https://creativecommons.org/licenses/by-sa/4.0/",
    aliases: ["Attribution-ShareAlike 4.0 International"],
  },
  {
    id: 13,
    name: "CC BY-ND 4.0",
    url: "https://creativecommons.org/licenses/by-nd/4.0/",
    aliases: ["Attribution-NoDerivs 4.0 International"],
  },
  {
    id: 14,
    name: "CC BY-NC 4.0",
    url: "https://creativecommons.org/licenses/by-nc/4.0/",
    aliases: ["Attribution-NonCommercial 4.0 International"],
  },
  {
    id: 15,
    name: "CC BY-NC-SA 4.0",
    url: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    aliases: ["Attribution-NonCommercial-ShareAlike 4.0 International"],
  },
  {
    id: 16,
    name: "CC BY-NC-ND 4.0",
    url: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    aliases: ["Attribution-NonCommercial-NoDerivs 4.0 International"],
  },
];

function key(name: string): string {
  return name.toLowerCase().replace(/\blicen[cs]e\b/g, "").replace(/[^a-z0-9©]+/g, "");
}

const BY_NAME = new Map<string, number>();
for (const l of FLICKR_LICENSES) {
  for (const n of [l.name, ...l.aliases]) BY_NAME.set(key(n), l.id);
}

/**
 * The licence id for a name the export wrote; `null` for null, empty or unknown names (an unknown
 * licence is not guessed).
 *
 * @example
 * ```ts
 * licenseId("Attribution-NonCommercial License"); // 2
 * licenseId("CC BY-NC-SA 4.0"); // 15
 * ```
 */
export function licenseId(name: unknown): number | null {
  if (typeof name === "number" && Number.isInteger(name) && name >= 0 && name <= 16) return name;
  if (typeof name !== "string" || name.trim() === "") return null;
  if (/^\d+$/.test(name.trim())) {
    const n = Number(name.trim());
    return n <= 16 ? n : null;
  }
  return BY_NAME.get(key(name)) ?? null;
}

/** The licence with this id, or undefined for an id Flickr does not list. */
export function licenseById(id: number): FlickrLicense | undefined {
  return FLICKR_LICENSES.find((l) => l.id === id);
}
