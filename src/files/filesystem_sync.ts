/**
 * One flush for a whole batch of files: Linux's `syncfs(2)` writes every dirty page and every
 * metadata change of one filesystem and waits for them, in one journal commit. An fsync per file
 * costs a system call and a trip to a blocking thread each (a third of the CPU of a download of a
 * 20 KB thumbnail), and an fsync per directory the same again. A batch of 500 downloads made
 * durable by one `syncfs` before its renames and one after costs two calls.
 *
 * Reached through FFI (`Deno.dlopen` of glibc). Where that is not possible (not Linux, a libc
 * other than glibc, no `--allow-ffi`), {@link canSyncFilesystems} says so and callers fsync each
 * file and directory instead.
 *
 * The flush covers other programs' unwritten data on the same filesystem too, so a commit may wait
 * for a large copy running beside the archive; it is never less durable than an fsync per file.
 * Linux before 5.8 does not report write-back errors through `syncfs`.
 * @module
 */

const O_RDONLY = 0;
const O_CLOEXEC = 0o2000000;

const SYMBOLS = {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  close: { parameters: ["i32"], result: "i32" },
  // Waits for the disk: run on a thread of its own, not the event loop.
  syncfs: { parameters: ["i32"], result: "i32", nonblocking: true },
  __errno_location: { parameters: [], result: "pointer" },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>["symbols"];

let libc: Libc | null | undefined;
let disabled = false;

function loadLibc(): Libc | null {
  if (libc !== undefined) return libc;
  libc = null;
  if (Deno.build.os !== "linux") return libc;
  // Asking would prompt the user under `deno run` without -A; not granted means fsync instead.
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return libc;
  try {
    libc = Deno.dlopen("libc.so.6", SYMBOLS).symbols;
  } catch {
    // musl and others: no libc.so.6. Per-file fsync works everywhere.
  }
  return libc;
}

/** Whether {@link syncFilesystems} can be used here; otherwise fsync each file and directory. */
export function canSyncFilesystems(): boolean {
  return !disabled && loadLibc() !== null;
}

/**
 * Turns filesystem flushes off (or back on), so that the per-file fsync path, the one used off
 * Linux, can be exercised on Linux too. For tests.
 */
export function disableFilesystemSync(off: boolean): void {
  disabled = off;
}

/**
 * Flushes the filesystems holding `paths` (existing files or directories), each filesystem once,
 * and waits until everything written to them before the call is on disk.
 *
 * @example
 * ```ts
 * if (canSyncFilesystems()) await syncFilesystems(["archive/photos/2019/07"]);
 * ```
 */
export async function syncFilesystems(paths: Iterable<string>): Promise<void> {
  const c = loadLibc();
  if (!c || disabled) throw new Error("Cannot flush filesystems here: syncfs is not available");
  const byDevice = new Map<number, string>();
  for (const path of new Set(paths)) {
    const dev = Deno.statSync(path).dev;
    if (!byDevice.has(dev)) byDevice.set(dev, path);
  }
  await Promise.all([...byDevice.values()].map((path) => syncOne(c, path)));
}

async function syncOne(c: Libc, path: string): Promise<void> {
  const fd = c.open(new TextEncoder().encode(`${path}\0`), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw new Error(`Cannot flush ${path} to disk: open failed (errno ${errno(c)})`);
  try {
    if (await c.syncfs(fd) !== 0) {
      throw new Error(`Cannot flush ${path} to disk: syncfs failed (errno ${errno(c)})`);
    }
  } finally {
    c.close(fd);
  }
}

/**
 * The calling thread's errno. After the nonblocking syncfs this is read on the event loop's thread
 * rather than the one that ran the call, so it may be stale; it only adds to the message.
 */
function errno(c: Libc): number {
  const p = c.__errno_location();
  return p ? new Deno.UnsafePointerView(p).getInt32() : -1;
}
