/**
 * What an archive holds, as plain data two archives can be compared by: every catalog table's rows
 * (run bookkeeping left out) and every file's bytes (as SHA-256). The crash, fault and integrity
 * suites compare an archive that went through trouble with one made by an uninterrupted run.
 * @module
 */
import { sql } from "kysely";
import { openCatalog } from "../src/catalog/db.ts";
import { sha256File } from "../src/files/hash.ts";
import { listFiles } from "./simulator_fixture.ts";

/** Tables that record runs rather than the account. */
const SKIPPED_TABLES = new Set(["runs"]);

/**
 * Columns that say when something was fetched, noticed or last verified, not what it is, and the
 * files table's row id (downloads finish in a different order each run).
 */
const SKIPPED_COLUMNS = new Set([
  "fetched_at",
  "updated_at",
  "first_seen_at",
  "verified_at",
  "verify_status",
  "deleted_detected_at",
  "applied_at",
  "written_at",
]);

/** `meta` keys that are run bookkeeping: the last run, and when things were last refreshed. */
const isSkippedMeta = (key: string) => key === "last_run" || key.endsWith("_at");

/** A comparable picture of an archive. */
export interface ArchiveSnapshot {
  /** Table name → its rows as canonical JSON lines, sorted. */
  tables: Map<string, string[]>;
  /** Archive-relative path → sha256, catalog and lock left out. */
  files: Map<string, string>;
}

/** Files that are the catalog itself or the run lock, not archived content. */
export function isBookkeepingFile(rel: string): boolean {
  return /^catalog\.db(-wal|-shm|-journal)?$/.test(rel) || rel === ".flickrvault.lock";
}

/** Leftovers of an interrupted write (`<name>.part-<random>`, SQLite journals aside). */
export function isTempFile(rel: string): boolean {
  return /\.part-[0-9a-z]+$/.test(rel);
}

/**
 * Reads every table of the catalog in `archiveDir` and hashes every file. `origin` (the simulator
 * the archive came from) is written as `{origin}` wherever it appears in the catalog, so that
 * archives of the same account made from two simulators (two ports) compare equal.
 */
export async function snapshotArchive(
  archiveDir: string,
  origin?: string,
): Promise<ArchiveSnapshot> {
  return {
    tables: await snapshotCatalog(archiveDir, origin),
    files: await hashFiles(archiveDir, origin),
  };
}

/** Every table (FTS shadow tables and `runs` left out) as sorted canonical rows. */
export async function snapshotCatalog(
  archiveDir: string,
  origin?: string,
): Promise<Map<string, string[]>> {
  const catalog = await openCatalog(archiveDir, { create: false, readonly: true });
  try {
    const names = await sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
        AND name NOT LIKE 'search_%' ORDER BY name`.execute(catalog.db);
    const tables = new Map<string, string[]>();
    for (const { name } of names.rows) {
      if (SKIPPED_TABLES.has(name) || name.startsWith("_")) continue;
      const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`
        .execute(catalog.db);
      const lines: string[] = [];
      for (const row of rows.rows) {
        if (name === "meta" && isSkippedMeta(String(row.key))) continue;
        const kept = Object.keys(row).sort()
          .filter((k) =>
            !SKIPPED_COLUMNS.has(k) && !(name === "files" && k === "id") &&
            // A sidecar's hash covers the origin in its photo page URL; the file is compared.
            !(name === "sidecars" && k === "sha256")
          )
          .map((k) => [k, row[k]]);
        const line = JSON.stringify(kept);
        lines.push(origin ? line.replaceAll(origin, "{origin}") : line);
      }
      tables.set(name, lines.sort());
    }
    return tables;
  } finally {
    await catalog.close();
  }
}

/**
 * Archive-relative path → sha256 of every file but the catalog and the lock. In XMP sidecars
 * (text that names the photo page), `origin` is written as `{origin}` first, as in the catalog.
 */
export async function hashFiles(
  archiveDir: string,
  origin?: string,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const rel of await listFiles(archiveDir)) {
    if (isBookkeepingFile(rel)) continue;
    if (origin && rel.endsWith(".xmp")) {
      const text = (await Deno.readTextFile(`${archiveDir}/${rel}`)).replaceAll(origin, "{origin}");
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
      out.set(
        rel,
        Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
      );
      continue;
    }
    out.set(rel, (await sha256File(`${archiveDir}/${rel}`)).sha256);
  }
  return out;
}

/**
 * The differences between two snapshots, one line each (at most `limit` per table), empty when
 * they hold the same.
 */
export function diffSnapshots(a: ArchiveSnapshot, b: ArchiveSnapshot, limit = 5): string[] {
  const out: string[] = [];
  const names = new Set([...a.tables.keys(), ...b.tables.keys()]);
  for (const name of [...names].sort()) {
    const ra = a.tables.get(name) ?? [];
    const rb = b.tables.get(name) ?? [];
    const sb = new Set(rb);
    const sa = new Set(ra);
    const onlyA = ra.filter((r) => !sb.has(r));
    const onlyB = rb.filter((r) => !sa.has(r));
    if (onlyA.length === 0 && onlyB.length === 0 && ra.length === rb.length) continue;
    out.push(
      `table ${name}: ${ra.length} vs ${rb.length} rows, ${onlyA.length} only in the first, ` +
        `${onlyB.length} only in the second`,
    );
    for (const r of onlyA.slice(0, limit)) out.push(`  - ${r.slice(0, 400)}`);
    for (const r of onlyB.slice(0, limit)) out.push(`  + ${r.slice(0, 400)}`);
  }
  const paths = new Set([...a.files.keys(), ...b.files.keys()]);
  let fileDiffs = 0;
  for (const p of [...paths].sort()) {
    const ha = a.files.get(p);
    const hb = b.files.get(p);
    if (ha === hb) continue;
    if (fileDiffs++ < limit * 4) {
      out.push(
        `file ${p}: ${ha === undefined ? "absent" : ha.slice(0, 12)} vs ${
          hb === undefined ? "absent" : hb.slice(0, 12)
        }`,
      );
    }
  }
  if (fileDiffs > limit * 4) out.push(`… ${fileDiffs - limit * 4} more files differ`);
  return out;
}

/** Row counts per table and the number of files, for summaries. */
export function describeSnapshot(s: ArchiveSnapshot): string {
  const counts = [...s.tables].filter(([, rows]) => rows.length > 0)
    .map(([name, rows]) => `${name} ${rows.length}`);
  return `${s.files.size} files` + (counts.length ? `; ${counts.join(", ")}` : "");
}
