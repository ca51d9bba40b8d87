/**
 * `checksum:md5=<hex>` machine tags: a convention some uploaders (and upload tools) use to record
 * the MD5 of the file they uploaded. The archive checks an item's original against its own tag
 * (src/archive/checksum.ts) and finds the item whose bytes another item's tag names (duplicates.ts).
 * @module
 */

const TAG = /(?:^|\s)checksum:md5=([0-9a-f]{32})(?=\s|$)/i;

/**
 * The MD5 a `checksum:md5=` machine tag records, lower-case, or undefined when there is none.
 *
 * @example
 * ```ts
 * checksumTag("camera:make=canon checksum:md5=0CC175B9C0F1B6A831C399E269772661");
 * // "0cc175b9c0f1b6a831c399e269772661"
 * ```
 */
export function checksumTag(tags: string | readonly string[]): string | undefined {
  const text = typeof tags === "string" ? tags : tags.join(" ");
  return TAG.exec(text)?.[1].toLowerCase();
}
