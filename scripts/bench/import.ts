/**
 * Scenario 9: `flickrvault import --no-pictures` of the simulator's data export (metadata and media
 * zips, as Flickr sends them) into an empty archive, in its own process with the shipped V8 flags,
 * timed with its peak RSS; then the same import again (nothing to write). The export is written
 * first and not timed. It measures the import itself (records, media files, checksums, sidecars):
 * the thumbnails and display copies made from the originals (about 160 ms of CPU each) are
 * scenario 10's.
 * @module
 */
import { join } from "node:path";
import { Account } from "../../src/simulator/account.ts";
import { writeExport } from "../../src/simulator/export.ts";
import { runTracked } from "./processes.ts";
import { round } from "./stats.ts";

/** One run of `import`. */
export interface ImportRunFigures {
  seconds: number;
  items_per_s: number;
  peak_rss_mb: number;
  cpu_seconds: number;
}

/** Figures of scenario 9 at one size. */
export interface ImportFigures {
  /** Items in the export: own photos and videos, and favourites. */
  items: number;
  media_files: number;
  media_mb: number;
  /** Seconds spent writing the export (not part of the import). */
  export_seconds: number;
  first: ImportRunFigures;
  /** The same zips again: every record and file already there. */
  again: ImportRunFigures;
  /** Target at 100,000 items: peak RSS at most this. */
  target_rss_mb: number;
}

async function importRun(exportDir: string, archive: string, items: number) {
  const r = await runTracked(["import", exportDir, "--archive", archive, "--no-pictures"]);
  // Exit 1: the simulator's export lacks the videos Flickr withholds, as real exports do.
  if (r.code > 1) throw new Error(`import failed (${r.code}): ${r.stderr.slice(-2000)}`);
  return {
    seconds: round(r.seconds, 1),
    items_per_s: round(items / r.seconds, 1),
    peak_rss_mb: round(r.peakRssBytes / 1e6),
    cpu_seconds: round(r.cpuSeconds, 1),
  };
}

/** Runs scenario 9 for an account of `photos`, `videos` and `favorites`. */
export async function importScenario(
  spec: { photos: number; videos: number; favorites: number; albums?: number },
): Promise<ImportFigures> {
  const dir = await Deno.makeTempDir({ prefix: "fv_bench_import_" });
  try {
    const t = performance.now();
    const account = new Account({ seed: 9, ...spec });
    const exportDir = join(dir, "export");
    const written = await writeExport(account, exportDir);
    const exportSeconds = (performance.now() - t) / 1000;
    let bytes = 0;
    for await (const e of Deno.readDir(exportDir)) {
      bytes += (await Deno.stat(join(exportDir, e.name))).size;
    }
    const items = spec.photos + spec.videos + spec.favorites;
    const archive = join(dir, "archive");
    const first = await importRun(exportDir, archive, items);
    const again = await importRun(exportDir, archive, items);
    return {
      items,
      media_files: written.mediaFiles,
      media_mb: round(bytes / 1e6),
      export_seconds: round(exportSeconds, 1),
      first,
      again,
      target_rss_mb: 250,
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The scenario's rows of the results table (`report.ts`). */
export function importRows(
  points: ImportFigures[],
  n: (v: number, digits?: number) => string,
  met: (ok: boolean) => string,
): [string, string, string, string][] {
  return points.flatMap((p) => {
    const full = p.items >= 100_000;
    return [
      [
        `9. Import (--no-pictures): ${n(p.items)} items (${n(p.media_files)} media files, ${
          n(p.media_mb)
        } MB of zips)`,
        `${n(p.first.seconds, 1)} s, ${n(p.first.items_per_s, 1)} items/s, ` +
        `peak RSS ${n(p.first.peak_rss_mb)} MB`,
        full ? `≤ ${p.target_rss_mb} MB` : "",
        full ? met(p.first.peak_rss_mb <= p.target_rss_mb) : "",
      ],
      [
        "   the same zips again",
        `${n(p.again.seconds, 1)} s, peak RSS ${n(p.again.peak_rss_mb)} MB`,
        "",
        "",
      ],
    ] as [string, string, string, string][];
  });
}
