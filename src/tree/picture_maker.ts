/**
 * Display copies and thumbnails made on this machine from an original, for items Flickr's sized
 * copies never reached (an imported export holds originals only).
 *
 * The pictures come from ImageMagick compiled to WebAssembly (`@imagemagick/magick-wasm`): one
 * library that reads JPEG, PNG, GIF, TIFF, WebP and HEIC (its libheif carries the HEVC decoder
 * that the WebAssembly builds of libvips lack), runs on one thread with no worker (WebAssembly in
 * workers does not start in `deno compile` binaries), and embeds in the single binary. Chosen by
 * measurement against sharp, wasm-vips and @jsquash: see docs/performance.md (scenario 10).
 *
 * What it makes matches what Flickr serves, so a viewer cannot tell a made copy from a fetched
 * one: the display copy is at most 1024 px on its long edge (`_b`), never enlarged; the thumbnail
 * is the 150 px centre square (`_q`), made from the display copy, never enlarged either. Both are
 * JPEG (quality 85), turned upright by the EXIF orientation, flattened on white where the original
 * is transparent, stripped of metadata but for the ICC profile (so that a Display P3 photo from a
 * phone keeps its colours).
 *
 * Tested by src/tree/pictures_test.ts.
 * @module
 */
import {
  AlphaAction,
  FilterType,
  Gravity,
  ImageMagick,
  type IMagickImage,
  initializeImageMagick,
  MagickColors,
  MagickFormat,
  MagickGeometry,
  MagickReadSettings,
} from "@imagemagick/magick-wasm";

/** Long edge of a display copy, as Flickr's Large 1024 (`_b`). */
export const DISPLAY_EDGE = 1024;
/** Side of a thumbnail, as Flickr's Large Square (`_q`). */
export const THUMB_EDGE = 150;
/** JPEG quality of what is made. */
const QUALITY = 85;

/** One JPEG made from an original. */
export interface MadePicture {
  bytes: Uint8Array;
  width: number;
  height: number;
}

/** What {@link makePictures} makes. */
export interface MadePictures {
  display: MadePicture;
  thumb: MadePicture;
}

let loading: Promise<void> | undefined;

/**
 * Loads the library (about 15 MB of WebAssembly, compiled once per process, 1–2 s): only a run
 * that has pictures to make pays for it.
 */
export function loadPictureMaker(): Promise<void> {
  loading ??= (async () => {
    const wasm = await Deno.readFile(
      new URL(import.meta.resolve("@imagemagick/magick-wasm/magick.wasm")),
    );
    await initializeImageMagick(wasm);
  })();
  return loading;
}

/**
 * Makes the display copy and the thumbnail of one original (its bytes). Throws when the bytes are
 * not an image the library reads (a video, a file cut off before its first picture data); a JPEG
 * cut short later still gives a picture, grey where the data ended, as browsers show it.
 *
 * @example
 * ```ts
 * await loadPictureMaker();
 * const { display, thumb } = makePictures(await Deno.readFile("IMG_0001.HEIC"));
 * ```
 */
export function makePictures(original: Uint8Array): MadePictures {
  if (!loading) throw new Error("loadPictureMaker() first");
  const settings = new MagickReadSettings();
  // libjpeg then decodes at the smallest of 1/8…8/8 that is still at least this large: a 24 MP
  // JPEG is read as 1.5 MP, most of the speed of vipsthumbnail's shrink-on-load.
  settings.setDefine(MagickFormat.Jpeg, "size", `${DISPLAY_EDGE}x${DISPLAY_EDGE}`);
  return ImageMagick.read(original, settings, (img) => {
    img.autoOrient();
    if (img.hasAlpha) {
      img.backgroundColor = MagickColors.White;
      img.alpha(AlphaAction.Remove);
    }
    // Bilinear rather than Lanczos: the JPEG came scaled already, and at these sizes the two are
    // alike to the eye, at two thirds of the time.
    img.filterType = FilterType.Triangle;
    const fit = new MagickGeometry(DISPLAY_EDGE, DISPLAY_EDGE);
    fit.greater = true; // shrink only
    img.thumbnail(fit);
    const display = toJpeg(img);
    const side = Math.min(THUMB_EDGE, img.width, img.height);
    const fill = new MagickGeometry(side, side);
    fill.fillArea = true;
    img.thumbnail(fill);
    img.crop(side, side, Gravity.Center);
    img.resetPage();
    const thumb = toJpeg(img);
    return { display, thumb };
  });
}

function toJpeg(img: IMagickImage): MadePicture {
  img.quality = QUALITY;
  // Optimised Huffman tables save 3-5 % of bytes for a quarter of the encoding time: not worth it.
  img.settings.setDefine(MagickFormat.Jpeg, "optimize-coding", "false");
  const width = img.width;
  const height = img.height;
  return img.write(MagickFormat.Jpeg, (bytes) => ({ bytes: bytes.slice(), width, height }));
}
