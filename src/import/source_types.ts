/**
 * What an import's inputs are made of: sources (zips or folders), the entries in them, and an
 * entry with the source holding it. Types only.
 * @module
 */
import type { MediaName } from "./media_match.ts";

/** One file inside a source. */
export interface SourceEntry {
  /** Path inside the zip or folder, `/` separated. */
  name: string;
  size: number;
}

/** A zip or a folder of export files. */
export interface ExportSource {
  kind: "zip" | "folder";
  /** What the person passed (a path), for messages. */
  label: string;
  /**
   * When the zip (or the folder) was last modified, in epoch milliseconds (0 when unknown): for a
   * downloaded zip, when it was downloaded.
   */
  modified: number;
  entries: SourceEntry[];
  read(entry: SourceEntry): AsyncGenerator<Uint8Array>;
  bytes(entry: SourceEntry): Promise<Uint8Array>;
  close(): void;
}

/** A media file of the export, with what its name says (see `media_match.ts`). */
export interface MediaEntry {
  source: ExportSource;
  entry: SourceEntry;
  readonly name: MediaName;
}

/** One entry and the source (zip or folder) holding it. */
export interface Located {
  source: ExportSource;
  entry: SourceEntry;
}
