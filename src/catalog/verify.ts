/**
 * `verify`: re-reads every current file of the archive and checks its size and SHA-256 against the
 * catalog, recording the outcome in `files.verify_status` ('ok' | 'missing' | 'altered'). The archive
 * pipeline fetches 'missing' and 'altered' files again on its next run.
 * @module
 */
import { join } from "node:path";
import { LibsqlError } from "@libsql/client";
import type { Catalog } from "./db.ts";
import { sha256File } from "../files/hash.ts";
import { chunks, inTransaction } from "./writes.ts";

/** A file that is not what the catalog says. */
export interface VerifyProblem {
  file_id: number;
  item_id: string;
  kind: string;
  /** Relative to the archive. */
  path: string;
  status: "missing" | "altered";
  expected_bytes: number;
  expected_sha256: string;
  /** What is on disk (null when missing). */
  actual_bytes: number | null;
  actual_sha256: string | null;
}

/** The outcome of {@link verifyArchive}. */
export interface VerifyReport {
  /** Current files checked. */
  checked: number;
  ok: number;
  /** Bytes read. */
  bytes: number;
  missing: VerifyProblem[];
  altered: VerifyProblem[];
  /**
   * Whether each file's outcome was stored in the catalog. False when the catalog could not be
   * written (read-only, the disk full, another program holding it); `not_recorded` says why.
   */
  recorded: boolean;
  not_recorded?: string;
}

/** Options of {@link verifyArchive}. */
export interface VerifyOptions {
  /** Files hashed at once (default 4). */
  concurrency?: number;
  /** Called after each page of files with the running count. */
  onProgress?: (checked: number) => void;
  /** Store each file's outcome in the catalog (default true); false for a read-only catalog. */
  record?: boolean;
  /** Why nothing is recorded, when `record` is false. */
  notRecorded?: string;
}

interface FileToCheck {
  id: number;
  item_id: string;
  kind: string;
  path: string;
  bytes: number;
  sha256: string;
}

const PAGE = 500;

/**
 * Checks every current file, a page at a time, and stores each file's `verify_status`.
 *
 * @example
 * ```ts
 * const report = await verifyArchive(catalog, "./flickr-archive");
 * if (report.missing.length + report.altered.length > 0) Deno.exitCode = 1;
 * ```
 */
export async function verifyArchive(
  catalog: Catalog,
  archiveDir: string,
  opts: VerifyOptions = {},
): Promise<VerifyReport> {
  const { db } = catalog;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const report: VerifyReport = {
    checked: 0,
    ok: 0,
    bytes: 0,
    missing: [],
    altered: [],
    recorded: opts.record ?? true,
  };
  if (!report.recorded) report.not_recorded = opts.notRecorded ?? "the catalog is read-only";
  let after = 0;
  while (true) {
    const page: FileToCheck[] = await db.selectFrom("files")
      .select(["id", "item_id", "kind", "path", "bytes", "sha256"])
      .where("is_current", "=", 1).where("id", ">", after)
      .orderBy("id").limit(PAGE).execute();
    if (page.length === 0) break;
    after = page[page.length - 1].id;

    const outcomes = new Array<VerifyProblem | "ok">(page.length);
    let next = 0;
    const worker = async () => {
      while (next < page.length) {
        const i = next++;
        outcomes[i] = await check(archiveDir, page[i], report);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, page.length) }, worker));

    const byStatus = new Map<string, number[]>();
    page.forEach((f, i) => {
      const outcome = outcomes[i];
      const status = outcome === "ok" ? "ok" : outcome.status;
      if (outcome === "ok") report.ok++;
      else if (outcome.status === "missing") report.missing.push(outcome);
      else report.altered.push(outcome);
      const list = byStatus.get(status) ?? [];
      list.push(f.id);
      byStatus.set(status, list);
    });
    if (report.recorded) {
      try {
        await record(catalog, byStatus);
      } catch (e) {
        // The check goes on: what it finds is worth more than where it would have been kept.
        const reason = unrecordable(e);
        if (!reason) throw e;
        report.recorded = false;
        report.not_recorded = reason;
      }
    }
    report.checked += page.length;
    opts.onProgress?.(report.checked);
  }
  return report;
}

async function record(catalog: Catalog, byStatus: Map<string, number[]>): Promise<void> {
  const at = new Date().toISOString();
  await inTransaction(catalog.db, async (trx) => {
    for (const [status, ids] of byStatus) {
      for (const part of chunks(ids, 1)) {
        await trx.updateTable("files").set({ verify_status: status, verified_at: at })
          .where("id", "in", part).execute();
      }
    }
  });
}

/** Why the catalog cannot take the outcomes, for errors that are about writing, not reading. */
function unrecordable(e: unknown): string | undefined {
  const code = e instanceof LibsqlError ? e.code : "";
  if (code.startsWith("SQLITE_FULL")) return "the disk is full";
  if (code.startsWith("SQLITE_READONLY")) return "the catalog is read-only";
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return "another program holds the catalog's write lock";
  }
  return undefined;
}

async function check(
  archiveDir: string,
  f: FileToCheck,
  report: VerifyReport,
): Promise<VerifyProblem | "ok"> {
  const problem = (
    status: "missing" | "altered",
    actual: { bytes: number; sha256: string } | null,
  ): VerifyProblem => ({
    file_id: f.id,
    item_id: f.item_id,
    kind: f.kind,
    path: f.path,
    status,
    expected_bytes: f.bytes,
    expected_sha256: f.sha256,
    actual_bytes: actual?.bytes ?? null,
    actual_sha256: actual?.sha256 ?? null,
  });
  const full = join(archiveDir, ...f.path.split("/"));
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(full);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) {
      return problem("missing", null);
    }
    throw e;
  }
  if (!info.isFile) return problem("missing", null);
  const digest = await sha256File(full);
  report.bytes += digest.bytes;
  if (digest.bytes !== f.bytes || digest.sha256 !== f.sha256.toLowerCase()) {
    return problem("altered", digest);
  }
  return "ok";
}
