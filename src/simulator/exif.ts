/**
 * The EXIF of an item's original: what the JPEG carries (camera, DateTimeOriginal, GPS, as the
 * API says) and the tags Flickr lists for it in `flickr.photos.getExif` and in the export.
 *
 * Tested by src/simulator/account_test.ts, src/simulator/conformance_test.ts and
 * src/simulator/export_test.ts.
 * @module
 */
import type { Item } from "./account.ts";
import type { ExifSpec } from "./media_exif.ts";

/** The EXIF an item's original carries, or undefined when it has none (scans, unknown dates). */
export function exifOf(item: Item): ExifSpec | undefined {
  if (!item.camera) return undefined;
  return {
    make: item.camera.make,
    model: item.camera.model,
    dateTimeOriginal: item.datetaken.replace(/^(\d{4})-(\d{2})-(\d{2})/, "$1:$2:$3"),
    gps: item.geo ? { latitude: item.geo.latitude, longitude: item.geo.longitude } : undefined,
    ...(item.orientation ? { orientation: item.orientation } : {}),
  };
}

/** One EXIF tag as Flickr lists it. */
export interface ExifTag {
  tagspace: string;
  tag: string;
  label: string;
  raw: string;
  /** The human form, when Flickr gives one ("72 dpi" for "72"). */
  clean?: string;
}

/** The tags Flickr lists for an original of `width` x `height` carrying `exif`, in its order. */
export function exifTags(item: Pick<Item, "width" | "height">, exif: ExifSpec): ExifTag[] {
  const tags: ExifTag[] = [
    { tagspace: "IFD0", tag: "Make", label: "Make", raw: exif.make },
    { tagspace: "IFD0", tag: "Model", label: "Model", raw: exif.model },
    ...(exif.orientation
      ? [{
        tagspace: "IFD0",
        tag: "Orientation",
        label: "Orientation",
        raw: ORIENTATION_NAMES[exif.orientation],
      }]
      : []),
    { tagspace: "IFD0", tag: "XResolution", label: "X-Resolution", raw: "72", clean: "72 dpi" },
    {
      tagspace: "ExifIFD",
      tag: "DateTimeOriginal",
      label: "Date and Time (Original)",
      raw: exif.dateTimeOriginal,
    },
    {
      tagspace: "ExifIFD",
      tag: "ExifImageWidth",
      label: "Exif Image Width",
      raw: String(item.width),
    },
    {
      tagspace: "ExifIFD",
      tag: "ExifImageHeight",
      label: "Exif Image Height",
      raw: String(item.height),
    },
  ];
  if (exif.gps) {
    const { latitude, longitude } = exif.gps;
    tags.push(
      { tagspace: "GPS", tag: "GPSLatitude", label: "Latitude", raw: dms(latitude, "N", "S") },
      { tagspace: "GPS", tag: "GPSLongitude", label: "Longitude", raw: dms(longitude, "E", "W") },
    );
  }
  return tags;
}

/** Orientations as Flickr lists them (its getExif: "Rotate 90 CW", as ExifTool names them). */
const ORIENTATION_NAMES: Record<number, string> = {
  1: "Horizontal (normal)",
  3: "Rotate 180",
  6: "Rotate 90 CW",
  8: "Rotate 270 CW",
};

/** A coordinate as ExifTool prints it: `38 deg 42' 1.23" N`. */
function dms(v: number, pos: string, neg: string): string {
  const a = Math.abs(v);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = ((a - d) * 60 - m) * 60;
  return `${d} deg ${m}' ${s.toFixed(2)}" ${v >= 0 ? pos : neg}`;
}
