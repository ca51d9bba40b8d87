/**
 * Whether an original must be shown turned otherwise than its own EXIF says, to look as Flickr
 * shows it (see src/xmp/orientation.ts for what Flickr's rotation means).
 * @module
 */
import { shownOrientation } from "../xmp/orientation.ts";

/** The item columns this needs. */
export interface TurnColumns {
  media: string;
  rotation: number | null;
  exif_source: string | null;
  exif_json: string | null;
}

/** The EXIF orientation the file's own EXIF says (1 when none); null when it was not read. */
export function fileOrientationOf(
  item: Pick<TurnColumns, "exif_source" | "exif_json">,
): number | null {
  if (item.exif_source !== "file") return null;
  try {
    const o = JSON.parse(item.exif_json ?? "{}")?.Orientation;
    return Number.isInteger(o) && o >= 1 && o <= 8 ? o : 1;
  } catch {
    return 1;
  }
}

/**
 * The EXIF orientation an item's original must be shown with to look as Flickr shows it, or null
 * when its own (as a browser applies it) already does, or Flickr's rotation is unknown.
 */
export function originalTurn(item: TurnColumns): number | null {
  if (item.media !== "photo") return null;
  const own = fileOrientationOf(item);
  const shown = shownOrientation(own, item.rotation);
  return shown !== null && shown !== (own ?? 1) ? shown : null;
}
