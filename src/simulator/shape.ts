/**
 * The structure of a JSON answer, without its values: every key path with what sits there
 * (`object`, `array` or `scalar`). Array elements share one path segment `[]`. Used to compare the
 * simulator's answers with real Flickr responses key by key.
 *
 * Tested by src/simulator/conformance_test.ts.
 *
 * @example
 * ```ts
 * shapeOf({ photos: { photo: [{ id: "1" }] } });
 * // Map { "photos" => "object", "photos.photo" => "array", "photos.photo[].id" => "scalar" }
 * ```
 * @module
 */

/** What sits at a path. */
export type Kind = "object" | "array" | "scalar";

/**
 * Element names that are lists in Flickr's JSON. XML cannot tell one repeated element from a list
 * of one, so a single object under one of these names counts as a list of one.
 */
export const LIST_NAMES: ReadonlySet<string> = new Set([
  "photo",
  "person",
  "comment",
  "note",
  "tag",
  "url",
  "size",
  "exif",
  "license",
  "photoset",
  "gallery",
  "group",
  "collection",
  "set",
]);

/** Paths and kinds of a JSON value. */
export function shapeOf(
  value: unknown,
  prefix = "",
  out: Map<string, Kind> = new Map(),
): Map<string, Kind> {
  const name = prefix.split(".").pop()!.replace("[]", "");
  if (
    !Array.isArray(value) && value !== null && typeof value === "object" && LIST_NAMES.has(name) &&
    prefix.includes(".") && !prefix.endsWith("[]")
  ) {
    value = [value];
  }
  if (Array.isArray(value)) {
    if (prefix) out.set(prefix, "array");
    for (const v of value) shapeOf(v, `${prefix}[]`, out);
  } else if (value !== null && typeof value === "object") {
    if (prefix) out.set(prefix, "object");
    for (const [k, v] of Object.entries(value)) shapeOf(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, "scalar");
  }
  return out;
}
