/**
 * Whether an error says the disk is full: no space left for a file (ENOSPC), a quota reached
 * (EDQUOT), or no room for the catalog to grow (SQLITE_FULL). Such an error stops a run: it is
 * never a fault of the one file or zip entry being written when it came.
 * @module
 */

/** Whether `e` says the disk is full (see the module doc). */
export function isDiskFull(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  return err?.code === "ENOSPC" || err?.code === "EDQUOT" || err?.code === "SQLITE_FULL" ||
    /No space left on device|Disk quota exceeded|\(os error (28|122)\)|SQLITE_FULL/.test(
      String(err?.message ?? ""),
    );
}
