/**
 * An item's place as one line, from the most local name to the country: "Mitte, Berlin, Germany".
 * @module
 */

/** The place names of an item, any of them unknown (null). */
export interface PlaceNames {
  neighbourhood: string | null;
  locality: string | null;
  county: string | null;
  region: string | null;
  country: string | null;
}

/** The known names, most local first, joined with ", "; "" when none is known. */
export function placeName(item: PlaceNames): string {
  return [item.neighbourhood, item.locality, item.county, item.region, item.country]
    .filter((p): p is string => p !== null && p.trim() !== "").join(", ");
}
