/**
 * What the archive still lacks after an import: export zips that look absent (gaps in the
 * numbering of every zip imported so far, per series, remembered in `meta`), own items without an
 * original file, and media files not attached. All of it is written, one line each, to
 * `missing-from-export.txt` in the archive; the screen shows the first few.
 * @module
 */
import { basename, join } from "node:path";
import { writeFileAtomic } from "../files/durable.ts";
import type { Catalog } from "../catalog/db.ts";
import { type MissingItem, missingItems } from "../catalog/missing_items.ts";
import { getMeta, setMeta } from "../catalog/writes.ts";
import type { ImportReport } from "./report.ts";
import type { ExportInputs, ZipNumber } from "./sources.ts";

/** The report file, in the archive's root. */
export const MISSING_REPORT = "missing-from-export.txt";
/** Zip numbers seen so far: `{"<kind>\t<series>": [n, ...]}`. */
const META_SERIES = "import_zip_series";
/** How many ids of photos without media the report object keeps (the file has them all). */
const IDS_LISTED = 20;

/** Fills `report.missingParts` and `report.photosWithoutMedia`, and writes the report file. */
export async function reportMissing(
  catalog: Catalog,
  archiveDir: string,
  inputs: ExportInputs,
  report: ImportReport,
): Promise<void> {
  // A zip passed but broken is named as damaged, not again as missing.
  const broken = new Set(inputs.broken.map((b) => basename(b.label)));
  for (const [key, numbers] of await rememberSeries(catalog, inputs.numbered)) {
    const [kind, series] = key.split("\t");
    for (const n of gaps(numbers)) {
      if (!broken.has(`${series}${n}.zip`)) {
        report.missingParts.push(`${kind} zip ${series}${n}.zip`);
      }
    }
  }
  const missing = await missingItems(catalog);
  report.photosWithoutMedia = {
    count: missing.length,
    ids: missing.slice(0, IDS_LISTED).map((m) => m.id),
  };
  const path = join(archiveDir, MISSING_REPORT);
  const needed = missing.length + report.unmatched.length + report.missingParts.length +
      report.brokenZips.length > 0;
  if (needed) {
    await writeFileAtomic(path, reportText(missing, report));
    report.missingReport = MISSING_REPORT;
  } else {
    await Deno.remove(path).catch(() => {});
  }
}

/** The report file: sections of tab-separated lines, each with a heading. */
function reportText(missing: MissingItem[], report: ImportReport): string {
  const clean = (s: string) => s.replace(/[\t\r\n]+/g, " ");
  const out: string[] = [
    "# What Flickr's data export did not give this archive, as of the last `flickrvault import`.",
    "# Tab-separated. Add the zips named here, or run `flickrvault archive` with an API key.",
  ];
  if (report.missingParts.length > 0 || report.brokenZips.length > 0) {
    out.push("", "## Zips missing or damaged");
    for (const p of report.missingParts) out.push(`missing\t${p}`);
    for (const b of report.brokenZips) out.push(`damaged\t${clean(b)}`);
  }
  if (missing.length > 0) {
    out.push("", `## Photos and videos without their original (${missing.length})`);
    out.push("id\tmedia\ttitle\tFlickr page");
    for (const m of missing) out.push(`${m.id}\t${m.media}\t${clean(m.title)}\t${m.page}`);
  }
  if (report.unmatched.length > 0) {
    out.push("", `## Files not attached to any photo (${report.unmatched.length})`);
    out.push("file\treason");
    for (const u of report.unmatched) out.push(`${clean(u.file)}\t${clean(u.reason)}`);
  }
  return out.join("\n") + "\n";
}

/** Adds the zips seen now to those seen before and returns every series with its numbers. */
async function rememberSeries(
  catalog: Catalog,
  numbered: ZipNumber[],
): Promise<Map<string, number[]>> {
  const all = new Map<string, number[]>();
  try {
    const before = JSON.parse((await getMeta(catalog.db, META_SERIES)) ?? "{}");
    for (const [k, v] of Object.entries(before)) {
      if (Array.isArray(v)) all.set(k, v.filter(Number.isInteger));
    }
  } catch { /* rewritten below */ }
  for (const z of numbered) {
    const key = `${z.kind}\t${z.series}`;
    all.set(key, [...new Set([...(all.get(key) ?? []), z.n])].sort((a, b) => a - b));
  }
  if (all.size > 0) {
    await setMeta(catalog.db, META_SERIES, JSON.stringify(Object.fromEntries([...all].sort())));
  }
  return all;
}

/** The numbers from 1 to the largest seen that were not seen. */
function gaps(seen: number[]): number[] {
  const max = seen.length ? seen[seen.length - 1] : 0;
  const have = new Set(seen);
  const out: number[] = [];
  for (let n = 1; n <= max; n++) if (!have.has(n)) out.push(n);
  return out;
}
