/**
 * A copy of a JPEG or PNG carrying an item's metadata, as `export` writes it: the XMP merged with
 * the file's own (merge.ts), and the places MWG readers look before XMP brought in line with it
 * (the Metadata Working Group's "Guidelines for Handling Image Metadata" 2.0): EXIF
 * ImageDescription and DateTimeOriginal where the file has them, the IPTC caption, title and
 * keywords where it has an IPTC block, and the EXIF orientation that shows the photo as Flickr
 * shows it (orientation.ts). Pixels are never touched.
 * @module
 */
import { editTiff, orientationOnlyTiff, type TiffEdits, tiffOrientation } from "./exif_edit.ts";
import { editPhotoshopBlock } from "./iptc.ts";
import { isJpeg, jpegExif, rewriteJpeg } from "./jpeg.ts";
import { mergeXmp } from "./merge.ts";
import { htmlToText } from "./plain_text.ts";
import { isPng, pngExif, rewritePng } from "./png.ts";
import { buildXmp, orientationOf, xmpDateTaken, type XmpItem } from "./xmp.ts";

/** Whether {@link copyWithMetadata} can write into a file starting with `head`. */
export function canEmbed(head: Uint8Array): boolean {
  return isJpeg(head) || isPng(head);
}

/**
 * A copy of the image `bytes` (JPEG or PNG) with `item`'s metadata. Throws a JpegFormatError or
 * PngFormatError for a file too damaged to follow, an XmlFormatError when the file's own XMP is
 * not readable (its metadata is then left as it is, with a sidecar beside), and a RangeError
 * when the XMP does not fit in a JPEG segment.
 *
 * @example
 * ```ts
 * await Deno.writeFile("copy.jpg", copyWithMetadata(await Deno.readFile("a.jpg"), item));
 * ```
 */
export function copyWithMetadata(bytes: Uint8Array, item: XmpItem): Uint8Array {
  const jpeg = isJpeg(bytes);
  const tiff = jpeg ? jpegExif(bytes) : pngExif(bytes);
  // The file itself says what its orientation is: none means 1.
  const described: XmpItem = { ...item, fileOrientation: (tiff && tiffOrientation(tiff)) ?? 1 };
  const packet = buildXmp(described);
  const xmp = (own: string | null) => own ? mergeXmp(packet, own) : packet;
  const edits = tiffEdits(described);
  const exif = (own: Uint8Array | null): Uint8Array | null => {
    if (!own) {
      return edits.orientation === undefined ? null : orientationOnlyTiff(edits.orientation);
    }
    const edited = editTiff(own, edits);
    // A description too long for the EXIF segment: emptied, so that readers take the XMP one.
    if (edited && edited.length > MAX_EXIF && edits.imageDescription) {
      return editTiff(own, { ...edits, imageDescription: "" });
    }
    return edited;
  };
  if (!jpeg) return rewritePng(bytes, { xmp, exif });
  const description = htmlToText(item.description);
  return rewriteJpeg(bytes, {
    xmp,
    exif,
    photoshop: (own) =>
      editPhotoshopBlock(own, {
        title: item.title,
        caption: description,
        keywords: [...new Set(item.tags.map((t) => t.trim()).filter(Boolean))],
      }),
  });
}

/** An Exif segment's TIFF block may take this much (65,533 less "Exif\0\0"). */
const MAX_EXIF = 0xffff - 2 - 6;

/** The EXIF changes a copy of `item`'s file needs. */
function tiffEdits(item: XmpItem): TiffEdits {
  const edits: TiffEdits = {};
  const orientation = orientationOf(item);
  if (orientation !== null && orientation !== item.fileOrientation) {
    edits.orientation = orientation;
  }
  const description = htmlToText(item.description);
  if (description) edits.imageDescription = description;
  const taken = xmpDateTaken(item.dateTaken, item.dateTakenGranularity, item.dateTakenUnknown);
  if (taken) edits.dateTimeOriginal = taken.replace(/^(\d{4})-(\d{2})-(\d{2})T/, "$1:$2:$3 ");
  return edits;
}

/**
 * A copy of an image (JPEG or PNG) whose EXIF orientation is `orientation`, everything else as
 * it is (its XMP `tiff:Orientation` too, where it has one, is set alike); null for any other
 * format or a file too damaged to follow. What the viewer and the site show of an original
 * turned on Flickr: browsers honour the EXIF orientation of an image.
 */
export function withOrientation(bytes: Uint8Array, orientation: number): Uint8Array | null {
  const exif = (own: Uint8Array | null) =>
    own ? editTiff(own, { orientation }) : orientationOnlyTiff(orientation);
  const xmp = (own: string | null) => own ?? "";
  try {
    if (isJpeg(bytes)) return rewriteJpeg(bytes, { xmp, exif, keepXmp: true });
    if (isPng(bytes) && pngExif(bytes)) return rewritePng(bytes, { xmp, exif, keepXmp: true });
  } catch (e) {
    if (e instanceof Error && /FormatError$/.test(e.name)) return null;
    throw e;
  }
  return null;
}
