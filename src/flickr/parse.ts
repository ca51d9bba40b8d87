/**
 * Defensive readers for Flickr's JSON. Flickr maps its XML to JSON loosely: numbers arrive as
 * numbers or strings (`"width":75` beside `"width":"150"`), unknown values as `""` or `null`,
 * element text as `{"_content": ...}`, and a repeated element that happens to occur once may be an
 * object rather than an array. Every reader here accepts all of those and answers `undefined` for
 * "not known" rather than throwing.
 *
 * @example
 * ```ts
 * toInt("1270"); // 1270
 * toInt(""); // undefined
 * text({ _content: "Sunset" }); // "Sunset"
 * ```
 * @module
 */

/** A JSON object as Flickr sends it. */
export type Json = Record<string, unknown>;

/** Unwraps `{"_content": v}` to `v`; other values are returned as they are. */
export function content(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "_content" in value) {
    return (value as Json)._content;
  }
  return value;
}

/** A whole number from a number, a numeric string or `{_content}`; `undefined` when absent or not whole. */
export function toInt(value: unknown): number | undefined {
  const n = toNumber(value);
  return n !== undefined && Number.isInteger(n) ? n : undefined;
}

/** A finite number from a number, a numeric string or `{_content}`; `undefined` for `""`, null or junk. */
export function toNumber(value: unknown): number | undefined {
  const v = content(value);
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string") {
    const s = v.trim();
    if (s === "") return undefined;
    const n = Number(s);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/**
 * A boolean from Flickr's `1`/`0`, `"1"`/`"0"`, `true`/`false`, `"true"`/`"false"` or `"yes"`/`"no"`;
 * `undefined` when absent or unrecognised.
 */
export function toBool(value: unknown): boolean | undefined {
  const v = content(value);
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "1" || s === "true" || s === "yes") return true;
    if (s === "0" || s === "false" || s === "no") return false;
  }
  return undefined;
}

/**
 * A string from a string, a number or `{_content}`; `undefined` for `""`, null and anything else.
 * Use {@link textOrEmpty} where an empty string is meaningful (titles, descriptions).
 */
export function text(value: unknown): string | undefined {
  const v = content(value);
  if (typeof v === "string") return v === "" ? undefined : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Like {@link text}, but `""` when absent: for titles and descriptions, which may be empty. */
export function textOrEmpty(value: unknown): string {
  return text(value) ?? "";
}

/** An identifier (photo id, NSID...) as a string, whatever JSON type it arrived as. */
export function id(value: unknown): string | undefined {
  return text(value);
}

/** The object itself, or `undefined` when the value is not a plain object. */
export function obj(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Json
    : undefined;
}

/**
 * The items of a repeated element: an array as it is, a single object as a one-item array,
 * and nothing (absent, `null`, `""`) as an empty array. Non-object items are dropped.
 */
export function list(value: unknown): Json[] {
  if (Array.isArray(value)) return value.filter((v): v is Json => obj(v) !== undefined);
  const o = obj(value);
  return o ? [o] : [];
}

/** A Unix time in seconds (as Flickr sends dates) to an ISO string; `undefined` for 0 or junk. */
export function unixToIso(value: unknown): string | undefined {
  const n = toInt(value);
  if (n === undefined || n <= 0) return undefined;
  return new Date(n * 1000).toISOString();
}
