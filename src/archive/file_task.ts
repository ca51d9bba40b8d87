/**
 * A file to fetch and record: what the originals phase plans, the videos phase hands to the
 * recorder, and the recorder's journal keeps (`recorder.ts`).
 *
 * Types only.
 * @module
 */
import type { FileRow } from "../catalog/schema.ts";

/** The kinds of file the originals phase fetches (`files.kind`). */
export type FileKind = "original" | "largest" | "display" | "thumb";

/** One file to fetch. */
export interface FileTask {
  itemId: string;
  /** Or `video`: a video's stream, which the videos phase records through the same recorder. */
  kind: FileKind | "video";
  url: string;
  /** Archive-relative destination. */
  rel: string;
  /** The secret of `url` (recorded in `files.secret`; a new one means a replaced photo). */
  secret: string | null;
  expect: "image" | "video";
  width: number | null;
  height: number | null;
  /** The current file of this kind that the download replaces, if any. */
  previous?: Pick<FileRow, "path" | "secret" | "sha256" | "bytes"> & Partial<FileRow>;
  /** Keep `previous` as an earlier version (a replaced original). */
  keepPrevious: boolean;
  /** Read EXIF from it (photo originals). */
  exif: boolean;
  media: "photo" | "video";
}
