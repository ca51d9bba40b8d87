/**
 * Turning a photo the way Flickr shows it, without touching its pixels: the EXIF orientation
 * (1..8) a copy or sidecar should carry.
 *
 * Flickr's `rotation` (0, 90, 180, 270) is the whole clockwise turn from the original's stored
 * pixels to what Flickr shows: it already holds the turn Flickr read from the file's own EXIF
 * orientation at upload, plus any turn the owner made on Flickr since. Real answers say so: a
 * Canon PowerShot G12 original whose EXIF says "Rotate 90 CW" comes with `rotation` 90 and
 * portrait sized copies (janko/flickrie's recorded getInfo and getExif of photo 6946979188), and
 * a photo whose EXIF says "Rotate 180" comes with `rotation` 180 (beaulebens/keyring-social-
 * importers issue #20). Adding the EXIF turn to Flickr's would show every such photo upside down
 * or sideways, so the orientation written is Flickr's turn; only a mirroring, which `rotation`
 * cannot express, is kept from the file.
 * @module
 */

/** An EXIF orientation as a mirror (applied first, about the vertical axis) and a clockwise turn. */
interface Parts {
  mirror: boolean;
  turn: 0 | 90 | 180 | 270;
}

/** EXIF orientations 1..8 as their parts (the EXIF/TIFF specification's table). */
const PARTS: Record<number, Parts> = {
  1: { mirror: false, turn: 0 },
  2: { mirror: true, turn: 0 },
  3: { mirror: false, turn: 180 },
  4: { mirror: true, turn: 180 },
  5: { mirror: true, turn: 270 },
  6: { mirror: false, turn: 90 },
  7: { mirror: true, turn: 90 },
  8: { mirror: false, turn: 270 },
};

function orientationOf(p: Parts): number {
  for (const [k, v] of Object.entries(PARTS)) {
    if (v.mirror === p.mirror && v.turn === p.turn) return Number(k);
  }
  return 1;
}

/** Whether `n` is an EXIF orientation (1..8). */
export function isOrientation(n: unknown): n is number {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 8;
}

/**
 * The EXIF orientation that presents the original as Flickr shows it, from the file's own
 * orientation (null when the file has none or it is unknown: read as 1) and Flickr's rotation.
 * Null when Flickr's rotation is unknown or not a quarter turn: the file's own then stands.
 *
 * @example
 * ```ts
 * shownOrientation(6, 90); // 6: the file's turn, already in Flickr's
 * shownOrientation(1, 90); // 6: turned on Flickr
 * shownOrientation(6, 0);  // 1: turned back on Flickr
 * ```
 */
export function shownOrientation(
  fileOrientation: number | null,
  rotation: number | null,
): number | null {
  if (rotation === null || ![0, 90, 180, 270].includes(rotation)) return null;
  const mirror = isOrientation(fileOrientation) ? PARTS[fileOrientation].mirror : false;
  return orientationOf({ mirror, turn: rotation as Parts["turn"] });
}

/** Whether an orientation swaps width and height (5 to 8). */
export function swapsAxes(orientation: number | null): boolean {
  return orientation !== null && orientation >= 5 && orientation <= 8;
}

/**
 * A point given as fractions (0..1) of the image as shown under `orientation`, as fractions of
 * the image as stored: MWG regions are relative to the stored image (see the table in
 * docs/sidecars.md), Flickr's boxes to the image as shown.
 */
export function shownToStored(
  orientation: number | null,
  x: number,
  y: number,
): { x: number; y: number } {
  const p = PARTS[isOrientation(orientation) ? orientation : 1];
  // Undo the turn (clockwise by `turn` took stored to shown), then the mirror.
  let sx = x;
  let sy = y;
  switch (p.turn) {
    case 90:
      [sx, sy] = [y, 1 - x];
      break;
    case 180:
      [sx, sy] = [1 - x, 1 - y];
      break;
    case 270:
      [sx, sy] = [1 - y, x];
      break;
  }
  if (p.mirror) sx = 1 - sx;
  return { x: sx, y: sy };
}

/** The CSS turn (degrees clockwise) and mirror that present stored pixels as `orientation` says. */
export function cssTransformOf(orientation: number | null): { turn: number; mirror: boolean } {
  const p = PARTS[isOrientation(orientation) ? orientation : 1];
  return { turn: p.turn, mirror: p.mirror };
}
