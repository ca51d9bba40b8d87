/**
 * One writer per archive: `archive` and `import` hold `<archive>/.flickrvault.lock` while they run.
 *
 * The lock file is created with O_EXCL and names the holder's pid and host. A lock whose process is
 * gone (same host, pid not alive) is stale and taken over, so a crashed run never blocks the next.
 * @module
 */
import process from "node:process";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/** The lock file's name inside the archive directory. */
export const LOCK_FILE = ".flickrvault.lock";

/** What the lock file holds. */
interface LockInfo {
  pid: number;
  host: string;
  started_at: string;
  token: string;
}

/** A held archive lock. */
export interface ArchiveLock {
  path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Another live run holds the archive. */
export class ArchiveLockedError extends Error {
  constructor(readonly pid: number, readonly lockPath: string, readonly host: string) {
    super(`Cannot write the archive: another flickrvault run (pid ${pid}) is using it`);
    this.name = "ArchiveLockedError";
  }

  /** What to tell the person. */
  get hint(): string {
    return `wait for it to finish, or if no run is active remove ${this.lockPath}`;
  }
}

/**
 * Takes the archive's write lock, creating the directory if needed. Throws
 * {@link ArchiveLockedError} when another live process holds it.
 *
 * @example
 * ```ts
 * await using _lock = await acquireArchiveLock("./flickr-archive");
 * // ... archive ...
 * ```
 */
export async function acquireArchiveLock(archiveDir: string): Promise<ArchiveLock> {
  const dir = resolve(archiveDir);
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: Deno.pid,
    host: hostname(),
    started_at: new Date().toISOString(),
    token: crypto.randomUUID(),
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      using file = await Deno.open(path, { write: true, createNew: true });
      const bytes = new TextEncoder().encode(JSON.stringify(info) + "\n");
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      return lockHandle(path, info.token);
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
    const holder = await readLock(path);
    if (holder === undefined) {
      // Just written by another process and still empty, or removed meanwhile: look again.
      await new Promise((r) => setTimeout(r, 20));
      if ((await readLock(path)) === undefined) await removeIfUnchanged(path, undefined);
      continue;
    }
    if (holder.host !== info.host || isAlive(holder.pid)) {
      throw new ArchiveLockedError(holder.pid, path, holder.host);
    }
    await removeIfUnchanged(path, holder.token);
  }
  throw new Error(`Cannot write the archive: could not take the lock ${path}`);
}

/** Who holds an archive's lock. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took it. */
  startedAt: string;
}

/**
 * The other process whose run holds the archive's lock now (a command in a terminal, say), or
 * undefined when no live process does: no lock, a stale one (its process is gone), or this
 * process's own.
 */
export async function otherLockHolder(archiveDir: string): Promise<LockHolder | undefined> {
  const path = join(resolve(archiveDir), LOCK_FILE);
  const holder = await readLock(path);
  if (holder === undefined || held.has(path)) return undefined;
  if (holder.host === hostname() && (holder.pid === Deno.pid || !isAlive(holder.pid))) {
    return undefined;
  }
  return { pid: holder.pid, host: holder.host, startedAt: holder.started_at };
}

/** The locks this process holds, for {@link releaseHeldLocks}: path → token. */
const held = new Map<string, string>();

/**
 * Removes, at once and synchronously, every lock file this process holds: for a process about to
 * exit on a signal, whose `finally` blocks will not run.
 */
export function releaseHeldLocks(): void {
  for (const [path, token] of held) {
    try {
      const info = JSON.parse(Deno.readTextFileSync(path)) as Partial<LockInfo>;
      if (info.token === token) Deno.removeSync(path);
    } catch {
      // gone already, or not ours any more
    }
    held.delete(path);
  }
}

function lockHandle(path: string, token: string): ArchiveLock {
  let released = false;
  held.set(path, token);
  const release = async () => {
    if (released) return;
    released = true;
    held.delete(path);
    await removeIfUnchanged(path, token);
  };
  return { path, release, [Symbol.asyncDispose]: release };
}

/** The holder of the lock, or undefined when the file is gone, empty or unreadable. */
async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await Deno.readTextFile(path)) as Partial<LockInfo>;
    if (typeof info.pid !== "number") return undefined;
    return {
      pid: info.pid,
      host: String(info.host ?? ""),
      started_at: String(info.started_at ?? ""),
      token: String(info.token ?? ""),
    };
  } catch {
    return undefined;
  }
}

/** Removes the lock file only if it still holds `token` (undefined: an unreadable file). */
async function removeIfUnchanged(path: string, token: string | undefined): Promise<void> {
  const now = await readLock(path);
  if (now?.token !== token) return;
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/** Whether a process with this pid exists on this machine. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as { code?: string }).code === "EPERM";
  }
}
