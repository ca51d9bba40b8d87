/**
 * The bytes of every file the simulator serves, derived from the account: JPEGs for each size
 * (originals carry EXIF consistent with the API: camera, DateTimeOriginal, GPS), MP4s for video
 * streams, buddy icons. Generated on demand, kept in a bounded cache, and hashed lazily so that the
 * truth can carry each original's sha256.
 *
 * Tested by src/simulator/account_test.ts, src/simulator/conformance_test.ts and
 * src/simulator/export_test.ts.
 * @module
 */
import { createHash } from "node:crypto";
import type { Account, Item } from "./account.ts";
import { exifOf } from "./exif.ts";
import { buddyIcon, defaultBuddyIcon, jpegFile, mp4File } from "./media.ts";
import { dimensions, type SizeSpec } from "./sizes.ts";

const CACHE_LIMIT = 192 * 1024 * 1024;

/** Makes, caches and hashes the simulator's files. */
export class FileStore {
  #cache = new Map<string, Uint8Array>();
  #bytes = 0;
  #sha256 = new Map<string, string>();
  #md5 = new Map<string, string>();

  /** `originalBytes`: photo originals grown to about this size (see `jpegFile`'s `padTo`). */
  constructor(readonly account: Account, readonly originalBytes?: number) {}

  #cached(key: string, make: () => Uint8Array): Uint8Array {
    const hit = this.#cache.get(key);
    if (hit) return hit;
    const bytes = make();
    this.#cache.set(key, bytes);
    this.#bytes += bytes.length;
    for (const [k, v] of this.#cache) {
      if (this.#bytes <= CACHE_LIMIT) break;
      this.#cache.delete(k);
      this.#bytes -= v.length;
    }
    return bytes;
  }

  /** The JPEG of one size of an item (the original with EXIF). */
  image(item: Item, spec: SizeSpec): Uint8Array {
    const secret = spec.suffix === "o" ? item.originalsecret : item.secret;
    const key = `${item.id}_${secret}_${spec.suffix || "m5"}`;
    return this.#cached(key, () => {
      const [width, height] = dimensions(item, spec);
      const exif = spec.suffix === "o" && item.media === "photo" ? exifOf(item) : undefined;
      const original = spec.suffix === "o" && item.media === "photo";
      const bytes = jpegFile({
        width,
        height,
        key,
        exif,
        padTo: original ? this.originalBytes : undefined,
      });
      // Hash originals as they are made, so the truth after a download run costs no regeneration.
      if (original) this.#remember(item, bytes);
      return bytes;
    });
  }

  /** The MP4 of a video stream (`orig` is the original upload). */
  video(item: Item, stream: string): Uint8Array {
    const secret = stream === "orig" ? item.originalsecret : item.secret;
    const key = `${item.id}_${secret}_${stream}`;
    return this.#cached(key, () => {
      const bytes = mp4File({ key });
      if (stream === "orig") this.#remember(item, bytes);
      return bytes;
    });
  }

  #remember(item: Item, bytes: Uint8Array): void {
    this.#sha256.set(
      `${item.id}_${item.originalsecret}`,
      createHash("sha256").update(bytes).digest("hex"),
    );
  }

  /** A person's buddy icon. */
  buddyIcon(nsid: string): Uint8Array {
    return this.#cached(`buddy:${nsid}`, () => buddyIcon(nsid));
  }

  /** The stand-in for `www.flickr.com/images/buddyicon.gif`. */
  defaultBuddyIcon(): Uint8Array {
    return this.#cached("buddy:default", () => defaultBuddyIcon());
  }

  #fetchable(item: Item): boolean {
    if (item.media === "video") return item.video?.originalFetchable === true;
    return item.canDownload && !this.account.limitedTo1024(item);
  }

  /** The original's bytes as a client can fetch them, or undefined when it cannot. */
  original(item: Item): Uint8Array | undefined {
    if (!this.#fetchable(item)) return undefined;
    return this.#originalBytes(item);
  }

  /**
   * The original as Flickr's data export carries it: photos always (a free account's too, which
   * the API and the CDN limit to 1,024 px); videos only where the CDN serves the original.
   */
  exportOriginal(item: Item): Uint8Array | undefined {
    if (item.media === "video" && !item.video?.originalFetchable) return undefined;
    return this.#originalBytes(item);
  }

  #originalBytes(item: Item): Uint8Array {
    if (item.media === "video") return this.video(item, "orig");
    return this.image(item, { label: "Original", suffix: "o", extra: "o", edge: 0, page: "o" });
  }

  /** sha256 (hex) of the fetchable original, or null; cached per original secret. */
  originalSha256(item: Item): string | null {
    // An original made only for its md5 (a checksum tag) is no original a client can fetch.
    if (!this.#fetchable(item)) return null;
    const key = `${item.id}_${item.originalsecret}`;
    const hit = this.#sha256.get(key);
    if (hit !== undefined) return hit;
    const bytes = this.original(item);
    if (!bytes) return null;
    return this.#sha256.get(key) ?? createHash("sha256").update(bytes).digest("hex");
  }

  /** md5 (hex) of the original, for `checksum:md5=` machine tags. */
  originalMd5(item: Item): string {
    const key = `${item.id}_${item.originalsecret}`;
    const hit = this.#md5.get(key);
    if (hit !== undefined) return hit;
    const bytes = this.image(item, {
      label: "Original",
      suffix: "o",
      extra: "o",
      edge: 0,
      page: "o",
    });
    const hex = createHash("md5").update(bytes).digest("hex");
    this.#md5.set(key, hex);
    return hex;
  }
}
